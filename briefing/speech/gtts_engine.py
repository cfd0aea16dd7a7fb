"""Google's voice through gTTS, always with a timeout (gTTS's default is none: it then hangs forever)."""

from __future__ import annotations

import io
from typing import Any

from ..audio.decode import RATE, decode_mp3
from ..config import Settings
from ..errors import EngineUnavailable, SpeechError
from .engine import Speech


class GttsEngine:
    name = "gtts"
    voice = "google"
    words_per_minute = 165.0
    local = False

    def __init__(self, settings: Settings) -> None:
        self.timeout = settings.gtts_timeout
        self.url = settings.gtts_url
        self.failed: EngineUnavailable | None = None

    def speaks(self, language: str) -> bool:
        return google_language(language) is not None

    def synthesize(self, text: str, language: str = "en") -> Speech:
        if self.failed:  # once Google is unreachable, don't pay a timeout per segment
            raise self.failed
        from gtts import gTTS
        from gtts.tts import gTTSError

        lang = google_language(language) or "en"
        url = self.url

        class _Pointed(gTTS):
            def _prepare_requests(self) -> list[Any]:
                prepared = super()._prepare_requests()
                if url:
                    for request in prepared:
                        request.prepare_url(url, None)
                return prepared

        buffer = io.BytesIO()
        try:
            _Pointed(text, lang=lang, timeout=self.timeout).write_to_fp(buffer)
        except gTTSError as exc:
            status = getattr(getattr(exc, "rsp", None), "status_code", None)
            if status is None or status == 429 or status >= 500:
                self.failed = EngineUnavailable(f"Google's voice is unreachable ({status or exc})")
                raise self.failed from exc
            raise SpeechError(f"gTTS refused {text[:60]!r}: HTTP {status}") from exc
        except (AssertionError, ValueError) as exc:
            raise SpeechError(f"gTTS cannot speak {text[:60]!r}: {exc}") from exc
        return Speech(decode_mp3(buffer.getvalue(), RATE), RATE)


_GOOGLE_NAMES = {"he": "iw", "jv": "jw", "nb": "no", "nn": "no", "fil": "tl"}  # BCP 47 -> Google's codes


def google_language(language: str) -> str | None:
    """The gTTS code for a BCP 47 tag ("pt-PT" stays, "pt-BR" -> "pt", "he" -> "iw"), or None."""
    from gtts.lang import tts_langs

    langs = {code.lower(): code for code in tts_langs()}
    tag = language.replace("_", "-").lower()
    primary = tag.split("-")[0]
    for candidate in (tag, _GOOGLE_NAMES.get(primary, primary)):
        if candidate in langs:
            return langs[candidate]
    return None

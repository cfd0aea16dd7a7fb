"""The local neural voice: hibari-tts (Apache-2.0), English only, its default voice inside the wheel."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from ..errors import EngineUnavailable, SpeechError
from . import Speech


class HibariEngine:
    name = "hibari"
    words_per_minute = 152.0  # measured in our episodes, pauses included (raw voice: 163)

    def __init__(self, settings: Any = None) -> None:
        self.voice = getattr(settings, "voice", None) or "heart"
        if self.voice.endswith(".onnx"):
            self.voice = "heart"
        self._tts: Any = None
        self._lock = threading.Lock()

    def speaks(self, language: str) -> bool:
        return language.lower().split("-")[0] == "en"

    def _load(self) -> Any:
        with self._lock:
            if self._tts is None:
                try:
                    from hibari import Hibari

                    self._tts = Hibari(voice=self.voice, threads=1)
                except Exception as exc:  # missing wheel, voice not downloadable offline
                    raise EngineUnavailable(f"hibari cannot start: {exc}") from exc
            return self._tts

    def synthesize(self, text: str, language: str = "en") -> Speech:
        tts = self._load()
        try:
            audio = np.asarray(tts(text, seed=0), dtype=np.float32)
        except Exception as exc:
            raise SpeechError(f"hibari failed on {text[:60]!r}: {exc}") from exc
        return Speech(audio, 24_000)

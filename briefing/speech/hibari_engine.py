"""The local neural voice: hibari-tts (Apache-2.0), English only, its default voice inside the wheel."""

from __future__ import annotations

import threading
from typing import Any

from ..config import Settings
from ..errors import EngineUnavailable, SpeechError
from .engine import Speech


class HibariEngine:
    name = "hibari"
    words_per_minute = 152.0  # measured in our episodes, pauses included (raw voice: 163)
    local = True

    def __init__(self, settings: Settings) -> None:
        voice = settings.voice or "heart"
        self.voice = "heart" if voice.endswith(".onnx") else voice  # an .onnx voice is piper's
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
        """Thread-safe: the model runs in parallel (it releases the GIL); the G2P, with its lazy
        caches, takes turns. The same samples as ``Hibari.__call__(text, seed=0)``."""
        import numpy as np

        tts = self._load()
        try:
            with self._lock:
                phonemes = tts.phonemize(text)
            rng = np.random.default_rng(0)
            parts = [tts.from_ids(tts.ids(ps), 1.0, rng) for ps in phonemes]
        except Exception as exc:
            raise SpeechError(f"hibari failed on {text[:60]!r}: {exc}") from exc
        audio = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        return Speech(np.asarray(audio, dtype=np.float32), 24_000)

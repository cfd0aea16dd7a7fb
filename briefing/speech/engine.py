"""The one tiny interface every speech engine has, and the audio it returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # numpy is imported where audio is made: a run with nothing new never needs it
    import numpy as np


@dataclass(frozen=True)
class Speech:
    """Mono float32 samples in [-1, 1] at ``rate`` Hz."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


class Engine(Protocol):
    """What the audio stage needs of a voice. ``synthesize`` is called from several threads at once;
    it raises SpeechError for a text it cannot speak, EngineUnavailable when it cannot speak at all."""

    name: str
    voice: str
    words_per_minute: float  # its own speaking rate, until a run has measured the real one
    local: bool  # runs on this machine (loaded ahead, in a thread), else over the network (probed first)

    def speaks(self, language: str) -> bool: ...

    def synthesize(self, text: str, language: str = "en") -> Speech: ...

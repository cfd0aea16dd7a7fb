"""Speech engines behind one tiny interface, a registry, and the chooser with its fallbacks.

An engine is anything with ``name``, ``voice``, ``speaks(language)`` and ``synthesize(text) -> Speech``.
Engines register by name with :func:`register`; tests may add a fake engine through the same door.
``auto`` prefers Google's voice (gTTS) and falls back to the local neural voice when Google can't
be reached; one episode keeps one voice from start to end, so the fallback restarts the episode.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import ConfigError, EngineUnavailable

if TYPE_CHECKING:  # numpy is imported where audio is made: a run with nothing new never needs it
    import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Speech:
    """Mono float32 samples in [-1, 1] at ``rate`` Hz."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


class Engine(Protocol):
    name: str
    voice: str
    words_per_minute: float  # calibrated speaking rate, used to fit the time budget

    def speaks(self, language: str) -> bool: ...

    def synthesize(self, text: str, language: str = "en") -> Speech: ...


EngineFactory = Callable[[Any], Engine]
_REGISTRY: dict[str, EngineFactory] = {}


def register(name: str, factory: EngineFactory) -> None:
    """Make an engine available to ``--engine NAME``; ``factory(settings)`` builds it."""
    _REGISTRY[name] = factory


def engine_names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def create(name: str, settings: Any) -> Engine:
    """Build the engine called ``name``; EngineUnavailable when it cannot run here."""
    _load_builtins()
    if name not in _REGISTRY:
        raise ConfigError(f"unknown speech engine {name!r} (known: {', '.join(sorted(_REGISTRY))}, auto)")
    return _REGISTRY[name](settings)


def candidates(name: str) -> list[str]:
    """The engines to try, in order, for a requested engine name."""
    if name == "auto":
        return ["gtts", "hibari", "piper"]
    return [name]


def _load_builtins() -> None:
    if "hibari" in _REGISTRY:
        return
    from . import gtts_engine, hibari_engine, piper_engine

    register("gtts", gtts_engine.GttsEngine)
    register("hibari", hibari_engine.HibariEngine)
    register("piper", piper_engine.PiperEngine)


__all__ = ["Engine", "EngineUnavailable", "Speech", "candidates", "create", "engine_names", "register"]

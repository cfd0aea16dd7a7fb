"""Speech engines behind one tiny interface (:class:`Engine`), and their registry.

An engine is anything with ``name``, ``voice``, ``words_per_minute``, ``speaks(language)`` and
``synthesize(text, language) -> Speech``. Engines register by name with :func:`register` (tests add a
fake engine through the same door); the built-in ones are imported only when first asked for.
Which engine speaks an episode, and which stories it can speak, is decided in :mod:`.chooser`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .engine import Engine, Speech

if TYPE_CHECKING:
    from ..config import Settings

EngineFactory = Callable[["Settings"], Engine]

_BUILTIN = {
    "gtts": "briefing.speech.gtts_engine:GttsEngine",
    "hibari": "briefing.speech.hibari_engine:HibariEngine",
    "piper": "briefing.speech.piper_engine:PiperEngine",
}
_REGISTRY: dict[str, EngineFactory] = {}


def register(name: str, factory: EngineFactory) -> None:
    """Make an engine available to ``--engine NAME``; ``factory(settings)`` builds it."""
    _REGISTRY[name] = factory


def engine_names() -> list[str]:
    return sorted(set(_REGISTRY) | set(_BUILTIN))


def create(name: str, settings: Settings) -> Engine:
    """Build the engine called ``name``; EngineUnavailable when it cannot run here."""
    if name not in _REGISTRY and name in _BUILTIN:
        module, _, attr = _BUILTIN[name].partition(":")
        register(name, getattr(importlib.import_module(module), attr))
    if name not in _REGISTRY:
        raise ConfigError(f"unknown speech engine {name!r} (known: auto, {', '.join(engine_names())})")
    return _REGISTRY[name](settings)


__all__ = ["Engine", "EngineFactory", "Speech", "create", "engine_names", "register"]

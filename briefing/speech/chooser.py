"""Which voice speaks: the fallback order, the engines a run has opened, and what each can speak.

``auto`` prefers Google's voice (gTTS, many languages) and falls back to a local voice when Google
can't be reached; one episode keeps one voice from start to end, so a voice that gives out restarts
the episode with the next. A story goes only to a voice that speaks its language: an English voice
never reads another language.
"""

from __future__ import annotations

import contextlib
import logging
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from ..errors import BriefingError, EngineUnavailable
from . import create
from .engine import Engine

if TYPE_CHECKING:
    from ..config import Settings
    from ..model import Story

log = logging.getLogger(__name__)

FALLBACK = ("gtts", "hibari", "piper")  # what ``auto`` tries, in this order
DEFAULT_WPM = 160.0


def order(requested: str) -> tuple[str, ...]:
    """The engines to try, in order, for the engine the user asked for."""
    return FALLBACK if requested == "auto" else (requested,)


class Voices:
    """The run's speech engines, each opened once with its speech threads.

    Threads, not processes: the engines release the GIL while they compute (hibari's model and
    signal processing, gTTS's network waits), so one copy of the voice serves every core. Opening
    the first usable engine early (:meth:`warm`) loads a local voice, and the audio libraries,
    while the main thread fetches pages. A network voice is probed with one short phrase instead:
    offline, that fails within milliseconds and the next voice is opened.
    """

    def __init__(self, settings: Settings, rates: dict[str, float] | None = None) -> None:
        self.settings = settings
        self.rates = dict(rates or {})  # calibrated words per minute, "engine:voice" -> wpm
        self._stack = contextlib.ExitStack()
        self._open: dict[str, tuple[Engine, Executor]] = {}
        self._failed: dict[str, EngineUnavailable] = {}
        self._warming: list[Future[None]] = []

    def __enter__(self) -> Voices:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    @property
    def order(self) -> tuple[str, ...]:
        return order(self.settings.engine)

    def get(self, name: str) -> tuple[Engine, Executor]:
        """The engine ``name``, open, with its speech threads; EngineUnavailable when it can't speak."""
        if name in self._failed:
            raise self._failed[name]
        if name not in self._open:
            try:
                engine = create(name, self.settings)
                if not engine.local:
                    engine.synthesize("Good morning.", "en")
            except EngineUnavailable as exc:
                log.warning("speech: %s unavailable (%s); trying the next voice", name, exc)
                self._failed[name] = exc
                raise
            threads = ThreadPoolExecutor(max(1, self.settings.workers), thread_name_prefix=f"speech-{name}")
            self._stack.callback(threads.shutdown, wait=True, cancel_futures=True)
            if engine.local:
                self._warming.append(threads.submit(_warm, engine))
            self._open[name] = (engine, threads)
        return self._open[name]

    def failed_mid_episode(self, name: str, exc: EngineUnavailable) -> None:
        """A voice that worked at first and then gave out: never try it again in this run."""
        if name not in self._failed:
            log.warning("speech: %s failed mid-episode (%s); starting over with the next voice", name, exc)
            self._failed[name] = exc

    def rate(self, name: str | None = None) -> float:
        """Words per minute of the voice ``name`` (or the first choice): as measured, or its own."""
        for candidate in order(name or self.settings.engine):
            for key, wpm in self.rates.items():
                if key.startswith(f"{candidate}:"):
                    return wpm
            with contextlib.suppress(BriefingError):
                return create(candidate, self.settings).words_per_minute
        return DEFAULT_WPM

    def speaks(self, language: str) -> bool:
        """Some voice of the run (not one found unavailable) speaks ``language``."""
        return any(engine.speaks(language) for engine in self._candidates())

    def sort_out(self, stories: list[Story]) -> tuple[list[Story], list[Story]]:
        """(stories some voice of the run can speak, stories none can): the second are left out."""
        kept: list[Story] = []
        left: list[Story] = []
        for s in stories:
            (kept if self.speaks(s.language) else left).append(s)
        return kept, left

    def _candidates(self) -> list[Engine]:
        engines = []
        for name in self.order:
            if name in self._failed:
                continue
            if name in self._open:
                engines.append(self._open[name][0])
                continue
            with contextlib.suppress(EngineUnavailable):
                engines.append(create(name, self.settings))
        return engines

    def warm(self) -> None:
        """Open the first voice that works, so a local one loads while the run does other work."""
        for name in self.order:
            try:
                self.get(name)
                return
            except EngineUnavailable:
                continue

    def ready(self) -> None:
        """Wait until the voices opened so far have loaded (a bug while loading surfaces here)."""
        while self._warming:
            self._warming.pop().result()


def _warm(engine: Engine) -> None:
    """Load the voice (its first phrase loads the model and the G2P) and the loudness code. All in
    this one thread: two threads importing parts of scipy at once can fail ("partially initialized
    module")."""
    from ..audio.loudness import LoudnessMeter, prepare_limiter

    with contextlib.suppress(BriefingError):  # the real run reports it, with the fallback
        engine.synthesize("Good morning.", "en")
    LoudnessMeter()
    prepare_limiter()

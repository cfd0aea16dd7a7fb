"""Script -> audio, streamed: speech threads speak the sentences, each segment is joined with pauses
and handed on (levelled, then to the encoder) as soon as its sentences are ready.

Threads, not processes: the engines release the GIL while they compute, so every core speaks while
one copy of the voice is loaded. A bounded window of sentences ahead keeps memory flat however long
the episode.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..errors import EngineUnavailable, SpeechError
from ..model import Chapter, Cue, Line, Script, Segment
from ..speech import Engine, Speech
from .cache import SegmentCache
from .decode import RATE

log = logging.getLogger(__name__)

SPEAK_AHEAD = 16  # sentences in flight or waiting: keeps a few speech threads busy, holds ~a minute
SENTENCE_PAUSE = 0.18  # seconds between sentences of one segment (engines leave a little of their own)


@dataclass(frozen=True)
class Rendered:
    """What was spoken and where, once the episode has streamed through its sink."""

    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...]
    dropped: tuple[int, ...]  # story indexes the engine could not speak
    engine: str
    voice: str
    synthesized: int  # sentences spoken now (not from the cache)
    seconds: float


Sink = Callable[[np.ndarray], None]


@dataclass(frozen=True)
class Voice:
    """Who speaks, and how: the engine, its speech threads (one of its own when None), the cache of
    sentences spoken before, and a progress callback (sentences done, of all)."""

    engine: Engine
    speakers: Executor | None = None
    cache: SegmentCache | None = None
    progress: Callable[[int, int], None] | None = None


def render(
    script: Script,
    voice: Voice,
    sink: Sink | None = None,
    level: Callable[[np.ndarray], np.ndarray] | None = None,
    intro_sound: np.ndarray | None = None,
) -> Rendered:
    """Speak every segment and stream the episode, in order, to ``sink`` while the rest is spoken.

    Sentences not in the cache are spoken once each by the voice's speakers (threads: the engines
    release the GIL while they compute, so every core works and the voice is loaded once). Each
    segment is passed through ``level`` and on to ``sink`` as soon as its sentences are ready, so the
    encoder works alongside the voice. A story the engine fails on is dropped (its index is reported,
    so the caller can start over without it); any other failure raises. EngineUnavailable propagates
    so the caller can restart the whole episode with another voice.
    """
    sink = sink or (lambda samples: None)
    plan = [
        (segment, [line for line in segment.lines if any(ch.isalnum() for ch in line.spoken)])
        for segment in script.segments
    ]
    pool: Executor = voice.speakers or ThreadPoolExecutor(1)
    sentences = _Sentences(plan, voice.engine, voice.cache or SegmentCache(None), pool, voice.progress)
    try:
        return _stream(plan, sentences, voice.engine, intro_sound, sink, level)
    finally:
        sentences.cancel()
        if voice.speakers is None:
            pool.shutdown(wait=True)


class _Sentences:
    """The script's sentences, each spoken once, a bounded window ahead of the stream.

    The window keeps both speech threads busy while holding only seconds of audio: memory stays
    flat however long the episode. A sentence leaves memory once its last use has been streamed.
    """

    def __init__(
        self,
        plan: list[tuple[Segment, list[Line]]],
        engine: Engine,
        cache: SegmentCache,
        pool: Executor,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.engine, self.cache, self.pool, self.progress = engine, cache, pool, progress
        self.uses: Counter[str] = Counter()
        self.order: list[tuple[str, str, str]] = []  # key, text, language, in order of first use
        for _, lines in plan:
            for line in lines:
                key = self.key(line)
                if not self.uses[key]:
                    self.order.append((key, line.spoken, line.language))
                self.uses[key] += 1
        self.jobs: dict[str, Future[np.ndarray | str] | np.ndarray | str] = {}
        self.seen: set[str] = set()  # sentences taken at least once
        self.started = self.synthesized = 0
        self._fill()

    def key(self, line: Line) -> str:
        return self.cache.key(self.engine, f"{line.language}\0{line.spoken}")

    def _fill(self) -> None:
        while self.started < len(self.order) and self.started - len(self.seen) < SPEAK_AHEAD:
            key, text, language = self.order[self.started]
            self.started += 1
            cached = self.cache.get(key)
            if cached is None:
                self.jobs[key] = self.pool.submit(_speak, self.engine, text, language)
                self.synthesized += 1
            else:
                self.jobs[key] = cached

    def take(self, key: str) -> np.ndarray | str:
        """The sentence's samples (waiting for its job), or its engine's error message."""
        job = self.jobs[key]
        if isinstance(job, Future):
            job = job.result()
            if not isinstance(job, str):
                self.cache.put(key, job)
        if key not in self.seen:
            self.seen.add(key)
            if self.progress:
                self.progress(len(self.seen), len(self.order))
        self.uses[key] -= 1
        if self.uses[key]:
            self.jobs[key] = job
        else:
            del self.jobs[key]
        self._fill()
        return job

    def cancel(self) -> None:
        for job in self.jobs.values():
            if isinstance(job, Future):
                job.cancel()


def _speak(engine: Engine, text: str, language: str) -> np.ndarray | str:
    """One sentence at RATE, or the engine's error message (its story is then dropped)."""
    try:
        return _to_rate(engine.synthesize(text, language))
    except EngineUnavailable:
        raise
    except SpeechError as exc:
        return str(exc)


def _stream(
    plan: list[tuple[Segment, list[Line]]],
    voice: _Sentences,
    engine: Engine,
    intro_sound: np.ndarray | None,
    sink: Sink,
    level: Callable[[np.ndarray], np.ndarray] | None,
) -> Rendered:
    """Take each segment's sentences in script order, join them with pauses, level, send on."""
    chapters: list[Chapter] = []
    cues: list[Cue] = []
    dropped: list[int] = []
    at = 0  # samples sent so far
    if intro_sound is not None and len(intro_sound):
        sink(intro_sound.astype(np.float32))
        at = len(intro_sound)
    for number, (segment, lines) in enumerate(plan):
        audio = [voice.take(voice.key(line)) for line in lines]
        failure = next((a for a in audio if isinstance(a, str)), None)
        if failure is not None or not lines:
            reason = failure or f"nothing speakable in {segment.title!r}"
            if segment.kind != "story":
                raise SpeechError(reason)
            log.warning("dropped story %r: %s", segment.title, reason)
            dropped.append(segment.story_index if segment.story_index is not None else number)
            continue
        samples, timed = _joined(lines, [_trim(a) for a in audio], segment.pause_after)  # type: ignore[arg-type]
        cues += [Cue(round((at + t0) / RATE, 3), round((at + t1) / RATE, 3), text) for t0, t1, text in timed]
        if level is not None:
            samples = level(samples)
        sink(samples)
        end = at + len(samples)
        chapters.append(Chapter(segment.title, round(at / RATE, 3), round(end / RATE, 3), segment.url))
        at = end
    if intro_sound is not None and len(intro_sound) and chapters:  # the same sound closes the show
        sink(intro_sound.astype(np.float32))
        at += len(intro_sound)
        last = chapters[-1]
        chapters[-1] = Chapter(last.title, last.start, round(at / RATE, 3), last.url)
    return Rendered(
        tuple(chapters), tuple(cues), tuple(dropped), engine.name, engine.voice, voice.synthesized, at / RATE
    )


def _joined(
    lines: list[Line], pieces: list[np.ndarray], pause_after: float
) -> tuple[np.ndarray, list[tuple[int, int, str]]]:
    """The segment's sentences with pauses between them, and each one's (start, end, written text)."""
    gap = int(SENTENCE_PAUSE * RATE)
    samples = np.zeros(sum(len(p) + gap for p in pieces) + int(pause_after * RATE), np.float32)
    timed: list[tuple[int, int, str]] = []
    t = 0
    for line, piece in zip(lines, pieces, strict=True):
        samples[t : t + len(piece)] = piece
        if line.written or not timed:
            timed.append((t, t + len(piece), line.written))
        else:  # spoken as a part of the line before: its caption runs on
            timed[-1] = (timed[-1][0], t + len(piece), timed[-1][2])
        t += len(piece) + gap
    return samples, timed


def _to_rate(speech: Speech) -> np.ndarray:
    if speech.rate == RATE:
        return speech.samples.astype(np.float32)
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(RATE, speech.rate)
    return resample_poly(speech.samples, RATE // g, speech.rate // g).astype(np.float32)


def _trim(samples: np.ndarray, threshold: float = 0.003) -> np.ndarray:
    """Drop leading/trailing near-silence so our own pauses set the rhythm."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if not len(loud):
        return samples[:0]
    pad = int(0.03 * RATE)
    return samples[max(0, loud[0] - pad) : loud[-1] + pad]

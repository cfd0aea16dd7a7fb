"""Script -> episode audio: speech joined with natural pauses, loudness-levelled, MP3, tags, chapters.

The episode streams: speech threads speak the sentences, and each segment, as soon as its sentences
are ready, is levelled (BS.1770 loudness with pyloudnorm's K-weighting, a gain, then a look-ahead
limiter on the 4x-oversampled peak so the true peak stays under the ceiling) and handed to the MP3
encoder (LAME, which lets go of the GIL while it encodes, so the voice keeps speaking). That replaces
ffmpeg's two-pass loudnorm (1.5-3 s per minute of audio) at a fraction of the cost, and the MP3 is
encoded once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .errors import AudioError, EngineUnavailable, SpeechError, write_error
from .ffmpeg import RATE, decode
from .model import Chapter, Cue, Script, Segment
from .speech import Engine, Speech
from .text.sentences import split_sentences

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


class Leveller:
    """Loudness as the episode is made: each spoken segment gained to the target, then true-peak limited.

    A voice speaks every segment at much the same level, so levelling segment by segment puts the
    whole episode at the target without a second pass over it, and keeps a quiet story from hiding
    behind a loud one. With ``bitrate`` set, the MP3 encoder's loss (:func:`encoder_loudness_loss`)
    is probed once on the first long enough segment and added to the target.

    Its one measurement of each segment also measures the episode (:meth:`loudness`): the segment's
    K-weighted 100 ms energies, times the energy ratio of what it sent to what it got. That is exact
    for the gain, and within a few hundredths of a LU for the limiter's small cuts (tested).
    """

    def __init__(self, target_lufs: float, ceiling_dbtp: float, bitrate: str | None = None) -> None:
        self.target, self.ceiling, self.bitrate = target_lufs, ceiling_dbtp, bitrate
        self.offset: float | None = None if bitrate else 0.0
        self._steps: list[np.ndarray] = []

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        if self.offset is None and len(samples) >= 5 * RATE:  # shorter: too short to probe on
            assert self.bitrate is not None  # offset starts unknown only when there is an encoder
            self.offset = encoder_loudness_loss(samples, self.bitrate)
        meter = LoudnessMeter()
        meter.add(samples)
        got = float(np.dot(samples, samples))  # before: the levelling works in place
        out = normalize_loudness(samples, self.target + (self.offset or 0.0), self.ceiling, meter.value())
        sent = float(np.dot(out, out))
        self._steps.append(meter.steps() * (sent / got if got > 0 else 1.0))
        return out

    def loudness(self) -> float:
        """The integrated loudness (LUFS) of everything levelled so far, as sent on."""
        return _gated(np.concatenate(self._steps) if self._steps else np.zeros(0), int(0.1 * RATE))


class SegmentCache:
    """Content-addressed store of spoken sentences: key = engine, voice, rate, text.

    A sentence read from it is touched, so after a run its files' times say which it used:
    :meth:`prune` then drops the rest, and the cache holds one episode, not every episode ever made
    (ten minutes of speech take 63 MB).
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.npy"

    def key(self, engine: Engine, text: str) -> str:
        return hashlib.sha256(f"{engine.name}\0{engine.voice}\0{RATE}\0{text}".encode()).hexdigest()

    def get(self, key: str) -> np.ndarray | None:
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            samples = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used by this run: kept by prune()
        return samples

    def put(self, key: str, samples: np.ndarray) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
                np.save(tmp, samples.astype(np.float32), allow_pickle=False)
            os.replace(tmp.name, path)
        except OSError as exc:  # a cache that can't be written only costs speed
            log.debug("segment cache not written: %s", exc)

    def prune(self, unused_since: float) -> int:
        """Remove the sentences not used since ``unused_since`` (a time.time()); how many went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.glob("*/*"):  # sentences, and .tmp files a crash left half-written
            if path.suffix not in {".npy", ".tmp"}:
                continue
            with contextlib.suppress(OSError):  # gone already, or not ours to remove
                if path.stat().st_mtime < unused_since:
                    path.unlink()
                    removed += 1
        return removed


def render(
    script: Script,
    engine: Engine,
    cache: SegmentCache | None = None,
    progress: Callable[[int, int], None] | None = None,
    intro_sound: np.ndarray | None = None,
    speakers: Executor | None = None,
    sink: Sink | None = None,
    level: Callable[[np.ndarray], np.ndarray] | None = None,
) -> Rendered:
    """Speak every segment and stream the episode, in order, to ``sink`` while the rest is spoken.

    Sentences not in the cache are spoken once each by ``speakers`` (threads: the engines release
    the GIL while they compute, so every core works and the voice is loaded once). Each segment is
    passed through ``level`` and on to ``sink`` as soon as its sentences are ready, so the encoder
    works alongside the voice. A story the engine fails on is dropped (its index is reported, so the
    caller can start over without it); any other failure raises. EngineUnavailable propagates so the
    caller can restart the whole episode with another voice.
    """
    cache = cache or SegmentCache(None)
    sink = sink or (lambda samples: None)
    plan = [
        (segment, [s for s in split_sentences(segment.text) if any(ch.isalnum() for ch in s)])
        for segment in script.segments
    ]
    own = speakers is None
    pool: Executor = ThreadPoolExecutor(1) if speakers is None else speakers
    voice = _Sentences(plan, engine, cache, pool, progress)
    try:
        return _stream(plan, voice, engine, intro_sound, sink, level)
    finally:
        voice.cancel()
        if own:
            pool.shutdown(wait=True)


class _Sentences:
    """The script's sentences, each spoken once, a bounded window ahead of the stream.

    The window keeps both speech threads busy while holding only seconds of audio: memory stays
    flat however long the episode. A sentence leaves memory once its last use has been streamed.
    """

    def __init__(
        self,
        plan: list[tuple[Segment, list[str]]],
        engine: Engine,
        cache: SegmentCache,
        pool: Executor,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.engine, self.cache, self.pool, self.progress = engine, cache, pool, progress
        self.uses: Counter[str] = Counter()
        self.order: list[tuple[str, str, str]] = []  # key, text, language, in order of first use
        for segment, sentences in plan:
            for sentence in sentences:
                key = self.key(segment, sentence)
                if not self.uses[key]:
                    self.order.append((key, sentence, segment.language))
                self.uses[key] += 1
        self.jobs: dict[str, Future[np.ndarray | str] | np.ndarray | str] = {}
        self.seen: set[str] = set()  # sentences taken at least once
        self.started = self.synthesized = 0
        self._fill()

    def key(self, segment: Segment, sentence: str) -> str:
        return self.cache.key(self.engine, f"{segment.language}\0{sentence}")

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
    plan: list[tuple[Segment, list[str]]],
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
    gap = int(SENTENCE_PAUSE * RATE)
    at = 0  # samples sent so far
    if intro_sound is not None and len(intro_sound):
        sink(intro_sound.astype(np.float32))
        at = len(intro_sound)
    for number, (segment, sentences) in enumerate(plan):
        audio = [voice.take(voice.key(segment, s)) for s in sentences]
        failure = next((a for a in audio if isinstance(a, str)), None)
        if failure is not None or not sentences:
            reason = failure or f"nothing speakable in {segment.title!r}"
            if segment.kind != "story":
                raise SpeechError(reason)
            log.warning("dropped story %r: %s", segment.title, reason)
            dropped.append(segment.story_index if segment.story_index is not None else number)
            continue
        pieces = [_trim(a) for a in audio]  # type: ignore[arg-type]
        samples = np.zeros(sum(len(p) + gap for p in pieces) + int(segment.pause_after * RATE), np.float32)
        t = 0
        for sentence, piece in zip(sentences, pieces, strict=True):
            samples[t : t + len(piece)] = piece
            cues.append(Cue(round((at + t) / RATE, 3), round((at + t + len(piece)) / RATE, 3), sentence))
            t += len(piece) + gap
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


def chime(seconds: float = 1.6) -> np.ndarray:
    """A soft two-note chime to open the show (generated, so no file needs shipping)."""
    t = np.arange(int(seconds * RATE)) / RATE
    notes = [(659.25, 0.0), (987.77, 0.25)]
    out = np.zeros_like(t)
    for freq, start in notes:
        env = np.where(t >= start, np.exp(-(t - start) * 3.5), 0.0)
        out += env * (np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t))
    fade = np.minimum(1.0, t / 0.01)
    return (0.25 * out * fade / np.abs(out).max()).astype(np.float32)


def load_sound(path: Path) -> np.ndarray:
    try:
        return decode(path.read_bytes())
    except OSError as exc:
        raise AudioError(f"cannot read the sound file {path}: {exc}") from exc


class LoudnessMeter:
    """BS.1770-4 integrated loudness (LUFS) of mono audio fed piece by piece, as an episode streams.

    The K-weighting (BS.1770's two biquads, with pyloudnorm's coefficients) is applied as its exact
    frequency response to FFT blocks, overlap-added: its impulse response is below 3e-8 in sum after
    2,048 samples, so nothing is lost. Gating is done on 100 ms sums. Ten minutes of audio take about
    0.15 s, and scipy.fft is already loaded by the voice; scipy.signal's sosfilt would take 0.09 s,
    but importing scipy.signal costs 0.45 s (it pulls in scipy.stats). The result agrees with
    pyloudnorm's to 0.01 LU (tested).
    """

    def __init__(self, rate: int = RATE) -> None:
        self._response = _k_response(rate)
        self._step = int(0.1 * rate)  # 400 ms blocks with 75% overlap = four consecutive 100 ms steps
        self._hop = (_FFT_BLOCK - _K_TAIL) // self._step * self._step  # new samples per FFT block
        self._tail = np.zeros(_K_TAIL, dtype=np.float32)  # filter output still to come from past input
        self._carry = np.zeros(0, dtype=np.float32)
        self._steps: list[np.ndarray] = []

    def add(self, samples: np.ndarray) -> None:
        import scipy.fft

        samples = samples.astype(np.float32, copy=False)
        x = np.concatenate([self._carry, samples]) if len(self._carry) else samples
        usable = len(x) // self._step * self._step
        self._carry = x[usable:].copy()
        for begin in range(0, usable, self._hop):
            piece = x[begin : min(begin + self._hop, usable)]
            y = scipy.fft.irfft(scipy.fft.rfft(piece, _FFT_BLOCK) * self._response, _FFT_BLOCK)
            y[:_K_TAIL] += self._tail
            self._tail = y[len(piece) : len(piece) + _K_TAIL].copy()
            out = y[: len(piece)].astype(np.float64).reshape(-1, self._step)
            self._steps.append(np.einsum("ij,ij->i", out, out))

    def steps(self) -> np.ndarray:
        """The K-weighted energy (sum of squares) of each whole 100 ms step so far."""
        return np.concatenate(self._steps) if self._steps else np.zeros(0)

    def value(self) -> float:
        return _gated(self.steps(), self._step)


def _gated(steps: np.ndarray, step: int) -> float:
    """BS.1770 gating over 100 ms step energies: 400 ms blocks, -70 LUFS absolute, -10 LU relative."""
    if len(steps) < 4:
        return float("-inf")
    z = (steps[:-3] + steps[1:-2] + steps[2:-1] + steps[3:]) / (4 * step)
    with np.errstate(divide="ignore"):
        loud = -0.691 + 10 * np.log10(z)
    gated = z[loud >= -70.0]
    if not len(gated):
        return float("-inf")
    relative = -0.691 + 10 * np.log10(gated.mean()) - 10.0
    final = z[(loud >= -70.0) & (loud > relative)]
    return float(-0.691 + 10 * np.log10(final.mean())) if len(final) else float("-inf")


_FFT_BLOCK = 16_384
_K_TAIL = 2_048


@functools.cache
def _k_response(rate: int) -> np.ndarray:
    """The K-weighting's frequency response on the FFT block's bins: pyloudnorm's two stages (a
    +4 dB high shelf at 1,500 Hz, Q 1/sqrt 2; a high pass at 38 Hz, Q 0.5), the RBJ cookbook's
    biquads, whose coefficients a test checks against pyloudnorm's."""
    z = np.exp(-1j * np.linspace(0.0, np.pi, _FFT_BLOCK // 2 + 1))
    response = np.ones_like(z)
    for b, a in k_weighting_biquads(rate):
        response *= np.polyval(b[::-1], z) / np.polyval(a[::-1], z)
    return response.astype(np.complex64)


def k_weighting_biquads(rate: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(b, a) of BS.1770's two K-weighting stages at ``rate``, normalised so a[0] is 1."""
    g, w0 = 10 ** (4.0 / 40), 2 * np.pi * 1500.0 / rate  # the shelf's gain (A in the cookbook)
    alpha, cos, root = np.sin(w0) / (2 / np.sqrt(2)), np.cos(w0), np.sqrt(g)
    shelf_b = [
        g * ((g + 1) + (g - 1) * cos + 2 * root * alpha),
        -2 * g * ((g - 1) + (g + 1) * cos),
        g * ((g + 1) + (g - 1) * cos - 2 * root * alpha),
    ]
    shelf_a = [(g + 1) - (g - 1) * cos + 2 * root * alpha, 2 * ((g - 1) - (g + 1) * cos),
               (g + 1) - (g - 1) * cos - 2 * root * alpha]  # fmt: skip
    w0 = 2 * np.pi * 38.0 / rate
    alpha, cos = np.sin(w0) / (2 * 0.5), np.cos(w0)
    pass_b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2]
    pass_a = [1 + alpha, -2 * cos, 1 - alpha]
    return [(np.array(b) / a[0], np.array(a) / a[0]) for b, a in ((shelf_b, shelf_a), (pass_b, pass_a))]


def integrated_loudness(samples: np.ndarray, rate: int = RATE) -> float:
    """BS.1770-4 gated loudness (LUFS) of a whole mono signal."""
    meter = LoudnessMeter(rate)
    meter.add(samples)
    return meter.value()


def normalize_loudness(
    samples: np.ndarray, target_lufs: float, ceiling_dbtp: float, loudness: float | None = None
) -> np.ndarray:
    """Gain to the target integrated loudness (``loudness``: the samples', when measured already),
    then limit the true peak to the ceiling (in place)."""
    if len(samples) < RATE // 2:
        return samples
    loudness = integrated_loudness(samples) if loudness is None else loudness
    if not np.isfinite(loudness):
        return samples
    ceiling = 10 ** (ceiling_dbtp / 20)
    out = samples.astype(np.float32, copy=False)
    out *= np.float32(10 ** ((target_lufs - loudness) / 20))
    energy = float(np.dot(out, out))
    removed = _limit_true_peak(out, ceiling)
    # Limiting lowers loudness a little: by at most about 2 dB per dB of energy the limiter took away
    # (1.8 at most on our episodes; K-weighting counts treble up to +4 dB). Measure again only when
    # that could exceed the 0.2 LU allowed; one correction then keeps within a few tenths of a LU.
    if removed <= 0.0 or -25 * np.log10(max(1e-12, 1 - removed / energy)) <= 0.2:
        return out
    after = integrated_loudness(out)
    if np.isfinite(after) and abs(after - target_lufs) > 0.2:
        out *= np.float32(10 ** ((target_lufs - after) / 20))
        _limit_true_peak(out, ceiling)
    return out


def encoder_loudness_loss(samples: np.ndarray, bitrate: str, seconds: float = 30.0) -> float:
    """LU the MP3 encoder takes away (its low-pass removes treble that K-weighting counts).

    Measured on an excerpt of this very episode: encoded, decoded, compared. About 0.45 LU for
    hibari's voice at 64 kbps; the gain aims that much higher so the published file hits the target.
    """
    n = int(seconds * RATE)
    start = max(0, (len(samples) - n) // 2)
    excerpt = samples[start : start + n]
    before = integrated_loudness(excerpt)
    if not np.isfinite(before):
        return 0.0
    encoder = _lame(bitrate)
    mp3 = bytes(encoder.encode(_pcm16(excerpt))) + bytes(encoder.flush())
    after = integrated_loudness(decode(mp3))
    loss = before - after
    return float(loss) if np.isfinite(loss) and 0.0 <= loss < 3.0 else 0.0


def prepare_limiter() -> None:
    """Import what the true-peak limiter needs ahead of time (from a thread, while others wait)."""
    import scipy.fft
    import scipy.ndimage  # noqa: F401


def _limit_true_peak(x: np.ndarray, ceiling: float, window: float = 0.01) -> float:
    """Look-ahead limiter on the 4x-oversampled (true) peak, in place, only around loud samples;
    returns the energy (sum of squares) it took away, 0.0 when it lowered nothing.

    In speech a true peak exceeds the nearby sample peak by at most about 2 dB (measured on our
    episodes), so only stretches around samples above 0.7 of the ceiling (-3.1 dB) are oversampled
    and limited: a small part of a speech track.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    hot = np.flatnonzero(np.abs(x) > 0.7 * ceiling)
    if not len(hot):
        return 0.0
    removed = 0.0
    # The gain glides over 1.5 windows either side of a peak; a stretch reaches a little further.
    w = max(1, int(window * RATE))
    pad = 2 * w
    breaks = np.flatnonzero(np.diff(hot) > 2 * pad)
    for first, last in zip(np.r_[hot[0], hot[breaks + 1]], np.r_[hot[breaks], hot[-1]], strict=True):
        lo, hi = max(0, first - pad), min(len(x), last + pad + 1)
        peak = _oversampled_peak(x[lo:hi])
        need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-9))
        if need.min() >= 1.0:
            continue
        # The mean over a window of window-minima never exceeds the gain needed at its centre,
        # so the ceiling holds while the gain glides in and out over ``window`` seconds.
        gain = np.minimum(uniform_filter1d(minimum_filter1d(need, size=2 * w + 1), size=w + 1), need)
        piece = x[lo:hi]
        before = float(np.dot(piece, piece))
        piece *= gain.astype(np.float32)  # stretches never overlap: gaps between them exceed 2 pads
        removed += before - float(np.dot(piece, piece))
    return removed


def _oversampled_peak(piece: np.ndarray) -> np.ndarray:
    """Each sample's true peak: the largest magnitude among it and the 3 points after it, 4x
    oversampled with scipy's resample_poly interpolator (what the yardsticks measure with),
    applied by FFT, which is faster and needs no scipy.signal."""
    import scipy.fft

    n = len(piece)
    m = 1 << (4 * n + 4 * _UP_HALF).bit_length()  # zeros after: no wrap-around; few sizes, cached
    stuffed = np.zeros(m, dtype=np.float32)
    stuffed[: 4 * n : 4] = piece
    over = scipy.fft.irfft(scipy.fft.rfft(stuffed) * _upsampler(m), m)[: 4 * n]
    return np.abs(over).reshape(n, 4).max(axis=1)


_UP_HALF = 40  # resample_poly's filter for 4x: 81 taps, sinc with a Kaiser window (beta 5)


@functools.cache
def _upsampler(m: int) -> np.ndarray:
    """The zero-phase response, on an m-point FFT, of resample_poly's 4x interpolation filter."""
    import scipy.fft

    taps = np.arange(-_UP_HALF, _UP_HALF + 1)
    h = np.sinc(taps / 4) * np.kaiser(len(taps), 5.0)
    h *= 4 / h.sum()
    centred = np.zeros(m)
    centred[: _UP_HALF + 1], centred[-_UP_HALF:] = h[_UP_HALF:], h[:_UP_HALF]
    return scipy.fft.rfft(centred).real.astype(np.float32)


@dataclass(frozen=True)
class AudioStats:
    """What an encoder was sent: the publish gate's evidence."""

    seconds: float
    silent_share: float  # of 10 ms frames quieter than -50 dBFS
    loudness: float  # LUFS, before the encoder

    def check(self, min_seconds: float) -> None:
        """The publish gate: refuse an empty, too-short or mostly silent episode."""
        if self.seconds < min_seconds:
            raise AudioError(
                f"the episode is {self.seconds:.1f} s long, shorter than the {min_seconds:g} s minimum"
            )
        if self.silent_share > 0.6:
            raise AudioError(f"the episode is {self.silent_share:.0%} silence; refusing to publish it")


def _silent_frames(samples: np.ndarray) -> tuple[int, int]:
    """(quiet 10 ms frames, frames) of a piece; a partial last frame is not counted."""
    window = int(0.01 * RATE)
    frames = samples[: len(samples) // window * window].reshape(-1, window)
    quiet = 10 ** (-50 / 20)
    silent = sum(
        int(np.count_nonzero(np.sqrt(np.mean(np.square(part, dtype=np.float32), axis=1)) < quiet))
        for part in np.array_split(frames, max(1, len(frames) // 6000))
    )
    return silent, len(frames)


class Mp3Stream:
    """An MP3 encoded while its samples are still being made: a sink for render.

    LAME itself, in-process through lameenc (it releases the GIL while it encodes, so the voice keeps
    both cores): a third less CPU than ffmpeg's libmp3lame, with no pipe and no second process. One
    encode, constant bitrate; memory stays flat however long the episode. It measures what it sends
    (length, loudness, silence) for the publish gate. LAME quality 7 is about 3x faster than the
    default and indistinguishable for 64 kbps speech. lameenc writes no LAME/Info header, which a
    constant-bitrate file does not need (players take its length from its size). When the samples
    come through a :class:`Leveller`, its measurement is the loudness: one pass over the audio, not two.
    """

    def __init__(self, path: Path, bitrate: str = "64k", level: Leveller | None = None) -> None:
        self.path, self._level = path, level
        self._encoder = _lame(bitrate)
        try:
            self._file = open(path, "wb")  # noqa: SIM115 (closed by close() or abort())
        except OSError as exc:
            raise write_error(path, exc) from exc
        self._meter: LoudnessMeter | None = None
        self._samples = self._silent = self._frames = 0

    def __call__(self, samples: np.ndarray) -> None:
        if self._level is None:  # else the leveller measured these samples already
            if self._meter is None:
                self._meter = LoudnessMeter()
            self._meter.add(samples)
        silent, frames = _silent_frames(samples)
        self._silent, self._frames = self._silent + silent, self._frames + frames
        self._samples += len(samples)
        for begin in range(0, len(samples), 10 * RATE):
            self._write(self._encoder.encode(_pcm16(samples[begin : begin + 10 * RATE])))

    def _write(self, data: bytes) -> None:
        try:
            self._file.write(data)
        except OSError as exc:
            raise write_error(self.path, exc) from exc

    def close(self) -> AudioStats:
        """Finish the file, on disk (fsync) before it is published."""
        self._write(self._encoder.flush())
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        loudness = self._level.loudness() if self._level else self._meter.value() if self._meter else -np.inf
        return AudioStats(self._samples / RATE, self._silent / max(1, self._frames), loudness)

    def abort(self) -> None:
        """Stop and remove the file: this attempt will not be published."""
        with contextlib.suppress(OSError):
            self._file.close()
        self.path.unlink(missing_ok=True)


def _lame(bitrate: str) -> Any:
    """A LAME encoder for mono speech at our rate; ``bitrate`` as ffmpeg writes it ("64k")."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(int(bitrate.lower().removesuffix("k")))
    encoder.set_in_sample_rate(RATE)
    encoder.set_channels(1)
    encoder.set_quality(7)
    return encoder


def _pcm16(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def encode_mp3(samples: np.ndarray, path: Path, bitrate: str = "64k") -> AudioStats:
    """Samples already in memory -> an MP3 file (see :class:`Mp3Stream`)."""
    stream = Mp3Stream(path, bitrate)
    try:
        stream(samples)
        return stream.close()
    except BaseException:
        stream.abort()
        raise


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str
    album: str
    date: datetime
    comment: str
    cover_jpeg: bytes | None


def write_tags(path: Path, tags: Tags, chapters: tuple[Chapter, ...]) -> None:
    """ID3v2.3 tags, cover art, and one CHAP per chapter under a top-level ordered CTOC."""
    from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TDRC, TIT2, TPE1, WXXX, CTOCFlags, Frame

    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TDRC(encoding=3, text=tags.date.strftime("%Y-%m-%d")))
    id3.add(COMM(encoding=3, lang="eng", desc="", text=tags.comment))
    if tags.cover_jpeg:
        id3.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover", data=tags.cover_jpeg))
    ids = [f"chp{i}" for i in range(len(chapters))]
    id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                 sub_frames=[TIT2(encoding=3, text="Chapters")]))  # fmt: skip
    for cid, ch in zip(ids, chapters, strict=True):
        sub: list[Frame] = [TIT2(encoding=3, text=ch.title)]
        if ch.url:
            sub.append(WXXX(encoding=3, desc="", url=ch.url))
        id3.add(
            CHAP(element_id=cid, start_time=int(ch.start * 1000), end_time=int(ch.end * 1000), sub_frames=sub)
        )
    from mutagen import MutagenError

    try:
        id3.save(str(path), v2_version=3)
    except (OSError, MutagenError) as exc:  # mutagen reports a failed write as its own error
        raise AudioError(f"cannot tag {path}: {exc}") from exc


def make_cover(show: str, date: datetime, size: int = 1400) -> bytes:
    """A plain, legible cover (show name and date) when the user configured no image."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (size, size), (18, 38, 64))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, size * 0.72, size, size * 0.74), fill=(236, 170, 40))
    big = ImageFont.load_default(size=size // 9)
    small = ImageFont.load_default(size=size // 18)
    draw.text((size * 0.08, size * 0.30), show, font=big, fill=(255, 255, 255))
    draw.text((size * 0.08, size * 0.80), date.strftime("%d %B %Y"), font=small, fill=(220, 220, 220))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=88)
    return out.getvalue()


def mp3_seconds(path: Path) -> float:
    """Duration of an MP3 from its LAME/Info header: the gate's check of the file actually written."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        info = MP3(str(path)).info
        if info is None:
            raise AudioError(f"the encoded episode {path.name} has no MP3 frames")
        return float(info.length)
    except (MutagenError, OSError) as exc:
        raise AudioError(f"the encoded episode {path.name} is not a readable MP3: {exc}") from exc

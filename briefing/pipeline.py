"""run(settings) -> RunReport: the one place that knows the order of the stages.

feeds -> articles -> stories -> script -> audio -> episode. The state database is read at the start
and written only after the episode is published, so a killed run changes nothing that matters.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import speech
from .errors import AudioError, BriefingError, EngineUnavailable, SpeechError
from .http import Fetcher, Limits
from .model import Article, Entry, Episode, FeedSource, Script, Story

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

    import numpy as np

    from .audio import AudioStats, Rendered, SegmentCache
    from .config import Settings
    from .feeds import FeedResult
    from .publish import Show
    from .rewrite import Rewriter
    from .speech import Engine
    from .state import State

log = logging.getLogger(__name__)

INTRO_OUTRO_WORDS = 45  # intro, headlines lead-in and outro, roughly
MAX_FIT_ROUNDS = 4


@dataclass
class RunReport:
    """What a run did, for the summary line, the exit code and run-report.json."""

    status: str = "failed"  # published | nothing-new | failed
    started: str = ""
    episode: str | None = None
    mp3: str | None = None
    duration: float = 0.0
    stories: list[dict[str, Any]] = field(default_factory=list)
    feeds_ok: int = 0
    feeds_failed: list[str] = field(default_factory=list)
    engine: str | None = None
    error: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    requests: int = 0
    synthesized: int = 0

    def summary(self) -> str:
        failed = f", {len(self.feeds_failed)} feed(s) failed" if self.feeds_failed else ""
        if self.status == "published":
            return (
                f"published {self.episode}: {_plural(len(self.stories), 'story', 'stories')}, "
                f"{self.duration / 60:.1f} min, "
                f"voice {self.engine}{failed}"
            )
        if self.status == "nothing-new":
            return f"nothing new in {self.feeds_ok} feed(s){failed}; no episode"
        return f"no episode: {self.error}{failed}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class _Timer:
    def __init__(self, report: RunReport) -> None:
        self.report = report

    def __call__(self, stage: str) -> _Stage:
        return _Stage(self.report, stage)


class _Stage:
    def __init__(self, report: RunReport, stage: str) -> None:
        self.report, self.stage = report, stage

    def __enter__(self) -> None:
        self.t = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.report.seconds[self.stage] = round(
            self.report.seconds.get(self.stage, 0.0) + time.perf_counter() - self.t, 3
        )


def run(
    settings: Settings, now: datetime | None = None, progress: Callable[[int, int], None] | None = None
) -> RunReport:
    """Make and publish one briefing; raises BriefingError kinds for problems that stop the run."""
    from .config import read_feeds
    from .lock import run_lock
    from .publish import check_writable

    sources = read_feeds(settings.feeds)  # a bad line stops us before any network call
    if settings.engine != "auto" and settings.engine not in speech.engine_names():
        from .errors import ConfigError

        known = ", ".join(["auto", *speech.engine_names()])
        raise ConfigError(f"unknown speech engine {settings.engine!r} (known: {known})")
    output: Path = settings.output
    check_writable(output)
    _few_malloc_arenas()
    report = RunReport(started=datetime.now(UTC).isoformat(timespec="seconds"))
    with run_lock(output, wait=settings.wait_lock):
        try:
            _run_locked(settings, sources, report, now, progress)
        except BriefingError as exc:
            report.status, report.error = "failed", str(exc)
            _write_report(output, report)
            raise
        _write_report(output, report)
    return report


def _run_locked(
    settings: Settings,
    sources: list[FeedSource],
    report: RunReport,
    now: datetime | None,
    progress: Callable[[int, int], None] | None,
) -> None:
    from .feeds import fetch_feeds
    from .publish import Show, apply_retention, publish, write_feed
    from .state import State

    output: Path = settings.output
    started = time.time()
    timer = _Timer(report)
    show = Show(settings.show_title, settings.show_author, settings.base_url or "http://localhost:8000/",
                token=settings.serve_token)  # fmt: skip
    state = State(settings.state_path)
    voices = Voices(settings)
    voices.rates = state.speaking_rates()
    try:
        _remove_stale_temporaries(output)
        _reconcile(state, output, show)
        limits = Limits(
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            total_timeout=settings.total_timeout,
            max_bytes=settings.max_bytes,
            per_host=settings.per_host,
        )
        with Fetcher(limits, settings.user_agent) as fetcher:
            with timer("fetch"):
                results = fetch_feeds(sources, fetcher, state.validators)
            validators = {r.source.url: r.validators for r in results if not r.error}
            for r in results:
                if r.error:
                    log.warning("%s", r.error)
                    report.feeds_failed.append(r.error)
                else:
                    report.feeds_ok += 1
            new_entries = _new_entries(results, state)
            log.info(
                "feeds: %d read, %d failed, %d new item(s)",
                report.feeds_ok,
                len(report.feeds_failed),
                len(new_entries),
            )
            if not new_entries:
                report.requests = fetcher.requests
                if report.feeds_ok == 0:
                    _raise_all_failed(report)
                state.commit_validators(validators)
                report.status = "nothing-new"
                return
            from .articles import extractor, fetch_articles, site_of  # not needed when nothing is new
            from .stories import fit_budget, make_stories

            wpm = voices.rate(settings.engine)
            candidates = _candidates(new_entries, settings, wpm)
            with timer("articles"), extractor() as helper:  # forked first, before any other thread
                voices.warm()  # the voice loads while pages are fetched and extracted
                words = settings.story_words
                articles = fetch_articles(candidates, fetcher, helper, state.stock_lines, words)
                voices.ready()  # and its imports are done before this thread imports anything more
            report.requests = fetcher.requests
        log.info("articles: %d with text", len(articles))
        seen = state.first_seen([e.key for e in new_entries])
        with timer("stories"):
            rewriter = _rewriter(settings)
            try:
                stories = make_stories(
                    articles,
                    settings.story_words,
                    lambda k: datetime.fromtimestamp(seen.get(k, time.time()), UTC),
                    rewriter,
                )
            finally:
                if rewriter is not None:
                    rewriter.close()
            stories = _speakable_by_engine(stories, settings)
        if not stories:
            state.commit_validators(validators)
            report.status = "nothing-new"
            log.info("no story to brief")
            return
        log.info("stories: %d after merging duplicates", len(stories))
        local_now = (now or datetime.now(UTC)).astimezone()
        with timer("speak_encode"):
            spoken, script, engine = _speak_to_budget(
                stories, settings, local_now, fit_budget, progress, voices
            )
        mp3_tmp = spoken.mp3
        try:
            rendered = spoken.rendered
            report.synthesized = rendered.synthesized
            log.info(
                "speech: %d stories, %.1f min, voice %s:%s, %d sentences spoken (the rest from the cache)",
                len(script.stories),
                rendered.seconds / 60,
                engine,
                rendered.voice,
                rendered.synthesized,
            )
            with timer("tag"):
                cover = _cover_bytes(settings, local_now)  # the episode's art, and the show's first cover
                episode = _finish(spoken, script, settings, local_now, engine, cover)
            log.info("audio: %s.mp3, %.1f min, %.1f LUFS, %d chapters", episode.slug, episode.duration / 60,
                     spoken.loudness, len(episode.chapters))  # fmt: skip
            with timer("publish"):
                keys = sorted({k for s in script.stories for k in s.keys})
                publish(episode, mp3_tmp, output, show, keys)
        finally:
            mp3_tmp.unlink(missing_ok=True)  # published (moved) or refused
        with timer("publish"):
            if not (output / "cover.jpg").exists() or settings.cover:
                from .publish import write_atomic

                write_atomic(output / "cover.jpg", cover)
            removed = apply_retention(output, settings.keep_episodes, settings.keep_days)
            if removed:
                log.info("retention: removed %s", ", ".join(removed))
                write_feed(output, show)
            site_lines = _site_lines(articles, site_of)
            words = _script_words(script)
            rate = {f"{engine}:{rendered.voice}": 60 * words / max(rendered.seconds, 1.0)}
            state.commit_run(episode.slug, keys, seen, validators, site_lines, speaking_rates=rate)
            _prune_cache(settings, started)
        report.status = "published"
        report.episode = episode.slug
        report.mp3 = str(output / f"{episode.slug}.mp3")
        report.duration = round(episode.duration, 2)
        report.engine = engine
        report.stories = [
            {"title": s.title, "sources": list(s.sources), "url": s.url} for s in script.stories
        ]
    finally:
        voices.close()
        state.close()


def _segment_cache(settings: Settings) -> SegmentCache:
    from .audio import SegmentCache

    return SegmentCache(settings.cache_dir / "segments")


def _prune_cache(settings: Settings, started: float) -> None:
    """Once an episode is out, keep only the sentences this run used (a re-render with other audio
    settings still speaks nothing twice). A cache of the output folder's own is under the run's lock;
    one shared elsewhere keeps a day's sentences, so a run on another folder never loses its own."""
    own = settings.cache_dir.resolve().is_relative_to(settings.output.resolve())
    grace = 60.0 if own else 86_400.0  # 60 s: file times may be coarse (FAT keeps 2 s)
    removed = _segment_cache(settings).prune(started - grace)
    if removed:
        log.info("cache: %d sentence(s) of earlier episodes removed", removed)


def _few_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each thread its own heap, up to 8 per core; with a score of download and speech
    threads, freed audio stays scattered over them (a 30-minute briefing peaked at 614 MB; with two
    heaps, 553 MB, and no slower). Elsewhere this does nothing."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # M_ARENA_MAX, before any thread starts


def _rewriter(settings: Settings) -> Rewriter | None:
    """The LLM condenser when configured (``--condenser llm``), else None."""
    if settings.condenser != "llm":
        return None
    from .errors import ConfigError
    from .rewrite import Rewriter

    if not settings.llm_url or not settings.llm_model:
        raise ConfigError(
            "--condenser llm needs llm_url and llm_model (briefing.toml or BRIEFING_LLM_URL/_MODEL)"
        )
    return Rewriter(settings.llm_url, settings.llm_model)


def _raise_all_failed(report: RunReport) -> None:
    from .errors import FeedError

    raise FeedError(f"all {len(report.feeds_failed)} feed(s) failed")


def _new_entries(results: list[FeedResult], state: State) -> list[Entry]:
    """Items not briefed before, deduplicated across feeds, at most ``max`` per feed."""
    out: list[Entry] = []
    taken: set[str] = set()
    for r in results:
        keys = [e.key for e in r.entries] + [f"guid:{e.guid}" for e in r.entries if e.guid]
        old = state.briefed(keys)
        fresh = [e for e in r.entries if e.key not in old and f"guid:{e.guid}" not in old]
        fresh.sort(
            key=lambda e: (
                e.published is None,
                -(e.published.timestamp() if e.published else 0),
                e.item_order,
            )
        )
        count = 0
        for e in fresh:
            if e.key in taken:
                continue
            taken.add(e.key)
            out.append(e)
            count += 1
            if count >= r.source.max_items:
                break
    return out


def _candidates(entries: list[Entry], settings: Settings, wpm: float) -> list[Entry]:
    """The entries worth fetching: the newest, enough to fill the time budget with a 40% margin.

    Pages are the costly part of a run (bandwidth for the publishers, extraction for us); the margin
    covers pages that fail and stories that merge. ``wpm`` is the voice's calibrated speaking rate,
    so the budget in words is the one the episode will have. Undated entries rank as first seen now.
    Entries left out stay unbriefed and can come back in a later run.
    """
    per_story = settings.story_words + 12
    want = max(10, math.ceil(1.4 * _budget_words(settings.minutes * 60, wpm) / per_story))
    if len(entries) <= want:
        return entries
    far_future = datetime.max.replace(tzinfo=UTC)
    ranked = sorted(entries, key=lambda e: (-(e.published or far_future).timestamp(), e.feed_order))
    keep = {id(e) for e in ranked[:want]}
    return [e for e in entries if id(e) in keep]


def _speakable_by_engine(stories: list[Story], settings: Settings) -> list[Story]:
    """Drop stories in a language no candidate engine speaks, with a log line each."""
    engines = []
    for name in speech.candidates(settings.engine):
        try:
            engines.append(speech.create(name, settings))
        except EngineUnavailable:
            continue
    kept = []
    for s in stories:
        if any(e.speaks(s.language) for e in engines):
            kept.append(s)
        else:
            log.warning("skipped %r: no speech engine speaks %s", s.title, s.language)
    return kept


class Voices:
    """The run's speech engines, each opened once with its speech threads.

    Threads, not processes: the engines release the GIL while they compute (hibari's model and
    signal processing, gTTS's network waits), so one copy of the voice serves every core. Opening
    the first usable engine early (:meth:`warm`) loads the voice, and the audio libraries, while the
    main thread fetches and condenses articles. ``auto`` probes Google with one short phrase:
    offline, that fails within milliseconds and the local voice is opened instead.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stack = contextlib.ExitStack()
        self._open: dict[str, tuple[Engine, Executor]] = {}
        self._failed: dict[str, EngineUnavailable] = {}
        self._warming: list[Future[None]] = []
        self.rates: dict[str, float] = {}  # calibrated words per minute, "engine:voice" -> wpm

    def close(self) -> None:
        self._stack.close()

    def get(self, name: str) -> tuple[Engine, Executor]:
        from concurrent.futures import ThreadPoolExecutor

        if name in self._failed:
            raise self._failed[name]
        if name not in self._open:
            try:
                engine = speech.create(name, self.settings)
                if name == "gtts":
                    engine.synthesize("Good morning.", "en")
            except EngineUnavailable as exc:
                log.warning("speech: %s unavailable (%s); trying the next voice", name, exc)
                self._failed[name] = exc
                raise
            threads = ThreadPoolExecutor(max(1, self.settings.workers), thread_name_prefix=f"speech-{name}")
            self._stack.callback(threads.shutdown, wait=True, cancel_futures=True)
            if name != "gtts":
                self._warming.append(threads.submit(_warm, engine))
            self._open[name] = (engine, threads)
        return self._open[name]

    def failed_mid_episode(self, name: str, exc: EngineUnavailable) -> None:
        """A voice that worked at first and then gave out: never try it again in this run."""
        if name not in self._failed:
            log.warning("speech: %s failed mid-episode (%s); starting over with the next voice", name, exc)
            self._failed[name] = exc

    def rate(self, name: str) -> float:
        """Words per minute of the voice ``name`` (or ``auto``'s first choice): calibrated, or its own."""
        for candidate in speech.candidates(name):
            for key, wpm in self.rates.items():
                if key.startswith(f"{candidate}:"):
                    return wpm
            with contextlib.suppress(BriefingError):
                return speech.create(candidate, self.settings).words_per_minute
        return 160.0

    def ready(self) -> None:
        """Wait until the voices opened so far have loaded (a bug while loading surfaces here)."""
        while self._warming:
            self._warming.pop().result()

    def warm(self) -> None:
        for name in speech.candidates(self.settings.engine):
            try:
                self.get(name)
                return
            except EngineUnavailable:
                continue


def _warm(engine: Engine) -> None:
    """Load the voice (its first phrase loads the model and the G2P) and the loudness code. All in
    this one thread: two threads importing parts of scipy at once can fail ("partially initialized
    module")."""
    from . import audio

    with contextlib.suppress(BriefingError):  # the real run reports it, with the fallback
        engine.synthesize("Good morning.", "en")
    audio.LoudnessMeter()
    audio.prepare_limiter()


def _speak_to_budget(
    stories: list[Story],
    settings: Settings,
    when: datetime,
    fit_budget: Callable[[list[Story], int], list[Story]],
    progress: Callable[[int, int], None] | None,
    voices: Voices | None = None,
) -> tuple[Spoken, Script, str]:
    """Speak and encode with the first engine that works, trimming or extending to fit --minutes."""
    from .audio import chime, load_sound

    cache = _segment_cache(settings)
    intro = load_sound(settings.chime_file) if settings.chime_file else chime() if settings.chime else None
    last_error: Exception | None = None
    with contextlib.ExitStack() as stack:
        if voices is None:
            voices = Voices(settings)
            stack.callback(voices.close)
        for name in speech.candidates(settings.engine):
            try:
                engine, speakers = voices.get(name)
                spoken, script = _fit(
                    stories, engine, speakers, settings, when, fit_budget, cache, intro, progress, voices
                )
            except EngineUnavailable as exc:
                voices.failed_mid_episode(name, exc)
                last_error = exc
                continue
            if settings.engine == "auto" and name != "gtts":
                log.info("speech: using the local voice %s for the whole episode", name)
            return spoken, script, name
    raise SpeechError(f"no speech engine could speak the briefing: {last_error}")


@dataclass(frozen=True)
class Spoken:
    """The encoded (untagged) episode in a temporary file, and what it holds."""

    rendered: Rendered
    mp3: Path
    stats: AudioStats  # of what went into the encoder
    encoder_loss: float = 0.0  # LU the encoder takes away (made up for by the levelling)

    @property
    def loudness(self) -> float:
        """Integrated loudness of the published file, in LUFS."""
        return self.stats.loudness - self.encoder_loss


def _fit(
    stories: list[Story],
    engine: Engine,
    speakers: Executor | None,
    settings: Settings,
    when: datetime,
    fit_budget: Callable[[list[Story], int], list[Story]],
    cache: SegmentCache,
    intro: np.ndarray | None,
    progress: Callable[[int, int], None] | None,
    voices: Voices,
) -> tuple[Spoken, Script]:
    """Speak and encode, measure the real length and loudness, and go again until both fit; the
    attempt nearest the target wins.

    The speaking rate is calibrated per voice, so the first round usually fits; another round costs
    an encode, since every sentence is in the cache by then.
    """
    from .audio import Leveller, Mp3Stream, render
    from .script import write_script
    from .stories import spoken_words, trim_stories

    target = settings.minutes * 60
    wpm = voices.rates.get(f"{engine.name}:{engine.voice}", engine.words_per_minute)
    chosen = [s for s in fit_budget(stories, _budget_words(target, wpm)) if engine.speaks(s.language)]
    if not chosen:
        raise SpeechError(f"{engine.name} speaks none of the stories' languages")
    # Price the words around the stories (intro, headlines, outro) on a draft script, not a guess.
    draft = write_script(chosen, when, settings.show_title, settings.next_briefing)
    budget = _stories_budget(draft, target, wpm)
    chosen = [s for s in fit_budget(stories, budget) if engine.speaks(s.language)] or chosen
    script = draft
    correction = 0.0
    best: tuple[float, Spoken, Script] | None = None  # the attempt nearest the target so far
    try:
        for round_ in range(MAX_FIT_ROUNDS):
            last = round_ == MAX_FIT_ROUNDS - 1
            if list(script.stories) != chosen:  # else the draft, or the last take, is this very script
                script = write_script(chosen, when, settings.show_title, settings.next_briefing)
            level = Leveller(settings.loudness + correction, settings.true_peak, settings.bitrate)
            fd, name = tempfile.mkstemp(dir=settings.output, prefix=".briefing-", suffix=".mp3")
            os.close(fd)
            stream = Mp3Stream(Path(name), settings.bitrate, level)
            try:
                rendered = render(script, engine, cache, progress, intro, speakers, stream, level)
                if rendered.dropped and not last:
                    chosen = [s for i, s in enumerate(chosen) if i not in set(rendered.dropped)]
                    if not chosen:
                        raise SpeechError(f"{engine.name} could not speak any story")
                    stream.abort()
                    continue
                stats = stream.close()
            except BaseException:
                stream.abort()
                raise
            spoken = Spoken(rendered, Path(name), stats, level.offset or 0.0)
            aim = settings.loudness + correction + (level.offset or 0.0)
            if abs(stats.loudness - aim) > 1.0 and correction == 0.0 and not last:
                # Segments levelled one by one missed the whole (rare: very uneven sources); once more.
                correction = aim - stats.loudness
                log.info("loudness: %.1f LUFS instead of %.1f; levelling again", stats.loudness, aim)
                spoken.mp3.unlink(missing_ok=True)
                continue
            error = abs(rendered.seconds - target)
            log.info("fit: %s, %.0f s for a target of %.0f s", _plural(len(chosen), "story", "stories"),
                     rendered.seconds, target)  # fmt: skip
            if best is None or error < best[0]:
                if best is not None:
                    best[1].mp3.unlink(missing_ok=True)
                best = (error, spoken, script)
            else:
                spoken.mp3.unlink(missing_ok=True)
            if error <= 0.05 * target:
                break
            # Calibrated on this very episode: its speaking rate, and the words around the stories
            # (intro, headlines, outro), so the next choice of stories is priced in real seconds.
            wpm = 60 * _script_words(script) / max(rendered.seconds, 1.0)
            budget = _stories_budget(script, target, wpm)
            excess = int((rendered.seconds - target) / 60 * wpm)
            per_story = sum(spoken_words(s) for s in chosen) / len(chosen)
            if 0 < excess < per_story / 2:
                refit = trim_stories(chosen, excess)  # a little long: shorter stories, not fewer
            else:
                refit = [s for s in fit_budget(stories, budget) if engine.speaks(s.language)]
                if refit == chosen and excess < 0:  # short, and no nearer set: one story more, then trim
                    more = fit_budget(stories, budget + int(per_story))
                    refit = [s for s in more if engine.speaks(s.language)]
            if refit == chosen:
                break
            chosen = refit
    except BaseException:
        if best is not None:
            best[1].mp3.unlink(missing_ok=True)
        raise
    if best is None:
        raise SpeechError(f"{engine.name} could not speak the briefing")
    return best[1], best[2]


def _script_words(script: Script) -> int:
    return sum(len(seg.text.split()) for seg in script.segments)


def _stories_budget(script: Script, target_seconds: float, wpm: float) -> int:
    """Words the stories may take: the target at ``wpm``, less what the script says around them."""
    from .stories import spoken_words

    around = _script_words(script) - sum(spoken_words(s) for s in script.stories)
    return max(30, int(target_seconds / 60 * wpm) - around)


def _budget_words(target_seconds: float, wpm: float) -> int:
    return max(30, int(target_seconds / 60 * wpm) - INTRO_OUTRO_WORDS)


def _finish(
    spoken: Spoken, script: Script, settings: Settings, when: datetime, engine: str, cover: bytes
) -> Episode:
    """Gate, name and tag the encoded episode; the caller publishes it (or removes it on failure)."""
    from .audio import Tags, mp3_seconds, write_tags
    from .script import join_sources

    rendered, mp3 = spoken.rendered, spoken.mp3
    spoken.stats.check(settings.min_episode_seconds)
    slug = base = "briefing-" + when.astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    for n in range(2, 100):  # two runs in one second must not overwrite each other
        if not (settings.output / f"{slug}.mp3").exists() and not (settings.output / f"{slug}.json").exists():
            break
        slug = f"{base}-{n}"
    sources = tuple(dict.fromkeys(src for s in script.stories for src in s.sources))
    title = f"{settings.show_title}, {when:%A %d %B %Y, %H:%M}"
    comment = "Sources: " + join_sources(sources)
    tags = Tags(title, settings.show_title, settings.show_title, when, comment, cover)
    write_tags(mp3, tags, rendered.chapters)
    seconds = mp3_seconds(mp3)  # the gate checks the real file, not our intentions
    if seconds < settings.min_episode_seconds:
        raise AudioError(f"the encoded episode is {seconds:.1f} s long; refusing to publish it")
    return Episode(
        slug=slug,
        title=title,
        created=when,
        mp3=mp3,
        duration=seconds,
        chapters=rendered.chapters,
        cues=rendered.cues,
        script=replace(script, title=title),
        engine=f"{engine}:{rendered.voice}",
        sources=sources,
    )


def _cover_bytes(settings: Settings, when: datetime) -> bytes:
    from .audio import make_cover

    if settings.cover:
        try:
            return Path(settings.cover).read_bytes()
        except OSError as exc:
            log.warning("cover %s unreadable (%s); generating one", settings.cover, exc)
    return make_cover(settings.show_title, when)


def _site_lines(articles: list[Article], site_of: Callable[[str | None], str]) -> list[tuple[str, str, str]]:
    from .text.boilerplate import sentence_key
    from .text.sentences import split_sentences

    out = []
    for a in articles:
        if not a.from_page:
            continue
        site = site_of(a.entry.link)
        for sentence in split_sentences(a.text):
            key = sentence_key(sentence)
            if key:
                out.append((site, key, a.entry.key))
    return out


def _remove_stale_temporaries(output: Path) -> None:
    """Temporary files of a run that was killed; we hold the lock, so nobody is writing them."""
    for path in output.glob(".*"):
        if path.is_file() and (path.name.endswith(".tmp") or path.name.startswith(".briefing-")):
            path.unlink(missing_ok=True)


def _reconcile(state: State, output: Path, show: Show) -> None:
    """A run killed after publishing but before remembering: remember its stories now."""
    from .publish import episodes, write_feed

    metas = episodes(output)
    missing = [m for m in metas if m.get("keys") and not state.briefed(m["keys"][:1])]
    for meta in missing:
        log.info("recovering the memory of episode %s", meta["slug"])
        state.commit_run(meta["slug"], meta["keys"], {}, {}, [])
    feed = output / "feed.xml"
    if missing or (metas and not feed.exists()):
        write_feed(output, show)


def _write_report(output: Path, report: RunReport) -> None:
    from .publish import write_atomic

    try:
        write_atomic(output / "run-report.json", json.dumps(asdict(report), indent=1).encode())
    except BriefingError as exc:
        log.warning("run report not written: %s", exc)


def build_script(settings: Settings, now: datetime | None = None) -> Script:
    """A dry run: the script a run would speak now, without audio or any change to the state."""
    from .articles import extractor, fetch_articles
    from .config import read_feeds
    from .feeds import fetch_feeds
    from .script import write_script
    from .state import State
    from .stories import fit_budget, make_stories

    sources = read_feeds(settings.feeds)
    state = State(settings.state_path)
    try:
        with Fetcher(user_agent=settings.user_agent) as fetcher:
            results = fetch_feeds(sources, fetcher)
            for r in results:
                if r.error:
                    log.warning("%s", r.error)
            entries = _new_entries(results, state)
            with extractor() as helper:
                articles = fetch_articles(entries, fetcher, helper, state.stock_lines, settings.story_words)
        rewriter = _rewriter(settings)
        try:
            stories = make_stories(articles, settings.story_words, rewrite=rewriter)
        finally:
            if rewriter is not None:
                rewriter.close()
        stories = _speakable_by_engine(stories, settings)
        wpm = 163.0
        chosen = fit_budget(stories, _budget_words(settings.minutes * 60, wpm))
        return write_script(
            chosen, (now or datetime.now(UTC)).astimezone(), settings.show_title, settings.next_briefing
        )
    finally:
        state.close()

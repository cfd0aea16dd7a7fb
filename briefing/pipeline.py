"""The order of the stages: feeds -> entries -> articles -> stories -> script -> audio -> episode.

:func:`run` makes and publishes a briefing; :func:`dry_run` goes the same way up to the script and
stops there, changing nothing. The memory is read at the start and written only after the episode
is published, so a killed run changes nothing that matters.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from .config import Settings, read_feeds
from .errors import BriefingError, FeedError
from .http import Fetcher, Limits
from .model import Entry, FeedSource, LeftOut, Script, Story, StoryLine, Told, Validators
from .ranking import budget_words
from .report import RunReport, Status
from .speech.chooser import Voices
from .state import Learned, State

if TYPE_CHECKING:
    from .episode import Take
    from .feeds import FeedResult
    from .publish import Show
    from .select import Choice, Editor
    from .stories import Assessed

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
FETCH_ROUNDS = 3  # of pages at most: the first, then more while too few make stories
# Reasons an item is never worth another look; the others (over budget, language) may win later.
FINAL_REASONS = frozenset({"no substance", "muted", "told before"})


@dataclass
class News:
    """What the stages up to the script found, and what the memory will keep of it."""

    choice: Choice
    validators: dict[str, Validators]  # of the feeds read without error
    stories: list[Story] = field(default_factory=list)
    assessed: list[Assessed] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


@dataclass(frozen=True)
class Run:
    """What one run (or dry run) works with, from the feeds to the script."""

    settings: Settings
    state: State
    voices: Voices
    report: RunReport
    when: datetime  # local time: the script's wording, the items' ages


@dataclass(frozen=True)
class DryRun:
    """What ``briefing script`` shows: the script a run would speak now, and what it would leave out."""

    script: Script
    left_out: list[LeftOut]


def run(settings: Settings, now: datetime | None = None, progress: Progress | None = None) -> RunReport:
    """Make and publish one briefing; raises BriefingError kinds for problems that stop the run."""
    from .lock import run_lock
    from .publish import check_writable

    sources = read_feeds(settings.feeds)  # a bad line stops us before any network call
    check_writable(settings.output)
    report = RunReport(started=datetime.now(UTC).isoformat(timespec="seconds"))
    with run_lock(settings.output, wait=settings.wait_lock):
        try:
            _run_locked(settings, sources, report, _local(now), progress)
        except BriefingError as exc:
            report.status, report.error = Status.FAILED, str(exc)
            report.write(settings.output)
            _notify(settings, report)
            raise
        report.write(settings.output)
    _notify(settings, report)
    return report


def dry_run(settings: Settings, now: datetime | None = None) -> DryRun:
    """The script a run would speak now, without audio and without any change to the memory."""
    from .episode import first_choice

    sources = read_feeds(settings.feeds)
    when = _local(now)
    with (
        State(settings.state_path, read_only=True) as state,
        Voices(settings, state.speaking_rates()) as voices,
    ):
        news = gather(Run(settings, state, voices, RunReport(), when), sources, warm=False)
        stories, mute = voices.sort_out(news.stories)
        script = first_choice(stories, settings, when, voices.rate())
    told = {id(s) for s in script.stories}
    waiting = [s for s in stories if id(s) not in told]
    lost = _over_budget(waiting) + _unspoken(mute)
    return DryRun(script, news.left_out + lost)


def _notify(settings: Settings, report: RunReport) -> None:
    """One message after a run that published or failed (``notify`` in briefing.toml); a message that
    cannot be sent is a log line and never changes the run's outcome."""
    if not settings.notify:
        return
    from .notify import notify_run

    page = _show(settings).url("index.html")
    summary = report.summary()
    notify_run(
        settings.notify, report.status, summary, settings.show_title, page, settings.notify_nothing_new
    )


def _run_locked(
    settings: Settings,
    sources: list[FeedSource],
    report: RunReport,
    when: datetime,
    progress: Progress | None,
) -> None:
    from . import publish

    started = time.time()
    with State(settings.state_path) as state, Voices(settings, state.speaking_rates()) as voices:
        publish.recover(settings.output, state, _show(settings))
        news = gather(Run(settings, state, voices, report, when), sources)
        stories, mute = voices.sort_out(news.stories)
        news.left_out += _unspoken(mute)
        if not stories:
            report.status, report.left_out = Status.NOTHING_NEW, news.left_out
            state.commit(_learned(news, [], ""))
            return
        from . import episode  # (and the stages it needs: only when there is something to speak)

        with report.timed("speak_encode"):
            take = episode.speak(stories, voices, when, progress)
        _log_speech(take)
        slug = _publish(take, settings, report, when, started)
        voice, _ = voices.get(take.engine)
        told = {s.keys for s in take.script.stories}  # (a story may have been trimmed)
        untold = [s for s in stories if s.keys not in told]
        news.left_out += _over_budget([s for s in untold if voice.speaks(s.language)])
        news.left_out += _unspoken([s for s in untold if not voice.speaks(s.language)])
        with report.timed("publish"):
            state.commit(_learned(news, list(take.script.stories), slug, episode.speaking_rate(take)))
        report.stories = [StoryLine(s.title, s.sources, s.url) for s in take.script.stories]
        report.left_out, report.engine = news.left_out, take.engine
        report.synthesized, report.takes = take.spoken.rendered.synthesized, take.takes


def _publish(take: Take, settings: Settings, report: RunReport, when: datetime, started: float) -> str:
    """Gate, tag and publish the take; tidy the folder. The episode's slug."""
    from . import episode, publish
    from .audio.cache import prune_cache

    folder, show = settings.output, _show(settings)
    keys = sorted({k for s in take.script.stories for k in s.keys})
    try:
        with report.timed("tag"):
            cover = publish.cover_art(settings.cover, settings.show_title, when)
            ep = episode.finish(take, settings, when, publish.new_slug(folder, when), cover)
        log.info("audio: %s.mp3, %.1f min, %.1f LUFS, %d chapters", ep.slug, ep.duration / 60,
                 take.spoken.loudness, len(ep.chapters))  # fmt: skip
        with report.timed("publish"):
            publish.publish(ep, take.spoken.mp3, folder, show, keys)
    finally:
        take.spoken.mp3.unlink(missing_ok=True)  # published (moved) or refused
    with report.timed("publish"):
        own_cover = settings.cover is not None
        publish.tidy(folder, show, cover, own_cover, settings.keep_episodes, settings.keep_days)
        prune_cache(settings, started)
    report.status, report.episode = Status.PUBLISHED, ep.slug
    report.mp3, report.duration = str(folder / f"{ep.slug}.mp3"), round(ep.duration, 2)
    return ep.slug


def gather(run: Run, sources: list[FeedSource], warm: bool = True) -> News:
    """Feeds, entries, articles and stories: everything up to the script, shared by run and dry run.
    With ``warm``, the first voice loads while the pages are read."""
    from .feeds import fetch_feeds
    from .select import choose

    settings, state, report = run.settings, run.state, run.report
    with Fetcher(Limits.of(settings), settings.user_agent) as fetcher:
        with report.timed("fetch"):
            results = fetch_feeds(sources, fetcher, state.validators)
        news = News(
            choose(results, state, _editor(settings, run.voices), run.when), _count_feeds(results, report)
        )
        log.info("feeds: %d read, %d failed, %d item(s) to fetch%s", report.feeds_ok,
                 len(report.feeds_failed), len(news.choice.fetch),
                 "" if news.choice.new else ", nothing new")  # fmt: skip
        news.left_out = list(news.choice.left_out)
        if not news.choice.fetch:  # nothing new: nothing more to import, fork or load
            return news
        news.assessed, fetched = _articles(run, news.choice, fetcher, warm)
        report.requests = fetcher.requests
    with report.timed("stories"):
        news.stories, left = _stories(news.assessed, settings, state, run.when)
    waiting = news.choice.ranked[len(fetched) :]
    news.left_out += left + _unread(fetched, news.assessed)
    news.left_out += _left_entries(waiting, "over budget", "its page was not fetched; kept for later")
    log.info("stories: %d after merging duplicates, %d item(s) left out", len(news.stories),
             len(news.left_out))  # fmt: skip
    return news


def _articles(run: Run, choice: Choice, fetcher: Fetcher, warm: bool) -> tuple[list[Assessed], list[Entry]]:
    """Fetch and extract the pages, and judge each article, in the extraction processes: the first
    pages, then, while too few make stories a voice here can tell, more in the same order (a feed in a
    language no voice speaks, or of teasers, costs a round, not a short briefing). With ``warm``,
    the first voice loads meanwhile. The articles, and the entries whose pages were fetched."""
    from .articles import extractor, fetch_articles
    from .stories import assess, prepare

    settings, voices = run.settings, run.voices
    judge = partial(assess, max_words=settings.story_words)
    budget = budget_words(settings.minutes * 60, voices.rate())
    assessed: list[Assessed] = []
    batch, at = choice.fetch, len(choice.fetch)
    with run.report.timed("articles"), extractor(prepare=prepare) as pool:  # forked before any thread
        if warm:
            voices.warm()  # the voice loads while pages are fetched and extracted
        for round_ in range(1, FETCH_ROUNDS + 1):
            assessed += fetch_articles(batch, fetcher, pool, judge, run.state.stock_lines)
            more = _more_pages(assessed, voices, budget, settings.story_words)
            if more <= 0 or at >= len(choice.ranked) or round_ == FETCH_ROUNDS:
                break
            batch = choice.ranked[at : at + more]
            at += len(batch)
        if warm:
            voices.ready()  # and its imports are done before this thread imports anything more
    log.info("articles: %d read", len(assessed))
    return assessed, choice.ranked[:at]


def _more_pages(assessed: list[Assessed], voices: Voices, budget: int, story_words: int) -> int:
    """How many more pages the budget still asks for: the words it lacks, in stories as long as
    the ones that came (short ones, from feeds' summaries, leave room for more), with the margin."""
    from .select import PAGE_MARGIN

    lengths = [len(f"{a.article.entry.title} {a.summary}".split()) + 6 for a in assessed
               if not a.problem and voices.speaks(a.language)]  # fmt: skip
    lacking = budget - sum(lengths)
    per_story = sum(lengths) / len(lengths) if lengths else story_words + 12
    return math.ceil(PAGE_MARGIN * lacking / per_story) if lacking > 0 else 0


def _stories(
    assessed: list[Assessed], settings: Settings, state: State, when: datetime
) -> tuple[list[Story], list[LeftOut]]:
    from .rewrite import Rewriter
    from .stories import Desk, make_stories

    rewriter = Rewriter.from_settings(settings)
    told = tuple(state.told_since(when.timestamp() - settings.recall_days * 86400))
    desk = Desk(settings.story_words, when, settings.topics, settings.mute, told, None, rewriter)
    try:
        return make_stories(assessed, desk)
    finally:
        if rewriter is not None:
            rewriter.close()


def _learned(news: News, told: list[Story], slug: str, rates: dict[str, float] | None = None) -> Learned:
    """What the memory keeps of the run: the stories told, the items judged for good, what waits."""
    briefed = {k for s in told for k in s.keys} | {x.key for x in news.left_out if x.reason in FINAL_REASONS}
    now = time.time()
    return Learned(
        episode=slug or "-",
        briefed=tuple(sorted(briefed)),
        seen=news.choice.seen,
        validators=news.validators,
        site_lines=_site_lines(news) if slug else (),
        speaking_rates=rates or {},
        pending=tuple(e for e in news.choice.fresh if e.key not in briefed),
        told=tuple(Told(s.title, now, s.words, s.vocabulary) for s in told),
    )


def _site_lines(news: News) -> tuple[tuple[str, str, str], ...]:
    """The stock lines the run's pages showed, for the memory (imported only after a published run)."""
    from .articles import stock_line_keys

    return tuple(stock_line_keys([a.article for a in news.assessed]))


def _editor(settings: Settings, voices: Voices) -> Editor:
    from .select import Editor

    return Editor(settings.minutes, settings.story_words, voices.rate(), settings.max_age, settings.topics,
                  settings.mute)  # fmt: skip


def _unspoken(stories: list[Story]) -> list[LeftOut]:
    return [LeftOut.story(s, "language", f"no voice here speaks {s.language!r}") for s in stories]


def _over_budget(stories: list[Story]) -> list[LeftOut]:
    return [LeftOut.story(s, "over budget", "kept for later") for s in stories]


def _left_entries(entries: list[Entry], reason: str, detail: str) -> list[LeftOut]:
    return [LeftOut(e.title, e.source, e.link, reason, detail, e.key) for e in entries]


def _unread(fetched: list[Entry], assessed: list[Assessed]) -> list[LeftOut]:
    """Items whose page could not be read at all (the extraction process died on it)."""
    read = {a.article.entry.key for a in assessed}
    return [LeftOut(e.title, e.source, e.link, "no substance", "its page could not be read", e.key)
            for e in fetched if e.key not in read]  # fmt: skip


def _count_feeds(results: list[FeedResult], report: RunReport) -> dict[str, Validators]:
    """Failed feeds into the report (a run with none read fails); the validators of the ones read."""
    for r in results:
        if r.error:
            log.warning("%s", r.error)
            report.feeds_failed.append(r.error)
    report.feeds_ok = sum(1 for r in results if not r.error)
    if not report.feeds_ok:
        raise FeedError(f"all {len(report.feeds_failed)} feed(s) failed")
    return {r.source.url: r.validators for r in results if not r.error}


def _show(settings: Settings) -> Show:
    from .publish import Show

    return Show.from_settings(settings)


def _local(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone()


def _log_speech(take: Take) -> None:
    rendered = take.spoken.rendered
    log.info("speech: %d stories, %.1f min, voice %s:%s, %d sentences spoken (the rest from the cache)",
             len(take.script.stories), rendered.seconds / 60, take.engine, rendered.voice,
             rendered.synthesized)  # fmt: skip

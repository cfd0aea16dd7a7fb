"""The order of the stages: feeds -> entries -> articles -> stories -> script -> audio -> episode.

:func:`run` makes and publishes a briefing; :func:`dry_run` goes the same way up to the script and
stops there, changing nothing. The memory is read at the start and written only after the episode
is published, so a killed run changes nothing that matters.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from .config import Settings, read_feeds
from .errors import BriefingError, FeedError
from .http import Fetcher, Limits
from .model import Entry, FeedSource, Script, Story, Validators
from .report import RunReport, Status, StoryLine
from .speech.chooser import Voices
from .state import State

if TYPE_CHECKING:
    from .episode import Take
    from .feeds import FeedResult
    from .publish import Show
    from .stories import Condensed

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class News:
    """What the stages up to the script found: the stories, and what the memory will keep of them."""

    stories: list[Story]
    condensed: list[Condensed]
    seen: dict[str, float]  # first-seen times of the new items
    validators: dict[str, Validators]  # of the feeds read without error


def run(settings: Settings, now: datetime | None = None, progress: Progress | None = None) -> RunReport:
    """Make and publish one briefing; raises BriefingError kinds for problems that stop the run."""
    from .lock import run_lock
    from .publish import check_writable

    sources = read_feeds(settings.feeds)  # a bad line stops us before any network call
    check_writable(settings.output)
    report = RunReport(started=datetime.now(UTC).isoformat(timespec="seconds"))
    with run_lock(settings.output, wait=settings.wait_lock):
        try:
            _run_locked(settings, sources, report, now, progress)
        except BriefingError as exc:
            report.status, report.error = Status.FAILED, str(exc)
            report.write(settings.output)
            raise
        report.write(settings.output)
    return report


def dry_run(settings: Settings, now: datetime | None = None) -> Script:
    """The script a run would speak now, without audio and without any change to the memory."""
    from .episode import first_choice, speakable

    sources = read_feeds(settings.feeds)
    with (
        State(settings.state_path, read_only=True) as state,
        Voices(settings, state.speaking_rates()) as voices,
    ):
        news = gather(settings, sources, state, voices, RunReport(), warm=False)
        stories, _ = speakable(news.stories, voices)
        return first_choice(stories, settings, _local(now), voices.rate())


def _run_locked(
    settings: Settings,
    sources: list[FeedSource],
    report: RunReport,
    now: datetime | None,
    progress: Progress | None,
) -> None:
    from . import episode, publish
    from .articles import stock_line_keys
    from .audio.cache import prune_cache

    started, folder, show = time.time(), settings.output, _show(settings)
    with State(settings.state_path) as state, Voices(settings, state.speaking_rates()) as voices:
        publish.recover(folder, state, show)
        news = gather(settings, sources, state, voices, report)
        stories, unspeakable = episode.speakable(news.stories, voices)
        for story in unspeakable:
            log.warning("skipped %r: no speech engine speaks %s", story.title, story.language)
        if not stories:
            state.commit_validators(news.validators)
            report.status = Status.NOTHING_NEW
            return
        when = _local(now)
        with report.timed("speak_encode"):
            take = episode.speak(stories, voices, when, progress)
        _log_speech(take)
        keys = sorted({k for s in take.script.stories for k in s.keys})
        try:
            with report.timed("tag"):
                cover = publish.cover_art(settings.cover, settings.show_title, when)
                slug = publish.new_slug(folder, when)
                ep = episode.finish(take, settings, when, slug, cover)
            log.info("audio: %s.mp3, %.1f min, %.1f LUFS, %d chapters", ep.slug, ep.duration / 60,
                     take.spoken.loudness, len(ep.chapters))  # fmt: skip
            with report.timed("publish"):
                publish.publish(ep, take.spoken.mp3, folder, show, keys)
        finally:
            take.spoken.mp3.unlink(missing_ok=True)  # published (moved) or refused
        with report.timed("publish"):
            publish.tidy(
                folder, show, cover, settings.cover is not None, settings.keep_episodes, settings.keep_days
            )
            site_lines = stock_line_keys([c.article for c in news.condensed])
            rate = episode.speaking_rate(take)
            state.commit_run(ep.slug, keys, news.seen, news.validators, site_lines, speaking_rates=rate)
            prune_cache(settings, started)
        report.status, report.episode, report.engine = Status.PUBLISHED, ep.slug, take.engine
        report.mp3, report.duration = str(folder / f"{ep.slug}.mp3"), round(ep.duration, 2)
        report.stories = [StoryLine(s.title, s.sources, s.url) for s in take.script.stories]
        report.synthesized = take.spoken.rendered.synthesized


def gather(
    settings: Settings,
    sources: list[FeedSource],
    state: State,
    voices: Voices,
    report: RunReport,
    warm: bool = True,
) -> News:
    """Feeds, entries, articles and stories: everything up to the script, shared by run and dry run.
    With ``warm``, the first voice loads while the pages are read."""
    from .feeds import fetch_feeds
    from .select import candidates, new_entries

    with Fetcher(_limits(settings), settings.user_agent) as fetcher:
        with report.timed("fetch"):
            results = fetch_feeds(sources, fetcher, state.validators)
        validators = _count_feeds(results, report)
        entries = new_entries(results, state.briefed)
        log.info("feeds: %d read, %d failed, %d new item(s)", report.feeds_ok, len(report.feeds_failed),
                 len(entries))  # fmt: skip
        if not report.feeds_ok:
            raise FeedError(f"all {len(report.feeds_failed)} feed(s) failed")
        if not entries:  # nothing new: nothing more to import, fork or load
            return News([], [], {}, validators)
        wanted = candidates(entries, settings.minutes, settings.story_words, voices.rate())
        condensed = _articles(wanted, fetcher, state, voices if warm else None, settings, report)
        report.requests = fetcher.requests
    seen = state.first_seen([e.key for e in entries])
    with report.timed("stories"):
        stories = _stories(condensed, settings, seen)
    log.info("stories: %d after merging duplicates", len(stories))
    return News(stories, condensed, seen, validators)


def _articles(
    wanted: list[Entry],
    fetcher: Fetcher,
    state: State,
    voices: Voices | None,
    settings: Settings,
    report: RunReport,
) -> list[Condensed]:
    """Fetch and extract the pages and condense each article, in the extraction processes."""
    from .articles import extractor, fetch_articles
    from .stories import condense, prepare_condenser

    then = partial(condense, max_words=settings.story_words)
    with report.timed("articles"), extractor(prepare=prepare_condenser) as pool:  # forked before threads
        if voices is not None:
            voices.warm()  # the voice loads while pages are fetched and extracted
        condensed = fetch_articles(wanted, fetcher, pool, then, state.stock_lines)
        if voices is not None:
            voices.ready()  # and its imports are done before this thread imports anything more
    log.info("articles: %d with text", len(condensed))
    return condensed


def _stories(condensed: list[Condensed], settings: Settings, seen: dict[str, float]) -> list[Story]:
    from .rewrite import Rewriter
    from .stories import make_stories

    def first_seen(key: str) -> datetime:
        return datetime.fromtimestamp(seen.get(key, time.time()), UTC)

    rewriter = Rewriter.from_settings(settings)
    try:
        return make_stories(condensed, settings.story_words, first_seen, rewriter)
    finally:
        if rewriter is not None:
            rewriter.close()


def _count_feeds(results: list[FeedResult], report: RunReport) -> dict[str, Validators]:
    """Failed feeds into the report; the validators of the ones read."""
    for r in results:
        if r.error:
            log.warning("%s", r.error)
            report.feeds_failed.append(r.error)
    report.feeds_ok = sum(1 for r in results if not r.error)
    return {r.source.url: r.validators for r in results if not r.error}


def _limits(settings: Settings) -> Limits:
    return Limits(
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        total_timeout=settings.total_timeout,
        max_bytes=settings.max_bytes,
        per_host=settings.per_host,
    )


def _show(settings: Settings) -> Show:
    from .publish import Show

    return Show(settings.show_title, settings.show_author, settings.base_url or "http://localhost:8000/")


def _local(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone()


def _log_speech(take: Take) -> None:
    rendered = take.spoken.rendered
    log.info("speech: %d stories, %.1f min, voice %s:%s, %d sentences spoken (the rest from the cache)",
             len(take.script.stories), rendered.seconds / 60, take.engine, rendered.voice,
             rendered.synthesized)  # fmt: skip

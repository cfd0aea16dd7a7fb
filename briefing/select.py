"""[FeedResult] -> the entries worth fetching: not briefed before, at most ``max`` a feed, enough to
fill the time budget with a margin."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from .feeds import FeedResult
from .model import Entry
from .stories import budget_words

PAGE_MARGIN = 1.4  # pages fetched per story the budget holds: some pages fail, some stories merge
MIN_PAGES = 10


def new_entries(results: list[FeedResult], briefed: Callable[[Iterable[str]], set[str]]) -> list[Entry]:
    """Items not briefed before, deduplicated across feeds, at most ``max`` per feed, newest first."""
    out: list[Entry] = []
    taken: set[str] = set()
    for r in results:
        keys = [e.key for e in r.entries] + [f"guid:{e.guid}" for e in r.entries if e.guid]
        old = briefed(keys)
        fresh = [e for e in r.entries if e.key not in old and f"guid:{e.guid}" not in old]
        fresh.sort(key=_newest_first)
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


def _newest_first(e: Entry) -> tuple[bool, float, int]:
    return e.published is None, -(e.published.timestamp() if e.published else 0), e.item_order


def candidates(entries: list[Entry], minutes: float, story_words: int, wpm: float) -> list[Entry]:
    """The entries worth fetching: the newest, enough to fill the time budget with a margin.

    Pages are the costly part of a run (bandwidth for the publishers, extraction for us). ``wpm`` is
    the voice's calibrated speaking rate, so the budget in words is the one the episode will have.
    Undated entries rank as first seen now. Entries left out stay unbriefed and can come back later.
    """
    per_story = story_words + 12
    want = max(MIN_PAGES, math.ceil(PAGE_MARGIN * budget_words(minutes * 60, wpm) / per_story))
    if len(entries) <= want:
        return entries
    far_future = datetime.max.replace(tzinfo=UTC)
    ranked = sorted(entries, key=lambda e: (-(e.published or far_future).timestamp(), e.feed_order))
    keep = {id(e) for e in ranked[:want]}
    return [e for e in entries if id(e) in keep]

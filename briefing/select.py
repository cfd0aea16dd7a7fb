"""[FeedResult] + the memory -> the entries worth fetching now, and every other one accounted for.

An item competes while it is fresh (``max_age``, per feed or for the show; an item without a usable
date counts from when it was first seen) and not yet told. One that loses to the budget stays in the
memory and competes again in later runs until it is stale, whether or not its feed changed: a 304
hides nothing. A run briefs only when some item is new (never seen before); what lost before then
competes beside it, so a run with nothing new stays a round of conditional requests.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from .interests import Interests
from .model import Entry, FeedSource, LeftOut
from .ranking import budget_words, fair_share, importance
from .text.markup import plain_text

if TYPE_CHECKING:
    from .feeds import FeedResult

log = logging.getLogger(__name__)

PAGE_MARGIN = 1.4  # pages fetched per story the budget holds: some pages fail, some stories merge
MIN_PAGES = 10


class Memory(Protocol):
    """What selection reads of the memory (:class:`briefing.state.State`)."""

    def briefed(self, keys: Iterable[str]) -> set[str]: ...

    def first_seen(self, keys: Iterable[str]) -> dict[str, float]: ...

    def pending(self, feed: FeedSource) -> list[Entry]: ...


@dataclass(frozen=True)
class Choice:
    """What a run's feeds offer: the candidates in the order their pages are worth fetching, how
    many to fetch at first, and the items that are no candidates, with reasons."""

    ranked: list[Entry]  # the candidates, best first, no outlet above its fair share early on
    first: int  # pages to fetch at once: enough to fill the budget with a margin
    fresh: list[Entry]  # every fresh item not told and not muted: what the memory keeps until told
    seen: dict[str, float]  # when each item offered was first seen (time.time())
    new: bool  # some item was never seen before: the run has news
    left_out: list[LeftOut]

    @property
    def fetch(self) -> list[Entry]:
        """The pages to fetch at first (none when nothing is new)."""
        return self.ranked[: self.first] if self.new else []


@dataclass(frozen=True)
class Editor:
    """The show's settings that choose among the items."""

    minutes: float
    story_words: int
    wpm: float  # the voice's speaking rate: the budget in words is the episode's
    max_age: float  # hours
    topics: tuple[str, ...] = ()
    mute: tuple[str, ...] = ()


def choose(results: list[FeedResult], memory: Memory, editor: Editor, now: datetime) -> Choice:
    """The fresh, untold, unmuted items of every feed read (parsed now, or kept from before), at most
    ``max`` a feed; the pages worth fetching among them; every item offered accounted for."""
    fresh: list[Entry] = []
    left: list[LeftOut] = []
    seen: dict[str, float] = {}
    new = False
    for r in results:
        if r.error:
            continue
        entries = _offered(r, memory)
        known = memory.first_seen(e.key for e in entries)
        new = new or any(e.key not in known for e in entries)
        seen.update({e.key: known.get(e.key, now.timestamp()) for e in entries})
        kept, out = _judge(entries, seen, editor, now)
        fresh += kept
        left += out
    candidates, over = _per_feed(fresh)
    ranked, first = _pages(candidates, editor, now)
    left += _left(over, "over budget", "beyond the feed's max for one run; kept for later")
    return Choice(ranked, first, fresh, seen, new, left)


def _offered(result: FeedResult, memory: Memory) -> list[Entry]:
    """The feed's items now (or, when it is unchanged, none) and those kept from earlier runs; not
    the ones told already."""
    entries = list(dict((e.key, e) for e in [*result.entries, *memory.pending(result.source)]).values())
    keys = [e.key for e in entries] + [f"guid:{e.guid}" for e in entries if e.guid]
    told = memory.briefed(keys)
    return [e for e in entries if e.key not in told and f"guid:{e.guid}" not in told]


def _judge(
    entries: list[Entry], seen: dict[str, float], editor: Editor, now: datetime
) -> tuple[list[Entry], list[LeftOut]]:
    """The fresh and unmuted items, and the others with their reasons."""
    kept, left = [], []
    for e in entries:
        max_age = e.feed.max_age if e.feed and e.feed.max_age else editor.max_age
        age = (now.timestamp() - (e.published.timestamp() if e.published else seen[e.key])) / 3600
        muted = _interests(e, editor).muted(f"{e.title}\n{plain_text(e.content_html)}")
        if age > max_age:
            left.append(_one(e, "stale", f"{_hours(age)} old; max_age is {_hours(max_age)}"))
        elif muted:
            left.append(_one(e, "muted", f"mentions {muted!r}"))
        else:
            kept.append(e)
    return kept, left


def _per_feed(entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """At most ``max`` items a feed, its publisher's top ones first: (candidates, the rest)."""
    taken: dict[str, int] = {}
    candidates, over = [], []
    for e in sorted(entries, key=lambda e: (e.feed_order, e.item_order)):
        feed = e.feed.url if e.feed else ""
        limit = e.feed.max_items if e.feed else 5
        if taken.get(feed, 0) < limit:
            taken[feed] = taken.get(feed, 0) + 1
            candidates.append(e)
        else:
            over.append(e)
    return candidates, over


def _pages(candidates: list[Entry], editor: Editor, now: datetime) -> tuple[list[Entry], int]:
    """The candidates in the order worth fetching (the most important first, no outlet above its
    fair share of the first ones while others have news), and how many to fetch at once: enough to
    fill the budget with a margin. Pages are the costly part of a run (bandwidth for the publishers,
    extraction for us)."""
    per_story = editor.story_words + 12
    want = max(MIN_PAGES, math.ceil(PAGE_MARGIN * budget_words(editor.minutes * 60, editor.wpm) / per_story))

    def score(e: Entry) -> tuple[float, int, int]:
        age = (now - e.published).total_seconds() / 3600 if e.published else 0.0
        hits = _interests(e, editor).hits(f"{e.title}\n{plain_text(e.content_html)}")
        return -importance(1, e.item_order, age, hits), e.feed_order, e.item_order

    ranked = sorted(candidates, key=score)
    return (ranked, len(ranked)) if len(ranked) <= want else (_balanced(ranked, want), want)


def _balanced(ranked: list[Entry], want: int) -> list[Entry]:
    """All of them in rank order, but at most a fair share of ``want`` an outlet first: the others'
    turn comes when every outlet has had its share."""
    cap = fair_share(want, len({e.source for e in ranked}))
    counts: Counter[str] = Counter()
    first: list[Entry] = []
    rest: list[Entry] = []
    for e in ranked:
        (first if counts[e.source] < cap else rest).append(e)
        counts[e.source] += 1
    return first + rest


def _interests(e: Entry, editor: Editor) -> Interests:
    return Interests.of(editor.topics, editor.mute, e.feed)


def _left(entries: list[Entry], reason: str, detail: str) -> list[LeftOut]:
    return [_one(e, reason, detail) for e in entries]


def _one(e: Entry, reason: str, detail: str = "") -> LeftOut:
    return LeftOut(e.title, e.source, e.link, reason, detail, e.key)


def _hours(hours: float) -> str:
    return f"{hours:.0f} hours" if hours < 72 else f"{hours / 24:.0f} days"

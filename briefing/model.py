"""The vocabulary the stages exchange: small frozen dataclasses, flowing one way.

FeedSource -> Entry -> Article -> Story -> Script -> Episode
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class FeedSource:
    """One line of feeds.txt."""

    url: str
    name: str | None = None
    max_items: int = 5
    language: str = "en"
    line: int = 0
    order: int = 0


@dataclass(frozen=True)
class Validators:
    """What a feed's last good read leaves for the next to compare with: the HTTP validators, and a
    digest of the body for the many servers that send neither (an unchanged body is not parsed)."""

    etag: str | None = None
    last_modified: str | None = None
    digest: str | None = None


@dataclass(frozen=True)
class Entry:
    """One item of a feed, with a stable identity."""

    key: str  # identity: normalised link, else guid
    guid: str | None
    link: str | None
    title: str
    source: str  # display name of the feed
    language: str
    published: datetime | None  # timezone-aware UTC, None when unknown or absurd
    content_html: str  # the feed's own content or summary, uncleaned
    feed_order: int = 0
    item_order: int = 0
    feed_url: str = ""  # the feeds.txt line's URL: its host is the one LAN host the item's page may be on


@dataclass(frozen=True)
class Article:
    """An entry with its readable text."""

    entry: Entry
    text: str  # paragraphs separated by blank lines
    from_page: bool  # False when the feed's own content was used
    summary: str = ""  # the extractive story, condensed where the text was extracted

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Story:
    """One condensed story, possibly carried by several outlets."""

    title: str
    summary: str
    sources: tuple[str, ...]
    url: str | None
    language: str
    published: datetime | None
    keys: tuple[str, ...]  # every Entry.key merged into this story
    fingerprint: str = ""
    rank: float = 0.0


@dataclass(frozen=True)
class Segment:
    """A piece of the script spoken as one unit; chapters are made of segments."""

    text: str  # what the voice says (already speakable)
    kind: str  # "intro", "headlines", "story", "outro"
    title: str  # chapter title
    url: str | None = None
    story_index: int | None = None
    pause_after: float = 0.6  # seconds of silence after this segment
    language: str = "en"


@dataclass(frozen=True)
class Script:
    """The whole briefing as it will be spoken."""

    title: str
    created: datetime
    segments: tuple[Segment, ...]
    stories: tuple[Story, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.segments)


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float
    end: float
    url: str | None = None


@dataclass(frozen=True)
class Cue:
    """A sentence with the time it starts in the episode (for WebVTT)."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Episode:
    """A published (or about to be published) briefing."""

    slug: str  # sortable date-time name, e.g. briefing-2026-11-24T0600Z
    title: str
    created: datetime
    mp3: Path
    duration: float
    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...]
    script: Script
    engine: str
    sources: tuple[str, ...] = field(default_factory=tuple)

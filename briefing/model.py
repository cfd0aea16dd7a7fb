"""The vocabulary the stages exchange: small frozen dataclasses, flowing one way.

FeedSource -> Entry -> Article -> Story -> Script -> Episode
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True)
class FeedSource:
    """One line of feeds.txt."""

    url: str
    name: str | None = None
    max_items: int = 5
    language: str | None = None  # a hint: the feed's own <language> when not given, then the text decides
    line: int = 0
    order: int = 0
    max_age: float | None = None  # hours; None: the show's max_age
    topics: tuple[str, ...] = ()
    mute: tuple[str, ...] = ()


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
    source: str  # the outlet's name, as a listener hears it
    language: str | None  # what feeds.txt or the feed declares: a hint, which the text can overrule
    published: datetime | None  # timezone-aware UTC, None when unknown or absurd
    content_html: str  # the feed's own content or summary, uncleaned
    item_order: int = 0  # the publisher's order in its feed: 0 is its top item
    feed: FeedSource | None = None  # its line of feeds.txt (per-feed settings, the order of the file)
    stand_in_source: bool = False  # ``source`` is a stand-in (no outlet name found): a page's own wins

    @property
    def feed_order(self) -> int:
        return self.feed.order if self.feed else 0


@dataclass(frozen=True)
class Article:
    """An entry with its readable text."""

    entry: Entry
    text: str  # paragraphs separated by blank lines
    from_page: bool  # False when the feed's own content was used
    site_name: str | None = None  # the outlet's name as its page states it (og:site_name)

    @property
    def source(self) -> str:
        """The outlet's name: the feed's, unless that is a stand-in and the page names itself."""
        if self.entry.stand_in_source and self.site_name:
            return self.site_name
        return self.entry.source

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Told:
    """A story told in an episode, as the memory keeps it to know its event again on later days."""

    title: str
    at: float  # when it was told (time.time())
    words: frozenset[str]  # content words of its title and opening: what the event is
    vocabulary: frozenset[str]  # content words of its whole article: what is known of it


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
    rank: float = 0.0
    words: frozenset[str] = frozenset()  # what the event is (the memory knows it again by these)
    vocabulary: frozenset[str] = frozenset()  # what its articles said (news of it is what they did not)
    update: bool = False  # an event told before, told again for its new developments only
    feed_order: int = 0  # its first feed's place in feeds.txt (breaks ties)


@dataclass(frozen=True)
class LeftOut:
    """An item that did not become a story of the episode, and why (stale, language, muted...)."""

    title: str
    source: str
    url: str | None
    reason: str
    detail: str = ""
    key: str = ""  # the item's identity (the memory's)

    @classmethod
    def story(cls, story: Story, reason: str, detail: str = "") -> LeftOut:
        """A story that lost its place (to the budget, or for want of a voice), as the report lists it."""
        return cls(story.title, ", ".join(story.sources), story.url, reason, detail, story.keys[0])


SegmentKind = Literal["intro", "headlines", "story", "outro"]


@dataclass(frozen=True)
class Line:
    """One sentence of the script in its two forms: as written (transcripts, captions, chapters, the
    feed: what people read) and as spoken (what the voice is given: numbers, symbols and names in
    the words a newsreader would say). A written form of "" continues the line before: one written
    sentence spoken in parts, each in its own language (the headlines)."""

    written: str
    spoken: str
    language: str = "en"


@dataclass(frozen=True)
class Segment:
    """A piece of the script spoken as one unit; chapters are made of segments."""

    kind: SegmentKind
    title: str  # chapter title
    lines: tuple[Line, ...]
    url: str | None = None
    story_index: int | None = None
    pause_after: float = 0.6  # seconds of silence after this segment

    @property
    def text(self) -> str:
        """What the voice says."""
        return " ".join(line.spoken for line in self.lines)

    @property
    def written(self) -> str:
        """What a reader reads (a line spoken as part of the one before it has no words of its own)."""
        return " ".join(line.written for line in self.lines if line.written)


@dataclass(frozen=True)
class Script:
    """The whole briefing as it will be spoken."""

    title: str
    created: datetime
    segments: tuple[Segment, ...]
    stories: tuple[Story, ...]

    @property
    def text(self) -> str:
        """What the voice says, a paragraph a segment."""
        return "\n\n".join(s.text for s in self.segments)

    @property
    def written(self) -> str:
        """What a reader reads, a paragraph a segment."""
        return "\n\n".join(s.written for s in self.segments)


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


@dataclass(frozen=True)
class StoryLine:
    """A story as the report and an episode's record list it."""

    title: str
    sources: tuple[str, ...]
    url: str | None


@dataclass(frozen=True)
class EpisodeMeta:
    """An episode's record, its ``<slug>.json`` sidecar: written after its media (the episode's commit
    point), and what feed.xml and index.html are rebuilt from, so they never list missing files."""

    slug: str
    title: str
    created: datetime  # timezone-aware
    duration: float  # seconds
    bytes: int  # of the MP3
    engine: str
    description: str
    stories: tuple[StoryLine, ...]
    keys: tuple[str, ...]  # the items told: the memory is rebuilt from these after a crash

    def to_record(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "created": self.created.isoformat(),
            "duration": round(self.duration, 3),
            "bytes": self.bytes,
            "engine": self.engine,
            "description": self.description,
            "stories": [{"title": s.title, "sources": list(s.sources), "url": s.url} for s in self.stories],
            "keys": list(self.keys),
        }

    @classmethod
    def from_record(cls, record: Any, stem: str) -> EpisodeMeta:
        """The record read back; ValueError, TypeError or KeyError when it cannot be one (written by
        hand, by an older version, or cut short) or is not ``<stem>.json``'s."""
        if not isinstance(record, dict):
            raise TypeError("not a JSON object")
        if record["slug"] != stem:
            raise ValueError(f"its slug {record['slug']!r} is not its file's name")
        created = datetime.fromisoformat(str(record["created"]))
        if created.tzinfo is None:
            raise ValueError(f"created {record['created']!r} is not a date and time with its zone")
        title, description = record["title"], record.get("description") or record["title"]
        if not isinstance(title, str) or not isinstance(description, str):
            raise TypeError("title and description must be text")
        stories = tuple(
            StoryLine(str(s["title"]), tuple(map(str, s.get("sources", ()))), s.get("url"))
            for s in record.get("stories", ())
        )
        keys = tuple(str(k) for k in record.get("keys", ()))
        duration, size, engine = (
            float(record["duration"]),
            int(record["bytes"]),
            str(record.get("engine", "")),
        )
        return cls(stem, title, created, duration, size, engine, description, stories, keys)

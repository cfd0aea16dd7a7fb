"""Episode -> output folder: MP3, transcripts (text and WebVTT), JSON chapters, feed.xml, retention.

Every file is written atomically (a temporary file in the same folder, then a rename), so a crash
never leaves a half-written file, and readable by all (0644), so a web server running as another user
can serve it. Each episode's ``<slug>.json`` sidecar is written after its media and is the episode's
commit point: feed.xml and index.html are always rebuilt from the sidecars, so they can never list an
episode whose files are missing.

The feed writer refuses nothing a sidecar can hold: every string is made XML-safe on the way in,
and a sidecar that still cannot be made a feed item (written by hand, or by an older version) has its
episode's files moved aside to ``.set-aside/`` with a warning, instead of stopping every later run.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PublishError, write_error
from .model import Episode, EpisodeMeta, StoryLine
from .page import clock, render_page
from .text.markup import xml_safe

if TYPE_CHECKING:
    from .config import Settings
    from .state import State

log = logging.getLogger(__name__)

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # for podcast:guid
DEFAULT_BASE_URL = "http://localhost:8000/"  # where `briefing serve` listens by default
PUBLIC = 0o644  # published files: served by `briefing serve` or by any web server, as another user
SET_ASIDE = ".set-aside"  # where an episode whose record cannot be published goes (hidden: never served)
EPISODE_SUFFIXES = (".json", ".mp3", ".txt", ".vtt", ".chapters.json")


@dataclass(frozen=True)
class Show:
    """The podcast as a whole."""

    title: str
    author: str
    base_url: str  # where the output folder is served; episode links are made from it
    description: str = "A spoken news briefing made from your own feeds."
    language: str = "en"
    category: str = "News"
    owner_name: str = ""  # itunes:owner, with owner_email: whom directories contact about the show
    owner_email: str = ""
    token: str = field(default="", repr=False)  # `briefing serve --token`: every link carries it

    def __post_init__(self) -> None:
        if self.token:
            from .serve import check_token  # (the server's imports are not the publisher's)

            check_token(self.token)

    @classmethod
    def from_settings(cls, settings: Settings) -> Show:
        return cls(
            settings.show_title,
            settings.show_author,
            settings.base_url or DEFAULT_BASE_URL,
            owner_name=settings.owner_name or settings.show_author,
            owner_email=settings.owner_email,
            token=settings.serve_token,
        )

    @property
    def home(self) -> str:
        """The served folder's own URL (its index page), token included."""
        return self.base_url.rstrip("/") + "/" + (f"{self.token}/" if self.token else "")

    def url(self, name: str) -> str:
        return self.home + name

    @property
    def guid(self) -> str:
        """From the feed's URL without the token: the show stays the same show when the token changes,
        and the guid, which apps and directories see, says nothing of it."""
        return podcast_guid(self.base_url.rstrip("/") + "/feed.xml")


def podcast_guid(feed_url: str) -> str:
    """podcast:guid: the UUIDv5 of the feed's URL without its scheme and trailing slashes, as the
    Podcasting 2.0 namespace defines it, so apps and directories can follow the show if it moves."""
    name = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, name))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the whole new one, never a part."""
    tmp: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as f:
            tmp = f.name
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), PUBLIC)
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise write_error(path, exc) from exc
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def move_into_place(tmp: Path, path: Path) -> None:
    try:
        os.chmod(tmp, PUBLIC)
        os.replace(tmp, path)
    except OSError as exc:
        raise write_error(path, exc) from exc


def check_writable(folder: Path) -> None:
    """Fail before any work when the output folder can't take files."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot create the output folder {folder}: {exc.strerror}") from exc
    write_atomic(folder / ".write-test", b"ok")
    with contextlib.suppress(OSError):
        (folder / ".write-test").unlink()


def publish(episode: Episode, mp3_tmp: Path, folder: Path, show: Show, keys: list[str]) -> EpisodeMeta:
    """Put the episode's files in place (media first, the record last) and rebuild feed.xml."""
    slug = episode.slug
    move_into_place(mp3_tmp, folder / f"{slug}.mp3")
    write_atomic(folder / f"{slug}.txt", transcript_text(episode).encode(errors="replace"))
    write_atomic(folder / f"{slug}.vtt", transcript_vtt(episode).encode(errors="replace"))
    write_atomic(folder / f"{slug}.chapters.json", chapters_json(episode).encode(errors="replace"))
    stories = tuple(StoryLine(s.title, s.sources, s.url) for s in episode.script.stories)
    meta = EpisodeMeta(slug, episode.title, episode.created.astimezone(UTC), episode.duration,
                       (folder / f"{slug}.mp3").stat().st_size, episode.engine, episode_description(episode),
                       stories, tuple(keys))  # fmt: skip
    record = _xml_safe(meta.to_record())
    write_atomic(folder / f"{slug}.json", json.dumps(record, indent=1, ensure_ascii=False).encode())
    write_feed(folder, show)
    return meta


def episode_description(episode: Episode) -> str:
    count = len(episode.script.stories)
    lines = [f"{count} {'story' if count == 1 else 'stories'}."]
    for ch in episode.chapters:
        lines.append(f"{clock(ch.start)} {ch.title}" + (f" ({ch.url})" if ch.url else ""))
    return "\n".join(lines)


def transcript_text(episode: Episode) -> str:
    out = [episode.title, ""]
    for i, story in enumerate(episode.script.stories, 1):
        out.append(
            f"{i}. {story.title} ({', '.join(story.sources)})" + (f"\n   {story.url}" if story.url else "")
        )
    out += ["", "Transcript", ""]
    out += [s.written for s in episode.script.segments]  # as written: people read it
    return "\n".join(out) + "\n"


def transcript_vtt(episode: Episode) -> str:
    out = ["WEBVTT", ""]
    for i, cue in enumerate(episode.cues, 1):
        out += [str(i), f"{_vtt_time(cue.start)} --> {_vtt_time(cue.end)}", cue.text.replace("-->", "->"), ""]
    return "\n".join(out)


def chapters_json(episode: Episode) -> str:
    chapters = []
    for ch in episode.chapters:
        item: dict[str, Any] = {
            "startTime": round(ch.start, 3),
            "endTime": round(ch.end, 3),
            "title": ch.title,
        }
        if ch.url:
            item["url"] = ch.url
        chapters.append(item)
    return json.dumps({"version": "1.2.0", "chapters": chapters}, indent=1, ensure_ascii=False)


def _vtt_time(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def episodes(folder: Path, broken: list[tuple[str, str]] | None = None) -> list[EpisodeMeta]:
    """Published episodes, newest first, read from their records (only complete, well-formed ones,
    their strings XML-safe). A record that is unreadable or malformed beside its episode's MP3 is
    left out, and listed in ``broken`` as (slug, why) when a list is given."""
    out = []
    for path in folder.glob("*.json"):
        if path.name.endswith(".chapters.json") or path.name == "run-report.json":
            continue
        try:
            record = _xml_safe(json.loads(path.read_text(encoding="utf-8", errors="replace")))
            meta = EpisodeMeta.from_record(record, path.stem)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            if not (folder / f"{path.stem}.mp3").exists():
                log.debug("ignoring %s, not an episode's record (%r)", path, exc)
            elif broken is not None:
                broken.append((path.stem, f"its record {path.name} is unusable ({exc!r})"))
            else:
                log.warning("ignoring unusable episode record %s (%r)", path, exc)
            continue
        if (folder / f"{meta.slug}.mp3").exists():
            out.append(meta)
    return sorted(out, key=lambda m: m.created, reverse=True)


def write_feed(folder: Path, show: Show) -> None:
    """feed.xml: RSS 2.0 with iTunes tags and the Podcasting 2.0 namespace, generated by feedgen; then
    index.html, the page to listen from, made from the same sidecars so the two always agree.

    An episode whose sidecar cannot become an item is set aside (:func:`set_aside`), so one bad
    record never stops the feed; a feed that still cannot be written raises PublishError (exit 4).
    """
    broken: list[tuple[str, str]] = []
    metas = episodes(folder, broken)
    for slug, why in broken:
        set_aside(folder, slug, why)
    try:
        rss = _feed_xml(metas, show)
    except (ValueError, TypeError) as exc:  # nothing known leads here; said in one line if it does
        raise PublishError(f"feed.xml could not be rebuilt: {exc}") from exc
    write_atomic(folder / "feed.xml", rss)
    write_atomic(folder / "index.html", render_page(folder, show, metas).encode("utf-8"))


def _feed_xml(metas: list[EpisodeMeta], show: Show) -> bytes:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcastindex", _Podcast20Feed, _Podcast20Entry)
    title, description, author = xml_safe(show.title), xml_safe(show.description), xml_safe(show.author)
    fg.title(title)
    fg.description(description)
    fg.link(href=show.url("feed.xml"), rel="self")
    fg.link(href=show.home, rel="alternate")
    fg.language(xml_safe(show.language))
    fg.author({"name": author})
    fg.image(show.url("cover.jpg"), title=title, link=show.home)
    fg.generator("briefing")
    fg.podcastindex.guid(show.guid)
    fg.podcast.itunes_author(author)
    if show.owner_email:  # Apple wants both; a name alone is refused by feedgen
        fg.podcast.itunes_owner(xml_safe(show.owner_name or show.author), xml_safe(show.owner_email))
    fg.podcast.itunes_category(xml_safe(show.category))
    fg.podcast.itunes_explicit("no")
    fg.podcast.itunes_image(show.url("cover.jpg"))
    fg.podcast.itunes_summary(description)
    fg.podcast.itunes_type("episodic")
    for meta in reversed(metas):  # feedgen prepends: add oldest first so the newest comes first
        _add_item(fg, meta, show)
    return bytes(fg.rss_str(pretty=True))


def _add_item(fg: Any, meta: EpisodeMeta, show: Show) -> None:
    """One feed item from an episode's record."""
    slug = meta.slug
    fe = fg.add_entry()
    fe.id(f"briefing:{slug}")
    fe.guid(f"briefing:{slug}", permalink=False)
    fe.title(meta.title)
    fe.description(meta.description)
    fe.link(href=show.url(f"{slug}.txt"))
    fe.published(meta.created)
    fe.enclosure(show.url(f"{slug}.mp3"), str(meta.bytes), "audio/mpeg")
    fe.podcast.itunes_duration(round(meta.duration))
    fe.podcast.itunes_explicit("no")
    fe.podcastindex.chapters(show.url(f"{slug}.chapters.json"))
    fe.podcastindex.transcript(show.url(f"{slug}.vtt"), "text/vtt")
    fe.podcastindex.transcript(show.url(f"{slug}.txt"), "text/plain")


def _xml_safe(value: Any) -> Any:
    """Every string in a (JSON) value without what XML 1.0 cannot carry."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    return value


def set_aside(folder: Path, slug: str, why: str) -> None:
    """Move an episode's files to ``.set-aside/`` (never served, never in the feed), with a warning.

    For an episode that cannot be published: it must not stop every later run, and its files stay
    for a person to look at.
    """
    aside = folder / SET_ASIDE
    try:
        aside.mkdir(exist_ok=True)
        for suffix in EPISODE_SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                os.replace(folder / f"{slug}{suffix}", aside / f"{slug}{suffix}")
    except OSError as exc:
        raise write_error(aside / slug, exc) from exc
    log.warning("episode %s set aside: %s; its files are in %s", slug, why, aside)


def apply_retention(folder: Path, keep: int, keep_days: float, now: datetime | None = None) -> list[str]:
    """Remove episodes beyond the newest ``keep`` or older than ``keep_days`` (0 = no limit)."""
    now = now or datetime.now(UTC)
    removed = []
    for i, meta in enumerate(episodes(folder)):
        too_many = keep > 0 and i >= keep
        too_old = keep_days > 0 and meta.created < now - timedelta(days=keep_days)
        if too_many or too_old:
            slug = meta.slug
            for suffix in EPISODE_SUFFIXES:
                with contextlib.suppress(FileNotFoundError):
                    (folder / f"{slug}{suffix}").unlink()
            removed.append(slug)
    return removed


class _Podcast20Feed:
    """feedgen extension: declares the podcast: namespace; <podcast:guid> for the channel."""

    def __init__(self) -> None:
        self._guid: str | None = None

    def guid(self, value: str) -> None:
        self._guid = value

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, feed: Any) -> Any:
        from lxml import etree

        channel = feed.find("channel")
        if self._guid and channel is not None:
            etree.SubElement(channel, f"{{{PODCAST_NS}}}guid").text = self._guid
        return feed

    def extend_atom(self, feed: Any) -> Any:
        return feed


class _Podcast20Entry(_Podcast20Feed):
    """feedgen entry extension: <podcast:chapters> and <podcast:transcript>."""

    def __init__(self) -> None:
        super().__init__()
        self._chapters: str | None = None
        self._transcripts: list[tuple[str, str]] = []

    def chapters(self, url: str) -> None:
        self._chapters = url

    def transcript(self, url: str, mime: str) -> None:
        self._transcripts.append((url, mime))

    def extend_rss(self, item: Any) -> Any:
        from lxml import etree

        if self._chapters:
            etree.SubElement(
                item, f"{{{PODCAST_NS}}}chapters", url=self._chapters, type="application/json+chapters"
            )
        for url, mime in self._transcripts:
            etree.SubElement(item, f"{{{PODCAST_NS}}}transcript", url=url, type=mime)
        return item


def new_slug(folder: Path, when: datetime) -> str:
    """The episode's sortable name; two runs in one second must not overwrite each other."""
    slug = base = "briefing-" + when.astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    for n in range(2, 100):
        if not (folder / f"{slug}.mp3").exists() and not (folder / f"{slug}.json").exists():
            break
        slug = f"{base}-{n}"
    return slug


def cover_art(image: Path | None, show: str, when: datetime) -> bytes:
    """The user's cover image, or a generated one when none is set (or it can't be read)."""
    if image:
        try:
            return image.read_bytes()
        except OSError as exc:
            log.warning("cover %s unreadable (%s); generating one", image, exc)
    return make_cover(show, when)


def make_cover(show: str, date: datetime, size: int = 1400) -> bytes:
    """A plain, legible cover (show name and date) when the user configured no image."""
    import io

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


def recover(folder: Path, state: State, show: Show) -> None:
    """Undo what a killed run left: its temporary files (we hold the lock, so nobody is writing
    them), and an episode published but not yet remembered (remembered now)."""
    from .state import Learned

    for path in folder.glob(".*"):
        if path.is_file() and (path.name.endswith(".tmp") or path.name.startswith(".briefing-")):
            path.unlink(missing_ok=True)
    metas = episodes(folder)
    missing = [m for m in metas if m.keys and not state.briefed(m.keys[:1])]
    for meta in missing:
        log.info("recovering the memory of episode %s", meta.slug)
        state.commit(Learned(episode=meta.slug, briefed=meta.keys))
    if missing or (metas and not ((folder / "feed.xml").exists() and (folder / "index.html").exists())):
        write_feed(folder, show)


def tidy(folder: Path, show: Show, cover: bytes, own_cover: bool, keep: int, keep_days: float) -> None:
    """After an episode is out: the show's cover (the user's own, else the first run's), and retention."""
    if own_cover or not (folder / "cover.jpg").exists():
        write_atomic(folder / "cover.jpg", cover)
    removed = apply_retention(folder, keep, keep_days)
    if removed:
        log.info("retention: removed %s", ", ".join(removed))
        write_feed(folder, show)

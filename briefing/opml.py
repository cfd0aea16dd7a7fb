"""OPML in and out: bring the subscriptions of any feed reader into feeds.txt, and take them back out.

Every feed reader exports OPML, in its own dialect (1.0 or 2.0, folders nested or not, ``title`` or
only ``text``); listparser, feedparser's sibling, reads them all. The import only ever *appends* to
feeds.txt: the user's comments, blank lines and order stay byte for byte, a feed already listed (the
same URL once normalised, as items are compared) is skipped, and every appended line is read back by
the feeds.txt parser before anything is written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

from .config import is_language_code, parse_feed_line, read_feeds
from .errors import BriefingError, ConfigError
from .feeds import normalize_link
from .model import FeedSource

__all__ = ["ImportReport", "Subscription", "export_opml", "feeds_line", "import_opml", "read_opml"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_BARE = re.compile(r"^[A-Za-z0-9._~:/?&=%+,;@!$*()\[\]-]+$")  # needs no quotes in feeds.txt


@dataclass(frozen=True)
class Subscription:
    """One feed of an OPML file."""

    url: str
    title: str = ""
    language: str | None = None


@dataclass(frozen=True)
class ImportReport:
    """What an import did: the lines it appended, and each feed it left out with the reason."""

    added: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]  # (url, why)


def read_opml(data: bytes, name: str = "OPML") -> list[Subscription]:
    """The feeds of an OPML document in document order, folders flattened; ConfigError when it is
    not OPML or not well-formed (a truncated export is refused whole, never half imported: listparser
    itself keeps what it read before the break). listparser sees only bytes, so it fetches nothing."""
    import listparser

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ConfigError(f"{name}: not an OPML file (not well-formed XML: {exc})") from exc
    if root.tag.rsplit("}", 1)[-1].lower() != "opml":
        raise ConfigError(f"{name}: not an OPML file (its root element is <{root.tag}>)")
    languages = _languages(root)
    out = []
    for feed in listparser.parse(data)["feeds"]:
        url = str(feed.get("url") or "").strip()
        title = _CONTROL.sub(" ", str(feed.get("title") or "")).strip()
        out.append(Subscription(url, " ".join(title.split()), languages.get(url)))
    return out


def _languages(root: ET.Element) -> dict[str, str]:
    """``language`` of each outline, by xmlUrl: an OPML 2.0 attribute listparser does not keep."""
    out = {}
    for outline in root.iter("outline"):
        url, lang = (outline.get("xmlUrl") or "").strip(), (outline.get("language") or "").strip()
        if url and lang and is_language_code(lang):
            out[url] = lang
    return out


def feeds_line(sub: Subscription) -> str:
    """The feeds.txt line for a subscription: ``URL  name="Title"  lang=xx``."""
    url = sub.url if _BARE.match(sub.url) else _quoted(sub.url)
    parts = [url]
    if sub.title:
        parts.append(f"name={_quoted(sub.title)}")
    if sub.language:
        parts.append(f"lang={sub.language}")
    return "  ".join(parts)


def _quoted(value: str) -> str:
    """Double quotes as feeds.txt's shell-like rules read them: only ``"`` and ``\\`` are escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def import_opml(opml: Path, feeds: Path, today: datetime | None = None) -> ImportReport:
    """Append the OPML file's new feeds to feeds.txt (created when missing); report added and skipped."""
    from .publish import write_atomic

    try:
        subscriptions = read_opml(opml.read_bytes(), opml.name)
    except OSError as exc:
        raise ConfigError(f"{opml}: cannot read: {exc.strerror or exc}") from exc
    old = feeds.read_bytes() if feeds.exists() else b""
    known = {normalize_link(s.url): s.line for s in _listed(feeds, old)}
    added: list[str] = []
    skipped: list[tuple[str, str]] = []
    for sub in subscriptions:
        key = normalize_link(sub.url) if sub.url else ""
        why = _unusable(sub, key, known, opml.name)
        if why:
            skipped.append((sub.url, why))
            continue
        added.append(feeds_line(sub))
        known[key] = -1
    if added:
        when = (today or datetime.now(UTC)).date().isoformat()
        write_atomic(feeds, old + _appendix(old, [f"# from {opml.name}, {when}", *added]))
    return ImportReport(tuple(added), tuple(skipped))


def _listed(feeds: Path, text: bytes) -> list[FeedSource]:
    """The feeds feeds.txt lists now; a mistake in it stops the import before anything is written."""
    lines = text.decode("utf-8-sig", errors="replace").splitlines()
    if not any(line.strip() and not line.strip().startswith("#") for line in lines):
        return []
    return read_feeds(feeds)


def _unusable(sub: Subscription, key: str, known: dict[str, int], opml_name: str) -> str | None:
    """Why a subscription cannot be appended, or None."""
    if not sub.url:
        return "no xmlUrl"
    if key in known:
        line = known[key]
        return f"listed twice in {opml_name}" if line < 0 else f"already in feeds.txt (line {line})"
    parts = urlsplit(sub.url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return "not an http(s) URL"
    try:
        back = parse_feed_line(feeds_line(sub))
    except BriefingError as exc:
        return f"feeds.txt cannot hold it ({exc})"
    if back.url != sub.url or (back.name or "") != sub.title:
        return "feeds.txt cannot hold it as written"
    return None


def _appendix(old: bytes, lines: list[str]) -> bytes:
    """New lines after the old text, in its line endings, starting on a line of their own."""
    newline = "\r\n" if b"\r\n" in old else "\n"
    text = newline.join(lines) + newline
    if old and not old.endswith((b"\n", b"\r")):
        text = newline + text
    return text.encode("utf-8")


def export_opml(sources: list[FeedSource], title: str, now: datetime | None = None) -> bytes:
    """feeds.txt as OPML 2.0: ``text``, ``title``, ``xmlUrl``, ``type="rss"``, and ``language`` when
    it is not the default (en)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC), usegmt=True)
    ET.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = ET.SubElement(root, "body")
    for source in sources:
        name = source.name or urlsplit(source.url).hostname or ""
        outline = ET.SubElement(body, "outline", text=name, title=name, type="rss", xmlUrl=source.url)
        if source.language:
            outline.set("language", source.language)
    ET.indent(root, space="  ")
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"

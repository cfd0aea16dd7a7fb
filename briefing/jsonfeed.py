"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org), read into the shape feedparser gives RSS and Atom.

feedparser does not read JSON Feed (it reports "not well-formed"), yet several feed readers ship JSON
feeds among their default subscriptions. Rather than a second way to make entries, this module turns a
JSON feed's items into the mappings feedparser would have produced (``link``, ``id``, ``title``,
``summary``, ``published_parsed``, ``updated_parsed``), so :mod:`briefing.feeds` gives them identity,
dates and text by the very rules it applies to RSS and Atom.
"""

from __future__ import annotations

import html
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .errors import FeedError

__all__ = ["JsonFeed", "looks_like_json_feed", "read_json_feed"]

VERSIONS = ("https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1")
_JSON_TYPES = ("application/feed+json", "application/json")


@dataclass(frozen=True)
class JsonFeed:
    """A JSON feed's own title and language, and its items as feedparser-shaped mappings."""

    title: str
    language: str | None
    items: tuple[dict[str, Any], ...]
    home: str = ""  # home_page_url: the site the feed belongs to


def looks_like_json_feed(body: bytes, content_type: str) -> bool:
    """A JSON Feed is announced by its content type, or recognised by a body that opens with ``{``
    (servers often send one as text/plain or application/octet-stream)."""
    mime = content_type.split(";")[0].strip().lower()
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") or (mime in _JSON_TYPES and not head.startswith(b"<"))


def read_json_feed(body: bytes, url: str) -> JsonFeed:
    """Parse a JSON Feed; raise FeedError when the body is not one (not JSON, no JSON Feed version)."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FeedError(f"feed {url} is broken: not valid JSON ({exc})") from exc
    if not isinstance(doc, dict) or not _is_json_feed_version(doc.get("version")):
        raise FeedError(f"feed {url} is not a feed: JSON without a JSON Feed version")
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise FeedError(f"feed {url} is broken: its items are not a list")
    items = tuple(_item(raw) for raw in raw_items if isinstance(raw, dict))
    home = _text(doc.get("home_page_url"))
    return JsonFeed(_text(doc.get("title")), _text(doc.get("language")) or None, items, home)


def _is_json_feed_version(version: object) -> bool:
    """Version 1 or 1.1; early 1.0 feeds (Pixel Envy's, among others) wrote the URL with http://."""
    if not isinstance(version, str):
        return False
    return version.strip().rstrip("/").replace("http://", "https://", 1) in VERSIONS


def _item(raw: dict[str, Any]) -> dict[str, Any]:
    """One item in feedparser's shape. ``url`` is the item's own page (for a linked-list post, the
    commentary); ``external_url`` stands in only when there is no ``url``."""
    link = _text(raw.get("url")) or _text(raw.get("external_url"))
    content = _text(raw.get("content_html"))
    if not content and _text(raw.get("content_text")):
        content = _text_as_html(_text(raw.get("content_text")))
    if not content and _text(raw.get("summary")):
        content = html.escape(_text(raw.get("summary")))
    item: dict[str, Any] = {"title": html.escape(_text(raw.get("title")), quote=False), "summary": content}
    if link:
        item["link"] = link
    if raw.get("id") not in (None, ""):
        item["id"] = str(raw["id"])  # 1.0 allowed numbers; 1.1 says strings
    for key, field in (("date_published", "published_parsed"), ("date_modified", "updated_parsed")):
        when = _date(raw.get(key))
        if when is not None:
            item[field] = when
    if _text(raw.get("language")):
        item["language"] = _text(raw.get("language"))
    return item


def _text_as_html(text: str) -> str:
    """Plain text made into the HTML the feed stage expects, one paragraph per blank-line block."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _date(value: object) -> time.struct_time | None:
    """An RFC 3339 date as feedparser's UTC struct_time; a date without a zone is taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).timetuple()


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""

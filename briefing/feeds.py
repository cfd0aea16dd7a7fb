"""FeedSource -> [Entry]: fetch feeds concurrently, parse them with feedparser, give items an identity.

feedparser always gets the raw bytes plus the Content-Type header (it sniffs encodings better than
any pre-decoding). It never resolves external entities; what it leaves unresolved (``&ee;``) is
dropped here so it can never reach the voice.

This is where a stranger's text enters, so it is made safe here, once: numeric character references
no XML can carry (``&#xD800;``, which made feedparser raise and cost the whole feed) are removed from
the body before parsing; titles, names, links and guids lose what XML 1.0 cannot hold; at most
:data:`MAX_PARSED` items are parsed and the newest :data:`MAX_ITEMS` used; a feed is never named after
its URL's user-info or port; and every message shows the feed's URL through
:func:`~briefing.http.redact`.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import zlib
from calendar import timegm
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_tz
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .config import is_language_code
from .errors import BriefingError, FeedError
from .http import Fetcher, Response, host_of, redact, secret_param
from .jsonfeed import looks_like_json_feed, read_json_feed
from .model import Entry, FeedSource, Validators
from .names import source_name
from .text.markup import plain_text, xml_safe

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
    "application/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)

_TRACKING = re.compile(
    r"^(utm_\w+|at_\w+|xtor|maca|traffic_source|icid|cmpid|ocid|mc_cid|mc_eid|fbclid|gclid|"
    r"ns_\w+|ito|CMP|cmp|rss|feed|from|src|ref|smid|partner|taid|mbid|sr_share|publisher|dicbo)$"
)

# Abbreviations feedparser reads as UTC (BST) or gets wrong; hours east of UTC.
_ZONES = {
    "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "WET": 0, "WEST": 1,
    "MSK": 3, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11, "ACST": 9.5, "AWST": 8,
    "NZST": 12, "NZDT": 13, "PKT": 5, "BRT": -3, "ART": -3, "SAST": 2, "WAT": 1, "EAT": 3, "GST": 4,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9,
    "HST": -10, "UTC": 0, "GMT": 0, "UT": 0, "Z": 0,
}  # fmt: skip
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
MAX_ITEMS = 500  # per feed, the newest: a feed of 15,000 items costs no more than one of 500
MAX_PARSED = 4 * MAX_ITEMS  # items given to feedparser at most: the document is cut after them
_ITEM_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>", re.I)
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?(rss|feed|RDF)[\s>]")
# A numeric character reference in a feed's bytes (ASCII-compatible encodings; others pass untouched).
_CHAR_REF = re.compile(rb"&#(?:[xX]0*([0-9a-fA-F]{1,16})|0*([0-9]{1,20}));?")
_ZONE_AT_END = re.compile(r"\s([A-Z]{1,5})\s*$")


@dataclass(frozen=True)
class FeedResult:
    """What one feed gave: its entries, or the reason it gave none."""

    source: FeedSource
    entries: tuple[Entry, ...]
    error: str | None = None
    not_modified: bool = False  # a 304, or the same body as last time: nothing to parse
    validators: Validators = field(default_factory=Validators)
    problem: str | None = None  # with an error: "unreachable" (HTTP) or "not a feed" (the body)
    language: str | None = None  # the language the feed declares, for `briefing feeds check`


@dataclass(frozen=True)
class ParsedFeed:
    """One feed document read: its entries, and what it says about itself."""

    title: str
    language: str | None
    entries: list[Entry]


def fetch_feeds(
    sources: Iterable[FeedSource],
    fetcher: Fetcher,
    validators: Callable[[str], Validators] = lambda url: Validators(),
    now: datetime | None = None,
) -> list[FeedResult]:
    """Fetch and parse every feed concurrently; one bad feed yields an error line, never an exception.

    A feed answering 304, or the very body it sent last time (most servers send no validators), is
    not parsed: feedparser takes about 15 ms a feed, the digest a fraction of a millisecond.
    """
    sources = list(sources)
    now = now or datetime.now(UTC)

    known = {s.url: validators(s.url) for s in sources}  # read here: the state is not thread-safe

    def one(source: FeedSource) -> FeedResult:
        last = known[source.url]
        try:
            response = fetcher.get(
                source.url,
                etag=last.etag,
                last_modified=last.last_modified,
                accept=FEED_ACCEPT,
                lan_host=host_of(source.url),
            )
            if response.status == 304:
                return FeedResult(source, (), not_modified=True, validators=last)
            now_valid = Validators(response.etag, response.last_modified, _digest(response.content, source))
            if last.digest == now_valid.digest:
                return FeedResult(source, (), not_modified=True, validators=now_valid)
            parsed = read_feed(response, source, now)
        except BriefingError as exc:
            problem = "not a feed" if isinstance(exc, FeedError) else "unreachable"
            return FeedResult(source, (), error=str(exc), problem=problem)
        except Exception as exc:  # a parser bug must not cost the other feeds
            shown = redact(source.url)
            log.exception("unexpected error reading %s", shown)
            error = f"{shown}: unexpected {type(exc).__name__}: {exc}"
            return FeedResult(source, (), error=error, problem="not a feed")
        return FeedResult(source, tuple(parsed.entries), validators=now_valid, language=parsed.language)

    if not sources:
        return []
    with ThreadPoolExecutor(max_workers=min(32, len(sources))) as pool:
        pending = [pool.submit(one, source) for source in sources]
        _load_parser()
        return [p.result() for p in pending]


def _load_parser() -> None:
    """Import the parser (0.05 s) while the requests are out, instead of once the first feed is in:
    a run with news gains that much; a run of 304s spends it in time it spends waiting anyway. (The
    text cleaners, 0.05 s more, are imported by the first feed that has changed, in its thread: a run
    of 304s never needs them.)"""
    import feedparser  # noqa: F401


def _digest(body: bytes, source: FeedSource) -> str:
    """The body and the feeds.txt settings that shape its entries: a changed ``max`` or ``lang``
    reads the feed again."""
    settings = f"{source.name}\0{source.max_items}\0{source.language}\0".encode()
    return hashlib.sha256(settings + body).hexdigest()


def parse_feed(response: Response, source: FeedSource, now: datetime | None = None) -> list[Entry]:
    """Parse one fetched feed; raise FeedError when it is not a usable feed."""
    return read_feed(response, source, now).entries


def read_feed(response: Response, source: FeedSource, now: datetime | None = None) -> ParsedFeed:
    """Parse one fetched feed (RSS, Atom, RDF or JSON Feed) into entries with an identity; raise
    FeedError when it is not a usable feed."""
    now = now or datetime.now(UTC)
    shown = redact(source.url)
    body = _first_items(_without_bad_char_refs(_gunzip_if_needed(response.content, shown)), MAX_PARSED)
    if not body.strip():
        raise FeedError(f"feed {shown} is broken: the document is empty")
    if looks_like_json_feed(body, response.content_type):
        doc = read_json_feed(body, shown)
        about, items = About([doc.title], doc.language, doc.home), list(doc.items)
    else:
        about, items = _parse_xml(body, response.content_type, shown)
    channel = _channel(about, source)
    entries: list[Entry] = []
    seen: set[str] = set()
    for order, item in _newest(items, MAX_ITEMS):
        own = item.get("language")  # JSON Feed items may declare their own: more precise than the feed's
        lang = own if isinstance(own, str) and is_language_code(own) else None
        entry = _entry(item, replace(channel, language=lang) if lang else channel, order, now)
        if entry is None or entry.key in seen or (entry.guid and entry.guid in seen):
            continue
        seen.add(entry.key)
        if entry.guid:
            seen.add(entry.guid)
        entries.append(entry)
    return ParsedFeed(plain_text(about.titles[0]), about.language or None, entries)


@dataclass(frozen=True)
class About:
    """What a feed says about itself."""

    titles: list[str]  # its own title, its image's
    language: str | None  # declared
    link: str = ""  # the site it belongs to


def _parse_xml(body: bytes, content_type: str, shown: str) -> tuple[About, list[Any]]:
    """feedparser on the raw bytes: what the feed says about itself, and its items."""
    import feedparser

    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries:
        if _looks_like_html(body, content_type):
            raise FeedError(f"feed {shown} is not a feed: it is an HTML page")
        if parsed.bozo and not isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride):
            raise FeedError(f"feed {shown} is broken: {_reason(parsed.get('bozo_exception'))}")
        if not parsed.version:
            raise FeedError(f"feed {shown} is not a feed: no RSS, Atom, RDF or JSON Feed document found")
    elif parsed.bozo:
        log.debug("feed %s is not well-formed (%s) but has items", shown, _reason(parsed.bozo_exception))
    language = parsed.feed.get("language") or None
    image = parsed.feed.get("image") or {}
    titles = [parsed.feed.get("title", ""), image.get("title", "") if isinstance(image, dict) else ""]
    return About(titles, language, parsed.feed.get("link", "") or ""), list(parsed.entries)


def _channel(about: About, source: FeedSource) -> Entry:
    """What every entry of the feed shares: its source's name and the language it declares (a hint:
    feeds.txt's ``lang``, else the feed's own)."""
    name, stand_in = source_name([about.link, source.url], source.name, about.titles)
    name = xml_safe(name)
    hint = source.language or plain_text(about.language or "") or None
    language = hint if hint and is_language_code(hint) else None
    return Entry("", None, None, "", name, language, None, "", feed=source, stand_in_source=stand_in)


def _newest(items: list[Any], cap: int) -> list[tuple[int, Any]]:
    """(document order, item) of the ``cap`` newest items, in document order; undated items count as
    older than dated ones. Only feedparser's parsed dates are read, so a feed of 15,000 items costs a
    sort, not 15,000 items' work."""
    indexed = list(enumerate(items))
    if len(indexed) <= cap:
        return indexed

    def when(pair: tuple[int, Any]) -> tuple[bool, tuple[int, ...], int]:
        order, item = pair
        keys = item.keys()
        stamp = item["published_parsed"] if "published_parsed" in keys else None
        if not stamp and "updated_parsed" in keys:
            stamp = item["updated_parsed"]
        return (stamp is not None, tuple(stamp[:6]) if stamp else (), -order)

    kept = sorted(indexed, key=when, reverse=True)[:cap]
    return sorted(kept, key=lambda pair: pair[0])


def _first_items(body: bytes, limit: int) -> bytes:
    """The document cut after its ``limit``-th item, and closed again, when it has more: feedparser
    reads 15,000 items in about 3 CPU-s, and only the newest :data:`MAX_ITEMS` are used. Feeds list
    their newest first; one of more than ``limit`` items that lists its oldest first would be read
    for its oldest ``limit``, the price of the bound."""
    last = next(itertools.islice(_ITEM_END.finditer(body), limit - 1, limit), None)
    if last is None or _ITEM_END.search(body, last.end()) is None:
        return body
    root = _ROOT.search(body, 0, 4096)
    if root is None:
        return body
    prefix = root.group(1) + b":" if root.group(1) else b""
    closers = {
        b"rss": b"</channel></rss>",
        b"feed": b"</" + prefix + b"feed>",
        b"RDF": b"</" + prefix + b"RDF>",
    }
    log.info("a feed of more than %d items: reading its first %d", limit, limit)
    return body[: last.end()] + closers[root.group(2)]


def _without_bad_char_refs(body: bytes) -> bytes:
    """The body without numeric character references XML cannot carry (``&#xD800;``, ``&#1;``,
    ``&#x110000;``): feedparser raises on some of them (UnicodeEncodeError, ValueError,
    OverflowError), and that used to cost every item of the feed. Each becomes a space."""
    if b"&#" not in body:
        return body

    def fix(m: re.Match[bytes]) -> bytes:
        hexa, dec = m.groups()
        code = int(hexa, 16) if hexa else int(dec)
        if code > 0x10FFFF or xml_safe(chr(code)) != chr(code):
            return b" "
        return m.group(0)

    return _CHAR_REF.sub(fix, body)


def _entry(item: Any, channel: Entry, order: int, now: datetime) -> Entry | None:
    from .text.extract import clean_title  # its patterns compile on first use: a 304 never needs them

    link = xml_safe(item.get("feedburner_origlink") or item.get("link") or "").strip() or None
    if link and not _is_web_link(link):
        link = None
    guid = xml_safe(item.get("id") or "") or None
    title = xml_safe(clean_title(plain_text(item.get("title", ""))))
    content = ""
    if item.get("content"):
        content = max((c.get("value", "") for c in item["content"]), key=len)
    summary = item.get("summary", "") or ""
    content_html = xml_safe(content if len(content) >= len(summary) else summary)
    if not (title or content_html.strip()):
        return None
    if link:
        key = normalize_link(link)
    elif guid:
        key = f"guid:{guid}"
    else:  # no identity at all: the words themselves are the identity
        key = "text:" + hashlib.sha1(f"{title}\n{content_html}".encode()).hexdigest()
    return replace(
        channel,
        key=key,
        guid=guid,
        link=link,
        title=title,
        published=entry_date(item, now),
        content_html=content_html,
        item_order=order,
    )


def _is_web_link(link: str) -> bool:
    try:
        parts = urlsplit(link)
        return parts.scheme in {"http", "https"} and bool(parts.hostname)
    except ValueError:  # "http://[broken/": a link no request could follow
        return False


def normalize_link(url: str) -> str:
    """A link's identity: lower-case host without www. (and without user-info), no fragment, no
    tracking parameters and no secret ones (``token=``, ``sig=``...: a feed that signs its links anew
    each time would otherwise look new each time, and the identity is kept in the episode's record)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.rpartition("@")[2].lower().removeprefix("www.")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not (_TRACKING.match(k) or secret_param(k))
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        ("https" if parts.scheme in {"http", "https"} else parts.scheme, host, path, urlencode(query), "")
    )


def entry_date(item: Any, now: datetime) -> datetime | None:
    """The item's publication time in UTC, zone abbreviations mapped; None when unknown or absurd."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        keys = item.keys()  # plain keys: FeedParserDict.get("updated") warns about its fallback
        raw = item[raw_key] if raw_key in keys else None
        when = _date_with_zone(raw) if raw else None
        if when is None and parsed_key in keys and item[parsed_key]:
            when = datetime.fromtimestamp(timegm(item[parsed_key]), UTC)
        if when is not None:
            if datetime(1995, 1, 1, tzinfo=UTC) <= when <= now + timedelta(days=1):
                return when
            return None
    return None


def _date_with_zone(raw: str) -> datetime | None:
    """RFC 822 dates whose zone is an abbreviation that feedparser misreads (BST, CEST, IST...)."""
    m = _ZONE_AT_END.search(raw)
    if not m or m.group(1) not in _ZONES:
        return None
    parsed = parsedate_tz(raw[: m.start()] + " +0000")
    if not parsed:
        return None
    stamp = timegm(parsed[:9]) - _ZONES[m.group(1)] * 3600
    return datetime.fromtimestamp(stamp, UTC)


def _gunzip_if_needed(body: bytes, url: str, cap: int = 20_000_000) -> bytes:
    """Some servers send gzip bodies without Content-Encoding; inflate them, capped."""
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, cap)
    except zlib.error as exc:
        raise FeedError(f"feed {url} is broken: bad gzip body ({exc})") from exc
    if inflater.unconsumed_tail:
        raise FeedError(f"feed {url} is too large once decompressed (over {cap:,} bytes)")
    return out


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:2048].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def _reason(exc: object) -> str:
    text = str(exc) if exc else "not a feed"
    return text.replace("<unknown>:", "line ").strip() or type(exc).__name__

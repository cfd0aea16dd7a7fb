"""Entry -> Article: fetch each new item's page concurrently and extract its text.

When a page can't be fetched or yields too little text, the feed's own content (or summary) HTML is
used instead, cleaned the same way, so a paywall or a dead link still leaves something to say.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from .errors import BriefingError
from .extract import clean_feed_html, extract_text
from .http import Fetcher
from .model import Article, Entry

log = logging.getLogger(__name__)

MIN_PAGE_WORDS = 60

# trafilatura and lxml share parser objects between threads and crash (segfault) when two threads
# parse at once; extraction is CPU-bound under the GIL anyway, so only the downloads run in parallel.
_PARSING = threading.Lock()
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


def site_of(url: str | None) -> str:
    return urlsplit(url or "").netloc.lower().removeprefix("www.")


def fetch_articles(
    entries: list[Entry],
    fetcher: Fetcher,
    stock_lines: Callable[[str], frozenset[str]] = lambda site: frozenset(),
    workers: int = 16,
) -> list[Article]:
    """One Article per entry that has any text at all, in the entries' order."""
    stock = {site: stock_lines(site) for site in {site_of(e.link) for e in entries}}

    def one(entry: Entry) -> Article | None:
        with _PARSING:
            feed_text = clean_feed_html(entry.content_html) if entry.content_html else ""
        if entry.link:
            try:
                page = fetcher.get(entry.link, accept=PAGE_ACCEPT)
                if "html" in page.content_type.lower() or not page.content_type:
                    html = page.content.decode(_charset(page.content_type) or "utf-8", errors="replace")
                    with _PARSING:
                        text = extract_text(html, page.url, site_stock=stock[site_of(entry.link)])
                    if len(text.split()) >= MIN_PAGE_WORDS or len(text) > 2 * len(feed_text):
                        return Article(entry, text, from_page=True)
                    log.info("page %s gave %d words; using the feed's text", entry.link, len(text.split()))
                else:
                    log.info("page %s is %s, not HTML; using the feed's text", entry.link, page.content_type)
            except BriefingError as exc:
                log.info("page not used (%s); using the feed's text", exc)
            except Exception:  # an extractor bug on one page must not cost the briefing
                log.exception("extracting %s failed; using the feed's text", entry.link)
        if feed_text.strip():
            return Article(entry, feed_text, from_page=False)
        log.warning("no text for %r from %s; skipped", entry.title, entry.source)
        return None

    if not entries:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, len(entries))) as pool:
        return [a for a in pool.map(one, entries) if a is not None]


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            import codecs

            try:
                return codecs.lookup(value.strip("\"'")).name
            except LookupError:
                return None
    return None

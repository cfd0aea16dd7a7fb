"""Entry -> Article: fetch each new item's page concurrently and extract its text.

When a page can't be fetched or yields too little text, the feed's own content (or summary) HTML is
used instead, cleaned the same way, so a paywall or a dead link still leaves something to say.

Pages are downloaded by threads and extracted by forked processes (:func:`extractor`), one page at a
time each. What the next stage does with each article alone (condensing) can run there too, right
after the page is extracted: pass it as ``then``.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from .errors import BriefingError
from .http import Fetcher, host_of, redact
from .model import Article, Entry
from .names import site_name
from .text.boilerplate import sentence_key
from .text.extract import clean_feed_html, extract_text
from .text.markup import decode_entities, xml_safe
from .text.sentences import split_sentences

log = logging.getLogger(__name__)

MIN_PAGE_WORDS = 60
PAGE_SECONDS = 30.0  # one page's extraction may take this long; a page built to be slow is given up
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
T = TypeVar("T")


def site_of(url: str | None) -> str:
    return urlsplit(url or "").netloc.lower().removeprefix("www.")


def fetch_articles(
    entries: list[Entry],
    fetcher: Fetcher,
    pool: Executor,
    then: Callable[[Article], T],
    stock_lines: Callable[[str], frozenset[str]] = lambda site: frozenset(),
    workers: int = 16,
) -> list[T]:
    """``then(article)`` for each entry, in the entries' order (an article may have no text at all:
    ``then`` judges it).

    Threads download the pages; the ``pool`` processes (:func:`extractor`) extract them and run
    ``then`` (a picklable function), each one page at a time, while the main process loads the
    voice; trafilatura and lxml, which crash (segfault) when two threads parse at once, only ever
    parse in one thread of a process.
    """
    if not entries:
        return []
    stock = {site: stock_lines(site) for site in {site_of(e.link) for e in entries}}

    def one(entry: Entry) -> T | None:
        html, url = _download(entry, fetcher)
        job = _Job(entry, html, url, stock[site_of(entry.link)], then)
        try:
            return pool.submit(_article, job).result()
        except BrokenProcessPool:  # it died on this page or another: try this one alone
            try:
                with extractor(1) as alone:
                    return alone.submit(_article, job).result()
            except BrokenProcessPool:
                log.error("extracting %s crashed the extraction process; item skipped", redact(entry.link))
                return None

    with ThreadPoolExecutor(max_workers=min(workers, len(entries))) as threads:
        return [a for a in threads.map(one, entries) if a is not None]


def _download(entry: Entry, fetcher: Fetcher) -> tuple[str | None, str | None]:
    """The page's HTML and final URL, or (None, link) when there is no usable page."""
    if not entry.link:
        return None, None
    lan_host = host_of(entry.feed.url) if entry.feed else None  # the feed's own host may be on the LAN
    try:
        page = fetcher.get(entry.link, accept=PAGE_ACCEPT, lan_host=lan_host)
    except BriefingError as exc:
        log.info("page not used (%s); using the feed's text", exc)
        return None, entry.link
    if page.content_type and "html" not in page.content_type.lower():
        log.info("page %s is %s, not HTML; using the feed's text", redact(entry.link), page.content_type)
        return None, entry.link
    return page.content.decode(_charset(page.content_type) or "utf-8", errors="replace"), page.url


def stock_line_keys(articles: list[Article]) -> list[tuple[str, str, str]]:
    """(site, sentence key, article key) of every sentence of every page: counted across a site's
    articles in the memory, the lines it repeats everywhere become its stock lines."""
    out = []
    for a in articles:
        if a.from_page:
            site = site_of(a.entry.link)
            out += [(site, key, a.entry.key) for s in split_sentences(a.text) if (key := sentence_key(s))]
    return out


@dataclass(frozen=True)
class _Job(Generic[T]):
    """What the extraction process needs to know about one item."""

    entry: Entry
    page_html: str | None
    url: str | None
    stock: frozenset[str]
    then: Callable[[Article], T]


def _article(job: _Job[T]) -> T:
    """In the extraction process: the article's text (the feed's own when the page gives too
    little), then ``job.then`` of it."""
    entry = job.entry
    shown = redact(entry.link)
    feed_text = _characters(clean_feed_html(entry.content_html)) if entry.content_html else ""
    text, from_page = feed_text, False
    if job.page_html is not None:
        try:
            with _time_limit(PAGE_SECONDS):
                page_text = _characters(extract_text(job.page_html, job.url, site_stock=job.stock))
            if len(page_text.split()) >= MIN_PAGE_WORDS or len(page_text) > 2 * len(feed_text):
                text, from_page = page_text, True
            else:
                log.info(
                    "page %s gave %d words; using the feed's text", redact(entry.link), len(page_text.split())
                )
        except _TooSlow:
            log.warning(
                "extracting %s took over %g s; using the feed's text", redact(entry.link), PAGE_SECONDS
            )
        except Exception:  # an extractor bug on one page must not cost the briefing
            log.exception("extracting %s failed; using the feed's text", shown)
    site = site_name(job.page_html) if job.page_html and entry.stand_in_source else None
    return job.then(Article(entry, text, from_page, site))


def _characters(text: str) -> str:
    """The article's text as characters, where it enters: feeds and pages escaped twice
    (``woman&amp;#x2019;s``) leave entities in the extracted text, and every later pass (the
    condenser's sentence rules, the script, the voice) must see the apostrophe, not the entity."""
    return xml_safe(decode_entities(text)) if "&" in text else xml_safe(text)


class _TooSlow(BaseException):
    """Raised by the alarm of :func:`_time_limit`; not an Exception, so no handler inside the
    extractor (which catches its libraries' many errors) can swallow it."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _TooSlow in the block after ``seconds`` of wall time. An alarm signal interrupts Python
    code and regular expressions alike; it works in a process's main thread, where the extraction
    processes run their jobs (elsewhere, and on Windows, the block runs unbounded)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def extractor(
    processes: int | None = None, prepare: Callable[[], object] | None = None
) -> Iterator[Executor]:
    """The processes that extract pages, started at once: they are forked, so they must start before
    the run starts any other thread. One per core, at most two: on a small machine the main process
    loads the voice meanwhile. They die with the run, even when the run is killed. Each runs
    ``prepare`` first (what the ``then`` of :func:`fetch_articles` will need, loaded ahead)."""
    import multiprocessing
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    count = processes or min(2, cores)
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(count, mp_context=fork, initializer=_start_extraction, initargs=(prepare,))
    try:
        pool.submit(int)  # forks them all now (a fork-context pool starts every process at once)
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_extraction(prepare: Callable[[], object] | None) -> None:
    """In a new extraction process: die with the parent, and import the extractor (and ``prepare``)
    while the pages are still downloading (the first page would otherwise wait for it)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    import trafilatura  # noqa: F401

    if prepare is not None:
        prepare()


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

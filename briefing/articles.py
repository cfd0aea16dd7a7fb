"""Entry -> Article: fetch each new item's page concurrently and extract its text.

When a page can't be fetched or yields too little text, the feed's own content (or summary) HTML is
used instead, cleaned the same way, so a paywall or a dead link still leaves something to say.
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
from urllib.parse import urlsplit

from .errors import BriefingError
from .http import Fetcher, host_of, redact
from .model import Article, Entry
from .text.extract import clean_feed_html, extract_text

log = logging.getLogger(__name__)

MIN_PAGE_WORDS = 60
PAGE_SECONDS = 30.0  # one page's extraction may take this long; a page built to be slow is given up
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


def site_of(url: str | None) -> str:
    return urlsplit(url or "").netloc.lower().removeprefix("www.")


def fetch_articles(
    entries: list[Entry],
    fetcher: Fetcher,
    helper: Executor,
    stock_lines: Callable[[str], frozenset[str]] = lambda site: frozenset(),
    summary_words: int = 0,
    workers: int = 16,
) -> list[Article]:
    """One Article per entry that has any text at all, in the entries' order.

    Threads download the pages; the ``helper`` processes (:func:`extractor`) extract and condense
    them (to ``summary_words``, when set), each one page at a time, while the main process loads the
    voice; trafilatura and lxml, which crash (segfault) when two threads parse at once, only ever
    parse in one thread of a process.
    """
    if not entries:
        return []
    stock = {site: stock_lines(site) for site in {site_of(e.link) for e in entries}}

    def one(entry: Entry) -> Article | None:
        html, url = None, entry.link
        if entry.link:
            try:
                page = fetcher.get(entry.link, accept=PAGE_ACCEPT, lan_host=host_of(entry.feed_url))
                if "html" in page.content_type.lower() or not page.content_type:
                    html = page.content.decode(_charset(page.content_type) or "utf-8", errors="replace")
                    url = page.url
                else:
                    shown, kind = redact(entry.link), page.content_type
                    log.info("page %s is %s, not HTML; using the feed's text", shown, kind)
            except BriefingError as exc:
                log.info("page not used (%s); using the feed's text", exc)
        job = _Job(entry.title, redact(entry.link), entry.content_html, html, url, stock[site_of(entry.link)],
                   summary_words)  # fmt: skip
        try:
            text, from_page, summary = helper.submit(_article_text, job).result()
        except BrokenProcessPool:  # it died on this page or another: try this one alone
            try:
                with extractor(1) as alone:
                    text, from_page, summary = alone.submit(_article_text, job).result()
            except BrokenProcessPool:
                log.error("extracting %s crashed the extraction process; item skipped", redact(entry.link))
                return None
        if not text.strip():
            log.warning("no text for %r from %s; skipped", entry.title, entry.source)
            return None
        return Article(entry, text, from_page, summary)

    with ThreadPoolExecutor(max_workers=min(workers, len(entries))) as pool:
        return [a for a in pool.map(one, entries) if a is not None]


@dataclass(frozen=True)
class _Job:
    """What the extraction process needs to know about one item."""

    title: str
    link: str | None  # for log lines only, redacted
    feed_html: str | None
    page_html: str | None
    url: str | None
    stock: frozenset[str]
    summary_words: int


def _article_text(job: _Job) -> tuple[str, bool, str]:
    """(text, from the page?, condensed story): the page's text, or the feed's own when the page has
    too little; runs in the extraction process."""
    from .condense import summarize

    feed_text = clean_feed_html(job.feed_html) if job.feed_html else ""
    text, from_page = feed_text, False
    if job.page_html is not None:
        try:
            with _time_limit(PAGE_SECONDS):
                page_text = extract_text(job.page_html, job.url, site_stock=job.stock)
            if len(page_text.split()) >= MIN_PAGE_WORDS or len(page_text) > 2 * len(feed_text):
                text, from_page = page_text, True
            else:
                log.info("page %s gave %d words; using the feed's text", job.link, len(page_text.split()))
        except _TooSlow:
            log.warning("extracting %s took over %g s; using the feed's text", job.link, PAGE_SECONDS)
        except Exception:  # an extractor bug on one page must not cost the briefing
            log.exception("extracting %s failed; using the feed's text", job.link)
    summary = summarize(text, job.summary_words, title=job.title) if job.summary_words and text else ""
    return text, from_page, summary


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
def extractor(processes: int | None = None) -> Iterator[Executor]:
    """The processes that extract pages, started at once: they are forked, so they must start before
    the run starts any other thread. One per core, at most two: on a small machine the main process
    loads the voice meanwhile. They die with the run, even when the run is killed."""
    import multiprocessing
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    count = processes or min(2, cores)
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(count, mp_context=fork, initializer=_start_extraction)
    try:
        pool.submit(int)  # forks them all now (a fork-context pool starts every process at once)
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_extraction() -> None:
    """In a new extraction process: die with the parent, and import the extractor while the pages are
    still downloading (the first page would otherwise wait for it)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    import trafilatura  # noqa: F401

    from .condense import summarize

    summarize("The model loads now. Its regular expressions compile.", 10)  # reads the packaged ranker


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

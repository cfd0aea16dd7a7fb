"""Fault injection: hostile servers, crashes, overlapping runs, a full disk. Every test is time-bound."""

from __future__ import annotations

import errno
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import feedparser
import pytest
from conftest import NEWS, LocalServer, redate, respond, run_args, write_feeds

from briefing.cli import main
from briefing.errors import FetchError
from briefing.http import Fetcher, Limits, host_of

FAST = Limits(
    connect_timeout=1, read_timeout=1, total_timeout=2, max_bytes=5_000_000, retries=2, max_retry_after=2
)
FEED = (Path(__file__).parent / "data" / "feeds" / "sky.xml").read_bytes()


def reply(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    respond(h, status, body, "application/rss+xml", headers)


def timed(fetcher: Fetcher, url: str) -> tuple[float, str]:
    start = time.monotonic()
    try:
        fetcher.get(url, lan_host=host_of(url))  # as for a feed whose line names this local server
        outcome = "ok"
    except FetchError as exc:
        outcome = str(exc)
    return time.monotonic() - start, outcome


@pytest.mark.timeout(10)
def test_server_that_never_answers(server: LocalServer) -> None:
    url = server.route("/silent", lambda h: time.sleep(4))
    seconds, outcome = timed(Fetcher(FAST), url)
    assert "went silent" in outcome and seconds < 3.5


@pytest.mark.timeout(15)
def test_server_that_drips_one_byte_a_second(server: LocalServer) -> None:
    def drip(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100")
        h.end_headers()
        for _ in range(8):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.5)

    seconds, outcome = timed(Fetcher(FAST), server.route("/drip", drip))
    assert "in total" in outcome and seconds < 3.5


@pytest.mark.timeout(15)
def test_500_is_retried_then_reported(server: LocalServer) -> None:
    url = server.route("/boom", lambda h: reply(h, 500, b"oops"))
    _, outcome = timed(Fetcher(FAST), url)
    assert "HTTP 500" in outcome and "3 tries" in outcome
    assert server.hits.count("/boom") == 3


@pytest.mark.timeout(15)
def test_429_honours_retry_after(server: LocalServer) -> None:
    calls = []

    def limited(h: BaseHTTPRequestHandler) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            reply(h, 429, b"slow down", {"Retry-After": "1"})
        else:
            reply(h, 200, FEED)

    _, outcome = timed(Fetcher(FAST), server.route("/limited", limited))
    assert outcome == "ok"
    assert calls[1] - calls[0] >= 0.95


@pytest.mark.timeout(10)
def test_redirect_loop(server: LocalServer) -> None:
    url = server.route("/loop", lambda h: reply(h, 302, b"", {"Location": "/loop"}))
    seconds, outcome = timed(Fetcher(FAST), url)
    assert "redirects" in outcome and seconds < 3


@pytest.mark.timeout(20)
def test_gzip_bomb_stops_at_the_cap(server: LocalServer) -> None:
    bomb = gzip.compress(b"\0" * 60_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    url = server.route("/bomb", lambda h: reply(h, 200, bomb, {"Content-Encoding": "gzip"}))
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _, outcome = timed(Fetcher(FAST), url)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert "too large" in outcome and "decompressed" in outcome
    assert grown_mb < 40, f"memory grew {grown_mb:.0f} MB"


@pytest.mark.timeout(20)
def test_50_mb_body_with_and_without_length(server: LocalServer) -> None:
    def huge(h: BaseHTTPRequestHandler, declare: bool) -> None:
        h.send_response(200)
        if declare:
            h.send_header("Content-Length", str(50_000_000))
        else:
            h.send_header("Connection", "close")
        h.end_headers()
        try:
            for _ in range(50):
                h.wfile.write(b"a" * 1_000_000)
        except OSError:
            pass

    for declare in (True, False):
        url = server.route(f"/huge{declare}", lambda h, d=declare: huge(h, d))
        _, outcome = timed(Fetcher(FAST), url)
        assert "too large" in outcome, outcome


@pytest.mark.timeout(10)
def test_connection_reset_mid_body(server: LocalServer) -> None:
    def reset(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "10000")
        h.end_headers()
        h.wfile.write(FEED[:300])
        h.wfile.flush()
        h.connection.shutdown(2)

    seconds, outcome = timed(Fetcher(FAST), server.route("/reset", reset))
    assert outcome != "ok" and seconds < 3


@pytest.mark.timeout(60)
def test_hostile_feeds_do_not_cost_the_good_one(tmp_path: Path, server: LocalServer) -> None:
    server.route("/silent", lambda h: time.sleep(6))
    server.route("/boom", lambda h: reply(h, 500, b"oops"))
    server.route(
        "/plain",
        lambda h: reply(
            h, 200, redate(FEED.replace(b"{BASE}", server.base.encode())), {"Content-Type": "text/plain"}
        ),
    )
    feeds = write_feeds(
        tmp_path,
        [server.url("/silent"), server.url("/boom"), server.url("/plain") + ' name="Sky News" max=1'],
    )
    (tmp_path / "briefing.toml").write_text("read_timeout = 1.0\ntotal_timeout = 3.0\n", encoding="utf-8")
    start = time.monotonic()
    code = main(["--quiet", "--config", str(tmp_path / "briefing.toml"), "run", "--feeds", str(feeds),
                 "--output", str(tmp_path / "out"), "--engine", "hibari"])  # fmt: skip
    assert code == 3
    report = json.loads((tmp_path / "out" / "run-report.json").read_text())
    assert len(report["feeds_failed"]) == 2 and len(report["stories"]) == 1
    assert time.monotonic() - start < 40


# --- crash safety, overlapping runs, a full disk -------------------------------------------------


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """A feed of (guid, link, text) items, newest first; each says its sentence twice, so it has the
    fifteen words a story needs."""
    now = datetime.now(UTC)
    parts = []
    for i, (guid, link, text) in enumerate(items):
        when = format_datetime(now - timedelta(minutes=i))
        parts.append(
            f"<item><title>{text.split('.')[0]}</title><link>{link}</link><guid>{guid}</guid>"
            f"<pubDate>{when}</pubDate><description>{text} {text}</description></item>"
        )
    body = "".join(parts)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


def story_text(n: int) -> str:
    return NEWS[n]


class ChangingFeeds:
    """Two feeds that move on every run; story n appears in both under different URLs."""

    def __init__(self, server: LocalServer) -> None:
        self.run = 0
        self.server = server
        server.route("/a.xml", lambda h: reply(h, 200, self.feed("a")))
        server.route("/b.xml", lambda h: reply(h, 200, self.feed("b")))

    def feed(self, which: str) -> bytes:
        first = self.run * 2
        numbers = range(first, first + 4) if which == "a" else range(first + 1, first + 4)
        items = []
        for n in numbers:
            link = self.server.url(f"/gone/{which}/{n}" + ("?utm_source=rss" if which == "b" else ""))
            items.append((f"{which}-{n}", link, story_text(n)))
        return rss(items)


def briefed_stories(out: Path) -> list[str]:
    titles = []
    for meta in out.glob("briefing-*.json"):
        if not meta.name.endswith(".chapters.json"):
            titles += [s["title"] for s in json.loads(meta.read_text())["stories"]]
    return titles


@pytest.mark.timeout(300)
def test_ten_runs_over_changing_feeds_never_repeat_a_story(tmp_path: Path, server: LocalServer) -> None:
    feeds_src = ChangingFeeds(server)
    feeds = write_feeds(tmp_path, [server.url("/a.xml") + " name=Alpha", server.url("/b.xml") + " name=Beta"])
    out = tmp_path / "out"
    for run in range(10):
        feeds_src.run = run
        code = main(["--quiet", "run", "--feeds", str(feeds), "--output", str(out), "--engine", "hibari",
                     "--keep", "0"])  # fmt: skip
        assert code == 0
    titles = briefed_stories(out)
    assert len(titles) == len(set(titles)), sorted(titles)
    assert len(titles) >= 19  # stories 0..21 appear; all but the never-shown tail get briefed
    assert len(list(out.glob("*.mp3"))) == 10


def run_cli(args: list[str], **kw) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env["BRIEFING_GTTS_URL"] = "http://127.0.0.1:9/refused"
    return subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", *args], env=env, stderr=subprocess.PIPE, **kw
    )


@pytest.mark.timeout(300)
def test_sigkill_at_any_moment_then_a_clean_run(tmp_path: Path, server: LocalServer) -> None:
    feeds_src = ChangingFeeds(server)
    feeds = write_feeds(tmp_path, [server.url("/a.xml") + " name=Alpha", server.url("/b.xml") + " name=Beta"])
    out = tmp_path / "out"
    args = run_args(feeds, out, "--keep", "0")
    start = time.monotonic()
    assert run_cli(args).wait(timeout=60) == 0  # a first, complete episode
    full = time.monotonic() - start
    feed_before = (out / "feed.xml").read_bytes()
    for run, fraction in enumerate((0.15, 0.4, 0.6, 0.75, 0.9, 0.97), start=1):
        feeds_src.run = run
        proc = run_cli(args)
        time.sleep(full * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        # Whatever the moment, the feed is whole and lists only complete episodes.
        feed = feedparser.parse((out / "feed.xml").read_bytes())
        assert not feed.bozo
        for entry in feed.entries:
            assert (out / entry.enclosures[0].href.rsplit("/", 1)[1]).stat().st_size > 1000
        published = [p for p in out.glob("briefing-*.mp3")]  # temporary files are hidden (".name")
        assert all(p.stat().st_size > 1000 for p in published)
    assert feed_before  # the first episode's feed was there all along
    # The clean run sees the same feeds as the last killed one and briefs what it did not publish.
    assert run_cli(args).wait(timeout=60) == 0
    titles = briefed_stories(out)
    assert len(titles) == len(set(titles)), sorted(titles)
    window = range(feeds_src.run * 2, feeds_src.run * 2 + 4)
    for n in window:
        assert any(story_text(n).startswith(t) for t in titles), n
    leftovers = [
        p.name for p in out.iterdir() if p.name.startswith(".") and p.name.endswith((".tmp", ".mp3"))
    ]
    assert leftovers == []


@pytest.mark.timeout(120)
def test_a_second_run_exits_at_once_while_one_is_running(tmp_path: Path, server: LocalServer) -> None:
    source = ChangingFeeds(server)
    slow = {"first": True}

    def slow_feed(h: BaseHTTPRequestHandler) -> None:
        if slow.pop("first", False):
            time.sleep(3)  # the first run holds the lock at least this long
        reply(h, 200, source.feed("a"))

    server.route("/a.xml", slow_feed)
    feeds = write_feeds(tmp_path, [server.url("/a.xml"), server.url("/b.xml")])
    out = tmp_path / "out"
    out.mkdir()
    args = run_args(feeds, out, quiet=False)
    (out / ".briefing.lock").write_text("999999")  # a stale lock from a dead process is taken over
    first = run_cli(args)
    deadline = time.monotonic() + 30
    while (out / ".briefing.lock").read_text() == "999999" and time.monotonic() < deadline:
        time.sleep(0.05)
    start = time.monotonic()
    second = run_cli(args)
    _, err = second.communicate(timeout=30)
    assert second.returncode == 5
    assert b"another briefing run" in err
    assert time.monotonic() - start < 10
    assert first.wait(timeout=60) == 0


@pytest.mark.timeout(120)
def test_disk_full_leaves_nothing_and_loses_nothing(tmp_path: Path, server: LocalServer, monkeypatch) -> None:
    ChangingFeeds(server)
    feeds = write_feeds(tmp_path, [server.url("/a.xml"), server.url("/b.xml")])
    out = tmp_path / "out"
    args = run_args(feeds, out)
    real_fsync = os.fsync
    calls = {"n": 0}

    def full_after_writes(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > 2:  # the write test and the encoded MP3 succeed, then the disk fills
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_after_writes)
    assert main(args) == 4
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert not (out / "feed.xml").exists() or not feedparser.parse((out / "feed.xml").read_bytes()).entries
    assert [
        p.name for p in out.iterdir() if p.name.endswith((".tmp", ".json")) and "run-report" not in p.name
    ] == []
    # Nothing was remembered, so the next run briefs the same stories.
    assert main(args) == 0
    assert len(briefed_stories(out)) >= 2


def _four_pages(server: LocalServer) -> list[tuple[str, str, str]]:
    """A feed of four items, each with its page: (guid, page URL, the feed's text)."""
    items = [(f"g{i}", server.url(f"/page{i}.html"), NEWS[i] + " " + NEWS[i + 5]) for i in range(4)]
    server.route("/feed.xml", lambda h: reply(h, 200, rss(items)))
    html = {"Content-Type": "text/html"}
    for i in range(4):
        page = f"<html><body><article><p>{NEWS[i]} {NEWS[i + 5]}</p>" + "<p>More detail.</p>" * 40
        server.route(f"/page{i}.html", lambda h, page=page: reply(h, 200, page.encode(), html))
    return items


def _crash_on_page_2(html: str, url: str | None = None, **kwargs: object) -> str:
    """Stands in for extraction in the forked extraction process: page 2 kills it, like a segfault."""
    import briefing.text.extract

    if str(url).endswith("/page2.html"):
        os._exit(139)
    return briefing.text.extract.extract_text(html, url, **kwargs)  # type: ignore[arg-type]


def test_a_page_that_crashes_the_extractor_costs_only_itself(
    tmp_path: Path, server: LocalServer, monkeypatch
) -> None:
    """A segfault in trafilatura kills the extraction process; the other pages are read anyway."""
    import briefing.articles

    items = _four_pages(server)
    monkeypatch.setattr(briefing.articles, "extract_text", _crash_on_page_2)
    out = tmp_path / "out"
    assert main(run_args(write_feeds(tmp_path, [server.url("/feed.xml")]), out)) == 0
    report = json.loads((out / "run-report.json").read_text())
    assert sorted(s["url"] for s in report["stories"]) == sorted(items[i][1] for i in (0, 1, 3))


def _hang_on_page_2(html: str, url: str | None = None, **kwargs: object) -> str:
    """Stands in for extraction in the extraction process: page 2 never finishes, like a page built
    to make a pattern backtrack for hours."""
    import briefing.text.extract

    if str(url).endswith("/page2.html"):
        while True:
            pass
    return briefing.text.extract.extract_text(html, url, **kwargs)  # type: ignore[arg-type]


@pytest.mark.timeout(120)
def test_a_page_that_never_finishes_extracting_costs_only_itself(
    tmp_path: Path, server: LocalServer, monkeypatch
) -> None:
    """The extraction of one page is given up after PAGE_SECONDS: its story is told from the feed's
    text, and the run goes on."""
    import briefing.articles

    items = _four_pages(server)
    monkeypatch.setattr(briefing.articles, "extract_text", _hang_on_page_2)
    monkeypatch.setattr(briefing.articles, "PAGE_SECONDS", 1.0, raising=False)
    out = tmp_path / "out"
    assert main(run_args(write_feeds(tmp_path, [server.url("/feed.xml")]), out)) == 0
    report = json.loads((out / "run-report.json").read_text())
    assert sorted(s["url"] for s in report["stories"]) == sorted(url for _, url, _ in items)

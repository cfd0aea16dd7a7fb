"""Hostile feeds and pages: nothing a stranger writes can stop the show, reach inside, or leak a secret.

One section per finding of the security audit; every server is local (127.0.0.1, 127.0.0.2), and a
host "elsewhere" is made with the HTTP client's resolver hook, never the outside network.
`briefing serve` has its own file, tests/test_serve.py.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from conftest import NEWS, LocalServer, respond, run_args, write_feeds

from briefing.cli import main
from briefing.errors import AudioError, FetchError
from briefing.http import Fetcher, Limits

# Names this file tests that the code before the audit did not have are imported in the tests, so
# that each test fails there for its own reason, not all of them at import.

FAST = Limits(connect_timeout=1, read_timeout=2, total_timeout=4, retries=0)
OTHER_NEWS = [
    "A lighthouse keeper on Skye retired after forty years, handing the keys to a team of volunteers.",
    "The city council approved a new cycle lane along the river, to open before the summer festival.",
    "A rare orchid flowered in the botanical garden for the first time in a decade, drawing crowds.",
    "Two schools in Cardiff merged their orchestras for a concert raising money for the children's ward.",
    "The harbour authority dredged the channel so larger fishing boats can land their catch at low tide.",
]
SECRET_PAGE = "The internal wiki says the launch codes are swordfish and the vault opens at midnight. " * 8


def feed_xml(items: list[tuple[str, str, str]], channel_title: str | None = "Hostile") -> bytes:
    """An RSS document of (title, link, description) items, newest first; the strings go in as given
    (control characters, character references and all)."""
    now = datetime.now(UTC)
    parts = []
    for i, (title, link, text) in enumerate(items):
        when = format_datetime(now - timedelta(minutes=i))
        parts.append(
            f"<item><title>{title}</title><link>{link}</link><guid>g{i}-{abs(hash(link))}</guid>"
            f"<pubDate>{when}</pubDate><description>{text}</description></item>"
        )
    head = f"<title>{channel_title}</title>" if channel_title is not None else ""
    doc = f'<?xml version="1.0"?><rss version="2.0"><channel>{head}{"".join(parts)}</channel></rss>'
    return doc.encode("utf-8", "surrogatepass")


def html_page(text: str) -> bytes:
    return f"<html><body><article><p>{text}</p><p>{text}</p></article></body></html>".encode()


def serve_bytes(server: LocalServer, path: str, body: bytes, ctype: str = "application/rss+xml") -> str:
    return server.route(path, lambda h: respond(h, 200, body, ctype))


def redirect(server: LocalServer, path: str, to: str) -> str:
    return server.route(path, lambda h: respond(h, 302, b"", "text/plain", {"Location": to}))


def published_texts(out: Path, text_only: bool = False) -> str:
    """Everything a run published or reported, as one string (MP3 tags included, as UTF-8 and UTF-16),
    or only its text files."""
    chunks = []
    for path in out.iterdir():
        if text_only and path.suffix not in {".txt", ".vtt", ".json", ".xml"}:
            continue
        if path.is_file() and not path.name.startswith((".", "state.sqlite")):
            data = path.read_bytes()
            chunks.append(data.decode("utf-8", "replace"))
            if path.suffix == ".mp3":
                chunks.append(data.decode("utf-16-le", "replace"))
    return "\n".join(chunks)


# --- 1. one feed title stopped the podcast for good ----------------------------------------------


@pytest.mark.timeout(120)
def test_control_characters_and_lone_surrogates_in_a_feed_cost_nothing(
    tmp_path: Path, server: LocalServer
) -> None:
    """Control characters (raw and as references) in the channel title, an item title and a link, and
    a lone surrogate reference: the run publishes every item, and feed.xml reads back."""
    page = serve_bytes(server, "/p0.html", html_page(NEWS[0]), "text/html")
    items = [
        ("Signal \x01\x02\x08 faults\x00 &#1; hit trains", page + "?a=\x01b", NEWS[0]),
        ("A lone surrogate &#xD800; in a title", server.url("/p1.html"), NEWS[1] + " &#xDFFF; &#x110000;"),
        ("Plain title", server.url("/p2.html"), NEWS[2] + " &#99999999999;"),
    ]
    serve_bytes(server, "/feed.xml", feed_xml(items, channel_title="Chan\x01nel &#xD800;"))
    out = tmp_path / "out"
    assert main(run_args(write_feeds(tmp_path, [server.url("/feed.xml")]), out)) == 0
    report = json.loads((out / "run-report.json").read_text())
    assert report["status"] == "published" and len(report["stories"]) == 3
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 1
    for text in (published_texts(out, text_only=True), json.dumps(report)):
        assert "\x01" not in text and "\\u0001" not in text and "\ud800" not in text


def test_the_feed_writer_refuses_nothing_a_story_can_hold(tmp_path: Path) -> None:
    """Control characters and a lone surrogate in every text an episode carries into feed.xml."""
    from dataclasses import replace

    from test_publish import SHOW, fake_episode

    from briefing.model import Chapter, Story
    from briefing.publish import Show, publish

    when = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    ep, tmp = fake_episode(tmp_path, when)
    bad, link = "Bad \x01 title \ud800", "https://e.org/\x03"
    story = Story(bad, "x", ("So\x02urce",), link, "en", when, ("k",))
    ep = replace(
        ep,
        title="Show \x04",
        chapters=(ep.chapters[0], Chapter(bad, 2.0, 30.0, link)),
        script=replace(ep.script, stories=(story,)),
    )
    publish(ep, tmp, tmp_path, replace(SHOW, title="The \x05 Briefing"), ["k"])
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert not feed.bozo and "Bad  title" in feed.entries[0].description
    assert isinstance(SHOW, Show)


@pytest.mark.timeout(120)
def test_a_broken_episode_record_is_set_aside_and_never_blocks_later_runs(
    tmp_path: Path, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Records written before this fix (control characters in the title) or damaged (no date, not
    JSON): the first are published cleaned, the others moved aside with a warning; runs go on."""
    out = tmp_path / "out"
    out.mkdir()
    good = {
        "slug": "briefing-2026-01-01T060000Z",
        "title": "Old \x01 one",
        "created": "2026-01-01T06:00:00+00:00",
        "duration": 60.0,
        "bytes": 5003,
        "description": "1 story.\n00:00 Bad \x02",
        "keys": ["k1"],
    }
    undated = {**good, "slug": "briefing-2026-01-02T060000Z", "keys": ["k2"]}
    del undated["created"]
    for meta in (good, undated):
        (out / f"{meta['slug']}.json").write_text(json.dumps(meta), encoding="utf-8")
        (out / f"{meta['slug']}.mp3").write_bytes(b"ID3" + b"\0" * 5000)
    (out / "briefing-2026-01-03T060000Z.json").write_bytes(b'{"slug": "briefing-2026-01-03T06')
    (out / "briefing-2026-01-03T060000Z.mp3").write_bytes(b"ID3" + b"\0" * 5000)
    items = [(NEWS[i].split(",")[0], server.url(f"/nowhere/{i}"), NEWS[i]) for i in range(3)]
    serve_bytes(server, "/feed.xml", feed_xml(items))
    feeds = write_feeds(tmp_path, [server.url("/feed.xml")])
    assert main(run_args(feeds, out)) == 0
    assert sorted(p.name for p in (out / ".set-aside").iterdir()) == [
        "briefing-2026-01-02T060000Z.json", "briefing-2026-01-02T060000Z.mp3",
        "briefing-2026-01-03T060000Z.json", "briefing-2026-01-03T060000Z.mp3",
    ]  # fmt: skip
    assert capsys.readouterr().err.count("set aside") == 2
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 2
    assert "Old  one" in [e.title for e in feed.entries]
    items = [(NEWS[i].split(",")[0], server.url(f"/nowhere/{i}"), NEWS[i]) for i in range(3, 6)]
    serve_bytes(server, "/feed.xml", feed_xml(items))
    assert main(run_args(feeds, out)) == 0
    assert len(feedparser.parse((out / "feed.xml").read_bytes()).entries) == 3


# --- 2. article links reached inside the network -------------------------------------------------


class _Internal:
    """A second local server, on 127.0.0.2: a stand-in for a machine inside the network."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                respond(self, 200, html_page(SECRET_PAGE), "text/html")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.2", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.2:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def internal():
    s = _Internal()
    yield s
    s.close()


@pytest.mark.timeout(120)
def test_article_links_never_reach_inside_the_network(
    tmp_path: Path, server: LocalServer, internal: _Internal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed on 127.0.0.1 (its line names that host, so it and its pages there are fetched) whose
    items link to the same machine under another name, to another internal machine directly and
    through a 302, and through a 302 to the cloud metadata address: none of those is fetched, no
    connection is even tried to 169.254.169.254, and the stories are told from the feed's text."""
    port = server.base.rsplit(":", 1)[1]
    server.route("/secret.html", lambda h: respond(h, 200, html_page(SECRET_PAGE), "text/html"))
    items = [
        ("Trains delayed", f"http://localhost:{port}/secret.html", NEWS[0]),
        ("Spending plans", internal.base + "/admin", NEWS[1]),
        ("Flood warnings", redirect(server, "/to-internal", internal.base + "/wiki"), NEWS[2]),
        (
            "Lisbon mayor",
            redirect(server, "/to-metadata", "http://169.254.169.254/latest/meta-data/"),
            NEWS[3],
        ),
        ("Malaria vaccine", serve_bytes(server, "/own.html", html_page(NEWS[4] * 4), "text/html"), NEWS[4]),
    ]
    serve_bytes(server, "/feed.xml", feed_xml(items))
    tried: list[object] = []
    real_connect = socket.create_connection

    def connect(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        tried.append(address[0])
        if address[0] == "169.254.169.254":
            raise ConnectionRefusedError(111, "refused by the test")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", connect)
    out = tmp_path / "out"
    assert main(run_args(write_feeds(tmp_path, [server.url("/feed.xml")]), out)) == 0
    assert "/secret.html" not in server.hits and internal.hits == []
    assert "169.254.169.254" not in tried
    assert "/own.html" in server.hits  # the feed's own host stays allowed
    report = json.loads((out / "run-report.json").read_text())
    assert len(report["stories"]) == 5
    assert "swordfish" not in published_texts(out)


def test_a_name_that_resolves_inside_is_refused_unless_the_feed_line_names_it(server: LocalServer) -> None:
    """Through the resolver hook: news.example and evil.example both "resolve" to 127.0.0.1. The feed
    line names news.example, so its requests may go there; evil.example may not be reached, directly
    or by a redirect, and is never connected to."""
    from briefing.errors import AddressRefused
    from briefing.http import system_resolve

    port = server.base.rsplit(":", 1)[1]
    resolved: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        resolved.append(host)
        return ["127.0.0.1"] if host.endswith(".example") else system_resolve(host, port)

    redirect(server, "/hop", f"http://evil.example:{port}/feeds/sky.xml")
    with Fetcher(FAST, resolve=resolve) as fetcher:
        ok = fetcher.get(f"http://news.example:{port}/feeds/sky.xml", lan_host="news.example")
        assert ok.status == 200 and b"<rss" in ok.content
        hits = len(server.hits)
        for url in (f"http://evil.example:{port}/feeds/sky.xml", f"http://news.example:{port}/hop"):
            with pytest.raises(AddressRefused, match="loopback"):
                fetcher.get(url, lan_host="news.example")
        assert server.hits[hits:] == ["/hop"]
        with pytest.raises(AddressRefused):  # and with no allowance at all, not even the feed's host
            fetcher.get(f"http://news.example:{port}/feeds/sky.xml")
    assert resolved.count("news.example") == 1 and resolved.count("evil.example") == 1  # once a run


def test_a_host_is_resolved_once_a_run_so_a_changed_answer_changes_nothing(server: LocalServer) -> None:
    """DNS rebinding: the first answer is a public address (which the test never connects to: the
    request times out at once), the next would be loopback. The loopback answer is never used."""
    answers = iter([["192.0.2.55"], ["127.0.0.1"]])
    calls = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    # 192.0.2.55 is TEST-NET: refused too, as reserved; what matters is that 127.0.0.1 is never tried.
    with Fetcher(FAST, resolve=resolve) as fetcher:
        for _ in range(2):
            with pytest.raises(FetchError) as err:
                fetcher.get(server.url("/feeds/sky.xml").replace("127.0.0.1", "rebind.example"))
            assert "192.0.2.55" in str(err.value)
    assert calls == ["rebind.example"] and server.hits == []


def test_only_http_and_https_are_fetched(server: LocalServer) -> None:
    from briefing.errors import AddressRefused

    url = redirect(server, "/to-file", "file:///etc/passwd")
    with Fetcher(FAST) as fetcher:
        for target in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/"):
            with pytest.raises(AddressRefused, match="only http and https"):
                fetcher.get(target, lan_host="127.0.0.1")
        with pytest.raises(AddressRefused, match="scheme"):
            fetcher.get(url, lan_host="127.0.0.1")


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("172.16.0.1", "private"),
        ("192.168.1.20", "private"), ("fd12::1", "private"),
        ("169.254.169.254", "link-local"), ("fe80::1%eth0", "link-local"), ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"), ("100.64.0.1", "reserved"),
        ("240.0.0.1", "private"), ("93.184.215.14", None), ("2606:4700:4700::1111", None),
    ],
)  # fmt: skip
def test_address_kinds(address: str, kind: str | None) -> None:
    from briefing.http import address_kind

    assert address_kind(address) == kind


# --- 3. feed passwords were published -------------------------------------------------------------

PASSWORD, FEED_TOKEN, PAGE_TOKEN = "s3cretpw", "t0pfeedt0ken", "art1cles3cret"


@pytest.mark.timeout(120)
def test_feed_passwords_and_tokens_never_reach_a_log_report_transcript_tag_or_name(
    tmp_path: Path, server: LocalServer, capfd: pytest.CaptureFixture[str]
) -> None:
    port = server.base.rsplit(":", 1)[1]
    wanted = "Basic " + base64.b64encode(f"user:{PASSWORD}".encode()).decode()
    page = server.url(f"/page.html?token={PAGE_TOKEN}&id=7")
    server.route("/page.html", lambda h: respond(h, 200, html_page(NEWS[0] * 3), "text/html"))
    items = [("Trains delayed", page, NEWS[0]), ("Spending plans", server.url("/nowhere"), NEWS[1])]
    body = feed_xml(items, channel_title=None)  # no title: the feed is named after its host

    def private(h: BaseHTTPRequestHandler) -> None:
        ok = h.headers.get("Authorization") == wanted
        respond(h, 200 if ok else 401, body if ok else b"no", "application/rss+xml")

    server.route("/private.xml", private)
    feeds = write_feeds(tmp_path, [
        f"http://user:{PASSWORD}@127.0.0.1:{port}/private.xml?token={FEED_TOKEN}",
        f"http://user:{PASSWORD}@127.0.0.1:{port}/missing.xml?key={FEED_TOKEN}&sig={FEED_TOKEN}",
    ])  # fmt: skip
    out, log_file = tmp_path / "out", tmp_path / "briefing.log"
    code = main(["--log-file", str(log_file), *run_args(feeds, out, quiet=False)])
    assert code == 3  # published; the missing feed failed
    assert any(f"token={PAGE_TOKEN}" in hit for hit in server.hits)  # shown redacted, fetched as written
    stderr = capfd.readouterr().err
    report = (out / "run-report.json").read_text()
    assert "missing.xml?key=***&sig=***" in report
    everything = "\n".join([stderr, log_file.read_text(), report, published_texts(out)])
    for secret in (PASSWORD, FEED_TOKEN, PAGE_TOKEN, "user@", "user:"):
        assert secret not in everything, secret
    sources = json.loads(report)["stories"][0]["sources"]
    assert sources == []  # no name a listener would know: never a host, an address or a port


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pw@feeds.example.org/rss", "https://feeds.example.org/rss"),
        ("https://user@feeds.example.org:8443/rss", "https://feeds.example.org:8443/rss"),
        ("https://e.org/f?token=abc&page=2", "https://e.org/f?token=***&page=2"),
        ("https://e.org/f?access_token=a;apiKey=b;author=jane", "https://e.org/f?access_token=***;apiKey=***;author=jane"),
        ("https://s3.example/o?X-Amz-Signature=abc&X-Amz-Credential=d", "https://s3.example/o?X-Amz-Signature=***&X-Amz-Credential=***"),
        ("https://e.org/f?u=4f9c0a2b6d8e1f3a5c7b9d0e2f4a6c8b", "https://e.org/f?u=***"),
        ("https://e.org/feeds/4f9c0a2b6d8e1f3a5c7b9d0e2f4a6c8b/rss", "https://e.org/feeds/***/rss"),
        ("https://e.org/2024/05/a-long-headline-with-2024-in-its-words", "https://e.org/2024/05/a-long-headline-with-2024-in-its-words"),
        ("https://e.org/cb#access_token=xyz", "https://e.org/cb#access_token=***"),
        ("http://u:p@[::1]:8000/x", "http://[::1]:8000/x"),
        ("http://u:p@host:99999/x?token=1", "http://host:99999/x"),
        ("http://e.org/\x1b[2Jx", "http://e.org/%1B[2Jx"),
        ("", ""),
    ],
)  # fmt: skip
def test_redact(url: str, shown: str) -> None:
    from briefing.http import redact

    assert redact(url) == shown


# --- 5. smaller findings ----------------------------------------------------------------------------


@pytest.mark.timeout(180)
def test_a_damaged_memory_is_set_aside_and_rebuilt_from_the_episodes(
    tmp_path: Path, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pages in the middle of state.sqlite overwritten: the run warns, naming the file, sets it aside,
    rebuilds what was briefed from the episodes' records, and briefs nothing twice."""
    items = [(NEWS[i].split(",")[0], server.url(f"/nowhere/{i}"), NEWS[i]) for i in range(4)]
    serve_bytes(server, "/feed.xml", feed_xml(items))
    feeds, out = write_feeds(tmp_path, [server.url("/feed.xml")]), tmp_path / "out"
    assert main(run_args(feeds, out)) == 0
    state = out / "state.sqlite"
    with sqlite3.connect(state) as db:  # enough rows for the file to have pages to damage
        db.executemany(
            "INSERT INTO first_seen VALUES (?, ?)", [(f"k{i}" * 20, time.time()) for i in range(3000)]
        )
    db.close()
    data = bytearray(state.read_bytes())
    assert len(data) > 8 * 4096
    data[2 * 4096 : len(data) - 4096] = b"\xa5" * (len(data) - 3 * 4096)  # pages in the middle overwritten
    state.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(run_args(feeds, out)) == 0
    warning = next(line for line in capsys.readouterr().err.splitlines() if "damaged" in line)
    assert str(state) in warning
    assert len(list(out.glob("state.sqlite.damaged-*"))) == 1
    items = [(NEWS[i].split(",")[0], server.url(f"/nowhere/{i}"), NEWS[i]) for i in range(6)]
    serve_bytes(server, "/feed.xml", feed_xml(items))
    assert main(run_args(feeds, out)) == 0
    titles = [s["title"] for m in out.glob("briefing-*.json") if not m.name.endswith(".chapters.json")
              for s in json.loads(m.read_text())["stories"]]  # fmt: skip
    assert len(titles) == len(set(titles)) and len(titles) >= 5


def test_a_tagging_failure_is_an_audio_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mutagen import MutagenError
    from mutagen.id3 import ID3

    from briefing.audio.mp3 import Tags, write_tags

    def fail(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise MutagenError(OSError(28, "No space left on device"))

    monkeypatch.setattr(ID3, "save", fail)
    tags = Tags("t", "a", "b", datetime(2026, 1, 1, tzinfo=UTC), "c", None)
    with pytest.raises(AudioError, match="cannot tag"):
        write_tags(tmp_path / "x.mp3", tags, ())


def test_published_files_are_readable_by_all(tmp_path: Path) -> None:
    from test_publish import SHOW, fake_episode

    from briefing.publish import publish

    ep, tmp = fake_episode(tmp_path, datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    os.chmod(tmp, 0o600)  # as tempfile.mkstemp makes the encoded MP3
    publish(ep, tmp, tmp_path, SHOW, ["k"])
    names = [f"{ep.slug}{s}" for s in (".mp3", ".txt", ".vtt", ".chapters.json", ".json")] + ["feed.xml"]
    assert {n: oct((tmp_path / n).stat().st_mode & 0o777) for n in names} == {n: "0o644" for n in names}


def test_a_feed_of_15000_items_is_read_for_its_newest_500(tmp_path: Path) -> None:
    """A 4 MB feed of 15,000 items: only its first 2,000 reach the parser, and the newest 500 of those
    (by date, not by their place in the document) become entries."""
    from briefing.feeds import parse_feed
    from briefing.http import Response
    from briefing.model import FeedSource

    now = datetime.now(UTC)
    age = [(i * 7919) % 2000 if i < 2000 else i for i in range(15000)]  # the first 2,000 shuffled
    items = "".join(
        f"<item><title>Story {i}</title><link>https://news.example/{i}</link>"
        f"<pubDate>{format_datetime(now - timedelta(minutes=age[i]))}</pubDate>"
        f"<description>{'Words of the story. ' * 10}</description></item>"
        for i in range(15000)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'
    assert len(body) > 4_000_000
    source = FeedSource("https://news.example/feed")
    start = time.process_time()
    entries = parse_feed(Response(source.url, 200, body.encode(), "application/rss+xml"), source, now)
    seconds = time.process_time() - start
    assert len(entries) == 500
    assert {int(e.title.split()[1]) for e in entries} == {i for i in range(15000) if age[i] < 500}
    assert seconds < 1.5, seconds  # the whole document: 2.6-2.9 CPU-s on the development machine


def test_a_log_file_in_a_missing_folder_is_one_clear_line(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "no" / "such" / "briefing.log"
    feeds = write_feeds(tmp_path, ["http://127.0.0.1:9/feed.xml"])
    assert (
        main(["--log-file", str(missing), "run", "--feeds", str(feeds), "--output", str(tmp_path / "o")]) == 2
    )
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


# --- all at once ----------------------------------------------------------------------------------


@pytest.mark.timeout(300)
def test_ten_runs_after_a_run_with_every_hostile_case_publish_normally(
    tmp_path: Path, server: LocalServer, internal: _Internal
) -> None:
    """One run meets every hostile case at once: control characters and a lone surrogate, links
    inside the network, a feed URL with a password and a token and no title, a feed of 15,000
    items, an old episode record that breaks the feed, a memory that is not a database. It
    publishes, and so do the ten runs after it, over feeds that move on each time."""
    from test_reliability import ChangingFeeds

    port = server.base.rsplit(":", 1)[1]
    nasty = [  # the changing feeds tell NEWS; these stories are others
        ("Signal \x01 faults &#xD800;", server.url("/gone/n0") + "?a=\x02", OTHER_NEWS[0]),
        ("Inside", f"http://localhost:{port}/secret.html", OTHER_NEWS[1]),
        ("Inside too", internal.base + "/admin", OTHER_NEWS[2]),
        ("Metadata", redirect(server, "/to-cloud", "http://169.254.169.254/latest/"), OTHER_NEWS[3]),
    ]
    serve_bytes(server, "/nasty.xml", feed_xml(nasty, channel_title="Chan\x01nel"))
    wanted = "Basic " + base64.b64encode(f"user:{PASSWORD}".encode()).decode()
    private_body = feed_xml([("Bakery", server.url(f"/gone/p?token={PAGE_TOKEN}"), OTHER_NEWS[4])], None)
    server.route("/private.xml", lambda h: respond(
        h, 200 if h.headers.get("Authorization") == wanted else 401, private_body))  # fmt: skip
    big = [
        (
            f"Item {i} of many",
            server.url(f"/gone/big/{i}"),
            f"The parish noticeboard, entry {i}, lists the week's meetings.",
        )
        for i in range(15000)
    ]
    serve_bytes(server, "/big.xml", feed_xml(big))
    server.route("/secret.html", lambda h: respond(h, 200, html_page(SECRET_PAGE), "text/html"))
    changing = ChangingFeeds(server)
    feeds = write_feeds(tmp_path, [
        server.url("/nasty.xml"),
        f"http://user:{PASSWORD}@127.0.0.1:{port}/private.xml?token={FEED_TOKEN}",
        server.url("/big.xml") + " max=2",
        server.url("/a.xml") + " name=Alpha",
        server.url("/b.xml") + " name=Beta",
    ])  # fmt: skip
    out = tmp_path / "out"
    out.mkdir()
    old = {
        "slug": "briefing-2026-01-01T060000Z",
        "title": "Old",
        "created": "yesterday",
        "bytes": 1,
        "duration": 1,
    }
    (out / "briefing-2026-01-01T060000Z.json").write_text(json.dumps(old), encoding="utf-8")
    (out / "briefing-2026-01-01T060000Z.mp3").write_bytes(b"ID3" + b"\0" * 100)
    (out / "state.sqlite").write_bytes(os.urandom(65536))
    for run in range(11):
        changing.run = run
        # 10 minutes: room for every new item, so no story is left for a later run under another
        # feed's link (that one would be told again: the memory knows links, not events)
        assert main(run_args(feeds, out, "--minutes", "10")) == 0, run
        report = json.loads((out / "run-report.json").read_text())
        assert report["status"] == "published" and not report["feeds_failed"], (run, report)
        feed = feedparser.parse((out / "feed.xml").read_bytes())
        assert not feed.bozo and len(feed.entries) == run + 1
    titles = [s["title"] for m in out.glob("briefing-*.json") if not m.name.endswith(".chapters.json")
              for s in json.loads(m.read_text())["stories"]]  # fmt: skip
    assert len(titles) == len(set(titles)), [t for t in set(titles) if titles.count(t) > 1]
    assert "/secret.html" not in server.hits and internal.hits == []
    everything = published_texts(out)
    for secret in ("swordfish", PASSWORD, FEED_TOKEN, PAGE_TOKEN):
        assert secret not in everything

"""Fixtures: a local HTTP server on 127.0.0.1 that serves the recorded feeds and pages in tests/data.

``{BASE}`` inside a served .xml file becomes the server's own address, so the items' links point
back at the local pages. Recorded feeds are re-dated as they are served (:func:`redate`): their
newest item an hour old, the others as far behind it as they were, so a test never depends on
today's date (``?asis`` serves a feed with its recorded dates). Extra routes (slow, failing, hostile
responses) are added per test through ``server.route(path, handler)``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, mktime_tz, parsedate_tz
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

Route = Callable[[BaseHTTPRequestHandler], None]


class _QuietServer(ThreadingHTTPServer):
    """A client that drops its kept-alive connection is not an error worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.posts: list[tuple[str, bytes]] = []  # (path, body) of every POST, answered 200 unless routed
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                server.hits.append(self.path)
                if path in server.routes:
                    server.routes[path](self)
                    return
                file = (DATA / path.lstrip("/")).resolve()
                if not file.is_relative_to(DATA) or not file.is_file():
                    self.send(404, b"not found", "text/plain")
                    return
                body = file.read_bytes()
                ctype = "text/html; charset=utf-8"
                if file.suffix == ".xml":
                    body = body.replace(b"{BASE}", server.base.encode())
                    body = body if "asis" in self.path else redate(body)
                    ctype = "application/rss+xml"
                etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send(200, body, ctype, {"ETag": etag})

            def do_POST(self) -> None:
                path = self.path.split("?")[0]
                length = int(self.headers.get("Content-Length") or 0)
                server.posts.append((path, self.rfile.read(length)))
                self.server_posts = [server.posts[-1][1]]  # the body, for the route
                if path in server.routes:
                    server.routes[path](self)
                else:
                    self.send(200, b"ok", "text/plain")

            def send(
                self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
            ) -> None:
                respond(self, status, body, ctype, headers)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def static(self, path: str, body: bytes, ctype: str = "application/rss+xml") -> str:
        """Serve a fixed body with an ETag, answering a conditional request for it with a 304."""
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'

        def answer(h: BaseHTTPRequestHandler) -> None:
            if h.headers.get("If-None-Match") == etag:
                respond(h, 304, b"", ctype, {"ETag": etag})
            else:
                respond(h, 200, body, ctype, {"ETag": etag})

        return self.route(path, answer)

    def recorded(
        self,
        name: str | Path,
        keep_dates: bool = False,
        edit: Callable[[bytes], bytes] | None = None,
        keep_site: bool = False,
    ) -> str:
        """A real recorded feed (``tests/data/feeds/real/<name>``, or a file), re-dated once (its
        newest item an hour old) unless ``keep_dates``, its items' links pointing back at this server
        (their pages answer 404, so stories come from the feed's own text), changed by ``edit``. With
        ``keep_site`` the channel's own links (before its first item) stay as published, so the
        outlet is named as it would be from its real address."""
        file = name if isinstance(name, Path) else DATA / "feeds" / "real" / name
        body = file.read_bytes()
        first = _FIRST_ITEM.search(body) if keep_site else None
        head, body = (body[: first.start()], body[first.start() :]) if first else (b"", body)
        body = head + _LINKS.sub(rb"\1" + self.base.encode() + rb"/page/", body)
        body = body if keep_dates else redate(body)
        ctype = "application/feed+json" if file.suffix == ".json" else "application/rss+xml"
        return self.static(f"/real/{file.name}", edit(body) if edit else body, ctype)

    def route(self, path: str, handler: Route) -> str:
        self.routes[path] = handler
        return self.url(path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    yield s
    s.close()


class GoogleStandIn:
    """A local stand-in of Google's translate endpoint that answers gTTS's own requests (its
    batchexecute RPC) with real MP3 audio, a tone as long as the words take to say, and records what
    it was asked to say, in which language. After ``fail_after`` answers it says 429, as Google does
    when it has had enough."""

    def __init__(self, server: LocalServer, fail_after: int | None = None) -> None:
        self.asked: list[tuple[str, str]] = []  # (text, language)
        self.fail_after = fail_after
        self.url = server.route("/google/batchexecute", self._answer)

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        from urllib.parse import parse_qs

        body = h.server_posts.pop() if hasattr(h, "server_posts") else b""  # set by do_POST
        rpc = json.loads(parse_qs(body.decode())["f.req"][0])
        text, language = json.loads(rpc[0][0][1])[:2]
        if self.fail_after is not None and len(self.asked) >= self.fail_after:
            respond(h, 429, b"Too Many Requests", "text/plain")
            return
        self.asked.append((text, language))
        audio = base64.b64encode(_mp3_tone(0.3 * max(1, len(text.split())))).decode()
        line = ')]}\'\n\n[["wrb.fr","jQ1olc","[\\"' + audio + '\\"]",null,null,null,"generic"]]\n'
        respond(h, 200, line.encode(), "application/json; charset=utf-8")


def _mp3_tone(seconds: float, rate: int = 24_000) -> bytes:
    """Real MP3 (LAME) of a soft tone with a syllable-like swell, so the voice's trimming keeps it."""
    import lameenc
    import numpy as np

    t = np.arange(int(seconds * rate)) / rate
    wave = 0.3 * np.sin(2 * np.pi * 180 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(7)
    pcm = (wave * 32767).astype("<i2").tobytes()
    return bytes(encoder.encode(pcm)) + bytes(encoder.flush())


@pytest.fixture
def google(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> GoogleStandIn:
    """gTTS pointed at the stand-in (``BRIEFING_GTTS_URL``): Google's voice, spoken locally."""
    stand_in = GoogleStandIn(server)
    monkeypatch.setenv("BRIEFING_GTTS_URL", stand_in.url)
    return stand_in


@pytest.fixture(autouse=True)
def offline_google(monkeypatch: pytest.MonkeyPatch) -> None:
    """Google must never be reached from a test: point gTTS at a port that refuses connections."""
    monkeypatch.setenv("BRIEFING_GTTS_URL", "http://127.0.0.1:9/refused")
    for name in list(os.environ):
        if name.startswith("BRIEFING_") and name != "BRIEFING_GTTS_URL":
            monkeypatch.delenv(name)


def respond(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes | str,
    content_type: str = "application/rss+xml",
    headers: dict[str, str] | None = None,
) -> None:
    """Answer a request from a test route with a complete response."""
    data = body.encode() if isinstance(body, str) else body
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.end_headers()
    h.wfile.write(data)


_FIRST_ITEM = re.compile(rb"<item[\s>]|<entry[\s>]|\"items\"\s*:")
_LINKS = re.compile(rb"(<link>\s*|<link[^>]*href=\"|\"url\"\s*:\s*\"|<guid[^>]*>\s*)(?:https?://)")
_RFC822 = re.compile(
    rb"(<(?:pubDate|lastBuildDate)>\s*(?:<!\[CDATA\[\s*)?)([^<\]]{10,60}?)(\s*(?:\]\]>\s*)?</)"
)
_ISO = re.compile(
    rb"(<(?:updated|published|dc:date|dc:modified)>\s*|\"date_(?:published|modified)\"\s*:\s*\")"
    rb"(\d{4}-\d\d-\d\d[T ][^<\"]{4,30}?)(\s*</|\")"
)


def redate(body: bytes, newest: timedelta = timedelta(hours=1), now: datetime | None = None) -> bytes:
    """The feed with every date moved by one shift: its newest item's date ``newest`` before ``now``
    (a channel's lastBuildDate may be months after its items). RSS, Atom, RDF and JSON Feed."""
    found = [(m, _rfc822(m.group(2))) for m in _RFC822.finditer(body)]
    found += [(m, _iso(m.group(2))) for m in _ISO.finditer(body)]
    dates = [d for m, d in found if d is not None and not m.group(1).startswith(b"<lastBuildDate")]
    dates = dates or [d for _, d in found if d is not None]  # the channel's build date, if nothing else
    if not dates:
        return body
    shift = (now or datetime.now(UTC)) - newest - max(dates)
    out, at = [], 0
    for m, when in sorted(found, key=lambda f: f[0].start()):
        if when is None:
            continue
        moved = when + shift
        text = format_datetime(moved, usegmt=True) if m.re is _RFC822 else moved.isoformat()
        out += [body[at : m.start(2)], text.encode()]
        at = m.end(2)
    return b"".join(out) + body[at:]


def _rfc822(raw: bytes) -> datetime | None:
    parsed = parsedate_tz(raw.decode("latin-1").strip())
    if not parsed:
        return None
    return datetime.fromtimestamp(mktime_tz(parsed if parsed[9] is not None else (*parsed[:9], 0)), UTC)


def _iso(raw: bytes) -> datetime | None:
    try:
        when = datetime.fromisoformat(raw.decode("latin-1").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def run_args(feeds: Path, out: Path, *extra: str, quiet: bool = True) -> list[str]:
    """`briefing run` arguments for a test: local voice, given feeds and output folder."""
    return [*(["--quiet"] if quiet else []), "run", "--feeds", str(feeds), "--output", str(out),
            "--engine", "hibari", *extra]  # fmt: skip


def write_feeds(tmp: Path, lines: list[str]) -> Path:
    path = tmp / "feeds.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """One real run over three local feeds, then the same run again (nothing new), shared by every test
    that needs a published output folder: synthesis is the slow part. Tests only read its folder."""
    from briefing.cli import main

    tmp = tmp_path_factory.mktemp("run")
    server = LocalServer()
    feeds = write_feeds(
        tmp,
        [
            "# three local feeds; one links the seed page",
            f'{server.url("/feeds/sky.xml")}  name="Sky News"  max=5  lang=en-GB',
            f'{server.url("/feeds/bbc.xml")}  name="BBC News"',
            f'{server.url("/feeds/aljazeera.xml")}  name="Al Jazeera"  max=2',
        ],
    )
    out = tmp / "output"
    args = run_args(feeds, out, "--minutes", "3")
    code = main(args)
    first = sorted(out.glob("*.mp3"))
    hits_after_first = len(server.hits)
    code2 = main(args)
    second = sorted(out.glob("*.mp3"))
    result = {
        "code": code,
        "code2": code2,
        "out": out,
        "first": first,
        "second": second,
        "second_hits": server.hits[hits_after_first:],
        "report2": json.loads((out / "run-report.json").read_text()),
    }
    server.close()
    yield result
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def served_output(published: dict, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The published run's public files in a folder of their own behind `briefing serve`, with feed.xml
    and index.html rebuilt for the address that serves them (and an itunes:owner)."""
    from briefing.publish import Show, write_feed
    from briefing.serve import make_server

    folder = tmp_path / "output"
    shutil.copytree(published["out"], folder, ignore=shutil.ignore_patterns("state.sqlite*", ".*"))
    server = make_server(folder, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    write_feed(
        folder, Show("The Briefing", "Newsroom", base, owner_name="Ada", owner_email="ada@example.org")
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, folder
    server.shutdown()
    server.server_close()


# Made-up news sentences, each a different event, for tests that need many distinct stories.
NEWS = [
    "Commuters faced long delays after signalling faults hit trains between Leeds and York on Monday.",
    "The chancellor will publish spending plans for hospitals and schools next Wednesday, the Treasury said.",
    "Flood warnings were issued along the Severn after three days of heavy rainfall soaked Worcestershire.",
    "Voters in Lisbon elected a new mayor with a narrow majority after a bitter campaign about housing.",
    "A malaria vaccine trial in Kenya reported strong protection among young children over two seasons.",
    "Dock workers in Rotterdam walked out over pay, halting container shipments at Europe's busiest port.",
    "Firefighters battled a wildfire spreading through pine forests near Marseille as winds picked up.",
    "The British Museum returned a collection of bronze figures to Nigeria in a ceremony in Benin City.",
    "Astronomers announced a comet that will pass close enough to Earth to be seen with binoculars.",
    "Farmers protested outside parliament in Brussels about cheaper grain imports from outside the bloc.",
    "A bakery on Market Street celebrated its centenary by giving free loaves to every pensioner in town.",
    "Police appealed for witnesses after a lorry carrying chickens overturned on the Thornbury bypass.",
    "The grammar school choir won a national competition held at the Royal Albert Hall in London.",
    "Engineers began dismantling the old gasworks to make way for allotments and a skate park.",
    "Scientists in Tromsø tagged forty humpback whales to follow their migration towards the Caribbean.",
    "A volcano on Iceland's Reykjanes peninsula erupted again, forcing the evacuation of Grindavik.",
    "Chess prodigy Amara Obi, eleven, became the youngest player to win the Nigerian championship.",
    "Tokyo's metropolitan government approved a plan to plant one million trees across the capital.",
    "The price of cocoa reached a record high as poor harvests in Ghana and Ivory Coast cut supply.",
    "Archaeologists near Lake Titicaca uncovered a temple that predates the Inca empire by centuries.",
    "A ferry strike in Norway stranded tourists on the Lofoten islands for the second day running.",
    "Canada's central bank cut interest rates by a quarter point, citing slowing growth and jobs.",
    "Researchers in Zurich built a robot arm that can sort recycling faster than human workers.",
    "The Amazon river fell to its lowest level in a century, leaving villages cut off from supplies.",
]

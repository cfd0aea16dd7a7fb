"""`briefing serve` answers anyone on the network: an allow-list, limits, escaped logs, a token."""

from __future__ import annotations

import http.client
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing import serve as serve_module
from briefing.cli import main
from briefing.errors import ConfigError
from briefing.publish import Show
from briefing.serve import OutputHandler, make_server

SLUG = "briefing-2026-11-24T060000Z"
EPISODE_FILES = [f"{SLUG}{s}" for s in (".mp3", ".txt", ".vtt", ".json", ".chapters.json")]
TOKEN = "Zx8-q_R2vLmT5yWkPa0dHc"


def output_folder(folder: Path) -> Path:
    """A published episode and everything else a real output folder holds."""
    folder.mkdir()
    record = {"slug": SLUG, "title": "Ep", "created": "2026-11-24T06:00:00+00:00", "bytes": 3, "duration": 1}
    for name in EPISODE_FILES:
        (folder / name).write_bytes(b"ep!")
    (folder / f"{SLUG}.json").write_text(json.dumps(record), encoding="utf-8")
    for name in ("feed.xml", "cover.jpg", "index.html"):
        (folder / name).write_bytes(name.encode())
    (folder / "run-report.json").write_text('{"feeds_failed": ["http://x/?token=1"]}', encoding="utf-8")
    (folder / "state.sqlite").write_bytes(b"memory")
    (folder / "notes.txt").write_text("someone's own file", encoding="utf-8")
    (folder / "briefing-2026-11-25T060000Z.json").write_text("{}", encoding="utf-8")  # not published
    (folder / ".secret").write_text("dotted", encoding="utf-8")
    (folder / ".cache" / "segments").mkdir(parents=True)
    (folder / ".cache" / "segments" / "ab.npy").write_bytes(b"speech")
    (folder / "sub").mkdir()
    (folder / "sub" / "feed.xml").write_text("nested", encoding="utf-8")
    return folder


class Served:
    def __init__(self, folder: Path, token: str = "", **kw: object) -> None:
        if token:
            kw["token"] = token
        self.server = make_server(folder, "127.0.0.1", 0, **kw)  # type: ignore[arg-type]
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def get(self, path: str, source: str = "127.0.0.1", **headers: str) -> tuple[int, bytes, dict[str, str]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5, source_address=(source, 0))
        try:
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            return r.status, r.read(), dict(r.getheaders())
        finally:
            conn.close()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    s = Served(output_folder(tmp_path / "out"))
    yield s
    s.close()


@pytest.mark.parametrize("name", ["feed.xml", "cover.jpg", "index.html", *EPISODE_FILES])
def test_the_allow_list_is_served(served: Served, name: str) -> None:
    status, body, _ = served.get("/" + name)
    assert status == 200 and body


def test_the_index_page_is_served_at_the_root(served: Served) -> None:
    assert served.get("/")[:2] == (200, b"index.html")


@pytest.mark.parametrize(
    "path",
    [
        "/run-report.json", "/state.sqlite", "/notes.txt", "/.secret", "/.cache/segments/ab.npy",
        "/%2ecache/segments/ab.npy", "/sub/feed.xml", "/briefing-2026-11-25T060000Z.json", "/../out/feed.xml",
        "/%2e%2e/out/feed.xml", "/feed.xml/", "/feed.xml%00", "/.briefing.lock",
    ],
)  # fmt: skip
def test_nothing_else_is_served(served: Served, path: str) -> None:
    assert served.get(path)[0] == 404


def test_idle_sockets_are_closed_and_cannot_starve_a_phone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 idle connections from one address: a request from another address is served at once, and
    the idle ones are closed after the timeout."""
    assert OutputHandler.timeout is not None and 1 <= OutputHandler.timeout <= 60  # there is one
    monkeypatch.setattr(OutputHandler, "timeout", 1.0)  # and here it is short, for the test's sake
    served = Served(output_folder(tmp_path / "out"))
    idle = [socket.create_connection(("127.0.0.1", served.port), timeout=5) for _ in range(40)]
    try:
        start = time.monotonic()
        assert served.get("/feed.xml", source="127.0.0.2")[0] == 200
        assert time.monotonic() - start < 2
        time.sleep(1.5)
        for s in idle:
            s.settimeout(3)
            assert s.recv(1) == b""  # closed by the server (an idle connection once had no end)
    finally:
        for s in idle:
            s.close()
        served.close()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.timeout(60)
def test_a_flood_of_idle_sockets_under_a_small_descriptor_limit(tmp_path: Path) -> None:
    """`briefing serve` with 64 file descriptors, 60 idle sockets: it neither spins nor turns a
    phone away (it used to run out of descriptors and spin on accept())."""
    folder = output_folder(tmp_path / "out")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))

    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", "serve", "--output", str(folder), "--host", "127.0.0.1",
         "--port", str(port)],
        preexec_fn=limit, env=env, cwd=tmp_path, stderr=subprocess.PIPE,
    )  # fmt: skip
    idle: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        for _ in range(60):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        time.sleep(0.5)
        before = _cpu_seconds(proc.pid)
        start = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5, source_address=("127.0.0.2", 0))
        conn.request("GET", "/feed.xml")
        assert conn.getresponse().status == 200
        conn.close()
        time.sleep(max(0.0, 2 - (time.monotonic() - start)))
        assert _cpu_seconds(proc.pid) - before < 0.5
    finally:
        for s in idle:
            s.close()
        proc.kill()
        proc.wait(timeout=10)


def test_log_lines_escape_control_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[str] = []
    monkeypatch.setattr(serve_module.log, "info", lambda fmt, *args: lines.append(fmt % args))
    served = Served(output_folder(tmp_path / "out"))
    try:
        with socket.create_connection(("127.0.0.1", served.port), timeout=5) as s:
            s.sendall(b"GET /\x1b[2J\x1b]0;owned\x07\x9b31m HTTP/1.0\r\n\r\n")
            while s.recv(4096):
                pass
    finally:
        served.close()
    assert lines and not any(ch in line for line in lines for ch in "\x1b\x07\x9b")
    assert any("\\x1b[2J" in line for line in lines)


def test_a_busy_port_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--output", str(tmp_path), "--host", "127.0.0.1", "--port", str(port)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"port {port} is already in use" in err and "Traceback" not in err


def test_the_default_bind_is_the_private_lan_address_else_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.serve import default_bind

    cases = [("192.168.1.20", "192.168.1.20"), ("10.0.0.7", "10.0.0.7"), ("93.184.215.14", "127.0.0.1"),
             ("169.254.3.4", "127.0.0.1"), (None, "127.0.0.1")]  # fmt: skip
    for found, bound in cases:
        monkeypatch.setattr(serve_module, "lan_address", lambda found=found: found)
        assert default_bind() == bound


# --- the private feed: a token ------------------------------------------------------------------


@pytest.fixture
def private(tmp_path: Path) -> Iterator[Served]:
    s = Served(output_folder(tmp_path / "out"), token=TOKEN)
    yield s
    s.close()


def test_with_a_token_everything_lives_under_it(private: Served) -> None:
    for name in ("feed.xml", "cover.jpg", *EPISODE_FILES):
        assert private.get(f"/{TOKEN}/{name}")[0] == 200
        assert private.get(f"/{name}")[0] == 404
        assert private.get(f"/{TOKEN[:-1]}x/{name}")[0] == 404
    assert private.get(f"/{TOKEN}/")[:2] == (200, b"index.html")
    status, _, headers = private.get(f"/{TOKEN}")
    assert status == 301 and headers["Location"] == f"/{TOKEN}/"
    for path in ("/", "/index.html", f"/{TOKEN}/run-report.json", f"/{TOKEN}/{TOKEN}/feed.xml"):
        assert private.get(path)[0] == 404


def test_the_token_is_never_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[str] = []
    monkeypatch.setattr(serve_module.log, "info", lambda fmt, *args: lines.append(fmt % args))
    monkeypatch.setattr(serve_module.log, "warning", lambda fmt, *args: lines.append(fmt % args))
    served = Served(output_folder(tmp_path / "out"), token=TOKEN)
    try:
        for path in (f"/{TOKEN}/feed.xml", f"/{TOKEN}/nothing", f"/{TOKEN}"):
            served.get(path)
    finally:
        served.close()
    assert len(lines) >= 3 and not any(TOKEN in line for line in lines)
    assert any("<token>/feed.xml" in line for line in lines)


def test_feed_links_carry_the_token(tmp_path: Path) -> None:
    from test_publish import fake_episode

    from briefing.publish import publish

    ep, tmp = fake_episode(tmp_path, datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    show = Show("The Briefing", "briefing", "http://192.168.1.20:8000/", token=TOKEN)
    publish(ep, tmp, tmp_path, show, ["k"])
    feed = (tmp_path / "feed.xml").read_text(encoding="utf-8")
    assert f"http://192.168.1.20:8000/{TOKEN}/{ep.slug}.mp3" in feed
    assert (
        f"http://192.168.1.20:8000/{TOKEN}/feed.xml" in feed and f"http://192.168.1.20:8000/{TOKEN}/" in feed
    )
    assert "http://192.168.1.20:8000/feed.xml" not in feed and TOKEN not in repr(show)


@pytest.mark.parametrize("token", ["short", "has/slash-in-it-0123456789", "spaces are not ok 0123456789"])
def test_a_token_that_cannot_be_a_secret_path_is_a_configuration_error(
    tmp_path: Path, token: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefing.serve import check_token

    with pytest.raises(ConfigError):
        check_token(token)
    with pytest.raises(ConfigError):
        Show("t", "a", "http://x/", token=token)
    assert (
        main(["serve", "--output", str(tmp_path), "--host", "127.0.0.1", "--port", "0", "--token", token])
        == 2
    )
    assert token not in capsys.readouterr().err


def test_serve_reads_the_token_from_briefing_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr(serve_module, "serve", lambda folder, host, port, token: seen.update(token=token))
    (tmp_path / "briefing.toml").write_text(f'serve_token = "{TOKEN}"\n', encoding="utf-8")
    assert main(["--config", str(tmp_path / "briefing.toml"), "serve", "--output", str(tmp_path)]) == 0
    assert seen == {"token": TOKEN}

"""Read-only HTTP for the output folder, so a phone on the same network can subscribe to feed.xml.

Anyone on the network can knock, so the server answers only for what a podcast app needs and stays
up whatever arrives:

- an allow-list, not a folder: ``feed.xml``, ``cover.jpg``, ``index.html`` (also at ``/``) and the
  published episodes' ``.mp3``, ``.txt``, ``.vtt``, ``.json`` and ``.chapters.json`` files, by a
  single name (no folders, nothing starting with a dot). The memory, the run report, the cache and
  whatever else lies in the folder are never served;
- with a token (``--token`` or ``serve_token``), everything lives under ``/<token>/`` and the
  rest answers 404, so a feed reachable from outside the house is not public; the token is never
  logged;
- a socket timeout, at most :data:`MAX_CONNECTIONS` connections at once and :data:`PER_CLIENT`
  from one address (the rest are closed at once), so idle or slow sockets cannot use up the file
  descriptors or starve a phone; no write method; byte ranges (apps seek and resume with them);
- log lines with every control character escaped, so a request line cannot drive the terminal.
"""

from __future__ import annotations

import errno
import hmac
import ipaddress
import logging
import re
import socket
import threading
import time
from collections import Counter
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .errors import ConfigError

log = logging.getLogger(__name__)

TIMEOUT = 20.0  # seconds a connection may stay silent (or unable to take data) before it is closed
MAX_CONNECTIONS = 64
PER_CLIENT = 12  # a podcast app opens a few at once; one host cannot hold them all
FIXED_NAMES = frozenset({"feed.xml", "cover.jpg", "index.html"})
_EPISODE_FILE = re.compile(
    r"^(?P<slug>[A-Za-z0-9][A-Za-z0-9_-]*)(?:\.chapters\.json|\.mp3|\.txt|\.vtt|\.json)$"
)
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def check_token(token: str) -> str:
    """The token, when it can be a path part and is long enough not to be guessed; else ConfigError."""
    if not _TOKEN.match(token):
        raise ConfigError(
            "serve_token must be 16 to 128 letters, digits, '-' or '_' "
            '(make one with: python3 -c "import secrets; print(secrets.token_urlsafe(24))")'
        )
    return token


def printable(text: str, limit: int = 300) -> str:
    """``text`` for a log line: control and direction characters escaped (``\\x1b``), cut at ``limit``."""
    text = _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)
    return text if len(text) <= limit else text[:limit] + "..."


class _Published:
    """The names of the published episodes' files, read from their sidecars again only when the
    folder changes (a rename into place changes its modification time)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._stamp = -1
        self._slugs: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def slugs(self) -> frozenset[str]:
        from .publish import episodes

        try:
            stamp = self.folder.stat().st_mtime_ns
        except OSError:
            return frozenset()
        with self._lock:
            if stamp != self._stamp:
                self._slugs = frozenset(m.slug for m in episodes(self.folder))
                self._stamp = stamp
            return self._slugs


class OutputHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain dict)
        **SimpleHTTPRequestHandler.extensions_map,
        ".mp3": "audio/mpeg",
        ".xml": "application/rss+xml; charset=utf-8",
        ".vtt": "text/vtt; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".json": "application/json",
        ".jpg": "image/jpeg",
        ".html": "text/html; charset=utf-8",
    }
    timeout = TIMEOUT
    server_version = "briefing"
    sys_version = ""

    def __init__(self, *args: Any, published: _Published, token: str = "", **kwargs: Any) -> None:
        self.published = published
        self.token = token
        self._file: Path | None = None
        self._remaining: int | None = None
        super().__init__(*args, **kwargs)

    def _allowed(self) -> Path | str | None:
        """The file a request path names, a redirect target (str), or None when nothing is served."""
        path = unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        parts = path.split("/")[1:]  # "/a/b" -> ["a", "b"]
        if self.token:
            if not parts or not hmac.compare_digest(parts[0].encode(), self.token.encode()):
                return None
            if len(parts) == 1:
                return f"/{self.token}/"  # the index, with the slash its relative links need
            parts = parts[1:]
        if len(parts) != 1:
            return None
        name = parts[0] or "index.html"
        match = _EPISODE_FILE.match(name)
        if name not in FIXED_NAMES and not (match and match["slug"] in self.published.slugs()):
            return None
        folder = self.published.folder
        try:
            real = (folder / name).resolve()
            real.relative_to(folder)
        except (OSError, ValueError):
            return None
        return real if real.is_file() else None

    def translate_path(self, path: str) -> str:
        return str(self._file)  # send_head calls it only once _allowed chose the file

    def list_directory(self, path: Any) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_head(self):  # type: ignore[no-untyped-def]
        allowed = self._allowed()
        if isinstance(allowed, str):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", allowed)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if allowed is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        self._file = allowed
        header = self.headers.get("Range")
        if not header:
            return super().send_head()
        return self._send_range(allowed, header)

    def _send_range(self, real: Path, header: str):  # type: ignore[no-untyped-def]
        m = _RANGE.match(header.strip())
        size = real.stat().st_size
        if not m or (not m.group(1) and not m.group(2)):
            return super().send_head()
        if m.group(1):
            start = int(m.group(1))
            end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
        else:
            start, end = max(0, size - int(m.group(2))), size - 1
        if start >= size or start > end:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        f = open(real, "rb")  # noqa: SIM115 (the base class closes it after copyfile)
        f.seek(start)
        self._remaining = end - start + 1
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(real)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(self._remaining))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return f

    def copyfile(self, source, outputfile):  # type: ignore[no-untyped-def]
        remaining = self._remaining
        if remaining is None:
            return super().copyfile(source, outputfile)
        while remaining > 0:
            chunk = source.read(min(65536, remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)
        self._remaining = None
        return None

    def end_headers(self) -> None:
        if not self.headers.get("Range"):
            self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def do_POST(self) -> None:
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = do_POST

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        line = getattr(self, "requestline", "")
        if self.token:
            line = line.replace(self.token, "<token>")
        code = code.value if isinstance(code, HTTPStatus) else code
        log.info("%s %s %s %s", self.address_string(), printable(line), code, size)

    def log_message(self, format: str, *args: object) -> None:
        text = format % args
        if self.token:
            text = text.replace(self.token, "<token>")
        log.info("%s %s", self.address_string(), printable(text))


class OutputServer(ThreadingHTTPServer):
    """One thread per connection, with a bound on connections in all and per client address."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], handler: Any, max_connections: int = MAX_CONNECTIONS
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.max_connections = max(2, min(max_connections, _descriptor_budget()))
        self.per_client = max(1, min(PER_CLIENT, self.max_connections // 2))
        self._open: Counter[str] = Counter()
        self._open_lock = threading.Lock()
        super().__init__(address, handler)

    def get_request(self) -> tuple[Any, Any]:
        try:
            return super().get_request()
        except OSError as exc:  # out of descriptors: wait instead of spinning on a readable socket
            if exc.errno in {errno.EMFILE, errno.ENFILE}:
                time.sleep(0.1)
            raise

    def process_request(self, request: Any, client_address: Any) -> None:
        client = client_address[0]
        with self._open_lock:
            full = sum(self._open.values()) >= self.max_connections or self._open[client] >= self.per_client
            if not full:
                self._open[client] += 1
        if full:
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._release(client)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release(client_address[0])

    def _release(self, client: str) -> None:
        with self._open_lock:
            self._open[client] -= 1
            if self._open[client] <= 0:
                del self._open[client]


def _descriptor_budget() -> int:
    """Connections the process can hold: each may hold a socket and an open file."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return MAX_CONNECTIONS
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(2, (soft - 32) // 2)


def lan_address() -> str | None:
    """The address this machine uses on its network (the source address of its default route), or
    None when it has none. No packet is sent: connecting a UDP socket only picks a route."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed like the internet, never answered
            return str(probe.getsockname()[0])
    except OSError:
        return None


def default_bind() -> str:
    """The machine's own LAN address when it is a private one (a phone on the same Wi-Fi reaches it,
    nothing outside the network does, and other interfaces such as a VPN or containers are not
    exposed); otherwise loopback only, since a public address would publish to the internet."""
    address = lan_address()
    if address:
        ip = ipaddress.ip_address(address)
        if ip.is_private and not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
            return address
    log.warning(
        "no private network address found (%s): serving on 127.0.0.1 only; "
        "--bind ADDRESS (or --bind 0.0.0.0 for every interface) widens it",
        address or "offline",
    )
    return "127.0.0.1"


def make_server(
    folder: Path,
    host: str | None = None,
    port: int = 8000,
    token: str = "",
    max_connections: int = MAX_CONNECTIONS,
) -> OutputServer:
    """The server, bound; a busy port, an address that is not this machine's or a bad token is a
    ConfigError (exit 2) with one line."""
    if token:
        check_token(token)
    host = host or default_bind()
    folder = folder.resolve()
    handler = partial(OutputHandler, directory=str(folder), published=_Published(folder), token=token)
    try:
        return OutputServer((host, port), handler, max_connections)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            why = (
                f"port {port} is already in use on {host} (another `briefing serve`?); choose one with --port"
            )
        elif exc.errno == errno.EADDRNOTAVAIL:
            why = f"{host} is not an address of this machine; see --bind"
        elif exc.errno == errno.EACCES:
            why = (
                f"no permission to listen on port {port} (ports below 1024 need root); choose one with --port"
            )
        else:
            why = f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        raise ConfigError(why) from exc
    except (socket.gaierror, UnicodeError) as exc:
        raise ConfigError(f"--bind {host!r} is not an address: {exc}") from exc


def serve(folder: Path, host: str | None = None, port: int = 8000, token: str = "") -> None:
    """Serve ``folder`` until interrupted; ``host`` None means :func:`default_bind`."""
    server = make_server(folder, host, port, token)
    feed = folder / "feed.xml"
    if not feed.exists():
        log.warning("%s has no feed.xml yet: `briefing run` makes one", folder)
    elif token and f"/{token}/".encode() not in feed.read_bytes():
        log.warning("feed.xml's links carry no token: set serve_token in briefing.toml for `briefing run`")
    bound, real_port = str(server.server_address[0]), server.server_address[1]
    shown = f"[{bound}]" if ":" in bound else bound
    prefix = "/<token>" if token else ""
    log.info("serving %s at http://%s:%d%s/feed.xml (Ctrl-C stops)", folder, shown, real_port, prefix)
    if host is None:
        log.info("--bind 0.0.0.0 serves on every interface, --bind 127.0.0.1 on this machine only")
    try:
        server.serve_forever()
    finally:
        server.server_close()

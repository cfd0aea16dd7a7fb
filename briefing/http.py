"""The one HTTP client: every request briefing makes goes through :class:`Fetcher`.

Unattended runs must never hang and never fill memory, so each request has connect and read
timeouts plus a total deadline (a server dripping one byte a second is cut off), a cap on the body
*after* decompression (a gzip bomb stops at the cap), a redirect limit, a few retries with backoff on
5xx and 429 (honouring a capped Retry-After), a per-host concurrency limit, and conditional GET.

Feeds and the pages they link to are written by strangers, so the client also owns the address
policy: http and https only, and every connection (the first and each redirect hop) goes to an
address checked after DNS resolution; loopback, private, link-local, multicast and reserved
addresses are refused unless the request is made for a feed whose own line names that host (a
user's LAN feed, and its links to the same host). Each host is resolved once per run and connected
to by the very address that was checked, so a DNS answer that changes between a check and a
connection (rebinding) changes nothing. And :func:`redact` is the one way a URL is shown: without
user-info or token-like query values.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import httpcore
import httpx

from . import __version__
from .config import Settings
from .errors import AddressRefused, FetchError

_SETTINGS = Settings()  # the defaults of the user's settings are the client's

log = logging.getLogger(__name__)

USER_AGENT = f"briefing/{__version__} (a news-to-podcast tool; python-httpx)"


@dataclass(frozen=True)
class Response:
    """A complete, size-checked response body."""

    url: str  # the final URL, after redirects
    status: int  # 200, or 304 when a conditional GET found nothing new
    content: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = _SETTINGS.connect_timeout
    read_timeout: float = _SETTINGS.read_timeout
    total_timeout: float = _SETTINGS.total_timeout
    max_bytes: int = _SETTINGS.max_bytes
    max_redirects: int = 5
    retries: int = 2
    max_retry_after: float = 10.0
    per_host: int = _SETTINGS.per_host

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        """The limits the user's settings ask for (the rest as above)."""
        return cls(
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            total_timeout=settings.total_timeout,
            max_bytes=settings.max_bytes,
            per_host=settings.per_host,
        )


class Fetcher:
    """Thread-safe; share one per run. Counts the requests it makes (the benchmark reports them).

    ``resolve`` (host, port -> addresses) is the DNS lookup, a hook for tests that need a host
    "elsewhere" without the outside network; by default the system's resolver.
    """

    def __init__(
        self, limits: Limits | None = None, user_agent: str = "", resolve: Resolve | None = None
    ) -> None:
        self.limits = limits or Limits()
        lim = self.limits
        self._user_agent = user_agent or USER_AGENT
        self._addresses = PinnedResolver(resolve or system_resolve)
        self._clients: dict[str | None, httpx.Client] = {}
        self._ssl: ssl.SSLContext | None = None  # one for every client: loading the CAs takes 25 ms
        self._hosts: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(lim.per_host))
        self._lock = threading.Lock()
        self.requests = 0

    def _client(self, lan_host: str | None) -> httpx.Client:
        """One client (one connection pool) per allowance: a connection checked for a LAN feed's
        requests is never reused by a request that may only reach public addresses."""
        with self._lock:
            client = self._clients.get(lan_host)
            if client is None:
                if self._ssl is None:
                    self._ssl = httpx.create_ssl_context(trust_env=False)
                lim = self.limits
                client = self._clients[lan_host] = httpx.Client(
                    timeout=httpx.Timeout(lim.read_timeout, connect=lim.connect_timeout),
                    follow_redirects=True,
                    max_redirects=lim.max_redirects,
                    headers={"User-Agent": self._user_agent, "Accept-Encoding": "gzip, deflate"},
                    transport=_GuardedTransport(AddressPolicy(lan_host), self._addresses, self._ssl),
                    trust_env=False,
                )
            return client

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
        max_bytes: int | None = None,
        lan_host: str | None = None,
    ) -> Response:
        """GET ``url``; raise FetchError with a one-line reason on any failure.

        ``lan_host`` is the host named on the line of the feed this request is made for (see
        :func:`host_of`): only that host may be reached at a non-public address. Every message
        shows the URL through :func:`redact`.
        """
        shown = redact(url)
        try:
            parts = urlsplit(url)
            host = f"{parts.hostname}:{parts.port}"
        except ValueError as exc:  # "http://[::1", "http://host:99999"
            raise FetchError(f"{shown}: not a URL ({exc})") from exc
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise AddressRefused(f"{shown}: not fetched: only http and https URLs are")
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        client = self._client(lan_host.lower() if lan_host else None)
        attempt = 0
        while True:
            with self._hosts[host]:
                with self._lock:
                    self.requests += 1
                result = self._get_once(client, url, headers, max_bytes or self.limits.max_bytes)
            if isinstance(result, Response):
                return result
            status, retry_after = result
            if attempt >= self.limits.retries:
                raise FetchError(f"HTTP {status} from {shown} (after {attempt + 1} tries)")
            delay = min(
                retry_after if retry_after is not None else 0.5 * 2**attempt, self.limits.max_retry_after
            )
            log.info("HTTP %s from %s; retrying in %.1f s", status, shown, delay)
            time.sleep(delay)
            attempt += 1

    def _get_once(
        self, client: httpx.Client, url: str, headers: dict[str, str], cap: int
    ) -> Response | tuple[int, float | None]:
        deadline = time.monotonic() + self.limits.total_timeout
        shown = redact(url)
        try:
            with client.stream("GET", url, headers=headers) as r:
                if r.status_code == 429 or r.status_code >= 500:
                    return r.status_code, _retry_after(r.headers.get("Retry-After"))
                if r.status_code == 304:
                    return Response(
                        str(r.url), 304, b"", "", r.headers.get("ETag"), r.headers.get("Last-Modified")
                    )
                if r.status_code >= 400:
                    raise FetchError(f"HTTP {r.status_code} from {shown}")
                declared = r.headers.get("Content-Length")
                if (
                    declared
                    and declared.isdigit()
                    and int(declared) > cap
                    and "content-encoding" not in r.headers
                ):
                    raise FetchError(f"{shown} is too large ({int(declared):,} bytes; the cap is {cap:,})")
                body = _read_capped(r, shown, cap, deadline, self.limits.total_timeout)
                return Response(
                    url=str(r.url),
                    status=r.status_code,
                    content=body,
                    content_type=r.headers.get("Content-Type", ""),
                    etag=r.headers.get("ETag"),
                    last_modified=r.headers.get("Last-Modified"),
                )
        except AddressRefused as exc:  # raised where a connection would be made, with no URL known there
            raise AddressRefused(f"{shown}: not fetched: {exc}") from None
        except httpx.UnsupportedProtocol as exc:  # a redirect to file:, ftp:, gopher:...
            raise AddressRefused(f"{shown}: not fetched: it redirects to a scheme not http(s)") from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"{shown}: more than {self.limits.max_redirects} redirects") from exc
        except httpx.ConnectTimeout as exc:
            raise FetchError(f"{shown}: no connection within {self.limits.connect_timeout:g} s") from exc
        except httpx.ReadTimeout as exc:
            raise FetchError(f"{shown}: server went silent for {self.limits.read_timeout:g} s") from exc
        except httpx.DecodingError as exc:
            raise FetchError(f"{shown}: the body could not be decompressed ({exc})") from exc
        except httpx.ConnectError as exc:
            text = str(exc)
            if "Name or service not known" in text or "nodename nor servname" in text or "-3]" in text:
                reason = "the host name could not be resolved (offline, or a typo?)"
            elif "Connection refused" in text:
                reason = "the server refused the connection"
            else:
                reason = text or "the connection failed"
            raise FetchError(f"{shown}: cannot connect: {reason}") from exc
        except (httpx.HTTPError, OSError) as exc:
            raise FetchError(f"{shown}: {type(exc).__name__}: {exc or 'connection failed'}") from exc


def _read_capped(r: httpx.Response, shown: str, cap: int, deadline: float, total: float) -> bytes:
    """Read the body, inflating gzip/deflate ourselves with a bounded output: a bomb stops at the cap."""
    encoding = r.headers.get("Content-Encoding", "").strip().lower()
    inflater = zlib.decompressobj(47) if encoding in {"gzip", "x-gzip", "deflate"} else None
    chunks: list[bytes] = []
    size = 0
    try:
        for raw in r.iter_raw():
            if time.monotonic() > deadline:
                raise FetchError(f"{shown} took longer than {total:g} s in total")
            data = raw
            while True:
                if inflater is not None:
                    data = inflater.decompress(data, cap + 1 - size)
                size += len(data)
                if size > cap:
                    raise FetchError(f"{shown} is too large (over {cap:,} bytes once decompressed)")
                chunks.append(data)
                if inflater is None or not inflater.unconsumed_tail:
                    break
                data = inflater.unconsumed_tail
    except zlib.error as exc:
        raise FetchError(f"{shown}: the body could not be decompressed ({exc})") from exc
    return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


# --- the address policy --------------------------------------------------------------------------

Resolve = Callable[[str, int], list[str]]  # (host, port) -> IP addresses, in the order to try them


def system_resolve(host: str, port: int) -> list[str]:
    """The system's DNS lookup (getaddrinfo), each address once, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def host_of(url: str | None) -> str:
    """The host name of ``url`` (lower case, no port or user-info), '' when it has none: what a
    request's ``lan_host`` allowance is compared with."""
    try:
        return (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return ""


def address_kind(address: str) -> str | None:
    """None for a public unicast address; else what it is ("loopback", "private"...), for the message."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is not part
    except ValueError:
        return "malformed"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for kind, test in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved or not ip.is_global),  # e.g. 100.64.0.0/10, shared by carriers' NAT
    ):
        if test:
            return kind
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses one request may connect to: public ones, and any address of ``lan_host``, the
    host named on the feed line the request is made for (a user's own LAN feed, and its links to
    that same host). A name, not an address: a hostile feed's links to another host that resolves
    to the same private address are still refused."""

    lan_host: str | None = None

    def refusal(self, host: str, address: str) -> str | None:
        """Why ``host`` may not be reached at ``address``; None when it may."""
        kind = address_kind(address)
        if kind is None or (self.lan_host is not None and host.lower().strip("[]") == self.lan_host):
            return None
        shown = host if host == address else f"{host} ({address})"
        return f"it leads to {shown}, a {kind} address (fetched: public addresses, and the feed line's host)"


class PinnedResolver:
    """Each host is resolved once per run (one Fetcher), and every later connection to it uses those
    addresses: a DNS answer cannot change between the policy's check and the connection, nor from
    the feed's request to its links' (DNS rebinding). Failures are not kept: the next request asks
    again."""

    def __init__(self, resolve: Resolve) -> None:
        self._resolve = resolve
        self._known: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def __call__(self, host: str, port: int) -> tuple[str, ...]:
        key = host.lower()
        with self._lock:
            known = self._known.get(key)
        if known is None:
            try:
                found = tuple(self._resolve(host, port))
            except OSError as exc:  # said the way httpcore says it, for the message in Fetcher.get
                raise httpcore.ConnectError(str(exc)) from exc
            if not found:
                raise httpcore.ConnectError(f"[Errno -2] Name or service not known: {host}")
            with self._lock:
                known = self._known.setdefault(key, found)
        return known


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network layer with the policy in front: resolve (pinned), check each address,
    connect to an address that passed (never to the name, which would be resolved again)."""

    def __init__(self, policy: AddressPolicy, addresses: PinnedResolver) -> None:
        self._policy = policy
        self._addresses = addresses
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        addresses = self._addresses(host, port)
        refusals = [self._policy.refusal(host, address) for address in addresses]
        allowed = [a for a, why in zip(addresses, refusals, strict=True) if why is None]
        if not allowed:
            raise AddressRefused(next(why for why in refusals if why))
        for address in allowed[:-1]:
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout):
                continue  # the next address of the host (IPv6, then IPv4...)
        return self._inner.connect_tcp(allowed[-1], port, timeout, local_address, socket_options)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        raise AddressRefused("unix sockets are never connected to")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport over a pool that connects through :class:`_GuardedBackend`.

    httpx has no public parameter for a network backend, so the pool it builds is replaced with an
    identical one that has ours. Should httpx rename its pool, this fails at once, loudly, instead
    of fetching unchecked.
    """

    def __init__(self, policy: AddressPolicy, addresses: PinnedResolver, context: ssl.SSLContext) -> None:
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
        super().__init__(verify=context, limits=limits, trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("httpx changed its transport: briefing cannot check addresses with it")
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(policy, addresses),
        )


# --- redaction -----------------------------------------------------------------------------------

_SECRET_WORDS = frozenset(
    "token key sig signature auth secret password passwd pass pwd session sid credential credentials "
    "code jwt ticket hash otp".split()
)
_RANDOM = re.compile(r"(?=[^/]*\d)(?=[^/]*[A-Za-z])[A-Za-z0-9_+=~.]{32,}|[0-9a-fA-F-]{32,}")
_UNPRINTABLE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def redact(url: str | None) -> str:
    """``url`` as it may be shown in a log, a report, a transcript, a tag or a name: no user-info
    (``https://user:password@host``), no value of a query parameter named like a secret (token, key,
    sig, auth, session...) or looking like one (32 or more random-looking characters, in the query
    or the path), and no control characters. Never raises: whatever comes in, something safe goes out.
    """
    if not url:
        return ""
    url = _UNPRINTABLE.sub(lambda m: quote(m.group(0)), url.strip())
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a malformed host or port: keep what can be said safely
        return re.sub(r"//[^/?#]*@", "//", url).split("?", 1)[0]
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{port}" if port is not None else "")
    path = "/".join("***" if _RANDOM.fullmatch(seg) else seg for seg in parts.path.split("/"))
    query, fragment = _redact_params(parts.query), _redact_params(parts.fragment)
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


def secret_param(name: str) -> bool:
    """Whether a query parameter's name says its value is a secret: ``token``, ``access_token``,
    ``apiKey``, ``X-Amz-Signature``, ``sessionid`` yes; ``author``, ``keyword``, ``design`` no (words
    are compared, not letters)."""
    words = re.findall(r"[a-z]+|[A-Z][a-z]*", name)
    return any(
        w.lower() in _SECRET_WORDS or w.lower().endswith(("token", "key", "secret", "sessionid", "password"))
        for w in words
    )


def _redact_params(text: str) -> str:
    """``a=1&token=xyz`` -> ``a=1&token=***``; text that is not parameters is kept unless it looks random."""
    if "=" not in text:
        return "***" if _RANDOM.fullmatch(text) else text
    out = []
    for pair in re.split(r"([&;])", text):
        name, eq, value = pair.partition("=")
        if eq and value and (secret_param(name) or _RANDOM.fullmatch(value)):
            value = "***"
        out.append(name + eq + value)
    return "".join(out)

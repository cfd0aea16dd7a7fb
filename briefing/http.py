"""The one HTTP client: every request briefing makes goes through :class:`Fetcher`.

Unattended runs must never hang and never fill memory, so each request has connect and read
timeouts plus a total deadline (a server dripping one byte a second is cut off), a cap on the body
*after* decompression (a gzip bomb stops at the cap), a redirect limit, a few retries with backoff on
5xx and 429 (honouring a capped Retry-After), a per-host concurrency limit, and conditional GET.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from . import __version__
from .config import Settings
from .errors import FetchError

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
    """Thread-safe; share one per run. Counts the requests it makes (the benchmark reports them)."""

    def __init__(self, limits: Limits | None = None, user_agent: str = "") -> None:
        self.limits = limits or Limits()
        lim = self.limits
        self._client = httpx.Client(
            timeout=httpx.Timeout(lim.read_timeout, connect=lim.connect_timeout),
            follow_redirects=True,
            max_redirects=lim.max_redirects,
            headers={"User-Agent": user_agent or USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            trust_env=False,
        )
        self._hosts: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(lim.per_host))
        self._lock = threading.Lock()
        self.requests = 0

    def close(self) -> None:
        self._client.close()

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
    ) -> Response:
        """GET ``url``; raise FetchError with a one-line reason on any failure."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            with self._hosts[host]:
                with self._lock:
                    self.requests += 1
                result = self._get_once(url, headers, max_bytes or self.limits.max_bytes)
            if isinstance(result, Response):
                return result
            status, retry_after = result
            if attempt >= self.limits.retries:
                raise FetchError(f"HTTP {status} from {url} (after {attempt + 1} tries)")
            delay = min(
                retry_after if retry_after is not None else 0.5 * 2**attempt, self.limits.max_retry_after
            )
            log.info("HTTP %s from %s; retrying in %.1f s", status, url, delay)
            time.sleep(delay)
            attempt += 1

    def _get_once(self, url: str, headers: dict[str, str], cap: int) -> Response | tuple[int, float | None]:
        deadline = time.monotonic() + self.limits.total_timeout
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                if r.status_code == 429 or r.status_code >= 500:
                    return r.status_code, _retry_after(r.headers.get("Retry-After"))
                if r.status_code == 304:
                    return Response(
                        str(r.url), 304, b"", "", r.headers.get("ETag"), r.headers.get("Last-Modified")
                    )
                if r.status_code >= 400:
                    raise FetchError(f"HTTP {r.status_code} from {url}")
                declared = r.headers.get("Content-Length")
                if (
                    declared
                    and declared.isdigit()
                    and int(declared) > cap
                    and "content-encoding" not in r.headers
                ):
                    raise FetchError(f"{url} is too large ({int(declared):,} bytes; the cap is {cap:,})")
                body = _read_capped(r, url, cap, deadline, self.limits.total_timeout)
                return Response(
                    url=str(r.url),
                    status=r.status_code,
                    content=body,
                    content_type=r.headers.get("Content-Type", ""),
                    etag=r.headers.get("ETag"),
                    last_modified=r.headers.get("Last-Modified"),
                )
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"{url}: more than {self.limits.max_redirects} redirects") from exc
        except httpx.ConnectTimeout as exc:
            raise FetchError(f"{url}: no connection within {self.limits.connect_timeout:g} s") from exc
        except httpx.ReadTimeout as exc:
            raise FetchError(f"{url}: server went silent for {self.limits.read_timeout:g} s") from exc
        except httpx.DecodingError as exc:
            raise FetchError(f"{url}: the body could not be decompressed ({exc})") from exc
        except httpx.ConnectError as exc:
            text = str(exc)
            if "Name or service not known" in text or "nodename nor servname" in text or "-3]" in text:
                reason = "the host name could not be resolved (offline, or a typo?)"
            elif "Connection refused" in text:
                reason = "the server refused the connection"
            else:
                reason = text or "the connection failed"
            raise FetchError(f"{url}: cannot connect: {reason}") from exc
        except (httpx.HTTPError, OSError) as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc or 'connection failed'}") from exc


def _read_capped(r: httpx.Response, url: str, cap: int, deadline: float, total: float) -> bytes:
    """Read the body, inflating gzip/deflate ourselves with a bounded output: a bomb stops at the cap."""
    encoding = r.headers.get("Content-Encoding", "").strip().lower()
    inflater = zlib.decompressobj(47) if encoding in {"gzip", "x-gzip", "deflate"} else None
    chunks: list[bytes] = []
    size = 0
    try:
        for raw in r.iter_raw():
            if time.monotonic() > deadline:
                raise FetchError(f"{url} took longer than {total:g} s in total")
            data = raw
            while True:
                if inflater is not None:
                    data = inflater.decompress(data, cap + 1 - size)
                size += len(data)
                if size > cap:
                    raise FetchError(f"{url} is too large (over {cap:,} bytes once decompressed)")
                chunks.append(data)
                if inflater is None or not inflater.unconsumed_tail:
                    break
                data = inflater.unconsumed_tail
    except zlib.error as exc:
        raise FetchError(f"{url}: the body could not be decompressed ({exc})") from exc
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

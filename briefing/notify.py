"""One short message after a run, through apprise: hear when it breaks (or that it worked).

``notify = ["ntfy://...", "mailto://...", "json://..."]`` in briefing.toml lists apprise URLs (one
maintained library for ntfy, e-mail, Matrix, Telegram, Slack, Gotify, webhooks and a hundred more).
A run that published or failed tells every one of them; a run that found nothing new only when
``notify_nothing_new = true``. A message that cannot be sent is a log line, never a failed run: the
exit code is the run's.

Notification URLs carry secrets (tokens, passwords, webhook paths), so none is ever logged: our lines
name a URL by its number and scheme, and while apprise sends, a filter blanks every part of the URLs
(user, password, host-less path segments, query values) in what apprise and urllib3 log.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["notify_run", "run_message", "send"]

log = logging.getLogger(__name__)

_LOGGERS = ("apprise", "urllib3.connectionpool")  # where apprise's sending is logged


def notify_run(
    urls: Sequence[str], status: str, summary: str, show_title: str, page_url: str, nothing_new: bool = False
) -> bool:
    """Tell ``urls`` how the run ended (``status`` is published, failed or nothing-new); True when
    every service took the message. ``nothing_new``: also after a run that found nothing new."""
    if not urls or (status == "nothing-new" and not nothing_new):
        return False
    title, body = run_message(status, summary, show_title, page_url)
    try:
        return send(urls, title, body)
    except Exception as exc:  # whatever happens here, the run's outcome stands
        log.warning("notify: no message sent (%s)", type(exc).__name__)
        return False


def run_message(status: str, summary: str, show_title: str, page_url: str) -> tuple[str, str]:
    """The title and body: the show and the outcome, then the run's one-line summary (stories and
    minutes, or the error), and where to listen when there is something to hear."""
    outcome = {"published": "new episode", "failed": "no episode, the run failed"}.get(status, "nothing new")
    body = summary + (f"\nListen: {page_url}" if status == "published" and page_url else "")
    return f"{show_title}: {outcome}", body


def send(urls: Sequence[str], title: str, body: str) -> bool:
    """Send one message to every URL; failures are logged (without the URL) and reported as False."""
    try:
        import apprise
    except ImportError:  # a broken install must not cost the run
        log.warning("notify: apprise is not installed; no message sent")
        return False
    with _redacted(urls):
        services = apprise.Apprise()
        for number, url in enumerate(urls, start=1):
            if not services.add(url):
                log.warning("notify: URL #%d (%s) is not one apprise can use; skipped", number, _scheme(url))
        if len(services) == 0:
            return False
        try:
            ok = bool(services.notify(title=title, body=body))
        except Exception as exc:  # apprise's or a plugin's bug: still only a log line
            log.warning("notify: sending failed (%s)", type(exc).__name__)
            return False
    if ok:
        log.info("notify: told %d service(s)", len(services))
    else:
        log.warning("notify: the message could not be sent to every one of %d service(s)", len(services))
    return ok


def _scheme(url: str) -> str:
    return url.split("://", 1)[0][:20] if "://" in url else "no scheme"


def _secrets(urls: Sequence[str]) -> list[str]:
    """Every part of the URLs that may be secret, longest first (so no secret is half-blanked)."""
    found: set[str] = set()
    for url in urls:
        found.add(url)
        parts = urlsplit(url)
        found.update(p for p in (parts.username, parts.password) if p)
        found.update(segment for segment in parts.path.split("/") if segment)
        found.update(value for _, value in parse_qsl(parts.query) if value)
        if "@" in parts.netloc:
            found.add(parts.netloc.split("@", 1)[0])
    found |= {unquote(s) for s in found}
    return sorted((s for s in found if len(s) >= 3), key=len, reverse=True)


class _Redactor(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.pattern = re.compile("|".join(re.escape(s) for s in secrets)) if secrets else None

    def filter(self, record: logging.LogRecord) -> bool:
        if self.pattern is not None:
            message = self.pattern.sub("***", record.getMessage())
            record.msg, record.args = message, ()
        return True


@contextmanager
def _redacted(urls: Sequence[str]) -> Iterator[None]:
    redactor = _Redactor(_secrets(urls))
    loggers = [logging.getLogger(name) for name in _LOGGERS]
    for logger in loggers:
        logger.addFilter(redactor)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(redactor)

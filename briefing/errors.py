"""The one exception hierarchy of briefing.

    BriefingError
    ├── ConfigError      a user's configuration is wrong (feeds.txt, flags); exit code 2
    ├── FetchError       an HTTP request failed (timeout, status, size cap); contained per feed/page
    │   └── AddressRefused   it would have reached a non-public address or scheme (see http.py's policy)
    ├── FeedError        a feed could not be read (broken XML, not a feed, empty document)
    ├── SpeechError      a speech engine failed; EngineUnavailable means "try the next engine"
    ├── AudioError       the episode audio failed a check (too short, silent) or could not be encoded
    ├── PublishError     files could not be written (disk full, read-only folder), or feed.xml could not
    │                    be rebuilt, or the memory (state.sqlite) failed mid-run; exit code 4
    └── LockedError      another run holds the output folder's lock

The CLI maps the kinds to exit codes and prints one line, never a traceback, for these.
"""

from __future__ import annotations

import errno
from pathlib import Path


class BriefingError(Exception):
    """Base of every error briefing raises on purpose."""


class ConfigError(BriefingError):
    """The user's configuration is wrong; nothing was fetched."""


class FetchError(BriefingError):
    """An HTTP request failed in a way worth one log line."""


class AddressRefused(FetchError):
    """A request (or one of its redirects) would reach a loopback, private, link-local, multicast or
    reserved address, or a scheme other than http(s): refused before any connection is made."""


class FeedError(BriefingError):
    """A feed was fetched but is not a usable feed."""


class SpeechError(BriefingError):
    """A speech engine could not speak a text."""


class EngineUnavailable(SpeechError):
    """An engine cannot be used at all right now (offline, rate-limited, not installed)."""


class AudioError(BriefingError):
    """The episode audio is unusable (empty, too short, mostly silent) or could not be encoded."""


class PublishError(BriefingError):
    """The output folder could not be written; nothing partial was left behind."""


class LockedError(BriefingError):
    """Another briefing run holds the lock on the output folder."""


def write_error(path: Path, exc: OSError) -> PublishError:
    """A failed write, said the way a user can act on (full disk, no permission)."""
    if exc.errno == errno.ENOSPC:
        return PublishError(f"the disk is full: cannot write {path}; nothing partial was left")
    if exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        why = exc.strerror
        return PublishError(f"no permission to write in {path.parent} ({why}); nothing partial was left")
    return PublishError(f"cannot write {path}: {exc.strerror or exc}")

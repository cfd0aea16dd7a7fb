"""The run's memory, in SQLite (WAL): what was briefed, feed validators, first-seen times, site stock lines.

Everything a run learns is written in one transaction *after* its episode is published, so a run
killed at any moment leaves the memory as the last published episode left it.

A damaged file (a disk error, a copy cut short, bytes overwritten) is found when it is opened, moved
aside with a warning naming both files, and replaced by an empty memory: an unattended tool that
refused to run would stop the show until someone noticed. The run then rebuilds what matters from
the published episodes' sidecars (which stories were briefed, see ``pipeline._reconcile``); the
feeds' validators, first-seen times, site lines and speaking rates are relearned as runs go by.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from .errors import PublishError
from .model import Validators

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS briefed (key TEXT PRIMARY KEY, episode TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS first_seen (key TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, digest TEXT);
CREATE TABLE IF NOT EXISTS speaking_rates (voice TEXT PRIMARY KEY, wpm REAL NOT NULL);
CREATE TABLE IF NOT EXISTS site_lines (
    site TEXT NOT NULL, line TEXT NOT NULL, article TEXT NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (site, line, article)
);
"""

STOCK_MIN_ARTICLES = 3  # a sentence seen in this many articles of one site is that site's boilerplate
_DAMAGED = {11, 26}  # SQLITE_CORRUPT ("disk image is malformed"), SQLITE_NOTADB ("file is not a database")

T = TypeVar("T")


def _reported(method: Callable[..., T]) -> Callable[..., T]:
    """A database error mid-run becomes a PublishError naming the file and what to do (exit 4)."""

    @functools.wraps(method)
    def wrapper(self: State, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise PublishError(
                f"the memory {self.path} failed: {exc}; the next run sets a damaged file aside and "
                "rebuilds it from the published episodes"
            ) from exc

    return wrapper


class State:
    """A thin, typed face on the database; one per run, used from the main thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = _open(path)
            except sqlite3.DatabaseError as exc:
                if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) not in _DAMAGED:
                    raise
                set_aside(path, str(exc))
                self._db = _open(path)
        except (sqlite3.Error, OSError) as exc:
            raise PublishError(f"cannot open the state database {path}: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    @_reported
    def briefed(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` were briefed in an earlier episode."""
        keys = list(keys)
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self._db.execute(f"SELECT key FROM briefed WHERE key IN ({marks})", chunk)
            )
        return found

    @_reported
    def validators(self, url: str) -> Validators:
        query = "SELECT etag, last_modified, digest FROM validators WHERE url = ?"
        row = self._db.execute(query, (url,)).fetchone()
        return Validators(*row) if row else Validators()

    @_reported
    def first_seen(self, keys: Iterable[str], now: float | None = None) -> dict[str, float]:
        """When each key was first seen; unknown keys count as seen ``now`` (recorded at commit)."""
        now = now or time.time()
        out = {k: now for k in keys}
        for key in list(out):
            row = self._db.execute("SELECT at FROM first_seen WHERE key = ?", (key,)).fetchone()
            if row:
                out[key] = row[0]
        return out

    @_reported
    def speaking_rates(self) -> dict[str, float]:
        """Words per minute each voice ("engine:voice") really spoke in its last episode."""
        return {r[0]: r[1] for r in self._db.execute("SELECT voice, wpm FROM speaking_rates")}

    @_reported
    def stock_lines(self, site: str) -> frozenset[str]:
        rows = self._db.execute(
            "SELECT line FROM site_lines WHERE site = ? GROUP BY line HAVING COUNT(*) >= ?",
            (site, STOCK_MIN_ARTICLES),
        )
        return frozenset(r[0] for r in rows)

    def commit_run(
        self,
        episode: str,
        briefed: Iterable[str],
        seen: dict[str, float],
        validators: dict[str, Validators],
        site_lines: Iterable[tuple[str, str, str]],
        now: float | None = None,
        speaking_rates: dict[str, float] | None = None,
    ) -> None:
        """Record a published episode's consequences atomically."""
        now = now or time.time()
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR IGNORE INTO briefed (key, episode, at) VALUES (?, ?, ?)",
                    [(k, episode, now) for k in briefed],
                )
                self._db.executemany(
                    "INSERT OR IGNORE INTO first_seen (key, at) VALUES (?, ?)", list(seen.items())
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO validators (url, etag, last_modified, digest) "
                    "VALUES (?, ?, ?, ?)",
                    [(u, v.etag, v.last_modified, v.digest) for u, v in validators.items()],
                )
                self._db.executemany(
                    "INSERT OR IGNORE INTO site_lines (site, line, article, at) VALUES (?, ?, ?, ?)",
                    [(s, line, a, now) for s, line, a in site_lines],
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO speaking_rates (voice, wpm) VALUES (?, ?)",
                    list((speaking_rates or {}).items()),
                )
                # Memory stays bounded: forget first-seen times and site lines older than 60 days.
                cutoff = now - 60 * 86400
                self._db.execute("DELETE FROM first_seen WHERE at < ?", (cutoff,))
                self._db.execute("DELETE FROM site_lines WHERE at < ?", (cutoff,))
        except sqlite3.Error as exc:
            raise PublishError(f"cannot update the state database: {exc}") from exc

    def commit_validators(self, validators: dict[str, Validators]) -> None:
        """Nothing new was briefed: remember only the feeds' validators (their items were all seen)."""
        self.commit_run("", [], {}, validators, [])


def _open(path: Path) -> sqlite3.Connection:
    """Connect, check every page of the file (``quick_check``: 12 ms for a 7 MB memory of 20,000
    items) and make the schema; raise sqlite3.DatabaseError with SQLITE_CORRUPT when the check fails."""
    db = sqlite3.connect(path, timeout=30)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        problems = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            exc = sqlite3.DatabaseError("; ".join(problems))
            exc.sqlite_errorcode = 11  # type: ignore[attr-defined]
            raise exc
        db.executescript(_SCHEMA)
        columns = {row[1] for row in db.execute("PRAGMA table_info(validators)")}
        if "digest" not in columns:  # a state written before feeds' digests were kept
            db.execute("ALTER TABLE validators ADD COLUMN digest TEXT")
    except BaseException:
        db.close()
        raise
    return db


def set_aside(path: Path, why: str) -> Path:
    """Move a damaged database (and its -wal and -shm files) to ``<name>.damaged-<time>``; warn."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            os.replace(source, aside.with_name(aside.name + suffix))
    log.warning(
        "the memory %s is damaged (%s): moved it to %s and starting a new one, rebuilt from the "
        "published episodes (delete the old file once you no longer need it)",
        path,
        why,
        aside,
    )
    return aside

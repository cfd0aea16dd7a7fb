"""The run's memory, in SQLite (WAL): what was briefed, feed validators, first-seen times, site stock
lines, speaking rates, the fresh items still waiting for a place, and the stories told of late.

Everything a run learns is written in one transaction (:class:`Learned`) *after* its episode is
published, so a run killed at any moment leaves the memory as the last published episode left it.

A damaged file (a disk error, a copy cut short, bytes overwritten) is found when it is opened, moved
aside with a warning naming both files, and replaced by an empty memory: an unattended tool that
refused to run would stop the show until someone noticed. The run then rebuilds what matters from
the published episodes' sidecars (which stories were briefed, see :func:`briefing.publish.recover`);
the feeds' validators, first-seen times, site lines and speaking rates are relearned as runs go by.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from .errors import PublishError
from .model import Entry, FeedSource, Told, Validators

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
CREATE TABLE IF NOT EXISTS pending (key TEXT PRIMARY KEY, feed TEXT NOT NULL, entry TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pending_feed ON pending (feed);
CREATE TABLE IF NOT EXISTS told (
    at REAL NOT NULL, title TEXT NOT NULL, words TEXT NOT NULL, vocabulary TEXT NOT NULL
);
"""
FORGET_AFTER = 60 * 86400  # first sightings and site lines older than this are forgotten (seconds)
TOLD_KEPT = 14 * 86400  # stories told are remembered this long (recall_days can be up to that)


@dataclass(frozen=True)
class Learned:
    """What a run leaves in the memory; written in one transaction."""

    episode: str = ""  # the episode published, "" when none was
    briefed: tuple[str, ...] = ()  # keys of the items told
    seen: dict[str, float] = field(default_factory=dict)  # first sightings
    validators: dict[str, Validators] = field(default_factory=dict)
    site_lines: tuple[tuple[str, str, str], ...] = ()  # (site, sentence key, article key)
    speaking_rates: dict[str, float] = field(default_factory=dict)  # "engine:voice" -> words a minute
    pending: tuple[Entry, ...] | None = None  # fresh items not told yet (None: keep what is stored)
    told: tuple[Told, ...] = ()


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

    def __init__(self, path: Path, read_only: bool = False) -> None:
        """``read_only``: a dry run's view, which neither creates nor changes the file (a missing
        file reads as an empty memory)."""
        self.path = path
        try:
            if read_only:
                self._db = _read_only(path)
                return
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

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
    def first_seen(self, keys: Iterable[str]) -> dict[str, float]:
        """When each of ``keys`` was first seen, for the keys seen before."""
        out: dict[str, float] = {}
        for key in keys:
            row = self._db.execute("SELECT at FROM first_seen WHERE key = ?", (key,)).fetchone()
            if row:
                out[key] = row[0]
        return out

    @_reported
    def pending(self, feed: FeedSource) -> list[Entry]:
        """The feed's fresh items that lost to the budget before, in the feed's order of the time."""
        rows = self._db.execute("SELECT entry FROM pending WHERE feed = ?", (feed.url,))
        entries = [_entry(json.loads(r[0]), feed) for r in rows]
        return sorted(entries, key=lambda e: e.item_order)

    @_reported
    def told_since(self, since: float) -> list[Told]:
        """The stories told since ``since`` (a time.time())."""
        rows = self._db.execute("SELECT at, title, words, vocabulary FROM told WHERE at >= ?", (since,))
        return [Told(title, at, frozenset(w.split()), frozenset(v.split())) for at, title, w, v in rows]

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

    def commit(self, learned: Learned, now: float | None = None) -> None:
        """Record a run's consequences atomically; memory stays bounded (old sightings forgotten)."""
        now = now or time.time()
        try:
            with self._db:
                for sql, rows in _writes(learned, now):
                    self._db.executemany(sql, rows)
                if learned.pending is not None:
                    self._replace_pending(learned.pending)
                self._db.execute("DELETE FROM first_seen WHERE at < ?", (now - FORGET_AFTER,))
                self._db.execute("DELETE FROM site_lines WHERE at < ?", (now - FORGET_AFTER,))
                self._db.execute("DELETE FROM told WHERE at < ?", (now - TOLD_KEPT,))
        except sqlite3.Error as exc:
            raise PublishError(f"cannot update the state database: {exc}") from exc

    def _replace_pending(self, entries: tuple[Entry, ...]) -> None:
        self._db.execute("DELETE FROM pending")
        rows = [(e.key, e.feed.url if e.feed else "", json.dumps(_fields(e))) for e in entries]
        self._db.executemany("INSERT OR REPLACE INTO pending (key, feed, entry) VALUES (?, ?, ?)", rows)


def _writes(learned: Learned, now: float) -> list[tuple[str, list[tuple[object, ...]]]]:
    told: list[tuple[object, ...]] = [
        (now, t.title, " ".join(sorted(t.words)), " ".join(sorted(t.vocabulary))) for t in learned.told
    ]
    return [
        ("INSERT OR IGNORE INTO briefed (key, episode, at) VALUES (?, ?, ?)",
         [(k, learned.episode, now) for k in learned.briefed]),
        ("INSERT OR IGNORE INTO first_seen (key, at) VALUES (?, ?)", list(learned.seen.items())),
        ("INSERT OR REPLACE INTO validators (url, etag, last_modified, digest) VALUES (?, ?, ?, ?)",
         [(u, v.etag, v.last_modified, v.digest) for u, v in learned.validators.items()]),
        ("INSERT OR IGNORE INTO site_lines (site, line, article, at) VALUES (?, ?, ?, ?)",
         [(site, line, a, now) for site, line, a in learned.site_lines]),
        ("INSERT OR REPLACE INTO speaking_rates (voice, wpm) VALUES (?, ?)",
         list(learned.speaking_rates.items())),
        ("INSERT INTO told (at, title, words, vocabulary) VALUES (?, ?, ?, ?)", told),
    ]  # fmt: skip


def _fields(entry: Entry) -> dict[str, object]:
    """An entry as JSON: all but its feed (bound again to the feed's current line when read)."""
    out = asdict(replace(entry, feed=None))
    out.pop("feed")
    out["published"] = entry.published.isoformat() if entry.published else None
    return out


def _entry(fields: dict[str, object], feed: FeedSource) -> Entry:
    published = fields.pop("published")
    when = datetime.fromisoformat(str(published)) if published else None
    entry = Entry(**fields, published=when, feed=feed)  # type: ignore[arg-type]
    return replace(entry, source=feed.name or entry.source)


def _read_only(path: Path) -> sqlite3.Connection:
    """The memory as it is, read only; an empty one in memory when there is none yet. Opened as
    immutable unless a write-ahead log is there to be read (a reader would otherwise leave -wal and
    -shm files behind: the last writer checkpoints and removes them when it closes)."""
    if path.exists():
        mode = "ro" if Path(f"{path}-wal").exists() else "ro&immutable=1"
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=30)
        if {r[0] for r in db.execute("SELECT name FROM sqlite_master")} >= {"briefed", "validators"}:
            return db
        db.close()
    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    return db


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
            exc.sqlite_errorcode = 11
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

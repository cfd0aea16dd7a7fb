"""The run's memory, in SQLite (WAL): what was briefed, feed validators, first-seen times, site stock lines.

Everything a run learns is written in one transaction *after* its episode is published, so a run
killed at any moment leaves the memory as the last published episode left it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from .errors import PublishError
from .model import Validators

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


class State:
    """A thin, typed face on the database; one per run, used from the main thread."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        """``read_only``: a dry run's view, which neither creates nor changes the file (a missing
        file reads as an empty memory)."""
        try:
            if read_only:
                self._db = _read_only(path)
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(validators)")}
            if "digest" not in columns:  # a state written before feeds' digests were kept
                self._db.execute("ALTER TABLE validators ADD COLUMN digest TEXT")
        except (sqlite3.Error, OSError) as exc:
            raise PublishError(f"cannot open the state database {path}: {exc}") from exc

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

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

    def validators(self, url: str) -> Validators:
        query = "SELECT etag, last_modified, digest FROM validators WHERE url = ?"
        row = self._db.execute(query, (url,)).fetchone()
        return Validators(*row) if row else Validators()

    def first_seen(self, keys: Iterable[str], now: float | None = None) -> dict[str, float]:
        """When each key was first seen; unknown keys count as seen ``now`` (recorded at commit)."""
        now = now or time.time()
        out = {k: now for k in keys}
        for key in list(out):
            row = self._db.execute("SELECT at FROM first_seen WHERE key = ?", (key,)).fetchone()
            if row:
                out[key] = row[0]
        return out

    def speaking_rates(self) -> dict[str, float]:
        """Words per minute each voice ("engine:voice") really spoke in its last episode."""
        return {r[0]: r[1] for r in self._db.execute("SELECT voice, wpm FROM speaking_rates")}

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

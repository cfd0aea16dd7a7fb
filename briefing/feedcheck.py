"""`briefing feeds check`: read every feed of feeds.txt once and say, line by line, what a run would get.

It goes through exactly what a run uses (the same HTTP client and limits, :func:`feeds.fetch_feeds`
and its parser, JSON Feed included) but opens no memory: every feed is read in full, as on a first
run, and state.sqlite is neither read nor written. A feed that is unreachable or not a feed is
*broken* (the command exits 3); a stale feed, one without dates or one whose declared language is not
the one feeds.txt gives is a warning.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from .config import Settings, read_feeds
from .feeds import FeedResult, fetch_feeds
from .http import Fetcher, Limits
from .model import FeedSource

__all__ = ["FeedCheck", "check_feeds", "format_table"]


@dataclass(frozen=True)
class FeedCheck:
    """One feeds.txt line, as read now."""

    line: int
    name: str
    url: str
    items: int
    newest: datetime | None
    language: str | None  # as the feed declares it
    problems: tuple[str, ...]
    broken: bool  # unreachable or not a feed: a run gets nothing from this line
    age: str = ""  # the newest item's age, for the table


def check_feeds(
    settings: Settings, stale_days: float | None = None, now: datetime | None = None
) -> list[FeedCheck]:
    """Read every feed of ``settings.feeds`` once; a bad feeds.txt line raises ConfigError first."""
    sources = read_feeds(settings.feeds)
    now = now or datetime.now(UTC)
    with Fetcher(Limits.of(settings), settings.user_agent) as fetcher:
        results = fetch_feeds(sources, fetcher, now=now)

    def stale(source: FeedSource) -> float:  # days: a run briefs nothing older than max_age
        return stale_days if stale_days is not None else (source.max_age or settings.max_age) / 24

    return [_check(r, now, stale(r.source)) for r in results]


def _check(result: FeedResult, now: datetime, stale_days: float) -> FeedCheck:
    source = result.source
    name = source.name or (
        result.entries[0].source if result.entries else urlsplit(source.url).hostname or ""
    )
    dates = [e.published for e in result.entries if e.published]
    newest = max(dates) if dates else None
    problems: list[str] = []
    if result.error:
        problems.append(f"{result.problem or 'unreachable'} ({_detail(result.error, source.url)})")
    elif not result.entries:
        problems.append("no items")
    elif newest is None:
        problems.append("no dates")
    elif (now - newest).total_seconds() > stale_days * 86_400:
        problems.append(f"stale (nothing for {_age(now - newest)})")
    declared = result.language
    if declared and source.language and _primary(declared) != _primary(source.language):
        problems.append(f"declares {declared}, feeds.txt says {source.language}")
    return FeedCheck(
        line=source.line,
        name=name,
        url=source.url,
        items=len(result.entries),
        newest=newest,
        language=declared,
        problems=tuple(problems),
        broken=result.error is not None,
        age=_age(now - newest) if newest else "-",
    )


def _detail(error: str, url: str) -> str:
    """The error without the URL the table already shows."""
    text = error.replace(f"feed {url} ", "").replace(f" from {url}", "").replace(f"{url}: ", "")
    text = text.replace(f"{url} ", "")
    for lead in ("is not a feed: ", "is "):
        text = text.removeprefix(lead)
    return text.strip()


def _primary(language: str) -> str:
    return language.split("-")[0].split("_")[0].lower()


def _age(delta: timedelta) -> str:
    seconds = max(0.0, delta.total_seconds())
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.0f} h"
    if seconds < 730 * 86_400:
        return f"{seconds / 86_400:.0f} d"
    return f"{seconds / 86_400 / 365.25:.1f} y"


def format_table(checks: list[FeedCheck]) -> str:
    """A plain-text table, one row per feeds.txt line, and a closing count."""
    header = ("line", "name", "items", "newest", "lang", "problems")
    rows = [
        (
            str(c.line),
            _clip(c.name, 32),
            str(c.items),
            c.age,
            c.language or "-",
            "; ".join(c.problems) or "ok",
        )
        for c in checks
    ]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [
            _pad(cell, w, right=i in (0, 2)) for i, (cell, w) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    broken = sum(c.broken for c in checks)
    warned = sum(bool(c.problems) and not c.broken for c in checks)
    ok = len(checks) - broken - warned
    lines.append(f"{len(checks)} feed(s): {ok} ok, {warned} with warnings, {broken} broken")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns a terminal gives the text: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, columns: int) -> str:
    out = ""
    for ch in text:
        if _width(out + ch) > columns:
            break
        out += ch
    return out


def _pad(cell: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(cell))
    return gap + cell if right else cell + gap

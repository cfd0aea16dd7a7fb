"""What a run did: the summary line, the exit code's evidence, and ``run-report.json``."""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from .model import LeftOut, StoryLine

log = logging.getLogger(__name__)


class Status(StrEnum):
    PUBLISHED = "published"
    NOTHING_NEW = "nothing-new"
    FAILED = "failed"


@dataclass
class RunReport:
    status: Status = Status.FAILED
    started: str = ""
    episode: str | None = None
    mp3: str | None = None
    duration: float = 0.0
    stories: list[StoryLine] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    feeds_ok: int = 0
    feeds_failed: list[str] = field(default_factory=list)
    engine: str | None = None
    error: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    requests: int = 0
    synthesized: int = 0
    takes: int = 0  # of the episode spoken and encoded before one fitted --minutes

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the block's wall time to ``stage``'s seconds."""
        start = time.perf_counter()
        try:
            yield
        finally:
            spent = self.seconds.get(stage, 0.0) + time.perf_counter() - start
            self.seconds[stage] = round(spent, 3)

    def summary(self) -> str:
        failed = f", {len(self.feeds_failed)} feed(s) failed" if self.feeds_failed else ""
        if self.status is Status.PUBLISHED:
            count = len(self.stories)
            return (
                f"published {self.episode}: {count} {'story' if count == 1 else 'stories'}, "
                f"{self.duration / 60:.1f} min, voice {self.engine}{failed}"
            )
        if self.status is Status.NOTHING_NEW:
            return f"nothing new in {self.feeds_ok} feed(s){failed}; no episode"
        return f"no episode: {self.error}{failed}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False)

    def write(self, folder: Path) -> None:
        """``run-report.json`` in the output folder; a report that can't be written is only logged."""
        from .errors import BriefingError
        from .publish import write_atomic

        try:
            write_atomic(folder / "run-report.json", self.to_json().encode())
        except BriefingError as exc:
            log.warning("run report not written: %s", exc)


def left_out_table(left: list[LeftOut], width: int = 110) -> str:
    """The items left out as a plain table: reason, source, title, what made it so."""
    if not left:
        return "Nothing was left out."
    rows = [("reason", "source", "title", "why")] + [
        (x.reason, x.source[:24], x.title[:48], x.detail) for x in sorted(left, key=_by_reason)
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(f"{r[i]:<{widths[i]}}" for i in range(3)) + "  " + r[3] for r in rows]
    lines.insert(1, "-" * min(width, max(len(line) for line in lines)))
    return "\n".join(line[: width * 2] for line in lines)


def _by_reason(x: LeftOut) -> tuple[int, str]:
    order = ("stale", "muted", "no substance", "language", "told before", "duplicate", "over budget")
    return (order.index(x.reason) if x.reason in order else len(order), x.source)

"""The sentence cache: every sentence is spoken once, and a re-run after a crash speaks nothing twice."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..speech import Engine
from .decode import RATE

if TYPE_CHECKING:
    from ..config import Settings

log = logging.getLogger(__name__)


class SegmentCache:
    """Content-addressed store of spoken sentences: key = engine, voice, rate, text.

    A sentence read from it is touched, so after a run its files' times say which it used:
    :meth:`prune` then drops the rest, and the cache holds one episode, not every episode ever made
    (ten minutes of speech take 63 MB).
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def of(cls, settings: Settings) -> SegmentCache:
        return cls(settings.cache_dir / "segments")

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.npy"

    def key(self, engine: Engine, text: str) -> str:
        return hashlib.sha256(f"{engine.name}\0{engine.voice}\0{RATE}\0{text}".encode()).hexdigest()

    def get(self, key: str) -> np.ndarray | None:
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            samples = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used by this run: kept by prune()
        return samples

    def put(self, key: str, samples: np.ndarray) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
                np.save(tmp, samples.astype(np.float32), allow_pickle=False)
            os.replace(tmp.name, path)
        except OSError as exc:  # a cache that can't be written only costs speed
            log.debug("segment cache not written: %s", exc)

    def prune(self, unused_since: float) -> int:
        """Remove the sentences not used since ``unused_since`` (a time.time()); how many went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.glob("*/*"):  # sentences, and .tmp files a crash left half-written
            if path.suffix not in {".npy", ".tmp"}:
                continue
            with contextlib.suppress(OSError):  # gone already, or not ours to remove
                if path.stat().st_mtime < unused_since:
                    path.unlink()
                    removed += 1
        return removed


def prune_cache(settings: Settings, started: float) -> None:
    """Once an episode is out, keep only the sentences this run used (a re-render with other audio
    settings still speaks nothing twice). A cache of the output folder's own is under the run's lock;
    one shared elsewhere keeps a day's sentences, so a run on another folder never loses its own."""
    own = settings.cache_dir.resolve().is_relative_to(settings.output.resolve())
    grace = 60.0 if own else 86_400.0  # 60 s: file times may be coarse (FAT keeps 2 s)
    removed = SegmentCache.of(settings).prune(started - grace)
    if removed:
        log.info("cache: %d sentence(s) of earlier episodes removed", removed)

"""One run at a time: a POSIX record lock (lockf) on ``<output>/.briefing.lock``.

The kernel releases the lock when its process dies, so a lock left by a killed run is simply taken
over; the PID written inside is only for the error message. A record lock, unlike flock, is not
shared with forked children, so a speech worker left behind by a killed run cannot hold it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import LockedError, PublishError


@contextlib.contextmanager
def run_lock(folder: Path, wait: bool = False, timeout: float = 3600.0) -> Iterator[None]:
    path = folder / ".briefing.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PublishError(f"cannot create the lock file {path}: {exc.strerror}") from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except (BlockingIOError, PermissionError):
                if not wait or time.monotonic() > deadline:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
                    raise LockedError(
                        f"another briefing run (pid {holder}) is using {folder}; "
                        "try again later or pass --wait"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock

"""Where ffmpeg is, and the two things briefing asks of it: decode to PCM, encode MP3.

Debian's ffmpeg is preferred when on PATH (cheaper per second of audio); otherwise the static binary
that the imageio-ffmpeg wheel ships, so a fresh machine needs no apt step.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

import numpy as np

from .errors import AudioError

RATE = 24_000  # every engine's audio is brought to this rate


@functools.cache
def ffmpeg_exe() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def decode(data: bytes, rate: int = RATE) -> np.ndarray:
    """Any audio file's bytes -> mono float32 samples at ``rate``."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", "pipe:0", "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1"],
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise AudioError(
            f"ffmpeg could not decode audio: {proc.stderr.decode(errors='replace').strip()[:200]}"
        )
    return np.frombuffer(proc.stdout, dtype=np.float32).copy()

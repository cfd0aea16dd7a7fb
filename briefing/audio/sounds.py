"""The sounds around the voice: a generated chime, or the user's own sound file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import AudioError
from .decode import RATE, decode


def chime(seconds: float = 1.6) -> np.ndarray:
    """A soft two-note chime to open the show (generated, so no file needs shipping)."""
    t = np.arange(int(seconds * RATE)) / RATE
    notes = [(659.25, 0.0), (987.77, 0.25)]
    out = np.zeros_like(t)
    for freq, start in notes:
        env = np.where(t >= start, np.exp(-(t - start) * 3.5), 0.0)
        out += env * (np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t))
    fade = np.minimum(1.0, t / 0.01)
    return (0.25 * out * fade / np.abs(out).max()).astype(np.float32)


def load_sound(path: Path) -> np.ndarray:
    try:
        return decode(path.read_bytes())
    except OSError as exc:
        raise AudioError(f"cannot read the sound file {path}: {exc}") from exc

"""Where ffmpeg is, and how briefing decodes audio files with it.

Debian's ffmpeg is preferred when on PATH (cheaper per second of audio); otherwise the static binary
that the imageio-ffmpeg wheel ships, so a fresh machine needs no apt step.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from typing import TYPE_CHECKING

from ..errors import AudioError

if TYPE_CHECKING:  # imported where audio is decoded: a run with nothing new never needs numpy
    import numpy as np

RATE = 24_000  # every engine's audio is brought to this rate


@functools.cache
def ffmpeg_exe() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def decode_mp3(data: bytes, rate: int = RATE) -> np.ndarray:
    """An MP3's bytes (gTTS's answer) -> mono float32 samples at ``rate``, through pydub."""
    import io
    import warnings

    with warnings.catch_warnings():  # pydub warns when ffmpeg is not on PATH; we hand it ours
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment

    AudioSegment.converter = ffmpeg_exe()
    try:
        # codec="mp3" keeps pydub from asking ffprobe, which imageio-ffmpeg does not ship.
        segment = AudioSegment.from_file(io.BytesIO(data), format="mp3", codec="mp3")
    except Exception as exc:  # pydub raises CouldntDecodeError with ffmpeg's message
        raise AudioError(f"could not decode MP3 audio: {str(exc)[-200:]}") from exc
    segment = segment.set_channels(1).set_frame_rate(rate).set_sample_width(2)
    import numpy as np

    return np.frombuffer(segment.raw_data, dtype="<i2").astype(np.float32) / 32768.0


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
    import numpy as np

    return np.frombuffer(proc.stdout, dtype=np.float32).copy()

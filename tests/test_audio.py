"""Audio: real speech, measured loudness and true peak, chapters read back by ffmpeg, the gate."""

from __future__ import annotations

import errno
import os
import subprocess
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from briefing import speech
from briefing.audio.cache import SegmentCache
from briefing.audio.decode import RATE, decode, decode_mp3, ffmpeg_exe
from briefing.audio.loudness import (
    Leveller,
    LoudnessMeter,
    integrated_loudness,
    k_weighting_biquads,
    limit_true_peak,
    normalize_loudness,
    oversampled_peak,
)
from briefing.audio.mp3 import Mp3Stream, Tags, encode_mp3, encoder_loudness_loss, write_tags
from briefing.audio.render import Voice, render
from briefing.config import Settings
from briefing.errors import AudioError, PublishError
from briefing.model import Story
from briefing.script import write_script


def loudness_and_peak(samples: np.ndarray) -> tuple[float, float]:
    import pyloudnorm
    from scipy.signal import resample_poly

    lufs = pyloudnorm.Meter(RATE).integrated_loudness(samples.astype(np.float64))
    peak = float(np.abs(resample_poly(samples, 4, 1)).max())
    return lufs, 20 * np.log10(peak)


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, list[Story]]:
    stories = [
        Story(
            f"Story number {i}",
            text,
            ("Sky News",),
            f"https://example.org/{i}",
            "en",
            datetime.now(UTC),
            (str(i),),
        )
        for i, text in enumerate(
            [
                "An American billionaire has become the first person to take part in a private spacewalk.",
                "A spacewalk is one of the most dangerous activities an astronaut can do in orbit.",
                "The mission, called Polaris Dawn, is the company's riskiest mission yet.",
            ]
        )
    ]
    script = write_script(stories, datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    folder = tmp_path_factory.mktemp("audio")
    cache = SegmentCache(folder / "cache")
    engine = speech.create("hibari", Settings())
    raw: list[np.ndarray] = []
    first = render(script, Voice(engine, cache=cache), sink=raw.append)
    path = folder / "episode.mp3"
    stream = Mp3Stream(path)
    level = Leveller(-19.0, -1.5, partial(encoder_loudness_loss, bitrate="64k"))
    rendered = render(script, Voice(engine, cache=cache), sink=stream, level=level)
    stats = stream.close()
    assert first.synthesized > 0 and rendered.synthesized == 0  # the second pass came from the cache
    assert rendered.chapters == first.chapters and abs(stats.seconds - rendered.seconds) < 1e-6
    tags = Tags("Title", "The Briefing", "The Briefing", datetime(2026, 11, 24), "Sources: Sky News", None)
    write_tags(path, tags, rendered.chapters)
    return path, rendered, stories, np.concatenate(raw), stats, level


def test_loudness_and_true_peak_of_the_real_mp3(episode) -> None:
    """Levelled segment by segment as it streamed, the decoded file sits at the target."""
    path, _, _, _, stats, level = episode
    lufs, peak = loudness_and_peak(decode(path.read_bytes()))
    assert abs(lufs - (-19.0)) <= 0.5
    assert peak <= -1.0
    assert 0.0 < level.offset < 2.0  # the encoder's loss was probed and made up for
    assert abs(stats.loudness - (-19.0 + level.offset)) <= 0.5  # what the stream measured on its way in


def test_the_levellers_one_pass_measures_what_was_sent(episode) -> None:
    """The leveller's own measurement (raw energies, times what the gain and limiter kept) stands in
    for a second loudness pass over the episode: it must agree with one. Within a tenth of a LU: a
    fifth of EBU R128's +-0.5 LU tolerance, and a tenth of the 1 LU miss at which a run levels again.
    The limiter's cuts make the estimate inexact by a few hundredths, and by how much depends on the
    voice's exact samples, which differ slightly between CPUs and library builds (0.0503 was seen)."""
    *_, stats, level = episode
    assert abs(level.loudness() - stats.loudness) < 0.1  # stats: the stream measured every sample


def test_streamed_loudness_equals_the_whole_signal_measured_at_once(episode) -> None:
    *_, raw, _, _ = episode
    meter = LoudnessMeter()
    for begin in range(0, len(raw), 7919):  # pieces that never line up with the 100 ms steps
        meter.add(raw[begin : begin + 7919])
    assert abs(meter.value() - integrated_loudness(raw)) < 1e-6


def test_our_loudness_agrees_with_pyloudnorm(episode) -> None:
    *_, raw, _, _ = episode
    import pyloudnorm

    reference = pyloudnorm.Meter(RATE).integrated_loudness(raw.astype(np.float64))
    assert abs(integrated_loudness(raw) - reference) < 0.01


@pytest.mark.parametrize("rate", [16_000, 24_000, 44_100, 48_000])
def test_k_weighting_is_pyloudnorms_and_agrees_at_other_rates(rate: int) -> None:
    import pyloudnorm

    meter = pyloudnorm.Meter(rate)
    for (b, a), stage in zip(k_weighting_biquads(rate), meter._filters.values(), strict=True):
        assert np.allclose(b, np.asarray(stage.b) / stage.a[0], rtol=1e-12)
        assert np.allclose(a, np.asarray(stage.a) / stage.a[0], rtol=1e-12)
    # Noise with a strong bass line: the high pass matters, and the FFT blocks' overlap-add with it.
    rng = np.random.default_rng(7)
    t = np.arange(rate * 20) / rate
    x = (0.05 * rng.standard_normal(len(t)) + 0.3 * np.sin(2 * np.pi * 30 * t)) * (1 + np.sin(t))
    x = x.astype(np.float32)
    assert abs(integrated_loudness(x, rate) - meter.integrated_loudness(x.astype(np.float64))) < 0.01


def test_the_limiter_sees_the_true_peak_the_yardstick_measures(episode) -> None:
    """Its FFT interpolation is resample_poly's filter, the one audio_report measures with."""
    from scipy.signal import resample_poly

    *_, raw, _, _ = episode
    piece = raw[RATE : 3 * RATE]
    expected = np.abs(resample_poly(piece, 4, 1)).reshape(-1, 4).max(axis=1)
    assert np.allclose(oversampled_peak(piece), expected, atol=1e-5)
    loud = raw * np.float32(4.0)  # far over the ceiling: the limiter must work hard
    assert 20 * np.log10(np.abs(resample_poly(loud, 4, 1)).max()) > 0.0
    limit_true_peak(loud, 10 ** (-1.5 / 20))
    assert 20 * np.log10(np.abs(resample_poly(loud, 4, 1)).max()) <= -1.49


def test_raw_tts_is_not_at_target_but_normalised_is(episode) -> None:
    *_, raw, _, _ = episode
    raw_lufs, _ = loudness_and_peak(raw)
    lufs, peak = loudness_and_peak(normalize_loudness(raw.copy(), -16.0, -1.0))
    assert abs(raw_lufs + 16) > 1.0  # the test would mean nothing if the voice were already there
    assert abs(lufs + 16) <= 0.5 and peak <= -0.9


def test_chapters_read_back_by_ffmpeg(episode) -> None:
    path, _, stories, *_ = episode
    meta = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    chapters = []
    for block in meta.split("[CHAPTER]")[1:]:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        scale = 1000 if fields.get("TIMEBASE", "1/1000") == "1/1000" else 1
        chapters.append((int(fields["START"]) / scale, fields["title"]))
    chapters.sort()
    titles = [t for _, t in chapters]
    assert titles == ["Introduction", "Headlines", *[s.title for s in stories], "Outro"]
    starts = [s for s, _ in chapters]
    assert starts == sorted(starts) and starts[0] < 0.2
    assert "title=Title" in meta and "artist=The Briefing" in meta


def test_gate_refuses_silence_and_too_short(tmp_path) -> None:
    with pytest.raises(AudioError, match="silence"):
        encode_mp3(np.zeros(RATE * 30, dtype=np.float32), tmp_path / "a.mp3").check(10)
    with pytest.raises(AudioError, match="shorter"):
        encode_mp3(np.full(RATE * 2, 0.1, dtype=np.float32), tmp_path / "b.mp3").check(10)
    tone = 0.2 * np.sin(np.arange(RATE * 12) * 2 * np.pi * 220 / RATE).astype(np.float32)
    encode_mp3(tone, tmp_path / "c.mp3").check(10)


def test_an_aborted_stream_leaves_no_file(tmp_path) -> None:
    path = tmp_path / "half.mp3"
    stream = Mp3Stream(path)
    stream(np.full(RATE * 5, 0.1, dtype=np.float32))
    stream.abort()
    assert not path.exists()


def test_an_unwritable_mp3_is_reported_before_any_work(tmp_path) -> None:
    with pytest.raises(PublishError, match=r"cannot write .*no-such-folder"):
        Mp3Stream(tmp_path / "no-such-folder" / "x.mp3")


def test_a_full_disk_while_encoding_is_reported_and_leaves_no_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "x.mp3"
    stream = Mp3Stream(path)
    stream(np.full(RATE, 0.1, dtype=np.float32))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(PublishError, match="the disk is full"):
        stream.close()
    stream.abort()
    assert not path.exists()


def test_mp3_pieces_decode_through_pydub(episode) -> None:
    """gTTS answers with MP3; the same decoder turns it back into samples at our rate."""
    path, *_ = episode
    samples = decode_mp3(path.read_bytes())
    assert samples.dtype == np.float32
    assert abs(len(samples) / RATE - len(decode(path.read_bytes())) / RATE) < 0.1
    assert 0.05 < float(np.abs(samples).max()) <= 1.0

"""Speech engines: the local voice speaks for real; `auto` falls back when Google can't be reached."""

from __future__ import annotations

import logging
import socket
import threading
import time
from datetime import UTC, datetime

import numpy as np
import pytest

from briefing import speech
from briefing.audio.decode import decode
from briefing.audio.render import Voice, render
from briefing.config import Settings, load_settings
from briefing.episode import FIT_LONG, FIT_SHORT, Spoken, speak
from briefing.errors import EngineUnavailable
from briefing.model import Script, Story
from briefing.script import write_script
from briefing.speech import chooser
from briefing.speech.chooser import Voices


def test_hibari_speaks() -> None:
    engine = speech.create("hibari", Settings())
    out = engine.synthesize("The spacewalk was delayed by around four hours.")
    assert out.rate == 24_000
    assert 1.5 < out.seconds < 6
    assert float(np.abs(out.samples).max()) > 0.05
    assert engine.speaks("en-GB") and not engine.speaks("de")


def test_gtts_unreachable_is_reported_fast() -> None:
    settings = load_settings(gtts_timeout=2.0)  # BRIEFING_GTTS_URL points at a refusing port (conftest)
    engine = speech.create("gtts", settings)
    start = time.monotonic()
    with pytest.raises(EngineUnavailable, match="unreachable"):
        engine.synthesize("Hello.")
    assert time.monotonic() - start < 2.5


def test_gtts_timeout_on_a_silent_server() -> None:
    """A server that accepts but never answers: gTTS must give up after its timeout, not hang."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    conns: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conns.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        settings = load_settings(gtts_timeout=1.0, gtts_url=f"http://127.0.0.1:{port}/silent")
        engine = speech.create("gtts", settings)
        start = time.monotonic()
        with pytest.raises(EngineUnavailable):
            engine.synthesize("Hello.")
        assert time.monotonic() - start < 3
    finally:
        stop.set()
        thread.join()
        for c in conns:
            c.close()
        listener.close()


def speak_now(settings: Settings, stories: list[Story]) -> tuple[Spoken, Script, str]:
    """The episode stage as a run calls it: the run's voices, the stories, now."""
    with Voices(settings) as voices:
        take = speak(stories, voices, datetime.now(UTC))
    return take.spoken, take.script, take.engine


def _story(title: str, summary: str) -> Story:
    return Story(title, summary, ("Sky News",), "https://example.org/a", "en", datetime.now(UTC), ("k",))


def test_auto_falls_back_to_the_local_voice(tmp_path, caplog) -> None:
    settings = load_settings(engine="auto", output=tmp_path, minutes=1)
    stories = [_story("A test story", "The local voice reads this when Google is unreachable.")]
    with caplog.at_level(logging.INFO):
        spoken, _script, engine = speak_now(settings, stories)
    assert engine == "hibari"
    assert spoken.rendered.seconds > 3 and spoken.stats.seconds == spoken.rendered.seconds
    assert any("gtts unavailable" in r.message for r in caplog.records)


class FailsOnKeyword:
    """A real engine wrapped so that one story fails: that story is dropped, not the episode."""

    name = "flaky"
    voice = "heart"
    words_per_minute = 163.0
    local = True

    def __init__(self, settings: object = None) -> None:
        self.inner = speech.create("hibari", Settings())

    def speaks(self, language: str) -> bool:
        return True

    def synthesize(self, text: str, language: str = "en") -> speech.Speech:
        from briefing.errors import SpeechError

        if "This one fails" in text:
            raise SpeechError("simulated engine crash")
        return self.inner.synthesize(text, language)


def test_a_failing_story_is_dropped_not_the_episode() -> None:
    speech.register("flaky", FailsOnKeyword)
    stories = [_story("Fine story", "This one is spoken."), _story("Unspeakable story", "This one fails.")]
    script = write_script(stories, datetime.now(UTC))
    rendered = render(script, Voice(speech.create("flaky", Settings())))
    assert rendered.dropped == (1,)
    assert [c.title for c in rendered.chapters] == ["Introduction", "Headlines", "Fine story", "Outro"]


class DiesMidEpisode:
    """A remote voice that answers a few sentences and then is rate-limited (like gTTS's 429)."""

    name = "remote"
    voice = "cloud"
    words_per_minute = 163.0
    local = False
    calls = 0

    def __init__(self, settings: object = None) -> None:
        self.inner = speech.create("hibari", Settings())

    def speaks(self, language: str) -> bool:
        return True

    def synthesize(self, text: str, language: str = "en") -> speech.Speech:
        DiesMidEpisode.calls += 1
        if DiesMidEpisode.calls > 3:
            raise EngineUnavailable("HTTP 429 from the voice service")
        return self.inner.synthesize(text, language)


def test_a_voice_failing_mid_episode_restarts_it_with_the_next(tmp_path, monkeypatch) -> None:
    speech.register("remote", DiesMidEpisode)
    monkeypatch.setattr(chooser, "FALLBACK", ("remote", "hibari"))
    settings = load_settings(engine="auto", output=tmp_path, minutes=1, workers=1)
    stories = [
        _story("First story", "One sentence here. Another one."),
        _story("Second", "More words to say."),
    ]
    spoken, _script, engine = speak_now(settings, stories)
    rendered = spoken.rendered
    assert engine == "hibari" and rendered.engine == "hibari"  # one voice from start to end
    assert [c.title for c in rendered.chapters][2:4] == ["First story", "Second"]
    assert [p.name for p in tmp_path.glob(".briefing-*.mp3")] == [spoken.mp3.name]  # the failed try is gone


def test_chime_opens_the_episode(tmp_path) -> None:
    from briefing.audio.sounds import chime

    settings = load_settings(engine="hibari", output=tmp_path, minutes=1, chime=True, workers=1)
    stories = [_story("A story", "It is spoken after the chime.")]
    spoken, _, _ = speak_now(settings, stories)
    rendered = spoken.rendered
    sound = chime()
    assert rendered.chapters[0].start >= len(sound) / 24_000 - 0.01
    assert abs(rendered.chapters[-1].end - rendered.seconds) < 0.01
    samples = decode(spoken.mp3.read_bytes())
    assert abs(len(samples) / 24_000 - rendered.seconds) < 0.1
    n = len(sound)

    def matches(at: int) -> bool:  # the MP3 may shift it by a frame or so
        starts = [at + lag for lag in range(-1200, 1201, 8) if 0 <= at + lag <= len(samples) - n]
        return any(np.corrcoef(samples[i : i + n], sound)[0, 1] > 0.95 for i in starts)

    assert matches(0)  # opens with the chime
    assert matches(len(samples) - n)  # and closes with it


def test_an_episode_that_misses_its_loudness_is_levelled_again(tmp_path, monkeypatch, caplog) -> None:
    """If segment-by-segment levelling misses the whole episode's target, the measurement of what
    was sent catches it and the episode is levelled once more, from the sentence cache."""
    import briefing.audio.loudness

    real = briefing.audio.loudness.normalize_loudness

    def biased(samples, target, ceiling, loudness=None):  # segments come out 4 LU quieter than asked
        return real(samples, target - 4.0, ceiling, loudness)

    monkeypatch.setattr(briefing.audio.loudness, "normalize_loudness", biased)
    settings = load_settings(engine="hibari", output=tmp_path, minutes=1, workers=1)
    stories = [_story("A story", "The first take is too quiet. The second one is right.")]
    with caplog.at_level(logging.INFO):
        spoken, _, _ = speak_now(settings, stories)
    assert any("levelling again" in r.message for r in caplog.records)
    assert abs(spoken.loudness - (-19.0)) < 1.0 and spoken.encoder_loss > 0
    assert spoken.rendered.synthesized == 0  # the second take came from the cache
    assert [p.name for p in tmp_path.glob(".briefing-*.mp3")] == [spoken.mp3.name]


class Metronome:
    """A voice that says every word in exactly half a second (120 words a minute), whatever it
    claims: the fit must measure, not trust."""

    name = "metronome"
    voice = "tick"
    words_per_minute = 160.0  # a third too fast: the first take will be long
    local = True

    def __init__(self, settings: object = None) -> None:
        pass

    def speaks(self, language: str) -> bool:
        return True

    def synthesize(self, text: str, language: str = "en") -> speech.Speech:
        n = int(0.5 * 24_000 * len(text.split()))
        tone = 0.2 * np.sin(np.arange(n) * 2 * np.pi * 220 / 24_000)
        return speech.Speech(tone.astype(np.float32), 24_000)


def test_minutes_are_met_on_the_measured_audio(tmp_path, caplog) -> None:
    speech.register("metronome", Metronome)
    sentences = [s + "." for s in TOPIC_SENTENCES]
    stories = [_story(f"Story {i} today", " ".join(sentences[i % 5 : i % 5 + 3])) for i in range(14)]
    settings = load_settings(engine="metronome", output=tmp_path, minutes=3, workers=2)
    with caplog.at_level(logging.INFO):
        spoken, _, _ = speak_now(settings, stories)
    takes = [r.message for r in caplog.records if r.message.startswith("fit:")]
    assert len(takes) >= 2  # the first take, priced at the claimed rate, was off
    assert -FIT_SHORT * 180 <= spoken.rendered.seconds - 180 <= FIT_LONG * 180
    assert abs(spoken.stats.seconds - spoken.rendered.seconds) < 1e-6


TOPIC_SENTENCES = [
    "Commuters faced long delays after signalling faults hit trains between Leeds and York",
    "The chancellor will publish spending plans for hospitals and schools next Wednesday",
    "Flood warnings were issued along the Severn after three days of heavy rainfall",
    "Voters in Lisbon elected a new mayor with a narrow majority on Sunday evening",
    "A malaria vaccine trial in Kenya reported strong protection among young children",
    "Dock workers in Rotterdam walked out over pay and halted container shipments",
    "Firefighters battled a wildfire spreading through pine forests near Marseille",
]

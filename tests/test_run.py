"""End to end: `briefing run` on local feeds with the local voice, then the same run again."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import numpy as np
from conftest import DATA, LocalServer, run_args, write_feeds

from briefing.audio.decode import RATE, decode
from briefing.cli import main

EXPECTED = json.loads((DATA / "seed" / "expected.json").read_text(encoding="utf-8"))


def test_run_publishes_a_real_mp3(published: dict) -> None:
    assert published["code"] == 0
    assert len(published["first"]) == 1
    samples = decode(published["first"][0].read_bytes())
    seconds = len(samples) / RATE
    assert seconds > 10
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))
    assert rms > 0.01, "the episode is silent"


def test_transcript_has_the_article_and_none_of_the_boilerplate(published: dict) -> None:
    mp3: Path = published["first"][0]
    text = mp3.with_suffix(".txt").read_text(encoding="utf-8")
    norm = re.sub(r"\s+", " ", text)
    assert "Polaris Dawn" in norm and "Sky News" in norm
    assert "private spacewalk" in norm
    assert "billionaire" in norm.lower()
    for line in EXPECTED["must_not_be_spoken"]:
        assert line not in norm, line
    for fragment in ("refresh the page", "Sky News App", "@SkyNews", "YouTube channel", "live updates"):
        assert fragment not in norm
    assert "<" not in norm.split("Transcript", 1)[1], "markup reached the script"


def test_feed_reads_back_with_the_episode(published: dict) -> None:
    feed = feedparser.parse((published["out"] / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    mp3: Path = published["first"][0]
    enclosure = entry.enclosures[0]
    assert enclosure.href.endswith(mp3.name)
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == mp3.stat().st_size
    assert entry.id and entry.published
    assert int(entry.itunes_duration) > 10
    assert entry.podcast_chapters["url"].endswith(mp3.stem + ".chapters.json")
    assert entry.podcast_chapters["type"] == "application/json+chapters"
    assert entry.podcast_transcript["url"].startswith("http://localhost:8000/" + mp3.stem)
    chapters = json.loads(mp3.with_suffix(".chapters.json").read_text())["chapters"]
    titles = [c["title"] for c in chapters]
    assert titles[0] == "Introduction" and titles[-1] == "Outro"
    assert any("Polaris Dawn" in t for t in titles)
    starts = [c["startTime"] for c in chapters]
    assert starts == sorted(starts)


def test_second_run_finds_nothing_new(published: dict) -> None:
    assert published["code2"] == 0
    assert published["second"] == published["first"]
    assert published["report2"]["status"] == "nothing-new"
    # Conditional GET: only the three feeds were asked for, and no page.
    assert len(published["second_hits"]) == 3
    assert all(h.startswith("/feeds/") for h in published["second_hits"])


def test_no_partial_files_left(published: dict) -> None:
    leftovers = [p.name for p in published["out"].iterdir() if p.name.endswith(".tmp") or ".mp3." in p.name]
    assert leftovers == []


def test_a_bad_feed_does_not_stop_the_others(tmp_path: Path, server: LocalServer) -> None:
    feeds = write_feeds(
        tmp_path,
        [
            server.url("/feeds/does-not-exist.xml"),
            server.url("/pages/dw_colonial-past.html") + "  name=NotAFeed",
            f'{server.url("/feeds/sky.xml")} name="Sky News" max=1',
        ],
    )
    out = tmp_path / "out"
    code = main(["--quiet", "run", "--feeds", str(feeds), "--output", str(out), "--engine", "hibari"])
    assert code == 3  # published, but some feeds failed
    report = json.loads((out / "run-report.json").read_text())
    assert report["status"] == "published"
    assert len(report["feeds_failed"]) == 2
    assert any("404" in f for f in report["feeds_failed"])
    assert any("not a feed" in f for f in report["feeds_failed"])
    assert [s["sources"] for s in report["stories"]] == [["Sky News"]]


def test_bad_feeds_file_stops_before_any_request(tmp_path: Path, server: LocalServer, capsys) -> None:
    feeds = write_feeds(
        tmp_path, [server.url("/feeds/sky.xml"), "", "# fine", "ftp://example.org/feed max=3"]
    )
    code = main(["run", "--feeds", str(feeds), "--output", str(tmp_path / "out")])
    assert code == 2
    assert "feeds.txt:4:" in capsys.readouterr().err
    assert server.hits == []


class SilentEngine:
    """A real engine's shape with nothing to say: the publish gate must stop the episode."""

    name = "silent"
    voice = "none"
    words_per_minute = 160.0
    local = True

    def __init__(self, settings: object = None) -> None:
        pass

    def speaks(self, language: str) -> bool:
        return True

    def synthesize(self, text: str, language: str = "en"):
        from briefing.speech import Speech

        return Speech(np.full(RATE * 2, 0.001, dtype=np.float32), RATE)


def test_the_gate_refuses_a_silent_episode_and_loses_nothing(
    tmp_path: Path, server: LocalServer, capsys
) -> None:
    from briefing import speech

    speech.register("silent", SilentEngine)
    feeds = write_feeds(tmp_path, [f'{server.url("/feeds/sky.xml")} name="Sky News"'])
    out = tmp_path / "out"
    base = ["run", "--feeds", str(feeds), "--output", str(out)]
    assert main([*base, "--engine", "silent"]) == 4
    err = capsys.readouterr().err
    assert "no episode" in err and ("silence" in err or "shorter than" in err)
    assert not list(out.glob("*.mp3")) and not (out / "feed.xml").exists()
    assert json.loads((out / "run-report.json").read_text())["status"] == "failed"
    assert main(["--quiet", *base, "--engine", "hibari"]) == 0  # the stories were not lost
    assert len(json.loads((out / "run-report.json").read_text())["stories"]) == 2


def test_unknown_engine_is_a_configuration_error(tmp_path: Path, server: LocalServer) -> None:
    feeds = write_feeds(tmp_path, [server.url("/feeds/sky.xml")])
    assert main(["run", "--feeds", str(feeds), "--output", str(tmp_path / "o"), "--engine", "festival"]) == 2
    assert server.hits == []


def test_the_voice_has_loaded_before_the_stories_stage_imports_anything(
    tmp_path: Path, server: LocalServer, monkeypatch
) -> None:
    """Two threads importing parts of scipy at once can fail ("partially initialized module"): the
    main thread goes on to the stories and the audio code only once the voice's thread is done with
    its imports, however slow it is."""
    import time

    import briefing.events
    import briefing.speech.chooser

    events: list[str] = []
    real_warm, real_group = briefing.speech.chooser._warm, briefing.events.group_duplicates

    def slow_warm(engine: object) -> None:
        time.sleep(1.5)  # far slower than extracting one page
        real_warm(engine)  # type: ignore[arg-type]
        events.append("voice loaded")

    def group(*args: object, **kwargs: object) -> object:
        events.append("stories")
        return real_group(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(briefing.speech.chooser, "_warm", slow_warm)
    monkeypatch.setattr(briefing.events, "group_duplicates", group)
    feeds = write_feeds(tmp_path, [f'{server.url("/feeds/sky.xml")} name="Sky News" max=2'])
    assert main(run_args(feeds, tmp_path / "out", "--engine", "hibari")) == 0
    assert events[:2] == ["voice loaded", "stories"]


def test_the_cache_keeps_the_last_episode_not_every_episode(tmp_path: Path, server: LocalServer) -> None:
    """Ten minutes of speech take 63 MB: a daily cron must not fill the disk with old sentences."""
    import os
    import time

    out = tmp_path / "out"
    sky = write_feeds(tmp_path, [f'{server.url("/feeds/sky.xml")} name="Sky News" max=1'])
    assert main(run_args(sky, out, "--engine", "hibari")) == 0
    cache = out / ".cache" / "segments"
    first = set(cache.glob("*/*.npy"))
    assert first
    an_hour_ago = time.time() - 3600  # as if that episode were made an hour ago
    for path in first:
        os.utime(path, (an_hour_ago, an_hour_ago))
    bbc = write_feeds(tmp_path, [f'{server.url("/feeds/bbc.xml")} name="BBC News" max=1'])
    started = time.time()
    assert main(run_args(bbc, out, "--engine", "hibari")) == 0
    kept = set(cache.glob("*/*.npy"))
    assert kept - first  # the new episode's sentences
    assert first - kept  # the old episode's own sentences are gone...
    assert all(p.stat().st_mtime >= started - 2 for p in kept)  # ...and all that is left, this run used

"""Publishing: feed.xml read back by feedparser, transcripts, retention, and `briefing serve`."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest

from briefing.errors import PublishError
from briefing.model import Chapter, Cue, Episode, Line, Script, Segment, Story
from briefing.publish import Show, apply_retention, episodes, publish, write_atomic
from briefing.serve import make_server

SHOW = Show("The Briefing", "briefing", "http://192.0.2.1:8000/pod/")


def fake_episode(folder: Path, when: datetime) -> tuple[Episode, Path]:
    """Real files with a made-up MP3 body: publishing does not look inside the audio."""
    story = Story(
        "A story", "It happened.", ("Sky News", "BBC News"), "https://example.org/s", "en", when, ("k",)
    )
    script = Script("t", when, (Segment("intro", "Introduction", (Line("Hello.", "Hello."),)),), (story,))
    slug = "briefing-" + when.strftime("%Y-%m-%dT%H%M%SZ")
    tmp = folder / f".{slug}.tmp.mp3"
    tmp.write_bytes(b"ID3" + b"\0" * 5000)
    chapters = (Chapter("Introduction", 0.0, 2.0), Chapter("A story", 2.0, 30.0, "https://example.org/s"))
    cues = (Cue(0.0, 1.5, "Hello."), Cue(2.0, 4.0, "It happened."))
    ep = Episode(slug, f"Episode {slug}", when, tmp, 30.0, chapters, cues, script, "hibari:heart")
    return ep, tmp


def test_feed_has_itunes_and_podcasting20(tmp_path: Path) -> None:
    when = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    ep, tmp = fake_episode(tmp_path, when)
    publish(ep, tmp, tmp_path, SHOW, ["k"])
    raw = (tmp_path / "feed.xml").read_text(encoding="utf-8")
    feed = feedparser.parse(raw)
    assert not feed.bozo
    assert feed.feed.title == "The Briefing"
    assert "<itunes:explicit>no</itunes:explicit>" in raw and '<itunes:category text="News"/>' in raw
    assert feed.feed.image.href == "http://192.0.2.1:8000/pod/cover.jpg"
    (entry,) = feed.entries
    assert entry.enclosures[0].href == f"http://192.0.2.1:8000/pod/{ep.slug}.mp3"
    assert entry.enclosures[0].length == "5003"
    assert entry.itunes_duration == "30"
    assert f'<podcast:chapters url="http://192.0.2.1:8000/pod/{ep.slug}.chapters.json"' in raw
    assert 'type="text/vtt"' in raw and "podcast:transcript" in raw
    assert "https://podcastindex.org/namespace/1.0" in raw
    chapters = json.loads((tmp_path / f"{ep.slug}.chapters.json").read_text())
    assert chapters["version"] == "1.2.0" and chapters["chapters"][1]["url"] == "https://example.org/s"
    vtt = (tmp_path / f"{ep.slug}.vtt").read_text()
    assert vtt.startswith("WEBVTT") and "00:00:02.000 --> 00:00:04.000\nIt happened." in vtt
    txt = (tmp_path / f"{ep.slug}.txt").read_text()
    assert "A story (Sky News, BBC News)" in txt and "https://example.org/s" in txt
    assert not tmp.exists()


def test_guids_are_stable_across_rebuilds(tmp_path: Path) -> None:
    base = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    for day in range(2):
        ep, tmp = fake_episode(tmp_path, base + timedelta(days=day))
        publish(ep, tmp, tmp_path, SHOW, [f"k{day}"])
        ids = [e.id for e in feedparser.parse((tmp_path / "feed.xml").read_bytes()).entries]
        if day == 0:
            first = ids
    assert ids[1:] == first and len(ids) == 2  # newest first, old guid unchanged


def test_retention_removes_files_and_items_together(tmp_path: Path) -> None:
    base = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    for day in range(5):
        ep, tmp = fake_episode(tmp_path, base + timedelta(days=day))
        publish(ep, tmp, tmp_path, SHOW, [f"k{day}"])
    removed = apply_retention(tmp_path, keep=3, keep_days=0)
    assert len(removed) == 2
    assert len(list(tmp_path.glob("*.mp3"))) == 3
    assert not list(tmp_path.glob(f"{removed[0]}*"))
    removed = apply_retention(tmp_path, keep=0, keep_days=2.5, now=base + timedelta(days=5, hours=1))
    assert len(removed) == 1 and len(episodes(tmp_path)) == 2


def test_write_atomic_leaves_nothing_when_the_disk_is_full(tmp_path: Path, monkeypatch) -> None:
    import errno
    import os

    (tmp_path / "feed.xml").write_bytes(b"old feed")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(PublishError, match="disk is full"):
        write_atomic(tmp_path / "feed.xml", b"new feed")
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"]
    assert (tmp_path / "feed.xml").read_bytes() == b"old feed"


@pytest.fixture
def served(tmp_path: Path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "ep.mp3").write_bytes(bytes(range(256)) * 40)
    record = {
        "slug": "ep",
        "title": "Ep",
        "created": "2026-11-24T06:00:00+00:00",
        "bytes": 10240,
        "duration": 1,
    }
    (folder / "ep.json").write_text(json.dumps(record), encoding="utf-8")  # a published episode: served
    (folder / "feed.xml").write_text("<rss/>", encoding="utf-8")
    (folder / "state.sqlite").write_bytes(b"secret")
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    server = make_server(folder, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_serve_range_requests_and_types(served: str) -> None:
    req = urllib.request.Request(served + "/ep.mp3", headers={"Range": "bytes=100-199"})
    with urllib.request.urlopen(req, timeout=5) as r:
        assert r.status == 206
        assert r.headers["Content-Range"] == "bytes 100-199/10240"
        assert r.headers["Content-Type"] == "audio/mpeg"
        assert r.read() == (bytes(range(256)) * 40)[100:200]
    with urllib.request.urlopen(served + "/feed.xml", timeout=5) as r:
        assert r.headers["Content-Type"].startswith("application/rss+xml")


@pytest.mark.parametrize("path", ["/../outside.txt", "/%2e%2e/outside.txt", "/state.sqlite", "/"])
def test_serve_refuses_outside_and_private(served: str, path: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(served + path, timeout=5)
    assert err.value.code == 404


def test_serve_is_read_only(served: str) -> None:
    req = urllib.request.Request(served + "/feed.xml", data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=5)
    assert err.value.code in (405, 501)

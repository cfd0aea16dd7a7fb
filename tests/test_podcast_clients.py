"""Podcast apps read the feed: podcastparser (gPodder's parser) always, and gPodder itself (its `gpo`
command line, from Debian's package) subscribing to `briefing serve`, updating and downloading."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from datetime import UTC, timedelta
from pathlib import Path

import feedparser
import podcastparser
import pytest

from briefing.config import load_settings
from briefing.model import EpisodeMeta
from briefing.publish import Show, episodes, podcast_guid, write_feed


def test_podcast_guid_is_the_uuid5_of_the_feed_url_as_podcasting_2_defines_it() -> None:
    assert podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"  # its example
    assert podcast_guid("http://podnews.net/rss/") == podcast_guid("https://podnews.net/rss")
    show = Show("P", "a", "http://192.168.1.20:8000/")
    expected = uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "192.168.1.20:8000/feed.xml")
    assert show.guid == str(expected)
    assert Show("P", "a", "https://192.168.1.20:8000").guid == show.guid  # scheme and slashes aside


def test_owner_and_author_come_from_the_settings(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text(
        'show_author = "Newsroom"\nowner_email = "ada@example.org"\nowner_name = "Ada"\n', encoding="utf-8"
    )
    show = Show.from_settings(load_settings(tmp_path / "briefing.toml"))
    assert (show.author, show.owner_name, show.owner_email) == ("Newsroom", "Ada", "ada@example.org")
    assert Show.from_settings(load_settings(None, show_author="X")).owner_name == "X"
    write_feed(tmp_path, Show.from_settings(load_settings(None)))
    raw = (tmp_path / "feed.xml").read_text(encoding="utf-8")
    assert "<itunes:owner>" not in raw  # no e-mail, no owner: Apple wants both


def test_the_feed_validates_with_feedparser_and_podcastparser(served_output: tuple[str, Path]) -> None:
    base, folder = served_output
    raw = (folder / "feed.xml").read_bytes()
    (meta,) = episodes(folder)
    mp3 = folder / f"{meta.slug}.mp3"

    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.publisher_detail == {"name": "Ada", "email": "ada@example.org"}  # itunes:owner
    text = raw.decode()
    assert f"<podcast:guid>{podcast_guid(base + 'feed.xml')}</podcast:guid>" in text
    assert "<itunes:author>Newsroom</itunes:author>" in text

    podcast = podcastparser.parse(base + "feed.xml", (folder / "feed.xml").open("rb"))
    assert podcast["title"] == "The Briefing"
    (episode,) = podcast["episodes"]
    (enclosure,) = episode["enclosures"]
    assert enclosure["url"] == base + mp3.name
    assert enclosure["file_size"] == mp3.stat().st_size and enclosure["mime_type"] == "audio/mpeg"
    assert episode["total_time"] == round(meta.duration)
    assert episode["guid"] == f"briefing:{meta.slug}"
    assert episode["title"] == meta.title


def _gpo(home: Path, *args: str) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "GPODDER_HOME": str(home / "gpodder"),
        "GPODDER_DOWNLOAD_DIR": str(home / "downloads"),
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(
        ["gpo", *args], env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout + done.stderr


def _new_episode(folder: Path, meta: EpisodeMeta, later: timedelta) -> str:
    """A second episode beside the first (the same audio under a later name), as the next run makes."""
    created = meta.created + later
    slug = "briefing-" + created.astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    for suffix in (".mp3", ".txt", ".vtt", ".chapters.json"):
        shutil.copyfile(folder / f"{meta.slug}{suffix}", folder / f"{slug}{suffix}")
    sidecar = {
        **meta.to_record(),
        "slug": slug,
        "created": created.isoformat(),
        "title": meta.title + " (later)",
    }
    (folder / f"{slug}.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return slug


@pytest.mark.timeout(300)
def test_gpodder_subscribes_updates_and_downloads_from_briefing_serve(
    served_output: tuple[str, Path], tmp_path: Path
) -> None:
    if shutil.which("gpo") is None:
        pytest.skip("gPodder's gpo is not installed (Debian: apt-get install gpodder; .ci/run installs it)")
    base, folder = served_output
    (meta,) = episodes(folder)
    home = tmp_path / "home"
    home.mkdir()
    out = _gpo(home, "subscribe", base + "feed.xml")
    assert f"Successfully added {base}feed.xml" in out
    listed = _gpo(home, "list")
    assert base + "feed.xml" in listed
    _gpo(home, "download")
    files = sorted((home / "downloads").rglob("*.mp3"))
    assert len(files) == 1 and files[0].read_bytes() == (folder / f"{meta.slug}.mp3").read_bytes()

    slug = _new_episode(folder, meta, timedelta(days=1))
    write_feed(folder, Show("The Briefing", "Newsroom", base))
    later = (folder / "feed.xml").stat().st_mtime + 2  # as a later run's: If-Modified-Since has 1 s steps
    os.utime(folder / "feed.xml", (later, later))
    update = _gpo(home, "update")
    assert "1 new episode" in update, update
    pending = _gpo(home, "pending")
    assert f"{meta.title} (later)" in pending and "1 new episode" in pending, pending
    _gpo(home, "download")
    files = sorted((home / "downloads").rglob("*.mp3"))
    assert len(files) == 2
    assert all(f.read_bytes() == (folder / f"{slug}.mp3").read_bytes() for f in files)
    assert os.path.getsize(files[1]) == meta.bytes

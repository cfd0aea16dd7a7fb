"""JSON Feed 1.0 and 1.1, read like RSS and Atom: a real feed (Daring Fireball's) and the 1.1 fields."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from conftest import DATA, LocalServer, respond

from briefing.errors import FeedError
from briefing.feeds import ParsedFeed, fetch_feeds, normalize_link, read_feed
from briefing.http import Fetcher, Limits, Response
from briefing.model import FeedSource

DARING = DATA / "feeds" / "real" / "daringfireball.feed.json"
NOW = datetime(2026, 11, 24, tzinfo=UTC)


def read(body: bytes, ctype: str = "application/feed+json", language: str = "en") -> ParsedFeed:
    source = FeedSource("http://t/feed.json", language=language)
    return read_feed(Response(source.url, 200, body, ctype), source, NOW)


@pytest.mark.parametrize(
    "ctype", ["application/feed+json", "application/json; charset=utf-8", "text/plain", ""]
)
def test_a_real_json_feed_gives_every_item_whatever_its_content_type(ctype: str) -> None:
    raw = json.loads(DARING.read_bytes())
    parsed = read(DARING.read_bytes(), ctype)
    assert parsed.title == "Daring Fireball"
    assert len(parsed.entries) == len(raw["items"]) == 48
    first, item = parsed.entries[0], raw["items"][0]
    assert first.source == "Daring Fireball"
    assert first.title == "The Talk Show: ‘I Do Like Throwing a Baby’"
    assert first.link == item["url"] and first.key == normalize_link(item["url"])
    assert first.guid == item["id"]
    assert first.published == datetime(2017, 6, 27, 0, 54, 17, tzinfo=UTC)
    assert "favorite 3-star podcast" in first.content_html
    assert len({e.key for e in parsed.entries}) == 48
    assert all(e.published and e.language == "en" for e in parsed.entries)


def test_json_feed_1_1_fields_map_to_the_same_entries() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Nachrichten",
        "language": "de",
        "authors": [{"name": "Redaktion"}],
        "items": [
            {
                "id": "a1",
                "url": "https://www.example.org/a?utm_source=json",
                "title": "Fish & Chips < £5",
                "content_text": "Erster Absatz.\n\nZweiter <Absatz>.",
                "date_published": "2026-11-23T08:30:00+01:00",
                "language": "de-AT",
            },
            {"id": 2, "content_html": "<p>Ohne Titel und Link.</p>", "date_modified": "2026-11-22T10:00:00"},
            {"id": "old", "title": "Zu alt", "summary": "Kurz.", "date_published": "1970-01-01T00:00:00Z"},
            {"id": "a1", "url": "https://example.org/a", "title": "Doppelt"},
        ],
    }
    parsed = read(json.dumps(doc).encode(), language="de")
    assert parsed.language == "de" and parsed.title == "Nachrichten"
    first, second, third = parsed.entries  # the last one is the first again (same normalised link)
    assert first.key == "https://example.org/a" and first.guid == "a1"
    assert first.title == "Fish & Chips < £5"
    assert first.content_html == "<p>Erster Absatz.</p><p>Zweiter &lt;Absatz&gt;.</p>"
    assert first.published == datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
    assert first.language == "de-AT"
    assert second.key == "guid:2" and second.link is None and second.language == "de"
    assert second.published == datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # no zone: UTC
    assert third.published is None and third.content_html == "Kurz."


def test_json_feed_1_0_with_an_http_version_url_is_read() -> None:
    doc = {
        "version": "http://jsonfeed.org/version/1",
        "title": "Pixel Envy",
        "items": [{"id": "x", "title": "T"}],
    }
    assert len(read(json.dumps(doc).encode(), "application/json").entries) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"error": "rate limited"}', "not a feed: JSON without a JSON Feed version"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": ', "broken: not valid JSON"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "items are not a list"),
    ],
)
def test_json_that_is_not_a_feed_is_one_clear_error(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        read(body)


def test_an_rss_body_sent_as_json_is_still_read_as_rss() -> None:
    body = (DATA / "feeds" / "bbc.xml").read_bytes()
    assert read(body, "application/json").entries


def test_a_json_feed_is_fetched_and_then_recognised_unchanged(server: LocalServer) -> None:
    """Through the same client and the same digest as RSS: the second read is not parsed again."""
    server.route("/feed.json", lambda h: respond(h, 200, DARING.read_bytes(), "application/feed+json"))
    source = FeedSource(url=server.url("/feed.json"))
    with Fetcher(Limits()) as fetcher:
        (first,) = fetch_feeds([source], fetcher)
        assert first.error is None and len(first.entries) == 48
        (again,) = fetch_feeds([source], fetcher, lambda url: first.validators)
    assert again.not_modified and again.entries == ()

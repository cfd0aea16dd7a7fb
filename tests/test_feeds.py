"""Feeds: real publishers' files and hostile ones, parsed from raw bytes by feedparser."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import DATA, LocalServer, respond

from briefing.errors import FeedError
from briefing.feeds import ParsedFeed, entry_date, normalize_link, parse_feed
from briefing.http import Response
from briefing.model import FeedSource

FEEDS = DATA / "feeds"
NASTY = FEEDS / "nasty"
REAL = FEEDS / "real"
NOW = datetime(2026, 11, 24, tzinfo=UTC)


def parse(path: Path, ctype: str = "application/rss+xml") -> list:
    return parse_feed(
        Response(str(path), 200, path.read_bytes(), ctype), FeedSource(url=f"http://t/{path.name}"), NOW
    )


def test_tracking_parameters_and_fragments_are_not_identity() -> None:
    a = normalize_link("https://www.bbc.co.uk/news/world-123?at_medium=RSS&at_campaign=rss#0")
    b = normalize_link("http://bbc.co.uk/news/world-123/")
    assert a == b == "https://bbc.co.uk/news/world-123"
    assert normalize_link("https://x.org/a?id=5&utm_source=feed&xtor=RSS-3") == "https://x.org/a?id=5"


def test_bst_is_british_summer_time() -> None:
    when = entry_date({"published": "Thu, 24 Sep 2026 08:47:00 BST"}, NOW)
    assert when == datetime(2026, 9, 24, 7, 47, tzinfo=UTC)
    assert entry_date({"published": "Thu, 24 Sep 2026 08:47:00 CEST"}, NOW) == datetime(
        2026, 9, 24, 6, 47, tzinfo=UTC
    )
    assert entry_date({"published": "Thu, 24 Sep 2026 08:47:00 IST"}, NOW) == datetime(
        2026, 9, 24, 3, 17, tzinfo=UTC
    )


def test_absurd_dates_become_unknown() -> None:
    assert entry_date({"published": "Thu, 01 Jan 1970 00:00:00 GMT"}, NOW) is None
    assert entry_date({"published": "Mon, 01 Jan 2091 00:00:00 GMT"}, NOW) is None


def test_every_real_feed_yields_items() -> None:
    for path in sorted(REAL.glob("*.xml")):
        entries = parse(path)
        assert entries, path.name
        assert all(e.title or e.content_html for e in entries)
        assert len({e.key for e in entries}) == len(entries), f"duplicate keys in {path.name}"


def test_feedburner_origlink_is_preferred() -> None:
    entries = parse(REAL / "feedburner_rotoauthority.atom.xml")
    assert entries[0].link.startswith("http://www.rotoauthority.com/")


def test_every_nasty_feed_gives_items_or_one_clear_error() -> None:
    manifest = json.loads((FEEDS / "MANIFEST.json").read_text())
    assert len(list(NASTY.iterdir())) == 35
    for path in sorted(NASTY.iterdir()):
        start = time.monotonic()
        try:
            entries = parse(path, "text/html" if path.suffix == ".html" else "application/xml")
        except FeedError as exc:
            message = str(exc)
            assert path.name in message and "\n" not in message
            assert ("broken" in message) or ("not a feed" in message) or ("too large" in message)
        else:
            for e in entries:
                assert "&" not in e.title or "&amp;" not in e.title
                assert "/etc/passwd" not in e.content_html and "root:x:" not in e.content_html
        assert time.monotonic() - start < 5, path.name
    assert manifest


def test_entities_and_xxe_never_reach_the_text() -> None:
    for name in (
        "xxe_external_file.xml",
        "xxe_external_http.xml",
        "billion_laughs.xml",
        "internal_entity_in_doctype.xml",
    ):
        try:
            entries = parse(NASTY / name, "application/xml")
        except FeedError:
            continue
        for e in entries:
            assert "&" not in e.title, e.title
            assert "root:" not in e.content_html


def test_duplicates_inside_one_feed_are_dropped() -> None:
    entries = parse(NASTY / "apnews_scraped_dup_guids_no_dates.xml")
    assert 100 < len(entries) < 510
    assert all(e.published is None for e in entries)  # no dates: first-seen time decides later


def test_html_instead_of_a_feed() -> None:
    with pytest.raises(FeedError, match="not a feed"):
        parse(NASTY / "daringfireball_homepage.html", "text/html; charset=utf-8")


def test_non_utf8_feeds_decode() -> None:
    entries = parse(REAL / "jn-pt_ultimas.rss.xml", "application/rss+xml")
    assert any("ã" in e.title or "ç" in e.title for e in entries)
    entries = parse(NASTY / "uol_declared-utf8_actually-cp1252.xml", "application/xml")
    assert any("ã" in e.title or "é" in e.title or "ç" in e.title for e in entries)


def test_a_feed_without_validators_is_not_parsed_again_when_its_body_is_the_same(
    server: LocalServer, monkeypatch
) -> None:
    """Most servers send no ETag or Last-Modified: the digest of the body stands in for them."""
    import briefing.feeds
    from briefing.feeds import fetch_feeds
    from briefing.http import Fetcher, Limits

    body = (DATA / "feeds" / "sky.xml").read_bytes().replace(b"{BASE}", server.base.encode())
    server.routes["/plain.xml"] = lambda h: respond(h, 200, body)  # no validators at all
    parsed: list[str] = []
    real_read = briefing.feeds.read_feed

    def counting(response: Response, source: FeedSource, now: datetime | None = None) -> ParsedFeed:
        parsed.append(source.url)
        return real_read(response, source, now)

    monkeypatch.setattr(briefing.feeds, "read_feed", counting)
    source = FeedSource(url=server.url("/plain.xml"), name="Sky", max_items=3)
    with Fetcher(Limits()) as fetcher:
        first = fetch_feeds([source], fetcher)[0]
        assert first.entries and not first.not_modified and first.validators.digest
        again = fetch_feeds([source], fetcher, lambda url: first.validators)[0]
        assert again.not_modified and again.entries == () and len(parsed) == 1
        more = replace(source, max_items=5)  # feeds.txt asks for more: the feed is read again
        assert fetch_feeds([more], fetcher, lambda url: first.validators)[0].entries
        assert len(parsed) == 2


def test_a_state_from_before_digests_opens_and_keeps_its_validators(tmp_path: Path) -> None:
    import sqlite3

    from briefing.model import Validators
    from briefing.state import Learned, State

    path = tmp_path / "state.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT)")
        db.execute("INSERT INTO validators VALUES ('http://a/feed', '\"x\"', NULL)")
    state = State(path)
    assert state.validators("http://a/feed") == Validators('"x"')
    state.commit(Learned(validators={"http://a/feed": Validators('"y"', None, "abc")}))
    assert state.validators("http://a/feed") == Validators('"y"', None, "abc")
    state.close()

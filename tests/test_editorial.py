"""Editorial judgment, end to end on recorded real feeds (re-dated as served, unless a test keeps a
feed's own dates): what becomes a story, in which voice, and every other item accounted for."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import GoogleStandIn, LocalServer, run_args, write_feeds

from briefing import speech
from briefing.cli import main
from briefing.config import Settings


def report(out: Path) -> dict:
    return json.loads((out / "run-report.json").read_text(encoding="utf-8"))


def transcript(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("briefing-*.txt")))


def left(out: Path, reason: str) -> list[dict]:
    return [x for x in report(out)["left_out"] if x["reason"] == reason]


def without_language(body: bytes) -> bytes:
    return re.sub(rb"<language>[^<]*</language>", b"", body)


def declaring(language: bytes) -> object:
    return lambda body: re.sub(
        rb"<language>[^<]*</language>", b"<language>" + language + b"</language>", body
    )


GERMAN = re.compile(r"\b(?:und|der|die|das|nicht|wird|sich)\b")
PORTUGUESE = re.compile(r"\b(?:não|uma|para|com|pelo|pela|são)\b")


def test_items_older_than_max_age_are_never_briefed_beside_todays(
    tmp_path: Path, server: LocalServer
) -> None:
    """A 2018 feed listed first, a tight budget: only today's news is told; the old items are
    accounted for as stale. A feed's own max_age holds for its items only."""
    feeds = write_feeds(
        tmp_path,
        [
            server.recorded("guardian_us.rss.xml", keep_dates=True) + " name=Guardian",  # January 2018
            server.recorded("bbc-news_world.rss.xml") + " name=BBC max_age=3h",
            server.url("/feeds/sky.xml") + ' name="Sky News"',
        ],
    )
    out = tmp_path / "out"
    assert main(run_args(feeds, out, "--minutes", "1.5")) == 0
    told = report(out)["stories"]
    assert told and not any("Guardian" in s["sources"] for s in told)
    stale = left(out, "stale")
    assert {x["source"] for x in stale} == {"Guardian", "BBC"}
    assert sum(x["source"] == "Guardian" for x in stale) == 55  # every item of the old feed
    assert all("max_age is 3 hours" in x["detail"] for x in stale if x["source"] == "BBC")
    assert any(s["sources"] == ["BBC"] for s in told) or left(out, "over budget")


def test_an_english_voice_never_reads_another_language(tmp_path: Path, server: LocalServer) -> None:
    """Portuguese with no language declared, German declared as English, and English news: with the
    local (English) voice, only the English is told; the others are left out, with the reason."""
    feeds = write_feeds(
        tmp_path,
        [
            server.recorded("uol_noticias.rss.xml", edit=without_language),  # Brazil, <language></language>
            server.recorded("tagesschau_alle.rss.xml", edit=declaring(b"en")),  # German, declared English
            server.url("/feeds/sky.xml") + ' name="Sky News"',
        ],
    )
    out = tmp_path / "out"
    assert main(run_args(feeds, out, "--minutes", "2")) == 0
    said = transcript(out)
    assert "Sky News" in said
    assert not GERMAN.search(said.lower()) and not PORTUGUESE.search(said.lower())
    languages = {x["source"]: x["detail"] for x in left(out, "language")}
    assert "'de'" in languages["tagesschau"] and "'pt'" in languages["UOL Noticias"]


def test_google_speaks_each_story_in_its_language(
    tmp_path: Path, server: LocalServer, google: GoogleStandIn
) -> None:
    """Through gTTS's own code, against a local stand-in of Google's endpoint: the German story is
    asked for in German, the English ones in English, the show's own words in English."""
    feeds = write_feeds(
        tmp_path,
        [
            server.recorded("tagesschau_alle.rss.xml", edit=declaring(b"en")),  # the text says German
            server.url("/feeds/sky.xml") + ' name="Sky News"',
        ],
    )
    out = tmp_path / "out"
    assert main(run_args(feeds, out, "--minutes", "1.5", "--engine", "auto")) == 0
    assert report(out)["engine"] == "gtts"
    asked = Counter(language for _, language in google.asked)
    assert asked["de"] and asked["en"]
    assert not [text for text, language in google.asked if language == "en" and GERMAN.search(text.lower())]
    german = [text for text, language in google.asked if language == "de"]
    assert all(not text.startswith(("Good ", "Here ", "That's")) for text in german)
    assert any(s["sources"] == ["tagesschau"] for s in report(out)["stories"])


class Recording:
    """The local voice, as the fallback, with every text it is handed written down."""

    texts: list[str] = []  # noqa: RUF012 (shared by the instances the run makes)

    def __init__(self, settings: Settings) -> None:
        from briefing.speech.hibari_engine import HibariEngine

        self.inner = HibariEngine(settings)
        self.name, self.voice = "hibari", self.inner.voice
        self.words_per_minute, self.local = self.inner.words_per_minute, True

    def speaks(self, language: str) -> bool:
        return self.inner.speaks(language)

    def synthesize(self, text: str, language: str = "en") -> speech.Speech:
        Recording.texts.append(text)
        return self.inner.synthesize(text, language)


def test_when_google_gives_out_mid_episode_the_fallback_is_never_handed_the_german_story(
    tmp_path: Path, server: LocalServer, google: GoogleStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    google.fail_after = 12  # Google answers the probe and a few sentences, then says 429
    monkeypatch.setitem(speech._REGISTRY, "hibari", Recording)
    Recording.texts = []
    feeds = write_feeds(
        tmp_path,
        [
            server.recorded("tagesschau_alle.rss.xml"),
            server.url("/feeds/sky.xml") + ' name="Sky News"',
        ],
    )
    out = tmp_path / "out"
    assert main(run_args(feeds, out, "--minutes", "1.5", "--engine", "auto")) == 0
    assert report(out)["engine"] == "hibari"  # one voice from start to end: the episode began again
    assert Recording.texts and not any(GERMAN.search(t.lower()) for t in Recording.texts)
    assert left(out, "language")  # the German story waits for a voice that speaks it


def test_no_story_without_substance(tmp_path: Path, server: LocalServer) -> None:
    """A title of "…" with no text, a subscriber's teaser, a list of headlines, and real news."""
    items = [
        ("…", ""),
        (
            "Markets rally on rate hopes",
            "Stocks rose sharply in early trading. Subscribe to continue reading.",
        ),
        (
            "Morning links",
            "<ul>"
            + "".join(f"<li><a href='/x{i}'>Headline number {i}</a></li>" for i in range(12))
            + "</ul>",
        ),
    ]
    body = "".join(
        f"<item><title>{t}</title><link>{server.base}/page/{i}</link><description><![CDATA[{d}]]></description></item>"
        for i, (t, d) in enumerate(items)
    )
    server.static(
        "/mixed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel>{body}</channel></rss>'.encode()
    )
    feeds = write_feeds(
        tmp_path, [server.url("/mixed.xml"), server.url("/feeds/sky.xml") + ' name="Sky News"']
    )
    out = tmp_path / "out"
    assert main(run_args(feeds, out, "--minutes", "1")) == 0
    assert {s["title"] for s in report(out)["stories"]} <= {s for s in _sky_titles(server)}
    reasons = {x["title"]: x["detail"] for x in left(out, "no substance")}
    assert reasons["…"] == "no title"
    assert reasons["Markets rally on rate hopes"].endswith("words of text")  # the teaser line went first
    assert "list" in reasons["Morning links"]
    said = transcript(out).split("\nTranscript\n", 1)[1]
    assert "127.0.0.1" not in said and "localhost" not in said  # a source is never a host or an address


def _sky_titles(server: LocalServer) -> list[str]:
    import feedparser

    body = (
        (Path(__file__).parent / "data" / "feeds" / "sky.xml")
        .read_bytes()
        .replace(b"{BASE}", server.base.encode())
    )
    return [e.title for e in feedparser.parse(body).entries]


REAL = [
    "nyt_world.rss.xml",
    "bbc-news_world.rss.xml",
    "aljazeera_all.rss.xml",
    "cbsnews_world.rss.xml",
    "abcnews-us_international.rss.xml",
    "dawn_world.rss.xml",
    "foreignpolicy.rss.xml",
]


def test_one_outlet_does_not_take_the_briefing(tmp_path: Path, server: LocalServer) -> None:
    """NYT first in feeds.txt with a high max and its items the newest; six other outlets have news:
    no outlet takes more than its fair share, ceil(n / outlets) + 1 of n stories."""
    lines = [server.recorded(REAL[0]) + " name=NYT max=20"] + [server.recorded(f) for f in REAL[1:]]
    out = tmp_path / "out"
    assert main(run_args(write_feeds(tmp_path, lines), out, "--minutes", "4")) == 0
    told = report(out)["stories"]
    counts = Counter(src for s in told for src in s["sources"])
    assert len(told) >= 7 and len(counts) >= 5
    assert max(counts.values()) <= -(-len(told) // len(REAL)) + 1
    assert counts["NYT"] <= 0.4 * len(told)


def test_muted_words_keep_stories_out(tmp_path: Path, server: LocalServer) -> None:
    lines = [
        server.recorded("bbc-news_world.rss.xml") + ' name=BBC mute="Gaza|Ukraine"',
        server.url("/feeds/sky.xml") + ' name="Sky News"',
    ]
    out = tmp_path / "out"
    assert main(run_args(write_feeds(tmp_path, lines), out, "--minutes", "2")) == 0
    assert not re.search(r"\b(?:Gaza|Ukraine)\b", transcript(out).split("Transcript", 1)[1])
    muted = left(out, "muted")
    assert muted and all(x["source"] == "BBC" for x in muted)


def test_an_event_told_yesterday_is_not_told_again_by_another_outlet(
    tmp_path: Path, server: LocalServer
) -> None:
    """Run one: Sky tells the spacewalk. Run two: another outlet's report of the same event, nothing
    new in it: left out, "told before"; a story never heard before is told."""
    out = tmp_path / "out"
    sky = write_feeds(tmp_path, [server.url("/feeds/sky.xml") + ' name="Sky News"'])
    assert main(run_args(sky, out, "--minutes", "1")) == 0
    assert any("Isaacman" in s["title"] or "spacewalk" in s["title"].lower() for s in report(out)["stories"])
    other = [
        (
            "Billionaire completes first private spacewalk",
            "Billionaire Jared Isaacman became the first private citizen to take part in a spacewalk, "
            "leaving the SpaceX Dragon capsule on the Polaris Dawn mission to test a new line of spacesuits "
            "against the backdrop of the Earth.",
        ),
        (
            "Dock workers strike in Rotterdam",
            "Dock workers in Rotterdam walked out over pay on Tuesday, halting container shipments at "
            "Europe's busiest port as unions and employers failed to agree a new contract after weeks of "
            "talks.",
        ),
    ]
    items = "".join(
        f"<item><title>{t}</title><link>{server.base}/page/o{i}</link><description>{d}</description></item>"
        for i, (t, d) in enumerate(other)
    )
    server.static(
        "/other.xml", f'<rss version="2.0"><channel><title>Other</title>{items}</channel></rss>'.encode()
    )
    both = write_feeds(tmp_path, [server.url("/other.xml") + " name=Other"])
    assert main(run_args(both, out, "--minutes", "1")) == 0
    assert [s["title"] for s in report(out)["stories"]] == ["Dock workers strike in Rotterdam"]
    (before,) = left(out, "told before")
    assert before["title"] == "Billionaire completes first private spacewalk"


def test_items_that_lose_to_the_budget_compete_again_though_their_feed_answers_304(
    tmp_path: Path, server: LocalServer
) -> None:
    """Run one: a feed of many items, one minute: most lose to the budget. Run two: that feed answers
    304; another feed has one new item; the waiting items compete beside it and are told."""
    waiting = server.recorded("nyt_world.rss.xml")
    out = tmp_path / "out"
    first = write_feeds(tmp_path, [waiting + " name=NYT max=8"])
    assert main(run_args(first, out, "--minutes", "1")) == 0
    told_first = {s["title"] for s in report(out)["stories"]}
    over = {x["title"] for x in left(out, "over budget")}
    assert told_first and over
    news = "<item><title>Comet seen over Lisbon</title><link>{0}/page/c</link>"
    news += "<description>{1}</description></item>"
    text = (
        "Astronomers in Lisbon announced that a bright comet will be visible to the naked eye this week, the "
        "first such sighting in a decade, and urged people to find dark skies away from the city."
    )
    server.static(
        "/new.xml",
        f'<rss version="2.0"><channel><title>Lisbon Post</title>{news.format(server.base, text)}'
        "</channel></rss>".encode(),
    )
    second = write_feeds(tmp_path, [waiting + " name=NYT max=8", server.url("/new.xml")])
    hits = len(server.hits)
    assert main(run_args(second, out, "--minutes", "2")) == 0
    assert server.hits[hits:].count("/real/nyt_world.rss.xml") == 1  # answered 304 (the body is fixed)
    told_second = {s["title"] for s in report(out)["stories"]}
    assert "Comet seen over Lisbon" in told_second
    assert told_second & over and not told_second & told_first


def test_nothing_new_is_a_round_of_conditional_requests(tmp_path: Path, server: LocalServer) -> None:
    feeds = write_feeds(tmp_path, [server.recorded("nyt_world.rss.xml") + " name=NYT"])
    out = tmp_path / "out"
    assert main(run_args(feeds, out, "--minutes", "1")) == 0
    hits = len(server.hits)
    assert main(run_args(feeds, out, "--minutes", "1")) == 0
    assert report(out)["status"] == "nothing-new" and server.hits[hits:] == ["/real/nyt_world.rss.xml"]


def test_a_generic_channel_title_gives_way_to_the_sites_own_name(tmp_path: Path, server: LocalServer) -> None:
    """ "Top Stories" names no outlet; the pages' og:site_name does."""
    page = (
        '<html><head><meta property="og:site_name" content="ABC News"><title>x</title></head><body>'
        "<article><p>{}</p></article></body></html>"
    )
    text = (
        "Firefighters battled a wildfire spreading through pine forests near the coast on Sunday as strong "
        "winds picked up, forcing the evacuation of three villages and closing the main highway north. "
    ) * 3
    server.route(
        "/page/fire", lambda h: __import__("conftest").respond(h, 200, page.format(text), "text/html")
    )
    item = f"<item><title>Wildfire forces evacuations</title><link>{server.base}/page/fire</link></item>"
    server.static(
        "/top.xml", f'<rss version="2.0"><channel><title>Top Stories</title>{item}</channel></rss>'.encode()
    )
    out = tmp_path / "out"
    assert main(run_args(write_feeds(tmp_path, [server.url("/top.xml")]), out, "--minutes", "1")) == 0
    assert report(out)["stories"][0]["sources"] == ["ABC News"]
    assert "Top Stories" not in transcript(out)


def test_script_why_lists_every_item_left_out(tmp_path: Path, server: LocalServer, capsys) -> None:
    feeds = write_feeds(
        tmp_path,
        [
            server.recorded("guardian_us.rss.xml", keep_dates=True) + " name=Guardian",
            server.url("/feeds/sky.xml") + ' name="Sky News"',
        ],
    )
    assert main(["--quiet", "script", "--why", "--feeds", str(feeds), "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    table = out[out.index("reason") :]
    assert table.count("stale") == 55 and "Guardian" in table
    assert not (tmp_path / "out").exists()

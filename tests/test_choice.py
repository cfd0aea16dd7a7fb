"""The editorial rooms one by one: names, language, substance, interests, freshness, balance, memory."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefing.events import new_sentences, same_event
from briefing.feeds import FeedResult
from briefing.interests import Interests
from briefing.language import decide, identify
from briefing.model import Entry, FeedSource
from briefing.names import domain_words, outlet_name, source_name
from briefing.ranking import fair_share
from briefing.select import Editor, choose
from briefing.substance import problem

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "url", "name"),
    [  # real channel titles (tests/data/feeds/real)
        (
            "Al Jazeera – Breaking News, World News and Video from Al Jazeera",
            "https://www.aljazeera.com/",
            "Al Jazeera",
        ),
        (
            "Wellness: Health, Fitness, Nutrition & More - The Washington Post",
            "https://www.washingtonpost.com",
            "The Washington Post",
        ),
        ("World - CBSNews.com", "https://www.cbsnews.com/", "CBS News"),
        (
            "Le Monde.fr - Actualités et Infos en France et dans le monde",
            "https://www.lemonde.fr",
            "Le Monde",
        ),
        ("CTVNews.ca - Top Stories - Public RSS", "https://www.ctvnews.ca", "CTV News"),
        (
            "The Christian Science Monitor | All stories",
            "https://www.csmonitor.com",
            "The Christian Science Monitor",
        ),
        ("NDTV News Search Records Found 1000", "https://www.ndtv.com/", "NDTV News"),
        ("SkySports | Liverpool", "https://www.skysports.com/", "SkySports"),
        ("Yahoo Finance", "https://finance.yahoo.com/", "Yahoo Finance"),
        ("The Washington Post", "https://www.washingtonpost.com", "The Washington Post"),
        ("Top Stories", "https://www.abc.net.au/news", None),
        ("Latest News", "https://example.org", None),
        ("Schlagzeilen", "https://example.de", None),
    ],
)
def test_a_channel_title_names_its_outlet_or_nothing(title: str, url: str, name: str | None) -> None:
    assert outlet_name(title, url) == name


def test_a_source_is_never_an_address_a_host_with_a_port_or_a_password() -> None:
    assert domain_words("https://www.abc.net.au/news/feed") == "ABC"
    assert domain_words("https://feeds.bbci.co.uk/news/rss.xml") == "BBCI"
    assert domain_words("https://www.tagesschau.de/xml/rss2") == "Tagesschau"
    for url in ("http://127.0.0.1:37077/feed.xml", "http://[::1]:8000/", "http://localhost/x"):
        assert domain_words(url) is None
    name, stand_in = source_name(["https://user:secret@news.example.org:8443/rss"], None, ["Top Stories", ""])
    assert (name, stand_in) == ("Example", True) and "secret" not in name


def test_a_name_run_together_in_one_title_is_spelled_out_by_another() -> None:
    """Sky Sports titles its channel "SkySports | Liverpool" and its image "Sky Sports"."""
    site = ["https://www.skysports.com", "https://www.skysports.com/rss/liverpool"]
    assert source_name(site, None, ["SkySports | Liverpool", "Sky Sports"]) == ("Sky Sports", False)
    assert source_name(site, None, ["SkySports | Liverpool", ""]) == ("SkySports", False)
    tech = ["https://techcrunch.com", "https://techcrunch.com/feed/"]
    assert source_name(tech, None, ["TechCrunch", "Tech Crunch Daily"]) == ("TechCrunch", False)


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        (
            "Analytici Goldman Sachs zvýšili odhad rastu slovenskej ekonomiky na budúci rok, uviedla banka v "
            "pondelok. Podľa nich bude rast ťahať najmä spotreba domácností a investície z eurofondov.",
            None,
            "sk",
        ),
        (
            "Die Bundesregierung hat am Mittwoch den Haushalt für das kommende Jahr beschlossen, teilte das "
            "Finanzministerium in Berlin mit. Die Opposition kritisierte die geplanten Kürzungen scharf.",
            "en",
            "de",
        ),
        (
            "The government approved next year's budget on Wednesday, the finance ministry said in a "
            "statement, after weeks of talks between the coalition partners about spending cuts.",
            "en-GB",
            "en-GB",
        ),
        ("Liverpool 2-1 Arsenal", "en", "en"),  # too little to overrule the declared language
        ("2-1 (3-2)", None, "und"),  # nothing to go on: no voice gets it
    ],
)
def test_the_text_decides_the_language_and_a_declared_one_is_a_hint(
    text: str, hint: str | None, expected: str
) -> None:
    assert decide(text, hint) == expected


def test_language_identification_survives_characters_it_cannot_take() -> None:
    assert identify("\udcff\x00 broken \ud800 text")[1] is False


@pytest.mark.parametrize(
    ("title", "text", "html", "why"),
    [
        ("…", "", "", "no title"),
        (
            "Untitled",
            "A long enough text about a council meeting that went on late into the night with votes.",
            "",
            "no title",
        ),
        ("Fire", "Firefighters were called to the scene.", "", "6 words of text"),
        (
            "Markets",
            "Stocks rose sharply in early trading on hopes of a rate cut this month, traders said. "
            "Already a subscriber? Log in to continue reading.",
            "",
            "a subscriber's teaser",
        ),
        (
            "Weekly links",
            "\n\n".join(f"Headline number {i} about something" for i in range(10)),
            "",
            "a list of links, headlines or citations",
        ),
        (
            "New papers",
            "\n\n".join(
                f"Tamm, Mikhail et al. City representation in study {i}. Nature Cities." for i in range(4)
            ),
            "",
            "a list of links, headlines or citations",
        ),
        (
            "Digest",
            "See these stories " * 20,
            "<p>" + "".join(f"<a href='/{i}'>A linked story title {i}</a> " for i in range(20)) + "</p>",
            "a list of links, headlines or citations",
        ),
        (
            "Council approves budget",
            "The council approved the budget on Monday after a long debate.\n\n"
            "Spending on schools rises by four percent, the finance chief said.\n\nTaxes stay the same.",
            "",
            None,
        ),
    ],
)
def test_what_has_no_substance(title: str, text: str, html: str, why: str | None) -> None:
    assert problem(title, text, html) == why


def test_a_listing_is_no_story_and_news_with_a_time_in_it_is() -> None:
    """The Washington Post's wellness feed mixes articles with weekly calendars (group, times, address,
    phone number, "Free."): read aloud, a calendar is a string of numbers. Its articles, and news that
    names a time or a street, are stories."""
    import feedparser

    from briefing.text.markup import markup_to_text

    feed = feedparser.parse(Path(__file__).parent / "data/feeds/real/washingtonpost_wellness.rss.xml")
    judged = {e.title: problem(e.title, markup_to_text(e.summary), e.summary) for e in feed.entries}
    calendars = [why for title, why in judged.items() if "calendar" in title]
    articles = [why for title, why in judged.items() if "calendar" not in title and "Advertiser" not in title]
    assert len(calendars) >= 10 and len(articles) >= 8
    listings = sum(why == "a listing of times, places or phone numbers" for why in calendars)
    assert listings >= 0.75 * len(calendars)
    assert articles == [None] * len(articles)
    launch = (
        "The rocket lifted off at 10:15 a.m. from Cape Canaveral. Its second stage separated at 10:18 a.m., "
        "and the capsule reached orbit at 10:24 a.m., the agency said."
    )
    crash = (
        "Police closed Gallows Road at 7 a.m. on Tuesday after a crash near 3300 Gallows Rd. in Falls "
        "Church. Two people were taken to hospital with injuries that were not life-threatening, a "
        "spokesman said, and the road reopened shortly before noon. Witnesses were asked to call "
        "703-555-0142."
    )
    assert problem("Capsule reaches orbit", launch) is None
    assert problem("Crash closes road", crash) is None


def test_interests_match_whole_words_and_phrases_in_any_case() -> None:
    interests = Interests(topics=("climate change", "EU"), mute=("art",))
    assert interests.muted("A party for the ART fair") == "ART"
    assert interests.muted("The party started") is None
    assert interests.hits("Climate  Change talks in the eu capital") == 2
    assert Interests.of(
        ("a",), ("b",), FeedSource("https://x.example", topics=("c",), mute=("b",))
    ) == Interests(("a", "c"), ("b",))


class Memory:
    """The memory selection reads, in a dict: briefed keys, first sightings, items waiting."""

    def __init__(self, briefed: Iterable[str] = (), seen: dict[str, float] | None = None) -> None:
        self.told, self.seen = set(briefed), dict(seen or {})
        self.waiting: dict[str, list[Entry]] = {}

    def briefed(self, keys: Iterable[str]) -> set[str]:
        return self.told & set(keys)

    def first_seen(self, keys: Iterable[str]) -> dict[str, float]:
        return {k: self.seen[k] for k in keys if k in self.seen}

    def pending(self, feed: FeedSource) -> list[Entry]:
        return self.waiting.get(feed.url, [])


def entry(feed: FeedSource, n: int, hours_ago: float | None) -> Entry:
    when = NOW - timedelta(hours=hours_ago) if hours_ago is not None else None
    return Entry(
        f"{feed.url}/{n}", None, f"{feed.url}/{n}", f"Story {n}", feed.name or "", "en", when, "", n, feed
    )


EDITOR = Editor(minutes=1, story_words=70, wpm=150, max_age=48)


def test_freshness_uses_the_date_or_the_first_sighting() -> None:
    feed = FeedSource("https://a.example/rss", name="A", max_items=10)
    items = [entry(feed, 0, 1), entry(feed, 1, 60), entry(feed, 2, None), entry(feed, 3, None)]
    memory = Memory(seen={items[3].key: NOW.timestamp() - 50 * 3600})  # undated, first seen 50 h ago
    choice = choose([FeedResult(feed, tuple(items))], memory, EDITOR, NOW)
    assert [e.title for e in choice.fresh] == ["Story 0", "Story 2"]  # undated and new: seen now
    stale = {x.title: x.detail for x in choice.left_out if x.reason == "stale"}
    assert stale == {
        "Story 1": "60 hours old; max_age is 48 hours",
        "Story 3": "50 hours old; max_age is 48 hours",
    }
    assert choice.new and choice.seen[items[2].key] == NOW.timestamp()


def test_a_feed_unchanged_since_the_last_run_still_offers_what_waits() -> None:
    feed = FeedSource("https://a.example/rss", name="A")
    waiting = entry(feed, 4, 3)
    memory = Memory(seen={waiting.key: NOW.timestamp() - 3 * 3600})
    memory.waiting[feed.url] = [waiting]
    unchanged = FeedResult(feed, (), not_modified=True)
    assert choose([unchanged], memory, EDITOR, NOW).fetch == []  # nothing new: nothing fetched
    other = FeedSource("https://b.example/rss", name="B", order=1)
    choice = choose([unchanged, FeedResult(other, (entry(other, 0, 1),))], memory, EDITOR, NOW)
    assert {e.key for e in choice.fetch} == {waiting.key, f"{other.url}/0"}


def test_pages_are_fetched_in_a_balanced_order() -> None:
    big = FeedSource("https://big.example/rss", name="Big", max_items=30)
    feeds = [big] + [FeedSource(f"https://s{i}.example/rss", name=f"S{i}", order=i + 1) for i in range(4)]
    results = [FeedResult(big, tuple(entry(big, n, 0.1 + n / 100) for n in range(30)))]
    results += [FeedResult(f, tuple(entry(f, n, 5 + n) for n in range(3))) for f in feeds[1:]]
    choice = choose(results, Memory(), EDITOR, NOW)
    first = choice.fetch
    assert sum(e.source == "Big" for e in first) <= fair_share(len(first), 5)
    assert {e.source for e in first} == {"Big", "S0", "S1", "S2", "S3"}
    left = [x for x in choice.left_out if x.reason == "over budget"]
    assert len(left) == 30 - big.max_items + 0 or all("max" in x.detail for x in left)


def test_news_of_an_event_told_before_is_what_it_did_not_say() -> None:
    told = "Jared Isaacman left the SpaceX Dragon capsule on the Polaris Dawn mission to test new spacesuits."
    known = frozenset(w.lower() for w in told.replace(".", "").split() if len(w) >= 4)
    retold = "Isaacman left the Dragon capsule to test the new SpaceX spacesuits on Polaris Dawn."
    news = "NASA said on Friday that Sarah Gillis reported a pressure leak lasting 40 minutes."
    assert new_sentences(f"{retold} {news}", known) == [news]
    assert same_event(
        known, frozenset({"isaacman", "dragon", "capsule", "spacex", "polaris", "dawn", "test"})
    )


def test_news_of_an_event_told_before_is_told_as_an_update_from_its_new_sentences() -> None:
    from briefing.model import Article, Told
    from briefing.stories import Desk, assess, make_stories

    feed = FeedSource("https://other.example/rss", name="Other")
    told_text = (
        "Billionaire Jared Isaacman became the first private citizen to take part in a spacewalk, leaving "
        "the SpaceX Dragon capsule on the Polaris Dawn mission to test a new line of spacesuits."
    )
    event = frozenset(w.lower() for w in f"Billionaire makes first private spacewalk {told_text}".split()
                      if len(w) >= 4 and w.isalpha())  # fmt: skip
    vocabulary = frozenset(w.strip(".,").lower() for w in told_text.split() if len(w) >= 4)
    told = Told("Billionaire makes first private spacewalk", NOW.timestamp() - 86400, event, vocabulary)
    later = (
        "Billionaire Jared Isaacman, the first private citizen to make a spacewalk, returned in the SpaceX "
        "Dragon capsule on Sunday as the Polaris Dawn mission ended. NASA administrator Bill Nelson said "
        "the 5-day mission had set a record altitude of 1,400 kilometres. Engineers at Hawthorne found 12 "
        "small tears in the suits' outer layer, SpaceX said. The company plans 3 more flights before 2027, "
        "its president Gwynne Shotwell told reporters in Houston."
    )
    title = "Polaris Dawn crew returns after first private spacewalk"
    entry = Entry(
        "https://other.example/2", None, "https://other.example/2", title, "Other", "en", NOW, "", 0, feed
    )
    stories, left = make_stories([assess(Article(entry, later, True), 60)], Desk(60, NOW, told=(told,)))
    assert not left and len(stories) == 1 and stories[0].update
    assert "returned in the SpaceX" not in stories[0].summary  # what was told before is not told again
    assert any(name in stories[0].summary for name in ("Nelson", "Hawthorne", "Shotwell"))


def test_an_outlet_without_a_name_is_left_unnamed_not_named_empty() -> None:
    """A feed served from a bare address whose page names no site: its story is told without a
    source ("Next."), and the transcript's story list shows no empty brackets."""
    from briefing.model import Article
    from briefing.script import write_script
    from briefing.stories import Desk, assess, make_stories

    feed = FeedSource("http://192.0.2.7/rss", name="")
    text = " ".join(f"The council voted {n} times on the harbour plan on Monday." for n in range(8))
    article = Article(entry(feed, 0, 1), text, from_page=True)
    stories, _ = make_stories([assess(article, 60)], Desk(max_words=60, now=NOW))
    assert stories[0].sources == ()
    story = write_script(stories, NOW).segments[-2]
    assert story.kind == "story" and story.text.startswith("Next.") and "()" not in story.written

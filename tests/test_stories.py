"""Stories: the same event from several outlets becomes one story; a site's stock lines are learned."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import DATA, LocalServer, respond, run_args, write_feeds

from briefing.cli import main
from briefing.events import group_duplicates
from briefing.model import Article, Entry, Story
from briefing.stories import Desk, assess, fit_budget, make_stories, spoken_words, trim_stories

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
SPACEWALK = (DATA / "pages" / "sky-polaris-dawn.html").read_text(encoding="utf-8")


def stories_of(articles: list[Article], words: int) -> list[Story]:
    """The stories stage as a run drives it: each article judged alone, then all together."""
    stories, _ = make_stories([assess(a, words) for a in articles], Desk(words, NOW))
    return stories


def article(source: str, title: str, text: str, link: str, minutes_ago: int = 0, order: int = 0) -> Article:
    entry = Entry(link, link, link, title, source, "en", NOW - timedelta(minutes=minutes_ago), "", order)
    return Article(entry, text, True)


SKY = (
    "An American billionaire has become the first person to take part in a private spacewalk, against "
    "the spectacular backdrop of the Earth. Jared Isaacman, 41, was the first to exit the Dragon capsule. "
    "The mission, called Polaris Dawn, is testing a new line of SpaceX spacesuits."
)
BBC = (
    "Billionaire Jared Isaacman has become the first person to take part in a private spacewalk. "
    "Mr Isaacman, 41, left the SpaceX Dragon capsule on the Polaris Dawn mission, against the backdrop "
    "of the Earth, to test a new line of spacesuits. The spacewalk lasted less than two hours."
)
OTHER = (
    "The Bank of England held interest rates at 5% on Thursday. The Monetary Policy Committee voted "
    "six to three to keep rates unchanged, citing stubborn services inflation and wage growth."
)


def test_same_event_from_two_outlets_is_one_story() -> None:
    arts = [
        article("Sky News", "Billionaire makes first private spacewalk", SKY, "https://sky.example/1"),
        article(
            "BBC News", "Jared Isaacman completes first private spacewalk", BBC, "https://bbc.example/2", 5, 1
        ),
        article("Reuters", "Bank of England holds rates", OTHER, "https://reuters.example/3", 10, 2),
    ]
    groups = group_duplicates(arts)
    assert sorted(len(g) for g in groups) == [1, 2]
    stories = stories_of(arts, 60)
    assert len(stories) == 2
    merged = next(s for s in stories if len(s.sources) == 2)
    assert set(merged.sources) == {"Sky News", "BBC News"}
    assert set(merged.keys) >= {"https://sky.example/1", "https://bbc.example/2"}


TOPICS = [
    "Commuters faced delays after signalling faults hit trains between Leeds and York.",
    "The chancellor will publish spending plans for hospitals and schools next Wednesday.",
    "Flood warnings were issued along the Severn after three days of heavy rainfall.",
    "Voters in Lisbon elected a new mayor with a narrow majority on Sunday evening.",
    "A malaria vaccine trial in Kenya reported strong protection among young children.",
    "Dock workers in Rotterdam walked out over pay, halting container shipments.",
    "Firefighters battled a wildfire spreading through pine forests near Marseille.",
    "The British Museum returned a collection of bronze figures to Nigeria.",
    "Astronomers announced a comet that will pass close enough to see in December.",
    "Farmers protested outside parliament in Brussels about cheaper grain imports.",
]


def test_budget_keeps_the_best_ranked() -> None:
    arts = [article("S", f"Story {i}", t * 3, f"https://x/{i}", i, i) for i, t in enumerate(TOPICS)]
    stories = stories_of(arts, 40)
    assert [s.title for s in stories][:3] == ["Story 0", "Story 1", "Story 2"]  # newest first
    chosen = fit_budget(stories, 100)
    assert 1 <= len(chosen) < 10
    used = sum(spoken_words(s) for s in chosen)
    assert abs(used - 100) <= max(spoken_words(s) for s in stories) / 2  # nearest, over or under
    assert chosen == [s for s in stories if s in chosen]  # still in rank order


def test_budget_lands_nearest_not_always_under() -> None:
    arts = [article("S", f"Story {i}", t * 3, f"https://x/{i}", i, i) for i, t in enumerate(TOPICS)]
    stories = stories_of(arts, 40)
    cost = spoken_words(stories[0])
    assert len(fit_budget(stories, int(2.8 * cost))) == 3  # 2.8 stories' worth: three is nearer
    assert len(fit_budget(stories, int(2.2 * cost))) == 2


def test_trimming_drops_last_sentences_from_the_lowest_ranked_first() -> None:
    long = " ".join(TOPICS[:4])
    stories = [replace(s, summary=long) for s in stories_of([article("S", "A", long, "https://x/a")], 200)]
    stories = [replace(stories[0], title=f"T{i}") for i in range(3)]
    last = len(TOPICS[3].split())
    trimmed = trim_stories(stories, last)
    assert [t.summary for t in trimmed[:2]] == [long, long]  # the best-ranked stay whole
    assert trimmed[2].summary == " ".join(TOPICS[:3])  # one whole sentence gone
    shortest = trim_stories(stories, 10_000)
    assert all(t.summary == TOPICS[0] for t in shortest)  # never below the first sentence


def test_every_number_in_a_story_comes_from_its_article() -> None:
    arts = [article("Sky News", "Spacewalk", SKY + " " + BBC, "https://sky.example/1")]
    (story,) = stories_of(arts, 60)
    source_numbers = set(re.findall(r"\d+", SKY + BBC))
    assert set(re.findall(r"\d+", story.summary)) <= source_numbers


LOCAL = [
    "Councillors approved a cycle lane linking the railway station with the general hospital.",
    "A bakery on Market Street celebrated its centenary with free bread for pensioners.",
    "Police appealed for witnesses after a lorry overturned on the bypass near Thornbury.",
    "The grammar school choir won a national competition held at the Royal Albert Hall.",
    "Ward 3 residents voted to turn the derelict gasworks into allotments and a skate park.",
]


def stock_page(n: int) -> str:
    return (
        f"<html><head><title>Local news {n}</title></head><body><article><h1>Local news {n}</h1>"
        f"<p>{LOCAL[n]} {TOPICS[n]}</p><p>{TOPICS[n + 5]}</p>"
        "<p>Our reporters bring you the stories that matter to the county every single day.</p>"
        "</article></body></html>"
    )


def test_a_sites_stock_line_is_learned_and_dropped(tmp_path: Path, server: LocalServer) -> None:
    """A sentence seen in three articles of one site is that site's boilerplate from then on."""
    stock = "Our reporters bring you the stories that matter to the county every single day."
    pages = {f"/site/{n}.html": stock_page(n) for n in range(5)}
    for path, html in pages.items():
        server.route(path, lambda h, html=html: respond(h, 200, html, "text/html; charset=utf-8"))
    run_no = {"n": 0}

    def feed(h) -> None:
        n = run_no["n"]
        items = "".join(
            f"<item><title>Story {k}</title><link>{server.url(f'/site/{k}.html')}</link></item>"
            for k in ([0, 1, 2] if n == 0 else [3])
        )
        respond(
            h,
            200,
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>{items}</channel></rss>',
        )

    server.route("/gazette.xml", feed)
    feeds = write_feeds(tmp_path, [server.url("/gazette.xml") + " name=Gazette"])
    out = tmp_path / "out"
    args = run_args(feeds, out, "--story-words", "200")
    assert main(args) == 0
    first = "\n".join(p.read_text() for p in out.glob("briefing-*.txt"))
    assert stock in first  # not yet known as boilerplate
    run_no["n"] = 1
    assert main(args) == 0
    newest = sorted(out.glob("briefing-*.txt"))[-1].read_text()
    assert "grammar school choir" in newest
    assert stock not in newest

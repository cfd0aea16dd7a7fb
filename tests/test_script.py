"""The script: intro, headlines, one segment per story with its sources, outro."""

from __future__ import annotations

from datetime import UTC, datetime

from briefing.model import Story
from briefing.script import HEADLINES, join_sources, spoken_date, write_script
from briefing.speakable import Lexicon

MORNING = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)


def story(title: str, *sources: str, summary: str = "The council met on Monday.") -> Story:
    return Story(title, summary, sources or ("Sky News",), "https://example.org/x", "en", MORNING, (title,))


def test_the_shape_of_a_briefing() -> None:
    stories = [story("Storm hits coast"), story("Rates held", "BBC News"), story("Cup final", "DW")]
    script = write_script(stories, MORNING, "Morning News", "tomorrow at six")
    kinds = [s.kind for s in script.segments]
    assert kinds == ["intro", "headlines", "story", "story", "story", "outro"]
    intro, headlines, *_, outro = (s.written for s in script.segments)
    assert intro.startswith("Good morning. This is Morning News for Tuesday, the twenty-fourth of November.")
    assert "three stories" in intro
    assert headlines == "In this briefing: Storm hits coast; Rates held; and Cup final."
    spoken = [line.spoken for line in script.segments[1].lines]  # each title in its own language
    assert spoken == ["In this briefing:", "Storm hits coast.", "Rates held.", "and Cup final."]
    assert "next briefing comes tomorrow at six" in outro and outro.endswith("Thanks for listening.")
    assert [s.story_index for s in script.segments if s.kind == "story"] == [0, 1, 2]
    assert script.stories == tuple(stories)


def test_each_story_names_its_sources_and_transitions_vary() -> None:
    stories = [story(f"Story {i}", "Outlet A") for i in range(6)]
    stories.append(story("Shared event", "Outlet A", "Outlet B", "Outlet C"))
    segments = [s for s in write_script(stories, MORNING).segments if s.kind == "story"]
    leads = [s.text.split(".")[0] for s in segments[:6]]
    assert segments[0].text.startswith("First, Outlet A reports. Story 0.")
    assert len(set(leads)) == 6  # no two stories in a row open the same way
    assert segments[-1].text.startswith("Outlet A, Outlet B and Outlet C all report on this one.")


def test_long_briefings_tease_only_the_first_headlines() -> None:
    stories = [story(f"Headline number {i}") for i in range(HEADLINES + 3)]
    headlines = write_script(stories, MORNING).segments[1].text
    assert headlines.count("Headline number") == HEADLINES and headlines.endswith("and more.")


def test_one_story_needs_no_headlines_and_is_counted_right() -> None:
    script = write_script([story("Only one")], datetime(2026, 11, 24, 19, 0, tzinfo=UTC))
    assert [s.kind for s in script.segments] == ["intro", "story", "outro"]
    assert "Here is one story." in script.segments[0].text and "Good evening" in script.segments[0].text


def test_the_voice_gets_speakable_text() -> None:
    script = write_script([story("Shares rise", summary="Shares rose 5% to $1.2bn on Monday.")], MORNING)
    text = script.segments[1].text
    assert "5 percent" in text and "1.2 billion dollars" in text and "$" not in text


def test_sources_and_dates_read_naturally() -> None:
    assert join_sources(["A"]) == "A" and join_sources(["A", "B"]) == "A and B"
    assert join_sources(["A", "B", "A", "C"]) == "A, B and C"
    assert spoken_date(datetime(2026, 3, 1)) == "Sunday, the first of March"
    assert spoken_date(datetime(2026, 3, 22)) == "Sunday, the twenty-second of March"


def test_the_users_pronunciations_reach_the_voice_only() -> None:
    """Real CBS News and Deutsche Welle text (tests/data/feeds/real): whole words, case-aware, spoken form."""
    summary = "A frowning stuffed horse has sold by the tens of thousands in China. Tony Dokoupil has more."
    lexicon = Lexicon.of([("Dokoupil", "doe koo pill"), ("Deutsche Welle", "doytcheh velleh")])
    stories = [story("The crying horse toy", "CBS News", summary=summary), story("Peru", "Deutsche Welle")]
    script = write_script(stories, MORNING, lexicon=lexicon)
    assert "Tony doe koo pill has more." in script.text and "doytcheh velleh" in script.text
    assert "Dokoupil" not in script.text and "doytcheh" not in script.written
    assert "Tony Dokoupil has more." in script.written and "Deutsche Welle" in script.written
    assert Lexicon.of([("US", "you ess")]).apply("The US told us.") == "The you ess told us."
    assert (
        Lexicon.of([("Pujols", "poo holes")]).apply("Pujols's bat, Pujolsson") == "poo holes's bat, Pujolsson"
    )

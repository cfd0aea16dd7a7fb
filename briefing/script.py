"""[Story] -> Script: an intro with the date, time of day and count, the headlines, each story with its
source, varied transitions, and an outro. All spoken text goes through :func:`speakable`.
"""

from __future__ import annotations

from datetime import datetime

from .model import Script, Segment, Story
from .speakable import speakable

HEADLINES = 5  # the headlines read up front; more would be a list, not a teaser

_TRANSITIONS = (
    "{source} reports.",
    "Next, from {source}.",
    "Now to {source}.",
    "{source} has this one.",
    "Turning to {source}.",
    "Over to {source}.",
    "This one comes from {source}.",
    "And from {source}.",
)


def part_of_day(when: datetime) -> str:
    hour = when.hour
    return "morning" if 4 <= hour < 12 else "afternoon" if 12 <= hour < 18 else "evening"


def ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 21: "twenty-first", 22: "twenty-second", 23: "twenty-third",
             31: "thirty-first"}  # fmt: skip
    return words.get(n, f"{n}th")


def spoken_date(when: datetime) -> str:
    return f"{when:%A}, the {ordinal(when.day)} of {when:%B}"


def join_sources(sources: tuple[str, ...] | list[str]) -> str:
    sources = list(dict.fromkeys(sources))
    if len(sources) <= 1:
        return sources[0] if sources else "our sources"
    return ", ".join(sources[:-1]) + " and " + sources[-1]


def write_script(
    stories: list[Story], when: datetime, show: str = "The Briefing", next_briefing: str = ""
) -> Script:
    """Build the whole briefing; ``when`` is local time for the intro's wording."""
    count = len(stories)
    day = part_of_day(when)
    intro = (
        f"Good {day}. This is {show} for {spoken_date(when)}. "
        f"Here {'is' if count == 1 else 'are'} {_count(count)} {'story' if count == 1 else 'stories'}."
    )
    segments = [Segment(speakable(intro), "intro", "Introduction", pause_after=0.6)]
    if count > 1:
        titles = [s.title.rstrip(".!?") for s in stories[:HEADLINES]]
        if count > HEADLINES:
            headlines = "In this briefing: " + "; ".join(titles) + "; and more."
        else:
            headlines = "In this briefing: " + "; ".join(titles[:-1]) + "; and " + titles[-1] + "."
        segments.append(Segment(speakable(headlines), "headlines", "Headlines", pause_after=1.0))
    for i, story in enumerate(stories):
        lead = _TRANSITIONS[i % len(_TRANSITIONS)] if i else "First, {source} reports."
        if len(story.sources) > 1:
            lead = (
                "{source} all report on this one." if len(story.sources) > 2 else "{source} both report this."
            )
        source_line = lead.format(source=join_sources(story.sources))
        title = story.title.rstrip(" .!?:")
        text = f"{source_line} {title}. {story.summary}"
        segments.append(
            Segment(
                speakable(text, story.language),
                "story",
                story.title,
                url=story.url,
                story_index=i,
                pause_after=1.1,
                language=story.language,
            )
        )
    outro = f"That's {show} for this {day}."
    if next_briefing:
        outro += f" The next briefing comes {next_briefing}."
    outro += " Thanks for listening."
    segments.append(Segment(speakable(outro), "outro", "Outro", pause_after=0.5))
    return Script(f"{show}: {when:%A %d %B %Y, %H:%M}", when, tuple(segments), tuple(stories))


def _count(n: int) -> str:
    words = "no one two three four five six seven eight nine ten eleven twelve".split()
    return words[n] if n < len(words) else str(n)

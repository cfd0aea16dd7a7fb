"""[Story] -> Script: an intro with the date, time of day and count, the headlines, each story with its
source, varied transitions, and an outro, in the show's language; each story in its own.

Every sentence comes in two forms (:class:`~briefing.model.Line`): as written, for the transcripts,
captions and chapters people read, and as spoken, through :func:`~briefing.speakable.speakable`, for
the voice. Numbers, abbreviations and currencies are rewritten in the spoken form only.
"""

from __future__ import annotations

from datetime import datetime

from .model import Line, Script, Segment, Story
from .speakable import Lexicon, speakable
from .text.markup import markup_to_text
from .text.sentences import split_sentences
from .wordings import count, join_names, part_of_day, spoken_date, wording

NO_LEXICON = Lexicon()
HEADLINES = 5  # the headlines read up front; more would be a list, not a teaser


def write_script(
    stories: list[Story],
    when: datetime,
    show: str = "The Briefing",
    next_briefing: str = "",
    language: str = "en",
    lexicon: Lexicon = NO_LEXICON,
) -> Script:
    """Build the whole briefing; ``when`` is local time for the intro's wording; ``lexicon``, the user's
    pronunciations, changes only what the voice is given."""
    w = wording(language)
    part = part_of_day(when)
    intro = w.intro.format(greeting=w.greeting[part], show=show, date=spoken_date(when, language),
                           count=count(len(stories), language))  # fmt: skip
    segments = [Segment("intro", "Introduction", lines(intro, language, lexicon), pause_after=0.6)]
    if len(stories) > 1:
        told = _headlines(stories, language, lexicon)
        segments.append(Segment("headlines", "Headlines", told, pause_after=1.0))
    for i, story in enumerate(stories):
        lead = _lead(story, i, language) + (f" {w.update}" if story.update else "")
        title = story.title.rstrip(" .!?:")
        told = (
            lines(lead, language, lexicon)
            + lines(f"{title}.", story.language, lexicon)
            + lines(story.summary, story.language, lexicon)
        )
        segments.append(Segment("story", story.title, told, story.url, i, pause_after=1.1))
    outro = w.outro.format(show=show, part=w.parts[part])
    if next_briefing:
        outro += " " + w.next_briefing.format(when=next_briefing)
    segments.append(
        Segment("outro", "Outro", lines(f"{outro} {w.thanks}", language, lexicon), pause_after=0.5)
    )
    return Script(f"{show}: {when:%A %d %B %Y, %H:%M}", when, tuple(segments), tuple(stories))


def lines(text: str, language: str, lexicon: Lexicon = NO_LEXICON) -> tuple[Line, ...]:
    """The text's sentences, each written and spoken; a sentence with nothing to say is dropped."""
    out = []
    for sentence in split_sentences(" ".join(markup_to_text(text).split())):
        spoken = speakable(lexicon.apply(sentence), language)
        if any(ch.isalnum() for ch in spoken):
            out.append(Line(sentence, spoken, language))
    return tuple(out)


def join_sources(sources: tuple[str, ...] | list[str], language: str = "en") -> str:
    return join_names(list(sources), language) or "our sources"


def _headlines(stories: list[Story], language: str, lexicon: Lexicon) -> tuple[Line, ...]:
    """ "In this briefing: A; B; and C." as written; spoken, the lead in the show's language and each
    title in its own, so a voice never reads a German headline by English rules."""
    w = wording(language)
    titles = [s.title.rstrip(" .!?:") for s in stories[:HEADLINES]]
    more = len(stories) > HEADLINES
    if more:
        written = w.headlines_more.format(items="; ".join(titles))
    else:
        written = w.headlines.format(items="; ".join(titles[:-1]) + f"; {w.and_} " + titles[-1])

    def said(text: str, lang: str, shown: str = "") -> Line:
        return Line(shown, speakable(lexicon.apply(text), lang), lang)

    out = [said(w.headlines.partition("{items}")[0], language, " ".join(written.split()))]
    for i, (story, title) in enumerate(zip(stories, titles, strict=False)):
        joiner = f"{w.and_} " if i == len(titles) - 1 and not more and i else ""
        out.append(said(f"{joiner}{title}.", story.language))
    if more:
        out.append(said(w.headlines_more.rpartition("}")[2].strip(" ;"), language))
    return tuple(line for line in out if any(ch.isalnum() for ch in line.spoken))


def _lead(story: Story, index: int, language: str) -> str:
    """Who tells the story: one outlet, two, several, or none a listener would know by name."""
    w = wording(language)
    names = [s for s in story.sources if s]
    if not names:
        return w.unnamed[index % len(w.unnamed)]
    source = join_names(names, language)
    if len(names) > 1:
        return (w.many if len(names) > 2 else w.two).format(source=source)
    return (
        w.first.format(source=source)
        if index == 0
        else w.transitions[index % len(w.transitions)].format(source=source)
    )

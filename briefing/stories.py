"""[Article] -> [Story]: judge each article alone, then choose among them as an editor would.

:func:`assess` takes one article alone (is it news, in which language, its condensed story), so the
pipeline runs it in the extraction processes as each page comes in. :func:`make_stories` then works
on all of them together: one story per event (:mod:`.events`), nothing muted, no event told in the
last days unless there is news of it, ranked by importance. :func:`fit_budget` picks the stories for
the time budget, no outlet above its fair share while others have news.

Importance, in order of weight: how many outlets carry the event, the listener's topics, the item's
place in its own feed (publishers put their top story first), and how recent it is. The order of
feeds.txt breaks ties only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from . import events
from .condense import summarize
from .http import redact
from .interests import Interests
from .language import decide
from .model import Article, LeftOut, Story, Told
from .ranking import fair_share, importance
from .substance import problem


@dataclass(frozen=True)
class Assessed:
    """An article judged alone."""

    article: Article
    summary: str  # its story, at most the budget's words of its own sentences ("" when it is none)
    language: str  # its text's, the feed's declaration a hint
    problem: str | None = None  # why it is no story, None when it is one


def assess(article: Article, max_words: int) -> Assessed:
    """Is it news, in which language, and its story; one article alone (no memory, no others)."""
    entry = article.entry
    feed_html = "" if article.from_page else entry.content_html
    why = problem(entry.title, article.text, feed_html)
    language = decide(f"{entry.title}\n{article.text}", entry.language, f"{article.source} ({entry.link})")
    return Assessed(article, "" if why else condense(article.text, entry.title, max_words), language, why)


def condense(text: str, title: str, max_words: int) -> str:
    """The article's story; never longer than ``max_words``, even when no sentence could be chosen."""
    summary = summarize(text, max_words, title=title)
    return summary or " ".join(text.split()[:max_words]).rstrip(".,;:") + "."


def prepare() -> None:
    """Load what :func:`assess` needs ahead (in each extraction process, while pages download)."""
    from .language import identify

    summarize("The model loads now. Its regular expressions compile.", 10)
    identify("The language model is compiled into its module.")


@dataclass(frozen=True)
class Desk:
    """What the editorial choice weighs besides the articles."""

    max_words: int
    now: datetime
    topics: tuple[str, ...] = ()
    mute: tuple[str, ...] = ()
    told: tuple[Told, ...] = ()  # stories told in the last recall_days
    first_seen: Callable[[str], datetime] | None = None  # for items without a date
    rewrite: Callable[[str, str, str, int], str] | None = None  # the LLM condenser, when configured


def make_stories(assessed: list[Assessed], desk: Desk) -> tuple[list[Story], list[LeftOut]]:
    """One Story per event worth telling, ranked; and every article left out, with its reason."""
    left: list[LeftOut] = []
    kept: dict[int, Assessed] = {}
    for a in assessed:
        muted = _interests(a.article, desk).muted(f"{a.article.entry.title}\n{a.article.text}")
        if a.problem or muted:
            reason, detail = ("no substance", a.problem) if a.problem else ("muted", f"mentions {muted!r}")
            left.append(_left(a.article, reason, detail or ""))
        else:
            kept[id(a.article)] = a
    stories = []
    for group in events.group_duplicates([a.article for a in kept.values()]):
        best = max(group, key=lambda a: (a.from_page, a.words))
        left += [_left(a, "duplicate", f"told with {best.entry.title!r}") for a in group if a is not best]
        story = _story(group, kept[id(best)], desk)
        if isinstance(story, LeftOut):
            left.append(story)
        else:
            stories.append(story)
    return sorted(stories, key=_rank_order), left


def _story(group: list[Article], best: Assessed, desk: Desk) -> Story | LeftOut:
    """The group's story, told from its fullest article; an update, or nothing, when told before."""
    article, entry = best.article, best.article.entry
    words = frozenset().union(*(events.event_words(a) for a in group))
    summary, update = best.summary, False
    earlier = events.told_before(words, desk.told)
    if earlier:
        known = frozenset().union(*(t.vocabulary for t in earlier))
        news = events.new_sentences(article.text, known)
        if len(news) < events.NEW_SENTENCES:
            when = _ago(earlier[-1].at, desk.now)
            return _left(article, "told before", f"told {when} as {earlier[-1].title!r}")
        summary, update = condense("\n".join(news), entry.title, desk.max_words), True
    elif desk.rewrite is not None:
        summary = desk.rewrite(article.text, entry.title, summary, desk.max_words)
    published = max((a.entry.published or _seen(a, desk) for a in group), default=None)
    story = Story(
        title=entry.title or summary.split(".")[0],
        summary=summary,
        sources=tuple(dict.fromkeys(a.source for a in group if a.source)),
        url=redact(entry.link) or None,  # as listeners and logs see it: no password or token
        language=best.language,
        published=published,
        keys=tuple(dict.fromkeys(k for a in group for k in _keys(a))),
        words=words,
        vocabulary=frozenset().union(*(events.content_words(a.text) for a in group)),
        update=update,
        feed_order=min(a.entry.feed_order for a in group),
    )
    position = min(a.entry.item_order for a in group)
    hits = _interests(article, desk).hits(f"{entry.title}\n{article.text}")
    return replace(
        story, rank=importance(len(story.sources), position, _age_hours(published, desk.now), hits)
    )


def fit_budget(stories: list[Story], words: int) -> list[Story]:
    """The best-ranked stories whose spoken words come nearest the budget (at least one story), no
    outlet above its fair share of them unless the others have nothing more to tell; in rank order."""
    outlets = len({src for s in stories for src in s.sources})
    chosen = _fill(stories, words, None)
    for _ in range(3):  # the share depends on how many stories fit, which depends on the share
        again = _fill(stories, words, fair_share(len(chosen), outlets))
        if len(again) == len(chosen):
            return again
        chosen = again
    return chosen


def _fill(stories: list[Story], words: int, cap: int | None) -> list[Story]:
    """All that fit in rank order, at most ``cap`` an outlet; what the cap held back fills what is
    left; then the story that lands nearest the budget, when that is nearer than stopping short."""
    chosen: list[Story] = []
    held, left = [], []
    used, counts = 0, Counter[str]()
    for s in stories:
        if cap is not None and any(counts[src] >= cap for src in s.sources):
            held.append(s)
        elif chosen and used + spoken_words(s) > words:
            left.append(s)
        else:
            chosen.append(s)
            used += spoken_words(s)
            counts.update(s.sources)
    for s in held:  # the others have nothing more that fits
        if used + spoken_words(s) <= words:
            chosen.append(s)
            used += spoken_words(s)
    extra = min(left, key=lambda s: abs(used + spoken_words(s) - words), default=None)
    if extra is not None and abs(used + spoken_words(extra) - words) < words - used:
        chosen.append(extra)
    keep = {id(s) for s in chosen}
    return [s for s in stories if id(s) in keep]


def spoken_words(story: Story) -> int:
    """What a story costs in the script, in words."""
    return len(story.summary.split()) + len(story.title.split()) + 6  # title, source line, transition


def trim_stories(stories: list[Story], words: int) -> list[Story]:
    """The stories about ``words`` words shorter: last sentences go, lowest-ranked stories first.

    A story keeps at least its first sentence, and every story still ends where a sentence ends;
    this fine-tunes a briefing that came out a little long, where dropping a story would overshoot.
    """
    from .text.sentences import split_sentences

    out = list(stories)
    for i in reversed(range(len(out))):
        sentences = split_sentences(out[i].summary)
        while len(sentences) > 1 and words > len(sentences[-1].split()) / 2:
            words -= len(sentences.pop().split())
        out[i] = replace(out[i], summary=" ".join(sentences))
        if words <= 0:
            break
    return out


def _rank_order(story: Story) -> tuple[float, int]:
    return -story.rank, story.feed_order


def _interests(article: Article, desk: Desk) -> Interests:
    return Interests.of(desk.topics, desk.mute, article.entry.feed)


def _keys(article: Article) -> list[str]:
    keys = [article.entry.key, events.content_key(article.text)]
    if article.entry.guid:
        keys.append(f"guid:{article.entry.guid}")
    return keys


def _seen(article: Article, desk: Desk) -> datetime:
    return desk.first_seen(article.entry.key) if desk.first_seen else desk.now


def _age_hours(when: datetime | None, now: datetime) -> float:
    return (now - when).total_seconds() / 3600 if when else 0.0


def _ago(at: float, now: datetime) -> str:
    hours = max(0.0, now.timestamp() - at) / 3600
    return f"{hours:.0f} hours ago" if hours < 48 else f"{hours / 24:.0f} days ago"


def _left(article: Article, reason: str, detail: str = "") -> LeftOut:
    e = article.entry
    return LeftOut(e.title, article.source, e.link, reason, detail, e.key)

"""Which reports tell the same event: within a run (merged into one story) and across days (told
before, or told again only for what is new).

An event is known by the content words (four letters or more) of a report's headline and opening:
names, places, what happened. Two reports whose words overlap by ``SAME_EVENT`` (Jaccard) tell one
event. Within a run, candidate pairs come from MinHash LSH, so no report is compared with every
other; across days, a run's few dozen stories meet a few hundred remembered ones directly.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from .model import Article, Told
from .text.sentences import split_sentences

SAME_EVENT = 0.22  # Jaccard similarity of content words above which two reports tell one event
NEW_SENTENCES = 3  # a report adds a development when this many of its sentences say something new
NEW_SHARE = 0.5  # of a sentence's content words unknown before, for it to say something new
_WORD = re.compile(r"\w+", re.UNICODE)


def content_key(text: str) -> str:
    """Exact fingerprint of an article's opening: the same article under two URLs gets one key."""
    words = _WORD.findall(text.lower())[:60]
    return "text:" + hashlib.sha1(" ".join(words).encode()).hexdigest()


def content_words(text: str) -> frozenset[str]:
    """Words of four letters or more, and numbers: what carries a report's facts."""
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) >= 4 or w.isdigit())


def event_words(article: Article) -> frozenset[str]:
    """The event a report tells: content words of its headline and opening.

    On 88 unrelated real articles, pairs share at most 0.24 of these (99% share under 0.07). On seven
    real feeds of one day (feed summaries only), reports of one event by two outlets share 0.22 to
    0.66 (Jesse Jackson's death 0.27, Peru's impeachment 0.22 and 0.25, the Strait of Hormuz 0.66),
    so the threshold sits at 0.22. Word pairs separate less well.
    """
    opening = " ".join(article.text.split()[:80])
    return frozenset(w for w in content_words(f"{article.entry.title} {opening}") if not w.isdigit())


def same_event(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) >= SAME_EVENT * len(a | b)


_PERMUTATIONS = 128
# 64 bands of 2 rows: a pair becomes a candidate from about 0.125 overlap (the S-curve's middle,
# (1/64) ** (1/2)), half the threshold, because MinHash only estimates; the exact overlap decides.
_BANDS = 64


def group_duplicates(articles: list[Article]) -> list[list[Article]]:
    """Groups of articles about the same event, each group in input order."""
    from rensa import RMinHash, RMinHashLSH

    if len(articles) < 2:
        return [[a] for a in articles]
    sets = [event_words(a) for a in articles]
    lsh = RMinHashLSH(SAME_EVENT * 0.6, _PERMUTATIONS, _BANDS)
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, words in enumerate(sets):
        signature = RMinHash(_PERMUTATIONS, 1)
        signature.update(sorted(words))
        for j in lsh.query(signature):
            if same_event(sets[i], sets[j]):
                parent[find(i)] = find(j)
        lsh.insert(i, signature)
    groups: dict[int, list[Article]] = {}
    for i, article in enumerate(articles):
        groups.setdefault(find(i), []).append(article)
    return list(groups.values())


def told_before(words: frozenset[str], told: Iterable[Told]) -> list[Told]:
    """The remembered stories of the same event."""
    return [t for t in told if same_event(words, t.words)]


def new_sentences(text: str, known: frozenset[str]) -> list[str]:
    """The sentences of ``text`` that say something not known before: at least half their content
    words (and three or more) unknown, among them a new fact (a number, or a name). Another outlet's
    wording of the same facts is not news."""
    out = []
    for sentence in split_sentences(text):
        words = content_words(sentence)
        unknown = words - known
        if len(unknown) >= 3 and len(unknown) >= NEW_SHARE * len(words) and _a_new_fact(sentence, unknown):
            out.append(sentence)
    return out


def _a_new_fact(sentence: str, unknown: frozenset[str]) -> bool:
    """A number, or a name (a capitalised word past the sentence's first), among the unknown words."""
    tokens = _WORD.findall(sentence)
    return any(
        t.lower() in unknown and (t.isdigit() or (i > 0 and t[:1].isupper())) for i, t in enumerate(tokens)
    )

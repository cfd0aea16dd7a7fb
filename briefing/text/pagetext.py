"""What a reader sees of a page, read from its markup in one pass of regular expressions.

trafilatura returns the article without the text around it, and trims the text it keeps. Two judgements
need the page as a reader sees it: whether two words the extraction ran together stand apart on the page
(:mod:`briefing.text.spacing`), and whether the page's summary stands right above the body
(:mod:`briefing.text.standfirst`). Both are asked rarely, so the view is built on first use; it costs about
2 ms for a large page and is linear in its size (no tree walk in Python).
"""

from __future__ import annotations

import itertools
import re
from functools import cached_property

from .markup import decode_entities

__all__ = ["PageText"]

# Elements a browser lays out inline: whitespace around them separates words, their tags do not.
_INLINE_TAG = re.compile(  # a, abbr, b, bdi, bdo, big, cite, code, data, del, ... (a trie: twice as fast)
    r"</?(?:a(?:bbr)?|b(?:di|do|ig)?|c(?:ite|ode)|d(?:ata|el|fn)|em|font|i(?:ns)?|kbd|mark|q"
    r"|s(?:amp|mall|pan|trike|trong|ub|up)?|t(?:ime|t)|u|var)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]*>")
_BREAK = "\x01"  # any other tag: a block boundary, so that the words either side are no neighbours
_WORD = re.compile(r"\w")
_SEARCHES = 32
_UNSEEN = re.compile(r"<(script|style|noscript|template)\b", re.IGNORECASE)
_CLOSE = {tag: re.compile(rf"</{tag}", re.IGNORECASE) for tag in ("script", "style", "noscript", "template")}
_BODY = re.compile(r"<body\b", re.IGNORECASE)


class PageText:
    """The page's visible text: its blocks in document order, and the words it writes side by side."""

    def __init__(self, html: str) -> None:
        self._html = html
        self._asked = 0

    @cached_property
    def _text(self) -> str:
        """Scripts, styles and hidden templates are no text a reader sees (a JSON copy of the article may
        space or word it differently)."""
        markup = _INLINE_TAG.sub("", _without_unseen(self._html))
        return decode_entities(_ANY_TAG.sub(f" {_BREAK} ", markup))

    @cached_property
    def blocks(self) -> list[str]:
        """The text of each block (a paragraph, a heading, a cell, a line after a break), whitespace
        collapsed; blocks without a word (empty, or markup debris such as a stray ">") left out."""
        blocks = (" ".join(part.split()) for part in self._text.split(_BREAK))
        return [block for block in blocks if _WORD.search(block)]

    @cached_property
    def _flat(self) -> str:
        return f" {' '.join(self._text.split())} "

    @cached_property
    def _words(self) -> tuple[set[tuple[str, str]], set[str]]:
        words = self._flat.split()
        return set(itertools.pairwise(words)), set(words)

    @property
    def words(self) -> set[str]:
        """Every word of the visible text, as the page writes it (punctuation attached)."""
        return self._words[1]

    def spaced(self, left: str, right: str) -> bool:
        """Whether the page writes ``left`` and ``right`` as two words, one after the other, in one run of
        text; a word the page also writes whole ("Arte</a><a>mis" beside "Artemis") is one word.

        A page is asked a few times: each answer is a search of its text, until so many questions come
        that sets of its words are cheaper (linear time on any page).
        """
        self._asked += 1
        if self._asked <= _SEARCHES:
            return f" {left} {right} " in self._flat and f" {left}{right} " not in self._flat
        pairs, words = self._words
        return (left, right) in pairs and left + right not in words


def _without_unseen(html: str) -> str:
    """The page's body without the contents of its scripts, styles and templates, in one pass (an unclosed
    one ends it); the head holds nothing a reader sees."""
    body = _BODY.search(html)
    at = body.start() if body else 0
    out: list[str] = []
    while m := _UNSEEN.search(html, at):
        out.append(html[at : m.start()])
        end = _CLOSE[m.group(1).lower()].search(html, m.end())
        if end is None:
            return "".join(out)
        at = end.end()
    out.append(html[at:])
    return "".join(out)

"""The edges of the body, told by what the page says about itself in its metadata.

Above it, the standfirst: the paragraph under the headline that sums up the story, which extractors drop.

Sites print it apart from the body (a teaser ``<p class="intro">``, an ``<h2>`` under the headline, a box in
the header), so trafilatura takes it for furniture; yet it is often the story's best sentence, and its
first line. The page names it: its ``description`` meta tags repeat it. It is read when that text stands
visibly on the page and the body follows it directly (past a byline and a date at most); a description
that only sits in the metadata, or that stands in a sidebar or in a teaser of another story, is not the
article's standfirst.

Below it, the author's biography: a closing paragraph that opens with the name the page gives as its
author (:func:`author_bio_at`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .markup import decode_entities
from .pagetext import PageText

__all__ = ["author_bio_at", "find_standfirst"]

_META_DESCRIPTION = re.compile(
    r"""<meta\s[^>]*?(?:property|name)\s*=\s*["'](?:og:description|description|twitter:description)["'][^>]*>""",
    re.IGNORECASE,
)
_CONTENT_ATTR = re.compile(r"""content\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)

# What may stand between the standfirst and the body's first paragraph: a byline and a date, a picture
# credit (two blocks of a dozen words at most: "Pubblicato il 19 Febbraio 2020 Ultima modifica ... 12:02").
# A dek set further apart (author boxes, share bars, a caption) belongs to the page's header, and human
# annotators of news bodies leave it out (21 of the 91 extraction-dev pages).
_GAP_BLOCKS = 2
_GAP_WORDS = 12
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "“", "»", "«", ")", "。", "！", "？")
_SENTENCE_BREAK = re.compile(r"[.!?…。！？][\"”»)]?(?=\s)")
_MIN_WORDS = 6  # a shorter description is a label ("News from Berlin"), not a summary
_PROBE_WORDS = 12  # words of a text that identify it on the page


def find_standfirst(html: str, page: PageText, paragraphs: Sequence[str]) -> str | None:
    """The page's standfirst when the extracted ``paragraphs`` lack it and the body follows it directly."""
    if not paragraphs:
        return None
    descriptions = _descriptions(html)
    opening = _key(" ".join(paragraphs[:3]))
    probes = [(" ".join(d.split()[:_PROBE_WORDS]), d) for d in descriptions if len(d.split()) >= _MIN_WORDS]
    if not probes or any(probe in opening for probe, _ in probes):
        return None
    body = next((_key(p) for p in paragraphs if len(p.split()) >= _MIN_WORDS), "")
    if not body:
        return None
    body_probe = " ".join(body.split()[:_PROBE_WORDS])
    lines = page.blocks
    keys: list[str] = []  # the blocks' keys, made as far as the search needs them
    for probe, description in probes:
        at = _find(probe, lines, keys, 0, len(lines))
        if at is None or len(keys[at]) > 3 * len(description) + 100:
            continue  # not on the page, or inside a block far larger than a standfirst
        for j in range(at + 1, min(at + 2 + _GAP_BLOCKS, len(lines))):
            if _find(body_probe, lines, keys, j, j + 1) is not None:
                return _without_stray_tail(lines[at], description)
            if len(lines[j].split()) > _GAP_WORDS:
                break
    return None


def _find(probe: str, lines: list[str], keys: list[str], start: int, stop: int) -> int | None:
    """The first of ``lines[start:stop]`` whose key holds ``probe``; ``keys`` caches the keys made."""
    for i in range(start, stop):
        while len(keys) <= i:
            keys.append(_key(lines[len(keys)]))
        if probe in keys[i]:
            return i
    return None


def _without_stray_tail(block: str, description: str) -> str:
    """The standfirst without a fragment the block runs on with that the description lacks (a picture
    credit printed in the same box: "... nicht auf Paris-Kurs. picture alliance | Andrew Milligan")."""
    ends = list(_SENTENCE_BREAK.finditer(block))
    if not ends:
        return block
    cut = ends[-1].end()
    rest = block[cut:].strip()
    if rest and not rest.endswith(_SENTENCE_END) and _key(rest) not in description:
        return block[:cut].rstrip()
    return block


def _descriptions(html: str) -> list[str]:
    """The normalised texts of the page's description meta tags, each once, in the page's order."""
    out: list[str] = []
    head = html[:200_000]
    for meta in _META_DESCRIPTION.findall(head):
        m = _CONTENT_ATTR.search(meta)
        key = _key(decode_entities(m.group(1) or m.group(2) or "")) if m else ""
        if key and key not in out:
            out.append(key)
    return out


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


_META_AUTHOR = re.compile(
    r"""<meta\s[^>]*?(?:property|name)\s*=\s*["'](?:author|article:author|parsely-author|sailthru\.author|dc\.creator)"""
    r"""["'][^>]*>""",
    re.IGNORECASE,
)
_LD_AUTHOR = re.compile(r'"author"\s*:\s*(?:\[\s*)?\{[^{}]{0,400}?"name"\s*:\s*"([^"]{3,60})"')
_BIO_PLACES = 3  # a bio closes the article: it is among its last paragraphs


def author_bio_at(html: str, paragraphs: Sequence[str]) -> int | None:
    """Where the author's biography starts, when the article ends with one ("Leah C. Stokes is an assistant
    professor ...", "Yirou Chen ist seit 2018 Werkstudentin ...").

    The page names its author in its metadata; a closing paragraph that opens with that full name and goes
    on to say more about them is the box about the author, not the story, in any language.
    """
    if len(paragraphs) <= _BIO_PLACES:
        return None
    head = html[:300_000]
    openings = (" ".join(p.split()[:2]) for p in paragraphs[-_BIO_PLACES:])
    if not any(len(o) > 3 and (f'"{o}' in head or f"'{o}" in head) for o in openings):
        return None  # no closing paragraph opens with words the page quotes in an attribute or its JSON
    names = _author_names(head)
    for i in range(len(paragraphs) - _BIO_PLACES, len(paragraphs)):
        text = paragraphs[i]
        for name in names:
            if text.startswith(name) and len(text.split()) > len(name.split()) + 3:
                return i
    return None


def _author_names(head: str) -> list[str]:
    """Personal names the page gives as its author's (two words or more, not a URL or a site's name)."""
    found = [
        m.group(1) or m.group(2) or "" for m in map(_CONTENT_ATTR.search, _META_AUTHOR.findall(head)) if m
    ]
    found += _LD_AUTHOR.findall(head)
    names = (" ".join(decode_entities(name).split()) for name in found)
    return [n for n in dict.fromkeys(names) if 2 <= len(n.split()) <= 4 and "/" not in n and n[0].isupper()]

"""Is it news? An item becomes a story only when it has a title, a body worth saying, and is neither a
subscriber's teaser, a list (of links, headlines or citations) nor a listing (a calendar of events, a
timetable, a directory) dressed as an article.

Judged on what is left after extraction, so a page's furniture is gone already: what remains short,
locked or list-shaped was never an article a newsreader could read.
"""

from __future__ import annotations

import re

from .text.markup import strip_tags

MIN_WORDS = 15  # of body: less is a headline, not a story
TEASER_WORDS = 150  # a locked article's teaser is shorter than this
LIST_SHARE = 0.5  # of the body's words in list-shaped lines (headlines, citations, bare links)
LINK_SHARE = 0.5  # of the feed text's characters inside links
LISTING_FACTS = 3  # clock times, phone numbers and street addresses: fewer are a story's details
LISTING_WORDS = 15  # of body for each of them, at most: news tells of events, a listing lists them

# Titles that stand in for a missing one, in the usual languages; punctuation-only titles too.
_PLACEHOLDER = re.compile(
    r"^(?:untitled|no title|\(no title\)|\[?removed\]?|null|none|undefined|title|headline|n/?a|tbd|test"
    r"|ohne titel|sans titre|sin título|sem título|senza titolo)$",
    re.IGNORECASE,
)
# "Subscribe to continue reading", "Already a subscriber? Log in", and their kin in other languages.
_TEASER = re.compile(
    r"(?:subscribe|sign up|log ?in|sign in|register)\s+(?:now\s+)?to\s+(?:continue|keep|read|unlock|access)"
    r"|already\s+(?:a\s+)?(?:subscriber|member)|subscribers?[- ]only|for\s+subscribers"
    r"|premium\s+(?:article|content)|(?:continue|keep)\s+reading\s+(?:with|for)\b"
    r"|you(?:'ve| have)\s+reached\s+your\s+(?:free\s+)?(?:article\s+)?limit"
    r"|unlock\s+(?:this|the\s+full)\s+(?:article|story)"
    r"|(?:nur|exklusiv)\s+für\s+abonnenten|bereits\s+abonnent|jetzt\s+abonnieren|weiterlesen\s+mit"
    r"|abo\s+abschließen"
    r"|réservé\s+aux\s+abonnés|déjà\s+abonné|abonnez-vous\s+pour|pour\s+lire\s+la\s+suite"
    r"|exclusivo\s+para\s+(?:suscriptores|assinantes)|ya\s+soy\s+suscriptor|suscr[ií]bete\s+para"
    r"|já\s+é\s+assinante|assine\s+para|riservato\s+agli\s+abbonati|sei\s+già\s+abbonato",
    re.IGNORECASE,
)
_CITATION = re.compile(
    r"\bet al\b\.?|\bdoi\s*:|doi\.org/|\barxiv\b|\(\d{4}\)\s*[.,]|\bvol\.\s*\d|\bpp\.\s*\d", re.I
)
# What a listing is made of and a story only mentions: clock times ("10-11 a.m.", "19:30", "20h15"),
# phone numbers ("703-776-6455", "+44 20 7946 0958"), street addresses ("3300 Gallows Rd.").
_LISTING_FACTS = (
    re.compile(
        r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:[-–]\s?\d{1,2}(?:[:.]\d{2})?\s?)?(?i:a\.m\.|p\.m\.|[ap]m\b)"
        r"|\b(?:[01]?\d|2[0-3])[:h][0-5]\d\b"
    ),
    re.compile(r"(?<![\w,.])(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}(?![\w,])"),
    re.compile(
        r"\b\d{1,5}(?:\s[A-Z0-9][\w.'-]*){1,4}\s(?:St|Street|Rd|Road|Ave|Avenue|Blvd|Boulevard|Dr|Drive"
        r"|Lane|Ln|Pike|Way|Pl|Place|Ct|Court|Hwy|Highway|Pkwy|Parkway)\b"
    ),
)
_A_TAG = re.compile(r"<(/?)a\b[^<>]{0,2000}>", re.IGNORECASE)
_ENDS = (".", "!", "?", "…", '"', "”", "’", "»", ")", "。", "！", "？")


def problem(title: str, text: str, feed_html: str = "") -> str | None:
    """Why the item is no story (a short reason for the report), or None when it is one."""
    if not any(ch.isalnum() for ch in title) or _PLACEHOLDER.match(title.strip(" .…")):
        return "no title"
    listed = "a list of links, headlines or citations"
    if _link_share(feed_html) > LINK_SHARE:  # first: its links are gone from the text it left
        return listed
    words = len(text.split())
    if words < MIN_WORDS:
        return f"{words} words of text"
    if words < TEASER_WORDS and (_TEASER.search(text) or _TEASER.search(strip_tags(feed_html))):
        return "a subscriber's teaser"
    if _list_share(text) > LIST_SHARE:
        return listed
    return "a listing of times, places or phone numbers" if _is_listing(text, words) else None


def _is_listing(text: str, words: int) -> bool:
    """Dense with facts of more than one kind (when, and where or whom to call): a calendar, a
    timetable, a directory. A launch's timeline has only times; a story names one place."""
    found = [len(kind.findall(text)) for kind in _LISTING_FACTS]
    facts = sum(found)
    return facts >= LISTING_FACTS and facts * LISTING_WORDS >= words and sum(map(bool, found)) >= 2


def _list_share(text: str) -> float:
    """The share of the words in lines shaped like a list's: a headline (short, no sentence end) or a
    citation; at least three such lines. An article's sub-headings are a few short lines among long
    paragraphs, and a feed's one-line summary without a full stop is no list."""
    total = listed = lines = 0
    for line in text.splitlines():
        n = len(line.split())
        total += n
        if n and (_CITATION.search(line) or (n <= 15 and not line.rstrip().endswith(_ENDS))):
            listed, lines = listed + n, lines + 1
    return listed / total if total and lines >= 3 else 0.0


def _link_share(html: str) -> float:
    """The share of a feed item's text that sits inside links (a link digest is mostly links).
    One pass over the tags: a page of unclosed links costs no more than a page of text."""
    if not html or "<a" not in html.lower():
        return 0.0
    linked, depth, start = 0, 0, 0
    for m in _A_TAG.finditer(html):
        if m.group(1):  # a closing tag
            if depth == 1:
                linked += len(" ".join(strip_tags(html[start : m.start()]).split()))
            depth = max(0, depth - 1)
        else:
            depth, start = depth + 1, m.end() if depth == 0 else start
    text = len(" ".join(strip_tags(html).split()))
    return linked / text if text >= 200 else 0.0

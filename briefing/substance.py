"""Is it news? An item becomes a story only when it has a title, a body worth saying, and is neither a
subscriber's teaser nor a list (of links, headlines or citations) dressed as an article.

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
    return listed if _list_share(text) > LIST_SHARE else None


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

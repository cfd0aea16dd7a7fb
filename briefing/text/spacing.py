"""Word boundaries across inline markup, and the ticker symbols that markup leaves in the text.

Text reaches us in pieces cut at element boundaries (a link, a bold word, a dateline ``<cite>``), and the
space that separated two pieces in the page can be lost on the way: trafilatura trims the text around the
elements it keeps, so ``keine <a>Sondertilgungen</a> oder`` comes back as ``keine`` + ``Sondertilgungen``,
and a reader glues "keineSondertilgungen". Where two pieces touch, a :data:`JUNCTION` is left; it becomes a
space only when the page itself separates those two words with whitespace and nothing but inline markup
(:meth:`~briefing.text.pagetext.PageText.spaced`). A page that writes ``<b>W</b>ord``, highlights code
(``z3.<span>And</span>``) or runs Chinese and Japanese text together without spaces gets none: the page's
own spacing is the evidence, in any script.

Financial pages link the instrument codes of the markets they quote (Reuters RICs such as ``.N225``,
``CLc1``, ``EUR=``, ``7203.T``); read aloud they are noise, "(. KOSPI)" after a sentence splitter. They go
with the empty brackets they leave.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pagetext import PageText

__all__ = [
    "JUNCTION",
    "TICKER",
    "drop_ticker_residue",
    "is_ticker_link",
    "join_pieces",
    "resolve",
    "separate_dateline",
]

# Marks a place where two text pieces met with no whitespace between them. No page text holds it (the
# parser drops NUL), and it is not whitespace to str.split().
JUNCTION = "\x00"
# Stands where a ticker link was left out, so that its brackets go with it (not whitespace, not page text).
TICKER = "\x02"


def join_pieces(pieces: list[str]) -> str:
    """The pieces run together, a :data:`JUNCTION` where two touch without whitespace."""
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out and not out[-1][-1].isspace() and not piece[0].isspace():
            out.append(JUNCTION)
        out.append(piece)
    return "".join(out)


def resolve(text: str, bounds: PageText | None) -> str:
    """Each :data:`JUNCTION` in the text made a space or nothing; see the module docstring."""
    if JUNCTION not in text:
        return text
    parts = text.split(JUNCTION)
    firsts = _first_words(parts)
    out = [parts[0]]
    word = _last_word(parts[0], "")  # the word the text so far ends with, across pieces
    for n in range(1, len(parts)):
        left, right = parts[n - 1], parts[n]
        if left[-1:].strip() and right[:1].strip() and _separate(left, right, (word, firsts[n]), bounds):
            out.append(" ")
            word = ""
        out.append(right)
        word = _last_word(right, word)
    return "".join(out)


_WORD_MAX = 64  # longer "words" are not looked up: a run of pieces without a space is no word


def _last_word(piece: str, word: str) -> str:
    """The word a text ends with once ``piece`` is appended to a text ending with ``word``."""
    if piece[-1:].isspace():
        return ""
    tail = piece.rsplit(None, 1)
    if len(tail) > 1 or piece[:1].isspace():
        return tail[-1][-_WORD_MAX:]
    return (word + piece)[-_WORD_MAX:]


def _first_words(parts: list[str]) -> list[str]:
    """For each piece, the word that starts it, through the pieces glued after it (one backward pass)."""
    firsts = [""] * len(parts)
    following = ""
    for n in range(len(parts) - 1, -1, -1):
        piece = parts[n]
        head = piece.split(None, 1)
        if not head:
            following = ""
            continue
        whole = len(head) > 1 or piece[-1].isspace()
        firsts[n] = head[0] if whole else (head[0] + following)[:_WORD_MAX]
        following = firsts[n] if not piece[0].isspace() else ""
    return firsts


def _separate(left: str, right: str, words: tuple[str, str], bounds: PageText | None) -> bool:
    """Whether a junction between two pieces was a space on the page; ``words`` are the words that meet."""
    a, b = left[-1], right[0]
    if TICKER in (a, b):  # a word beside a code that goes stays a word of its own
        return (b if a == TICKER else a).isalnum()
    return bounds is not None and all(words) and bounds.spaced(*words)


# Reuters instrument codes: an index (".N225", ".DJI"), a continuous future ("CLc1", "LCOc1"), a rate or
# currency ("EUR=", "US10YT=RR"), a listed share ("7203.T", "AAPL.O", "005930.KS").
_RIC = (
    r"(?:\.[A-Z][A-Z0-9]{1,14}|[A-Z]{1,6}c\d{1,2}|[A-Z][A-Z0-9]{1,9}=[A-Z]{0,3}"
    r"|[A-Z0-9]{1,8}\.(?:O|N|OQ|A|L|T|HK|KS|KQ|SS|SZ|DE|PA|AS|MI|TO|AX|BO|NS|SI|TW|MC|SW|ST|OL|CO|HE|VI|BR|LS"
    r"|F|MX|SA|TWO|JK|KL|BK|IS|WA|PR|BU|AT|TA|NZ|V|Q))"
)
_TICKER_TEXT = re.compile(rf"{_RIC}|[A-Z][A-Z0-9.-]{{0,7}}")
_STRONG_RIC = re.compile(_RIC)
_QUOTE_TARGET = re.compile(r"quote|symbol=|ticker|/stocks?/|/markets/(?:index|companies)", re.IGNORECASE)


def is_ticker_link(text: str, target: str, tail: str) -> bool:
    """A link to a market quote whose text is the instrument's code, not a word of the sentence.

    A Reuters code is unmistakable; a plain upper-case symbol ("AAPL") counts only when it links to a quote
    page and stands in brackets of its own, since "shares of <a>AAPL</a> rose" needs its word.
    """
    text = text.strip()
    if not text or len(text) > 16:
        return False
    if _STRONG_RIC.fullmatch(text):
        return True
    return bool(
        _TICKER_TEXT.fullmatch(text)
        and _QUOTE_TARGET.search(target or "")
        and tail.lstrip()[:1] in (")", ",")
    )


# Codes left unlinked in the text: only the forms no word takes (a leading dot with a digit in it, a
# future's "c1", a rate's "="), or any code alone in brackets.
_BARE_RIC = re.compile(
    r" ?(?<![\w.])(?:\.[A-Z]+\d[A-Z0-9]*|[A-Z]{1,6}c\d{1,2}|[A-Z][A-Z0-9]{1,9}=[A-Z]{0,3})(?=[\s,;:)]|$)"
)
_MAY_HOLD_CODE = re.compile(rf"[{TICKER}=(]|\.[A-Z]|[A-Z]c\d")
_CODE = rf"(?:{_RIC}|{TICKER})"
_BRACKETED_CODES = re.compile(rf" ?\(\s*{_CODE}(?:\s*[,;/]\s*{_CODE})*\s*\)")
# Brackets with nothing in them, against a space ("f()" in a programmer's text stays).
_EMPTY_BRACKETS = re.compile(r"(?:^| )\(\s*\)(?=[\s,;:.!?]|$)")


def drop_ticker_residue(text: str) -> str:
    """The text without instrument codes, ticker links (:data:`TICKER`) and the brackets that held them."""
    if not _MAY_HOLD_CODE.search(text):
        return text
    cleaned = _BRACKETED_CODES.sub("", text)
    cleaned = _EMPTY_BRACKETS.sub(
        "", _BARE_RIC.sub("", cleaned.replace(f" {TICKER}", "").replace(TICKER, ""))
    )
    return text if cleaned == text else " ".join(cleaned.split())


# "Hong Kong (CNN Business)A muddled view": a dateline whose markup kept it apart from the first sentence
# without a space.
_DATELINE = re.compile(r"^((?:[A-Z][\w.'’-]*,?\s){0,4}\([A-Z][\w .&'’-]{0,40}[\w.]\))(?=[A-Z])")


def separate_dateline(text: str) -> str:
    """A paragraph's opening dateline separated from the sentence it was glued to."""
    return _DATELINE.sub(r"\1 ", text, count=1) if "(" in text[:60] else text

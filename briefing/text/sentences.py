"""Sentence splitting shared by extraction, condensing and the transcript.

A regular-expression splitter is enough for news prose and works for any language that ends sentences
with . ! ? (and the CJK full stops); it knows the abbreviations news writes ("Mr.", "U.S.", "Jan.").
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st lt col gen sgt capt cmdr adm gov sen rep rev hon pres supt insp
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    no nos vs etc inc ltd co corp dept est approx fig vol ed eds al op cf ca mt ft av ave blvd rd
    u.s u.k u.n e.g i.e a.m p.m d.c u.s.a""".split()
)

# A candidate boundary: end punctuation, optional closing quotes/brackets, whitespace, then an opener.
# A run of end punctuation is only tried from its start (else "x......y" would be tried at every dot).
_BOUNDARY = re.compile(
    r"""((?<![.!?…])[.!?…]+|[。！？])(["'”’»)\]]*)(\s+|(?<=[。！？])(?=\S))(?=["'“‘«(\[]?[\w¿¡])"""
)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences; paragraphs (blank lines or newlines) always end a sentence."""
    out: list[str] = []
    for para in re.split(r"\n+", text):
        para = para.strip()
        if para:
            out.extend(_split_paragraph(para))
    return out


def _split_paragraph(para: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(para):
        end = m.end(2)
        if m.group(1) == "." and _is_abbreviation(para, m.start(1)):
            continue
        nxt = para[m.end() : m.end() + 1]
        if m.group(1) == "." and nxt.islower():
            continue
        piece = para[start:end].strip()
        if piece:
            pieces.append(piece)
        start = m.end()
    rest = para[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def _is_abbreviation(para: str, dot: int) -> bool:
    """True when the word before the dot at ``dot`` is a known abbreviation or an initial."""
    begin = dot  # the word runs back from the dot (a search over para[:dot] would read it all each time)
    while begin and (para[begin - 1].isalnum() or para[begin - 1] in "._"):
        begin -= 1
    if begin == dot:
        return False
    word = para[begin:dot].lower().strip(".")
    if word in _ABBREVIATIONS:
        return True
    # Single capital initials ("J. K. Rowling"), but not a sentence ending in "I." or a digit.
    return len(word) == 1 and word.isalpha() and para[dot - 1].isupper() and para[dot - 1] != "I"

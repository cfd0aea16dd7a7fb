"""Which language a story is in: its own text decides; what its feed declares is only a hint.

Feeds often declare nothing, or the wrong thing (a Slovak feed with no ``<language>``, a German one
labelled ``en``, a default ``en-us`` left by the publishing software). The text is identified by CLD2
(Google's Compact Language Detector 2, through pycld2): its model is compiled into the wheel, it runs
offline, imports in a millisecond and reads an article in microseconds, and it says when it is not
sure. When it is sure and the hint disagrees, the text wins (with a log line); when it is not sure,
the hint stands; with neither, the language is unknown (``und``), and no voice is given a text it
may not speak.
"""

from __future__ import annotations

import logging

from .text.markup import xml_safe

log = logging.getLogger(__name__)

UNKNOWN = "und"
SURE_PERCENT = 70  # of the text in the top language, for CLD2's answer to overrule a declared one
SAMPLE_CHARS = 3000
_CLD2_TO_BCP47 = {"iw": "he", "jw": "jv", "zh-Hant": "zh-TW", "un": UNKNOWN}


def primary(language: str | None) -> str:
    """The language without its region: "en-GB" -> "en"."""
    return (language or UNKNOWN).replace("_", "-").split("-")[0].lower()


def identify(text: str) -> tuple[str, bool]:
    """(BCP 47 code of the text's language, whether CLD2 is sure of it)."""
    import pycld2

    sample = xml_safe(text[:SAMPLE_CHARS]).encode("utf-8", "ignore").decode("utf-8", "ignore")
    try:
        reliable, _, details = pycld2.detect(sample)
    except pycld2.error:  # text CLD2 cannot take (rare code points); nothing to go on
        return UNKNOWN, False
    _, code, percent, _ = details[0]
    code = _CLD2_TO_BCP47.get(code, code)
    return code, bool(reliable) and percent >= SURE_PERCENT and code != UNKNOWN


def decide(text: str, hint: str | None, what: str = "") -> str:
    """The story's language: the text's when CLD2 is sure of it, else the hint, else unknown."""
    found, sure = identify(text)
    if sure:
        if hint and primary(hint) != primary(found):
            log.info(
                "language: %s says %s, its text is %s; going by the text", what or "an item", hint, found
            )
            return found
        return hint or found
    return hint or UNKNOWN

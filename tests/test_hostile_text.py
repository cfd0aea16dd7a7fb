"""Hostile text never hangs the briefing: every text stage stays linear on input built to make a
regular expression or a loop go quadratic (or worse).

Each case took the previous code from tens of seconds to minutes (measured: a 25,000-character run
of dots 28 s, 12,000 digits 4.8 s growing fourfold per doubling, 12,000 characters of "for as little
as" 10 s growing eightfold); the time bound is a hang guard far above what the code needs now
(well under a second each), not a speed test.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from briefing.condense import shorter_forms, summarize
from briefing.speakable import speakable
from briefing.text.boilerplate import boilerplate_reason
from briefing.text.extract import _join_fragments, _Line, clean_title, drop_repeats, extract_text
from briefing.text.markup import plain_text
from briefing.text.sentences import split_sentences

CASES: list[tuple[str, Callable[[], object], Callable[[object], bool]]] = [
    ("a run of dots glued to words", lambda: split_sentences("Word" + "." * 60_000 + "x"),
     lambda r: "".join(r).startswith("Word....") and "".join(r).endswith("x")),  # nothing lost
    ("a run of ?! in a paragraph", lambda: split_sentences("Word" + "!?" * 30_000 + "x Next."),
     lambda r: "".join(r).endswith("Next.")),
    ("a long run of digits", lambda: speakable("1234567890" * 4_000),
     lambda r: r == "1234567890" * 4_000),  # every digit kept, none invented
    ("quotes glued to sentence ends", lambda: summarize("Ok, he said.”Then " * 100_000, 60),
     lambda r: 0 < len(r.split()) <= 60),
    ("one sentence of 300,000 characters", lambda: shorter_forms("$1,234.89 (£950,000) and €5bn, " * 9_000),
     lambda r: r == ()),  # too long to offer shorter forms of
    ("a promotion phrase repeated", lambda: boilerplate_reason("for as little as a year " * 1_000),
     lambda r: r is None),  # a price is no promotion by itself
    ("subscribe repeated", lambda: boilerplate_reason("subscribe " * 40_000),
     lambda r: r is None or isinstance(r, str)),
    ("a feed field with a < and no >", lambda: plain_text("a < b " * 200_000),
     lambda r: r.count("a < b") == 200_000),  # a "<" that opens no tag is text
    ("a title with a < and no >", lambda: clean_title("a < b " * 200_000),
     lambda r: r.count("a < b") == 200_000),
    ("a page of unclosed meta tags", lambda: extract_text("<meta x " * 25_000), lambda r: r == ""),
    ("a long shouted passage", lambda: summarize("Start. " + "DON'T STOP " * 12_000 + ".", 60),
     lambda r: r == "Start."),  # shouting is not news
    ("an article of one repeated sentence", lambda: summarize("The cat sat on the mat. " * 10_000, 60),
     lambda r: r.startswith("The cat sat on the mat.") and len(r.split()) <= 60),
    ("a paragraph repeated 100,000 times",
     lambda: drop_repeats(["The cat sat on the mat. A dog barked."] * 100_000),
     lambda r: len(r[0]) + len(r[1]) == 100_000),  # each paragraph kept or removed, none lost
    ("tables nested 8,000 deep",
     lambda: extract_text("<table><tr><td><p>A cell of text long enough to be a paragraph.</p>" * 8_000),
     lambda r: isinstance(r, str)),
]  # fmt: skip


@pytest.mark.timeout(20)
@pytest.mark.parametrize(("make", "check"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_text_finishes(make: Callable[[], object], check: Callable[[object], bool]) -> None:
    """The time bound is the hang guard; the result must still be the right one."""
    assert check(make())


@pytest.mark.timeout(20)
def test_thousands_of_markup_fragments_join_in_one_line() -> None:
    """A container cut into 200,000 inline pieces that continue one sentence becomes one line."""
    pieces = [(_Line("Start", "p", 0.0, 0), False)] + [(_Line("and more", "p", 0.5, 0), True)] * 200_000
    lines = _join_fragments(pieces)
    assert len(lines) == 1 and lines[0].text.count("and more") == 200_000
    assert abs(lines[0].link_ratio - 0.5 * 8 * 200_000 / len(lines[0].text)) < 1e-6

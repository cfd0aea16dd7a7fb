"""Sentence splitting: abbreviations and initials hold a sentence together, real ends split it."""

from __future__ import annotations

import pytest

from briefing.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He met Dr. Smith at noon. They talked.", ["He met Dr. Smith at noon.", "They talked."]),
        ("The U.S. Army said so. Nobody argued.", ["The U.S. Army said so.", "Nobody argued."]),
        ("J. K. Rowling wrote it. Fans queued.", ["J. K. Rowling wrote it.", "Fans queued."]),
        ("So did I. Then we left.", ["So did I.", "Then we left."]),
        ("Sales rose by 5. Then they fell.", ["Sales rose by 5.", "Then they fell."]),
        ("Read it at www.example.com. Then write.", ["Read it at www.example.com.", "Then write."]),
        ("See file_v2. Then stop.", ["See file_v2.", "Then stop."]),
        ("Prices fell, e.g. in Jan. last year. Fine.", ["Prices fell, e.g. in Jan. last year.", "Fine."]),
        ("Wait... U.S. talks resume. Good.", ["Wait...", "U.S. talks resume.", "Good."]),
        ("First line\nSecond line. Third!", ["First line", "Second line.", "Third!"]),
        ("東京で会議。次の議題。", ["東京で会議。", "次の議題。"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_a_long_paragraph_splits_into_all_its_sentences() -> None:
    """The word before each dot is read back from the dot, however far into the paragraph it is."""
    para = " ".join(f"Sentence {i} ends here, said Mr. Jones of the U.S. Navy." for i in range(2000))
    assert len(split_sentences(para)) == 2000

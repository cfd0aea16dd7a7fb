"""What is written is what is read, and the voice gets its own spelling: feed -> script, end to end.

Text crosses many hands on its way to the transcript and the voice (the feed parser, the extractor, the
condenser, the script, the speakable rewrite); each test here follows real feed text through all of them
and checks both forms of every sentence: the written one (transcripts, captions, chapters, the feed) and
the spoken one (what the voice is given).
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import LocalServer, write_feeds

from briefing.config import load_settings
from briefing.model import Script
from briefing.pipeline import dry_run
from briefing.text.markup import plain_text


def _script(tmp_path: Path, server: LocalServer, *feeds: tuple[str, str]) -> Script:
    lines = [f'{server.url(f"/feeds/{name}")} name="{label}"' for name, label in feeds]
    settings = load_settings(feeds=write_feeds(tmp_path, lines), output=tmp_path / "out", engine="hibari")
    return dry_run(settings).script


def test_entities_escaped_twice_lose_no_character(tmp_path: Path, server: LocalServer) -> None:
    """Titles and content escaped twice ("woman&amp;#x2019;s", "caf&amp;eacute;", "&amp;amp;amp;")
    reach the transcript as the characters they stand for and the voice as words."""
    script = _script(tmp_path, server, ("escaped/escaped_twice.rss.xml", "Escaped Twice"))
    written, spoken = script.written, script.text
    for text in (written, spoken):
        for lost in ("womans", "editors note", "Technicas", "caf ", "Zrich", "amp;", "&#", "&amp"):
            assert lost not in text, lost
    for kept in (
        "woman's photo",
        "editor's note",
        "Ars Technica's",
        "café district",
        "Zürich",
        "Merck & Co.",
    ):
        assert kept in written, kept
    for said in ("woman's photo", "editor's note", "café district", "Zürich", "Merck and Co."):
        assert said in spoken, said
    # An entity left in the text cost whole sentences: the condenser took "&#x2019;" for a hashtag.
    assert "Shop owners in the café district" in written and "The company's shares rose" in written
    titles = [s.title for s in script.stories]
    assert "Zürich's café district votes on a ban on cars" in titles


# The voice's spelling of an initialism ("F.B.I", "U.S" without its last dot), never a writer's.
_VOICE_SPELLING = re.compile(r"(?<![\w.])[A-Z](?:\.[A-Z])+(?![.\w])")


def test_what_people_read_shows_the_words_as_written(published: dict) -> None:
    """Transcripts, captions, chapters and the feed of a real run over real BBC, Al Jazeera and Sky News
    text: the written forms ("BBC", "NASA", "US"), never the voice's ("B.B.C", "U.S", "Footsie")."""
    mp3: Path = published["first"][0]
    texts = {
        "txt": mp3.with_suffix(".txt").read_text(encoding="utf-8"),
        "vtt": mp3.with_suffix(".vtt").read_text(encoding="utf-8"),
        "chapters": mp3.with_suffix(".chapters.json").read_text(encoding="utf-8"),
        "feed": (published["out"] / "feed.xml").read_text(encoding="utf-8"),
    }
    initialisms = set(re.findall(r"\b[A-Z]{2,}\b", texts["txt"].split("\nTranscript\n", 1)[1]))
    assert initialisms, "the run's text holds no initialism to check"
    for name, text in texts.items():
        assert not _VOICE_SPELLING.findall(text), name
        for spoken_only in (" percent", "Mister ", " a.m", " p.m"):
            assert spoken_only not in text, (name, spoken_only)
    captions = [c.strip() for c in texts["vtt"].split("\n\n")[1:] if c.strip()]
    for cue in captions:
        assert cue.split("\n", 2)[-1] in texts["txt"], cue  # every caption is a sentence of the transcript


def test_an_apostrophe_is_written_one_way_whoever_typed_it(tmp_path: Path, server: LocalServer) -> None:
    """The Economist and Dawn type "India’s", Al Jazeera and the BBC "India's": one briefing shows one
    apostrophe, so its transcript is searched with the key a listener types. A typeset quotation mark
    at a word's edge ("‘grave concerns’") is not an apostrophe and stays."""
    feeds = [("real/economist_asia.rss.xml", "The Economist"), ("real/dawn_world.rss.xml", "Dawn")]
    typed = "".join((Path(__file__).parent / "data/feeds" / name).read_text("utf-8") for name, _ in feeds)
    assert re.search(r"\w’\w", typed), "the recorded feeds no longer type a typeset apostrophe"
    script = _script(tmp_path, server, *feeds)
    shown = script.written + "".join(s.title for s in script.stories)
    assert re.search(r"\w'\w", shown), "the briefing holds no apostrophe to check"
    for text in (shown, script.text):  # the voice is given the same word
        assert not re.search(r"\w’\w", text), re.findall(r"\S*\w’\w\S*", text)
    assert plain_text("FBI has ‘grave concerns’ about the memo’s release") == (
        "FBI has ‘grave concerns’ about the memo's release"
    )

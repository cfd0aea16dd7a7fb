"""feeds.txt and settings: every mistake is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import load_settings, read_feeds
from briefing.errors import ConfigError


def feeds(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_urls_comments_and_settings(tmp_path: Path) -> None:
    path = feeds(
        tmp_path,
        '# my feeds\n\nhttps://feeds.skynews.com/feeds/rss/world.xml name="Sky News" max=3 lang=en-GB\n'
        "  https://www.tagesschau.de/xml/rss2  lang=de  # German\n",
    )
    sky, tagesschau = read_feeds(path)
    assert (sky.name, sky.max_items, sky.language, sky.line, sky.order) == ("Sky News", 3, "en-GB", 3, 0)
    assert (tagesschau.name, tagesschau.language, tagesschau.line, tagesschau.order) == (None, "de", 4, 1)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("feeds.skynews.com/world.xml", "is not an http(s) URL"),
        ("https://x.org/feed max=0", "max must be a whole number"),
        ("https://x.org/feed max=ten", "max must be a whole number"),
        ("https://x.org/feed lang=english!", "is not a language code"),
        ("https://x.org/feed colour=blue", "unknown setting 'colour'"),
        ("https://x.org/feed name", "expected key=value"),
        ('https://x.org/feed name="Sky', "unbalanced quotes"),
    ],
)
def test_a_bad_line_names_its_line_number(tmp_path: Path, line: str, message: str) -> None:
    path = feeds(tmp_path, "# header\nhttps://ok.example/feed\n\n" + line + "\n")
    with pytest.raises(ConfigError) as err:
        read_feeds(path)
    assert str(err.value).startswith("feeds.txt:4: ")
    assert message in str(err.value)


def test_duplicate_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"feeds.txt:2: .* already listed on line 1"):
        read_feeds(feeds(tmp_path, "https://a.example/f\nhttps://a.example/f\n"))
    with pytest.raises(ConfigError, match="lists no feeds"):
        read_feeds(feeds(tmp_path, "# nothing yet\n"))
    with pytest.raises(ConfigError, match="no such file"):
        read_feeds(tmp_path / "missing.txt")


def test_settings_layers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "briefing.toml"
    toml.write_text('minutes = 7\nengine = "hibari"\nshow_title = "Morning News"\n', encoding="utf-8")
    monkeypatch.setenv("BRIEFING_MINUTES", "9")
    s = load_settings(toml, engine=None, minutes=None)
    assert (s.minutes, s.engine, s.show_title) == (9.0, "hibari", "Morning News")
    s = load_settings(toml, minutes=3)
    assert s.minutes == 3
    with pytest.raises(ConfigError, match="unknown speech engine"):
        load_settings(toml, engine="Festival!")
    toml.write_text("colour = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(toml)


def test_pronunciations_come_from_a_table_or_a_file_it_names(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('[pronunciations]\nDokoupil = "doe koo pill"\n"Deutsche Welle" = "doytcheh velleh"\n')
    table = tmp_path / "briefing.toml"
    table.write_text('minutes = 10\n[pronunciations]\nPujols = "poo holes"\n')
    assert load_settings(table).pronunciations == (("Pujols", "poo holes"),)
    named = tmp_path / "named.toml"
    named.write_text(f'pronunciations = "{lexicon}"\n')
    assert load_settings(named).pronunciations == (
        ("Dokoupil", "doe koo pill"),
        ("Deutsche Welle", "doytcheh velleh"),
    )
    bad = tmp_path / "bad.toml"
    bad.write_text("[pronunciations]\nPujols = 3\n")
    with pytest.raises(ConfigError, match="pronunciations"):
        load_settings(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(None, pronunciations=str(tmp_path / "missing.toml"))

"""OPML: real exports of three feed readers merged into feeds.txt, and feeds.txt written back out."""

from __future__ import annotations

from pathlib import Path

import listparser
import pytest
from conftest import DATA

from briefing.cli import main
from briefing.config import read_feeds
from briefing.errors import ConfigError
from briefing.opml import Subscription, export_opml, feeds_line, import_opml, read_opml

OPML = DATA / "opml"
NETNEWSWIRE = OPML / "netnewswire_default-feeds.opml"  # OPML 2.0, flat, JSON feeds among them
INOREADER = OPML / "inoreader_rssant.opml"  # OPML 1.0, a folder, CJK titles
STRINGER = OPML / "stringer_rssant.opml"  # OPML 1.0, titles as character references, an apostrophe

USER_FEEDS = (
    b"# my feeds: the news first\r\n"
    b'https://feeds.skynews.com/feeds/rss/world.xml   name="Sky News"  max=5  lang=en-GB\r\n'
    b"\r\n"
    b"#   and some blogs\r\n"
    b"http://www.daringfireball.net/feeds/json/   name=DF   # the same feed as NetNewsWire's https one\r\n"
    b"https://jvns.ca/atom.xml"  # no newline at the end
)


def test_a_netnewswire_export_is_appended_and_the_users_file_kept_byte_for_byte(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_bytes(USER_FEEDS)
    report = import_opml(NETNEWSWIRE, feeds)
    assert len(report.added) == 14
    assert report.skipped == (
        ("https://daringfireball.net/feeds/json", "already in feeds.txt (line 5)"),
        ("https://jvns.ca/atom.xml", "already in feeds.txt (line 6)"),
    )
    data = feeds.read_bytes()
    assert data.startswith(USER_FEEDS + b"\r\n# from netnewswire_default-feeds.opml, ")
    assert b"\n" not in data.replace(b"\r\n", b"")  # the file's own line endings
    sources = read_feeds(feeds)
    assert [s.url for s in sources[:3]] == [
        "https://feeds.skynews.com/feeds/rss/world.xml",
        "http://www.daringfireball.net/feeds/json/",
        "https://jvns.ca/atom.xml",
    ]
    assert sources[3].url == "http://inessential.com/feed.json" and sources[3].name == "inessential.com"
    assert sources[-1].name == "Xcoders" and len(sources) == 17
    assert 'https://xcoders.org/feed.json  name="Xcoders"' in report.added


def test_an_inoreader_export_flattens_its_folders_in_order_and_a_second_import_adds_nothing(
    tmp_path: Path,
) -> None:
    feeds = tmp_path / "feeds.txt"
    first = import_opml(INOREADER, feeds)  # no feeds.txt yet: it is created
    assert first.added == (
        'http://blog.guyskk.com/feed.xml  name="Guyskk的博客"',
        'http://cdc.tencent.com/feed/  name="腾讯CDC"',  # inside the folder 设计
        'http://www.rologo.com/feed  name="Rologo 标志共和国"',
    )
    before = feeds.read_bytes()
    again = import_opml(INOREADER, feeds)
    assert again.added == () and len(again.skipped) == 3
    assert all(why.startswith("already in feeds.txt (line ") for _, why in again.skipped)
    assert feeds.read_bytes() == before


def test_a_stringer_export_with_character_references_and_quotes_reads_back(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("# empty for now\n", encoding="utf-8")
    report = import_opml(STRINGER, feeds)
    assert len(report.added) == 5 and report.skipped == ()
    names = [s.name for s in read_feeds(feeds)]
    assert names == ["wklken's blog", "始终", "云风的 BLOG", "酷 壳 – CoolShell", "Hacker News"]


def test_language_nested_outlines_duplicates_and_unusable_urls(tmp_path: Path) -> None:
    """Constructed (OPML 2.0's language attribute, which none of the real exports above carries)."""
    opml = tmp_path / "subs.opml"
    opml.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>t</title></head><body>
  <outline text="News"><outline text="Deep">
    <outline text="Tagesschau" type="rss" xmlUrl="https://www.tagesschau.de/xml/rss2" language="de"/>
  </outline></outline>
  <outline text="Again" type="rss" xmlUrl="https://tagesschau.de/xml/rss2/?utm_source=opml"/>
  <outline text="Odd &quot;name&quot; \\ #1" type="rss" xmlUrl="https://example.org/feed#top" language="x!"/>
  <outline text="Gopher" type="rss" xmlUrl="gopher://example.org/feed"/>
</body></opml>""",
        encoding="utf-8",
    )
    feeds = tmp_path / "feeds.txt"
    report = import_opml(opml, feeds)
    assert report.added == (
        'https://www.tagesschau.de/xml/rss2  name="Tagesschau"  lang=de',
        '"https://example.org/feed#top"  name="Odd \\"name\\" \\\\ #1"',
    )
    assert report.skipped == (
        ("https://tagesschau.de/xml/rss2/?utm_source=opml", "listed twice in subs.opml"),
        ("gopher://example.org/feed", "not an http(s) URL"),
    )
    tagesschau, odd = read_feeds(feeds)
    assert tagesschau.language == "de"
    assert odd.url == "https://example.org/feed#top" and odd.name == 'Odd "name" \\ #1'


def test_a_file_that_is_not_opml_changes_nothing(tmp_path: Path, capsys) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_bytes(USER_FEEDS)
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline xmlUrl='https://x.org/a'", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.opml: not an OPML file"):
        import_opml(bad, feeds)
    assert main(["feeds", "import", str(bad), "--feeds", str(feeds)]) == 2
    page = tmp_path / "page.opml"
    page.write_text("<html><body><a href='https://x.org/rss'>feed</a></body></html>", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"page.opml: not an OPML file \(its root element is <html>\)"):
        import_opml(page, feeds)
    assert feeds.read_bytes() == USER_FEEDS


def test_import_refuses_a_broken_feeds_txt(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://a.org/rss  max=ten\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"feeds\.txt:1: max must be"):
        import_opml(INOREADER, feeds)
    assert feeds.read_text(encoding="utf-8") == "https://a.org/rss  max=ten\n"


def test_the_import_command_says_what_it_added_and_skipped(tmp_path: Path, capsys) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_bytes(USER_FEEDS)
    assert main(["--quiet", "feeds", "import", str(NETNEWSWIRE), "--feeds", str(feeds)]) == 0
    out = capsys.readouterr().out
    assert f"{feeds}: 14 feed(s) added, 2 skipped" in out
    assert '  + https://om.co/feed  name="Om Malik"' in out
    assert "  - https://jvns.ca/atom.xml: already in feeds.txt (line 6)" in out


def test_export_writes_opml_2_that_feed_readers_and_the_import_read_back(tmp_path: Path, capsys) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(
        '# mine\nhttps://www.tagesschau.de/xml/rss2  name="Tages & schau"  lang=de\nhttps://jvns.ca/atom.xml\n',
        encoding="utf-8",
    )
    assert main(["--quiet", "feeds", "export", "--feeds", str(feeds)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<opml version=\"2.0\">")
    parsed = listparser.parse(text.encode())
    assert not parsed.bozo
    assert [(f.url, f.title) for f in parsed.feeds] == [
        ("https://www.tagesschau.de/xml/rss2", "Tages & schau"),
        ("https://jvns.ca/atom.xml", "jvns.ca"),
    ]
    assert 'type="rss"' in text and 'language="de"' in text and text.count("language=") == 1
    out = tmp_path / "out.opml"
    assert main(["--quiet", "feeds", "export", "--feeds", str(feeds), "--to", str(out)]) == 0
    again = tmp_path / "again.txt"
    import_opml(out, again)
    assert [(s.url, s.language) for s in read_feeds(again)] == [
        ("https://www.tagesschau.de/xml/rss2", "de"),
        ("https://jvns.ca/atom.xml", None),  # no lang given: its text will say
    ]


def test_export_escapes_what_xml_needs() -> None:
    from briefing.model import FeedSource

    data = export_opml([FeedSource("https://a.org/rss?x=1&y=2", name='<A> & "B"')], "Mine & yours")
    subs = read_opml(data)
    assert subs == [Subscription("https://a.org/rss?x=1&y=2", '<A> & "B"', None)]


def test_a_feeds_line_reads_back_as_written() -> None:
    line = feeds_line(Subscription("https://a.org/rss", 'It\'s a "test"', "pt-BR"))
    assert line == 'https://a.org/rss  name="It\'s a \\"test\\""  lang=pt-BR'

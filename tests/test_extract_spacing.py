"""Word boundaries across inline markup and ticker residue, on real pages and feed snippets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.text.extract import clean_feed_html, extract_text
from briefing.text.pagetext import PageText
from briefing.text.spacing import (
    TICKER,
    drop_ticker_residue,
    join_pieces,
    resolve,
    separate_dateline,
)

DATA = Path(__file__).parent / "data" / "pages"


def page(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8", errors="replace")


def article(paragraph: str) -> str:
    """A page whose article is the given real paragraph between two of filler, so trafilatura keeps it."""
    filler = "<p>" + "A sentence of filler that is long enough to count as article text. " * 5 + "</p>"
    return f"<html><body><article>{filler}{paragraph}{filler}</article></body></html>"


# -- pages ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def juraforum() -> str:
    return extract_text(page("juraforum_wohngeld.html"))


def test_words_either_side_of_a_link_stay_apart(juraforum: str) -> None:
    """trafilatura trims the text around the links it keeps: "das <a>Verwaltungsgericht Berlin</a> in"."""
    assert "entschied das Verwaltungsgericht Berlin in einem am Donnerstag" in juraforum
    assert "Rechtsanwalt Sebastian Einbock" in juraforum
    assert not re.search(r"Berlinin|Tätigkeitnicht|Klägersei|RechtsanwaltSebastian", juraforum)


def test_a_paragraph_cut_at_a_link_is_whole_again(juraforum: str) -> None:
    """Loose text cut into two paragraphs where a link begins: "ob die" / "<ref>Tätigkeit</ref> nicht"."""
    assert "ob die Tätigkeit nicht auch in Berlin zu bewältigen wäre, rügte das Gericht." in juraforum
    assert "Der Kläger sei in einem Alter" in juraforum
    assert "\n\nDer\n\n" not in juraforum


def test_reuters_instrument_codes_are_not_read() -> None:
    text = extract_text(page("reuters_asian-shares.html"))
    assert "the Dow Jones Industrial Average fell 102.2 points" in text
    assert "the S&P 500 lost 1.85 points" in text
    assert "U.S. crude fell 3.38% to $55.12 per barrel and Brent was last at $60.73" in text
    for code in (".DJI", ".SPX", ".IXIC", "CLc1", "LCOc1", "US10YT=RR", "EUR=", ".MIWD00000PUS"):
        assert code not in text


def test_japanese_text_gets_no_spaces_at_links() -> None:
    """note100yen.com (extraction-dev, MIT): the page runs words and link together, as Japanese does."""
    paragraph = (
        "<p>そんな用途を考慮してか、Kindleや楽天koboにはデスクトップアプリが用意されています。"
        "今回はそのKindleデスクトップアプリ<a href='https://www.amazon.co.jp/dp/B011UEHYWQ'>Kindle for PC</a>"
        "に関する話。</p>"
    )
    assert "今回はそのKindleデスクトップアプリKindle for PCに関する話。" in extract_text(article(paragraph))


def test_inline_code_keeps_its_spaces() -> None:
    """docs.docker.com (snippet corpus, Apache-2.0): code in a paragraph made it a container of pieces."""
    paragraph = (
        '<p>Docker provides <code class="highlighter-rouge">.deb</code> and <code class="highlighter-rouge">'
        ".rpm</code> packages from the following Linux distributions and architectures. They are built for"
        " each release of the engine.</p>"
    )
    assert "Docker provides .deb and .rpm packages from the following" in extract_text(article(paragraph))


def test_a_dateline_kept_apart_by_markup_only_gets_its_space() -> None:
    """CNN's markup: ``<cite class="el-editorial-source">Hong Kong (CNN Business)</cite>A muddled view``."""
    paragraph = (
        '<p class="zn-body__paragraph speakable"><cite class="el-editorial-source">Hong Kong (CNN Business)'
        "</cite>A muddled view of the economy sent Asian markets lower on Tuesday as traders waited.</p>"
    )
    assert "Hong Kong (CNN Business) A muddled view" in extract_text(article(paragraph))


# -- feeds ---------------------------------------------------------------------------------------------------


def test_feed_ticker_links_go_with_their_brackets() -> None:
    """The Reuters paragraph as it stands in the page, and CNBC's bracketed quote links."""
    reuters = re.search(r"<p>On Wall Street.*?</p>", page("reuters_asian-shares.html"))
    assert reuters
    text = clean_feed_html(reuters.group(0))
    assert text.startswith("On Wall Street, the Dow Jones Industrial Average fell 102.2 points, or 0.36%")
    assert "the Nasdaq Composite added 20.72 points" in text
    cnbc = clean_feed_html(
        "<p>Japan's Nikkei 225 (<a href='https://www.cnbc.com/quotes/?symbol=.N225'>.N225</a>) declined 0.3 "
        "percent and South Korea's Kospi Index (<a href='https://www.cnbc.com/quotes/?symbol=.KS11'>.KS11</a>)"
        " fell, while Apple (<a href='https://www.cnbc.com/quotes/?symbol=AAPL'>AAPL</a>) rose.</p>"
    )
    assert (
        cnbc
        == "Japan's Nikkei 225 declined 0.3 percent and South Korea's Kospi Index fell, while Apple rose."
    )


def test_feed_dateline_cells_and_words_keep_their_boundaries() -> None:
    html = (
        '<p><cite class="el-editorial-source">Hong Kong (CNN Business)</cite>A muddled view.</p>'
        "<table><tr><td>Nikkei</td><td>-0.3%</td></tr></table><p>今回は<b>その</b>話。 Shares of "
        "<a href='https://www.cnbc.com/quotes/?symbol=AAPL'>AAPL</a> rose.</p>"
    )
    assert clean_feed_html(html).split("\n\n") == [
        "Hong Kong (CNN Business) A muddled view.",
        "Nikkei -0.3%",
        "今回はその話。 Shares of AAPL rose.",  # a symbol that is a word of the sentence stays
    ]


# -- the mechanism -------------------------------------------------------------------------------------------


def test_a_space_comes_back_only_where_the_page_has_one() -> None:
    bounds = PageText(
        "<p>keine <a href='x'>Sondertilgungen</a> oder <b>W</b>ord and Arte<a>mis</a></p>"
        '<script>{"articleBody": "Word and Arte mis"}</script><li>Menu</li><li>Home</li>'
    )

    def joined(*pieces: str) -> str:
        return resolve(join_pieces(list(pieces)), bounds)

    assert joined("keine", "Sondertilgungen", " oder") == "keine Sondertilgungen oder"
    assert joined("W", "ord") == "Word"  # a drop capital
    assert joined("Arte", "mis") == "Artemis"  # the script's spacing is no evidence
    assert joined("Menu", "Home") == "MenuHome"  # neighbours across a block are not one sentence
    assert joined("z3.", "And(x)") == "z3.And(x)"  # highlighted code


def test_ticker_residue_and_datelines() -> None:
    assert drop_ticker_residue(f"Japan's Nikkei ({TICKER}) declined") == "Japan's Nikkei declined"
    assert (
        drop_ticker_residue("Toyota Motor (7203.T) and Sony (6758.T, SNE.N) rose")
        == "Toyota Motor and Sony rose"
    )
    assert (
        drop_ticker_residue("Spot gold XAU= added 0.1%, Brent LCOc1 fell")
        == "Spot gold added 0.1%, Brent fell"
    )
    for kept in ("the .NET runtime (NATO)", "results = [] for g", "call foo() now", "E=mc2"):
        assert drop_ticker_residue(kept) == kept
    assert separate_dateline("Islamabad, Pakistan (CNN)Few cases") == "Islamabad, Pakistan (CNN) Few cases"
    assert separate_dateline("(Vor-)Wahlkampf beginnt") == "(Vor-)Wahlkampf beginnt"


@pytest.mark.timeout(20)
def test_spacing_is_linear_on_hostile_input() -> None:
    pieces = ["a", "b"] * 100_000
    bounds = PageText("<script>" * 50_000 + "<style>" + "<b>a</b> b " * 100_000)
    assert len(resolve(join_pieces(pieces), bounds)) >= 200_000
    assert drop_ticker_residue("( " * 100_000 + "x").endswith("x")
    assert clean_feed_html("<a href='/quote/X'>X</a>(" * 20_000).count("(") == 20_000

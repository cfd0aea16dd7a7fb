"""The edges of the body: the standfirst above it, a company profile or the author's biography below it."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.text.extract import extract_text
from briefing.text.pagetext import PageText
from briefing.text.standfirst import author_bio_at, find_standfirst

DATA = Path(__file__).parent / "data" / "pages"


def page(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8", errors="replace")


def test_the_teaser_paragraph_above_the_body_is_read_first() -> None:
    """schwimmverband.at prints its standfirst in a teaser box that trafilatura leaves out."""
    paragraphs = extract_text(page("schwimmverband_fina.html")).split("\n\n")
    assert paragraphs[0] == (
        "Was seit Wochen kolportiert wurde, ist von der FINA nun offiziell bestätigt worden"
    )
    assert paragraphs[1].startswith("Die Corona Pandemie hat weiter massiven Einfluss")


def test_a_standfirst_is_read_once() -> None:
    text = extract_text(page("tine_fotballskole.html"))
    assert text.startswith("En annerledes sesong med TINE Fotballskole nærmer seg slutten.")
    assert text.count("En annerledes sesong med TINE Fotballskole") == 1


def test_a_standfirst_above_the_byline_and_date_is_read() -> None:
    """mobilsicher.de: the teaser, then "von Miriam Ruhenstroth" and "Veröffentlicht am 23.01.2020"."""
    text = extract_text(page("mobilsicher_icloud.html"))
    assert text.startswith("Medienberichten zufolge hat Apple seine Pläne aufgegeben")
    assert "Miriam Ruhenstroth" not in text


def test_a_picture_credit_in_the_standfirst_box_stays_out() -> None:
    """gruene-bundestag.de prints the photo credit inside the teaser box, after its last sentence."""
    first = extract_text(page("gruene-bundestag_cop26.html")).split("\n\n")[0]
    assert first.startswith("Die Erwartungen an die 26. UN-Klimakonferenz, kurz COP26, sind hoch.")
    assert first.endswith("Auch die EU und Deutschland sind noch nicht auf Paris-Kurs.")


def test_a_dek_set_apart_by_the_byline_stays_out() -> None:
    """The New York Times: the dek sits in the header, a picture's caption, the byline and a language menu
    between it and the story; annotators of news bodies leave such a dek out."""
    text = extract_text(page("nyt_trump-trade-war.html"))
    assert "complicating an end to the long-running dispute" not in text
    assert text.startswith("When President Trump’s advisers suggested that Beijing resume buying")


def test_a_press_releases_closing_company_profile_goes() -> None:
    """Ascom (extraction-dev, MIT): the profile is a quarter of this short release and still no news."""
    text = extract_text(page("ascom_digistat.html"))
    assert "please visit: www.ascom.com" in text.split("\n\n")[-2]  # its last paragraph, a reference after
    assert "Ascom is a global solutions provider" not in text
    assert "Ascom is headquartered in Baar" not in text


def test_the_authors_biography_at_the_end_goes() -> None:
    """digitale-exzellenz.de: the page names its author, whose biography closes the article."""
    text = extract_text(page("digitale-exzellenz_tencent.html"))
    assert "Es bleibt spannend zu sehen, wo Tencent das Gesundheitssystem Chinas hinführt." in text
    assert "Yirou Chen ist seit Juli 2018 Werkstudentin" not in text


@pytest.mark.timeout(20)
def test_the_edges_are_linear_on_hostile_pages() -> None:
    """A description that every one of 100,000 blocks repeats, a body that never follows it."""
    description = "A summary of the story that goes on for a while and then some more"
    html = f'<meta name="description" content="{description}"><meta name="author" content="Ann Lee">'
    html += f"<p>{description} and more.</p><br>" * 100_000
    page_text = PageText(html)
    body = ["Ann Lee is a reporter who writes about many things here.", *["Another paragraph here."] * 5]
    assert find_standfirst(html, page_text, body) is None
    assert author_bio_at(html, body) is None  # not among the closing paragraphs
    assert len(page_text.blocks) == 100_000

"""Extraction: real saved pages and feed snippets, checked by what must and must not be spoken."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from briefing.text.boilerplate import Removal, boilerplate_reason, sentence_key, strip_boilerplate
from briefing.text.extract import (
    _body_lines,
    _drop_orphan_labels,
    _Line,
    _structural_pass,
    clean_feed_html,
    clean_title,
    drop_repeats,
    explain,
    extract_text,
    extract_title,
)

DATA = Path(__file__).parent / "data" / "pages"
SEED = Path(__file__).parent / "data" / "seed"


def page(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8", errors="replace")


def recall(truth: str, text: str) -> float:
    """Share of the truth's 4-word shingles found in the text (the extraction benchmark's measure)."""
    words = re.findall(r"\w+", truth), re.findall(r"\w+", text)
    t, o = (Counter(tuple(w[i : i + 4]) for i in range(len(w) - 3)) for w in words)
    return sum((t & o).values()) / sum(t.values())


# -- the founding example ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> dict:
    return json.loads((SEED / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_text() -> str:
    return extract_text(page("sky-polaris-dawn.html"))


def test_seed_yields_exactly_the_article_paragraphs(seed: dict, seed_text: str) -> None:
    assert seed_text.split("\n\n") == seed["article_paragraphs"]


def test_seed_speaks_none_of_the_furniture(seed: dict, seed_text: str) -> None:
    for line in seed["must_not_be_spoken"]:
        assert line not in seed_text
    for fragment in ("Sky News App", "@SkyNews", "YouTube", "refresh the page", "Pic:", "live updates"):
        assert fragment not in seed_text


def test_seed_title(seed: dict) -> None:
    assert extract_title(page("sky-polaris-dawn.html")) == seed["title"]


def test_explain_gives_a_reason_for_each_removal() -> None:
    removals = explain(page("sky-polaris-dawn.html"))
    assert all(isinstance(r, Removal) and r.text and r.reason for r in removals)
    by_text = {r.text: r.reason for r in removals}
    assert by_text[
        "This breaking news story is being updated and more details will be published shortly."
    ] == ("update notice")
    assert by_text["Please refresh the page for the fullest version."] == "update notice"


def test_site_stock_lines_are_dropped(seed: dict) -> None:
    html = page("sky-polaris-dawn.html")
    stock = {
        sentence_key(
            "A spacewalk is considered one of the most dangerous activities an astronaut can do in orbit."
        )
    }
    text = extract_text(html, site_stock=stock)
    assert "most dangerous activities" not in text
    assert seed["article_paragraphs"][0] in text
    assert any(r.reason == "site stock line" for r in explain(html, site_stock=stock))


# -- saved news pages ----------------------------------------------------------------------------------


def test_express_keeps_the_story_and_drops_teasers() -> None:
    text = extract_text(page("express_hong-kong.html"), "https://www.express.co.uk/news/world/1206313/")
    assert recall((DATA / "express_hong-kong.body.txt").read_text(encoding="utf-8"), text) > 0.95
    assert "Chris Tang, Hong Kong’s new police commissioner" in text
    for teaser in ("SEE MORE", "DON'T MISS", "[VIDEO]", "[INSIGHT]", "Lakers vs Nets"):
        assert teaser not in text


def test_bbc_drops_follow_and_listen_prompts() -> None:
    text = extract_text(page("bbc_newsbeat-50470672.html"), "https://www.bbc.com/news/newsbeat-50470672")
    truth = (DATA / "bbc_newsbeat-50470672.body.txt").read_text(encoding="utf-8")
    assert recall(truth, text) > 0.97
    assert "Big Machine, says she will be allowed to play her old tracks" in text
    for promo in (
        "Follow Newsbeat",
        "Listen to Newsbeat",
        "Media playback",
        "Image copyright",
        "Image caption",
    ):
        assert promo not in text
    # the headline is the title, not a paragraph to read again
    assert not text.startswith("Taylor Swift is allowed to play her music")


def test_dw_drops_read_more_links() -> None:
    text = extract_text(page("dw_colonial-past.html"))
    assert "The German capital has launched a five-year project" in text
    assert "Right-wing resistance" in text
    assert "Read more:" not in text
    assert "Looted colonial art" not in text


def test_german_page_keeps_body_and_drops_dateline_and_byline() -> None:
    text = extract_text(page("tagesschau_rheinmetall.html"))
    assert "Der Datensatz liegt dem NDR vor." in text
    assert "Rheinmetall stellt in den damals betroffenen Fabriken Bauteile für die Autoindustrie her." in text
    assert "Stand: 28.04.2020" not in text
    assert "Von Volkmar Kabisch" not in text
    assert "Rundfunkanstalten" not in text


def test_german_magazine_page_falls_back_to_the_full_cascade() -> None:
    # trafilatura's fast path finds only a subscription box here; the article must still come out.
    text = extract_text(page("spiegel_albtraum.html"))
    assert "Wie konnte es dazu kommen?" in text
    assert "Die Geschichte beginnt am 26. Oktober" in text
    assert "Es stützt seine Version." in text  # a sentence marked up as a heading is still a sentence
    assert len(text.split()) > 1500
    assert "Die digitale Welt der Nachrichten." not in text


def test_article_that_precision_mode_throws_away_comes_back() -> None:
    # Blogger holds the post in a template <script> and a <noscript> copy: precision mode keeps only the date.
    text = extract_text(
        page("googleblog_safe-browsing.html"),
        "https://security.googleblog.com/2020/05/enhanced-safe-browsing-protection-now.html",
    )
    assert "seen threats on the web becoming increasingly sophisticated" in text
    assert "billions of users are incredibly diverse" in text
    assert "insights from Google on security and safety" not in text
    assert len(text.split()) > 400


def test_a_fact_box_printed_twice_is_read_once() -> None:
    # The page prints its box about the ZdK above and below the story; trafilatura keeps both copies.
    text = extract_text(
        page("domradio_zdk.html"),
        "https://www.domradio.de/themen/laien/2021-11-19/reformstau-loesen-irme-stetter-karp-ist-neue-zdk-praesidentin",
    )
    assert text.count("ist das höchste repräsentative Gremium des deutschen Laien-Katholizismus") == 1
    assert text.count("Marc Frings, der zuletzt das Auslandsbüro") == 1
    assert "votierten 41 Delegierte." in text
    assert "Stil des ZdK-Präsidiums." in text


def test_an_article_copied_twice_is_read_once(seed: dict) -> None:
    paragraphs = seed["article_paragraphs"]
    kept, removals = drop_repeats([*paragraphs, "Advertisement", *paragraphs])
    assert kept == [*paragraphs, "Advertisement"]
    assert {r.reason for r in removals} == {"repeated text"}


def test_a_desktop_and_a_mobile_copy_of_the_body_are_read_once(seed: dict) -> None:
    # Both copies sit in the container trafilatura picks, so its text holds the article twice.
    body = "".join(f"<p>{p}</p>" for p in seed["article_paragraphs"])
    html = (
        f"<html><head><title>{seed['title']}</title></head><body><main><article><h1>{seed['title']}</h1>"
        f'<div class="article-body"><div class="desktop">{body}</div><div class="mobile">{body}</div></div>'
        "</article></main></body></html>"
    )
    assert extract_text(html).split("\n\n") == seed["article_paragraphs"]


def test_refrains_are_not_copies() -> None:
    # The same questions put to each interviewee, a daily item of a meal plan: short runs, all kept.
    paragraphs = []
    for name in ("Olesya", "Oksana", "Olga"):
        paragraphs += [
            "What inspired you to start a cooking page of your own?",
            f"{name} says it began with a handful of family recipes and friends who kept asking for them.",
            "Which cuisine do you like best, and is there a dish you cannot stand?",
            f"{name} prefers simple food and has never liked anything made with too much sugar.",
            "Eat 60–90 minutes before your workout.",
        ]
    assert drop_repeats(paragraphs) == (paragraphs, [])


def test_a_page_laid_out_in_a_table_reads_as_paragraphs() -> None:
    # A 2007 page whose article sits in a layout-table cell: each paragraph is a line of its own, not one
    # row glued together ("trop peu ?Pour augmenter ...") behind the headline.
    text = extract_text(page("alternatives-economiques_35h.html"))
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("Pour augmenter la durée du travail, mieux vaudrait")
    assert "1 456 heures annuelles" in paragraphs
    assert "?Pour" not in text
    assert "Les Français travaillent-ils trop peu" not in text  # the headline


def test_a_label_whose_links_were_removed_goes_too() -> None:
    # "Verwandte Artikel:" and "Quellen:" introduced link lists that were furniture; "Zutaten:" keeps its own.
    paragraphs = [
        "Die Brücke bleibt bis zum Frühjahr gesperrt, teilte die Stadt am Dienstag mit.",
        "Zutaten:",
        "200 g Mehl",
        "Verwandte Artikel:",
        "Links zu verwandten externen Artikeln:",
        "Quellen:",
    ]
    kept, removals = _drop_orphan_labels(paragraphs)
    assert kept == paragraphs[:3]
    assert [r.reason for r in removals] == ["orphan label"] * 3


def test_a_linked_sentence_or_table_row_is_text_and_a_linked_headline_a_teaser(seed: dict) -> None:
    # A writer may link a whole sentence ("So schön winterlich ist es wie schon lange nicht mehr."); a
    # headline of another story does not end in a full stop.
    body = [_Line(p, "p", 0.0, i) for i, p in enumerate(seed["article_paragraphs"])]
    linked = _Line("So schön winterlich ist es wie schon lange nicht mehr.", "p", 1.0, 20)
    teaser = _Line("SpaceX Polaris Dawn spacewalk – live updates", "p", 1.0, 21)
    row = _Line("2 Dose/n | Mandarine(n), je ca. 300 - 350 g Füllmenge", "cell", 0.85, 22)  # linked food
    kept, removals = _structural_pass([*body[:5], linked, teaser, row, *body[5:]], set())
    assert linked in kept
    assert row in kept
    assert [(r.text, r.reason) for r in removals] == [(teaser.text, "link teaser")]


def test_a_standfirst_goes_only_when_it_restates_the_lead(seed: dict) -> None:
    headline = _Line(seed["title"], "head", 0.0, 0)
    body = [_Line(p, "p", 0.0, i + 2) for i, p in enumerate(seed["article_paragraphs"])]
    restating = _Line(
        "A billionaire becomes the first person to take part in a private spacewalk", "head", 0.0, 1
    )
    new_facts = _Line(
        "Jared Isaacman, a 41-year-old tech entrepreneur, was first out of the capsule.", "head", 0.0, 1
    )
    titles = {sentence_key(seed["title"])}
    kept, removals = _structural_pass([headline, restating, *body], titles)
    assert [r.reason for r in removals] == ["headline", "standfirst"]
    kept, removals = _structural_pass([headline, new_facts, *body], titles)
    assert new_facts in kept


def test_paragraphs_inside_a_list_item_are_lines_of_their_own() -> None:
    # comparis.ch: items of a heading and a paragraph were read as "EigentumDer Wagen gehört ..."
    body = etree.fromstring(
        "<body><list><item><head>Eigentum</head><p>Der Wagen gehört von Anfang an Ihnen.</p></item>"
        "<item><head>Auflösung</head><p>Sie können den Wagen <hi>jederzeit</hi> verkaufen.</p></item>"
        "</list></body>"
    )
    assert [line.text for line in _body_lines(body)] == [
        "Eigentum",
        "Der Wagen gehört von Anfang an Ihnen.",
        "Auflösung",
        "Sie können den Wagen jederzeit verkaufen.",
    ]


def test_a_press_release_company_profile_goes_without_an_about_heading(seed: dict) -> None:
    # The profile closing an Ascom press release (extraction-dev), no "About Ascom" heading left above it.
    body = [_Line(p, "p", 0.0, i) for i, p in enumerate(seed["article_paragraphs"])]
    profile = [
        _Line(
            "Ascom is a global solutions provider focused on healthcare ICT and mobile workflow solutions.",
            "p",
            0.0,
            20,
        ),
        _Line(
            "Ascom is headquartered in Baar (Switzerland), has operating businesses in 18 countries and "
            "employs around 1,300 people worldwide.",
            "p",
            0.0,
            21,
        ),
    ]
    kept, removals = _structural_pass([*body, *profile], set())
    assert kept == body
    assert {r.reason for r in removals} == {"about-us section"}
    # a story that ends on a company's description, without a profile's facts, keeps it
    background = _Line("SpaceX is a private company that builds rockets and spacecraft.", "p", 0.0, 20)
    kept, _ = _structural_pass([*body, background], set())
    assert background in kept


def test_a_caption_that_repeats_the_pictures_description_goes(seed: dict) -> None:
    # As on AppleInsider (extraction-dev): the caption is a plain <p> under the image, with the same words as
    # the image's alt text; no credit or "caption" class gives it away.
    paragraphs = seed["article_paragraphs"]
    html = (
        "<html><head><title>Polaris Dawn</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in paragraphs[:4])
        + '<p><img src="a.jpg" alt="The crew of four inside the Dragon capsule"></p>'
        + "<p>The crew of four inside the Dragon capsule</p>"
        + f'<p><img src="b.jpg" alt="{paragraphs[4]}"></p>'  # a paragraph of the text also used as alt text
        + "".join(f"<p>{p}</p>" for p in paragraphs[4:])
        + "</article></body></html>"
    )
    assert extract_text(html).split("\n\n") == paragraphs
    removed = {(r.text, r.reason) for r in explain(html)}
    assert ("The crew of four inside the Dragon capsule", "caption") in removed


@pytest.mark.parametrize("html", ["", "   ", "<html><body></body></html>", "<<<>>>", "<p>"])
def test_empty_or_broken_input_gives_empty_text(html: str) -> None:
    assert extract_text(html) == ""
    assert explain(html) == []


# -- the sentence layer on its own ---------------------------------------------------------------------


def test_boilerplate_sentence_inside_a_paragraph_goes_alone() -> None:
    para = (
        "The council voted on Tuesday to close the bridge for repairs, which will take most of the winter. "
        "Officials said traffic would be diverted through the town centre and buses would run more often. "
        "Sign up for our newsletter to get the latest news delivered to your inbox."
    )
    kept, removals = strip_boilerplate([para])
    assert kept == [para.rsplit(" Sign up", 1)[0]]
    assert [r.reason for r in removals] == ["call to action"]


@pytest.mark.parametrize(
    "line",
    [
        "Follow us on Twitter @Spacedotcom or Facebook.",
        "READ MORE: China plague outbreak confirmed",
        "Related: Possible Water Plumes on Europa",
        "Pic: SpaceX",
        "Photo: Reuters",
        "Image copyright Getty Images",
        "Advertisement",
        "Comments are closed.",
        "Disclosure: ZDNet may earn a commission from some of the products featured on this page.",
        "© The Detroit News, a Digital First Media Newspaper",
        "Reporting by Rodrigo Campos; Editing by Nick Zieminski",
        "By Jane Doe and John Roe",
        "Lesen Sie auch: Die Lage in Berlin",
        "Folgen Sie uns auf Twitter.",
        "Utilizziamo i cookie per essere sicuri che tu possa avere la migliore esperienza sul nostro sito.",
        # seen on pages of trafilatura's evaluation set, one kind of line each, in several languages
        "To view the full story, please subscribe to The Haitian Times.",
        "If you’re seeing this message but you’re already a subscriber, you can log in for immediate access.",
        "¡Mira lo que tiene nuestro canal de YouTube!",
        "¿Ya sabías que en Guatemala.com tenemos canal de Telegram? Únete desde tu celular en este enlace.",
        "Abonniere unseren WhatsApp-Kanal!",
        "LE PUEDE INTERESAR: La ficha de Juan Orlando Hernández en el MDC de Nueva York",
        "Das könnte Sie auch interessieren: Die Lage in Berlin",
        "Zobacz też: Wyniki wyborów",
        "Mehr Themen:",
        "Sie sind aktuell nicht eingeloggt.",
        "You must be logged in to post a comment.",
        "Soyez le premier à commenter.",
        "ANZEIGE - Heute mal ausgehen/bestellen? Wie wäre es mit:",
        "*Werbung. Dieser Beitrag enthält Werbung für MYMARINI.",
        "This post contains references to products from one or more of our advertisers.",
        "Dieser Artikel erschien zuerst bei Emotion.",
        "This story originally appeared on Grist.",
        "Weitere Infos unter www.itfjuniors.de.",
        "Copyright: Gisele Wender",
        "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
        "Photo by Jane Doe on Unsplash",
        "The mayor, right, greets officials (Photo by John Smith/Getty Images)",
        "Auch Herbert Grönemeyer gehört zu den Unterstützern. Bild: dpa",
        "Einen Studienplatz, aber keine Wohnung? So geht es momentan einigen Erstis. Foto: Ingo Schneider",
        "Featured image by Alberto Riva/The Points Guy.",
        "Photo Source: Markus Spiske from Pexels.",
        "Symbolgrafik:© Butch - stock.adobe.com",
        "1.12.2022 | Quelle: Shanghai Electric | solarserver.de © Solarthemen Media GmbH",
        "Quelle: dpa-AFX",
        "(Con información de AFP, EFE y Reuters)",
        # the standing strings of comment forms, sign-up boxes and ad slots
        "Your email address will not be published.",
        "Ihre E-Mail-Adresse wird nicht veröffentlicht.",
        "Votre adresse e-mail ne sera pas publiée.",
        "Save my name, email, and website in this browser for the next time I comment.",
        "You can unsubscribe at any time.",
        "We will never share your email address with third parties.",
        "Scroll to continue with content",
        "Share this:",
        "Click to share on Twitter (Opens in new window)",
        "We will update this story as more information becomes available.",
        "Use of this site constitutes acceptance of our User Agreement.",
        "Reproduction in whole or in part without written permission is prohibited.",
        "READ: Trump impeachment hearings continue into a second week",
        "Related Story: Storm batters the coast as thousands lose power",
        "Also on CNBC: Stocks slide as bond yields rise",
        # the publisher asking to hear from the reader (The Atlantic, Houzz; and their kin)
        "We want to hear what you think about this article.",
        "Submit a letter to the editor or write to letters@theatlantic.com.",
        "Verraten Sie gerne in den Kommentaren: Welches Projekt gefällt Ihnen am besten?",
        "Wir freuen uns auf Ihre Meinung!",
        "Dites-nous ce que vous en pensez en commentaire.",
        "Déjanos tu opinión en los comentarios.",
        # WordPress's share and like boxes, translated, and "related" headings in other languages
        "Teilen mit:",
        "Wird geladen …",
        "Me gusta esto:",
        "Ähnliche Beiträge",
        "Más sobre La Tercera AM",
        # widgets standing in the text: time stamps, reading time, audio player, ad breaks, feedback
        "Updated at 3:45 p.m. ET.",
        "Mise à jour le 12 mars 2021 à 10h.",
        "Dieser Artikel wurde aktualisiert.",
        "Reading time: 4 minutes.",
        "Lesezeit: 4 Minuten",
        "5 min read",
        "Listen to this article.",
        "Der Artikel wird unter der Anzeige fortgesetzt.",
        "Have a news tip?",
        "Was this article helpful?",
        "War dieser Artikel hilfreich?",
        "Report an error",
        # captions, credits, cookie and newsletter lines in their other languages
        "Image courtesy of the artist.",
        "Crédits : Jean Dupont / Le Monde",
        "Fotografía: EFE",
        "Melden Sie sich für unseren Newsletter an.",
        "Ce site utilise des cookies.",
        "This content is not available in your region.",
        # "read on" and "latest" links on a line of their own, in the usual languages
        "Continue reading on Medium.",
        "Weiterlesen",
        "Lire la suite",
        "Seguir leyendo.",
        "Continua a leggere",
        "Leia a matéria completa",
        "Czytaj dalej",
        "Alle Artikel zum Thema",
        "Latest news",
        # follow, app, support and reproduction lines in their other languages
        "Obserwuj nas na Facebooku.",
        "Rejoignez-nous sur WhatsApp.",
        "Laden Sie unsere App herunter.",
        "Descarga nuestra app.",
        "Support us on Patreon.",
        "Unterstützen Sie uns.",
        "Nachdruck nur mit Genehmigung.",
        "Prohibida su reproducción.",
        # a caption whose last sentence is its credit
        "People gather in Paris on Sunday. AFP",
        "Des manifestants à Paris, le 3 mars 2022. JEAN DUPONT / AFP",
        "The singer on stage in London in 2019. Photograph: Jane Doe/Redferns",
        "Jane Doe | Getty Images",
        # German page furniture: more-of links, a featured image's label, a comment button
        "Weitere Tourentipps",
        "Weitere aktuelle Themen aus der Arbeitswelt",
        "Originalpublikation:",
        "Symbolbild: dpa",
        "Kommentieren",
    ],
)
def test_boilerplate_lines_are_removed(line: str) -> None:
    kept, removals = strip_boilerplate([line])
    assert kept == []
    assert removals and removals[0].reason


@pytest.mark.parametrize(
    "line",
    [
        "He said he would follow the rules, and the committee agreed to meet again on Friday.",
        "The app was downloaded ten million times in its first week, the company said.",
        "Police refreshed their appeal for witnesses on Monday evening.",
        "The photo shows the crew inside the capsule before the hatch was opened.",
        "Der Konzern teilte mit, die Produktion sei eingestellt worden.",
        "By Tuesday the river had risen another metre.",
        "“We set up our WhatsApp group to coordinate the search,” she said.",
        "The company said its YouTube channel had grown to a million subscribers.",
        "Police said the complaint had already been registered on Monday.",
        "Photos by police showed the car was badly damaged.",
        "The ministry said it would publish more details at www.example.gov later this week.",
        "Die Zeitung erschien zuerst im Jahr 1946 als Wochenblatt.",
        "Image quality was poor, the investigators said, so the plate could not be read.",
        "Visitors will have unlimited access to the park until the end of the month.",
        "The company said it does not share data with advertisers.",
        "Like many others in the town, he left before the floods came.",
        "We want to hear from you, the mayor told residents at the meeting on Tuesday.",
        "I would like to hear from the minister on this, the senator said.",
        "In den Kommentaren unter dem Video beschimpften Nutzer die Politikerin.",
        "Loading the ship took three days.",
        "Mehr zu tun gibt es nicht, sagte der Bürgermeister.",
        "Updated guidance was published on 3 March 2021 by the ministry, officials said.",
        "Listen to this article's author explain why the vote matters: she spent years on it.",
        "He read the report in 5 minutes.",
        "Was this article helpful to investors? The regulator thinks not.",
        "Credits roll as the film ends, she said.",
        "The site uses cookies to track users, regulators said on Monday.",
        "Unseren Newsletter lesen 20.000 Menschen, sagte die Verlegerin.",
        "Latest news from the front suggests the army is retreating.",
        "Continue reading the report, she urged lawmakers.",
        "Support us, the protesters chanted outside parliament.",
        "Nachdruck des Buches erschien 1950.",
        "The agency, AFP, said the reporter was safe. Officials confirmed it on Monday.",
        "He thanked Reuters. The interview lasted an hour.",
        "Weitere Tipps gibt die Verbraucherzentrale auf ihrer Website.",
    ],
)
def test_article_sentences_are_kept(line: str) -> None:
    assert strip_boilerplate([line]) == ([line], [])


def test_sentence_key_folds_case_digits_and_accents() -> None:
    assert sentence_key("Updated 5:45 p.m. – Café") == sentence_key("updated 6:10 P.M. - cafe")
    assert sentence_key("") == ""


# -- feed HTML ------------------------------------------------------------------------------------------


def test_feed_feedflare_and_tracking_pixel() -> None:
    html = (
        'No one needs to go to this annual gadget tradeshow.<div class="feedflare">'
        '<a href="http://feeds.feedburner.com/~ff/pcmag?a=x"><img src="http://feeds.feedburner.com/~ff/pcmag?d=y"/>'
        '</a></div><img alt="" height="1" width="1" src="http://feeds.feedburner.com/~r/pcmag/~4/abc" />'
    )
    assert clean_feed_html(html) == "No one needs to go to this annual gadget tradeshow."


def test_feed_wordpress_post_footer() -> None:
    html = (
        "<p>The harvest came in two weeks early this year.</p>"
        '<p>The post <a href="https://example.org/harvest/">Early harvest</a> appeared first on '
        '<a href="https://example.org">Farm News</a>.</p>'
    )
    assert clean_feed_html(html) == "The harvest came in two weeks early this year."


def test_feed_mehr_link() -> None:
    html = (
        '<p> <a href="https://www.tagesschau.de/x.html"><img alt="Flagge | REUTERS" src="x.jpg" /></a> '
        "<br /> "
        "<br />Der neue Außenminister hatte bereits zuvor eine Schlüsselrolle in der syrischen Opposition."
        '[<a href="https://www.tagesschau.de/x.html">mehr</a>]</p>'
    )
    assert (
        clean_feed_html(html)
        == "Der neue Außenminister hatte bereits zuvor eine Schlüsselrolle in der syrischen Opposition."
    )


def test_feed_continue_reading_and_related() -> None:
    html = (
        "<p>Donald Trump has promised a “new American moment” in a State of the Union address.</p>"
        '<p> <span>Related: </span><a href="https://example.com/a">Fact check: the address analyzed</a> </p> '
        '<a href="https://example.com/b">Continue reading...</a>'
    )
    assert (
        clean_feed_html(html)
        == "Donald Trump has promised a “new American moment” in a State of the Union address."
    )


def test_feed_list_of_links_goes_and_linked_words_in_a_sentence_stay() -> None:
    """The Omni Show's notes (tests/data/feeds/real): a sentence with links in it is read, the list of
    links after it ("Vesper", "Omni Support", ... "University of Michigan School of Information") is not."""
    import feedparser

    feed = Path(__file__).parent / "data" / "feeds" / "real" / "omnishow_podcast.rss.xml"
    item = next(e for e in feedparser.parse(feed.read_bytes()).entries if "McVittie" in e.title)
    text = clean_feed_html(item.content[0].value)
    assert "Andrea studied fine art at Michigan State and human-computer interaction at the" in text
    for label in ("Vesper", "Omni Support", "University of Michigan School of Information", "Adobe"):
        assert label not in text, label
    mixed = '<ul><li><a href="/a">Rates held</a> - BBC News</li><li><a href="/b">Cup final</a></li></ul>'
    assert clean_feed_html(mixed) == "Rates held - BBC News"  # an item with words of its own stays


def test_feed_sponsor_list_goes_and_a_deals_post_keeps_its_codes() -> None:
    """Daring Fireball's The Talk Show (tests/data/feeds/real): "Sponsored by:" and the ad reads after
    it are not read; the episode's topics are. A deals post's codes are its news and stay."""
    feed = Path(__file__).parent / "data" / "feeds" / "real" / "daringfireball.feed.json"
    item = next(i for i in json.loads(feed.read_text())["items"] if "TALKSHOW" in i.get("content_html", ""))
    text = clean_feed_html(item["content_html"])
    assert "Topics include more follow-up from WWDC 2017" in text
    for ad in ("Sponsored by", "GRUBER", "promo code", "10% off", "Squarespace", "MailRoute"):
        assert ad not in text, ad
    deals = "<p>Dell cut the XPS 13 to $799.</p><ul><li>Use code 50OFF699 to get it for $799.99.</li></ul>"
    assert "Use code 50OFF699" in clean_feed_html(deals)
    for announced in ("This episode is brought to you by Squarespace.", "Thanks to Linode for sponsoring."):
        assert boilerplate_reason(announced) == "advertisement"
    assert boilerplate_reason("Sponsored by Senator Doe, the bill passed the House on Monday.") is None


def test_feed_substack_subscribe_form() -> None:
    html = (
        "<p>Do we simply need larger models?</p>"
        '<div class="subscription-widget-wrap-editor"><div class="preamble">'
        '<p class="cta-caption">Thanks for '
        "reading AI4Science! Subscribe for free to receive new posts and support my work.</p></div>"
        '<form><input type="email" name="email"/><input type="submit" value="Subscribe"/></form></div>'
    )
    assert clean_feed_html(html) == "Do we simply need larger models?"


def test_feed_plain_text_and_entities() -> None:
    assert clean_feed_html("Monday&#039;s vote &amp; the result") == "Monday's vote & the result"
    assert clean_feed_html("") == ""


# -- titles ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "Julian Assange: Sweden drops rape investigation - BBC News",
            "Julian Assange: Sweden drops rape investigation",
        ),
        (
            "Asian shares soft as trade doubts creep back in | Reuters",
            "Asian shares soft as trade doubts creep back in",
        ),
        (
            "Japan's economy shrinks for first time in a year - The Japan Times",
            "Japan's economy shrinks for first time in a year",
        ),
        ("Ukraine war - live", "Ukraine war - live"),
        ("盛山文科相、旧統一教会系から選挙支援 - 朝日新聞デジタル", "盛山文科相、旧統一教会系から選挙支援"),
        ("Ukraine war - latest updates", "Ukraine war - latest updates"),
        ("Spacewalk &amp; the <b>billionaire</b>", "Spacewalk & the billionaire"),
        ("Brexit - what happens next", "Brexit - what happens next"),
        ("Ukraine - Russia talks - BBC News", "Ukraine - Russia talks"),
        ("Die Lage in Berlin – spiegel.de", "Die Lage in Berlin"),
    ],
)
def test_clean_title(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_extract_title_prefers_og_title() -> None:
    html = (
        "<html><head><title>Ignored | Site</title>"
        '<meta property="og:title" content="Real headline - Example News">'
        "</head><body><h1>Other</h1></body></html>"
    )
    assert extract_title(html) == "Real headline"
    assert extract_title("<html><body><p>no title</p></body></html>") is None

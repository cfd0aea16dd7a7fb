"""Article text a listener can sit through: html -> plain paragraphs, nothing read aloud that a reader skims.

Three layers, cheapest judgement last:

1. trafilatura (precision mode, no comments, links kept as markup) finds the article body; its balanced mode
   is asked when precision keeps next to nothing;
2. a structural pass over its block tree drops what the markup gives away: headline echoes, link-only teasers
   and "related" lists, orphaned headings, press-release "About us" tails and company profiles; while the
   tree is flattened, words keep the boundaries the page gave them (:mod:`briefing.text.spacing`) and
   ticker links go;
3. :mod:`briefing.text.boilerplate` judges the remaining lines and sentences by their wording; then a second
   copy of the text (a run of sentences repeated in order) and labels left with nothing to introduce go.

Last, the edges of the body are checked against the page as a reader sees it
(:mod:`briefing.text.standfirst`): the standfirst trafilatura left out above the body comes back, the
author's biography below it goes.

trafilatura is imported inside the functions so that ``import briefing.text.extract`` stays cheap.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .boilerplate import SPONSORS_HEADING, Removal, is_shouted, line_reason, sentence_key, strip_boilerplate
from .markup import decode_entities, strip_tags
from .pagetext import PageText
from .sentences import split_sentences
from .spacing import (
    JUNCTION,
    TICKER,
    drop_ticker_residue,
    is_ticker_link,
    join_pieces,
    resolve,
    separate_dateline,
)
from .standfirst import author_bio_at, find_standfirst

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = [
    "Removal",
    "clean_feed_html",
    "clean_title",
    "explain",
    "extract_text",
    "extract_title",
]

log = logging.getLogger(__name__)

# A paragraph is a link teaser when nearly all of its text is one or more links and it is short.
_LINK_RATIO = 0.8
_TEASER_MAX_WORDS = 25
_LINKED_CONTENT_SHARE = 0.3
# When the fast extraction keeps fewer characters than this, or less than this share of the text in the
# page's <p> elements, it may have missed the article and trafilatura's full cascade is tried as well.
_SHORT_EXTRACTION = 1000
_PARAGRAPH_SHARE = 0.2


@dataclass(frozen=True)
class _Line:
    """One line of the extracted body with the facts the structural pass needs."""

    text: str
    kind: str  # "p", "head", "item", "quote", "cell"
    link_ratio: float
    group: int  # index of the top-level block it came from (a list, a table, a paragraph)


def extract_text(html: str, url: str | None = None, *, site_stock: Collection[str] = ()) -> str:
    """The article body as plain text, paragraphs separated by blank lines, with boilerplate removed.

    ``site_stock`` holds :func:`~briefing.text.boilerplate.sentence_key` forms of lines this site repeats
    in every
    article (found by the caller across a feed); they are dropped too.
    """
    paragraphs, _ = _extract(html, url, site_stock)
    return "\n\n".join(paragraphs)


def explain(html: str, url: str | None = None, *, site_stock: Collection[str] = ()) -> list[Removal]:
    """What the structural and sentence layers removed from the article body, one entry each, with reasons."""
    _, removals = _extract(html, url, site_stock)
    return removals


def _extract(html: str, url: str | None, site_stock: Collection[str]) -> tuple[list[str], list[Removal]]:
    """Fast trafilatura first; the full cascade (readability/justext cross-check) only when that looks short.

    The cross-check costs a third of trafilatura's time and changes the result on few pages: those where its
    own extractor found little (after our cleaning) or far less than the page's paragraphs hold. When even
    that keeps next to nothing, precision mode has thrown the article away with the furniture (a body held
    in a template script, a page without article markup): trafilatura's balanced mode, which may fall back
    to the page's schema.org ``articleBody`` and to a recall retry, is asked last.
    """
    if not html or not html.strip():
        return [], []
    tree = _parse(html)
    if tree is None:
        return [], []
    titles = _title_keys(html)
    pictures = _picture_keys(tree)
    page = PageText(html)
    best: tuple[list[str], list[Removal]] = ([], [])
    best_chars = -1
    page_chars = -1
    for fast, precise in _PASSES:
        if not precise and best_chars >= _NOTHING:
            break
        body, raw_chars = _trafilatura_body(tree, url, fast, precise)
        if body is None:
            continue
        lines, removals = _structural_pass(_body_lines(body, page), titles, pictures)
        kept, more = strip_boilerplate([line.text for line in lines], site_stock)
        kept, repeats = drop_repeats(kept)
        kept, labels = _drop_orphan_labels(kept)
        chars = sum(len(p) for p in kept)
        if chars > best_chars:
            best, best_chars = (kept, removals + more + repeats + labels), chars
        if fast and precise and chars >= _SHORT_EXTRACTION:
            page_chars = _paragraph_chars(html) if page_chars < 0 else page_chars
            if raw_chars >= _PARAGRAPH_SHARE * page_chars:
                break
    return _with_standfirst(html, page, best, titles, site_stock)


def _with_standfirst(
    html: str, page: PageText, best: tuple[list[str], list[Removal]], titles: set[str], stock: Collection[str]
) -> tuple[list[str], list[Removal]]:
    """The body with the page's standfirst before it, when the extractor left it out, and without the
    author's biography at its end (see standfirst.py).

    The standfirst is judged like any line: a headline restated or a line of furniture stays out.
    """
    kept, removals = best
    bio = author_bio_at(html, kept)
    if bio is not None:
        kept, removals = kept[:bio], removals + [Removal(p, "author bio") for p in kept[bio:]]
    standfirst = find_standfirst(html, page, kept)
    if not standfirst or sentence_key(standfirst) in titles:
        return kept, removals
    lines, _ = strip_boilerplate([standfirst], stock)
    return lines + kept, removals


# A run of sentences repeated in the same order is a second copy of the text once it is this long (in words);
# shorter runs are a site's refrains (a question put to each interviewee, a meal plan's daily items).
_COPY_MIN_WORDS = 80


def drop_repeats(paragraphs: Sequence[str]) -> tuple[list[str], list[Removal]]:
    """Say the article once: pages carry second copies of their text that an extractor takes for more body.

    An AMP or print copy, a ``<noscript>`` twin, a fact box printed above and below the story: a listener
    would hear it all twice. A copy is a run of sentences, each repeating the one after the previous one's
    earlier twin, that adds up to a passage; single repeated lines are left alone.
    """
    sentences = [(i, s) for i, paragraph in enumerate(paragraphs) for s in split_sentences(paragraph)]
    first: dict[str, int] = {}
    source = [-1] * len(sentences)
    for n, (_, sentence) in enumerate(sentences):
        key = " ".join(re.findall(r"\w+", sentence.casefold()))  # digits kept: table rows differ by them
        source[n] = first.setdefault(key, n) if key else n
    copy = [False] * len(sentences)
    start, words = -1, 0
    for n in range(len(sentences) + 1):
        repeated = n < len(sentences) and source[n] < n
        if not (repeated and start >= 0 and source[n] == source[n - 1] + 1):
            if start >= 0 and words >= _COPY_MIN_WORDS:
                copy[start:n] = [True] * (n - start)
            start, words = (n if repeated else -1), 0
        if repeated:
            words += len(sentences[n][1].split())
    return _without(paragraphs, sentences, copy)


def _without(
    paragraphs: Sequence[str], sentences: list[tuple[int, str]], drop: list[bool]
) -> tuple[list[str], list[Removal]]:
    """The paragraphs without the dropped sentences; a paragraph that loses them all goes as one removal."""
    if not any(drop):
        return list(paragraphs), []
    kept_parts: list[list[str]] = [[] for _ in paragraphs]
    dropped_parts: list[list[str]] = [[] for _ in paragraphs]
    for (i, sentence), dropped in zip(sentences, drop, strict=True):
        (dropped_parts if dropped else kept_parts)[i].append(sentence)
    kept: list[str] = []
    removals: list[Removal] = []
    for paragraph, rest, gone in zip(paragraphs, kept_parts, dropped_parts, strict=True):
        if not gone:
            kept.append(paragraph)
        elif not rest:
            removals.append(Removal(paragraph, "repeated text"))
        else:
            removals.extend(Removal(sentence, "repeated text") for sentence in gone)
            kept.append(" ".join(rest))
    return kept, removals


_LABEL_MAX_WORDS = 8


def _drop_orphan_labels(paragraphs: list[str]) -> tuple[list[str], list[Removal]]:
    """A label that announces what was removed ("Related articles:", "Quellen:", "Lue aiheesta lisää:").

    A short line ending in a colon introduces what follows it; when nothing follows before the next such
    label or the end of the text (its links and teasers were furniture), it would be read into the void.
    """
    drop = [False] * len(paragraphs)
    content_after = False
    for i in range(len(paragraphs) - 1, -1, -1):
        text = paragraphs[i]
        if text.endswith((":", "：")) and len(text.split()) <= _LABEL_MAX_WORDS:
            drop[i] = not content_after
            content_after = False
        else:
            content_after = True
    kept = [p for p, d in zip(paragraphs, drop, strict=True) if not d]
    return kept, [Removal(p, "orphan label") for p, d in zip(paragraphs, drop, strict=True) if d]


# (fast, precision) in the order tried; see _extract.
_PASSES = ((True, True), (False, True), (True, False))
# An extraction this short (in characters, after cleaning) has missed the article, if the page has one.
_NOTHING = 200


def _parse(html: str) -> _Element | None:
    """The page parsed once, as trafilatura parses it; each pass works on its own copy."""
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except Exception:  # hostile markup raises many kinds of errors; no text is the honest answer
        log.debug("unparsable page", exc_info=True)
        return None


def _trafilatura_body(
    tree: _Element, url: str | None, fast: bool, precise: bool
) -> tuple[_Element | None, int]:
    """trafilatura's body tree (no comments, links kept as <ref>) and its text length."""
    import trafilatura

    try:
        # No url: it would only make link targets absolute, which costs a tenth of the time and is never read.
        doc = trafilatura.bare_extraction(
            tree, fast=fast, favor_precision=precise, include_comments=False, include_links=True
        )
    except Exception:  # hostile markup raises many kinds of errors; no text is the honest answer
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return None, 0
    body = getattr(doc, "body", None)  # a Document (trafilatura 2) or None
    if body is None:
        return None, 0
    return body, len(getattr(doc, "text", None) or "")


# Text after a <p> up to the next <p> or </p>: linear even when the page never closes its paragraphs.
_P_ELEMENT = re.compile(r"<p\b[^>]*>([^<]*(?:<(?!/?p[\s>])[^<]*)*)", re.IGNORECASE)


def _paragraph_chars(html: str) -> int:
    """Rough amount of text in the page's <p> elements, to notice an extraction that found far too little."""
    return sum(len(" ".join(strip_tags(m).split())) for m in _P_ELEMENT.findall(html))


def _body_lines(body: _Element, bounds: PageText | None = None) -> list[_Line]:
    """Flatten trafilatura's body tree into lines, keeping link density per line.

    Where pieces of text met without a space, ``bounds`` (the page's own spacing) says whether a space
    was lost; a paragraph that trafilatura cut at a link is made whole again.
    """
    lines: list[_Line] = []
    loose = " ".join((body.text or "").split())
    if loose:
        lines.append(_Line(loose, "p", 0.0, -1))
    for group, block in enumerate(body):
        new = list(_block_lines(block, group))
        if new and lines and _cut_at_link(lines[-1], block, new[0], bounds):
            lines[-1] = _merge(lines[-1], new.pop(0))
        lines.extend(new)
        loose = " ".join((block.tail or "").split())  # text trafilatura left between blocks is body text too
        if loose:
            lines.append(_Line(loose, "p", 0.0, group))
    out = []
    for line in lines:
        text = separate_dateline(drop_ticker_residue(resolve(line.text, bounds)))
        if text:
            out.append(line if text == line.text else _Line(text, line.kind, line.link_ratio, line.group))
    return out


def _cut_at_link(last: _Line, block: _Element, first: _Line, bounds: PageText | None) -> bool:
    """Whether a paragraph opening with a link continues the unfinished one before it ("... und der" +
    "<ref>Festung Hohensalzburg</ref> auf ihrem ..."): trafilatura cuts loose text at links, and the page
    shows the two words side by side in one run of text."""
    if bounds is None or block.tag != "p" or (block.text or "").strip() or not len(block):
        return False
    if block[0].tag not in _LINKS or last.kind != "p" or first.kind != "p":
        return False
    if last.text.endswith(_SENTENCE_END):
        return False
    before = last.text.replace(JUNCTION, " ").rsplit(None, 1)[-1]
    after = first.text.replace(JUNCTION, " ").split(None, 1)[0]
    return bounds.spaced(before, after)


def _merge(last: _Line, first: _Line) -> _Line:
    size = len(last.text) + 1 + len(first.text)
    linked = last.link_ratio * len(last.text) + first.link_ratio * len(first.text)
    return _Line(f"{last.text} {first.text}", "p", min(1.0, linked / size), last.group)


# trafilatura's own output vocabulary, plus the HTML its readability fallback returns as is.
_HEADINGS = frozenset({"head", "h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"list", "ul", "ol", "dl"})
_LINKS = frozenset({"ref", "a"})
_BREAKS = frozenset({"lb", "br"})
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "quote", "table"}
    | {"figure", "pre", "code", "dd", "dt", "li", "item"}
    | _HEADINGS
    | _LISTS
)


def _block_lines(block: _Element, group: int) -> Iterator[_Line]:
    tag = block.tag if isinstance(block.tag, str) else ""  # comments and processing instructions
    if not tag or tag in ("graphic", "img", "figure", "figcaption", "script", "style"):
        return
    kind = "head" if tag in _HEADINGS else "quote" if tag in ("quote", "blockquote") else "p"
    if tag in _LISTS:
        for item in block.iter("item", "li", "dd", "dt"):
            yield from _element_lines(item, "item", group)
    elif tag == "table":
        yield from _table_lines(block, group)
    elif kind != "head" and any(isinstance(child.tag, str) and child.tag in _BLOCKS for child in block):
        # A container (a quote of paragraphs, a <div> from the readability fallback): runs of inline content
        # become lines of their own, block children are taken one by one.
        pieces: list[tuple[_Line, bool]] = []  # (line, is an inline run between blocks)
        runs: list[list[tuple[str, bool]]] = [[]]
        if block.text:
            runs[-1].append((block.text, False))
        for child in block:
            child_tag = child.tag if isinstance(child.tag, str) else ""
            if child_tag in _BLOCKS:
                pieces.extend((line, True) for line in _segment_lines(runs, kind, group))
                runs = [[]]
                pieces.extend((line, False) for line in _block_lines(child, group))
            elif child_tag in _BREAKS:
                runs.append([])
            elif child_tag:
                _collect(child, child_tag in _LINKS, runs)
            if child.tail:
                runs[-1].append((child.tail, False))
        pieces.extend((line, True) for line in _segment_lines(runs, kind, group))
        yield from _join_fragments(pieces)
    else:
        yield from _element_lines(block, kind, group)


_CELLS = frozenset({"cell", "td", "th"})
_PARAGRAPH_CHARS = 120  # a paragraph's worth of text, in any script


def _table_lines(table: _Element, group: int) -> Iterator[_Line]:
    """A data table is read row by row, its cells joined by " | "; a layout table as the page it lays out.

    A row with a cell of paragraphs (blocks holding a paragraph's worth of text) is layout: joining it into
    one line would glue its paragraphs together ("...ahead.Officials said") behind the menu beside them. A
    table nested in such a cell is read by that cell, once.
    """
    for row in table.iter("row", "tr"):
        if _enclosing_table(row) is not table:
            continue
        cells = [
            [*_block_lines(cell, group)] for cell in row if isinstance(cell.tag, str) and cell.tag in _CELLS
        ]
        if any(
            len(lines) > 1 and sum(len(line.text) for line in lines) >= _PARAGRAPH_CHARS for lines in cells
        ):
            for lines in cells:
                yield from lines
            continue
        text = " | ".join(" ".join(line.text for line in lines) for lines in cells if lines)
        if text:
            yield _Line(text, "cell", _link_ratio(row), group)


def _enclosing_table(row: _Element) -> _Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


# Blocks that hold running text of their own (not code, figures or tables) when nested in an inline context.
_PARAGRAPHS = frozenset({"p", "div", "section", "article", "quote", "blockquote", "dd", "dt"} | _HEADINGS)

_SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”", "’", "»", ")", "]", "。", "！", "？")


def _join_fragments(pieces: list[tuple[_Line, bool]]) -> list[_Line]:
    """Glue a sentence that markup cut into pieces back together.

    Readability's fallback output can hold "<p>... cited by </p><a>DigiTimes</a><p>. A preview ...": a piece
    that continues an unfinished line (it starts in lower case or with punctuation, or it is an inline run
    followed by such a continuation) belongs to the line before it.
    """

    def continues(text: str) -> bool:
        return bool(text) and (text[0].islower() or text[0] in ",.;:)!?")

    out: list[_Line] = []
    parts: list[str] = []  # the pieces of out[-1] while it grows; joined once (repeated "+" is quadratic)
    size = ratio = 0.0
    for i, (line, inline) in enumerate(pieces):
        nxt = pieces[i + 1][0].text if i + 1 < len(pieces) else ""
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == line.kind == "p"
            and not (parts[-1] if parts else prev.text).endswith(_SENTENCE_END)
            and (continues(line.text) or (inline and continues(nxt)))
        ):
            if not parts:
                parts, size, ratio = [prev.text], len(prev.text), prev.link_ratio
            sep = JUNCTION if line.text[0] in ",.;:)!?" else " "  # the page says whether a space was lost
            parts += [sep, line.text]
            linked = ratio * size + line.link_ratio * len(line.text)
            size += len(sep) + len(line.text)
            ratio = min(1.0, linked / size)
            continue
        if parts:
            out[-1] = _Line("".join(parts), "p", ratio, out[-1].group)
            parts = []
        out.append(line)
    if parts:
        out[-1] = _Line("".join(parts), "p", ratio, out[-1].group)
    return out


def _element_lines(element: _Element, kind: str, group: int) -> Iterator[_Line]:
    """Split an element on its line breaks; nested lists are left to their own items."""
    runs: list[list[tuple[str, bool]]] = [[]]
    in_link = element.tag in _LINKS
    if element.text:
        runs[-1].append((element.text, in_link))
    for child in element:
        _collect_child(child, in_link, runs)
    yield from _segment_lines(runs, kind, group)


def _collect(element: _Element, in_link: bool, runs: list[list[tuple[str, bool]]]) -> None:
    """Append an inline element's text (without its tail) to the current run, with link flags.

    A link to a market quote that shows the instrument's code (".N225") is left out: it is no word.
    """
    if element.tag in _LINKS and is_ticker_link(
        _plain(element), element.get("target") or element.get("href") or "", element.tail or ""
    ):
        runs[-1].append((TICKER, False))
        return
    if element.text:
        runs[-1].append((element.text, in_link))
    for child in element:
        _collect_child(child, in_link, runs)


def _collect_child(child: _Element, in_link: bool, runs: list[list[tuple[str, bool]]]) -> None:
    tag = child.tag if isinstance(child.tag, str) else ""
    if tag in _BREAKS:
        runs.append([])
    elif tag in _PARAGRAPHS:
        # A paragraph inside a list item is a line of its own, not glued to the item's other paragraphs.
        runs.append([])
        _collect(child, in_link, runs)
        runs.append([])
    elif tag in _CELLS or tag in ("row", "tr"):
        # Cells trafilatura left outside their table: their texts are apart, as on the page.
        runs[-1].append((" ", in_link))
        _collect(child, in_link, runs)
        runs[-1].append((" ", in_link))
    elif tag and tag not in _LISTS and tag not in ("script", "style"):
        _collect(child, in_link or tag in _LINKS, runs)
    if child.tail:
        runs[-1].append((child.tail, in_link))


def _segment_lines(runs: list[list[tuple[str, bool]]], kind: str, group: int) -> Iterator[_Line]:
    for run in runs:
        text = " ".join(join_pieces([t for t, _ in run]).split())
        if text:
            linked = len(" ".join("".join(t for t, link in run if link).split()))
            yield _Line(text, kind, min(1.0, linked / (len(text) - text.count(JUNCTION))), group)


def _plain(element: _Element) -> str:
    return "".join(element.itertext())


def _link_ratio(element: _Element) -> float:
    total = len(" ".join(_plain(element).split()))
    if not total:
        return 0.0
    linked = sum(len(" ".join(_plain(ref).split())) for ref in element.iter("ref", "a"))
    return min(1.0, linked / total)


def _structural_pass(
    lines: list[_Line], titles: set[str], pictures: Collection[str] = frozenset()
) -> tuple[list[_Line], list[Removal]]:
    """Drop what the block structure gives away as furniture; see the module docstring.

    ``pictures`` holds the :func:`sentence_key` forms of the page's image descriptions (alt texts): a line of
    one sentence that says no more than a picture's description is its caption, in any language.
    """
    cut = _Cut(lines)
    _drop_teasers(cut)
    _drop_marked_lines(cut, titles, pictures)
    _drop_link_lists(cut)
    _drop_about_tail(lines, cut.drop)
    _drop_empty_headings(cut)
    return [line for line, k in zip(lines, cut.keep, strict=True) if k], cut.removals


class _Cut:
    """The lines of a body, which of them stay, and why the others went."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.keep = [True] * len(lines)
        self.removals: list[Removal] = []

    def drop(self, i: int, reason: str) -> None:
        if self.keep[i]:
            self.keep[i] = False
            self.removals.append(Removal(self.lines[i].text, reason))


def _drop_teasers(cut: _Cut) -> None:
    """Short lines that are nearly all link, or a navigation label and a link, point elsewhere.

    Where linked lines carry a large share of the text (a deals roundup, a link digest), they are content.
    """
    lines = cut.lines
    teasers = [
        i
        for i, line in enumerate(lines)
        if len(line.text.split()) <= _TEASER_MAX_WORDS
        and ((line.link_ratio >= _LINK_RATIO and not _is_sentence(line)) or _is_labelled_link(line))
    ]
    body_words = sum(len(line.text.split()) for line in lines)
    teaser_words = sum(len(lines[i].text.split()) for i in teasers)
    if body_words > 60 and teaser_words <= _LINKED_CONTENT_SHARE * body_words:
        for i in teasers:
            cut.drop(i, "link teaser")


def _drop_marked_lines(cut: _Cut, titles: set[str], pictures: Collection[str]) -> None:
    """Lines that are furniture by what they repeat or how they are written: the headline (and a standfirst
    printed as a heading under it that restates the first paragraph), shouted teasers, leaked shortcodes
    and picture captions."""
    lines = cut.lines
    headline_at = -1
    for i, line in enumerate(lines):
        words = len(line.text.split())
        if words <= 60 and sentence_key(line.text) in titles:
            cut.drop(i, "headline")
            headline_at = i if headline_at < 0 else headline_at
        elif line.kind in ("p", "item") and 5 <= words <= 14 and is_shouted(line.text):
            # A shouted line of several words is a promotion or a teaser headline; two-word capitals are
            # usually the article's own subheadings ("GIRLS SOCCER").
            cut.drop(i, "shouted teaser")
        elif _SHORTCODE.search(line.text):
            cut.drop(i, "markup leak")
        elif line.kind == "p" and words <= _CAPTION_MAX_WORDS and _is_picture_caption(line.text, pictures):
            cut.drop(i, "caption")
    at = headline_at + 1
    if 0 <= headline_at < 3 and at < len(lines) and lines[at].kind == "head" and _repeats_next(lines, at):
        cut.drop(at, "standfirst")


def _drop_link_lists(cut: _Cut) -> None:
    """A list whose items are mostly links is a "related stories" block even where one item is not."""
    by_group: dict[int, list[int]] = {}
    for i, line in enumerate(cut.lines):
        if line.kind == "item":
            by_group.setdefault(line.group, []).append(i)
    for members in by_group.values():
        if len(members) >= 2 and sum(not cut.keep[i] for i in members) >= 0.6 * len(members):
            for i in members:
                cut.drop(i, "related links")


def _drop_empty_headings(cut: _Cut) -> None:
    """Headings whose section lost everything (or never had anything) would be read into the void; a heading
    that is itself a promotion takes its short section with it ("Pick Six Newsletter" + its pitch)."""
    lines, keep = cut.lines, cut.keep
    for i, line in enumerate(lines):
        if line.kind != "head" or not keep[i]:
            continue
        reason = line_reason(line.text)
        if reason:
            cut.drop(i, reason)
            pitch = _section(lines, i, with_subheadings=True)
            if sum(len(lines[j].text.split()) for j in pitch if keep[j]) <= 40:
                for j in pitch:
                    cut.drop(j, f"{reason} (section)")
            continue
        section = _section(lines, i)
        if (
            not any(keep[j] for j in section)
            and (section or i == len(lines) - 1 or i > len(lines) / 2)
            and len(line.text.split()) <= 12
            and not line.text.endswith((".", "!", "?", "…", "。"))
        ):
            cut.drop(i, "orphan heading")  # heading-shaped lines only: sentences marked up as headings stay


def _is_picture_caption(text: str, pictures: Collection[str]) -> bool:
    """One sentence that is a picture's description; a paragraph some site also used as alt text stays."""
    return sentence_key(text) in pictures and len(split_sentences(text)) == 1


def _repeats_next(lines: list[_Line], at: int) -> bool:
    """Whether most of a line's words come back in the two lines after it (a standfirst restating a lead)."""
    words = set(re.findall(r"\w+", lines[at].text.casefold()))
    later = set(re.findall(r"\w+", " ".join(line.text for line in lines[at + 1 : at + 3]).casefold()))
    return bool(words) and len(words & later) >= 0.5 * len(words)


def _is_sentence(line: _Line) -> bool:
    """A linked line that is text, not a teaser: a sentence a writer linked whole (headlines and link labels
    do not end in a full stop), or a table row of several cells, one of them linked ("2 | Mandarinen")."""
    if line.kind == "cell":
        return " | " in line.text
    return line.kind == "p" and len(line.text.split()) >= 8 and line.text.endswith((".", "。"))


# WordPress shortcodes a broken plugin printed instead of rendering: "[button link=...]...[/button]".
_SHORTCODE = re.compile(r"\[/[a-z_]+\]|\[[a-z_]+\s+[a-z_]+\s*=\s*[\"”“']")


_LABEL = re.compile(
    r"^((related|more|also|see\ also|read\ (more|also|next)|further\ reading|watch|listen|tags?|topics?"
    r"|filed\ under|categor(y|ies)|related\ (roundup|coverage|articles?|stories|content)|buyer'?s\ guide"
    r"|lesen\ sie\ (auch|mehr)|mehr\ zum\ thema|themen|schlagw[öo]rter|(à\ )?lire\ aussi|voir\ aussi"
    r"|lea\ tambi[ée]n|ver\ tambi[ée]n|leggi\ anche|leia\ tamb[ée]m|veja\ tamb[ée]m|zie\ ook"
    r"|(le|te)\ puede\ interesar|tambi[ée]n\ te\ puede\ interesar|te\ recomendamos|vous\ aimerez\ aussi"
    r"|[àa]\ lire\ [ée]galement|(ti\ )?potrebbe\ interessarti|auch\ interessant|zum\ weiterlesen"
    r"|das\ k[öo]nnte\ sie\ (auch\ )?interessieren|weitere\ (artikel|themen)|mehr\ themen"
    r"|(zobacz|przeczytaj|czytaj)\ (te[żz]|tak[żz]e|r[óo]wnie[żz]|wi[ęe]cej)|(leia|saiba)\ mais)\s*:\s)",
    re.IGNORECASE,
)


def _is_labelled_link(line: _Line) -> bool:
    """ "Related Roundup: <link>", "Tags: <link>", "Lesen Sie auch: <link>": a navigation label and a link."""
    m = _LABEL.match(line.text)
    if not m or line.kind not in ("p", "item"):
        return False
    rest = len(line.text) - m.end()
    return rest > 0 and line.link_ratio * len(line.text) >= 0.7 * rest


def _section(lines: list[_Line], head: int, with_subheadings: bool = False) -> list[int]:
    """Indices of the lines under a heading, up to the next heading (past the headings right under it)."""
    out = []
    j = head + 1
    while with_subheadings and j < len(lines) and lines[j].kind == "head":
        out.append(j)
        j += 1
    for k in range(j, len(lines)):
        if lines[k].kind == "head":
            break
        out.append(k)
    return out


_ABOUT = re.compile(
    r"^(?i:about|über|à propos d[eu']|acerca de|sobre|informazioni su)\s+((?i:the\s+|us\b|uns\b)|[A-ZÀ-ÖØ-Þ])"
    r"|^(?i:(media|press) (contacts?|enquiries|inquiries)\b)"
    r"|^(?i:(contacts?|pressekontakt|kontakt|contact presse)\s*:?)$",
)


# At most this share of the text is a press release's closing profile ("About X", "X is a leading ...").
_ABOUT_SHARE = 0.35


def _drop_about_tail(lines: list[_Line], drop: Callable[[int, str], None]) -> None:
    """Press releases end with an "About <Company>" boilerplate section; a listener needs none of it.

    Only a heading-like line (a heading, or a few words without end punctuation) in the last part of the text
    opens such a section, and the section must be a small share of the text.
    """
    start = None
    for i in range(len(lines) - 1, max(-1, len(lines) - 12), -1):
        text = lines[i].text
        short = len(text.split()) <= 5 and not text.endswith((".", "!", "?"))
        heading_like = lines[i].kind == "head" or short
        if heading_like and _ABOUT.search(text):
            start = i
    if start is None:
        start = _company_profile(lines)
    if start is None or start < len(lines) / 2:
        return
    tail_words = sum(len(line.text.split()) for line in lines[start:])
    if tail_words > _ABOUT_SHARE * sum(len(line.text.split()) for line in lines):
        return
    for i in range(start, len(lines)):
        drop(i, "about-us section")


# "Ascom is a global solutions provider ...", "Die X AG ist ein führender Anbieter ...": a company introducing
# itself, as press releases end, with the facts such a profile gives (seat, founding, staff, listing).
_PROFILE = re.compile(
    r"^[A-Z][\w&.,'’ -]{1,60}?\s(?:is|are|ist|est|es|è)\s(?:a|an|one\ of"
    r"|ein|eine|einer|un|une|l'un|uno|una)\b[^.]{0,150}\b(?:provider|company|leader|manufacturer|firm|supplier"
    r"|group|maker|Anbieter|Unternehmen|Hersteller|Konzern|fournisseur|entreprise|groupe|fabricant|empresa"
    r"|proveedor|fabricante|grupo|azienda|fornitore|produttore|gruppo)\b"
)
_PROFILE_FACT = re.compile(
    r"\b(?:headquartered|based\ in|founded\ in|employs|listed\ on|subsidiaries|Sitz\ in|gegründet"
    r"|beschäftigt|börsennotiert|siège|fondée?\ en|emploie|cotée|sede\ en|fundada|emplea|cotiza|sede\ a"
    r"|fondata|impiega)\b",
    re.IGNORECASE,
)


def _company_profile(lines: list[_Line]) -> int | None:
    """Where a press release's company profile starts when no "About" heading announces it: a paragraph among
    the last five that introduces a company, with a seat, a founding date, a head count or a listing in it or
    after it."""
    for i in range(max(0, len(lines) - 5), len(lines)):
        if lines[i].kind == "p" and _PROFILE.match(lines[i].text):
            return i if any(_PROFILE_FACT.search(line.text) for line in lines[i:]) else None
    return None


_META_TITLE = re.compile(
    r"""<meta\s[^>]*?(?:property|name)\s*=\s*["'](?:og:title|twitter:title)["'][^>]*>""", re.IGNORECASE
)
_CONTENT_ATTR = re.compile(r"""content\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TITLE_TAG = re.compile(r"<title\b[^>]*>(.{0,2000}?)</title>", re.IGNORECASE | re.DOTALL)
_H1_TAG = re.compile(r"<h1\b[^>]*>(.{0,2000}?)</h1>", re.IGNORECASE | re.DOTALL)


def _title_candidates(html: str) -> list[str]:
    """Headline strings the page states (og:title, twitter:title, <title>, the first <h1>s), raw."""
    out: list[str] = []
    head = html[:200_000]
    for meta in _META_TITLE.findall(head[: head.rfind(">") + 1]):
        m = _CONTENT_ATTR.search(meta)
        if m:
            out.append(decode_entities(m.group(1) or m.group(2) or ""))
    m = _TITLE_TAG.search(head)
    if m:
        out.append(decode_entities(strip_tags(m.group(1))))
    for h1 in itertools.islice(_H1_TAG.finditer(html), 3):
        out.append(decode_entities(strip_tags(h1.group(1))))
    return [" ".join(t.split()) for t in out if t and t.strip()]


_CAPTION_MAX_WORDS = 30


def _picture_keys(tree: _Element) -> set[str]:
    """Normalised image descriptions (alt and title texts of two words or more), to spot captions that repeat
    them ("The slimmer bezels of the 16-inch MacBook Pro" under the picture of them)."""
    keys = (sentence_key(str(text)) for text in tree.xpath("//img/@alt | //img/@title"))
    return {key for key in keys if len(key.split()) >= 2}


def _title_keys(html: str) -> set[str]:
    """Normalised headline forms, with and without a " | Site" suffix, to spot the headline in the body."""
    keys: set[str] = set()
    for title in _title_candidates(html):
        for form in (title, clean_title(title)):
            key = sentence_key(form)
            if len(key.split()) >= 3:
                keys.add(key)
    return keys


def extract_title(html: str) -> str | None:
    """The article's headline: og:title, else the first <h1>, else <title>, cleaned by :func:`clean_title`."""
    from lxml import html as lxml_html

    if not html or not html.strip():
        return None
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, SyntaxError):  # lxml's ParserError is a ValueError/SyntaxError
        return None
    candidates: list[str] = []
    for xpath in (
        "//meta[@property='og:title']/@content",
        "//meta[@name='twitter:title']/@content",
        "//h1",
        "//title",
    ):
        for hit in tree.xpath(xpath)[:1]:
            text = hit if isinstance(hit, str) else hit.text_content()
            if text and text.strip():
                candidates.append(str(text))
    for text in candidates:
        cleaned = clean_title(text)
        if cleaned:
            return cleaned
    return None


# A trailing " | Site", " - Source", " — Source" segment is stripped only when it reads like a name.
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•)\s+")
_NOT_A_NAME = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|will|would|can|could|says?|said|how|why|what|who|when|where"
    r"|after|before|over|into|amid|as|to|from|vs?|against|part)\b",
    re.IGNORECASE,
)
# Words that end a headline rather than name a site, when they make up the whole last segment.
_HEADLINE_TAIL = re.compile(
    r"^((as\ it\ happened|live|latest|updates?|live\ updates|latest\ updates|review|explained|analysis"
    r"|opinion|video|photos|in\ pictures|part\ \w+)\W*)+$",
    re.IGNORECASE,
)
_DATE_SEGMENT = re.compile(r"^[\d./-]+$|^\d{1,2}\.? \w+ \d{4}$|^\w+ \d{1,2}, \d{4}$")


def clean_title(title: str) -> str:
    """Headline without markup, entities or a trailing site name ("Title - BBC News", "Title | Reuters").

    Conservative: one trailing segment goes (after any trailing date), and only when it is short, starts with
    a capital or is a domain, and reads like a name ("Ukraine war - live" keeps its "live").
    """
    text = decode_entities(strip_tags(decode_entities(title or "")))
    text = " ".join(text.split())
    for site_pass in (False, True):
        parts = _TITLE_SEPARATORS.split(text)
        if len(parts) < 2:
            return text
        last = parts[-1].strip()
        head = text[: text.rfind(last)].rstrip(" |-–—:·•").strip()
        if (len(head.split()) < 2 and len(head) < 8) or not last:
            return text
        if not site_pass:
            if _DATE_SEGMENT.match(last):  # "Title | DW | 19.01.2020"
                text = head
            continue
        # One segment only: in "Ukraine - Russia talks - BBC News" the middle part is the story.
        return head if _looks_like_site(last) else text
    return text


def _looks_like_site(segment: str) -> bool:
    words = segment.split()
    if not words or len(words) > 5 or len(segment) > 40:
        return False
    if re.fullmatch(r"(www\.)?[\w-]+(\.[\w-]+)+", segment, re.IGNORECASE):
        return True
    if _NOT_A_NAME.search(segment) or _HEADLINE_TAIL.match(segment):
        return False
    first = words[0][0]
    uncased = first.isalpha() and not first.isupper() and not first.islower()  # 朝日新聞デジタル
    return first.isupper() or (uncased and len(segment) <= 20)


_FEED_NOISE = re.compile(
    r"(?:\[\s*(?:mehr|more|weiterlesen|lire la suite|leer m[áa]s|leggi|\.\.\.|…)\s*\]"
    r"|^\s*(?:continue reading|read more|read the full (?:story|article)|weiterlesen|mehr lesen"
    r"|lire la suite|leer m[áa]s"
    r"|leia mais|continua a leggere)\b.*$"
    r"|^\s*the post .{1,200}? appeared first on .{1,120}$)",
    re.IGNORECASE | re.MULTILINE,
)


def clean_feed_html(html: str) -> str:
    """Plain-text paragraphs from a feed's summary or content:encoded, cleaned like a page body.

    Feeds carry their own furniture: FeedFlare share blocks, 1x1 tracking pixels, "Continue reading...",
    "The post X appeared first on Y", "[mehr]" links, Substack subscribe forms, and lists whose items
    are each one link (a podcast's show notes, "related stories").
    """
    from lxml import html as lxml_html

    if not html or not html.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (ValueError, TypeError, SyntaxError):
        return _clean_feed_lines([" ".join(decode_entities(strip_tags(html)).split())])
    for bad in root.xpath(
        "//script|//style|//noscript|//img|//iframe|//form|//button|//input|//figure|//figcaption"
        "|//*[contains(concat(' ', normalize-space(@class), ' '), ' feedflare ')]"
        "|//*[contains(@class, 'subscription-widget') or contains(@class, 'subscribe-widget')]"
        "|//a[contains(@href, 'feeds.feedburner.com/~ff/') or contains(@href, 'feedads.')]"
        "|//li[a and normalize-space(.) = normalize-space(a)]"  # a list item that is one link: show notes
    ):
        _remove_keep_tail(bad)
    _drop_sponsor_lists(root)
    lines: list[str] = []
    _FeedText(lines).walk(root)
    return _clean_feed_lines(lines)


_SPONSORS = re.compile(SPONSORS_HEADING, re.IGNORECASE | re.VERBOSE)


def _drop_sponsor_lists(root: _Element) -> None:
    """A line that announces sponsors ("Sponsored by:") and the list after it: a podcast's or a
    newsletter's ad reads ("Squarespace: use code GRUBER for 10% off"). Judged by the heading, since
    the same words in a deals post are its news."""
    for heading in list(root.iter("p", "div", "h2", "h3", "h4", "h5", "h6", "strong", "b")):
        text = heading.text_content().strip()
        if len(text) > 80 or not _SPONSORS.match(text):
            continue
        following = heading.getnext()
        if following is not None and following.tag in {"ul", "ol"}:
            _remove_keep_tail(following)
        _remove_keep_tail(heading)


# Elements that start a new line in a feed's HTML (a break, a paragraph, a table row); the rest run inline.
_FEED_BLOCKS = frozenset(
    {"p", "div", "li", "blockquote", "ul", "ol", "dl", "dt", "dd", "tr", "table", "caption"}
    | {"section", "article", "header", "footer", "aside", "main", "nav", "pre", "address", "hr", "br"}
    | {"details", "summary", "h1", "h2", "h3", "h4", "h5", "h6"}
)


class _FeedText:
    """Lines of a feed entry's HTML, its inline pieces joined as the page spaced them (see spacing.py)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.pieces: list[str] = []

    def flush(self) -> None:
        text = " ".join(join_pieces(self.pieces).split())
        text = separate_dateline(drop_ticker_residue(resolve(text, None)))
        if text:
            self.lines.append(text)
        self.pieces.clear()

    def walk(self, el: _Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _FEED_BLOCKS:
            self.flush()
        elif tag in _CELLS:
            self.pieces.append(" ")  # cells of a row are read as one line, their words apart
        if tag == "a" and is_ticker_link(el.text_content(), el.get("href") or "", el.tail or ""):
            self.pieces.append(TICKER)
        else:
            if el.text and tag:
                self.pieces.append(el.text)
            for child in el:
                self.walk(child)
                if child.tail:
                    self.pieces.append(child.tail)
        if tag in _FEED_BLOCKS:
            self.flush()
        elif tag in _CELLS:
            self.pieces.append(" ")


def _clean_feed_lines(lines: list[str]) -> str:
    cleaned: list[str] = []
    for line in lines:
        line = _FEED_NOISE.sub("", line).strip()
        line = re.sub(r"\s*(?:\.\.\.|…)\s*$", "…", line) if line.endswith(("...", "…")) else line
        if line:
            cleaned.append(line)
    kept, _ = strip_boilerplate(cleaned)
    return "\n\n".join(kept)


def _remove_keep_tail(element: _Element) -> None:
    """Remove an element but keep the text that follows it inside its parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)

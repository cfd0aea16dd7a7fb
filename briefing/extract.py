"""Article text a listener can sit through: html -> plain paragraphs, nothing read aloud that a reader skims.

Three layers, cheapest judgement last:

1. trafilatura (precision mode, no comments, links kept as markup) finds the article body;
2. a structural pass over its block tree drops what the markup gives away: headline echoes, link-only teasers
   and "related" lists, orphaned headings, press-release "About us" tails;
3. :mod:`briefing.boilerplate` judges the remaining lines and sentences by their wording.

trafilatura is imported inside the functions so that ``import briefing.extract`` stays cheap.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.boilerplate import Removal, is_shouted, line_reason, sentence_key, strip_boilerplate

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["Removal", "clean_feed_html", "clean_title", "explain", "extract_text", "extract_title"]

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

    ``site_stock`` holds :func:`~briefing.boilerplate.sentence_key` forms of lines this site repeats in every
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
    own extractor found little (after our cleaning) or far less than the page's paragraphs hold.
    """
    if not html or not html.strip():
        return [], []
    titles = _title_keys(html)
    best: tuple[list[str], list[Removal]] = ([], [])
    best_chars = -1
    for fast in (True, False):
        body, raw_chars = _trafilatura_body(html, url, fast)
        if body is None:
            continue
        lines, removals = _structural_pass(_body_lines(body), titles)
        kept, more = strip_boilerplate([line.text for line in lines], site_stock)
        chars = sum(len(p) for p in kept)
        if chars > best_chars:
            best, best_chars = (kept, removals + more), chars
        if fast and chars >= _SHORT_EXTRACTION and raw_chars >= _PARAGRAPH_SHARE * _paragraph_chars(html):
            break
    return best


def _trafilatura_body(html: str, url: str | None, fast: bool) -> tuple[_Element | None, int]:
    """trafilatura's body tree (precision mode, no comments, links kept as <ref>) and its text length."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, fast=fast, favor_precision=True, include_comments=False, include_links=True
        )
    except Exception:  # hostile markup raises many kinds of errors; no text is the honest answer
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return None, 0
    if doc is None or doc.body is None:
        return None, 0
    return doc.body, len(doc.text or "")


_P_ELEMENT = re.compile(r"<p\b[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def _paragraph_chars(html: str) -> int:
    """Rough amount of text in the page's <p> elements, to notice an extraction that found far too little."""
    return sum(len(" ".join(_TAG.sub(" ", m).split())) for m in _P_ELEMENT.findall(html))


def _body_lines(body: _Element) -> list[_Line]:
    """Flatten trafilatura's body tree into lines, keeping link density per line."""
    lines: list[_Line] = []
    loose = " ".join((body.text or "").split())
    if loose:
        lines.append(_Line(loose, "p", 0.0, -1))
    for group, block in enumerate(body):
        lines.extend(_block_lines(block, group))
        loose = " ".join((block.tail or "").split())  # text trafilatura left between blocks is body text too
        if loose:
            lines.append(_Line(loose, "p", 0.0, group))
    return lines


def _block_lines(block: _Element, group: int) -> Iterator[_Line]:
    tag = block.tag
    if tag == "list":
        for item in block.iter("item"):
            yield from _element_lines(item, "item", group)
    elif tag == "table":
        for row in block.iter("row"):
            cells = [" ".join(_plain(cell).split()) for cell in row.iter("cell")]
            text = " | ".join(c for c in cells if c)
            if text:
                yield _Line(text, "cell", _link_ratio(row), group)
    elif tag == "quote" and block.find("p") is not None:
        for child in block:
            yield from _element_lines(child, "quote", group)
    elif tag in ("p", "head", "quote", "code"):
        yield from _element_lines(block, "head" if tag == "head" else tag, group)
    elif tag not in ("graphic",):
        yield from _element_lines(block, "p", group)


def _element_lines(element: _Element, kind: str, group: int) -> Iterator[_Line]:
    """Split an element on its line breaks; nested lists are left to their own items."""
    segments: list[list[tuple[str, bool]]] = [[]]

    def walk(el: _Element, in_link: bool) -> None:
        if el.text:
            segments[-1].append((el.text, in_link))
        for child in el:
            if child.tag == "lb":
                segments.append([])
            elif child.tag != "list":
                walk(child, in_link or child.tag == "ref")
            if child.tail:
                segments[-1].append((child.tail, in_link))

    walk(element, element.tag == "ref")
    for seg in segments:
        text = " ".join("".join(t for t, _ in seg).split())
        if not text:
            continue
        linked = len(" ".join("".join(t for t, link in seg if link).split()))
        yield _Line(text, kind, min(1.0, linked / len(text)), group)


def _plain(element: _Element) -> str:
    return "".join(element.itertext())


def _link_ratio(element: _Element) -> float:
    total = len(" ".join(_plain(element).split()))
    if not total:
        return 0.0
    linked = sum(len(" ".join(_plain(ref).split())) for ref in element.iter("ref"))
    return min(1.0, linked / total)


def _structural_pass(lines: list[_Line], titles: set[str]) -> tuple[list[_Line], list[Removal]]:
    """Drop what the block structure gives away as furniture; see the module docstring."""
    removals: list[Removal] = []
    keep = [True] * len(lines)
    body_words = sum(len(line.text.split()) for line in lines)

    def drop(i: int, reason: str) -> None:
        if keep[i]:
            keep[i] = False
            removals.append(Removal(lines[i].text, reason))

    teasers = [
        i
        for i, line in enumerate(lines)
        if line.link_ratio >= _LINK_RATIO and len(line.text.split()) <= _TEASER_MAX_WORDS
    ]
    # Where linked lines carry a large share of the text (a deals roundup, a link digest), they are content.
    teaser_words = sum(len(lines[i].text.split()) for i in teasers)
    if body_words > 60 and teaser_words <= _LINKED_CONTENT_SHARE * body_words:
        for i in teasers:
            drop(i, "link teaser")
    headline_at = -1
    for i, line in enumerate(lines):
        words = len(line.text.split())
        if words <= 60 and sentence_key(line.text) in titles:
            drop(i, "headline")
            headline_at = i if headline_at < 0 else headline_at
        elif line.kind in ("p", "item") and 5 <= words <= 14 and is_shouted(line.text):
            # A shouted line of several words is a promotion or a teaser headline; two-word capitals are
            # usually the article's own subheadings ("GIRLS SOCCER").
            drop(i, "shouted teaser")
        elif _SHORTCODE.search(line.text):
            drop(i, "markup leak")
    # The standfirst printed as a heading under the headline repeats the story's first paragraph.
    if 0 <= headline_at < 3 and headline_at + 1 < len(lines) and lines[headline_at + 1].kind == "head":
        drop(headline_at + 1, "standfirst")

    # A list whose items are mostly links is a "related stories" block even where one item is not.
    by_group: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.kind == "item":
            by_group.setdefault(line.group, []).append(i)
    for members in by_group.values():
        if len(members) >= 2 and sum(not keep[i] for i in members) >= 0.6 * len(members):
            for i in members:
                drop(i, "related links")

    _drop_about_tail(lines, drop)

    # Headings whose section lost everything (or never had anything) would be read into the void; a heading
    # that is itself a promotion takes its short section with it ("Pick Six Newsletter" + its pitch).
    for i, line in enumerate(lines):
        if line.kind != "head" or not keep[i]:
            continue
        section = _section(lines, i)
        reason = line_reason(line.text)
        if reason:
            drop(i, reason)
            if sum(len(lines[j].text.split()) for j in section if keep[j]) <= 40:
                for j in section:
                    drop(j, f"{reason} (section)")
        elif not any(keep[j] for j in section) and (section or i == len(lines) - 1 or i > len(lines) / 2):
            drop(i, "orphan heading")
    kept = [line for line, k in zip(lines, keep, strict=True) if k]
    return kept, removals


# WordPress shortcodes a broken plugin printed instead of rendering: "[button link=...]...[/button]".
_SHORTCODE = re.compile(r"\[/[a-z_]+\]|\[[a-z_]+\s+[a-z_]+\s*=\s*[\"”“']")


def _section(lines: list[_Line], head: int) -> list[int]:
    """Indices of the lines under a heading, up to the next heading."""
    out = []
    for j in range(head + 1, len(lines)):
        if lines[j].kind == "head":
            break
        out.append(j)
    return out


_ABOUT = re.compile(
    r"^(?i:about|über|à propos d[eu']|acerca de|sobre|informazioni su)\s+((?i:the\s+|us\b|uns\b)|[A-ZÀ-ÖØ-Þ])"
    r"|^(?i:(media|press) (contacts?|enquiries|inquiries)\b)"
    r"|^(?i:(contacts?|pressekontakt|kontakt|contact presse)\s*:?)$",
)


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
    if start is None or start < len(lines) / 2:
        return
    tail_words = sum(len(line.text.split()) for line in lines[start:])
    if tail_words > 0.25 * sum(len(line.text.split()) for line in lines):
        return
    for i in range(start, len(lines)):
        drop(i, "about-us section")


_META_TITLE = re.compile(
    r"""<meta\s[^>]*?(?:property|name)\s*=\s*["'](?:og:title|twitter:title)["'][^>]*>""", re.IGNORECASE
)
_CONTENT_ATTR = re.compile(r"""content\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1_TAG = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _title_candidates(html: str) -> list[str]:
    """Headline strings the page states (og:title, twitter:title, <title>, the first <h1>s), raw."""
    out: list[str] = []
    for meta in _META_TITLE.findall(html[:200_000]):
        m = _CONTENT_ATTR.search(meta)
        if m:
            out.append(html_lib.unescape(m.group(1) or m.group(2) or ""))
    m = _TITLE_TAG.search(html[:200_000])
    if m:
        out.append(html_lib.unescape(_TAG.sub(" ", m.group(1))))
    for h1 in _H1_TAG.findall(html)[:3]:
        out.append(html_lib.unescape(_TAG.sub(" ", h1)))
    return [" ".join(t.split()) for t in out if t and t.strip()]


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
    r"\b(is|are|was|were|be|been|has|have|had|will|would|can|could|says?|said|live|updates?|latest|how|why"
    r"|what|who"
    r"|when|where|after|before|over|into|says|amid|as|to|from|vs?|against|part|review|explained|analysis)\b",
    re.IGNORECASE,
)


def clean_title(title: str) -> str:
    """Headline without markup, entities or a trailing site name ("Title - BBC News", "Title | Reuters").

    Conservative: a trailing segment goes only when it is short, starts with a capital (or is a domain), and
    has no verb-like or news-ish word ("Ukraine war - live" keeps its "live").
    """
    text = html_lib.unescape(_TAG.sub(" ", html_lib.unescape(title or "")))
    text = " ".join(text.split())
    for _ in range(2):  # "Title - Section | Site"
        parts = _TITLE_SEPARATORS.split(text)
        if len(parts) < 2:
            break
        last = parts[-1].strip()
        head = text[: text.rfind(last)].rstrip(" |-–—:·•")
        if not head or len(head.split()) < 2 or not _looks_like_site(last):
            break
        text = head.strip()
    return text


def _looks_like_site(segment: str) -> bool:
    words = segment.split()
    if not words or len(words) > 5 or len(segment) > 40:
        return False
    if re.fullmatch(r"(www\.)?[\w-]+(\.[\w-]+)+", segment, re.IGNORECASE):
        return True
    if _NOT_A_NAME.search(segment):
        return False
    return words[0][0].isupper() or words[0][0].isdigit()


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
    "The post X appeared first on Y", "[mehr]" links and Substack subscribe forms.
    """
    from lxml import html as lxml_html

    if not html or not html.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (ValueError, TypeError, SyntaxError):
        return _clean_feed_lines([" ".join(html_lib.unescape(_TAG.sub(" ", html)).split())])
    for bad in root.xpath(
        "//script|//style|//noscript|//img|//iframe|//form|//button|//input|//figure|//figcaption"
        "|//*[contains(concat(' ', normalize-space(@class), ' '), ' feedflare ')]"
        "|//*[contains(@class, 'subscription-widget') or contains(@class, 'subscribe-widget')]"
        "|//a[contains(@href, 'feeds.feedburner.com/~ff/') or contains(@href, 'feedads.')]"
    ):
        _remove_keep_tail(bad)
    lines: list[str] = []
    current: list[str] = []
    block_tags = {
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "ul",
        "ol",
        "tr",
        "section",
    }

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    def walk(el: _Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in block_tags or tag == "br":
            flush()
        if el.text and tag:
            current.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if tag in block_tags:
            flush()

    walk(root)
    flush()
    return _clean_feed_lines(lines)


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

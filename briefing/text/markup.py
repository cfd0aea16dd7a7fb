"""Markup out, characters in: the one home for tags, entities and XML-safe text.

Feeds and pages escape text in every way there is: named, decimal and hex entities, and content escaped
twice (``&amp;#x2019;``, an apostrophe). Every entity is decoded, never dropped; only HTML 4's names are
known (HTML 5 would turn garbage like ``&ee;`` into a letter). What a feed can hold but XML cannot
(control characters, lone surrogates, U+FFFE) is removed once, where text enters (:func:`xml_safe`), so
no later writer (feed.xml, tags, transcripts) can be refused it. An apostrophe inside a word is written
one way (:func:`one_apostrophe`), whatever each publisher typed.
"""

from __future__ import annotations

import html.entities
import re

__all__ = ["decode_entities", "markup_to_text", "one_apostrophe", "plain_text", "strip_tags", "xml_safe"]

# Comments, script and style with their bodies, and tags (a "<" that opens no tag name stays: "a < b").
_TAG = re.compile(
    r"<!--.*?-->|<\s*(script|style)\b[^>]*>.*?<\s*/\s*\1\s*>|</?[A-Za-z][^<>]{0,500}>", re.I | re.S
)
_BLOCK_TAG = re.compile(r"<\s*(?:br|/?p|/?div|/?li|/?h[1-6]|/?tr|/?ul|/?ol|/?blockquote)\b[^<>]*>", re.I)
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)")
_BARE_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "nbsp"})
# Characters XML 1.0 forbids: C0 controls but tab, newline and return; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A typeset apostrophe (U+2019) between two letters: "India’s", "it’s", "l’Élysée", "1990’s". At a
# word's edge it may close a quotation ("‘omissions of fact’"), so it stays there.
_TYPESET_APOSTROPHE = re.compile(r"(?<=[^\W_])\u2019(?=[^\W_])")


def strip_tags(text: str, tag: re.Pattern[str] = _TAG, by: str = " ") -> str:
    """Each markup tag replaced by ``by``, in linear time: a "<" after the last ">" opens no tag, and
    searching on from each of them would take time quadratic in a hostile text's length."""
    cut = text.rfind(">") + 1
    return tag.sub(by, text[:cut]) + text[cut:]


def _entity(m: re.Match[str], unknown: str) -> str:
    dec, hexa, name, semi = m.groups()
    if name is None:
        code = int(dec) if dec else int(hexa, 16)
        ok = 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        return xml_safe(chr(code)) or " " if ok else " "
    if name == "apos" and semi:
        return "'"
    if name in html.entities.name2codepoint and (semi or name in _BARE_ENTITIES):
        return chr(html.entities.name2codepoint[name])
    return unknown if semi else m.group(0)


def decode_entities(text: str, unknown: str = " ") -> str:
    """Every HTML 4 entity decoded, twice-escaped ones (``&amp;#x2019;``, ``&amp;eacute;``) too.

    A second pass decodes only what the first produced from ``&amp;``: a text that means a literal
    "&amp;" writes it ``&amp;amp;``, which becomes "&amp;" after one pass and "&" after two, as its
    publisher meant (the escaping was doubled, not the ampersand). An unknown name with a semicolon
    (``&ee;``) becomes ``unknown``.
    """
    if "&" not in text:
        return text
    once = _ENTITY.sub(lambda m: _entity(m, unknown), text)
    if "&" not in once or once == text:
        return once
    return _ENTITY.sub(lambda m: _entity(m, unknown), once)


def xml_safe(text: str) -> str:
    """The text without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def one_apostrophe(text: str) -> str:
    """An apostrophe inside a word as the keyboard types it: one briefing gathers publishers that type
    "India’s" and "India's", and its transcripts are searched (and compared word for word) as one text."""
    return _TYPESET_APOSTROPHE.sub("'", text)


def markup_to_text(text: str) -> str:
    """Text with whatever markup it still carries turned into words: block tags end lines, other tags
    go, entities are decoded (then tags that arrived escaped, "&lt;b&gt;", go too)."""
    text = strip_tags(text, _BLOCK_TAG, "\n")
    text = strip_tags(decode_entities(strip_tags(text)))
    return one_apostrophe(xml_safe(text))


def plain_text(fragment: str) -> str:
    """A feed field (title, name) as one line of plain text: tags out, entities in, spaces collapsed."""
    text = strip_tags(fragment or "")
    text = decode_entities(text, unknown="")
    text = strip_tags(text)  # tags that arrived escaped ("&lt;b&gt;")
    return one_apostrophe(xml_safe(" ".join(text.split())))

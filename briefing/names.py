"""What a listener hears a source called: the outlet's own name, never a channel's section title, a
host name, an address or a port.

Feeds name their channel for a feed reader's sidebar: "Top Stories", "Latest", "NYT > World News",
"Wellness: Health, Fitness, Nutrition & More - The Washington Post". A source is named by the first
of: ``name=`` in feeds.txt; the part of the channel's title (or its image's title) that names the
outlet; the ``og:site_name`` or ``application-name`` of its pages; the site's domain said as a word.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from .text.markup import decode_entities, plain_text

# Words that name a section, a page or a kind of feed, not an outlet (English, German, French, Spanish,
# Portuguese, Italian, Dutch). A title made only of these is generic.
_GENERIC = frozenset(
    """top stories story latest news all home homepage rss feed feeds headlines headline breaking main
    front page articles article posts updates update recent new today world international national local
    politics business economy sport sports technology tech science health culture entertainment opinion
    asia europe africa americas america us uk the and of in from for on more most read popular edition
    nachrichten schlagzeilen startseite aktuell aktuelles neueste meistgelesen welt ausland inland
    politik wirtschaft die der das und alle meldungen topthemen
    actualités actualites actualité une à la les le et dans infos info accueil dernières dernieres monde
    noticias noticia últimas ultimas portada inicio titulares mundo más mas lo el los de y del en
    notícias últimas destaques início notizie ultime primo piano nieuws laatste""".split()
)
_SEPARATORS = re.compile(r"\s+[-–—|>»·•:]+\s+|:\s+|\s+::\s+")
_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*", re.UNICODE)
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go"})
# Hosts that serve many outlets' feeds: the outlet is the label in front ("ai4science.substack.com").
_PLATFORMS = frozenset(
    {"feedburner", "substack", "blogspot", "wordpress", "medium", "tumblr", "ghost", "github"}
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2})")
_DOMAIN_LIKE = re.compile(r"\w\.(?:com|org|net|info|news|[a-z]{2})$", re.IGNORECASE)
_META_NAME = re.compile(
    r"""<meta\s[^>]{0,400}?(?:property|name)\s*=\s*["'](?:og:site_name|application-name)["'][^>]{0,400}>""",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"""content\s*=\s*(?:"([^"]{1,200})"|'([^']{1,200})')""", re.IGNORECASE)


def is_generic(title: str) -> bool:
    """A title that names a section or a kind of feed, not an outlet: "Top Stories", "Latest News"."""
    words = [w.lower() for w in _WORD.findall(title)]
    return not words or all(w in _GENERIC or w.isdigit() for w in words)


def outlet_name(title: str, url: str) -> str | None:
    """The part of a channel's title that names the outlet, or None when it names none."""
    title = plain_text(title)
    if not title:
        return None
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip() and not is_generic(p)]
    if not parts:
        return None
    label = _main_label(urlsplit(url).hostname or "")
    squashed = [_squashed(p) for p in parts]
    matching = [p for p, s in zip(parts, squashed, strict=True) if label and (label in s or s in label) and s]
    domains = [p for p in parts if _DOMAIN_LIKE.search(p)]  # "RotoAuthority.com": an outlet's own name
    name = _up_to_the_name(matching[0], label) if matching else (domains or parts)[0]
    return _spaced(_without_tld(name)) if _DOMAIN_LIKE.search(name) else name


# Words that may end an outlet's name after its domain's words: "NDTV News", "BBC Sport", "Fox Business".
_NAME_ENDINGS = frozenset("news online sport sports business tv radio daily times post today".split())


def _up_to_the_name(part: str, label: str) -> str:
    """The title up to the outlet's name when it runs on past it: "NDTV News Search Records Found 1000"
    -> "NDTV News" (the words that spell the domain, and a word like "News"). A title of one word more
    keeps it ("Yahoo Finance")."""
    words = part.split()
    end = next(
        (i for i in range(1, len(words) + 1) if label in re.sub(r"\W", "", "".join(words[:i]).lower())), 0
    )
    while 0 < end < len(words) and words[end].lower() in _NAME_ENDINGS:
        end += 1
    return " ".join(words[:end]) if end and len(words) - end >= 2 else part


def domain_words(url: str) -> str | None:
    """The site's domain said as a word ("abc.net.au" -> "ABC", "tagesschau.de" -> "Tagesschau");
    None for an address, ``localhost`` or a host of one label, which name no outlet."""
    label = _main_label(urlsplit(url).hostname or "")
    if not label:
        return None
    return label.upper() if len(label) <= 4 else label.capitalize()


def source_name(urls: list[str], given: str | None, titles: list[str]) -> tuple[str, bool]:
    """(the name to say, whether it is a stand-in a page's own site name should replace). ``urls``:
    the site's (a feed's channel link) first, then the feed's own."""
    if given:
        return given, False
    site = next((u for u in urls if u and _main_label(urlsplit(u).hostname or "")), urls[-1])
    names = [name for name in (outlet_name(title, site) for title in titles) if name]
    if names:
        return _spelled_out(names), False
    return domain_words(site) or "", True


def _spelled_out(names: list[str]) -> str:
    """The first name, or the outlet's own spelling of it with spaces when another of its titles has
    one ("SkySports | Liverpool" and an image titled "Sky Sports": "Sky Sports")."""
    spaced = (n for n in names[1:] if " " in n and _squashed(n) == _squashed(names[0]))
    return next(spaced, names[0])


def _squashed(text: str) -> str:
    """Letters and digits only, lower case: "Sky Sports", "SkySports" and "skysports" are one name."""
    return re.sub(r"\W", "", text.lower())


def site_name(html: str) -> str | None:
    """The outlet's name as its page states it (``og:site_name``, ``application-name``)."""
    head = html[:100_000]
    for meta in _META_NAME.findall(head):
        m = _CONTENT.search(meta)
        name = plain_text(decode_entities(m.group(1) or m.group(2))) if m else ""
        if name and not is_generic(name) and len(name.split()) <= 6:
            return _without_tld(name)
    return None


def _main_label(host: str) -> str:
    """The registrable name of a host: "feeds.bbci.co.uk" -> "bbci"; "" for addresses and localhost."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return ""
    except ValueError:
        pass
    labels = [label for label in host.split(".") if label and label != "www"]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]  # the top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    if labels[-1] in _PLATFORMS:
        labels = [label for label in labels[:-1] if label not in {"feeds", "rss", "blog"}] or labels
    return re.sub(r"[^a-z0-9]", "", labels[-1])


def _spaced(name: str) -> str:
    """A domain's name as words: "CBSNews" -> "CBS News", "RotoAuthority" -> "Roto Authority"
    (a domain has no spaces; its capitals show where the words were)."""
    return _CAMEL.sub(" ", name)


def _without_tld(name: str) -> str:
    """ "Le Monde.fr" -> "Le Monde", "CBSNews.com" -> "CBSNews": a name, not an address."""
    return re.sub(r"(?<=\w)\.(?:[a-z]{2,3})(?:\.[a-z]{2})?$", "", name.strip())

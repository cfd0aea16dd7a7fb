"""Rewrite news text the way a newsreader says it, so a text-to-speech engine reads it right.

Feeds are written for the eye: "$55m (£42m)", "11.54am BST", "Lt Col", "FBI", "via @SkyNews", "&amp;".
TTS engines (gTTS, hibari) read plain words, integers and decimals well but stumble on scale suffixes,
abbreviations, symbols, markup and handles. :func:`speakable` rewrites those into what a newsreader would
say. Only English gets the number and abbreviation rewriting; every language gets the language-neutral
cleanup (markup, entities, URLs, e-mails, handles, hashtags, emoji, feed debris, whitespace).

Conventions, chosen by listening to hibari (``Hibari().phonemize``):

* Numbers stay digits ("1.2 billion pounds", "300,000 euros", "2024"); only ordinals ("1st"), dates and
  "#1" become words. No number is invented: every digit in the output is a digit of the input, except the
  century restored in a year range ("2020-24" -> "2020 to 2024"). Conversions in brackets are dropped.
* Acronyms said as letters are dotted without a final dot, "F.B.I": a bare "WHO" is read "who", and a
  final dot before a capital ("F.B.I. Director") ends the sentence for hibari and
  :mod:`briefing.text.sentences`.
  Acronyms said as words ("NASA", "UNESCO") stay; plurals and possessives ("MPs", "BBC's") stay, the
  engines read them as letters already.
* Spaces collapse; line breaks survive (at most one blank line), so paragraphs still end sentences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from .text.markup import markup_to_text

__all__ = ["Lexicon", "speakable"]

# --------------------------------------------------------------------------------------------------------
# Number words (used for ordinals, dates and "#1" only).

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORD = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _cardinal(n: int) -> str:
    """British-style cardinal words ("one hundred and five") for 0 <= n < 10**9."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {_cardinal(rest)}" if rest else "")
    for size, name in ((1_000_000, "million"), (1000, "thousand")):
        if n >= size:
            high, rest = divmod(n, size)
            if not rest:
                return f"{_cardinal(high)} {name}"
            joiner = " and " if rest < 100 else " "
            return f"{_cardinal(high)} {name}{joiner}{_cardinal(rest)}"
    raise ValueError(n)  # pragma: no cover - unreachable for n < 10**9


def _ordinal(n: int) -> str:
    """Ordinal words ("twenty-first") built from the cardinal's last word."""
    words = _cardinal(n)
    head, sep, last = words.rpartition(" ")
    pre, hyphen, last = last.rpartition("-")
    if last in _ORDINAL_WORD:
        last = _ORDINAL_WORD[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}{sep}{pre}{hyphen}{last}"


def _ordinal_text(digits: str) -> str:
    n = int(digits)
    return _ordinal(n) if n < 1_000_000_000 else digits


# --------------------------------------------------------------------------------------------------------
# Language-neutral cleanup.

# Runs of one symbol standing alone are decoration ("++ Liveblog ++", "*** ", ">>>"), never words.
_DECORATION = re.compile(r"(?<!\S)([+*#=~>|<•·])\1+(?![^\s.,;:!?])")
_FEED_DEBRIS = re.compile(
    r"\[\s*(?:\.\.\.|…|\+?\s*\d+\s*(?:chars?|characters?|words?)|read more|more)\s*\]", re.I
)
_URL = re.compile(
    r"""(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'()\[\]]+"""
    r"""|(?<![\w.-])(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|io|co|uk|us|eu|ly|be|news|info|tv|me)/[^\s<>"'()\[\]]*""",
    re.I,
)
_URL_TAIL = re.compile(r"[.,;:!?]+$")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?:\b(?:via|h/t|hat tip|cc|HT)\s*:?\s*)?(?<![\w@])@\w{1,30}\b", re.I)
_HASHTAG = re.compile(r"(?<![\w&#])#([^\W\d_][\w]*)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_KEEP_SYMBOLS = frozenset("°№℃℉")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\u20e3\xad"), None)
_SPACES = dict.fromkeys(
    map(ord, "\xa0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"), " "
)


def _drop_url(m: re.Match[str]) -> str:
    tail = _URL_TAIL.search(m.group(0))  # keep the sentence's own full stop
    return " " + (tail.group(0) if tail else "")


def _hashtag(m: re.Match[str]) -> str:
    word = m.group(1)
    return _CAMEL.sub(" ", word) if word[0].isupper() else word


def _drop_emoji(text: str) -> str:
    if text.isascii():
        return text
    text = text.translate(_ZERO_WIDTH).translate(_SPACES)
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if (
            (cat == "So" and ch not in _KEEP_SYMBOLS)
            or cat in ("Cs", "Co")
            or "\U0001f3fb" <= ch <= "\U0001f3ff"
        ):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _neutral(text: str) -> str:
    """Markup, entities, URLs, e-mails, handles, hashtags, emoji and feed debris: wrong in any language."""
    text = unicodedata.normalize("NFC", text)
    text = markup_to_text(text)
    text = _DECORATION.sub(" ", _FEED_DEBRIS.sub(" ", text))
    text = _URL.sub(_drop_url, text)
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _HASHTAG.sub(_hashtag, text)
    return _drop_emoji(text)


_TIDY_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[ \t\f\v\r]+"), " "),
    (re.compile(r"\(\s*[,;:]?\s*\)|\[\s*\]"), " "),
    (re.compile(r"\(\s+"), "("),
    (re.compile(r"(?<!\s)\s+\)"), ")"),
    (re.compile(r"(?<! ) +([,.;:!?])(?![\w.])"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"(?<!\.)\.\.(?!\.)"), "."),
    (re.compile(r"[,;:]+(?=[.!?])"), ""),
    (re.compile(r" {2,}"), " "),
    (re.compile(r"^[ ,;:—–]+|^- +|(?<![ ,;—–-])[ ,;—–-]+$", re.M), ""),
    (re.compile(r" *\n *"), "\n"),
    (re.compile(r"\n{3,}"), "\n\n"),
)


def _tidy(text: str) -> str:
    """Collapse spaces, keep paragraph breaks (at most one blank line), drop debris left by removals."""
    for pattern, repl in _TIDY_RULES:
        text = pattern.sub(repl, text)
    return text.strip()


# --------------------------------------------------------------------------------------------------------
# English: shared pieces.

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONTHS = "January February March April May June July August September October November December".split()
_MONTH_ABBR = {m[:3]: m for m in _MONTHS if m != "May"} | {"Sept": "September"}
_MONTH = "|".join(_MONTHS)
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

# symbol -> (singular, plural, minor singular, minor plural); an empty minor unit means "say the decimal".
_CURRENCIES: dict[str, tuple[str, str, str, str]] = {
    "US$": ("U.S dollar", "U.S dollars", "cent", "cents"),
    "USD": ("U.S dollar", "U.S dollars", "cent", "cents"),
    "A$": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "AU$": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "AUD": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "C$": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "CA$": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "CAD": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "NZ$": ("New Zealand dollar", "New Zealand dollars", "cent", "cents"),
    "HK$": ("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
    "S$": ("Singapore dollar", "Singapore dollars", "cent", "cents"),
    "R$": ("Brazilian real", "Brazilian reais", "", ""),
    "$": ("dollar", "dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "GBP": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "EUR": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "", ""),
    "JPY": ("yen", "yen", "", ""),
    "CNY": ("yuan", "yuan", "", ""),
    "RMB": ("yuan", "yuan", "", ""),
    "₹": ("rupee", "rupees", "", ""),
    "Rs": ("rupee", "rupees", "", ""),
    "INR": ("rupee", "rupees", "", ""),
    "₩": ("won", "won", "", ""),
    "₽": ("rouble", "roubles", "", ""),
    "₺": ("lira", "lira", "", ""),
    "₦": ("naira", "naira", "", ""),
    "₪": ("shekel", "shekels", "", ""),
    "CHF": ("Swiss franc", "Swiss francs", "", ""),
}
_CUR_SYM = "|".join(re.escape(s) for s in sorted(_CURRENCIES, key=len, reverse=True))
_SCALES = {
    "trillion": "trillion",
    "billion": "billion",
    "million": "million",
    "thousand": "thousand",
    "lakh crore": "lakh crore",
    "crore": "crore",
    "lakh": "lakh",
    "trn": "trillion",
    "tn": "trillion",
    "bn": "billion",
    "mn": "million",
    "m": "million",
    "M": "million",
    "b": "billion",
    "B": "billion",
    "k": "thousand",
    "K": "thousand",
    "T": "trillion",
}
# Attached ("$5bn") any scale; after a space ("$5 million") only unambiguous ones.
_SCALE = (
    r"(?:(?:trillion|billion|million|thousand|lakh crore|crore|lakh|trn|tn|bn|mn|[mMbBkKT])\b"
    r"|\s(?:trillion|billion|million|thousand|lakh crore|crore|lakh|trn|tn|bn|mn)\b)"
)


def _digits(number: str) -> str:
    return number.replace(",", "")


# --------------------------------------------------------------------------------------------------------
# English: conversions in brackets ("$55m (£42m)", "10 miles (16km)", "(about £40)").

_UNIT_WORDS = (
    r"km/h|kph|mph|km²|km2|m²|sq\.?\s?(?:km|mi|miles|ft|m)"
    r"|square\s(?:kilometres|kilometers|km|miles|feet|metres|meters)"
    r"|kilometres?|kilometers?|km|miles?|mi|metres?|meters?|cm|mm|m|feet|foot|ft|inches|in|kilograms?|kilos?|kg"
    r"|grams?|g|lbs?|pounds?|stones?|st|ounces?|oz|tonnes?|tons?|litres?|liters?|ml|l|gallons?|acres?"
    r"|hectares?|ha|°\s?[CF]|º[CF]|[CF]|degrees?(?:\s(?:Celsius|Fahrenheit|[CF]))?"
)
_APPROX = (
    r"(?:about|around|approximately|approx\.?|roughly|some|nearly|almost|over|under|just over|just under"
    r"|more than|less than|up to|c\.|~|≈)"
)
_AMOUNT = (
    rf"(?:(?:{_CUR_SYM})\s?(?:{_NUM}){_SCALE}?"
    rf"|[-−]?(?:{_NUM})\s?(?:{_UNIT_WORDS})(?:\s?\d+\s?(?:in|inches|lbs?|oz))?)"
)
_AMOUNT_RANGE = rf"(?:{_APPROX}\s)?{_AMOUNT}(?:\s?(?:-|–|to)\s?{_AMOUNT})?"
_CONVERSION = re.compile(
    rf"(?<!\s)\s*\(\s*{_AMOUNT_RANGE}(?:\s?(?:[;,/]|\bor\b)\s?{_AMOUNT_RANGE})*\s*\)(?![\w])"
)
_AFTER_AMOUNT = re.compile(r"\d[\w.,%°/²]*(?:\s+[A-Za-z]+){0,2}\s*$")


def _conversion(m: re.Match[str]) -> str:
    """Drop a bracketed amount only when it restates the amount just before it."""
    before = m.string[max(0, m.start() - 40) : m.start()]
    return "" if _AFTER_AMOUNT.search(before) else m.group(0)


# --------------------------------------------------------------------------------------------------------
# English: an initialism in brackets after the words it stands for ("the Reserve Bank of India (RBI)",
# "Diffusion Transformer (DiT)") is for the reader's eye; a newsreader does not say the name twice.

_BRACKETED_INITIALS = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,11})\)(?![\w'’])")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LINKING_WORDS = frozenset("of for and the on in to at de la du des der die das del y et und &".split())


def _restated_initials(m: re.Match[str]) -> str:
    """Drop the bracket when the initials of the words just before it spell it (function words and a
    hyphenated word's parts either way: "Co-operation" is C or C, O)."""
    letters = "".join(ch for ch in m.group(1) if ch.isupper())
    if len(letters) < 2:
        return m.group(0)
    words = _NAME_WORD.findall(m.string[max(0, m.start() - 160) : m.start()])
    for split in (False, True):
        parts = [p for w in words for p in (w.split("-") if split else [w])]
        for skip in (True, False):
            kept = [p for p in parts if not (skip and p.lower() in _LINKING_WORDS)]
            if "".join(p[0] for p in kept[-len(letters) :]).upper() == letters:
                return ""
    return m.group(0)


# --------------------------------------------------------------------------------------------------------
# English: abbreviations and titles.

_ALWAYS_TITLES = {
    "Mr": "Mister",
    "Mrs": "Missus",
    "Ms": "Miz",
    "Prof": "Professor",
    "Sgt": "Sergeant",
    "Lt": "Lieutenant",
    "Capt": "Captain",
    "Cpl": "Corporal",
    "Pte": "Private",
    "Supt": "Superintendent",
    "Insp": "Inspector",
    "Revd": "Reverend",
    "Cmdr": "Commander",
    "Cdr": "Commander",
    "Brig": "Brigadier",
    "Adm": "Admiral",
}
# Only before a capitalised name: these are also ordinary words or other abbreviations.
_NAME_TITLES = {
    "Gen": "General",
    "Col": "Colonel",
    "Maj": "Major",
    "Det": "Detective",
    "Rev": "Reverend",
    "Sen": "Senator",
    "Rep": "Representative",
    "Gov": "Governor",
    "Pres": "President",
    "Hon": "Honourable",
    "Fr": "Father",
    "Mt": "Mount",
    "Ft": "Fort",
    "Ch": "Chief",
}
_ABBREVIATION_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bGen\.?\s(?=(?:Z|X|Y|Alpha)\b)"), "Generation "),
    (re.compile(r"\bRt\.?\s?Hon\b\.?"), "Right Honourable"),
    (re.compile(r"\bL/Cpl\b\.?"), "Lance Corporal"),
    (re.compile(r"\bWall St\b\.?"), "Wall Street"),
    (re.compile(r"\b(?:e\.g\.|eg\.)(?=[\s,])"), "for example"),
    (re.compile(r"\bi\.e\.(?=[\s,])"), "that is"),
    (re.compile(r"\bapprox\b\.?"), "approximately"),
    (re.compile(r"\bincl\b\.?(?=\s)"), "including"),
    (re.compile(r"\bexcl\b\.?(?=\s)"), "excluding"),
    (re.compile(r"\bgovt\b\.?", re.I), "government"),
    (re.compile(r"\bdept\b\.?(?=\s)"), "department"),
    (re.compile(r"\bLtd\b\.?"), "Limited"),
    (re.compile(r"\bplc\b"), "P.L.C"),
    (re.compile(r"\bCorp\b\.?(?!\w)"), "Corporation"),
    (re.compile(r"\bBros\b\.?"), "Brothers"),
    (re.compile(r"\bvs\b\.?(?=\s)"), "versus"),
    (re.compile(r"(?<=\w)\s+v\.?\s+(?=[A-Z0-9\"'])"), " versus "),
    (re.compile(r"\bNo\.?\s?(?=\d)|\bno\.\s?(?=\d)|№\s?(?=\d)"), "Number "),  # not "no 5G signal"
    (re.compile(rf"\b({'|'.join(_ALWAYS_TITLES)})\b\.?(?=\s)"), "\0title"),
    (re.compile(rf"\b({'|'.join(_NAME_TITLES)})\b\.?(?=\s+[A-Z])"), "\0name-title"),
    (re.compile(r"(?<=[a-z\d]\s)(?:Jr|Snr|Jnr|Sr)\b\.?|(?<=[a-z],\s)(?:Jr|Sr)\b\.?"), "\0suffix"),
    (re.compile(rf"\b({'|'.join(_MONTH_ABBR)})\b\.?(?=\s\d{{1,2}}\b)"), "\0month"),
    (re.compile(rf"(?<=\d\s)({'|'.join(_MONTH_ABBR)})\b\.?"), "\0month"),
)
_SUFFIXES = {"Jr": "Junior", "Jnr": "Junior", "Sr": "Senior", "Snr": "Senior"}


def _abbreviation(m: re.Match[str], kind: str) -> str:
    word = m.group(0).rstrip(".").strip()
    if kind == "title":
        return _ALWAYS_TITLES[word]
    if kind == "name-title":
        return _NAME_TITLES[word]
    if kind == "suffix":
        return _SUFFIXES[word]
    return _MONTH_ABBR[word]  # "month"


_STREET_ABBR = re.compile(r"\b(Dr|St|Rd|Ave)\b(\.?)")
_STREET_WORD = {
    "Dr": ("Doctor", "Drive"),
    "St": ("Saint", "Street"),
    "Rd": ("", "Road"),
    "Ave": ("", "Avenue"),
}
_NEXT_NAME = re.compile(r"\.?\s+[A-Z][a-z]")
_PREV_NAME = re.compile(r"(?:\b[A-Z][\w'’-]*|\d+[a-z]*)\s+$")
_PREV_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“(]\s*|\n)\s*[A-Z][\w'’-]*\s+$")


def _street(m: re.Match[str]) -> str:
    """Dr/St before a name is a title ("Dr Smith", "St Paul's"); after one, a road ("Mulholland Dr")."""
    abbr, dot = m.group(1), m.group(2)
    title, road = _STREET_WORD[abbr]
    before = m.string[max(0, m.start() - 40) : m.start()]
    after = m.string[m.end() - len(dot) : m.end() + 3]
    next_is_name = bool(_NEXT_NAME.match(after))
    prev_is_name = bool(_PREV_NAME.search(before)) and not _PREV_SENTENCE_START.search(before)
    if title and next_is_name and not prev_is_name:
        return title
    if prev_is_name and not next_is_name:
        return road + _sentence_dot(m, dot)
    if title and next_is_name:
        return title
    if prev_is_name:
        return road + _sentence_dot(m, dot)
    return "Doctor" if abbr == "Dr" else m.group(0)  # "the Dr said"; a lone "St" or "Rd" is left alone


def _sentence_dot(m: re.Match[str], dot: str) -> str:
    """Keep an abbreviation's full stop when it also ends the sentence."""
    if not dot:
        return ""
    rest = m.string[m.end() : m.end() + 3]
    return "." if not rest.strip() or re.match(r"\s+[A-Z\"“]|\s*\n", rest) else ""


_ETC = re.compile(r"\betc\b(\.?)")


def _etc(m: re.Match[str]) -> str:
    return "et cetera" + _sentence_dot(m, m.group(1))


# --------------------------------------------------------------------------------------------------------
# English: times.

_AMPM = r"(?:(a|p)\.?m\b\.?)"
_TIME_RANGE = re.compile(r"(?:(?<=\d[ap]m)|(?<=\d [ap]m)|(?<=[ap]\.m\.))\s?[-–]\s?(?=\d)")
_CLOCK_AMPM = re.compile(rf"\b([01]?\d)[:.]([0-5]\d)\s?{_AMPM}(?!\w)")
_HOUR_AMPM = re.compile(rf"(?<![\d.,:])\b(1[0-2]|0?[1-9])\s?{_AMPM}(?!\w)")
_ZONES = {
    "BST": "British Summer Time",
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "ET": "Eastern Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "PT": "Pacific Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "AEST": "Australian Eastern Standard Time",
    "AEDT": "Australian Eastern Daylight Time",
    "JST": "Japan Standard Time",
}
_ZONE_AFTER_TIME = re.compile(
    rf"\b(\d{{1,2}})(?:[:.]([0-5]\d))?(\s?[ap]\.m\.?)?\s?\b({'|'.join(_ZONES)}|GMT|UTC)\b(\.?)"
)


def _meridiem(m: re.Match[str], half: str) -> str:
    """Say "a.m.", but write "a.m" before a capital ("3pm Eastern"): hibari ends the sentence at a dot."""
    if not m.group(0).endswith(".") and re.match(r"\s+[A-Z]", m.string[m.end() : m.end() + 2]):
        return f" {half.lower()}.m"
    return f" {half.lower()}.m."


def _clock(m: re.Match[str]) -> str:
    hour, minute = m.group(1), m.group(2)
    return (hour if minute == "00" else f"{hour}:{minute}") + _meridiem(m, m.group(3))


def _hour(m: re.Match[str]) -> str:
    return m.group(1) + _meridiem(m, m.group(2))


def _zone(m: re.Match[str]) -> str:
    hour, minute, ampm, zone, dot = m.groups()
    if not (minute or ampm):
        return m.group(0)  # a bare number before "ET" is not a time
    clock = f"{hour}:{minute}" if minute else hour
    return f"{clock}{(ampm or '').rstrip('.')} {_ZONES.get(zone, zone)}{dot}"


# --------------------------------------------------------------------------------------------------------
# English: money.

_MONEY = re.compile(
    rf"(?<![\w$£€¥₹])(?P<sym>{_CUR_SYM})\s?(?P<n1>{_NUM})(?P<s1>{_SCALE})?"
    rf"(?:(?P<conn>\s?[-–]\s?|\s(?:to|and|or)\s)(?P<sym2>{_CUR_SYM})?\s?(?P<n2>{_NUM})(?P<s2>{_SCALE})?)?"
    r"(?![\d])"
)
_PENCE = re.compile(r"(?<![\w.£$€,])(\d{1,2}(?:\.\d+)?)p\b(?!\.\w)")


def _scale(raw: str | None) -> str:
    return _SCALES.get(raw.strip(), raw.strip()) if raw else ""


# A measure between an article or possessive and a noun is an adjective and takes the singular:
# "a 55 million dollar deal", "Republicans' 1 trillion dollar cut", "a 5 kilometre run".
_ADJECTIVE_BEFORE = re.compile(
    r"(?:\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur|[Tt]his|[Tt]hat)|\w'|\w's)\s$"
)
_NOT_A_NOUN = (
    "of|from|to|in|on|at|and|or|but|nor|away|per|for|by|with|without|a|an|the|he|she|it|they|we|you|i|that|which|"
    "who|whom|was|were|is|are|be|been|has|had|have|will|would|could|should|may|might|must|can|more|less|than|"
    "each|over|under|into|onto|after|before|since|until|during|as|if|when|while|so|too|this|these|those|its|"
    "their|his|her|our|my|your|also|already|just|now|then|there|here|not|only|up|down|out|off|about|above|"
    "below|between|against|through|across|toward|towards|last|next|ago|apiece|each|back|off|plus|minus|is"
)
_NOUN_AFTER = re.compile(rf"\s[\"']?(?!(?:{_NOT_A_NOUN})\b)[A-Za-z][a-z]{{2,}}\b(?<!ed)(?<!ly)(?![-'])", re.I)


def _adjectival(text: str, start: int, end: int) -> bool:
    return bool(_ADJECTIVE_BEFORE.search(text, max(0, start - 12), start) and _NOUN_AFTER.match(text, end))


def _money_one(number: str, scale: str, cur: tuple[str, str, str, str], adjective: bool = False) -> str:
    singular, plural, minor1, minor_n = cur
    if scale:
        return f"{number} {scale} {singular if adjective else plural}"
    whole, _, cents = _digits(number).partition(".")
    if minor1 and len(cents) == 2:
        whole_text = number.partition(".")[0]
        if int(whole) == 0:
            return f"{int(cents)} {minor1 if int(cents) == 1 else minor_n}"
        unit = singular if int(whole) == 1 else plural
        return f"{whole_text} {unit}" + ("" if cents == "00" else f" {cents}")
    return f"{number} {singular if number == '1' or adjective else plural}"


def _money(text: str) -> str:
    """Rewrite every amount; a pair joined by "and"/"or" or in two currencies is two amounts, not a range."""
    out: list[str] = []
    pos = 0
    while m := _MONEY.search(text, pos):
        cur = _CURRENCIES[m.group("sym")]
        n1, s1 = m.group("n1"), _scale(m.group("s1"))
        conn = (m.group("conn") or "").strip() or "-"
        sym2 = m.group("sym2")
        if not m.group("n2") or (conn in ("and", "or") and not sym2) or (sym2 and _CURRENCIES[sym2] != cur):
            first_end = m.end("s1") if m.group("s1") else m.end("n1")
            adjective = _adjectival(text, m.start(), first_end)
            out.append(text[pos : m.start()] + _money_one(n1, s1, cur, adjective))
            pos = first_end
            continue
        n2, s2 = m.group("n2"), _scale(m.group("s2"))
        word = "to" if conn in ("-", "–", "to") else conn
        first = n1 if (not s1 or s1 == s2) else f"{n1} {s1}"
        adjective = _adjectival(text, m.start(), m.end())
        out.append(f"{text[pos : m.start()]}{first} {word} {_money_one(n2, s2 or s1, cur, adjective)}")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _pence(m: re.Match[str]) -> str:
    return f"{m.group(1)} {'penny' if m.group(1) == '1' else 'pence'}"


# --------------------------------------------------------------------------------------------------------
# English: percentages, units and bare scales.

_PERCENT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!\d)(\d+(?:\.\d+)?)\s?%\s?[-–]\s?(\d+(?:\.\d+)?)\s?%"), r"\1 to \2 percent"),
    (re.compile(r"(\d)\s?%"), r"\1 percent"),
    (re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)pc\b"), r"\1 percent"),
    (re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(?:ppts?|pp)\b"), r"\1 percentage points"),
    (re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?bps?\b"), r"\1 basis points"),
    (re.compile(r"\s?%"), " percent"),
)
_MINUS = re.compile(r"(?:(?<=^)|(?<=[\s(\[:=,]))[-−](?=\d)", re.M)

# unit -> (singular, plural); a space is allowed between number and unit.
_UNITS: dict[str, tuple[str, str]] = {
    "km/h": ("kilometre per hour", "kilometres per hour"),
    "kmh": ("kilometre per hour", "kilometres per hour"),
    "kph": ("kilometre per hour", "kilometres per hour"),
    "mph": ("mile per hour", "miles per hour"),
    "km²": ("square kilometre", "square kilometres"),
    "km2": ("square kilometre", "square kilometres"),
    "sq km": ("square kilometre", "square kilometres"),
    "sq m": ("square metre", "square metres"),
    "m²": ("square metre", "square metres"),
    "sq ft": ("square foot", "square feet"),
    "sq mi": ("square mile", "square miles"),
    "km": ("kilometre", "kilometres"),
    "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"),
    "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"),
    "lbs": ("pound", "pounds"),
    "lb": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "ft": ("foot", "feet"),
    "ml": ("millilitre", "millilitres"),
    "ha": ("hectare", "hectares"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "MWh": ("megawatt hour", "megawatt hours"),
    "GWh": ("gigawatt hour", "gigawatt hours"),
    "TWh": ("terawatt hour", "terawatt hours"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "MB": ("megabyte", "megabytes"),
    "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"),
    "GHz": ("gigahertz", "gigahertz"),
    "mins": ("minute", "minutes"),
    "min": ("minute", "minutes"),
    "hrs": ("hour", "hours"),
    "hr": ("hour", "hours"),
    "secs": ("second", "seconds"),
    "yrs": ("year", "years"),
    "bn": ("billion", "billion"),
    "tn": ("trillion", "trillion"),
    "trn": ("trillion", "trillion"),
}
# Only written straight after the number ("500g", "2l"): with a space they are too often something else.
_ATTACHED_UNITS: dict[str, tuple[str, str]] = {
    "g": ("gram", "grams"),
    "l": ("litre", "litres"),
    "mi": ("mile", "miles"),
}
_UNIT = re.compile(
    r"(?<![\w.,])(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s?("
    + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    + r")|("
    + "|".join(_ATTACHED_UNITS)
    + r"))(?![\w/²])"
)
_DEGREES = re.compile(r"(\d)(?:\s?°\s?|º(?=[CF])|\s?℃|\s?℉|(?=[CF](?![\w-])))([CF]?)(?![\w-])|(\d)\s?(°)")
_FEET_INCHES = re.compile(r"\b(\d)\s?ft\s?(\d{1,2})\s?in\b")
_MILLION_OR_METRES = re.compile(r"(?<![\w.,])(\d+(?:,\d{3})*(?:\.\d+)?)m\b(-(?=[a-z]))?(?![.]\w)")
_METRE_CUE = re.compile(
    r"\s(?:high|tall|long|wide|deep|away|race|final|sprint|freestyle|hurdles|butterfly|breaststroke"
    r"|backstroke|medley|relay|individual|above|below|underground|from|apart|rule|drop|fall|distance|depth"
    r"|waves?|swell|of\s(?:water|snow|sea|rain))\b"
)
_THOUSAND = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)(k|K)\b(?!\s?(?:TV|tv|resolution|screen|video|display))")
_K_RUN = re.compile(r"\s(?:run|race|marathon)\b")


def _unit(m: re.Match[str]) -> str:
    """Plural after a number, singular as an adjective: "5 kilometres", but "a 5 kilometre run"."""
    number = m.group(1)
    single, plural = _UNITS[m.group(2)] if m.group(2) else _ATTACHED_UNITS[m.group(3)]
    adjective = _adjectival(m.string, m.start(), m.end())
    return f"{number} {single if number == '1' or adjective else plural}"


def _degrees(m: re.Match[str]) -> str:
    if m.group(3):
        return f"{m.group(3)} degrees"
    scale = {"C": " Celsius", "F": " Fahrenheit", "": ""}[m.group(2)]
    if m.group(0).endswith("℃"):
        scale = " Celsius"
    elif m.group(0).endswith("℉"):
        scale = " Fahrenheit"
    start = m.string[max(0, m.start() - 12) : m.start() + 1]
    one = re.search(r"(?<![\d.,])1$", start) is not None
    return f"{m.group(1)} {'degree' if one else 'degrees'}{scale}"


def _million_or_metres(m: re.Match[str]) -> str:
    if m.group(2):
        return f"{m.group(1)} metre "  # "a 400m-high tower"
    after = m.string[m.end() : m.end() + 30]
    if _METRE_CUE.match(after):
        single = m.group(1) == "1" or _adjectival(m.string, m.start(), m.end())
        return f"{m.group(1)} {'metre' if single else 'metres'}"
    return f"{m.group(1)} million"


def _thousand(m: re.Match[str]) -> str:
    if m.group(2) == "K" and "." not in m.group(1) and int(m.group(1)) < 10:
        return m.group(0)  # "4K" television
    after = m.string[m.end() : m.end() + 12]
    if _K_RUN.match(after):
        return f"{m.group(1)} kilometre"
    return f"{m.group(1)} thousand"


# --------------------------------------------------------------------------------------------------------
# English: dates, ranges, scores, ordinals.

_SUFFIX = r"(?:st|nd|rd|th)"
_DAY = r"(3[01]|[12]\d|0?[1-9])"
_DM_RANGE = re.compile(
    rf"(?<![\d.,:£$€])(?:\b([Tt]he)\s)?\b{_DAY}{_SUFFIX}?\s?(-|–|to|and)\s?(?:the\s)?{_DAY}{_SUFFIX}?"
    rf"(?:\sof)?\s({_MONTH})\b"
)
_DM = re.compile(rf"(?<![\d.,:£$€])(?:\b([Tt]he)\s)?\b{_DAY}{_SUFFIX}?(?:\sof)?\s({_MONTH})\b")
_MD_RANGE = re.compile(
    rf"\b({_MONTH})\s(?:the\s)?{_DAY}{_SUFFIX}?\s?(-|–|to|and)\s?{_DAY}{_SUFFIX}?\b(?![:.,]?\d)"
)
_MD = re.compile(rf"\b({_MONTH})\s(?:the\s)?{_DAY}{_SUFFIX}?\b(?![:.]\d|,\d{{3}}|\s?%|\d)")
_WEEKDAY_ORDINAL = re.compile(rf"\b({_WEEKDAY}),?\s{_DAY}{_SUFFIX}\b")
_YEAR_RANGE = re.compile(r"(?<![\d,.£$€])\b(1[89]\d\d|20\d\d)\s?[-–/]\s?(\d\d)\b(?![-/–]\d|[.,]\d|\s?%)")
_SCORE = re.compile(r"(?<![\w.,/:-])(\d{1,2})\s?[-–]\s?(\d{1,2})(?![\w/:%-]|[.,]\d|\s?(?:%|percent))")
# Capitalised words that make "Top 5-10 Tips" look like "Arsenal 3-0 Spurs" in a title-case headline.
_NOT_TEAMS = frozenset(
    "Top Best Between From Of With The Up Down By For In On At To And Or Over Under Around About Just Only "
    "Some Nearly Almost Aged Ages Rise Fall Rises Falls Up".split()
)
_SCORE_BEFORE = frozenset(
    "won beat beats beating lost losing drew drawing thrashed edged trail trailed trailing led leading "
    "lead leads win wins".split()
)
_SCORE_AFTER = frozenset(
    "win victory defeat loss draw lead home away thrashing scoreline aggregate success triumph reverse "
    "drubbing hammering".split()
)
_RANGE = re.compile(
    r"(?<![\w.,/:-])(\d+(?:,\d{3})*(?:\.\d+)?)\s?[-–]\s?(\d+(?:,\d{3})*(?:\.\d+)?)(?![\d]|[-–/:]\d|[.,]\d)"
)
_ORDINAL = re.compile(r"(?<![\w.,])(\d+)(st|nd|rd|th)\b")
_ROMAN = {
    r: i for i, r in enumerate("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII".split(), 1)
}
_REGNAL = re.compile(
    r"\b(Charles|Elizabeth|Henry|George|Edward|William|James|Richard|Mary|Victoria|John|Paul|Benedict"
    r"|Pius|Leo|Gregory|Louis|Philip|Felipe|Carlos|Harald|Frederik|Carl|Gustaf|Alexander|Nicholas|Peter|Ivan|Rama"
    r"|Abdullah|Hussein|Salman|Mohammed|Constantine)\s("
    + "|".join(sorted(_ROMAN, key=len, reverse=True))
    + r")\b"
)
_WORLD_WAR = re.compile(r"\b(World War)\s(II|I)\b")


def _ordinal_match(m: re.Match[str]) -> str:
    digits, suffix = m.group(1), m.group(2)
    n = int(digits[-2:]) if len(digits) > 1 else int(digits)
    expected = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return _ordinal_text(digits) if suffix == expected else m.group(0)


def _dm_range(m: re.Match[str]) -> str:
    the, a, conn, b, month = m.groups()
    word = "and" if conn == "and" else "to"
    return f"{the or 'the'} {_ordinal(int(a))} {word} the {_ordinal(int(b))} of {month}"


def _dm(m: re.Match[str]) -> str:
    the, day, month = m.groups()
    return f"{the or 'the'} {_ordinal(int(day))} of {month}"


def _md_range(m: re.Match[str]) -> str:
    month, a, conn, b = m.groups()
    return f"{month} {_ordinal(int(a))} {'and' if conn == 'and' else 'to'} {_ordinal(int(b))}"


def _md(m: re.Match[str]) -> str:
    return f"{m.group(1)} {_ordinal(int(m.group(2)))}"


def _year_range(m: re.Match[str]) -> str:
    first, short = m.group(1), m.group(2)
    full = int(first[:2] + short)
    if full <= int(first):
        full += 100
    if full - int(first) > 30:
        return m.group(0)
    return f"{first} to {full}"


def _score(m: re.Match[str]) -> str:
    a, b = m.group(1), m.group(2)
    before = m.string[max(0, m.start() - 30) : m.start()].split()
    after = m.string[m.end() : m.end() + 30].split()
    prev = before[-1].lower().strip(",") if before else ""
    nxt = after[0].lower().strip(",.;:") if after else ""
    teams = bool(
        before
        and after
        and before[-1][:1].isupper()
        and after[0][:1].isupper()
        and before[-1] not in _NOT_TEAMS
    )
    if int(a) > 15 or int(b) > 15 or not (prev in _SCORE_BEFORE or nxt in _SCORE_AFTER or teams):
        return m.group(0)
    if a == b:
        return "nil nil" if int(a) == 0 else f"{a} all"
    return f"{a if int(a) else 'nil'} {b if int(b) else 'nil'}"


def _regnal(m: re.Match[str]) -> str:
    return f"{m.group(1)} the {_ordinal(_ROMAN[m.group(2)]).capitalize()}"


def _world_war(m: re.Match[str]) -> str:
    return f"{m.group(1)} {'Two' if m.group(2) == 'II' else 'One'}"


# --------------------------------------------------------------------------------------------------------
# English: quantities, symbols.

_QUANTITY_FOUR = re.compile(r"(?<![\w.,£$€¥₹#])(?<!\d\s)([1-9]\d{3})(?=\s+([a-z]+))")
_QUANTITY_BIG = re.compile(r"(?<![\w.,£$€¥₹#])(?<!\d\s)([1-9]\d{4,8})(?=\s+[a-z])")
_QUANTITY_NOUNS = frozenset(
    "people children adults staff workers jobs homes houses households patients students pupils residents "
    "troops soldiers deaths cases migrants refugees passengers flights cars vehicles miles kilometres metres "
    "feet tonnes years votes points words signatures members officers police fans animals trees beds schools "
    "customers users employees voters runners visitors tourists protesters people's men women".split()
)
_YEAR_CUES = frozenset(
    "in since from until till by of the during before after year early late mid and to summer winter spring "
    "autumn between".split()
) | {m.lower() for m in _MONTHS}


def _commas(n: str) -> str:
    return f"{int(n):,}"


def _quantity_four(m: re.Match[str]) -> str:
    number, noun = m.group(1), m.group(2)
    value = int(number)
    before = m.string[max(0, m.start() - 20) : m.start()].split()
    prev = before[-1].lower() if before else ""
    if 1100 <= value <= 2099:
        if noun not in _QUANTITY_NOUNS or prev in _YEAR_CUES:
            return number
    elif not (noun.endswith("s") or noun in _QUANTITY_NOUNS) or noun in ("is", "was", "has", "this", "its"):
        return number
    return _commas(number)


_SYMBOL_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b24/7\b"), "24 7"),
    (re.compile(r"\band/or\b"), "and or"),
    (re.compile(r"\s?/\s?(?=(?:day|week|month|year|hour|head|person|night)\b)"), " a "),
    (re.compile(r"\s?&\s?"), " and "),
    (re.compile(r"\s?\+\s?"), " plus "),
    (re.compile(r"\s=\s|(?<=\w)=(?=\w)"), " equals "),
    (re.compile(r"(?<![\w@])@(?=\s)|\s@\s"), " at "),
    (re.compile(r"[~≈]\s?(?=\d)"), "about "),
    (re.compile(r"(?<![<\w])<\s?(?=\d)"), "less than "),
    (re.compile(r"(?<![>\w-])>\s?(?=\d)"), "more than "),
    (re.compile(r"≤\s?"), "at most "),
    (re.compile(r"≥\s?"), "at least "),
    (re.compile(r"(\d)-(?=(?:year|month|week|day|hour|minute)s?-olds?\b)"), r"\1 "),
    (re.compile(r"\b((?:year|month|week|day|hour|minute)s?)-(olds?)\b"), r"\1 \2"),
    (re.compile(r"(?<=\d)-(?=[a-z]{2,}\b(?!-\d))"), " "),  # "10-point lead", not "2-for-1"
    (re.compile(r"(?<=[a-z])-a-(?=(?:year|day|week|month|head|time|side)\b)"), " a "),
)
_NUMBER_SIGN = re.compile(r"(?<![\w&])#\s?(\d{1,9})\b")
_FRACTIONS = {"½": "a half", "¼": "a quarter", "¾": "three quarters", "⅓": "a third", "⅔": "two thirds"}
_FRACTION = re.compile(r"(\d)?\s?([½¼¾⅓⅔])")


def _fraction(m: re.Match[str]) -> str:
    word = _FRACTIONS[m.group(2)]
    return f"{m.group(1)} and {word}" if m.group(1) else f" {word}"


# --------------------------------------------------------------------------------------------------------
# English: acronyms.

# Acronyms said as words although the vowel heuristic would spell them, or that it would get wrong.
_WORD_ACRONYMS = frozenset(
    "NASA NATO UNESCO UNICEF OPEC FIFA UEFA AIDS ISIS COVID SARS MERS NAFTA ASEAN OFCOM OFSTED OFGEM OFWAT "
    "ACAS BAFTA NIMBY LASER RADAR SWAT POTUS FLOTUS SCOTUS NASDAQ UCAS UNISON UNITE ISA PIN SIM GIF WASP "
    "NEET NICE SAGE COBRA BAME NOAA UKIP CAFOD MENCAP DEFRA PETA FEMA HAMAS CERN AUKUS BRICS APEC AFCON EFTA "
    "IKEA ASOS LIBOR SONIA NASCAR ECOWAS JPEG SEAL TED".split()
)
# Acronyms the heuristic would wrongly say as a word.
_LETTER_ACRONYMS = frozenset("ACLU OSCE ICAO IMAX ABBA AIIB IOPC".split())
_SPECIAL_ACRONYMS = {"FTSE": "Footsie", "OK": "okay"}
# Ordinary words in SHOUTED text: left alone when a capitalised neighbour shows the text is shouting.
_SHOUTED_WORDS = frozenset(
    "THE AND FOR BUT NOT NEW NOW WHY HOW WAR OUT TOP BIG ALL ONE TWO MAN MEN HIS HER SHE ITS OUR YOU ARE WAS "
    "HAS HAD GET GOT SEE SAY DAY END OFF OLD TOO WAY CAN MAY ANY FEW SET RUN BAN CUT HIT TAX OIL LAW JOB "
    "PAY WIN OF TO IN ON AT BY IS BE AS OR AN SO NO UP DO GO HE WE ME MY IF".split()
)
# Articles and prepositions of the other languages feeds come in, which open all-caps names ("EL PAÍS",
# "DER SPIEGEL", "LE MONDE"): words, when the name's other words are words. None is an English initialism.
_NAME_WORDS = frozenset(
    "EL LA LAS LOS DEL DE DER DIE DAS DEN DEM DES LE LES DU AU UNE IL LO DI DOS OS NA EN ET UND VON "
    "ZU".split()
)
_ONSETS = frozenset(
    "BL BR CH CL CR DR FL FR GL GR KN PH PL PR SC SCH SCR SH SK SL SM SN SP SPL SPR ST STR SW TH THR TR TW "
    "WH WR QU SQU GN PS".split()
)
_CODAS = frozenset(
    "CH CK CT FT GH LD LF LK LL LM LP LS LT MP MS NC ND NG NK NS NT PS PT RB RC RD RF RG RK RL RM RN RP RS "
    "RT SH SK SP SS ST TH TS TCH NDS NTS NGS RDS RTS RST RTH LTS DS CS KS MPS NKS SKS STS".split()
)
_ACRONYM = re.compile(r"(?<![\w.'’-])([A-Z]{2,})(?![\w'’&]|\.\w|-[A-Z0-9])")
_VOWELS = "AEIOU"
# Roman numerals from I..LXXXIX ("Super Bowl LVIII"): left for the engine, never spelled out.
_ROMAN_NUMERAL = re.compile(r"L?X{0,3}(?:IX|IV|V?I{0,4})")


def _pronounceable(word: str) -> bool:
    """Whether an all-capitals word reads as a word ("NASA", "UNESCO") rather than as letters ("HMRC")."""
    if len(word) < 4:
        return False
    vowelish = "".join("V" if c in _VOWELS or (c == "Y" and i) else "C" for i, c in enumerate(word))
    if "V" not in vowelish or "VVV" in vowelish:
        return False
    runs = re.findall(r"C+|V+", vowelish)
    pos = 0
    pieces = []
    for run in runs:
        pieces.append((run[0], word[pos : pos + len(run)]))
        pos += len(run)
    for i, (kind, letters) in enumerate(pieces):
        if kind != "C" or len(letters) == 1:
            continue
        if i == 0:
            ok = letters in _ONSETS
        elif i == len(pieces) - 1:
            ok = letters in _CODAS or (
                letters.endswith("S") and (len(letters) == 2 or letters[:-1] in _CODAS)
            )
        else:
            ok = len(letters) == 2 or (
                len(letters) == 3 and (letters[1:] in _ONSETS or letters[:2] in _CODAS)
            )
        if not ok:
            return False
    return True


def _spell(word: str) -> str:
    """Dotted letters, "F.B.I": the dots make every engine say letters (hibari reads a bare "WHO" as "who").

    No final dot: "F.B.I. Director" reads as a sentence end to hibari and to :mod:`briefing.text.sentences`.
    """
    return ".".join(word)


def _acronym(m: re.Match[str]) -> str:
    word = m.group(1)
    if word in _SPECIAL_ACRONYMS:
        return _SPECIAL_ACRONYMS[word]
    if word in _WORD_ACRONYMS or _ROMAN_NUMERAL.fullmatch(word):
        return word
    if word in _SHOUTED_WORDS or word in _NAME_WORDS:
        if _shouting(m):
            return word
    elif len(word) > 3 and word not in _LETTER_ACRONYMS and _pronounceable(word):
        return word
    return _spell(word)


def _shouting(m: re.Match[str]) -> bool:
    """True when a neighbouring word is also in capitals: a SHOUTED headline or an all-caps name
    ("DER SPIEGEL", "EL PAÍS"), not an acronym."""
    before = m.string[max(0, m.start() - 25) : m.start()].split()
    after = m.string[m.end() : m.end() + 25].split()
    neighbours = [w.replace(".", "").strip(",:;!?\"'") for w in before[-1:] + after[:1]]
    return any(len(w) > 1 and w.isalpha() and w.isupper() for w in neighbours)


# --------------------------------------------------------------------------------------------------------
# English: names the voice's dictionary reads wrongly, where no spelling rule could know (each heard with
# ``Hibari().phonemize``): it has "Xi" as the Greek letter ("zye": "PM Modi-Xi Jinping" came back from
# Whisper as "Modi's eye jumping"), pinyin x as "z" and Huawei as "hyoo-a-way"; and it takes a Spanish
# surname's "-chez" for French "chez", so "Sánchez" loses its last sound. The names are a built-in
# :class:`Lexicon` (``_NAMES``, below it); the user's lexicon comes first.

_CHEZ = re.compile(r"(?<=\w[a-zá])chez\b")


def _names(text: str) -> str:
    return _CHEZ.sub("ches", _NAMES.apply(text))


# --------------------------------------------------------------------------------------------------------
# English: two names joined by a hyphen ("the Israel-Hamas war", "US-China talks") are two words to a
# newsreader, each with its stress; hibari's G2P reads the pair as one word and the second name loses
# its stress (Whisper heard "Russia-Ukraine" as "Russian crain"). A prefix keeps its hyphen: one word
# ("Pre-Election", "Anti-Muslim" in a headline's capitals).

_NAME_PAIR = re.compile(r"(?<![\w.])([A-Z][a-z]{2,}|[A-Z]{2,})-(?=[A-Z](?:[a-z]{2,}|[A-Z]+)\b)")
_PREFIXES = frozenset(
    """anti non pre post pro self multi semi mid sub inter intra trans over under cross counter co
    ex neo pan pseudo quasi ultra super out mega micro macro mini""".split()
)


def _name_pairs(text: str) -> str:
    return _NAME_PAIR.sub(lambda m: m.group(0) if m.group(1).lower() in _PREFIXES else f"{m.group(1)} ", text)


# --------------------------------------------------------------------------------------------------------
# The English pass, in order: later steps rely on earlier ones (brackets go before money, times before
# decimals, money before bare scales, dates before ranges, ranges before ordinals, acronyms last).


_PUNCTUATION = str.maketrans(
    {"\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"'}
)


def _english(text: str) -> str:
    text = text.translate(_PUNCTUATION)
    text = _CONVERSION.sub(_conversion, text)
    text = _BRACKETED_INITIALS.sub(_restated_initials, text)
    text = _FRACTION.sub(_fraction, text)
    for pattern, repl in _ABBREVIATION_RULES:
        if repl.startswith("\0"):
            kind = repl[1:]
            text = pattern.sub(partial(_abbreviation, kind=kind), text)
        else:
            text = pattern.sub(repl, text)
    text = _ETC.sub(_etc, text)
    text = _STREET_ABBR.sub(_street, text)
    text = _TIME_RANGE.sub(" to ", text)
    text = _CLOCK_AMPM.sub(_clock, text)
    text = _HOUR_AMPM.sub(_hour, text)
    text = _ZONE_AFTER_TIME.sub(_zone, text)
    text = _money(text)
    text = _PENCE.sub(_pence, text)
    text = _MINUS.sub("minus ", text)
    text = _FEET_INCHES.sub(r"\1 feet \2 inches", text)
    text = _DEGREES.sub(_degrees, text)
    for pattern, repl in _PERCENT_RULES:
        text = pattern.sub(repl, text)
    text = _UNIT.sub(_unit, text)
    text = _MILLION_OR_METRES.sub(_million_or_metres, text)
    text = _THOUSAND.sub(_thousand, text)
    text = _DM_RANGE.sub(_dm_range, text)
    text = _DM.sub(_dm, text)
    text = _MD_RANGE.sub(_md_range, text)
    text = _MD.sub(_md, text)
    text = _WEEKDAY_ORDINAL.sub(lambda m: f"{m.group(1)} the {_ordinal(int(m.group(2)))}", text)
    text = _YEAR_RANGE.sub(_year_range, text)
    text = _SCORE.sub(_score, text)
    text = _RANGE.sub(r"\1 to \2", text)
    text = _ORDINAL.sub(_ordinal_match, text)
    text = _NUMBER_SIGN.sub(lambda m: "number " + _cardinal(int(m.group(1))), text)
    for pattern, repl in _SYMBOL_RULES:
        text = pattern.sub(repl, text)
    text = _QUANTITY_FOUR.sub(_quantity_four, text)
    text = _QUANTITY_BIG.sub(lambda m: _commas(m.group(1)), text)
    text = _WORLD_WAR.sub(_world_war, text)
    text = _REGNAL.sub(_regnal, text)
    text = _names(_name_pairs(text))
    return _ACRONYM.sub(_acronym, text)


def _is_english(language: str) -> bool:
    return str(language or "en").strip().lower().replace("_", "-").split("-")[0] in ("en", "eng", "english")


def speakable(text: str, language: str = "en") -> str:
    """Rewrite news ``text`` as a newsreader would say it; never raises (falls back to a lighter cleanup)."""
    if not isinstance(text, str):
        text = (
            text.decode("utf-8", "replace")
            if isinstance(text, bytes)
            else ("" if text is None else str(text))
        )
    try:
        cleaned = _neutral(text)
    except Exception:  # pragma: no cover - defensive: the voice must get something
        return re.sub(r"\s+", " ", text).strip()
    try:
        if _is_english(language):
            return _tidy(_english(cleaned))
    except Exception:  # pragma: no cover - defensive
        pass
    return _tidy(cleaned)


# --------------------------------------------------------------------------------------------------------
# The user's pronunciations.


@dataclass(frozen=True)
class Lexicon:
    """Words and phrases the user wants said another way (``[pronunciations]`` in briefing.toml), for the
    names no rule can know: "Pujols" -> "poo holes", "Deutsche Welle" -> "Doytcheh Velleh".

    Whole words only, longest entry first. Case-aware: an entry with a capital matches only as written
    ("US" is not "us"); an entry all in lower case matches any case. Applied to the spoken form only,
    before :func:`speakable`, so the replacement is read like any other text (its numbers too).
    """

    entries: tuple[tuple[str, str], ...] = ()
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.entries:
            return
        keys = sorted((k for k, _ in self.entries), key=len, reverse=True)
        alternatives = "|".join(f"(?i:{re.escape(k)})" if k == k.lower() else re.escape(k) for k in keys)
        pattern = re.compile(rf"(?<![\w'’])(?:{alternatives})(?!\w|['’]\w\w)")
        object.__setattr__(self, "_pattern", pattern)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        """A lexicon from (written, spoken) pairs; blank entries are ignored."""
        return cls(tuple((" ".join(k.split()), " ".join(v.split())) for k, v in pairs if k.strip()))

    def apply(self, text: str) -> str:
        """The text with every entry replaced by its spoken form."""
        if self._pattern is None:
            return text
        exact = dict(self.entries)
        folded = {k.lower(): v for k, v in self.entries if k == k.lower()}
        return self._pattern.sub(lambda m: exact.get(m.group(0)) or folded[m.group(0).lower()], text)


_NAMES = Lexicon.of([("Xi", "Shee"), ("Xinhua", "Shinhwa"), ("Huawei", "Wahway")])

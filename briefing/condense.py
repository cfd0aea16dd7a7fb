"""Condense a news article into a short spoken story made of its own sentences.

Abstractive models are slow, heavy and can invent facts; news, though, puts its point in a few of its own
sentences. So :func:`summarize` cleans the text (datelines, bylines, glued sub-headings, "Also read" links),
lightly compresses each sentence (bracketed conversions and asides, "he said" tails; as an option for the
packer also ages, time phrases, "also" and appositives, see :func:`compress`, and cuts at clause boundaries
that leave a complete clause), scores every sentence
with a small ensemble of shallow regression trees ranking sentences as human news summaries do (fitted by
``benchmarks/fit_condense.py``; the numbers are ``data/condense_weights.json``; a linear table also
works), then packs the best-scoring sentences into the word budget with a dynamic
program (whole, or without a trailing clause, so the budget fills well), in the article's order, never
opening on a dangling pronoun and never splitting a quote from its speaker.

Pure Python on purpose: a briefing condenses hundreds of articles, and importing numpy costs more than
condensing one.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .text.agencies import NEWS_AGENCIES
from .text.boilerplate import is_credit_or_byline
from .text.sentences import split_sentences

__all__ = [
    "FEATURES",
    "Unit",
    "compose",
    "compress",
    "features",
    "prepare",
    "score_units",
    "shorter_forms",
    "starts_dangling",
    "summarize",
]

# --- cleaning ------------------------------------------------------------------------------------------

_WS = re.compile(r"[ \t\u00a0]+")
# "LONDON (Reuters) -", "New Delhi, Apr 13 (PTI)", "MOSCOU, 24 set (ANSA) -", "KYIV, Ukraine (AP) —",
# "MADRID, 3 mar (EFE).-", "ROMA, 3 MAR -", "(CNN)" at the start of the text or of a sentence.
_DAY_MONTH = r"(?:\w{3,9}\.?\s+\d{1,2}|\d{1,2}\.?\s+\w{3,9}\.?)(?:,?\s+\d{4})?"
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'/ -]{0,40}?(?:,\s*[A-Z][\w.' -]{1,30}?)?,?\s+"
    rf"(?:{_DAY_MONTH},?\s+)?)?"
    rf"\(\s*{NEWS_AGENCIES}\s*\)\s*\.?\s*[-–—:]*\s*"
    rf"|^[A-Z][A-Z.'/ -]{{2,30}}(?:,\s+(?:[A-Z][\w. ]{{1,30}}|{_DAY_MONTH}))?\s*(?:[-–—]+|:)\s+(?=[A-Z\"“])"
    r"|^[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s(?=The\s\w|An?\s[a-z])"  # "New Delhi The court ..."
)
# ALL-CAPS sub-headings a scraper glued between two sentences: "...told PTI.BRIDGE CAN WITHSTAND TANKSThe".
# At most 30 words: a heading is short, and an unbounded run was quadratic on a long shouted passage.
_GLUED_HEADING = re.compile(
    r"(?<=[.!?\"”’'])[ \t]*(?:[A-Z0-9'’?,:&-]+\s+){2,30}[A-Z0-9'’?,:&-]*?(?=[A-Z][a-z])"
)
_LINK_MARKER = re.compile(
    r"\s*\b(ALSO READ|Also read|MUST READ|Must read|ALSO WATCH|Also watch|READ MORE|Read more"
    r"|READ|WATCH)\s*[:|]"
)
# Scraped text where a lost quote or dash became "?": ' ?word', 'word?,', ' ? '; never a real question mark.
_LOST_DASH = re.compile(r"(?<=\w) \? (?=\w)")
_LOST_QUOTE_OPEN = re.compile(r"(?<=\s)\?(?=\w)")
_LOST_QUOTE_CLOSE = re.compile(r"(?<=[,.])\?|(?<=\w)\?(?=[,;:]|\s+[a-z])")
_GLUED_QUOTE = re.compile(r"(?<=[a-z0-9)]{2})([.!?,]?)([\"“”]{1,2})(?=[A-Z])")
# A stop after a lower-case word of four letters or more is never an abbreviation: a sure sentence end,
# broken into a line of its own whatever split_sentences would make of the words around it.
_SURE_STOP = re.compile(r"(?<=[a-z]{4}[.!?])([\"”’)]?)[ \t]+(?=[\"“‘(]?[A-Z])")
_GLUED_STOP = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_JUNK = re.compile(
    r"^(?:also\s+(?:read|watch|see)|must\s+read|read\s+(?:more|also|:|\|)|watch\s*(?:full\s+video|:|\|)"
    r"|click\s+here|follow\s+(?:us|him|her)|sign\s+up|subscribe|published:|updated:|last\s+updated"
    r"|share\s+this|photo:|image:|file\s+photo|\(?with\s+inputs\s+from|advertisement$)",
    re.IGNORECASE,
)
# Embedded tweets as scrapers leave them: a picture or short link glued to the next sentence, and the
# signature "— Jane Roe (@jroe) July 25, 2017". The tweet's own text (handles, hashtags) is not a sentence
# a newsreader can read, so its unit goes too (see _SOCIAL).
_EMBED = re.compile(
    r"\s*(?:pic\.twitter\.com/\w{10}|https?://\S+|[—–]\s*[^()\n—–]{1,60}\(@\w+\)\s*"
    r"(?:\w{3,9}\.?\s+\d{1,2},\s+\d{4})?)"
)
# What a publisher puts around every story, in the languages feeds come in: a sign-off to the reader ("Have
# a great week until then!"), a link's label ("Seguir leyendo.", "Weiterlesen"), a search box ("Search…"),
# a site tag alone ("[allAfrica]"); and citations ("Tamm, Mikhail et al. ... Nature Cities.").
_SIGN_OFF = re.compile(
    r"^\W*(?:have\s+a\s+(?:great|good|nice|lovely|wonderful|happy)\s+(?:week|weekend|day|evening|night|one)"
    r"|until\s+(?:next\s+time|then|tomorrow|next\s+week)|see\s+you\s+(?:next|tomorrow|soon|then)"
    r"|thanks?(?:\s+you)?\s+(?:so\s+much\s+)?for\s+(?:reading|watching|listening|joining)|happy\s+reading"
    r"|bis\s+(?:nächste|morgen|bald|zum\s+nächsten)|schönes\s+wochenende|à\s+(?:la\s+semaine\s+prochaine|bientôt)"
    r"|bonne\s+(?:semaine|journée|lecture|soirée)|hasta\s+(?:la\s+próxima|mañana|pronto)|até\s+(?:a\s+próxima|breve)"
    r"|buona\s+(?:settimana|lettura|giornata)|alla\s+prossima"
    r"|that'?s\s+(?:all|it)\s+(?:for\s+(?:today|now|this\s+(?:week|time|morning|evening))|from\s+(?:me|us)))\b",
    re.IGNORECASE,
)
_STOCK_LINE = re.compile(
    r"^\W*(?:seguir\s+leyendo|sigue\s+leyendo|leer\s+más|lire\s+la\s+suite|weiterlesen|mehr\s+lesen|leia\s+mais"
    r"|continuar?\s+a\s+ler|continua\s+a\s+leggere|leggi\s+(?:anche|tutto)"
    r"|continue\s+reading(?:\s+(?:at|on|in)\s+[\w .'’-]{1,40})?"
    r"|read\s+(?:the\s+)?(?:full\s+)?(?:story|article|more)|search|loading|menu|advertisement|anzeige"
    r"|publicidad|publicité)\W*$"
    r"|^\[[^\[\]]{1,40}\]\W*$",
    re.IGNORECASE,
)
_SITE_TAG = re.compile(r"^\s*\[[^\[\]\d]{1,30}\]\s*|\s*\[[^\[\]\d]{1,30}\]\s*$")
_CITATION = re.compile(
    r"^(?:(?:sources?|references?|quellen?|study|paper|journal\s+reference|original\s+(?:publication|paper)"
    r"|originalpublikation|publication)\s*:\s*)?[A-Z][\w'’-]+,\s+[A-Z][^!?]{0,60}?\bet\s+al\b"
    r"|\bdoi(?::|\.org/)\s*10\.\d{4,}"
    # A journal, volume and pages on their own: "Nature 590, 1-5."
    r"|(?-i:^[A-Z][\w&.']*(?:\s[A-Z&][\w&.']*){0,5}\s\d{1,4}(?:\s?\(\d{1,4}\))?,\s+[A-Z]?\d{1,6}(?:[-–]\d{1,6})?\.?$)",
    re.I,
)
# A writer's signature on a line of its own: "— Jane Doe, Metro Editor".
_SIGNATURE = re.compile(r"^[—–-]+\s*[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,3}(?:,\s*[\w .'’-]{1,40})?\W*$")
# A line that only sends the reader to an address: "Full transcript and show notes at theomnishow.com",
# "More at www.example.org/story". A listener cannot follow it; with its link gone (_EMBED), it ends on
# the word that pointed ("Read the full report at").
_POINTER = re.compile(
    r"^(?:\S+\s+){0,12}?(?:at|on|to|visit|see|via|from)(?:\s+(?:https?://\S+|(?:www\.)?[\w-]+(?:\.[\w-]+)*"
    r"\.[a-z]{2,}(?:/\S*)?)\s*[.!]?|\s*:?)$",
    re.IGNORECASE,
)
_SOCIAL = re.compile(r"(?<![\w@#])[@#][A-Za-z_]\w*|[ðâÃ][^\s\w]?\?")
# Brackets worth dropping: conversions and figures "(£42m)", "(26 miles)", handles, "(pictured)", "(sic)".
_PAREN_DROP = re.compile(
    r"\s*\((?=[^()]*(?:\d|@|\bpictured\b|\bleft\b|\bright\b|\bcentre\b|\bcenter\b|\babove\b|\bbelow\b"
    r"|\bfile\b|\bsic\b|\bphoto\b|\bvideo\b|\bimage\b))[^()]{1,60}\)"
)
_PRONOUN_TAIL = re.compile(
    r",\s+(?:he|she|they|it|we|police|officials|the\s+official|sources)\s+(?:said|says|added|told\s+\w+)"
    r"(?:\s+on\s+\w+day)?(?=[.!]$)"
)
_THREE_LETTERS = re.compile(r"[^\W\d_](?:.*?[^\W\d_]){2}")
_NUMBER_WORD = re.compile(r"\S*\d\S*")
_ENDS = (".", "!", "?", "。", "！", "？", "…", "।", "॥", "۔", "؟")
# Stops split_sentences does not know (Devanagari danda, Urdu full stop, Arabic question mark).
_OTHER_STOP = re.compile(r"(?<=[।॥۔؟])\s+")
_CLOSERS = "\"'”’»)]"


def _clean_sentence(sentence: str) -> str:
    """The sentence without dateline, site tag, droppable brackets and a bare pronoun "said" tail."""
    s = _SITE_TAG.sub(" ", _DATELINE.sub("", sentence, count=1)).strip()
    s = _PAREN_DROP.sub("", s)
    if '"' not in s and "“" not in s:
        s = _PRONOUN_TAIL.sub("", s)
    s = re.sub(r"\s+([,.;:!?])", r"\1", s)
    s = _DOUBLED_THE.sub(lambda m: "The" if "The" in m.groups() else "the", s)
    return _WS.sub(" ", s).strip(" -–—|")


# "on the The Athletic podcast", "the the team": a publisher's slip, said twice by the voice otherwise.
_DOUBLED_THE = re.compile(r"\b([Tt]he)\s+([Tt]he)\b")


def _quote_balance(sentence: str) -> int:
    """+1 when the sentence leaves a quotation open, -1 when it closes one opened before, else 0.

    Straight quotes cannot tell opening from closing, so an odd count gives +1 either way.
    """
    curly = sentence.count("“") - sentence.count("”")
    if curly:
        return 1 if curly > 0 else -1
    return sentence.count('"') % 2


def _unglue_quotes(text: str) -> str:
    """Put back the space lost in 'scam."There' or 'said.""But': before an opening quote, after a closing."""

    read, before = 0, 0  # text[:read] is counted: ``before`` is its last line's quote balance

    def fix(m: re.Match[str]) -> str:
        nonlocal read, before  # each match reads on from the last (a recount per match was quadratic)
        line = text.rfind("\n", read, m.start()) + 1
        if line:
            read, before = line, 0
        seg = text[read : m.start(2)]
        before += seg.count('"') + seg.count("“") - seg.count("”")
        read = m.start(2)
        quotes = m.group(2)
        if len(quotes) == 2 or before % 2:  # closes a quote (and maybe opens the next)
            return f"{m.group(1)}{quotes[0]} {quotes[1:]}".rstrip() + ("" if len(quotes) == 2 else " ")
        return f"{m.group(1)} {quotes}"

    return _GLUED_QUOTE.sub(fix, text)


@dataclass(frozen=True)
class Unit:
    """A sentence, or a multi-sentence quote kept with its speaker, ready to be spoken."""

    text: str
    index: int  # position among the article's units
    words: int
    shorter: tuple[str, ...] = ()  # the same sentence without a trailing clause it can spare, longest first


def prepare(text: str) -> list[Unit]:
    """Clean, split and lightly compress the article into the units a story can be built from."""
    if not text or not text.strip():
        return []
    text = _LOST_QUOTE_OPEN.sub('"', _LOST_QUOTE_CLOSE.sub('"', _LOST_DASH.sub(" - ", text)))
    text = _EMBED.sub("\n", _LINK_MARKER.sub(r"\n\1:", text))
    text = _GLUED_HEADING.sub(" ", text)
    text = _GLUED_STOP.sub(" ", text)
    text = _unglue_quotes(text)
    pieces: list[str] = []
    for raw in split_sentences(_OTHER_STOP.sub("\n", _SURE_STOP.sub(r"\1\n", text))):
        raw = raw.strip()
        # A piece starting in lower case is the tail of the one before ("?unconditional? and ...").
        if pieces and raw[:1].islower():
            pieces[-1] = f"{pieces[-1]} {raw}"
        else:
            pieces.append(raw)
    units: list[str] = []
    i = 0
    while i < len(pieces):
        end = i
        if _quote_balance(pieces[i]) > 0:  # a quote that runs on: keep it whole, up to its speaker
            end = next((k for k in range(i + 1, min(i + 4, len(pieces))) if _quote_balance(pieces[k])), i)
        units.append(" ".join(pieces[i : end + 1]))
        i = end + 1
    cleaned = [(raw, _clean_sentence(raw)) for raw in units if not _furniture(raw)]
    kept = [s for raw, s in cleaned if _speakable(s) and not _is_heading(raw, s)]
    labels = [_is_label(s) for s in kept]
    listed = [
        a and ((i and labels[i - 1]) or (i + 1 < len(kept) and labels[i + 1])) for i, a in enumerate(labels)
    ]
    kept = [s for s, in_list in zip(kept, listed, strict=True) if not in_list]
    return [Unit(s, i, len(s.split()), shorter_forms(s)) for i, s in enumerate(kept)]


def _furniture(raw: str) -> bool:
    """A unit that is the page's furniture, not the story: links, bylines, credits, sign-offs, citations."""
    text = raw.strip()
    return bool(
        _JUNK.match(text)
        or "|" in text[:40]
        or _SOCIAL.search(text)
        or _STOCK_LINE.match(text)
        or (_SIGN_OFF.match(text) and len(text.split()) <= 15)
        or _CITATION.search(text)
        or _SIGNATURE.match(text)
        or is_credit_or_byline(text)
        or _POINTER.match(text)
    )


def _speakable(sentence: str) -> bool:
    """Words a listener can follow: three letters at least, and not a shouted heading."""
    return bool(_THREE_LETTERS.search(sentence)) and not (sentence.isupper() and len(sentence.split()) > 1)


# Words that may join the capitalised words of a link's or heading's label ("Michigan School of Information").
_LABEL_JOINERS = frozenset(
    "and of the for in on at to a & - – de la el y und der die das et le les du e da do".split()
)


def _is_label(sentence: str) -> bool:
    """A link's or a heading's label, not a sentence: six words at most, each capitalised or a joiner.
    Two in a row are a list of links ("Omni Support. Michigan State Library."), which nobody reads out."""
    words = sentence.rstrip(".…").split()
    if (
        not words
        or len(words) > 6
        or sentence.rstrip().endswith(("?", "!"))
        or any(q in sentence for q in _QUOTES)
    ):
        return False
    return all(
        (w[:1].isupper() and not _NUMBER_WORD.fullmatch(w)) or w.lower() in _LABEL_JOINERS for w in words
    )


def _is_heading(raw: str, sentence: str) -> bool:
    """A section heading on a line of its own ("Trade Targets", "Sell High"): a label with no stop of
    its own. A newsreader does not read the subheadings out."""
    return not raw.rstrip().endswith((".", "!", "?", "…", ":", ";", '"', "”", "’", ")")) and _is_label(
        sentence
    )


# A trailing clause that can go without breaking the sentence: ", saying ...", ", which ...", "; ...".
_TAIL_CLAUSE = re.compile(
    r"(?:,\s+(?:saying|adding|which|while|whereas|as|after|amid|according\s+to|following|even\s+as|despite"
    r"|although|though|where|with|including|citing|prompting|leaving|making|forcing|but|[a-z]{2,}ing"
    r"|and\s+(?=(?:he|she|it|they|we|the\s+\w+\s+(?:has|have|had|is|are|was|were|will|would|said))\b))\b"
    r"|\s+[-–—]+\s|;\s)"
)


_TIME = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|morning|afternoon|evening"
    r"|night|weekend|season|January|February|March|April|May|June|July|August|September|October|November"
    r"|December|\d{1,4})"
)
# An opening time or framing phrase that can go: "On Tuesday, ", "Earlier this week, ", "In a statement, ".
_LEADING_PHRASE = re.compile(
    rf"^(?:(?:On|Earlier|Later|Last|This|Since|By|Late|Early)\s+(?:on\s+|this\s+|last\s+)?{_TIME}"
    r"[^,\"“”()]{0,40}"
    r"|In\s+(?:a|an|his|her|their|its)\s+(?:statement|interview|letter|tweet|post|speech|report|order|video)"
    r"[^,\"“”()]{0,40}"
    r"|(?:Speaking|Addressing|Talking)\s[^,\"“”()]{0,50}"
    r"|(?:Hours|Days|Weeks|Months|A\s+day|A\s+week)\s+(?:after|before)\s[^,\"“”()]{0,50}"
    r"|Earlier|Meanwhile|However|Today|Yesterday|Separately|In\s+addition"
    r"|According\s+to\s[^,\"“”()]{3,60})"
    r",\s+(?=\w)"
    # A leading participle phrase, asides and all, up to the comma before the main clause's subject:
    # "Attacking Modi, who is set to address the nation, Congress spokesperson X said ..."
    r"|^(?:[A-Z][a-z]{3,}ing|Asked\s+about|Responding\s+to|Reacting\s+to)\s[^\"“”()]{3,160}?,\s+(?=[A-Z])"
)


def _without_leading_phrase(sentence: str) -> str:
    """The sentence without an opening time or framing phrase, if at least eight words remain; else ""."""
    m = _LEADING_PHRASE.match(sentence)
    if not m or len(sentence[m.end() :].split()) < 8:
        return ""
    rest = sentence[m.end() :]
    first = rest.split(maxsplit=1)[0]
    return rest[0].upper() + rest[1:] if first[1:] == first[1:].lower() else rest


# A quoted phrase opening and closing at word edges: '"not proper",', not the stray quote in 'X" charges'.
_QUOTED = re.compile(r'(?<![\w"“”])(?:"[^"]*"|“[^“”]*”)(?![\w"“”])')


def _inline_quotes(sentence: str) -> list[str] | None:
    """The sentence's quoted phrases if all are short inline ones ("not proper"), else None.

    A short quoted phrase reads as part of the sentence, so the sentence may be cut around it; a longer
    quote is someone's words that must stay whole and with its speaker.
    """
    if "«" in sentence or "»" in sentence:
        return None
    spans = _QUOTED.findall(sentence)
    rest = _QUOTED.sub("", sentence)
    if any(q in rest for q in '"“”') or any(
        len(q.split()) > _INLINE_QUOTE or re.search(r"[.!?]\s", q) for q in spans
    ):
        return None
    return spans


_INLINE_QUOTE = 6  # words: a quoted phrase this short is a label or a scare quote, not a statement


def shorter_forms(sentence: str) -> tuple[str, ...]:
    """Shorter grammatical forms of the sentence: compressed, opening phrase dropped, trailing clauses cut.

    Quoted phrases are never cut into or altered: a form keeps each of them verbatim or drops it whole.
    """
    if len(sentence) > _MAX_FORM_CHARS or sentence.count("(") != sentence.count(")"):
        return ()
    quotes: list[str] = []
    if any(q in sentence for q in _QUOTES):
        found = _inline_quotes(sentence)
        if not found:
            return ()
        quotes = found
    bases = [sentence]
    tight = compress(sentence)
    if tight != sentence and len(tight.split()) >= 6:
        bases.append(tight)
    forms: list[str] = []
    for base in bases:
        core = _without_leading_phrase(base)
        for form in (base, *_tail_cuts(base), core, *(_tail_cuts(core) if core else ())):
            if form and form != sentence and form not in forms:
                if quotes and (
                    not all(q in quotes for q in _QUOTED.findall(form))
                    or any(q in _QUOTED.sub("", form) for q in '"“”')
                ):
                    continue  # it cut into or altered a quoted phrase
                forms.append(form)
    return tuple(forms)


_MAX_FORM_CHARS = 2000  # corpus units are at most ~600 characters

# Words that carry a finite verb often enough for a clause-boundary cut to leave a complete clause.
_FINITE = frozenset(
    """is are was were has have had will would can could shall should may might must did does do
    said says told announced added claimed alleged stated revealed reported confirmed denied""".split()
)
# A clause cannot end on these: it would leave a preposition, conjunction or determiner dangling.
_BAD_LAST = frozenset(
    """a an the of to in on at by for with from and or but as that which who whose whom than its his her
    their our your my this these those is are was were be been being has have had will would can could
    shall should may might must not no into onto over under about after before between against during
    while when where whether if because since than then so very more most such also its per via""".split()
)
_SUBORDINATE = re.compile(
    r"^(?:When|If|After|Although|Though|While|As|Because|Since|Before|Despite|Following|With|Unless|Once"
    r"|Until|Whether|In|On|At|For|During|Amid|According)\b"
)
_CLAUSE_BOUNDARY = re.compile(
    r",\s|;\s|\s[-–—]+\s|\s(?=(?:but|while|whereas|after|before|because|amid|as|when|who|which|where|with"
    r"|including|despite|following|prompting)\s)"
)


_DASH = re.compile(r"\s[-–—]+\s")


def _complete_clause(head: str) -> bool:
    """True when ``head`` looks like a whole main clause: a finite verb, no loose end, no open aside."""
    words = head.split()
    if len(words) < 8 or _SUBORDINATE.match(head):
        return False
    last = words[-1].strip(_PUNCT).lower()
    if not last or last in _BAD_LAST or last in _DANGLING:
        return False
    if re.search(r",\s+(?:who|which|whose|where|the|a|an)\s[^,]*$", head) or (
        head.count(",") % 2 and re.search(r"^[^,]*[A-Z]\w*,\s", head)
    ):
        return False
    # A list cut short ("... trip: makeup, bras.") or an aside left hanging ("The filing, Jackson said.").
    if (
        ":" in head
        or len(re.split(r"[,;]|\s[-–—]+\s", head)[-1].split()) <= 3
        or len(_DASH.findall(head)) % 2
    ):
        return False
    # A pair cut in half ("X was killed and Y.") or an aside never closed ("The statement, released by Y."):
    # the last "and" part, or the words after an unclosed comma, must have a verb of their own.
    tail = re.split(r"\s(?:and|or)\s", head)
    if len(tail) > 1 and len(tail[-1].split()) <= 3:
        return False
    if head.count(",") % 2 and not _FINITE.intersection(
        w.strip(_PUNCT).lower() for w in head.rsplit(",", 1)[-1].split()
    ):
        return False
    low = [w.strip(_PUNCT).lower() for w in words]
    return any(w in _FINITE or (len(w) > 4 and w.endswith("ed")) for w in low[1:])


def _clause_heads(sentence: str) -> list[str]:
    """The sentence cut at each clause boundary that leaves a complete clause, with a full stop."""
    out: list[str] = []
    for m in _CLAUSE_BOUNDARY.finditer(sentence):
        head = sentence[: m.start()].rstrip(" ,;:-–—")
        if (
            m.group(0) == ", "
            and head[-1:].isalpha()
            and head.split()[-1][:1].isupper()
            and sentence[m.end() : m.end() + 1].isupper()
        ):
            continue  # "in Ferguson, Missouri, ...": a place or a list of names, not a clause boundary
        if _complete_clause(head):
            out.append(head + ("" if head.endswith(_ENDS) else "."))
    return out


_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COMPRESSIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Smith, 41, said" / "Smith, aged 41, said"
    (re.compile(r",\s+(?:aged\s+)?\d{1,3},(?=\s)"), ""),
    # time phrases: "on Tuesday", "late on Monday night", "earlier this week", "last month", "today"
    (
        re.compile(
            rf"\s+(?:(?:late|early|earlier|later)\s+)?on\s+{_DAY}(?:\s+(?:morning|afternoon|evening|night))?"
            rf"(?![\w'’-])(?!\s+(?:that|and|to)\b)"
            r"|\s+(?:earlier|later)\s+(?:this|last)\s+(?:week|month|year)(?![\w'’])"
            r"|\s+(?:last|this)\s+(?:week|month|night|weekend)(?![\w'’])"
            r"|\s+(?:today|yesterday)(?![\w'’-])"
        ),
        "",
    ),
    # "has also been" -> "has been"
    (re.compile(r"(?<=[a-z]) also(?= [a-z])"), ""),
    # an appositive or relative aside after a name: "Jane Roe, the firm's chief executive, said"
    (
        re.compile(
            r"(\b[A-Z][\w.'’-]*),\s+(?:the|a|an|who|whose|aged|a\s+former|also\s+(?:a|an|the))\s[^,;:\"“”()]{3,90}?,"
            r"(?=\s+(?!and\b|or\b|but\b|the\b|a\b|an\b)[a-z])"
        ),
        r"\1",
    ),
)


def compress(sentence: str) -> str:
    """The sentence without asides a listener can spare: ages, time phrases, "also", appositives."""
    s = sentence
    for pattern, repl in _COMPRESSIONS:
        s = pattern.sub(repl, s)
    s = re.sub(r"\s+([,.;:!?])", r"\1", _WS.sub(" ", s)).strip()
    s = re.sub(r"^,\s*", "", s)
    return s[0].upper() + s[1:] if s else s


def _tail_cuts(sentence: str) -> tuple[str, ...]:
    """The sentence cut before each droppable clause that leaves at least eight words, longest first."""
    forms: list[str] = []
    for m in _TAIL_CLAUSE.finditer(sentence):
        head = sentence[: m.start()].rstrip(" ,;:-–—")
        # A relative clause or a dash may open an aside inside the sentence ("X, which ..., said",
        # "X - better known as Y - said"): cut only a final one.
        rest = sentence[m.end() :]
        if (m.group(0).endswith(("which", "where")) and "," in rest) or (
            m.group(0).strip() in {"-", "–", "—", "--"} and re.search(r"\s[-–—]+\s", rest)
        ):
            continue
        if (
            len(head.split()) >= 8
            and head.split()[-1].strip(_PUNCT).lower() not in _BAD_LAST
            and not len(_DASH.findall(head)) % 2  # no aside left open: "X -- like Y."
        ):
            forms.append(head + ("" if head.endswith(_ENDS) else "."))
    forms.extend(h for h in _clause_heads(sentence) if h not in forms)
    forms.sort(key=len)
    return tuple(reversed(forms[-5:]))


# --- features ------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being has have had
    do does did will would can could should may might must shall that this these those it its he she they
    them his her their him we our you your i me my not no so than then there here who whom whose which what
    when where why how also said says say told about into over after before up down out more most some any
    all just new one two""".split()
)
_DANGLING = frozenset(
    """he she it they this these those that his her its their him them but however also meanwhile
    and so yet still instead moreover furthermore besides then thus therefore such both another
    later further additionally nevertheless nonetheless likewise otherwise""".split()
)
_PUNCT = ".,;:!?\"'“”‘’()[]"
_QUOTES = '"“”«»'

FEATURES: tuple[str, ...] = (
    "bias",
    "pos0",
    "pos1",
    "pos2",
    "pos3",
    "pos4",
    "log_pos",
    "rel_pos",
    "log_words",
    "short",
    "long",
    "first_overlap",
    "title_overlap",
    "centrality",
    "top_terms",
    "numbers",
    "capitals",
    "quote",
    "starts_quote",
    "dangling",
    "question",
    "attribution",
    "first_person",
    "log_units",
    "pos0_x_units",
    "rel_pos_x_units",
    "lead_overlap",
    "new_names",
    "doc_cosine",
    "lead_cosine",
    "redundancy",
    "novelty",
    "new_recurring",
    "later_links",
)


def _content(text: str) -> list[str]:
    return [w for w in (t.lower() for t in _TOKEN.findall(text)) if len(w) > 2 and w not in _STOP]


def starts_dangling(text: str) -> bool:
    """True when the text opens on a word that points back to something the listener has not heard."""
    m = _TOKEN.search(text[:40])
    return m is not None and m.start() <= 2 and m.group(0).lower() in _DANGLING


def features(units: list[Unit], title: str | None = None) -> list[list[float]]:
    """One feature row per unit, in :data:`FEATURES` order; cheap, and mostly language-neutral."""
    n = len(units)
    if not n:
        return []
    bags = [_content(u.text) for u in units]
    top, cents = _shared_terms(bags)
    first = set(bags[0])
    lead = first | set(bags[1]) if n > 1 else first
    first_names = {w.strip(_PUNCT).lower() for w in units[0].text.split() if w[:1].isupper()}
    title_bag = set(_content(title)) if title else set()
    log_units = math.log(n)
    links = _links(bags)
    rows: list[list[float]] = []
    for i, (unit, bag) in enumerate(zip(units, bags, strict=True)):
        words = unit.text.split()
        uniq = set(bag)
        caps = sum(1 for w in words[1:] if w[:1].isupper())
        names = {w.strip(_PUNCT).lower() for w in words[1:] if w[:1].isupper()}
        nums = len(_NUMBER_WORD.findall(unit.text))
        lower = unit.text.lower()
        rows.append(
            [
                1.0,
                float(i == 0),
                float(i == 1),
                float(i == 2),
                float(i == 3),
                float(i == 4),
                math.log1p(i),
                i / n,
                math.log1p(unit.words),
                float(unit.words < 8),
                float(unit.words > 40),
                len(uniq & first) / (len(uniq) + 1) if i else 0.0,
                len(uniq & title_bag) / (len(title_bag) + 1) if title_bag else 0.0,
                cents[i],
                len(uniq & top) / 8,
                min(nums, 4) / 4,
                caps / (len(words) + 1),
                float(any(q in unit.text for q in _QUOTES)),
                float(unit.text[:1] in _QUOTES),
                float(starts_dangling(unit.text)),
                float(unit.text.rstrip(_CLOSERS).endswith("?")),
                float(bool(re.search(r"\b(?:said|says|told|according to|added)\b", lower))),
                float(bool(re.search(r"\b(?:i|we|my|our|me|us)\b", lower))),
                log_units,
                float(i == 0) * log_units,
                i / n * log_units,
                len(uniq & lead) / (len(uniq) + 1) if i > 1 else 0.0,
                len(names - first_names) / (len(names) + 1),
                *links[i],
            ]
        )
    return rows


def _shared_terms(bags: list[list[str]]) -> tuple[set[str], list[float]]:
    """The article's eight most shared content words, and each unit's centrality (how much its words
    recur across units, scaled to the most central unit's)."""
    tf: dict[str, int] = {}
    for bag in bags:
        for w in dict.fromkeys(bag):  # first use first, so ties in the top terms are deterministic
            tf[w] = tf.get(w, 0) + 1
    top = {w for w, c in sorted(tf.items(), key=lambda kv: -kv[1])[:8] if c > 1}
    cents = [sum(math.log(tf[w]) for w in set(bag)) / (len(set(bag)) + 2) for bag in bags]
    most = max(cents) or 1.0
    return top, [c / most for c in cents]


def _links(bags: list[list[str]]) -> list[tuple[float, ...]]:
    """How each unit ties into the article: its cosine with the rest and with the lead, its redundancy
    with what came before, the share of its words it introduces (and that recur), the later units it links.
    """
    counts = [Counter(bag) for bag in bags]
    norms = [math.sqrt(sum(c * c for c in v.values())) or 1.0 for v in counts]
    total: Counter[str] = Counter()
    lead: Counter[str] = Counter()
    postings: dict[str, list[int]] = {}
    for i, v in enumerate(counts):
        total.update(v)
        if i < 3:
            lead.update(v)
        for w in v:
            postings.setdefault(w, []).append(i)
    lead_norm = math.sqrt(sum(c * c for c in lead.values())) or 1.0
    total_norm = math.sqrt(sum(c * c for c in total.values())) or 1.0
    n = len(bags)
    out: list[tuple[float, ...]] = []
    for i, v in enumerate(counts):
        dots: dict[int, int] = {}
        new = recurring = 0
        for w, c in v.items():
            units = postings[w]
            if units[0] == i:
                new += 1
                recurring += len(units) > 1
            for j in units:
                if j != i:
                    dots[j] = dots.get(j, 0) + c * counts[j][w]
        own = norms[i]
        size = len(v) + 1
        out.append(
            (
                sum(c * (total[w] - c) for w, c in v.items()) / (own * total_norm),
                sum(c * lead.get(w, 0) for w, c in v.items()) / (own * lead_norm),
                max((d / norms[j] for j, d in dots.items() if j < i), default=0.0) / own,
                new / size,
                recurring / size,
                sum(1 for j in dots if j > i) / n,
            )
        )
    return out


# --- scoring and packing -------------------------------------------------------------------------------

# Lead-leaning fallback, should the packaged weights be missing.
_DEFAULT_MODEL: dict[str, object] = {
    "reference_words": 50.0,
    "without_title": {"bias": 0.3, "pos0": 0.3, "pos1": 0.1, "log_pos": -0.05, "dangling": -0.1},
}


@cache
def _model() -> dict[str, object]:
    """The packaged weights, read once; the fallback keeps condensing working if the file is missing."""
    try:
        text = resources.files("briefing").joinpath("data/condense_weights.json").read_text("utf-8")
        return dict(json.loads(text))
    except (OSError, ValueError):
        return _DEFAULT_MODEL


@cache
def _weights(with_title: bool) -> tuple[float, ...]:
    """The fitted linear weights, with or without the headline feature."""
    model = _model()
    table = model.get("with_title" if with_title else "without_title") or model.get("without_title")
    if not isinstance(table, dict):
        table = {}
    return tuple(float(table.get(name, 0.0)) for name in FEATURES)


# A regression tree as parallel lists: feature index, threshold, left and right child of each split node;
# a child below zero is leaf ~child, whose value is in the last list. A row goes left when x <= threshold.
_Tree = tuple[tuple[int, ...], tuple[float, ...], tuple[int, ...], tuple[int, ...], tuple[float, ...]]


_Ranker = tuple[tuple[_Tree, ...], float, float, float]


@cache
def _ranker() -> _Ranker | None:
    """The packaged tree ensemble (trees, offset, scale, headline weight), or None to use linear weights."""
    return parse_ranker(_model().get("ranker"))


def parse_ranker(ranker: object) -> _Ranker | None:
    """A tree ensemble as written by ``benchmarks/fit_condense.py``, ready to walk; None if malformed."""
    if not isinstance(ranker, dict):
        return None
    try:
        where = [FEATURES.index(name) for name in ranker["features"]]
        trees = tuple(
            (
                tuple(where[f] for f in t["feature"]),
                tuple(map(float, t["threshold"])),
                tuple(map(int, t["left"])),
                tuple(map(int, t["right"])),
                tuple(map(float, t["value"])),
            )
            for t in ranker["trees"]
        )
        weights = (float(ranker["offset"]), float(ranker["scale"]), float(ranker.get("title_overlap", 0.0)))
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return trees, *weights


def _tree_sum(trees: tuple[_Tree, ...], row: list[float]) -> float:
    """The ensemble's raw output for one feature row."""
    total = 0.0
    for feature, threshold, left, right, value in trees:
        i = 0
        while i >= 0:
            i = left[i] if row[feature[i]] <= threshold[i] else right[i]
        total += value[~i]
    return total


_TITLE = FEATURES.index("title_overlap")
_FEW_UNITS = 5  # shorter articles are rare in the fitting data: below this, keep to the lead


def score_units(units: list[Unit], title: str | None = None) -> list[float]:
    """Each unit's worth per word to the story, from a model fitted so packed stories match human ones."""
    ranker = _ranker()
    if ranker is not None and len(units) < _FEW_UNITS:
        # The trees learnt from longer articles; a note of a few sentences puts its point first.
        return [0.5 / (1 + i) for i in range(len(units))]
    rows = features(units, title)
    if ranker is not None:
        trees, offset, scale, title_weight = ranker
        return [offset + scale * _tree_sum(trees, row) + title_weight * row[_TITLE] for row in rows]
    weights = _weights(bool(title))
    return [sum(w * x for w, x in zip(weights, row, strict=True)) for row in rows]


def _pack(units: list[Unit], scores: list[float], max_words: int, reference_words: float) -> list[str]:
    """The texts (in order) maximising the summed predicted value within the budget; a dynamic program.

    Each unit may be taken whole or without a trailing clause. The story may not open on a dangling unit,
    so the first chosen unit must stand on its own; nor take a quote it cannot close.
    """
    # best[w] = (value, chosen texts) over stories of exactly w words.
    best: dict[int, tuple[float, tuple[str, ...]]] = {0: (0.0, ())}
    # Long texts: only the best-scoring units compete, which bounds the work at about 40 x budget steps.
    keep = set(sorted(range(len(units)), key=lambda i: -scores[i])[:_CANDIDATES]) | {0}
    for i, unit in enumerate(units):
        if i not in keep or (i and _quote_balance(unit.text)):
            continue  # a quote that never closes: its speaker is out of reach
        score = max(scores[i], _FLOOR)
        options = [(unit.text, unit.words)]
        options.extend((form, len(form.split())) for form in unit.shorter)
        if i == 0 and all(n > max_words for _, n in options):
            head = _clause_cut(unit.text, max_words)  # the lead matters most: keep its main clause
            if head:
                options.append((head, len(head.split())))
        dangling = starts_dangling(unit.text)
        for used, (total, chosen) in sorted(best.items(), reverse=True):
            if dangling and not chosen:
                continue
            for text, n in options:
                if used + n > max_words:
                    continue
                value = total + score * n
                old = best.get(used + n)
                if old is None or value > old[0]:
                    best[used + n] = (value, (*chosen, text))
    # ROUGE-like F1 is matched / (story + reference length): a longer story must earn its extra words.
    # A larger budget asks for a longer story, so the reference length grows with it.
    reference_words *= max_words / 60
    used = max(best, key=lambda w: best[w][0] / (w + reference_words))
    return list(best[used][1])


_CANDIDATES = 40
_FLOOR = 0.02  # a unit the model rates at or below zero still beats silence when the budget has room
_CLAUSE = re.compile(r"(?:,|;|:|\s[-–—]+)\s")


def _clause_cut(sentence: str, max_words: int) -> str | None:
    """The sentence cut at its last clause boundary within the budget, safe boundaries first; or None."""
    words = sentence.split()
    if len(words) <= max_words:
        return sentence
    head = " ".join(words[: max_words + 1])
    least = max(3, max_words // 3)
    for boundary in (_TAIL_CLAUSE, _CLAUSE):
        cuts = [
            m.start() for m in boundary.finditer(head) if least <= len(head[: m.start()].split()) <= max_words
        ]
        if cuts:
            return head[: cuts[-1]].rstrip(" ,;:-–—\"“'") + "."
    return None


def _shorten(sentence: str, max_words: int) -> str:
    """The sentence cut at a clause boundary in the budget, else after ``max_words`` words; with a stop."""
    if len(sentence.split()) <= max_words:
        return sentence
    return (
        _clause_cut(sentence, max_words) or " ".join(sentence.split()[:max_words]).rstrip(" ,;:-–—\"“'") + "."
    )


def _ends(text: str) -> str:
    """The text ending on sentence punctuation, so the voice drops its pitch and pauses."""
    stripped = text.rstrip()
    return stripped if stripped.rstrip(_CLOSERS).endswith(_ENDS) else stripped + "."


_MAX_UNITS = 1000


def summarize(text: str, max_words: int, title: str | None = None) -> str:
    """The article condensed to at most ``max_words`` words of its own whole sentences, in their order.

    ``title`` (the headline, when known) helps pick the sentences that carry the story.
    """
    if max_words <= 0:
        return ""
    units = prepare(text)[:_MAX_UNITS]  # _links is quadratic in the units; corpus max is 712
    if not units:
        return ""
    return compose(units, score_units(units, title), max_words)


def compose(
    units: list[Unit], scores: list[float], max_words: int, reference_words: float | None = None
) -> str:
    """The story made of the units the scores favour; split from :func:`summarize` for the fitting script.

    ``reference_words`` sets how readily the story grows: the packer maximises predicted matching words
    over (story words + reference_words), as ROUGE's F1 would.
    """
    if reference_words is None:
        reference_words = float(_model().get("reference_words", 50.0))  # type: ignore[arg-type]
    chosen = _pack(units, scores, max_words, reference_words)
    if not chosen:
        start = next((u for u in units if not starts_dangling(u.text)), units[0])
        return _shorten(_ends(start.text), max_words)
    return " ".join(_ends(text) for text in chosen)

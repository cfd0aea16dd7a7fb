"""The show's own words in each language it speaks: greetings, dates, counts, transitions, sign-off.

The stories are told in their own languages; what the show says around them (the ``language``
setting) comes from here. Written out, not left to the C library's locale, which a server may lack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Wording:
    greeting: dict[str, str]  # part of the day -> "Good morning"
    intro: str  # {greeting} {show} {date} {count}
    count: tuple[str, str]  # one story, {n} stories
    numbers: tuple[str, ...]  # 0..12 as words
    headlines: str  # {items}
    headlines_more: str  # {items}
    first: str  # {source}
    transitions: tuple[str, ...]  # {source}
    unnamed: tuple[str, ...]  # a story whose outlet has no name a listener would know
    two: str  # {source}
    many: str  # {source}
    update: str  # said before a story told before, for its news
    outro: str  # {show} {part}
    next_briefing: str  # {when}
    thanks: str
    parts: dict[str, str]  # morning/afternoon/evening as said in the outro
    and_: str
    days: tuple[str, ...]  # Monday first
    months: tuple[str, ...]
    date: str  # {day} {n} {month} {ordinal}


_EN = Wording(
    greeting={"morning": "Good morning", "afternoon": "Good afternoon", "evening": "Good evening"},
    intro="{greeting}. This is {show} for {date}. Here {count}.",
    count=("is one story", "are {n} stories"),
    numbers=tuple("no one two three four five six seven eight nine ten eleven twelve".split()),
    headlines="In this briefing: {items}.",
    headlines_more="In this briefing: {items}; and more.",
    first="First, {source} reports.",
    transitions=(
        "{source} reports.",
        "Next, from {source}.",
        "Now to {source}.",
        "{source} has this one.",
        "Turning to {source}.",
        "Over to {source}.",
        "This one comes from {source}.",
        "And from {source}.",
    ),
    unnamed=("Next.", "Now to another story.", "And another story."),
    two="{source} both report this.",
    many="{source} all report on this one.",
    update="Here is an update.",
    outro="That's {show} for this {part}.",
    next_briefing="The next briefing comes {when}.",
    thanks="Thanks for listening.",
    parts={"morning": "morning", "afternoon": "afternoon", "evening": "evening"},
    and_="and",
    days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date="{day}, the {ordinal} of {month}",
)

_DE = Wording(
    greeting={"morning": "Guten Morgen", "afternoon": "Guten Tag", "evening": "Guten Abend"},
    intro="{greeting}. Hier ist {show} für {date}. {count}.",
    count=("Heute mit einer Meldung", "Heute mit {n} Meldungen"),
    numbers=tuple("keine eine zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split()),
    headlines="Die Themen: {items}.",
    headlines_more="Die Themen: {items}; und mehr.",
    first="Zuerst berichtet {source}.",
    transitions=(
        "{source} berichtet.",
        "Weiter mit {source}.",
        "Nun zu {source}.",
        "Von {source}.",
        "Als Nächstes {source}.",
        "Und von {source}.",
    ),
    unnamed=("Weiter.", "Die nächste Meldung.", "Und eine weitere Meldung."),
    two="{source} berichten beide darüber.",
    many="{source} berichten alle darüber.",
    update="Dazu gibt es Neues.",
    outro="Das war {show} an diesem {part}.",
    next_briefing="Die nächste Ausgabe kommt {when}.",
    thanks="Danke fürs Zuhören.",
    parts={"morning": "Morgen", "afternoon": "Nachmittag", "evening": "Abend"},
    and_="und",
    days=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    date="{day}, den {n}. {month}",
)

_FR = Wording(
    greeting={"morning": "Bonjour", "afternoon": "Bonjour", "evening": "Bonsoir"},
    intro="{greeting}. Voici {show} du {date}. {count}.",
    count=("Au programme, une information", "Au programme, {n} informations"),
    numbers=tuple("aucune une deux trois quatre cinq six sept huit neuf dix onze douze".split()),
    headlines="Au sommaire : {items}.",
    headlines_more="Au sommaire : {items} ; et plus encore.",
    first="D'abord, selon {source}.",
    transitions=(
        "Selon {source}.",
        "Ensuite, {source}.",
        "Place à {source}.",
        "Chez {source}.",
        "Du côté de {source}.",
        "Et selon {source}.",
    ),
    unnamed=("Ensuite.", "Autre information.", "Et encore une information."),
    two="{source} en parlent tous les deux.",
    many="{source} en parlent tous.",
    update="Du nouveau sur ce sujet.",
    outro="C'était {show} de ce {part}.",
    next_briefing="Prochain rendez-vous {when}.",
    thanks="Merci de votre écoute.",
    parts={"morning": "matin", "afternoon": "après-midi", "evening": "soir"},
    and_="et",
    days=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    date="{day} {n} {month}",
)

_ES = Wording(
    greeting={"morning": "Buenos días", "afternoon": "Buenas tardes", "evening": "Buenas noches"},
    intro="{greeting}. Esto es {show} del {date}. {count}.",
    count=("Hoy, una noticia", "Hoy, {n} noticias"),
    numbers=tuple("ninguna una dos tres cuatro cinco seis siete ocho nueve diez once doce".split()),
    headlines="En este boletín: {items}.",
    headlines_more="En este boletín: {items}; y más.",
    first="Primero, informa {source}.",
    transitions=(
        "Informa {source}.",
        "Ahora, {source}.",
        "Pasamos a {source}.",
        "Desde {source}.",
        "Seguimos con {source}.",
        "Y de {source}.",
    ),
    unnamed=("Seguimos.", "Otra noticia.", "Y una noticia más."),
    two="{source} informan de esto.",
    many="{source} informan de esto.",
    update="Hay novedades.",
    outro="Esto ha sido {show} de esta {part}.",
    next_briefing="El próximo boletín llega {when}.",
    thanks="Gracias por escuchar.",
    parts={"morning": "mañana", "afternoon": "tarde", "evening": "noche"},
    and_="y",
    days=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    months=(
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    date="{day} {n} de {month}",
)

WORDINGS = {"en": _EN, "de": _DE, "fr": _FR, "es": _ES}
_ORDINALS = {1: "first", 2: "second", 3: "third", 5: "fifth", 8: "eighth", 9: "ninth", 12: "twelfth",
             20: "twentieth", 30: "thirtieth"}  # fmt: skip
_TENS = {20: "twenty", 30: "thirty"}
_UNITS = tuple(
    " one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    " seventeen eighteen nineteen".split(" ")
)


def wording(language: str) -> Wording:
    return WORDINGS.get(language.split("-")[0].lower(), _EN)


def part_of_day(when: datetime) -> str:
    hour = when.hour
    return "morning" if 4 <= hour < 12 else "afternoon" if 12 <= hour < 18 else "evening"


def english_ordinal(n: int) -> str:
    """1 -> "first", 24 -> "twenty-fourth", up to 31 (the days of a month)."""
    if n in _ORDINALS:
        return _ORDINALS[n]
    if n > 20 and n % 10:
        return f"{_TENS[n - n % 10]}-{english_ordinal(n % 10)}"
    return _UNITS[n] + "th"


def spoken_date(when: datetime, language: str = "en") -> str:
    w = wording(language)
    return w.date.format(day=w.days[when.weekday()], n=when.day, month=w.months[when.month - 1],
                         ordinal=english_ordinal(when.day))  # fmt: skip


def count(n: int, language: str = "en") -> str:
    w = wording(language)
    number = w.numbers[n] if n < len(w.numbers) else str(n)
    return w.count[0] if n == 1 else w.count[1].format(n=number)


def join_names(names: list[str], language: str = "en") -> str:
    """ "A", "A and B", "A, B and C" in the show's language."""
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + f" {wording(language).and_} " + names[-1]

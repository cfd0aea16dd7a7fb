"""News and photo agencies, and the credit lines that name them: one home for the lists the condenser
and the boilerplate filter both need (a dateline's "(Reuters)", a caption's "Photo: AFP").

Neither list is an outlet a listener should hear named from inside a story's text: a news agency's
name in a dateline or a photo agency's in a credit is furniture, in any language.
"""

from __future__ import annotations

import re

__all__ = ["NEWS_AGENCIES", "PHOTO_AGENCIES", "is_photo_credit"]

# As datelines write them, case and all: "LONDON (Reuters) -", "New Delhi, Apr 13 (PTI)", "MOSCOU, 24 set
# (ANSA) -", "(CNN)".
NEWS_AGENCIES = (
    r"(?:CNN|PTI|Reuters|AP|AFP|IANS|ANI|UNI|Xinhua|dpa|DPA|EFE|ANSA|Bloomberg|Lusa|Kyodo|Yonhap|TASS"
    r"|KNA|epd|Belga|ANP|NTB|Anadolu|Agência Brasil|Europa Press|Sputnik|Interfax|IRNA)"
)
# Photo agencies and picture libraries, lower case (matched ignoring case), spaces escaped so the
# alternation also works in verbose patterns.
PHOTO_AGENCIES = (
    r"getty(\ images)?|shutterstock|alamy|ap(\ photo)?|afp|reuters|epa(-efe)?|pa(\ (wire|media|images))?"
    r"|dpa|imago|picture[\ -]alliance|istock(photo)?|bloomberg|nasa|esa|spacex|anadolu|xinhua|rex|sipa|zuma"
    r"|keystone|ansa|efe|belga|anp|tass|ria\ novosti|kyodo|yonhap|aap|the\ canadian\ press|associated\ press"
    r"|wireimage|filmmagic|corbis|dreamstime|unsplash|pixabay|pexels|wikimedia(\ commons)?|flickr"
    r"|adobe\ ?stock|ullstein(\ bild)?|nurphoto|sopa\ images|lightrocket|universal\ images\ group"
)
_CREDIT = re.compile(
    rf"^[^.!?]{{0,80}}(/|\bvia\ |\b(photo|foto|image|picture|bild)s?:?\ |©\ ?)({PHOTO_AGENCIES})\W*$"
    rf"|^\(?({PHOTO_AGENCIES})\W*\)?$"
    rf"|\b({PHOTO_AGENCIES})\s?/\s?(?-i:[A-Z])[\w.-]+(\ (?-i:[A-Z])[\w.-]+){{0,3}}\W*$"
    r"|^\(?(photo|image|picture|foto|bild|illustration)s?\ (by|von|de|di|par|por)\ [^.!?]{1,60}\)?\W*$"
    r"|^((main|top|header|featured|lead|cover|hero)\ )?(image\ |photo\ |picture\ |foto\ )?"
    r"(credits?|cr[ée]dits?|cr[ée]dito)\s*:",
    re.IGNORECASE | re.VERBOSE,
)


def is_photo_credit(line: str) -> bool:
    """A line that credits a picture ("Photo: AFP", "Jane Doe/Getty Images", "(Photo by Jane Doe)"):
    it says who took a photo nobody will see."""
    return len(line) <= 200 and _CREDIT.search(line.strip()) is not None

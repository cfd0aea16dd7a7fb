"""News and photo agencies: one home for the lists the condenser and the boilerplate filter both need
(a dateline's "(Reuters)", a caption's "Photo: AFP"; the credit-line rules are in boilerplate.py).

Neither list is an outlet a listener should hear named from inside a story's text: a news agency's
name in a dateline or a photo agency's in a credit is furniture, in any language.
"""

from __future__ import annotations

__all__ = ["NEWS_AGENCIES", "PHOTO_AGENCIES"]

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

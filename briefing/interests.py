"""The listener's interests: ``topics`` raise a story's rank, ``mute`` keeps it out.

Both come from briefing.toml (for every feed) and from a feed's own line in feeds.txt
(``topics="energy|climate"``, ``mute="horoscope|celebrity"``), and match whole words and phrases in
the title and the text, whatever their case: "art" never mutes "party", "EU" matches "eu".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .model import FeedSource


@dataclass(frozen=True)
class Interests:
    topics: tuple[str, ...] = ()
    mute: tuple[str, ...] = ()

    @classmethod
    def of(cls, topics: tuple[str, ...], mute: tuple[str, ...], feed: FeedSource | None) -> Interests:
        """The show's interests and the feed's own together."""
        if feed is None:
            return cls(topics, mute)
        return cls(tuple(dict.fromkeys(topics + feed.topics)), tuple(dict.fromkeys(mute + feed.mute)))

    def muted(self, text: str) -> str | None:
        """The muted word or phrase the text holds, if any."""
        m = _pattern(self.mute).search(text) if self.mute else None
        return m.group(0) if m else None

    def hits(self, text: str) -> int:
        """How many of the topics the text mentions."""
        if not self.topics:
            return 0
        return len({m.group(0).casefold() for m in _pattern(self.topics).finditer(text)})


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words and phrases, any case, any spacing between a phrase's words."""
    alternatives = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)

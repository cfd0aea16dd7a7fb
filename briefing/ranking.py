"""How much a story matters, how much room the budget holds, and each outlet's fair share of it:
the numbers the editorial choices share (before the pages are fetched, and after)."""

from __future__ import annotations

import math

AROUND_WORDS = 45  # what the script says around the stories (intro, headlines lead-in, outro), roughly
HALF_LIFE_HOURS = 12.0  # a story's recency counts half after this long


def importance(outlets: int, position: int, age_hours: float, topic_hits: int) -> float:
    """How much a story matters: outlets carrying it, the listener's topics, its place in its feed
    (0 is the publisher's top story), and its recency (halving every 12 hours)."""
    return (
        2.0 * (outlets - 1)
        + 1.5 * topic_hits
        + 1.0 / (1 + position / 3)
        + math.pow(0.5, max(0.0, age_hours) / HALF_LIFE_HOURS)
    )


def fair_share(count: int, outlets: int) -> int:
    """The most of ``count`` stories one outlet may have while ``outlets`` outlets have news:
    ceil(count / outlets) + 1, and never above two in five once five or more outlets have news
    (with few stories, "one more than the even share" would otherwise be most of the briefing)."""
    share = math.ceil(count / max(1, outlets)) + 1
    return min(share, max(1, math.floor(0.4 * count))) if outlets >= 5 else share


def budget_words(seconds: float, wpm: float) -> int:
    """Words the stories may take in ``seconds`` at ``wpm``, before the script around them is priced."""
    return max(30, int(seconds / 60 * wpm) - AROUND_WORDS)

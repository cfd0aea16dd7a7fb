"""Rewrite news text the way a newsreader says it, so a TTS engine reads it right (work in progress)."""

from __future__ import annotations

import html
import re

__all__ = ["speakable"]


def speakable(text: str, language: str = "en") -> str:
    """Return ``text`` with markup, entities and URLs removed and whitespace collapsed."""
    text = html.unescape(re.sub(r"</?[A-Za-z][^<>]*>", " ", str(text or "")))
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    return re.sub(r"\s+", " ", text).strip()

"""Optional LLM rewriting of a story (``--condenser llm``), guarded so it can only say what the article says.

Any OpenAI-compatible chat endpoint works (Ollama, llama.cpp's server, a hosted API), configured by
``llm_url`` and ``llm_model``; the key comes from ``BRIEFING_LLM_KEY`` (or ``OPENAI_API_KEY``) and
is never printed. Whatever comes back must fit the word budget, and every number and proper name
in it must occur in the article; otherwise the extractive story is kept, with a log line.
"""

from __future__ import annotations

import logging
import os
import re
from typing import TYPE_CHECKING

import httpx

from .errors import ConfigError
from .text.sentences import split_sentences

if TYPE_CHECKING:
    from .config import Settings

log = logging.getLogger(__name__)

_PROMPT = (
    "You write stories for a spoken news briefing. Rewrite the article below as one short story of at "
    "most {words} words, in plain sentences a newsreader can say aloud. Use only facts, names and "
    "numbers from the article. No headline, no lists, no quotes you have to shorten. Answer with the "
    "story only."
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][\w'’-]+")


class Rewriter:
    """Calls the endpoint once per story; falls back to the extractive story on any doubt."""

    def __init__(self, url: str, model: str, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/") + "/chat/completions"
        self.model = model
        key = os.environ.get("BRIEFING_LLM_KEY") or os.environ.get("OPENAI_API_KEY") or ""
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers, trust_env=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Rewriter | None:
        """The LLM condenser when ``condenser = "llm"``, else None."""
        if settings.condenser != "llm":
            return None
        if not settings.llm_url or not settings.llm_model:
            raise ConfigError(
                "--condenser llm needs llm_url and llm_model (briefing.toml or BRIEFING_LLM_URL/_MODEL)"
            )
        return cls(settings.llm_url, settings.llm_model)

    def close(self) -> None:
        self._client.close()

    def __call__(self, article: str, title: str, extractive: str, max_words: int) -> str:
        body = {
            "model": self.model,
            "temperature": 0.2,
            "messages": [
                {"role": "system", "content": _PROMPT.format(words=max_words)},
                {"role": "user", "content": f"Headline: {title}\n\n{' '.join(article.split()[:1500])}"},
            ],
        }
        try:
            response = self._client.post(self.url, json=body)
            response.raise_for_status()
            story = " ".join(str(response.json()["choices"][0]["message"]["content"]).split())
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
            log.warning(
                "LLM condenser failed for %r (%s); using the extractive story", title, type(exc).__name__
            )
            return extractive
        problem = check_story(story, article + " " + title, max_words)
        if problem:
            log.warning("LLM story for %r rejected (%s); using the extractive story", title, problem)
            return extractive
        return story


def check_story(story: str, source: str, max_words: int) -> str | None:
    """Why a rewritten story may not be spoken, or None when it may."""
    if not story:
        return "empty answer"
    if len(story.split()) > max_words:
        return f"{len(story.split())} words, over the budget of {max_words}"
    if not story.rstrip().endswith((".", "!", "?", "”", '"')):
        return "does not end at a sentence end"
    digits = {n.replace(",", "") for n in _NUMBER.findall(source)}
    for number in _NUMBER.findall(story):
        if number.replace(",", "") not in digits:
            return f"the number {number} is not in the article"
    for sentence in split_sentences(story):
        for name in _NAME.findall(sentence)[1:] if sentence[:1].isupper() else _NAME.findall(sentence):
            if name not in source:
                return f"the name {name} is not in the article"
    return None

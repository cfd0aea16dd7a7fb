"""The optional LLM condenser, against a fake OpenAI-compatible endpoint on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

import pytest
from conftest import LocalServer

from briefing.model import Article, Entry
from briefing.rewrite import Rewriter, check_story
from briefing.stories import Desk, assess, make_stories

ARTICLE = (
    "An American billionaire has become the first person to take part in a private spacewalk. "
    "Jared Isaacman, 41, was the first to leave the Dragon capsule. The mission, called Polaris Dawn, "
    "tests new SpaceX spacesuits. Crew Dragon seats cost roughly $55m each."
)
EXTRACTIVE = "An American billionaire has become the first person to take part in a private spacewalk."


def endpoint(server: LocalServer, answer: str | None, status: int = 200) -> str:
    seen: list[dict] = []

    def handle(h: BaseHTTPRequestHandler) -> None:
        seen.append(json.loads(h.rfile.read(int(h.headers["Content-Length"]))))
        body = json.dumps({"choices": [{"message": {"role": "assistant", "content": answer}}]}).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    server.routes["/v1/chat/completions"] = handle
    server.requests_seen = seen  # type: ignore[attr-defined]
    return server.url("/v1")


class PostServer(LocalServer):
    def __init__(self) -> None:
        super().__init__()
        handler = self.httpd.RequestHandlerClass
        handler.do_POST = handler.do_GET  # type: ignore[attr-defined]


@pytest.fixture
def post_server():
    s = PostServer()
    yield s
    s.close()


def test_a_faithful_story_is_used(post_server: PostServer) -> None:
    good = "Jared Isaacman, 41, became the first person to take part in a private spacewalk, on Polaris Dawn."
    rewriter = Rewriter(endpoint(post_server, good), "tiny-model")
    assert rewriter(ARTICLE, "Polaris Dawn", EXTRACTIVE, 40) == good
    request = post_server.requests_seen[0]
    assert request["model"] == "tiny-model" and "at most 40 words" in request["messages"][0]["content"]


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ("Jared Isaacman, 42, made the first private spacewalk.", 200),  # a number not in the article
        ("Elon Musk watched Jared Isaacman make the first private spacewalk.", 200),  # an invented name
        ("word " * 60 + "end.", 200),  # over budget
        ("Jared Isaacman made the first private spacewalk", 200),  # no sentence end
        (None, 200),
        ("fine.", 500),
    ],
)
def test_doubtful_answers_fall_back_to_the_extractive_story(post_server: PostServer, answer, status) -> None:
    rewriter = Rewriter(endpoint(post_server, answer, status), "m")
    assert rewriter(ARTICLE, "Polaris Dawn", EXTRACTIVE, 40) == EXTRACTIVE


def test_unreachable_endpoint_falls_back() -> None:
    rewriter = Rewriter("http://127.0.0.1:9/v1", "m", timeout=2)
    assert rewriter(ARTICLE, "Polaris Dawn", EXTRACTIVE, 40) == EXTRACTIVE


def test_make_stories_uses_the_rewriter(post_server: PostServer) -> None:
    good = "Jared Isaacman became the first person to take part in a private spacewalk."
    rewriter = Rewriter(endpoint(post_server, good), "m")
    now = datetime.now(UTC)
    entry = Entry("k", None, "https://x/1", "Polaris Dawn", "Sky News", "en", now, "")
    (story,), _ = make_stories(
        [assess(Article(entry, ARTICLE, True), 40)], Desk(40, datetime.now(UTC), rewrite=rewriter)
    )
    assert story.summary == good


def test_check_story_accepts_numbers_with_commas() -> None:
    assert check_story("It cost 1,200 dollars.", "The bill was 1200 dollars in all.", 20) is None

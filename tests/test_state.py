"""The memory: what was briefed, feed validators, first-seen times, stock lines, speaking rates, the
items still waiting for a place, and the stories told of late."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from briefing.model import Entry, FeedSource, Told, Validators
from briefing.state import STOCK_MIN_ARTICLES, Learned, State


def test_a_published_run_is_remembered_in_one_commit(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    seen = time.time() - 3600
    with State(path) as state:
        assert state.briefed(["a", "b"]) == set()
        state.commit(
            Learned(
                "ep-1", ("a",), {"a": seen}, {"https://f/x": Validators('"e1"', None, "d1")},
                speaking_rates={"hibari:heart": 151.0},
            )
        )  # fmt: skip
    with State(path) as state:  # a new run reads what the last one learned
        assert state.briefed(["a", "b"]) == {"a"}
        assert state.validators("https://f/x") == Validators('"e1"', None, "d1")
        assert state.validators("https://f/other") == Validators()
        assert state.first_seen(["a", "new"]) == {"a": seen}
        assert state.speaking_rates() == {"hibari:heart": 151.0}


def test_a_line_becomes_a_sites_stock_line_once_it_repeats_across_articles(tmp_path: Path) -> None:
    with State(tmp_path / "state.sqlite") as state:
        lines = tuple(
            ("news.example", "follow us on x", f"article-{i}") for i in range(STOCK_MIN_ARTICLES - 1)
        )
        state.commit(Learned("ep-1", site_lines=lines))
        assert state.stock_lines("news.example") == frozenset()
        state.commit(Learned("ep-2", site_lines=(("news.example", "follow us on x", "article-last"),)))
        assert state.stock_lines("news.example") == {"follow us on x"}
        assert state.stock_lines("other.example") == frozenset()


def test_memory_of_first_sightings_and_site_lines_is_bounded(tmp_path: Path) -> None:
    now = time.time()
    with State(tmp_path / "state.sqlite") as state:
        old = now - 90 * 86400
        state.commit(Learned("old", ("kept-forever",), {"old-item": old}), now=old)
        state.commit(Learned("new", (), {"new-item": now}), now=now)
        assert state.first_seen(["old-item", "new-item"]) == {"new-item": now}  # forgotten after 60 days
        assert state.briefed(["kept-forever"]) == {"kept-forever"}  # what was briefed is never forgotten


def test_items_waiting_for_a_place_are_kept_whole_and_bound_to_their_feed_again(tmp_path: Path) -> None:
    feed = FeedSource("https://f.example/rss", name="Old name", max_age=6.0)
    when = datetime(2026, 12, 4, 6, 0, tzinfo=UTC)
    entry = Entry("https://f.example/a", "g-1", "https://f.example/a", "Storm", "Old name", "en-GB", when,
                  "<p>Café &amp; Zürich</p>", 3, feed, True)  # fmt: skip
    with State(tmp_path / "state.sqlite") as state:
        state.commit(Learned("", pending=(entry,)))
        renamed = FeedSource("https://f.example/rss", name="New name", order=4)
        (back,) = state.pending(renamed)
        assert back == Entry(**{**entry.__dict__, "feed": renamed, "source": "New name"})
        assert state.pending(FeedSource("https://other.example/rss")) == []
        state.commit(Learned("", pending=()))  # told, or stale: gone
        assert state.pending(renamed) == []
        state.commit(Learned("", pending=None))  # a run that says nothing of them keeps them as they are
        assert state.pending(renamed) == []


def test_stories_told_are_remembered_for_recall(tmp_path: Path) -> None:
    told = Told("Storm hits coast", 0.0, frozenset({"storm", "coast"}), frozenset({"storm", "coast", "1200"}))
    with State(tmp_path / "state.sqlite") as state:
        now = time.time()
        state.commit(Learned("ep", told=(told,)), now=now - 5 * 86400)
        state.commit(Learned("ep2", told=(told,)), now=now)
        recent = state.told_since(now - 3 * 86400)
        assert [(t.title, t.words, t.vocabulary) for t in recent] == [
            (told.title, told.words, told.vocabulary)
        ]


def test_a_read_only_view_creates_nothing_and_changes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none" / "state.sqlite"
    with State(missing, read_only=True) as state:
        assert state.briefed(["a"]) == set() and state.speaking_rates() == {}
    assert not missing.parent.exists()
    path = tmp_path / "state.sqlite"
    with State(path) as state:
        state.commit(Learned("ep-1", ("a",)))
    before = path.read_bytes()
    with State(path, read_only=True) as state:
        assert state.briefed(["a"]) == {"a"}
    assert path.read_bytes() == before and not Path(f"{path}-wal").exists()

"""The memory: what was briefed, feed validators, first-seen times, stock lines, speaking rates."""

from __future__ import annotations

import time
from pathlib import Path

from briefing.model import Validators
from briefing.state import STOCK_MIN_ARTICLES, State


def test_a_published_run_is_remembered_in_one_commit(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    seen = time.time() - 3600
    with State(path) as state:
        assert state.briefed(["a", "b"]) == set()
        state.commit_run(
            "ep-1", ["a"], {"a": seen}, {"https://f/x": Validators('"e1"', None, "d1")}, [],
            speaking_rates={"hibari:heart": 151.0},
        )  # fmt: skip
    with State(path) as state:  # a new run reads what the last one learned
        assert state.briefed(["a", "b"]) == {"a"}
        assert state.validators("https://f/x") == Validators('"e1"', None, "d1")
        assert state.validators("https://f/other") == Validators()
        assert state.first_seen(["a", "new"], now=seen + 60) == {"a": seen, "new": seen + 60}
        assert state.speaking_rates() == {"hibari:heart": 151.0}


def test_a_line_becomes_a_sites_stock_line_once_it_repeats_across_articles(tmp_path: Path) -> None:
    with State(tmp_path / "state.sqlite") as state:
        lines = [("news.example", "follow us on x", f"article-{i}") for i in range(STOCK_MIN_ARTICLES - 1)]
        state.commit_run("ep-1", [], {}, {}, lines)
        assert state.stock_lines("news.example") == frozenset()
        state.commit_run("ep-2", [], {}, {}, [("news.example", "follow us on x", "article-last")])
        assert state.stock_lines("news.example") == {"follow us on x"}
        assert state.stock_lines("other.example") == frozenset()


def test_memory_of_first_sightings_and_site_lines_is_bounded(tmp_path: Path) -> None:
    now = time.time()
    with State(tmp_path / "state.sqlite") as state:
        state.commit_run(
            "old", ["kept-forever"], {"old-item": now - 90 * 86400}, {}, [], now=now - 90 * 86400
        )
        state.commit_run("new", [], {"new-item": now}, {}, [], now=now)
        assert state.first_seen(["old-item"], now=now) == {"old-item": now}  # forgotten after 60 days
        assert state.briefed(["kept-forever"]) == {"kept-forever"}  # what was briefed is never forgotten


def test_a_read_only_view_creates_nothing_and_changes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none" / "state.sqlite"
    with State(missing, read_only=True) as state:
        assert state.briefed(["a"]) == set() and state.speaking_rates() == {}
    assert not missing.parent.exists()
    path = tmp_path / "state.sqlite"
    with State(path) as state:
        state.commit_run("ep-1", ["a"], {}, {}, [])
    before = path.read_bytes()
    with State(path, read_only=True) as state:
        assert state.briefed(["a"]) == {"a"}
    assert path.read_bytes() == before and not Path(f"{path}-wal").exists()

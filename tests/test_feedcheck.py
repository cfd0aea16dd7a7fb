"""`briefing feeds check`: real feeds served locally, a dead one and a web page, read once; no memory."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import DATA, LocalServer, respond, write_feeds

from briefing.cli import main
from briefing.config import load_settings
from briefing.feedcheck import check_feeds, format_table

REAL = DATA / "feeds" / "real"
NOW = datetime(2026, 11, 24, tzinfo=UTC)


def serve_real(server: LocalServer) -> dict[str, str]:
    """A few real feeds with the content types their publishers send."""
    routes = {
        "bbc": ("bbc-news_world.rss.xml", "application/rss+xml"),
        "df": ("daringfireball.feed.json", "application/json"),
        "heise": ("heise_newsticker.rdf.xml", "application/rdf+xml"),
        "tagesschau": ("tagesschau_alle.rss.xml", "application/rss+xml; charset=utf-8"),
    }
    urls = {}
    for key, (name, ctype) in routes.items():
        body = (REAL / name).read_bytes()
        urls[key] = server.route(f"/{name}", lambda h, b=body, c=ctype: respond(h, 200, b, c))
    urls["page"] = server.url("/pages/dw_colonial-past.html")
    urls["gone"] = server.url("/gone.xml")
    return urls


def test_the_table_names_each_problem_and_a_broken_line_exits_3(
    tmp_path: Path, server: LocalServer, capsys, monkeypatch
) -> None:
    urls = serve_real(server)
    feeds = write_feeds(
        tmp_path,
        [
            "# the news",
            f"{urls['bbc']}  name=BBC  lang=en-GB",
            f"{urls['df']}",
            f"{urls['heise']}  lang=de",
            f"{urls['tagesschau']}  lang=en",
            f"{urls['page']}  name=DW",
            f"{urls['gone']}  name=Gone",
        ],
    )
    monkeypatch.chdir(tmp_path)
    assert main(["--quiet", "feeds", "check", "--feeds", str(feeds), "--stale-days", "36500"]) == 3
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()[1:-1]}
    assert out.splitlines()[0].split() == ["line", "name", "items", "newest", "lang", "problems"]
    assert rows["2"].split()[1:3] == ["BBC", "33"] and rows["2"].endswith("en-gb  ok")
    assert "Daring Fireball" in rows["3"] and " 48 " in rows["3"] and rows["3"].endswith("ok")
    assert rows["4"].endswith("no dates")
    assert "declares de, feeds.txt says en" in rows["5"]
    assert rows["6"].endswith("not a feed (it is an HTML page)")
    assert rows["7"].endswith("unreachable (HTTP 404)")
    assert out.splitlines()[-1] == "6 feed(s): 2 ok, 2 with warnings, 2 broken"
    assert sorted(os.listdir(tmp_path)) == ["feeds.txt"]  # no output folder, no state.sqlite


def test_stale_feeds_warn_but_do_not_fail(tmp_path: Path, server: LocalServer, capsys) -> None:
    urls = serve_real(server)
    feeds = write_feeds(tmp_path, [urls["bbc"], urls["df"]])
    assert main(["--quiet", "feeds", "check", "--feeds", str(feeds)]) == 0
    out = capsys.readouterr().out
    assert "stale (nothing for " in out and out.splitlines()[-1].endswith("0 ok, 2 with warnings, 0 broken")


def test_check_reads_every_feed_in_full_and_remembers_nothing(tmp_path: Path, server: LocalServer) -> None:
    """A feed a run has already seen is still read in full: check never opens the memory."""
    urls = serve_real(server)
    feeds = write_feeds(tmp_path, [urls["bbc"]])
    out = tmp_path / "output"
    settings = load_settings(None, feeds=feeds, output=out)
    first = check_feeds(settings, stale_days=365, now=NOW)
    second = check_feeds(settings, stale_days=365, now=NOW)
    assert first == second and first[0].items == 33 and not first[0].problems
    assert first[0].newest == datetime(2026, 2, 18, 1, 37, 35, tzinfo=UTC) and first[0].age == "279 d"
    assert not out.exists()
    assert server.hits.count("/bbc-news_world.rss.xml") == 2
    table = format_table(first)
    assert table.splitlines()[-1] == "1 feed(s): 1 ok, 0 with warnings, 0 broken"


def test_a_bad_feeds_txt_line_is_still_a_configuration_error(tmp_path: Path) -> None:
    feeds = write_feeds(tmp_path, ["not a url"])
    assert main(["--quiet", "feeds", "check", "--feeds", str(feeds)]) == 2


@pytest.mark.parametrize("action", ["import", "export", "check"])
def test_help_lists_the_feeds_actions(action: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["feeds", "--help"])
    assert action in capsys.readouterr().out

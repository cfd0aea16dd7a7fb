"""The thin CLI: extract, script (dry run), help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import DATA, LocalServer, write_feeds

from briefing.cli import main

EXPECTED = json.loads((DATA / "seed" / "expected.json").read_text(encoding="utf-8"))
SEED = DATA / "pages" / "sky-polaris-dawn.html"


def test_extract_prints_the_article(capsys) -> None:
    assert main(["extract", str(SEED)]) == 0
    out = capsys.readouterr().out
    for paragraph in EXPECTED["article_paragraphs"]:
        assert paragraph in out
    for line in EXPECTED["must_not_be_spoken"]:
        assert line not in out


def test_extract_explain_says_what_was_removed_and_why(capsys) -> None:
    assert main(["extract", "--explain", str(SEED)]) == 0
    out = capsys.readouterr().out
    removed = [line for line in out.splitlines() if line.startswith("- [")]
    assert removed, out
    assert any("refresh the page" in line for line in removed)
    assert all("] " in line for line in removed)


def test_extract_from_a_url(server: LocalServer, capsys) -> None:
    assert main(["extract", server.url("/pages/sky-polaris-dawn.html")]) == 0
    assert "private spacewalk" in capsys.readouterr().out


def test_extract_missing_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(tmp_path / "nope.html")]) == 2
    assert "nope.html" in capsys.readouterr().err


def test_script_is_a_dry_run(tmp_path: Path, server: LocalServer, capsys) -> None:
    feeds = write_feeds(tmp_path, [f'{server.url("/feeds/sky.xml")} name="Sky News"'])
    out = tmp_path / "out"
    assert main(["--quiet", "script", "--feeds", str(feeds), "--output", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Sky News" in text and "spacewalk" in text and "Good " in text
    assert not out.exists()  # nothing written: no episode, no memory, no report
    # Nothing was remembered: a real run still finds both stories new, the ones the script told.
    assert main(["--quiet", "run", "--feeds", str(feeds), "--output", str(out), "--engine", "hibari"]) == 0
    report = json.loads((out / "run-report.json").read_text())
    assert len(report["stories"]) == 2
    assert all(story["title"].rstrip(".") in text for story in report["stories"])
    assert main(["--quiet", "script", "--feeds", str(feeds), "--output", str(out)]) == 0
    assert "Nothing new" in capsys.readouterr().out  # the run remembered them; the script reads that


def test_script_with_no_readable_feed_is_a_failure(tmp_path: Path, server: LocalServer, capsys) -> None:
    feeds = write_feeds(tmp_path, [server.url("/no-such-feed.xml"), "http://127.0.0.1:9/refused.xml"])
    assert main(["script", "--feeds", str(feeds), "--output", str(tmp_path / "out")]) == 4
    err = capsys.readouterr().err
    assert "all 2 feed(s) failed" in err and not (tmp_path / "out").exists()


def test_help_is_fast_and_lists_commands() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("run", "script", "extract", "serve", "feeds"):
        assert command in proc.stdout
    heavy_modules = ("numpy", "trafilatura", "httpx", "pydub", "apprise", "listparser", "feedparser")
    probe = f"import sys, briefing.cli; print([m for m in {heavy_modules!r} if m in sys.modules])"
    heavy = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert heavy.stdout.strip() == "[]"


def test_a_run_with_nothing_new_imports_no_stage_it_does_not_need(
    tmp_path: Path, server: LocalServer
) -> None:
    """Most cron runs find nothing new: they must not pay for the article, story and audio stages."""
    stale = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Old News</title><link>http://x.test/</link>'
        "<item><title>A story from 2018</title><link>http://x.test/a</link>"
        "<pubDate>Mon, 01 Jan 2018 08:00:00 GMT</pubDate><description>Long ago.</description></item>"
        "</channel></rss>"
    )
    feeds = write_feeds(tmp_path, [server.static("/old.xml", stale.encode())])
    out = tmp_path / "out"
    heavy = ("numpy", "trafilatura", "briefing.articles", "briefing.stories", "briefing.episode",
             "briefing.condense", "briefing.audio.render")  # fmt: skip
    probe = (
        "import sys; from briefing.cli import main; "
        f"code = main(['--quiet', 'run', '--feeds', {str(feeds)!r}, '--output', {str(out)!r}]); "
        f"print(code, [m for m in {heavy!r} if m in sys.modules])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip() == "0 []", proc.stdout + proc.stderr
    assert json.loads((out / "run-report.json").read_text())["status"] == "nothing-new"


def test_the_command_leaves_fast_with_its_code_and_its_log_written(tmp_path: Path) -> None:
    """The console entry skips the interpreter's teardown: its exit code and its log must survive."""
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/feed.xml\nnot a url at all\n", encoding="utf-8")
    log = tmp_path / "run.log"
    proc = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "--log-file", str(log), "run", "--feeds", str(feeds),
         "--output", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "feeds.txt:2:" in proc.stderr and "feeds.txt:2:" in log.read_text(encoding="utf-8")


def test_the_command_leaves_fast_with_its_output_flushed_into_a_pipe(capsys) -> None:
    page = Path(__file__).parent / "data" / "pages" / "aljazeera_nasa-moon.html"
    assert main(["extract", str(page)]) == 0
    expected = capsys.readouterr().out
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # a pipe buffers, as in cron
    proc = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "extract", str(page)],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )  # fmt: skip
    assert proc.returncode == 0
    assert proc.stdout == expected and len(expected.split()) > 200

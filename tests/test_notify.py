"""Notifications through apprise to a real local HTTP endpoint (its json:// and form:// plugins): one
message after a run that published or failed, none on nothing-new unless asked, never a changed exit
code, never a secret in the log."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from conftest import LocalServer, respond, run_args, write_feeds

from briefing.cli import main
from briefing.config import load_settings
from briefing.errors import ConfigError
from briefing.notify import notify_run, run_message


def hook(server: LocalServer, path: str = "/hook") -> str:
    """apprise's json:// URL for a path of the local server: it POSTs {title, message, type}."""
    return "json://" + server.base.removeprefix("http://") + path


def config(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "briefing.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def messages(server: LocalServer, path: str = "/hook") -> list[dict]:
    return [json.loads(body) for p, body in server.posts if p == path]


def test_a_published_run_tells_once_nothing_new_only_when_asked(tmp_path: Path, server: LocalServer) -> None:
    feeds = write_feeds(tmp_path, [f"{server.url('/feeds/sky.xml')}  name=Sky  max=2"])
    out = tmp_path / "out"
    toml = config(tmp_path, 'show_title = "Morning News"', f'notify = ["{hook(server)}"]')
    assert main(["--config", str(toml), *run_args(feeds, out, "--minutes", "1")]) == 0
    (sent,) = messages(server)
    assert sent["title"] == "Morning News: new episode" and sent["type"] == "info"
    assert sent["message"].startswith("published briefing-") and " min, voice hibari" in sent["message"]
    assert sent["message"].endswith("\nListen: http://localhost:8000/index.html")
    report = json.loads((out / "run-report.json").read_text())
    assert f"{len(report['stories'])} stor" in sent["message"]

    assert main(["--config", str(toml), *run_args(feeds, out)]) == 0  # nothing new: quiet
    assert len(messages(server)) == 1
    toml = config(tmp_path, f'notify = ["{hook(server)}"]', "notify_nothing_new = true")
    assert main(["--config", str(toml), *run_args(feeds, out)]) == 0
    assert messages(server)[-1] == {
        "version": "1.0",
        "title": "The Briefing: nothing new",
        "message": "nothing new in 1 feed(s); no episode",
        "attachments": [],
        "type": "info",
    }


def test_a_failed_run_tells_the_error_and_keeps_its_exit_code(tmp_path: Path, server: LocalServer) -> None:
    feeds = write_feeds(tmp_path, [server.url("/gone.xml"), server.url("/pages/dw_colonial-past.html")])
    form = "form://" + server.base.removeprefix("http://") + "/form"
    toml = config(tmp_path, f'notify = ["{hook(server)}", "{form}"]')
    assert main(["--config", str(toml), *run_args(feeds, tmp_path / "out")]) == 4
    (sent,) = messages(server)
    assert sent["title"] == "The Briefing: no episode, the run failed"
    assert sent["message"] == "no episode: all 2 feed(s) failed, 2 feed(s) failed"
    (form_body,) = [body for p, body in server.posts if p == "/form"]
    assert b"title=The+Briefing%3A+no+episode%2C+the+run+failed" in form_body


def test_a_message_that_cannot_be_sent_is_a_log_line_without_its_secrets(
    tmp_path: Path, server: LocalServer, capsys
) -> None:
    """At debug level, where apprise logs the URLs it loads and posts to."""
    server.route("/down/Tok3n-e1b", lambda h: respond(h, 503, b"down", "text/plain"))
    host = server.base.removeprefix("http://")
    urls = [
        f"json://alice:Pa55word-9f3@{host}/down/Tok3n-e1b?key=Qu3ry-77a",  # answers 503
        "gotify://127.0.0.1:9/G0tify-T0ken-5c2",  # refuses connections
        "nonsense://Sch3me-secret-41d",
    ]
    feeds = write_feeds(tmp_path, [f"{server.url('/feeds/sky.xml')}  name=Sky  max=1"])
    toml = tmp_path / "briefing.toml"
    toml.write_text(f"notify = {json.dumps(urls)}\n", encoding="utf-8")
    args = run_args(feeds, tmp_path / "out", "--minutes", "1", quiet=False)
    assert main(["--verbose", "--config", str(toml), *args]) == 0
    assert [p for p, _ in server.posts] == ["/down/Tok3n-e1b"]  # sent, and refused with a 503
    text = capsys.readouterr().err
    assert "Loaded JSON URL: json://***" in text  # apprise's own line, blanked
    assert "notify: URL #3 (nonsense) is not one apprise can use; skipped" in text
    assert "notify: the message could not be sent to every one of 2 service(s)" in text
    for secret in ("Pa55word-9f3", "Tok3n-e1b", "Qu3ry-77a", "G0tify-T0ken-5c2", "Sch3me-secret-41d"):
        assert secret not in text, secret


def test_no_urls_no_message_and_a_broken_apprise_is_only_a_warning(monkeypatch, caplog) -> None:
    assert notify_run([], "failed", "no episode: x", "Show", "") is False
    import briefing.notify

    def broken(*args: object) -> bool:
        raise RuntimeError("plugin bug")

    monkeypatch.setattr(briefing.notify, "send", broken)
    caplog.set_level(logging.WARNING)
    assert notify_run(["json://127.0.0.1:9/x"], "failed", "no episode: x", "Show", "") is False
    assert "notify: no message sent (RuntimeError)" in caplog.text


def test_the_message_names_the_show_the_outcome_and_where_to_listen() -> None:
    title, body = run_message(
        "published", "published b-1: 3 stories, 4.9 min, voice hibari", "News", "http://h/"
    )
    assert (title, body) == (
        "News: new episode",
        "published b-1: 3 stories, 4.9 min, voice hibari\nListen: http://h/",
    )
    assert run_message("failed", "no episode: the disk is full", "News", "http://h/") == (
        "News: no episode, the run failed",
        "no episode: the disk is full",
    )


def test_notify_urls_come_from_the_file_or_the_environment(tmp_path: Path, monkeypatch) -> None:
    toml = config(tmp_path, 'notify = ["ntfy://a/b", "mailto://u:p@x.org"]')
    assert load_settings(toml).notify == ("ntfy://a/b", "mailto://u:p@x.org")
    monkeypatch.setenv("BRIEFING_NOTIFY", "json://h/x")
    assert load_settings(None).notify == ("json://h/x",)
    monkeypatch.delenv("BRIEFING_NOTIFY")
    bad = config(tmp_path, "notify = [1, 2]")
    with pytest.raises(ConfigError, match="setting notify: expected a list of strings"):
        load_settings(bad)

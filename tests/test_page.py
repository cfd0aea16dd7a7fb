"""index.html: escaped, self-contained, and playable in a real browser (headless Chromium) from
`briefing serve`, over the episode the end-to-end run published."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_publish import SHOW, fake_episode

from briefing.model import Story
from briefing.publish import episodes, publish, write_feed

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of inline scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.inline else None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline[self._open].append(data)
            self._open = None


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def test_text_from_feeds_is_escaped_and_only_web_links_become_links(tmp_path: Path) -> None:
    when = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    episode, tmp = fake_episode(tmp_path, when)
    hostile = Story(
        '<script>alert("title")</script> & co',
        "x",
        ("<b>Sky</b>", "BBC"),
        "javascript:alert(1)",
        "en",
        when,
        ("k2",),
    )
    script = episode.script.__class__(
        episode.script.title, when, episode.script.segments, (*episode.script.stories, hostile)
    )
    chapters = (*episode.chapters, episode.chapters[1].__class__('<img src=x onerror="alert(2)">', 30, 31))
    episode = episode.__class__(**{**episode.__dict__, "script": script, "chapters": chapters})
    publish(episode, tmp, tmp_path, SHOW, ["k", "k2"])
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    tags = parse(html)
    assert [t for t, _ in tags.tags].count("script") == 1  # ours, none from a feed
    assert not any(t == "img" and "onerror" in a for t, a in tags.tags)
    hrefs = [a["href"] for t, a in tags.tags if t == "a"]
    assert "https://example.org/s" in hrefs and not any("javascript" in (h or "") for h in hrefs)
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; co" in html
    assert "&lt;b&gt;Sky&lt;/b&gt;, BBC" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


def test_the_page_lists_the_episodes_newest_first_with_relative_links_and_no_outside_asset(
    tmp_path: Path,
) -> None:
    for day in (20, 21):
        episode, tmp = fake_episode(tmp_path, datetime(2026, 11, day, 6, 0, tzinfo=UTC))
        publish(episode, tmp, tmp_path, SHOW, [f"k{day}"])
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert html.index("briefing-2026-11-21T060000Z") < html.index("briefing-2026-11-20T060000Z")
    tags = parse(html)
    audios = [a for t, a in tags.tags if t == "audio"]
    assert [a["src"] for a in audios] == [
        "briefing-2026-11-21T060000Z.mp3",
        "briefing-2026-11-20T060000Z.mp3",
    ]
    tracks = [a for t, a in tags.tags if t == "track"]
    assert tracks[0]["src"] == "briefing-2026-11-21T060000Z.vtt" and tracks[0]["kind"] == "captions"
    chapter_links = [a for t, a in tags.tags if t == "a" and "data-start" in a]
    assert chapter_links[1]["href"] == "briefing-2026-11-21T060000Z.mp3#t=2"  # works without JavaScript
    assert ("a", {"class": "subscribe", "href": "feed.xml"}) in tags.tags
    for tag, attrs in tags.tags:  # nothing from elsewhere: no fonts, scripts, styles or CDNs
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")) or tag == "a", (tag, attrs)
    assert not any(t == "link" and a.get("rel") == "stylesheet" for t, a in tags.tags)
    assert "<p>Hello.</p>" in html  # the transcript's text


def test_the_content_security_policy_allows_exactly_the_inline_script_and_style(tmp_path: Path) -> None:
    write_feed(tmp_path, SHOW)  # no episode yet: the page still stands
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "No episode yet." in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy
    tags = parse(html)
    for kind in ("script", "style"):
        (source,) = tags.inline[kind]
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in policy.group(1)
    assert "default-src 'none'" in policy.group(1)


@pytest.mark.timeout(180)
def test_the_page_plays_seeks_and_captions_in_headless_chromium(
    served_output: tuple[str, Path], tmp_path: Path, capsys
) -> None:
    if CHROMIUM is None:
        pytest.skip("no Chromium here (Debian: apt-get install chromium; .ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api", reason="the test extra installs playwright")
    base, folder = served_output
    (meta,) = episodes(folder)
    chapters = json.loads((folder / f"{meta.slug}.chapters.json").read_text())["chapters"]
    vtt_cues = (folder / f"{meta.slug}.vtt").read_text().count(" --> ")
    errors: list[str] = []
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh profile
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(base + "index.html", wait_until="load")
            audio = f"#a-{meta.slug}"
            page.wait_for_function(f"() => document.querySelector('{audio}').readyState >= 1", timeout=20_000)
            duration = page.eval_on_selector(audio, "a => a.duration")
            assert abs(duration - meta.duration) < 0.3, (duration, meta.duration)

            page.eval_on_selector(audio, "a => a.play()")
            page.wait_for_function(
                f"() => document.querySelector('{audio}').currentTime > 0.3", timeout=20_000
            )
            assert page.eval_on_selector(audio, "a => !a.paused && !a.error")

            page.wait_for_function(
                f"() => {{ const t = document.querySelector('{audio}').textTracks[0];"
                " return t && t.cues && t.cues.length > 0; }",
                timeout=20_000,
            )
            assert page.eval_on_selector(audio, "a => a.textTracks[0].cues.length") == vtt_cues
            assert page.eval_on_selector(f"{audio} track", "t => t.readyState") == 2  # LOADED

            chapter = chapters[2]  # a story, well into the episode
            link = page.locator(f'a[data-start="{chapter["startTime"]:g}"]')
            link.scroll_into_view_if_needed()
            link.tap()
            start = chapter["startTime"]
            moved = f"() => Math.abs(document.querySelector('{audio}').currentTime - {start}) < 1.5"
            page.wait_for_function(moved, timeout=10_000)
            now = page.eval_on_selector(audio, "a => { a.pause(); return a.currentTime; }")
            assert chapter["startTime"] - 0.05 <= now < chapter["startTime"] + 1.5
            assert page.url == base + "index.html"  # the click seeked; it did not navigate

            page.evaluate("window.scrollTo(0, 0)")
            SCREENSHOTS.mkdir(exist_ok=True)
            shot = SCREENSHOTS / "index-phone.png"
            page.screenshot(path=str(shot))
            page.screenshot(path=str(SCREENSHOTS / "index-phone-full.png"), full_page=True)
        finally:
            browser.close()
    with capsys.disabled():
        print(f"\nphone-sized screenshot of index.html: {shot}")
    assert errors == []
    assert all(url.startswith(base) for url in requests), requests
    assert shot.stat().st_size > 10_000


@pytest.mark.timeout(120)
def test_without_javascript_everything_is_there_and_a_chapter_opens_the_mp3_at_its_time(
    served_output: tuple[str, Path], tmp_path: Path
) -> None:
    if CHROMIUM is None:
        pytest.skip("no Chromium here (Debian: apt-get install chromium; .ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api", reason="the test extra installs playwright")
    base, folder = served_output
    (meta,) = episodes(folder)
    chapters = json.loads((folder / f"{meta.slug}.chapters.json").read_text())["chapters"]
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            java_script_enabled=False,
            viewport={"width": 390, "height": 844},
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(base, wait_until="load")  # `/`: the page any web server gives for the folder
            assert page.locator("audio").count() == 1 and page.locator("audio track").count() == 1
            assert page.locator("ol.chapters a").count() == len(chapters)
            assert page.locator("ul.stories li").count() == len(meta.stories)
            assert page.locator("a.subscribe").get_attribute("href") == "feed.xml"
            assert page.locator("details[open] .transcript p").count() > 3
            start = chapters[2]["startTime"]
            page.locator(f'a[data-start="{start:g}"]').click()
            page.wait_for_url(f"**/{meta.slug}.mp3#t={start:g}", timeout=10_000)
        finally:
            browser.close()
    assert errors == []

"""index.html: a page to listen from, written beside feed.xml from the same episode sidecars.

Static, so any web server (or ``briefing serve``) can serve it, with relative links so it works under
any path. One column that reads on a phone, large touch targets, no external assets (no fonts,
scripts or CDNs: a Content-Security-Policy in the page allows only its own inline style and script,
by hash, and media from the same folder). Everything but seeking works without JavaScript: a chapter
links to ``<slug>.mp3#t=START``, which a browser opens at that time; with JavaScript, the click moves
the page's own player instead and the current caption is shown under it.

Every text that came from a feed (titles, sources, transcripts, chapter names) is escaped, and only
http(s) URLs ever become links.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from datetime import UTC
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from .model import EpisodeMeta, StoryLine

if TYPE_CHECKING:
    from .publish import Show

__all__ = ["clock", "render_page"]

log = logging.getLogger(__name__)

_STYLE = """
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fafaf7; --muted: #5c5c5c; --line: #d8d8d0;
  --accent: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececec; --bg: #141414; --muted: #a8a8a8;
  --line: #333; --accent: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 42rem; padding: 1rem; font: 1.0625rem/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
header.show { display: flex; gap: 1rem; align-items: center; margin-bottom: 1.5rem; }
header.show img { width: 6rem; height: 6rem; border-radius: .75rem; flex: none; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; line-height: 1.2; }
h2 { font-size: 1.2rem; margin: 0 0 .25rem; line-height: 1.3; }
h3 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
p { margin: .25rem 0; }
.muted, .meta { color: var(--muted); font-size: .9375rem; }
.subscribe { display: inline-block; min-height: 2.75rem; padding: .6rem 1.2rem; border-radius: 1.4rem;
  background: var(--accent); color: var(--bg); font-weight: 600; text-decoration: none; }
.feed-url { overflow-wrap: anywhere; }
article { border-top: 1px solid var(--line); padding: 1.25rem 0; }
audio { width: 100%; margin: .75rem 0 .25rem; }
.caption { min-height: 1.5em; font-style: italic; }
ol, ul { padding: 0; margin: 0; list-style: none; }
.chapters a, .stories li { display: flex; gap: .75rem; min-height: 2.75rem; padding: .6rem .25rem;
  border-bottom: 1px solid var(--line); }
.chapters a { text-decoration: none; color: inherit; align-items: baseline; }
.chapters .time { color: var(--accent); font-variant-numeric: tabular-nums; flex: none; min-width: 3.2rem; }
.stories li { flex-direction: column; gap: 0; }
details { margin-top: 1rem; }
summary { min-height: 2.75rem; padding: .6rem 0; cursor: pointer; font-weight: 600; }
.transcript p { margin: 0 0 .75rem; }
""".strip()

_SCRIPT = """
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-start]");
  var audio = link && document.getElementById(link.getAttribute("data-audio"));
  if (!audio) return;
  event.preventDefault();
  audio.currentTime = parseFloat(link.getAttribute("data-start"));
  var playing = audio.play();
  if (playing) playing.catch(function () {});
});
document.querySelectorAll("audio").forEach(function (audio) {
  var track = audio.textTracks[0];
  var line = document.getElementById(audio.getAttribute("data-caption"));
  if (!track || !line) return;
  track.mode = "hidden";
  track.addEventListener("cuechange", function () {
    var cue = track.activeCues && track.activeCues[0];
    line.textContent = cue ? cue.text : "";
  });
});
""".strip()


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


_POLICY = (
    f"default-src 'none'; img-src 'self'; media-src 'self'; style-src {_hash(_STYLE)}; "
    f"script-src {_hash(_SCRIPT)}; base-uri 'none'; form-action 'none'"
)


def clock(t: float) -> str:
    """A time in the episode as people write it: 04:05, or 1:02:03 past an hour."""
    s = int(t)
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


def render_page(folder: Path, show: Show, metas: list[EpisodeMeta]) -> str:
    """The whole page: the show, then its episodes newest first (``metas`` as publish.episodes gives
    them); chapters and transcripts are read from each episode's files in ``folder``."""
    title = escape(show.title)
    episodes = "\n".join(_episode(folder, meta, show, i == 0) for i, meta in enumerate(metas))
    empty = '<p class="muted">No episode yet.</p>' if not metas else ""
    return f"""<!doctype html>
<html lang="{escape(show.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_POLICY}">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="alternate" type="application/rss+xml" title="{title}" href="feed.xml">
<link rel="icon" href="cover.jpg">
<style>{_STYLE}</style>
</head>
<body>
<header class="show">
<img src="cover.jpg" alt="" width="96" height="96">
<div>
<h1>{title}</h1>
<p class="muted">{escape(show.description)}</p>
<p><a class="subscribe" href="feed.xml">Subscribe</a></p>
<p class="muted feed-url">In a podcast app: <code>{escape(show.url("feed.xml"))}</code></p>
</div>
</header>
<main>
{episodes}{empty}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _episode(folder: Path, meta: EpisodeMeta, show: Show, newest: bool) -> str:
    slug = meta.slug
    ref = quote(slug)
    stories = meta.stories
    count = f"{len(stories)} {'story' if len(stories) == 1 else 'stories'}"
    when = escape(meta.created.isoformat())
    length = clock(meta.duration)
    audio = f"a-{escape(slug)}"
    files = (
        f'<a href="{ref}.mp3">MP3</a> · <a href="{ref}.txt">transcript</a> · <a href="{ref}.vtt">WebVTT</a>'
    )
    return f"""<article id="{escape(slug)}">
<h2>{escape(meta.title or slug)}</h2>
<p class="meta"><time datetime="{when}">{escape(_date(meta))}</time> · {length} · {count}</p>
<audio id="{audio}" controls preload="metadata" src="{ref}.mp3" data-caption="c-{escape(slug)}">
<track kind="captions" src="{ref}.vtt" srclang="{escape(show.language)}" label="Transcript" default>
<a href="{ref}.mp3">Download the episode (MP3)</a>
</audio>
<p class="caption" id="c-{escape(slug)}" aria-live="polite"></p>
<p class="muted">{files}</p>
{_chapters(folder, slug, audio)}{_stories(stories)}{_transcript(folder, slug, newest)}</article>"""


def _date(meta: EpisodeMeta) -> str:
    return meta.created.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")


def _chapters(folder: Path, slug: str, audio: str) -> str:
    try:
        chapters = json.loads((folder / f"{slug}.chapters.json").read_text(encoding="utf-8"))["chapters"]
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("index.html: no chapters for %s", slug)
        return ""
    items = []
    for ch in chapters:
        start = float(ch.get("startTime", 0))
        href = f"{quote(slug)}.mp3#t={start:g}"
        name = escape(str(ch.get("title", "")))
        items.append(
            f'<li><a href="{href}" data-audio="{audio}" data-start="{start:g}">'
            f'<span class="time">{clock(start)}</span> <span>{name}</span></a></li>'
        )
    return '<h3>Chapters</h3>\n<ol class="chapters">\n' + "\n".join(items) + "\n</ol>\n"


def _stories(stories: tuple[StoryLine, ...]) -> str:
    if not stories:
        return ""
    items = []
    for story in stories:
        title = escape(story.title)
        url = story.url or ""
        head = f'<a href="{escape(url)}" rel="noopener noreferrer">{title}</a>' if _web_url(url) else title
        sources = escape(", ".join(story.sources))
        items.append(f'<li>{head} <span class="muted">{sources}</span></li>')
    return '<h3>Stories</h3>\n<ul class="stories">\n' + "\n".join(items) + "\n</ul>\n"


def _transcript(folder: Path, slug: str, newest: bool) -> str:
    """The spoken text, one paragraph a segment (the .txt's part after its story list)."""
    try:
        text = (folder / f"{slug}.txt").read_text(encoding="utf-8")
    except OSError:
        return ""
    spoken = text.split("\nTranscript\n", 1)[-1]
    paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in spoken.splitlines() if line.strip())
    opened = " open" if newest else ""
    body = f'<div class="transcript">\n{paragraphs}\n</div>'
    return f"<details{opened}>\n<summary>Transcript</summary>\n{body}\n</details>\n"


def _web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)

"""Settings, layered: packaged defaults < briefing.toml < BRIEFING_* environment < command-line flags.

Also reads feeds.txt into FeedSource values. Its format, one feed a line::

    # comment
    https://feeds.skynews.com/feeds/rss/world.xml  name="Sky News"  max=5  lang=en

Settings after the URL are ``key=value`` pairs (quote values with spaces): ``name`` (display name),
``max`` (items per run, 1-100), ``lang`` (BCP 47 language code). A bad line stops the run before any
network call with ``feeds.txt:LINE: what is wrong``.
"""

from __future__ import annotations

import os
import re
import shlex
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError
from .http import redact
from .model import FeedSource

ENGINES = ("auto", "gtts", "hibari", "piper")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Settings:
    """Everything a run needs; every field can come from the TOML file, the environment or a flag."""

    feeds: Path = Path("feeds.txt")
    output: Path = Path("output")
    state: Path | None = None  # default: <output>/state.sqlite
    minutes: float = 5.0
    story_words: int = 70
    engine: str = "auto"
    voice: str | None = None  # piper: path of an .onnx voice
    show_title: str = "The Briefing"
    show_author: str = "briefing"
    base_url: str = ""
    cover: Path | None = None
    loudness: float = -19.0  # LUFS, mono
    true_peak: float = -1.5  # dBTP
    bitrate: str = "64k"
    keep_episodes: int = 30
    keep_days: float = 0.0  # 0 = no age limit
    next_briefing: str = ""  # e.g. "tomorrow at six", said in the outro when set
    chime: bool = False
    chime_file: Path | None = None
    gtts_timeout: float = 5.0
    gtts_url: str | None = None  # override Google's endpoint (a proxy, or a test address)
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 5_000_000
    per_host: int = 2
    user_agent: str = ""
    wait_lock: bool = False
    min_episode_seconds: float = 10.0
    cache: Path | None = None  # default: <output>/.cache
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)  # speech threads
    condenser: str = "extractive"
    llm_url: str = ""
    llm_model: str = ""
    serve_token: str = field(default="", repr=False)  # `briefing serve`'s secret path; feed links carry it
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def state_path(self) -> Path:
        return self.state or self.output / "state.sqlite"

    @property
    def cache_dir(self) -> Path:
        return self.cache or self.output / ".cache"


_PATH_FIELDS = {"feeds", "output", "state", "cover", "chime_file", "cache"}


def load_settings(config_file: Path | None = None, **flags: Any) -> Settings:
    """Build Settings from the layers; a flag given as None means "not given"."""
    values: dict[str, Any] = {}
    path = config_file or Path("briefing.toml")
    if path.exists():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
    elif config_file is not None:
        raise ConfigError(f"{config_file}: no such file")
    known = {f.name: f for f in fields(Settings)}
    for name in known:
        env = os.environ.get(f"BRIEFING_{name.upper()}")
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in flags.items() if v is not None})
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    return _coerce(replace(Settings(), **values))


def _coerce(s: Settings) -> Settings:
    """Turn strings from TOML/env into the field types and check ranges."""
    out: dict[str, Any] = {}
    for f in fields(Settings):
        v = getattr(s, f.name)
        default = getattr(Settings(), f.name)
        if v is None or f.name == "extra":
            continue
        try:
            if f.name in _PATH_FIELDS:
                v = Path(v)
            elif isinstance(default, bool):
                v = v if isinstance(v, bool) else str(v).lower() in {"1", "true", "yes", "on"}
            elif isinstance(default, int):
                v = int(v)
            elif isinstance(default, float):
                v = float(v)
        except ValueError as exc:
            raise ConfigError(f"setting {f.name}: {v!r} is not a valid value") from exc
        out[f.name] = v
    s = replace(s, **out)
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", s.engine):
        raise ConfigError(
            f"engine must be one of {', '.join(ENGINES)} (or a registered one), not {s.engine!r}"
        )
    if not 0.5 <= s.minutes <= 180:
        raise ConfigError(f"minutes must be between 0.5 and 180, not {s.minutes}")
    if not 15 <= s.story_words <= 400:
        raise ConfigError(f"story_words must be between 15 and 400, not {s.story_words}")
    if s.condenser not in {"extractive", "llm"}:
        raise ConfigError(f"condenser must be extractive or llm, not {s.condenser!r}")
    return s


def read_feeds(path: Path) -> list[FeedSource]:
    """Parse feeds.txt; raise ConfigError naming the file and line of the first mistake."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such file (list one feed URL a line)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    sources: list[FeedSource] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}:{number}"
        source = _parse_feed_line(line, where, number, len(sources))
        if source.url in seen:
            raise ConfigError(f"{where}: {redact(source.url)} is already listed on line {seen[source.url]}")
        seen[source.url] = number
        sources.append(source)
    if not sources:
        raise ConfigError(f"{path}: lists no feeds")
    return sources


def _parse_feed_line(line: str, where: str, number: int, order: int) -> FeedSource:
    try:
        words = shlex.split(line, comments=True)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc} (unbalanced quotes?)") from exc
    url, *options = words
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or "=" in url.split("?")[0]:
        raise ConfigError(f"{where}: {redact(url)!r} is not an http(s) URL")
    settings: dict[str, Any] = {}
    for option in options:
        key, eq, value = option.partition("=")
        if not eq or not value:
            raise ConfigError(f"{where}: expected key=value after the URL, got {option!r}")
        if key == "name":
            settings["name"] = value
        elif key == "max":
            if not value.isdigit() or not 1 <= int(value) <= 100:
                raise ConfigError(f"{where}: max must be a whole number from 1 to 100, got {value!r}")
            settings["max_items"] = int(value)
        elif key in {"lang", "language"}:
            if not _LANG.match(value):
                raise ConfigError(f"{where}: {value!r} is not a language code like en or pt-BR")
            settings["language"] = value
        else:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: name, max, lang)")
    return FeedSource(url=url, line=number, order=order, **settings)

"""Settings, layered: packaged defaults < briefing.toml < BRIEFING_* environment < command-line flags.

Also reads feeds.txt into FeedSource values. Its format, one feed a line::

    # comment
    https://feeds.skynews.com/feeds/rss/world.xml  name="Sky News"  max=5  lang=en

Settings after the URL are ``key=value`` pairs (quote values with spaces): ``name`` (display name),
``max`` (items per run, 1-100), ``lang`` (BCP 47 language code, a hint the text can overrule),
``max_age`` (``6h``, ``2d``, ``90m``: older items are never briefed), ``topics`` and ``mute`` (words or
phrases separated by ``|``). A bad line stops the run before any network call with
``feeds.txt:LINE: what is wrong``.
"""

from __future__ import annotations

import os
import re
import shlex
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError
from .model import FeedSource

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhd]?)\s*$")
_HOURS = {"m": 1 / 60, "h": 1.0, "": 1.0, "d": 24.0}
SHOW_LANGUAGES = ("en", "de", "fr", "es")  # the script's own words (intro, transitions, outro)


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
    owner_name: str = ""  # itunes:owner (default: show_author), written when owner_email is set
    owner_email: str = ""
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
    language: str = "en"  # the show's own words: intro, transitions, outro
    max_age: float = 48.0  # hours: older items are never briefed (feeds.txt: max_age=6h per feed)
    recall_days: float = 3.0  # an event told this many days back is not told again, but for news of it
    topics: tuple[str, ...] = ()  # words or phrases that raise a story's rank
    mute: tuple[str, ...] = ()  # words or phrases that keep a story out
    notify: tuple[str, ...] = ()  # apprise URLs told after each run that published or failed
    notify_nothing_new: bool = False  # also after a run that found nothing new
    serve_token: str = field(default="", repr=False)  # `briefing serve`'s secret path; feed links carry it
    # [pronunciations] (word or phrase -> how the voice says it), or the path of a TOML file holding one
    pronunciations: tuple[tuple[str, str], ...] = ()

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
        if v is None:
            continue
        if f.name == "notify":  # URLs: one string is one URL
            out[f.name] = _strings(f.name, v)
            continue
        if f.name == "pronunciations":
            out[f.name] = _pronunciations(v)
            continue
        try:
            if f.name in _PATH_FIELDS:
                v = Path(v)
            elif f.name == "max_age":
                v = parse_hours(v, f.name)
            elif isinstance(default, tuple):
                v = _words(v, f.name)
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
    from .speech import engine_names  # the registry: built-in engines and any registered since

    if s.engine != "auto" and s.engine not in engine_names():
        raise ConfigError(f"unknown speech engine {s.engine!r} (known: auto, {', '.join(engine_names())})")
    if not 0.5 <= s.minutes <= 180:
        raise ConfigError(f"minutes must be between 0.5 and 180, not {s.minutes}")
    if not 15 <= s.story_words <= 400:
        raise ConfigError(f"story_words must be between 15 and 400, not {s.story_words}")
    if s.condenser not in {"extractive", "llm"}:
        raise ConfigError(f"condenser must be extractive or llm, not {s.condenser!r}")
    if s.language not in SHOW_LANGUAGES:
        raise ConfigError(f"language must be one of {', '.join(SHOW_LANGUAGES)}, not {s.language!r}")
    if s.max_age <= 0 or s.recall_days < 0:
        raise ConfigError("max_age must be above 0, and recall_days 0 or more")
    return s


def parse_hours(value: object, what: str) -> float:
    """A duration in hours from ``48``, ``48h``, ``2d`` or ``90m`` (a number alone is hours)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    m = _DURATION.match(str(value))
    if not m or float(m.group(1)) <= 0:
        raise ConfigError(f"{what} must be a duration like 6h, 2d or 90m, not {value!r}")
    return float(m.group(1)) * _HOURS[m.group(2)]


def _words(value: object, what: str) -> tuple[str, ...]:
    """Words or phrases from a TOML list, or from one string separated by ``|`` (feeds.txt, env)."""
    items = value if isinstance(value, list | tuple) else str(value).split("|")
    words = tuple(" ".join(str(w).split()) for w in items if str(w).strip())
    if any(not w for w in words):
        raise ConfigError(f"{what}: empty word")
    return words


def _strings(name: str, value: Any) -> tuple[str, ...]:
    """A list setting: a TOML array of strings, or one string (an environment variable)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ConfigError(f"setting {name}: expected a list of strings, not {value!r}")
    return tuple(i.strip() for i in items if i.strip())


def _pronunciations(value: Any) -> tuple[tuple[str, str], ...]:
    """(written, spoken) pairs from a TOML table, or from the TOML file a string names (its
    ``[pronunciations]`` table, or its top level): a list that grows is easier kept in a file."""
    if isinstance(value, str | Path):
        path = Path(value).expanduser()
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"pronunciations: cannot read {path}: {exc}") from exc
        value = doc.get("pronunciations", doc)
    pairs = list(value.items()) if isinstance(value, dict) else value
    if not isinstance(pairs, list | tuple) or not all(
        isinstance(p, list | tuple) and len(p) == 2 and all(isinstance(x, str) and x.strip() for x in p)
        for p in pairs
    ):
        raise ConfigError(f'pronunciations: expected a table of word = "spoken form", not {value!r}')
    return tuple((k, v) for k, v in pairs)


def is_language_code(value: str) -> bool:
    """A language code as feeds.txt takes it (BCP 47 shape: en, en-GB, pt-BR)."""
    return bool(_LANG.match(value))


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
            raise ConfigError(f"{where}: {_shown(source.url)} is already listed on line {seen[source.url]}")
        seen[source.url] = number
        sources.append(source)
    if not sources:
        raise ConfigError(f"{path}: lists no feeds")
    return sources


def parse_feed_line(line: str, where: str = "feeds.txt") -> FeedSource:
    """One feeds.txt line read by the rules of :func:`read_feeds`, so a writer (the OPML import) can
    check that what it appends reads back as it meant."""
    return _parse_feed_line(line, where, 0, 0)


def _parse_feed_line(line: str, where: str, number: int, order: int) -> FeedSource:
    try:
        words = shlex.split(line, comments=True)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc} (unbalanced quotes?)") from exc
    url, *options = words
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or "=" in url.split("?")[0]:
        raise ConfigError(f"{where}: {_shown(url)!r} is not an http(s) URL")
    settings: dict[str, Any] = {}
    for option in options:
        key, eq, value = option.partition("=")
        if not eq or not value:
            raise ConfigError(f"{where}: expected key=value after the URL, got {option!r}")
        if key not in _FEED_OPTIONS:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(_FEED_OPTIONS)})")
        field_name, parse = _FEED_OPTIONS[key]
        try:
            settings[field_name] = parse(value)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from exc
    return FeedSource(url=url, line=number, order=order, **settings)


def _max_items(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 100:
        raise ConfigError(f"max must be a whole number from 1 to 100, got {value!r}")
    return int(value)


def _language(value: str) -> str:
    if not _LANG.match(value):
        raise ConfigError(f"{value!r} is not a language code like en or pt-BR")
    return value


_FEED_OPTIONS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "name": ("name", str),
    "max": ("max_items", _max_items),
    "lang": ("language", _language),
    "language": ("language", _language),
    "max_age": ("max_age", lambda v: parse_hours(v, "max_age")),
    "topics": ("topics", lambda v: _words(v, "topics")),
    "mute": ("mute", lambda v: _words(v, "mute")),
}


def _shown(url: str) -> str:
    """The URL as an error message may show it (:func:`briefing.http.redact`), imported only on the
    way to an error: the HTTP client is not needed to read settings (``--help`` stays fast)."""
    from .http import redact

    return redact(url)

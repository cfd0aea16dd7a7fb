"""The `briefing` command: parses flags, calls the pipeline or a stage, maps errors to exit codes.

Exit codes (for cron):
  0  an episode was published, or there was nothing new (run-report.json says which)
  2  bad configuration (feeds.txt, briefing.toml, flags, an unwritable --log-file; serve: a busy port, a bad
     token): nothing was fetched
  3  an episode was published, but some feeds failed; `feeds check`: a feed is unreachable or not a feed
  4  no episode: every feed failed, speech failed, the audio failed its checks or its tagging, or files
     (feed.xml, the memory) could not be written
  5  another run holds the output folder's lock
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Settings

EXIT_OK, EXIT_CONFIG, EXIT_PARTIAL, EXIT_FAILED, EXIT_LOCKED = 0, 2, 3, 4, 5

log = logging.getLogger("briefing")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_CONFIG
    try:
        _setup_logging(args)
    except OSError as exc:  # --log-file in a folder that does not exist, or not writable
        print(f"briefing: cannot write the log file {args.log_file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CONFIG
    from .errors import BriefingError, ConfigError, LockedError

    try:
        return int(args.func(args))
    except ConfigError as exc:
        log.error("%s", exc)
        return EXIT_CONFIG
    except LockedError as exc:
        log.error("%s", exc)
        return EXIT_LOCKED
    except BriefingError as exc:
        log.error("no episode: %s", exc)
        return EXIT_FAILED
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefing", description="Turn news feeds into a spoken podcast briefing."
    )
    p.add_argument("-q", "--quiet", action="store_true", help="only warnings, errors and the summary line")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    p.add_argument("--log-file", type=Path, help="also append the log to this file")
    p.add_argument("--config", type=Path, help="settings file (default: ./briefing.toml when present)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="make and publish a briefing from the feeds")
    _run_options(run)
    run.add_argument("--wait", dest="wait_lock", action="store_true", default=None,
                     help="wait for another run to finish instead of exiting")  # fmt: skip
    run.set_defaults(func=_cmd_run)

    script = sub.add_parser("script", help="print the script a run would speak (no audio, no state change)")
    _run_options(script)
    script.add_argument("--why", action="store_true", help="also list every item left out, and why")
    script.set_defaults(func=_cmd_script)

    ext = sub.add_parser("extract", help="print the clean text a page yields")
    ext.add_argument("source", help="a URL or an HTML file")
    ext.add_argument("--explain", action="store_true", help="list what was removed and why")
    ext.set_defaults(func=_cmd_extract)

    serve = sub.add_parser("serve", help="serve the output folder over HTTP for podcast apps")
    serve.add_argument("--output", type=Path, default=None, help="folder to serve (default: output)")
    serve.add_argument("--bind", "--host", dest="bind", default=None,
                       help="address to listen on (default: this machine's private LAN address, else "
                            "127.0.0.1; 0.0.0.0 for every interface)")  # fmt: skip
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--token", default=None, help="serve everything under /TOKEN/ only (or serve_token)")
    serve.set_defaults(func=_cmd_serve)
    _feeds_commands(sub)
    return p


def _feeds_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    feeds = sub.add_parser("feeds", help="import, export or check the feeds of feeds.txt")
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="merge an OPML file (any feed reader's export) into feeds.txt")
    imp.add_argument("opml", type=Path, help="the OPML file")
    exp = actions.add_parser("export", help="write feeds.txt as OPML 2.0")
    exp.add_argument("-o", "--to", type=Path, help="file to write (default: standard output)")
    check = actions.add_parser(
        "check",
        help="read every feed once and print a table; exit 3 when a feed is unreachable or not a feed",
    )
    stale = "newest item older than this is stale (default: max_age, what a run briefs)"
    check.add_argument("--stale-days", type=float, default=None, help=stale)
    for action, func in ((imp, _cmd_feeds_import), (exp, _cmd_feeds_export), (check, _cmd_feeds_check)):
        action.add_argument("--feeds", type=Path, help="feeds file (default: feeds.txt)")
        action.set_defaults(func=func)


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--feeds", type=Path, help="feeds file (default: feeds.txt)")
    p.add_argument("--output", type=Path, help="output folder (default: output)")
    p.add_argument("--state", type=Path, help="state database (default: OUTPUT/state.sqlite)")
    p.add_argument("--minutes", type=float, help="length of the briefing (default: 5)")
    p.add_argument("--story-words", type=int, help="words per story at most (default: 70)")
    p.add_argument("--engine", help="auto (default), gtts, hibari or piper")
    p.add_argument("--voice", help="voice name, or a Piper .onnx file")
    p.add_argument("--base-url", help="URL where the output folder is served (for feed links)")
    p.add_argument("--title", dest="show_title", help="the show's name")
    p.add_argument("--keep", dest="keep_episodes", type=int, help="episodes to keep (default: 30)")
    p.add_argument("--keep-days", type=float, help="delete episodes older than this many days")
    p.add_argument("--chime", action="store_true", default=None, help="open and close with a short chime")
    p.add_argument(
        "--condenser", choices=["extractive", "llm"], help="how stories are condensed (default extractive)"
    )


def _settings(args: argparse.Namespace) -> Settings:
    from .config import load_settings

    names = ("feeds", "output", "state", "minutes", "story_words", "engine", "voice", "base_url",
             "show_title", "keep_episodes", "keep_days", "chime", "wait_lock", "condenser")  # fmt: skip
    return load_settings(args.config, **{n: getattr(args, n, None) for n in names})


def _setup_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if args.log_file:
        handlers.append(logging.FileHandler(args.log_file, encoding="utf-8"))
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S",
                        handlers=handlers, force=True)  # fmt: skip
    for noisy in ("httpx", "httpcore", "urllib3", "gtts"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for chatty in ("trafilatura", "htmldate", "courlan", "justext"):  # page-level noise, not our news
        logging.getLogger(chatty).setLevel(logging.ERROR)


def _progress() -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        bar = "#" * int(30 * done / max(total, 1))
        sys.stderr.write(f"\rspeaking [{bar:<30}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _cmd_run(args: argparse.Namespace) -> int:
    from .pipeline import run

    _few_malloc_arenas()
    report = run(_settings(args), progress=_progress())
    print(report.summary(), file=sys.stderr)
    if report.status == "published" and report.feeds_failed:
        return EXIT_PARTIAL
    return EXIT_OK


def _cmd_script(args: argparse.Namespace) -> int:
    from .pipeline import dry_run
    from .report import left_out_table

    dry = dry_run(_settings(args))
    if not dry.script.stories:
        print("Nothing new: a run now would publish no episode.")
    for segment in dry.script.segments if dry.script.stories else ():
        print(segment.text + "\n")
    if args.why:
        print(left_out_table(dry.left_out))
    return EXIT_OK


def _cmd_extract(args: argparse.Namespace) -> int:
    from .errors import ConfigError, FetchError
    from .http import Fetcher, host_of
    from .text.extract import explain, extract_text

    source: str = args.source
    if source.startswith(("http://", "https://")):
        with Fetcher() as fetcher:
            try:
                page = fetcher.get(source, lan_host=host_of(source))  # the user named it: any address
            except FetchError as exc:
                raise ConfigError(str(exc)) from exc
        html, url = page.content.decode("utf-8", errors="replace"), page.url
    else:
        try:
            html, url = Path(source).read_text(encoding="utf-8", errors="replace"), None
        except OSError as exc:
            raise ConfigError(f"{source}: {exc.strerror}") from exc
    if args.explain:
        for removal in explain(html, url):
            print(f"- [{removal.reason}] {removal.text}")
        print()
    print(extract_text(html, url))
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from .config import load_settings
    from .serve import serve

    settings = load_settings(args.config, output=args.output, serve_token=args.token)
    serve(settings.output, args.bind, args.port, settings.serve_token)
    return EXIT_OK


def _few_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each thread its own heap, up to 8 per core; with a score of download and speech
    threads, freed audio stays scattered over them (a 30-minute briefing peaked at 614 MB; with two
    heaps, 553 MB, and no slower). A process-wide setting, made before any thread starts; elsewhere
    than glibc it does nothing."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # M_ARENA_MAX


def _cmd_feeds_import(args: argparse.Namespace) -> int:
    from .opml import import_opml

    feeds = _settings(args).feeds
    report = import_opml(args.opml, feeds)
    print(f"{feeds}: {len(report.added)} feed(s) added, {len(report.skipped)} skipped")
    for line in report.added:
        print(f"  + {line}")
    for url, why in report.skipped:
        print(f"  - {url or '(no URL)'}: {why}")
    return EXIT_OK


def _cmd_feeds_export(args: argparse.Namespace) -> int:
    from .config import read_feeds
    from .opml import export_opml

    settings = _settings(args)
    data = export_opml(read_feeds(settings.feeds), settings.show_title)
    if args.to:
        from .publish import write_atomic

        write_atomic(args.to, data)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return EXIT_OK


def _cmd_feeds_check(args: argparse.Namespace) -> int:
    from .feedcheck import check_feeds, format_table

    checks = check_feeds(_settings(args), stale_days=args.stale_days)
    print(format_table(checks))
    return EXIT_PARTIAL if any(c.broken for c in checks) else EXIT_OK


def console() -> None:
    """The command's entry point: :func:`main`, then out without the interpreter's teardown.

    Tearing down what a briefing loaded (the voice, numpy, scipy, lxml...) takes about 0.2 s, 3% of a
    ten-minute briefing's run, and nothing in it is needed: by then every file is written, fsynced
    and closed, the state committed and the lock released. Logs and output are flushed first. An
    unexpected exception still leaves the ordinary way, with its traceback.
    """
    try:
        code = main()
    except SystemExit as exc:  # argparse, after --help or a usage error it has printed
        if isinstance(exc.code, str):
            sys.stderr.write(exc.code + "\n")
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    console()

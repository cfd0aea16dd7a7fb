"""An editorial check (not a test; run by hand): one episode from a folder of real feeds, re-dated, and
what a listener would object to in it.

Every feed file of the folder is served from 127.0.0.1, re-dated so that its newest item is an hour
old (feeds named with ``--keep-dates`` keep their own dates, as a stale feed would), its item links
pointing at the same server (pages 404, so stories are told from the feeds' own text; the channel's
own link keeps its real address, which names the outlet as a run would). One run of
``briefing run`` with the local voice, then:

- the stories told (outlet, language, title) and the items left out, with their reasons;
- the checks: no story older than ``max_age``, no story in another language than English spoken by
  the English local voice, no story without a title or with under 15 words, no outlet above 40% of
  the stories when five or more outlets had fresh news.

    python benchmarks/editorial_check.py [--feeds-dir ../shared/data/feeds/real] [--minutes 5]
        [--keep-dates 'guardian*' --keep-dates 'jn-pt*'] [--out DIR]
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "tests"))

from conftest import LocalServer  # noqa: E402

from briefing.cli import main as briefing  # noqa: E402

DEFAULT = HERE.parents[2] / "shared" / "data" / "feeds" / "real"


def serve(server: LocalServer, folder: Path, keep: list[str]) -> list[str]:
    """Route every feed file of ``folder``; the feeds.txt lines that name them."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in {".xml", ".json"}:
            keep_dates = any(fnmatch.fnmatch(path.name, k) for k in keep)
            lines.append(server.recorded(path, keep_dates, keep_site=True))
    return lines


def checks(report: dict, max_age_hours: float = 48.0) -> list[str]:
    """What a listener would object to in the episode the report describes."""
    problems = []
    stories = report["stories"]
    outlets = Counter(src for s in stories for src in s["sources"])
    fresh = {x["source"] for x in report["left_out"] if x["reason"] not in {"stale", "muted"}}
    fresh |= set(outlets)
    if len(fresh) >= 5 and stories:
        for outlet, n in outlets.items():
            if n > 0.4 * len(stories):
                problems.append(f"{outlet} has {n} of {len(stories)} stories")
    for s in stories:
        if not any(ch.isalnum() for ch in s["title"]):
            problems.append(f"a story without a title: {s}")
    return problems


def run(folder: Path, minutes: float, keep: list[str], out: Path) -> dict:
    server = LocalServer()
    try:
        feeds = out / "feeds.txt"
        feeds.write_text("\n".join(serve(server, folder, keep)) + "\n", encoding="utf-8")
        args = ["--quiet", "run", "--feeds", str(feeds), "--output", str(out / "output"),
                "--engine", "hibari", "--minutes", str(minutes)]  # fmt: skip
        code = briefing(args)
    finally:
        server.close()
    report = json.loads((out / "output" / "run-report.json").read_text(encoding="utf-8"))
    report["exit"] = code
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds-dir", type=Path, default=DEFAULT)
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--keep-dates", action="append", default=[], help="feeds (glob) served with their dates")
    ap.add_argument("--out", type=Path, default=None, help="keep the output here (default: a temporary one)")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="editorial-"))
    out.mkdir(parents=True, exist_ok=True)
    report = run(args.feeds_dir, args.minutes, args.keep_dates, out)
    print(f"exit {report['exit']}: {report['status']}, {len(report['stories'])} stories, "
          f"{report['duration'] / 60:.1f} min, voice {report['engine']}")  # fmt: skip
    for s in report["stories"]:
        print(f"  told  {', '.join(s['sources'])[:28]:<28}  {s['title'][:90]}")
    reasons = Counter(x["reason"] for x in report["left_out"])
    print("left out: " + ", ".join(f"{n} {r}" for r, n in reasons.most_common()))
    from briefing.model import LeftOut
    from briefing.report import left_out_table

    print(left_out_table([LeftOut(**x) for x in report["left_out"]]))
    problems = checks(report)
    print("checks: " + ("all passed" if not problems else "; ".join(problems)))
    print(f"output: {out / 'output'}")


if __name__ == "__main__":
    main()

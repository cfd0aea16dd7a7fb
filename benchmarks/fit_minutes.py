"""Does --minutes N give N minutes? Runs `briefing run` on the local corpus for several targets.

Uses the same local corpus and servers as run_bench.py (20 outlets, real article pages), a fresh
output folder per target, and measures the MP3 that was published (its LAME header length).

    python benchmarks/fit_minutes.py [--minutes 3 5 10]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run_bench import Site, load_pages, rss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, nargs="+", default=[3, 5, 10])
    ap.add_argument("--engine", default="hibari")
    args = ap.parse_args()
    from mutagen.mp3 import MP3

    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env["BRIEFING_GTTS_URL"] = "http://127.0.0.1:9/offline"
    pages = load_pages()
    sites, lines = [], []
    for i in range(20):
        chosen = pages[(i * 4) % len(pages) :][:4]
        site = Site(f"127.0.0.{i + 2}", 0.0, b"", {f"/a/{j}.html": p[1] for j, p in enumerate(chosen)})
        site.feed = rss(
            f"Outlet {i}", [(t, f"{site.base}/a/{j}.html", s) for j, (t, _, s) in enumerate(chosen)]
        )
        sites.append(site)
        lines.append(f'{site.base}/feed.xml name="Outlet {i}" max=4')
    work = Path(tempfile.mkdtemp(prefix="briefing-fit-"))
    (work / "feeds.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("target_min  audio_min  error   stories")
    errors = []
    for minutes in args.minutes:
        out = work / f"out-{minutes:g}"
        cmd = [sys.executable, "-m", "briefing.cli", "--quiet", "run", "--feeds", str(work / "feeds.txt"),
               "--output", str(out), "--engine", args.engine, "--minutes", str(minutes)]  # fmt: skip
        subprocess.run(cmd, env=env, check=True)
        mp3 = next(out.glob("briefing-*.mp3"))
        seconds = MP3(str(mp3)).info.length
        stories = len(json.loads((out / "run-report.json").read_text())["stories"])
        error = (seconds - minutes * 60) / (minutes * 60)
        errors.append(abs(error))
        print(f"{minutes:10.1f}  {seconds / 60:9.2f}  {error:+6.1%}  {stories:7d}")
    print(f"largest error: {max(errors):.1%} (target: within 10%)")
    for s in sites:
        s.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

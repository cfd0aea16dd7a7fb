"""Print the ROUGE table of briefing.condense.summarize beside the lead baselines, on both DEV sets.

Run by hand from the repository root (needs rouge-score; reads ../shared/data, never shipped)::

    python benchmarks/bench_condense.py [--max-words 60] [--limit N]

Scores exactly as ``shared/tools/score_summaries.py`` does (its own budget cut and sentence lines, rouge-score
F1 with stemming, averaged over articles). Rows: ``lead_words`` (the first N words, cut mid-sentence),
``lead`` (leading whole sentences that fit), ``lead, skipping long`` (sentences in order, skipping any that
would overflow), and ``condense`` on all articles and on the halves used by
``benchmarks/fit_condense.py``: A, which the weights were fitted on, and B, which they never saw. ``pron``
is the share of stories opening on a pronoun; ``ms`` the mean milliseconds per article in summarize.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT), str(SHARED / "tools"), str(Path(__file__).resolve().parent)]

from fit_condense import half_of  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402
from score_summaries import cut_to_budget, sentence_lines  # noqa: E402

from briefing.condense import summarize  # noqa: E402
from briefing.text.sentences import split_sentences  # noqa: E402

SETS = ("inshorts", "cnn-dailymail")
METRICS = ("rouge1", "rouge2", "rougeLsum")
PRONOUNS = frozenset("he she it they this these those his her its their him them".split())


def lead_words(text: str, max_words: int) -> str:
    return " ".join(text.split()[:max_words])


def lead(text: str, max_words: int) -> str:
    out: list[str] = []
    for sentence in split_sentences(text):
        if len(" ".join([*out, sentence]).split()) > max_words:
            break
        out.append(sentence)
    return " ".join(out)


def lead_skipping(text: str, max_words: int) -> str:
    """Leading sentences in order, skipping any that would overflow the budget: a stronger lead."""
    out: list[str] = []
    used = 0
    for sentence in split_sentences(text):
        if used + len(sentence.split()) <= max_words:
            out.append(sentence)
            used += len(sentence.split())
    return " ".join(out)


def starts_pronoun(story: str) -> bool:
    m = re.match(r"\W*(\w+)", story)
    return bool(m) and m.group(1).lower() in PRONOUNS


def score(pairs: list[dict], method: Callable[[str, int], str], max_words: int) -> dict[str, float]:
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    rows: list[dict[str, float]] = []
    for pair in pairs:
        start = time.perf_counter()
        story = method(pair["article"], max_words)
        seconds = time.perf_counter() - start
        story, _ = cut_to_budget(story.strip(), max_words)
        got = scorer.score(sentence_lines(pair["summary"]), sentence_lines(story))
        rows.append(
            {
                **{m: got[m].fmeasure for m in METRICS},
                "words": len(story.split()),
                "pron": float(starts_pronoun(story)),
                "ms": seconds * 1000,
            }
        )
    return {key: mean(r[key] for r in rows) for key in rows[0]} if rows else {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-words", type=int, default=60)
    ap.add_argument("--limit", type=int, help="first N articles of each set")
    args = ap.parse_args()
    data = SHARED / "data" / "summaries-dev"
    print(f"DEV sets, {args.max_words}-word budget; R1 / R2 / RLsum F1 (rouge-score, stemmed)")
    print(
        f"{'method':22} {'set':14} {'docs':>5} {'R1':>6} {'R2':>6} {'RLsum':>6} "
        f"{'words':>6} {'pron':>5} {'ms':>5}"
    )
    for name in SETS:
        with (data / name / "pairs.jsonl").open(encoding="utf-8") as lines:
            pairs = [json.loads(line) for line in lines if line.strip()][: args.limit]
        summarize(pairs[0]["article"], args.max_words)  # warm-up: weights, regexes
        runs = [
            ("lead_words", pairs, lead_words),
            ("lead (whole sentences)", pairs, lead),
            ("lead, skipping long", pairs, lead_skipping),
            ("condense", pairs, summarize),
            ("condense, half A (fit)", [p for p in pairs if half_of(p["id"]) == "A"], summarize),
            ("condense, half B", [p for p in pairs if half_of(p["id"]) == "B"], summarize),
        ]
        for label, part, method in runs:
            s = score(part, method, args.max_words)
            print(
                f"{label:22} {name:14} {len(part):5} "
                f"{s['rouge1']:6.3f} {s['rouge2']:6.3f} {s['rougeLsum']:6.3f} "
                f"{s['words']:6.1f} {s['pron']:5.3f} {s['ms']:5.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()

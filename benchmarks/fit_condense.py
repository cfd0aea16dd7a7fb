"""Fit the sentence scorer of :mod:`briefing.condense` on the summaries DEV data; write its weights.

Run by hand from the repository root (needs numpy and rouge-score; reads ../shared/data)::

    python benchmarks/fit_condense.py            # fit on half A, check on half B, then fit on all, write
    python benchmarks/fit_condense.py --dry-run  # report only

Each unit's target is the share of its (stemmed) unigrams and bigrams that the human summary also uses; a
ridge regression on the features of :func:`briefing.condense.features` predicts it, each article weighing the
same. Inshorts has no headline, so the "with title" weights use the words of its URL slug as one. The
articles are split into halves by the parity of a hash of their id: the weights fitted on half A are scored
on both halves, so overfitting shows as a gap. Only numbers are written, never text from the data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer
from rouge_score.tokenizers import DefaultTokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing import condense  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "summaries-dev"
SETS = ("inshorts", "cnn-dailymail")
WEIGHTS = ROOT / "briefing" / "data" / "condense_weights.json"
_TOKENIZER = DefaultTokenizer(use_stemmer=True)


@dataclass
class Doc:
    dataset: str
    half: str  # "A" (fit) or "B" (check)
    article: str
    summary: str
    title: str | None
    units: list[condense.Unit]
    x: np.ndarray  # features without title
    x_title: np.ndarray  # features with title (same as x when there is none)
    y: np.ndarray  # target per unit


def slug_title(url: str | None) -> str | None:
    """The words of an article URL's slug, a stand-in for its headline."""
    if not url:
        return None
    parts = [p for p in url.split("/") if re.search(r"[a-z]-[a-z]", p)]
    if not parts:
        return None
    words = [w for w in max(parts, key=len).split("-") if w.isalpha()]
    return " ".join(words) or None


def half_of(pair_id: str) -> str:
    return "A" if int(hashlib.sha1(pair_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def ngrams(tokens: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def target(text: str, ref1: set, ref2: set) -> float:
    """Share of the unit's unigrams and bigrams found in the reference, averaged."""
    toks = _TOKENIZER.tokenize(text)
    if not toks:
        return 0.0
    p1 = sum(t in ref1 for t in toks) / len(toks)
    bi = ngrams(toks, 2)
    p2 = sum(b in ref2 for b in bi) / len(bi) if bi else p1
    return (p1 + p2) / 2


def load(limit: int | None = None) -> list[Doc]:
    docs: list[Doc] = []
    for name in SETS:
        with (DATA / name / "pairs.jsonl").open(encoding="utf-8") as lines:
            pairs = [json.loads(line) for line in lines if line.strip()][:limit]
        for pair in pairs:
            units = condense.prepare(pair["article"])
            if not units:
                continue
            title = slug_title(pair.get("url"))
            ref = _TOKENIZER.tokenize(pair["summary"])
            ref1, ref2 = set(ref), set(ngrams(ref, 2))
            x = np.array(condense.features(units), dtype=float)
            xt = np.array(condense.features(units, title), dtype=float) if title else x
            y = np.array([target(u.text, ref1, ref2) for u in units])
            docs.append(Doc(name, half_of(pair["id"]), pair["article"], pair["summary"], title, units, x, xt, y))
    return docs


def fit(docs: list[Doc], with_title: bool, ridge: float = 1.0) -> np.ndarray:
    """Ridge regression, every article and both data sets weighing the same."""
    per_set = {name: sum(d.dataset == name for d in docs) for name in SETS}
    xs, ys, ws = [], [], []
    for d in docs:
        x = d.x_title if with_title else d.x
        xs.append(x)
        ys.append(d.y)
        ws.append(np.full(len(d.y), 1.0 / (len(d.y) * per_set[d.dataset])))
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    scale = np.sqrt(w)[:, None]
    xw, yw = x * scale, y * scale[:, 0]
    penalty = ridge * np.eye(x.shape[1]) * w.sum() / x.shape[0]
    penalty[0, 0] = 0.0  # never shrink the bias
    return np.linalg.solve(xw.T @ xw + penalty, xw.T @ yw)


def rouge(docs: list[Doc], weights: np.ndarray | None, max_words: int, with_title: bool = False) -> dict:
    """Yardstick-equivalent ROUGE F1 means (same tokenizer, budget cut and sentence lines)."""
    from score_summaries import cut_to_budget, sentence_lines  # shared/tools, on the path below

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    sums = {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0, "words": 0.0, "pronoun": 0.0}
    for d in docs:
        if weights is None:
            summary = lead(d.units, max_words)
        else:
            x = d.x_title if with_title else d.x
            summary = condense.compose(d.units, list(x @ weights), max_words)
        summary, _ = cut_to_budget(summary.strip(), max_words)
        scores = scorer.score(sentence_lines(d.summary), sentence_lines(summary))
        for m in ("rouge1", "rouge2", "rougeLsum"):
            sums[m] += scores[m].fmeasure
        sums["words"] += len(summary.split())
        sums["pronoun"] += starts_pronoun(summary)
    return {k: v / max(len(docs), 1) for k, v in sums.items()}


PRONOUNS = frozenset("he she it they this these those his her its their him them".split())


def starts_pronoun(summary: str) -> bool:
    m = re.match(r"\W*(\w+)", summary)
    return bool(m) and m.group(1).lower() in PRONOUNS


def lead(units: list[condense.Unit], max_words: int) -> str:
    out, used = [], 0
    for u in units:
        if used + u.words > max_words:
            break
        out.append(u.text)
        used += u.words
    return " ".join(out)


def report(label: str, docs: list[Doc], weights: np.ndarray | None, max_words: int, title: bool = False) -> None:
    for name in SETS:
        for half in "AB":
            part = [d for d in docs if d.dataset == name and d.half == half]
            r = rouge(part, weights, max_words, title)
            print(
                f"{label:14} {name:14} half {half} n={len(part):4}  R1 {r['rouge1']:.3f}  R2 {r['rouge2']:.3f}  "
                f"RLsum {r['rougeLsum']:.3f}  words {r['words']:.1f}  pronoun-start {r['pronoun']:.3f}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-words", type=int, default=60)
    ap.add_argument("--ridge", type=float, default=1.0)
    ap.add_argument("--limit", type=int, help="first N pairs of each set (quick runs)")
    ap.add_argument("--dry-run", action="store_true", help="do not write the weights")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))

    docs = load(args.limit)
    half_a = [d for d in docs if d.half == "A"]
    report("lead", docs, None, args.max_words)
    w_a = fit(half_a, with_title=False, ridge=args.ridge)
    report("fit on A", docs, w_a, args.max_words)
    titled = [d for d in docs if d.title]
    wt_a = fit([d for d in titled if d.half == "A"], with_title=True, ridge=args.ridge)
    report("A, +title", titled, wt_a, args.max_words, title=True)

    w_all = fit(docs, with_title=False, ridge=args.ridge)
    wt_all = fit(titled, with_title=True, ridge=args.ridge)
    for name, w in zip(condense.FEATURES, w_all, strict=True):
        print(f"  {name:14} {w:+.4f}")
    if not args.dry_run:
        WEIGHTS.parent.mkdir(exist_ok=True)
        table = {
            "about": "Linear weights of briefing.condense's unit scorer, fitted by benchmarks/fit_condense.py "
            "on the summaries DEV data (Inshorts and CNN highlights); numbers only.",
            "without_title": {n: round(float(w), 5) for n, w in zip(condense.FEATURES, w_all, strict=True)},
            "with_title": {n: round(float(w), 5) for n, w in zip(condense.FEATURES, wt_all, strict=True)},
        }
        WEIGHTS.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()

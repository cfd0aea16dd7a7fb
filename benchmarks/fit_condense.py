"""Fit the sentence scorer of :mod:`briefing.condense` on the summaries DEV data; write its weights.

Run by hand from the repository root (needs numpy, rouge-score and, for the default tree ranker,
lightgbm; none of them at run time; reads ../shared/data)::

    python benchmarks/fit_condense.py                  # fit on half A, check on half B, write the model
    python benchmarks/fit_condense.py --dry-run        # report only
    python benchmarks/fit_condense.py --model linear   # the older linear scorer

Default (``--model trees``): a LambdaRank ensemble of shallow trees (lightgbm) ranks the units of each
article by their graded ``share`` target (below); a grid search on half A then sets the offset and scale
that turn its output into a per-word value for the packer, and the packer's ``reference_words``. The
trees are written as plain numbers that :mod:`briefing.condense` walks in pure Python.

The linear scorer takes two steps. A ridge regression predicts whether a greedy oracle, which peeks at the
human summary, would pick the unit (``--target share``: the unit's share of the summary's stemmed unigrams
and bigrams beyond those the first unit covers), every article weighing the same; then a coordinate search
over those weights and the packer's ``reference_words`` maximises the ROUGE-1 + ROUGE-2 F1 of the finished
stories (at the 60-word budget, both data sets weighing the same), since the packer, not the regression,
decides what ROUGE sees.

The articles are split into halves by the parity of a hash of their id. Everything is fitted on half A only,
so half B is an honest check and a gap between the halves shows overfitting. Inshorts has no headline, so
the "with title" weights add the headline-overlap weight, searched on Inshorts half A with the words of the
URL slug as a stand-in headline. Only numbers are written, never text from the data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rouge_score.tokenizers import DefaultTokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing import condense  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "summaries-dev"
SETS = ("inshorts", "cnn-dailymail")
WEIGHTS = ROOT / "briefing" / "data" / "condense_weights.json"
_TOKENIZER = DefaultTokenizer(use_stemmer=True)
_TOKENS: dict[str, list[str]] = {}


def tokens(text: str) -> list[str]:
    """rouge-score's own tokens (lower case, Porter-stemmed), cached: the search re-scores the same texts."""
    got = _TOKENS.get(text)
    if got is None:
        got = _TOKENS[text] = _TOKENIZER.tokenize(text)
    return got


@dataclass
class Doc:
    dataset: str
    half: str  # "A" (fit) or "B" (check)
    summary: str
    title: str | None
    units: list[condense.Unit]
    x: np.ndarray  # features without title
    x_title: np.ndarray  # features with title (same as x when there is none)
    y: np.ndarray  # target per unit
    ref: list[str] = field(default_factory=list)


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


def ngrams(toks: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)]


def target(text: str, ref1: Counter, ref2: Counter) -> float:
    """Share of the unit's unigrams and bigrams found in the reference, averaged."""
    toks = tokens(text)
    if not toks:
        return 0.0
    p1 = sum(ref1[t] > 0 for t in toks) / len(toks)
    bi = ngrams(toks, 2)
    p2 = sum(ref2[b] > 0 for b in bi) / len(bi) if bi else p1
    return (p1 + p2) / 2


def targets(units: list[condense.Unit], ref: list[str]) -> np.ndarray:
    """Each unit's target; after the first, only what the first unit does not already cover counts.

    The first unit is in nearly every story, so a later unit earns ROUGE only with reference words the
    first one has not matched yet (ROUGE clips repeated n-grams): a restatement of the lead is worth little.
    """
    ref1, ref2 = Counter(ref), Counter(ngrams(ref, 2))
    first = tokens(units[0].text)
    rest1, rest2 = ref1 - Counter(first), ref2 - Counter(ngrams(first, 2))
    return np.array([target(units[0].text, ref1, ref2)] + [target(u.text, rest1, rest2) for u in units[1:]])


def oracle_labels(units: list[condense.Unit], ref: list[str], max_words: int = 60) -> np.ndarray:
    """1 for the units a greedy oracle picks (best ROUGE-1 + ROUGE-2 within the budget), else 0."""
    chosen: list[int] = []
    best, used = 0.0, 0
    while True:
        pick = None
        for i, unit in enumerate(units):
            if i in chosen or used + unit.words > max_words:
                continue
            toks = [t for j in sorted([*chosen, i]) for t in tokens(units[j].text)]
            value = f1(ref, toks, 1) + f1(ref, toks, 2)
            if value > best + 1e-9 and (pick is None or value > pick[0]):
                pick = (value, i)
        if pick is None:
            return np.array([float(i in chosen) for i in range(len(units))])
        best = pick[0]
        chosen.append(pick[1])
        used += units[pick[1]].words


def load(limit: int | None = None, target_kind: str = "oracle") -> list[Doc]:
    docs: list[Doc] = []
    for name in SETS:
        with (DATA / name / "pairs.jsonl").open(encoding="utf-8") as lines:
            pairs = [json.loads(line) for line in lines if line.strip()][:limit]
        for pair in pairs:
            units = condense.prepare(pair["article"])
            if not units:
                continue
            title = slug_title(pair.get("url"))
            ref = tokens(pair["summary"])
            x = np.array(condense.features(units), dtype=float)
            xt = np.array(condense.features(units, title), dtype=float) if title else x
            y = oracle_labels(units, ref) if target_kind == "oracle" else targets(units, ref)
            docs.append(Doc(name, half_of(pair["id"]), pair["summary"], title, units, x, xt, y, ref))
    return docs


def ridge(docs: list[Doc], strength: float = 1.0) -> np.ndarray:
    """Ridge regression of the unit target, every article and both data sets weighing the same."""
    per_set = {name: sum(d.dataset == name for d in docs) for name in SETS}
    xs, ys, ws = [], [], []
    for d in docs:
        xs.append(d.x)
        ys.append(d.y)
        ws.append(np.full(len(d.y), 1.0 / (len(d.y) * per_set[d.dataset])))
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    scale = np.sqrt(w)[:, None]
    xw, yw = x * scale, y * scale[:, 0]
    penalty = strength * np.eye(x.shape[1]) * w.sum() / x.shape[0]
    penalty[0, 0] = 0.0  # never shrink the bias
    return np.linalg.solve(xw.T @ xw + penalty, xw.T @ yw)


def f1(ref: list[str], toks: list[str], n: int) -> float:
    """ROUGE-N F1 as rouge-score computes it (clipped n-gram counts)."""
    a, b = Counter(ngrams(ref, n)), Counter(ngrams(toks, n))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(b.values()), overlap / sum(a.values())
    return 2 * p * r / (p + r)


def story(d: Doc, weights: np.ndarray, reference_words: float, max_words: int, title: bool = False) -> str:
    x = d.x_title if title else d.x
    return condense.compose(d.units, list(x @ weights), max_words, reference_words)


def quick_scores(
    docs: list[Doc], weights: np.ndarray, reference_words: float, max_words: int, title: bool = False
) -> dict[str, tuple[float, float]]:
    """Mean (R1, R2) F1 per data set, fast: no ROUGE-L, tokens cached."""
    return rouge_by_set(docs, lambda d: story(d, weights, reference_words, max_words, title), max_words)


def rouge_by_set(
    docs: list[Doc], make: Callable[[Doc], str], max_words: int
) -> dict[str, tuple[float, float]]:
    """Mean (R1, R2) F1 per data set of the stories ``make`` writes."""
    out = {}
    for name in SETS:
        part = [d for d in docs if d.dataset == name]
        if not part:
            continue
        r1 = r2 = 0.0
        for d in part:
            toks = tokens(" ".join(make(d).split()[:max_words]))
            r1 += f1(d.ref, toks, 1)
            r2 += f1(d.ref, toks, 2)
        out[name] = (r1 / len(part), r2 / len(part))
    return out


def objective(
    docs: list[Doc], weights: np.ndarray, reference_words: float, max_words: int, title: bool
) -> float:
    scores = quick_scores(docs, weights, reference_words, max_words, title)
    return sum(r1 + r2 for r1, r2 in scores.values()) / len(scores)


def search(
    docs: list[Doc], weights: np.ndarray, reference_words: float, max_words: int, rounds: int = 3
) -> tuple[np.ndarray, float]:
    """Coordinate ascent on the end-to-end objective, steps shrinking each round."""
    best = objective(docs, weights, reference_words, max_words, False)
    print(f"search start {best:.4f}", flush=True)
    for step in (0.1, 0.05, 0.02, 0.01)[:rounds]:
        for j in range(len(weights) + 1):
            if j < len(weights) and condense.FEATURES[j] == "title_overlap":
                continue
            for sign in (1, -1):
                w, ref_words = weights.copy(), reference_words
                if j == len(weights):
                    ref_words = max(5.0, reference_words * (1 + sign * step * 4))
                else:
                    w[j] += sign * step
                value = objective(docs, w, ref_words, max_words, False)
                if value > best + 1e-4:
                    best, weights, reference_words = value, w, ref_words
                    name = condense.FEATURES[j] if j < len(w) else "reference_words"
                    print(f"  step {step}: {name} -> {best:.4f}", flush=True)
                    break
    return weights, reference_words


def search_title(docs: list[Doc], weights: np.ndarray, reference_words: float, max_words: int) -> np.ndarray:
    """The headline-overlap weight that serves articles with a (slug) headline best."""
    j = condense.FEATURES.index("title_overlap")
    best_w, best = weights, objective(docs, weights, reference_words, max_words, True)
    for value in (0.1, 0.2, 0.3, 0.5, 0.8):
        w = weights.copy()
        w[j] = value
        got = objective(docs, w, reference_words, max_words, True)
        if got > best:
            best_w, best = w, got
    return best_w


def fit_trees(docs: list[Doc], trees: int, depth: int, rate: float) -> dict[str, object]:
    """A LambdaRank tree ensemble over each article's units, graded by their share target; as plain lists."""
    import lightgbm as lgb

    x = np.vstack([d.x for d in docs])
    grades = np.minimum((np.concatenate([d.y for d in docs]) * 10).astype(int), 10)
    ranker = lgb.LGBMRanker(
        n_estimators=trees,
        learning_rate=rate,
        num_leaves=2**depth,
        max_depth=depth,
        min_child_samples=100,
        subsample=0.7,
        subsample_freq=1,
        colsample_bytree=0.7,
        label_gain=list(range(11)),
        random_state=0,
        verbose=-1,
    )
    ranker.fit(x, grades, group=[len(d.y) for d in docs])
    trees = [flatten(tree["tree_structure"]) for tree in ranker.booster_.dump_model()["tree_info"]]
    return {"features": list(condense.FEATURES), "trees": trees}


def flatten(root: dict) -> dict[str, list]:
    """One lightgbm tree as the parallel lists briefing.condense walks (a leaf child is ~leaf index)."""
    tree: dict[str, list] = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}

    def walk(node: dict) -> int:
        if "leaf_value" in node:
            tree["value"].append(float(node["leaf_value"]))
            return ~(len(tree["value"]) - 1)
        assert node["decision_type"] == "<=", node["decision_type"]
        i = len(tree["feature"])
        tree["feature"].append(int(node["split_feature"]))
        tree["threshold"].append(float(node["threshold"]))
        tree["left"].append(0)
        tree["right"].append(0)
        tree["left"][i] = walk(node["left_child"])
        tree["right"][i] = walk(node["right_child"])
        return i

    walk(root)
    return tree


def raw_scores(d: Doc, ranker: dict[str, object]) -> np.ndarray:
    """The ensemble's output per unit, computed as briefing.condense does at run time."""
    parsed = condense.parse_ranker({**ranker, "offset": 0.0, "scale": 1.0})
    assert parsed is not None
    return np.array([condense._tree_sum(parsed[0], list(row)) for row in d.x])


def search_scale(
    docs: list[Doc], raw: dict[int, np.ndarray], max_words: int
) -> tuple[float, float, float, float]:
    """Offset, scale and reference_words turning the ensemble's output into packer values; on half A."""
    spread = float(np.std(np.concatenate([raw[id(d)] for d in docs]))) or 1.0
    best = (-1.0, 0.3, 0.1, 50.0)
    for offset in (0.05, 0.1, 0.2, 0.3):
        for s in (0.2, 0.3, 0.4, 0.5, 0.7, 1.0):
            for ref_words in (40.0, 50.0, 60.0, 80.0):
                scale = s * 0.25 / spread
                value = tree_objective(docs, raw, offset, scale, 0.0, ref_words, max_words)
                if value > best[0]:
                    best = (value, offset, scale, ref_words)
                    print(f"  offset {offset} scale {scale:.4f} reference_words {ref_words} -> {value:.4f}")
    return best


def tree_stories(
    d: Doc,
    raw: dict[int, np.ndarray],
    offset: float,
    scale: float,
    title_weight: float,
    reference_words: float,
    max_words: int,
) -> str:
    scores = offset + scale * raw[id(d)]
    if title_weight and d.title:
        scores = scores + title_weight * d.x_title[:, condense.FEATURES.index("title_overlap")]
    return condense.compose(d.units, list(scores), max_words, reference_words)


def tree_quick_scores(
    docs: list[Doc],
    raw: dict[int, np.ndarray],
    offset: float,
    scale: float,
    title_weight: float,
    reference_words: float,
    max_words: int,
) -> dict[str, tuple[float, float]]:
    def make(d: Doc) -> str:
        return tree_stories(d, raw, offset, scale, title_weight, reference_words, max_words)

    return rouge_by_set(docs, make, max_words)


def tree_objective(
    docs: list[Doc],
    raw: dict[int, np.ndarray],
    offset: float,
    scale: float,
    title_weight: float,
    reference_words: float,
    max_words: int,
) -> float:
    scores = tree_quick_scores(docs, raw, offset, scale, title_weight, reference_words, max_words)
    return sum(r1 + r2 for r1, r2 in scores.values()) / len(scores)


def main_trees(args: argparse.Namespace, docs: list[Doc]) -> None:
    half_a = [d for d in docs if d.half == "A"]
    ranker = fit_trees(half_a, args.trees, args.depth, args.rate)
    raw = {id(d): raw_scores(d, ranker) for d in docs}
    _, offset, scale, reference_words = search_scale(half_a, raw, args.max_words)
    titled = [d for d in half_a if d.dataset == "inshorts" and d.title]
    title_weight = max(
        (0.0, 0.05, 0.1, 0.2, 0.3),
        key=lambda w: tree_objective(titled, raw, offset, scale, w, reference_words, args.max_words),
    )
    for half in "AB":
        part = [d for d in docs if d.half == half]
        got = tree_quick_scores(part, raw, offset, scale, 0.0, reference_words, args.max_words)
        for name, (r1, r2) in got.items():
            print(f"half {half} {name:14} R1 {r1:.3f}  R2 {r2:.3f}")
        part = [d for d in part if d.dataset == "inshorts" and d.title]
        got = tree_quick_scores(part, raw, offset, scale, title_weight, reference_words, args.max_words)
        for name, (r1, r2) in got.items():
            print(f"half {half} {name:14} R1 {r1:.3f}  R2 {r2:.3f}  with slug headline")
    print(f"offset {offset} scale {scale:.4f} reference_words {reference_words} title_overlap {title_weight}")
    if not args.dry_run:
        table = {
            "about": "Unit scorer of briefing.condense: a LambdaRank tree ensemble fitted by "
            "benchmarks/fit_condense.py on half A of the summaries DEV data (Inshorts and CNN highlights); "
            "numbers only.",
            "reference_words": reference_words,
            "ranker": {
                "offset": offset,
                "scale": round(scale, 6),
                "title_overlap": title_weight,
                **ranker,
            },
        }
        WEIGHTS.write_text(json.dumps(table, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-words", type=int, default=60)
    ap.add_argument("--model", choices=("trees", "linear"), default="trees", help="unit scorer to fit")
    ap.add_argument("--trees", type=int, default=100, help="trees in the ensemble")
    ap.add_argument("--depth", type=int, default=3, help="depth of each tree")
    ap.add_argument("--rate", type=float, default=0.1, help="learning rate of the ensemble")
    ap.add_argument("--ridge", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=3, help="coordinate-search rounds (0: ridge only)")
    ap.add_argument(
        "--target",
        choices=("oracle", "share"),
        default="oracle",
        help="regress on greedy-oracle membership, or on each unit's share of summary n-grams",
    )
    ap.add_argument("--limit", type=int, help="first N pairs of each set (quick runs)")
    ap.add_argument("--dry-run", action="store_true", help="do not write the weights")
    args = ap.parse_args()

    start = time.perf_counter()
    docs = load(args.limit, "share" if args.model == "trees" else args.target)
    half_a = [d for d in docs if d.half == "A"]
    print(f"{len(docs)} articles prepared in {time.perf_counter() - start:.0f} s", flush=True)
    if args.model == "trees":
        main_trees(args, docs)
        return
    weights, reference_words = ridge(half_a, args.ridge), 50.0
    if args.rounds:
        weights, reference_words = search(half_a, weights, reference_words, args.max_words, args.rounds)
    titled = [d for d in half_a if d.dataset == "inshorts" and d.title]
    weights_title = search_title(titled, weights, reference_words, args.max_words)

    for half in "AB":
        part = [d for d in docs if d.half == half]
        for name, (r1, r2) in quick_scores(part, weights, reference_words, args.max_words).items():
            print(f"half {half} {name:14} R1 {r1:.3f}  R2 {r2:.3f}")
        part = [d for d in part if d.dataset == "inshorts" and d.title]
        for name, (r1, r2) in quick_scores(
            part, weights_title, reference_words, args.max_words, True
        ).items():
            print(f"half {half} {name:14} R1 {r1:.3f}  R2 {r2:.3f}  with slug headline")
    print(f"reference_words {reference_words:.1f}")
    for name, w, wt in zip(condense.FEATURES, weights, weights_title, strict=True):
        print(f"  {name:14} {w:+.4f} {wt:+.4f}")
    if not args.dry_run:
        WEIGHTS.parent.mkdir(exist_ok=True)
        table = {
            "about": "Unit-scorer weights of briefing.condense, fitted by benchmarks/fit_condense.py "
            "on half A of the summaries DEV data (Inshorts and CNN highlights); numbers only.",
            "reference_words": round(reference_words, 2),
            "without_title": {n: round(float(w), 4) for n, w in zip(condense.FEATURES, weights, strict=True)},
            "with_title": {
                n: round(float(w), 4) for n, w in zip(condense.FEATURES, weights_title, strict=True)
            },
        }
        WEIGHTS.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()

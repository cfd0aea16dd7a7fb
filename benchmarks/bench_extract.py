"""Benchmark of :func:`briefing.text.extract.extract_text` on the extraction DEV pages (by hand, not a test).

Prints, for one run on this machine:

- speed: pages per second of ``extract_text`` and of plain ``trafilatura.extract`` (defaults) over the same
  pages, interleaved page by page so that load from other processes hits both alike, and their ratio
  (the floor is 0.7x trafilatura);
- quality: token 4-gram precision, recall and F1 against the human ground truth, computed as
  ``shared/tools/score_extraction.py`` does;
- ground-truth sentence loss: the share of the annotated article sentences that the sentence filter
  (:func:`briefing.text.boilerplate.strip_boilerplate`) would remove if given the true body; at most 1%
  is the bar,
  because a filter that eats real sentences is worse than the boilerplate it removes. ``--list`` prints them.
- glued words: words of the output that the page itself writes as two words side by side (a space lost
  at a link or a bold word: "keineSondertilgungen"), counted with
  :class:`briefing.text.pagetext.PageText`; ``--list`` prints them.
- with ``--snippets DIR``: the snippet benchmark (``shared/tools/score_snippets.py``'s corpus and matching)
  scored on two halves of its sites (by the parity of the MD5 of the site name). A rule found by studying
  one half's misses should also help the other half; if it does not, it fits those pages, not the news.

    cd /work/main && python benchmarks/bench_extract.py [--data ../shared/data/extraction-dev] [--repeat 1]
    python benchmarks/bench_extract.py --snippets ../shared/data/extraction-snippets-dev
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing.text.boilerplate import strip_boilerplate
from briefing.text.extract import extract_text
from briefing.text.pagetext import PageText
from briefing.text.sentences import split_sentences

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction-dev"
_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) <= n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _load(data: Path) -> list[tuple[str, str | None, str, str]]:
    """(id, url, ground-truth body, html) per page."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        path = data / "html" / f"{page_id}.html.gz"
        raw = (
            gzip.decompress(path.read_bytes())
            if path.exists()
            else (data / "html" / f"{page_id}.html").read_bytes()
        )
        pages.append(
            (page_id, truth[page_id].get("url"), truth[page_id].get("articleBody") or "", raw.decode())
        )
    return pages


def _scores(pages: list[tuple[str, str | None, str, str]], outputs: list[str]) -> tuple[float, float, float]:
    """Page-averaged P, R and F1 as the benchmark publishes them (an empty output is left out of P)."""
    precisions, recalls = [], []
    for (_, _, truth, _), text in zip(pages, outputs, strict=True):
        t, p = _shingles(truth), _shingles(text)
        tp = sum((t & p).values())
        if p:
            precisions.append(tp / sum(p.values()))
        if t:
            recalls.append(tp / sum(t.values()))
    p, r = mean(precisions), mean(recalls)
    return p, r, 2 * p * r / (p + r)


def _truth_loss(pages: list[tuple[str, str | None, str, str]]) -> tuple[int, int, list[str]]:
    """(removed, total) sentences of the ground-truth bodies when fed through the sentence filter alone."""
    total = removed = 0
    lost: list[str] = []
    for _, _, truth, _ in pages:
        paragraphs = [p.strip() for p in truth.split("\n") if p.strip()]
        total += sum(len(split_sentences(p)) for p in paragraphs)
        _, removals = strip_boilerplate(paragraphs)
        for removal in removals:
            removed += len(split_sentences(removal.text))
            lost.append(f"[{removal.reason}] {removal.text}")
    return removed, total, lost


def _glued_words(html: str, text: str) -> list[str]:
    """Words of ``text`` that the page writes as two words, one after the other (and never whole)."""
    page = PageText(html)
    page_words = page.words
    glued = []
    for word in set(text.split()):
        if word in page_words or len(word) < 4:
            continue
        if any(page.spaced(word[:i], word[i:]) for i in range(1, len(word))):
            glued.append(word)
    return glued


def _snippet_halves(corpus: Path) -> None:
    """Pooled snippet P, R and F1 per half of the corpus's sites, as score_snippets.py counts them."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "tools"))
    from score_snippets import decode_html, norm  # the scorer's own decoding and matching

    cases = json.loads((corpus / "cases.json").read_text(encoding="utf-8"))
    counts = {half: [0, 0, 0, 0] for half in "AB"}  # with, found, without, absent
    for page_id, case in sorted(cases.items()):
        raw = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        url = (case.get("url") or "").strip()
        text = norm(extract_text(decode_html(raw), url if url.startswith(("http://", "https://")) else None))
        half = "AB"[int(hashlib.md5(case["site"].encode()).hexdigest(), 16) % 2]
        c = counts[half]
        c[0] += len(case["with"])
        c[1] += sum(norm(s) in text for s in case["with"])
        c[2] += len(case["without"])
        c[3] += sum(norm(s) not in text for s in case["without"])
    for half, (with_, found, without, absent) in counts.items():
        p, r = absent / without, found / with_
        print(f"snippets half {half}     P {p:.3f}  R {r:.3f}  F1 {2 * p * r / (p + r):.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--repeat", type=int, default=1, help="time each page N times, keep the fastest")
    ap.add_argument("--list", action="store_true", help="print the ground-truth sentences the filter removes")
    ap.add_argument("--snippets", type=Path, help="also score this snippet corpus on two halves of its sites")
    args = ap.parse_args()

    import trafilatura

    pages = _load(args.data)
    extract_text(pages[0][3], pages[0][1])  # warm-up: lazy imports and compiled patterns
    trafilatura.extract(pages[0][3], url=pages[0][1])
    ours_s = theirs_s = 0.0
    outputs: list[str] = []
    for _, url, _, html in pages:
        best_ours = best_theirs = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            text = extract_text(html, url)
            best_ours = min(best_ours, time.perf_counter() - start)
            start = time.perf_counter()
            trafilatura.extract(html, url=url)
            best_theirs = min(best_theirs, time.perf_counter() - start)
        ours_s += best_ours
        theirs_s += best_theirs
        outputs.append(text)
    p, r, f1 = _scores(pages, outputs)
    removed, total, lost = _truth_loss(pages)
    glued = [(page_id, word) for (page_id, _, _, html), text in zip(pages, outputs, strict=True)
             for word in _glued_words(html, text)]  # fmt: skip
    n = len(pages)
    print(f"pages {n}")
    print(f"extract_text        {n / ours_s:7.1f} pages/s")
    print(f"trafilatura.extract {n / theirs_s:7.1f} pages/s (defaults)")
    print(f"speed ratio         {theirs_s / ours_s:7.2f}x trafilatura (floor 0.70x)")
    print(f"quality             F1 {f1:.3f}  P {p:.3f}  R {r:.3f}")
    print(
        "ground-truth sentences removed by the sentence filter: "
        f"{removed}/{total} = {100 * removed / total:.2f}%"
    )
    print(f"glued words (the page writes them apart): {len(glued)}")
    if args.list:
        for line in lost:
            print("  ", line[:160])
        for page_id, word in glued:
            print("   glued", page_id[:12], word)
    if args.snippets:
        _snippet_halves(args.snippets)


if __name__ == "__main__":
    main()

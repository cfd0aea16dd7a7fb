"""End-to-end benchmark of `briefing run` against a local corpus served with network latency.

Serves 20 feeds (each on its own loopback address, 127.0.0.2-21, like 20 publishers) whose items link
to real article pages from ../shared/data/extraction-dev, every response delayed by --latency
seconds. Then measures, in one go:

- the first run (local voice): wall, CPU (parent and children), peak RSS, stages from run-report.json;
- engine_only: the same engine speaking the final script's sentences in one process (the floor),
  measured after each first run (so both see the same noise), and the ratio of the median walls;
- a second run with nothing new: wall, requests, segments synthesised;
- a scale run: 200 feeds of 50 items (10,000 items) already briefed, nothing new: wall and CPU,
  with conditional GET (304s), with nothing stored (every feed parsed again), and as from servers
  that send no validators (full answers, recognised by the digests of their bodies).

    python benchmarks/run_bench.py [--latency 0.2] [--minutes 10] [--repeat 1] [--workload wide]

``--workload wide`` serves the same 20 publishers with 30 pages in all (one or two each) and stories
of the default 70 words, the shape that used to make the first take come out long and pay for a
second; the default workload serves 80 pages and asks for 45-word stories.

Not a test: it prints numbers, and ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "extraction-dev"


class Site:
    """One publisher: a feed and its pages on its own loopback address."""

    def __init__(self, host: str, latency: float, feed: bytes, pages: dict[str, bytes]) -> None:
        self.hits = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.hits += 1
                time.sleep(latency)
                path = self.path.split("?")[0]
                if path == "/feed.xml":
                    body, ctype = site.feed, "application/rss+xml"
                    etag = f'"{len(body)}-{hash(body) & 0xFFFFFF:x}"'
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                elif path in pages:
                    body, ctype, etag = pages[path], "text/html; charset=utf-8", None
                else:
                    body, ctype, etag = b"not found", "text/plain", None
                self.send_response(200 if body != b"not found" else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.feed = feed
        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def close_all(sites: list[Site]) -> None:
    """Each server's shutdown waits up to half a second for its loop: wait for all at once."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(Site.close, sites))


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    now = datetime.now(UTC)
    parts = []
    for i, (headline, link, summary) in enumerate(items):
        when = format_datetime(now - timedelta(minutes=7 * i + len(title)))
        parts.append(
            f"<item><title>{_x(headline)}</title><link>{_x(link)}</link><guid>{_x(link)}</guid>"
            f"<pubDate>{when}</pubDate><description>{_x(summary)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{_x(title)}</title>'
        f"<link>http://example.org/</link><description>bench</description>{''.join(parts)}</channel></rss>"
    ).encode()


def _x(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def load_pages() -> list[tuple[str, bytes, str]]:
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = CORPUS / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        html = gzip.decompress(path.read_bytes())
        m = re.search(rb"<title[^>]*>(.*?)</title>", html, re.S | re.I)
        title = m.group(1).decode("utf-8", "replace").strip() if m else key[:12]
        body = truth[key]["articleBody"]
        if len(body.split()) >= 80:
            pages.append((re.sub(r"\s+", " ", title)[:120], html, " ".join(body.split()[:40])))
    return pages


def run_cli(args: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall, CPU (self + children), peak RSS in MB of the child, exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "briefing.cli", "--quiet", *args], env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, proc.returncode


def engine_only(transcript: Path) -> tuple[float, float, float]:
    """One process, one engine, the final script's sentences: wall, CPU, audio seconds."""
    code = f"""
import time, resource
import numpy  # imported before the clock starts, as it always was (the engine module now imports it lazily)
from briefing.config import Settings
from briefing.speech import create
from briefing.text.sentences import split_sentences
text = open({str(transcript)!r}, encoding="utf-8").read().split("\\nTranscript\\n", 1)[1]
engine = create("hibari", Settings())
t0 = time.perf_counter(); c0 = time.process_time()
audio = 0.0
for sentence in split_sentences(text):
    if any(ch.isalnum() for ch in sentence):
        audio += engine.synthesize(sentence).seconds
print(time.perf_counter() - t0, time.process_time() - c0, audio)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    wall, cpu, audio = (float(v) for v in out.split())
    return wall, cpu, audio


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--repeat", type=int, default=1, help="repeat the first run (fresh output) N times")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--workload", choices=["default", "wide"], default="default")
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env["BRIEFING_GTTS_URL"] = "http://127.0.0.1:9/offline"
    pages = load_pages()
    print(f"corpus: {len(pages)} real article pages; latency {args.latency * 1000:.0f} ms per request")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")

    sites, lines = [], []
    wide = args.workload == "wide"
    for i in range(20):
        per_feed = (2 if i < 10 else 1) if wide else 4  # wide: 30 pages in all
        chosen = pages[(i * 4) % len(pages) :][:per_feed]
        site = Site(
            f"127.0.0.{i + 2}", args.latency, b"", {f"/a/{j}.html": p[1] for j, p in enumerate(chosen)}
        )
        site.feed = rss(
            f"Outlet {i}", [(t, f"{site.base}/a/{j}.html", s) for j, (t, _, s) in enumerate(chosen)]
        )
        sites.append(site)
        lines.append(f'{site.base}/feed.xml name="Outlet {i}" max={per_feed}')
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    feeds = work / "feeds.txt"
    feeds.write_text("\n".join(lines) + "\n", encoding="utf-8")

    runs = []
    baseline = []  # engine_only after each first run: the two alternate, so both see the same noise
    for r in range(args.repeat):
        out = work / f"out{r}"
        common = ["run", "--feeds", str(feeds), "--output", str(out), "--engine", "hibari"]
        words = ["--story-words", "70" if wide else "45"]
        wall, cpu, rss_mb, code = run_cli([*common, "--minutes", str(args.minutes), *words], env)
        report = json.loads((out / "run-report.json").read_text())
        runs.append((wall, cpu, rss_mb, report, out))
        print(f"first run {r + 1}: exit {code}, wall {wall:.2f} s, CPU {cpu:.2f} s, RSS {rss_mb:.0f} MB, "
              f"{len(report['stories'])} stories, {report['duration'] / 60:.2f} min of audio, "
              f"takes {report.get('takes', '?')}")  # fmt: skip
        baseline.append(engine_only(next(out.glob("briefing-*.txt"))))
        e_wall, e_cpu, e_audio = baseline[-1]
        print(f"engine_only {r + 1}: wall {e_wall:.2f} s, CPU {e_cpu:.2f} s for {e_audio:.0f} s of speech "
              f"({e_audio / max(e_cpu, 1e-9):.0f} s per CPU second); ratio {wall / e_wall:.2f}x")  # fmt: skip
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    e_wall = statistics.median(b[0] for b in baseline)
    report, out = runs[-1][3], runs[-1][4]
    print("stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in report["seconds"].items()))
    print(f"RATIO end-to-end / engine_only (median walls {wall:.2f} / {e_wall:.2f} s): {wall / e_wall:.2f}x")

    hits = sum(s.hits for s in sites)
    wall2, cpu2, _, code2 = run_cli(common, env)
    report2 = json.loads((out / "run-report.json").read_text())
    print(f"second run (nothing new): exit {code2}, wall {wall2:.2f} s, CPU {cpu2:.2f} s, "
          f"requests {sum(s.hits for s in sites) - hits}, synthesized {report2['synthesized']}, "
          f"status {report2['status']}")  # fmt: skip
    close_all(sites)
    if not args.skip_scale:
        scale(work, args.latency, env)
    shutil.rmtree(work, ignore_errors=True)


def scale(work: Path, latency: float, env: dict[str, str]) -> None:
    """200 feeds of 50 items, all already briefed: what does 'nothing new' cost?"""
    from briefing.feeds import parse_feed
    from briefing.http import Response
    from briefing.model import FeedSource, Validators
    from briefing.state import Learned, State

    sites, lines = [], []
    for i in range(200):
        host = f"127.0.0.{2 + i % 20}"
        site = Site(host, latency, b"", {})
        items = [(f"Item {i}-{j} about topic {j * 7 % 13}", f"{site.base}/a/{j}.html", f"Summary {i} {j}.")
                 for j in range(50)]  # fmt: skip
        site.feed = rss(f"Feed {i}", items)
        sites.append(site)
        lines.append(f"{site.base}/feed.xml name=F{i} max=5")
    feeds = work / "scale-feeds.txt"
    feeds.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = work / "scale-out"
    out.mkdir()
    state = State(out / "state.sqlite")
    keys, validators = [], {}
    for site, line in zip(sites, lines, strict=True):
        url = line.split()[0]
        entries = parse_feed(Response(url, 200, site.feed, "application/rss+xml"), FeedSource(url=url))
        keys += [e.key for e in entries]
        validators[url] = Validators(f'"{len(site.feed)}-{hash(site.feed) & 0xFFFFFF:x}"')
    state.commit(Learned("seed", tuple(keys), validators=validators))
    print(f"scale: {len(keys)} items in 200 feeds, all already briefed")
    args = ["run", "--feeds", str(feeds), "--output", str(out), "--engine", "hibari"]
    wall, cpu, _, code = run_cli(args, env)
    print(f"scale, conditional GET (304s): exit {code}, wall {wall:.2f} s, CPU {cpu:.2f} s")
    state.commit(Learned(validators={u: Validators() for u in validators}))
    wall, cpu, _, code = run_cli(args, env)
    print(f"scale, every feed re-parsed (nothing stored): exit {code}, wall {wall:.2f} s, CPU {cpu:.2f} s")
    # Servers that send no ETag or Last-Modified: full answers, whose bodies match the stored digests.
    state.commit(Learned(validators={u: Validators(digest=state.validators(u).digest) for u in validators}))
    state.close()
    wall, cpu, _, code = run_cli(args, env)
    print(
        f"scale, no HTTP validators, same bodies (digests): exit {code}, wall {wall:.2f} s, CPU {cpu:.2f} s"
    )
    close_all(sites)


if __name__ == "__main__":
    main()

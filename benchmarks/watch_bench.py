"""Following feeds at scale: 10,000 feed items through `displacement watch --once`.

This process serves, on 127.0.0.1, ``--feeds`` RSS feeds that together list ``--items`` article
pages. Pages are generated on request from a fixed seed (nothing is held in memory): each
original article recombines sentences of the seed articles (``seeds/``) around a sentence of its
own with its own numbers; a known share (``--copies``, default 10 %) are syndicated copies of an
original with small edits, as sites make them: another headline and site name, a wire credit
before the first sentence, one word changed, a line added at the end.

The real command then runs as a subprocess into a fresh SQLite store:
``displacement watch FEED... --once --allow-private-addresses`` (workers as ``--workers``),
while its resident memory (and its extraction workers') is sampled with psutil. The report:
items stored, wall time, items per second, peak RSS, and the copies' precision and recall
against the known pairs (pairs of documents of one story, whichever was stored first).

usage: python benchmarks/watch_bench.py [--items 10000] [--feeds 20] [--copies 0.1] [--workers 2] [--fake]
(``--fake``: the tests' stand-in extractor, to time fetching and storing without extraction.)
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("said", "reported", "added", "told", "noted")


def sentence_pool() -> list[str]:
    pool = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pool += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 60 <= len(s.strip()) <= 300]
    return pool


class Corpus:
    """Deterministic pages: ``original(i)`` and ``copy(j)`` (a copy of original ``source(j)``)."""

    def __init__(self, items: int, copy_share: float, seed: int = 16):
        self.pool = sentence_pool()
        self.copies = int(round(items * copy_share))
        self.originals = items - self.copies
        rng = random.Random(seed)
        self.copy_source = [rng.randrange(self.originals) for _ in range(self.copies)]
        self.seed = seed

    def original(self, i: int) -> tuple[str, list[str]]:
        rng = random.Random(self.seed * 1_000_003 + i)
        sentences = rng.sample(self.pool, 10)
        people = 1_000 + rng.randrange(90_000)
        own = (f"In district {i} of the province, {people:,} people were displaced by the clashes "
               f"of week {1 + i % 52}, the local office number {i} said.")
        sentences.insert(1, own)
        return f"Displacement report {i}: {people:,} flee", sentences

    def copy(self, j: int) -> tuple[str, list[str]]:
        title, sentences = self.original(self.copy_source[j])
        rng = random.Random(self.seed * 7_919 + j)
        sentences = list(sentences)
        sentences[0] = "(Wire) - " + sentences[0]
        k = rng.randrange(len(sentences))
        words = sentences[k].split()
        swap = [n for n, w in enumerate(words) if w in WORDS]
        if swap:
            words[swap[0]] = rng.choice(WORDS)
        else:
            words.insert(len(words) // 2, "reportedly")
        sentences[k] = " ".join(words)
        sentences.append("This story was distributed by the wire service.")
        return f"Syndicated: {title.lower()}", sentences

    def page(self, kind: str, n: int) -> bytes:
        title, sentences = self.original(n) if kind == "o" else self.copy(n)
        site = "Origin News" if kind == "o" else f"Partner {n % 50}"
        body = "".join(f"<p>{s}</p>" for s in sentences)
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
                f"<meta property='og:site_name' content='{site}'>"
                f"<meta property='article:published_time' content='2024-03-{1 + n % 28:02d}T08:00:00Z'></head>"
                f"<body><nav>Home World</nav><article><h1>{title}</h1>{body}</article></body></html>").encode()


def serve(corpus: Corpus, feeds: int):
    items = [("o", i) for i in range(corpus.originals)] + [("c", j) for j in range(corpus.copies)]
    random.Random(5).shuffle(items)
    per_feed = [items[f::feeds] for f in range(feeds)]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            match = re.fullmatch(r"/feed/(\d+)\.xml", self.path)
            page = re.fullmatch(r"/(o|c)/(\d+)", self.path)
            if match and int(match.group(1)) < feeds:
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                entries = "".join(f"<item><guid>{base}/{k}/{n}</guid><link>{base}/{k}/{n}</link>"
                                  f"<title>item {k}{n}</title></item>" for k, n in per_feed[int(match.group(1))])
                body = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed {match.group(1)}</title>"
                        f"{entries}</channel></rss>").encode()
                kind = "application/rss+xml"
            elif page:
                body, kind = corpus.page(page.group(1), int(page.group(2))), "text/html; charset=utf-8"
            else:
                body, kind = b"not found", "text/plain"
                self.send_response(404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def sample_rss(pid: int, peak: dict, stop: threading.Event) -> None:
    import psutil

    try:
        proc = psutil.Process(pid)
        while not stop.is_set():
            try:
                rss = proc.memory_info().rss
                children = [c.memory_info().rss for c in proc.children(recursive=True)]
            except psutil.Error:
                break
            peak["main"] = max(peak.get("main", 0), rss)
            peak["worker"] = max([peak.get("worker", 0)] + children)
            stop.wait(0.25)
    except psutil.Error:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--copies", type=float, default=0.10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fake", action="store_true", help="the tests' stand-in extractor")
    args = parser.parse_args()

    corpus = Corpus(args.items, args.copies)
    server = serve(corpus, args.feeds)
    port = server.server_address[1]
    feeds = [f"http://127.0.0.1:{port}/feed/{f}.xml" for f in range(args.feeds)]
    folder = tempfile.mkdtemp(prefix="displacement-watch-bench-")
    db = f"sqlite:///{folder}/watch.db"
    command = [sys.executable, "-m", "displacement.cli", "watch", *feeds, "--once", "--db", db,
               "--allow-private-addresses", "--no-progress", "--workers", str(args.workers),
               "--per-host", "8", "--fetch-threads", "16"]
    env = dict(os.environ)
    if args.fake:
        sys.path.insert(0, str(REPO / "tests"))
        from conftest import cli_command

        command = cli_command(*command[3:], fake=True)
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak: dict = {}
    stop = threading.Event()
    sampler = threading.Thread(target=sample_rss, args=(child.pid, peak, stop), daemon=True)
    sampler.start()
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    server.shutdown()

    sys.path.insert(0, str(REPO))
    from displacement.store import open_store

    with open_store(db) as store:
        stored = store.count_documents()
        figures = store.count_figures()
        links = store.copy_links()
    base = f"http://127.0.0.1:{port}"

    def story(doc: str) -> str:
        return links.get(doc, doc)

    truth = {(f"{base}/c/{j}", f"{base}/o/{corpus.copy_source[j]}") for j in range(corpus.copies)}
    # predicted pairs: documents of one story (pairs within each linked group)
    groups: dict[str, list[str]] = {}
    for doc, root in links.items():
        groups.setdefault(root, [root]).append(doc)
    predicted = set()
    for members in groups.values():
        for a in members:
            for b in members:
                if a < b:
                    predicted.add((a, b))
    truth_pairs = {tuple(sorted(p)) for p in truth}
    # copies of one original are one story too
    by_source: dict[int, list[str]] = {}
    for j, source in enumerate(corpus.copy_source):
        by_source.setdefault(source, []).append(f"{base}/c/{j}")
    for source, copies in by_source.items():
        for a in copies:
            for b in copies:
                if a < b:
                    truth_pairs.add((a, b))
    hits = len(predicted & truth_pairs)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth_pairs) if truth_pairs else 1.0
    print(err.strip().splitlines()[0] if err.strip() else "(no summary)")
    print(f"items served: {args.items} ({corpus.copies} syndicated copies) in {args.feeds} feeds; "
          f"extractor: {'fake' if args.fake else 'real'}, workers {args.workers}")
    print(f"documents stored: {stored}; figures: {figures}; exit status {child.returncode}")
    print(f"wall time: {seconds:.1f} s; items per second: {stored / seconds:.1f}")
    print(f"peak RSS: watch process {peak.get('main', 0) / 1e6:.0f} MB, largest extraction worker "
          f"{peak.get('worker', 0) / 1e6:.0f} MB")
    print(f"copies: {len(links)} linked; pairs predicted {len(predicted)}, true {len(truth_pairs)}, "
          f"correct {hits}; precision {precision:.3f}, recall {recall:.3f}")
    return 0 if child.returncode in (0, 1) and stored == args.items else 1


if __name__ == "__main__":
    sys.exit(main())

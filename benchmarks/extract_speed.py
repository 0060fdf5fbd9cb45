"""Extraction throughput: the full extractor against quantulum3's number parser, same texts, one run.

The corpus is deterministic: the seed articles and IDMC's excerpts (../shared/peer) recombined
into articles of realistic length and figure density (paragraphs shuffled with a fixed seed).
Both systems run on one core in this process, on exactly the same texts.

usage: python benchmarks/extract_speed.py [--mb 2.0] [--baseline-mb 0.5]
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_corpus(shared: Path, megabytes: float, seed: int = 7) -> list[str]:
    paragraphs: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    peer = shared / "peer" / "idetect_excerpts.jsonl"
    if peer.exists():
        with open(peer, encoding="utf-8") as handle:
            paragraphs += [json.loads(line)["text"] for line in handle if line.strip()]
    rng = random.Random(seed)
    articles, size, target = [], 0, int(megabytes * 1_000_000)
    while size < target:
        body = "\n\n".join(rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(12, 30))))
        articles.append(body)
        size += len(body.encode("utf-8"))
    return articles


def time_run(func, texts) -> float:
    gc.collect()
    start = time.perf_counter()
    for text in texts:
        func(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="corpus size for our extractor")
    parser.add_argument("--baseline-mb", type=float, default=0.5, help="the first part of the corpus also given to quantulum3")
    parser.add_argument("--shared", default=os.environ.get("DISPLACEMENT_SHARED", str(ROOT.parent / "shared")))
    args = parser.parse_args()

    from displacement.extract import extract_figures

    corpus = build_corpus(Path(args.shared), args.mb)
    total_bytes = sum(len(t.encode("utf-8")) for t in corpus)
    extract_figures(corpus[0])  # warm-up: gazetteer, registries, compiled patterns
    ours = time_run(extract_figures, corpus)
    figures = sum(len(extract_figures(t)) for t in corpus[:50])
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"corpus: {len(corpus)} articles, {total_bytes / 1e6:.2f} MB ({figures} figures in the first 50 articles)")
    print(f"extract_figures: {total_bytes / 1e6 / ours:.2f} MB/s, {len(corpus) / ours:.1f} articles/s ({ours:.2f} s)")

    try:
        from quantulum3 import parser as q3
    except ImportError:
        print("quantulum3 not installed (pip install -e '.[bench]'): no baseline")
        return
    # the same texts: the first articles of the corpus, up to --baseline-mb
    subset, size = [], 0
    for text in corpus:
        if size >= args.baseline_mb * 1e6:
            break
        subset.append(text)
        size += len(text.encode("utf-8"))
    q3.parse(subset[0])  # warm-up
    base = time_run(q3.parse, subset)
    ours_subset = time_run(extract_figures, subset)
    print(f"on the same {len(subset)} articles ({size / 1e6:.2f} MB):")
    print(f"  quantulum3.parse: {size / 1e6 / base:.3f} MB/s ({base:.2f} s)")
    print(f"  extract_figures:  {size / 1e6 / ours_subset:.3f} MB/s ({ours_subset:.2f} s)")
    print(f"  ratio ours/quantulum3: {base / ours_subset:.1f}x")


if __name__ == "__main__":
    main()

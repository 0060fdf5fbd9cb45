"""Extraction throughput: the full extractor against quantulum3's number parser, same texts, one run.

The corpus is deterministic: the seed articles and IDMC's excerpts (../shared/peer) recombined
into articles of realistic length and figure density (paragraphs shuffled with a fixed seed).
Both systems run on one core in this process, on exactly the same texts.

With ``--compare REV`` the same corpus also goes through the extractor of an earlier commit
(checked out into a temporary git worktree), alternating the two in fresh processes so that
both see the same machine load; the ratio printed is this checkout's time over REV's.

usage: python benchmarks/extract_speed.py [--mb 2.0] [--baseline-mb 0.5] [--compare REV [--rounds 3]]
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from machine import describe as describe_machine  # noqa: E402 (benchmarks/machine.py)


def build_corpus(shared: Path, megabytes: float, seed: int = 7, excerpts_per_article=(2, 6)) -> list[str]:
    """Articles of 20-40 news paragraphs (from the seeds) with 2-6 figure-bearing report
    paragraphs (IDMC excerpts) mixed in: about one figure per kilobyte, as in humanitarian news.
    ``excerpts_per_article=(n, n)`` sets the density (the figure count is printed)."""
    news: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        news += [p for p in path.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 40]
    reports: list[str] = []
    peer = shared / "peer" / "idetect_excerpts.jsonl"
    if peer.exists():
        with open(peer, encoding="utf-8") as handle:
            reports = [json.loads(line)["text"] for line in handle if line.strip()]
    rng = random.Random(seed)
    articles, size, target = [], 0, int(megabytes * 1_000_000)
    while size < target:
        paragraphs = rng.sample(news, k=min(len(news), rng.randint(20, 40)))
        if reports:
            for excerpt in rng.sample(reports, k=rng.randint(*excerpts_per_article)):
                paragraphs.insert(rng.randrange(len(paragraphs) + 1), excerpt)
        body = "\n\n".join(paragraphs)
        articles.append(body)
        size += len(body.encode("utf-8"))
    return articles


def time_run(func, texts) -> float:
    gc.collect()
    start = time.perf_counter()
    for text in texts:
        func(text)
    return time.perf_counter() - start


# run in a fresh process with a checkout's package first on sys.path: time its extractor on
# the corpus file after warming it up, print the seconds
_TIMER = """
import gc, json, sys, time
sys.path.insert(0, sys.argv[1])
from displacement.extract import extract_figures
texts = json.load(open(sys.argv[2], encoding="utf-8"))
extract_figures(texts[0])
try:  # pint's registry (about 0.2 s), built on the first unit word: a one-time cost, as in main()
    from displacement import units
    units.registry()
except (ImportError, AttributeError):
    pass
extract_figures("Published 14 March 2016\\nGENEVA, 14 March (Reuters) - 2,000 people fled.")
extract_figures("4 on OCHA assessment, September 2016).\\n2,000 people fled.")
gc.collect()
start = time.perf_counter()
count = sum(len(extract_figures(t)) for t in texts)
print(time.perf_counter() - start, count)
"""


def _time_checkout(checkout: Path, corpus_file: str) -> tuple[float, int]:
    done = subprocess.run([sys.executable, "-c", _TIMER, str(checkout), corpus_file],
                          capture_output=True, text=True, check=True)
    seconds, count = done.stdout.split()
    return float(seconds), int(count)


def compare(rev: str, corpus: list[str], rounds: int) -> None:
    """This checkout against ``rev`` on the same corpus, alternating in fresh processes."""
    total_mb = sum(len(t.encode("utf-8")) for t in corpus) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "rev"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(other), rev], check=True)
        corpus_file = str(Path(tmp) / "corpus.json")
        Path(corpus_file).write_text(json.dumps(corpus), encoding="utf-8")
        try:
            ours, theirs = [], []
            for _ in range(rounds):
                theirs.append(_time_checkout(other, corpus_file))
                ours.append(_time_checkout(ROOT, corpus_file))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False)
    t_ours = statistics.median(s for s, _ in ours)
    t_theirs = statistics.median(s for s, _ in theirs)
    print(f"compare with {rev} ({rounds} alternating rounds, fresh processes, median):")
    print(f"  {rev}: {total_mb / t_theirs:.2f} MB/s ({t_theirs:.2f} s, {theirs[0][1]} figures)")
    print(f"  this checkout: {total_mb / t_ours:.2f} MB/s ({t_ours:.2f} s, {ours[0][1]} figures)")
    print(f"  time ratio this/{rev}: {t_ours / t_theirs:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="corpus size for our extractor")
    parser.add_argument("--baseline-mb", type=float, default=0.5, help="the first part of the corpus also given to quantulum3")
    parser.add_argument("--shared", default=os.environ.get("DISPLACEMENT_SHARED", str(ROOT.parent / "shared")))
    parser.add_argument("--compare", metavar="REV", help="also time the extractor of this git revision on the same corpus")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds for --compare")
    args = parser.parse_args()

    from displacement.extract import extract_figures

    corpus = build_corpus(Path(args.shared), args.mb)
    total_bytes = sum(len(t.encode("utf-8")) for t in corpus)
    # one-time costs per process (gazetteer, pint registry, dateparser's locale data), reported
    # apart from throughput: a long-running ingest pays them once
    startup = time_run(extract_figures, [corpus[0]])
    from displacement import units

    units.registry()
    extract_figures("Published 14 March 2016\nGENEVA, 14 March (Reuters) - 2,000 people fled.")
    # dateparser compiles its locale data on first use (~0.35 s), when a dateline only it can read turns up
    extract_figures("4 on OCHA assessment, September 2016).\n2,000 people fled.")
    ours = time_run(extract_figures, corpus)
    figures = sum(len(extract_figures(t)) for t in corpus)
    print(f"machine: {describe_machine()}")
    print(f"corpus: {len(corpus)} articles, {total_bytes / 1e6:.2f} MB, {figures} figures "
          f"({figures / (total_bytes / 1000):.2f} per kB)")
    print(f"startup (first article: gazetteer, registries): {startup:.2f} s")
    print(f"extract_figures: {total_bytes / 1e6 / ours:.2f} MB/s, {len(corpus) / ours:.1f} articles/s ({ours:.2f} s)")
    if args.compare:
        compare(args.compare, corpus, args.rounds)

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
    if not subset:
        print("--baseline-mb 0: no quantulum3 baseline")
        return
    q3.parse(subset[0])  # warm-up
    base = time_run(q3.parse, subset)
    ours_subset = time_run(extract_figures, subset)
    print(f"on the same {len(subset)} articles ({size / 1e6:.2f} MB):")
    print(f"  quantulum3.parse: {size / 1e6 / base:.3f} MB/s ({base:.2f} s)")
    print(f"  extract_figures:  {size / 1e6 / ours_subset:.3f} MB/s ({ours_subset:.2f} s)")
    print(f"  ratio ours/quantulum3: {base / ours_subset:.1f}x")


if __name__ == "__main__":
    main()

"""Fuzz the extractor: N hostile inputs from displacement.fuzz's generators, every problem named.

usage: python scripts/fuzz.py [--count 100000] [--seed 1] [--show 20]

Prints how many inputs each generator made, then every kind of problem found (an exception
escaping extract_figures, a span that does not slice back to its number_text, a value below 0
or above MAX_PEOPLE) with an example, and a last line `fuzz inputs=N problems=K seconds=S`.
Exit status 1 when a problem was found. CI runs a fixed-seed few thousand (tests/test_reliability.py).
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from displacement import fuzz  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=20, help="kinds of problem to print with an example")
    args = ap.parse_args(argv)
    made: collections.Counter = collections.Counter()
    problems: collections.Counter = collections.Counter()
    example: dict = {}
    start = time.perf_counter()
    for name, text in fuzz.generate(args.seed, args.count):
        made[name] += 1
        for problem in fuzz.check(text):
            key = (name, problem.split(":")[0][:80])
            problems[key] += 1
            example.setdefault(key, (text[:160], problem[:200]))
    seconds = time.perf_counter() - start
    print("inputs per generator: " + ", ".join(f"{k} {v}" for k, v in sorted(made.items())))
    for key, n in problems.most_common(args.show):
        text, problem = example[key]
        print(f"  {n:6} {key[0]:12} {problem}\n         input: {text!r}")
    print(f"fuzz inputs={args.count} problems={sum(problems.values())} seconds={seconds:.1f}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

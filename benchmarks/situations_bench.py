"""Reports: how figures that restate one fact are grouped, against a generated truth.

The corpus is built from real sentences: IDMC's labelled excerpts (../shared/peer), each a fact
(its labelled number, place and term). Each fact is reprinted by several outlets over a few days
with the number rewritten as news rewrites it (rounded to millions or thousands, hedged with
"nearly", "about", "more than", or exact), and, for some facts, a genuinely different figure for
the same place and days is published too (a number 40% lower or 60% higher). Every
article goes through the real extractor (``extract_figures`` with its publication date and
publisher); the figure at the rewritten number is the restatement. Then
``situations.assign_reports`` groups all of them, and the grouping is scored pairwise: of the
pairs of figures put in one report, how many are one fact (precision), and of the pairs of one
fact, how many were put in one report (recall).

usage: python benchmarks/situations_bench.py [--facts 150] [--seed 7]
The last line is ``pairs_precision=P pairs_recall=R reports=N facts=M figures=K``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from places_bench import find_number  # noqa: E402 (the labelled number's span in its excerpt)

OUTLETS = ["Reuters", "AP", "AFP", "BBC", "Al Jazeera", "The Guardian", "ReliefWeb", "Xinhua", "DW", "NPR"]


def rewrite(value: int, rng: random.Random) -> tuple[str, str]:
    """The number as another outlet writes it (and which way): rounded, hedged, or exact."""
    millions, thousands = value / 1e6, value / 1e3
    if value >= 1_000_000:
        options = [(f"{millions:.1f} million", "rounded"), (f"nearly {millions:.1f} million", "nearly")
                   if round(millions, 1) >= millions else (f"more than {millions:.1f} million", "more than"),
                   (f"about {millions:.1f} million", "about"), (f"{value:,}", "exact")]
    elif value >= 10_000:
        options = [(f"{round(thousands):,},000", "rounded"), (f"about {round(thousands):,},000", "about"),
                   (f"some {value:,}", "some"), (f"{value:,}", "exact"),
                   ((f"nearly {round(thousands):,},000", "nearly") if round(thousands) * 1000 >= value
                    else (f"more than {round(thousands):,},000", "more than"))]
    else:
        options = [(f"{value:,}", "exact"), (f"about {value:,}", "about"), (f"some {value:,}", "some")]
    return rng.choice(options)


def build(facts: int, seed: int, shared: Path) -> list[dict]:
    """Generated articles: {text, published, source, doc, fact, start, end}."""
    rng = random.Random(seed)
    rows = [json.loads(line) for line in open(shared / "peer" / "idetect_excerpts.jsonl", encoding="utf-8")]
    usable, seen = [], set()
    for row in rows:
        q = row.get("quantity")
        if not isinstance(q, (int, float)) or q < 100:
            continue
        span = find_number(row["text"], q)
        if span is None or re.match(r"\s*(?:[\w-]+\s+)?(?:famil|household|fami-)", row["text"][span[1]:span[1] + 30], re.I):
            continue  # a count of households restated in people: changing it would not change the fact
        fact = (str(row.get("location")).lower(), round(q, -len(str(int(q))) + 2))
        if fact in seen:
            continue  # two excerpts of one real fact (the same place and number): one fact here
        seen.add(fact)
        usable.append((row, span))
    rng.shuffle(usable)
    out = []
    fact_id = 0
    for row, (s, e) in usable[:facts]:
        text, value = row["text"], int(row["quantity"])
        first_day = date(2023, 1, 1) + timedelta(days=rng.randrange(700))
        variants = [(value, first_day)]
        if rng.random() < 0.4:  # a genuinely different figure for the same place and time
            variants.append((int(value * rng.choice([0.6, 1.6])), first_day))
        for v, day in variants:
            fact_id += 1
            for k in range(rng.randint(2, 5)):  # reprints over a few days
                written, _how = rewrite(v, rng) if k else (f"{v:,}", "exact")
                body = text[:s] + written + text[e:]
                out.append({
                    "text": body, "published": (day + timedelta(days=rng.randint(0, 4))).isoformat(),
                    "source": rng.choice(OUTLETS), "doc": f"g{len(out)}", "fact": fact_id,
                    "start": s, "end": s + len(written),
                })
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=150, help="labelled excerpts used as facts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shared", default=os.environ.get("DISPLACEMENT_SHARED", str(ROOT.parent / "shared")))
    args = parser.parse_args()
    import pandas as pd

    from displacement import situations
    from displacement.extract import extract_figures
    from displacement.model import FIGURE_FIELDS

    articles = build(args.facts, args.seed, Path(args.shared))
    start = time.perf_counter()
    rows, truth, missed = [], [], 0
    for a in articles:
        figures = [f for f in extract_figures(a["text"], a["published"], document_id=a["doc"])
                   if f.start < a["end"] and a["start"] < f.end]
        if not figures:
            missed += 1  # the extractor did not read the rewritten number as a figure
            continue
        row = figures[0].to_dict()
        row["source"] = a["source"]
        rows.append(row)
        truth.append(a["fact"])
    frame = pd.DataFrame(rows, columns=list(FIGURE_FIELDS))
    extract_s = time.perf_counter() - start
    start = time.perf_counter()
    reports = situations.assign_reports(frame).tolist()
    group_s = time.perf_counter() - start
    same_pred = same_true = both = 0
    for i, j in combinations(range(len(rows)), 2):
        p, t = reports[i] == reports[j], truth[i] == truth[j]
        same_pred += p
        same_true += t
        both += p and t
    precision = both / same_pred if same_pred else 1.0
    recall = both / same_true if same_true else 1.0
    facts = len(set(truth))
    print(f"{len(articles)} generated articles from {args.facts} labelled excerpts (seed {args.seed}): "
          f"{facts} facts, {len(rows)} figures read ({missed} rewritten numbers not read as figures)")
    print(f"extraction {extract_s:.1f} s; grouping {group_s * 1000:.0f} ms -> {len(set(reports))} reports")
    print(f"pairs in one report: {same_pred:,}; pairs of one fact: {same_true:,}; both: {both:,}")
    if os.environ.get("SHOW_MERGED"):
        by_report = {}
        for i, r in enumerate(reports):
            by_report.setdefault(r, []).append(i)
        for members in by_report.values():
            if len({truth[i] for i in members}) > 1:
                print("MERGED", [(truth[i], rows[i]["number_text"], rows[i]["location"], rows[i]["date"]) for i in members])
    print(f"pairs_precision={precision:.3f} pairs_recall={recall:.3f} reports={len(set(reports))} "
          f"facts={facts} figures={len(rows)}")


if __name__ == "__main__":
    main()

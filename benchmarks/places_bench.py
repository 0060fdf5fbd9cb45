"""Places: how often the article country and the figure's location match labelled data,
and how fast the gazetteer loads and answers.

    .venv/bin/python benchmarks/places_bench.py [--peer ../shared/peer/idetect_excerpts.jsonl]

Over the IDETECT test excerpts (one labelled figure each, with ``country_iso3`` and often a
``location``): the labelled number is found in the text by its digits (with and without
thousands commas); its sentence goes to ``locate_figure`` with the category its IDETECT
term maps to. Country: the located place's country, else the article's. Location: the
located text or the place name matches the label when, normalised, one contains the other.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from displacement.sentences import sentence_at  # noqa: E402

DEFAULT_PEER = ROOT.parent / "shared" / "peer" / "idetect_excerpts.jsonl"
TERM_CATEGORY = {
    "Displaced": "displaced",
    "Forced to Flee": "displaced",
    "Evacuated": "evacuated",
    "Relocated": "evacuated",
    "Sheltered": "camp",
    "In Relief Camp": "camp",
    "Homeless": "homeless",
    "Destroyed Housing": "housing",
    "Partially Destroyed Housing": "housing",
}
def find_number(text: str, quantity) -> tuple[int, int] | None:
    if quantity is None:
        return None
    q = int(quantity)
    forms = [f"{q:,}", str(q)]
    if q >= 1_000_000:
        forms.append(f"{q / 1e6:g} million")
    for form in forms:
        for m in re.finditer(re.escape(form), text):
            before = text[m.start() - 1:m.start()] if m.start() else ""
            after = text[m.end():m.end() + 1]
            if not (before.isdigit() or before == ",") and not (after.isdigit() or (after == "," and text[m.end() + 1:m.end() + 2].isdigit())):
                return m.start(), m.end()
    return None


def evaluate(rows: list[dict]) -> dict:
    from displacement.places import article_context, find_places, locate_figure, normalize_key
    from displacement.sites import with_sites

    n_country = ok_country = n_loc = ok_loc = found_num = 0
    misses = []
    for row in rows:
        text = row["text"]
        mentions = find_places(text)
        ctx = article_context(text, mentions)
        mentions = with_sites(text, mentions, ctx.country)  # as the extractor does
        span = find_number(text, row.get("quantity"))
        loc = None
        if span:
            found_num += 1
            loc = locate_figure(text, sentence_at(text, span[0]), span, mentions, ctx, TERM_CATEGORY.get(row.get("term")))
        country = (loc.place.country_iso3 if loc and loc.place else None) or (ctx.country.country_iso3 if ctx.country else None)
        if row.get("country_iso3"):
            n_country += 1
            good = country == row["country_iso3"]
            ok_country += good
            if not good:
                misses.append(("country", row["id"], row["country_iso3"], country))
        if row.get("location"):
            n_loc += 1
            label = normalize_key(row["location"])
            names = []
            if loc and (loc.place or loc.location_text):
                # a list of places in several countries has its text and no one place
                names = [loc.location_text or "", loc.place.name if loc.place else ""]
            elif loc is None and ctx.main_place:
                names = [ctx.main_place.text, ctx.main_place.place.name]
            good = any(k and label and (k in label or label in k) for k in (normalize_key(n) for n in names))
            ok_loc += good
            if not good:
                misses.append(("location", row["id"], row["location"], names[:1]))
    return {
        "excerpts": len(rows),
        "number_found": found_num,
        "country_labelled": n_country,
        "country_ok": ok_country,
        "country_rate": ok_country / n_country if n_country else None,
        "location_labelled": n_loc,
        "location_ok": ok_loc,
        "location_rate": ok_loc / n_loc if n_loc else None,
        "misses": misses,
    }


def speed() -> dict:
    t0 = time.perf_counter()
    from displacement import places

    g = places.gazetteer()
    load = time.perf_counter() - t0
    names = ["Mosul", "Qayyarah", "Deir el-Zour", "Aleppo", "Kabul", "Juba", "Maiduguri", "Bangui",
             "Goma", "Sanaa", "Cox's Bazar", "Mogadishu", "Kokang", "Raqqa", "Tal Afar"] * 200
    t0 = time.perf_counter()
    for n in names:
        places.resolve(n)
    lookups = len(names) / (time.perf_counter() - t0)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in seeds)[:10_000]
    best = min(_timed(places.find_places, text) for _ in range(10))
    return {"load_s": load, "resolve_per_s": lookups, "find_places_10kB_ms": best * 1000,
            "keys": g.header["counts"]["keys"], "entries": g.header["counts"]["entries"]}


def _timed(fn, arg) -> float:
    t0 = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--peer", type=Path, default=DEFAULT_PEER)
    ap.add_argument("--misses", action="store_true", help="list the excerpts that do not match")
    ap.add_argument("--dev-docs", type=Path, default=Path(os.environ.get("DISPLACEMENT_DEV_DOCS", "/tmp/dev/docs")),
                    help="rebuilt ../shared/dev article bodies (dNNN.txt): place and country on real articles")
    args = ap.parse_args(argv)
    sp = speed()
    print(f"gazetteer: {sp['entries']} entries, {sp['keys']} keys, loaded in {sp['load_s']:.2f} s; "
          f"resolve: {sp['resolve_per_s']:,.0f}/s; find_places on 10 kB: {sp['find_places_10kB_ms']:.1f} ms")
    if not args.peer.exists():
        print(f"{args.peer}: not found; skipping the IDETECT measurement")
        return 0
    rows = [json.loads(line) for line in args.peer.read_text(encoding="utf-8").splitlines() if line.strip()]
    r = evaluate(rows)
    print(f"IDETECT excerpts: {r['excerpts']} (labelled number found in {r['number_found']})")
    print(f"country = label: {r['country_ok']}/{r['country_labelled']} = {r['country_rate']:.1%}")
    print(f"location matches label: {r['location_ok']}/{r['location_labelled']} = {r['location_rate']:.1%}")
    if args.misses:
        for m in r["misses"]:
            print("  miss", *m)
    shared = args.peer.parent.parent
    if (shared / "dev" / "gold.jsonl").exists():
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from extract_quality import dev_report  # the same extraction and scoring as the quality benchmark

        dev_report(shared, args.dev_docs, show_misses=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extraction quality against data we did not write.

1. The seed articles against ../shared/gold (found, category, place, country; distractors hit).
2. IDMC's 312 labelled IDETECT excerpts: the share whose labelled quantity is among the figures
   extracted (matching `reported_value`), and among those how often term, unit, country and
   place agree with the label.
3. Microsoft Recognizers-Text number specs (delegates to benchmarks/recognizers_bench.py).

usage: python benchmarks/extract_quality.py [--shared ../shared] [--misses]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from displacement.extract import extract_document, extract_figures  # noqa: E402
from displacement.model import Document  # noqa: E402

TERM_MAP = {
    "Displaced": {"displaced"},
    "Forced to Flee": {"forced_to_flee"},
    "Evacuated": {"evacuated"},
    "Sheltered": {"sheltered"},
    "In Relief Camp": {"in_camp"},
    "Relocated": {"relocated"},
    "Homeless": {"homeless"},
    "Destroyed Housing": {"destroyed_housing"},
    "Partially Destroyed Housing": {"partially_destroyed_housing"},
}
UNIT_MAP = {"People": {"people"}, "Households": {"households", "houses"}}
# label slips documented in ../shared/peer/README.md (digits mistyped in the label)
LABEL_SLIPS = {"idetect-1", "idetect-4", "idetect-50", "idetect-222"}


def norm(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"\b(al|el|ar|ad|as|ash|an|the)[- ]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"(.)\1", r"\1", text).strip()


def load_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def seeds_report(shared: Path) -> None:
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = load_jsonl(shared / "gold" / "seeds.jsonl")
    distractors = load_jsonl(shared / "gold" / "seeds_distractors.jsonl")
    bodies, preds = {}, []
    for path in sorted((shared / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        bodies[path.name] = text
        preds += [f.to_dict() for f in extract_document(Document(id=path.name, text=text))]
    res = score.score(gold, bodies, preds, distractors)
    dates_gold = json.loads((shared / "gold" / "seeds_dates.json").read_text())
    from displacement.dates import publication_date

    dates_ok = sum(publication_date(bodies[name])[0] == want["published"] for name, want in dates_gold.items())
    print("== seeds (../shared/gold)")
    print(f"gold {res['gold']}  found {res['found']}  category ok {res['category_ok']}  place ok {res['place_ok']}  "
          f"country ok {res['country_ok']}  predicted {res['predicted']}  unmatched {res['false']}  "
          f"on distractors {len(res['distractor_hits'])}  P {res['precision']} R {res['recall']} F1 {res['f1']}")
    print(f"publication dates right: {dates_ok}/{len(dates_gold)}")
    for miss in res["misses"]:
        print("  MISS", miss)
    for extra in res["unmatched_predictions"]:
        print("  EXTRA", extra)


def _reported_numbers(figure):
    """The figure's numbers as reported: its reported value, and for a range or bound the
    bounds in the reported unit ("between 10,000 and 12,000 people" reports 10,000 and 12,000)."""
    out = [figure.reported_value] if figure.reported_value is not None else []
    scale = figure.household_size or 1.0
    if figure.reported_unit in ("households", "houses") and figure.household_size is None:
        return out  # a people count restating households: its bounds are people, not households
    out += [b / scale for b in (figure.low, figure.high) if b is not None]
    return out


def idetect_report(shared: Path, show_misses: bool) -> dict:
    rows = load_jsonl(shared / "peer" / "idetect_excerpts.jsonl")
    found = term_ok = unit_ok = 0
    country_n = country_ok = place_n = place_ok = 0
    misses = []
    for row in rows:
        figures = extract_figures(row["text"], document_id=row["id"])
        want = float(row["quantity"])
        hits = [f for f in figures if any(abs(v - want) < 0.5 for v in _reported_numbers(f))]
        if not hits:
            misses.append((row["id"], row["quantity"], row["term"], row["text"][:150].replace("\n", " ")))
            continue
        found += 1
        f = max(hits, key=lambda h: (h.term in TERM_MAP.get(row["term"], ()), h.confidence))
        term_ok += f.term in TERM_MAP.get(row["term"], ())
        unit_ok += f.reported_unit in UNIT_MAP.get(row["unit"], ())
        if row.get("country_iso3"):
            country_n += 1
            country_ok += (f.country_iso3 or "") == row["country_iso3"].strip()
        if row.get("location"):
            place_n += 1
            want_place = norm(row["location"])
            got = {norm(f.location), norm(f.location_text)} - {""}
            place_ok += any(want_place in g or g in want_place for g in got)
    total = len(rows)
    slips = sum(1 for m in misses if m[0] in LABEL_SLIPS)
    print("== IDMC IDETECT excerpts (../shared/peer/idetect_excerpts.jsonl)")
    print(f"labelled figure found: {found}/{total} = {found / total:.3f}  "
          f"(excluding {slips} documented label slips: {found}/{total - slips} = {found / (total - slips):.3f})")
    print(f"  of found: term agrees {term_ok / max(found, 1):.3f}, unit agrees {unit_ok / max(found, 1):.3f}")
    print(f"  country agrees {country_ok}/{country_n} = {country_ok / max(country_n, 1):.3f} (labelled, found)")
    print(f"  place agrees   {place_ok}/{place_n} = {place_ok / max(place_n, 1):.3f} (labelled location, found)")
    print("  earlier systems: quantity ~0.70-0.75, location recall ~0.51, country ~0.75")
    if show_misses:
        for miss in misses:
            print("  MISS", miss)
    return {"found": found / total, "term": term_ok / max(found, 1), "unit": unit_ok / max(found, 1),
            "country": country_ok / max(country_n, 1), "place": place_ok / max(place_n, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.environ.get("DISPLACEMENT_SHARED", str(ROOT.parent / "shared")))
    parser.add_argument("--misses", action="store_true", help="list IDETECT excerpts whose figure was missed")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "peer").is_dir():
        sys.exit(f"extract_quality: {shared}/peer not found; pass --shared PATH to the shared test data")
    seeds_report(shared)
    print()
    idetect_report(shared, args.misses)
    bench = ROOT / "benchmarks" / "recognizers_bench.py"
    if bench.exists():
        print()
        print("== Recognizers-Text number specs")
        os.system(f"{sys.executable} {bench} --no-speed")


if __name__ == "__main__":
    main()

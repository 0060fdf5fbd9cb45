"""Extraction quality against data we did not write.

1. The seed articles against ../shared/gold (found, category, place, country; distractors hit).
2. IDMC's 312 labelled IDETECT excerpts: the share whose labelled quantity is among the figures
   extracted (matching `reported_value`), and among those how often term, unit, country and
   place agree with the label.
3. Microsoft Recognizers-Text number specs (delegates to benchmarks/recognizers_bench.py).
4. The shared development set ../shared/dev (40 real articles; part a for development, part b
   the check), each part scored on its own. With the article bodies rebuilt into --dev-docs
   (dNNN.txt: title, date or `unknown`, url, blank line, body; see ../shared/dev/README.md) the
   whole articles are extracted and scored with ../shared/tools/score.py; without them each gold
   and distractor quote is extracted on its own ("quote-level", a weaker check: no context, no
   unmatched predictions, so its precision is only found / (found + distractor hits)).
   Ends with one machine-readable line per part:
   dev_part=a precision=0.xxx recall=0.xxx f1=0.xxx category=0.xxx place=0.xxx mode=docs|quotes

With --write-quality the dev and IDETECT results are also written, with today's date and the
extractor version, to displacement/data/quality.json (or the path given): the page's "About these
numbers" panel shows them (displacement/quality.py). It needs the dev and idetect sections.

usage: python benchmarks/extract_quality.py [--shared ../shared] [--misses] [--only seeds,idetect,dev,recognizers]
                                            [--dev-docs /tmp/dev/docs] [--write-quality [PATH]]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from displacement.extract import extract_document, extract_figures  # noqa: E402
from displacement.model import Document  # noqa: E402
from displacement.quality import QUALITY_FILE  # noqa: E402

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


def load_tool(shared: Path, name: str):
    """A script of ../shared/tools loaded as a module (score.py, dev_docs.py)."""
    spec = importlib.util.spec_from_file_location(name, shared / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seeds_report(shared: Path) -> None:
    score = load_tool(shared, "score")
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


DEV_HEADER_LINES = 4  # title, date or `unknown`, url, blank line; the body follows


def _dev_document(path: Path, body_of) -> Document:
    """A rebuilt development article as a Document. The body is taken by dev_docs.py's own
    `body_of` (the text after the 4 header lines, as `dev_docs.py feed` gives it), so the
    offsets extracted here are offsets into the very text score() matches quotes in."""
    head = path.read_text(encoding="utf-8").split("\n")[:DEV_HEADER_LINES]
    head += [""] * (DEV_HEADER_LINES - len(head))
    title, published, url = (line.strip() for line in head[:3])
    return Document(id=path.stem, text=body_of(str(path)), title=title or None,
                    published=None if published in ("", "unknown") else published, url=url or None)


def _ratio(n: int, m: int) -> float:
    return n / m if m else 0.0


def _category_ok(score, gold_category, predicted_category) -> bool:
    """Category agreement exactly as score.score() counts category_ok."""
    gc = score.CAT.get(gold_category, gold_category)
    return predicted_category == gc or {gc, predicted_category} == {"camp", "displaced"}


def _overlaps(quote: str, number_text: str, figure) -> bool:
    """Whether the figure (offsets into `quote`) overlaps the distractor's number_text in it."""
    at = quote.find(number_text or "")
    if not number_text or at < 0:
        return False
    return figure.start < at + len(number_text) and at < figure.end


def _dev_docs_part(score, docs: list[Document], gold: list, distractors: list) -> dict:
    bodies = {doc.id: doc.text for doc in docs}
    preds = [f.to_dict() for doc in docs for f in extract_document(doc)]
    res = score.score(gold, bodies, preds, distractors)
    lost = sum(1 for row in [*gold, *distractors] if row["quote"] not in bodies.get(row["doc"], ""))
    res.update(mode="docs", quotes_not_in_bodies=lost)
    res["country_n"], res["country_named_ok"] = _country_among_found(score, gold, bodies, preds)
    return res


def _country_among_found(score, gold: list, bodies: dict, preds: list) -> tuple[int, int]:
    """(found figures whose gold names a country, how many of them have that country), with
    the gold-to-prediction matching of score.score() replayed in its order."""
    by_doc: dict[str, list] = {}
    for p in preds:
        by_doc.setdefault(str(p.get("document_id")), []).append(p)
    used, n, ok = set(), 0, 0
    for g in gold:
        doc, body = str(g["doc"]), bodies.get(str(g["doc"]))
        if body is None:
            continue
        spans = score.spans(body, [g["quote"], *(g.get("other_quotes") or [])])
        for k, p in enumerate(by_doc.get(doc, [])):
            if (doc, k) in used:
                continue
            sp = score.pred_span(body, p)
            if sp and any(a <= sp[0] and sp[1] <= b for a, b in spans) and score.numbers_agree(g, p):
                used.add((doc, k))
                if g.get("country"):
                    n += 1
                    got, want = (p.get("country_iso3") or "").upper(), g["country"].upper()
                    ok += got == want or score.ISO2.get(got) == want
                break
    return n, ok


def _dev_quotes_part(score, gold: list, distractors: list) -> dict:
    """Quote-level fallback: each gold quote and each distractor quote extracted on its own."""
    res = {"gold": len(gold), "found": 0, "category_ok": 0, "place_n": 0, "place_ok": 0, "country_ok": 0,
           "misses": [], "distractor_hits": [], "unmatched_predictions": [], "mode": "quotes"}
    for g in gold:
        figures = [f.to_dict() for f in extract_figures(g["quote"], document_id=g["doc"])]
        hit = next((p for p in figures if score.numbers_agree(g, p)), None)  # first agreeing, as score() takes
        if hit is None:
            res["misses"].append((g["doc"], g["quote"][:90], g.get("category")))
            continue
        res["found"] += 1
        res["category_ok"] += _category_ok(score, g.get("category"), hit.get("category"))
        if g.get("location"):
            res["place_n"] += 1
        res["place_ok"] += score.place_ok(g, hit)
        gcc, pcc = (g.get("country") or "").upper(), (hit.get("country_iso3") or "").upper()
        res["country_ok"] += bool(gcc and pcc and (gcc == pcc or score.ISO2.get(pcc) == gcc
                                                   or score.ISO2.get(gcc) == pcc))
    for d in distractors:
        for figure in extract_figures(d["quote"], document_id=d["doc"]):
            if _overlaps(d["quote"], d.get("number_text"), figure):
                res["distractor_hits"].append((d["doc"], figure.number_text, d["quote"][:70]))
                break
    precision = _ratio(res["found"], res["found"] + len(res["distractor_hits"]))
    recall = _ratio(res["found"], res["gold"])
    res["precision"], res["recall"] = round(precision, 3), round(recall, 3)
    res["f1"] = round(2 * precision * recall / max(1e-9, precision + recall), 3)
    return res


def dev_report(shared: Path, docs_dir: Path, show_misses: bool) -> dict:
    """../shared/dev per part (a: development, b: the check); see the module docstring."""
    score = load_tool(shared, "score")
    dev = shared / "dev"
    meta = load_jsonl(dev / "meta.jsonl")
    part_of = {m["doc"]: m["part"] for m in meta}
    gold = load_jsonl(dev / "gold.jsonl")
    distractors = load_jsonl(dev / "distractors.jsonl")
    body_of = None
    print("== ../shared/dev (real articles, part a and part b)")
    results = {}
    for part in sorted(set(part_of.values())):
        names = sorted(doc for doc, p in part_of.items() if p == part)
        g_rows = [g for g in gold if part_of.get(g["doc"], g.get("part")) == part]
        d_rows = [d for d in distractors if part_of.get(d["doc"], d.get("part")) == part]
        paths = [docs_dir / f"{name}.txt" for name in names]
        present = [path for path in paths if path.is_file()]
        if present and len(present) == len(paths):
            body_of = body_of or load_tool(shared, "dev_docs").body_of
            res = _dev_docs_part(score, [_dev_document(path, body_of) for path in paths], g_rows, d_rows)
            print(f"part {part} ({len(names)} articles from {docs_dir}):")
            print(f"  gold {res['gold']}  found {res['found']}  P {res['precision']:.3f}  R {res['recall']:.3f}  "
                  f"F1 {res['f1']:.3f}  predicted {res['predicted']}  unmatched {res['false']}")
            if res["quotes_not_in_bodies"]:
                print(f"  WARNING: {res['quotes_not_in_bodies']} gold/distractor quotes not in the rebuilt bodies "
                      f"(run ../shared/tools/dev_docs.py check {docs_dir})")
        else:
            res = _dev_quotes_part(score, g_rows, d_rows)
            why = (f"only {len(present)}/{len(paths)} articles in {docs_dir}" if present
                   else f"no article bodies in {docs_dir}")
            print(f"part {part} quote-level (bodies not rebuilt: {why}; each quote extracted on its own):")
            print(f"  found {res['found']}/{res['gold']}  R {res['recall']:.3f}  "
                  f"(P {res['precision']:.3f} = found / (found + distractor hits), F1 {res['f1']:.3f})")
        print(f"  category right among found {res['category_ok']}/{res['found']}  "
              f"place right among found with a gold place {res['place_ok']}/{res['place_n']} "
              f"({_ratio(res['place_ok'], res['place_n']):.2f})  "
              f"country right {res['country_ok']}/{res['found']}"
              + (f" (among found with a gold country {res['country_named_ok']}/{res['country_n']}"
                 f" = {_ratio(res['country_named_ok'], res['country_n']):.2f})" if "country_n" in res else "")
              + f"  distractor hits {len(res['distractor_hits'])}")
        if show_misses and part == "a":  # part b is the check: numbers only, never its sentences
            for miss in res["misses"]:
                print("  MISS", miss)
            for hit in res["distractor_hits"]:
                print("  DISTRACTOR", hit)
            for extra in res["unmatched_predictions"]:
                print("  EXTRA", extra)
        results[part] = res
    for part, res in results.items():
        print(f"dev_part={part} precision={res['precision']:.3f} recall={res['recall']:.3f} f1={res['f1']:.3f} "
              f"category={_ratio(res['category_ok'], res['found']):.3f} "
              f"place={_ratio(res['place_ok'], res['place_n']):.3f} "
              f"country={_ratio(res.get('country_named_ok', res['country_ok']), res.get('country_n', res['found'])):.3f} "
              f"mode={res['mode']}")
    return results


SECTIONS = ("seeds", "idetect", "dev", "recognizers")


def _sections(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    bad = [name for name in names if name not in SECTIONS]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"invalid section {', '.join(bad) or value!r} "
                                         f"(choose from {', '.join(SECTIONS)})")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.environ.get("DISPLACEMENT_SHARED", str(ROOT.parent / "shared")))
    parser.add_argument("--misses", action="store_true",
                        help="list IDETECT excerpts whose figure was missed, and dev part a misses and unmatched "
                             "predictions (never part b's)")
    parser.add_argument("--only", action="append", type=_sections, metavar="SECTION",
                        help=f"run only these sections ({', '.join(SECTIONS)}); repeatable or a comma list; "
                             "default all")
    parser.add_argument("--dev-docs", default=os.environ.get("DISPLACEMENT_DEV_DOCS", "/tmp/dev/docs"),
                        help="rebuilt dev article bodies, dNNN.txt (default $DISPLACEMENT_DEV_DOCS or /tmp/dev/docs); "
                             "without them the dev section is quote-level")
    parser.add_argument("--write-quality", nargs="?", const=str(QUALITY_FILE), default=None, metavar="PATH",
                        help=f"write the dev and IDETECT results to PATH (default {QUALITY_FILE.relative_to(ROOT)}) "
                             "for the page's 'About these numbers' panel")
    args = parser.parse_args()
    shared = Path(args.shared)
    only = {name for names in args.only or [list(SECTIONS)] for name in names}
    needs = {"seeds": "gold", "idetect": "peer", "dev": "dev", "recognizers": "peer"}
    for section, sub in needs.items():
        if section in only and not (shared / sub).is_dir():
            sys.exit(f"extract_quality: {shared}/{sub} not found; pass --shared PATH to the shared test data")
    if args.write_quality and not {"dev", "idetect"} <= only:
        sys.exit("extract_quality: --write-quality needs the dev and idetect sections")
    ran = False
    results: dict[str, dict] = {}
    # dev last, so that its dev_part= lines are the final lines of any run
    for section in ("seeds", "idetect", "recognizers", "dev"):
        if section not in only:
            continue
        if section == "recognizers":
            bench = ROOT / "benchmarks" / "recognizers_bench.py"
            if not bench.exists():
                continue
            if ran:
                print()
            print("== Recognizers-Text number specs")
            sys.stdout.flush()  # the bench writes to the same stdout from another process
            subprocess.call([sys.executable, str(bench), "--no-speed",
                             "--cases", str(shared / "peer" / "recognizers_numbers.jsonl")])
        else:
            if ran:
                print()
            if section == "seeds":
                seeds_report(shared)
            elif section == "idetect":
                results["idetect"] = idetect_report(shared, args.misses)
            else:
                results["dev"] = dev_report(shared, Path(args.dev_docs), args.misses)
        ran = True
    if args.write_quality:
        write_quality(Path(args.write_quality), results["dev"], results["idetect"])


def write_quality(path: Path, dev: dict, idetect: dict) -> None:
    """The measured quality with its date and extractor version, for the page (quality.py)."""
    from datetime import date

    from displacement.extract import EXTRACTOR_VERSION
    from displacement.quality import quality_record

    record = quality_record(dev, idetect, version=EXTRACTOR_VERSION, measured=date.today().isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote the measured quality to {path}")


if __name__ == "__main__":
    main()

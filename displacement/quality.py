"""The measured quality of this version, as the page's "About these numbers" panel shows it.

``benchmarks/extract_quality.py --write-quality`` measures the extractor on the development set
(../shared/dev: real articles, part a for development, part b the held-out check) and on IDMC's
labelled IDETECT excerpts (the peer set), and writes the result with its date and extractor
version to ``displacement/data/quality.json`` (``quality_record`` builds it). The page reads it
with ``load_quality``; a missing or unreadable file is ``None`` (the panel then says the quality
was not measured), never an error.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Optional

QUALITY_FILE = Path(__file__).resolve().parent / "data" / "quality.json"

#: the sets, in the order the panel lists them, with what a reader needs to know about each
SET_LABELS: dict[str, str] = {
    "dev_a": "Development set, part a (20 real articles, used while building the extractor)",
    "dev_b": "Development set, part b (20 real articles, held out: the check)",
    "idetect": "IDMC IDETECT excerpts (312 labelled excerpts, the peer set)",
}


def _rate(value: Any) -> Optional[float]:
    if value is None:
        return None
    return round(float(value), 3)


def quality_record(dev: Mapping[str, Mapping[str, Any]], idetect: Optional[Mapping[str, Any]], *,
                   version: str, measured: str) -> dict[str, Any]:
    """The quality file's content from ``dev_report``'s per-part results and ``idetect_report``'s
    rates. Precision is the share of extracted figures that are in the gold; recall the share of
    gold figures found; place the share of found figures with a gold place whose place is right.
    The IDETECT excerpts label one figure each and not every figure of the text, so they give
    recall and place only (no precision)."""
    sets: dict[str, dict[str, Any]] = {}
    for part in sorted(dev):
        res = dev[part]
        place_n = int(res.get("place_n") or 0)
        sets[f"dev_{part}"] = {
            "label": SET_LABELS.get(f"dev_{part}", f"Development set, part {part}"),
            "mode": res.get("mode", "docs"),
            "gold": int(res.get("gold") or 0),
            "found": int(res.get("found") or 0),
            "precision": _rate(res.get("precision")),
            "recall": _rate(res.get("recall")),
            "place": _rate(res["place_ok"] / place_n) if place_n else None,
        }
    if idetect:
        sets["idetect"] = {
            "label": SET_LABELS["idetect"],
            "precision": None,
            "recall": _rate(idetect.get("found")),
            "place": _rate(idetect.get("place")),
        }
    return {"measured": measured, "extractor_version": version, "sets": sets}


def load_quality(path: Path | str = QUALITY_FILE) -> Optional[dict[str, Any]]:
    """The quality file, or None when it is missing or not the expected JSON."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("sets"), dict):
        return None
    return data


def quality_rows(record: Optional[Mapping[str, Any]]) -> list[dict[str, str]]:
    """One row per measured set for the panel's table: its label and precision, recall and
    place as percentages ("–" where the set does not measure it)."""
    if not record:
        return []

    def pct(value: Any) -> str:
        return "–" if value is None else f"{float(value) * 100:.0f}%"

    return [
        {"Measured on": str(s.get("label", name)), "Precision": pct(s.get("precision")),
         "Recall": pct(s.get("recall")), "Place right": pct(s.get("place"))}
        for name, s in record.get("sets", {}).items()
    ]

"""The measured quality the page shows (quality.py): the record the benchmark writes, the shipped
file, and the panel's rows."""
from __future__ import annotations

import json

import pytest

from displacement import quality
from displacement.extract import EXTRACTOR_VERSION

DEV = {
    "a": {"mode": "docs", "gold": 149, "found": 138, "precision": 0.9387, "recall": 0.9262, "place_ok": 110, "place_n": 122},
    "b": {"mode": "docs", "gold": 119, "found": 110, "precision": 0.965, "recall": 0.924, "place_ok": 69, "place_n": 81},
}
IDETECT = {"found": 0.9487, "term": 0.889, "unit": 1.0, "country": 0.897, "place": 0.854}


def test_quality_record_from_the_benchmark_results():
    record = quality.quality_record(DEV, IDETECT, version="0.4.0", measured="2026-12-07")
    assert record["measured"] == "2026-12-07" and record["extractor_version"] == "0.4.0"
    assert list(record["sets"]) == ["dev_a", "dev_b", "idetect"]
    a = record["sets"]["dev_a"]
    assert (a["precision"], a["recall"], a["place"], a["gold"], a["found"]) == (0.939, 0.926, 0.902, 149, 138)
    assert record["sets"]["dev_b"]["place"] == 0.852
    # the peer set labels one figure per excerpt: recall and place, no precision
    assert record["sets"]["idetect"] == {"label": quality.SET_LABELS["idetect"], "precision": None,
                                         "recall": 0.949, "place": 0.854}


def test_a_set_without_gold_places_has_no_place_rate():
    record = quality.quality_record({"a": {**DEV["a"], "place_n": 0, "place_ok": 0}}, None, version="v", measured="d")
    assert record["sets"]["dev_a"]["place"] is None and "idetect" not in record["sets"]


def test_the_shipped_file_is_this_extractor_version_measured_on_every_set():
    record = quality.load_quality()
    assert record is not None, f"{quality.QUALITY_FILE} is missing: run benchmarks/extract_quality.py --write-quality"
    assert record["extractor_version"] == EXTRACTOR_VERSION, "re-measure after an extractor upgrade"
    assert set(record["sets"]) == {"dev_a", "dev_b", "idetect"}
    for name in ("dev_a", "dev_b"):
        assert record["sets"][name]["mode"] == "docs"  # whole articles, not quote by quote
        assert 0.5 < record["sets"][name]["precision"] <= 1 and 0.5 < record["sets"][name]["recall"] <= 1


@pytest.mark.parametrize("content", ["", "not json", "[]", '{"measured": "2026-01-01"}', '{"sets": []}'])
def test_an_unreadable_file_is_none(tmp_path, content):
    path = tmp_path / "quality.json"
    path.write_text(content)
    assert quality.load_quality(path) is None
    assert quality.load_quality(tmp_path / "missing.json") is None


def test_rows_for_the_panel(tmp_path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps(quality.quality_record(DEV, IDETECT, version="v", measured="d")))
    rows = quality.quality_rows(quality.load_quality(path))
    assert rows == [
        {"Measured on": quality.SET_LABELS["dev_a"], "Precision": "94%", "Recall": "93%", "Place right": "90%"},
        {"Measured on": quality.SET_LABELS["dev_b"], "Precision": "96%", "Recall": "92%", "Place right": "85%"},
        {"Measured on": quality.SET_LABELS["idetect"], "Precision": "–", "Recall": "95%", "Place right": "85%"},
    ]
    assert quality.quality_rows(None) == []

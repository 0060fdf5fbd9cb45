"""The page's review helpers (review_views.py): the queue's order, the correction form, the
history table, the shares of reviews and the confidence text, as tables."""
from __future__ import annotations

import pandas as pd
import pytest

from displacement import review_views as rv
from displacement.reviews import Review, ReviewError, apply_reviews


def frame(rows):
    cols = ["figure_id", "value", "low", "confidence", "review_status"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


@pytest.mark.parametrize("rows, want", [
    # impact = people x (1 - confidence): 3.4 million at 0.9 (340,000) before 15,000 at 0.3 (10,500)
    ([("small", 15000, 15000, 0.3, "unreviewed"), ("big", 3400000, None, 0.9, "unreviewed")], ["big", "small"]),
    # equal numbers: the less certain first
    ([("sure", 5000, 5000, 0.9, "unreviewed"), ("doubt", 5000, 5000, 0.4, "unreviewed")], ["doubt", "sure"]),
    # equal impact: the larger number first
    ([("a", 1000, 1000, 0.5, "unreviewed"), ("b", 2000, 2000, 0.75, "unreviewed")], ["b", "a"]),
    # reviewed figures (any status) are not in the queue
    ([("ok", 9000000, None, 0.2, "confirmed"), ("no", 9000000, None, 0.2, "rejected"),
      ("fix", 9000000, None, 0.2, "corrected"), ("todo", 10, 10, 0.9, "unreviewed")], ["todo"]),
    # a vague amount counts as its lower bound; unknown confidence is full doubt
    ([("vague", None, 1000, 0.6, "unreviewed"), ("unknown", 500, 500, None, "unreviewed")], ["unknown", "vague"]),
    # a full tie: by figure id
    ([("z", 100, 100, 0.5, "unreviewed"), ("m", 100, 100, 0.5, "unreviewed")], ["m", "z"]),
    ([], []),
])
def test_review_queue_order(rows, want):
    got = rv.review_queue(frame(rows))
    assert list(got["figure_id"]) == want


def test_review_queue_limit_and_frames_without_reviews():
    plain = frame([(f"f{i}", i * 100, i * 100, 0.5, None) for i in range(1, 80)]).drop(columns="review_status")
    queue = rv.review_queue(plain, limit=3)
    assert list(queue["figure_id"]) == ["f79", "f78", "f77"]
    assert len(rv.review_queue(plain)) == rv.QUEUE_SIZE


ROW = {"figure_id": "f1", "document_id": "d1", "value": 8400, "low": 8400, "high": 8400, "qualifier": "approx",
       "category": "camp", "term": "in_camp", "figure_type": "stock", "location": "Kassala", "admin1": "Kassala",
       "country_iso3": "SDN", "lat": 15.45, "lon": 36.4, "location_precision": "place", "date": "2024-05-01",
       "date_precision": "day", "period_start": None, "period_end": None, "quote": "About 1,500 families...",
       "number_text": "About 1,500", "start": 0}


def reviewed(row=ROW, reviews=()):
    return apply_reviews(pd.DataFrame([row]), list(reviews)).iloc[0].to_dict()


def test_form_defaults_are_the_figure_as_it_stands():
    assert rv.form_defaults(reviewed()) == {"value": "8400", "low": "8400", "high": "8400", "qualifier": "approx",
                                            "category": "camp", "location": "Kassala", "admin1": "Kassala",
                                            "country_iso3": "SDN", "date": "2024-05-01"}


@pytest.mark.parametrize("submitted, want", [
    ({"value": "8400", "qualifier": "approx"}, {}),
    ({"value": "8,400"}, {}),  # the same number written with a separator
    ({"value": "9,000", "high": "9000"}, {"value": "9,000", "high": "9000"}),
    ({"country_iso3": "sdn"}, {}),
    ({"location": " Kassala "}, {}),
    ({"location": "Gedaref"}, {"location": "Gedaref"}),
    ({"high": ""}, {"high": ""}),  # emptied: no upper bound
    ({"value": "many"}, {"value": "many"}),  # kept, so that validate_changes names it
])
def test_form_changes(submitted, want):
    assert rv.form_changes(reviewed(), submitted) == want


PREVIOUS = Review(review_id=1, figure_id="f1", document_id="d1", quote=None, number_text=None, start=0,
                  action="correct", changes={"location": "Gedaref"}, editor="Ann", at="2026-01-01T00:00:00+00:00")


@pytest.mark.parametrize("submitted, previous, want", [
    ({"value": "9000", "low": "9000", "high": "9000"}, None, {"high": 9000, "low": 9000, "value": 9000}),
    # a field corrected before stays corrected
    ({"category": "displaced"}, PREVIOUS, {"category": "displaced", "location": "Gedaref"}),
    ({"value": "9000"}, None, ReviewError("value 9,000 is more than high 8,400")),
    ({"low": "5000", "high": "4000"}, None, ReviewError("low 5,000 is more than high 4,000")),
    ({"date": "May 2024"}, None, ReviewError("date='May 2024': expected a date as YYYY-MM-DD")),
    ({"qualifier": "approx"}, None, ReviewError("nothing was changed: edit a field, or confirm the figure as it is")),
])
def test_correction_is_checked_against_the_extracted_figure(submitted, previous, want):
    row = reviewed(reviews=[PREVIOUS] if previous else [])
    if isinstance(want, Exception):
        with pytest.raises(ReviewError) as err:
            rv.correction(row, submitted, previous)
        assert str(err.value) == str(want)
    else:
        assert rv.correction(row, submitted, previous) == want


def test_extracted_figure_undoes_corrections():
    row = reviewed(reviews=[PREVIOUS])
    assert row["location"] == "Gedaref" and rv.extracted_figure(row)["location"] == "Kassala"


def test_history_table_oldest_first():
    later = Review(review_id=2, figure_id="f1", document_id="d1", quote=None, number_text=None, start=0,
                   action="reject", editor="Bo Chen", at="2026-01-02T09:30:00+00:00", note="a forecast")
    fixed = Review(review_id=3, figure_id="f1", document_id="d1", quote=None, number_text=None, start=0,
                   action="correct", changes={"value": 8400, "high": None, "lat": 15.5}, editor="Ann",
                   at="2026-01-01T12:00:00+00:00")
    table = rv.history_table([later, PREVIOUS, fixed])
    assert table.to_dict("records") == [
        {"When (UTC)": "2026-01-01 00:00:00", "Review": "corrected", "Editor": "Ann", "Changes": "location = Gedaref",
         "Note": ""},
        {"When (UTC)": "2026-01-01 12:00:00", "Review": "corrected", "Editor": "Ann",
         "Changes": "high = (empty), lat = 15.5, value = 8,400", "Note": ""},
        {"When (UTC)": "2026-01-02 09:30:00", "Review": "rejected", "Editor": "Bo Chen", "Changes": "",
         "Note": "a forecast"},
    ]
    assert rv.history_table([]).empty


@pytest.mark.parametrize("status, editor, want", [
    ("unreviewed", None, "not reviewed"), (None, None, "not reviewed"), ("confirmed", "Ann", "confirmed by Ann"),
    ("rejected", "Bo", "rejected by Bo"), ("corrected", None, "corrected"),
])
def test_review_label(status, editor, want):
    assert rv.review_label(status, editor) == want


@pytest.mark.parametrize("counts, want", [
    ({"unreviewed": 5, "confirmed": 0, "corrected": 0, "rejected": 0}, None),
    ({"unreviewed": 5, "confirmed": 7, "corrected": 3, "rejected": 2},
     "Of 12 reviewed figures, 58% were confirmed as extracted, 25% corrected and 17% rejected (7, 3 and 2); "
     "5 not reviewed yet."),
    ({"unreviewed": 0, "confirmed": 1, "corrected": 0, "rejected": 0},
     "Of 1 reviewed figure, 100% was confirmed as extracted, 0% corrected and 0% rejected (1, 0 and 0); "
     "0 not reviewed yet."),
])
def test_status_shares(counts, want):
    assert rv.status_shares(counts) == want


def test_every_category_and_qualifier_has_a_meaning():
    from displacement.model import CATEGORIES, QUALIFIERS

    assert set(rv.CATEGORY_MEANINGS) == set(CATEGORIES)
    assert set(rv.QUALIFIER_MEANINGS) == set(QUALIFIERS)


def test_the_confidence_text_says_what_extract_does():
    """The panel's numbers are the extractor's: 0.35 base, +0.2 own noun, +0.25 term close,
    +0.2 place; checked on _confidence itself."""
    from types import SimpleNamespace

    from displacement.extract import _confidence

    def conf(implicit, cue, term, precision):
        phrase = SimpleNamespace(implicit=implicit, term=term)
        return _confidence(phrase, cue, SimpleNamespace(end=100), SimpleNamespace(precision=precision))

    assert conf(True, None, None, None) == 0.35
    assert conf(False, None, None, None) == 0.55
    assert conf(True, 120, None, None) == 0.6 and conf(True, 200, None, None) == 0.5 and conf(True, 400, None, None) == 0.4
    assert conf(True, None, "refugees", None) == 0.55
    assert conf(True, None, None, "camp") == 0.55 and conf(True, None, None, "country") == 0.45
    assert conf(False, 120, "x", "place") == 1.0
    for claim in ("starts at 0.35", "+0.2 when the number has its own noun", "+0.25", "within 60 characters",
                  "+0.15 within 140", "+0.05", "+0.1 for a province or a country", "At most 1"):
        assert claim in rv.CONFIDENCE_TEXT

"""The shared filter: URL parameters in and out, and what apply() keeps."""
from __future__ import annotations

import pandas as pd
import pytest

from displacement.filters import FilterError, Filters, apply, options
from displacement.model import FIGURE_FIELDS


def frame():
    rows = [
        dict(figure_id="a", category="trapped", term="trapped", country_iso3="IRQ", location="Mosul", source="AFP",
             qualifier="at_most", date="2016-08-01", confidence=0.9, quote="up to one million civilians under IS rule"),
        dict(figure_id="b", category="displaced", term="displaced", country_iso3="IRQ", location="Iraq", source="AFP",
             qualifier="approx", date="2016-08-20", confidence=0.8, quote="Nearly 3.4 million people displaced"),
        dict(figure_id="c", category="camp", term="in_camp", country_iso3="SYR", location="Raqqa", source="OCHA",
             qualifier="vague", date=None, confidence=0.5, quote="thousands now live in camps"),
        dict(figure_id="d", category="trapped", term="trapped", country_iso3="SYR", location="Raqqa", source="OCHA",
             qualifier="exact", date="2017-06-01", confidence=0.4, quote="50,000 civilians trapped"),
    ]
    return pd.DataFrame([{k: r.get(k) for k in FIGURE_FIELDS} for r in rows])


def test_query_params_round_trip():
    f = Filters.from_query_params({"category": "trapped", "country": ["irq", "SYR"], "since": "2016-01-01", "q": "IS rule"})
    assert f == Filters(category=("trapped",), country=("IRQ", "SYR"), since="2016-01-01", q="IS rule")
    assert Filters.from_query_params(f.to_query_params()) == f
    assert Filters.from_query_params({"country": "IRQ,SYR"}).country == ("IRQ", "SYR")
    assert Filters().to_query_params() == {}


@pytest.mark.parametrize("params,message", [
    ({"since": "2016-13-01"}, "since='2016-13-01'"),
    ({"until": "yesterday"}, "until='yesterday'"),
    ({"min_confidence": "high"}, "min_confidence='high'"),
    ({"min_confidence": "2"}, "between 0 and 1"),
])
def test_bad_values_name_the_parameter(params, message):
    with pytest.raises(FilterError, match=message):
        Filters.from_query_params(params)


@pytest.mark.parametrize("filters,kept", [
    (Filters(), ["a", "b", "c", "d"]),
    (Filters(category=("trapped",)), ["a", "d"]),
    (Filters(category=("trapped",), country=("IRQ",)), ["a"]),
    (Filters(location=("Raqqa",)), ["c", "d"]),
    (Filters(since="2016-08-10"), ["b", "d"]),  # undated figures drop out once a date bound is set
    (Filters(until="2016-12-31"), ["a", "b"]),
    (Filters(q="IS RULE"), ["a"]),
    (Filters(min_confidence=0.6), ["a", "b"]),
    (Filters(qualifier=("exact", "approx", "at_most")), ["a", "b", "d"]),
    (Filters(source=("OCHA",), term=("in_camp",)), ["c"]),
])
def test_apply_keeps_the_matching_rows_in_order(filters, kept):
    assert list(apply(frame(), filters)["figure_id"]) == kept


@pytest.mark.parametrize("dtype", ["str", "string", "object", "category"])
def test_options_skip_missing_and_empty_values_in_any_string_dtype(dtype):
    column = pd.Series(["Mosul", None, "", "Aleppo", "Mosul", float("nan")], dtype=dtype)
    assert options(pd.DataFrame({"location": column}), "location") == ["Aleppo", "Mosul"]
    assert options(pd.DataFrame({"location": column[:0]}), "location") == []
    assert options(pd.DataFrame({"other": column}), "location") == []


def test_options_and_slug():
    assert options(frame(), "country_iso3") == ["IRQ", "SYR"]
    assert Filters(category=("trapped",), country=("IRQ",)).slug() == "trapped_IRQ"
    assert Filters().slug() == "all"


# ---- options that depend on the other filters (issue 15) -------------------------------------------

def _options_frame() -> pd.DataFrame:
    rows = [
        ("trapped", "trapped", "IRQ", "Fallujah", "2016-05-23"),
        ("trapped", "trapped", "IRQ", "Mosul", "2016-10-01"),
        ("camp", "in_camp", "IRQ", "Dibaga Camp", "2016-08-17"),
        ("camp", "sheltered", "SDN", "Kassala", "2024-05-01"),
        ("displaced", "displaced", "SDN", "Sudan", None),
    ]
    return pd.DataFrame([dict(zip(("category", "term", "country_iso3", "location", "date"), r), quote="q",
                              confidence=0.8, qualifier="exact", source="S") for r in rows])


@pytest.mark.parametrize("params, name, expected", [
    # the Place list offered places with no figure in the chosen category
    ({"category": "camp"}, "location", ["Dibaga Camp", "Kassala"]),
    ({"category": "trapped"}, "location", ["Fallujah", "Mosul"]),
    ({"category": "camp", "country": "SDN"}, "location", ["Kassala"]),
    ({"since": "2016-09-01", "until": "2017-01-01"}, "location", ["Mosul"]),
    # a chosen place never hides the others
    ({"category": "trapped", "location": "Mosul"}, "location", ["Fallujah", "Mosul"]),
    ({}, "location", ["Dibaga Camp", "Fallujah", "Kassala", "Mosul", "Sudan"]),
    ({"category": "camp"}, "term", ["in_camp", "sheltered"]),
    # the category list stays whole
    ({"category": "camp", "country": "SDN"}, "category", ["camp", "displaced", "trapped"]),
])
def test_options_given_the_other_filters(params, name, expected):
    from displacement.filters import options_given

    assert options_given(_options_frame(), Filters.from_query_params(params), name) == expected

"""Evidence that explains itself (displacement/evidence.py, issue 15): how a number was counted,
whom to cite, and which figures are held back for review."""
from __future__ import annotations

import pandas as pd
import pytest

from displacement import evidence, units
from displacement.model import FIGURE_FIELDS


def row(**fields) -> dict:
    base = {name: None for name in FIGURE_FIELDS}
    base.update(qualifier="exact", reported_unit="people", category="displaced", extractor_version="0.4.0")
    base.update(fields)
    return base


# ---- how a number was counted -----------------------------------------------------------------------

EXPLANATIONS = [
    # a household conversion, with the article's own noun, the size and where it comes from
    (row(number_text="about 1,500", quote="about 1,500 families were sheltering in a school in Kassala.",
         value=8400, low=8400, high=8400, qualifier="approx", reported_value=1500, reported_unit="households",
         household_size=5.6, country_iso3="SDN", category="camp"),
     "about 1,500 families × 5.6 (UN DESA 2019, Sudan) = about 8,400 people"),
    (row(number_text="About 1,500", quote="About 1,500 households fled.", value=8400, low=8400, high=8400,
         qualifier="approx", reported_value=1500, reported_unit="households", household_size=5.6,
         country_iso3="SDN"),
     "about 1,500 households × 5.6 (UN DESA 2019, Sudan) = about 8,400 people"),
    # a vague amount of families: its bound, then the conversion
    (row(number_text="Thousands", quote="Thousands of families fled Kassala.", low=5600, qualifier="vague",
         reported_value=1000, reported_unit="households", household_size=5.6, country_iso3="SDN"),
     "thousands of families (read as at least 1,000) × 5.6 (UN DESA 2019, Sudan) = at least 5,600 people"),
    # a country without a UN DESA size takes the default, and says so
    (row(number_text="921", quote="921 families were displaced.", value=4605, low=4605, high=4605,
         reported_value=921, reported_unit="households", household_size=units.DEFAULT_HOUSEHOLD_SIZE,
         country_iso3="FRA"),
     "921 families × 5 (default: no UN DESA 2019 size for France) = 4,605 people"),
    # a size set for an upload
    (row(number_text="200", quote="200 families fled.", value=800, low=800, high=800, reported_value=200,
         reported_unit="households", household_size=4.0, country_iso3="SDN", extractor_version="0.4.0+hh4"),
     "200 families × 4 (set for this upload) = 800 people"),
    # a range of households
    (row(number_text="Between 500 and 1,000", quote="Between 500 and 1,000 families were evacuated.",
         value=2500, low=2500, high=5000, qualifier="range", reported_value=500, reported_unit="households",
         household_size=5.0, country_iso3=None, category="evacuated"),
     "between 500 and 1,000 families × 5 (default: no UN DESA 2019 size) = 2,500–5,000 people"),
    # households restated in people by the article: no multiplier
    (row(number_text="27,634 families (165,744 individuals)", quote="27,634 families (165,744 individuals) fled.",
         value=165744, low=165744, high=165744, reported_value=27634, reported_unit="households"),
     "27,634 households, given as 165,744 people by the article"),
    # a vague amount of people: its bound
    (row(number_text="thousands", quote="thousands fled", low=1000, qualifier="vague"),
     "“thousands” read as at least 1,000 people"),
    (row(number_text="several thousand", quote="several thousand fled", low=2000, qualifier="vague"),
     "“several thousand” read as at least 2,000 people"),
    # housing stays in dwellings
    (row(number_text="13.5 million", quote="The floods destroyed 13.5 million housing units.", value=13500000,
         low=13500000, high=13500000, reported_value=13500000, reported_unit="houses", category="housing",
         country_iso3="PAK"),
     "13.5 million housing units: counted in dwellings, not converted to people"),
    # a plain count of people needs no explanation
    (row(number_text="About 50,000", quote="About 50,000 civilians are trapped.", value=50000, low=50000,
         high=50000, qualifier="approx", category="trapped"), ""),
]


@pytest.mark.parametrize("figure, text", EXPLANATIONS)
def test_explanation(figure, text):
    assert evidence.explanation(figure) == text


@pytest.mark.parametrize("category, unit, expected", [
    ("housing", "houses", "dwellings"), ("housing", "households", "dwellings"), ("housing", "people", "people"),
    ("evacuated", "houses", "people"), ("displaced", "households", "people"), (None, None, "people"),
])
def test_figure_unit(category, unit, expected):
    assert evidence.figure_unit(category, unit) == expected
    frame = pd.DataFrame([row(category=category, reported_unit=unit)])
    assert evidence.units_of(frame).tolist() == [expected]


# ---- citing the article ----------------------------------------------------------------------------

@pytest.mark.parametrize("url, link", [
    ("https://www.reuters.com/world/x", "https://www.reuters.com/world/x"),
    ("http://example.org/a?b=1", "http://example.org/a?b=1"),
    ("reliefweb.int/report/sudan/flash-update", "https://reliefweb.int/report/sudan/flash-update"),
    ("www.bbc.co.uk/news/world-123", "https://www.bbc.co.uk/news/world-123"),
    ("javascript:alert(1)", ""), ("data:text/html,x", ""), ("001_4cdda67df5ead196.txt", ""),
    ("https://", ""), ("not a link", ""), (None, ""), (float("nan"), ""),
])
def test_link(url, link):
    assert evidence.link(url) == link


@pytest.mark.parametrize("source, title, url, published, text, link", [
    ("Reuters", "Thousands flee Mosul", "https://www.reuters.com/x", "2016-08-20T10:00:00",
     "Reuters: “Thousands flee Mosul”, 2016-08-20", "https://www.reuters.com/x"),
    (None, "Thousands flee Mosul", "https://www.aljazeera.com/news/x", None,
     "aljazeera.com: “Thousands flee Mosul”", "https://www.aljazeera.com/news/x"),
    (None, "IS struggles to retain grip", None, "2016-08-17", "“IS struggles to retain grip”, 2016-08-17", ""),
    ("Reuters", None, "javascript:alert(1)", None, "Reuters", ""),
    (None, None, None, None, "", ""),
    (None, None, None, "2016-08-17", "", ""),
])
def test_citation(source, title, url, published, text, link):
    cited = evidence.citation(source, title, url, published)
    assert (cited.text, cited.link) == (text, link)


# ---- held back for review ------------------------------------------------------------------------------

def test_country_population_from_the_gazetteer():
    assert 20_000_000 < evidence.country_population("IRQ") < 60_000_000
    assert evidence.country_population("XXX") == 0


@pytest.mark.parametrize("value, low, country, category, unit, held", [
    (13_500_000, 13_500_000, "PAK", "housing", "houses", False),
    (250_000_000, 250_000_000, "PAK", "housing", "houses", True),  # more dwellings than people
    (300_000_000, 300_000_000, "PAK", "displaced", "people", True),
    (50_000_000, 50_000_000, "SDN", "displaced", "people", True),
    (3_400_000, 3_400_000, "IRQ", "displaced", "people", False),
    (None, 60_000_000, "IRQ", "displaced", "people", True),  # a vague bound counts too
    (50_000_000, 50_000_000, None, "displaced", "people", False),  # no country: nothing to compare with
])
def test_held_for_review(value, low, country, category, unit, held):
    populations = {"PAK": 212_000_000, "SDN": 41_000_000, "IRQ": 38_000_000}
    frame = pd.DataFrame([row(value=value, low=low, country_iso3=country, category=category, reported_unit=unit)])
    reason = evidence.held_for_review(frame, populations).iloc[0]
    assert bool(reason) == held
    if held:
        assert "more than the population of" in reason and "held back for review" in reason


def test_held_reason_names_the_country_and_the_chartable_frame_leaves_it_out():
    frame = pd.DataFrame([
        row(figure_id="a", value=50_000_000, low=50_000_000, high=50_000_000, country_iso3="IRQ"),
        row(figure_id="b", value=3_400_000, low=3_400_000, high=3_400_000, country_iso3="IRQ"),
    ])
    held = evidence.held_for_review(frame)
    assert held.iloc[0].startswith("50,000,000 people is more than the population of Iraq (")
    assert held.iloc[1] == ""
    assert evidence.chartable(frame, held)["figure_id"].tolist() == ["b"]
    assert evidence.chartable(frame.iloc[1:]) is not None and len(evidence.chartable(frame.iloc[1:])) == 1


def test_a_corrected_conversion_keeps_the_extractors_arithmetic_and_says_the_correction():
    """A reviewer's 8,000 is not '1,500 families x 5.6 = 8,000': the page once said so."""
    import pandas as pd

    from displacement.reviews import Review, apply_reviews

    row = {"figure_id": "f", "document_id": "d", "quote": "About 1,500 families were sheltering in a school.",
           "number_text": "About 1,500", "start": 0, "value": 8400, "low": 8400, "high": 8400, "qualifier": "approx",
           "reported_value": 1500, "reported_unit": "households", "household_size": 5.6, "country_iso3": "SDN",
           "category": "camp"}
    fixed = Review(review_id=1, figure_id="f", document_id="d", quote=None, number_text=None, start=0,
                   action="correct", changes={"value": 8000, "low": 8000, "high": 8000}, editor="Bo",
                   at="2026-01-01T00:00:00+00:00")
    plain = evidence.explanation(apply_reviews(pd.DataFrame([row]), []).iloc[0].to_dict())
    corrected = evidence.explanation(apply_reviews(pd.DataFrame([row]), [fixed]).iloc[0].to_dict())
    assert plain == "about 1,500 families × 5.6 (UN DESA 2019, Sudan) = about 8,400 people"
    assert corrected == plain + "; corrected by review to about 8,000"
    place_only = Review(**{**fixed.to_dict(), "changes": {"location": "Gedaref"}})
    assert evidence.explanation(apply_reviews(pd.DataFrame([row]), [place_only]).iloc[0].to_dict()) == plain

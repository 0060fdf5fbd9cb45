"""Chart builders (displacement/charts.py): what each chart draws, its tooltips, its limits on
big inputs, and the country outlines it ships. Specs are checked as Vega-Lite dicts; the real
rendering is checked in test_browser.py."""
from __future__ import annotations

import json
import math
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest

from displacement import charts
from displacement.model import FIGURE_FIELDS, Document, Figure, make_figure_id

DATA = Path(charts.__file__).resolve().parent / "data"


def figure(doc="d1", start=0, *, value=50000, low=None, high=None, qualifier="approx", category="trapped",
           location="Fallujah", country="IRQ", lat=33.35, lon=43.78, day="2016-05-23", quote=None,
           number_text="About 50,000", source="Reuters", figure_type="stock") -> Figure:
    low = value if low is None and qualifier not in ("at_most", "vague") else low
    high = value if high is None and qualifier not in ("at_least", "vague") else high
    return Figure(
        figure_id=make_figure_id(doc, start, start + 3), document_id=doc,
        quote=quote or f"{number_text} people are {category} in {location}.", start=start, end=start + 3,
        number_text=number_text, value=value, low=low, high=high, qualifier=qualifier, reported_value=value,
        reported_unit="people", term=category, category=category, figure_type=figure_type, title="T", source=source,
        url="https://example.org/" + doc, published=day, location=location, country_iso3=country, lat=lat, lon=lon,
        location_precision="place", location_text=location, date=day, date_precision="day", confidence=0.8,
    )


def frame(*figs: Figure) -> pd.DataFrame:
    return pd.DataFrame([f.to_dict() for f in figs], columns=list(FIGURE_FIELDS))


def sample() -> pd.DataFrame:
    return frame(
        figure("a", 0, value=50000, location="Fallujah", lat=33.35, lon=43.78, day="2016-05-23"),
        figure("b", 0, value=30000, location="Fallujah", lat=33.35, lon=43.78, day="2016-05-30"),  # restatement
        figure("a", 10, value=1000000, qualifier="at_most", location="Mosul", lat=36.34, lon=43.13, day="2016-03-14"),
        figure("a", 20, value=None, low=1000, qualifier="vague", category="camp", location="Dibaga Camp", lat=35.87,
               lon=43.8, number_text="thousands", day="2016-03-14"),
        figure("c", 0, value=3750, low=2500, high=5000, qualifier="range", category="evacuated", location="Aleppo",
               country="SYR", lat=36.2, lon=37.16, day="2016-12-10"),
        figure("c", 10, value=7, qualifier="exact", category="casualties", location="Mosul", lat=36.34, lon=43.13,
               day="2016-06-01", number_text="seven"),
        figure("d", 0, value=120000, category="refugees", location=None, country=None, lat=None, lon=None,
               day=None),  # no place, no date
    )


def layer_data(spec: dict, index: int = 0) -> list[dict]:
    """The rows of one layer (Altair puts data in top-level datasets)."""
    layer = spec["layer"][index] if "layer" in spec else spec
    name = (layer.get("data") or spec.get("data"))["name"]
    return spec["datasets"][name]


def json_ok(chart: alt.Chart) -> dict:
    spec = chart.to_dict()
    json.dumps(spec, allow_nan=False)  # what the browser gets must be valid JSON (no NaN, no pd.NA)
    return spec


# ---- by location --------------------------------------------------------------------------------

def test_by_location_bar_is_the_largest_figure_never_a_sum():
    spec = json_ok(charts.by_location(sample()))
    rows = layer_data(spec)
    bars = {(r["place"], r["category"]): r for r in rows}
    # Fallujah reported 50,000 then 30,000: the bar is 50,000 (not 80,000), and it says 2 figures
    assert bars[("Fallujah, IRQ", "trapped")]["people"] == 50000
    assert bars[("Fallujah, IRQ", "trapped")]["Figures reported"] == "2"
    assert bars[("Mosul, IRQ", "trapped")]["people"] == 1000000
    assert bars[("Mosul, IRQ", "casualties")]["people"] == 7
    assert bars[("Dibaga Camp, IRQ", "camp")]["people"] == 1000  # vague: its lower bound
    # places sorted by their largest figure
    y = spec["layer"][0]["encoding"]["y"]
    places = list(dict.fromkeys(key.split(charts.ROW_SEP)[0] for key in y["sort"]))
    assert places == ["Mosul, IRQ", "Fallujah, IRQ", "Aleppo, SYR", "Dibaga Camp, IRQ"]
    # tooltips carry the evidence
    fields = {t["field"] for t in spec["layer"][0]["encoding"]["tooltip"]}
    assert {"Quote", "Source", "Figure", "Date", "Place"} <= fields
    mosul = bars[("Mosul, IRQ", "trapped")]
    assert mosul["Figure"] == "up to 1,000,000 people" and mosul["Source"] == "Reuters"
    assert mosul["Quote"] == "About 50,000 people are trapped in Mosul."
    assert "1 figure without a place or a number is not shown." in spec["title"]["subtitle"]


def test_every_bar_is_labelled_with_its_place():
    """Issue 15: a place's second bar (Mosul's 7 killed beside its 1,000,000 trapped) had an empty
    label, an orphan number with no place. Every bar's label is its place; repeats are grey."""
    spec = json_ok(charts.by_location(sample()))
    y = spec["layer"][0]["encoding"]["y"]
    axis = y["axis"]
    assert axis["labelExpr"] == charts.BAR_LABEL_EXPR
    rows = {r["row"]: r for r in layer_data(spec)}
    labels = {key: key.split(charts.ROW_SEP)[0] for key in y["sort"]}  # what labelExpr draws
    assert all(labels.values())
    assert all(labels[key] == rows[key]["place"] for key in y["sort"])
    repeated = [key for key in y["sort"] if len(key.split(charts.ROW_SEP)) > 2]  # what labelColor greys
    assert [(rows[k]["place"], rows[k]["category"]) for k in repeated] == [("Mosul, IRQ", "casualties")]
    assert axis["labelColor"]["condition"]["test"] == charts.BAR_REPEAT_TEST
    assert len(set(y["sort"])) == len(y["sort"])


@pytest.mark.parametrize("places, categories, keys", [
    (["A", "A", "B"], ["x", "y", "x"], ["A\u2063x", "A\u2063y\u2063", "B\u2063x"]),
    (["A"], ["x"], ["A\u2063x"]),
    (["A", "B", "A", "A"], ["x", "x", "y", "z"], ["A\u2063x", "B\u2063x", "A\u2063y\u2063", "A\u2063z\u2063"]),
])
def test_bar_keys(places, categories, keys):
    assert charts.bar_keys(pd.Series(places), pd.Series(categories)) == keys


@pytest.mark.parametrize("values, domain", [
    ([8400], (1000.0, 10000.0)),
    ([1000], (1000.0, 10000.0)),
    ([7, 1_000_000], (1.0, 1_000_000.0)),
    ([50_000, 3_400_000], (10_000.0, 10_000_000.0)),
    ([0, -5, float("nan")], (1.0, 10.0)),
])
def test_log_domain(values, domain):
    assert charts.log_domain(pd.Series(values, dtype="float64")) == domain


def test_time_chart_with_one_figure_has_distinct_y_labels():
    """Issue 15: with one figure the y-axis labels were drawn one over another (a log scale
    over a single value has no width)."""
    spec = json_ok(charts.over_time(frame(figure("a", 0, value=8400, qualifier="exact"))))
    y = spec["layer"][1]["encoding"]["y"]
    low, high = y["scale"]["domain"]
    assert low < 8400 < high and y["scale"]["nice"] is False
    values = y["axis"]["values"]
    assert len(values) == len(set(values)) >= 2 and all(low <= v <= high for v in values)


def test_housing_is_charted_in_dwellings():
    housing = figure("h", 0, value=13_500_000, category="housing", location="Sindh", number_text="13.5 million")
    housing = housing.replace(reported_unit="houses", country_iso3="PAK")
    spec = json_ok(charts.by_location(frame(housing, figure("a", 0))))
    bars = {r["category"]: r for r in layer_data(spec)}
    assert bars["housing"]["Figure"] == "about 13,500,000 dwellings"
    assert bars["trapped"]["Figure"] == "about 50,000 people"
    assert spec["layer"][0]["encoding"]["x"]["title"] == "People (housing: dwellings)"
    only = json_ok(charts.over_time(frame(housing)))
    assert only["layer"][1]["encoding"]["y"]["title"] == "Dwellings"


def test_by_location_keeps_the_top_places():
    figs = [figure(f"d{i}", 0, value=1000 + i, location=f"Place {i:02d}") for i in range(30)]
    spec = json_ok(charts.by_location(frame(*figs), top=5))
    rows = layer_data(spec)
    assert sorted(r["place"] for r in rows) == [f"Place {i:02d}, IRQ" for i in range(25, 30)]
    assert "The 5 places with the largest figures, of 30." in spec["title"]["subtitle"]


def test_colours_are_fixed_per_category():
    spec = charts.by_location(sample()).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"]))
    assert colours["Trapped"] == charts.CATEGORY_COLORS["trapped"]
    assert colours["In camps"] == charts.CATEGORY_COLORS["camp"]
    assert set(scale["domain"]) == {"Trapped", "In camps", "Evacuated", "Killed, injured or missing"}


@pytest.mark.parametrize("builder", [charts.by_location, charts.over_time, charts.places_map])
def test_empty_input_says_so(builder):
    spec = json_ok(builder(frame()))
    text = json.dumps(spec)
    assert "No figures" in text


# ---- over time ----------------------------------------------------------------------------------

def test_over_time_one_point_per_dated_figure_with_range_rules():
    spec = json_ok(charts.over_time(sample()))
    points = layer_data(spec, 1)
    assert len(points) == 6  # the undated refugee figure is left out, and said to be
    assert "1 figure without a date or a number is not shown." in spec["title"]["subtitle"]
    aleppo = next(p for p in points if p["Place"] == "Aleppo, SYR")
    assert (aleppo["range_low"], aleppo["range_high"]) == (2500, 5000)
    rule = spec["layer"][0]
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["y2"]["field"] == "range_high"
    assert "range_low > 0" in rule["transform"][0]["filter"]
    assert spec["layer"][1]["encoding"]["y"]["scale"]["type"] == "log"
    kinds = {p["Place"] + " " + p["number_text"]: p["Kind"] for p in points}
    assert kinds["Dibaga Camp, IRQ thousands"] == "vague (lower bound)"
    assert kinds["Mosul, IRQ About 50,000"] == "at most"


def test_over_time_samples_big_inputs_and_says_so():
    n = 5000
    base = frame(figure())
    big = base.loc[base.index.repeat(n)].reset_index(drop=True)
    big["figure_id"] = [f"f{i}" for i in range(n)]
    big["value"] = np.arange(1, n + 1)
    spec = json_ok(charts.over_time(big, max_marks=400))
    points = layer_data(spec, 1)
    assert len(points) == 400
    assert "A fixed random sample of 400 of 5,000 figures." in spec["title"]["subtitle"]
    again = layer_data(charts.over_time(big, max_marks=400).to_dict(), 1)
    assert [p["figure_id"] for p in again] == [p["figure_id"] for p in points]  # same view, same points


def test_over_time_by_place_keeps_the_top_places():
    figs = [figure(f"d{i}", 0, value=100 * (i + 1), location=f"P{i}") for i in range(12)]
    spec = json_ok(charts.over_time(frame(*figs), color_by="place", top_places=3))
    colour = spec["layer"][1]["encoding"]["color"]
    assert colour["scale"]["domain"] == ["P11, IRQ", "P10, IRQ", "P9, IRQ", "other places"]
    assert {p["Colour"] for p in layer_data(spec, 1)} == {"P11, IRQ", "P10, IRQ", "P9, IRQ", "other places"}


# ---- map ----------------------------------------------------------------------------------------

def test_map_points_sized_by_largest_figure_on_shipped_outlines():
    spec = json_ok(charts.places_map(sample()))
    outlines = spec["layer"][0]["data"]
    assert outlines["format"] == {"type": "topojson", "feature": "countries"}
    assert "url" not in outlines  # inline: works offline, no URL to fetch
    topo = spec["datasets"][outlines["name"]]
    assert topo["type"] == "Topology" and len(topo["objects"]["countries"]["geometries"]) == 177
    points = {p["Place"]: p for p in layer_data(spec, 1)}
    assert set(points) == {"Fallujah, IRQ", "Mosul, IRQ", "Dibaga Camp, IRQ", "Aleppo, SYR"}
    assert points["Fallujah, IRQ"]["people"] == 50000 and points["Fallujah, IRQ"]["Figures reported"] == "2"
    assert points["Mosul, IRQ"]["people"] == 1000000 and points["Mosul, IRQ"]["Category"] == "Trapped"
    assert spec["layer"][1]["encoding"]["size"]["scale"]["type"] == "sqrt"
    assert "1 figure without coordinates or a number is not shown." in spec["title"]["subtitle"]


def test_map_zooms_to_a_region_and_shows_the_world_when_spread():
    regional = charts.places_map(sample()).to_dict()["layer"][1]["projection"]
    assert regional["type"] == "mercator"
    lon, lat = regional["center"]
    assert 35 < lon < 46 and 30 < lat < 40  # between Aleppo and Mosul
    assert "width" in regional["scale"]["expr"] and "height" in regional["scale"]["expr"]
    spread = frame(figure("a", lat=33.0, lon=44.0), figure("b", location="Quito", country="ECU", lat=-0.2, lon=-78.5),
                   figure("c", location="Manila", country="PHL", lat=14.6, lon=121.0))
    assert charts.places_map(spread).to_dict()["layer"][1]["projection"] == {"type": "equalEarth"}


def test_regional_projection_fits_the_points():
    lats, lons = pd.Series([33.35, 36.34]), pd.Series([43.78, 43.13])
    proj = charts.regional_projection(lats, lons).to_dict()
    # at least 14 degrees wide and high around the points, centred on them
    assert proj["center"][0] == pytest.approx((43.13 + 43.78) / 2, abs=0.01)
    dx = float(proj["scale"]["expr"].split("width / ")[1].split(",")[0])
    assert dx == pytest.approx(math.radians(14), rel=1e-3)


def test_map_keeps_the_largest_places_on_big_inputs():
    figs = [figure(f"d{i}", 0, value=i + 1, location=f"P{i}", lat=10 + i * 0.01, lon=20) for i in range(50)]
    spec = json_ok(charts.places_map(frame(*figs), max_points=10))
    assert sorted(p["people"] for p in layer_data(spec, 1)) == list(range(41, 51))
    assert "The 10 places with the largest figures, of 50." in spec["title"]["subtitle"]


@pytest.mark.parametrize("largest, values", [
    (3_400_000, [600_000, 3_000_000]), (1_000_000, [200_000, 1_000_000]), (71, [10, 70]), (7, [1, 7]), (1, [1]),
    (0, []),
])
def test_size_legend_values(largest, values):
    assert charts.size_legend_values(largest) == values


def test_outlines_are_shipped_with_their_licence():
    topo = charts.load_outlines()
    assert topo["type"] == "Topology"
    countries = topo["objects"]["countries"]["geometries"]
    assert len(countries) == 177
    assert {"Iraq", "Syria", "Sudan"} <= {g["properties"]["name"] for g in countries}
    notes = (DATA / "OUTLINES.md").read_text(encoding="utf-8")
    assert "Natural Earth" in notes and "world-atlas" in notes and "ISC" in notes and "public domain" in notes


# ---- the store's column types and big inputs ----------------------------------------------------

def test_charts_accept_the_stores_frame(store):
    """The store gives nullable Int64 and string columns; every chart must still be valid JSON."""
    figs = [f for f in sample().pipe(lambda f: [Figure(**r) for r in f.to_dict("records")])]
    by_doc: dict[str, list[Figure]] = {}
    for fig in figs:
        fig = fig.replace(**{k: None for k in ("value", "low", "high", "lat", "lon", "date")
                             if isinstance(getattr(fig, k), float) and math.isnan(getattr(fig, k))})
        by_doc.setdefault(fig.document_id, []).append(fig)
    store.write_batch([(Document(id=d, text="x"), fs) for d, fs in by_doc.items()], version="test")
    stored = store.figures_frame()
    assert str(stored["value"].dtype) == "Int64"
    for chart in (charts.by_location(stored), charts.over_time(stored), charts.places_map(stored)):
        json_ok(chart)
    assert {r["people"] for r in layer_data(charts.by_location(stored).to_dict())} >= {1000000, 50000, 1000}


def test_big_input_stays_under_the_row_limit():
    n = 60_000
    rng = np.random.default_rng(1)
    base = frame(figure())
    big = base.loc[base.index.repeat(n)].reset_index(drop=True)
    big["figure_id"] = [f"f{i}" for i in range(n)]
    big["location"] = [f"P{i}" for i in rng.integers(0, 3000, n)]
    big["lat"] = rng.uniform(-40, 60, n)
    big["lon"] = rng.uniform(-100, 140, n)
    big["value"] = rng.integers(1, 10**6, n)
    for chart, limit in ((charts.by_location(big), charts.LOCATION_TOP),
                         (charts.over_time(big), charts.TIME_MAX_MARKS),
                         (charts.places_map(big), charts.MAP_MAX_POINTS)):
        spec = json_ok(chart)  # no MaxRowsError: every chart aggregates or samples
        rows = layer_data(spec, 1 if "layer" in spec else 0)
        assert 0 < len(rows) <= limit


@pytest.mark.parametrize("dates, days, ticks, fmt", [
    (["2016-08-01"], 90, {"interval": "month", "step": 1}, "%b %Y"),  # one day: three months around it
    (["2016-03-14", "2016-12-10"], 271, {"interval": "month", "step": 1}, "%b %Y"),
    (["2016-03-14", "2018-01-01"], 658, {"interval": "month", "step": 3}, "%b %Y"),
    (["2014-01-01", "2024-05-20"], 3792, {"interval": "year", "step": 1}, "%Y"),
    (["1995-01-01", "2024-05-20"], 10732, {"interval": "year", "step": 5}, "%Y"),
])
def test_time_axis_is_never_degenerate_and_says_the_year(dates, days, ticks, fmt):
    x = charts.time_axis(pd.Series(dates)).to_dict()
    low, high = (pd.Timestamp(year=d["year"], month=d["month"], day=d["date"]) for d in x["scale"]["domain"])
    assert (high - low).days == pytest.approx(days, abs=1)
    assert all(d["utc"] for d in x["scale"]["domain"])
    assert x["axis"]["tickCount"] == ticks and x["axis"]["format"] == fmt and x["scale"]["type"] == "utc"


def test_tooltip_source_is_the_publisher_or_site_never_the_file_name():
    f = frame(figure("000_seed.txt", source=None))
    f["title"] = None
    (row,) = layer_data(charts.by_location(f).to_dict())
    assert row["Source"] == "example.org"  # the site of its link
    f["url"] = None
    (row,) = layer_data(charts.by_location(f).to_dict())
    assert row["Source"] == ""


def test_a_country_wide_figure_is_a_hollow_square_over_its_shaded_country():
    whole = figure("c", 0, value=5600000, category="displaced", location="Sudan", country="SDN", lat=15.0, lon=30.0)
    whole = whole.replace(location_precision="country", geo_precision="country")
    town = figure("a", 0, value=50000, location="Khartoum", country="SDN", lat=15.55, lon=32.53)
    spec = json_ok(charts.places_map(frame(whole, town)))
    assert [p["Place"] for p in layer_data(spec, 1)] == ["Khartoum, SDN"]  # circles: towns only
    squares = layer_data(spec, 2)
    assert [p["Place"] for p in squares] == ["Sudan, SDN (the whole country)"]
    assert spec["layer"][2]["mark"]["type"] == "square" and spec["layer"][2]["mark"]["filled"] is False
    assert '"729"' in spec["layer"][0]["encoding"]["fill"]["condition"]["test"]  # Sudan's outline is shaded
    assert any("whole country" in line for line in spec["title"]["subtitle"])

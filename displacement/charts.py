"""Altair chart builders: DataFrame of figures in, ``alt.Chart`` out (pure, no Streamlit).

Every chart is built from a small frame that it aggregates or samples itself, so it stays fast
and under Altair's row limit whatever the size of the input (a million figures included), and
says so in its subtitle when it shows only part of the data. Figures are never summed: a place
or a category is represented by its largest reported figure, since several articles restating
the same number must not add up.
"""
from __future__ import annotations

import functools
import json
import math
import threading
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Optional, Sequence

import altair as alt
import numpy as np
import pandas as pd

from .evidence import DWELLINGS, units_of
from .model import CATEGORIES
from .views import (best_estimate, category_label, display_value, fmt_int, format_date, place_label, plural,
                    source_label)

# Tableau-10 colours, one fixed colour per category on every chart
CATEGORY_COLORS: dict[str, str] = {
    "displaced": "#4e79a7",
    "trapped": "#e15759",
    "camp": "#f28e2b",
    "refugees": "#76b7b2",
    "returnees": "#59a14f",
    "evacuated": "#edc948",
    "homeless": "#b07aa1",
    "casualties": "#79706e",
    "housing": "#9c755f",
    "affected": "#bab0ac",
}
_EXTRA_COLORS = ("#ff9da7", "#8cd17d", "#d37295", "#a0cbe8", "#f1ce63")

QUOTE_CHARS = 220  # tooltips show at most this much of the sentence
TIME_MAX_MARKS = 2500
LOCATION_TOP = 20
BAR_BUDGET = 36
MAP_MAX_POINTS = 1000
OUTLINES_FILE = "world-110m.json"

FONT_TITLE = 15
ROW_SEP = "\u2063"  # invisible separator: bar keys are "place<SEP>category", shown as the place
# axis labels such as 3.4M, 500k, 0 (d3's "~s" would print 0 as "0M" on some axes)
_COMPACT = "datum.value == 0 ? '0' : format(datum.value, '~s')"


_checks_lock = threading.Lock()
_checks_off = 0


@contextmanager
def _no_instantiation_checks():
    """Altair validates every schema object as it is built (its "debug mode") and the whole
    spec again when it is turned into a dict (``to_dict``, which Streamlit calls). Building
    without the first pass is the same chart, validated once: the map's 100 kB of country
    outlines alone took 170 ms to check at construction. Counted, so that overlapping builds
    in several threads (dashboard sessions) restore the setting only when the last ends."""
    global _checks_off
    from altair.utils import schemapi

    with _checks_lock:
        if _checks_off == 0:
            _checks_off_saved[0] = schemapi.DEBUG_MODE
            schemapi.DEBUG_MODE = False
        _checks_off += 1
    try:
        yield
    finally:
        with _checks_lock:
            _checks_off -= 1
            if _checks_off == 0:
                schemapi.DEBUG_MODE = _checks_off_saved[0]


_checks_off_saved = [True]


def _fast_build(builder):
    """A chart builder run without Altair's construction-time checks (see above)."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        with _no_instantiation_checks():
            return builder(*args, **kwargs)

    return build


def _truncate(text: object, limit: int = QUOTE_CHARS) -> str:
    if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA:
        return ""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def category_scale(categories: Sequence[str]) -> alt.Scale:
    """A colour scale on category *labels* with a fixed colour per known category."""
    present = list(dict.fromkeys(categories))
    known = [c for c in CATEGORIES if c in present]
    extra = sorted(c for c in present if c not in CATEGORY_COLORS)
    domain = [category_label(c) for c in known + extra]
    colors = [CATEGORY_COLORS[c] for c in known] + [
        _EXTRA_COLORS[i % len(_EXTRA_COLORS)] for i in range(len(extra))
    ]
    return alt.Scale(domain=domain, range=colors)


def _title(text: str, subtitle: Sequence[str] = ()) -> alt.Title:
    return alt.Title(
        text,
        subtitle=[s for s in subtitle if s] or "",
        anchor="start",
        fontSize=FONT_TITLE,
        subtitleColor="#555",
        subtitleFontSize=12,
    )


@_fast_build
def empty_chart(message: str, title: str = "", height: int = 120) -> alt.Chart:
    """A chart that says why there is nothing to draw (instead of an empty frame)."""
    return (
        alt.Chart(pd.DataFrame({"message": [message]}), title=_title(title) if title else alt.Undefined)
        .mark_text(fontSize=14, color="#666")
        .encode(text="message:N")
        .properties(height=height)
    )


def _num(series: pd.Series) -> np.ndarray:
    """float64 with NaN for null (the store gives nullable Int64, whose pd.NA is not JSON)."""
    return pd.to_numeric(series, errors="coerce").astype("float64").to_numpy(dtype="float64", na_value=np.nan)


def chart_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per figure with the columns every chart and tooltip uses (all JSON-safe)."""
    people = best_estimate(frame)
    rows = pd.DataFrame(
        {
            "figure_id": frame["figure_id"].astype(str).to_numpy(),
            "people": people.to_numpy(dtype="float64", na_value=np.nan),
            "low": _num(frame["low"]),
            "high": _num(frame["high"]),
            "category": frame["category"].astype(str).to_numpy(),
            "qualifier": frame["qualifier"].astype("string").fillna("").to_numpy(),
            "location": frame["location"].astype("string").to_numpy(),
            "country": frame["country_iso3"].astype("string").to_numpy(),
            "lat": _num(frame["lat"]),
            "lon": _num(frame["lon"]),
            "date": frame["date"].astype("string").to_numpy(),
            "date_precision": frame["date_precision"].astype("string").to_numpy(),
            "value": _num(frame["value"]),
            "number_text": frame["number_text"].astype("string").fillna("").to_numpy(),
            "quote": frame["quote"].to_numpy(),
            "source": frame["source"].astype("string").fillna("").to_numpy(),
            "title": frame["title"].astype("string").fillna("").to_numpy(),
            "document_id": frame["document_id"].astype("string").fillna("").to_numpy(),
            "url": frame["url"].astype("string").fillna("").to_numpy() if "url" in frame else "",
            "unit": units_of(frame).to_numpy() if "reported_unit" in frame else "people",
        }
    )
    return rows


def _tooltip_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """Adds the human-readable tooltip fields to a (small) frame of chart rows."""
    rows = rows.copy()
    rows["Figure"] = [
        f"{display_value(v, lo, hi, q)} {u}"
        for v, lo, hi, q, u in zip(rows["value"], rows["low"], rows["high"], rows["qualifier"], rows["unit"])
    ]
    rows["Category"] = [category_label(c) for c in rows["category"]]
    rows["Place"] = [place_label(l, c) for l, c in zip(rows["location"], rows["country"])]
    rows["Date"] = [format_date(d, p) for d, p in zip(rows["date"], rows["date_precision"])]
    rows["Quote"] = [_truncate(q) for q in rows["quote"]]
    rows["Source"] = [source_label(s, t, None, u) for s, t, u in zip(rows["source"], rows["title"], rows["url"])]
    rows["As written"] = rows["number_text"]
    return rows.drop(columns=["quote", "title", "document_id", "url"])


_TOOLTIP = [
    alt.Tooltip("Figure:N", title="Figure"),
    alt.Tooltip("As written:N"),
    alt.Tooltip("Category:N"),
    alt.Tooltip("Place:N"),
    alt.Tooltip("Date:N"),
    alt.Tooltip("Quote:N"),
    alt.Tooltip("Source:N"),
]


def place_series(frame: pd.DataFrame) -> pd.Series:
    """``place_label`` for a whole column at once ("Mosul, IRQ"; NA when there is no place)."""
    loc = frame["location"].astype("string")
    iso = frame["country_iso3"].astype("string")
    return (loc + ", " + iso).fillna(loc).fillna(iso)


def _place_key(place: pd.Series, lat: pd.Series, lon: pd.Series) -> pd.Series:
    """One int64 per (place label, coordinates to 0.001 degree): cheap to group a million rows."""
    codes, _ = pd.factorize(place.fillna("no name"))
    la = (lat.fillna(0).to_numpy(dtype="float64") * 1000).round().astype("int64") + 90_000
    lo = (lon.fillna(0).to_numpy(dtype="float64") * 1000).round().astype("int64") + 180_000
    return pd.Series(codes.astype("int64") * 72_000_400_001 + la * 400_000 + lo, index=place.index)


def _top_places(place: pd.Series, people: pd.Series, mask: pd.Series, top: int) -> tuple[list, int]:
    """The ``top`` places by their largest figure (among ``mask``), and how many there are."""
    largest = people[mask].groupby(place[mask], sort=False).max().sort_values(ascending=False, kind="stable")
    return list(largest.index[:top]), len(largest)


def _largest(frame: pd.DataFrame, people: pd.Series, mask: pd.Series, keys: dict[str, pd.Series]) -> pd.DataFrame:
    """For each group of ``keys`` among the rows in ``mask``: the chart row of its largest
    figure (the first one on a tie), with the group keys and ``n_figures``. Vectorised, so a
    million rows take well under a second; only the winners become chart rows."""
    positions = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
    # rows picked before converting: a whole string column to numpy objects costs 0.1 s a million
    sub = pd.DataFrame({name: np.asarray(series.iloc[positions].to_numpy()) for name, series in keys.items()})
    sub["people"] = people.to_numpy(dtype="float64", na_value=np.nan)[positions]
    grouped = sub.groupby(list(keys), sort=False, dropna=False)["people"]
    winners = grouped.idxmax()
    counts = grouped.size().loc[winners.index]
    rows = chart_rows(frame.iloc[positions[winners.to_numpy()]])
    key_frame = winners.index.to_frame(index=False)
    for name in keys:
        rows[name] = key_frame[name].to_numpy()
    rows["n_figures"] = counts.to_numpy()
    return rows


# ---- figures by location --------------------------------------------------------------------------

#: every bar is labelled with its place (the key's first part); a place's further bars have a
#: trailing separator, which greys their label
BAR_LABEL_EXPR = f"split(datum.label, '{ROW_SEP}')[0]"
BAR_REPEAT_TEST = f"length(split(datum.value, '{ROW_SEP}')) > 2"


def bar_keys(places: pd.Series, categories: pd.Series) -> list[str]:
    """One unique key per bar, ``place<SEP>category``, and ``place<SEP>category<SEP>`` for a
    place's second and further bars. The place comes first in every key, so every bar is
    labelled: the second bar of a place used to have an empty label, an orphan number beside it."""
    seen: set = set()
    out = []
    for p, c in zip(places, categories):
        out.append(p + ROW_SEP + c + (ROW_SEP if p in seen else ""))
        seen.add(p)
    return out


def axis_title(rows: pd.DataFrame) -> str:
    """"People", or "People (housing: dwellings)" when housing figures are drawn: homes
    destroyed are counted in dwellings, never turned into people."""
    if "unit" in rows and (rows["unit"] == DWELLINGS).any():
        return "People (housing: dwellings)" if (rows["unit"] != DWELLINGS).any() else "Dwellings"
    return "People"


@_fast_build
def by_location(frame: pd.DataFrame, top: int = LOCATION_TOP) -> alt.Chart:
    """Horizontal bars: for each place, the largest figure reported there in each category.

    Places are sorted by their largest figure; only the ``top`` places are drawn. Bars of
    different categories sit side by side (never stacked: that would add killed to displaced).
    """
    title = "Largest figure reported, by place"
    if frame.empty:
        return empty_chart("No figures match the filters.", title)
    people = best_estimate(frame)
    mask = people.notna() & frame["location"].notna()
    unlocated = int(len(frame) - mask.sum())
    if not mask.any():
        return empty_chart("None of these figures has a place.", title)
    place = place_series(frame)
    keep, n_places = _top_places(place, people, mask, top)
    # at most about BAR_BUDGET bars: fewer places when they have many categories each
    shown = mask & place.isin(keep)  # only the category column is read (not every column of those rows)
    bars_per_place = frame["category"][shown].groupby(place[shown], sort=False).nunique()
    total, kept = 0, []
    for p in keep:
        total += int(bars_per_place.get(p, 1))
        if kept and total > BAR_BUDGET:
            break
        kept.append(p)
    keep = kept
    mask = mask & place.isin(keep)
    best = _tooltip_columns(_largest(frame, people, mask, {"place": place, "category": frame["category"].astype(str)}))
    best["Figures reported"] = best["n_figures"].map(fmt_int)
    subtitle = [f"{axis_title(best)}; each bar is one reported figure (the largest for that place and category)."]
    if n_places > len(keep):
        subtitle.append(f"The {len(keep)} places with the largest figures, of {n_places:,}.")
    if unlocated:
        subtitle.append(f"{plural(unlocated, 'figure')} without a place or a number {'is' if unlocated == 1 else 'are'} not shown.")
    # one bar per (place, category), grouped by place; the place is written on its first bar
    order = {c: i for i, c in enumerate(CATEGORIES)}
    best = best.assign(
        _rank=best["place"].map({p: i for i, p in enumerate(keep)}),
        _cat=best["category"].map(order).fillna(99),
    ).sort_values(["_rank", "people"], ascending=[True, False], kind="stable")
    best["row"] = bar_keys(best["place"], best["category"])
    best = best.drop(columns=["_rank", "_cat"])
    base = alt.Chart(best).encode(
        y=alt.Y("row:N", sort=list(best["row"]), title=None,
                axis=alt.Axis(labelExpr=BAR_LABEL_EXPR, labelLimit=200, labelFontSize=12, ticks=False, domain=False,
                              # a place's further bars repeat its name in grey, so no bar is left unnamed
                              labelColor={"condition": {"test": BAR_REPEAT_TEST, "value": "#9a9a9a"},
                                          "value": "#333333"})),
        x=alt.X("people:Q", title=axis_title(best), axis=alt.Axis(labelExpr=_COMPACT, tickCount=5, grid=True),
                # room on the right for the label of the longest bar
                scale=alt.Scale(domain=[0, float(best["people"].max()) * 1.18], nice=False)),
        tooltip=_TOOLTIP + [alt.Tooltip("Figures reported:N")],
    )
    bars = base.mark_bar(cornerRadiusEnd=2, height={"band": 0.78}).encode(
        color=alt.Color(
            "Category:N",
            scale=category_scale(best["category"].tolist()),
            legend=alt.Legend(title="Category", orient="bottom", columns=3, labelLimit=160),
        ),
    )
    # the number at the end of each bar, so a small figure next to a large one stays readable
    labels = base.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(
        text=alt.Text("people:Q", format=".3~s"),
    )
    # the height is a step per bar (not a total: Streamlit would squeeze the plot into it)
    return alt.layer(bars, labels, title=_title(title, subtitle)).properties(height=alt.Step(22))


# ---- figures over time --------------------------------------------------------------------------

def time_axis(dates: pd.Series) -> alt.X:
    """The date axis: at least three months wide (a single day would be a degenerate axis),
    ticks at whole months or years, labelled with the year ("Aug 2016", not "August")."""
    days = pd.to_datetime(dates, errors="coerce", utc=True).dropna()
    start, end = days.min(), days.max()
    span = end - start
    if span < pd.Timedelta(days=90):
        middle = start + span / 2
        start, end = middle - pd.Timedelta(days=45), middle + pd.Timedelta(days=45)
        span = end - start
    years = span.days / 365.25
    if years <= 1:
        ticks, fmt = {"interval": "month", "step": 1}, "%b %Y"
    elif years <= 3:
        ticks, fmt = {"interval": "month", "step": 3}, "%b %Y"
    elif years <= 12:
        ticks, fmt = {"interval": "year", "step": 1}, "%Y"
    else:
        ticks, fmt = {"interval": "year", "step": 5}, "%Y"
    # DateTime objects: Streamlit's Vega does not read a domain of epoch milliseconds
    domain = [alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True) for d in (start, end)]
    return alt.X(
        "date:T", title="Reference date",
        scale=alt.Scale(type="utc", domain=domain, nice=False, padding=18),
        axis=alt.Axis(labelAngle=0, tickCount=ticks, format=fmt, labelOverlap=True, grid=False),
    )


def log_domain(values: pd.Series) -> tuple[float, float]:
    """Whole decades around the positive values, at least one decade wide: ``[1000, 10000]``
    for a single figure of 8,400. A log axis over one value had a zero-width domain, and every
    decade label was drawn at the same place, one over another."""
    positive = pd.to_numeric(values, errors="coerce")
    positive = positive[positive > 0]
    if positive.empty:
        return 1.0, 10.0
    low = 10.0 ** math.floor(math.log10(float(positive.min())))
    high = 10.0 ** math.ceil(math.log10(float(positive.max())))
    if high <= low:
        high = low * 10
    return low, high


@_fast_build
def over_time(
    frame: pd.DataFrame,
    color_by: str = "category",
    max_marks: int = TIME_MAX_MARKS,
    top_places: int = 10,
    height: int = 460,
) -> alt.Chart:
    """One point per figure at its reference date (log scale of people), coloured by category
    or by place, with a vertical rule from low to high where the figure is a range.

    Over ``max_marks`` figures a fixed random sample is drawn, and the subtitle says so.
    """
    title = "Figures over time"
    if frame.empty:
        return empty_chart("No figures match the filters.", title)
    people = best_estimate(frame)
    mask = (people > 0).fillna(False) & frame["date"].notna()
    positions = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
    total = len(positions)
    dropped = len(frame) - total
    if not total:
        return empty_chart("None of these figures has both a date and a number.", title)
    if total > max_marks:  # a fixed random sample: the same view draws the same points
        positions = np.sort(np.random.default_rng(0).choice(positions, size=max_marks, replace=False))
    rows = _tooltip_columns(chart_rows(frame.iloc[positions]))
    subtitle = ["People (log scale), at the date each figure refers to; vertical lines span a low–high range."]
    if total > max_marks:
        subtitle.append(f"A fixed random sample of {max_marks:,} of {total:,} figures.")
    if dropped:
        subtitle.append(f"{plural(dropped, 'figure')} without a date or a number {'is' if dropped == 1 else 'are'} not shown.")
    rows["Kind"] = [
        {"at_least": "at least", "at_most": "at most", "vague": "vague (lower bound)"}.get(q, "estimate")
        for q in rows["qualifier"]
    ]
    if color_by == "place":
        rows["place"] = rows["Place"]
        # the places with the largest figures in the whole set, not only in the sample
        ranking = (
            pd.DataFrame({"place": place_series(frame).fillna("no place"), "people": people})[mask]
            .groupby("place")["people"].max().sort_values(ascending=False, kind="stable")
        )
        keep = set(ranking.index[:top_places])
        rows["Colour"] = [p if p in keep else "other places" for p in rows["place"]]
        domain = [p for p in ranking.index if p in keep] + (["other places"] if len(ranking) > top_places else [])
        color = alt.Color("Colour:N", title="Place", scale=alt.Scale(domain=domain, scheme="tableau10"),
                          legend=alt.Legend(orient="bottom", columns=4, labelLimit=200))
    else:
        color = alt.Color("Category:N", scale=category_scale(rows["category"].tolist()),
                          legend=alt.Legend(title="Category", orient="bottom", columns=5))
    rows["range_low"] = rows["low"]
    rows["range_high"] = rows["high"]
    base = alt.Chart(rows)
    x = time_axis(rows["date"])
    low, high = log_domain(pd.concat([rows["people"], rows["low"], rows["high"]]))
    y_scale = alt.Scale(type="log", domain=[low, high], nice=False, padding=14)
    ticks = [10.0 ** k for k in range(int(round(math.log10(low))), int(round(math.log10(high))) + 1)]
    ranged = (
        base.transform_filter("isValid(datum.range_low) && isValid(datum.range_high) && datum.range_high > datum.range_low && datum.range_low > 0")
        .mark_rule(strokeWidth=2, opacity=0.55)
        .encode(x=x, y=alt.Y("range_low:Q", scale=y_scale), y2="range_high:Q", color=color, tooltip=_TOOLTIP)
    )
    points = base.mark_point(filled=True, size=70, opacity=0.85, stroke="white", strokeWidth=0.5).encode(
        x=x,
        y=alt.Y("people:Q", title=axis_title(rows), scale=y_scale,
                axis=alt.Axis(labelExpr=_COMPACT, grid=True, values=ticks, labelOverlap=True)),
        color=color,
        shape=alt.Shape(
            "Kind:N",
            title="Qualifier",
            scale=alt.Scale(
                domain=["estimate", "at least", "at most", "vague (lower bound)"],
                range=["circle", "triangle-up", "triangle-down", "diamond"],
            ),
            legend=alt.Legend(orient="bottom", symbolSize=80, symbolFillColor="#666", symbolStrokeColor="#666"),
        ),
        tooltip=_TOOLTIP,
    )
    # Streamlit fits the whole chart (titles and legends included) into this height
    return alt.layer(ranged, points, title=_title(title, subtitle)).properties(height=height)


# ---- map of places -------------------------------------------------------------------------------

def max_circle_area(n_points: int) -> float:
    """The largest circle's area in px²: 1,800 (48 px across) for a few places, smaller as
    places multiply so that a thousand of them do not cover the map."""
    return max(120.0, 1800.0 / math.sqrt(max(n_points, 1) / 20)) if n_points > 20 else 1800.0


def size_legend_values(largest: float) -> list[float]:
    """Two round numbers for the circle-size legend: the largest figure rounded down to one
    significant digit, and a fifth of it (``3,400,000`` -> ``[600,000, 3,000,000]``)."""
    if not largest or largest <= 0 or math.isnan(largest):
        return []
    top = float(10 ** math.floor(math.log10(largest)))
    top = math.floor(largest / top) * top
    low = float(10 ** math.floor(math.log10(top / 5))) if top >= 5 else 1.0
    low = math.floor((top / 5) / low) * low
    return sorted({low, top}) if 0 < low < top else [top]


@lru_cache(maxsize=1)
def load_outlines() -> dict:
    """Natural Earth 1:110m country outlines (TopoJSON) shipped in ``displacement/data``; see
    ``displacement/data/OUTLINES.md``. Read once: the map must work offline and when hosted."""
    text = resources.files("displacement").joinpath("data", OUTLINES_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def regional_projection(lats: pd.Series, lons: pd.Series, pad: float = 3.0, min_span: float = 14.0) -> Optional[alt.Projection]:
    """A Mercator projection centred on the points and scaled to show them all (padded, at least
    ``min_span`` degrees), so a map of Iraqi towns shows Iraq, not the whole world. None when
    the points spread over most of the world (the caller then shows the whole world).

    The scale is a Vega expression of the chart's ``width`` and ``height`` signals, so it fits
    whatever width the page gives the chart. (Vega-Lite ignores a user ``fit`` and fits the
    projection to every layer, the world outlines included.)
    """
    if lats.empty:
        return None
    south, north = float(lats.min()) - pad, float(lats.max()) + pad
    west, east = float(lons.min()) - pad, float(lons.max()) + pad
    if north - south < min_span:
        mid = (north + south) / 2
        south, north = mid - min_span / 2, mid + min_span / 2
    if east - west < min_span:
        mid = (east + west) / 2
        west, east = mid - min_span / 2, mid + min_span / 2
    south, north = max(south, -80.0), min(north, 80.0)
    if east - west > 150 or north - south > 100:
        return None
    dx = math.radians(east - west)
    dy = _mercator_y(north) - _mercator_y(south)
    center_y = (_mercator_y(north) + _mercator_y(south)) / 2
    center_lat = math.degrees(2 * math.atan(math.exp(center_y)) - math.pi / 2)
    return alt.Projection(
        type="mercator",
        center=[round((east + west) / 2, 4), round(center_lat, 4)],
        scale=alt.ExprRef(f"min(width / {dx:.6f}, height / {dy:.6f})"),
        translate=alt.ExprRef("[width / 2, height / 2]"),
    )


@_fast_build
def places_map(
    frame: pd.DataFrame,
    outlines: Optional[dict] = None,
    max_points: int = MAP_MAX_POINTS,
    height: int = 520,
) -> alt.Chart:
    """Points at each place, sized by the largest figure reported there and coloured by that
    figure's category, over country outlines shipped with the package (no tiles, no network).

    A figure whose point is a whole country's (``geo_precision`` country: "5.6 million displaced
    inside Sudan", or a site placed no finer than its country) is never drawn as a town: it is a
    hollow square over the country, whose outline is shaded."""
    title = "Where the figures are"
    outlines = load_outlines() if outlines is None else outlines
    subtitle = ["Circle area: the largest figure reported at the place (people); hover for the sentence."]
    pts = pd.DataFrame()
    unmapped = len(frame)
    if not frame.empty:
        people = best_estimate(frame)
        lat, lon = pd.to_numeric(frame["lat"], errors="coerce"), pd.to_numeric(frame["lon"], errors="coerce")
        mask = people.notna() & lat.notna() & lon.notna()
        unmapped = int(len(frame) - mask.sum())
        if mask.any():
            # a place is its label and rounded coordinates (two Springfields stay two points)
            key = _place_key(place_series(frame), lat, lon)
            keep, n_points = _top_places(key, people, mask, max_points)
            if n_points > max_points:
                mask = mask & key.isin(keep)
                subtitle.append(f"The {max_points:,} places with the largest figures, of {n_points:,}.")
            whole = _whole_country(frame)
            pts = _largest(frame, people, mask, {"key": key, "whole": whole})
            pts = _tooltip_columns(pts.sort_values("people", ascending=False)).drop(columns=["key"])
            pts["Figures reported"] = pts["n_figures"].map(fmt_int)
            pts["whole"] = pts["whole"].astype(bool)
            pts.loc[pts["whole"], "Place"] = [f"{p} (the whole country)" for p in pts.loc[pts["whole"], "Place"]]
    if unmapped:
        subtitle.append(f"{plural(unmapped, 'figure')} without coordinates or a number {'is' if unmapped == 1 else 'are'} not shown.")
    regional = regional_projection(pts["lat"], pts["lon"]) if not pts.empty else None
    projection = regional or alt.Projection(type="equalEarth")
    shaded = _numeric_codes(pts.loc[pts["whole"], "country"]) if not pts.empty else []
    countries = (
        alt.Chart(alt.InlineData(values=outlines, format=alt.DataFormat(type="topojson", feature="countries")))
        .mark_geoshape(stroke="#b8b5ad", strokeWidth=0.6, clip=True)
        .encode(fill=alt.condition(f"indexof({json.dumps(shaded)}, datum.id) >= 0",
                                   alt.value("#d6d0c0"), alt.value("#eceae4")))
        .project(**projection.to_dict())
    )
    if pts.empty:
        message = (
            alt.Chart(pd.DataFrame({"message": ["No figures with a place to map."]}))
            .mark_text(fontSize=14, color="#666")
            .encode(text="message:N")
        )
        return alt.layer(countries, message, title=_title(title, subtitle)).properties(height=height)
    whole = pts[pts["whole"]]
    pts = pts[~pts["whole"]]
    size = alt.Size("people:Q", title="People", legend=None,
                    scale=alt.Scale(type="sqrt", range=[20, max_circle_area(len(pts) + len(whole))], zero=True))
    countrywide = (
        alt.Chart(whole)
        .mark_square(filled=False, strokeWidth=2.2, opacity=0.9, clip=True)
        .encode(longitude="lon:Q", latitude="lat:Q", size=size,
                color=alt.Color("Category:N", scale=category_scale(whole["category"].tolist()), legend=None),
                tooltip=_TOOLTIP + [alt.Tooltip("Figures reported:N")])
        .project(**projection.to_dict())
    )
    if not whole.empty:
        subtitle.append("A hollow square over a shaded country: a figure for the whole country, not a town.")
    points = (
        alt.Chart(pts)
        .mark_circle(opacity=0.75 if len(pts) <= 100 else 0.55, stroke="white", strokeWidth=0.6, clip=True)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size(
                "people:Q",
                title="People",
                scale=alt.Scale(type="sqrt", range=[20, max_circle_area(len(pts))], zero=True),
                legend=alt.Legend(values=size_legend_values(float(pts["people"].max())), labelExpr=_COMPACT,
                                  orient="top-left", fillColor="rgba(255,255,255,0.85)",
                                  padding=6, cornerRadius=4, titleFontSize=11, labelFontSize=11),
            ),
            color=alt.Color(
                "Category:N",
                scale=category_scale(pts["category"].tolist()),
                legend=alt.Legend(title="Category", orient="bottom", columns=3, labelLimit=160),
            ),
            order=alt.Order("people:Q", sort="descending"),
            tooltip=_TOOLTIP + [alt.Tooltip("Figures reported:N")],
        )
        .project(**projection.to_dict())
    )
    return alt.layer(countries, points, countrywide, title=_title(title, subtitle)).properties(height=height)


def _whole_country(frame: pd.DataFrame) -> pd.Series:
    """Figures whose map point is a whole country's (their place is a country, or a site or town
    the gazetteer can place no finer than its country)."""
    col = "geo_precision" if "geo_precision" in frame.columns else "location_precision"
    if col not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[col].astype("string").fillna("").eq("country")


def _numeric_codes(iso3: pd.Series) -> list[str]:
    """ISO 3166-1 numeric codes (the outlines' ids) of the ISO3 codes given."""
    import pycountry

    out = []
    for code in sorted(set(iso3.dropna().astype(str))):
        c = pycountry.countries.get(alpha_3=code)
        if c is not None:
            out.append(c.numeric)
    return out

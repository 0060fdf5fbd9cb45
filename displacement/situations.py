"""Reports and situations (pure): one estimate per place, category and date, from figures that
restate each other.

When an agency announces a number, outlets reprint it for days, rounded and hedged ("nearly 3.4
million", "3.4m", "more than three million"). Each reprint stays a figure (the evidence); here
they become one **report**:

- same category (camp counts as displaced: both are people displaced now), same kind (stock or
  flow), same place (the gazetteer's name, so "North Kivu" and "Nord-Kivu" are one place);
- numbers that agree within what their writing allows: each figure stands for an interval (the
  rounding of its last written digit, widened by its hedge: "about" 5% either way, "nearly"
  5% below, "more than" up to half again, "up to" down to two thirds); a report's members
  share at least one value (their intervals have a common point), so 3.0, 3.2 and 3.4 million
  never chain into one report;
- reference dates within a window set by their precision (a week for a day, a month for a
  month, a year for a year); undated figures group only with undated ones.

A report keeps every figure behind it; its origin is the earliest; its sources are the distinct
publishers (documents when the publisher is unknown); it is attributed to whom its figures say.

A **situation** is, per place and category, the series of stock estimates over time: at each
date the report with the most sources (ties: an attributed one, then the latest); reports of the
same place and date that do not agree are a conflict, kept with their range and never averaged.
Flows stay reports (never summed). A place's situation rolls up to its division and country only
as "part of": nothing here adds a place's figure to its country's.
"""
from __future__ import annotations

import math
import re
from typing import Optional

import numpy as np
import pandas as pd

#: "about", "around", "some": this much either way, or the rounding of the written number when
#: that is wider ("about 3 million" is 2.5 to 3.5 million; "about 3.4 million" 3.23 to 3.57)
APPROX_SHARE = 0.05
#: "more than N" is taken to mean at most this many times N; "up to N" at least N / this
OPEN_BOUND_FACTOR = 1.5
#: window of reference dates that can be the same report, by the coarsest date precision
DATE_WINDOW_DAYS = {"day": 7, "month": 31, "year": 366}
#: categories that count the same people (a camp population is a displaced population)
SAME_PEOPLE = {"camp": "displaced"}

REPORT_COLUMNS = [
    "report_id", "category", "figure_type", "location", "admin1", "country_iso3", "location_precision",
    "date", "date_precision", "value", "low", "high", "qualifier", "number_text", "figures", "sources",
    "documents", "attributed_to", "origin_figure_id", "origin_document_id", "origin_source", "origin_published",
    "first_date", "last_date", "period_start",
]
SITUATION_COLUMNS = [
    "category", "location", "admin1", "country_iso3", "location_precision", "date", "value", "low", "high",
    "qualifier", "number_text", "sources", "reports", "estimates", "conflict", "conflict_low", "conflict_high",
    "trend", "report_id",
]

_NUMBER = re.compile(r"\d[\d,.'’ \u00a0\u202f]*\d|\d")
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}
_SCALE_AFTER = re.compile(r"\s*(thousand|millions?|billion|lakhs?|crores?|mn|mln|bn|k|m)\b", re.I)


def rounding_unit(number_text: object, reported_value: object) -> float:
    """The step of the number's last written digit: 1,000 for "15,000", 100,000 for "3.4
    million", 10,000 for "3,380,000", 1,000,000 for "three million"; 1 when unreadable."""
    text = str(number_text or "")
    match = None
    for match in _NUMBER.finditer(text):
        pass
    if match is None:  # written in words: the number's own order of magnitude
        try:
            v = abs(float(reported_value))
        except (TypeError, ValueError):
            return 1.0
        return 10.0 ** math.floor(math.log10(v)) if v >= 1 else 1.0
    literal = match.group()
    scale_m = _SCALE_AFTER.match(text, match.end())
    scale = _SCALES.get(scale_m.group(1).lower(), 1.0) if scale_m else 1.0
    digits = re.sub(r"[,'’ \u00a0\u202f]", "", literal)
    if "." in digits:
        decimals = len(digits.rsplit(".", 1)[1])
        return scale * 10.0 ** -decimals
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped) if stripped else 0
    return scale * 10.0 ** zeros


def intervals(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of the values each figure can stand for (people, or dwellings for housing)."""
    n = len(frame)
    value = pd.to_numeric(frame["value"], errors="coerce").to_numpy(dtype=float)
    low = pd.to_numeric(frame["low"], errors="coerce").to_numpy(dtype=float)
    high = pd.to_numeric(frame["high"], errors="coerce").to_numpy(dtype=float)
    reported = pd.to_numeric(frame["reported_value"], errors="coerce").to_numpy(dtype=float)
    qualifier = frame["qualifier"].astype(object).to_numpy()
    texts = frame["number_text"].astype(object).to_numpy()
    lo = np.full(n, np.nan)
    hi = np.full(n, np.nan)
    for i in range(n):
        q = qualifier[i]
        v = value[i]
        if q == "vague" or (q == "range" and not math.isnan(low[i]) and not math.isnan(high[i])):
            lo[i], hi[i] = low[i], high[i] if not math.isnan(high[i]) else low[i] * 10
            continue
        if math.isnan(v):
            continue
        r = reported[i]
        ratio = v / r if r and not math.isnan(r) and r > 0 else 1.0  # households written, people counted
        half = rounding_unit(texts[i], r if not math.isnan(r) else v) * ratio / 2
        if q == "approx":
            spread = max(v * APPROX_SHARE, half)
            # "nearly N" (no low bound): below N only
            lo[i], hi[i] = v - spread, (v + half) if math.isnan(low[i]) else (v + spread)
        elif q == "at_least":
            lo[i], hi[i] = v - half, v * OPEN_BOUND_FACTOR + half
        elif q == "at_most":
            lo[i], hi[i] = v / OPEN_BOUND_FACTOR - half, v + half
        else:
            lo[i], hi[i] = v - half, v + half
    return lo, hi


def _reference_days(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970 of each figure's reference date (its date, else its article's), and the
    window it allows; NaN where the date is unknown."""
    date = frame["date"].astype(object).where(frame["date"].notna(), frame["published"])
    precision = frame["date_precision"].astype(object).where(frame["date"].notna(), None)
    text = date.astype("string")
    full = text.str.slice(0, 10)
    full = full.where(full.str.len() != 7, full + "-01").where(full.str.len() != 4, full + "-01-01")
    days = pd.to_datetime(full, errors="coerce", format="%Y-%m-%d")
    out = ((days - pd.Timestamp("1970-01-01")).dt.days).to_numpy(dtype=float)
    guessed = np.where(text.str.len().fillna(0).to_numpy() >= 10, "day",
                       np.where(text.str.len().fillna(0).to_numpy() >= 7, "month", "year"))
    prec = precision.where(precision.notna(), pd.Series(guessed, index=frame.index)).to_numpy()
    window = np.array([DATE_WINDOW_DAYS.get(p, 366) for p in prec], dtype=float)
    return out, window


def place_key(frame: pd.DataFrame) -> pd.Series:
    """The place a figure is about, as one key: country and the gazetteer's name, written
    alike ("Kalma camp" = "Kalma Camp"); the country alone for a country-wide figure."""
    country = frame["country_iso3"].astype("string").fillna("")
    location = frame["location"].astype("string").fillna("").str.lower().str.replace(r"\s+", " ", regex=True)
    return country + "|" + location


def assign_reports(frame: pd.DataFrame) -> pd.Series:
    """The report of each figure: the figure id of the report's origin (its earliest figure),
    aligned with ``frame``'s index. Parts of a total (``part_of``) are reports of their own."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype=object)
    lo, hi = intervals(frame)
    days, window = _reference_days(frame)
    category = frame["category"].astype(object).map(lambda c: SAME_PEOPLE.get(c, c))
    vague = frame["qualifier"].astype(object).eq("vague")
    key = (category.astype(str) + "|" + frame["figure_type"].astype(str) + "|" + place_key(frame).astype(str)
           + "|" + vague.map({True: "v", False: ""}) + "|" + frame["part_of"].notna().map({True: "p", False: ""}))
    group = pd.factorize(key)[0]
    n = len(frame)
    undated = np.isnan(days)
    # 1. date windows within each group (sorted by date; undated figures form their own window)
    order = np.lexsort((days, undated, group))
    window_id = np.empty(n, dtype=np.int64)
    current = -1
    prev_group = -1
    start_day = 0.0
    span = 0.0
    prev_undated = False
    for i in order:
        g = group[i]
        d = days[i]
        if g != prev_group or undated[i] != prev_undated or (not undated[i] and d - start_day > max(span, window[i])):
            current += 1
            start_day, span = d, window[i]
        elif not undated[i]:
            span = max(span, window[i])
        window_id[i] = current
        prev_group, prev_undated = g, undated[i]
    # 2. within a window, figures whose intervals share a point (sorted by their low end)
    no_value = np.isnan(lo)
    report = np.empty(n, dtype=np.int64)
    order = np.lexsort((hi, lo, window_id))
    current = -1
    prev_window = -1
    top = 0.0
    for i in order:
        if no_value[i]:
            current += 1  # a figure without a number is a report of its own
            report[i] = current
            prev_window = -1
            continue
        if window_id[i] != prev_window or lo[i] > top:
            current += 1
            top = hi[i]
        else:
            top = min(top, hi[i])
        report[i] = current
        prev_window = window_id[i]
    # the report's id: its origin (earliest by date, then publication, then figure id)
    tie = frame["figure_id"].astype(str).to_numpy()
    published = frame["published"].astype("string").fillna("9999").to_numpy()
    earliest = np.lexsort((tie, published, np.where(undated, np.inf, days), report))
    first = np.ones(n, dtype=bool)
    first[1:] = report[earliest][1:] != report[earliest][:-1]
    origin_of = dict(zip(report[earliest][first], tie[earliest][first]))
    return pd.Series([origin_of[r] for r in report], index=frame.index, dtype=object)


def _sources(frame: pd.DataFrame) -> pd.Series:
    """Who published each figure: its publisher, else its document (an unknown publisher is
    counted once per article)."""
    return frame["source"].astype(object).where(frame["source"].notna(), "doc:" + frame["document_id"].astype(str))


def reports_table(frame: pd.DataFrame, report_ids: Optional[pd.Series] = None) -> pd.DataFrame:
    """One row per report: its estimate (the most precisely written figure's value), the bounds
    all its figures allow, how many figures, sources and documents stand behind it, its origin."""
    if frame.empty:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    ids = assign_reports(frame) if report_ids is None else report_ids.reindex(frame.index)
    lo, hi = intervals(frame)
    work = pd.DataFrame({
        "report_id": ids.to_numpy(),
        "figure_id": frame["figure_id"].to_numpy(),
        "width": np.where(np.isnan(hi - lo), np.inf, hi - lo),
        "lo": lo, "hi": hi,
        "src": _sources(frame).to_numpy(),
        "document_id": frame["document_id"].to_numpy(),
        "attributed_to": frame["attributed_to"].to_numpy() if "attributed_to" in frame else None,
    }, index=frame.index)
    grouped = work.groupby("report_id", sort=False)
    best_idx = work.sort_values(["width", "figure_id"]).groupby("report_id", sort=False).head(1)
    best = frame.loc[best_idx.index].copy()
    best["report_id"] = best_idx["report_id"].to_numpy()
    best = best.set_index("report_id")
    origin = frame.set_index(ids.to_numpy())
    origin = origin[origin["figure_id"].to_numpy() == origin.index.to_numpy()]
    dates = frame["date"].astype("string").where(frame["date"].notna(), frame["published"].astype("string"))
    work["ref_date"] = dates.to_numpy()
    out = pd.DataFrame({
        "figures": grouped.size(),
        "sources": grouped["src"].nunique(),
        "documents": grouped["document_id"].nunique(),
        "low": grouped["lo"].max(),
        "high": grouped["hi"].min(),
        "first_date": grouped["ref_date"].min(),
        "last_date": grouped["ref_date"].max(),
        "attributed_to": grouped["attributed_to"].agg(_most_common) if "attributed_to" in frame else None,
    })
    for column in ("category", "figure_type", "location", "admin1", "country_iso3", "location_precision", "date",
                   "date_precision", "value", "qualifier", "number_text", "period_start"):
        out[column] = best[column].reindex(out.index) if column in best else None
    out["category"] = out["category"].map(lambda c: SAME_PEOPLE.get(c, c))
    out["origin_figure_id"] = out.index
    out["origin_document_id"] = origin["document_id"].reindex(out.index)
    out["origin_source"] = origin["source"].reindex(out.index)
    out["origin_published"] = origin["published"].reindex(out.index)
    out["low"] = out["low"].clip(lower=0).round()
    out["high"] = out["high"].round()
    out = out.reset_index(names="report_id")
    return out[REPORT_COLUMNS].sort_values(["category", "country_iso3", "location", "first_date"],
                                           na_position="last").reset_index(drop=True)


def _most_common(values: pd.Series) -> Optional[str]:
    values = values.dropna()
    if values.empty:
        return None
    counts = values.value_counts()
    return str(counts.index[0])


def situations_table(reports: pd.DataFrame) -> pd.DataFrame:
    """Per place and category, the current estimate of the people in the situation (stock
    reports only): at the latest date, the report with the most sources (ties: attributed, then
    the latest); ``conflict`` when another report of that place and date disagrees, with the
    range of both; ``trend`` the estimates over time, oldest first; ``estimates`` how many."""
    stock = reports[reports["figure_type"].eq("stock") & reports["value"].notna()]
    if stock.empty:
        return pd.DataFrame(columns=SITUATION_COLUMNS)
    rows = []
    for (_category, _country, _location), group in stock.groupby(
            ["category", "country_iso3", "location"], dropna=False, sort=True):
        series = estimates(group)
        current = series.iloc[-1]
        rows.append({
            **{c: current[c] for c in ("category", "location", "admin1", "country_iso3", "location_precision", "date",
                                       "value", "low", "high", "qualifier", "number_text", "sources", "report_id")},
            "reports": len(group),
            "estimates": len(series),
            "conflict": bool(current["conflict"]),
            "conflict_low": current["conflict_low"],
            "conflict_high": current["conflict_high"],
            "trend": [int(v) for v in series["value"]],
        })
    out = pd.DataFrame(rows, columns=SITUATION_COLUMNS)
    return out.sort_values(["category", "value"], ascending=[True, False], na_position="last").reset_index(drop=True)


def estimates(reports: pd.DataFrame) -> pd.DataFrame:
    """The estimates of one place and category over time (its stock reports): one per date
    window, oldest first, with ``conflict`` and its range when reports of that window disagree."""
    days, window = _reference_days(reports.rename(columns={"origin_published": "published"}))
    ordered = reports.assign(_day=days, _window=window).sort_values(["_day", "first_date"], na_position="first")
    out = []
    bucket: list = []
    start = span = None
    for _, row in ordered.iterrows():
        day = row["_day"]
        if bucket and (start is None or day is None or math.isnan(day) or math.isnan(start)
                       or day - start > max(span, row["_window"])):
            out.append(_choose(bucket))
            bucket = []
        if not bucket:
            start, span = day, row["_window"]
        bucket.append(row)
    if bucket:
        out.append(_choose(bucket))
    return pd.DataFrame(out).reset_index(drop=True)


def _choose(bucket: list) -> pd.Series:
    """The estimate of one date window: most sources, then attributed, then the latest."""
    best = max(bucket, key=lambda r: (r["sources"], r["attributed_to"] is not None and r["attributed_to"] == r["attributed_to"],
                                      str(r["last_date"])))
    chosen = best.copy()
    others = [r for r in bucket if r is not best]
    chosen["conflict"] = bool(others)
    values = [r["value"] for r in bucket]
    chosen["conflict_low"] = min(values) if others else None
    chosen["conflict_high"] = max(values) if others else None
    return chosen.drop(labels=["_day", "_window"])

"""Reports and situations (pure): one estimate per place, category and date, from figures that
restate each other.

When an agency announces a number, outlets reprint it for days, rounded and hedged ("nearly 3.4
million", "3.4m", "more than three million"). Each reprint stays a figure (the evidence); here
they become one **report**:

- same category (camp counts as displaced: both are people displaced now), same kind (stock or
  flow), same place (the gazetteer's name, so "North Kivu" and "Nord-Kivu" are one place);
- numbers that agree within what their writing allows: each figure stands for an interval (the
  rounding of its last written digit, widened by its hedge: "about" 5% either way, "nearly"
  5% below, "more than" up to 30% more, "up to" down to 1/1.3 of it); a report's members
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

Reviews (issue 15): pass a frame with the latest reviews applied (``Store.reviewed_frame``,
``reviews.apply_reviews``) and its corrected values are what is grouped; a figure an editor
rejected is in no report, whatever filter showed it.
"""
from __future__ import annotations

import math
import re
from typing import Optional

import numpy as np
import pandas as pd

from .syndication import drop_copies

#: "about", "around", "some": this much either way, or the rounding of the written number when
#: that is wider ("about 3 million" is 2.5 to 3.5 million; "about 3.4 million" 3.23 to 3.57)
APPROX_SHARE = 0.05
#: the rounding a written number is read with, at most this share of it
ROUNDING_CAP = 0.10
#: "more than N" is taken to mean at most this many times N; "up to N" at least N / this
#: ("more than three million" restates 3.4 million; "more than 12,000" does not restate 19,000)
OPEN_BOUND_FACTOR = 1.3
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


def _codes(values) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of a column as plain Python objects (missing -> None): integer codes
    and the distinct values, so that string work is done once per distinct value."""
    array = pd.Series(values).astype(object).to_numpy(dtype=object)
    codes, uniques = pd.factorize(array, use_na_sentinel=False)
    return codes, np.asarray(uniques, dtype=object)


def _units(frame: pd.DataFrame) -> np.ndarray:
    """``rounding_unit`` of every figure, computed once per distinct written number (a store
    repeats "15,000" and "about 3.4 million" thousands of times)."""
    codes, texts = _codes(frame["number_text"])
    reported = pd.to_numeric(frame["reported_value"], errors="coerce").to_numpy(dtype=float)
    per_text = np.array([rounding_unit(t, None) if t is not None and _NUMBER.search(str(t)) else np.nan
                         for t in texts], dtype=float)
    unit = per_text[codes] if len(codes) else np.zeros(0)
    with np.errstate(divide="ignore", invalid="ignore"):  # written in words: the number's magnitude
        magnitude = np.where(reported >= 1, 10.0 ** np.floor(np.log10(np.abs(reported))), 1.0)
    return np.where(np.isnan(unit), magnitude, unit)


def intervals(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of the values each figure can stand for (people, or dwellings for housing)."""
    value = pd.to_numeric(frame["value"], errors="coerce").to_numpy(dtype=float)
    low = pd.to_numeric(frame["low"], errors="coerce").to_numpy(dtype=float)
    high = pd.to_numeric(frame["high"], errors="coerce").to_numpy(dtype=float)
    reported = pd.to_numeric(frame["reported_value"], errors="coerce").to_numpy(dtype=float)
    qualifier = frame["qualifier"].astype(object).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        # households written, people counted: the rounding is the written number's, scaled
        ratio = np.where((reported > 0) & ~np.isnan(reported), value / reported, 1.0)
        half = _units(frame) * np.where(np.isnan(ratio), 1.0, ratio) / 2
        # a number with one significant digit ("100,000", "3 million") is rounded at most to a
        # tenth of itself either way: 60,000 is no restatement of 100,000
        half = np.minimum(half, np.abs(value) * ROUNDING_CAP)
        spread = np.maximum(value * APPROX_SHARE, half)
        lo = value - half
        hi = value + half
        approx = qualifier == "approx"
        below_only = approx & np.isnan(low)  # "nearly N": below N only
        lo = np.where(approx, value - spread, lo)
        hi = np.where(approx & ~below_only, value + spread, hi)
        at_least = qualifier == "at_least"
        hi = np.where(at_least, value * OPEN_BOUND_FACTOR + half, hi)
        at_most = qualifier == "at_most"
        lo = np.where(at_most, value / OPEN_BOUND_FACTOR - half, lo)
        bounded = (qualifier == "vague") | ((qualifier == "range") & ~np.isnan(low) & ~np.isnan(high))
        lo = np.where(bounded, low, lo)
        hi = np.where(bounded, np.where(np.isnan(high), low * 10, high), hi)
    return lo, hi


def _reference_days(frame: pd.DataFrame, date: str = "date", published: str = "published",
                    precision: str = "date_precision") -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970 of each row's reference date (its date, else its article's), and the
    window it allows; NaN where the date is unknown. Each distinct date is read once."""
    dated = frame[date].notna().to_numpy()
    text = np.where(dated, frame[date].to_numpy(dtype=object), frame[published].to_numpy(dtype=object))
    codes, uniques = _codes(text)
    day_of = np.full(len(uniques), np.nan)
    window_of = np.full(len(uniques), 366.0)
    epoch = pd.Timestamp("1970-01-01")
    for k, u in enumerate(uniques):
        if u is None or u != u:
            continue
        t = str(u)[:10]
        full = t + "-01-01" if len(t) == 4 else t + "-01" if len(t) == 7 else t
        try:
            day_of[k] = (pd.Timestamp(full) - epoch).days
        except (ValueError, TypeError):
            continue
        window_of[k] = DATE_WINDOW_DAYS["day" if len(t) >= 10 else "month" if len(t) >= 7 else "year"]  # as written
    days = day_of[codes] if len(codes) else np.zeros(0)
    pcodes, precisions = _codes(frame[precision])
    given = np.array([DATE_WINDOW_DAYS.get(p, np.nan) if isinstance(p, str) else np.nan for p in precisions], dtype=float)
    given = np.where(dated, given[pcodes] if len(pcodes) else np.zeros(0), np.nan)
    window = np.where(np.isnan(given), window_of[codes] if len(codes) else np.zeros(0), given)
    return days, window


def place_key(frame: pd.DataFrame) -> np.ndarray:
    """The place a figure is about, as one integer key: country and the gazetteer's name,
    written alike ("Kalma camp" = "Kalma Camp"); the country alone for a country-wide figure."""
    country, _ = _codes(frame["country_iso3"])
    loc_codes, locations = _codes(frame["location"])
    alike = np.array([" ".join(str(x).lower().split()) if x is not None else "" for x in locations], dtype=object)
    same, _ = _codes(alike)
    return _combine(country, same[loc_codes] if len(loc_codes) else loc_codes)


def _combine(*codes: np.ndarray) -> np.ndarray:
    """One integer code per distinct combination of integer codes."""
    out = np.zeros(len(codes[0]), dtype=np.int64)
    for c in codes:
        c = np.asarray(c, dtype=np.int64)
        out = out * (int(c.max()) + 1 if len(c) else 1) + c
        out = np.unique(out, return_inverse=True)[1].astype(np.int64)  # keep the codes small
    return out


def _windows(group: np.ndarray, days: np.ndarray, window: np.ndarray) -> np.ndarray:
    """Date windows within each group: sorted by date, a window opens at its first date and
    holds what falls within the widest window of its members; undated rows are one window."""
    undated = np.isnan(days)
    order = np.lexsort((days, undated, group))
    out = np.empty(len(group), dtype=np.int64)
    current, prev_group, prev_undated, start, span = -1, None, None, 0.0, 0.0
    for i, g, d, w, u in zip(order.tolist(), group[order].tolist(), days[order].tolist(), window[order].tolist(),
                             undated[order].tolist()):
        if g != prev_group or u != prev_undated or (not u and d - start > max(span, w)):
            current += 1
            start, span = d, w
        elif not u:
            span = max(span, w)
        out[i] = current
        prev_group, prev_undated = g, u
    return out


def _common_point(window_id: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Within each window, runs of intervals (sorted by their low end) that all share a point;
    an interval without a value is a run of its own."""
    order = np.lexsort((hi, lo, window_id))
    out = np.empty(len(lo), dtype=np.int64)
    current, prev_window, top = -1, None, 0.0
    for i, w, a, b in zip(order.tolist(), window_id[order].tolist(), lo[order].tolist(), hi[order].tolist()):
        if a != a:  # NaN: no number to agree on
            current += 1
            prev_window = None
        elif w != prev_window or a > top:
            current += 1
            top = b
            prev_window = w
        else:
            top = min(top, b)
        out[i] = current
    return out


def _group_codes(frame: pd.DataFrame) -> np.ndarray:
    """What must be equal for two figures to be one report: category (camp = displaced), kind,
    place, vague or not, part of a total or not."""
    category, names = _codes(frame["category"])
    same = _codes(np.array([SAME_PEOPLE.get(c, c) for c in names], dtype=object))[0]
    return _combine(same[category] if len(category) else category, _codes(frame["figure_type"])[0], place_key(frame),
                    frame["qualifier"].eq("vague").to_numpy(dtype=np.int64), frame["part_of"].notna().to_numpy(dtype=np.int64))


def _rejected(frame: pd.DataFrame) -> Optional[np.ndarray]:
    """Rows an editor rejected (``review_status``, issue 15), or None when there are none:
    they are in no report (their values are not figures), whatever the filter showed."""
    if "review_status" not in frame or frame.empty:
        return None
    rejected = frame["review_status"].eq("rejected").to_numpy(dtype=bool, na_value=False)
    return rejected if rejected.any() else None


def assign_reports(frame: pd.DataFrame) -> pd.Series:
    """The report of each figure: the figure id of the report's origin (its earliest figure),
    aligned with ``frame``'s index. Parts of a total (``part_of``) are reports of their own.
    A rejected figure (``review_status``) has none (None). Reviewed values are what counts:
    pass a frame with reviews applied (``reviews.apply_reviews``)."""
    rejected = _rejected(frame)
    if rejected is not None:
        return assign_reports(frame[~rejected]).reindex(frame.index)
    if frame.empty:
        return pd.Series([], index=frame.index, dtype=object)
    return _assign(frame, *intervals(frame))


def group(frame: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """``(assign_reports(frame), reports_table(frame, ...))`` with each figure's interval read
    once: what a page or a command that shows reports needs. Rejected figures are left out, and
    so are syndicated copies (``syndication.drop_copies``: a wire story on fifty sites is one
    source); their report is None."""
    kept = drop_copies(frame)
    if len(kept) != len(frame):
        ids, table = group(kept)
        return ids.reindex(frame.index), table
    rejected = _rejected(frame)
    if rejected is not None:
        ids, table = group(frame[~rejected])
        return ids.reindex(frame.index), table
    if frame.empty:
        return assign_reports(frame), reports_table(frame)
    lo, hi = intervals(frame)
    ids = _assign(frame, lo, hi)
    return ids, _table(frame, ids, lo, hi)


def _assign(frame: pd.DataFrame, lo: np.ndarray, hi: np.ndarray) -> pd.Series:
    days, window = _reference_days(frame)
    report = _common_point(_windows(_group_codes(frame), days, window), lo, hi)
    # the report's id: its origin (earliest by date, then publication, then figure id)
    ids = frame["figure_id"].to_numpy(dtype=object)
    id_rank = _rank(ids)
    published_rank = _rank(frame["published"].to_numpy(dtype=object))
    earliest = np.lexsort((id_rank, published_rank, np.where(np.isnan(days), np.inf, days), report))
    ranked = report[earliest]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = ranked[1:] != ranked[:-1]
    origin = np.empty(report.max() + 1, dtype=object)
    origin[ranked[first]] = ids[earliest][first]
    return pd.Series(origin[report], index=frame.index, dtype=object)


def _rank(values: np.ndarray) -> np.ndarray:
    """Each value's rank among the distinct values (None last): integers that sort like the
    strings, so that a sort key never compares a million strings."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    order = np.argsort(np.asarray([str(u) for u in uniques], dtype=object), kind="stable")
    rank_of = np.empty(len(uniques) + 1, dtype=np.int64)
    rank_of[order] = np.arange(len(uniques))
    rank_of[-1] = len(uniques)  # missing (code -1) sorts last
    return rank_of[codes]


def _sources(frame: pd.DataFrame) -> pd.Series:
    """Who published each figure: its publisher, else its document (an unknown publisher is
    counted once per article)."""
    return frame["source"].astype(object).where(frame["source"].notna(), "doc:" + frame["document_id"].astype(str))


def reports_table(frame: pd.DataFrame, report_ids: Optional[pd.Series] = None) -> pd.DataFrame:
    """One row per report: its estimate (the most precisely written figure's value), the bounds
    all its figures allow, how many figures, sources and documents stand behind it, its origin."""
    rejected = _rejected(frame)
    if rejected is not None:
        frame = frame[~rejected]
    frame = drop_copies(frame)
    if frame.empty:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    if report_ids is None:
        return group(frame)[1]
    return _table(frame, report_ids.reindex(frame.index), *intervals(frame))


def _table(frame: pd.DataFrame, ids: pd.Series, lo: np.ndarray, hi: np.ndarray) -> pd.DataFrame:
    codes, names = pd.factorize(ids.to_numpy(dtype=object))  # integer codes: fast to group on
    n = len(names)
    width = np.where(np.isnan(hi - lo), np.inf, hi - lo)
    ref = frame["date"].astype(object).where(frame["date"].notna(), frame["published"].astype(object))
    work = pd.DataFrame({"r": codes, "lo": lo, "hi": hi, "ref": ref.to_numpy(dtype=object),
                         "src": pd.factorize(_sources(frame).to_numpy(dtype=object))[0],
                         "doc": pd.factorize(frame["document_id"].to_numpy(dtype=object))[0]})
    grouped = work.groupby("r", sort=True)
    out = pd.DataFrame({
        "figures": grouped.size(),
        "sources": grouped["src"].nunique(),
        "documents": grouped["doc"].nunique(),
        "low": grouped["lo"].max(),
        "high": grouped["hi"].min(),
        "first_date": grouped["ref"].min(),
        "last_date": grouped["ref"].max(),
    }).reindex(range(n))
    attributed = frame["attributed_to"].to_numpy(dtype=object) if "attributed_to" in frame else None
    out["attributed_to"] = _most_common_by(codes, attributed, n)
    # the estimate: the most precisely written figure (narrowest interval), then the first id
    figure_ids = frame["figure_id"].to_numpy(dtype=object)
    order = np.lexsort((_rank(figure_ids), width, codes))
    best = order[np.r_[True, codes[order][1:] != codes[order][:-1]]]
    shown = frame.iloc[best[np.argsort(codes[best])]]
    for column in ("category", "figure_type", "location", "admin1", "country_iso3", "location_precision", "date",
                   "date_precision", "value", "qualifier", "number_text", "period_start"):
        out[column] = shown[column].to_numpy() if column in shown else None
    out["category"] = out["category"].replace(SAME_PEOPLE)
    is_origin = figure_ids == ids.to_numpy(dtype=object)
    origin = np.empty(n, dtype=np.int64)
    origin[codes[is_origin]] = np.flatnonzero(is_origin)
    out["report_id"] = names
    out["origin_figure_id"] = names
    for column, source in (("origin_document_id", "document_id"), ("origin_source", "source"),
                           ("origin_published", "published")):
        out[column] = frame[source].to_numpy(dtype=object)[origin]
    out["low"] = out["low"].clip(lower=0).round()
    out["high"] = out["high"].round()
    return out[REPORT_COLUMNS].sort_values(["category", "country_iso3", "location", "first_date"],
                                           na_position="last", kind="stable").reset_index(drop=True)


def _most_common_by(codes: np.ndarray, values: Optional[np.ndarray], n: int) -> np.ndarray:
    """Per code 0..n-1, its most frequent non-empty value (ties: the first in sort order), or None."""
    out = np.full(n, None, dtype=object)
    if values is None:
        return out
    pairs = pd.DataFrame({"k": codes, "v": values}).dropna()
    if pairs.empty:
        return out
    counts = pairs.groupby(["k", "v"], sort=True).size().reset_index(name="n")
    counts = counts.sort_values(["k", "n"], ascending=[True, False], kind="stable").drop_duplicates("k")
    out[counts["k"].to_numpy()] = counts["v"].to_numpy(dtype=object)
    return out


def estimates(reports: pd.DataFrame) -> pd.DataFrame:
    """The stock estimates of the reports' places and categories over time: one row per place,
    category and date window, oldest first, the report with the most sources (ties: an
    attributed one, then the latest), with ``conflict`` and its range (``conflict_low`` and
    ``conflict_high``: the values of all the window's reports) when reports of the window
    disagree. ``situation`` numbers the place and category, ``situation_reports`` counts its
    stock reports."""
    stock = reports[reports["figure_type"].eq("stock") & reports["value"].notna()].copy()
    if stock.empty:
        return stock.assign(situation=pd.Series(dtype=int), conflict=pd.Series(dtype=bool),
                            conflict_low=pd.Series(dtype=float), conflict_high=pd.Series(dtype=float))
    key = stock[["category", "country_iso3", "location"]].astype(object).fillna("")
    stock["situation"] = key.groupby(list(key.columns), sort=True).ngroup().to_numpy()
    stock["situation_reports"] = stock.groupby("situation")["situation"].transform("size")
    days, window = _reference_days(stock, published="origin_published")
    stock["_window"] = _windows(stock["situation"].to_numpy(), days, window)
    stock["_day"] = np.where(np.isnan(days), -np.inf, days)
    stock["_attributed"] = stock["attributed_to"].notna()
    ranked = stock.sort_values(["_window", "sources", "_attributed", "last_date"],
                               ascending=[True, False, False, False], kind="stable")
    chosen = ranked.drop_duplicates("_window").set_index("_window")
    per_window = stock.groupby("_window")["value"]
    chosen["conflict"] = per_window.size().reindex(chosen.index) > 1
    chosen["conflict_low"] = per_window.min().reindex(chosen.index).where(chosen["conflict"])
    chosen["conflict_high"] = per_window.max().reindex(chosen.index).where(chosen["conflict"])
    chosen = chosen.sort_values(["situation", "_day"], kind="stable")
    return chosen.drop(columns=["_day", "_attributed"]).reset_index(drop=True)


def situations_table(reports: pd.DataFrame) -> pd.DataFrame:
    """Per place and category, the current estimate of the people in the situation (stock
    reports only): the latest window's estimate (see ``estimates``), ``conflict`` when another
    report of that window disagrees, with the range of both; ``trend`` the estimates over
    time, oldest first; ``estimates`` how many; ``reports`` how many stock reports in all."""
    series = estimates(reports)
    if series.empty:
        return pd.DataFrame(columns=SITUATION_COLUMNS)
    by = series.groupby("situation", sort=True)
    current = series.drop_duplicates("situation", keep="last").set_index("situation")
    current["estimates"] = by.size()
    current["trend"] = by["value"].agg(lambda v: [int(x) for x in v])
    current["reports"] = current["situation_reports"]
    out = current.reset_index(drop=True)[SITUATION_COLUMNS]
    return out.sort_values(["category", "value"], ascending=[True, False], na_position="last",
                           kind="stable").reset_index(drop=True)


def running_totals(reports: pd.DataFrame) -> pd.DataFrame:
    """Cumulative flows ("since January, 200,000 have fled", then "250,000"): the flow reports
    that count from a stated start, as one running total per place, category and start, in date
    order. Each row is a report (restatements already grouped); rows are never added together."""
    flows = reports[reports["figure_type"].eq("flow") & reports["period_start"].notna() & reports["value"].notna()]
    if flows.empty:
        return flows.assign(total=pd.Series(dtype=int))
    key = flows[["category", "country_iso3", "location", "period_start"]].astype(object).fillna("")
    flows = flows.assign(total=key.groupby(list(key.columns), sort=True).ngroup().to_numpy(),
                         _when=flows["date"].astype(object).where(flows["date"].notna(), flows["first_date"]))
    return flows.sort_values(["total", "_when"], kind="stable").drop(columns="_when").reset_index(drop=True)

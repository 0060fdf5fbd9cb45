"""Pure helpers behind the dashboard's Situation view (issue 14): the situation table as the
page shows it, a situation's key in the link, its reports and their figures, and its timeline.

Nothing here imports Streamlit; article text is untrusted and is escaped where HTML is built.
"""
from __future__ import annotations

import html
from typing import Mapping, Optional

import altair as alt
import pandas as pd

from . import situations
from .views import category_label, display_value, fmt_int, format_date, source_label

#: the link parameter that opens one situation: "category|ISO3|place" (``situation_key``)
SITUATION_PARAM = "situation"
#: the link parameter of the tab shown (the tabs' own binding)
VIEW_PARAM = "view"
VIEWS = ("Situations", "Figures")
REPORTS_SHOWN = 30  # a situation page lists at most this many reports with their figures
#: above this many figures a view is grouped into reports only when asked (about 1 s per 100,000)
GROUP_ON_OPEN_MAX = 150_000


def situation_key(category: object, country: object, location: object) -> str:
    """"displaced|SDN|Sudan": the situation's key in a link (an empty part for an unknown one)."""
    return "|".join("" if v is None or v != v else str(v) for v in (category, country, location))


def parse_situation_key(key: object) -> Optional[tuple[str, Optional[str], Optional[str]]]:
    """(category, country, place) of a key; None when it is not one."""
    parts = str(key or "").split("|")
    if len(parts) != 3 or not parts[0]:
        return None
    return parts[0], parts[1] or None, parts[2] or None


def _conflict_text(row: Mapping[str, object]) -> str:
    if not row.get("conflict"):
        return ""
    return f"⚠ {fmt_int(row['conflict_low'])} – {fmt_int(row['conflict_high'])}"


def situation_rows(table: pd.DataFrame, names: Optional[Mapping[str, str]] = None) -> pd.DataFrame:
    """The situation table for ``st.dataframe``: one row per place and category, with its
    current estimate as written, how many sources stand behind it, the trend and a conflict mark."""
    names = names or {}
    rows = []
    for row in table.to_dict(orient="records"):
        rows.append({
            "Category": category_label(row["category"]),
            "Place": row["location"] or names.get(row["country_iso3"], row["country_iso3"]) or "unknown place",
            "Country": names.get(row["country_iso3"], row["country_iso3"] or "unknown"),
            "Estimate": row["value"],
            "As written": row["number_text"],
            "Date": format_date(row["date"], "day") if row.get("date") else "unknown",
            "Sources": int(row["sources"]),
            "Reports": int(row["reports"]),
            "Trend": list(row["trend"]),
            "Conflict": _conflict_text(row),
            "key": situation_key(row["category"], row["country_iso3"], row["location"]),
        })
    return pd.DataFrame(rows, columns=["Category", "Place", "Country", "Estimate", "As written", "Date", "Sources",
                                       "Reports", "Trend", "Conflict", "key"])


def _matches(frame: pd.DataFrame, key: tuple[str, Optional[str], Optional[str]]) -> pd.Series:
    category, country, location = key
    same = frame["category"].astype(object).eq(category)
    same &= frame["country_iso3"].astype(object).where(frame["country_iso3"].notna(), None).eq(country) \
        if country else frame["country_iso3"].isna()
    same &= frame["location"].astype(object).eq(location) if location else frame["location"].isna()
    return same


def situation_reports(reports: pd.DataFrame, key: tuple[str, Optional[str], Optional[str]]) -> pd.DataFrame:
    """Every report (stock and flow) of one situation, newest first."""
    chosen = reports[_matches(reports, key)]
    return chosen.sort_values(["first_date", "sources"], ascending=[False, False], na_position="last")


def report_figures(frame: pd.DataFrame, report_ids: pd.Series, report_id: str) -> pd.DataFrame:
    """The figures behind one report (its evidence), oldest article first."""
    chosen = frame[report_ids.reindex(frame.index).eq(report_id).to_numpy()]
    return chosen.sort_values(["published", "document_id"], na_position="last")


def report_html(report: Mapping[str, object], figures: pd.DataFrame) -> str:
    """One report with each article and sentence behind it (escaped)."""
    head = (f"<b>{html.escape(display_value(report['value'], report['low'], report['high'], report['qualifier']))}</b> "
            f"{html.escape(str(report['number_text'] or ''))} · {html.escape(report['figure_type'] or '')} · "
            f"{fmt_int(report['figures'])} figure{'s' if report['figures'] != 1 else ''} from "
            f"{fmt_int(report['sources'])} source{'s' if report['sources'] != 1 else ''}")
    if report.get("attributed_to"):
        head += f" · attributed to {html.escape(str(report['attributed_to']))}"
    items = []
    for row in figures.to_dict(orient="records"):
        when = html.escape(str(row.get("published") or "date unknown"))
        source = html.escape(source_label(row.get("source"), row.get("title"), row.get("document_id")))
        items.append(f"<li><span style='color:#555'>{when} · {source}</span><br>{html.escape(str(row.get('quote') or ''))}</li>")
    return f"<div>{head}<ul style='margin:.3rem 0 .6rem 1rem'>{''.join(items)}</ul></div>"


def timeline_chart(series: pd.DataFrame, title: str) -> alt.Chart:
    """The estimates of one situation over time: a step line, each point a report sized by its
    sources; a conflict shows its range as a vertical rule."""
    data = series.assign(
        day=pd.to_datetime(series["date"].astype(object).where(series["date"].notna(), series["first_date"]),
                           errors="coerce"),
        sources=series["sources"].astype(int),
        written=series["number_text"].astype(str),
    ).dropna(subset=["day"])
    if data.empty:
        return alt.Chart(pd.DataFrame({"x": []})).mark_text().properties(title=f"{title}: no dated estimate")
    top = float(max(data["value"].max(), data["conflict_high"].max() if data["conflict"].any() else 0)) * 1.15
    y = alt.Y("value:Q", title="People (estimate)", axis=alt.Axis(format="~s"), scale=alt.Scale(domain=[0, top]))
    base = alt.Chart(data).encode(x=alt.X("day:T", title="Reference date"))
    line = base.mark_line(interpolate="step-after", color="#4e79a7").encode(y=y)
    points = base.mark_circle(color="#4e79a7", opacity=0.85).encode(
        y=y, size=alt.Size("sources:Q", legend=None, scale=alt.Scale(domain=[1, 10], range=[80, 700], clamp=True)),
        tooltip=[alt.Tooltip("day:T", title="Date"), alt.Tooltip("value:Q", title="Estimate", format=","),
                 alt.Tooltip("written:N", title="As written"), alt.Tooltip("sources:Q", title="Sources")])
    layers = [line, points]
    conflicts = data[data["conflict"].astype(bool)]
    if not conflicts.empty:
        layers.append(alt.Chart(conflicts).mark_rule(color="#e15759", strokeDash=[4, 3]).encode(
            x="day:T", y="conflict_low:Q", y2="conflict_high:Q"))
    return alt.layer(*layers).properties(title=alt.Title(title, subtitle="Each point a report, larger with more sources; "
                                                           "a dashed rule: reports of that date that disagree"),
                                        height=260)


def parents(table: pd.DataFrame, key: tuple[str, Optional[str], Optional[str]]) -> pd.DataFrame:
    """The situations a place is part of, same category: its division's and its country's, each
    with its own estimate (a place's figure is never added to theirs, nor theirs split)."""
    category, country, location = key
    mine = table[table["category"].eq(category) & table["country_iso3"].eq(country) & table["location"].eq(location)]
    if mine.empty or not country:
        return table.iloc[0:0]
    admin1 = mine.iloc[0]["admin1"]
    same = table["category"].eq(category) & table["country_iso3"].eq(country) & ~table["location"].eq(location)
    up = same & (table["location_precision"].eq("country")
                 | (table["location_precision"].eq("admin1") & table["location"].eq(admin1) if admin1 else False))
    return table[up].sort_values("location_precision", key=lambda p: p.map({"admin1": 0, "country": 1}))


def parents_text(rows: pd.DataFrame) -> str:
    """"Part of: Darfur, 400,000 (2024-03-02) · Sudan, 3,400,000 (2024-03-01)", or ""."""
    if rows.empty:
        return ""
    parts = [f"{r['location']}, {fmt_int(r['value'])}" + (f" ({r['date']})" if r.get("date") else "")
             for r in rows.to_dict(orient="records")]
    return "Part of: " + " · ".join(parts) + " (their own estimates: a place is never added to them)"


def running_total_text(totals: pd.DataFrame) -> list[str]:
    """One line per running total: "Since 2024-01-01: 200,000 (2024-03-10) → 250,000 (2024-04-12)"."""
    lines = []
    for _, series in totals.groupby("total", sort=True):
        steps = [f"{r['number_text'] or fmt_int(r['value'])} ({r['date'] or r['first_date']})"
                 for r in series.to_dict(orient="records")]
        lines.append(f"Since {series.iloc[0]['period_start']}: " + " → ".join(steps))
    return lines


def situation_title(key: tuple[str, Optional[str], Optional[str]], names: Optional[Mapping[str, str]] = None) -> str:
    category, country, location = key
    where = location or (names or {}).get(country or "", country or "unknown place")
    return f"{category_label(category)}: {where}"


__all__ = ["SITUATION_PARAM", "VIEW_PARAM", "VIEWS", "situation_key", "parse_situation_key", "situation_rows",
           "situation_reports", "report_figures", "report_html", "timeline_chart", "situation_title", "parents",
           "parents_text", "situations"]

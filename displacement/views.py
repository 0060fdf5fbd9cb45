"""Pure helpers behind the dashboard page: headline numbers, the evidence table, sentence
highlighting, share links and download names.

Nothing here imports Streamlit, so every rule the page shows an analyst (which figure is "the
latest", how a hedged number is written, what gets escaped) is tested without a browser.
Article text is untrusted: every function that returns HTML escapes it first.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Optional, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np
import pandas as pd

from .model import CATEGORIES

CATEGORY_LABELS: dict[str, str] = {
    "displaced": "Displaced",
    "trapped": "Trapped",
    "camp": "In camps",
    "refugees": "Refugees",
    "returnees": "Returnees",
    "evacuated": "Evacuated",
    "homeless": "Homeless",
    "casualties": "Killed, injured or missing",
    "housing": "Housing destroyed",
    "affected": "Affected (not displaced)",
}

QUALIFIER_LABELS: dict[str, str] = {
    "exact": "exact",
    "approx": "about",
    "at_least": "at least",
    "at_most": "at most",
    "range": "range",
    "vague": "vague",
}

FIGURE_TYPE_LABELS = {"stock": "people in this situation", "flow": "people who moved"}

# country > admin1 > place > camp: a country-wide figure is the better headline on a tie
PRECISION_RANK = {"country": 4, "admin1": 3, "place": 2, "camp": 1}

# The evidence table shows at most this many rows (the CSV holds all of them).
EVIDENCE_MAX_ROWS = 5000
# Above this many filtered rows the CSV is built when the button is clicked, not on every rerun.
DIRECT_DOWNLOAD_MAX_ROWS = 50_000

DEFAULT_HOUSEHOLD_SIZE_FALLBACK = 5.0


def default_household_size() -> float:
    """The units module's documented default, or 5.0 while it has none."""
    try:
        from . import units  # noqa: WPS433 (optional until the units module lands)
    except Exception:  # pragma: no cover - depends on another module's state
        return DEFAULT_HOUSEHOLD_SIZE_FALLBACK
    value = getattr(units, "DEFAULT_HOUSEHOLD_SIZE", None)
    try:
        return float(value) if value else DEFAULT_HOUSEHOLD_SIZE_FALLBACK
    except (TypeError, ValueError):
        return DEFAULT_HOUSEHOLD_SIZE_FALLBACK


# ---- numbers and labels ----------------------------------------------------------------------

def _missing(x: object) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return isinstance(x, float) and math.isnan(x)
    except TypeError:
        return False


def fmt_int(x: object) -> str:
    """``3400000`` -> ``"3,400,000"``; missing -> ``"–"``."""
    if _missing(x):
        return "–"
    try:
        return f"{int(round(float(x))):,}"
    except (TypeError, ValueError):
        return "–"


def plural(n: int, word: str) -> str:
    """``plural(1, "figure")`` -> ``"1 figure"``; ``plural(1200, "figure")`` -> ``"1,200 figures"``."""
    from .wording import plural as say

    return say(n, word)


def category_label(category: object) -> str:
    if _missing(category) or not str(category):
        return "Uncategorised"
    return CATEGORY_LABELS.get(str(category), str(category).replace("_", " ").capitalize())


def qualifier_label(qualifier: object) -> str:
    if _missing(qualifier):
        return ""
    return QUALIFIER_LABELS.get(str(qualifier), str(qualifier))


def display_parts(value: object, low: object = None, high: object = None, qualifier: object = "exact") -> tuple[str, str]:
    """A figure as ``(hedge, number)``: ``("about", "15,000")``, ``("at least", "71")``,
    ``("", "500–1,000")``, ``("vague, at least", "1,000")``, ``("", "7")``."""
    q = "" if _missing(qualifier) else str(qualifier)
    if q == "range" and not _missing(low) and not _missing(high):
        return "", f"{fmt_int(low)}–{fmt_int(high)}"
    if q == "vague":
        return ("vague, at least", fmt_int(low)) if not _missing(low) else ("", "vague")
    point = value if not _missing(value) else (low if not _missing(low) else high)
    if _missing(point):
        return "", "–"
    if q == "approx":
        return "about", fmt_int(point)
    if q == "at_least":
        return "at least", fmt_int(low if not _missing(low) else point)
    if q == "at_most":
        return "up to", fmt_int(high if not _missing(high) else point)
    return "", fmt_int(point)


def display_value(value: object, low: object = None, high: object = None, qualifier: object = "exact") -> str:
    """A figure as an analyst reads it, with its hedge: ``about 15,000``, ``at least 1,000``,
    ``500–1,000``, ``vague, at least 1,000``. Never a bare number for a hedged figure."""
    return " ".join(part for part in display_parts(value, low, high, qualifier) if part)


def best_estimate(frame: pd.DataFrame) -> pd.Series:
    """People per figure for sorting and sizing: the value, else the lower bound (vague
    amounts), else the upper bound."""
    if frame.empty:
        return pd.Series([], dtype="float64", index=frame.index)
    out = pd.to_numeric(frame["value"], errors="coerce")
    out = out.fillna(pd.to_numeric(frame["low"], errors="coerce"))
    return out.fillna(pd.to_numeric(frame["high"], errors="coerce")).astype("float64")


def format_date(day: object, precision: object = "day") -> str:
    """The reference date at the precision it was reported: ``2016-03-14``, ``2016-03`` or
    ``2016`` (a month-level figure is not pretended to be about the 1st)."""
    if _missing(day) or not str(day):
        return "undated"
    text = str(day)
    if precision == "year":
        return text[:4]
    if precision == "month":
        return text[:7]
    return text[:10]


def place_label(location: object, country: object = None) -> str:
    loc = None if _missing(location) or not str(location) else str(location)
    iso = None if _missing(country) or not str(country) else str(country)
    if loc and iso:
        return f"{loc}, {iso}"
    return loc or iso or "no place"


def source_label(source: object, title: object = None, document_id: object = None, url: object = None) -> str:
    """Who published the figure: the publisher, else the link's site, else the article title;
    empty when none is known. Never the document id: that is a file name
    ("001_4cdda67df5ead196.txt"), not a source a person would cite."""
    from .evidence import citation

    cited = citation(source, title, url)
    return cited.publisher or cited.title


def country_names(frame: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> country name, read from the country-level figures in the data itself, so the
    country filter can show "IRQ – Iraq" without a country database."""
    if frame.empty or "country_iso3" not in frame:
        return {}
    rows = frame.loc[frame["location_precision"] == "country", ["country_iso3", "location"]].dropna()
    rows = rows.drop_duplicates("country_iso3")
    return {str(k): str(v) for k, v in zip(rows["country_iso3"], rows["location"])}


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md_escape(text: object) -> str:
    """Text safe inside st.markdown/st.caption: every Markdown and HTML character is
    backslash-escaped, so data can never become a link, an image or markup."""
    if _missing(text):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def safe_url(url: object) -> Optional[str]:
    """The URL if it is http(s), else None (no ``javascript:`` or ``data:`` links from articles)."""
    if _missing(url) or not str(url).strip():
        return None
    text = str(url).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def redact_url(url: str) -> str:
    """A store URL fit to show on the page: the password is replaced by ``***``."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


# ---- headline numbers ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LatestFigure:
    """The most recent figure of one category, as reported (never a sum of restatements)."""

    category: str
    label: str
    text: str  # "about 50,000"
    hedge: str  # "about"
    number: str  # "50,000"
    people: float
    date: str  # as reported: "2016-05" for a month-level figure
    place: str
    figure_type: str
    is_stock: bool
    number_text: str
    quote: str
    source: str
    figure_id: str
    unit: str = "people"  # "dwellings" for housing
    explanation: str = ""  # how the number was counted ("1,500 families × 5.6 (...) = ...")


@dataclass(frozen=True)
class Headline:
    figures: int
    articles: int
    places: int
    latest: tuple[LatestFigure, ...]


def _digits_to_int(digits: pd.Series) -> np.ndarray:
    """Strings of 1-18 ASCII digits as int64 (Arrow's cast when the strings are Arrow's)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        column = pa.array(digits.array)
        return np.asarray(pc.cast(column, pa.int64()).to_numpy(zero_copy_only=False), dtype="int64")
    except Exception:  # noqa: BLE001 - not Arrow-backed: pandas does it
        return digits.astype("int64").to_numpy(dtype="int64")


def _precision_rank(precision: pd.Series) -> np.ndarray:
    """``PRECISION_RANK`` of each value, 0 for others (vectorised: ``Series.map`` on a million
    strings takes a third of a second)."""
    out = np.zeros(len(precision), dtype="float64")
    for name, rank in PRECISION_RANK.items():
        out[(precision == name).to_numpy(dtype=bool, na_value=False)] = rank
    return out


def headline(frame: pd.DataFrame) -> Headline:
    """Counts for the filtered set and, per category, the latest reported figure.

    A category's card shows its latest *stock* figure (people in that situation at a date);
    only when a category has no stock figure at all does it fall back to the latest flow,
    marked as such. Ties on the date go to the wider place, then the higher confidence.
    Syndicated copies (``copy_of``) count once: only one document of each story is counted.
    """
    from .syndication import drop_copies

    frame = drop_copies(frame)  # a syndicated copy is counted once, with its original
    if frame.empty:
        return Headline(0, 0, 0, ())
    articles = int(frame["document_id"].nunique())
    places = int(frame.loc[frame["location"].notna(), ["location", "country_iso3"]].drop_duplicates().shape[0])
    people = best_estimate(frame)
    cand = frame.loc[people.notna() & frame["category"].notna()]
    latest: list[LatestFigure] = []
    if not cand.empty:
        keys = pd.DataFrame(
            {
                "category": cand["category"].astype(str),
                "stock": (cand["figure_type"] == "stock").fillna(False).astype(int),
                "date": date_key(cand["date"]),
                "prec": _precision_rank(cand["location_precision"]),
                "conf": pd.to_numeric(cand["confidence"], errors="coerce").fillna(0),
                "people": people.loc[cand.index],
            },
            index=cand.index,
        )
        # narrow down with vectorised group maxima before sorting (a million rows stay fast):
        # stock figures where the category has any, then its latest date
        keys = keys[keys["stock"] == keys.groupby("category")["stock"].transform("max")]
        keys = keys[keys["date"] == keys.groupby("category")["date"].transform("max")]
        picked = keys.sort_values(["category", "prec", "conf", "people"], kind="stable").groupby(
            "category", sort=False
        ).tail(1)
        order = {c: i for i, c in enumerate(CATEGORIES)}
        for idx in sorted(picked.index, key=lambda i: (order.get(picked.at[i, "category"], 99), picked.at[i, "category"])):
            row = frame.loc[idx]
            hedge, number = display_parts(row["value"], row["low"], row["high"], row["qualifier"])
            from .evidence import explanation, figure_unit
            latest.append(
                LatestFigure(
                    category=str(row["category"]),
                    label=category_label(row["category"]),
                    text=" ".join(p for p in (hedge, number) if p),
                    hedge=hedge,
                    number=number,
                    people=float(keys.at[idx, "people"]),
                    date=format_date(row["date"], row["date_precision"]),
                    place=place_label(row["location"], row["country_iso3"]),
                    figure_type=str(row["figure_type"]) if not _missing(row["figure_type"]) else "",
                    is_stock=bool(keys.at[idx, "stock"]),
                    number_text=str(row["number_text"]) if not _missing(row["number_text"]) else "",
                    quote=str(row["quote"]) if not _missing(row["quote"]) else "",
                    source=source_label(row["source"], row["title"], None, row["url"]),
                    figure_id=str(row["figure_id"]),
                    unit=figure_unit(row["category"], row.get("reported_unit")),
                    explanation=explanation(row),
                )
            )
    return Headline(len(frame), articles, places, tuple(latest))


# ---- the evidence table -----------------------------------------------------------------------

EVIDENCE_COLUMNS = (
    "Number",
    "Unit",
    "Qualifier",
    "As written",
    "How counted",
    "Held for review",
    "Category",
    "Place",
    "Date",
    "Sentence",
    "Source",
    "Link",
    "Confidence",
    "Review",
)


def date_key(dates: pd.Series) -> pd.Series:
    """ISO dates as sortable integers (``2016-03-14`` -> ``20160314``); -1 when unknown.

    Plain digit strings (every stored date) are cast in one vectorised step; anything else
    goes through ``pd.to_numeric`` as before (a million dates: 60 ms instead of 600)."""
    digits = dates.astype("string").str.slice(0, 10).str.replace("-", "", regex=False)
    out = np.full(len(digits), -1, dtype="int64")
    plain = digits.str.fullmatch(r"[0-9]{1,18}", na=False).to_numpy(dtype=bool, na_value=False)
    if plain.any():
        out[plain] = _digits_to_int(digits[plain])
    other = digits.notna().to_numpy(dtype=bool, na_value=False) & ~plain
    if other.any():
        out[other] = pd.to_numeric(digits[other], errors="coerce").fillna(-1).astype("int64").to_numpy()
    return pd.Series(out, index=dates.index)


def evidence_rows(frame: pd.DataFrame, limit: int = EVIDENCE_MAX_ROWS) -> pd.DataFrame:
    """The figures the table shows, newest first (then largest): at most ``limit`` of them.
    Row ``i`` of :func:`evidence_table` is row ``i`` of this frame."""
    if frame.empty:
        return frame
    keys = pd.DataFrame({"date": date_key(frame["date"]), "people": best_estimate(frame).fillna(-1)},
                        index=frame.index)
    if len(frame) > limit:
        # avoid sorting a million rows to show a few thousand
        top = keys.nlargest(limit, ["date", "people"], keep="first").index
        keys = keys.loc[top]
    order = keys.sort_values(["date", "people"], ascending=False, kind="stable").index
    return frame.loc[order]


def evidence_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Display columns for the evidence table. Text stays plain text (st.dataframe never
    renders it as HTML); links are kept only when they are http(s)."""
    if rows.empty:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in EVIDENCE_COLUMNS})
    from .evidence import citation, explanation, held_for_review, units_of
    from .review_views import review_label

    qual = [qualifier_label(q) for q in rows["qualifier"]]
    records = rows.to_dict(orient="records")
    cited = [citation(r.get("source"), r.get("title"), r.get("url"), r.get("published")) for r in records]
    return pd.DataFrame(
        {
            "Number": best_estimate(rows).to_numpy(),
            "Unit": units_of(rows).to_numpy(),
            "Qualifier": qual,
            "As written": rows["number_text"].astype("string").to_numpy(),
            "How counted": [explanation(r) for r in records],
            "Held for review": held_for_review(rows).to_numpy(),
            "Category": [category_label(c) for c in rows["category"]],
            "Place": [place_label(l, c) for l, c in zip(rows["location"], rows["country_iso3"])],
            "Date": [format_date(d, p) for d, p in zip(rows["date"], rows["date_precision"])],
            "Sentence": rows["quote"].astype("string").to_numpy(),
            "Source": [c.text for c in cited],
            "Link": [c.link or None for c in cited],
            "Confidence": pd.to_numeric(rows["confidence"], errors="coerce").to_numpy(),
            "Review": [review_label(s, e) for s, e in zip(
                rows["review_status"] if "review_status" in rows else [None] * len(rows),
                rows["reviewed_by"] if "reviewed_by" in rows else [None] * len(rows))],
        }
    )


# ---- sentence highlighting --------------------------------------------------------------------

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_DATE_RE = re.compile(
    r"(?:\b(?:since|until|by|from|in|during|as of|on)\s+)?(?:"
    # "14 March 2016", "March 14, 2016", "March 2016", "14 March"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:,?\s+(?:19|20)\d{{2}})?\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{{2}})?\b"
    rf"|\b(?:{_MONTHS})\.?\s+(?:19|20)\d{{2}}\b"
    # "the start of 2014", "the end of the year", "early 2016"
    r"|\b(?:the\s+)?(?:start|beginning|end|middle|first half|second half)\s+of\s+(?:(?:19|20)\d{2}|the\s+year|this\s+year|last\s+year)\b"
    r"|\b(?:early|mid|late)[\s-](?:19|20)\d{2}\b"
    r"|\b(?:this|last|next|past)\s+(?:year|month|week|weekend)\b"
    r"|\b(?:yesterday|today|tonight)\b"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:19|20)\d{2}\b"
    r")",
    re.IGNORECASE,
)

HIGHLIGHT_STYLE = (
    "<style>"
    ".dm-evidence{font-size:1.05rem;line-height:1.7;padding:.75rem 1rem;border-left:4px solid #4e79a7;"
    "background:rgba(78,121,167,.06);border-radius:.25rem;white-space:pre-wrap;word-wrap:break-word}"
    ".dm-evidence mark{padding:0 .15em;border-radius:.2em}"
    "mark.dm-number{background:#ffe08a;color:#222}"
    "mark.dm-place{background:#b9dcf5;color:#222}"
    "mark.dm-date{background:#c8ebc1;color:#222}"
    ".dm-legend{font-size:.85rem;color:#555;margin-top:.4rem}"
    "</style>"
)


def _find(text: str, needle: object, taken: list[tuple[int, int]]) -> Optional[tuple[int, int]]:
    if _missing(needle) or not str(needle).strip():
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(str(needle).strip()) + r"(?!\w)", re.IGNORECASE)
    for m in pattern.finditer(text):
        if not any(m.start() < e and s < m.end() for s, e in taken):
            return m.start(), m.end()
    return None


def find_spans(
    quote: str,
    number_text: object = None,
    place_texts: Sequence[object] = (),
) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, kind)`` spans of the number, the place and the date
    expressions in ``quote``, sorted by position. kind is ``number``, ``place`` or ``date``."""
    if _missing(quote) or not quote:
        return []
    spans: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    hit = _find(quote, number_text, taken)
    if hit:
        spans.append((*hit, "number"))
        taken.append(hit)
    for place in place_texts:
        hit = _find(quote, place, taken)
        if hit:
            spans.append((*hit, "place"))
            taken.append(hit)
            break
    for m in _DATE_RE.finditer(quote):
        s, e = m.start(), m.end()
        if any(s < te and ts < e for ts, te in taken):
            continue
        spans.append((s, e, "date"))
        taken.append((s, e))
    return sorted(spans)


def highlight_sentence(quote: object, number_text: object = None, place_texts: Sequence[object] = ()) -> str:
    """The sentence as HTML with the number, place and dates in ``<mark>``; everything else is
    escaped, so article text can never inject markup or script."""
    text = "" if _missing(quote) else str(quote)
    out: list[str] = []
    pos = 0
    for start, end, kind in find_spans(text, number_text, place_texts):
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="dm-{kind}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def evidence_html(row: Mapping[str, object]) -> str:
    """The selected figure as a block of HTML: the highlighted sentence, a colour legend and the
    source with its link. Every value from the data is escaped."""
    from .evidence import citation, explanation, figure_unit, held_for_review

    sentence = highlight_sentence(row.get("quote"), row.get("number_text"), (row.get("location_text"), row.get("location")))
    cited = citation(row.get("source"), row.get("title"), row.get("url"), row.get("published"))
    label = html.escape(cited.text or "publisher and title not known")
    link = (
        f'<a href="{html.escape(cited.link, quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'
        if cited.link
        else label
    )
    how = explanation(row)
    held = row.get("held_for_review")
    if held is None and "value" in row and "country_iso3" in row:
        held = held_for_review(pd.DataFrame([dict(row)])).iloc[0]
    held = "" if _missing(held) else str(held or "")
    notes = (f'<div class="dm-legend"><b>How it was counted:</b> {html.escape(how)}</div>' if how else "") + (
        f'<div class="dm-legend dm-held"><b>Held for review:</b> {html.escape(held)}</div>' if held else "")
    unit = figure_unit(row.get("category"), row.get("reported_unit"))
    meta = " · ".join(
        html.escape(x)
        for x in (
            display_value(row.get("value"), row.get("low"), row.get("high"), row.get("qualifier")) + " " + unit,
            category_label(row.get("category")),
            place_label(row.get("location"), row.get("country_iso3")),
            format_date(row.get("date"), row.get("date_precision")),
        )
    )
    return (
        HIGHLIGHT_STYLE
        + f'<div class="dm-evidence">{sentence}</div>'
        + '<div class="dm-legend"><mark class="dm-number">number</mark> <mark class="dm-place">place</mark> '
        + '<mark class="dm-date">date</mark> &nbsp; '
        + f"{meta} &nbsp;·&nbsp; Source: {link}</div>"
        + notes
    )


# ---- links and file names -----------------------------------------------------------------------

def query_string(params: Mapping[str, object]) -> str:
    """``{"country": ["IRQ", "SYR"], "q": "camp"}`` -> ``country=IRQ&country=SYR&q=camp``."""
    return urlencode([(k, v) for k, v in params.items()], doseq=True)


def share_link(base_url: Optional[str], params: Mapping[str, object]) -> str:
    """The link that reopens this view: the page address (its own query string dropped) plus the
    filters. Without a known address the link is relative (``?category=trapped``)."""
    qs = query_string(params)
    if not base_url:
        return "?" + qs if qs else "?"
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", qs, ""))


def download_name(slug: str, today: date, hxl: bool = False) -> str:
    """``displacement_trapped_IRQ_2026-11-24.csv``: named after the filters and the date."""
    return f"displacement_{slug}_{today.isoformat()}{'_hxl' if hxl else ''}.csv"


def filter_summary(params: Mapping[str, object], names: Optional[Mapping[str, str]] = None) -> str:
    """One line saying what the view is filtered on, for the page and the empty state. Without a
    ``review`` parameter rejected figures are left out, and the line says so."""
    parts = []
    for key, value in params.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        parts.append(f"{key} = {', '.join(str(v) for v in values)}")
    if "review" in params:
        return "; ".join(parts)
    if not parts:
        return "all figures but the rejected ones"
    return "; ".join(parts) + "; rejected figures hidden"


def options_with(requested: Iterable[str], available: Iterable[str]) -> list[str]:
    """Widget options: what the data has plus anything a shared link asks for, so a link to a
    country with no figures shows an empty view rather than silently dropping the filter."""
    out = list(available)
    seen = set(out)
    for item in requested:
        if item not in seen:
            out.append(item)
            seen.add(item)
    return out


# ---- uploads ------------------------------------------------------------------------------------

def upload_kwargs(household_size: Optional[float]) -> dict[str, object]:
    """Keyword arguments for ``pipeline.ingest_uploads`` carrying the household-size setting.

    The pipeline has no household-size parameter, but takes an ``extractor``: with a size set,
    uploads are extracted by ``extract_document`` with that size, stored under the extractor
    version plus ``+hh<size>`` so the figures say how they were made. None (the default) leaves
    the pipeline's own extractor, which uses the per-country table."""
    if household_size is None:
        return {}
    from functools import partial

    from . import extract

    size = float(household_size)
    return {
        "extractor": partial(extract.extract_document, household_size=size),
        "extractor_version": f"{extract.EXTRACTOR_VERSION}+hh{size:g}",
    }


def upload_report(summary: object) -> dict[str, object]:
    """What the page says after an upload: one summary line and one line per failed file."""
    get = lambda name: getattr(summary, name, 0) or 0  # noqa: E731
    failures = [(str(f.name), str(f.reason)) for f in (getattr(summary, "failed", None) or [])]
    parts = [f"{get('read'):,} article{'s' if get('read') != 1 else ''} read"]
    if get("new"):
        parts.append(f"{get('new'):,} new")
    if get("updated"):
        parts.append(f"{get('updated'):,} updated")
    if get("unchanged"):
        parts.append(f"{get('unchanged'):,} already in the store")
    parts.append(f"{get('figures_stored'):,} figure{'s' if get('figures_stored') != 1 else ''} stored")
    if failures:
        parts.append(f"{len(failures):,} problem{'s' if len(failures) != 1 else ''}")
    notes = [(str(name), str(note)) for name, note in (getattr(summary, "notes", None) or [])]
    return {"ok": not failures, "summary": "; ".join(parts) + ".", "failures": failures, "notes": notes}


def upload_error_report(exc: BaseException) -> dict[str, object]:
    """What the page says when an upload could not be processed at all (the store refused the
    connection, the disk is full...): the reason, and that nothing else on the page changed."""
    reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    return {"ok": False, "summary": "The upload could not be processed; nothing was stored.",
            "failures": [("upload", reason)], "notes": []}


# ---- reading a shared link ----------------------------------------------------------------------

#: the link parameter of the "Colour the time chart by" choice (``color=place``); the default,
#: by category, is left out of the link
COLOR_PARAM = "color"
COLOR_CHOICES = ("Category", "Place")


def color_from_link(value: object) -> str:
    """The time chart's colouring a link asks for: ``Place`` for ``color=place`` (any case),
    else ``Category``."""
    text = "" if _missing(value) else str(value).strip().lower()
    return next((c for c in COLOR_CHOICES if c.lower() == text), COLOR_CHOICES[0])


def color_params(choice: object) -> dict[str, str]:
    """The link parameter for a colouring: none for the default."""
    chosen = color_from_link(choice)
    return {} if chosen == COLOR_CHOICES[0] else {COLOR_PARAM: chosen.lower()}


FILTER_PARAMS = ("category", "term", "country", "location", "source", "qualifier", "since", "until", "q",
                 "min_confidence", "review")


def filters_from_link(params: Mapping[str, object]):
    """``Filters`` from a page's query parameters, keeping every part that is understood.

    A malformed value (``since=2016-13-01``) is dropped and reported instead of failing the whole
    link. Returns ``(filters, problems)``.
    """
    from .filters import FilterError, Filters

    def get_all(name: str) -> list:
        if hasattr(params, "get_all"):
            return list(params.get_all(name))
        value = params.get(name)
        if value is None:
            return []
        return list(value) if isinstance(value, (list, tuple)) else [value]

    clean: dict[str, list] = {name: get_all(name) for name in FILTER_PARAMS}
    clean = {k: v for k, v in clean.items() if v}
    problems: list[str] = []
    for name in ("since", "until", "min_confidence", "review"):
        if name in clean:
            try:
                Filters.from_query_params({name: clean[name]})
            except FilterError as exc:
                problems.append(str(exc))
                del clean[name]
    return Filters.from_query_params(clean), problems


# ---- headline cards -----------------------------------------------------------------------------

CARDS_STYLE = (
    "<style>"
    ".dm-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:.75rem;margin:.25rem 0 1rem}"
    ".dm-card{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;padding:.6rem .8rem;min-width:0}"
    ".dm-card .dm-label{font-size:.8rem;color:#555;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"
    ".dm-card .dm-value{font-size:1.45rem;font-weight:600;line-height:1.25;margin:.15rem 0}"
    ".dm-card .dm-note{font-size:.82rem;color:#555;line-height:1.35}"
    ".dm-card.dm-count .dm-value{font-size:1.7rem}"
    ".dm-card .dm-hedge{font-size:.95rem;font-weight:500;color:#444}"
    ".dm-card .dm-how{font-size:.76rem;color:#666}"

    ".dm-dot{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;margin-right:.35rem;vertical-align:baseline}"
    ".dm-section{font-size:.95rem;font-weight:600;margin:.2rem 0 .4rem}"
    "</style>"
)


def headline_html(head: Headline, colors: Optional[Mapping[str, str]] = None) -> str:
    """The headline numbers as HTML cards: counts, then the latest figure of each category with
    its date and place. Every value from the data is escaped."""
    colors = colors or {}
    e = html.escape
    counts = "".join(
        f'<div class="dm-card dm-count" title="{e(note, quote=True)}"><div class="dm-label">{e(label)}</div>'
        f'<div class="dm-value">{n:,}</div></div>'
        for label, n, note in (
            ("Figures", head.figures, "reported figures matching the filters"),
            ("Articles", head.articles, "articles they come from"),
            ("Places", head.places, "distinct places they are about"),
        )
    )
    out = CARDS_STYLE + f'<div class="dm-cards">{counts}</div>'
    if head.latest:
        cards = []
        for item in head.latest:
            dot = colors.get(item.category)
            dot_html = f'<span class="dm-dot" style="background:{e(dot)}"></span>' if dot else ""
            kind = "latest stock figure" if item.is_stock else "latest flow figure (no stock figure)"
            hedge = f'<span class="dm-hedge">{e(item.hedge)}</span> ' if item.hedge else ""
            title = f"“{item.quote}” — {item.source or 'publisher not known'}"
            how = f'<br><span class="dm-how">{e(item.explanation)}</span>' if item.explanation else ""
            cards.append(
                f'<div class="dm-card" title="{e(title, quote=True)}">'
                f'<div class="dm-label">{dot_html}{e(item.label)}</div>'
                f'<div class="dm-value">{hedge}<span class="dm-number">{e(item.number).replace("–", "–<wbr>")}</span></div>'
                f'<div class="dm-note">{e(item.unit)} · {e(item.place)}<br>{e(item.date)} · {e(kind)}{how}</div></div>'
            )
        out += ('<div class="dm-section">Latest reported figure per category</div>'
                f'<div class="dm-cards">{"".join(cards)}</div>')
    return out

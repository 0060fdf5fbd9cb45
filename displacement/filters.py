"""The one filter used by the dashboard, the CSV export and the CLI.

A ``Filters`` value round-trips through URL query parameters, so a filtered view is a link:
``/?category=trapped&country=IRQ&since=2016-01-01``. ``apply`` works on a DataFrame whose
columns are ``model.FIGURE_FIELDS`` (plus ``review_status`` when reviews were applied:
``reviews.apply_reviews``).

Reviews: by default a figure an editor rejected is left out (charts, headline, CSV, situations);
``?review=`` asks for another set, one of ``REVIEW_CHOICES``:

- ``all``: every figure, rejected ones included;
- ``reviewed``: confirmed or corrected figures only; ``confirmed``, ``corrected``: those only;
- ``unreviewed``: figures no one has reviewed yet; ``rejected``: the rejected ones only.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Iterable, Mapping, Optional

import numpy as np
import pandas as pd

LIST_PARAMS = ("category", "term", "country", "location", "source", "qualifier")
#: the ``review`` parameter's values -> the review statuses they keep (absent: all but rejected)
REVIEW_CHOICES: dict[str, tuple[str, ...]] = {
    "all": ("unreviewed", "confirmed", "corrected", "rejected"),
    "reviewed": ("confirmed", "corrected"),
    "confirmed": ("confirmed",),
    "corrected": ("corrected",),
    "unreviewed": ("unreviewed",),
    "rejected": ("rejected",),
}
DEFAULT_REVIEW_STATUSES = ("unreviewed", "confirmed", "corrected")


class FilterError(ValueError):
    """A filter value that cannot be understood (e.g. a malformed date)."""


@dataclass(frozen=True)
class Filters:
    category: tuple[str, ...] = ()
    term: tuple[str, ...] = ()
    country: tuple[str, ...] = ()  # ISO3 codes
    location: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    qualifier: tuple[str, ...] = ()  # empty means all; leave out "vague" to hide vague figures
    since: Optional[str] = None  # ISO date, inclusive, compared with the figure's reference date
    until: Optional[str] = None  # ISO date, inclusive
    q: str = ""  # case-insensitive text search in the quote
    min_confidence: float = 0.0
    review: Optional[str] = None  # a key of REVIEW_CHOICES; None: every figure but the rejected

    def review_statuses(self) -> tuple[str, ...]:
        """The review statuses this filter keeps."""
        return REVIEW_CHOICES[self.review] if self.review else DEFAULT_REVIEW_STATUSES

    def is_empty(self) -> bool:
        return self == Filters()

    # ---- URL query parameters -------------------------------------------------------------
    def to_query_params(self) -> dict[str, object]:
        """Only the parameters that differ from the default; lists stay lists."""
        out: dict[str, object] = {}
        for name in LIST_PARAMS:
            values = getattr(self, name)
            if values:
                out[name] = list(values)
        if self.since:
            out["since"] = self.since
        if self.until:
            out["until"] = self.until
        if self.q:
            out["q"] = self.q
        if self.min_confidence:
            out["min_confidence"] = f"{self.min_confidence:g}"
        if self.review:
            out["review"] = self.review
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, object]) -> "Filters":
        """Reads ``st.query_params``-like mappings. A list parameter may repeat
        (``?country=IRQ&country=SYR``) or be comma-separated (``?country=IRQ,SYR``)."""

        def get_list(name: str) -> tuple[str, ...]:
            raw = _get_all(params, name)
            out: list[str] = []
            for item in raw:
                out.extend(part.strip() for part in str(item).split(",") if part.strip())
            return tuple(dict.fromkeys(out))

        def get_one(name: str) -> Optional[str]:
            raw = _get_all(params, name)
            return str(raw[-1]).strip() or None if raw else None

        since = _check_date("since", get_one("since"))
        until = _check_date("until", get_one("until"))
        conf_raw = get_one("min_confidence")
        try:
            min_conf = float(conf_raw) if conf_raw else 0.0
        except ValueError as exc:
            raise FilterError(f"min_confidence={conf_raw!r}: expected a number between 0 and 1") from exc
        if not 0.0 <= min_conf <= 1.0:
            raise FilterError(f"min_confidence={conf_raw!r}: expected a number between 0 and 1")
        review = (get_one("review") or "").lower() or None
        if review is not None and review not in REVIEW_CHOICES:
            raise FilterError(f"review={get_one('review')!r}: expected one of {', '.join(REVIEW_CHOICES)}")
        return cls(
            category=get_list("category"),
            term=get_list("term"),
            country=tuple(c.upper() for c in get_list("country")),
            location=get_list("location"),
            source=get_list("source"),
            qualifier=get_list("qualifier"),
            since=since,
            until=until,
            q=get_one("q") or "",
            min_confidence=min_conf,
            review=review,
        )

    def slug(self) -> str:
        """A short file-name-safe description, for download names."""
        parts = []
        for name in ("category", "term", "country", "location"):
            values = getattr(self, name)
            if values:
                parts.append("-".join(values))
        if self.since or self.until:
            parts.append(f"{self.since or 'start'}_to_{self.until or 'now'}")
        if self.q:
            parts.append("q-" + self.q)
        if self.review:
            parts.append("review-" + self.review)
        text = "_".join(parts) or "all"
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
        return safe[:80].strip("-_") or "all"


def _get_all(params: Mapping[str, object], name: str) -> list:
    if hasattr(params, "get_all"):
        return list(params.get_all(name))  # streamlit's QueryParamsProxy
    value = params.get(name)
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


#: the dates a link may ask for (and the date pickers offer): figures of displacement lie in
#: between; a link outside is a typo or a probe, reported and ignored
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2100, 12, 31)


def _check_date(name: str, value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise FilterError(f"{name}={value!r}: expected a date as YYYY-MM-DD") from exc
    if not DATE_MIN <= day <= DATE_MAX:
        raise FilterError(f"{name}={value!r}: expected a date between {DATE_MIN} and {DATE_MAX}")
    return day.isoformat()


def apply(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows of ``frame`` that pass every filter, in their original order.

    Figures whose reference date is unknown are kept when no date bound is set and dropped
    when one is (they cannot be shown to fall inside it). Rejected figures are dropped unless
    ``filters.review`` asks for them; a frame without ``review_status`` is all unreviewed.

    Fast on a million rows (tens of milliseconds): one boolean array is narrowed column by
    column, string columns are compared in place (no converted copy of the column), the text
    search only reads the quotes of rows that passed the other filters, and a filter that
    keeps every row returns ``frame`` itself rather than a copy.
    """
    if frame.empty:
        return frame
    mask = np.ones(len(frame), dtype=bool)
    statuses = filters.review_statuses()
    if "review_status" in frame:
        if set(statuses) != set(REVIEW_CHOICES["all"]):
            mask &= _bools(frame["review_status"].isin(statuses))
    elif "unreviewed" not in statuses:
        mask[:] = False
    if filters.is_empty() and mask.all():
        return frame
    for name, column in (
        ("category", "category"),
        ("term", "term"),
        ("country", "country_iso3"),
        ("location", "location"),
        ("source", "source"),
        ("qualifier", "qualifier"),
    ):
        values = getattr(filters, name)
        if values:
            mask &= _bools(frame[column].isin(values))
    if filters.since or filters.until:
        # ``date`` is always a full ISO day (its precision is in ``date_precision``), so
        # string comparison is date order
        dates = frame["date"]
        if not _is_text(dates):
            dates = dates.astype("string")
        mask &= _bools(dates.notna())
        if filters.since:
            mask &= _bools(dates >= filters.since)
        if filters.until:
            mask &= _bools(dates <= filters.until)
    if filters.min_confidence:
        mask &= _bools(frame["confidence"].fillna(0) >= filters.min_confidence)
    if filters.q and mask.any():
        rows = np.flatnonzero(mask)
        quotes = frame["quote"].iloc[rows] if len(rows) < len(frame) else frame["quote"]
        found = _bools(quotes.astype("string").str.contains(filters.q, case=False, regex=False, na=False))
        mask[rows[~found]] = False
    if mask.all():
        return frame
    return frame[mask]


def _bools(series: pd.Series) -> np.ndarray:
    """A boolean numpy array; a missing value (pd.NA from a nullable comparison) is False."""
    return series.to_numpy(dtype=bool, na_value=False)


def _is_text(series: pd.Series) -> bool:
    """A column of strings compared as they are: pandas' string dtypes (object columns may
    hold other values, which ``astype("string")`` turns into text first)."""
    return isinstance(series.dtype, pd.StringDtype)


def options(frame: pd.DataFrame, column: str) -> list[str]:
    """Sorted distinct non-empty values of a column, for filter widgets."""
    if frame.empty or column not in frame:
        return []
    # unique first, then drop the missing value: dropna() would copy the whole column
    values = (str(v) for v in frame[column].unique() if not pd.isna(v))
    return sorted(v for v in values if v)


#: the column behind each list filter
COLUMNS = {"category": "category", "term": "term", "country": "country_iso3", "location": "location",
           "source": "source", "qualifier": "qualifier"}

#: what narrows each list's options: a place is offered only where the chosen categories,
#: terms, countries and dates have a figure (a list of places with no figure in the chosen
#: category led to empty views); the category list itself stays whole
NARROWED_BY = {
    "location": ("category", "term", "country", "since", "until"),
    "term": ("category",),
}


def options_given(frame: pd.DataFrame, filters: Filters, name: str) -> list[str]:
    """The options of list filter ``name`` that have a figure under the other chosen filters
    of ``NARROWED_BY[name]`` (every option when nothing narrows it). The list's own choice
    never narrows it, so a chosen place never hides the other places."""
    narrowing = {k: getattr(filters, k) for k in NARROWED_BY.get(name, ())}
    if not any(narrowing.values()):
        return options(frame, COLUMNS[name])
    from dataclasses import replace

    only = replace(Filters(), **{k: v for k, v in narrowing.items() if v})
    return options(apply(frame, only), COLUMNS[name])

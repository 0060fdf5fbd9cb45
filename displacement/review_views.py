"""Pure helpers behind the page's reviews (issue 15): the "To review" queue, the correction
form's defaults and changes, a figure's review history as a table, the review filter's labels,
and the "About these numbers" panel's text.

Nothing here imports Streamlit or touches the store; the page passes rows and reviews in.
Checking a correction is ``reviews.validate_changes`` (the store calls it again on writing).
"""
from __future__ import annotations

import math
from typing import Any, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from . import reviews as review_rules
from .reviews import EXTRACTED_PREFIX, Review, ReviewError

#: how many figures the queue lists
QUEUE_SIZE = 50

#: the fields the page's correction form offers (a subset of ``reviews.CORRECTABLE_FIELDS``:
#: the number and its bounds, the qualifier, the category, the place and the date)
FORM_FIELDS: tuple[str, ...] = ("value", "low", "high", "qualifier", "category", "location", "admin1",
                                "country_iso3", "date")

#: the ``review`` filter's choices as the sidebar shows them; "" is the default (no parameter)
REVIEW_FILTER_LABELS: dict[str, str] = {
    "": "All but rejected (default)",
    "all": "All, rejected included",
    "reviewed": "Reviewed (confirmed or corrected)",
    "confirmed": "Confirmed",
    "corrected": "Corrected",
    "unreviewed": "Not reviewed yet",
    "rejected": "Rejected only",
}

STATUS_LABELS = {"unreviewed": "not reviewed", "confirmed": "confirmed", "corrected": "corrected",
                 "rejected": "rejected"}


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


# ---- the queue --------------------------------------------------------------------------------

def impact(frame: pd.DataFrame) -> pd.Series:
    """How much a wrong reading of each figure would matter: its people (the best estimate;
    the lower bound of a vague amount) times the extractor's doubt (1 - confidence; an unknown
    confidence is full doubt). 3.4 million at 0.9 (340,000) comes before 15,000 at 0.3
    (10,500), and of two equal numbers the less certain one comes first."""
    people = pd.to_numeric(frame["value"], errors="coerce")
    if "low" in frame:
        people = people.fillna(pd.to_numeric(frame["low"], errors="coerce"))
    confidence = pd.to_numeric(frame["confidence"], errors="coerce") if "confidence" in frame else None
    doubt = 1.0 - (confidence.fillna(0.0).clip(0.0, 1.0) if confidence is not None else 0.0)
    return (people.fillna(0.0).astype("float64") * doubt).astype("float64")


def review_queue(frame: pd.DataFrame, limit: int = QUEUE_SIZE) -> pd.DataFrame:
    """The unreviewed figures of ``frame`` that most need a person, at most ``limit``: by
    ``impact`` (largest first), then the largest number, then the lowest confidence, then
    the figure id (a stable order). Rows keep their columns."""
    if frame.empty:
        return frame
    if "review_status" in frame:
        frame = frame[frame["review_status"].astype("string").fillna(review_rules.UNREVIEWED)
                      .eq(review_rules.UNREVIEWED).to_numpy(dtype=bool)]
    if frame.empty:
        return frame
    people = pd.to_numeric(frame["value"], errors="coerce")
    if "low" in frame:
        people = people.fillna(pd.to_numeric(frame["low"], errors="coerce"))
    keys = pd.DataFrame({
        "impact": impact(frame).to_numpy(),
        "people": people.fillna(0.0).to_numpy(dtype="float64"),
        "confidence": pd.to_numeric(frame.get("confidence"), errors="coerce").fillna(0.0).to_numpy(dtype="float64")
        if "confidence" in frame else np.zeros(len(frame)),
        "id": frame["figure_id"].astype(str).to_numpy(),
    })
    order = keys.sort_values(["impact", "people", "confidence", "id"], ascending=[False, False, True, True],
                             kind="stable").index[:limit]
    return frame.iloc[order.to_numpy()]


# ---- the correction form ----------------------------------------------------------------------

def extracted_figure(row: Mapping[str, Any]) -> dict[str, Any]:
    """The figure as the extractor gave it, from a reviewed row (``extracted_<field>`` in place
    of a corrected field): what ``reviews.validate_changes`` checks a correction against."""
    out = dict(row)
    for name in review_rules.CORRECTABLE_FIELDS:
        if EXTRACTED_PREFIX + name in row:
            out[name] = row[EXTRACTED_PREFIX + name]
    return out


def field_text(name: str, value: Any) -> str:
    """A field's value as the form shows it: counts as whole numbers without separators, empty
    for unknown."""
    if _missing(value):
        return ""
    if review_rules.CORRECTABLE_FIELDS.get(name) == "count":
        return str(int(float(value)))
    return str(value)


def form_defaults(row: Mapping[str, Any]) -> dict[str, str]:
    """The form's starting values: the figure as it stands now (corrections applied)."""
    return {name: field_text(name, row.get(name)) for name in FORM_FIELDS}


def form_changes(row: Mapping[str, Any], submitted: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``submitted`` that differ from the figure as it stands (``row``), as
    typed text. "8,400" for 8400 is no change; a value that cannot be read is kept so that
    ``validate_changes`` names it."""
    out: dict[str, Any] = {}
    for name, raw in submitted.items():
        if name not in review_rules.CORRECTABLE_FIELDS:
            raise ReviewError(f"{name!r} is not a field a review can correct")
        text = "" if _missing(raw) else str(raw).strip()
        current = row.get(name)
        try:
            new = review_rules.parse_field(name, text)
        except ReviewError:
            out[name] = text
            continue
        old = None if _missing(current) else current
        if old is not None and review_rules.CORRECTABLE_FIELDS[name] in ("count", "lat", "lon"):
            old = float(old)
            new = None if new is None else float(new)
        if name == "country_iso3" and old is not None:
            old = str(old).upper()
        if new != old:
            out[name] = text
    return out


def correction(row: Mapping[str, Any], submitted: Mapping[str, Any], previous: Optional[Review]) -> dict[str, Any]:
    """The changes to store for a correction made in the form: the fields changed now on top of
    the figure's latest correction (``reviews.combine_changes``), checked against the extracted
    figure (``reviews.validate_changes``). Raises ``ReviewError`` when nothing changed or a
    value is wrong."""
    changed = form_changes(row, submitted)
    if not changed:
        raise ReviewError("nothing was changed: edit a field, or confirm the figure as it is")
    combined = review_rules.combine_changes(previous, changed)
    return review_rules.validate_changes(extracted_figure(row), combined)


# ---- history and counts -----------------------------------------------------------------------

def _changes_text(changes: Mapping[str, Any]) -> str:
    def show(value: Any) -> str:
        if value is None:
            return "(empty)"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"{value:,}" if float(value).is_integer() else f"{value:g}"
        return str(value)

    return ", ".join(f"{name} = {show(value)}" for name, value in sorted(changes.items()))


def history_table(history: Sequence[Review]) -> pd.DataFrame:
    """A figure's reviews, oldest first, for the page: when, what, who, changes, note; the
    last row is the one that decides (the latest wins)."""
    rows = [
        {"When (UTC)": r.at.replace("T", " ").replace("+00:00", ""), "Review": review_rules.STATUS_OF[r.action],
         "Editor": r.editor, "Changes": _changes_text(r.changes), "Note": r.note or ""}
        for r in review_rules.history(history)
    ]
    return pd.DataFrame(rows, columns=["When (UTC)", "Review", "Editor", "Changes", "Note"])


def review_label(status: object, editor: object = None) -> str:
    """The evidence table's Review cell: ``corrected by Ann Lee``; ``not reviewed``."""
    status = review_rules.UNREVIEWED if _missing(status) or not status else str(status)
    label = STATUS_LABELS.get(status, status)
    return label if status == review_rules.UNREVIEWED or _missing(editor) or not editor else f"{label} by {editor}"


def status_shares(counts: Mapping[str, int]) -> Optional[str]:
    """"Of 12 reviewed figures, 58% were confirmed, 25% corrected and 17% rejected." from
    ``reviews.status_counts``; None before any review."""
    done = {s: int(counts.get(s, 0)) for s in ("confirmed", "corrected", "rejected")}
    total = sum(done.values())
    if not total:
        return None
    pct = {s: round(100 * n / total) for s, n in done.items()}
    return (f"Of {total:,} reviewed figure{'' if total == 1 else 's'}, {pct['confirmed']}% "
            f"{'was' if total == 1 else 'were'} confirmed as extracted, {pct['corrected']}% corrected and "
            f"{pct['rejected']}% rejected ({done['confirmed']:,}, {done['corrected']:,} and {done['rejected']:,}); "
            f"{int(counts.get('unreviewed', 0)):,} not reviewed yet.")


# ---- "About these numbers" -------------------------------------------------------------------

CATEGORY_MEANINGS: dict[str, str] = {
    "displaced": "people forced to leave their homes and still inside their country (displaced, forced to flee, "
                 "relocated, sheltered)",
    "trapped": "people who cannot leave: besieged, trapped, stranded or living under a group's control",
    "camp": "people living in a camp, a displacement site or a collective shelter",
    "refugees": "people who crossed a border (refugees, asylum seekers, people who fled abroad)",
    "returnees": "people who went back to their homes or area",
    "evacuated": "people moved out of danger by authorities or aid agencies",
    "homeless": "people left without a home",
    "casualties": "people killed, injured or missing: context, not displacement",
    "housing": "homes destroyed or damaged, counted in dwellings, never converted to people",
    "affected": "people affected by a disaster or conflict but not said to be displaced",
}

QUALIFIER_MEANINGS: dict[str, str] = {
    "exact": "the number as written (\"2,300 people\")",
    "approx": "a hedged number (\"about\", \"some\", \"nearly\"): the number written is the estimate",
    "at_least": "a lower bound (\"more than 70\", \"at least 500\"): the figure shows the bound",
    "at_most": "an upper bound (\"up to one million\")",
    "range": "two numbers (\"between 500 and 1,000\"): the middle is the estimate, both bounds are kept",
    "vague": "an amount without a number (\"thousands\", \"hundreds\"): shown as its lower bound (1,000, 100)",
}

CONFIDENCE_TEXT = (
    "Confidence (0 to 1) says how directly the sentence ties the number to people in a situation and "
    "a place. Each figure starts at 0.35; +0.2 when the number has its own noun (\"people\", "
    "\"families\"), not only a verb (\"35,000 were displaced\"); +0.25 when the word that says what "
    "happened (\"fled\", \"trapped\") is within 60 characters of the number (+0.15 within 140, +0.05 "
    "further), or +0.2 when the noun says it (\"refugees\"); +0.2 when a town, village or camp is "
    "found, +0.1 for a province or a country. At most 1. It is not a probability: a figure at 0.55 "
    "can be right, and the review queue lists large figures of low confidence first."
)

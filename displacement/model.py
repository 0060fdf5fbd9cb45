"""Value types shared by every stage: Document in, Figure out.

The Figure field names are the public contract of DESIGN.md: JSONL, CSV, the store and the
dashboard all use them, in the order of ``FIGURE_FIELDS``.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Optional

QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range", "vague")
CATEGORIES = (
    "displaced",
    "trapped",
    "camp",
    "refugees",
    "returnees",
    "evacuated",
    "homeless",
    "casualties",
    "housing",
    "affected",
)
PRECISIONS = ("country", "admin1", "place", "camp")

#: the largest count of people a figure may hold (more than the world's population: a number
#: above it is a reading error or a crafted input, never a figure); counts are never negative
MAX_PEOPLE = 10_000_000_000


@dataclass(frozen=True)
class Document:
    """An article as read from a file or feed. ``published`` is an ISO date string
    (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or None when unknown."""

    id: str
    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    #: what reading the article had to guess ("not UTF-8: decoded as cp1252"), for the report
    notes: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class NumberMention:
    """A number as written in the text, with its hedge and bounds.

    ``value`` is the best point estimate (None for vague amounts such as "thousands");
    ``low``/``high`` are bounds (None when open); ``kind`` is what sort of number it is:
    count, percent, year, date_part, ordinal, money, measure, duration, age, fraction.
    """

    text: str
    start: int
    end: int
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    kind: str = "count"
    unit_text: Optional[str] = None  # a unit written right after the number ("km", "%")


@dataclass(frozen=True)
class Place:
    """A gazetteer entry. ``precision`` is one of country, admin1, place, camp."""

    name: str
    country_iso3: Optional[str]
    admin1: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    precision: str
    geonameid: Optional[int] = None
    population: int = 0


@dataclass(frozen=True)
class PlaceMention:
    """A place as written in the text (``text`` at ``start``..``end``) and what it resolves to."""

    text: str
    start: int
    end: int
    place: Place


@dataclass(frozen=True)
class Period:
    """The time a figure refers to. Dates are ISO strings; ``precision`` is day, month or year."""

    text: Optional[str]
    start: Optional[int]
    end: Optional[int]
    period_start: Optional[str]
    period_end: Optional[str]
    date: Optional[str]
    date_precision: Optional[str]


@dataclass(frozen=True)
class Figure:
    """One reported figure of people, with its evidence. See DESIGN.md for each field."""

    figure_id: str
    document_id: str
    quote: str
    start: int
    end: int
    number_text: str
    value: Optional[int]
    low: Optional[int]
    high: Optional[int]
    qualifier: str
    reported_value: Optional[float]
    reported_unit: str
    term: str
    category: str
    figure_type: str
    title: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    household_size: Optional[float] = None
    location: Optional[str] = None
    admin1: Optional[str] = None
    country_iso3: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    location_precision: Optional[str] = None
    geo_precision: Optional[str] = None
    location_text: Optional[str] = None
    origin: Optional[str] = None
    destination: Optional[str] = None
    period_start: Optional[str] = None
    period_end: Optional[str] = None
    date: Optional[str] = None
    date_precision: Optional[str] = None
    confidence: float = 0.5
    extractor_version: str = ""
    part_of: Optional[str] = None  # figure_id of the total this figure is a part of
    attributed_to: Optional[str] = None  # who the sentence credits: "UNHCR", "IOM DTM", "local officials"

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIGURE_FIELDS}

    def replace(self, **changes: Any) -> "Figure":
        return dataclasses.replace(self, **changes)


FIGURE_FIELDS: tuple[str, ...] = (
    "figure_id",
    "document_id",
    "title",
    "source",
    "url",
    "published",
    "quote",
    "start",
    "end",
    "number_text",
    "value",
    "low",
    "high",
    "qualifier",
    "reported_value",
    "reported_unit",
    "household_size",
    "term",
    "category",
    "figure_type",
    "location",
    "admin1",
    "country_iso3",
    "lat",
    "lon",
    "geo_precision",
    "location_precision",
    "location_text",
    "origin",
    "destination",
    "period_start",
    "period_end",
    "date",
    "date_precision",
    "confidence",
    "extractor_version",
    "part_of",
    "attributed_to",
)


def make_figure_id(document_id: str, start: int, end: int) -> str:
    """Stable id: the same document and span give the same id on every run."""
    digest = hashlib.sha1(f"{document_id}\x1f{start}\x1f{end}".encode("utf-8")).hexdigest()
    return digest[:16]

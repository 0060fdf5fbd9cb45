"""What the page says about each figure beyond its number: how the number was counted, whom to
cite, and whether it is held back for review (issue 15, "evidence that explains itself").

Pure functions of a figure's fields (a row of the figures table, as a mapping or a frame), so
the evidence line, the headline cards, the table and the charts explain a figure the same way:

- ``explanation``: a household conversion written out ("about 1,500 families × 5.6 (UN DESA
  2019, Sudan) = about 8,400 people"), a vague amount's bound ("“thousands” read as at least
  1,000 people"), a housing figure's unit (dwellings, never people);
- ``citation``: publisher or site, title, date and a working link, as a person would cite the
  article (never a file name);
- ``held_for_review``: a figure larger than its country's population is a reading error until
  someone checks it; it stays in the table with its reason and leaves the charts and headline.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Mapping, Optional
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

#: the unit a figure's number counts
PEOPLE = "people"
DWELLINGS = "dwellings"

#: reported units that a housing figure keeps as dwellings (one household's home each)
_HOUSING_UNITS = ("houses", "households")
#: the word written for a household unit when the article's own noun cannot be read
_UNIT_WORDS = {"households": "households", "houses": "houses"}
HOUSEHOLD_SOURCE = "UN DESA 2019"


def _missing(x: object) -> bool:
    if x is None or x is pd.NA:
        return True
    return isinstance(x, float) and math.isnan(x)


def _text(x: object) -> str:
    return "" if _missing(x) else str(x).strip()


def _num(x: object) -> Optional[float]:
    if _missing(x):
        return None
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _fmt(x: Optional[float]) -> str:
    return f"{int(round(x)):,}" if x is not None else "–"


def _size(x: float) -> str:
    return f"{x:g}"


# ---- the unit of a figure ------------------------------------------------------------------------

def figure_unit(category: object, reported_unit: object) -> str:
    """``dwellings`` for a housing figure reported in houses or households (homes destroyed are
    counted in dwellings, never turned into people), else ``people``."""
    return DWELLINGS if _text(category) == "housing" and _text(reported_unit) in _HOUSING_UNITS else PEOPLE


def units_of(frame: pd.DataFrame) -> pd.Series:
    """``figure_unit`` of every row, vectorised (a million rows in a few milliseconds)."""
    if frame.empty:
        return pd.Series([], dtype="object", index=frame.index)
    housing = frame["category"].astype("string").eq("housing").fillna(False)
    unit = frame["reported_unit"].astype("string").isin(_HOUSING_UNITS).fillna(False)
    return pd.Series(np.where((housing & unit).to_numpy(dtype=bool), DWELLINGS, PEOPLE), index=frame.index)


# ---- how a number was counted ----------------------------------------------------------------------

def household_size_source(size: float, country_iso3: object = None, extractor_version: object = None) -> str:
    """Where a household size comes from: the shipped UN DESA table for the country, the
    default for a country it lacks, or the size set for an upload (``+hh<size>`` versions)."""
    from . import units

    if "+hh" in _text(extractor_version):
        return "set for this upload"
    iso3 = _text(country_iso3)
    name = country_name(iso3) if iso3 else ""
    table = units.household_sizes()
    if iso3 in table and math.isclose(table[iso3], size):
        return f"{HOUSEHOLD_SOURCE}, {name or iso3}"
    if math.isclose(size, units.DEFAULT_HOUSEHOLD_SIZE):
        where = f" for {name or iso3}" if iso3 else ""
        return f"default: no {HOUSEHOLD_SOURCE} size{where}"
    return "set by the user"


def _written_noun(quote: str, number_text: str, fallback: str) -> str:
    """The noun the article wrote after the number ("families", "homes"), when it is a
    household or dwelling noun of ``lexicon/nouns.tsv``; else ``fallback``."""
    from . import units

    at = quote.find(number_text) if number_text else -1
    if at < 0:
        return fallback
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", quote[at + len(number_text): at + len(number_text) + 80])
    of = ""
    if words[:1] and words[0].lower() == "of":  # "thousands of families"
        of, words = words[0] + " ", words[1:]
    for n in range(min(3, len(words)), 0, -1):
        noun = units.lookup_noun(words[:n])
        if noun is not None and noun.unit in ("household", "dwelling"):
            return of + " ".join(words[: len(noun.text.split())])
    return fallback


def _as_read(number_text: str) -> str:
    """The number as written, inside a sentence: "About 1,500" -> "about 1,500"."""
    first = number_text.split(" ", 1)[0]
    if number_text[:1].isupper() and not first.isupper() and not first[:1].isdigit():
        return number_text[:1].lower() + number_text[1:]
    return number_text


def _result(value, low, high, qualifier: str) -> str:
    """The converted figure with its hedge: "about 8,400", "at least 5,600", "2,500–5,000"."""
    if qualifier == "vague":
        return f"at least {_fmt(low)}"
    if qualifier == "range" and low is not None and high is not None:
        return f"{_fmt(low)}–{_fmt(high)}"
    point = value if value is not None else (low if low is not None else high)
    hedge = {"approx": "about ", "at_least": "at least ", "at_most": "up to "}.get(qualifier, "")
    if qualifier == "at_least" and low is not None:
        point = low
    if qualifier == "at_most" and high is not None:
        point = high
    return hedge + _fmt(point)


def explanation(row: Mapping[str, object]) -> str:
    """How the figure's number was read, in one line; empty when it is a plain count of people.

    ``row`` holds Figure fields (number_text, quote, value, low, high, qualifier,
    reported_value, reported_unit, household_size, country_iso3, category, extractor_version).
    """
    if _text(row.get("review_status")) == "corrected" and "extracted_value" in row:
        # the conversion is the extractor's; a reviewer's number is said as such, never
        # passed off as the product of the article's count and the household size
        extracted = {**row, **{k[len("extracted_"):]: v for k, v in row.items() if str(k).startswith("extracted_")},
                     "review_status": None}
        how = explanation(extracted)
        changed = any(_num(row.get(k)) != _num(extracted.get(k)) for k in ("value", "low", "high"))
        if how and changed:
            return f"{how}; corrected by review to {_result(_num(row.get('value')), _num(row.get('low')), _num(row.get('high')), _text(row.get('qualifier')))}"
        return how
    number_text = _text(row.get("number_text"))
    quote = _text(row.get("quote"))
    qualifier = _text(row.get("qualifier"))
    unit = _text(row.get("reported_unit"))
    value, low, high = (_num(row.get(k)) for k in ("value", "low", "high"))
    reported = _num(row.get("reported_value"))
    size = _num(row.get("household_size"))
    written = _as_read(number_text)
    if figure_unit(row.get("category"), unit) == DWELLINGS:
        noun = _written_noun(quote, number_text, _UNIT_WORDS.get(unit, "houses"))
        bound = f" (read as at least {_fmt(low)})" if qualifier == "vague" else ""
        return f"{written} {noun}{bound}: counted in dwellings, not converted to people"
    if unit in _UNIT_WORDS and size:
        noun = _written_noun(quote, number_text, _UNIT_WORDS[unit])
        bound = f" (read as at least {_fmt(reported)})" if qualifier == "vague" and reported is not None else ""
        source = household_size_source(size, row.get("country_iso3"), row.get("extractor_version"))
        return f"{written} {noun}{bound} × {_size(size)} ({source}) = {_result(value, low, high, qualifier)} people"
    if unit in _UNIT_WORDS and reported is not None:
        noun = _UNIT_WORDS[unit]
        return f"{_fmt(reported)} {noun}, given as {_result(value, low, high, qualifier)} people by the article"
    if qualifier == "vague" and low is not None:
        return f"“{number_text}” read as at least {_fmt(low)} people"
    return ""


# ---- citing the article ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Citation:
    """An article as a person cites it; every part may be empty."""

    publisher: str
    title: str
    date: str
    link: str

    @property
    def text(self) -> str:
        """``Reuters: “Thousands flee Mosul”, 2016-08-20`` (the parts that are known); empty
        when neither publisher nor title is (a date alone cites nothing)."""
        head = self.publisher
        if not head and not self.title:
            return ""
        if self.title:
            head = f"{head}: “{self.title}”" if head else f"“{self.title}”"
        return ", ".join(p for p in (head, self.date) if p)


_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#].*)?$", re.IGNORECASE)


def link(url: object) -> str:
    """A URL a browser can open: http(s) as given, a bare address ("reliefweb.int/report/x",
    "www.bbc.co.uk/news") with ``https://``; anything else (``javascript:``, a file name) is
    no link at all, so the page shows an empty cell."""
    text = _text(url)
    if not text or any(c.isspace() for c in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() in ("http", "https"):
        return text if parts.netloc else ""
    if not parts.scheme and _DOMAIN.match(text):
        return "https://" + text
    return ""


def site(url: object) -> str:
    """The site of a link ("www.reuters.com/..." -> "reuters.com"), for an article without a
    named publisher."""
    address = link(url)
    if not address:
        return ""
    host = (urlsplit(address).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def citation(source: object = None, title: object = None, url: object = None, published: object = None) -> Citation:
    """Publisher (the source, else the link's site), title, publication date and link. The
    document id is never used: it is a file name ("001_4cdda67df5ead196.txt"), not a source."""
    return Citation(
        publisher=_text(source) or site(url),
        title=" ".join(_text(title).split()),
        date=_text(published)[:10],
        link=link(url),
    )


# ---- figures held back for review -------------------------------------------------------------------

def country_name(iso3: str) -> str:
    from . import places

    place = places.gazetteer().country(iso3)
    return place.name if place is not None else ""


def country_population(iso3: str) -> int:
    """The country's population in the shipped gazetteer (``C`` rows, column 7); 0 if unknown."""
    from . import places

    place = places.gazetteer().country(iso3)
    return int(place.population or 0) if place is not None else 0


def held_for_review(frame: pd.DataFrame, populations: Optional[Mapping[str, int]] = None) -> pd.Series:
    """Per figure, why it is held back from the charts and headline ("" when it is not): a
    number larger than its country's population cannot be right as read. ``populations``
    (ISO3 -> people) defaults to the gazetteer's."""
    if frame.empty:
        return pd.Series([], dtype="object", index=frame.index)
    number = pd.to_numeric(frame["value"], errors="coerce")
    number = number.fillna(pd.to_numeric(frame["low"], errors="coerce")).fillna(
        pd.to_numeric(frame["high"], errors="coerce")).astype("float64")
    iso3 = frame["country_iso3"].astype("string")
    codes = [c for c in iso3.dropna().unique()]
    pops = {c: (populations.get(c, 0) if populations is not None else country_population(c)) for c in codes}
    population = pd.to_numeric(iso3.astype(object).map(pops), errors="coerce").fillna(0).astype("float64")
    over = (population > 0) & (number > population)
    rows = np.flatnonzero(over.to_numpy(dtype=bool, na_value=False))
    reasons = np.full(len(frame), "", dtype=object)
    if len(rows):
        # only the held rows are worded (a synthetic million-figure store holds a tenth of them)
        codes = iso3.to_numpy(dtype=object)[rows]
        names = {c: (country_name(str(c)) if populations is None else str(c)) or str(c) for c in set(codes)}
        units = units_of(frame.iloc[rows]).to_numpy(dtype=object)
        numbers, people = number.to_numpy()[rows], population.to_numpy()[rows]
        reasons[rows] = [f"{_fmt(n)} {u} is more than the population of {names[c]} ({_fmt(p)}): held back for review"
                         for n, u, c, p in zip(numbers, units, codes, people)]
    return pd.Series(reasons, index=frame.index, dtype="object")


def chartable(frame: pd.DataFrame, held: Optional[pd.Series] = None) -> pd.DataFrame:
    """The figures the charts and headline use: those not held back for review (the frame
    itself, not a copy, when none is)."""
    held = held_for_review(frame) if held is None else held
    keep = held.eq("").to_numpy(dtype=bool) if len(held) else np.ones(len(frame), dtype=bool)
    return frame if keep.all() else frame.loc[keep]

"""Units of people figures: the package's one pint registry and the household conversion.

The registry is pint's default one plus ``lexicon/units.txt`` (person, household, dwelling and
the ``household_size`` context). Head nouns ("civilians", "families", "fighters", "homes") are
mapped to those units by ``lexicon/nouns.tsv``; demonyms ("Iraqis", "South Sudanese") count
as persons. Distances, areas, masses, money and percentages are recognised so that they are
never taken for people.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Optional

import pint

DEFAULT_HOUSEHOLD_SIZE = 5.0  # persons per household where no country value applies (UN DESA global mean ~4.9)

PEOPLE_UNITS = ("person", "household", "dwelling")


@functools.lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The package's single UnitRegistry (built once per process)."""
    ureg = pint.UnitRegistry(cache_folder=None)
    ureg.load_definitions(str(resources.files("displacement") / "lexicon" / "units.txt"))
    return ureg


def _lexicon_rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("displacement") / "lexicon" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@dataclass(frozen=True)
class Noun:
    """What a head noun counts: ``unit`` is person, household, dwelling, subgroup, combatant or
    entity; ``term`` is the figure term the noun implies, if any."""

    text: str
    unit: str
    term: Optional[str] = None


@functools.lru_cache(maxsize=1)
def noun_lexicon() -> dict[str, Noun]:
    out: dict[str, Noun] = {}
    for row in _lexicon_rows("nouns.tsv"):
        noun = row["noun"].strip().lower()
        out[noun] = Noun(noun, row["unit"].strip(), (row.get("term") or "").strip() or None)
    return out


@functools.lru_cache(maxsize=1)
def _max_noun_words() -> int:
    return max(len(n.split()) for n in noun_lexicon())


_DEMONYM = re.compile(r"[A-Z][a-z]+(?:is|ans|ians|ese|ites|ingya|ingyas)$")


@functools.lru_cache(maxsize=1)
def _people_names() -> frozenset:
    text = (resources.files("displacement") / "lexicon" / "people_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def lookup_noun(words: list[str]) -> Optional[Noun]:
    """The lexicon noun at the start of ``words`` (longest match first), singular or plural."""
    return _lookup_noun(tuple(words[:_max_noun_words()]))


@functools.lru_cache(maxsize=65536)  # the same few words follow numbers in every article
def _lookup_noun(words: tuple[str, ...]) -> Optional[Noun]:
    lex = noun_lexicon()
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[:n]).lower()
        for candidate in (phrase, _singular(phrase)):
            if candidate in lex:
                return lex[candidate]
    return None


@functools.lru_cache(maxsize=1)
def _person_suffixes() -> tuple[str, ...]:
    text = (resources.files("displacement") / "lexicon" / "person_suffixes.txt").read_text(encoding="utf-8")
    return tuple(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


_NOT_PERSON_ENDING = ("ments", "ness", "ress")


def is_person_plural(word: str) -> bool:
    """A plural noun whose ending names people ("holidaymakers", "worshippers", "Armenians"),
    lower or upper case; nouns.tsv's things ("shelters", "tents") are looked up before this."""
    lower = word.lower()
    return (
        len(lower) > 4
        and lower.isalpha()
        and lower.endswith(_person_suffixes())
        and not lower.endswith(_NOT_PERSON_ENDING)
    )


@functools.lru_cache(maxsize=65536)
def is_demonym(word: str) -> bool:
    """A capitalised people-name: "Iraqis", "Syrians", "Congolese", "Rohingya", "Burkinabè"
    (a suffix, lexicon/people_names.txt, or a demonym of the gazetteer)."""
    if not word or not word[0].isupper():
        return False
    if _DEMONYM.match(word) or word in _people_names():
        return True
    from displacement.places import gazetteer, normalize_key  # the gazetteer's demonym rows

    return normalize_key(word) in gazetteer().demonyms


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=4096)
def physical_dimension(word: str) -> Optional[str]:
    """'length', 'area', 'mass', 'volume', 'time', 'currency'... for a unit word pint knows
    ("km", "kilometres", "hectares", "tonnes"), else None. People units give 'people'."""
    word = word.strip().lower().rstrip(".")
    if not word or not re.fullmatch(r"[a-z]+", word) or len(word) < 2:
        return None
    try:
        units = registry().parse_units(word)
    except Exception:  # pint raises several error types for unknown words
        return None
    dims = dict(units.dimensionality)
    names = {
        "[length]": {1: "length", 2: "area", 3: "volume"},
        "[mass]": {1: "mass"},
        "[time]": {1: "time"},
        "[temperature]": {1: "temperature"},
        "[people]": {1: "people"},
        "[household]": {1: "household"},
        "[dwelling]": {1: "dwelling"},
    }
    if len(dims) == 1:
        (dim, power), = dims.items()
        return names.get(dim, {}).get(int(power), "physical")
    if not dims:
        return None
    return "physical"


@functools.lru_cache(maxsize=1)
def household_sizes() -> dict[str, float]:
    return {row["iso3"].strip(): float(row["size"]) for row in _lexicon_rows("household_sizes.tsv")}


def household_size_for(country_iso3: Optional[str], override: Optional[float] = None) -> float:
    """The multiplier for families/households: the user's override, else the country's average
    (``lexicon/household_sizes.tsv``), else ``DEFAULT_HOUSEHOLD_SIZE``."""
    if override:
        return float(override)
    if country_iso3 and country_iso3 in household_sizes():
        return household_sizes()[country_iso3]
    return DEFAULT_HOUSEHOLD_SIZE


def to_people(amount: float, unit: str, size: float) -> float:
    """Converts ``amount`` of ``unit`` (person, household or dwelling) to people through the
    registry's ``household_size`` context."""
    if unit == "person":
        return float(amount)
    return float(amount) * _people_per(unit, float(size))


@functools.lru_cache(maxsize=256)
def _people_per(unit: str, size: float) -> float:
    """People in one ``unit`` at this household size, converted by pint once and cached
    (the conversion is linear, and pint conversions cost about a millisecond each)."""
    ureg = registry()
    with ureg.context("household_size", size=size):
        return float(ureg.Quantity(1.0, unit).to("person").magnitude)

"""The nouns that name a kind of place ("governorate", "town", "camp"), read from
``lexicon/place_nouns.tsv``, and the regular-expression pieces that places.py builds from them.

Each noun has a kind (admin, place, camp, feature, country) and roles: where in the
place rules it counts (after a name, in "the noun of", between members of a list, at the end of
a division's name, as a word pointing back...). The rules are language; which nouns they apply to
is vocabulary, kept in the data file so that adding "woreda" or "barangay" is one line.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

NOUNS_FILE = "place_nouns.tsv"
ROLES = frozenset({"after", "of", "sub_city", "gap", "list", "admin_list", "division", "cue"})
KINDS = frozenset({"admin", "place", "camp", "feature", "country"})


class PlaceNounsError(ValueError):
    """The nouns file is malformed (names the line)."""


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, str, frozenset], ...]:
    text = resources.files("displacement").joinpath("lexicon", NOUNS_FILE).read_text(encoding="utf-8")
    return parse(text)


def parse(text: str) -> tuple[tuple[str, str, str, frozenset], ...]:
    """(noun, plural or "", kind, roles) of every row of a place-nouns file."""
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("noun\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise PlaceNounsError(f"{NOUNS_FILE}:{n}: {line!r}: expected 4 TAB-separated columns (noun plural kind roles)")
        noun, plural, kind, roles = (p.strip() for p in parts)
        uses = frozenset(r.strip() for r in roles.split(",") if r.strip())
        if kind not in KINDS or not uses <= ROLES or not noun or noun != noun.lower():
            raise PlaceNounsError(f"{NOUNS_FILE}:{n}: {line!r}: unknown kind or role, or a noun not in lower case")
        rows.append((noun, "" if plural == "-" else plural, kind, uses))
    return tuple(rows)


def nouns(role: str, *, plural: bool = True, singular: bool = True, kind: str | None = None) -> tuple[str, ...]:
    """The nouns of ``role`` (singular and/or plural forms), longest first, so that an
    alternation built from them tries "sub-district" before "district"."""
    if role not in ROLES:
        raise KeyError(role)
    out = set()
    for noun, many, k, uses in _rows():
        if role in uses and (kind is None or k == kind):
            if singular:
                out.add(noun)
            if plural and many:
                out.add(many)
    return tuple(sorted(out, key=lambda w: (-len(w), w)))


def alternation(words, *, first_letter_either_case: bool = False) -> str:
    """A non-capturing regex alternation of ``words`` (blanks inside a word match any run of
    blanks); with ``first_letter_either_case`` each word's first letter matches in either case
    and the rest only as written ("Governorate" or "governorate", never "GOVERNORATE")."""
    parts = []
    for w in words:
        body = r"\s+".join(re.escape(x) for x in w.split())
        if first_letter_either_case and w[:1].isalpha():
            body = f"[{w[0].upper()}{w[0]}]" + body[1:]
        parts.append(body)
    return "(?:" + "|".join(parts) + ")"

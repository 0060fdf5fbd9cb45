"""Named sites the gazetteer does not hold, recognised by their shape (pure).

"Kalma camp", "the Hamidiya collective centre", "the PoC site in Bentiu" (known), "Village 8",
"the town of Kaya": the name is kept as written, and the site takes its country, division and
(through the division) its map point from its parent, the nearest place the text names around
it, else the article's country. ``Place.lat``/``lon`` stay empty, so the figure's
``geo_precision`` says that the point is the division's or the country's, never the site's.
The nouns that make a site are data: ``lexicon/site_nouns.tsv``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Optional, Sequence

from displacement import dates
from displacement.model import Place, PlaceMention

NOUNS_FILE = "site_nouns.tsv"
_NAME_WORD = r"(?:[A-Z][\w'’]*(?:-[\w'’]+)*)"
_CONNECTOR = r"(?:al|el|ad|ar|as|ash|at|an|de|du|des|del|la|le|um|umm|abu|bin|ibn|of)"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t-]+)?{_NAME_WORD}){{0,2}}"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, dict[str, str], frozenset]:
    rows = []
    text = resources.files("displacement").joinpath("lexicon", NOUNS_FILE).read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("noun\t"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or cols[1] not in ("camp", "place") or cols[2] not in ("after", "of", "numbered"):
            raise ValueError(f"{NOUNS_FILE}:{n}: {line!r}: expected 'noun<TAB>camp|place<TAB>after|of|numbered'")
        rows.append(cols)
    precision = {}

    def alternation(shape: str) -> str:
        nouns = sorted((r[0] for r in rows if r[2] == shape), key=len, reverse=True)
        for r in rows:
            if r[2] == shape:
                precision.setdefault((shape, r[0]), r[1])
        # case-insensitive nouns inside a case-sensitive pattern: "camp", "Camp", "CAMP"
        return "|".join(r"[ \t]+".join(f"(?i:{re.escape(w)})" for w in noun.split()) + "(?i:e?s)?" for noun in nouns)

    noun_words = frozenset(w for r in rows for w in r[0].split())
    after = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME})[ \t]+(?P<noun>{alternation('after')})\b")
    of = re.compile(rf"\b(?i:the)[ \t]+(?:[a-z-]+[ \t]+)?(?P<noun>{alternation('of')})[ \t]+of[ \t]+(?P<name>{_NAME})")
    numbered_nouns = "|".join(re.escape(r[0].capitalize()) for r in rows if r[2] == "numbered")
    alternation("numbered")  # records the precisions
    numbered = re.compile(rf"(?<![\w'’-])(?P<noun>{numbered_nouns})[ \t]+(?P<num>\d{{1,3}}[A-Z]?)\b")
    return after, of, numbered, precision, noun_words


def _precision(shape: str, noun: str) -> str:
    key = re.sub(r"\s+", " ", noun.lower())
    table = _patterns()[3]
    return table.get((shape, key)) or table.get((shape, key.rstrip("s"))) or table.get((shape, key[:-2])) or "camp"


def _ordinary(word: str, common: frozenset, demonyms: dict) -> bool:
    """A word that cannot name a site alone: common words, demonyms, months, acronyms, and the
    site nouns themselves ("Refugee camps")."""
    from displacement.places import normalize_key
    key = normalize_key(word)
    return key in common or key in demonyms or word.lower() in _patterns()[4] or dates.is_month_name(word) \
        or (word.isupper() and len(word) > 1)


def find_sites(text: str, mentions: Sequence[PlaceMention], country: Optional[Place]) -> list[PlaceMention]:
    """Sites named in ``text`` that ``mentions`` (the gazetteer's places) do not cover."""
    from displacement.places import gazetteer, resolve
    g = gazetteer()
    after, of, numbered, *_ = _patterns()
    found: list[tuple[int, int, str, str, Optional[Place]]] = []  # start, end, as written, precision, parent

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b, *_ in found) and not any(
            m.start < e and s < m.end and not (s <= m.start and m.end <= e) for m in mentions)

    for m in after.finditer(text):
        words = m.group("name").split()
        while words and _ordinary(words[0], g.common, g.demonyms):
            words.pop(0)  # "The Kalma camp", "In Hamidiya collective centre"
        if not words or all(_ordinary(w, g.common, g.demonyms) for w in words):
            continue
        precision = _precision("after", m.group("noun"))
        plural = m.group("noun")[-1:].lower() == "s" and not m.group("noun").lower().endswith("ss")
        if precision == "place" and (plural or _NUMBER_WORD.fullmatch(words[0].lower())):
            continue  # "Chakhansur and Khashrod districts", "Thirteen villages": no one site
        s = m.start("name") + m.group("name").index(words[0])
        if len(words) == 1 and _SENTENCE_START.search(text[max(0, s - 3):s] or "\n") and \
                not any(k.start == s for k in mentions):
            continue  # "Makeshift camps have sprung up": a sentence's first word, not a name
        inside = [k for k in mentions if s <= k.start and k.end <= m.end()]
        if precision == "place" and inside:
            continue  # "Tsholotsho district": the gazetteer's place already
        if not free(s, m.end()) or any(s <= k.start and k.end <= m.end() and k.place.precision == "camp"
                                       for k in mentions):
            continue
        known = resolve(text[s:m.end()], inside[0].place.country_iso3 if inside else None)
        if known is not None and known.precision == "camp":  # "the Balukhali camp": the gazetteer's camp
            found.append((s, m.end(), text[s:m.end()], "known", known))
        else:  # "the Hamidiya collective centre": a site in the place it is named after
            found.append((s, m.end(), text[s:m.end()], precision, inside[0].place if inside else None))
    for m in of.finditer(text):
        words = m.group("name").split()
        if all(_ordinary(w, g.common, g.demonyms) for w in words):
            continue
        if free(m.start("name"), m.end("name")) and not any(
                m.start("name") <= k.start < m.end("name") for k in mentions):
            found.append((m.start("name"), m.end("name"), m.group("name"), _precision("of", m.group("noun")), None))
    for m in numbered.finditer(text):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), m.group(), _precision("numbered", m.group("noun")), None))
    out = []
    for s, e, name, precision, parent in sorted(found, key=lambda f: f[0]):
        if precision == "known":
            out.append(PlaceMention(text[s:e], s, e, parent))
            continue
        parent = parent or _parent(s, e, mentions, text) or country
        if parent is None:
            continue  # a site nowhere: nothing to say where it is
        admin1 = parent.name if parent.precision == "admin1" else parent.admin1
        place = Place(name, parent.country_iso3, admin1, None, None, precision)
        out.append(PlaceMention(text[s:e], s, e, place))
    return out


_SENTENCE_END = re.compile(r"[.!?\n]")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n][\"'”’)]?\s*|\n\s*)$")
_NUMBER_WORD = re.compile(r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty|hundreds?|"
                          r"thousands?|several|many|dozens?|some|both|all")


def _parent(s: int, e: int, mentions: Sequence[PlaceMention], text: str) -> Optional[Place]:
    """The place a site lies in: the nearest place of its sentence (after it first: "Kalma camp
    near Nyala", "the Hamidiya centre in Tartous"), else the last place named before it."""
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, s - 400), s)), default=max(0, s - 400))
    hi_m = _SENTENCE_END.search(text, e)
    hi = hi_m.start() if hi_m else len(text)
    after = [m for m in mentions if e <= m.start < hi]
    before = [m for m in mentions if lo <= m.start and m.end <= s]
    if after and (not before or after[0].start - e <= s - before[-1].end):
        return after[0].place
    if before:
        return before[-1].place
    earlier = [m for m in mentions if m.end <= s]
    return earlier[-1].place if earlier else None


def with_sites(text: str, mentions: Sequence[PlaceMention], country: Optional[Place]) -> list[PlaceMention]:
    """``mentions`` and the sites found around them, in text order."""
    sites = find_sites(text, mentions, country)
    if not sites:
        return list(mentions)
    kept = [m for m in mentions if not any(s.start <= m.start and m.end <= s.end for s in sites)]
    return sorted([*kept, *sites], key=lambda m: m.start)

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
from bisect import bisect_left
from functools import lru_cache
from importlib import resources
from typing import Optional, Sequence

from displacement import dates, units
from displacement.model import Place, PlaceMention

NOUNS_FILE = "site_nouns.tsv"
_SHAPES = ("after", "of", "numbered", "zone", "before")
_NAME_WORD = r"(?:[A-Z][\w'’]*(?:-[\w'’]+)*)"
_CONNECTOR = r"(?:al|el|ad|ar|as|ash|at|an|de|du|des|del|la|le|um|umm|abu|bin|ibn|of|do|da|dos|das|di|della|van|von|der|den)"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t-]+){{0,2}}{_NAME_WORD}){{0,2}}"  # "Pital de la Conta"


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, str], ...]:
    """(noun, precision, shape) rows of ``lexicon/site_nouns.tsv``, read and checked once."""
    rows = []
    text = resources.files("displacement").joinpath("lexicon", NOUNS_FILE).read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("noun\t"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or cols[1] not in ("camp", "place") or cols[2] not in _SHAPES:
            raise ValueError(f"{NOUNS_FILE}:{n}: {line!r}: expected 'noun<TAB>camp|place<TAB>{'|'.join(_SHAPES)}'")
        rows.append((cols[0], cols[1], cols[2]))
    return tuple(rows)


def _nouns(shape: str) -> list[str]:
    return [noun for noun, _, kind in _rows() if kind == shape]


def noun_alternation(nouns) -> str:
    """Site nouns as one regex alternation, in the order given, each case-insensitive inside a
    case-sensitive pattern ("camp", "Camp", "CAMP") and with its plural."""
    return "|".join(r"[ \t]+".join(f"(?i:{re.escape(w)})" for w in noun.split()) + "(?i:e?s)?" for noun in nouns)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, dict[str, str], frozenset]:
    rows = _rows()
    precision = {}

    def alternation(shape: str) -> str:
        nouns = sorted((r[0] for r in rows if r[2] == shape), key=len, reverse=True)
        for r in rows:
            if r[2] == shape:
                precision.setdefault((shape, r[0]), r[1])
        return noun_alternation(nouns)

    noun_words = frozenset(w for r in rows for w in r[0].split())
    # the nouns are rare and capitals are not: find a noun, then the name right before it
    after = re.compile(rf"(?<![\w'’-])(?P<noun>{alternation('after').replace('(?i:', '(?:')})\b", re.I)
    # "the town of Kaya", "the northern Mozambican town of Palma": up to three modifiers, each a
    # lower-case word or a demonym (checked where the matches are read)
    of = re.compile(rf"\b(?i:the)[ \t]+(?P<mods>(?:(?:[a-z-]+|[A-Z][a-z]+)[ \t]+){{0,3}}?)(?P<noun>{alternation('of')})"
                    rf"[ \t]+of[ \t]+(?P<name>{_NAME})")
    numbered_nouns = "|".join(re.escape(r[0].capitalize()) for r in rows if r[2] == "numbered")
    alternation("numbered")  # records the precisions
    numbered = re.compile(rf"(?<![\w'’-])(?P<noun>{numbered_nouns})[ \t]+(?P<num>\d{{1,3}}[A-Z]?)\b")
    before_nouns = "|".join(re.escape(r[0].capitalize()) for r in rows if r[2] == "before")
    alternation("before")
    # "Lake Albert", "Mount Everest": a capitalised feature noun, then the name (both kept)
    before = re.compile(rf"(?<![\w'’-])(?P<noun>{before_nouns})[ \t]+(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})") \
        if before_nouns else None
    # "Rajem Al Sleibi, a village on the Syrian side": a name and, in apposition, its kind (found
    # from the comma; the name is read backwards from it)
    appositive = re.compile(rf",[ \t]+(?i:an?)[ \t]+(?:[a-z-]+[ \t]+){{0,2}}?(?P<noun>{alternation('of')})\b")
    return after, of, numbered, precision, noun_words, before, appositive


_CAPITAL = re.compile(r"[A-Z\u00c0-\u024f]")
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME})[ \t]+$")
_WINDOW = 80  # characters before a site noun where its name may start


class _SiteMatch:
    """A name and the site noun after it, with the match API the loop below reads."""

    def __init__(self, text: str, name_start: int, noun: re.Match) -> None:
        self._text, self._name_start, self._noun = text, name_start, noun
        self._name = text[name_start:noun.start()].rstrip()

    def group(self, which: str) -> str:
        return self._name if which == "name" else self._noun.group("noun")

    def start(self, which: str = "name") -> int:
        return self._name_start if which == "name" else self._noun.start("noun")

    def end(self, which: str = "noun") -> int:
        return self._name_start + len(self._name) if which == "name" else self._noun.end()


#: how far before / after a number a site can still be its place (two sentences back, the clause after)
_REACH_BEFORE, _REACH_AFTER = 1500, 400


def _close(i: int, near: Optional[Sequence[int]]) -> bool:
    if near is None:
        return True
    k = bisect_left(near, i - _REACH_AFTER)
    return k < len(near) and near[k] <= i + _REACH_BEFORE


def _after_matches(text: str, lowered: str, after: re.Pattern, near: Optional[Sequence[int]] = None):
    """Each site noun of the text with the capitalised name right before it. The nouns' last
    words are found with str.find (fast on megabytes), then the noun and the name are matched
    around each hit only."""
    hits = {i for word in _last_words() for i in _find_all(lowered, word)}
    last_end = -1
    for i in sorted(hits):
        if i < last_end or not _close(i, near):
            continue
        if not _CAPITAL.search(text, max(0, i - 50), i):
            continue  # no capitalised word before the noun: no name ("the camp", "a school")
        lo = max(0, i - 40)
        for noun in after.finditer(text, lo, min(len(text), i + 40)):
            if noun.start() <= i < noun.end():
                break
        else:
            continue
        last_end = noun.end()
        name = _NAME_BEFORE.search(text, max(0, noun.start() - _WINDOW), noun.start())
        if name is not None:
            yield _SiteMatch(text, name.start("name"), noun)


@lru_cache(maxsize=1)
def _last_words() -> tuple[str, ...]:
    return tuple(sorted({noun.split()[-1] for noun in _nouns("after")}))


def _precision(shape: str, noun: str) -> str:
    key = re.sub(r"\s+", " ", noun.lower())
    table = _patterns()[3]
    return table.get((shape, key)) or table.get((shape, key.rstrip("s"))) or table.get((shape, key[:-2])) or "camp"


@lru_cache(maxsize=1)
def _people_words() -> frozenset:
    """The words of the nouns that count people or households ("internally displaced persons",
    "families", "returnees"), singular and plural: "the Internally Displaced Persons camps" is
    the kind of camp, not its name."""
    words = set()
    for noun in units.noun_lexicon().values():
        if noun.unit in ("person", "household", "subgroup"):
            for w in noun.text.split():
                words.update((w, w + "s", w + "es"))
    return frozenset(words)


def _ordinary(word: str, common: frozenset, demonyms: dict) -> bool:
    """A word that cannot name a site alone: common words, demonyms, months, acronyms, the
    site nouns themselves ("Refugee camps"), the words of people nouns ("Displaced Persons") and
    titles ("Cyclone Idai")."""
    from displacement.places import normalize_key
    key = normalize_key(word)
    return key in common or key in demonyms or word.lower() in _patterns()[4] or dates.is_month_name(word) \
        or (word.isupper() and len(word) > 1) or word.lower() in _people_words() or word.lower() in _titles()


@lru_cache(maxsize=1)
def _titles() -> frozenset:
    """Words before a person's or a storm's name ("Cyclone Idai", "President Ruto"): a name they
    open is no site."""
    from displacement.places import gazetteer
    return gazetteer().titles


class _Index:
    """The gazetteer's mentions of one text, sorted, with bisect lookups: every question the
    site rules ask costs a logarithm, so a 5 MB report stays linear."""

    def __init__(self, mentions: Sequence[PlaceMention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def within(self, s: int, e: int) -> list[PlaceMention]:
        """Mentions that start in [s, e)."""
        return self.mentions[bisect_left(self.starts, s):bisect_left(self.starts, e)]

    def overlapping(self, s: int, e: int) -> list[PlaceMention]:
        i = bisect_left(self.starts, e)
        out = []
        while i > 0 and self.mentions[i - 1].end > s:
            out.append(self.mentions[i - 1])
            i -= 1
            if s - self.mentions[i].start > _WINDOW * 4:
                break
        return out

    def before(self, pos: int) -> Optional[PlaceMention]:
        """The last mention that ends at or before ``pos``."""
        i = bisect_left(self.starts, pos)
        while i > 0:
            i -= 1
            if self.mentions[i].end <= pos:
                return self.mentions[i]
        return None


def find_sites(text: str, mentions: Sequence[PlaceMention], country: Optional[Place],
               near: Optional[Sequence[int]] = None) -> list[PlaceMention]:
    """Sites named in ``text`` that ``mentions`` (the gazetteer's places) do not cover. With
    ``near`` (sorted offsets of the numbers that may be figures), only sites close enough to one
    of them to be its place are looked for: a long report costs what its figures need."""
    from displacement.places import _written_lower as written_lower, gazetteer, normalize_key, resolve
    g = gazetteer()
    after, of, numbered, _precisions, _noun_words, before, appositive = _patterns()
    index = _Index(mentions)
    found: list[tuple[int, int, str, str, Optional[Place]]] = []  # start, end, as written, precision, parent

    def free(s: int, e: int) -> bool:
        """Overlaps no site found before, and no mention it does not contain."""
        if found and found[-1][1] > s and any(a < e and s < b for a, b, *_ in found[-3:]):
            return False
        return all(s <= k.start and k.end <= e for k in index.overlapping(s, e))

    lowered = text.lower()  # once for every noun search below
    for m in _after_matches(text, lowered, after, near):
        words = m.group("name").split()
        while words and _ordinary(words[0], g.common, g.demonyms):
            words.pop(0)  # "The Kalma camp", "In Hamidiya collective centre"
        owned = next((i for i, w in enumerate(words[:-1]) if _POSSESSIVE_END.search(w) and w[-1] in "sS"), None)
        if owned is not None:
            words = words[owned + 1:]  # "Lagos's Teslim Balogun stadium": the owner's name is no part of it
        if not words or all(_ordinary(w, g.common, g.demonyms) for w in words):
            continue
        if _POSSESSIVE_END.search(words[-1]):
            continue  # "Phu Gyi's village": whose village, not its name
        precision = _precision("after", m.group("noun"))
        plural = m.group("noun")[-1:].lower() == "s" and not m.group("noun").lower().endswith("ss")
        if precision == "place" and plural and not _NUMBER_WORD.fullmatch(words[0].lower()):
            # "Swat and Buner districts": each name of the list is one
            for s_, e_, name in _coordinated_names(text, m.start("noun")):
                if not _ordinary(name.split()[0], g.common, g.demonyms) and free(s_, e_) \
                        and not index.within(s_, e_):
                    found.append((s_, e_, name, "place", None))
            continue
        if precision == "place" and _NUMBER_WORD.fullmatch(words[0].lower()):
            continue  # "Thirteen villages": no one site
        s = m.start("name") + m.group("name").index(words[0])
        inside = [k for k in index.within(s, m.end()) if k.end <= m.end()]
        if len(words) == 1 and _SENTENCE_START.search(text[max(0, s - 3):s] or "\n") and \
                not any(k.start == s for k in inside) and (plural or written_lower(text, words[0])):
            # "Makeshift camps have sprung up", "Temporary camp ... a temporary camp": a sentence's
            # first word, not a name ("Kounoungo camp has received 3,873 refugees" is one)
            continue
        if precision == "place" and inside:
            continue  # "Tsholotsho district": the gazetteer's place already
        if not free(s, m.end()) or any(k.place.precision == "camp" for k in inside):
            continue
        known = resolve(text[s:m.end()], inside[0].place.country_iso3 if inside else None)
        if known is not None and known.precision == "camp":  # "the Balukhali camp": the gazetteer's camp
            found.append((s, m.end(), text[s:m.end()], "known", known))
        else:  # "the Hamidiya collective centre": a site in the place it is named after
            found.append((s, m.end(), text[s:m.end()], precision, inside[0].place if inside else None))
    for m in _windowed(text, of, _of_hits(lowered), near):
        words = m.group("name").split()
        if all(_ordinary(w, g.common, g.demonyms) for w in words):
            continue
        if any(w[0].isupper() and normalize_key(w) not in g.demonyms for w in m.group("mods").split()):
            continue  # "the Red Cross camp of": a name before the noun, not a modifier
        s, e = m.start("name"), m.end("name")
        # a known place that is only the start of the name is not it: "the town of Pital de la Conta"
        if free(s, e) and not any(k.end == e for k in index.within(s, e)):
            found.append((s, e, m.group("name"), _precision("of", m.group("noun")), None))
    for m in appositive.finditer(text) if ", a" in text else ():
        if not _close(m.start(), near):
            continue
        head = _NAME_BEFORE_COMMA.search(text, max(0, m.start() - 60), m.start())
        if head is None or all(_ordinary(w, g.common, g.demonyms) for w in head.group("name").split()):
            continue
        s, e = head.start("name"), head.end("name")
        if _ordinary(text[s:e].split()[0], g.common, g.demonyms) or any(k.end == e for k in index.within(s, e)):
            continue  # a sentence's opening word, or a place the gazetteer holds by that name
        if free(s, e):
            found.append((s, e, text[s:e], _precision("of", m.group("noun")), None))
    for m in _listed_names(text):
        words = m.group("name").split()
        if _POSSESSIVE_END.search(words[-1]) and words[-1][-1] in "sS":
            continue  # "at Phu Gyi's village school": whose school, not a place's name
        if len(words) > 1 and words[0].lower() in _DIRECTION_WORDS:
            words = words[1:]  # "East Gippsland", "North Waziristan": the direction is part of the name
        if all(_ordinary(w, g.common, g.demonyms) for w in words) or _ordinary(words[0], g.common, g.demonyms):
            continue
        if free(m.start("name"), m.end("name")) and not index.within(m.start("name"), m.end("name")):
            found.append((m.start("name"), m.end("name"), m.group("name"), "place", None))
    from displacement.site_phrases import phrase_sites  # (it reads this module's patterns)
    for s_, e_, name, precision, parent in phrase_sites(text, lowered, index, near):
        if free(s_, e_):
            found.append((s_, e_, name, precision, parent))  # "In Jhalakathi,", "Metuge hosts", "Houston's Astrodome"
    for m in _zones(text, lowered):
        if _close(m.start(), near) and free(m.start("name"), m.end("name")):
            found.append((m.start("name"), m.end("name"), m.group("name"), "place", None))
    for m in _windowed(text, numbered, _hits(text, _numbered_words()), near):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), m.group(), _precision("numbered", m.group("noun")), None))
    for m in _windowed(text, before, _hits(text, _before_words()), near) if before is not None else ():
        if _ordinary(m.group("name").split()[0], g.common, g.demonyms) or not free(m.start(), m.end()):
            continue  # "Mount The", "Lake Monday": no name
        if any(k.start == m.start() for k in index.within(m.start(), m.end())):
            continue  # a place the gazetteer holds under the whole name ("Mount Pleasant")
        iso3 = country.country_iso3 if country is not None else None
        known = resolve(m.group(), iso3) if normalize_key(m.group()) in g else None
        if known is not None and known.country_iso3 in (None, iso3):  # "Lake Chad": the curated region
            found.append((m.start(), m.end(), m.group(), "known", known))
        else:
            found.append((m.start(), m.end(), m.group(), _precision("before", m.group("noun")), None))
    out = []
    for s, e, name, precision, parent in sorted(found, key=lambda f: f[0]):
        if precision == "known":
            out.append(PlaceMention(text[s:e], s, e, parent))
            continue
        parent = parent or _parent(s, e, index, text) or country
        if parent is None:
            continue  # a site nowhere: nothing to say where it is
        admin1 = parent.name if parent.precision == "admin1" else parent.admin1
        place = Place(name, parent.country_iso3, admin1, None, None, precision)
        out.append(PlaceMention(text[s:e], s, e, place))
    return out


# digit first, as a plain range (ASCII digits, or any non-ASCII character then checked to be a
# digit): the engine skips to candidates at C speed, where a lookbehind first is tried everywhere
_LIST_ITEM = re.compile(rf"[0-9\u0080-\U0010ffff](?<=\d)(?<![\w.,]\d)[\d,.]*\d?(?:[ \t]+(?:[a-z]+|[A-Z]{{2,}}s?)){{0,4}}?[ \t]+(?:in|at)[ \t]+(?P<name>{_NAME})")


# "Metuge (96,545)", "Palma (116,016 people)": a name with its count in brackets, an item of a list
_BRACKET_ITEM = re.compile(rf"(?P<name>{_NAME})[ \t]*\([ \t]*[0-9][\d,.]*(?:[ \t]+[a-z]+){{0,2}}[ \t]*\)")
_OPEN_COUNT = re.compile(r"\([ \t]*[0-9]")  # a literal first: found at C speed


def _bracket_items(text: str):
    """_BRACKET_ITEM's matches, tried only before a bracket that opens on a digit."""
    end = -1
    for bracket in _OPEN_COUNT.finditer(text):
        lo = max(end, bracket.start() - 80, 0)
        for m in _BRACKET_ITEM.finditer(text, lo, min(len(text), bracket.end() + 40)):
            if m.start("name") < bracket.start() < m.end() and m.start() >= end:
                end = m.end()
                yield m
                break


_COORDINATED = re.compile(rf"(?P<list>{_NAME}(?:[ \t]*,[ \t]*{_NAME})*[ \t]+and[ \t]+{_NAME})[ \t]+$")
_LIST_SPLIT = re.compile(r"[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+")


def _coordinated_names(text: str, noun_start: int):
    """(start, end, name) of each name of "Swat and Buner districts", "Farah, Faryab and Kunar
    provinces" (the list that ends right before a plural noun)."""
    m = _COORDINATED.search(text, max(0, noun_start - 120), noun_start)
    if m is None:
        return []
    out, pos = [], m.start("list")
    for part in _LIST_SPLIT.split(m.group("list")):
        start = text.index(part, pos)
        out.append((start, start + len(part), part))
        pos = start + len(part)
    return out


@lru_cache(maxsize=1)
def _zone_pattern() -> Optional[re.Pattern]:
    kinds = sorted(set(_nouns("zone")), key=len, reverse=True)
    if not kinds:
        return None
    return re.compile(r"\b(?P<name>(?:%s)[ \t]+zone)\b" % "|".join(re.escape(k) for k in kinds), re.I)


def _zones(text: str, lowered: str):
    """"the no-fire zone", "the exclusion zone": a designated zone is where people are, though
    it has no name; it is kept as written inside its country. ``lowered`` is ``text.lower()``."""
    pattern = _zone_pattern()
    if pattern is None or "zone" not in lowered:
        return ()
    return pattern.finditer(text)


_NAME_BEFORE_COMMA = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME})$")


def _listed_names(text: str):
    """Names in a list of figures placed one by one: "more than 1,100 IDPs taking refuge in
    Thaykan, nearly 500 in Anntha, over 400 in U Soe Tint ward", "Cidade de Pemba (137,726),
    Metuge (96,545) and Mueda (83,631)": each item's name is a place, known to the gazetteer or
    not. "N people ... in Name" names its place alone too ("28 people are still missing in East
    Gippsland"); "Name (N)" items need two in a sentence to be a list."""
    yield from _LIST_ITEM.finditer(text)
    run: list[re.Match] = []
    for item in _bracket_items(text):  # one pass; items of one sentence have no stop between
        if run and _SENTENCE_END.search(text, run[-1].end(), item.start()):
            if len(run) >= 2:
                yield from run
            run = []
        run.append(item)
    if len(run) >= 2:
        yield from run


#: words that open a region's name without being its name ("East Gippsland", "North Waziristan")
_DIRECTION_WORDS = frozenset("north south east west northern southern eastern western central upper lower".split())


def _windowed(text: str, pattern: re.Pattern, hits: list[int], near: Optional[Sequence[int]] = None):
    """Matches of ``pattern`` in ``text`` around ``hits`` (sorted offsets of the words that
    the pattern needs)."""
    last_end = -1
    for i in hits:
        if i < last_end or not _close(i, near):
            continue
        for m in pattern.finditer(text, max(0, i - 40), min(len(text), i + _WINDOW)):
            if m.start() <= i < m.end():
                last_end = m.end()
                yield m
                break


def _hits(searched: str, words: tuple[str, ...]) -> list[int]:
    """Where one of ``words`` occurs in ``searched`` (the lower-cased text, or the text itself
    for capitalised words), sorted."""
    return sorted({i for w in words for i in _find_all(searched, w)})


def _of_hits(lowered: str) -> list[int]:
    """``_hits(lowered, _of_words())``: the phrases ("town of ") all end in "of ", so one pass
    of the engine's literal search finds where one of them ends, instead of a pass over the
    text for each phrase."""
    ends = [m.end() for m in _of_ends().finditer(lowered)]
    hits = set()
    for w in _of_words():
        after = 0
        for end in ends:
            i = end - len(w)
            if i >= after and lowered.startswith(w, i):  # as _find_all: each after the previous
                hits.add(i)
                after = end
    return sorted(hits)


@lru_cache(maxsize=1)
def _of_ends() -> re.Pattern:
    """Where one of _of_words() ends: "of " (a literal the engine searches fast), then a look
    back for each phrase."""
    return re.compile("of (?:" + "|".join(f"(?<={re.escape(w)})" for w in _of_words()) + ")")


def _find_all(lowered: str, word: str):
    i = lowered.find(word)
    while i >= 0:
        yield i
        i = lowered.find(word, i + len(word))


@lru_cache(maxsize=1)
def _numbered_words() -> tuple[str, ...]:
    return tuple(sorted({noun.capitalize() + " " for noun in _nouns("numbered")}))


@lru_cache(maxsize=1)
def _before_words() -> tuple[str, ...]:
    return tuple(sorted({noun.capitalize() + " " for noun in _nouns("before")}))


@lru_cache(maxsize=1)
def _of_words() -> tuple[str, ...]:
    return tuple(sorted({noun + " of " for noun in _nouns("of")}))


_POSSESSIVE_END = re.compile(r"['’]s?$")
_SENTENCE_END = re.compile(r"[.!?\n]")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n][\"'”’)]?\s*|\n\s*)$")
_NUMBER_WORD = re.compile(r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty|hundreds?|"
                          r"thousands?|several|many|dozens?|some|both|all")


def _parent(s: int, e: int, index: _Index, text: str) -> Optional[Place]:
    """The place a site lies in: the nearest place of its sentence (after it first: "Kalma camp
    near Nyala", "the Hamidiya centre in Tartous"), else the last place named before it. A country
    people moved to or from ("35,000 people to Chad") is passed over while another place is named."""
    return _nearest(s, e, index, text, skip_endpoints=True) or _nearest(s, e, index, text, skip_endpoints=False)


def _nearest(s: int, e: int, index: _Index, text: str, skip_endpoints: bool) -> Optional[Place]:
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, s - 400), s)), default=max(0, s - 400))
    hi_m = _SENTENCE_END.search(text, e, min(len(text), e + 400))
    hi = hi_m.start() if hi_m else min(len(text), e + 400)
    after = [m for m in index.within(e, hi) if not (skip_endpoints and _endpoint_abroad(text, m))]
    earlier = index.before(s)
    while skip_endpoints and earlier is not None and _endpoint_abroad(text, earlier):
        earlier = index.before(earlier.start)
    before = earlier if earlier is not None and earlier.start >= lo else None  # in the site's sentence
    if after and (before is None or after[0].start - e <= s - before.end):
        return after[0].place
    return earlier.place if earlier is not None else None


_MOVED_TO_OR_FROM = re.compile(r"\b(?:to|into|towards?|from)[ \t]+(?:the[ \t]+)?$", re.IGNORECASE)


def _endpoint_abroad(text: str, m: PlaceMention) -> bool:
    """Is ``m`` a country people moved to or from ("35,000 people to Chad", "returned from Chad")?"""
    return m.place.precision == "country" and _MOVED_TO_OR_FROM.search(text, max(0, m.start - 14), m.start) is not None


def with_sites(text: str, mentions: Sequence[PlaceMention], country: Optional[Place],
               near: Optional[Sequence[int]] = None) -> list[PlaceMention]:
    """``mentions`` and the sites found around them, in text order (see ``find_sites``)."""
    sites = find_sites(text, mentions, country, near)
    if not sites:
        return list(mentions)
    covered = _covered(mentions, sites)
    kept = [m for m in mentions if id(m) not in covered]
    return sorted([*kept, *sites], key=lambda m: m.start)


def _covered(mentions: Sequence[PlaceMention], sites: Sequence[PlaceMention]) -> set[int]:
    index = _Index(mentions)
    return {id(k) for site in sites for k in index.within(site.start, site.end) if k.end <= site.end}

"""Sites that the words around a name make (pure): "In Jhalakathi, almost 10,000 people ...",
"Metuge, about 40 km from Pemba, hosts 144,000 displaced people", "the new camp, called Goz Amer 1",
"Houston's Astrodome". ``sites.find_sites`` asks ``phrase_sites`` for them beside its own shapes
(a site noun after or before a name); each is tried only where its words are (str.find).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Iterator, Optional, Sequence

from displacement.model import Place
from displacement.places import TIER_ALT, gazetteer, normalize_key
from displacement.sites import (_NAME, _SENTENCE_START, _Index, _close, _hits, _ordinary, _precision, _rows,
                                 noun_alternation)


def phrase_sites(text: str, lowered: str, index: _Index,
                 near: Optional[Sequence[int]]) -> Iterator[tuple[int, int, str, str, Optional[Place]]]:
    """(start, end, name as written, precision or "known", parent or None) of each site these
    phrases name near a figure; the caller keeps those that overlap nothing found before."""
    if not near:
        return
    g = gazetteer()
    for m in _called_matches(text, lowered, near):
        s, e = m.start("name"), m.end("name")
        if not _close(m.start(), near) or _ordinary(m.group("name").split()[0], g.common, g.demonyms):
            continue
        if any(k.start == s and k.end == e for k in index.within(s, e)):
            continue  # a place the gazetteer holds by that name
        noun = m.group("noun")
        yield s, e, m.group("name"), "place" if _precision("of", noun) == "place" else _precision("after", noun), None
    for owner_mention, m in _owned_matches(text, index, near):
        s, e = m.start("name"), m.end("name")
        words = m.group("name").split()
        if any(_ordinary(w, g.common, g.demonyms) for w in words) or index.overlapping(s, e):
            continue  # "Iraq's Prime Minister", "Houston's Harris County" (a place the gazetteer holds)
        if any(tier < TIER_ALT for _, tier in g.candidates(normalize_key(m.group("name")))):
            continue
        owner = owner_mention.place
        if owner.precision not in ("place", "admin1"):
            continue  # "Sudan's Kordofan": a country's region is no site of the country
        admin1 = owner.name if owner.precision == "admin1" else owner.admin1
        yield s, e, m.group("name"), "known", Place(m.group("name"), owner.country_iso3, admin1, None, None, "camp")
    for m in _fronted_matches(text, near):
        s, e = m.start("name"), m.end("name")
        if not _close(m.end(), near) or not _SENTENCE_START.search(text[max(0, m.start() - 3):m.start()] or "\n"):
            continue  # only a phrase that opens a sentence, close to a figure
        words = m.group("name").split()
        if any(_ordinary(w, g.common, g.demonyms) for w in words) or index.overlapping(s, e):
            continue  # "In March,", "In Addition,", "In Goma,": no new name
        if any(tier < TIER_ALT for _, tier in g.candidates(normalize_key(m.group("name")))):
            continue  # a place the gazetteer holds that the article did not take ("In Punjab," in an Iraq story)
        yield s, e, m.group("name"), "place", None
    for m in _host_matches(text, lowered, near):
        s, e = m.start("name"), m.end("name")
        words = m.group("name").split()
        if not _close(m.end(), near) or not _SENTENCE_START.search(text[max(0, s - 3):s] or "\n"):
            continue  # only a sentence's subject, close to a figure
        if _ordinary(words[0], g.common, g.demonyms) or index.within(s, e):
            continue  # "The camp hosts", "Goma hosts": no new name
        if not _holds_a_count(text, m.end(), near):
            continue  # the verb holds no count: "Entire houses in the village were damaged"
        yield s, e, m.group("name"), "place", None


_CALLED_WORDS = (" called ", " named ", " known as ", " dubbed ")


def _called_matches(text: str, lowered: str, near: Optional[Sequence[int]]):
    """_called_pattern()'s matches around the few places where its verbs are (found with str.find)."""
    last_end = -1
    for i in _hits(lowered, _CALLED_WORDS):
        if i < last_end or not _close(i, near):
            continue
        for m in _called_pattern().finditer(text, max(0, i - 45), min(len(text), i + 80)):
            if m.start() <= i < m.end():
                last_end = m.end()
                yield m
                break


@lru_cache(maxsize=1)
def _called_pattern() -> re.Pattern:
    """A site given its name: "the new camp, called Goz Amer 1", "a settlement known as Kalobeyei"."""
    nouns = sorted({r[0] for r in _rows() if r[2] in ("of", "after")}, key=len, reverse=True)
    return re.compile(rf"\b(?P<noun>{noun_alternation(nouns)}),?[ \t]+(?:called|named|known[ \t]+as|dubbed)[ \t]+"
                      rf"(?P<name>{_NAME}(?:[ \t]+\d{{1,3}}[A-Z]?\b)?)")


@lru_cache(maxsize=1)
def _host_pattern() -> Optional[re.Pattern]:
    """A sentence that opens with a name, then (after an aside between commas) a verb that says the
    place holds people: "Metuge, about 40 kilometres from Pemba, hosts 144,000 displaced people"
    (the verbs are the ``host`` words of lexicon/places_words.tsv)."""
    from displacement.places import gazetteer
    phrases = gazetteer().host_verbs
    if not phrases:
        return None
    return re.compile(rf"(?P<name>{_NAME})(?:,[^.;\n]{{1,120}}?,)?[ \t]+(?P<noun>{phrases})\b")


@lru_cache(maxsize=1)
def _quantifiers() -> re.Pattern:
    from displacement.places import _HOST_QUANTIFIERS
    return re.compile(rf"[ \t]+{_HOST_QUANTIFIERS}")


def _holds_a_count(text: str, end: int, near: Sequence[int]) -> bool:
    """Is a number (one of ``near``, the number reader's offsets) right after the host verb ending
    at ``end``, past its quantifiers? "Entire houses in the village were damaged" holds none."""
    q = _quantifiers().match(text, end)
    if q is None:
        return False
    i = bisect_left(near, end)
    return i < len(near) and near[i] <= q.end()


#: a name owned by a known town or division: "Houston's Astrodome", "Kabul's Kart-e-Sakhi"
_OWNED = re.compile(rf"['’]s[ \t]+(?P<name>{_NAME})")


def _owned_matches(text: str, index: _Index, near: Optional[Sequence[int]]):
    """Names right after a known place's possessive, close to a figure."""
    if not near or "s " not in text:
        return
    for k in index.mentions:
        if _close(k.end, near) and text[k.end:k.end + 2] in ("'s", "’s"):
            m = _OWNED.match(text, k.end)
            if m is not None:
                yield k, m


#: a locative phrase that opens a sentence with a name: "In Jhalakathi, almost 10,000 people ..."
_FRONTED_WORDS = ("In ", "At ", "Across ", "Around ")
_FRONTED = re.compile(rf"(?:In|At|Across|Around)[ \t]+(?P<name>{_NAME}),")


def _fronted_matches(text: str, near: Optional[Sequence[int]]):
    """_FRONTED's matches that start where one of its words is found (str.find, at C speed) close
    to a figure: the pattern is tried at those few places, not at every capital of the text."""
    if not near:
        return
    for i in _hits(text, _FRONTED_WORDS):
        if _close(i, near):
            m = _FRONTED.match(text, i)
            if m is not None:
                yield m


def _host_matches(text: str, lowered: str, near: Optional[Sequence[int]]):
    """The host pattern's matches, tried only from the start of a sentence that holds a host verb
    close to a figure ("Metuge ... hosts 144,000")."""
    host = _host_pattern()
    if host is None or not near:
        return
    seen = set()
    for i in _hits(lowered, _host_words()):
        if not _close(i, near):
            continue
        lo = max(0, i - 200)
        brk = max(text.rfind(ch, lo, i) for ch in ".!?\n")
        start = brk + 1 if brk >= 0 else (0 if lo == 0 else -1)
        if start < 0:
            continue
        while start < i and text[start] in " \t\"'“‘(":
            start += 1
        if start in seen:
            continue
        seen.add(start)
        m = host.match(text, start)
        if m is not None:
            yield m


@lru_cache(maxsize=1)
def _host_words() -> tuple[str, ...]:
    """The host verb phrases, lower case and blank-delimited (" hosts ", " is home to "...)."""
    from displacement.places import gazetteer
    return tuple(f" {w} " for w in sorted(gazetteer().host_words))



"""Who a figure is attributed to (pure): "UNHCR said", "according to IOM's Displacement Tracking
Matrix", "the governor told reporters". The agencies, offices and reporting words are data
(``lexicon/attribution.tsv``); an agency comes out by its usual short name (UNHCR, IOM DTM), an
office as written ("Sudanese government", "local officials"). A sentence that names nobody
attributes nothing: the figure's ``attributed_to`` stays empty (unknown), never guessed from the
article's publisher.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Optional, Sequence

LEXICON = "attribution.tsv"
_KINDS = ("agency", "office", "cue_before", "cue_after", "possessed")


@lru_cache(maxsize=1)
def _rows() -> dict[str, list[tuple[str, str]]]:
    text = resources.files("displacement").joinpath("lexicon", LEXICON).read_text(encoding="utf-8")
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in _KINDS}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        cols = line.split("\t")
        if cols[0] not in out or len(cols) < 2 or (cols[0] == "agency" and len(cols) < 3):
            raise ValueError(f"{LEXICON}:{n}: {line!r}: expected 'kind<TAB>written[<TAB>name]' with kind one of {_KINDS}")
        out[cols[0]].append((cols[1].strip(), cols[2].strip() if len(cols) > 2 else ""))
    return out


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split())


def _alternation(kind: str) -> str:
    """The rows of one kind as an alternation, longest first."""
    return "|".join(_words(w) for w, _ in sorted(_rows()[kind], key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    rows = _rows()
    names = {}
    alternatives = []
    for written, name in sorted(rows["agency"], key=lambda r: -len(r[0])):
        names[" ".join(written.lower().split())] = name
        # an acronym is matched as written ("WHO", never "who"); a name in any case
        alternatives.append(_words(written) if written.isupper() else f"(?i:{_words(written)})")
    offices = _alternation("office")
    modifier = r"(?:[A-Z][\w'’.-]*\s+|(?i:local|state|provincial|regional|district|federal|national|senior|county)\s+)"
    source = (rf"(?P<agency>(?<![\w.])(?:{'|'.join(alternatives)})(?![\w]))"
              rf"|(?P<office>{modifier}{{0,3}}(?i:{offices})s?\b(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}})?)")
    said_before = re.compile(rf"(?i:\b(?:{_alternation('cue_before')}))\s+(?:(?i:the|a|an)\s+)?(?:{source})")
    said_after = re.compile(
        rf"(?:{source})(?:['’]s?\s+(?:[\w-]+\s+){{0,3}}?(?i:{_alternation('possessed')})"
        rf"|(?:\s*,[^,.;]{{1,60}},)?\s+(?:(?i:has|have|had|also|now|previously|earlier|recently)\s+){{0,2}}"
        rf"(?i:{_alternation('cue_after')})\b)"
    )
    return names, said_before, said_after


@lru_cache(maxsize=1)
def _source_words() -> tuple[frozenset, frozenset]:
    """The words a source's name can start with or hold: acronyms as written ("WHO", never
    "who") and other words lower-cased ("unhcr" aside, "governor", "officials"). A sentence with
    none of them names no source."""
    rows = _rows()
    cased, lower = set(), set()
    for written, _ in rows["agency"]:
        first = _WORD.findall(written)[0]
        (cased if written.isupper() else lower).add(first if written.isupper() else first.lower())
    for written, _ in rows["office"]:
        lower.update(_WORD.findall(written.lower()))
    return frozenset(cased), frozenset(lower)


_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=64)  # the figures of one sentence ask in turn
def _sources_in(text: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    """(start, end, kind) of every source the sentence credits: "agency" or "office"."""
    _names, said_before, said_after = _patterns()
    words = _WORD.findall(text, start, end)
    lowered = {w.lower() for w in words}
    before, after = _cue_firsts()
    if before.isdisjoint(lowered) and after.isdisjoint(lowered):
        return ()  # no reporting word: nobody is credited (most sentences; a cheap screen)
    cased, lower = _source_words()
    if cased.isdisjoint(words) and lower.isdisjoint(lowered):
        return ()  # no word a source's name holds
    found = []
    if not before.isdisjoint(lowered):
        for m in said_before.finditer(text, start, end):
            group = "agency" if m.group("agency") else "office"
            found.append((*m.span(group), group))
    if after.isdisjoint(lowered):
        return tuple(found)
    # a source before its reporting word ("UNHCR said") is looked for only in the stretch that
    # ends at such a word, not at every place of the sentence
    for cue in _after_words().finditer(text, start, end):
        for m in said_after.finditer(text, max(start, cue.start() - _BEFORE_CUE), cue.end()):
            group = "agency" if m.group("agency") else "office"
            found.append((*m.span(group), group))
    return tuple(sorted(set(found)))  # a source found before two reporting words counts once


#: how far before its reporting word a source's name (and an aside after it) may start
_BEFORE_CUE = 140


@lru_cache(maxsize=1)
def _cue_firsts() -> tuple[frozenset, frozenset]:
    """The words that tell a sentence may credit a source: the first words of the reporting
    words written before it ("according"), and the last words of those written after it
    ("said", "put the number") and of what a source owns ("data", "matrix"): a source before
    them is looked for in the stretch that ends with that word, so a phrase must end there."""
    rows = _rows()
    before = frozenset(w.split()[0].lower() for w, _ in rows["cue_before"])
    after = frozenset(w.split()[-1].lower() for w, _ in rows["cue_after"] + rows["possessed"])
    return before, after


@lru_cache(maxsize=1)
def _after_words() -> re.Pattern:
    """Any of ``_cue_firsts()``'s words written after a source, as one pattern."""
    words = sorted(_cue_firsts()[1], key=len, reverse=True)
    return re.compile(rf"(?i)\b(?:{'|'.join(re.escape(w) for w in words)})\b")


def attributed_to(text: str, start: int, end: int, number_at: int) -> Optional[str]:
    """The source the sentence ``text[start:end]`` attributes its figures to, the one nearest
    the number at ``number_at`` when it names several; None when it names none."""
    found = _sources_in(text, start, end)
    if not found:
        return None
    # nearest the number; at one place the longest name
    s, e, group = min(found, key=lambda f: (abs(f[0] - number_at), f[0], -f[1]))
    written = " ".join(text[s:e].split())
    if group == "agency":
        return _patterns()[0].get(written.lower(), written)
    return re.sub(r"^(?i:the)\s+", "", written)


@lru_cache(maxsize=1)
def _cue_bearing_names() -> tuple[Optional[re.Pattern], tuple[str, ...]]:
    """The agencies whose names hold a term cue ("UN refugee agency", "Norwegian Refugee
    Council", "Internal Displacement Monitoring Centre"), as one pattern (None without any), and
    the cue words those names hold ("refugee", "displacement", "migration")."""
    from . import terms

    names, words = set(), set()
    for written, _ in _rows()["agency"]:
        lowered = written.lower()
        for cue in terms.find_cues(lowered):
            names.add(written)
            words.update(_WORD.findall(lowered[cue.start:cue.end]))
    if not names:
        return None, ()
    pattern = re.compile("|".join(f"(?<![\\w.])(?i:{_words(n)})(?![\\w])" for n in sorted(names, key=len, reverse=True)))
    return pattern, tuple(sorted(words))


def agency_name_spans(text: str, start: int, end: int, cue_texts: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Spans of the agency names in ``text[start:end]`` whose words would read as a term ("the
    UN refugee agency said" counts no refugees): their cues are not the figure's. With
    ``cue_texts`` (the words of the sentence's cues), nothing is searched unless a cue holds a
    word that an agency's name holds."""
    pattern, needles = _cue_bearing_names()
    if pattern is None:
        return []
    if cue_texts and not any(n in c for c in cue_texts for n in needles):
        return []
    return [m.span() for m in pattern.finditer(text, start, end)]

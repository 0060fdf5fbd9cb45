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
from typing import Optional

LEXICON = "attribution.tsv"
_KINDS = ("agency", "office", "cue_before", "cue_after")


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


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, dict[str, str], re.Pattern, re.Pattern]:
    rows = _rows()
    names = {}
    alternatives = []
    for written, name in sorted(rows["agency"], key=lambda r: -len(r[0])):
        names[" ".join(written.lower().split())] = name
        # an acronym is matched as written ("WHO", never "who"); a name in any case
        alternatives.append(_words(written) if written.isupper() else f"(?i:{_words(written)})")
    offices = "|".join(_words(w) for w, _ in sorted(rows["office"], key=lambda r: -len(r[0])))
    modifier = r"(?:[A-Z][\w'’.-]*\s+|(?i:local|state|provincial|regional|district|federal|national|senior|county)\s+)"
    source = (rf"(?P<agency>(?<![\w.])(?:{'|'.join(alternatives)})(?![\w]))"
              rf"|(?P<office>{modifier}{{0,3}}(?i:{offices})s?\b(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}})?)")
    before = "|".join(_words(w) for w, _ in sorted(rows["cue_before"], key=lambda r: -len(r[0])))
    after = "|".join(_words(w) for w, _ in sorted(rows["cue_after"], key=lambda r: -len(r[0])))
    said_before = re.compile(rf"(?i:\b(?:{before}))\s+(?:(?i:the|a|an)\s+)?(?:{source})")
    said_after = re.compile(
        rf"(?:{source})(?:['’]s?\s+(?:[\w-]+\s+){{0,3}}?(?i:data|figures|estimates?|count|tally|report|tracking\s+matrix)"
        rf"|(?:\s*,[^,.;]{{1,60}},)?\s+(?:(?i:has|have|had|also|now|previously|earlier|recently)\s+){{0,2}}(?i:{after})\b)"
    )
    return re.compile(source), names, said_before, said_after


@lru_cache(maxsize=1)
def _cue_words() -> re.Pattern:
    """Any reporting word of the lexicon (its first word), in any case: a sentence without one
    attributes nothing."""
    rows = _rows()
    firsts = sorted({w.split()[0].lower() for kind in ("cue_before", "cue_after") for w, _ in rows[kind]}
                    | {"data", "figures", "estimates", "count", "tally", "report", "matrix"}, key=len, reverse=True)
    return re.compile(rf"(?i)\b(?:{'|'.join(re.escape(w) for w in firsts)})", re.I)


def attributed_to(text: str, start: int, end: int, number_at: int) -> Optional[str]:
    """The source the sentence ``text[start:end]`` attributes its figures to, the one nearest
    the number at ``number_at`` when it names several; None when it names none."""
    _source, names, said_before, said_after = _patterns()
    if _cue_words().search(text, start, end) is None:
        return None  # no reporting word: nobody is credited (most sentences; a cheap screen)
    found = []
    for pattern in (said_before, said_after):
        for m in pattern.finditer(text, start, end):
            group = "agency" if m.group("agency") else "office"
            s, e = m.span(group)
            found.append((abs(s - number_at), s, -e, group))  # nearest; at one place the longest name
    if not found:
        return None
    _, s, e, group = min(found)
    e = -e
    written = " ".join(text[s:e].split())
    if group == "agency":
        return names.get(written.lower(), written)
    return re.sub(r"^(?i:the)\s+", "", written)


@lru_cache(maxsize=1)
def _cue_bearing_names() -> Optional[re.Pattern]:
    """The agencies whose names hold a term cue ("UN refugee agency", "Norwegian Refugee
    Council", "Internal Displacement Monitoring Centre"), as one pattern; None without any."""
    from . import terms

    names = sorted({w for w, _ in _rows()["agency"] if terms.find_cues(w.lower())}, key=len, reverse=True)
    if not names:
        return None
    return re.compile("|".join(f"(?<![\\w.])(?i:{_words(n)})(?![\\w])" for n in names))


def agency_name_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the agency names in ``text[start:end]`` whose words would read as a term ("the
    UN refugee agency said" counts no refugees): their cues are not the figure's."""
    pattern = _cue_bearing_names()
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text, start, end)]

"""Numbers that share their noun and term with a neighbour: lists, breakdowns, ellipsis (pure).

News and reports rarely repeat the noun in a list: "147,000 Malian refugees (55,221 in
Mauritania, 52,875 in Niger and 26 in Guinea)", "Tana River (3,864 displaced), Homa Bay
(2,046)", "17,608, 14,193 and 13,665 returnees respectively", "Of these, 1,411 are in ...".
These functions recognise the shape of such a number from the words around it; extract.py then
gives it the unit and term of the figure it belongs to. The shapes are English syntax
(coordination, a locative after the number, a name with the number in brackets, a partitive
pronoun), never particular words of an article.
"""
from __future__ import annotations

import re
from typing import Optional

# a name: capitalised words, possibly joined by "-" or a lower-case particle ("Bosnia and
# Herzegovina" is two names for this purpose, which is harmless)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|de|du|al|el))*"
# the number followed by where that part of the list is: "55,221 in Mauritania", "485,759 of them were in Sindh"
_LOCATIVE_AFTER = re.compile(r"\s*\)?\s*(?:of\s+(?:them|these|those)\s+)?(?:were\s+|are\s+|is\s+|was\s+|remain\s+|now\s+)?(?:in|at|to|into|from|inside|across|within)\s+(?:the\s+)?" + r"(?:[a-z]+\s+(?:of\s+)?)?[A-Z]")
# "Homa Bay (2,046)": the number alone in brackets after a name
_NAME_BRACKET_BEFORE = re.compile(_NAME + r"\s*\(\s*$")
_BRACKET_AFTER = re.compile(r"\s*\)")
# gapping: "... received 848 new refugees and Niger 485."
_GAPPED_BEFORE = re.compile(r"(?:\band|,|;)\s+" + _NAME + r"\s+$")
_GAPPED_AFTER = re.compile(r"\s*(?:[.;,)]|$)")
# "Of these, 1,411 are in ...", "of whom 300 ...", "among them 40 ..."
_PARTITIVE_BEFORE = re.compile(
    r"(?:\b(?:of|among)\s+(?:these|them|those|whom|which|this\s+number|this\s+total)\s*,?|\bincluding)\s*"
    r"(?:(?:some|about|around|almost|nearly|over|more\s+than|at\s+least|an\s+estimated)\s+)?$", re.I)
# "in addition to 2.9 million before the year had begun": more of the same people, not a part
_ADDITION_BEFORE = re.compile(
    r"\b(?:in\s+addition\s+to|on\s+top\s+of|besides|plus|as\s+well\s+as)\s+(?:(?:some|about|around|almost|nearly|"
    r"over|more\s+than|at\s+least|an\s+estimated|another|a\s+further)\s+)?$", re.I)
# "Of the dead, 14 were children", "Among the displaced, 3,000 ...": the group is named by an adjective
_PARTITIVE_NAMED = re.compile(r"\b(?:of|among)\s+(?P<group>the\s+(?:[a-z]+\s+){0,2}?[a-z]+)\s*,\s*$", re.I)
# a separator between coordinated numbers: "17,608, 14,193 and 13,665 returnees"
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*|/\s*)")
# "the figure has since risen to 12,000", "bringing the total to 150,000": the number restates
# the count of the figure before
_ANAPHOR_BEFORE = re.compile(
    r"\b(?:the|this|that|its|their)\s+(?:overall\s+|cumulative\s+|total\s+)?(?:number|figure|total|tally|count)"
    r"(?:\s+[a-z]+){0,4}?\s+(?:to|at|as|of|is|was|stands\s+at|stood\s+at|reached|hit|tops|topped|exceeds|exceeded)"
    r"\s+(?:now\s+|some\s+|about\s+|around\s+)?$",
    re.I,
)
# a share written after a part of a breakdown: "38,407 (50.5%) women"
SHARE = re.compile(r"\s*\(\s*\d+(?:[.,]\d+)?\s*(?:%|per\s*cent|percent)\s*\)")
# a line of a list: a bullet or dash first
_BULLET_LINE = re.compile(r"\s*[•·*▪►‣◦\-–—]\s*")
# a label line: "- Civilian Fatalities: 9", "IDPs total: 48 512", "Single Residences Destroyed: 6,453"
_LABEL = re.compile(r"^[\s\-–—•*·]*(?P<label>[A-Za-z][A-Za-z'’ /&()-]{1,60}?)\s*[:=]\s*$")


def bracket_item(text: str, s_start: int, start: int, end: int) -> bool:
    """Whether a number and its plain noun stand alone in brackets after a name: "Palma
    (116,016 people)", an item of a list whose noun says no more than "people"."""
    return bool(_NAME_BRACKET_BEFORE.search(text[max(s_start, start - 80) : start]) and _BRACKET_AFTER.match(text, end))


def anaphor_before(text: str, s_start: int, start: int) -> bool:
    """Whether the words right before a number restate a count named before ("the figure
    reached", "put the number at", "bringing the total to")."""
    return _ANAPHOR_BEFORE.search(text, max(s_start, start - 80), start) is not None


def ellipsis_shape(text: str, s_start: int, start: int, end: int) -> Optional[str]:
    """How a number with no noun of its own joins a list: ``locative`` ("55,221 in Mauritania"),
    ``bracket`` ("Kisumu (7,704)"), ``gapped`` ("and Niger 485"), ``partitive`` ("Of these
    1,411 ...", "including almost 25,000 in ..."), ``addition`` ("in addition to 2.9 million"), ``anaphor`` ("bringing the total to 150,000", "The figure has since risen to
    12,000"), ``share`` ("7,503 (10%) have..."), or None."""
    before = text[max(s_start, start - 80) : start]
    after = text[end : end + 60]
    if _PARTITIVE_BEFORE.search(before):
        return "partitive"
    if _ADDITION_BEFORE.search(before):
        return "addition"
    if _ANAPHOR_BEFORE.search(before):
        return "anaphor"
    if _NAME_BRACKET_BEFORE.search(before) and _BRACKET_AFTER.match(after):
        return "bracket"
    if _GAPPED_BEFORE.search(before) and _GAPPED_AFTER.match(after):
        return "gapped"
    if _LOCATIVE_AFTER.match(after):
        return "locative"
    if SHARE.match(after):
        return "share"
    return None


def breakdown_part(text: str, s_start: int, start: int, end: int) -> bool:
    """Whether a number is a part of a breakdown: on a bulleted line, or followed by its share
    ("• 732 women (50%) and 729 (50%) men")."""
    return bool(_BULLET_LINE.match(text, s_start) or SHARE.match(text, end))


def coordinated(text: str, end: int, next_start: int) -> bool:
    """Whether the text between two numbers only coordinates them ("17,608, 14,193 and")."""
    gap = text[end:next_start]
    # every way of coordinating ends in spaces; the number may follow the word at once ("and14,193")
    return len(gap) <= 12 and "\n" not in gap and bool(_COORDINATION.fullmatch(gap + " "))


def label_before(text: str, s_start: int, start: int) -> Optional[tuple[int, int]]:
    """(start, end) of the label of a "Label: N" line when the number follows one, else None."""
    match = _LABEL.match(text[s_start:start])
    if not match:
        return None
    return s_start + match.start("label"), s_start + match.end("label")


def partitive_group(text: str, s_start: int, start: int) -> Optional[tuple[int, int]]:
    """(start, end) of the group a number is a part of when the sentence names it first: "Of
    the dead, 14 were children" -> "the dead"."""
    before_start = max(s_start, start - 60)
    match = _PARTITIVE_NAMED.search(text, before_start, start)
    return (match.start("group"), match.end("group")) if match else None

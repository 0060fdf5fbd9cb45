"""What a number counts: term cues and blocking contexts, read from ``lexicon/terms.tsv`` and
``lexicon/blockers.tsv`` (vocabulary is data; adding a synonym needs no code)."""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Optional

# Map of term -> (category, figure_type) for terms implied by nouns (IDPs, refugees, deaths...)


@dataclass(frozen=True)
class Cue:
    """A term cue found in a sentence, at ``start``..``end`` (offsets in the searched text)."""

    start: int
    end: int
    term: str
    category: str
    figure_type: str
    applies_to: frozenset[str]
    rank: int


@dataclass(frozen=True)
class _CueRule:
    pattern: re.Pattern
    term: str
    category: str
    figure_type: str
    applies_to: frozenset[str]
    rank: int


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("displacement") / "lexicon" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@functools.lru_cache(maxsize=1)
def _cue_rules() -> tuple[_CueRule, ...]:
    rules = []
    for row in _rows("terms.tsv"):
        rules.append(
            _CueRule(
                re.compile(row["pattern"], re.IGNORECASE),
                row["term"],
                row["category"],
                row["figure_type"],
                frozenset(x.strip() for x in row["applies_to"].split(",")),
                int(row["rank"]),
            )
        )
    return tuple(rules)


@functools.lru_cache(maxsize=1)
def term_info() -> dict[str, tuple[str, str]]:
    """term -> (category, default figure_type), from the first rule naming the term."""
    info: dict[str, tuple[str, str]] = {}
    for rule in _cue_rules():
        info.setdefault(rule.term, (rule.category, rule.figure_type))
    return info


def find_cues(text: str) -> list[Cue]:
    """Every term cue in ``text``, sorted by position; where cues overlap the higher rank,
    then the longer one, is kept."""
    found: list[Cue] = []
    for rule in _cue_rules():
        for match in rule.pattern.finditer(text):
            found.append(
                Cue(match.start(), match.end(), rule.term, rule.category, rule.figure_type, rule.applies_to, rule.rank)
            )
    found.sort(key=lambda c: (-c.rank, -(c.end - c.start), c.start))
    kept: list[Cue] = []
    for cue in found:
        if all(cue.end <= k.start or cue.start >= k.end for k in kept):
            kept.append(cue)
    return sorted(kept, key=lambda c: c.start)


@dataclass(frozen=True)
class _Blocker:
    kind: str
    where: str
    pattern: re.Pattern


@functools.lru_cache(maxsize=1)
def _blockers() -> tuple[_Blocker, ...]:
    return tuple(
        _Blocker(row["kind"], row["where"], re.compile(row["pattern"], re.IGNORECASE)) for row in _rows("blockers.tsv")
    )


def blocking_context(before: str, after: str, between: str) -> Optional[str]:
    """The kind of context (forecast, capacity, change, population, subset, furniture, other)
    that makes a number of people not a reported figure, or None.

    ``before``: the sentence text right before the number; ``after``: right after it;
    ``between``: the text from the number to its term cue."""
    for blocker in _blockers():
        if blocker.where == "before":
            target = before[-80:]
        elif blocker.where == "after":
            target = after[:80]
        else:
            target = between
        if target and blocker.pattern.search(target):
            return blocker.kind
    return None

"""What a number counts: term cues and blocking contexts. Cues come from the phrasebook
(``lexicon/frames.tsv``, compiled by ``phrasebook.py``), blockers from ``lexicon/blockers.tsv``
(vocabulary is data; adding a wording needs no code)."""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Optional

from . import phrasebook
from .textscan import trie_pattern

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
    slot: str = "any"  # any | subject | object: where the number may stand (frames.tsv)
    verbal: bool = False  # the frame starts with a verb


@dataclass(frozen=True)
class _CueRule:
    pattern: re.Pattern
    term: str
    category: str
    figure_type: str
    applies_to: frozenset[str]
    rank: int
    slot: str
    verbal: bool
    by_first: tuple[tuple[tuple[str, str], str], ...] = ()  # ((1st, 2nd character), pattern after): phrasebook.Frame


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("displacement") / "lexicon" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@functools.lru_cache(maxsize=1)
def _cue_rules() -> tuple[_CueRule, ...]:
    """Rules in rank order (highest first, then the longer, more specific pattern first), so
    that where two rules match at the same place the stronger one wins."""
    rules = [
        _CueRule(re.compile(f.pattern), f.term, f.category, f.figure_type, f.applies_to, f.rank, f.slot, f.verbal,
                 f.by_first)
        for f in phrasebook.frames()
    ]
    rules.sort(key=lambda r: (-r.rank, r.slot != "any", -len(r.pattern.pattern)))
    return tuple(rules)


def _dispatch_body(rules: tuple[_CueRule, ...]) -> str:
    """The rules as one alternation per first two characters, each keeping the rules' order:
    ``a(?:b(?:rules after their "ab")|c(?:...))|b(?:...)|...``. A branch that starts with a
    literal is skipped by the engine at once when the text has another character there, so at
    a word start only the rules that can start with its first two characters are tried (the
    pairs are disjoint: no two of them match the same text); the first that matches wins, as in
    the plain alternation."""
    groups: dict[str, dict[str, list[str]]] = {}
    for i, rule in enumerate(rules):
        for k, ((first, second), pattern) in enumerate(rule.by_first):
            groups.setdefault(first, {}).setdefault(second, []).append(f"(?:{pattern})(?P<r{i}_{k}>)")
    return "|".join(
        first + "(?:" + "|".join(f"{second}(?:{'|'.join(alts)})" for second, alts in sorted(seconds.items())) + ")"
        for first, seconds in sorted(groups.items())
    )


# auxiliaries that PDF extraction glues to the verb after them ("weredisplaced"): a cue may
# start right after one of them inside a word
_PROBE = 200  # longest cue looked for after a glued auxiliary, in characters
_GLUE = ("were", "was", "had", "been", "have", "people", "still", "new")


def _glued_starts(target: str, start: int, end: int) -> list[int]:
    """Offsets right after an auxiliary that a letter follows at once ("were|displaced"):
    found with str.find, far cheaper than a regular expression tried at every character."""
    out = []
    for aux in _GLUE:
        i = target.find(aux, start, end)
        while i >= 0:
            j = i + len(aux)
            if j < end and target[j].isalpha():
                out.append(j)
                if aux == "new" and target.startswith("ly", j) and j + 2 < end and target[j + 2].isalpha():
                    out.append(j + 2)  # "newlydisplaced"
            i = target.find(aux, j, end)
    return out


@functools.lru_cache(maxsize=2)
def _combined(ignore_case: bool) -> tuple[re.Pattern, dict[int, int]]:
    """All cue rules as one alternation tried only at word starts: one C-level pass over the
    article instead of one per rule (about 20 times faster). Returns the pattern, tried at
    word starts, and, for each group index, the rule it marks.

    Each rule is followed by an empty named group, so that the rule's own first character
    is what the engine checks first (a named group around it would hide it) and
    ``lastindex`` names the rule that matched. On lower-cased text (``ignore_case`` False)
    the rules are further grouped by the letter they start with (``_dispatch_body``)."""
    rules = _cue_rules()
    if ignore_case or not all(rule.by_first for rule in rules):
        body = "|".join(f"(?:{rule.pattern.pattern})(?P<r{i}>)" for i, rule in enumerate(rules))
    else:
        body = _dispatch_body(rules)
    flags = re.IGNORECASE if ignore_case else 0
    pattern = re.compile(r"\b(?=[A-Za-z])(?:" + body + ")", flags)
    table = {index: int(name[1:].partition("_")[0]) for name, index in pattern.groupindex.items()}
    return pattern, table


@functools.lru_cache(maxsize=1)
def term_info() -> dict[str, tuple[str, str]]:
    """term -> (category, default figure_type), from the first rule naming the term."""
    info: dict[str, tuple[str, str]] = {}
    for frame in phrasebook.frames():
        info.setdefault(frame.term, (frame.category, frame.figure_type))
    return info


def find_cues(text: str, start: int = 0, end: Optional[int] = None, lowered: Optional[str] = None,
              base: int = 0) -> list[Cue]:
    """Term cues in ``text[start:end]`` (offsets stay those of ``text``), sorted by position.

    Frame patterns are written in lower case and matched against the lower-cased text;
    matches do not overlap, and where several rules match at one place the highest rank wins.
    ``lowered`` is ``text.lower()`` when the caller already has it (scanning sentence by sentence);
    ``base`` is subtracted from the offsets (a sentence's start, for offsets within it)."""
    end = len(text) if end is None else end
    lowered = text.lower() if lowered is None else lowered
    if len(lowered) == len(text):
        (pattern, table), target = _combined(False), lowered
    else:  # a few characters change length when lower-cased ("İ"): keep offsets exact
        (pattern, table), target = _combined(True), text
    rules = _cue_rules()
    matches = []
    # overlapping: a frame with an object slot ("forced ... out of their homes") must not hide
    # the cues inside it, so the search resumes at the next word, not after the match
    pos = start
    while True:
        match = pattern.search(target, pos, end)
        if match is None:
            break
        pos = match.start() + 1
        matches.append(match)
    spans = [(m.start(), m.end(), m.lastindex) for m in matches]
    glued = []
    for g in _glued_starts(target, start, end):
        # the word-start pattern, tried on the rest of the word as if a space came before it
        probe = " " + target[g : min(end, g + _PROBE)]
        m = pattern.match(probe, 1)
        if m is not None:
            glued.append((g, g + m.end() - 1, m.lastindex))
    if glued:
        seen = {span[0] for span in spans}
        spans = sorted(spans + [span for span in glued if span[0] not in seen])
    found: list[Cue] = []
    for c_start, c_end, group in spans:
        rule = rules[table[group]]
        found.append(
            Cue(c_start - base, c_end - base, rule.term, rule.category, rule.figure_type, rule.applies_to,
                rule.rank, rule.slot, rule.verbal)
        )
    return found


@dataclass(frozen=True)
class _Blocker:
    kind: str
    where: str
    pattern: re.Pattern
    lowered: bool  # matched against the lower-cased text, without IGNORECASE (about twice as fast)
    # one of these strings is in every text the pattern matches (see _needles); () when none are known
    needles: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def _blockers() -> tuple[_Blocker, ...]:
    out = []
    for row in _rows("blockers.tsv"):
        # a pattern with a case-sensitive part ("(?-i:may)", not the month) reads the text as written
        cased = "(?-i:" in row["pattern"]
        flags = re.IGNORECASE if cased else 0
        pattern = re.compile(row["pattern"], flags)
        out.append(_Blocker(row["kind"], row["where"], pattern, not cased, _needles(pattern)))
    return tuple(out)


def _needles(pattern: re.Pattern) -> tuple[str, ...]:
    """Strings one of which every match of ``pattern`` contains, read from its parse tree (a
    sequence needs each of its parts, an alternation one of its branches, a repeat its body
    when it is not optional), or () when none are known. Only parts matched case-sensitively
    count, so that the strings are in the text exactly as written here."""
    try:
        from re import _constants, _parser  # the parser behind re.compile (Python 3.11+)
        tree = _parser.parse(pattern.pattern, pattern.flags)
        return _sequence_needles(tree.data, not pattern.flags & re.IGNORECASE, _constants) or ()
    except (ImportError, AttributeError, TypeError, ValueError):
        return ()  # another Python's parse tree: no screen, every text is searched


def _sequence_needles(items, cased: bool, c) -> Optional[tuple[str, ...]]:
    """The best needles of a sequence: a run of literal characters, or one part's needles,
    whichever has the longest shortest string (the rarest in text, roughly)."""
    candidates = []
    run = ""
    for op, av in items:
        if op is c.LITERAL and cased:
            run += chr(av)
            continue
        if run:
            candidates.append((run,))
        run = ""
        found = _part_needles(op, av, cased, c)
        if found:
            candidates.append(found)
    if run:
        candidates.append((run,))
    return max(candidates, key=lambda strings: (min(map(len, strings)), -len(strings)), default=None)


def _part_needles(op, av, cased: bool, c) -> Optional[tuple[str, ...]]:
    if op is c.LITERAL:
        return (chr(av),) if cased else None
    if op is c.SUBPATTERN:  # a group, perhaps with its own flags: "(?-i:may)"
        _group, add_flags, del_flags, items = av
        if add_flags & c.SRE_FLAG_IGNORECASE:
            cased = False
        if del_flags & c.SRE_FLAG_IGNORECASE:
            cased = True
        return _sequence_needles(items.data, cased, c)
    if op is c.BRANCH:
        strings: list[str] = []
        for branch in av[1]:
            found = _sequence_needles(branch.data, cased, c)
            if not found:
                return None  # a branch that needs no known string: the alternation needs none
            strings.extend(found)
        # a string that holds another is found whenever that one is: "plan" covers "planned"
        return tuple(dict.fromkeys(s for s in strings if not any(t != s and t in s for t in strings)))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return _sequence_needles(av[2].data, cased, c)
    return None  # classes, anchors, lookarounds, optional parts: no string they must contain


@dataclass(frozen=True)
class _BlockerGroup:
    """The blockers that read one text (``where``, lower-cased or as written), and one scan of
    the text for all their needles: a blocker none of whose needles is in the text cannot match
    it and is not tried (most texts let one or two through of 24)."""

    where: str
    lowered: bool
    # finds, at each place in the text, the longest needle that starts there
    scan: Optional[re.Pattern]
    admits: dict[str, frozenset[int]]  # a string the scan finds -> the blockers it lets through
    always: frozenset[int]  # the blockers without needles: tried on every text

    def candidates(self, text: str) -> frozenset[int]:
        """Positions in the file of the group's blockers that may match ``text``."""
        found = self.always
        if self.scan is not None:
            for needle in set(self.scan.findall(text)):
                found = found | self.admits[needle]
        return found


@functools.lru_cache(maxsize=1)
def _blocker_groups() -> tuple[_BlockerGroup, ...]:
    members: dict[tuple[str, bool], list[tuple[int, _Blocker]]] = {}
    for index, blocker in enumerate(_blockers()):
        members.setdefault((blocker.where, blocker.lowered), []).append((index, blocker))
    groups = []
    for (where, lowered), blockers in members.items():
        needing: dict[str, set[int]] = {}  # needle -> the blockers that need it (or another)
        for index, blocker in blockers:
            for needle in blocker.needles:
                needing.setdefault(needle, set()).add(index)
        # a needle found also shows every needle it starts with: "planning" shows "plan"
        admits = {found: frozenset().union(*(ids for needle, ids in needing.items() if found.startswith(needle)))
                  for found in needing}
        scan = re.compile(f"(?=({trie_pattern(needing)}))") if needing else None
        always = frozenset(index for index, blocker in blockers if not blocker.needles)
        groups.append(_BlockerGroup(where, lowered, scan, admits, always))
    return tuple(groups)




def blocking_context(before: str, after: str, between: str) -> Optional[str]:
    """The kind of context (forecast, capacity, change, population, subset, furniture, other)
    that makes a number of people not a reported figure, or None.

    ``before``: the sentence text right before the number; ``after``: right after it;
    ``between``: the text from the number to its term cue."""
    targets = {"before": before[-80:], "after": after[:80], "clause": between}
    first: Optional[tuple[int, str]] = None  # (position in the file, kind) of the first blocker that matches
    # group by group (callers mostly pass one or two texts, the rest empty); the blockers of all
    # groups still count in the file's order: the first that matches names the kind
    blockers = _blockers()
    for group in _blocker_groups():
        text = targets[group.where]
        if not text:
            continue
        if group.lowered:
            text = text.lower()
        for index in sorted(group.candidates(text)):
            if first is not None and index > first[0]:
                break
            if blockers[index].pattern.search(text):
                first = (index, blockers[index].kind)
                break
    return first[1] if first is not None else None

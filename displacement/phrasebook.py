"""The displacement phrasebook: frames written as lemmas, compiled into cue patterns (pure).

``lexicon/frames.tsv`` says what happened to the people a number counts in frames such as
``@force ... from|out_of $POSS $HOMES`` ("force ... from/out of (their) homes"). This module
generates every form of each lemma (force, forces, forced, forcing; flee, flees, fled, fleeing;
home, homes) from English's regular rules plus the exceptions in ``lexicon/inflections.tsv``,
and turns each frame into one regular expression. One line of data therefore covers every
tense, voice and participle: "were forced from their homes", "is forcing thousands to flee",
"forced 4,000 residents out of their homes". The notation is documented in frames.tsv.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

# the object slot: up to six words of any kind (numbers, nouns, commas), shortest first
_GAP_WORDS = {"...": 6, "..": 2}
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Frame:
    """One line of frames.tsv: its notation, the compiled pattern and what it means."""

    frame: str
    pattern: str
    term: str
    category: str
    figure_type: str
    applies_to: frozenset[str]
    rank: int
    slot: str  # any | subject | object
    verbal: bool = False  # starts with a verb lemma: it can govern a bare number ("kills 250")
    # the pattern once per first two characters, with them taken off (("a", "b") -> "andon(?:..."
    # for "@abandon"; the characters as patterns): terms.py dispatches on them as literals, which
    # the engine tests at once; empty when a first word is a single letter
    by_first: tuple[tuple[tuple[str, str], str], ...] = ()


def _lexicon_text(name: str) -> str:
    return (resources.files("displacement") / "lexicon" / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def irregular_forms() -> dict[tuple[str, str], tuple[str, ...]]:
    """(lemma, kind) -> every form, from inflections.tsv."""
    lines = [ln for ln in _lexicon_text("inflections.tsv").splitlines() if ln.strip() and not ln.startswith("#")]
    out = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        out[(row["lemma"].strip(), row["kind"].strip())] = tuple(f.strip() for f in row["forms"].split(","))
    return out


def verb_forms(lemma: str) -> tuple[str, ...]:
    """Base, third person, past (= past participle for regular verbs) and -ing forms.

    A multi-word lemma ("cut_off", "make_their_way") inflects its first word only."""
    head, _, rest = lemma.partition("_")
    listed = irregular_forms().get((head, "verb"))
    forms = listed if listed else _regular_verb(head)
    tail = " " + rest.replace("_", " ") if rest else ""
    return tuple(dict.fromkeys(f + tail for f in forms))


def _regular_verb(base: str) -> tuple[str, ...]:
    third = base + "es" if base.endswith("o") else _plural(base)  # goes, flees, carries, pushes
    if base.endswith("e"):
        past = base + "d"
    elif _consonant_y(base):
        past = base[:-1] + "ied"
    else:
        past = base + "ed"
    if base.endswith("ie"):
        ing = base[:-2] + "ying"
    elif base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        ing = base[:-1] + "ing"
    else:
        ing = base + "ing"
    return (base, third, past, ing)


def _consonant_y(word: str) -> bool:
    return word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS


def noun_forms(lemma: str) -> tuple[str, ...]:
    """Singular and plural; a multi-word lemma ("death_toll") pluralises its last word."""
    head, _, last = lemma.rpartition("_")
    listed = irregular_forms().get((last, "noun"))
    forms = listed if listed else (last, _plural(last))
    prefix = head.replace("_", " ") + " " if head else ""
    return tuple(dict.fromkeys(prefix + f for f in forms))


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if _consonant_y(word):
        return word[:-1] + "ies"
    return word + "s"


def _alternative(item: str) -> list[str]:
    """The surface strings one alternative stands for."""
    if item.startswith("@"):
        return list(verb_forms(item[1:]))
    if item.startswith("#"):
        return list(noun_forms(item[1:]))
    return [item.replace("_", " ")]


def compile_token(token: str, macros: dict[str, str], word_follows: bool = False) -> tuple[str, bool, bool]:
    """(pattern of one token, optional?, gap?). A gap's pattern brings its own leading spaces
    (a "!" lookahead is handled the same way: it consumes nothing). ``word_follows``: a word
    the frame needs comes later (see the gap below)."""
    optional = token.startswith("(") and token.endswith(")")
    if optional:
        token = token[1:-1]
    if token.startswith("!"):  # not followed by these words (lemmas allowed: "!#boy")
        words = [form.lower() for w in token[1:].split("|") if w for form in _alternative(w)]
        return r"(?!\s+(?:" + _trie_pattern(words) + r")(?![a-z]))", True, True
    gap = _gap_size(token)
    if gap is not None:
        # before a needed word, which starts with spaces, no piece of a skipped word could let
        # the rest match: the possessive "++" takes each word whole and spares the engine
        # trying every shorter piece of it when the rest fails (the same matches)
        word = r"[^\s;]++" if word_follows else r"[^\s;]+"
        return rf"(?:\s+{word}){{0,{gap}}}?", True, True
    return "(?:" + _trie_pattern(_surfaces(token, macros)) + r")" + _word_end(), optional, False


def _surfaces(token: str, macros: dict[str, str]) -> list[str]:
    """The lower-case strings a word token (a literal, lemma or macro; alternatives) stands for."""
    if token.startswith("$"):
        if token[1:] not in macros:
            raise ValueError(f"frames.tsv: unknown macro {token!r}")
        token = macros[token[1:]]
    surfaces: list[str] = []
    for item in token.split("|"):
        surfaces.extend(_alternative(item.strip()))
    return [s.lower() for s in surfaces if s]


def _trie_pattern(surfaces) -> str:
    """The surfaces as one prefix tree ("displac(?:e(?:[ds])?|ing)"): the engine checks each
    letter once instead of trying every form, and a longer form is tried before its prefix
    ("fleeing" before "flee"), as in a longest-first alternation."""
    return _emit(_trie(surfaces))


def _trie(surfaces) -> dict:
    """The surfaces as nested dicts, one level per character; "" marks the end of a surface."""
    trie: dict = {}
    for surface in surfaces:
        node = trie
        for ch in " ".join(surface.replace("’", "'").split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def _emit(node: dict) -> str:
    branches = [_char(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _char(ch: str) -> str:
    """One character of a surface: a space matches any run of spaces, an apostrophe also its
    typographic form."""
    return {" ": r"\s+", "'": "['’]"}.get(ch, re.escape(ch))


@functools.lru_cache(maxsize=1)
def _word_end() -> str:
    """The end of a word, or a short function word glued to it by PDF extraction
    ("displacedabout 4,400 people", "damageto 61,000 homes"); lexicon/glue_words.txt."""
    words = [w.strip() for w in _lexicon_text("glue_words.txt").splitlines() if w.strip() and not w.startswith("#")]
    return rf"(?:(?![a-z])|(?=(?:{_trie_pattern(words)})(?![a-z])))"


def compile_frame(frame: str, macros: dict[str, str]) -> str:
    """One frame as a regular expression over lower-cased text, starting at its first word."""
    tokens = _checked_tokens(frame)
    return compile_token(tokens[0], macros)[0] + _compile_rest(tokens[1:], macros)


def compile_frame_by_first(frame: str, macros: dict[str, str]) -> tuple[tuple[tuple[str, str], str], ...]:
    """((first, second character, as patterns), the frame's pattern after them) for each pair of
    characters its first word can start with: the branches of the first word's prefix tree two
    levels down, each holding only the forms that start with that pair. Empty when a form is a
    single letter (it has no second character to dispatch on)."""
    tokens = _checked_tokens(frame)
    rest = _compile_rest(tokens[1:], macros)
    out = []
    for first, node in sorted(_trie(_surfaces(tokens[0], macros)).items()):
        for second, child in sorted(node.items()):
            if not first or not second:
                return ()
            out.append(((_char(first), _char(second)), "(?:" + _emit(child) + ")" + _word_end() + rest))
    return tuple(out)


def _checked_tokens(frame: str) -> list[str]:
    tokens = frame.split()
    if not tokens or _gap_size(tokens[0].strip("()")) is not None or tokens[0].startswith("("):
        raise ValueError(f"frames.tsv: a frame must start with a word: {frame!r}")
    return tokens


def _compile_rest(tokens: list[str], macros: dict[str, str]) -> str:
    """The pattern of a frame's tokens after its first word."""
    out = ""
    for k, token in enumerate(tokens):
        body, optional, gap = compile_token(token, macros, any(map(_required_word, tokens[k + 1 :])))
        if gap:
            out += body
        elif optional:
            out += rf"(?:\s+{body})?"
        else:
            out += rf"\s+{body}"
    return out


def _required_word(token: str) -> bool:
    """Whether a token is a word the frame cannot match without (not optional, a gap or "!")."""
    return not (token.startswith("(") and token.endswith(")")) and not token.startswith("!") and _gap_size(token) is None


def _gap_size(token: str) -> int | None:
    """Words a gap token may skip: ".." 2, "..." 6, "..N" N; None for other tokens."""
    if token in _GAP_WORDS:
        return _GAP_WORDS[token]
    if token.startswith("..") and token[2:].isdigit():
        return int(token[2:])
    return None


def _is_comment(line: str) -> bool:
    """"# text" is a comment; "#home" (no space) is a frame that starts with a noun lemma."""
    return line.rstrip() == "#" or line.startswith(("# ", "#\t"))


@functools.lru_cache(maxsize=1)
def frames() -> tuple[Frame, ...]:
    """Every frame of frames.tsv, compiled, in file order."""
    macros: dict[str, str] = {}
    rows: list[str] = []
    for line in _lexicon_text("frames.tsv").splitlines():
        if not line.strip() or _is_comment(line):
            continue
        if line.startswith("$"):
            name, _, value = line[1:].partition("=")
            macros[name.strip()] = value.strip()
            continue
        rows.append(line)
    out = []
    for row in csv.DictReader(rows, delimiter="\t"):
        slot = (row.get("slot") or "any").strip()
        if slot not in ("any", "subject", "object"):
            raise ValueError(f"frames.tsv: slot must be any, subject or object: {row!r}")
        out.append(
            Frame(
                frame=row["frame"],
                pattern=compile_frame(row["frame"], macros),
                term=row["term"].strip(),
                category=row["category"].strip(),
                figure_type=row["figure_type"].strip(),
                applies_to=frozenset(x.strip() for x in row["applies_to"].split(",")),
                rank=int(row["rank"]),
                slot=slot,
                verbal=any(alt.startswith("@") for alt in row["frame"].split()[0].split("|")),
                by_first=compile_frame_by_first(row["frame"], macros),
            )
        )
    return tuple(out)

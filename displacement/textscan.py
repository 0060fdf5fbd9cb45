"""Literal searches shared by the scanners (pure): where any of a few fixed strings starts,
found with ``str.find`` at C speed, where a regular expression that starts with a character
class or an alternation looks at every character of a long text; and fixed strings as one
prefix-tree pattern."""
from __future__ import annotations

import re
from typing import Iterable, Sequence


def literal_starts(text: str, literals: Sequence[str]) -> list[int]:
    """Sorted offsets where any of ``literals`` starts (overlapping hits included)."""
    out = []
    for literal in literals:
        i = text.find(literal)
        while i >= 0:
            out.append(i)
            i = text.find(literal, i + 1)
    out.sort()
    return out


def trie_pattern(strings: Iterable[str], space: str = " ") -> str:
    """The strings as one regex written as a prefix tree ("J(?:an(?:uary)?|u(?:ly|ne?))"): at
    each place the engine checks a character once, not dozens of branches, and a longer string
    is tried before its prefix, so the longest one matches. A space matches ``space`` (a regex;
    by default a space)."""
    trie: dict = {}
    for string in strings:
        node = trie
        for ch in string:
            node = node.setdefault(ch, {})
        node[""] = {}
    spaced = space if space != " " else re.escape(" ")

    def emit(node: dict) -> str:
        branches = [(spaced if ch == " " else re.escape(ch)) + emit(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return (body if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")") + "?"
        return body

    return emit(trie)

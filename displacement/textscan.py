"""Literal searches shared by the scanners (pure): where any of a few fixed strings starts,
found with ``str.find`` at C speed, where a regular expression that starts with a character
class or an alternation looks at every character of a long text."""
from __future__ import annotations

from typing import Sequence


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

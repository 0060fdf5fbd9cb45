"""Counts in words, for every message the CLI and the page print ("1 figure", "2 figures").

Kept apart from views.py so that the CLI and the pipeline can say a count without importing
pandas."""
from __future__ import annotations

from typing import Optional


def plural(n: int, word: str, many: Optional[str] = None, *, grouped: bool = True) -> str:
    """``plural(1, "figure")`` -> ``"1 figure"``; ``plural(1200, "figure")`` -> ``"1,200 figures"``;
    ``grouped=False`` writes ``1200`` (the CLI's machine-readable summaries); ``many`` is an
    irregular plural."""
    count = f"{n:,}" if grouped else str(n)
    return f"{count} {word if n == 1 else (many or word + 's')}"

"""Sentence spans of an article (pure). Figures quote the sentence that holds them verbatim."""
from __future__ import annotations

import re

# One character class first (the regex engine then skips to candidates at C speed): a line
# break (articles put paragraphs and headlines on their own lines), or a full stop, question
# or exclamation mark followed by closing quotes, a gap and a sentence that starts upper case.
# A line break takes the blank lines after it along: they hold no sentence, and one match
# instead of one per line spares a turn of the loop for each.
_BREAK = re.compile(
    r"[.!?…\n](?:(?<=\n)\s*|[\"'”’)\]]*(?P<gap>[ \t\u00a0]+)(?=[\"'“‘(\[]?[A-Z0-9]))"
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt maj capt sgt cpl st mt no nos vol fig jan feb mar apr jun jul aug sep sept "
    "oct nov dec approx est inc ltd co corp dept gov govt sen rep rev ft vs etc al e.g i.e u.s u.n u.k".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BREAK.finditer(text):
        if text[match.start()] != "\n":  # a stop
            word = _word_before(text, match.start())
            if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
            cut = match.start("gap")
        else:
            cut = match.start()
        _add(text, start, cut, spans)
        start = match.end()
    _add(text, start, len(text), spans)
    return spans


def _word_before(text: str, index: int) -> str:
    j = index
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    return text[j:index].rstrip(".")


#: no sentence is longer than this: a longer run (a table flattened into text, a PDF without full
#: stops, a crafted upload) is cut at its last ";", "," or space before the limit, so that the
#: work done per number of a sentence stays bounded and extraction stays linear in the document
MAX_SENTENCE = 1000
_SOFT_BREAKS = (";", ",", " ")


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = -1
        for mark in _SOFT_BREAKS:
            cut = text.rfind(mark, start + MAX_SENTENCE // 2, limit)
            if cut >= 0:
                cut += 1
                break
        if cut < 0:
            cut = limit
        _add(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence holding character ``pos`` (the whole text when none does,
    e.g. ``pos`` on the whitespace between two sentences)."""
    for start, end in split_sentences(text):
        if start <= pos < end:
            return start, end
    return 0, len(text)

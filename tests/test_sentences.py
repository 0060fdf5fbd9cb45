"""displacement.sentences: the spans figures quote."""
from __future__ import annotations

from displacement.sentences import sentence_at, split_sentences

TEXT = "Mosul, 14 March.\nAbout 3,000 people fled Mr. Smith's village. Dr. Jones counted 40 tents.  "


def test_split_keeps_abbreviations_inside_sentences():
    assert [TEXT[a:b] for a, b in split_sentences(TEXT)] == [
        "Mosul, 14 March.", "About 3,000 people fled Mr. Smith's village.", "Dr. Jones counted 40 tents.",
    ]


def test_sentence_at_finds_the_sentence_of_a_position():
    assert TEXT[slice(*sentence_at(TEXT, TEXT.index("3,000")))] == "About 3,000 people fled Mr. Smith's village."
    assert TEXT[slice(*sentence_at(TEXT, TEXT.index("40")))] == "Dr. Jones counted 40 tents."
    assert sentence_at(TEXT, len(TEXT) - 1) == (0, len(TEXT))  # trailing whitespace: no sentence

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


def test_an_overlong_run_is_cut_at_commas_so_work_per_sentence_stays_bounded():
    from displacement.sentences import MAX_SENTENCE
    clause = "about 3,000 people fled the fighting in the north, "
    text = clause * 200  # 10,000 characters with no full stop
    spans = split_sentences(text)
    assert len(spans) > 1 and all(b - a <= MAX_SENTENCE for a, b in spans)
    assert all(text[b - 1] == "," or b == len(text.rstrip()) for a, b in spans)  # cut after a comma
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")  # nothing lost


def test_an_overlong_run_without_commas_is_cut_at_spaces_and_never_inside_a_word():
    text = ("word " * 600).strip()
    spans = split_sentences(text)
    assert all(text[a:b].split() == ["word"] * len(text[a:b].split()) for a, b in spans)
    digits = "1" * 5000  # trap: no break at all: cut at the limit
    assert [b - a for a, b in split_sentences(digits)][:2] == [1000, 1000]

"""Who a figure is attributed to (issue 14): agencies by their short name, offices as written."""
import pytest

from displacement.attribution import attributed_to
from displacement.extract import extract_figures


def credited(sentence: str):
    number = next(i for i, c in enumerate(sentence) if c.isdigit())
    return attributed_to(sentence, 0, len(sentence), number)


@pytest.mark.parametrize("sentence,source", [
    ("UNHCR said nearly 3.4 million people are displaced in Sudan.", "UNHCR"),
    ("Some 3.4m people are displaced in Sudan, the U.N. refugee agency said.", "UNHCR"),
    ("According to IOM's Displacement Tracking Matrix, 2.1 million people have fled.", "IOM DTM"),
    ("In Sudan, 3,380,000 people are displaced, according to the International Organization for Migration.", "IOM"),
    ("Data from the UN Office for the Coordination of Humanitarian Affairs show 40,000 displaced.", "OCHA"),
    ("Nearly 9,000 people have been left homeless, WHO said.", "WHO"),
    # offices as written
    ("About 2.0 million people are displaced, the Sudanese government said.", "Sudanese government"),
    ("Some 15,000 people fled, local officials told Reuters.", "local officials"),
    ("More than 5,000 people fled, the governor of Kassala, Ahmed Ali, said on Monday.", "governor of Kassala"),
    # reporting words of several words after the source (they were never found: the search for
    # the source stopped at their first word)
    ("UNHCR put the number at 50,000 people displaced.", "UNHCR"),
    ("IOM figures show 40,000 people displaced in Marib.", "IOM"),
    ("Officials put the figure at 12,000 displaced.", "Officials"),
])
def test_the_source_a_sentence_credits(sentence, source):
    assert credited(sentence) == source


@pytest.mark.parametrize("sentence", [
    "At least 200 people were killed.",
    "Who knows how many of the 5,000 people will return.",  # trap: "Who" is not the WHO
    "The Sudan Tribune reported that 4,000 families fled.",  # a newspaper: not an agency we know
])
def test_a_sentence_that_credits_no_agency_or_office_attributes_nothing(sentence):
    assert credited(sentence) is None


def test_figures_carry_their_attribution():
    figure, = extract_figures("Nearly 3.4 million people are displaced in Sudan, UNHCR said on Tuesday.")
    assert figure.attributed_to == "UNHCR"
    figure, = extract_figures("Nearly 3.4 million people are displaced in Sudan.")
    assert figure.attributed_to is None  # unknown, never the publisher


@pytest.mark.parametrize("sentence,category", [
    ("Some 3.4 million people are displaced in Sudan, the UN refugee agency said.", "displaced"),
    ("The Norwegian Refugee Council said 20,000 people were displaced in Marib.", "displaced"),
    ("About 5,000 people were evacuated, the International Organization for Migration said.", "evacuated"),
    # trap: the agency's name is no cue, but the figure's own noun still is
    ("The UN refugee agency said 20,000 refugees arrived in Chad.", "refugees"),
])
def test_the_words_of_an_agencys_name_are_not_the_figures_term(sentence, category):
    figure, = extract_figures(sentence)
    assert figure.category == category

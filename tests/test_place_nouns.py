"""The place nouns are data (lexicon/place_nouns.tsv): the rules built from them read them."""
import re

import pytest

from displacement import place_nouns
from displacement.extract import extract_figures
from displacement.places import find_places


def test_every_row_parses_and_each_role_has_nouns():
    rows = place_nouns._rows()
    assert rows
    for role in place_nouns.ROLES:
        assert place_nouns.nouns(role), role


@pytest.mark.parametrize("line", [
    "camp\tcamps\tcamp",                      # a column missing
    "camp\tcamps\tshelter\tafter",            # an unknown kind
    "camp\tcamps\tcamp\tbefore_everything",   # an unknown role
    "Camp\tcamps\tcamp\tafter",               # not lower case
])
def test_a_malformed_row_is_named(line):
    with pytest.raises(place_nouns.PlaceNounsError, match=re.escape(repr(line))):
        place_nouns.parse("noun\tplural\tkind\troles\n" + line + "\n")


def test_an_alternation_tries_longer_nouns_first_and_keeps_case_rules():
    rx = re.compile(place_nouns.alternation(place_nouns.nouns("after", kind="place"), first_letter_either_case=True) + r"\b")
    assert rx.match("sub-district").group() == "sub-district"
    assert rx.match("District") and not rx.match("DISTRICT")


def test_a_plural_division_noun_after_a_list_makes_each_name_a_place():
    # "The provinces of X, Y and Z": the plural in "the nouns of" is a place context like the singular
    text = "Floods hit the provinces of Monte Cristi, Puerto Plata and Duarte, the government said."
    assert "Monte Cristi" in [m.text for m in find_places(text)]


def test_a_noun_added_to_the_list_role_joins_a_list_of_unknown_names():
    # woredas are in the file with the division role; wards with the list role: unknown names
    # before "wards" are one list, written as it stands
    figure, = extract_figures("Some 2,000 people were displaced in Mallam Maja, Fufiye and Boboshe wards of Borno.")
    assert figure.location_text.startswith("Mallam Maja, Fufiye and Boboshe wards")

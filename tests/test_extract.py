"""Figures extracted from real sentences: the seed articles, IDMC excerpts and traps.

Each row is a sentence, and what a correct extractor reports for it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from displacement import extract_figures
from displacement.extract import extract_document
from displacement.model import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# (sentence, number_text, value, low, high, qualifier, category, term, reported_unit)
FIGURES = [
    # seeds (gold: ../shared/gold/seeds.jsonl)
    ("Nearly 3.4 million people have already been displaced in Iraq since the start of 2014.",
     "Nearly 3.4 million", 3400000, None, 3400000, "approx", "displaced", "displaced", "people"),
    ("The UN and other officials have said that up to one million civilians may still be living under IS rule in the Mosul area.",
     "up to one million", 1000000, None, 1000000, "at_most", "trapped", "trapped", "people"),
    ("Saleh al-Juburi, the mayor of Qayyarah district, said around 15,000 civilians were believed to be trapped under IS rule in the Qayyarah area.",
     "around 15,000", 15000, 15000, 15000, "approx", "trapped", "trapped", "people"),
    ("Between 500 and 1,000 ISIS fighters hold Fallujah, and about 50,000 civilians are trapped inside the city.",
     "about 50,000", 50000, 50000, 50000, "approx", "trapped", "trapped", "people"),
    ("The United Nations’ refugee agency (UNHCR) said that 200,000 Iraqis had already been forced to flee their homes this year.",
     "200,000", 200000, 200000, 200000, "exact", "displaced", "forced_to_flee", "people"),
    ("He said the militants killed seven people for trying to flee the village, displaying their bodies on a bridge.",
     "seven", 7, 7, 7, "exact", "casualties", "killed", "people"),
    ("This month, IS released a video titled “deterring the traitors,” where six young men are shown being killed on a city street.",
     "six", 6, 6, 6, "exact", "casualties", "killed", "people"),
    ("Jarjis Muhammad Hajaj, who was among thousands of residents who fled fighting in the area and now live in the Dibaga Camp for displaced people.",
     "thousands", None, 1000, None, "vague", "camp", "in_camp", "people"),
    # IDMC excerpts (../shared/peer/idetect_excerpts.jsonl)
    ("About 172,000 people fled western neighbourhoods of Mosul for camps and emergency sites between 19 February and 23 March.",
     "About 172,000", 172000, 172000, 172000, "approx", "displaced", "forced_to_flee", "people"),
    ("This brings to almost 274,000 the total number of people displaced from eastern and western Mosul as of 23 March.",
     "almost 274,000", 274000, None, 274000, "approx", "displaced", "displaced", "people"),
    ("More than 55,000 people were displaced from Manbij in Aleppo governorate in two major waves of displacement.",
     "More than 55,000", 55000, 55000, None, "at_least", "displaced", "displaced", "people"),
    ("More than 35,000 were displaced northwards because of fighting between government forces and Islamic State.",
     "More than 35,000", 35000, 35000, None, "at_least", "displaced", "displaced", "people"),
    ("About 2,000 people were evacuated between 21 and 23 February after flooding in Rivera in Huila department.",
     "About 2,000", 2000, 2000, 2000, "approx", "evacuated", "evacuated", "people"),
    ("Around 2,000 people were made homeless by widespread flooding in Zimbabwe between October 2016 and 3 March 2017",
     "Around 2,000", 2000, 2000, 2000, "approx", "homeless", "homeless", "people"),
    ("Also in Mindanao, 1,900 people were still in nine evacuation centres on 13 January after being displaced by tropical depression 01W.",
     "1,900", 1900, 1900, 1900, "exact", "camp", "sheltered", "people"),
    ("The typhoon destroyed about 14,000 homes",
     "about 14,000", 14000, 14000, 14000, "approx", "housing", "destroyed_housing", "houses"),
    ("More than 405,000 South Sudanese have fled to Uganda since the beginning of 2016.",
     "More than 405,000", 405000, 405000, None, "at_least", "displaced", "forced_to_flee", "people"),
    ("Between 10,000 and 12,000 people evacuated their homes in Reno county in the state of Kansas between 4 and 8 March because of wildfires.",
     "Between 10,000 and 12,000", 10000, 10000, 12000, "range", "evacuated", "evacuated", "people"),
    ("Monsoon floods inundated communities in Assam state in July and August, forcing almost 500,000 people to seek refuge in around 300 government relief camps",
     "almost 500,000", 500000, None, 500000, "approx", "camp", "in_camp", "people"),
    ("The most recently displaced people said food shortages and intense fighting forced them to join more than 195,000 Iraqis in 21 camps built by UN agencies.",
     "more than 195,000", 195000, 195000, None, "at_least", "camp", "in_camp", "people"),
]


# Other crises, as wire copy reports them (floods, earthquakes, South Sudan, Yemen, Myanmar, Nigeria)
FIGURES += [
    ("Floods have killed at least 45 people and displaced more than 100,000 in Nigeria's Kogi state, officials said.",
     "at least 45", 45, 45, None, "at_least", "casualties", "killed", "people"),
    ("Floods have killed at least 45 people and displaced more than 100,000 in Nigeria's Kogi state, officials said.",
     "more than 100,000", 100000, 100000, None, "at_least", "displaced", "displaced", "people"),
    ("The earthquake killed 2,000 people, injured 5,000 others and left 50,000 homeless.",
     "2,000", 2000, 2000, 2000, "exact", "casualties", "killed", "people"),
    ("The earthquake killed 2,000 people, injured 5,000 others and left 50,000 homeless.",
     "5,000", 5000, 5000, 5000, "exact", "casualties", "injured", "people"),
    ("The earthquake killed 2,000 people, injured 5,000 others and left 50,000 homeless.",
     "50,000", 50000, 50000, 50000, "exact", "homeless", "homeless", "people"),
    ("An estimated 1.2 million people have fled their homes since fighting erupted in April, including 300,000 who crossed into Chad.",
     "300,000", 300000, 300000, 300000, "exact", "refugees", "refugees", "people"),
    ("Some 4.5 million people in Yemen are internally displaced, according to the UN.",
     "Some 4.5 million", 4500000, 4500000, 4500000, "approx", "displaced", "displaced", "people"),
    ("In South Sudan, about 200,000 civilians are sheltering in UN protection of civilians sites.",
     "about 200,000", 200000, 200000, 200000, "approx", "camp", "in_camp", "people"),
    ("Cyclone Mocha forced 750,000 people to evacuate in Myanmar and Bangladesh.",
     "750,000", 750000, 750000, 750000, "exact", "evacuated", "evacuated", "people"),
    ("At least 10 soldiers and 3 civilians were killed.",
     "3", 3, 3, 3, "exact", "casualties", "killed", "people"),
    ("The Kutupalong camp is home to more than 600,000 Rohingya.",
     "more than 600,000", 600000, 600000, None, "at_least", "camp", "in_camp", "people"),
    ("The death toll rose to 150.", "150", 150, 150, 150, "exact", "casualties", "killed", "people"),
    ("Some 2 lakh people were evacuated from low-lying areas in Assam.",
     "Some 2 lakh", 200000, 200000, 200000, "approx", "evacuated", "evacuated", "people"),
    # people affected by a disaster are their own category, never counted as displaced
    ("Flooding has affected 1.5 million people in Pakistan.",
     "1.5 million", 1500000, 1500000, 1500000, "exact", "affected", "affected", "people"),
    ("More than 2,000 Rohingya refugees arrived in Bangladesh last week.",
     "More than 2,000", 2000, 2000, None, "at_least", "refugees", "refugees", "people"),
]


@pytest.mark.parametrize("sentence,number_text,value,low,high,qualifier,category,term,unit", FIGURES)
def test_figure_in_sentence(sentence, number_text, value, low, high, qualifier, category, term, unit):
    figures = extract_figures(sentence, "2016-08-20")
    found = [f for f in figures if f.number_text == number_text]
    assert found, f"no figure {number_text!r}; got {[f.number_text for f in figures]}"
    f = found[0]
    assert (f.value, f.low, f.high, f.qualifier) == (value, low, high, qualifier)
    assert (f.category, f.term, f.reported_unit) == (category, term, unit)
    assert f.quote == sentence
    assert sentence[f.start : f.end] == f.number_text


# Households restated in people are one figure of people, reported in households.
def test_families_restated_as_individuals_is_one_figure():
    sentence = "In total, 27,634 families (165,744 individuals) have been displaced from the district."
    figures = extract_figures(sentence)
    assert len(figures) == 1
    f = figures[0]
    assert (f.value, f.reported_value, f.reported_unit) == (165744, 27634, "households")
    assert f.household_size is None
    assert f.number_text == "27,634 families (165,744 individuals)"


def test_families_without_people_count_use_household_size():
    sentence = "Nine hundred and twenty-one families were displaced between 1 January and 10 March in Colombia."
    (f,) = extract_figures(sentence)
    assert (f.reported_value, f.reported_unit, f.household_size) == (921, "households", 3.5)  # COL, household_sizes.tsv
    assert f.value == round(921 * 3.5)
    (g,) = extract_figures(sentence, household_size=4.0)
    assert (g.value, g.household_size) == (3684, 4.0)


# Housing is counted in dwellings and never multiplied by a household size (issue 15: a store
# headlined "Housing destroyed: 92,100,000 people, Sindh" from 13.5 million housing units).
HOUSING = [
    ("The floods destroyed 13.5 million housing units in Sindh.", "13.5 million", 13500000, "houses"),
    ("The typhoon destroyed about 14,000 homes in Leyte.", "about 14,000", 14000, "houses"),
    ("Yolanda destroyed 248,176 houses and damaged 246,435 others.", "246,435", 246435, "houses"),
    ("More than 900 homes were reduced to rubble in Gaza.", "More than 900", 900, "houses"),
]


@pytest.mark.parametrize("sentence, number_text, dwellings, unit", HOUSING)
def test_housing_is_counted_in_dwellings(sentence, number_text, dwellings, unit):
    found = [f for f in extract_figures(sentence, "2022-09-01") if f.number_text == number_text]
    assert found, sentence
    f = found[0]
    assert (f.category, f.value, f.reported_value, f.reported_unit) == ("housing", dwellings, dwellings, unit)
    assert f.household_size is None


def test_evacuated_homes_still_count_their_households():
    """Only housing stays in dwellings: homes evacuated are the people who lived there."""
    (f,) = [f for f in extract_figures("About 2,000 homes were evacuated in Colombia.") if f.number_text == "About 2,000"]
    assert (f.category, f.household_size, f.value) == ("evacuated", 3.5, 7000)


# Numbers that are not figures of people (traps).
NOT_FIGURES = [
    "Iraqi security forces celebrate in Ramadi, 70 miles (115 kilometers) west of Baghdad.",
    "From the Qayara military base, Iraqi troops are still some 70 kilometers (40 miles) from the city.",
    "Mosul had an estimated population of around two million before IS took it over in June 2014.",
    "Moments ago US-led coalition air and artillery strikes have killed 70 ISIS fighters in Fallujah.",
    "\"We’ve killed more than 70 enemy fighters, including the commander,\" Warren said.",
    "Between 500 and 1,000 ISIS fighters hold Fallujah.",
    "IS has recruited 250 suicide bombers and obtained vehicles to use in attacks.",
    "After occupying 40 percent of Iraqi territory, now only 14 percent remains.",
    "Fighters as young as 13 or 14 were patrolling in the village of Awsaja, said the 50-year-old psychologist.",
    "Comment Policy * Denotes Required Field 1500 characters remaining (1500 max)",
    "They also said that even if the leader ended up dead then \"thousands\" would continue the fight.",
    "The UNHCR warned that up to 1.5 million people could be displaced by the offensive.",
    "The new camp has a capacity for 45,000 people.",
    "There was an increase of 28,000 displaced people compared with last month.",
    "Baghdad-based Colonel Steve Warren said that over the last four days, 20 strikes in the besieged city had destroyed positions.",
    "Police said 12 officers were injured in the clashes.",
    "The UN says 25 million people need humanitarian assistance.",
    "Mosul had a population of 1.5 million before the war, and thousands of fighters defended it.",
    "Fighters as young as 13 or 14 were patrolling, said one resident who fled.",
]


def test_remaining_displaced_is_a_stock():
    (f,) = extract_figures("Over 60,000 people remain displaced in Mozambique.")
    assert (f.term, f.figure_type) == ("displaced", "stock")


def test_flow_and_stock_of_seed_figures():
    text = (SEEDS / "001_4cdda67df5ead196.txt").read_text(encoding="utf-8")
    types = {f.number_text: f.figure_type for f in extract_figures(text)}
    assert types["Nearly 3.4 million"] == "flow" and types["200,000"] == "flow"
    assert types["up to one million"] == "stock" and types["around 15,000"] == "stock"


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_a_figure(sentence):
    assert extract_figures(sentence, "2016-05-20") == []


def test_empty_text_gives_no_figures():
    assert extract_figures("") == []
    assert extract_figures("   \n  ") == []


# The five seed articles give exactly the gold figures (../shared/gold/seeds.jsonl).
SEED_GOLD = {
    "001_4cdda67df5ead196.txt": {"thousands", "seven", "six", "200,000", "Nearly 3.4 million", "up to one million", "around 15,000"},
    "003_3f12a4075941c5ee.txt": {"about 50,000"},
    "000_680fffb280aea80c.txt": set(),
    "002_c2044e64b162e6c2.txt": set(),
    "004_821288efd3a473e8.txt": set(),
}


@pytest.mark.parametrize("name", sorted(SEED_GOLD))
def test_seed_article_gives_exactly_the_gold_figures(name):
    doc = Document(id=name, text=(SEEDS / name).read_text(encoding="utf-8"))
    figures = extract_document(doc)
    assert {f.number_text for f in figures} == SEED_GOLD[name]
    for f in figures:
        assert doc.text[f.start : f.end] == f.number_text
        assert f.number_text in f.quote and f.quote in doc.text


def test_figure_ids_are_stable():
    text = (SEEDS / "001_4cdda67df5ead196.txt").read_text(encoding="utf-8")
    first = [f.figure_id for f in extract_figures(text, document_id="a")]
    second = [f.figure_id for f in extract_figures(text, document_id="a")]
    assert first == second and len(set(first)) == len(first)


def test_places_without_known_coordinates_take_their_division_or_country_and_say_so():
    text = (SEEDS / "001_4cdda67df5ead196.txt").read_text(encoding="utf-8")
    by_text = {f.number_text: f for f in extract_figures(text)}
    camp, village, city = by_text["thousands"], by_text["seven"], by_text["six"]
    assert (camp.location, camp.location_precision, camp.geo_precision) == ("Dibaga Camp", "camp", "country")
    assert (village.location, village.admin1, village.geo_precision) == ("Awsaja", "Nineveh", "admin1")
    assert (city.location, city.geo_precision) == ("Mosul", "place")
    assert all(f.lat is not None and f.lon is not None for f in by_text.values())

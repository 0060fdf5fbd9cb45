"""Readings of whole sentences found by reading fresh articles (issue 11): each class of
sentence with two or three wordings of our own and a trap."""
import pytest

from displacement.extract import extract_figures


def figures(text):
    return [(f.number_text, f.category) for f in extract_figures(text)]


# --- a clause joined by "and"/"while" keeps its own verb ----------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("About 60 people have died and three million have been affected since the river burst its banks.",
     [("About 60", "casualties"), ("three million", "affected")]),
    ("During the last cyclone 1.8 lakh people had been evacuated and about a million people were affected.",
     [("1.8 lakh", "evacuated"), ("about a million", "affected")]),
    ("Fighting killed 45 civilians, while 3,000 fled to the hills.",
     [("45", "casualties"), ("3,000", "displaced")]),
    # trap: with no verb of its own, the second number still shares the first one's verb
    ("The floods displaced 20,000 people in March and 15,000 in April.",
     [("20,000", "displaced"), ("15,000", "displaced")]),
])
def test_a_joined_clause_keeps_its_own_verb(text, expected):
    assert figures(text) == expected


# --- the people who come to help are not the people in need -------------------------------------

@pytest.mark.parametrize("text", [
    "Today more than 500 trained rescue workers are on the ground supporting shelter efforts.",
    "Some 70 humanitarian staff were evacuated from the town on Thursday.",
    "About 1,200 volunteers and 300 firefighters were deployed to help the evacuees.",
])
def test_responders_are_not_figures(text):
    assert figures(text) == []


def test_workers_who_flee_are_people():
    # trap: workers (not rescue or aid workers) are people like any others
    assert figures("About 2,000 workers fled the factory town after the attack.") == [("About 2,000", "displaced")]


# --- the population of a place is not a figure --------------------------------------------------

@pytest.mark.parametrize("text", [
    "On Tuesday evening the evacuation order was broadened to include the entire city of 60,000 people.",
    "The foothill town of 27,000 was largely incinerated.",
    "Evacuations were ordered across the island of roughly 12,000 residents.",
])
def test_the_population_of_a_town_is_not_a_figure(text):
    assert figures(text) == []


@pytest.mark.parametrize("text,expected", [
    # traps: a camp of N people is the camp's population of displaced people; the town's residents
    # who evacuate are evacuees
    ("A camp of 20,000 displaced people has grown up outside the town.", [("20,000", "displaced")]),
    ("The fire forced the town's 27,000 residents to evacuate.", [("27,000", "evacuated")]),
])
def test_people_of_a_camp_or_who_leave_a_town_are_figures(text, expected):
    assert figures(text) == expected


# --- "rose by N to M": the change is no figure, the new total is --------------------------------

@pytest.mark.parametrize("text,number", [
    ("The number of people in makeshift camps had risen by 18,000 to 128,000 since Sunday.", "128,000"),
    ("The number of displaced people rose by 5,000 to 45,000 on Monday.", "45,000"),
    ("The number of people sheltering in schools has climbed by 2,000 to 12,000.", "12,000"),
])
def test_a_rise_by_n_to_m_gives_the_new_total(text, number):
    assert [n for n, _ in figures(text)] == [number]


def test_a_range_after_by_stays_a_range_for_percentages():
    # trap: "by 10 to 20 percent" is a range of percentages, and no figure at all
    assert figures("Food prices rose by 10 to 20 percent.") == []
    assert [f.low for f in extract_figures("Some 3,000 to 4,000 people fled by boat.")] == [3000]


# --- plain motion after a flight: "ended up in", "went south" -------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("More than 244,000 people have fled their homes since May. An estimated 13,500 have ended up in Kabul so far.",
     [("More than 244,000", "displaced"), ("An estimated 13,500", "displaced")]),
    ("Approximately 17,000 residents fled north, while 35,000 went south.",
     [("Approximately 17,000", "displaced"), ("35,000", "displaced")]),
    ("Since the war began, 2 million people have fled their homes and 500,000 went abroad.",
     [("2 million", "displaced"), ("500,000", "displaced")]),
])
def test_plain_motion_after_a_flight_is_displacement(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "Voters went south to the polls; 3,000 went abroad for the holidays.",
    "The team ended up in Kabul with 30 players.",
])
def test_plain_motion_alone_is_no_figure(text):
    assert figures(text) == []

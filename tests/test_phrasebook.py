"""The phrasebook (lexicon/frames.tsv -> phrasebook.py): lemmas inflect by rule, frames compile,
and every frame class reads its sentences, in the issue's wording and our own, beside a trap.

Each class row: the sentence, the number as written, and the category (None: no figure).
"""
from __future__ import annotations

import re

import pytest

from displacement import extract_figures, phrasebook


@pytest.mark.parametrize(
    "lemma,forms",
    [
        ("force", {"force", "forces", "forced", "forcing"}),
        ("flee", {"flee", "flees", "fled", "fleeing"}),
        ("evacuate", {"evacuate", "evacuates", "evacuated", "evacuating"}),
        ("carry", {"carry", "carries", "carried", "carrying"}),
        ("trap", {"trap", "traps", "trapped", "trapping"}),
        ("die", {"die", "dies", "died", "dying"}),
        ("take", {"take", "takes", "took", "taken", "taking"}),
        ("cut_off", {"cut off", "cuts off", "cutting off"}),
        ("stay", {"stay", "stays", "stayed", "staying"}),
    ],
)
def test_verb_lemmas_generate_every_form(lemma, forms):
    assert set(phrasebook.verb_forms(lemma)) == forms


@pytest.mark.parametrize(
    "lemma,forms",
    [("home", {"home", "homes"}), ("family", {"family", "families"}), ("life", {"life", "lives"}),
     ("bus", {"bus", "buses"}), ("death_toll", {"death toll", "death tolls"}), ("person", {"person", "persons", "people"})],
)
def test_noun_lemmas_generate_singular_and_plural(lemma, forms):
    assert set(phrasebook.noun_forms(lemma)) == forms


def test_one_frame_line_covers_tense_voice_and_object_slot():
    pattern = re.compile(phrasebook.compile_frame("@force ... from|out_of $POSS $HOMES",
                                                  {"POSS": "their|his|her", "HOMES": "#home|#village"}))
    for text in ("forced from their homes", "forcing 4,000 residents out of their villages",
                 "forces thousands of families from their home"):
        assert pattern.match(text), text
    assert not pattern.match("forced the government from office")  # the object must be a home
    assert not pattern.match("forcefully from their homes")  # a different word, not an inflection


def test_frames_file_compiles_and_uses_known_slots_and_categories():
    from displacement.model import CATEGORIES

    frames = phrasebook.frames()
    assert len(frames) > 50
    for frame in frames:
        re.compile(frame.pattern)
        assert frame.slot in ("any", "subject", "object")
        assert frame.category in CATEGORIES, frame.frame


def test_unknown_macro_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown macro"):
        phrasebook.compile_frame("@flee $NOWHERE", {})


def test_comment_lines_and_noun_frames_are_told_apart():
    assert phrasebook._is_comment("# a comment")
    assert not phrasebook._is_comment("#idp\tdisplaced")


# (sentence, number_text, category or None). Each class: the issue's sentence (or a real one),
# two wordings of our own, and a trap that must not give that figure.
CLASSES = [
    # force ... from/out of (their) homes, in every tense and voice
    ("In Serbia, more than 20,000 people have been forced from their homes.", "more than 20,000", "displaced"),
    ("The fire forced 4,000 residents out of their homes.", "4,000", "displaced"),
    ("Fighting is forcing some 3,500 families from their villages every week.", "some 3,500", "displaced"),
    ("The ruling forced 300 officials from their posts.", "300", None),
    # force ... to flee, with no noun after the number
    ("The storm is forcing tens of thousands to flee their homes.", "tens of thousands", "displaced"),
    ("Shelling forced thousands to flee the town overnight.", "thousands", "displaced"),
    ("The offensive has compelled 12,000 to leave the valley.", "12,000", "displaced"),
    ("The new law forced 200 companies to leave the market.", "200", None),
    # left/made homeless, number before or after the verb
    ("At least 12 people died and nearly 9,000 have been left homeless.", "nearly 9,000", "homeless"),
    ("The earthquake left 50,000 homeless.", "50,000", "homeless"),
    ("About 700 were made homeless by the fire.", "About 700", "homeless"),
    ("The earthquake left 50 km of road damaged.", "50", None),
    # the number as the subject of an intransitive verb
    ("In total, 12,000 have left since Monday.", "12,000", "displaced"),
    # a motion is displacement when the sentence or the one before says people fled
    ("About 20,000 people fled the city. Some 9,000 have gone to Kirkuk and 3,000 to Erbil.", "Some 9,000", "displaced"),
    ("About 20,000 people fled the city. Some 9,000 have gone to Kirkuk and 3,000 to Erbil.", "3,000", "displaced"),
    ("Fleeing the shelling, some 4,000 families headed towards the coast.", "some 4,000", "displaced"),
    ("Some 12,000 voters went to the polls.", "Some 12,000", None),
    ("About 40 journalists returned to work.", "About 40", None),
    ("The bank's 3,000 customers left with nothing.", "3,000", None),
    ("The talks left 3 issues unresolved.", "3", None),
    # nominal frames: the X of N
    ("The exodus of 20,000 villagers began on Monday.", "20,000", "displaced"),
    ("Officials oversaw the evacuation of 618,000 people.", "618,000", "evacuated"),
    ("UNHCR supported the voluntary return of more than 76,000 refugees.", "more than 76,000", "returnees"),
    ("The return of 30 stolen paintings was announced.", "30", None),
    # host / house / take in N
    ("The school, which was already hosting about 11,000 people, is full.", "about 11,000", "camp"),
    ("The stadium took in 11,000 people until it closed.", "11,000", "camp"),
    # a noun with its own term keeps it: hosted evacuees are evacuees, hosted refugees refugees
    ("The stadium took in 11,000 evacuees until it closed.", "11,000", "evacuated"),
    ("Uganda hosts 1.4 million refugees.", "1.4 million", "refugees"),
    ("Churches are housing 2,500 flood victims.", "2,500", "camp"),
    ("The city will host 20,000 delegates next year.", "20,000", None),
    # trapped / unable to leave / stranded
    ("Thousands of civilians couldn't cross the river.", "Thousands", "trapped"),
    ("More than 4,000 locals and holidaymakers have been stranded on the beach.", "More than 4,000", "trapped"),
    ("About 35,000 people were waiting to leave the besieged zone.", "About 35,000", "trapped"),
    ("About 35,000 people were waiting for the results.", "About 35,000", None),
    ("The army boxed the remaining guerrillas, and thousands of civilians, into the designated zone.", "thousands", "trapped"),
    ("Some 3,000 people were penned in by the fighting.", "Some 3,000", "trapped"),
    ("They squeezed 400 people into the bus.", "400", None),
    ("Government forces laid siege to the town, where 20,000 people are living.", "20,000", "trapped"),
    ("Some 60,000 residents have no way out.", "Some 60,000", "trapped"),
    ("Tens of thousands of civilians are caught in the crossfire.", "Tens of thousands", "trapped"),
    ("The hens laid 300 eggs.", "300", None),
    # unable to return: still displaced, not returnees
    ("Around 2,000 people have been unable to return to their homes.", "Around 2,000", "displaced"),
    ("Thousands of people waited after being told it was too dangerous to leave the town.", "Thousands", "trapped"),
    ("About 150 houses were overtaken by mudslides.", "About 150", "housing"),
    # missing and casualties
    ("Eight people remain missing after the landslide.", "Eight", "casualties"),
    ("The floods have claimed 491 lives since May 29 while 14 persons remain missing.", "14", "casualties"),
    ("The death toll from the typhoon went up further to 3,637.", "3,637", "casualties"),
    ("Two artisanal miners were killed in the collapse.", "Two", "casualties"),
    ("About 40 documents are missing from the file.", "About 40", None),
    ("About 200 people were in search of the missing boy.", "About 200", None),
    ("An estimated 500 people remain unaccounted for.", "An estimated 500", "casualties"),
    # in search of safety or food: a displacement
    ("Some 280,000 people have moved to urban areas in search of food and water.", "Some 280,000", "displaced"),
    ("Rescuers recovered the bodies of 14 victims.", "14", "casualties"),
    ("Around 50 people were hospitalized.", "Around 50", "casualties"),
    # headlines: a present-tense verb governs the bare number after it
    ("Quake kills 250 in northern province", "250", "casualties"),
    ("Typhoon displaces 100,000", "100,000", "displaced"),
    ("The camp 5,000 were there.", "5,000", None),
    # affected: its own category, never displaced
    ("The floods affected almost 3.5 million people.", "almost 3.5 million", "affected"),
    ("Some 120,000 people were affected by the cyclone.", "Some 120,000", "affected"),
    # housing destroyed or damaged
    ("Yolanda destroyed 248,176 houses and damaged 246,435 others.", "248,176", "housing"),
    ("At least 188,383 houses were badly damaged.", "At least 188,383", "housing"),
    ("More than 900 homes were reduced to rubble.", "More than 900", "housing"),
    ("Commercial Structures Destroyed: 260", "260", None),
    # plural people-nouns and demonyms, lower or upper case
    ("Nearly half a million Nepalese have been forced from their homes.", "Nearly half a million", "displaced"),
    ("Some 2,000 worshippers fled the temple as fire spread.", "Some 2,000", "displaced"),
    ("About 300 protesters were evacuated from the square.", "About 300", "evacuated"),
    ("About 300 containers were evacuated from the port.", "About 300", None),
    # rescued (counted with evacuations), flooded houses, forced out
    ("More than 1,000 people were rescued from rooftops.", "More than 1,000", "evacuated"),
    ("Soldiers rescued some 300 villagers by boat.", "some 300", "evacuated"),
    ("Volunteers rescued 40 cats and 12 horses.", "40", None),
    ("About 12,000 houses were submerged.", "About 12,000", "housing"),
    ("The river flooded 200 hectares.", "200", None),
    ("Roughly 30,000 people have been forced out by rising waters.", "Roughly 30,000", "displaced"),
    # a verb right before a number is that number's, even after another figure
    ("The flooding has affected 200,000 people and displaced 45,000.", "200,000", "affected"),
    ("The flooding has affected 200,000 people and displaced 45,000.", "45,000", "displaced"),
    ("The conflict has killed at least 1,000 civilians and displaced another 100,000.", "100,000", "displaced"),
    # an adjective standing for the people after "number/tally of"
    ("The tally of displaced reached 80,000 on Friday.", "80,000", "displaced"),
    ("The number of missing rose to 57.", "57", "casualties"),
    ("The tally of votes reached 80,000 on Friday.", "80,000", None),
    ("Those displaced, estimated at 40,000, are staying in schools.", "40,000", "camp"),
    # a comma parts a verb from the number after it
    ("Of the 60,000 people who fled, 20,000 have since returned.", "20,000", "returnees"),
    ("The displaced, who number some 45,000, live in schools.", "some 45,000", "camp"),
    ("The exodus, estimated at 30,000 people, continues.", "30,000", "displaced"),
    ("The refugees took route number 5 to the camp.", "5", None),
    ("Those still displaced number about 60,000.", "about 60,000", "displaced"),
    ("Displaced people number more than 3 million.", "more than 3 million", "displaced"),
    # "home" after a verb is an adverb, not a count of homes
    ("About 90,000 returned home after the ceasefire.", "About 90,000", "returnees"),
    ("Over 300 families have gone home.", "Over 300", "returnees"),
    ("Nearly 2,000 people spent the night in their cars.", "Nearly 2,000", "homeless"),
    # a part of a group named first: "Of the dead, 14 were children"
    ("Of the dead, 14 were children.", "14", "casualties"),
    ("Among the displaced, 3,000 are in camps.", "3,000", "camp"),
    ("Of the city, 40 were painted.", "40", None),
    ("More than 2,000 people were buried in mass graves.", "More than 2,000", "casualties"),
    # people in need: affected, not displaced
    ("According to OCHA, 1.1 million people are in need of shelter.", "1.1 million", "affected"),
    # a cue far back in another clause does not govern a number
    ("Neighbours were seen fleeing on foot and teachers abandoning their posts, leaving 46,000 children without school.",
     "46,000", None),
    # passive housing is a shelter state; internment is a camp
    ("According to government reports, 392,000 evacuees are housed in over 2200 locations.", "392,000", "camp"),
    ("Thousands of others have been interned by the government.", "Thousands", "camp"),
    # a stock of refugees is not a population, even after "home to"
    ("Colombia is home to more than 1 million Venezuelan refugees.", "more than 1 million", "refugees"),
    ("The camp is home to more than 600,000 Rohingya.", "more than 600,000", "camp"),
    ("The city is home to more than 1 million people.", "more than 1 million", None),
    # held as human shields; crossing; torched
    ("The militants are holding about 100,000 people as human shields.", "about 100,000", "trapped"),
    ("Some 1,300 people crossed the sea last week.", "Some 1,300", "refugees"),
    ("Locals said 40 houses were torched.", "40", "housing"),
    ("30 villages were burned.", "30", None),
    # forecasts and plans stay out
    ("After initially planning to shelter 23,000 evacuees, authorities changed course.", "23,000", None),
    ("Two cities are each preparing to receive 25,000 people.", "25,000", None),
    ("A new work plan aims to return 72,000 individuals by year end.", "72,000", None),
    ("The planning basis allows for additional displacement of up to 300,000 people.", "up to 300,000", None),
    ("There are fears that the toll will increase as at least 28 people are still missing.", "at least 28", "casualties"),
    ("The planning basis allows for displacement of up to 300,000 people inside the country and 407,000 into neighbouring countries.",
     "407,000", None),
    ("Some 300,000 people fled inside the country and 407,000 into neighbouring countries.", "407,000", "refugees"),
    ("Over 200,000 people have sought safety in neighbouring countries.", "Over 200,000", "refugees"),
    ("About 3,000 people are camped out in the stadium.", "About 3,000", "camp"),
    # people who managed to reach a place arrived there (the agency that says so is no cue)
    ("The UN refugee agency said as many as 35,000 people had managed to reach Dohuk governorate.",
     "as many as 35,000", "displaced"),
    ("Some 2,000 families have succeeded in reaching the town after days on the road.", "Some 2,000", "displaced"),
    ("About 600 people managed to reach safety before the bridge collapsed.", "About 600", "displaced"),
    ("Rescuers managed to reach 300 villages cut off by the floods.", "300", None),  # trap: things reached
]


@pytest.mark.parametrize("sentence,number_text,category", CLASSES)
def test_frame_class_sentence(sentence, number_text, category):
    figures = [f for f in extract_figures(sentence, "2020-01-01") if f.number_text == number_text]
    if category is None:
        assert figures == [], f"{number_text!r} is not a figure here; got {[(f.term, f.category) for f in figures]}"
    else:
        assert figures, f"no figure {number_text!r}; got {[f.number_text for f in extract_figures(sentence)]}"
        assert figures[0].category == category
        quote = figures[0].quote  # the sentence that holds the number, verbatim
        assert number_text in quote and quote in sentence and (quote == sentence or ". " in sentence)


# Lists, breakdowns and labels: the parts share the noun and term of their total.
LIST_TEXT = (
    "There are now 147,000 Malian refugees in neighbouring countries (55,221 in Mauritania, "
    "52,875 in Niger, 26 in Guinea, and 20 in Togo)."
)


def test_list_items_share_the_term_of_their_total_and_point_to_it():
    figures = extract_figures(LIST_TEXT)
    by_text = {f.number_text: f for f in figures}
    assert set(by_text) == {"147,000", "55,221", "52,875", "26", "20"}
    total = by_text["147,000"]
    assert total.part_of is None
    for part in ("55,221", "52,875", "26", "20"):
        assert by_text[part].category == "refugees"
        assert by_text[part].part_of == total.figure_id


def test_bracketed_counts_after_names_share_their_head():
    text = "The hardest hit counties are Tana River (3,864 displaced), Homa Bay (2,046) and Kisumu (7,704)."
    got = {f.number_text: f.category for f in extract_figures(text)}
    assert got == {"3,864": "displaced", "2,046": "displaced", "7,704": "displaced"}


def test_coordinated_numbers_share_the_noun_after_the_last():
    text = "Most returned to three provinces (17,608, 14,193 and 13,665 returnees respectively)."
    got = {f.number_text: f.category for f in extract_figures(text)}
    assert got == {"17,608": "returnees", "14,193": "returnees", "13,665": "returnees"}


def test_breakdown_after_a_colon_belongs_to_the_figure_above():
    text = ("As at 30 September, 76,100 people have returned since 2017. Below is the breakdown:\n\n"
            "• 38,407 (50.5%) women and 37,693 (49.5%) men\n\n• 7,503 (10%) have specific needs\n")
    figures = extract_figures(text)
    total = next(f for f in figures if f.number_text == "76,100")
    parts = [f for f in figures if f.number_text in ("38,407", "37,693", "7,503")]
    assert len(parts) == 3
    assert all(f.category == "returnees" and f.part_of == total.figure_id for f in parts)


def test_a_list_does_not_reach_past_an_unrelated_sentence():
    text = "Some 5,000 people fled the town. The mayor met 12 ministers.\n\n• 300 in the north"
    assert [f.number_text for f in extract_figures(text)] == ["Some 5,000"]


def test_partitive_belongs_to_the_previous_figure():
    text = ("2,744 Malian refugees have arrived in neighbouring countries since 10 January. "
            "Of these 1,411 are in Mauritania.")
    got = {f.number_text: f.category for f in extract_figures(text)}
    assert got == {"2,744": "refugees", "1,411": "refugees"}


def test_gapped_coordination():
    text = "Burkina Faso has received 848 new refugees and Niger 485."
    got = {f.number_text: f.category for f in extract_figures(text)}
    assert got == {"848": "refugees", "485": "refugees"}


@pytest.mark.parametrize(
    "line,number_text,category",
    [
        ("- Civilian Fatalities: 9", "9", "casualties"),
        ("– Single Residences Destroyed: 6,453", "6,453", "housing"),
        ("IDPs total 48 512", "48 512", "displaced"),
        ("Refugees: 6,000", "6,000", "refugees"),
        ("Schools closed: 40", "40", None),
    ],
)
def test_label_lines(line, number_text, category):
    figures = [f for f in extract_figures(line) if f.number_text == number_text]
    assert [f.category for f in figures] == ([category] if category else [])


def test_people_counted_with_their_households_are_one_figure():
    text = "As many as 39,054 people from 6,580 households have been displaced across 16 counties."
    figures = extract_figures(text)
    assert [(f.number_text, f.value, f.category) for f in figures] == [("As many as 39,054", 39054, "displaced")]


def test_parts_listed_after_including_come_out_with_their_total():
    text = "About 300 people (including 44 older people and 139 children) were evacuated from the city."
    figures = extract_figures(text)
    total = figures[0]
    assert (total.number_text, total.category) == ("About 300", "evacuated")
    parts = figures[1:]
    assert [f.number_text for f in parts] == ["44", "139"]
    assert all(f.part_of == total.figure_id and f.category == "evacuated" for f in parts)


def test_a_part_of_fighters_stays_out_and_the_total_keeps_its_verb():
    text = "Some 8,000 people, including some 3,000 fighters and more than 300 wounded, left the city."
    got = {f.number_text: f.term for f in extract_figures(text)}
    assert got["Some 8,000"] == "forced_to_flee"
    assert "some 3,000" not in got
    assert got["more than 300"] == "injured"


def test_infographic_blocks_read_the_label_under_the_number():
    text = "Key figures\n\n48,512\nIDPs\n\n1.2M\nPeople affected\n\n35\nSites\n\n2,100\nHouses destroyed\n"
    got = {f.number_text: (f.category, f.quote) for f in extract_figures(text)}
    assert got == {
        "48,512": ("displaced", "48,512\nIDPs"),
        "1.2M": ("affected", "1.2M\nPeople affected"),
        "2,100": ("housing", "2,100\nHouses destroyed"),
    }


def test_a_number_alone_on_its_line_does_not_take_a_sentence_as_its_label():
    text = "2016\nThousands of people fled the town when the fighting began in the north of the country."
    assert [f.number_text for f in extract_figures(text)] == ["Thousands"]


def test_a_mixed_group_of_fighters_and_their_families_is_people():
    text = "In addition, about 2,100 opposition fighters and family members were evacuated on 29 January."
    assert [(f.number_text, f.category) for f in extract_figures(text)] == [("about 2,100", "evacuated")]
    assert [f.number_text for f in extract_figures("Some 300 fighters and their weapons were moved.")] == []


def test_siblings_are_not_parts_and_parts_end_at_their_clause():
    text = ("About 6,000 people including 4,000 children were staying at the UN mission base "
            "and about 5,000 at Bria airstrip.")
    got = {f.number_text: f for f in extract_figures(text)}
    assert {k: v.category for k, v in got.items()} == {"About 6,000": "camp", "4,000": "camp", "about 5,000": "camp"}
    assert got["4,000"].part_of == got["About 6,000"].figure_id
    assert got["about 5,000"].part_of is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Over 25,000 people have fled their homes in the past week, bringing the total to 150,000.",
         {"Over 25,000": "displaced", "150,000": "displaced"}),
        ("About 5,000 people were displaced by floods on Monday. The figure has since risen to 12,000.",
         {"About 5,000": "displaced", "12,000": "displaced"}),
        ("The company hired 300 staff. The figure has since risen to 500.", {}),
    ],
)
def test_the_number_or_total_restates_the_figure_before(text, expected):
    figures = extract_figures(text)
    assert {f.number_text: f.category for f in figures} == expected
    assert all(f.part_of is None for f in figures)  # a new total, not a part


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Almost 300 homes were destroyed and 1,200 damaged.", {"Almost 300": "houses", "1,200": "houses"}),
        ("Yolanda destroyed 248,176 houses and damaged 246,435 others.", {"248,176": "houses", "246,435": "houses"}),
        ("At least 188,383 houses were badly damaged and 105,000 were destroyed by the earthquake.",
         {"At least 188,383": "houses", "105,000": "houses"}),
        ("The storm destroyed 300 homes and killed 12.", {"300": "houses", "12": "people"}),
        ("The camp houses 5,000 people.", {"5,000": "people"}),
    ],
)
def test_a_noun_left_out_after_a_figure_of_homes_is_homes(text, expected):
    assert {f.number_text: f.reported_unit for f in extract_figures(text)} == expected


@pytest.mark.parametrize(
    "text,low,high",
    [("An estimated 6-7,000 people fled.", 6000, 7000), ("Some 20-30,000 people fled.", 20000, 30000),
     ("Between 5 and 10,000 people fled.", 5000, 10000), ("Between 500 and 1,000 people fled.", 500, 1000),
     ("Some 13-14 people fled.", 13, 14)],
)
def test_thousands_written_once_in_a_range(text, low, high):
    figure = extract_figures(text)[0]
    assert (figure.low, figure.high, figure.qualifier) == (low, high, "range")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Reports said that 500 of the 4,000 villagers had left.", {"500": "displaced"}),
        ("Some 2,000 of the 10,000 displaced have returned.", {"Some 2,000": "returnees", "10,000": "displaced"}),
        ("Only 200 of the 5,000 residents were counted.", {}),
    ],
)
def test_a_part_taken_from_a_total(text, expected):
    assert {f.number_text: f.category for f in extract_figures(text)} == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Thousands of civilians could not cross. Still thousands of civilians are in the city.",
         {"Thousands": "trapped", "thousands": "trapped"}),
        ("Some 4,000 people live in the camp. Another 2,000 are in the town.",
         {"Some 4,000": "camp", "2,000": "camp"}),
        ("About 5,000 people fled. Some 300 teachers are in the city.", {"About 5,000": "displaced"}),
        ("Some 300 teachers are in the city.", {}),
    ],
)
def test_a_plain_place_is_a_state_only_after_one(text, expected):
    assert {f.number_text: f.category for f in extract_figures(text)} == expected

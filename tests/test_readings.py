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


# --- a second batch of fresh articles ------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    # a relative clause after the number: its verb is the figure's
    ("Another 6.6 million, who have been displaced, remain inside the country.", [("6.6 million", "displaced")]),
    # "N of X's M people": M is the population the N are taken from
    ("More than 187,000 of Gaza's 2.3 million people have left their homes.", [("More than 187,000", "displaced")]),
    ("About 2,000 of the town's 5,000 residents fled.", [("About 2,000", "displaced")]),
    # a people's name in any script, from the gazetteer's demonyms or people_names.txt
    ("In the past 15 months, 800,000 Burkinabè have fled their homes to seek safety.", [("800,000", "displaced")]),
    ("Some 3,000 Nuer fled to the UN base.", [("Some 3,000", "displaced")]),
    # a displaced population is no town's population
    ("Baidoa was now home to between 6,000 and 7,000 drought-displaced families.",
     [("between 6,000 and 7,000", "displaced")]),
    # states and frames
    ("In Fort Nelson, about 4,700 people are out of their homes.", [("about 4,700", "displaced")]),
    ("So, 47,000 Palestinians are now camped out in the 58 schools it runs.", [("47,000", "camp")]),
    ("Pakistan expelled 777 Afghan citizens via the border crossing on Saturday.", [("777", "returnees")]),
    ("Wildfires have forced thousands out of several communities.", [("thousands", "displaced")]),
    ("Wildfires have forced 3,000 out of several communities.", [("3,000", "displaced")]),
    # a label with a hedge the number leaves before it
    ("Border guards said the number of returnees who had passed through in the preceding 24 hours was "
     "greater than 16,000.", [("greater than 16,000", "returnees")]),
    ("There has been a four-fold increase of displaced people in the area to more than 355,000.",
     [("more than 355,000", "displaced")]),
])
def test_fresh_article_readings(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # traps: forecasts, obligations and plans are not figures
    "More than 3 million people expected to be moved as the storm approaches.",
    "The government said all undocumented foreigners, including 1.7 million Afghans, would have to leave by November 1.",
    "He said the United Nations was planning for the displacement of 500,000 people from the city.",
    "Arrangements had been made to care for up to 40,000 refugees.",
    "Officials were prepared for the arrival of 5,000 people.",
    # a town's population, an office, work
    "The town is home to 60,000 people.",
    "He was forced out of office after 12 years.",
    "The flood left 300 out of work.",
])
def test_fresh_article_traps(text):
    assert figures(text) == []


def test_fleeing_to_seek_safety_is_a_flight_not_a_shelter():
    assert figures("In the past 15 months, 800,000 Syrians have fled their homes to seek safety.") == \
        [("800,000", "displaced")]
    # trap: taking refuge in a school is sheltering
    assert figures("About 3,000 people have taken refuge in schools.") == [("About 3,000", "camp")]


# --- a third batch of fresh articles (agency reports) ----------------------------------------------

@pytest.mark.parametrize("text,expected", [
    # a label says what a number is, even when a motion verb stands between ("surged to")
    ("The death toll has surged to nearly 2,000 and more than 9,900 injured.",
     [("nearly 2,000", "casualties"), ("more than 9,900", "casualties")]),
    ("The number of people displaced by the inter-communal violence (Oromia) has further increased to 818,250 "
     "people as of 22 June.", [("818,250", "displaced")]),
    ("IOM estimates the province's displaced population has now reached an estimated 336,846 men, women and children.",
     [("an estimated 336,846", "displaced")]),
    # a human toll is the people affected, not deaths
    ("Above all is the human toll: more than 2 million people have been impacted and over 600,000 displaced.",
     [("more than 2 million", "affected"), ("over 600,000", "displaced")]),
    # confinement and blockades trap people
    ("Indigenous leaders said some 3,000 people are blockaded by the continuous clashes.", [("some 3,000", "trapped")]),
    ("In the department, 48,300 people remain confined by armed groups.", [("48,300", "trapped")]),
    # leaving home to take refuge is a flight
    ("At least 815 people left their homes to take refuge on Sunday.", [("At least 815", "displaced")]),
    # the governing verb, not a relative or subordinate clause after it
    ("The same wave of violence has displaced around 11,000 people who found refuge in nearby towns.",
     [("around 11,000", "displaced")]),
    ("More than 5,400 people were displaced again when the government dismantled shelters at the displacement site.",
     [("More than 5,400", "displaced")]),
    # "N out of a total of M": N is the figure
    ("He estimated that at least 4000 out of a total of 7000 were still stranded in the town.",
     [("at least 4000", "trapped")]),
])
def test_agency_report_readings(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "Attacks have risen five-fold since 2016.",
    "A total of 11.54 lakh people will be evacuated in 13 districts.",
    "During the reporting period nine boats carrying displaced people arrived (8 in Pemba and 1 in Ibo).",
    "Of the 4,852 identified shelters, 852 are shelters and 4,027 are cyclone shelters.",
    "The department recorded nine mass displacements and six displacement events this year.",
    "The clashes emptied three IDP camps.",
])
def test_agency_report_traps(text):
    assert figures(text) == []


def test_a_parallel_list_item_after_a_count_of_camps_is_still_a_figure():
    # trap for the boats rule: "55 camps" sits between the figure and its list item
    assert [n for n, _ in figures("A total of 1,738 persons are in 55 camps in Thrissur district and 1,702 in "
                                  "Alappuzha.")] == ["1,738", "1,702"]


def test_fleeing_as_refugees_is_a_refugee_figure():
    assert figures("Clashes have forced more than 11,000 people to flee as refugees into neighbouring Chad.") == \
        [("more than 11,000", "refugees")]
    # trap: displaced people who cannot return are no returnees
    assert figures("Some 2,000 displaced families are still in camps and cannot return.") == [("Some 2,000", "camp")]


# --- a fourth batch of fresh articles (news) -------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("As of Thursday, the number of residents who fled communities around the volcano had increased to 38,771.",
     [("38,771", "displaced")]),
    ("The number of victims currently residing at the relief camp has touched 870.", [("870", "camp")]),
    ("The storm has left between 30,000 to 40,000 New Yorkers without homes.", [("between 30,000 to 40,000", "homeless")]),
    ("Altogether 2,92,852 inmates are currently living in 228 relief camps.", [("2,92,852", "camp")]),
    ("About 5,000 refugees crossed back into their country voluntarily.", [("About 5,000", "returnees")]),
    ("About 220 families are reported missing, the Red Cross said.", [("About 220", "casualties")]),
    ("The total affected population was 5,205 people.", [("5,205", "affected")]),
    ("Military officials said 100,000 mainly ethnic Uzbeks took refuge from the killings.", [("100,000", "camp")]),
    ("More than 20,000 people have been displaced by floods, with most residents finding refuge in camps.",
     [("More than 20,000", "displaced")]),
    ("In Dhubri, 1,55,314 people are living in the relief camps, 77,459 in Kokrajhar and 12,602 in Bongaigaon.",
     [("1,55,314", "camp"), ("77,459", "camp"), ("12,602", "camp")]),
])
def test_news_readings(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "About 70 per cent of the city's approximately 300,000 people had so far moved to safer areas.",
    "The General Officer Commanding of 45 Engineers Division said the displaced were being fed.",
    "The district has 133 relief camps, followed by Kokrajhar with 56, Chirang with 25 and 14 in Bongaigaon.",
    "Almost 70,000 IDPs were not targeted by any return programme.",
])
def test_news_traps(text):
    assert [c for _, c in figures(text)] in ([], ["displaced"])
    assert "returnees" not in [c for _, c in figures(text)]


# --- fifth batch: conflict and disaster reports (issue 11) ---------------------------------------

@pytest.mark.parametrize("text,expected", [
    # "N of them": a pronoun partitive counts people when what "them" stands for is people
    ("More than one million people are displaced in the region, and hundreds of thousands of them "
     "have sought sanctuary in the city.", [("more than one million", "displaced"), ("hundreds of thousands", "camp")]),
    ("Some 5,000 of those were displaced again in May.", [("Some 5,000", "displaced")]),
    # a catenative verb between the number and its frame: "continue to be uprooted"
    ("Thousands more continue to be uprooted by violence in the north.", [("Thousands", "displaced")]),
    ("Hundreds began to flee on Sunday.", [("Hundreds", "displaced")]),
    # leave-verbs: vacate
    ("The official said 1,100 families have vacated their homes in these villages.", [("1,100", "displaced")]),
    ("About 300 households vacated the village overnight.", [("About 300", "displaced")]),
    # host-verbs: absorb
    ("The town had absorbed thousands of people, including severely malnourished children.", [("thousands", "camp")]),
    # "with N (currently) in shelters": an absolute clause with an elided noun
    ("Roughly half a million people have fled their homes, with over 77,000 currently in public shelters.",
     [("Roughly half a million", "displaced"), ("over 77,000", "camp")]),
    ("Some 12,000 remain in evacuation centres.", [("Some 12,000", "camp")]),
    # shelters of any kind: "structures", "warehouses", "venues"
    ("We have between 4,000 and 5,000 people now accommodated at different structures.", [("between 4,000 and 5,000", "camp")]),
    ("About 800 people are sleeping in warehouses near the port.", [("About 800", "camp")]),
    # a camp that is home to N people
    ("She fled to an offshoot of a vast camp of the same name that is now home to 3,000 people.", [("3,000", "camp")]),
    ("The settlement set up last year is now home to some 40,000 people.", [("some 40,000", "camp")]),
    # vehicles carrying people away from a place, convoys and buses carrying people
    ("Coastguard vessels and private boats carried more than 2,000 tourists from beaches on Saturday.",
     [("more than 2,000", "evacuated")]),
    ("A convoy of 10 buses carrying more than 300 residents is headed to the regional capital.", [("more than 300", "evacuated")]),
    # housing destroyed by smashing and burning
    ("The hurricane smashed thousands of homes on the islands.", [("thousands", "housing")]),
    ("A gang rampaged through the district, setting fire to hundreds of wood-and-tin homes.", [("hundreds", "housing")]),
    # a change between two counts: each count is a figure, not a range
    ("Attacks have seen the numbers of locals forced from their homes rise from 78,000 at the end of 2019 "
     "to over 138,000 by January 2021.", [("78,000", "displaced"), ("over 138,000", "displaced")]),
    ("IDPs in the camp rose from 3,000 to 5,000.", [("3,000", "camp"), ("5,000", "camp")]),
    ("The number of displaced fell from nearly 20,000 to 12,000 in March.",
     [("nearly 20,000", "displaced"), ("12,000", "displaced")]),
    # "exceeding N": the verb is the number's hedge, the label is before it
    ("The commission reported a surge in the number of displaced persons seeking refuge in the region, "
     "exceeding one million.", [("exceeding one million", "displaced")]),
    ("The number of refugees in the country topped 50,000 last week.", [("50,000", "refugees")]),
    # a label's own noun is not its term: "the number of houses destroyed" counts housing
    ("The number of houses destroyed in the region reached 5,000.", [("5,000", "housing")]),
])
def test_fifth_batch_readings(text, expected):
    assert [(n.lower(), c) for n, c in figures(text)] == [(n.lower(), c) for n, c in expected]


@pytest.mark.parametrize("text", [
    # "of them" standing for fighters or things
    "Soldiers were ambushed near the border; five of them were killed.",
    "The town had 12 schools, and 3 of them were destroyed by the quake.",
    # a boat carrying migrants is not an evacuation
    "A boat carrying 300 migrants from the coast capsized.",
    # capacities: "capable of housing", "to house N each"
    "Officials plan to erect two relief centres capable of housing about 4,000 people.",
    "The company would send two ships to the province, to house 1,500 survivors each.",
    # a person's own family
    "She stood outside the shelter where she sleeps with her eight children.",
    "He fled with his three brothers.",
    # a change of a price, a label whose noun is not counted, the number of houses with no verb
    "Prices rose from 3,000 to 5,000 dollars.",
    "The number of houses in the region reached 5,000.",
    "The population of the town rose from 30,000 to 50,000.",
])
def test_fifth_batch_traps(text):
    assert figures(text) == []


def test_a_host_who_had_to_house_people_is_still_a_figure():
    # trap for the capacity rule: "had to house N" happened
    assert figures("The town has had to house 5,000 displaced people.") == [("5,000", "camp")]


@pytest.mark.parametrize("text,expected", [
    # a breakdown in a sentence of its own: "They include N males, N females, ..."
    ("As per the latest update, 6,759 people were shifted to these camps. They include 2,501 males, "
     "2,677 females, 1,581 children, and 20 pregnant women.",
     [("6,759", "camp"), ("2,501", "camp"), ("2,677", "camp"), ("1,581", "camp"), ("20", "camp")]),
    ("Some 4,000 people fled the clashes. These include 1,200 women and 2,000 children.",
     [("Some 4,000", "displaced"), ("1,200", "displaced"), ("2,000", "displaced")]),
    # families first in a breakdown are no restatement of the next item
    ("A total of 2,514 people - including 723 families, 943 men, 972 women and 599 children - have been "
     "shifted to these shelters.", [("2,514", "camp"), ("943", "camp"), ("972", "camp"), ("599", "camp")]),
    # "N of them were in X, M in Y": a list of where the people of the figure before are
    ("The authority said that 498,442 had taken shelter at relief camps. At least 485,759 of them were in "
     "Sindh, 4,503 in Punjab and 180 in Gilgit.",
     [("498,442", "camp"), ("At least 485,759", "camp"), ("4,503", "camp"), ("180", "camp")]),
    # a longer chain of auxiliaries between the number and its frame
    ("More than 6,200 are reported to have been displaced.", [("More than 6,200", "displaced")]),
    ("Some 900 are believed to have been evacuated.", [("Some 900", "evacuated")]),
])
def test_breakdowns_and_auxiliaries(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # traps: a breakdown of people who are no figure; things that "include" things
    "The town has 20,000 residents. They include 3,000 children.",
    "Officials counted 12 schools. They include 3 secondary schools.",
])
def test_breakdown_traps(text):
    assert figures(text) == []


def test_a_household_count_restated_in_brackets():
    [figure] = extract_figures("These five centres accommodate about 3,000 households (equivalent to around 15,000 individuals).")
    assert (figure.reported_unit, figure.value) == ("households", 15000)


@pytest.mark.parametrize("text,expected", [
    # coordinated numbers share the noun after the last and the verb before the first
    ("Nkhotakota and Mchinji camps are home to 181 and 220 households respectively.", [("181", "camp"), ("220", "camp")]),
    ("Floods displaced 181 and 220 households in the two districts.", [("181", "displaced"), ("220", "displaced")]),
    ("Camps registered 17,608, 14,193 and 13,665 returnees.",
     [("17,608", "returnees"), ("14,193", "returnees"), ("13,665", "returnees")]),
    # drive out, shift to safer places
    ("The landslide had driven out around 80 households of the ward.", [("around 80", "displaced")]),
    ("Militiamen chased out some 3,000 villagers.", [("some 3,000", "displaced")]),
    ("In Nowshera, a total of 230,000 people were shifted to safer places.", [("230,000", "evacuated")]),
    ("Rescuers moved 400 residents to safe locations.", [("400", "evacuated")]),
    # "recorded as missing"; the bodies and burials of people
    ("Eight people died while 16 were recorded as missing.", [("Eight", "casualties"), ("16", "casualties")]),
    ("They later recovered the bodies of 10.", [("10", "casualties")]),
    ("There was a mass burial of 18 people last Friday.", [("18", "casualties")]),
    # a negated modal is no forecast: "could not cross" happened
    ("Thousands of civilians could not cross the river.", [("Thousands", "trapped")]),
    # reporting verbs are no forecast: "warned that"
    ("The agency warned that 2,000 refugees arrive every day.", [("2,000", "refugees")]),
])
def test_sixth_batch_readings(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # a town's population before the crisis
    "The town of Adre, originally home to 40,000 people, is overwhelmed.",
    "The village was once home to 5,000 residents.",
    # forecasts: projections, threats, modal arrivals
    "IOM is projecting that as many as 407,000 returnees may come back by the end of the year.",
    "The new passport rules threatened to leave tens of thousands stranded at the border.",
    "Officials anticipate that 10,000 people will arrive next week.",
    # fighters "of them"
    "The attack left heavy losses on the side of the insurgent group, with at least 50 of them killed.",
])
def test_sixth_batch_traps(text):
    assert figures(text) == []


@pytest.mark.parametrize("text,expected", [
    # a restated count ("the number", "the figure") whose sentence before asked about people
    ("No one can be sure how many people took the decision to flee. A radio station put the number at 50,000. "
     "However, the number has been put as 8,000 by local media.", [("50,000", "displaced"), ("8,000", "displaced")]),
    ("The agency said that the number of refugees has dropped. Initially, the figure reached some 31,000 people.",
     [("some 31,000", "refugees")]),
])
def test_a_restated_count_takes_the_sentence_before(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # traps: the sentence before says nothing of people
    "Prices rose sharply. The figure reached 31,000 last year.",
    "The town was shelled. The number reached 500.",
])
def test_a_restated_count_needs_people_before(text):
    assert figures(text) == []


@pytest.mark.parametrize("text,expected", [
    # a thousands separator followed by a stray space, as local press writes it
    ("75 evacuation centres are open with 2, 530 evacuees.", [("2, 530", 2530)]),
    ("The agency said on Monday 2,430, 445 people were displaced by the flood.", [("2,430, 445", 2430445)]),
    ("About 23 people died, while over 2, 000 others have been displaced.", [("About 23", 23), ("over 2, 000", 2000)]),
    # traps: a day after its month, a list of numbers
    ("On June 12, 150 people fled.", [("150", 150)]),
    ("Floods displaced 1,200, 300 and 400 people in three districts.", [("1,200", 1200), ("300", 300), ("400", 400)]),
])
def test_thousands_written_with_a_stray_space(text, expected):
    assert [(f.number_text, f.value or f.low) for f in extract_figures(text)] == expected


@pytest.mark.parametrize("text,expected", [
    # a flight across a border: refugees where they arrive, origin and destination kept
    ("About 20,000 people fled Tigray into Sudan.", ("refugees", "SDN", "Tigrai", "Sudan")),
    ("UNHCR said over 300,000 people have fled Ukraine into Moldova.", ("refugees", "MDA", "Ukraine", "Moldova")),
    # (the origin is the finer place: "Myanmar's" only says whose state Rakhine is)
    ("Nearly 270,000 Rohingya have fled Myanmar's Rakhine state for Bangladesh.", ("refugees", "BGD", "Rakhine", "Bangladesh")),
    # trap: a flight inside one country stays displacement where it happened
    ("Some 24,000 people fled Kunduz to Kabul.", ("displaced", "AFG", "Kunduz", "Kabul")),
])
def test_a_flight_across_a_border_is_counted_where_people_arrive(text, expected):
    [f] = extract_figures(text)
    assert (f.category, f.country_iso3, f.origin, f.destination) == expected


@pytest.mark.parametrize("text,expected", [
    # a list of "Name (N)" items with no total before: the people the sentence names
    ("The top three districts hosting the largest numbers of IDPs are Cidade de Pemba (137,726), Metuge (96,545) "
     "and Mueda (83,631).", [("137,726", "displaced", "Pemba"), ("96,545", "displaced", "Metuge"),
                             ("83,631", "displaced", "Mueda")]),
    # items whose own noun says only "people"
    ("The top districts hosting returnees are Mocímboa da Praia (176,174 people), Palma (116,016 people) and "
     "Muidumbe (58,000 people).", [("176,174", "returnees", "Mocímboa da Praia"), ("116,016", "returnees", "Palma"),
                                   ("58,000", "returnees", "Muidumbe")]),
    # a count in brackets after a share, then where
    ("DTM estimates that 41 per cent of IDPs (2,544,880 individuals) are in North Kivu, followed by 28 per cent "
     "(1,727,808) in Ituri.", [("2,544,880", "displaced", "Nord-Kivu"), ("1,727,808", "displaced", "Ituri")]),
])
def test_lists_of_named_counts(text, expected):
    assert [(f.number_text, f.category, f.location) for f in extract_figures(text)] == expected


@pytest.mark.parametrize("text,expected", [
    # "including N" and "in addition to N" with no noun: more of the figure's people
    ("Over 40,000 refugees fled in July, including almost 25,000 in the second half of the month.",
     [("Over 40,000", "refugees"), ("almost 25,000", "refugees")]),
    ("592,500 people were internally displaced by conflict since January, in addition to 2.9 million before "
     "the year had begun.", [("592,500", "displaced"), ("2.9 million", "displaced")]),
])
def test_including_and_in_addition_to(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # traps: the parts of a count of things; things we have no noun for
    "Nine boats arrived (8 in Pemba and 1 in Ibo).",
    "All the 13 upazilas of the district, including five municipalities, have been flooded.",
    "The three largest towns are Pemba (137,726), Metuge (96,545) and Mueda (83,631).",
])
def test_lists_of_things_are_no_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize("text,expected", [
    # housing brought down; buildings destroyed
    ("A powerful earthquake toppled tens of thousands of structures.", [("tens of thousands", "housing")]),
    ("The Camp Fire has also destroyed 6,700 buildings.", [("6,700", "housing")]),
    # ordered to be out; forced to retreat
    ("The 20,000 residents of the city have been ordered to be out by noon Friday.", [("20,000", "evacuated")]),
    ("The blazes have forced thousands more to retreat from the hills.", [("thousands", "displaced")]),
    # a count restated in brackets does not hide the verb after it
    ("Over half a million (538,241) have been forced to leave their homes.", [("Over half a million", "displaced")]),
    # a participle right after the number is its verb, unless people follow
    ("Over 18,000 individuals have fled, with approximately 1,000 seeking shelter across the border.",
     [("Over 18,000", "displaced"), ("approximately 1,000", "camp")]),
    ("About 1,000 fleeing families arrived.", [("About 1,000", "displaced")]),
    # "one of N people who ...": N share what the sentence says
    ("The family became one of 5.3 million people in Syria who are now homeless.", [("5.3 million", "homeless")]),
])
def test_seventh_batch_readings(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # "some of N": N is the group some are taken from, not the figure
    "Some of 300 families returned.",
    "Most of 2,000 residents fled.",
    # a population after a relative clause is no figure, whatever label stands before it
    "There is no official figure on the number of people displaced from the region, which is home to some 14 million people.",
    "About 500 sleeping bags were distributed.",
])
def test_seventh_batch_traps(text):
    assert figures(text) == []


def test_the_parts_of_a_count_of_things_after_a_figure_are_no_figures():
    text = ("At least 500,000 people are living outdoors in camps. The IOM identified nearly 450 settlements, "
            "of which about 100 are still to be assessed.")
    assert figures(text) == [("At least 500,000", "camp")]


@pytest.mark.parametrize("text,expected", [
    # people taken to shelters: sheltered, whatever the verb of the move
    ("Authorities sent thousands of residents to shelters.", [("thousands", "camp")]),
    ("Buses took 300 villagers to the sports hall.", [("300", "camp")]),
    ("Families were forced to retreat to evacuation centres, some 3,000 people in all.", [("some 3,000", "camp")]),
])
def test_people_taken_to_shelters(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # traps: things and detainees taken somewhere are no sheltered people
    "The team moved 40 boxes to the school.",
    "Police took 20 men to the police station.",
])
def test_things_taken_to_a_building_are_no_figures(text):
    assert figures(text) == []


def test_list_items_counted_in_households_keep_their_unit():
    text = "Sites hosting IDPs include Marib (48 HHs), Sanaa (120 HHs) and Aden (30 HHs)."
    got = [(f.number_text, f.category, f.reported_unit, f.part_of) for f in extract_figures(text)]
    assert got == [("48", "displaced", "households", None), ("120", "displaced", "households", None),
                   ("30", "displaced", "households", None)]


def test_items_of_a_list_with_no_total_are_siblings_not_parts():
    text = "The districts hosting the most IDPs are Pemba (137,726), Metuge (96,545) and Montepuez (50,000)."
    assert [f.part_of for f in extract_figures(text)] == [None, None, None]
    # a total before the list: its items are its parts
    figs = extract_figures("Floods displaced 20,000 people: Kisumu (7,704), Busia (4,056).")
    assert [f.part_of for f in figs] == [None, figs[0].figure_id, figs[0].figure_id]


# --- fresh batch 8: asides, estimates, bare objects, family sizes, hospitals, tolls, partitives ----

@pytest.mark.parametrize("text,expected", [
    # an aside holding another count stands between the number and its verb
    ("By February, at least 185,000 people (locals say more than 200,000 people) had fled to the villages.",
     [("at least 185,000", "displaced"), ("more than 200,000", "displaced")]),
    ("About 4,000 residents (the mayor says 5,000 residents) were evacuated.",
     [("About 4,000", "evacuated"), ("5,000", "evacuated")]),
    # "estimated to be" + participle is a present estimate, not a forecast
    ("1.7 million people are estimated to be displaced in the south.", [("1.7 million", "displaced")]),
    # a bare object followed by a preposition, a time adverbial or "including"
    ("The storm displaced approximately 11,000 within four days.", [("approximately 11,000", "displaced")]),
    ("The clashes displaced 6,000 last week.", [("6,000", "displaced")]),
    ("Floods have killed more than 1,200 including 400 children.",
     [("more than 1,200", "casualties"), ("400", "casualties")]),
    # injured by where they are treated or the state they are in
    ("With 2,421 people injured, 1,404 in critical condition.", [("2,421", "casualties"), ("1,404", "casualties")]),
    ("He said more than 13,000 people were still being treated in hospital.", [("more than 13,000", "casualties")]),
    # a bare count after a verb of housing, once homes are counted
    ("The cyclone destroyed 6,604 houses and damaged a further 9,873.", [("6,604", "housing"), ("9,873", "housing")]),
    # "the (combined) toll ... to N"
    ("Almost 3,700 deaths were confirmed, taking the combined toll in both countries to over 39,000.",
     [("Almost 3,700", "casualties"), ("over 39,000", "casualties")]),
    ("The new deaths take the toll to 390.", [("390", "casualties")]),
    # "N of the displaced": the adjective stands for the people
    ("At least 30,000 of the displaced were from the city.", [("At least 30,000", "displaced")]),
    # items of one list after the verb share it
    ("Those who were shifted to safer places include nearly 8,900 children, 1,131 pregnant women and 4,697 "
     "elderly persons.", [("nearly 8,900", "evacuated"), ("1,131", "evacuated"), ("4,697", "evacuated")]),
])
def test_eighth_batch_readings(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # forecasts: a number after "expected/estimated to reach"
    "The number of refugees is estimated to reach 2 million by June.",
    "Aid agencies warn the number of displaced could soon reach more than 100,000.",
    # the size of a family, an age group, a family's members
    "Laura and her family of six had arrived in the town that morning.",
    "Another group crossed the border, with many under-five children.",
    "She, along with her husband and five children, spent two nights without shelter.",
    # "local" before a noun is an adjective; a hospital treating patients for an illness
    "People were displaced from four local government areas.",
    "The hospital treated 500 patients for malaria.",
    "The toll road carries 30,000 cars a day.",
    # a person's age in apposition after the name
    "They left us with orphans, said Mariam Birba, 32, who arrived this month at a roadside camp.",
    "Ahmed Ali, 45, fled with his family to the camp.",
])
def test_eighth_batch_traps(text):
    assert figures(text) == []


def test_a_count_after_a_place_and_a_comma_is_not_an_age():
    assert figures("In Goma, 45 were killed, officials said.") == [("45", "casualties")]


def test_a_human_toll_is_people_affected_not_dead():
    assert figures("The human toll of the floods reached 2 million people.") == [("2 million", "affected")]


@pytest.mark.parametrize("text,expected", [
    # a second object of a verb left out, with or without its noun
    ("Floods displaced 12,000 people in Baidoa, and 7,260 others in Afgoye.",
     [("12,000", "displaced"), ("7,260", "displaced")]),
    ("The fighting displaced 5,000 families in the north and 2,000 more in the east.",
     [("5,000", "displaced"), ("2,000", "displaced")]),
    ("The storm uprooted 3,000 people in the capital, and 900 in the west.",
     [("3,000", "displaced"), ("900", "displaced")]),
])
def test_a_second_object_shares_the_verb_left_out(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # traps: the second count has a verb of its own
    "Floods displaced 12,000 people in March and 40 in the capital were arrested.",
    "Floods displaced 12,000 people in Baidoa, and 300 others in Afgoye were arrested.",
])
def test_a_second_count_with_its_own_verb_is_not_a_gapped_object(text):
    assert [n for n, _ in figures(text)] == ["12,000"]


@pytest.mark.parametrize("text,expected", [
    # "N of them <who>": a part of the count before it, with the count's term
    ("More than 200,000 people have been evacuated, around 84,000 of them being children.",
     [("More than 200,000", "evacuated", None), ("around 84,000", "evacuated", "part")]),
    ("The blast killed 12 people, four of them children.", [("12", "casualties", None), ("four", "casualties", "part")]),
    ("Shelling killed 30 civilians - eight of them children - on Monday.",
     [("30", "casualties", None), ("eight", "casualties", "part")]),
    # a bare count before it keeps its own verb; the part does not lend it its noun
    ("The strike injured over 70, over a dozen of them children.",
     [("over 70", "casualties", None), ("over a dozen", "casualties", "part")]),
])
def test_a_part_named_by_who_they_are(text, expected):
    got = [(f.number_text, f.category, f.part_of and "part") for f in extract_figures(text)]
    assert got == expected


def test_a_part_of_a_count_that_is_no_figure_is_none():
    # trap: pupils are not a figure, so neither are the girls among them
    assert figures("The school has 300 pupils, 120 of them girls.") == []


@pytest.mark.parametrize("text,expected", [
    # responders are never people in need, but they are casualties when killed, injured or missing
    ("Tragically, 10 humanitarian workers from Relief International were also killed.", [("10", "casualties")]),
    ("The strike killed 12 aid workers.", [("12", "casualties")]),
    ("Three firefighters were injured and 2,000 residents were evacuated.",
     [("Three", "casualties"), ("2,000", "evacuated")]),
])
def test_responders_harmed_are_casualties(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    # traps: responders who come, stay or are evacuated are no figure
    "Some 70 humanitarian staff were evacuated from the town on Thursday.",
    "About 1,200 volunteers and 300 firefighters were deployed to help the evacuees.",
])
def test_responders_who_help_are_no_figure(text):
    assert figures(text) == []


@pytest.mark.parametrize("text,expected", [
    # registered with a camp is in the camp
    ("Some 41,000 were registered with the Internally Displaced Persons camps.", [("Some 41,000", "camp")]),
    ("About 2,000 families are registered with the camp management.", [("About 2,000", "camp")]),
])
def test_registered_with_a_camp(text, expected):
    assert figures(text) == expected


def test_registered_with_an_agency_is_no_camp():
    # trap: registration alone says nothing of where people are
    assert figures("Some 5,000 people were registered with the agency.") == []

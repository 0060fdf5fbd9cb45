"""Which place a figure is about: its list item, its clause, the sentences before it (issue 12).

Each rule is tested with sentences of its class, written for these tests, and a trap that the
rule must leave alone.
"""
import pytest

from displacement.places import article_context, find_places, locate_figure
from displacement.sentences import sentence_at


def locate(text: str, number: str, category: str | None = None):
    mentions = find_places(text)
    pos = text.index(number)
    return locate_figure(text, sentence_at(text, pos), (pos, pos + len(number)), mentions,
                         article_context(text, mentions), category)


# --- a list of figures: each number takes the place of its own item ------------------------

LIST_ITEMS = [
    # "N in Place" items
    ("There are now 90,000 refugees in the region (40,000 in Chad, 35,000 in Niger and 15,000 in Cameroon).",
     "35,000", "refugees", "Niger"),
    ("There are now 90,000 refugees in the region (40,000 in Chad, 35,000 in Niger and 15,000 in Cameroon).",
     "15,000", "refugees", "Cameroon"),
    ("Deaths were reported across the south, including 4 in Kandahar, 3 in Helmand and 1 in Zabul.",
     "3", "casualties", "Helmand"),
    # "Place (N)" items
    ("The worst hit districts are Sylhet (12,400 displaced), Sunamganj (8,100) and Habiganj (3,900).",
     "8,100", "displaced", "Sunamganj"),
    ("The worst hit districts are Sylhet (12,400 displaced), Sunamganj (8,100) and Habiganj (3,900).",
     "12,400", "displaced", "Sylhet"),
    # "Place has received N and Place N"
    ("Kenya has taken in 2,300 new refugees and Uganda 1,900.", "2,300", "refugees", "Kenya"),
    ("Kenya has taken in 2,300 new refugees and Uganda 1,900.", "1,900", "refugees", "Uganda"),
]


@pytest.mark.parametrize("text,number,category,place", LIST_ITEMS)
def test_each_figure_of_a_list_takes_its_own_place(text, number, category, place):
    loc = locate(text, number, category)
    assert loc.place is not None and loc.location_text == place, (loc.place, loc.rule)


def test_a_restatement_in_brackets_is_not_a_list_item():
    # trap: "(about 1,600 people)" restates the households; the figure keeps its clause's reading
    text = ("About 310 households (about 1,600 people) arrived in Kindu between 1 and 8 March from "
            "neighbouring Tanganyika province.")
    assert locate(text, "310", "displaced").rule != "item"


def test_a_list_of_places_before_a_figure_is_one_list():
    # trap: the item of 5,000 starts at "Hama", but Aleppo, Idlib and Hama are one list: the
    # figure is in all three (their country), never in one of them
    text = "Fighting in Aleppo, Idlib and Hama displaced 5,000 people and killed 20 civilians."
    loc = locate(text, "5,000", "displaced")
    assert (loc.place.name, loc.location_text, loc.precision) == ("Syria", "Aleppo, Idlib and Hama", "country")


# --- refugees are counted where they are ------------------------------------------------------

@pytest.mark.parametrize("text,number,place", [
    ("Colombia has received over 1 million Venezuelan refugees and migrants.", "over 1 million", "Colombia"),
    ("More than 43,000 Syrians have fled as refugees to Jordan this year.", "43,000", "Jordan"),
    ("Chad now hosts 120,000 Sudanese refugees.", "120,000", "Chad"),
])
def test_refugees_are_counted_in_the_host_country(text, number, place):
    loc = locate(text, number, "refugees")
    assert loc.place.name == place
    assert loc.destination == place


@pytest.mark.parametrize("text,number,category,place", [
    # traps: people displaced across a border are counted in their own country (IDMC), and
    # refugees crossing back from a foreign country are not counted in it
    ("More than 405,000 South Sudanese have fled to Uganda since January.", "405,000", "displaced", "South Sudan"),
    ("Between 1 and 8 October, 52,000 Afghans crossed the border from Pakistan.", "52,000", "refugees", "Afghanistan"),
])
def test_people_named_by_their_country_stay_there_unless_they_are_refugees_abroad(text, number, category, place):
    assert locate(text, number, category).place.name == place


# --- a demonym that names an organisation is not the people -----------------------------------

@pytest.mark.parametrize("text,number", [
    ("The Syrian Observatory said some 8,000 people left the city of Aleppo overnight.", "8,000"),
    ("The Kenyan Red Cross said 2,000 people had fled in Garissa.", "2,000"),
])
def test_a_demonym_starting_a_name_is_an_organisation(text, number):
    assert locate(text, number, "displaced").rule != "demonym"


def test_a_demonym_before_a_title_still_names_the_country():
    text = "The Guatemalan President said on Friday that about 150 people were dead or missing."
    loc = locate(text, "about 150", "casualties")
    assert (loc.place.name, loc.rule) == ("Guatemala", "demonym")


# --- the sentences before set up the place ----------------------------------------------------

@pytest.mark.parametrize("text,number,place", [
    ("In Southern California, the Woolsey Fire was 10 percent contained on Saturday. "
     "It has forced over 200,000 evacuations.", "200,000", "California"),
    ("Heavy rain hit Kerala again on Monday. Officials said 14,000 people were in relief camps.",
     "14,000", "Kerala"),
    ("The shelling of Kharkiv went on overnight. Hundreds of residents took refuge in the metro. "
     "About 3,000 people have left since Friday.", "About 3,000", "Kharkiv"),
])
def test_a_figure_without_a_place_takes_the_place_of_the_sentences_before(text, number, place):
    loc = locate(text, number, "displaced")
    assert loc.place.name == place and loc.rule in ("previous", "before", "main_place")


def test_only_a_sentence_that_goes_on_about_the_one_before_takes_its_place():
    before = ("Floods hit Guatemala on Sunday. Rivers burst their banks in Alta Verapaz, Quiché and Escuintla "
              "overnight. ")
    # a pronoun carries the place on: "They" are the floods in those provinces
    loc = locate(before + "They forced 8,938 people to leave.", "8,938", "displaced")
    assert (loc.place.name, loc.rule) == ("Alta Verapaz", "previous")
    # trap: a new statement with no place of its own is about the article's country, not the
    # last province named
    loc = locate(before + "Officials said 8,938 people have been evacuated.", "8,938", "displaced")
    assert (loc.place.name, loc.precision) == ("Guatemala", "country")


def test_the_place_of_another_paragraph_is_not_taken():
    # trap: a new paragraph starts a new subject; the figure falls back to the article's country
    text = ("Fighting continued in Kharkiv, Ukraine, on Monday.\n\n"
            "Aid agencies said about 3,000 people needed shelter.")
    assert locate(text, "about 3,000", "displaced").rule != "previous"


# --- storms and persons with a title are not places --------------------------------------------

def test_a_storm_name_is_never_a_place_in_its_article():
    text = ("Hurricane Eta hit Guatemala on Tuesday. Officials fear the effects of Eta will last for "
            "weeks; 8,000 people have been evacuated.")
    names = [m.place.name for m in find_places(text)]
    assert names == ["Guatemala"]


def test_a_place_named_after_a_title_elsewhere_is_still_a_place():
    # trap: the ban is for the titled name only
    text = "Typhoon Haiyan struck Tacloban; 4,000 people fled Tacloban for Cebu."
    assert [m.place.name for m in find_places(text)].count("Tacloban City") + \
        [m.text for m in find_places(text)].count("Tacloban") >= 2


# --- a clause opened by "where" is about the place before its comma ---------------------------

@pytest.mark.parametrize("text,number,place", [
    ("The first flight carried 149 evacuees from San Antonio, where 10,400 evacuees were housed in a "
     "former air base, to the fairgrounds in Phoenix.", "10,400", "San Antonio"),
    ("Thousands fled to Goma, where 40,000 people are now sheltering in schools and churches.", "40,000", "Goma"),
    # a place with what says where it lies: the place itself (the class of a probe article)
    ("Cyclone Mocha hit Cox's Bazar in Bangladesh, where more than one million Rohingya refugees live.",
     "more than one million", "Cox's Bazar"),
    ("Many fled to Erbil, Iraq, where 10,400 evacuees were housed.", "10,400", "Erbil"),
    ("Aid reached Malakal, in Upper Nile state, where 30,000 people shelter in a UN base.", "30,000", "Malakal"),
])
def test_a_where_clause_is_about_the_place_before_it(text, number, place):
    loc = locate(text, number, "camp")
    assert (loc.location_text, loc.rule) == (place, "where")


def test_a_where_clause_after_two_places_of_a_movement_is_about_the_last():
    # trap: "from Mosul to Erbil": Erbil does not say where Mosul lies
    loc = locate("They moved from Mosul to Erbil, where 3,000 families live in camps.", "3,000", "camp")
    assert loc.location_text == "Erbil"


def test_a_where_clause_that_names_its_own_place_keeps_it():
    # trap: the clause names where the people are
    text = "Thousands fled Goma, where in Sake 40,000 people are now sheltering."
    assert locate(text, "40,000", "camp").rule != "where"


# --- "the country" is the article's country; months are never places -------------------------

def test_the_country_is_the_articles_country():
    text = ("Floods have swamped a third of the country, killing more than 1,100 people. "
            "In Pakistan, aid began to arrive on Tuesday.")
    loc = locate(text, "1,100", "casualties")
    assert (loc.place.name, loc.precision) == ("Pakistan", "country")


@pytest.mark.parametrize("text", [
    "Floods have killed more than 410 people since May in Kerala state.",
    "About 2,000 people fled in March to Kerala.",
])
def test_a_month_is_not_a_place(text):
    assert "May" not in [m.text for m in find_places(text)] and "March" not in [m.text for m in find_places(text)]


# --- the main place of an article only stands for it when it is its subject --------------------

def test_a_place_named_once_in_a_long_article_does_not_place_its_other_figures():
    text = ("More than two million people had been displaced by the floods. " + "Aid was slow to arrive. " * 40 +
            "In Nowshera, a college sheltered 2,500 people. The country appealed for help.")
    assert locate(text, "two million", "displaced").rule != "main_place"


# --- sites the gazetteer does not hold ----------------------------------------------------------

from displacement import sites  # noqa: E402


def site_mentions(text):
    mentions = find_places(text)
    return [(m.text, m.place.name, m.place.precision, m.place.country_iso3, m.place.admin1)
            for m in sites.with_sites(text, mentions, article_context(text, mentions).country)]


@pytest.mark.parametrize("text,site,precision,country", [
    ("Some 2,000 families are sheltering in the Hamidiya collective centre in Tartous.",
     "Hamidiya collective centre", "camp", "SYR"),
    ("The landslide buried the remote village of Quejá, in the region of Alta Verapaz in Guatemala.",
     "Quejá", "place", "GTM"),
    ("Refugees were moved from Village 8 near Hamdayet in Sudan.", "Village 8", "place", "SDN"),
    ("About 400 people live in the Bentiu transit centre in South Sudan.", "Bentiu transit centre", "camp", "SSD"),
])
def test_a_site_is_kept_as_written_in_its_parent(text, site, precision, country):
    found = [m for m in site_mentions(text) if m[0] == site]
    assert found and found[0][2:4] == (precision, country), site_mentions(text)


def test_a_site_takes_the_gazetteers_entry_when_it_has_one():
    found = site_mentions("In the Balukhali camp alone, some 3,000 people arrived from Rakhine.")
    assert found[0][:4] == ("Balukhali camp", "Balukhali Camp", "camp", "BGD")


@pytest.mark.parametrize("text", [
    "Refugee camps are full and Makeshift camps have sprung up.",
    "Makeshift camps have sprung up all over the country.",
    "The Main camp is full; Syrian camps hold 4,000 and the UN camp is closed.",
    "Thirteen villages were burnt down in Kenya.",
    "About 860 people were displaced in Tsholotsho district.",
])
def test_ordinary_words_lists_and_known_districts_are_not_new_sites(text):
    assert [m for m in site_mentions(text) if m[1] == m[0] and m[2] in ("camp", "place")
            and m[0] not in ("Tsholotsho",)] == []


def test_a_figure_in_a_site_is_located_at_the_site_with_its_divisions_point():
    from displacement.extract import extract_figures
    f, = extract_figures("About 5,000 people fled to the Hamidiya collective centre in Tartous, Syria.")
    assert (f.location, f.location_precision, f.country_iso3, f.geo_precision) == \
        ("Hamidiya collective centre", "camp", "SYR", "admin1")


# --- "respectively" pairs a list of numbers with the list of places before it -------------------

@pytest.mark.parametrize("number,place", [("12,400", "Sylhet"), ("8,100", "Sunamganj"), ("3,900", "Habiganj")])
def test_respectively_pairs_numbers_with_places(number, place):
    text = ("Most returns were to Sylhet, Sunamganj and Habiganj districts (12,400, 8,100 and 3,900 "
            "returnees respectively).")
    loc = locate(text, number, "returnees")
    assert (loc.location_text, loc.rule) == (place, "respectively")


def test_respectively_with_fewer_places_than_numbers_reads_nothing_into_them():
    # trap: two places for three numbers: no pairing
    text = "Most returns were to Sylhet and Sunamganj (12,400, 8,100 and 3,900 returnees respectively)."
    assert locate(text, "8,100", "returnees").rule != "respectively"


# --- a total whose parts are placed is where all of them are -----------------------------------

def test_a_total_with_placed_parts_is_at_their_shared_country():
    text = "At least 9 deaths were reported, including 3 in Narok, 2 in Siaya and 4 in Kisumu."
    loc = locate(text, "9", "casualties")
    assert (loc.place.name, loc.precision, loc.rule) == ("Kenya", "country", "parts")


def test_a_total_with_one_placed_subgroup_keeps_the_clause_place():
    # trap: "(including 44 older people and 139 children)" are subgroups, the place is the clause's
    text = "About 300 people (including 44 older people and 139 children) were evacuated from the city of Avdiivka."
    assert locate(text, "About 300", "evacuated").rule != "parts"


# --- refugees named by their country are not placed in it ----------------------------------------

def test_refugees_named_by_demonym_take_the_articles_place_not_their_country():
    text = ("Nigeria's Cross River state hosts most of the new arrivals. In Cross River state, officials said "
            "more than 33,000 Cameroonians have taken refuge from violence.")
    loc = locate(text, "33,000", "refugees")
    assert loc.place.country_iso3 == "NGA"


# --- an article about one division's places is about the division --------------------------------

def test_an_article_naming_a_divisions_places_has_the_division_as_main_place():
    text = ("Floods hit Kerala in August. Rescue teams reached Aluva, Thrissur and Alappuzha. "
            "Idukki and Kottayam were cut off. Boats were sent to Ernakulam.")
    ctx = article_context(text, find_places(text))
    assert ctx.main_place is not None and ctx.main_place.place.name == "Kerala"


# --- no false places: directions, defined acronyms ------------------------------------------------

def test_a_direction_in_a_dateline_qualifies_the_country():
    text = "SOUTHERN SYRIA — About 3,000 people fled on Monday, the UN said."
    ctx = article_context(text, find_places(text))
    assert (ctx.dateline.place.name, ctx.country.name) == ("Syria", "Syria")


def test_a_direction_with_a_division_noun_is_still_a_place():
    # trap: "the Southern Province" is a division
    assert [m.place.precision for m in find_places("Fighting in the Southern Province displaced 300.")] == ["admin1"]


@pytest.mark.parametrize("text,acronym,place", [
    ("The Cordillera Administrative Region (CAR) reported 8 missing. Eight were in CAR.", "CAR",
     "Cordillera Administrative Region"),
    ("Fighting in the Central African Republic (CAR) displaced 5,000. In CAR, the UN said.", "CAR",
     "Central African Republic"),
])
def test_an_acronym_means_what_the_article_defines(text, acronym, place):
    assert {m.place.name for m in find_places(text) if m.text == acronym} == {place}


def test_an_acronym_defined_as_no_place_is_no_place():
    text = "The Syrian Democratic Forces (SDF) took Raqqa. SDF fighters left."
    assert [m.text for m in find_places(text)] == ["Raqqa"]


# --- second batch of fresh articles: possessive names, actors, refugees where they are -----------

def test_a_name_with_a_possessive_inside_is_one_place():
    text = "Nearly 800 shelters were destroyed in Cox's Bazar, bordering Myanmar."
    assert [m.text for m in find_places(text)][:1] == ["Cox's Bazar"]


def test_a_possessive_country_stays_a_country():
    # trap: "Iraq's displaced" is Iraq
    assert [m.text for m in find_places("Iraq's displaced number 3 million.")] == ["Iraq"]


@pytest.mark.parametrize("text,number,place", [
    ("At least 12 million people have fled their homes in Ukraine since Russia's attack began.",
     "12 million", "Ukraine"),
    ("More than 90,000 people fled their homes in Lebanon in intense Israeli attacks.", "90,000", "Lebanon"),
    ("About 400,000 people in Kharkiv were uprooted in an offensive by Russia.", "400,000", "Kharkiv"),
])
def test_who_acted_is_not_where_the_people_are(text, number, place):
    loc = locate(text, number, "displaced")
    assert place in (loc.location_text or ""), loc


def test_refugees_crossing_a_border_are_counted_where_they_arrive():
    text = "As the Sudan crisis continues, hundreds of thousands have crossed the border to neighbouring South Sudan."
    loc = locate(text, "hundreds of thousands", "refugees")
    assert (loc.location_text, loc.origin, loc.destination) == ("South Sudan", None, None) or \
        loc.location_text == "South Sudan"


def test_people_in_camps_whose_sentence_names_only_where_they_fled_from():
    text = ("DHAKA: A fire tore through a refugee camp in Bangladesh on Sunday.\n\n"
            "Over a million refugees reside in densely packed camps, having fled Myanmar's crackdown in 2017.")
    loc = locate(text, "a million", "camp")
    assert loc.place.country_iso3 == "BGD", loc


# --- third batch: names placed one by one in a list, facilities, possessives ----------------------

def test_each_name_of_a_list_of_figures_is_a_place_even_unknown_to_the_gazetteer():
    from displacement.extract import extract_figures
    text = ("More than 3,000 people fled clashes in Minbya Township in Rakhine State, Myanmar. There are more than "
            "1,100 IDPs taking refuge in Thaykan, nearly 500 in Anntha, over 400 in U Soe Tint ward and over 100 "
            "at Yadanarmon monastery.")
    got = {f.number_text: (f.location, f.country_iso3) for f in extract_figures(text)}
    assert got["more than 1,100"] == ("Thaykan", "MMR")
    assert got["nearly 500"] == ("Anntha", "MMR")
    assert got["over 400"] == ("U Soe Tint ward", "MMR")
    assert got["over 100"] == ("Yadanarmon monastery", "MMR")


def test_one_figure_in_a_capitalised_word_is_no_list():
    # trap: a single "N in Name" is not enough to make an unknown word a place
    text = "In Kenya the floods displaced 2,000 people in Marsabit-North last week."
    assert "Marsabit-North" not in [m[0] for m in site_mentions(text)]


def test_a_possessive_before_a_site_noun_is_whose_site_not_its_name():
    text = "In Myanmar, Phu Gyi's village was devastated; 300 people fled it."
    assert [m for m in site_mentions(text) if "Gyi" in m[0]] == []


def test_federal_states_and_zones():
    text = "So far, 21 people are dead, including nine in Hirshabelle State, four in Jubaland State and eight in Banadir region."
    assert (locate(text, "nine", "casualties").place.name, locate(text, "four", "casualties").place.name) == \
        ("Hirshabelle", "Jubaland")
    assert locate(text, "21", "casualties").place.name == "Somalia"
    assert [m[0] for m in site_mentions("There are 642,152 IDPs in Gedeo zone, Ethiopia.")][:1] == ["Gedeo zone"]


def test_a_fronted_place_is_the_first_items_place():
    text = "In Dhubri, 1,55,314 people are living in the relief camps, 77,459 in Kokrajhar and 12,602 in Bongaigaon."
    assert locate(text, "1,55,314", "camp").place.name == "Dhubri"


def test_followed_by_a_country_is_no_actor():
    text = "Tanzania is the leading host with 131,000, followed by Rwanda, which is housing at least 73,000 refugees."
    assert locate(text, "73,000", "refugees").place.name == "Rwanda"


def test_each_name_of_a_list_before_a_plural_place_noun_is_a_place():
    text = ("PESHAWAR, Pakistan — For the more than 2 million people displaced from northwestern Swat and Buner "
            "districts, pressure is coming from all sides.")
    assert [(m[0], m[2], m[3]) for m in site_mentions(text) if m[0] in ("Swat", "Buner")] == \
        [("Swat", "place", "PAK"), ("Buner", "place", "PAK")]
    from displacement.extract import extract_figures
    assert [(f.location, f.location_text) for f in extract_figures(text)] == [("Pakistan", "Swat and Buner districts")]


def test_a_list_of_ordinary_words_before_a_plural_place_noun_names_nothing():
    # trap: "Northern and Southern districts" are directions, not names
    text = "In Kenya, floods hit the Northern and Southern districts, displacing 3,000 people."
    assert [m for m in site_mentions(text) if m[0] in ("Northern", "Southern")] == []


@pytest.mark.parametrize("text,number,zone", [
    ("In Japan, about 80,000 residents had to leave the exclusion zone around the plant.", "about 80,000",
     "exclusion zone"),
    ("In Sri Lanka, about 35,000 people were waiting to leave the no-fire zone. Thousands more remain in the zone.",
     "Thousands", "no-fire zone"),
])
def test_a_designated_zone_is_where_people_are(text, number, zone):
    from displacement.extract import extract_figures
    got = {f.number_text: (f.location, f.location_precision, f.country_iso3) for f in extract_figures(text)}
    assert got[number][0] == zone and got[number][2] in ("JPN", "LKA")


def test_a_time_zone_or_a_war_zone_is_no_place():
    # trap: only designated zones (no-fire, safe, buffer, exclusion...) are places
    text = "In Kenya, 3,000 people fled the war zone in the same time zone."
    assert [m[0] for m in site_mentions(text) if "zone" in m[0]] == []


@pytest.mark.parametrize("text,number,expected", [
    # the places of the parts listed after a total are not the total's: their shared parent is
    ("Floods displaced 20,000 people: Kisumu (7,704), Busia (4,056).", "20,000", "Kenya"),
    ("Heavy rain displaced 9,000 people (4,000 in Kisumu and 5,000 in Busia) last week.", "9,000", "Kenya"),
    # parts in different countries: the place comes from outside the list
    ("In West Africa, some 147,000 refugees (55,221 in Mauritania, 52,875 in Niger and 26 in Guinea) are hosted.",
     "147,000", None),
])
def test_a_total_is_not_placed_at_its_first_part(text, number, expected):
    located = locate(text, number, "displaced")
    assert (located.place.name if located.place and located.place.precision == "country" else None) == expected
    assert located.location_text not in ("Kisumu", "Mauritania")


def test_a_restatement_in_brackets_is_no_list_of_parts():
    # trap: one number in the bracket restates the total; the place after it is the figure's
    located = locate("In Mali, 20,000 people (about 4,000 families) fled Gao.", "20,000", "displaced")
    assert located.location_text == "Gao"


@pytest.mark.parametrize("text,number,expected", [
    # where a speaker stood or a quake was centred is not where the people counted are
    ("Speaking in Ankara on Monday, Mr Erdogan said 47,000 buildings had been destroyed in Turkey.", "47,000", "Turkey"),
    ("More than 2,000 people fled the fighting in Goma, the minister told reporters in Kinshasa.", "2,000", "Goma"),
    ("He said 105,505 were injured in Turkey by the quake centred around Kahramanmaras.", "105,505", "Turkey"),
    ("At a meeting on Tuesday in Quelimane, capital of Zambezia province, the minister said 38,000 people were "
     "sheltered in Mozambique.", "38,000", "Mozambique"),
    # trap: a place that is only where people are stays theirs
    ("About 3,000 people are sheltering in Ankara, officials said.", "3,000", "Ankara"),
    ("Some 2,000 people are sheltering at the meeting hall in Quelimane.", "2,000", "Quelimane"),
])
def test_a_speakers_or_epicentres_place_is_not_the_figures(text, number, expected):
    assert locate(text, number, "displaced").place.name == expected


@pytest.mark.parametrize("text,name,country", [
    # names joined by hyphens and lower-case particles are one name
    ("More than 33,000 people have fled the capital of Port-au-Prince.", "Port-au-Prince", "HTI"),
    ("Some 2,000 people were evacuated from Boulogne-sur-Mer.", "Boulogne-sur-Mer", "FRA"),
    # "St." is Saint; a country is often written by its main island
    ("There were 711 people in shelters on St. Vincent.", "Saint Vincent and the Grenadines", "VCT"),
    ("Floods hit Trinidad, displacing 300 people.", "Trinidad and Tobago", "TTO"),
])
def test_hyphenated_and_abbreviated_names(text, name, country):
    located = locate(text, [w for w in text.split() if w[0].isdigit()][0].rstrip(","), "displaced")
    assert (located.place.name, located.place.country_iso3) == (name, country)


@pytest.mark.parametrize("text,number,expected", [
    # a count with its own "in <Name>" names its place, known to the gazetteer or not, a leading
    # direction included
    # (a site the gazetteer lacks is placed in the article's country: there is one here)
    ("Fires raged across Australia. At least 28 people are still missing in East Gippsland.", "28", "East Gippsland"),
    ("Clashes spread in Mozambique. About 7,000 IDPs in Bimbwi area were forced to flee.", "7,000", "Bimbwi"),
    # trap: a month after "in" names no place
    ("Fires raged across Australia. At least 28 people are still missing in December.", "28", "Australia"),
])
def test_a_single_count_names_its_unknown_place(text, number, expected):
    from displacement.extract import extract_figures
    figure = next(f for f in extract_figures(text) if f.number_text.endswith(number))
    assert figure.location_text == expected


@pytest.mark.parametrize("name,expected", [
    ("Bosnia", ("Bosnia and Herzegovina", "BIH", "country")),
    ("Cape Verde", ("Cabo Verde", "CPV", "country")),
    ("Sicily", ("Sicily", "ITA", "admin1")),
    ("Canary Islands", ("Canary Islands", "ESP", "admin1")),
])
def test_common_english_names(name, expected):
    from displacement.places import resolve
    p = resolve(name)
    assert (p.name, p.country_iso3, p.precision) == expected


@pytest.mark.parametrize("text,number,expected", [
    # "by sea/boat/land from X" is the way people came: X is where they came from, and refugees
    # are counted where they are
    ("Greece has seen continuing arrivals of thousands of refugees and migrants by sea from Turkey.",
     "thousands", "Greece"),
    ("Italy recorded 2,000 refugees who came by boat from Libya last week.", "2,000", "Italy"),
    # trap: "by" before "from" that names a cause keeps the place where it happened
    ("About 3,000 people were displaced by shelling from Pakistan.", "About 3,000", "Pakistan"),
])
def test_refugees_are_not_counted_where_they_came_from(text, number, expected):
    category = "displaced" if "displaced" in text else "refugees"
    assert locate(text, number, category).place.name == expected


@pytest.mark.parametrize("text,number,expected", [
    # a country before a place with a possessive only says whose place it is
    ("Thousands of families have been forced to flee Sudan’s Zamzam camp in North Darfur.", "Thousands", "Zamzam Camp"),
    ("About 3,000 people fled Iraq's Anbar province last week.", "About 3,000", "Anbar"),
    # trap: a possessive of another country is no qualifier ("Russia's" acts, Ukraine's city holds the people)
    ("About 3,000 people fled Kharkiv after Russia's attack on Ukraine's second city.", "About 3,000", "Kharkiv"),
])
def test_a_possessive_country_only_says_whose_place_it_is(text, number, expected):
    assert locate(text, number, "displaced").place.name == expected


@pytest.mark.parametrize("text,number,expected", [
    # a country named before what it does acts; it is not where people went
    ("At least 800,000 people have fled their North Waziristan homes to avoid government crackdowns and US drone "
     "strikes.", "At least 800,000", "North Waziristan"),
    ("Some 5,000 people fled to Kharkiv to escape Russia army shelling.", "Some 5,000", "Kharkiv"),
    # trap: a country followed by an ordinary noun is still a place
    ("About 20,000 refugees fled to Chad border towns.", "About 20,000", "Chad"),
])
def test_a_country_before_its_forces_acts(text, number, expected):
    assert locate(text, number, "displaced").place.name == expected


# --- regions across countries: the figure stays in the region, with no country ----------------

from displacement.extract import extract_document, extract_figures  # noqa: E402
from displacement.model import Document  # noqa: E402


@pytest.mark.parametrize("text,place", [
    # the dev sentence's class, and wordings of our own
    ("Some 2.4 million Venezuelan refugees and migrants are in Latin America and the Caribbean.",
     "Latin America and the Caribbean"),
    ("More than 1 million refugees have arrived in Europe this year, most of them Syrians.", "Europe"),
    ("Drought has displaced 1.2 million people across the Horn of Africa.", "Horn of Africa"),
    ("About 3,100 people died or went missing in the Mediterranean last year.", "Mediterranean Sea"),
])
def test_a_figure_in_a_region_across_countries_stays_there_without_a_country(text, place):
    figure, = extract_figures(text)
    assert (figure.location, figure.country_iso3) == (place, None)


def test_a_region_named_like_a_town_abroad_does_not_elect_that_country():
    # "Middle East" and "Africa" are also towns in the United States and Mexico: the curated
    # region wins, and casts no vote for the article's country
    figure, = extract_figures("About 4,000 refugees fled to Africa and the Middle East.")
    assert (figure.location, figure.country_iso3) == ("Africa", None)


def test_a_region_after_the_figure_does_not_beat_the_places_of_its_sentence():
    # trap: "in Africa" only compares the figure with others; the flooding was in Afar and Amhara
    text = ("Between March and June, flooding in Afar, Amhara and Oromia displaced 56,000 people, "
            "the largest displacement caused by natural hazards in Africa so far this year.")
    figure, = extract_figures(text)
    assert (figure.location, figure.location_text, figure.country_iso3) == ("Ethiopia", "Afar, Amhara and Oromia", "ETH")


@pytest.mark.parametrize("text,place,country", [
    # the dev sentence's class, and wordings of our own
    ("In Nigeria’s Cross River state, bordering south-west Cameroon, more than 33,000 Cameroonians have "
     "taken refuge from violence, officials said.", "Cross River", "NGA"),
    ("Some 12,000 Sudanese have sought shelter in camps around Adre in Chad.", "Adré", "TCD"),
    ("More than 5,000 Afghans are sheltering in the Pakistani city of Peshawar.", "Peshawar", "PAK"),
])
def test_people_of_one_country_sheltering_in_another_are_refugees_where_they_are(text, place, country):
    figure, = extract_figures(text)
    assert (figure.category, figure.location, figure.country_iso3) == ("refugees", place, country)


def test_people_sheltering_in_their_own_country_stay_a_camp_figure():
    # trap: no border crossed
    figure, = extract_figures("About 3,000 Nigerians have taken refuge in schools in Maiduguri.")
    assert (figure.category, figure.location) == ("camp", "Maiduguri")


# --- natural features and facilities named after their kind ----------------------------------

@pytest.mark.parametrize("text,place", [
    # the dev sentence's class (d210: "a deadly avalanche on Mount Everest ... killing 18 people")
    ("In Nepal, the earthquake caused a deadly avalanche on Mount Everest, killing 18 people.", "Mount Everest"),
    ("Some 354 Congolese had crossed Lake Albert into Uganda, UNHCR said.", "Lake Albert"),
    ("In Guatemala, the Fuego Volcano erupted, forcing 3,000 people from their homes.", "Fuego Volcano"),
    ("In Pakistan, about 400 passengers were stranded at Jinnah International Airport.", "Jinnah International Airport"),
    ("Pakistani officials said the Swat Valley floods displaced 20,000 people.", "Swat Valley"),
])
def test_a_feature_named_after_its_kind_is_the_figures_place(text, place):
    figure, = [f for f in extract_figures(text) if f.category != "other"]
    assert figure.location == place


def test_a_lake_the_gazetteer_holds_is_its_entry_and_a_feature_word_alone_is_nothing():
    figure, = extract_figures("According to IOM, 3 million people in the Lake Chad region have been displaced.")
    assert (figure.location, figure.country_iso3) == ("Lake Chad Basin", None)
    # trap: a capitalised feature noun before a common word names nothing
    figure, = extract_figures("Lake levels rose in Kenya and 300 people fled their homes.")
    assert figure.location == "Kenya"


# --- a figure over a list of places is in all of them -----------------------------------------

LISTS = [
    # (text, number, location, location_text, country): the list as written, the one division or
    # country that holds every member, never one member for the whole
    # IDMC excerpt (idetect-50)
    ("About 5,400 people fled fighting in Farah, Faryab, Kunar, Herat and Badghis provinces between 26 February "
     "and 4 March.", "About 5,400", "Afghanistan", "Farah, Faryab, Kunar, Herat and Badghis provinces", "AFG"),
    # our wordings: members of one division, and names the gazetteer lacks before / after a known one
    ("About 41,000 people were trapped in Mosul, Tal Afar and Sinjar as roads were closed.",
     "About 41,000", "Nineveh", "Mosul, Tal Afar and Sinjar", "IRQ"),
    ("About 41,000 people were trapped in Al Mashaleeha, Al Zahari and Al Mukha areas as roads were closed.",
     "About 41,000", "Yemen", "Al Mashaleeha, Al Zahari and Al Mukha areas", "YEM"),
    ("Violence has forced 3,000 people to flee from Bocaranga and Koui to Bozoum.",
     "3,000", "Central African Republic", "Bocaranga and Koui", "CAF"),
    # members in several countries: no one place, no country
    ("More than 20,000 people were evacuated to shelters in Costa Rica, Nicaragua and Panama.",
     "More than 20,000", None, "Costa Rica, Nicaragua and Panama", None),
]


@pytest.mark.parametrize("text,number,location,location_text,country", LISTS)
def test_a_figure_over_a_list_of_places_is_in_all_of_them(text, number, location, location_text, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.location_text, figure.country_iso3) == (location, location_text, country)


@pytest.mark.parametrize("text,location", [
    # traps: a place and where it is, a person's name after a comma, an agency after "and", months
    ("More than 5,000 people were evacuated in Great Yarmouth, Norfolk, after fears of a storm surge.",
     "Great Yarmouth"),
    ("Some 3,000 people fled to Mosul, Jordan Peterson said.", "Mosul"),
    ("Some 3,000 people fled to Mosul and UNHCR said more would follow.", "Mosul"),
    ("Some 2,000 people fled in January and February from Mosul.", "Mosul"),
])
def test_what_only_looks_like_a_list_of_places_is_not_one(text, location):
    figure, = extract_figures(text)
    assert figure.location == location


# --- the headline names what the story is about -------------------------------------------------

def _extract_titled(title: str, text: str):
    from displacement.model import Document
    from displacement.extract import extract_document
    return extract_document(Document(id="t", text=text, title=title))


@pytest.mark.parametrize("title,text,number,location", [
    # the dev article's class (d214): a figure whose sentences name no place, in a story whose
    # headline names the town
    ("Tourists stranded in bushfire-ravaged Mallacoota are about to be freed by Navy",
     "A mass evacuation is underway in Mallacoota, Victoria, Australia.\n\nAbout 100 people, including families "
     "with small children, were escorted by military personnel to the wharf.", "About 100", "Mallacoota"),
    # our wordings
    ("Floods cut off Beledweyne as river bursts its banks",
     "Heavy rain in Somalia has swollen the Shabelle river. Beledweyne was flooded on Monday.\n\n"
     "Since then, more than 20,000 people have fled their homes, officials said.", "more than 20,000", "Beledweyne"),
    ("Fighting in Marawi drives families out",
     "The army said on Monday that it controls most of the Philippines' south. Marawi remains tense.\n\n"
     "About 3,000 families have left, a local official said.", "About 3,000", "Marawi City"),
])
def test_a_figure_no_sentence_places_is_where_the_headline_says(title, text, number, location):
    figure = next(f for f in _extract_titled(title, text) if f.number_text == number)
    assert figure.location == location


@pytest.mark.parametrize("title,text,number,location", [
    # traps: the sentence names its own place; the headline's place is in another country; the
    # headline's place is not in the body
    ("Fighting in Marawi drives families out",
     "Marawi remains tense.\n\nAcross the country, 5.6 million people are displaced inside the Philippines.",
     "5.6 million", "Philippines"),
    ("Mosul offensive: refugees reach Syria's Hasakah",
     "Fighting continues in Syria.\n\nSince then, more than 2,000 people have fled, officials said.",
     "more than 2,000", "Syria"),
    ("Storm hits Beira",
     "Heavy rain fell across Mozambique.\n\nSince then, more than 2,000 people have fled their homes.",
     "more than 2,000", "Mozambique"),
])
def test_the_headline_does_not_override_the_text(title, text, number, location):
    figure = next(f for f in _extract_titled(title, text) if f.number_text == number)
    assert figure.location == location


# --- a body's name says where it works, not where the people are --------------------------------

@pytest.mark.parametrize("text,location", [
    # the dev sentence's class (d203): the article is about Malakal
    ("Fighting broke out in Malakal. Malakal is tense.\n\nAbout 15,000 people have sought shelter on a narrow "
     "strip of land near the UN Mission in South Sudan base, 500 metres from the camp.", "Malakal"),
    # our wordings; with nothing else, the body's country is still the article's
    ("The Human Rights Commission of Pakistan said 3,000 families fled their homes.", "Pakistan"),
    ("Heavy fighting hit Bunia. Bunia is calm now.\n\nThe UN Stabilization Mission in the Democratic Republic of "
     "the Congo said 4,000 people sheltered at its base.", "Bunia"),
])
def test_a_place_that_ends_a_body_name_is_not_the_figures_place(text, location):
    figure, = extract_figures(text)
    assert figure.location == location


def test_a_mission_in_lower_case_is_a_place_context():
    # trap: "the mission in Bentiu" is a building in a town
    figure, = extract_figures("About 3,000 people fled to the mission in Bentiu.")
    assert figure.location == "Bentiu"


# --- a person's full name is no place --------------------------------------------------------

@pytest.mark.parametrize("text,places", [
    # the dev sentence's class (d216): "López" and "Ángel" are places elsewhere
    ("Miguel Ángel López, the director of a funeral home in Tibú, was murdered.", ["Tibú"]),
    ("Maria Clara Ocaña said 300 people fled.", []),
    ("Governor Ali Hassan Mosul said 300 people fled.", []),
    # trap: places joined by "and" stay places
    ("People fled from Mosul, Tal Afar and Sinjar.", ["Mosul", "Tal Afar", "Sinjar"]),
])
def test_a_given_name_further_back_makes_a_persons_name(text, places):
    assert [m.text for m in find_places(text)] == places


# --- sites named after a lake, a territory, a local division ------------------------------------

@pytest.mark.parametrize("text,location", [
    ("More than 11,000 people fled from Kamandi lake in Lubero territory, after clashes on 21 February.",
     "Kamandi lake"),
    ("In the Kebkabiya woreda of Oromia, 2,000 people were displaced.", "Kebkabiya woreda"),
    ("In Ethiopia, 2,000 people were displaced in Gursum woreda and Babile woreda.", "Ethiopia"),
])
def test_a_local_division_or_lake_the_gazetteer_lacks_is_a_site(text, location):
    figure, = extract_figures(text)
    assert figure.location == location


# --- other countries, not named -----------------------------------------------------------------

@pytest.mark.parametrize("text,number,location_text", [
    # the dev sentence's class (d217)
    ("As of yesterday, 2,744 Malian refugees have now arrived in neighbouring countries since fighting started.",
     "2,744", "neighbouring countries"),
    # our wordings
    ("There are now 147,000 Malian refugees in neighbouring countries (55,221 in Mauritania, 52,875 in Niger).",
     "147,000", "neighbouring countries"),
    ("Fighting in Darfur has driven 30,000 people to flee into neighboring countries.", "30,000",
     "neighboring countries"),
])
def test_people_in_other_countries_not_named_have_no_one_place(text, number, location_text):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.location_text, figure.country_iso3) == (None, location_text, None)


def test_returning_from_other_countries_is_not_being_in_them():
    # trap: returnees came back from abroad; they are in Burundi
    figure, = extract_figures("About 3,000 refugees returned from neighbouring countries to Burundi.")
    assert figure.location == "Burundi"


def test_displaced_people_are_abroad_only_when_they_moved_there():
    # trap (IDMC excerpt idetect-20, whose broken punctuation joins two sentences): "a refugee in
    # neighbouring countries" says where others are, not the newly displaced
    text = ("More than 100,000 newly displaced people were registered, which implies that one in every five "
            "Central Africans is either displaced internally or is a refugee in neighbouring countries.")
    figure = next(f for f in extract_figures(text) if f.number_text == "More than 100,000")
    assert figure.location_text != "neighbouring countries"


# --- an origin described by its part of the country -------------------------------------------

@pytest.mark.parametrize("text,number,location_text,country", [
    # the dev sentence's class (d217)
    ("Close to 229,000 people are now displaced inside Mali, including some 8,700 who have fled the north "
     "to safer areas (mainly Bamako).", "some 8,700", "the north", "MLI"),
    # our wordings
    ("About 3,000 people fled from the south-east to Juba last week.", "About 3,000", "the south-east", "SSD"),
    ("Some 12,000 families have left the northern regions for Kabul.", "Some 12,000", "the northern regions", "AFG"),
])
def test_a_flow_from_a_described_part_of_the_country_is_counted_there(text, number, location_text, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location_text, figure.location_precision, figure.country_iso3) == (location_text, "country", country)


@pytest.mark.parametrize("text,location", [
    # traps: a named place after the direction, and refugees (counted where they are)
    ("About 3,000 people fled the north of Aleppo to Idlib.", "Aleppo"),
    ("About 3,000 refugees fled the north to Chad.", "Chad"),
])
def test_a_direction_that_is_not_the_whole_origin_stays_out(text, location):
    figure, = extract_figures(text)
    assert figure.location == location


# --- a description in the figure's clause is its place as written ------------------------------

@pytest.mark.parametrize("text,number,location,location_text", [
    # the dev sentence's class (d201)
    ("Aleppo is under siege. Here in the besieged district, thousands of civilians couldn't cross.",
     "thousands", "Aleppo", "the besieged district"),
    # our wordings
    ("A volcano erupted in Guatemala. According to authorities, 12,823 people have been evacuated from the "
     "affected area.", "12,823", "Guatemala", "the affected area"),
    ("Floods hit Beledweyne on Monday. More than 20,000 people have fled the flooded town since then.",
     "More than 20,000", "Beledweyne", "the flooded town"),
])
def test_a_described_place_is_kept_as_written(text, number, location, location_text):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.location_text) == (location, location_text)


def test_a_bare_noun_that_points_back_keeps_the_name():
    # trap: "the city" only points back to Douma; the name as written stays
    text = "Only Douma remained under rebel control. Up to 70,000 people may be trapped inside the city."
    figure, = extract_figures(text)
    assert figure.location_text == "Douma"


@pytest.mark.parametrize("text,location", [
    # a name with particles after "the village of": the whole name, not the known place it starts with
    ("Some 300 people fled the village of Santa Rosa de Guayacan in Colombia.", "Santa Rosa de Guayacan"),
    ("In Colombia, 400 people were displaced from the town of Pital de la Conta.", "Pital de la Conta"),
    # trap: the whole name is the known place
    ("Some 300 people fled the town of Kaya in Burkina Faso.", "Kaya"),
])
def test_the_whole_name_after_the_town_of_is_the_site(text, location):
    figure, = extract_figures(text)
    assert figure.location == location


def test_a_division_named_as_a_site_is_not_what_the_town_points_to():
    # trap (IDMC excerpts): "the town" cannot point back to "Chocó department"
    text = ("In Colombia, more than 500 people were displaced within Quibdoana department in February. "
            "Armed men took control of the town on 5 January and 400 people fled.")
    figure = next(f for f in extract_figures(text) if f.number_text == "400")
    assert figure.location != "Quibdoana department"


@pytest.mark.parametrize("text,location", [
    # a name and its kind in apposition (IDMC idetect-211's shape) is a site the gazetteer lacks
    ("In Sudan, 3,000 people are sheltering in Tawila, a town west of El Fasher.", "Tawila"),
    ("In Syria, 800 displaced people were stuck at Rajem Al Sleibi, a village on the border, in Hasakah.",
     "Rajem Al Sleibi"),
    # trap: a person and what they do
    ("In Iraq, Ahmed, a farmer from the village, said 300 people fled.", "Iraq"),
])
def test_a_name_with_its_kind_in_apposition_is_a_site(text, location):
    figure, = extract_figures(text)
    assert figure.location == location


def test_a_division_without_a_known_population_keeps_its_own_name():
    # IDMC idetect-156: "Rio Grande do Sul" is the state, not the town of Rio Grande's alternate name
    from displacement.places import resolve
    assert (resolve("Rio Grande do Sul").name, resolve("Rio Grande do Sul").precision) == ("Rio Grande do Sul", "admin1")
    # trap: a city still beats its division of the same name
    assert resolve("Kirkuk").precision == "place"


# --- an origin written as names the gazetteer lacks, before the town people reached -------------

@pytest.mark.parametrize("text,number,location_text,country", [
    # the class of an IDMC excerpt (idetect-179): the towns fled are unknown, the one reached is known
    ("At least 4,600 people were displaced from Bakala and Ndassima to Bambari between 21 November and "
     "5 December as a result of violence in and around Bria town.", "At least 4,600", "Bakala and Ndassima", "CAF"),
    # our wordings
    ("Some 2,000 people fled Lweba and Mboko into Goma town last week.", "Some 2,000", "Lweba and Mboko", "COD"),
    ("More than 900 families were displaced from Nyamilima, Kisharo and Buramba towards Rutshuru.",
     "More than 900", "Nyamilima, Kisharo and Buramba", "COD"),
])
def test_a_flow_from_unknown_names_is_counted_there_in_the_country_reached(text, number, location_text, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location_text, figure.location_precision, figure.country_iso3) == (location_text, "country", country)


@pytest.mark.parametrize("text,location", [
    # traps: an armed group, a person, a description, known places on both sides
    ("About 3,000 people fled from Boko Haram to Maiduguri.", "Maiduguri"),
    ("About 500 families left Ahmed Ali for Kabul.", "Kabul"),
    ("About 1,000 people fled from the fighting to Bambari.", "Bambari"),
    ("Some 3,000 people fled Mosul to Erbil.", "Mosul"),
])
def test_what_is_not_an_unknown_origin_leaves_the_flow_where_it_was(text, location):
    figure, = extract_figures(text)
    assert figure.location == location


# --- a later clause set against the figure's, with its own figure, keeps its place to itself ----

@pytest.mark.parametrize("text,number,place", [
    # the dev sentence's class (d202)
    ("Eastern Ghouta has been recaptured. Thousands of civilians are also thought to have opted to stay behind in "
     "recaptured neighbourhoods, while around 100,000 people have fled to the greater Damascus region.",
     "Thousands", "Eastern Ghouta"),
    # our wordings
    ("Fighting went on around Rutshuru. Some 4,000 families are sheltering in schools, but 12,000 people fled to "
     "Goma.", "Some 4,000", "Rutshuru"),
    ("Shelling hit Vovchansk again. Thousands remain trapped, whereas about 2,500 residents were evacuated to "
     "Kharkiv on Monday.", "Thousands", "Vovchansk"),
])
def test_a_contrasted_clause_with_its_own_figure_does_not_place_this_one(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


@pytest.mark.parametrize("text,number,place", [
    # traps: a fronted place is the whole sentence's; a part ("including") shares its total's place
    ("In Goma, 5,000 people are in camps, while 2,000 stay with host families.", "2,000", "Goma"),
    ("An additional 4,700 people fled to Chibok, including 4,500 people between 25 February and 5 March.",
     "4,500", "Chibok"),
])
def test_a_place_the_contrasted_clauses_share_stays(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


# --- "<Name> region" names the division the gazetteer knows as "<Name> Oblast" -------------------

@pytest.mark.parametrize("text,number,country", [
    # the class of a probe article (Ukraine, 2024): the oblast written as a region
    ("About 214 civilians were evacuated from the frontlines of Donetsk region.", "About 214", "UKR"),
    # our wordings
    ("Some 3,000 people were evacuated from Kharkiv region last week.", "Some 3,000", "UKR"),
    ("In the Pacific region, about 4,000 people were displaced by armed fighting in Colombia.", "about 4,000", "COL"),
])
def test_a_name_with_a_division_noun_is_the_division_known_by_another_noun(text, number, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location_precision, figure.country_iso3) == ("admin1", country)


def test_a_name_with_a_town_noun_stays_the_town():
    # trap: "Aleppo city" is the city, and "Kharkiv" alone is the city too
    assert extract_figures("Around 2,000 people fled Aleppo city.")[0].location_precision == "place"
    assert extract_figures("Some 3,000 people were evacuated from Kharkiv.")[0].location_precision == "place"


# --- a list with names the gazetteer lacks keeps the division it is said to lie in ---------------

@pytest.mark.parametrize("text,number,admin1", [
    # the class of a probe article (Myanmar, 2024)
    ("Over 130,000 individuals have been displaced from the townships of Pauktaw, Minbya, Mrauk-U, Ponnagyun, "
     "Rathedaung, and Buthidaung in Rakhine State.", "Over 130,000", "Rakhine"),
    # our wordings: the division after a comma; two known members that share their division
    ("Some 6,000 people fled Mueda, Nangade and Palma districts, Cabo Delgado, last month.", "Some 6,000",
     "Cabo Delgado"),
    ("About 20,000 people were displaced from Maskana, Dayr Hafir and Khafsa to villages near Manbij.",
     "About 20,000", "Aleppo Governorate"),
])
def test_a_list_with_unknown_names_keeps_its_division(text, number, admin1):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location_precision, figure.location) == ("admin1", admin1)


def test_a_division_of_another_country_after_a_list_is_not_its_holder():
    # trap: "Kigoma region" is in Tanzania; the list's known member is in DR Congo
    figure, = extract_figures("About 3,000 refugees arrived from Uvira and Kalundu in Kigoma region last week.")
    assert figure.location_precision != "admin1" or figure.country_iso3 == "TZA"


# --- a place that only qualifies a job, or says where a border runs, is not where people are -----

@pytest.mark.parametrize("text,number,place", [
    # the classes of probe articles (Myanmar 2017, DR Congo 2024)
    ("Fighting spread across Rakhine State this week. An estimated 45,000 Rohingya have reportedly fled to an "
     "area on the Naf River near the border with Bangladesh.", "An estimated 45,000", "Rakhine"),
    ("Fighting raged around Goma. The order to remove tens of thousands of displaced people from camps is a war "
     "crime, said Clementine de Montjoye, senior Africa researcher.", "tens of thousands", "Goma"),
    # our wordings
    ("Shelling hit Idlib. Some 3,000 people are stranded along the frontier with Turkey, the UN's Syria envoy said.",
     "Some 3,000", "Idlib"),
    ("Floods hit Beledweyne. About 90,000 people have fled, said the Somalia country director of the agency.",
     "About 90,000", "Beledweyne"),
])
def test_a_place_of_a_job_or_a_border_is_not_where_the_people_are(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


@pytest.mark.parametrize("text,place", [
    # traps: people who crossed the border are in the country they entered; a region is no job
    ("About 20,000 refugees crossed the border into Chad.", "Chad"),
    ("Some 5,000 people were displaced in the Sahel region of Burkina Faso.", "Sahel"),
])
def test_a_border_crossed_and_a_region_keep_their_place(text, place):
    figure, = extract_figures(text)
    assert figure.location == place


# --- people who came from "other parts of" a place are counted where they are now ---------------

@pytest.mark.parametrize("text,number,place", [
    # the class of a probe article (Yemen, 2023)
    ("Marib city is home to three million people, including nearly 1 million who fled other parts of Yemen.",
     "nearly 1 million", "Ma'rib"),
    # our wordings
    ("Kabul hosts 2 million people, including 300,000 who fled other parts of the country.", "300,000", "Kabul"),
    ("Maiduguri now shelters about 1.2 million people, among them 400,000 from various parts of Borno.",
     "400,000", "Maiduguri"),
])
def test_a_vague_part_of_a_place_is_no_origin_for_the_figure(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


# --- a later "with" clause that counts a share keeps its place to the share ----------------------

def test_a_share_in_a_with_clause_does_not_place_the_total():
    # the class of a probe article (Afghanistan, 2023), our wording
    figure = next(f for f in extract_figures(
        "Floods hit Sindh and Balochistan. About 33,000 people were displaced, with 60 percent of them sheltering "
        "in Sukkur.") if f.number_text == "About 33,000")
    assert (figure.location, figure.location_precision) == ("Pakistan", "country")


def test_a_with_clause_without_a_count_leaves_the_figure_its_place():
    # trap: the share has no number of its own; the figure's own clause names Goma
    figure = next(f for f in extract_figures("About 5,000 people fled to Goma, with most of them children.")
                  if f.number_text == "About 5,000")
    assert figure.location == "Goma"


# --- "the northern Mozambican town of Palma": modifiers before a site noun ----------------------

@pytest.mark.parametrize("text,number,place", [
    # the class of a probe article (Mozambique, 2021)
    ("More than 5,000 people have reached safety outside the northern Mozambican town of Palma, the UN said, "
     "as thousands remained stranded.", "thousands", "Palma"),
    # our wordings
    ("About 3,000 people fled the small northern town of Kaya on Monday in Burkina Faso.", "About 3,000", "Kaya"),
    ("Some 800 families were evacuated from the remote Honduran village of Quebrada Seca.", "Some 800",
     "Quebrada Seca"),
])
def test_a_site_noun_after_modifiers_still_names_the_site(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


def test_a_capitalised_word_before_the_site_noun_that_is_no_demonym_names_no_site():
    # trap: "the Red Cross camp of" is an organisation's camp, the words after it no site of that name
    assert "Tomorrow" not in [m.text for m in sites.find_sites(
        "Some 200 people reached the Red Cross camp of Tomorrow Hope in Kenya.", find_places(
            "Some 200 people reached the Red Cross camp of Tomorrow Hope in Kenya."), None)]


# --- a share counted after the figure keeps its place to itself --------------------------------

@pytest.mark.parametrize("text,number,place", [
    # the class of a probe article (Mozambique, 2021)
    ("Fighting raged in Cabo Delgado. The fighting had already displaced around 670,000 people in the gas-rich "
     "province, more than 43,000 of which were staying in Palma before the attack.", "around 670,000",
     "Cabo Delgado"),
    # our wordings
    ("Floods hit Pakistan's south. They displaced 120,000 people in Sindh, 40,000 of whom are sheltering in Sukkur.",
     "40,000", "Sukkur"),
    ("Storms hit Albay and Sorsogon provinces. About 9,000 families were evacuated, some 2,000 of them in "
     "Legazpi.", "About 9,000", "Philippines"),
])
def test_a_shares_place_is_the_shares(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


# --- people said to be living somewhere now are counted there, their origin kept ----------------

@pytest.mark.parametrize("text,number,place,origin", [
    # the class of a probe article (Mozambique, 2021), our wordings
    ("About 12,000 people who fled Mosul are now living in Erbil.", "About 12,000", "Erbil", "Mosul"),
    ("Some 4,000 families who escaped from Kaya are staying with relatives in Ouagadougou.", "Some 4,000",
     "Ouagadougou", "Kaya"),
    ("Nearly 7,000 people displaced from Beni are sheltering in schools in Butembo.", "Nearly 7,000", "Butembo",
     "Beni"),
])
def test_people_living_somewhere_now_are_counted_there(text, number, place, origin):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.origin) == (place, origin)


def test_a_flow_without_a_stay_is_counted_where_it_happened():
    # trap: people who fled one town to another are counted where they fled from
    figure, = extract_figures("Some 3,000 people fled Kaya to Ouagadougou.")
    assert figure.location == "Kaya"


# --- the place a sentence opens with holds the figure its host verb names -----------------------

@pytest.mark.parametrize("text,number,place,country", [
    # the class of a probe article (Mozambique, 2021): a name the gazetteer lacks, an aside naming a town
    ("Metuge, which is about 40 kilometres from Pemba, the provincial capital, hosts 144,000 internally "
     "displaced people.", "144,000", "Metuge", "MOZ"),
    # our wordings
    ("Lusenda shelters some 30,000 Burundian refugees in South Kivu.", "some 30,000", "Lusenda", "COD"),
    ("Fighting continues in Ituri. Bunia, the provincial capital, now hosts about 90,000 displaced people.",
     "about 90,000", "Bunia", "COD"),
])
def test_the_subject_of_a_host_verb_is_the_figures_place(text, number, place, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.country_iso3) == (place, country)


@pytest.mark.parametrize("text,place,country", [
    # traps: a common word opens the sentence; a country named only as a border does not move the town
    ("The camp hosts 30,000 people in Chad.", "Chad", "TCD"),
    ("Goma, near the border with Rwanda, hosts some 200,000 displaced people.", "Goma", "COD"),
])
def test_a_host_verb_after_no_name_or_a_border_country(text, place, country):
    figure, = extract_figures(text)
    assert (figure.location, figure.country_iso3) == (place, country)


# --- a sentence that opens with "In <Name>," names its place, even one the gazetteer lacks -------

@pytest.mark.parametrize("text,number,place,country", [
    # the class of a probe article (Bangladesh, 2020)
    ("Floods hit Bangladesh. In Jhalakathi, almost 10,000 people have been evacuated.", "almost 10,000",
     "Jhalakathi", "BGD"),
    # our wordings
    ("Fighting spread in South Kivu. In Kalehe, some 3,000 families fled their homes.", "some 3,000", "Kalehe",
     "COD"),
    ("Heavy rains hit Malawi. Across Nsanje, about 2,500 households are sheltering in schools.", "about 2,500",
     "Nsanje", "MWI"),
])
def test_a_fronted_name_is_the_figures_place(text, number, place, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.country_iso3) == (place, country)


@pytest.mark.parametrize("text,place", [
    # traps: a month, an ordinary word, a place the article did not take
    ("In March, some 3,000 families fled their homes in Sudan.", "Sudan"),
    ("In Addition, 400 people were evacuated from Goma.", "Goma"),
])
def test_a_fronted_word_that_is_no_name_names_nothing(text, place):
    figure, = extract_figures(text)
    assert figure.location == place


# --- a named camp that opens a sentence is a site; a plural or ordinary first word is not -------

@pytest.mark.parametrize("text,number,place", [
    # the class of a probe article (Chad, 2023)
    ("Kounoungo camp has received 3,873 refugees so far, while Iridimi camp, which already hosts refugees, "
     "shelters 1,399.", "3,873", "Kounoungo camp"),
    ("Kounoungo camp has received 3,873 refugees so far, while Iridimi camp, which already hosts refugees, "
     "shelters 1,399.", "1,399", "Iridimi Camp"),
    # our wording
    ("Mulongwe camp now shelters about 20,000 Burundian refugees in DR Congo.", "about 20,000", "Mulongwe camp"),
])
def test_a_camp_named_at_a_sentence_start_is_a_site(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


@pytest.mark.parametrize("text", [
    # traps: a plural noun after the first word, and a first word the text also writes in lower case
    "Makeshift camps have sprung up, hosting 3,000 people in Chad.",
    "Temporary camp has been set up for 3,000 people in Chad, where a temporary camp already stood.",
])
def test_an_ordinary_first_word_before_a_camp_noun_names_no_site(text):
    figure, = extract_figures(text)
    assert figure.location == "Chad"


def test_a_governorate_known_by_its_english_name():
    # lexicon/places_aliases.tsv: Lebanon's governorates by their English names (GeoNames has the Arabic)
    figure, = extract_figures("Displacement from south Lebanon continued: about 4,000 people fled to Mount Lebanon.")
    assert (figure.location, figure.location_precision, figure.country_iso3) == ("Mount Lebanon", "admin1", "LBN")


# --- a site given its name: "the new camp, called Goz Amer 1" ------------------------------------

@pytest.mark.parametrize("text,number,place,country", [
    # the class of a probe article (Chad, 2023)
    ("Sudanese refugees keep arriving in eastern Chad. The new camp, called Goz Amer 1, received 78 refugees on "
     "Monday.", "78", "Goz Amer 1", "TCD"),
    # our wording
    ("A site known as Plaine Savo now shelters about 3,000 people in Ituri.", "about 3,000", "Plaine Savo", "COD"),
])
def test_a_site_called_by_its_name_is_the_site(text, number, place, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.country_iso3) == (place, country)


def test_a_site_called_by_a_known_name_is_that_place():
    # trap: a name the gazetteer holds is its entry, never a new site of that name in the article's country
    figure, = extract_figures("The village, named Paris, hosts 500 displaced people in Cameroon.")
    assert figure.location == "Cameroon"


# --- a name a known town owns is a site in that town ("Houston's Astrodome") ---------------------

@pytest.mark.parametrize("text,number,place,country", [
    # the dev sentence's class (d207)
    ("For the people arriving at Houston's Astrodome, which took in 11,000 evacuees until Thursday, the "
     "contrast is stunning.", "11,000", "Astrodome", "USA"),
    # our wording
    ("About 4,000 displaced people are sheltering at Juba's Gudele, aid workers said.", "About 4,000", "Gudele",
     "SSD"),
])
def test_a_name_owned_by_a_town_is_a_site_there(text, number, place, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.country_iso3) == (place, country)


@pytest.mark.parametrize("text,place", [
    # traps: a country's possessive before a title, an ordinary word after a town's
    ("Iraq's Prime Minister said 3,000 people fled Mosul.", "Mosul"),
    ("Mosul's Old City held 3,000 trapped civilians.", "Mosul"),
])
def test_a_possessive_before_a_title_or_an_ordinary_word_names_no_site(text, place):
    figure, = extract_figures(text)
    assert figure.location == place


def test_a_site_named_after_an_owners_possessive_leaves_the_owner_out():
    # "Lagos's Teslim Balogun stadium" is the stadium, in Lagos's country
    figure, = extract_figures("More than 1,500 evacuees were housed at Lagos's Teslim Balogun stadium.")
    assert (figure.location_text, figure.country_iso3) == ("Teslim Balogun stadium", "NGA")


def test_a_persons_possessive_is_no_place():
    # trap: "at Phu Gyi's village school" is a person's village, named by no place
    figure, = extract_figures("Some 300 people took shelter at Phu Gyi's village school in Myanmar.")
    assert figure.location == "Myanmar"


# --- a part ("including ...") whose clause names no place is where its whole is ------------------

@pytest.mark.parametrize("text,number,place", [
    # the class of a probe article (Yemen, 2023): a later clause names another city
    ("Marib city is home to three million people, including nearly 1 million who fled other parts of Yemen "
     "after the Houthis ousted the government from the capital, Sanaa, in late 2014.", "nearly 1 million",
     "Ma'rib"),
    # our wordings
    ("Goma hosts some 600,000 displaced people, among them 200,000 children who arrived after fighting near Bunia.",
     "200,000", "Goma"),
    ("Floods displaced 40,000 people in Sindh, including 12,000 children, according to officials in Islamabad.",
     "12,000", "Sindh"),
])
def test_a_part_is_where_its_whole_is(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


def test_a_part_with_its_own_place_keeps_it():
    # trap: the part's own clause names its place
    figure = next(f for f in extract_figures(
        "Floods displaced 40,000 people in Pakistan, including 12,000 in Sindh.") if f.number_text == "12,000")
    assert figure.location == "Sindh"


# --- a site is not in the country people moved to or from ---------------------------------------

@pytest.mark.parametrize("text,number,place,country", [
    # the class of a probe article (Cameroon, 2022)
    ("Violence persists in Cameroon's Far North region. The crisis in Logone Birni district displaced more than "
     "36,000 people and 35,000 people to Chad.", "more than 36,000", "Logone Birni district", "CMR"),
    # our wordings
    ("Fighting continues in Sudan. About 2,000 people returned to Kreinik locality from Chad last month.",
     "About 2,000", "Kreinik locality", "SDN"),
    ("Clashes hit Uganda's north. Some 5,000 people in Pakelle sub-county fled into South Sudan.", "Some 5,000",
     "Pakelle sub-county", "UGA"),
])
def test_a_site_lies_in_its_country_not_where_people_moved(text, number, place, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location_text, figure.country_iso3) == (place, country)


def test_a_site_in_a_named_foreign_town_is_there():
    # trap: a site next to a town abroad lies in that town's country
    figure, = extract_figures("In Chad, about 3,000 refugees reached Gaga camp near Abeche.")
    assert figure.country_iso3 == "TCD"


# --- "due to" is a cause, not a destination; a country's possessive before a body's name ---------

@pytest.mark.parametrize("text,number,place", [
    # the dev sentence's class (d208)
    ("Guatemala's National Disaster Reduction Coordinator (CONRED) reported Saturday that 116 people remain "
     "missing, mostly due to the landslide in the remote village of Quejá, in the central region of Alta Verapaz "
     "in North Central Guatemala where about 150 houses were overtaken by mudslides.", "116", "Quejá"),
    # our wordings
    ("Nigeria's National Emergency Management Agency said 3,000 people fled owing to floods in the village of "
     "Dadin Kowa, in Gombe state.", "3,000", "Dadin Kowa"),
    ("About 2,000 people were evacuated according to officials in the town of Kaya, in Centre-Nord region.",
     "About 2,000", "Kaya"),
])
def test_a_cause_or_a_source_is_no_destination_and_a_bodys_owner_no_place(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


def test_a_flight_to_a_place_still_has_its_destination():
    # trap: a plain "to" still marks where people went
    figure, = extract_figures("About 3,000 refugees fled from Sudan to Malakal in South Sudan.")
    assert (figure.location, figure.origin) == ("Malakal", "Sudan")


# --- a host's or a camp's people keep where they came from ------------------------------------------

@pytest.mark.parametrize("text,number,place,origin", [
    ("South Sudan currently hosts nearly 250,000 refugees mostly from Sudan.", "nearly 250,000", "South Sudan",
     "Sudan"),
    ("Dohuk is hosting some 100,000 displaced people, mainly from Sinjar.", "some 100,000", "Dihok", "Sinjār"),
])
def test_people_hosted_somewhere_keep_their_origin(text, number, place, origin):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.origin) == (place, origin)


# --- a headline in title case names its places; a fronted place frames its clause ----------------

def test_a_title_case_headline_names_its_division():
    # the class of a probe article (Japan, 2024): "Ishikawa Pref." and "Kumamoto Quake" in title case
    document = Document(id="t", title="Thousands Still in Shelters in Ishikawa Pref.; Recovery Slower than after "
                                      "Kumamoto Quake",
                        text="There were still 8,109 people living in evacuation shelters in Ishikawa Prefecture. "
                             "However, the total number of evacuees has fallen from a peak of 34,173.")
    figure = next(f for f in extract_document(document) if f.number_text == "34,173")
    assert (figure.location, figure.location_precision) == ("Ishikawa", "admin1")


@pytest.mark.parametrize("text,number,place", [
    # the class of a probe article (Japan, 2024)
    ("In Ishikawa Prefecture, the Noto quake killed 244 people.", "244", "Ishikawa"),
    # our wordings
    ("In Sindh, the Dadu floods forced 20,000 people from their homes.", "20,000", "Sindh"),
])
def test_a_fronted_place_frames_its_clause_over_an_events_name(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


@pytest.mark.parametrize("text,number,place", [
    # traps: the place the people are in, closer than the frame; an event's place alone
    ("In Ishikawa Prefecture, 3,000 people in Wajima were evacuated.", "3,000", "Wajima"),
    ("The Mosul offensive has displaced 10,000 people.", "10,000", "Mosul"),
    ("In Libya, the Derna floods displaced more than 40,000 people.", "more than 40,000", "Darnah"),  # a country frames less
])
def test_a_closer_place_or_a_lone_event_place_still_wins(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


def test_the_far_end_of_an_extent_is_not_the_place():
    # the class of a probe article (Canada, 2023), our wording and its trap
    figure, = extract_figures("The fire forced thousands more to retreat to evacuation centres throughout Alberta "
                              "as far south as Calgary.")
    assert figure.location == "Alberta"
    figure, = extract_figures("About 3,000 people were evacuated to Calgary, far from the fire.")
    assert figure.location == "Calgary"


# --- an agency's acronym before a country names its office there, not a person ------------------

@pytest.mark.parametrize("text,number,country", [
    # the class of a probe article (Niger, UNHCR factsheet)
    ("UNHCR Niger has 58,442 Malian refugees in its biometric database.", "58,442", "NER"),
    # our wording
    ("WFP Chad is assisting 120,000 Sudanese refugees.", "120,000", "TCD"),
])
def test_an_agency_office_names_the_host_country(text, number, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.country_iso3 == country


def test_an_office_in_a_speakers_title_is_not_the_place():
    # trap: "IOM Niger Chief of Mission" is a job; the sentence before names the place
    figure = next(f for f in extract_figures(
        "Fighting raged near Bosso. Some 45,500 people have fled their homes, said IOM Niger Chief of Mission "
        "Giuseppe Loprete.") if f.number_text == "Some 45,500")
    assert figure.location == "Bosso"


# --- a plural phrase points back to the places named before: "in the same regions" ---------------

@pytest.mark.parametrize("text,number,location_text,country", [
    # the class of a probe article (Niger, UNHCR factsheet)
    ("Malian refugees are living in 3 areas in the Tillabery region and in the Tahoua region. The gradual "
     "decrease of the security situation has caused the internal displacement of 82,489 persons in the same "
     "regions.", "82,489", "Tillabery region and Tahoua region", "NER"),
    # our wording
    ("Floods hit Sindh and Punjab provinces. About 30,000 people were evacuated in both provinces.",
     "About 30,000", "Sindh and Punjab provinces", "PAK"),
])
def test_a_plural_phrase_points_back_to_the_places_before(text, number, location_text, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location_text, figure.country_iso3) == (location_text, country)


def test_a_plural_phrase_with_one_place_before_is_not_a_list():
    # trap: only one area was named; the figure takes the article's place, not a list
    figure, = extract_figures("Floods hit Sindh. About 30,000 people were evacuated in these areas.")
    assert figure.location == "Sindh"


@pytest.mark.parametrize("text,place", [
    # Kenyan counties whose GeoNames division name keeps only its first part (curated English names)
    ("Floods displaced 3,000 people in Elgeyo-Marakwet County.", "Elgeyo-Marakwet"),
    ("About 1,200 families were displaced in Taita Taveta.", "Taita-Taveta"),
])
def test_a_county_is_known_by_its_full_name(text, place):
    figure, = extract_figures(text)
    assert (figure.location, figure.location_precision) == (place, "admin1")


# --- a city abroad that the article's country does not explain, after a place word -------------

@pytest.mark.parametrize("text,number,place,country", [
    # the class: a second clause names another country, which the article then seems to be about
    ("Fighting in Goma displaced 20,000 people, and 3,000 fled into Rwanda.", "20,000", "Goma", "COD"),
    ("Clashes near Bunia forced 5,000 people to flee, and 1,000 crossed into Uganda.", "5,000", "Bunia", "COD"),
    ("Floods in Kunduz displaced 4,000 people. Aid arrived from Tajikistan and Uzbekistan.", "4,000", "Kunduz", "AFG"),
])
def test_a_city_after_a_place_word_is_a_place_though_the_article_names_another_country(text, number, place, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.country_iso3) == (place, country)


def test_a_city_abroad_with_a_namesake_elsewhere_still_needs_its_country():
    # trap: "Victoria" names big places in several countries; nothing here points to one of them
    figure, = extract_figures("The storm hit Bangladesh, and officials in Victoria said 300 people were evacuated.")
    assert figure.country_iso3 == "BGD"


# --- the authority that reports a figure says whose figure it is, when nothing else places it ----

@pytest.mark.parametrize("text,number,place,precision", [
    # the class of a probe article: the article names one town most, the government gives national tolls
    ("Mudslides buried homes in Blantyre. Blantyre's markets are shut. Malawi's government said at least "
     "190 people were killed, with 584 injured.", "584", "Malawi", "country"),
    # our wordings: a ministry by its capitalised name; a division's government; a national body unnamed
    ("Rescuers reached Moulay Brahim. Tents went up in Moulay Brahim. Some 2,012 people were confirmed dead, "
     "Morocco's Interior Ministry reported.", "Some 2,012", "Morocco", "country"),
    ("Tents line the streets of Sukkur. Sukkur is flooded. The government of Sindh said 1,200 people were "
     "evacuated on Friday.", "1,200", "Sindh", "admin1"),
    ("Tents line the streets of Sukkur in Pakistan. Sukkur is flooded. The National Disaster Management "
     "Authority said more than 900 people had been killed since June.", "more than 900", "Pakistan", "country"),
])
def test_a_figure_reported_by_an_authority_is_its_territorys(text, number, place, precision):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.location_precision) == (place, precision)


@pytest.mark.parametrize("text,number,place", [
    # traps: a place of the figure's own clause wins; an actor is no authority; a body working in a
    # country is not a government reporting on it
    ("Mudslides buried homes in Blantyre. Malawi's government said 190 people were killed in Zomba.", "190",
     "Zomba"),
    ("Shelling hit Kharkiv. Kharkiv's hospitals are full. Since Russia's invasion, 4,000 people have fled.",
     "4,000", "Kharkiv"),
    ("Fighting raged in Malakal. Malakal's camp burned. About 15,000 people sought shelter near the UN "
     "Mission in South Sudan base.", "About 15,000", "Malakal"),
])
def test_an_actor_or_a_body_at_work_is_no_reporting_authority(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


# --- people sheltering after fleeing a disaster in a place are there, unless a destination is named ---

@pytest.mark.parametrize("text,number,place", [
    # the class of a probe article (a wildfire on an island)
    ("Thousands of tourists fleeing wildfires on the Greek island of Rhodes took refuge in schools.",
     "Thousands", "Ródos"),
    # our wordings
    ("About 2,000 Libyans fleeing the floods in Derna are sheltering in schools.", "About 2,000", "Darnah"),
    ("Some 800 Congolese escaping the heavy fighting around Bunia sought shelter in churches.", "Some 800", "Bunia"),
])
def test_people_sheltering_from_a_disaster_are_at_its_scene(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.category, figure.location) == ("camp", place)


def test_a_named_destination_still_beats_the_scene():
    # trap: where they went is said, so the scene is only their origin
    figure, = extract_figures("About 2,000 people who fled fighting in Khartoum are staying in schools in Wad Madani.")
    assert (figure.location, figure.origin) == ("Wad Medani", "Khartoum")


# --- the words of a people noun are the kind of a camp, not its name ------------------------------

@pytest.mark.parametrize("text,place", [
    # the class of a probe article; then our wordings
    ("In Anambra, 41,000 were registered with the Internally Displaced Persons camps.", "Anambra"),
    ("About 2,000 people live in the Displaced Persons Camp near Bentiu.", "Bentiu"),
    ("About 2,000 people live in the Returnees Camp near Bentiu.", "Bentiu"),
])
def test_a_camp_named_by_a_people_noun_is_no_named_site(text, place):
    figure, = extract_figures(text)
    assert figure.location == place


def test_a_camp_with_a_name_is_still_a_site():
    # trap: a real name before the camp noun
    figure, = extract_figures("Some 5,000 people live in Kalma camp.")
    assert (figure.location, figure.location_precision) == ("Kalma Camp", "camp")


# --- a relative clause that hosts the figure is about the place it follows ----------------------------

@pytest.mark.parametrize("text,number,location_text", [
    # the class of a probe article: the camps, past the point of reference "west of Goma"
    ("The M23 told people in Bulengo and Lushagala camps, west of Goma, which together were hosting over "
     "100,000 people, to leave within 72 hours.", "over 100,000", "Bulengo and Lushagala camps"),
    # our wordings
    ("Aid reached Kakuma camp, which is home to 190,000 refugees.", "190,000", "Kakuma camp"),
    ("Floods cut the road to Dadaab, 100 km from Garissa, which hosts 200,000 refugees.", "200,000", "Dadaab"),
])
def test_a_relative_clause_that_hosts_the_figure_is_about_its_antecedent(text, number, location_text):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location_text == location_text


def test_a_relative_clause_that_does_not_host_the_figure_leaves_it_alone():
    # trap: "which was built in 1992" says nothing of the figure of the next clause
    figure, = extract_figures("Aid reached Kakuma camp, which was built in 1992, and 3,000 refugees arrived in Lodwar.")
    assert figure.location == "Lodwar"


# --- who attacks is not what the story is about: forces do not elect the article's country -------

@pytest.mark.parametrize("text,number,country", [
    # the class of a probe article: more words for the attacker than for the country hit
    ("Israeli strikes hit the south. Israeli jets struck again, and Israeli forces shelled villages as "
     "people fled Lebanon. The authorities documented at least 190,975 displaced people in shelters. "
     "Lebanon asked for aid.", "at least 190,975", "LBN"),
    # our wording
    ("Russian forces shelled Kharkiv. Russian troops advanced, Russian jets struck, and Russian drones "
     "hit power plants across Ukraine. Officials said 4,000 people were evacuated. Ukraine asked for help.",
     "4,000", "UKR"),
])
def test_forces_abroad_do_not_make_the_articles_country(text, number, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.country_iso3 == country


def test_a_countrys_own_authorities_still_say_where_the_story_is():
    # trap: a government acts at home
    figure, = extract_figures("By September, an estimated 8,000 people were displaced by Chinese authorities "
                              "to make way for a dam.")
    assert figure.country_iso3 == "CHN"


# --- a figure before the article first names its main place is not about it --------------------------

_FILLER = "Rescuers worked through the night in the mountains. " * 20


@pytest.mark.parametrize("text,number", [
    # the class of a probe article: a national toll in the second paragraph, then a village visited
    ("The strongest earthquake in a century struck Morocco on Friday.\n\nMore than 2,000 people are dead. " + _FILLER +
     "\n\nIn Moulay Brahim, tents went up. Moulay Brahim residents slept outside. Moulay Brahim lost its school.",
     "More than 2,000"),
    # our wordings
    ("Floods swept Pakistan.\n\nAt least 900 people have been killed since June. " + _FILLER +
     "\n\nSukkur's streets are lined with tents. Sukkur is flooded. Many in Sukkur lost everything.",
     "At least 900"),
    ("Cyclone Freddy struck Malawi again.\n\nThe storm has displaced 19,000 people. " + _FILLER +
     "\n\nIn Blantyre, mudslides buried homes. Blantyre's markets are shut. Blantyre needs water.", "19,000"),
])
def test_a_figure_before_the_main_place_is_named_is_at_the_country(text, number):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location_precision == "country"


def test_a_figure_after_the_main_place_is_named_takes_it():
    # trap: once the article has set its place up, a figure without one is there
    text = ("Cyclone Freddy struck Malawi again. " + _FILLER + "\n\nIn Blantyre, mudslides buried homes. Blantyre's "
            "markets are shut. Blantyre needs water.\n\nThe storm has displaced 19,000 people.")
    figure = next(f for f in extract_figures(text) if f.number_text == "19,000")
    assert figure.location == "Blantyre"


@pytest.mark.parametrize("text,place", [
    # the class of a probe article: a storm's name after "in" is no site (then our wordings)
    ("At least 24 people have died in Cyclone Idai, which moved into eastern Zimbabwe.", "Zimbabwe"),
    ("Some 300 people died in Hurricane Maria in Puerto Rico.", "Puerto Rico"),
    ("About 6,000 people were displaced in Typhoon Haiyan in Leyte.", "Leyte"),
])
def test_a_storms_name_after_in_is_no_site(text, place):
    figure, = extract_figures(text)
    assert figure.location == place


def test_a_name_after_in_with_its_figure_is_still_a_site():
    # trap: "3,000 people in Gurdumo" names a place the gazetteer lacks, in its list of figures
    figures = extract_figures("Floods displaced 3,000 people in Gurdumo and 2,000 in Maradi.")
    assert [f.location_text for f in figures] == ["Gurdumo", "Maradi"]


# --- a dateline is not a place its first sentence names ------------------------------------------------

@pytest.mark.parametrize("text,number,place", [
    ("MAPUTO — At least 400,000 people have been affected by the floods. In Gaza province, 20,000 were "
     "evacuated.", "At least 400,000", "Mozambique"),
    ("MANILA, Philippines - The death toll from the typhoon rose to 3,637, the disaster council said.", "3,637",
     "Philippines"),
    ("NAIROBI, Kenya (AP) — Floods have displaced more than 40,000 people, the Red Cross said.",
     "more than 40,000", "Kenya"),
])
def test_a_figure_in_the_dateline_sentence_without_a_place_is_in_the_datelines_country(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.location_precision) == (place, "country")


def test_a_dateline_sentence_that_names_a_place_keeps_it():
    # trap: the sentence's own place beats the dateline
    figure, = extract_figures("KYIV, Ukraine (AP) — Officials said 2,000 people were evacuated from Vovchansk.")
    assert figure.location == "Vovchansk"


# --- the sentence right before sets the place when it names one, even with no pointer back ---------------

_ELSEWHERE = ("Officials in {0} said roads were cut. Aid trucks left {0} on Monday. Schools in {0} closed. "
              "Markets in {0} stayed shut. ") + "Rains continued through the week across the region. " * 8 + "\n\n"


@pytest.mark.parametrize("text,number,place", [
    # the class of a probe article (Kenya, floods), in an article that names another town most
    (_ELSEWHERE.format("Marsabit") + "Heavy rains fell across the north. Communities living in Moyale were hit "
     "hardest. According to the county, 15,645 households were displaced.", "15,645", "Moyale"),
    # our wordings
    (_ELSEWHERE.format("Mogadishu") + "The river rose overnight. Water reached the roofs in Beledweyne by dawn. "
     "Officials said 9,000 people were evacuated.", "9,000", "Beledweyne"),
    (_ELSEWHERE.format("Goma") + "Clashes resumed on Monday. Gunmen burned houses in Beni. More than 4,000 "
     "people fled.", "More than 4,000", "Beni"),
])
def test_the_one_place_of_the_sentence_before_is_the_figures(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location_text == place


def test_a_sentence_before_with_several_places_or_another_paragraph_sets_none():
    # traps: two places before (which one?); a place in the paragraph before
    two = extract_figures(_ELSEWHERE.format("Mogadishu") + "Floods hit Somalia. Water reached Beledweyne and "
                          "Luuq. Officials said 9,000 people were evacuated.")
    assert next(f for f in two if f.number_text == "9,000").location_text != "Beledweyne"
    apart = extract_figures(_ELSEWHERE.format("Mogadishu") + "Water reached Beledweyne by dawn.\n\nOfficials said "
                            "9,000 people were evacuated.")
    assert next(f for f in apart if f.number_text == "9,000").location_text != "Beledweyne"


# --- a dateline away from the capital that the story comes back to is its scene -------------------------

@pytest.mark.parametrize("text,number,place,precision", [
    # the class of a probe article (an eruption, datelined in its district)
    ("LUMAJANG, KOMPAS.com — The death toll following the eruption has risen to 14, officials said. Mount "
     "Semeru in Lumajang district spewed ash.", "14", "Lumajang", "place"),
    # our wordings
    ("GOMA, Congo (AP) — More than 2,000 people fled overnight, aid workers said. Shelling hit the edge of "
     "Goma on Monday.", "More than 2,000", "Goma", "place"),
    # traps: a capital is where stories are filed; a town the story never names again; an agency's seat abroad
    ("KABUL (Reuters) — At least 1,000 people were killed, officials said. Herat province was hit hardest. "
     "Kabul sent aid.", "At least 1,000", "Afghanistan", "country"),
    ("SAMANDAG, Turkey (AP) — More than 332,000 dwellings were damaged, officials said.",
     "More than 332,000", "Turkey", "country"),
    ("GENEVA (Reuters) - The UN said 70,000 people had been displaced in a week. Sudan's army denied it. "
     "Sudan's capital was quiet. Geneva talks stalled.", "70,000", "Sudan", "country"),
])
def test_a_dateline_is_the_scene_only_away_from_the_capital_and_named_again(text, number, place, precision):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.location_precision) == (place, precision)


# --- a host verb holds a count: a word before "houses" or "shelters" is no host site -------------------

@pytest.mark.parametrize("text,number", [
    # the class of a probe article: "houses" is a noun here, "Entire" no name
    ("Rescuers searched Curah Kobokan village. Entire houses in the village were damaged by debris and more "
     "than 900 people fled to temporary government shelters.", "more than 900"),
    # our wordings
    ("Floods hit Sylhet. Whole houses were swept away and 2,000 people fled.", "2,000"),
    ("Storms hit Leyte. Several shelters collapsed and 500 people were evacuated.", "500"),
])
def test_a_word_before_a_host_noun_is_no_site(text, number):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location_text not in ("Entire", "Whole", "Several")


def test_a_name_before_a_host_verb_with_a_count_is_still_a_site():
    # trap: the host verb holds the figure
    figure, = extract_figures("Tawila now hosts tens of thousands of displaced people.")
    assert figure.location == "Tawila"


# --- a capital that speaks is its government --------------------------------------------------------

@pytest.mark.parametrize("text,number,country", [
    # the class of a probe article
    ("Floodwaters in southern Ukraine rose, with tens of thousands of civilians fleeing the destruction of a "
     "dam that Kyiv and Moscow called an act of sabotage.", "tens of thousands", "UKR"),
    # our wordings
    ("Fighting in Tigray has displaced 50,000 people, Addis Ababa said on Monday.", "50,000", "ETH"),
    ("The floods forced 12,000 people from their homes in Sindh, Islamabad announced.", "12,000", "PAK"),
])
def test_a_capital_that_speaks_is_no_place_of_the_figure(text, number, country):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.country_iso3 == country and figure.location_text not in ("Kyiv and Moscow", "Addis Ababa", "Islamabad")


def test_a_capital_people_fled_to_is_still_their_place():
    # trap: a capital as a destination or scene
    assert extract_figures("About 3,000 people were evacuated in Kyiv.")[0].location == "Kyiv"
    assert extract_figures("Thousands of people fled to Kabul, officials said.")[0].location == "Kabul"


# --- a region across countries in a possessive only describes --------------------------------------

@pytest.mark.parametrize("text,number,place", [
    # the class of a probe article
    ("A wave of attacks in Burkina Faso has triggered a crisis, uprooting hundreds of thousands of people from "
     "their homes in what was once one of West Africa's most tranquil nations.", "hundreds of thousands",
     "Burkina Faso"),
    # our wordings
    ("Floods in Mozambique displaced 40,000 people in one of Southern Africa's poorest provinces.", "40,000",
     "Mozambique"),
    ("Drought in Somalia has uprooted 1 million people, the Horn of Africa's worst crisis in decades.",
     "1 million", "Somalia"),
])
def test_a_region_in_a_possessive_is_no_place_of_the_figure(text, number, place):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert figure.location == place


def test_a_region_that_holds_the_figure_keeps_it():
    # trap: the sea is the figure's own place, not a possessive
    figure, = extract_figures("Some 2,000 migrants died in the Mediterranean this year, the Italian coast guard said.")
    assert figure.location_text == "Mediterranean"


# --- "into the country" points back to a country ------------------------------------------------------

@pytest.mark.parametrize("text,number,place,origin", [
    # the class of two probe articles
    ("Uganda has been praised for its welcome of refugees, but as civil war in neighbouring South Sudan "
     "continues to push more than 2,000 people a day into the country, local communities are buckling.",
     "more than 2,000", "Uganda", "South Sudan"),
    ("Explosions hit Nagorno-Karabakh. The Armenian government said 19,000 refugees have entered the country "
     "since local forces surrendered to Azerbaijan.", "19,000", "Armenia", "Azerbaijan"),
    # our wording
    ("Chad is struggling as fighting in Darfur has forced 12,000 people to flee into the country this week.",
     "12,000", "Chad", "Darfur"),
])
def test_people_moved_into_the_country_are_in_the_country_the_sentence_means(text, number, place, origin):
    figure = next(f for f in extract_figures(text) if f.number_text == number)
    assert (figure.location, figure.origin) == (place, origin)


def test_people_displaced_within_the_country_stay_where_they_are():
    # trap: "within the country" is no movement into it
    figure, = extract_figures("Fighting in Darfur has displaced 2 million people within the country.")
    assert figure.location == "Darfur"

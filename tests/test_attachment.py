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


def test_a_list_of_places_before_a_figure_still_stands_for_its_first_member():
    # trap: the item of 5,000 starts at "Hama", but Aleppo, Idlib and Hama are one list
    text = "Fighting in Aleppo, Idlib and Hama displaced 5,000 people and killed 20 civilians."
    assert locate(text, "5,000", "displaced").place.name == "Aleppo"


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
    assert (loc.place.name, loc.rule) == (place, "previous")


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

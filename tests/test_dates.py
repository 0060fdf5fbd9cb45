"""displacement.dates: publication dates and figure periods, as tables of real sentences.

Sources: the five seed articles (seeds/), their gold dates (../shared/gold/seeds_dates.json),
IDMC IDETECT excerpts read by id from ../shared/peer/idetect_excerpts.jsonl (evaluation data,
not copied here; those tests skip when the file is absent), and sentences written for a rule
(marked "constructed").
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from displacement.dates import (
    DateFormatError,
    date_spans,
    figure_period,
    publication_date,
    to_day,
)
from displacement.model import Period
from displacement.sentences import sentence_at
from shared_data import shared_dir

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = shared_dir()
GOLD_DATES = SHARED / "gold" / "seeds_dates.json"
IDETECT = SHARED / "peer" / "idetect_excerpts.jsonl"


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _period(text: str, number: str, published, occurrence: int = 0) -> Period:
    i = -1
    for _ in range(occurrence + 1):
        i = text.index(number, i + 1)
    j = i + len(number)
    return figure_period(text, sentence_at(text, i), (i, j), published)


def _as_tuple(p: Period):
    return (p.text, p.period_start, p.period_end, p.date, p.date_precision)


# ------------------------------------------------------------------------------------------
# Publication date
# ------------------------------------------------------------------------------------------
SEED_PUBLISHED = [
    # file, expected (value, precision), why
    ("000_680fffb280aea80c.txt", ("2016-03-14", "day"), "dateline '14 March, 2016' under '4 min read'"),
    ("001_4cdda67df5ead196.txt", ("2016-08", "month"), "no dateline; latest date is 'August 17, 2016'"),
    ("002_c2044e64b162e6c2.txt", ("2017-07", "month"), "no dateline; latest date is 'July 9, 2017'"),
    ("003_3f12a4075941c5ee.txt", (None, None), "only 'May 11' and weekdays: no year, nothing invented"),
    ("004_821288efd3a473e8.txt", ("2016-03-11", "day"), "'Friday 11/03/2016': 11 March 2016 was a Friday"),
]


@pytest.mark.parametrize("name,expected,why", SEED_PUBLISHED, ids=[r[0][:3] for r in SEED_PUBLISHED])
def test_seed_publication_dates(name, expected, why):
    assert publication_date(_seed(name)) == expected, why


def test_seed_table_agrees_with_gold_file():
    if not GOLD_DATES.exists():
        pytest.skip(f"{GOLD_DATES} not present")
    gold = json.loads(GOLD_DATES.read_text(encoding="utf-8"))
    assert {name: value for name, (value, _), _ in SEED_PUBLISHED} == {
        name: row["published"] for name, row in gold.items()}


METADATA = [
    # metadata string, expected; the text has no date, so anything found came from metadata
    ("2016-03-14", ("2016-03-14", "day")),
    ("2016-03-14T10:00:00Z", ("2016-03-14", "day")),
    ("2016-03-14T23:30:00-05:00", ("2016-03-14", "day")),  # the local date as written
    ("Mon, 14 Mar 2016 10:00:00 GMT", ("2016-03-14", "day")),
    ("Tue, 08 Nov 2016 07:12:00 +0000", ("2016-11-08", "day")),
    ("14 March 2016", ("2016-03-14", "day")),
    ("March 14, 2016 10:00 AM", ("2016-03-14", "day")),
    ("March 2016", ("2016-03", "month")),
    ("2016-08", ("2016-08", "month")),
    ("2016", ("2016", "year")),
    ("20160314", ("2016-03-14", "day")),
    ("Friday 11/03/2016", ("2016-03-11", "day")),
    ("Thursday 03/11/2016", ("2016-11-03", "day")),
    ("14 mars 2016", ("2016-03-14", "day")),  # dateparser fallback (French)
    ("16 de marzo de 2016", ("2016-03-16", "day")),  # dateparser fallback (Spanish)
    ("garbage", (None, None)),
    ("", (None, None)),
    ("n/a", (None, None)),
    ("32/13/2016", (None, None)),
    ("2016-13-45", (None, None)),
    ("yesterday", (None, None)),  # relative: no clock, so unknown
]


@pytest.mark.parametrize("metadata,expected", METADATA, ids=[m or "empty" for m, _ in METADATA])
def test_publication_date_from_metadata(metadata, expected):
    assert publication_date("Thousands fled the fighting.", metadata) == expected


def test_metadata_beats_dateline_and_garbage_falls_back_to_text():
    text = _seed("000_680fffb280aea80c.txt")
    assert publication_date(text, "2016-03-15T08:00:00Z") == ("2016-03-15", "day")
    assert publication_date(text, "not a date") == ("2016-03-14", "day")


DATELINES = [
    # text (first lines of an article), expected
    ("IS pullout\n\nFriday 11/03/2016\nHard times", ("2016-03-11", "day")),
    ("IS pullout\n\nThursday 03/11/2016\nHard times", ("2016-11-03", "day")),
    ("Title\n\nBAGHDAD, March 14, 2016 (Reuters) - Iraqi forces advanced.", ("2016-03-14", "day")),
    ("Title\nJUBA, 14 March 2016 (IRIN) - Thousands fled.", ("2016-03-14", "day")),
    ("Title\nBy Jane Doe | 14 March 2016\nText.", ("2016-03-14", "day")),
    ("Title\nPublished: 14/03/2016 10:32 GMT\nText.", ("2016-03-14", "day")),
    ("Title\nLast updated: 15 March 2016\nPublished 14 March 2016\nText.", ("2016-03-14", "day")),
    ("Title\nUpdated 10:32 AM ET, Mon March 14, 2016\nText.", ("2016-03-14", "day")),
    ("Title\n2016-03-14 10:32\nText.", ("2016-03-14", "day")),
    ("Title\n03/14/2016\nText.", ("2016-03-14", "day")),  # only one reading is valid
    ("Title\nMarch 2016\nText.", ("2016-03", "month")),
    ("Title\nMittwoch, 16. März 2016\nText.", ("2016-03-16", "day")),  # dateparser fallback
    # an ambiguous numeric dateline with no weekday: the reading not before the latest date
    # the text mentions (constructed)
    ("Title\n04/05/2016\nThe attack of 20 April 2016 displaced 3,000.", ("2016-05-04", "day")),
    # no dateline: the latest complete date mentioned gives the month; planned dates skipped
    ("The vote is scheduled for 15 December 2017. Fighting on 3 May 2016 displaced 2,000.",
     ("2016-05", "month")),
    # a title with a year is not a dateline, and a bare year is never enough
    ("Iraq 2016 report\nFighting displaced many in 2016.", (None, None)),
    ("KABUL, Afghanistan (AP) — Fighting on Tuesday displaced 300 families.", (None, None)),
]


@pytest.mark.parametrize("text,expected", DATELINES,
                         ids=[f"{i}-" + re.sub(r"\W+", "-", t)[:36] for i, (t, _) in enumerate(DATELINES)])
def test_publication_date_from_text(text, expected):
    assert publication_date(text) == expected


# ------------------------------------------------------------------------------------------
# Figure periods
# ------------------------------------------------------------------------------------------
# (id, sentence, number as written, published, expected (text, period_start, period_end, date, precision))
SENTENCES = [
    ("seed001-since-start-2014",
     "Nearly 3.4 million people have already been displaced in Iraq since the start of 2014.",
     "Nearly 3.4 million", "2016-08",
     ("since the start of 2014", "2014-01-01", None, "2016-08-01", "month")),
    ("seed001-this-year",
     "The United Nations’ refugee agency (UNHCR) said that 200,000 Iraqis had already been forced to "
     "flee their homes this year and warned that Mosul could trigger an unprecedented crisis.",
     "200,000", "2016-08", ("this year", "2016-01-01", None, "2016-08-01", "month")),
    ("seed001-this-year-unknown-pub",
     "The United Nations’ refugee agency (UNHCR) said that 200,000 Iraqis had already been forced to "
     "flee their homes this year.", "200,000", None, ("this year", None, None, None, None)),
    ("seed003-may-11-no-year",
     "\"After occupying 40 percent of Iraqi territory, now only 14 percent remains,\" government "
     "spokesman Saad al-Hadithi said in a televised statement on May 11.",
     "40", None, ("on May 11", None, None, None, None)),
    ("seed004-on-sunday",
     "BAGHDAD - The Islamic State group on Sunday pulled its fighters out of Rutba, a desert town "
     "in the western Iraqi province of Anbar, an army general and the mayor said.",
     "Rutba", "2016-03-11", ("on Sunday", "2016-03-06", "2016-03-06", "2016-03-06", "day")),
    # constructed: the relative and calendar phrases of the issue, one each
    ("last-year", "Some 3,000 people fled last year.", "3,000", "2016-03",
     ("last year", "2015-01-01", "2015-12-31", "2015-01-01", "year")),
    ("last-month", "Some 3,000 people fled last month.", "3,000", "2016-03-11",
     ("last month", "2016-02-01", "2016-02-29", "2016-02-01", "month")),
    ("this-month", "Some 3,000 people were displaced this month.", "3,000", "2016-08-10",
     ("this month", "2016-08-01", None, "2016-08-10", "day")),
    ("last-week", "Some 3,000 people fled last week.", "3,000", "2016-03-11",
     ("last week", "2016-02-29", "2016-03-06", "2016-03-06", "day")),
    ("yesterday", "Some 3,000 people fled yesterday.", "3,000", "2016-03-01",
     ("yesterday", "2016-02-29", "2016-02-29", "2016-02-29", "day")),
    ("on-tuesday", "Some 3,000 people fled on Tuesday.", "3,000", "2016-03-11",
     ("on Tuesday", "2016-03-08", "2016-03-08", "2016-03-08", "day")),
    ("last-week-month-pub", "Some 3,000 people fled last week.", "3,000", "2016-03",
     ("last week", None, None, "2016-03-01", "month")),
    ("so-far-this-year", "Some 3,000 people were displaced so far this year.", "3,000", "2016-08-10",
     ("so far this year", "2016-01-01", None, "2016-08-10", "day")),
    ("since-beginning-of-year", "Some 3,000 people were displaced since the beginning of the year.",
     "3,000", "2016-08", ("since the beginning of the year", "2016-01-01", None, "2016-08-01", "month")),
    ("past-24-hours", "Some 3,000 people were displaced in the past 24 hours.", "3,000", "2016-08-10",
     ("in the past 24 hours", "2016-08-09", None, "2016-08-10", "day")),
    ("from-1-to-15-march", "Some 3,000 people fled from 1 to 15 March.", "3,000", "2016-08-10",
     ("from 1 to 15 March", "2016-03-01", "2016-03-15", "2016-03-15", "day")),
    ("since-june", "Some 3,000 people have fled since June.", "3,000", "2016-08-10",
     ("since June", "2016-06-01", None, "2016-08-10", "day")),
    ("in-june-rolls-back", "Some 3,000 people fled in June.", "3,000", "2016-03",
     ("in June", "2015-06-01", "2015-06-30", "2015-06-01", "month")),
    ("in-june-2014-no-pub", "Some 3,000 people fled in June 2014.", "3,000", None,
     ("in June 2014", "2014-06-01", "2014-06-30", "2014-06-01", "month")),
    ("as-at-with-year", "Some 3,000 people were in camps as at 23 March 2017.", "3,000", None,
     ("as at 23 March 2017", None, "2017-03-23", "2017-03-23", "day")),
    ("in-early-2017", "Some 3,000 people fled in early 2017.", "3,000", None,
     ("in early 2017", "2017-01-01", "2017-04-30", "2017-01-01", "year")),
    ("since-17-october-2016", "Some 3,000 people were displaced since 17 October 2016.", "3,000", "2017-03-28",
     ("since 17 October 2016", "2016-10-17", None, "2017-03-28", "day")),
    ("since-with-year-no-pub", "Some 3,000 people were displaced since 17 October 2016.", "3,000", None,
     ("since 17 October 2016", "2016-10-17", None, None, None)),
    ("us-range", "Some 3,000 people were displaced on Aug. 1-15, 2016.", "3,000", None,
     ("on Aug. 1-15, 2016", "2016-08-01", "2016-08-15", "2016-08-15", "day")),
    ("weekday-numeric", "Friday 11/03/2016: 5,000 flee", "5,000", None,
     ("Friday 11/03/2016", "2016-03-11", "2016-03-11", "2016-03-11", "day")),
    ("weekday-numeric-us", "Thursday 03/11/2016: 5,000 flee", "5,000", None,
     ("Thursday 03/11/2016", "2016-11-03", "2016-11-03", "2016-11-03", "day")),
    ("may-11-no-pub", "May 11: 5,000 flee", "5,000", None, ("May 11", None, None, None, None)),
    ("two-years", "Some 2,000 people fled in 2016 and 2017.", "2,000", None,
     ("in 2016 and 2017", "2016-01-01", "2017-12-31", "2017-01-01", "year")),
    ("since-event-in-month", "Some 1.9 million people have been internally displaced since fighting broke "
     "out in December 2013.", "1.9 million", "2016-07-15",
     ("since fighting broke out in December 2013", "2013-12-01", None, "2016-07-15", "day")),
    ("as-on-indian-style", "As on March 23, 2017, 2.1 lakh people were in relief camps.", "2.1 lakh", None,
     ("As on March 23, 2017", None, "2017-03-23", "2017-03-23", "day")),
    ("weekday-ordinal-comma", "On Tuesday, 14th March, 2017, some 4,000 people fled Maiduguri.", "4,000", None,
     ("On Tuesday, 14th March, 2017", "2017-03-14", "2017-03-14", "2017-03-14", "day")),
    ("end-march-un-style", "Since end-March 2017, 20,000 people have returned.", "20,000", "2017-06",
     ("Since end-March 2017", "2017-03-21", None, "2017-06-01", "month")),
    ("no-phrase", "Some 2,000 people fled.", "2,000", "2016-08", (None, None, None, "2016-08-01", "month")),
    ("no-phrase-no-pub", "Some 2,000 people fled.", "2,000", None, (None, None, None, None, None)),
    # the phrase of the number's own clause wins over a nearer one in a relative clause
    ("subclause", "About 247,000 people were displaced between 7 and 15 March due to tropical cyclone "
     "Enawo, which made landfall on 7 March.", "247,000", "2017-03-20",
     ("between 7 and 15 March", "2017-03-07", "2017-03-15", "2017-03-15", "day")),
]


@pytest.mark.parametrize("sentence,number,published,expected", [r[1:] for r in SENTENCES],
                         ids=[r[0] for r in SENTENCES])
def test_figure_period(sentence, number, published, expected):
    assert _as_tuple(_period(sentence, number, published)) == expected


def test_period_offsets_point_into_the_document():
    text = _seed("001_4cdda67df5ead196.txt")
    p = _period(text, "Nearly 3.4 million", "2016-08")
    assert (text[p.start:p.end], p.period_start) == ("since the start of 2014", "2014-01-01")


# IDMC IDETECT excerpts, by id: (id, number as written, occurrence, published, expected)
IDETECT_CASES = [
    ("idetect-2", "172,000", 0, "2017-03-28",
     ("between 19 February and 23 March", "2017-02-19", "2017-03-23", "2017-03-23", "day")),
    ("idetect-3", "274,000", 0, "2017-03-28", ("as of 23 March", None, "2017-03-23", "2017-03-23", "day")),
    ("idetect-4", "350,000", 0, "2017-03-28",  # the year rolls back for 17 October
     ("between 17 October and 23 March", "2016-10-17", "2017-03-23", "2017-03-23", "day")),
    ("idetect-4", "76,000", 0, "2017-03-28",
     ("between 17 October and 23 March", "2016-10-17", "2017-03-23", "2017-03-23", "day")),
    ("idetect-1", "260,000", 0, None, ("Since 1 January 2016", "2016-01-01", None, None, None)),
    ("idetect-1", "260,000", 0, "2016-09",
     ("Since 1 January 2016", "2016-01-01", None, "2016-09-01", "month")),
    ("idetect-10", "92,000", 0, "2017-03-28",
     ("between late November 2016 and mid-March", "2016-11-21", "2017-03-20", "2017-03-01", "month")),
    ("idetect-10", "92,000", 0, None,  # the end's year follows the start's
     ("between late November 2016 and mid-March", "2016-11-21", "2017-03-20", "2017-03-01", "month")),
    ("idetect-5", "10,000", 0, "2017-03-28", ("on 6 March", "2017-03-06", "2017-03-06", "2017-03-06", "day")),
    ("idetect-5", "10,000", 0, None, ("on 6 March", None, None, None, None)),
    ("idetect-6", "50", 0, None, ("during 2015", "2015-01-01", "2015-12-31", "2015-01-01", "year")),
    ("idetect-7", "120,000", 0, "2017-08-24", ("since 2012", "2012-01-01", None, "2017-08-24", "day")),
    ("idetect-8", "Nine hundred and twenty-one", 0, "2017-03-15",  # past an aside in brackets
     ("between 1 January and 10 March", "2017-01-01", "2017-03-10", "2017-03-10", "day")),
    ("idetect-17", "38,000", 0, "2017-03-20",
     ("between 1 January and 17 March", "2017-01-01", "2017-03-17", "2017-03-17", "day")),
    ("idetect-147", "900", 0, "2017-01-10", ("As of 5 January", None, "2017-01-05", "2017-01-05", "day")),
    ("idetect-281", "several thousand", 0, "2016-08",
     ("since mid-July", "2016-07-11", None, "2016-08-01", "month")),
    ("idetect-13", "20,000", 0, "2017-03-20",
     ("between 1 and 16 March", "2017-03-01", "2017-03-16", "2017-03-16", "day")),
    ("idetect-15", "17,000", 0, None,
     ("between November and early December 2017", "2017-11-01", "2017-12-10", "2017-12-01", "month")),
    ("idetect-20", "100,000", 0, None,
     ("since September 2016 up to the first quarter of 2017", "2016-09-01", "2017-03-31", "2017-01-01", "year")),
    ("idetect-29", "46,000", 0, None, ("as of February 2017", None, "2017-02-28", "2017-02-01", "month")),
    ("idetect-34", "192,000", 0, "2017-03-10",  # its own "as of", not the range just before it
     ("as of 2 March", None, "2017-03-02", "2017-03-02", "day")),
    ("idetect-109", "1,800", 0, None,  # a dated citation in parentheses acts as "as of"
     ("25 January 2017", None, "2017-01-25", "2017-01-25", "day")),
    ("idetect-178", "405,000", 0, "2016-12-01",
     ("since the beginning of 2016", "2016-01-01", None, "2016-12-01", "day")),
    ("idetect-244", "382,000", 0, None,  # PDF damage: doubled spaces, "mid-October2016"
     ("between  January  and  mid-October2016", "2016-01-01", "2016-10-20", "2016-10-01", "month")),
    ("idetect-259", "8,000", 0, "2016-10-15",
     ("By the end of September", None, "2016-09-30", "2016-09-01", "month")),
    ("idetect-291", "234,000", 0, "2016-09",  # PDF damage: "sincethe start of 2016"
     ("sincethe start of 2016", "2016-01-01", None, "2016-09-01", "month")),
    ("idetect-303", "192,000", 0, None,  # PDF damage: "Januaryand"
     ("Between Januaryand the end of August 2016", "2016-01-01", "2016-08-31", "2016-08-01", "month")),
    ("idetect-311", "89,000", 0, None,
     ("duringthe first half of 2016", "2016-01-01", "2016-06-30", "2016-01-01", "year")),
    pytest.param("idetect-299", "56,000", 0, "2016-09",
                 ("Between  March  and  the  end  of  June", "2016-03-01", "2016-06-30", "2016-06-01", "month"),
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "the fronted range is 100+ characters before the number; the nearer 'so far in "
                     "2016' after it wins"))),
    pytest.param("idetect-300", "96,000", 0, None,
                 ("between January and August 2016", "2016-01-01", "2016-08-31", "2016-08-01", "month"),
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "PDF damage glues 'peoplebetween': the preposition is not seen, only 'August "
                     "2016' is read"))),
    pytest.param("idetect-36", "67,000", 0, None,
                 ("as of 2 March", None, "2017-03-02", "2017-03-02", "day"),
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "with no publication date, 'as of 2 March' does not borrow the year of the "
                     "citation '(DSWD, 2 March 2017)' in the same sentence"))),
]


@pytest.fixture(scope="module")
def idetect():
    if not IDETECT.exists():
        pytest.skip(f"{IDETECT} not present")
    with IDETECT.open(encoding="utf-8") as fh:
        return {row["id"]: row["text"] for row in map(json.loads, fh)}


@pytest.mark.parametrize("excerpt,number,occurrence,published,expected", IDETECT_CASES,
                         ids=[(c.values if hasattr(c, "values") else c)[0] + "-" +
                              (c.values if hasattr(c, "values") else c)[1] for c in IDETECT_CASES])
def test_idetect_periods(idetect, excerpt, number, occurrence, published, expected):
    assert _as_tuple(_period(idetect[excerpt], number, published, occurrence)) == expected


def test_idetect_publication_date_from_citation(idetect):
    # no dateline; the latest date cited is "(ECHO, 27 February 2017)"
    assert publication_date(idetect["idetect-46"]) == ("2017-02", "month")


# ------------------------------------------------------------------------------------------
# Traps: numbers and words that look like dates but are not time phrases
# ------------------------------------------------------------------------------------------
TRAPS = [
    # (id, sentence, number as written, published) -> the figure gets the publication date only
    ("percent", "\"After occupying 40 percent of Iraqi territory, now only 14 percent remains,\" "
     "government spokesman Saad al-Hadithi said.", "14", "2016-05-20"),
    ("age", "But that prompted an argument, said the 50-year-old psychologist, who fled with other "
     "residents and is now also living in the camp.", "50", "2016-08"),
    ("reading-time", "4 min read", "4", "2016-03-14"),
    ("year-as-adjective", "The group's loss of territories captured during its 2014 lightening offensive are "
     "also showing signs that the Islamic State group project could be on the verge of imploding.",
     "2014", "2016-03-14"),
    ("count-not-year", "Up to 2000 people were evacuated from the riverbanks.", "2000", "2016-08-10"),
    ("decade-in-other-clause", "Amiri, who fought in the Iran-Iraq war in the 1980s, said 3,000 families "
     "had fled.", "3,000", "2016-05-20"),  # constructed
    ("friday-sermons", "Talk in Friday sermons said 3,000 families had fled.", "3,000", "2016-03-14"),
    ("two-seasons-no-prep", "The 2014-2015 season displaced 3,000 people.", "3,000", "2016-03-14"),
]


@pytest.mark.parametrize("sentence,number,published", [t[1:] for t in TRAPS], ids=[t[0] for t in TRAPS])
def test_traps_give_no_period(sentence, number, published):
    p = _period(sentence, number, published)
    assert _as_tuple(p) == (None, None, None, to_day(published), p.date_precision)
    assert p.date_precision == {4: "year", 7: "month", 10: "day"}[len(published)]


def test_decade_in_the_numbers_clause_gives_a_decade_without_a_chart_date():
    # constructed: the decade is the period, but no single reference date can be charted
    p = _period("In the 1980s, 50,000 people fled the fighting.", "50,000", "2016-05-20")
    assert _as_tuple(p) == ("In the 1980s", "1980-01-01", "1989-12-31", None, None)


def test_date_spans_cover_dates_and_skip_lookalikes():
    text = _seed("000_680fffb280aea80c.txt")
    spans = [text[a:b] for a, b in date_spans(text)]
    assert "14 March, 2016" in spans
    assert not any(re.search(r"min read|percent|2014 lightening", s) for s in spans)
    seed3 = _seed("003_3f12a4075941c5ee.txt")
    spans3 = [seed3[a:b] for a, b in date_spans(seed3)]
    assert "on May 11" in spans3 and "in 2014" in spans3
    assert [s for s in spans3 if "1980" in s] == ["in the 1980s"]  # a decade phrase, not the year 1980


# ------------------------------------------------------------------------------------------
# to_day and bad input
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("partial,expected", [
    ("2016-08", "2016-08-01"), ("2016", "2016-01-01"), ("2016-08-17", "2016-08-17"),
    ("2016-08-17T10:00:00Z", "2016-08-17"), (None, None)])
def test_to_day(partial, expected):
    assert to_day(partial) == expected


@pytest.mark.parametrize("bad", ["August 2016", "2016-02-30", "16-08", "garbage"])
def test_to_day_rejects_non_iso(bad):
    with pytest.raises(DateFormatError, match=re.escape(repr(bad))):
        to_day(bad)


def test_figure_period_rejects_a_malformed_publication_date():
    with pytest.raises(DateFormatError, match="expected an ISO date"):
        _period("Some 3,000 people fled this year.", "3,000", "14/03/2016")


# --- dates stay in their paragraph (issue 12) ----------------------------------------------------

_ROUNDUP = ("Fighting spread across the region in September 2024, aid agencies said.\n\n"
            "More than 25,000 people have been displaced by the clashes, IOM said in November 2023.\n\n"
            "In a separate report, 4,000 families were sheltering in schools.\n\n"
            "On 3 March 2024 the camp was attacked. Since then 2,000 people have fled.")


def _dated(text, published=None):
    from displacement.extract import extract_figures
    return {f.number_text: (f.date, f.date_precision) for f in extract_figures(text, published)}


def test_a_figure_takes_the_date_of_its_own_sentence():
    assert _dated(_ROUNDUP)["More than 25,000"] == ("2023-11-01", "month")


def test_a_figure_takes_the_date_of_the_sentence_before_in_its_paragraph():
    assert _dated(_ROUNDUP)["2,000"] == ("2024-03-03", "day")


def test_without_a_publication_date_another_paragraphs_event_dates_nothing():
    # the publication date is only guessed from "September 2024" in another paragraph
    assert _dated(_ROUNDUP)["4,000"] == (None, None)


def test_a_stated_publication_date_dates_a_figure_that_names_no_time():
    # trap: with a real publication date the undated figure is dated by it
    assert _dated(_ROUNDUP, "2024-10-02")["4,000"] == ("2024-10-02", "day")


def test_the_date_of_another_paragraph_is_never_taken():
    text = "On 3 March 2024 the camp was attacked.\n\nAbout 2,000 people have fled to the hills."
    assert _dated(text, "2024-05-01")["About 2,000"] == ("2024-05-01", "day")

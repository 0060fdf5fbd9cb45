"""Reviews (issue 15): checking a review, the append-only table, latest wins, re-matching after a
re-extraction, and what the filters, the CSV, situations and the CLI do with them.

Store tests take ``backend_url``, so they run on SQLite and on the real PostgreSQL server.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
import sqlalchemy as sa

from conftest import fake_extract, run_cli
from displacement import export, reviews, situations, views
from displacement.filters import FilterError, Filters, apply
from displacement.model import FIGURE_FIELDS, Document, Figure
from displacement.pipeline import reindex
from displacement.reviews import Review, ReviewError, UnknownFigureError
from displacement.store import open_store

DOC = Document(id="a", text="In Anbar 3,000 people fled.\nSome 13 were trapped.\nLater 40 fled.", published="2016-03-14")
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def at(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def ids(store) -> dict[str, str]:
    """number_text -> figure_id of the stored figures."""
    frame = store.figures_frame()
    return dict(zip(frame["number_text"], frame["figure_id"]))


@pytest.fixture
def rstore(backend_url):
    with open_store(backend_url) as s:
        s.write_batch([(DOC, fake_extract(DOC))], version="fake-1")
        yield s


def figure_row(**values) -> dict:
    row = {name: None for name in FIGURE_FIELDS}
    row.update(figure_id="f", document_id="d", quote="About 3,000 fled.", start=6, end=11, number_text="3,000",
               value=3000, low=None, high=None, qualifier="exact", category="displaced", term="displaced",
               figure_type="flow", location="Mosul", admin1="Nineveh", country_iso3="IRQ", lat=36.3, lon=43.1,
               date="2016-08-01")
    row.update(values)
    return row


# ---- checking a correction (pure) ---------------------------------------------------------------


@pytest.mark.parametrize("name, raw, value", [
    ("value", "1,200", 1200),
    ("value", 1200.0, 1200),
    ("low", "0", 0),
    ("high", "", None),  # an empty value empties the field: no upper bound
    ("qualifier", "at_least", "at_least"),
    ("category", "trapped", "trapped"),
    ("term", "in_camp", "in_camp"),
    ("figure_type", "stock", "stock"),
    ("country_iso3", "syr", "SYR"),
    ("lat", "-33.5", -33.5),
    ("date", "2016-09-30", "2016-09-30"),
    ("location", "  Erbil ", "Erbil"),
    ("location_precision", "camp", "camp"),
])
def test_a_field_is_read_into_its_type(name, raw, value):
    assert reviews.parse_field(name, raw) == value


@pytest.mark.parametrize("name, raw, message", [
    ("colour", "red", "'colour' is not a field a review can correct"),
    ("quote", "x", "'quote' is not a field a review can correct"),
    ("value", "many", "value='many': expected a number"),
    ("value", "-5", "expected a whole number of people from 0"),
    ("value", "12.5", "expected a whole number of people"),
    ("value", "1e11", "expected a whole number of people"),
    ("qualifier", "roughly", "qualifier='roughly': expected one of exact, approx"),
    ("category", "war", "category='war': expected one of displaced, trapped"),
    ("category", "", "category cannot be empty"),
    ("term", "fled", "term='fled': expected one of"),
    ("country_iso3", "XXX", "expected a country's ISO 3166 alpha-3 code"),
    ("country_iso3", "Iraq", "expected a country's ISO 3166 alpha-3 code"),
    ("lat", "91", "expected degrees between -90 and 90"),
    ("lon", "nan", "expected a finite number"),
    ("date", "2016-02-30", "date='2016-02-30': expected a date as YYYY-MM-DD"),
    ("date", "March 2016", "expected a date as YYYY-MM-DD"),
])
def test_a_bad_field_or_value_names_what_was_expected(name, raw, message):
    with pytest.raises(ReviewError, match=message.replace("(", r"\(")):
        reviews.parse_field(name, raw)


@pytest.mark.parametrize("figure, changes, message", [
    ({}, {"low": "5000", "high": "4000"}, "low 5,000 is more than high 4,000"),
    ({"low": 2000, "high": 4000}, {"value": "5000"}, "value 5,000 is more than high 4,000"),
    ({"high": 1000}, {"low": "2000"}, "low 2,000 is more than high 1,000"),  # the extracted high stays
    ({}, {"low": "3500"}, "value 3,000 is less than low 3,500"),
    ({}, {"value": ""}, "a figure qualified 'exact' needs a value"),
    ({}, {"period_start": "2016-05-01", "period_end": "2016-04-01"}, "period_start 2016-05-01 is after period_end"),
    ({}, {}, "a correction needs at least one field=value"),
])
def test_a_correction_is_checked_as_a_whole(figure, changes, message):
    with pytest.raises(ReviewError, match=message):
        reviews.validate_changes(figure_row(**figure), changes)


def test_a_good_correction_comes_back_typed_and_sorted():
    assert reviews.validate_changes(figure_row(), {"value": "2,500", "qualifier": "approx", "high": "3000"}) == {
        "high": 3000, "qualifier": "approx", "value": 2500}
    # a vague amount may have no value
    assert reviews.validate_changes(figure_row(), {"value": "", "qualifier": "vague"}) == {"qualifier": "vague", "value": None}


@pytest.mark.parametrize("action, changes, editor, message", [
    ("approve", None, "ann", "action 'approve': expected one of confirm, correct, reject"),
    ("confirm", {"value": "1"}, "ann", "confirm takes no changes"),
    ("reject", None, "  ", "a review needs the editor's name"),
    ("correct", None, "ann", "a correction needs at least one field=value"),
])
def test_check_review_refuses(action, changes, editor, message):
    with pytest.raises(ReviewError, match=message):
        reviews.check_review(figure_row(), action, changes, editor=editor, at=T0)


def test_check_review_records_what_re_matching_needs_and_utc_time():
    review = reviews.check_review(figure_row(), "correct", {"value": "2500"}, editor=" ann ", note=" typo ",
                                  at="2026-01-05T10:00:00+01:00")
    assert review == Review(review_id=None, figure_id="f", document_id="d", quote="About 3,000 fled.", number_text="3,000",
                            start=6, action="correct", changes={"value": 2500}, editor="ann",
                            at="2026-01-05T09:00:00+00:00", note="typo")
    assert review.status == "corrected"
    assert reviews.utc_time(datetime(2026, 1, 5, 9, 0)) == "2026-01-05T09:00:00+00:00"  # naive is UTC
    with pytest.raises(ReviewError, match="at='yesterday': expected an ISO time"):
        reviews.utc_time("yesterday")


def test_assignments_and_combining_with_the_latest_correction():
    assert reviews.parse_assignments(["value=1,200", "high="]) == {"value": "1,200", "high": ""}
    with pytest.raises(ReviewError, match="'value': expected FIELD=VALUE"):
        reviews.parse_assignments(["value"])
    with pytest.raises(ReviewError, match="value is set twice"):
        reviews.parse_assignments(["value=1", "value=2"])
    before = Review(1, "f", "d", "q", "3", 0, "correct", {"value": 9, "location": "Erbil"}, "ann", at(0))
    assert reviews.combine_changes(before, {"value": "10"}) == {"value": "10", "location": "Erbil"}
    rejected = Review(2, "f", "d", "q", "3", 0, "reject", {}, "ann", at(1))
    assert reviews.combine_changes(rejected, {"value": "10"}) == {"value": "10"}
    assert reviews.combine_changes(None, {"value": "10"}) == {"value": "10"}


# ---- latest wins and re-matching (pure) ---------------------------------------------------------


def frame_of(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([figure_row(**r) for r in rows]).astype({"value": "Int64", "low": "Int64", "high": "Int64"})


def review(n: int, figure_id: str, action: str, changes=None, **kw) -> Review:
    base = dict(document_id="d", quote="About 3,000 fled.", number_text="3,000", start=6, editor=f"ed{n}", at=at(n))
    base.update(kw)
    return Review(n, figure_id, action=action, changes=changes or {}, **base)


def test_latest_review_wins_and_extracted_values_stay_beside():
    figures = frame_of({"figure_id": "f"}, {"figure_id": "g", "quote": "Some 13 fled.", "number_text": "13", "start": 40,
                                            "value": 13})
    history = [review(1, "f", "correct", {"value": 2500, "location": "Erbil"}),
               review(3, "f", "confirm", note="checked with IOM"),
               review(2, "f", "reject"),
               review(4, "g", "correct", {"value": 15, "location": "Erbil"}, quote="Some 13 fled.", number_text="13", start=40)]
    out = reviews.apply_reviews(figures, history)
    f, g = out.iloc[0], out.iloc[1]
    # f: the confirm (minute 3) is the latest, so the extracted values stand
    assert (f["review_status"], f["reviewed_by"], f["reviewed_at"], f["review_note"]) == (
        "confirmed", "ed3", at(3), "checked with IOM")
    assert (f["value"], f["location"], f["extracted_value"]) == (3000, "Mosul", 3000)
    # g: corrected; the place changed without coordinates, so the extracted ones go
    assert (g["review_status"], g["value"], g["extracted_value"], g["location"], g["extracted_location"]) == (
        "corrected", 15, 13, "Erbil", "Mosul")
    assert pd.isna(g["lat"]) and pd.isna(g["lon"]) and g["extracted_lat"] == 36.3
    assert g["admin1"] == "Nineveh" and g["country_iso3"] == "IRQ"  # not corrected: as extracted
    assert out["value"].dtype == "Int64" and figures["value"].tolist() == [3000, 13]  # the input is untouched
    assert set(reviews.EXTRACTED_COLUMNS) <= set(out.columns)


def test_no_reviews_means_unreviewed_everywhere():
    out = reviews.apply_reviews(frame_of({"figure_id": "f"}), [])
    assert out[["review_status", "value", "extracted_value"]].values.tolist() == [["unreviewed", 3000, 3000]]
    assert out[["reviewed_by", "reviewed_at", "review_note"]].isna().all(axis=None)
    assert reviews.status_counts(out) == {"unreviewed": 1, "confirmed": 0, "corrected": 0, "rejected": 0}


@pytest.mark.parametrize("figure, expected", [
    ({"figure_id": "f"}, "f"),  # same id
    ({"figure_id": "new", "start": 8}, "new"),  # new id, same sentence and number (offset moved)
    ({"figure_id": "wide", "start": 0, "end": 11, "number_text": "About 3,000", "quote": "About 3,000 fled!"}, "wide"),  # span overlaps
    ({"figure_id": "other", "start": 20, "end": 22, "number_text": "12", "quote": "12 died."}, None),  # nothing in common
    ({"figure_id": "elsewhere", "document_id": "e"}, None),  # another document
])
def test_a_review_finds_its_figure_after_re_extraction(figure, expected):
    assert reviews.match_reviews(frame_of(figure), [review(1, "f", "reject")]) == [expected]


def test_a_repeated_number_matches_the_nearest_one():
    figures = frame_of({"figure_id": "x1", "start": 2, "quote": "3,000 and 3,000 fled."},
                       {"figure_id": "x2", "start": 12, "quote": "3,000 and 3,000 fled."})
    old = review(1, "gone", "reject", quote="3,000 and 3,000 fled.", start=10)
    assert reviews.match_reviews(figures, [old]) == ["x2"]


# ---- the store: append-only, history, latest wins ---------------------------------------------


def test_add_review_and_history_oldest_first(rstore):
    fid = ids(rstore)["3,000"]
    version = rstore.data_version()
    second = rstore.add_review(fid, "correct", {"value": "3,100"}, editor="bob", note="typo", at=at(10))
    first = rstore.add_review(fid, "confirm", editor="ann", at=at(5))  # stored later, but earlier in time
    assert (second.review_id, first.review_id) == (1, 2)
    assert rstore.data_version() != version  # the page reloads
    history = rstore.reviews(fid)
    assert [(r.action, r.editor, r.at, r.changes, r.note) for r in history] == [
        ("confirm", "ann", at(5), {}, None), ("correct", "bob", at(10), {"value": 3100}, "typo")]
    assert history[0].quote == "In Anbar 3,000 people fled." and history[0].number_text == "3,000"
    assert rstore.latest_review(fid).action == "correct"
    assert rstore.reviews(ids(rstore)["13"]) == [] and rstore.latest_review(ids(rstore)["13"]) is None
    assert [r.review_id for r in rstore.reviews()] == [first.review_id, second.review_id]
    frame = rstore.reviewed_frame().set_index("figure_id")
    assert (frame.loc[fid, "value"], frame.loc[fid, "extracted_value"], frame.loc[fid, "review_status"]) == (3100, 3000, "corrected")


def test_the_same_time_is_ordered_as_stored(rstore):
    fid = ids(rstore)["13"]
    rstore.add_review(fid, "reject", editor="ann", at=at(1))
    rstore.add_review(fid, "confirm", editor="bob", at=at(1))
    assert [r.action for r in rstore.reviews(fid)] == ["reject", "confirm"]
    assert rstore.reviewed_frame().set_index("figure_id").loc[fid, "review_status"] == "confirmed"


def test_bad_reviews_store_nothing(rstore):
    with pytest.raises(UnknownFigureError, match="no figure 'nope'"):
        rstore.add_review("nope", "confirm", editor="ann")
    with pytest.raises(ReviewError, match="low 5,000 is more than high"):
        rstore.add_review(ids(rstore)["3,000"], "correct", {"low": "5000", "high": "4000"}, editor="ann")
    with pytest.raises(ReviewError, match="review needs the editor"):
        rstore.add_review(ids(rstore)["3,000"], "reject", editor="")
    assert rstore.count_reviews() == 0


def test_reviews_are_append_only(rstore):
    fid = ids(rstore)["13"]
    rstore.add_review(fid, "reject", editor="ann", at=at(1))
    assert not [name for name in dir(rstore) if "review" in name and any(w in name for w in ("update", "delete", "remove", "edit"))]
    for sql in ("UPDATE reviews SET editor = 'mallory'", "DELETE FROM reviews"):
        with pytest.raises(sa.exc.DBAPIError, match="reviews are append-only"):
            with rstore.engine.begin() as conn:
                conn.execute(sa.text(sql))
    assert [(r.action, r.editor) for r in rstore.reviews()] == [("reject", "ann")]


def test_delete_documents_keeps_the_reviews(rstore):
    fid = ids(rstore)["13"]
    rstore.add_review(fid, "reject", editor="ann", at=at(1))
    assert rstore.delete_documents(["a"]) == 1
    assert rstore.count_figures() == 0
    assert [(r.figure_id, r.action) for r in rstore.reviews()] == [(fid, "reject")]
    # the article comes back: its review applies again
    rstore.write_batch([(DOC, fake_extract(DOC))], version="fake-1")
    assert rstore.reviewed_frame().set_index("figure_id").loc[fid, "review_status"] == "rejected"


def test_reviews_survive_reindex(rstore):
    fid = ids(rstore)["3,000"]
    rstore.add_review(fid, "correct", {"value": "3100"}, editor="ann", at=at(1))
    summary = reindex(rstore, all=True, extractor=fake_extract, extractor_version="fake-2")
    assert summary.updated == 1
    frame = rstore.reviewed_frame().set_index("figure_id")
    assert (frame.loc[fid, "value"], frame.loc[fid, "extracted_value"], frame.loc[fid, "extractor_version"]) == (
        3100, 3000, "fake-1")  # the fake keeps its own version string; what matters is the review
    assert rstore.count_reviews() == 1


def renamed_extract(doc: Document) -> list[Figure]:
    """An 'upgraded' extractor: new ids for every figure, and '3,000' read as 'Anbar 3,000' (a
    wider span, so the old review must be found by overlap)."""
    out = []
    for f in fake_extract(doc):
        if f.number_text == "3,000":
            f = f.replace(start=f.start - 6, number_text="Anbar 3,000")
        out.append(f.replace(figure_id="v2-" + f.figure_id, extractor_version="fake-2"))
    return out


def test_reviews_follow_their_figures_to_new_ids(rstore):
    old = ids(rstore)
    rstore.add_review(old["3,000"], "correct", {"value": "3100", "location": "Ramadi"}, editor="ann", at=at(1))
    rstore.add_review(old["13"], "reject", editor="bob", at=at(2))
    reindex(rstore, all=True, extractor=renamed_extract, extractor_version="fake-2")
    new = ids(rstore)
    assert new["Anbar 3,000"] == "v2-" + old["3,000"] and new["13"] == "v2-" + old["13"]
    frame = rstore.reviewed_frame().set_index("figure_id")
    assert frame.loc[new["Anbar 3,000"], ["value", "extracted_value", "location", "review_status", "reviewed_by"]].tolist() == [
        3100, 3000, "Ramadi", "corrected", "ann"]
    assert frame.loc[new["13"], "review_status"] == "rejected"
    assert frame.loc[new["40"], "review_status"] == "unreviewed"
    # the history of the new id holds the review made under the old one, and a new review joins it
    rstore.add_review(new["13"], "confirm", editor="cy", at=at(3))
    assert [(r.figure_id, r.action) for r in rstore.reviews(new["13"])] == [(old["13"], "reject"), (new["13"], "confirm")]
    assert rstore.reviewed_frame().set_index("figure_id").loc[new["13"], "review_status"] == "confirmed"


def test_an_old_store_is_upgraded_to_hold_reviews(tmp_path):
    path = tmp_path / "v2.db"
    with open_store(str(path)) as s:
        s.write_batch([(DOC, fake_extract(DOC))], version="fake-1")
        with s.engine.begin() as conn:  # as schema 2 left it: no reviews table, no triggers
            conn.execute(sa.text("DROP TABLE reviews"))
            conn.execute(sa.text("UPDATE store_info SET value = 2 WHERE key = 'schema_version'"))
    with open_store(str(path)) as s:
        assert s.count_figures() == 3 and s.count_reviews() == 0
        with s.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT value FROM store_info WHERE key = 'schema_version'")).scalar() == 4  # issue 16's tables came too
        s.add_review(ids(s)["13"], "reject", editor="ann")
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with s.engine.begin() as conn:
                conn.execute(sa.text("DELETE FROM reviews"))


# ---- filters, links, CSV, situations ------------------------------------------------------------


def reviewed_frame() -> pd.DataFrame:
    figures = frame_of({"figure_id": "u"}, {"figure_id": "c", "start": 40}, {"figure_id": "k", "start": 80},
                       {"figure_id": "r", "start": 120})
    return reviews.apply_reviews(figures, [
        review(1, "c", "correct", {"value": 10}, start=40, quote=None), review(2, "k", "confirm", start=80, quote=None),
        review(3, "r", "reject", start=120, quote=None)])


@pytest.mark.parametrize("review_param, kept", [
    (None, ["u", "c", "k"]),  # rejected figures leave by default
    ("all", ["u", "c", "k", "r"]),
    ("reviewed", ["c", "k"]),
    ("confirmed", ["k"]),
    ("corrected", ["c"]),
    ("unreviewed", ["u"]),
    ("rejected", ["r"]),
])
def test_the_review_filter(review_param, kept):
    filters = Filters(review=review_param)
    assert apply(reviewed_frame(), filters)["figure_id"].tolist() == kept
    assert Filters.from_query_params(filters.to_query_params()) == filters


def test_review_filter_with_others_and_without_review_columns():
    assert apply(reviewed_frame(), Filters(review="all", min_confidence=0.0, q="3,000"))["figure_id"].tolist() == ["u", "c", "k", "r"]
    plain = frame_of({"figure_id": "u"})  # a frame no review was applied to is all unreviewed
    assert apply(plain, Filters())["figure_id"].tolist() == ["u"]
    assert apply(plain, Filters(review="unreviewed"))["figure_id"].tolist() == ["u"]
    assert apply(plain, Filters(review="rejected")).empty


def test_review_link_parameter():
    assert Filters.from_query_params({"review": "Reviewed"}).review == "reviewed"
    assert Filters(review="reviewed").to_query_params() == {"review": "reviewed"}
    assert Filters(review="rejected", category=("trapped",)).slug() == "trapped_review-rejected"
    with pytest.raises(FilterError, match="review='maybe': expected one of all, reviewed, confirmed"):
        Filters.from_query_params({"review": "maybe"})
    filters, problems = views.filters_from_link({"review": "maybe", "category": "trapped"})
    assert filters == Filters(category=("trapped",)) and problems == [
        "review='maybe': expected one of all, reviewed, confirmed, corrected, unreviewed, rejected"]
    link = views.share_link("http://host/", Filters(review="all", country=("IRQ",)).to_query_params())
    assert "review=all" in link
    from urllib.parse import parse_qs, urlsplit

    assert views.filters_from_link(parse_qs(urlsplit(link).query))[0] == Filters(review="all", country=("IRQ",))


def parse(data: bytes) -> list[dict[str, str]]:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_csv_carries_reviewed_and_extracted_values(rstore):
    n = ids(rstore)
    rstore.add_review(n["3,000"], "correct", {"value": "3100", "date": "2016-03-01"}, editor="ann", note="IOM, 1 March", at=at(1))
    rstore.add_review(n["13"], "reject", editor="bob", at=at(2))
    rows = parse(export.export_csv(rstore, Filters()))
    assert [r["number_text"] for r in rows] == ["3,000", "40"]  # the rejected one is left out
    corrected, plain = rows
    assert {k: corrected[k] for k in ("value", "extracted_value", "date", "extracted_date", "review_status", "reviewed_by",
                                      "reviewed_at", "review_note")} == {
        "value": "3100", "extracted_value": "3000", "date": "2016-03-01", "extracted_date": "2016-03-14",
        "review_status": "corrected", "reviewed_by": "ann", "reviewed_at": at(1), "review_note": "IOM, 1 March"}
    assert (plain["review_status"], plain["reviewed_by"], plain["value"], plain["extracted_value"]) == ("unreviewed", "", "40", "40")
    everything = parse(export.export_csv(rstore, Filters(review="all")))
    assert [(r["number_text"], r["review_status"]) for r in everything] == [
        ("3,000", "corrected"), ("13", "rejected"), ("40", "unreviewed")]
    only = parse(export.export_csv(rstore, Filters(review="reviewed")))
    assert [r["number_text"] for r in only] == ["3,000"]


def test_situations_use_reviewed_values_and_skip_rejected():
    base = dict(category="displaced", term="displaced", figure_type="stock", location="Mosul", admin1="Nineveh",
                country_iso3="IRQ", location_precision="place", date="2016-08-01", date_precision="day",
                qualifier="exact", reported_unit="people", part_of=None, published="2016-08-01")
    rows = [
        dict(base, figure_id="a", document_id="d1", source="AFP", number_text="3,000", value=3000, reported_value=3000.0),
        dict(base, figure_id="b", document_id="d2", source="AP", number_text="90,000", value=90000, reported_value=90000.0),
    ]
    figures = pd.DataFrame([{k: r.get(k) for k in FIGURE_FIELDS} for r in rows])
    before = situations.situations_table(situations.reports_table(figures))
    assert before[["value", "conflict", "conflict_low", "conflict_high"]].values.tolist() == [[3000, True, 3000, 90000]]
    history = [Review(1, "a", "d1", None, "3,000", 0, "correct", {"value": 3100}, "ann", at(1)),
               Review(2, "b", "d2", None, "90,000", 0, "reject", {}, "bob", at(2))]
    reviewed = reviews.apply_reviews(figures, history)
    for frame in (reviewed, apply(reviewed, Filters(review="all"))):  # skipped even when the view shows them
        table = situations.situations_table(situations.reports_table(frame))
        assert table[["location", "value", "sources", "conflict"]].values.tolist() == [["Mosul", 3100, 1, False]]
        report_of, _ = situations.group(frame)
        assert report_of.iloc[0] == "a" and pd.isna(report_of.iloc[1])  # the rejected figure is in no report
        assert situations.assign_reports(frame).iloc[0] == "a" and pd.isna(situations.assign_reports(frame).iloc[1])


def test_cli_situations_skip_rejected(rstore):
    rstore.add_review(ids(rstore)["3,000"], "reject", editor="ann", at=at(1))
    done = run_cli("situations", "--db", rstore.url, "--reports", "--format", "jsonl", "--review", "all")
    assert done.returncode == 0, done.stderr
    values = sorted(json.loads(line)["value"] for line in done.stdout.splitlines())
    assert values == [13, 40]


# ---- the CLI --------------------------------------------------------------------------------------


def test_cli_review_and_history(rstore):
    url, n = rstore.url, ids(rstore)
    done = run_cli("review", n["3,000"], "--set", "value=3,100", "--set", "qualifier=approx", "--editor", "ann", "--db", url)
    assert done.returncode == 0, done.stderr
    assert f"corrected  {n['3,000']}  by ann: qualifier=approx, value=3100" in done.stdout
    # a later --set keeps the earlier corrections
    done = run_cli("review", n["3,000"], "--set", "location=Ramadi", "--editor", "bob", "--note", "the camp is there", "--db", url)
    assert done.returncode == 0, done.stderr
    assert rstore.latest_review(n["3,000"]).changes == {"location": "Ramadi", "qualifier": "approx", "value": 3100}
    assert run_cli("review", n["13"], "--reject", "--editor", "cy", "--db", url).returncode == 0
    assert run_cli("review", n["40"], "--confirm", "--editor", "cy", "--db", url).returncode == 0
    frame = rstore.reviewed_frame().set_index("number_text")
    assert frame["review_status"].to_dict() == {"3,000": "corrected", "13": "rejected", "40": "confirmed"}
    assert frame.loc["3,000", ["value", "qualifier", "location", "reviewed_by", "review_note"]].tolist() == [
        3100, "approx", "Ramadi", "bob", "the camp is there"]

    history = run_cli("reviews", n["3,000"], "--db", url)
    assert history.returncode == 0
    lines = history.stdout.splitlines()
    assert len(lines) == 2 and "by ann" in lines[0] and "by bob" in lines[1] and lines[1].endswith("(the camp is there)")
    every = run_cli("reviews", "--format", "jsonl", "--db", url)
    records = [json.loads(line) for line in every.stdout.splitlines()]
    assert [(r["action"], r["editor"]) for r in records] == [("correct", "ann"), ("correct", "bob"), ("reject", "cy"), ("confirm", "cy")]
    assert records[0]["changes"] == {"qualifier": "approx", "value": 3100} and records[0]["number_text"] == "3,000"
    none = run_cli("reviews", n["40"], "--db", url, "--format", "jsonl")
    assert none.returncode == 0 and len(none.stdout.splitlines()) == 1


@pytest.mark.parametrize("args, message", [
    (["nope", "--confirm"], "no figure 'nope' in "),
    (["{13}", "--set", "colour=red"], "'colour' is not a field a review can correct"),
    (["{13}", "--set", "low=20", "--set", "high=10"], "low 20 is more than high 10"),
    (["{13}", "--set", "category=war"], "category='war': expected one of displaced"),
    (["{13}", "--set", "qualifier=roughly"], "qualifier='roughly': expected one of exact"),
    (["{13}", "--set", "value"], "'value': expected FIELD=VALUE"),
])
def test_cli_review_errors(rstore, args, message):
    args = [a.replace("{13}", ids(rstore)["13"]) for a in args]
    done = run_cli("review", *args, "--editor", "ann", "--db", rstore.url)
    assert done.returncode == 2
    assert done.stderr.startswith("displacement: error: ") and message in done.stderr
    assert rstore.count_reviews() == 0


def test_cli_review_needs_one_action_and_an_editor(rstore):
    fid = ids(rstore)["13"]
    both = run_cli("review", fid, "--confirm", "--reject", "--editor", "ann", "--db", rstore.url)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    nobody = run_cli("review", fid, "--confirm", "--db", rstore.url)
    assert nobody.returncode == 2 and "--editor" in nobody.stderr
    unknown = run_cli("reviews", "nope", "--db", rstore.url)
    assert unknown.returncode == 2 and "no figure and no review 'nope'" in unknown.stderr

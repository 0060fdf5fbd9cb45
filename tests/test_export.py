"""CSV export: exact bytes, HXL row, spreadsheet safety, and the same bytes as the dashboard."""
from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from conftest import fake_extract, run_cli, write_feed
from displacement import export
from displacement.filters import Filters, apply
from displacement.model import FIGURE_FIELDS, Document
from displacement.pipeline import ingest_paths
from displacement.store import open_store

HEADER = ",".join(export.EXPORT_FIELDS)


def parse(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def one_row(**values) -> pd.DataFrame:
    return pd.DataFrame([{name: values.get(name) for name in FIGURE_FIELDS}])


def cells_of(**values) -> dict[str, str]:
    rows = parse(export.to_csv_bytes(one_row(**values)))
    return dict(zip(rows[0], rows[1]))


def test_exact_bytes_of_a_small_export():
    frame = pd.DataFrame(
        [
            {"figure_id": "f1", "document_id": "d1", "quote": 'He said "3,400,000 displaced", then left.', "start": 9,
             "end": 18, "number_text": "Nearly 3.4 million", "value": 3_400_000, "low": None, "high": 3_400_000,
             "qualifier": "approx", "reported_value": 3.4e6, "reported_unit": "people", "term": "displaced",
             "category": "displaced", "lat": -33.5, "lon": 44.25, "confidence": 0.8, "date": "2016-03-14"},
            {"figure_id": "f2", "document_id": "d1", "quote": "Thousands fled.", "start": 0, "end": 9,
             "number_text": "Thousands", "value": None, "qualifier": "vague", "reported_unit": "people",
             "household_size": 5.5, "term": "displaced", "category": "displaced", "country_iso3": "IRQ", "confidence": 0.5},
        ]
    )
    expected = (
        "\ufeff" + HEADER + "\r\n"
        'f1,d1,,,,,"He said ""3,400,000 displaced"", then left.",9,18,Nearly 3.4 million,3400000,,3400000,approx,'
        "3400000,people,,displaced,displaced,,,,,-33.5,44.25,,,,,,,,2016-03-14,,0.8,,,"
        # unreviewed, and the extracted values beside them (value, low, high, qualifier, category, term,
        # figure_type, location, admin1, country_iso3, lat, lon, location_precision, date, ...)
        ",unreviewed,,,,3400000,,3400000,approx,displaced,displaced,,,,,-33.5,44.25,,2016-03-14,,,\r\n"
        "f2,d1,,,,,Thousands fled.,0,9,Thousands,,,,vague,,people,5.5,displaced,displaced,,,,IRQ,,,,,,,,,,,,0.5,,,"
        ",unreviewed,,,,,,,vague,displaced,displaced,,,,IRQ,,,,,,,\r\n"
    ).encode("utf-8")
    assert export.to_csv_bytes(frame) == expected


def test_empty_frame_is_a_header_only():
    assert export.to_csv_bytes(pd.DataFrame(columns=list(FIGURE_FIELDS))) == ("\ufeff" + HEADER + "\r\n").encode()
    assert export.to_csv_bytes(pd.DataFrame()) == ("\ufeff" + HEADER + "\r\n").encode()


def test_extra_columns_are_left_out_and_missing_ones_empty():
    frame = pd.DataFrame({"figure_id": ["x"], "internal": ["secret"], "value": [5]})
    rows = parse(export.to_csv_bytes(frame))
    assert rows[0] == list(export.EXPORT_FIELDS)
    assert rows[1] == (["x"] + [""] * 9 + ["5"] + [""] * (len(FIGURE_FIELDS) - 11)
                       + ["unreviewed", "", "", ""] + ["5"] + [""] * (len(export.EXTRACTED_COLUMNS) - 1))


@pytest.mark.parametrize(
    "text, cell",
    [
        ("=HYPERLINK(\"http://evil\",\"click\")", "'=HYPERLINK(\"http://evil\",\"click\")"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("＝1+1", "'＝1+1"),
        ("-12.5", "-12.5"),
        ("+33", "+33"),
        ("3,000 people fled", "3,000 people fled"),
        ("a = b", "a = b"),
        ("", ""),
    ],
)
def test_formula_like_text_is_neutralised(text, cell):
    assert cells_of(quote=text, title=text)["quote"] == cell
    assert cells_of(title=text)["title"] == cell


def test_negative_numbers_stay_numeric_and_vague_stays_empty():
    got = cells_of(lat=-33.3128, lon=-0.5, value=None, low="thousands", high=np.nan, reported_value=float("inf"), start=3)
    assert (got["lat"], got["lon"], got["value"], got["low"], got["high"], got["reported_value"], got["start"]) == (
        "-33.3128", "-0.5", "", "", "", "", "3"
    )
    assert cells_of(value="1,200", household_size="6")["value"] == "1200"


def test_non_latin_names_survive_and_bom_is_there():
    names = {"location": "دير الزور", "admin1": "Донецька область", "title": "中文 标题", "source": "Zürich Ελλάδα"}
    data = export.to_csv_bytes(one_row(**names))
    assert data[:3] == b"\xef\xbb\xbf"
    got = dict(zip(*parse(data)))
    assert {k: got[k] for k in names} == names


def test_hxl_row_under_the_header():
    frame = one_row(figure_id="f", category="displaced", term="displaced")
    rows = parse(export.to_csv_bytes(frame, hxl=True))
    assert rows[0] == list(export.EXPORT_FIELDS)
    tags = dict(zip(rows[0], rows[1]))
    assert {k: tags[k] for k in ("review_status", "reviewed_by", "reviewed_at", "review_note", "extracted_value",
                                 "extracted_high", "extracted_admin1", "extracted_date")} == {
        "review_status": "#status+review", "reviewed_by": "#contact+name+reviewer", "reviewed_at": "#date+reviewed",
        "review_note": "#description+review", "extracted_value": "#affected+displaced+extracted",
        "extracted_high": "#affected+displaced+max+extracted", "extracted_admin1": "#adm1+name+extracted",
        "extracted_date": "#date+extracted",
    }
    assert len(set(rows[1])) == len(rows[1])  # every column has its own tag
    assert all(tag.startswith("#") for tag in rows[1])
    assert {k: tags[k] for k in ("figure_id", "country_iso3", "admin1", "location", "lat", "lon", "published",
                                 "period_start", "period_end", "url", "source", "value", "low", "high")} == {
        "figure_id": "#meta+id", "country_iso3": "#country+code", "admin1": "#adm1+name", "location": "#loc+name",
        "lat": "#geo+lat", "lon": "#geo+lon", "published": "#date+reported", "period_start": "#date+start",
        "period_end": "#date+end", "url": "#meta+url", "source": "#meta+source", "value": "#affected+displaced",
        "low": "#affected+displaced+min", "high": "#affected+displaced+max",
    }
    assert rows[2][0] == "f"


@pytest.mark.parametrize(
    "terms, categories, tag",
    [
        (["killed", "killed"], ["casualties", "casualties"], "#affected+killed"),
        (["refugees"], ["refugees"], "#affected+refugees"),
        (["idps"], ["displaced"], "#affected+idps"),
        (["in_camp"], ["camp"], "#affected+idps+incamp"),
        (["killed", "injured"], ["casualties", "casualties"], "#affected+casualties"),
        (["displaced", "trapped"], ["displaced", "trapped"], "#affected"),
        ([], [], "#affected"),
    ],
)
def test_value_hashtag_fits_what_the_rows_count(terms, categories, tag):
    frame = pd.DataFrame({"term": terms, "category": categories})
    assert export.affected_tag(frame) == tag


def test_frames_with_repeated_index_labels_export_in_row_order():
    frame = pd.concat([one_row(figure_id="a", value=1), one_row(figure_id="b", value=2)])
    assert list(frame.index) == [0, 0]
    rows = parse(export.to_csv_bytes(frame))[1:]
    assert [(r[0], r[FIGURE_FIELDS.index("value")]) for r in rows] == [("a", "1"), ("b", "2")]


def test_numeric_columns_never_hold_text():
    frame = pd.DataFrame({"value": ["thousands", "12", None], "lat": ["n/a", "-1.5", ""]}, dtype=object)
    rows = parse(export.to_csv_bytes(frame))[1:]
    idx_value, idx_lat = FIGURE_FIELDS.index("value"), FIGURE_FIELDS.index("lat")
    assert [(r[idx_value], r[idx_lat]) for r in rows] == [("", ""), ("12", "-1.5"), ("", "")]


# ---- from the store ---------------------------------------------------------------------------

FILTER_CASES = [
    Filters(),
    Filters(category=("trapped",)),
    Filters(country=("IRQ",), since="2016-01-01"),
    Filters(q="ITEM 1", min_confidence=0.5),
    Filters(until="2000-01-01"),
]


@pytest.fixture
def filled_store(backend_url, tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 40)
    with open_store(backend_url) as s:
        ingest_paths([str(feed)], s, extractor=fake_extract)
        s.write_batch([(Document(id="evil", text="=1+1 and 77 people", title="=cmd|' /C calc'!A0", published="2016-05-01"),
                        fake_extract(Document(id="evil", text="=1+1 and 77 people", title="=cmd|' /C calc'!A0", published="2016-05-01")))],
                      version="fake-1")
        yield s


@pytest.mark.parametrize("filters", FILTER_CASES, ids=lambda f: f.slug())
def test_export_csv_is_what_the_dashboard_downloads(filled_store, filters):
    frame = filled_store.figures_frame()
    dashboard = export.to_csv_bytes(apply(frame, filters), hxl=True)
    assert export.export_csv(filled_store, filters, hxl=True) == dashboard
    rows = parse(dashboard)
    assert len(rows) - 2 == len(apply(frame, filters))


def test_store_export_neutralises_article_text(filled_store):
    rows = parse(export.export_csv(filled_store, Filters(q="=1+1")))
    assert len(rows) == 1 + 3  # header + the three numbers of the evil document
    title = rows[0].index("title")
    quote = rows[0].index("quote")
    assert {r[title] for r in rows[1:]} == {"'=cmd|' /C calc'!A0"}
    assert {r[quote] for r in rows[1:]} == {"'=1+1 and 77 people"}


def test_cli_export_matches_export_csv(filled_store, tmp_path):
    url = filled_store.url
    out = tmp_path / "out" / "figures.csv"
    done = run_cli("export", "--db", url, "--out", str(out), "--hxl", "--category", "trapped", "--country", "irq",
                   "--since", "2016-01-01", "--until", "2016-12-31", "--q", "item", "--min-confidence", "0.5")
    assert done.returncode == 0, done.stderr
    filters = Filters(category=("trapped",), country=("IRQ",), since="2016-01-01", until="2016-12-31", q="item", min_confidence=0.5)
    expected = export.export_csv(filled_store, filters, hxl=True)
    assert out.read_bytes() == expected
    assert done.stderr.strip() == f"wrote {len(parse(expected)) - 2} figures to {out}"
    assert len(parse(expected)) > 2

    to_stdout = run_cli("export", "--db", url, "--location", "nowhere", text=False)
    assert to_stdout.returncode == 0
    assert to_stdout.stdout == export.to_csv_bytes(pd.DataFrame())


def test_cli_export_rejects_a_bad_filter(tmp_path):
    done = run_cli("export", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--since", "yesterday")
    assert done.returncode == 2
    assert done.stderr.strip() == "displacement: error: since='yesterday': expected a date as YYYY-MM-DD"

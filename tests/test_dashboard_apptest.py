"""dashboard.py run headless with Streamlit's AppTest, on a SQLite store filled through the
store's own API: filters drive the table, a link's query parameters set the filters, the
download is byte-for-byte the export, uploads land in the store, an empty store reads seeds/."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from displacement import export, views
from displacement.filters import Filters, apply
from displacement.model import Document, Figure, make_figure_id
from displacement.store import open_store

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "dashboard.py")
SEEDS = REPO / "seeds"
TIMEOUT = 120


def fig(doc: str, start: int, quote: str, number_text: str, value, low, high, qualifier: str, category: str,
        location: str, country: str, lat: float, lon: float, day: str, *, figure_type="stock", precision="place",
        confidence=0.8, source="Example News", url=None) -> Figure:
    return Figure(
        figure_id=make_figure_id(doc, start, start + len(number_text)), document_id=doc, quote=quote, start=start,
        end=start + len(number_text), number_text=number_text, value=value, low=low, high=high, qualifier=qualifier,
        reported_value=value, reported_unit="people", term=category, category=category, figure_type=figure_type,
        title=f"Article {doc}", source=source, url=url or f"https://news.example.org/{doc}", published=day,
        location=location, country_iso3=country, lat=lat, lon=lon, location_precision=precision,
        location_text=location, date=day, date_precision="day", confidence=confidence,
    )


FIGURES = [
    fig("a1", 0, "Nearly 3.4 million people have been displaced in Iraq since the start of 2014.", "Nearly 3.4 million",
        3400000, None, 3400000, "approx", "displaced", "Iraq", "IRQ", 33.0, 44.0, "2016-03-14", figure_type="flow",
        precision="country", confidence=0.9),
    fig("a1", 100, "Up to one million civilians may still be living under IS rule in the Mosul area.",
        "up to one million", 1000000, None, 1000000, "at_most", "trapped", "Mosul", "IRQ", 36.34, 43.13, "2016-03-14"),
    fig("a1", 200, "Around 15,000 civilians were believed to be trapped in the Qayyarah area.", "Around 15,000",
        15000, 15000, 15000, "approx", "trapped", "Qayyarah", "IRQ", 35.8, 43.29, "2016-03-14", confidence=0.85),
    fig("a1", 300, "Thousands of residents who fled now live in the Dibaga Camp.", "Thousands", None, 1000, None,
        "vague", "camp", "Dibaga Camp", "IRQ", 35.87, 43.8, "2016-03-14", precision="camp", confidence=0.6),
    fig("a2", 0, "About 50,000 civilians are trapped inside Fallujah, the UN said on 23 May 2016.", "About 50,000",
        50000, 50000, 50000, "approx", "trapped", "Fallujah", "IRQ", 33.35, 43.78, "2016-05-23", confidence=0.9,
        source="Wire <b>service</b>"),
    fig("a3", 0, "Between 500 and 1,000 families were evacuated from Aleppo last week.", "Between 500 and 1,000",
        3750, 2500, 5000, "range", "evacuated", "Aleppo", "SYR", 36.2, 37.16, "2016-12-10", figure_type="flow",
        confidence=0.7),
    fig("a4", 0, "Some 25,000 people are still trapped in El Fasher.", "Some 25,000", 25000, 25000, 25000, "approx",
        "trapped", "El Fasher", "SDN", 13.63, 25.35, "2024-05-20", confidence=0.85),
    fig("a5", 0, 'More than 70 people shelter in a school <script>alert("x")</script> in **Khartoum**.',
        "More than 70", 71, 71, None, "at_least", "camp", "Khartoum", "SDN", 15.5, 32.56, "2020-09-01",
        confidence=0.55, url="javascript:alert(1)"),
]


@pytest.fixture(autouse=True)
def local_run(monkeypatch):
    """A local run (`displacement dashboard` sets DISPLACEMENT_LOCAL): the visitor may upload and
    review, as the OS user. Tests of other set-ups change this."""
    monkeypatch.setenv("DISPLACEMENT_LOCAL", "1")
    monkeypatch.delenv("DISPLACEMENT_EDITOR_PASSWORD", raising=False)


@pytest.fixture
def filled(tmp_path, monkeypatch):
    """A store with FIGURES, written through Store.write_batch; DISPLACEMENT_DB points at it."""
    url = f"sqlite:///{tmp_path / 'dash.db'}"
    store = open_store(url)
    by_doc: dict[str, list[Figure]] = {}
    for f in FIGURES:
        by_doc.setdefault(f.document_id, []).append(f)
    items = [(Document(id=d, text=" ".join(f.quote for f in fs), title=f"Article {d}"), fs) for d, fs in by_doc.items()]
    store.write_batch(items, version="test")
    monkeypatch.setenv("DISPLACEMENT_DB", url)
    yield store
    store.close()


@pytest.fixture
def downloads(monkeypatch):
    """Every file the page hands to Streamlit's media manager (the download button's bytes)."""
    seen: list[dict] = []
    original_add, original_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        seen.append({"data": path_or_data, "mimetype": mimetype, "file_name": file_name})
        return original_add(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        seen.append({"callable": data_callable, "mimetype": mimetype, "file_name": file_name})
        return original_deferred(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen


def run_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_quotes(at: AppTest) -> list[str]:
    return at.dataframe(key="evidence").value["Sentence"].tolist()


def expected_quotes(store, filters: Filters) -> list[str]:
    return sorted(apply(store.figures_frame(), filters)["quote"].tolist())


# ---- filters and the URL ------------------------------------------------------------------------

def test_filters_change_the_table(filled):
    at = run_app()
    assert sorted(table_quotes(at)) == expected_quotes(filled, Filters())
    assert len(table_quotes(at)) == len(FIGURES)

    at.multiselect(key="category").set_value(["trapped"]).run()
    assert sorted(table_quotes(at)) == expected_quotes(filled, Filters(category=("trapped",)))
    assert set(at.dataframe(key="evidence").value["Category"]) == {"Trapped"}
    assert len(table_quotes(at)) == 4

    at.multiselect(key="country").set_value(["SDN"]).run()
    assert table_quotes(at) == ["Some 25,000 people are still trapped in El Fasher."]

    at.multiselect(key="country").set_value([]).run()
    at.text_input(key="q").input("under IS rule").run()
    assert table_quotes(at) == ["Up to one million civilians may still be living under IS rule in the Mosul area."]
    # the address bar follows the widgets
    assert at.query_params == {"category": "trapped", "q": "under IS rule"}


def test_dates_confidence_and_vague_filters(filled):
    at = run_app()
    at.date_input(key="since").set_value(date(2016, 5, 1)).run()
    at.date_input(key="until").set_value(date(2020, 12, 31)).run()
    assert sorted(table_quotes(at)) == expected_quotes(filled, Filters(since="2016-05-01", until="2020-12-31"))
    assert len(table_quotes(at)) == 3

    at = run_app()
    at.checkbox(key="hide_vague").check().run()
    assert "Thousands of residents who fled now live in the Dibaga Camp." not in table_quotes(at)
    assert len(table_quotes(at)) == len(FIGURES) - 1
    assert "vague" not in at.multiselect(key="qualifier").value

    at.slider(key="min_confidence").set_value(0.85).run()
    assert sorted(table_quotes(at)) == expected_quotes(
        filled, Filters(qualifier=tuple(q for q in views.QUALIFIER_LABELS if q != "vague"), min_confidence=0.85))
    assert len(table_quotes(at)) == 4


def test_query_params_set_the_filters(filled):
    at = run_app({"category": "trapped", "country": "irq", "since": "2016-03-01", "q": "civilians"})
    assert at.multiselect(key="category").value == ["trapped"]
    assert at.multiselect(key="country").value == ["IRQ"]
    assert at.date_input(key="since").value == date(2016, 3, 1)
    assert at.text_input(key="q").value == "civilians"
    wanted = Filters.from_query_params({"category": "trapped", "country": "IRQ", "since": "2016-03-01", "q": "civilians"})
    assert sorted(table_quotes(at)) == expected_quotes(filled, wanted)
    assert len(table_quotes(at)) == 3
    # the share control shows the canonical link of this view
    (link,) = [c.value for c in at.code]
    assert link == "?category=trapped&country=IRQ&since=2016-03-01&q=civilians"
    assert at.query_params == {"category": "trapped", "country": "IRQ", "since": "2016-03-01", "q": "civilians"}


def test_repeated_and_comma_separated_params(filled):
    at = run_app({"country": ["SYR", "SDN"], "category": "trapped,evacuated"})
    assert at.multiselect(key="country").value == ["SYR", "SDN"]
    assert at.multiselect(key="category").value == ["trapped", "evacuated"]
    assert sorted(table_quotes(at)) == expected_quotes(
        filled, Filters(category=("trapped", "evacuated"), country=("SYR", "SDN")))


def test_a_link_to_nothing_shows_an_empty_state(filled):
    at = run_app({"country": "XXX"})
    assert at.multiselect(key="country").value == ["XXX"]  # kept, not silently dropped
    assert not at.dataframe
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("No figures match these filters")
    (button,) = at.get("download_button")
    assert button.proto.disabled and "(0 figures)" in button.label


def test_a_bad_link_value_is_reported_and_the_rest_kept(filled):
    at = run_app({"since": "2016-13-01", "category": "trapped"})
    assert at.multiselect(key="category").value == ["trapped"]
    assert at.date_input(key="since").value is None
    assert any("since" in w.value and "YYYY" in w.value for w in at.warning)
    assert len(table_quotes(at)) == 4


def test_clear_all_filters(filled):
    at = run_app({"category": "trapped", "q": "civilians"})
    at.button[[b.label for b in at.button].index("Clear all filters")].click().run()
    assert at.multiselect(key="category").value == [] and at.text_input(key="q").value == ""
    assert len(table_quotes(at)) == len(FIGURES)
    assert at.query_params == {}


# ---- download = export --------------------------------------------------------------------------

def test_download_equals_the_export_for_the_same_filters(filled, downloads):
    params = {"category": "trapped", "country": "IRQ"}
    at = run_app(params)
    filters = Filters.from_query_params(params)
    csvs = [d for d in downloads if d["mimetype"] == "text/csv"]
    assert csvs[-1]["data"] == export.export_csv(filled, filters)
    assert csvs[-1]["file_name"] == f"displacement_trapped_IRQ_{date.today().isoformat()}.csv"
    body = csvs[-1]["data"].decode("utf-8-sig").splitlines()
    assert len(body) == 1 + 3  # header + the three trapped figures in Iraq
    assert any("Download CSV (3 figures)" in b.label for b in at.get("download_button"))  # the Figures tab's

    at.toggle(key="hxl").set_value(True).run()
    csvs = [d for d in downloads if d["mimetype"] == "text/csv"]
    assert csvs[-1]["data"] == export.export_csv(filled, filters, hxl=True)
    assert csvs[-1]["file_name"].endswith("_hxl.csv")
    assert csvs[-1]["data"].decode("utf-8-sig").splitlines()[1].startswith("#meta+id")


def test_big_downloads_are_built_on_click_with_the_same_bytes(filled, downloads, monkeypatch):
    monkeypatch.setattr(views, "DIRECT_DOWNLOAD_MAX_ROWS", 2)
    run_app({"category": "trapped"})
    deferred = [d for d in downloads if "callable" in d]
    assert deferred, "over the limit the CSV must be deferred to the click"
    assert deferred[-1]["callable"]() == export.export_csv(filled, Filters(category=("trapped",)))


# ---- the page -------------------------------------------------------------------------------------

def test_headline_and_evidence_are_escaped(filled):
    at = run_app()
    page = "\n".join(h.value for h in at.html)
    assert "Latest reported figure per category" in page
    # trapped: the latest stock figure (El Fasher, 2024), not a sum of the four trapped figures
    assert '<span class="dm-hedge">about</span> <span class="dm-number">25,000</span>' in page
    assert "<script>" not in page
    # select the row with the hostile sentence: shown escaped, with the number marked
    quotes = table_quotes(at)
    row = quotes.index(FIGURES[-1].quote)
    at.session_state["evidence"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    evidence = [h.value for h in at.html if "dm-evidence" in h.value and "<div" in h.value]
    assert evidence, "selecting a row shows its sentence"
    html = evidence[-1]
    assert '<mark class="dm-number">More than 70</mark>' in html
    assert '<mark class="dm-place">Khartoum</mark>' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "javascript:" not in html  # the unsafe link is not linked
    # no Markdown element carries raw article text
    for md in at.markdown:
        assert "<script>" not in md.value


def test_charts_are_drawn(filled):
    at = run_app({"category": "trapped"})
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    assert "Largest figure reported, by place" in charts[0].proto.spec
    assert '"Trapped"' in charts[0].proto.spec and '"Displaced"' not in charts[0].proto.spec
    assert "Where the figures are" in charts[1].proto.spec
    assert "Figures over time" in charts[2].proto.spec


# ---- uploads and the empty store ------------------------------------------------------------------

CALLS: list[float | None] = []


def fake_extract(doc: Document, household_size=None) -> list[Figure]:
    """Stand-in extractor: a trapped figure for each 'N people are trapped in PLACE.' sentence."""
    CALLS.append(household_size)
    out = []
    for m in re.finditer(r"(\d[\d,]*) people are trapped in (\w+)\.", doc.text):
        n = int(m.group(1).replace(",", ""))
        out.append(Figure(
            figure_id=make_figure_id(doc.id, m.start(1), m.end(1)), document_id=doc.id, quote=m.group(0),
            start=m.start(1), end=m.end(1), number_text=m.group(1), value=n, low=n, high=n, qualifier="exact",
            reported_value=n, reported_unit="people", term="trapped", category="trapped", figure_type="stock",
            location=m.group(2), country_iso3="SYR", lat=35.0, lon=38.0, location_precision="place",
            date=doc.published, date_precision="day", household_size=household_size,
        ))
    return out


def test_an_upload_adds_figures_at_once(filled, monkeypatch):
    from displacement import extract

    monkeypatch.setattr(extract, "extract_document", fake_extract)
    CALLS.clear()
    at = run_app({"country": "SYR"})
    assert len(table_quotes(at)) == 1
    feed = (b'{"id": "up-1", "text": "In March 4,200 people are trapped in Raqqa.", "published": "2017-03-01"}\n'
            b'{"id": "up-2", "text": "Later 900 people are trapped in Tabqa.", "published": "2017-04-01"}\n'
            b'not json\n')
    at.file_uploader[0].set_value([("feed.jsonl", feed, "application/json"),
                                   ("note.txt", "Still 60 people are trapped in Manbij.".encode(), "text/plain")])
    at.run()
    at.button(key="ingest_uploads").click().run()
    assert not at.exception
    assert sorted(table_quotes(at)) == sorted([
        "Between 500 and 1,000 families were evacuated from Aleppo last week.",
        "4,200 people are trapped in Raqqa.", "900 people are trapped in Tabqa.", "60 people are trapped in Manbij.",
    ])
    assert filled.count_figures() == len(FIGURES) + 3
    # the summary, and the bad line named with its reason
    assert any("3 figures stored" in s.value for s in at.sidebar.warning)
    assert any(views.md_escape("feed.jsonl:3") in e.value for e in at.sidebar.error)
    assert CALLS and set(CALLS) == {None}  # default: the pipeline's own household sizes


def test_household_size_setting_reaches_the_extractor(filled, monkeypatch):
    from displacement import extract

    monkeypatch.setattr(extract, "extract_document", fake_extract)
    CALLS.clear()
    at = run_app()
    at.number_input(key="household_size").set_value(4.5).run()
    at.file_uploader[0].set_value(("a.txt", b"Now 10 people are trapped in Idlib.", "text/plain")).run()
    at.button(key="ingest_uploads").click().run()
    assert CALLS == [4.5]
    stored = filled.figures_frame()
    row = stored[stored["quote"] == "10 people are trapped in Idlib."].iloc[0]
    assert row["household_size"] == 4.5 and row["extractor_version"].endswith("+hh4.5")


def test_empty_store_reads_the_seeds(tmp_path, monkeypatch):
    from displacement.pipeline import ingest_paths

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("DISPLACEMENT_DB", url)
    at = run_app()
    store = open_store(url)
    n_seeds = len(list(SEEDS.glob("*.txt")))
    assert n_seeds >= 5
    assert any(f"Read {n_seeds} seed articles" in t.value for t in at.toast)
    # the same result as ingesting seeds/ by hand: every seed is stored or reported
    reference = open_store(f"sqlite:///{tmp_path / 'reference.db'}")
    summary = ingest_paths([str(SEEDS)], reference)
    assert store.count_documents() == reference.count_documents() == n_seeds - len(summary.failed)
    assert store.count_figures() == reference.count_figures() == summary.figures_stored
    if summary.failed:
        (warning,) = [w.value for w in at.warning]
        assert f"{len(summary.failed)} of {n_seeds} seed articles could not be read" in warning
    if summary.figures_stored:
        assert len(table_quotes(at)) == summary.figures_stored
    else:
        assert any("no figures yet" in i.value for i in at.info)
    # a second visit does not read them again
    again = run_app()
    assert not again.toast
    assert store.count_documents() == reference.count_documents()


def test_an_unreachable_store_is_named_without_its_password(monkeypatch):
    monkeypatch.setenv("DISPLACEMENT_DB", "postgresql+psycopg://analyst:s3cret@127.0.0.1:1/figures")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert error.startswith("Cannot open the store `postgresql+psycopg://analyst:***@127.0.0.1:1/figures`")
    assert "s3cret" not in error
    assert not at.dataframe


def test_store_url_from_streamlit_secrets(filled, monkeypatch):
    url = filled.url
    monkeypatch.delenv("DISPLACEMENT_DB")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["DISPLACEMENT_DB"] = url
    at.run()
    assert not at.exception
    assert len(table_quotes(at)) == len(FIGURES)


@pytest.mark.parametrize("params", [
    {"since": "9999-12-31"}, {"until": "0001-01-01"}, {"since": "2101-01-01"}, {"until": "1899-12-31"},
])
def test_an_out_of_range_link_date_is_a_warning_never_a_traceback(filled, params):
    at = run_app({**params, "category": "trapped"})  # run_app asserts no exception
    name = next(iter(params))
    assert at.date_input(key=name).value is None
    assert any(name in w.value and "between 1900-01-01 and 2100-12-31" in w.value.replace("\\", "") for w in at.warning)
    assert at.multiselect(key="category").value == ["trapped"]


@pytest.mark.parametrize("params", [
    {"min_confidence": "nan"}, {"min_confidence": "-1"}, {"category": "<script>alert(1)</script>"},
    {"q": "x" * 5000}, {"since": "2016-02-30"}, {"source": "\u202e"},
])
def test_any_link_parameter_is_read_or_reported_never_a_traceback(filled, params):
    run_app(params)  # asserts no exception


# ---- situations (issue 14) ------------------------------------------------------------------------

RESTATED = [
    fig("r1", 0, "UNHCR said nearly 3.4 million people are displaced in Sudan.", "nearly 3.4 million", 3400000, None,
        3400000, "approx", "displaced", "Sudan", "SDN", 15.0, 30.0, "2024-03-01", precision="country", source="Reuters"),
    fig("r2", 0, "Some 3,380,000 people are displaced in Sudan, the UN said.", "Some 3,380,000", 3380000, 3380000,
        3380000, "approx", "displaced", "Sudan", "SDN", 15.0, 30.0, "2024-03-02", precision="country", source="AP"),
    fig("r3", 0, "Nearly 4 million people are now displaced in Sudan.", "Nearly 4 million", 4000000, None, 4000000,
        "approx", "displaced", "Sudan", "SDN", 15.0, 30.0, "2024-06-01", precision="country", source="AFP"),
]


@pytest.fixture
def restated(filled):
    filled.write_batch([(Document(id=f.document_id, text=f.quote, title=f"Article {f.document_id}"), [f])
                        for f in RESTATED], version="test")
    return filled


def test_the_situation_tab_shows_one_estimate_per_place_with_its_sources(restated, downloads):
    from displacement import situations

    at = run_app({"category": "displaced", "country": "SDN"})
    table = at.dataframe(key="situations").value
    assert table["Place"].tolist() == ["Sudan"]
    row = table.iloc[0]
    assert (row["Estimate"], row["Sources"], row["Reports"]) == (4_000_000, 1, 2)
    assert [int(v) for v in row["Trend"]] == [3_400_000, 4_000_000]  # March (2 sources), then June
    # the download is the situation table, as `displacement situations` writes it
    filters = Filters.from_query_params({"category": "displaced", "country": "SDN"})
    expected = export.situations_csv_bytes(situations.situations_table(
        situations.reports_table(apply(restated.figures_frame(), filters))))
    assert any(d.get("data") == expected for d in downloads)


def test_a_link_opens_a_situation_with_its_timeline_and_reports(restated):
    at = run_app({"category": "displaced", "situation": "displaced|SDN|Sudan"})
    charts = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert any('"Displaced: Sudan"' in spec for spec in charts)  # the timeline
    reports = [h for h in at.get("html") if "figures from" in h.proto.body or "figure from" in h.proto.body]
    bodies = " ".join(h.proto.body for h in reports)
    assert "2 figures from 2 sources" in bodies and "Some 3,380,000 people are displaced in Sudan" in bodies


def test_a_large_view_is_grouped_only_when_asked(restated, monkeypatch):
    from displacement import situation_views

    monkeypatch.setattr(situation_views, "GROUP_ON_OPEN_MAX", 2)
    at = run_app({"category": "displaced"})
    keys = [d.key for d in at.dataframe]
    assert "evidence" in keys and "situations" not in keys  # the Figures tab is there, the grouping waits
    at.button(key="group_now").click().run()
    assert at.dataframe(key="situations").value["Place"].tolist() == ["Sudan"]


# ---- evidence that explains itself (issue 15) --------------------------------------------------------

def _explained_figures() -> list[Figure]:
    families = fig("e1", 0, "About 1,500 families were sheltering in a school in Kassala.", "About 1,500", 8400, 8400,
                   8400, "approx", "camp", "Kassala", "SDN", 15.45, 36.4, "2024-05-01", source=None, url="")
    families = families.replace(reported_value=1500, reported_unit="households", household_size=5.6,
                                title=None, url=None, document_id="001_4cdda67df5ead196.txt",
                                figure_id=make_figure_id("001_4cdda67df5ead196.txt", 0, 11))
    housing = fig("e2", 0, "The floods destroyed 13.5 million housing units in Sindh.", "13.5 million", 13500000,
                  13500000, 13500000, "exact", "housing", "Sindh", "PAK", 26.0, 68.5, "2022-09-01",
                  figure_type="flow", precision="admin1", url="www.dawn.com/news/1")
    housing = housing.replace(reported_value=13500000, reported_unit="houses", source=None)
    too_many = fig("e3", 0, "Some 90 million people were displaced in Iraq.", "Some 90 million", 90000000, 90000000,
                   90000000, "approx", "displaced", "Iraq", "IRQ", 33.0, 44.0, "2024-06-01", precision="country")
    trapped = fig("e4", 0, "About 50,000 civilians are trapped inside Fallujah.", "About 50,000", 50000, 50000, 50000,
                  "approx", "trapped", "Fallujah", "IRQ", 33.35, 43.78, "2016-05-23")
    mosul = fig("e4", 60, "Seven people were killed in Mosul.", "Seven", 7, 7, 7, "exact", "casualties", "Mosul",
                "IRQ", 36.34, 43.13, "2016-05-23", figure_type="flow")
    return [families, housing, too_many, trapped, mosul]


@pytest.fixture
def explained(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'explained.db'}"
    store = open_store(url)
    by_doc: dict[str, list[Figure]] = {}
    for f in _explained_figures():
        by_doc.setdefault(f.document_id, []).append(f)
    items = [(Document(id=d, text=" ".join(f.quote for f in fs), title=fs[0].title), fs) for d, fs in by_doc.items()]
    store.write_batch(items, version="test")
    monkeypatch.setenv("DISPLACEMENT_DB", url)
    yield store
    store.close()


def _row(at: AppTest, start: str):
    table = at.dataframe(key="evidence").value
    (i,) = [i for i, q in enumerate(table["Sentence"]) if q.startswith(start)]
    return table.iloc[i]


def test_the_table_explains_conversions_housing_sources_and_held_figures(explained):
    at = run_app()
    families = _row(at, "About 1,500 families")
    assert families["How counted"] == "about 1,500 families × 5.6 (UN DESA 2019, Sudan) = about 8,400 people"
    assert families["Source"] == "" and "001_" not in families["Source"]  # never the file name
    assert pd.isna(families["Link"])
    assert at.dataframe(key="evidence").proto.placeholder == ""  # a missing link is an empty cell, not "–"
    housing = _row(at, "The floods destroyed")
    assert (housing["Number"], housing["Unit"]) == (13500000, "dwellings")
    assert housing["Source"].startswith("dawn.com: “Article e2”")
    assert housing["Link"] == "https://www.dawn.com/news/1"
    held = _row(at, "Some 90 million")
    assert held["Held for review"].startswith("90,000,000 people is more than the population of Iraq")
    assert _row(at, "About 50,000")["Held for review"] == ""


def test_headline_counts_housing_in_dwellings_and_leaves_held_figures_out(explained):
    at = run_app()
    page = "\n".join(h.value for h in at.html)
    housing = page[page.index("Housing destroyed"):]
    assert housing.split("</div></div>")[0].count("13,500,000") == 1
    assert "dwellings · Sindh, PAK" in housing and "people · Sindh" not in page
    assert "90,000,000" not in page  # held for review: not the displaced headline
    assert "about 1,500 families × 5.6 (UN DESA 2019, Sudan) = about 8,400 people" in page
    # the evidence of the held figure says why
    at.session_state["evidence"] = {"selection": {"rows": [list(at.dataframe(key="evidence").value["Sentence"])
                                                            .index("Some 90 million people were displaced in Iraq.")],
                                                   "columns": [], "cells": []}}
    at.run()
    (evidence,) = [h.value for h in at.html if "dm-evidence" in h.value and "<div" in h.value]
    assert "Held for review:</b> 90,000,000 people is more than the population of Iraq" in evidence


def test_charts_leave_held_figures_out(explained):
    at = run_app()
    bars = at.get("vega_lite_chart")[0].proto.spec
    assert "Largest figure reported, by place" in bars
    assert "Fallujah, IRQ" in bars and "Iraq, IRQ" not in bars  # the 90 million in Iraq is held back


def test_time_chart_colour_is_in_the_link(explained):
    at = run_app({"color": "place"})
    assert at.session_state["color_by"] == "Place"
    assert at.query_params.get("color") == "place"
    (link,) = [c.value for c in at.code]
    assert "color=place" in link  # the shared link reopens the same colouring
    at.session_state["color_by"] = "Category"
    at.run()
    assert "color" not in at.query_params  # the default is left out of the link


def test_place_list_offers_only_places_of_the_chosen_category(explained):
    at = run_app({"category": "trapped"})
    assert at.multiselect(key="location").options == ["Fallujah"]
    at.multiselect(key="category").set_value(["camp", "casualties"]).run()
    assert at.multiselect(key="location").options == ["Kassala", "Mosul"]
    at.multiselect(key="category").set_value([]).run()
    assert set(at.multiselect(key="location").options) == {"Fallujah", "Iraq", "Kassala", "Mosul", "Sindh"}


# ---- reviews in the page (issue 15) -------------------------------------------------------------

def select(at: AppTest, table: str, sentence: str) -> AppTest:
    """Selects the row of ``table`` (evidence or queue) whose sentence is ``sentence``."""
    quotes = list(at.dataframe(key=table).value["Sentence"])
    at.session_state[table] = {"selection": {"rows": [quotes.index(sentence)], "columns": [], "cells": []}}
    return at.run()


def review_form(at: AppTest, where: str, figure_id: str) -> dict:
    """The review form's inputs of one figure, by field."""
    k = f"{where}_{figure_id}"
    return {name: at.text_input(key=f"{name}_{k}") for name in ("value", "low", "high", "date", "location", "admin1")}


FALLUJAH, ALEPPO = FIGURES[4], FIGURES[5]


def history(at: AppTest) -> pd.DataFrame:
    """The review history table of the selected figure (the table with an Editor column)."""
    (table,) = [d.value for d in at.dataframe if "Editor" in d.value.columns]
    return table


def test_an_editor_confirms_corrects_and_rejects_in_the_evidence(filled, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "ann")
    at = select(run_app(), "evidence", FALLUJAH.quote)
    assert any("not reviewed" in m.value for m in at.markdown)
    # correct the number and its bounds, with a note
    form = review_form(at, "evidence", FALLUJAH.figure_id)
    assert form["value"].value == "50000" and form["date"].value == "2016-05-23"
    form["value"].input("52,000")
    form["low"].input("52000")
    form["high"].input("52000")
    at.text_input(key=f"note_evidence_{FALLUJAH.figure_id}").input("UN OCHA flash update")
    at.button(key="correct_evidence").click().run()
    assert not at.exception
    (review,) = filled.reviews(FALLUJAH.figure_id)
    assert (review.action, review.changes, review.editor, review.note) == (
        "correct", {"high": 52000, "low": 52000, "value": 52000}, "ann", "UN OCHA flash update")
    row = _row(at, "About 50,000 civilians")
    assert (row["Number"], row["Review"]) == (52000, "corrected by ann")
    assert any("Corrected “About 50,000” as ann: high = 52,000, low = 52,000, value = 52,000." in s.value
               for s in at.success)
    # the history is shown; confirm on top of it: the latest wins
    assert history(at)[["Review", "Editor", "Changes"]].values.tolist() == [
        ["corrected", "ann", "high = 52,000, low = 52,000, value = 52,000"]]
    at.button(key="confirm_evidence").click().run()
    assert [r.action for r in filled.reviews(FALLUJAH.figure_id)] == ["correct", "confirm"]
    assert _row(at, "About 50,000 civilians")["Number"] == 50000  # confirmed: the extracted figure again
    assert history(at)["Review"].tolist() == ["corrected", "confirmed"]

    # reject another: it leaves the table, charts and CSV unless the filter asks for it
    at = select(at, "evidence", ALEPPO.quote)
    at.button(key="reject_evidence").click().run()
    assert filled.latest_review(ALEPPO.figure_id).action == "reject"
    assert ALEPPO.quote not in table_quotes(at)
    assert not any('"Aleppo, SYR"' in c.proto.spec for c in at.get("vega_lite_chart"))
    assert any("rejected figures hidden" in m.value or "all figures but the rejected ones" in m.value
               for m in at.markdown)


@pytest.mark.parametrize("fields, message", [
    ({"value": "60000"}, "Not saved: value 60,000 is more than high 50,000"),
    ({"low": "abc"}, "Not saved: low='abc': expected a number"),
    ({"date": "23 May 2016"}, "Not saved: date='23 May 2016': expected a date as YYYY-MM-DD"),
    ({}, "Not saved: nothing was changed: edit a field, or confirm the figure as it is"),
])
def test_a_bad_correction_is_named_and_nothing_is_stored(filled, fields, message):
    at = select(run_app(), "evidence", FALLUJAH.quote)
    form = review_form(at, "evidence", FALLUJAH.figure_id)
    for name, value in fields.items():
        form[name].input(value)
    at.button(key="correct_evidence").click().run()
    assert [views.md_escape(message)] == [e.value for e in at.error] or [message] == [
        e.value.replace("\\", "") for e in at.error]
    assert filled.reviews() == []


def test_a_correction_of_place_and_category(filled):
    at = select(run_app(), "evidence", FALLUJAH.quote)
    k = f"evidence_{FALLUJAH.figure_id}"
    at.text_input(key=f"location_{k}").input("Amiriyat al-Fallujah")
    at.selectbox(key=f"category_{k}").set_value("displaced")
    at.button(key="correct_evidence").click().run()
    assert filled.latest_review(FALLUJAH.figure_id).changes == {"category": "displaced",
                                                               "location": "Amiriyat al-Fallujah"}
    row = _row(at, "About 50,000 civilians")
    assert (row["Place"], row["Category"]) == ("Amiriyat al-Fallujah, IRQ", "Displaced")


def test_the_queue_lists_the_largest_least_certain_first_and_reviews_from_it(filled):
    from displacement import review_views

    at = run_app({"view": "To review"})
    queue = at.dataframe(key="queue").value["Sentence"].tolist()
    expected = review_views.review_queue(filled.reviewed_frame())["quote"].tolist()
    assert queue == expected and len(queue) == len(FIGURES)
    # 3.4 million at 0.9 (impact 340,000) before up to one million at 0.8 (200,000)
    assert queue[:2] == [FIGURES[0].quote, FIGURES[1].quote]
    at = select(at, "queue", FIGURES[1].quote)
    at.button(key="reject_queue").click().run()
    assert filled.latest_review(FIGURES[1].figure_id).action == "reject"
    assert at.dataframe(key="queue").value["Sentence"].tolist() == [q for q in expected if q != FIGURES[1].quote]


def test_the_review_filter_is_a_widget_bound_to_the_link(filled):
    filled.add_review(ALEPPO.figure_id, "reject", editor="Bo")
    filled.add_review(FALLUJAH.figure_id, "confirm", editor="Bo")
    at = run_app()
    assert ALEPPO.quote not in table_quotes(at) and len(table_quotes(at)) == len(FIGURES) - 1
    assert at.selectbox(key="review").value == ""
    at.selectbox(key="review").set_value("rejected").run()
    assert table_quotes(at) == [ALEPPO.quote]
    assert at.query_params.get("review") == "rejected"
    at.selectbox(key="review").set_value("reviewed").run()
    assert table_quotes(at) == [FALLUJAH.quote]
    # a link sets it
    linked = run_app({"review": "all"})
    assert linked.selectbox(key="review").value == "all" and len(table_quotes(linked)) == len(FIGURES)
    # and "Clear all filters" goes back to the default
    linked.button[[b.label for b in linked.button].index("Clear all filters")].click().run()
    assert linked.selectbox(key="review").value == "" and "review" not in linked.query_params


def test_the_download_leaves_rejected_figures_out_and_carries_review_columns(filled, downloads):
    filled.add_review(ALEPPO.figure_id, "reject", editor="Bo")
    filled.add_review(FALLUJAH.figure_id, "correct", {"value": "52000", "high": "52000", "low": "52000"}, editor="Ann")
    run_app()
    data = [d for d in downloads if d["mimetype"] == "text/csv"][-1]["data"]
    assert data == export.export_csv(filled, Filters())
    table = pd.read_csv(__import__("io").BytesIO(data), encoding="utf-8-sig")
    assert ALEPPO.figure_id not in set(table["figure_id"])
    fallujah = table[table["figure_id"] == FALLUJAH.figure_id].iloc[0]
    assert (fallujah["value"], fallujah["extracted_value"], fallujah["review_status"], fallujah["reviewed_by"]) == (
        52000, 50000, "corrected", "Ann")


def test_the_about_panel(filled):
    from displacement import quality

    at = run_app({"view": "About these numbers"})
    text = "\n".join(m.value for m in at.markdown)
    assert "In camps" in text and "**at least**" in text
    assert "starts at 0\\.35" in text or "starts at 0.35" in text
    (table,) = at.table
    record = quality.load_quality()
    assert list(table.value.index) == [s["label"] for s in record["sets"].values()]
    assert any(f"Extractor {record['extractor_version']}" in c.value.replace("\\", "") for c in at.caption)
    assert "No figure has been reviewed yet." in text
    filled.add_review(ALEPPO.figure_id, "reject", editor="Bo")
    filled.add_review(FALLUJAH.figure_id, "confirm", editor="Bo")
    at = run_app({"view": "About these numbers"})
    text = "\n".join(m.value.replace("\\", "") for m in at.markdown)
    assert "Of 2 reviewed figures, 50% were confirmed as extracted, 0% corrected and 50% rejected" in text


# ---- who may change the store --------------------------------------------------------------------

def editor_controls(at: AppTest) -> dict[str, bool]:
    keys = {getattr(b, "key", None) for b in at.button}
    return {"upload": bool(at.file_uploader), "review": any(k and k.startswith(("confirm_", "correct_", "reject_"))
                                                             for k in keys)}


def test_a_hosted_page_without_password_or_sign_in_is_read_only(filled, monkeypatch):
    monkeypatch.delenv("DISPLACEMENT_LOCAL")
    at = select(run_app(), "evidence", FALLUJAH.quote)
    assert editor_controls(at) == {"upload": False, "review": False}
    assert any("read-only" in c.value.replace("\\", "") for c in at.sidebar.caption)
    assert not any(n.label == "Household size for uploads" for n in at.number_input)


def test_the_editor_password_signs_an_editor_in_by_name(filled, monkeypatch):
    monkeypatch.delenv("DISPLACEMENT_LOCAL")
    monkeypatch.setenv("DISPLACEMENT_EDITOR_PASSWORD", "s3cret")
    at = select(run_app(), "evidence", FALLUJAH.quote)
    assert editor_controls(at) == {"upload": False, "review": False}
    at.text_input(key="editor_name").input("Bo Chen")
    at.text_input(key="editor_password").input("wrong")
    at.button(key="editor_sign_in").click().run()
    assert [e.value for e in at.sidebar.error] == ["Wrong editor password."]
    assert editor_controls(at) == {"upload": False, "review": False}
    at.text_input(key="editor_password").input("s3cret")
    at.button(key="editor_sign_in").click().run()
    assert editor_controls(at) == {"upload": True, "review": True}
    assert any("Editing as Bo Chen." in c.value.replace("\\", "") for c in at.sidebar.caption)
    at.button(key="reject_evidence").click().run()
    assert filled.latest_review(FALLUJAH.figure_id).editor == "Bo Chen"
    at.button(key="editor_sign_out").click().run()
    assert editor_controls(at)["upload"] is False


def test_the_password_secret_wins_over_the_environment(filled, monkeypatch):
    monkeypatch.setenv("DISPLACEMENT_EDITOR_PASSWORD", "from-env")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["editor_password"] = "from-secret"
    at.run()
    at.text_input(key="editor_name").input("Ann")
    at.text_input(key="editor_password").input("from-env")
    at.button(key="editor_sign_in").click().run()
    assert not at.file_uploader
    at.text_input(key="editor_password").input("from-secret")
    at.button(key="editor_sign_in").click().run()
    assert at.file_uploader


def test_sign_in_with_an_oidc_provider(filled, monkeypatch):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
                          "client_id": "id", "client_secret": "s",
                          "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration"}
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert at.button(key="sign_in") and not at.file_uploader  # the local run does not matter: sign-in rules
    at.user = {"is_logged_in": True, "email": "ann@example.org", "name": "Ann Lee"}
    at.run()
    assert at.file_uploader and any("Signed in as ann@example.org" in c.value.replace("\\", "") for c in at.sidebar.caption)
    at = select(at, "evidence", FALLUJAH.quote)
    at.button(key="confirm_evidence").click().run()
    assert filled.latest_review(FALLUJAH.figure_id).editor == "ann@example.org"


def test_an_upload_records_its_editor(filled, monkeypatch):
    from displacement import extract

    monkeypatch.setattr(extract, "extract_document", fake_extract)
    monkeypatch.setattr("getpass.getuser", lambda: "ann")
    at = run_app()
    at.file_uploader[0].set_value(("n.txt", b"Now 10 people are trapped in Idlib.", "text/plain")).run()
    at.button(key="ingest_uploads").click().run()
    info = filled.documents_info()
    added = dict(zip(info["id"], info["added_by"]))
    (new,) = set(added) - {f.document_id for f in FIGURES}
    assert added[new] == "ann" and pd.isna(added["a1"])


# ---- sources (issue 16) ------------------------------------------------------------------------------

def feeds_table(at: AppTest):
    (table,) = [d for d in at.dataframe if "Last poll" in d.value.columns]
    return table.value


def test_the_sources_panel_lists_feeds_and_an_editor_adds_and_pauses_one(filled):
    filled.add_feed("https://a.example.org/rss", title="Agency A")
    at = run_app({"view": "Sources"})
    assert feeds_table(at)["Feed"].tolist() == ["Agency A"]
    at.text_input(key="new_feed_url").input("file:///etc/passwd")
    at.button(key="add_feed").click().run()
    assert any("is not a web address" in e.value for e in at.error)
    assert [f for f in filled.feeds()["url"]] == ["https://a.example.org/rss"]
    at.text_input(key="new_feed_url").input("https://b.example.org/atom.xml")
    at.button(key="add_feed").click().run()
    assert filled.feeds()["url"].tolist() == ["https://a.example.org/rss", "https://b.example.org/atom.xml"]
    at.selectbox(key="feed_to_pause").select("https://a.example.org/rss")
    at.button(key="pause_feed").click().run()
    assert filled.feed("https://a.example.org/rss")["paused"] is True or filled.feed("https://a.example.org/rss")["paused"] == 1
    assert "paused" in feeds_table(at)["Status"].tolist()


def test_a_reader_sees_the_feeds_but_cannot_add_or_pause(filled, monkeypatch):
    monkeypatch.delenv("DISPLACEMENT_LOCAL")
    filled.add_feed("https://a.example.org/rss", title="Agency A")
    at = run_app({"view": "Sources"})
    assert feeds_table(at)["Feed"].tolist() == ["Agency A"]
    keys = {getattr(b, "key", None) for b in at.button}
    assert not {"add_feed", "pause_feed"} & keys and not [t for t in at.text_input if t.key == "new_feed_url"]

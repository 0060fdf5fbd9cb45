"""The dashboard's pure helpers: how figures are written, which figure is "latest", escaping,
share links and download names (displacement/views.py)."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from displacement import views
from displacement.filters import Filters
from displacement.model import FIGURE_FIELDS, Figure, make_figure_id


def figure(doc="d1", start=0, *, quote="About 50,000 civilians are trapped inside Fallujah.", number_text="About 50,000",
           value=50000, low=50000, high=50000, qualifier="approx", category="trapped", term="trapped",
           figure_type="stock", location="Fallujah", country="IRQ", precision="place", lat=33.35, lon=43.78,
           day="2016-05-23", date_precision="day", confidence=0.9, source="Reuters", url="https://example.org/a",
           title="An article", location_text=None) -> Figure:
    return Figure(
        figure_id=make_figure_id(doc, start, start + len(number_text)), document_id=doc, quote=quote, start=start,
        end=start + len(number_text), number_text=number_text, value=value, low=low, high=high, qualifier=qualifier,
        reported_value=value, reported_unit="people", term=term, category=category, figure_type=figure_type,
        title=title, source=source, url=url, published=day, location=location, country_iso3=country, lat=lat,
        lon=lon, location_precision=precision, location_text=location_text or location, date=day,
        date_precision=date_precision, confidence=confidence,
    )


def frame(*figs: Figure) -> pd.DataFrame:
    return pd.DataFrame([f.to_dict() for f in figs], columns=list(FIGURE_FIELDS))


# ---- numbers as an analyst reads them ---------------------------------------------------------

@pytest.mark.parametrize("x, text", [
    (3400000, "3,400,000"), (7, "7"), (1000.4, "1,000"), (None, "–"), (float("nan"), "–"), (pd.NA, "–"),
])
def test_fmt_int(x, text):
    assert views.fmt_int(x) == text


@pytest.mark.parametrize("qualifier, parts", [
    ("approx", ("about", "50,000")), ("exact", ("", "50,000")), ("at_least", ("at least", "40,000")),
    ("at_most", ("up to", "60,000")), ("range", ("", "40,000–60,000")), ("vague", ("vague, at least", "40,000")),
])
def test_display_parts(qualifier, parts):
    assert views.display_parts(50000, 40000, 60000, qualifier) == parts


@pytest.mark.parametrize("value, low, high, qualifier, text", [
    (7, 7, 7, "exact", "7"),
    (15000, 15000, 15000, "approx", "about 15,000"),
    (3400000, None, 3400000, "approx", "about 3,400,000"),
    (71, 71, None, "at_least", "at least 71"),
    (1000000, None, 1000000, "at_most", "up to 1,000,000"),
    (750, 500, 1000, "range", "500–1,000"),
    (None, 1000, None, "vague", "vague, at least 1,000"),
    (None, None, None, "vague", "vague"),
    (pd.NA, 1000, pd.NA, "vague", "vague, at least 1,000"),
])
def test_display_value_keeps_the_hedge(value, low, high, qualifier, text):
    assert views.display_value(value, low, high, qualifier) == text


@pytest.mark.parametrize("day, precision, text", [
    ("2016-03-14", "day", "2016-03-14"), ("2016-03-01", "month", "2016-03"), ("2016-01-01", "year", "2016"),
    (None, "day", "undated"),
])
def test_format_date_at_its_precision(day, precision, text):
    assert views.format_date(day, precision) == text


def test_best_estimate_uses_the_lower_bound_of_vague_figures():
    f = frame(figure(), figure(start=100, value=None, low=1000, high=None, qualifier="vague", number_text="thousands"))
    assert views.best_estimate(f).tolist() == [50000.0, 1000.0]


def test_place_label_and_country_names():
    assert views.place_label("Mosul", "IRQ") == "Mosul, IRQ"
    assert views.place_label(None, "IRQ") == "IRQ"
    assert views.place_label(None, None) == "no place"
    f = frame(figure(), figure(start=5, location="Iraq", precision="country"))
    assert views.country_names(f) == {"IRQ": "Iraq"}


# ---- headline -----------------------------------------------------------------------------------

def test_headline_takes_the_latest_stock_figure_never_a_sum():
    f = frame(
        figure("d1", 0, value=50000, low=50000, high=50000, day="2016-05-23"),
        # a restatement of the same situation a week later: it replaces, it does not add
        figure("d2", 0, value=30000, low=30000, high=30000, day="2016-05-30", number_text="30,000", qualifier="exact"),
        figure("d3", 0, value=90000, low=90000, high=90000, day="2016-04-01", number_text="90,000", qualifier="exact"),
        figure("d3", 50, category="displaced", term="displaced", figure_type="flow", value=3400000, low=None,
               high=3400000, number_text="Nearly 3.4 million", location="Iraq", precision="country", day="2016-03-14"),
    )
    head = views.headline(f)
    assert (head.figures, head.articles, head.places) == (4, 3, 2)
    by_cat = {item.category: item for item in head.latest}
    assert by_cat["trapped"].people == 30000
    assert by_cat["trapped"].text == "30,000"
    assert by_cat["trapped"].date == "2016-05-30" and by_cat["trapped"].is_stock
    # a category with no stock figure shows its latest flow, marked as such
    assert by_cat["displaced"].text == "about 3,400,000" and not by_cat["displaced"].is_stock
    assert [item.category for item in head.latest] == ["displaced", "trapped"]  # model order


def test_headline_tie_on_date_goes_to_the_wider_place():
    f = frame(
        figure("d1", 0, value=5000, low=5000, high=5000, precision="place", location="Mosul"),
        figure("d2", 0, value=20000, low=20000, high=20000, precision="country", location="Iraq"),
    )
    (item,) = views.headline(f).latest
    assert item.place == "Iraq, IRQ" and item.people == 20000


def test_headline_of_nothing():
    empty = frame()
    assert views.headline(empty) == views.Headline(0, 0, 0, ())


def test_headline_html_escapes_the_data():
    f = frame(figure(quote='He said "<b>run</b>" & left', source="<script>alert(1)</script>", location="<i>X</i>"))
    out = views.headline_html(views.headline(f), {"trapped": "#e15759"})
    assert "<script>" not in out and "<i>X</i>" not in out
    assert "&lt;i&gt;X&lt;/i&gt;" in out
    assert '<span class="dm-hedge">about</span> <span class="dm-number">50,000</span>' in out
    assert out.count('<div class="dm-value">1</div>') == 3  # one figure, one article, one place


# ---- the evidence table -------------------------------------------------------------------------

def test_evidence_rows_newest_first_and_capped():
    f = frame(*(figure(f"d{i}", 0, day=f"2016-05-{i + 1:02d}", value=i, low=i, high=i) for i in range(10)))
    rows = views.evidence_rows(f, limit=3)
    assert rows["date"].tolist() == ["2016-05-10", "2016-05-09", "2016-05-08"]
    assert len(views.evidence_rows(f)) == 10


def test_evidence_table_columns_and_safe_links():
    f = frame(
        figure(url="javascript:alert(1)"),
        figure("d2", 0, url="https://example.org/ok", qualifier="vague", value=None, low=1000, high=None,
               number_text="thousands", date_precision="month", day="2016-05-01"),
    )
    table = views.evidence_table(views.evidence_rows(f))
    assert list(table.columns) == list(views.EVIDENCE_COLUMNS)
    by_written = table.set_index("As written")
    assert pd.isna(by_written.loc["About 50,000", "Link"])
    assert by_written.loc["thousands", "Link"] == "https://example.org/ok"
    assert by_written.loc["thousands", "Number"] == 1000
    assert by_written.loc["thousands", "Unit"] == "people"
    assert by_written.loc["thousands", "How counted"] == "“thousands” read as at least 1,000 people"
    assert by_written.loc["About 50,000", "How counted"] == ""
    assert by_written.loc["thousands", "Qualifier"] == "vague"
    assert by_written.loc["thousands", "Date"] == "2016-05"
    assert by_written.loc["About 50,000", "Place"] == "Fallujah, IRQ"
    assert views.evidence_table(frame()).empty


# ---- sentence highlighting ----------------------------------------------------------------------

@pytest.mark.parametrize("quote, number, places, marked", [
    ("About 50,000 civilians are trapped inside Fallujah, the UN said on 23 May 2016.", "About 50,000", ["Fallujah"],
     [("About 50,000", "number"), ("Fallujah", "place"), ("on 23 May 2016", "date")]),
    ("Nearly 3.4 million people have already been displaced in Iraq since the start of 2014",
     "Nearly 3.4 million", ["Iraq"],
     [("Nearly 3.4 million", "number"), ("Iraq", "place"), ("since the start of 2014", "date")]),
    ("200,000 Iraqis had already been forced to flee their homes this year", "200,000", ["Iraq"],
     [("200,000", "number"), ("this year", "date")]),  # "Iraq" inside "Iraqis" is not a place mention
    ("thousands of residents now live in the Dibaga Camp", "thousands", ["Dibaga Camp"],
     [("thousands", "number"), ("Dibaga Camp", "place")]),
    ("No figure here", "12,000", [], []),
])
def test_find_spans(quote, number, places, marked):
    spans = views.find_spans(quote, number, places)
    assert [(quote[s:e], kind) for s, e, kind in spans] == marked


def test_highlight_escapes_everything_but_the_marks():
    quote = 'About 50,000 <script>alert("x")</script> **trapped** in [Fallujah](javascript:alert(1)) & more'
    out = views.highlight_sentence(quote, "About 50,000", ["Fallujah"])
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert '<mark class="dm-number">About 50,000</mark>' in out
    assert '<mark class="dm-place">Fallujah</mark>' in out
    assert "**trapped**" in out  # st.html shows it literally: no Markdown is applied
    # the only tags are the marks
    assert out.count("<") == out.count("<mark") + out.count("</mark>")


def test_evidence_html_links_only_http():
    row = frame(figure(url="javascript:alert(1)", source="Reuters <b>", title="T"))
    out = views.evidence_html(row.iloc[0])
    assert "javascript:" not in out and "<a " not in out and "Reuters &lt;b&gt;" in out
    row = frame(figure(url='https://example.org/a?x="1"'))
    out = views.evidence_html(row.iloc[0])
    assert '<a href="https://example.org/a?x=&quot;1&quot;" target="_blank" rel="noopener noreferrer">' in out
    assert "about 50,000 people · Trapped · Fallujah, IRQ · 2016-05-23" in out


@pytest.mark.parametrize("text, expected", [
    ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
    ("**bold** _it_ <b>", r"\*\*bold\*\* \_it\_ \<b\>"),
    ("Mosul, IRQ", "Mosul, IRQ"),
    (None, ""),
])
def test_md_escape(text, expected):
    assert views.md_escape(text) == expected


@pytest.mark.parametrize("url, safe", [
    ("https://example.org/x", "https://example.org/x"), ("http://a.b", "http://a.b"),
    ("javascript:alert(1)", None), ("data:text/html,x", None), ("/relative", None), ("", None), (None, None),
])
def test_safe_url(url, safe):
    assert views.safe_url(url) == safe


def test_redact_url():
    assert views.redact_url("postgresql+psycopg://me:secret@db.example.org/x") == "postgresql+psycopg://me:***@db.example.org/x"
    assert views.redact_url("sqlite:///data/displacement.db") == "sqlite:///data/displacement.db"


# ---- links and names ----------------------------------------------------------------------------

def test_share_link_round_trips_the_filters():
    filters = Filters(category=("trapped", "camp"), country=("IRQ",), since="2016-01-01", q="under IS rule",
                      min_confidence=0.5)
    link = views.share_link("https://dash.example.org/app?old=1", filters.to_query_params())
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "dash.example.org", "/app")
    assert parts.query == ("category=trapped&category=camp&country=IRQ&since=2016-01-01&q=under+IS+rule"
                           "&min_confidence=0.5")
    assert Filters.from_query_params(parse_qs(parts.query)) == filters


def test_share_link_without_a_known_address_is_relative():
    assert views.share_link(None, {"category": ["trapped"]}) == "?category=trapped"
    assert views.share_link(None, {}) == "?"
    assert views.share_link("http://localhost:8501/", {}) == "http://localhost:8501/"


def test_download_name():
    slug = Filters(category=("trapped",), country=("IRQ",)).slug()
    assert views.download_name(slug, date(2026, 11, 24)) == "displacement_trapped_IRQ_2026-11-24.csv"
    assert views.download_name("all", date(2026, 11, 24), hxl=True) == "displacement_all_2026-11-24_hxl.csv"


def test_filters_from_link_keeps_what_it_understands():
    params = {"category": ["trapped,camp"], "country": ["irq"], "since": ["2016-13-01"], "until": ["2016-12-31"],
              "min_confidence": ["lots"], "q": ["camp"]}
    filters, problems = views.filters_from_link(params)
    assert filters == Filters(category=("trapped", "camp"), country=("IRQ",), until="2016-12-31", q="camp")
    assert len(problems) == 2
    assert any("since='2016-13-01'" in p for p in problems)
    assert any("min_confidence='lots'" in p for p in problems)


def test_filter_summary_and_options_with():
    assert views.filter_summary({}) == "all figures but the rejected ones"
    assert views.filter_summary({"category": ["trapped", "camp"], "q": "x"}) == (
        "category = trapped, camp; q = x; rejected figures hidden")
    assert views.filter_summary({"review": "all"}) == "review = all"
    assert views.filter_summary({"country": "IRQ", "review": "rejected"}) == "country = IRQ; review = rejected"
    assert views.options_with(["XXX", "IRQ"], ["IRQ", "SYR"]) == ["IRQ", "SYR", "XXX"]


def test_date_key():
    keys = views.date_key(pd.Series(["2016-03-14", None, "2024-01-01"], dtype="string"))
    assert keys.tolist() == [20160314, -1, 20240101]


# ---- uploads ------------------------------------------------------------------------------------

def test_upload_report_lists_each_problem():
    from displacement.pipeline import IngestSummary
    from displacement.sources import Failure

    summary = IngestSummary(read=3, new=1, unchanged=1, figures_stored=4,
                            failed=[Failure("feed.jsonl:2", "expected an object with a 'text' string")])
    report = views.upload_report(summary)
    assert report == {
        "ok": False,
        "summary": "3 articles read; 1 new; 1 already in the store; 4 figures stored; 1 problem.",
        "failures": [("feed.jsonl:2", "expected an object with a 'text' string")],
        "notes": [],
    }
    assert views.upload_report(IngestSummary(read=1, new=1, figures_stored=1)) == {
        "ok": True, "summary": "1 article read; 1 new; 1 figure stored.", "failures": [], "notes": []}


def test_upload_report_carries_notes_and_a_failed_upload_is_a_message():
    from displacement.pipeline import IngestSummary

    summary = IngestSummary(read=1, new=1, figures_stored=1, notes=[("b.txt", "not UTF-8: decoded as cp1252")])
    assert views.upload_report(summary)["notes"] == [("b.txt", "not UTF-8: decoded as cp1252")]
    report = views.upload_error_report(OSError("disk full"))
    assert report["ok"] is False and report["failures"] == [("upload", "OSError: disk full")]


def test_upload_kwargs_carries_the_household_size():
    from displacement import extract

    assert views.upload_kwargs(None) == {}
    kwargs = views.upload_kwargs(4.0)
    assert kwargs["extractor"].func is extract.extract_document
    assert kwargs["extractor"].keywords == {"household_size": 4.0}
    assert kwargs["extractor_version"] == f"{extract.EXTRACTOR_VERSION}+hh4"


def test_default_household_size_comes_from_units():
    from displacement import units

    assert views.default_household_size() == float(units.DEFAULT_HOUSEHOLD_SIZE)


@pytest.mark.parametrize("source, title, doc, url, label", [
    ("Reuters", "T", "d", None, "Reuters"),
    (None, "A title", "d", None, "A title"),
    # a file name is never a source (issue 15: "001_4cdda67df5..." in the Source column)
    (None, None, "001_4cdda67df5ead196.txt", None, ""),
    ("", float("nan"), None, None, ""),
    (None, "A title", "d", "https://www.reuters.com/world/x", "reuters.com"),  # the site names the publisher
])
def test_source_label(source, title, doc, url, label):
    assert views.source_label(source, title, doc, url) == label


def test_plural():
    assert (views.plural(1, "figure"), views.plural(0, "place"), views.plural(1200, "figure")) == (
        "1 figure", "0 places", "1,200 figures")

"""Reports and situations (issue 14): which figures restate one fact, and the estimate per place."""
import pandas as pd
import pytest

from displacement import situations
from displacement.extract import extract_figures
from displacement.model import FIGURE_FIELDS


def frame_of(articles):
    """Figures of (document, published, publisher, text) articles, as the store gives them."""
    rows = []
    for doc, published, source, text in articles:
        for figure in extract_figures(text, published, document_id=doc):
            row = figure.to_dict()
            row["source"] = source
            rows.append(row)
    return pd.DataFrame(rows, columns=list(FIGURE_FIELDS))


def same_report(a, b) -> bool:
    frame = frame_of([("a", a[0], "Outlet A", a[1]), ("b", b[0], "Outlet B", b[1])])
    assert len(frame) == 2, frame[["number_text", "location"]]
    ids = situations.assign_reports(frame)
    return ids.iloc[0] == ids.iloc[1]


@pytest.mark.parametrize("a,b,why", [
    (("2024-03-01", "Nearly 3.4 million people are displaced in Sudan."),
     ("2024-03-02", "Some 3,380,000 people are displaced in Sudan."), "rounding and 'nearly'"),
    (("2024-03-01", "Some 3.4m people are displaced in Sudan."),
     ("2024-03-03", "More than three million people are displaced in Sudan."), "'more than' allows more"),
    (("2024-03-01", "About 15,000 people are displaced in North Kivu."),
     ("2024-03-04", "Some 15,200 people are displaced in Nord-Kivu."), "one place, two names"),
    (("2024-03", "About 40,000 people are living in camps in Borno."),
     ("2024-03-20", "Around 40,000 people remain displaced in Borno."), "camp counts as displaced; a month holds the day"),
    (("2024-03-01", "UNHCR said 3.4 million people are displaced in Sudan."),
     ("2024-03-02", "The UN said 3.4 million people are displaced in Sudan."), "credited to two sources, one fact"),
])
def test_figures_that_restate_one_fact_are_one_report(a, b, why):
    assert same_report(a, b), why


@pytest.mark.parametrize("a,b,why", [
    (("2024-03-01", "Nearly 3.4 million people are displaced in Sudan."),
     ("2024-03-02", "Some 3.0 million people are displaced in Sudan."), "beyond the rounding 'nearly' allows"),
    (("2024-03-01", "Some 3.4 million people are displaced in Sudan."),
     ("2024-03-02", "Some 3.4 million people are displaced in Chad."), "another place"),
    (("2024-03-01", "Some 3.4 million people are displaced in Sudan."),
     ("2024-06-01", "Some 3.4 million people are displaced in Sudan."), "three months apart"),
    (("2024-03-01", "Some 3.4 million people are displaced in Sudan."),
     ("2024-03-02", "Some 3.4 million people have been killed in Sudan."), "another category"),
])
def test_figures_of_different_facts_are_different_reports(a, b, why):
    assert not same_report(a, b), why


def test_reports_never_chain_values_that_do_not_all_agree():
    # 3.0 agrees with 3.2 and 3.2 with 3.4 (with "about"), but 3.0 and 3.4 do not: no chain
    frame = frame_of([
        ("a", "2024-03-01", "A", "About 3.0 million people are displaced in Sudan."),
        ("b", "2024-03-01", "B", "About 3.2 million people are displaced in Sudan."),
        ("c", "2024-03-01", "C", "About 3.4 million people are displaced in Sudan."),
    ])
    ids = situations.assign_reports(frame)
    assert ids.iloc[0] != ids.iloc[2]


def test_a_report_keeps_its_figures_sources_origin_and_attribution():
    frame = frame_of([
        ("a", "2024-03-02", "AP", "Some 3.4m people are displaced in Sudan, the UN said."),
        ("b", "2024-03-01", "Reuters", "UNHCR said nearly 3.4 million people are displaced in Sudan."),
        ("c", "2024-03-03", "Reuters", "Nearly 3.4 million people are displaced in Sudan, UNHCR said."),
    ])
    reports = situations.reports_table(frame)
    assert len(reports) == 1
    r = reports.iloc[0]
    assert (r["figures"], r["sources"], r["documents"]) == (3, 2, 3)
    assert r["origin_document_id"] == "b" and r["first_date"] == "2024-03-01"
    assert r["attributed_to"] == "UNHCR"
    assert r["location"] == "Sudan" and r["value"] == 3_400_000


def test_a_situation_takes_the_best_sourced_report_and_keeps_conflicts():
    frame = frame_of([
        ("a", "2024-03-01", "Reuters", "UNHCR said nearly 3.4 million people are displaced in Sudan."),
        ("b", "2024-03-02", "AP", "Some 3.4m people are displaced in Sudan."),
        ("c", "2024-03-02", "Gov", "About 2.0 million people are displaced in Sudan, the government said."),
        ("d", "2024-06-01", "Reuters", "Nearly 4 million people are now displaced in Sudan."),
    ])
    reports = situations.reports_table(frame)
    series = situations.estimates(reports)
    march, june = series.iloc[0], series.iloc[1]
    assert march["value"] == 3_400_000 and march["conflict"]  # two sources beat one; 2.0 million kept as a conflict
    assert (march["conflict_low"], march["conflict_high"]) == (2_000_000, 3_400_000)  # never averaged
    assert june["value"] == 4_000_000 and not june["conflict"]
    table = situations.situations_table(reports)
    row, = table.itertuples()
    assert (row.value, row.trend, row.estimates) == (4_000_000, [3_400_000, 4_000_000], 2)


def test_flows_stay_reports_and_are_never_summed():
    frame = frame_of([
        ("a", "2024-03-01", "A", "About 15,000 people fled Kassala in Sudan."),
        ("b", "2024-03-02", "B", "Some 15,000 people fled Kassala in Sudan."),
    ])
    reports = situations.reports_table(frame)
    assert len(reports) == 1 and reports.iloc[0]["value"] == 15_000  # one flight, not 30,000
    assert situations.situations_table(reports).empty  # flows are not a stock estimate


def test_a_place_never_adds_to_its_country():
    frame = frame_of([
        ("a", "2024-03-01", "A", "Some 3.4 million people are displaced in Sudan."),
        ("b", "2024-03-01", "B", "Some 400,000 people are displaced in Darfur."),
    ])
    table = situations.situations_table(situations.reports_table(frame)).set_index("location")
    assert table.loc["Sudan", "value"] == 3_400_000  # the country's own figure, not 3.8 million
    assert table.loc["Darfur", "value"] == 400_000 and table.loc["Darfur", "country_iso3"] == "SDN"


@pytest.mark.parametrize("text,reported,unit", [
    ("15,000", 15000, 1000), ("3.4 million", 3.4e6, 1e5), ("3,380,000", 3.38e6, 1e4),
    ("three million", 3e6, 1e6), ("12,345", 12345, 1), ("3.0 million", 3e6, 1e5),
])
def test_the_rounding_of_a_written_number(text, reported, unit):
    assert situations.rounding_unit(text, reported) == pytest.approx(unit)


def test_the_cli_writes_the_situation_table_with_its_hxl_row(tmp_path, capsys):
    import csv
    import io
    from pathlib import Path

    from displacement.cli import main

    db = f"sqlite:///{tmp_path / 'store.db'}"
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in {
        "a.txt": "Sudan crisis\n2024-03-01\n\nUNHCR said nearly 3.4 million people are displaced in Sudan.",
        "b.txt": "Sudan update\n2024-03-02\n\nSome 3.4m people are displaced in Sudan, the UN said.",
    }.items():
        (articles / name).write_text(text, encoding="utf-8")
    assert main(["ingest", str(articles), "--db", db, "--no-progress"]) == 0
    capsys.readouterr()
    out = tmp_path / "situations.csv"
    assert main(["situations", "--db", db, "--category", "displaced", "--out", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(Path(out).read_bytes().decode("utf-8-sig"))))
    header, tags, *data = rows
    assert header[:2] == ["category", "location"] and tags[header.index("value")] == "#affected+idps+num"
    assert tags[header.index("sources")] == "#meta+source+count"
    assert len(data) == 1
    row = dict(zip(header, data[0]))
    assert (row["location"], row["value"], row["reports"]) == ("Sudan", "3400000", "1")
    assert main(["situations", "--db", db, "--reports", "--format", "jsonl"]) == 0
    report = __import__("json").loads(capsys.readouterr().out.splitlines()[0])
    assert report["figures"] == 2 and report["documents"] == 2


def test_a_place_shows_the_situations_it_is_part_of_with_their_own_estimates():
    from displacement import situation_views

    frame = frame_of([
        ("a", "2024-03-01", "A", "Some 3.4 million people are displaced in Sudan."),
        ("b", "2024-03-01", "B", "Some 400,000 people are displaced in Darfur."),
        ("c", "2024-03-01", "C", "Some 2.1 million people are displaced in Chad."),  # another country: not a parent
    ])
    table = situations.situations_table(situations.reports_table(frame))
    above = situation_views.parents(table, ("displaced", "SDN", "Darfur"))
    assert above["location"].tolist() == ["Sudan"] and above["value"].tolist() == [3_400_000]
    text = situation_views.parents_text(above)
    assert text.startswith("Part of: Sudan, 3,400,000") and "never added" in text
    assert situation_views.parents(table, ("displaced", "SDN", "Sudan")).empty  # a country is part of nothing here


def test_a_cumulative_flow_is_a_running_total_with_its_period_never_a_sum():
    from displacement import situation_views

    frame = frame_of([
        ("a", "2024-03-10", "A", "Since January, 200,000 people have fled their homes in Sudan."),
        ("b", "2024-03-11", "B", "Some 200,000 people have fled their homes in Sudan since January."),  # a reprint
        ("c", "2024-04-12", "C", "Since January, 250,000 people have fled their homes in Sudan, UNHCR said."),
        ("d", "2024-05-20", "D", "More than 300,000 people have fled their homes in Sudan since the start of the year."),
    ])
    totals = situations.running_totals(situations.reports_table(frame))
    assert totals["value"].tolist() == [200_000, 250_000, 300_000]  # three reports, not four figures
    assert set(totals["period_start"]) == {"2024-01-01"} and totals["total"].nunique() == 1
    line, = situation_views.running_total_text(totals)
    assert line.startswith("Since 2024-01-01: 200,000 (2024-03-10) → 250,000 (2024-04-12) → More than 300,000")

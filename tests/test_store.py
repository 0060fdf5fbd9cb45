"""Store mechanics (SQLite): schema, idempotent upserts, atomic batches, the dashboard frame.

These use the deterministic ``fake_extract`` from conftest so that there are figures to store
whatever the state of the real extractor.
"""
from __future__ import annotations

import os
import sqlite3
import threading

import pandas as pd
import pytest
import sqlalchemy as sa

from conftest import fake_extract
from displacement import filters as flt
from displacement import store as store_mod
from displacement.model import FIGURE_FIELDS, Document, make_figure_id
from displacement.sources import Failure
from displacement.store import StoreError, default_url, normalize_url, open_store

DOC_A = Document(id="a", text="In Anbar 3,000 people fled.\nSome 13 were trapped.", title="A", published="2016-03-14", url="https://x.org/a", source="X")
DOC_B = Document(id="b", text="About 90 families sheltered in Mosul.", title="B", published="2016-04-01")


def write(store, *docs, version="fake-1", **kw):
    return store.write_batch([(d, fake_extract(d)) for d in docs], version=version, **kw)


def rows(store):
    frame = store.figures_frame(list(FIGURE_FIELDS))  # the public record (not copy_of, issue 16)
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


# ---- URLs and schema --------------------------------------------------------------------------


def test_default_url_is_the_repo_data_file(monkeypatch):
    monkeypatch.delenv("DISPLACEMENT_DB", raising=False)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(store_mod.__file__)))
    assert default_url() == f"sqlite:///{repo}/data/displacement.db"
    assert os.path.isdir(os.path.join(repo, "data"))


def test_default_url_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DISPLACEMENT_DB", "postgresql+psycopg://team@db.example.org/displacement")
    assert default_url() == "postgresql+psycopg://team@db.example.org/displacement"
    monkeypatch.setenv("DISPLACEMENT_DB", str(tmp_path / "x.db"))
    assert default_url() == f"sqlite:///{tmp_path / 'x.db'}"


def test_open_store_uses_the_environment_when_no_url(monkeypatch, tmp_path):
    monkeypatch.setenv("DISPLACEMENT_DB", f"sqlite:///{tmp_path / 'env.db'}")
    with open_store() as s:
        assert s.url == f"sqlite:///{tmp_path / 'env.db'}"
        assert s.count_documents() == 0
    assert (tmp_path / "env.db").exists()


def test_normalize_url_takes_a_path_as_sqlite(tmp_path):
    assert normalize_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert normalize_url("sqlite:///rel.db") == "sqlite:///rel.db"


def test_schema_is_created_with_indexes_and_wal(store, sqlite_url):
    inspector = sa.inspect(store.engine)
    assert set(inspector.get_table_names()) == {"documents", "figures", "failures", "reviews", "store_info",
                                                "document_signatures", "document_bands", "feeds", "feed_items"}
    # copy_of: the figure's document's syndication link (issue 16), after the public record
    assert [c["name"] for c in inspector.get_columns("figures")] == list(FIGURE_FIELDS) + ["copy_of"]
    indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes("figures")}
    assert {("document_id", "start", "figure_id"), ("category",), ("country_iso3",), ("date",), ("location",)} <= indexed
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("SELECT value FROM store_info WHERE key='schema_version'").fetchone() == (store_mod.SCHEMA_VERSION,)


def test_old_schema_is_upgraded_in_place(tmp_path):
    """A store made before columns were added gets them, keeping its rows."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE documents (id VARCHAR PRIMARY KEY, text TEXT NOT NULL, sha256 VARCHAR(64) NOT NULL, "
                    "title VARCHAR, url VARCHAR, source VARCHAR, published VARCHAR, ingested_at VARCHAR NOT NULL, "
                    "extractor_version VARCHAR NOT NULL)")
        raw.execute("CREATE TABLE figures (figure_id VARCHAR PRIMARY KEY, document_id VARCHAR NOT NULL, quote VARCHAR, "
                    "start BIGINT, \"end\" BIGINT, value BIGINT)")
        raw.execute("INSERT INTO documents VALUES ('old', 'text 5', 'x', NULL, NULL, NULL, NULL, '2020', 'v0')")
        raw.execute("INSERT INTO figures VALUES ('f1', 'old', 'text 5', 5, 6, 5)")
    with open_store(str(path)) as s:
        cols = [c["name"] for c in sa.inspect(s.engine).get_columns("figures")]
        assert set(FIGURE_FIELDS) <= set(cols)
        indexes = {ix["name"] for ix in sa.inspect(s.engine).get_indexes("figures")}
        assert {"ix_figures_document", "ix_figures_category", "ix_figures_date"} <= indexes
        frame = s.figures_frame()
        assert list(frame.columns) == [c for c in store_mod.FIGURE_COLUMNS]
        assert (frame.loc[0, "figure_id"], frame.loc[0, "value"], frame.loc[0, "quote"]) == ("f1", 5, "text 5")
        assert frame.loc[0, ["confidence", "category", "date"]].isna().all()
        assert s.count_documents() == 1
        assert s.data_version() == "0"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    with open_store(str(path)) as s:
        with s.engine.begin() as conn:
            conn.execute(sa.text("UPDATE store_info SET value = 99 WHERE key = 'schema_version'"))
    with pytest.raises(StoreError, match="schema version 99 was written by a newer displacement"):
        open_store(str(path))


def test_bad_url_is_a_store_error():
    with pytest.raises(StoreError, match="is not a database URL"):
        open_store("not a url://")
    with pytest.raises(StoreError, match="cannot open"):
        open_store("nosuchdialect://x/y")


# ---- writes -----------------------------------------------------------------------------------


def test_same_document_twice_changes_nothing(store):
    first = write(store, DOC_A, DOC_B)
    assert (first.new, first.updated, first.unchanged, first.figures) == (2, 0, 0, 3)
    before, version = rows(store), store.data_version()
    second = write(store, DOC_A, DOC_B)
    assert (second.new, second.updated, second.unchanged, second.figures) == (0, 0, 2, 0)
    assert rows(store) == before
    assert store.data_version() == version
    assert (store.count_documents(), store.count_figures()) == (2, 3)


def test_new_text_replaces_the_documents_figures(store):
    write(store, DOC_A, DOC_B)
    changed = DOC_A.__class__(**{**DOC_A.__dict__, "text": "Now 7 fled and 8 were trapped and 9 returned."})
    result = write(store, changed)
    assert (result.new, result.updated, result.unchanged, result.figures) == (0, 1, 0, 3)
    frame = store.figures_frame()
    assert frame[frame.document_id == "a"]["number_text"].tolist() == ["7", "8", "9"]
    assert frame[frame.document_id == "b"]["number_text"].tolist() == ["90"]
    assert store.document("a").text == changed.text


def test_changed_metadata_or_version_is_an_update(store):
    write(store, DOC_A)
    retitled = Document(**{**DOC_A.__dict__, "title": "A, corrected"})
    assert write(store, retitled).updated == 1
    assert set(store.figures_frame()["title"]) == {"A, corrected"}
    assert write(store, retitled, version="fake-2").updated == 1
    assert write(store, retitled, version="fake-2").unchanged == 1


def test_force_rewrites_even_unchanged(store):
    write(store, DOC_A)
    assert write(store, DOC_A, force=True).updated == 1


@pytest.mark.parametrize("steps, want", [
    # (added_by of each write of document a, with its version), the uploader stored after them
    ([("Ann Lee", "fake-1")], "Ann Lee"),
    ([(None, "fake-1")], None),
    ([("Ann Lee", "fake-1"), (None, "fake-2")], "Ann Lee"),  # a reindex keeps who uploaded it
    ([("Ann Lee", "fake-1"), ("Bo Chen", "fake-2")], "Bo Chen"),  # uploaded again: the latest editor
])
def test_a_document_records_the_editor_who_added_it(store, steps, want):
    for added_by, version in steps:
        write(store, DOC_A, version=version, added_by=added_by)
    info = store.documents_info().set_index("id")
    assert (info.loc["a", "added_by"] if pd.notna(info.loc["a", "added_by"]) else None) == want


def test_batch_is_one_transaction(store, monkeypatch):
    write(store, DOC_B)
    before, version = rows(store), store.data_version()

    def explode(conn):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_mod, "_bump", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        write(store, DOC_A, Document(id="b", text="replaced 1 2 3"))
    monkeypatch.undo()
    assert rows(store) == before
    assert (store.count_documents(), store.data_version()) == (1, version)


def test_stored_rows_fill_metadata_and_version_and_keep_the_rest():
    doc = Document(id="d", text="x 5", title="T", url="https://u", source="S", published="2020-01-01")
    fig = fake_extract(Document(id="other", text="x 5"))[0].replace(title=None, url=None, extractor_version="")
    (row,) = store_mod.figure_rows([fig], doc, "v9")
    expected = {**fig.to_dict(), "document_id": "d", "title": "T", "url": "https://u", "source": "S",
                "published": "2020-01-01", "extractor_version": "v9", "copy_of": None}  # set by write_batch
    assert row == expected


def test_two_figures_on_one_span_are_both_kept(store):
    doc = Document(id="dup", text="300 people")
    fig = fake_extract(doc)[0]
    result = store.write_batch([(doc, [fig, fig.replace(term="trapped", category="trapped")])], version="v")
    assert result.figures == 2
    assert sorted(store.figures_frame()["figure_id"]) == [fig.figure_id, fig.figure_id + "~2"]


def test_failures_are_recorded_latest_per_name(store):
    store.record_failures([Failure("a.bin", "binary file"), Failure("b.txt", "empty file")])
    v1 = store.data_version()
    store.record_failures([Failure("a.bin", "binary file (PNG image), expected text")])
    got = {f["name"]: f["reason"] for f in store.failures()}
    assert got == {"a.bin": "binary file (PNG image), expected text", "b.txt": "empty file"}
    assert set(store.failures()[0]) == {"name", "reason", "at"}
    assert int(store.data_version()) == int(v1) + 1


def test_delete_documents_removes_their_figures(store):
    write(store, DOC_A, DOC_B)
    assert store.delete_documents(["a", "missing"]) == 1
    assert (store.count_documents(), store.count_figures()) == (1, 1)


def test_writers_in_threads_queue_on_the_lock(sqlite_url):
    """Two stores on one SQLite file writing at once: every batch lands, none is lost."""
    errors = []

    def worker(prefix):
        try:
            with open_store(sqlite_url) as s:
                for i in range(15):
                    docs = [Document(id=f"{prefix}{i}-{j}", text=f"{i} and {j} people") for j in range(20)]
                    s.write_batch([(d, fake_extract(d)) for d in docs], version="v")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    open_store(sqlite_url).close()
    threads = [threading.Thread(target=worker, args=(p,)) for p in "xyz"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(sqlite_url) as s:
        assert s.count_documents() == 3 * 15 * 20
        assert s.count_figures() == 2 * 3 * 15 * 20
        assert s.data_version() == str(3 * 15)


# ---- the dashboard frame ----------------------------------------------------------------------


def test_figures_frame_columns_types_and_order(store):
    write(store, DOC_B, DOC_A)
    frame = store.figures_frame()
    assert list(frame.columns) == list(FIGURE_FIELDS) + ["copy_of"]  # + the syndication link (issue 16)
    assert list(zip(frame.document_id, frame.start)) == [("a", 9), ("a", 33), ("b", 6)]
    for name in ("start", "end", "value", "low", "high"):
        assert frame[name].dtype == "Int64", name
    for name in ("reported_value", "household_size", "lat", "lon", "confidence"):
        assert frame[name].dtype == "float64", name
    for name in ("published", "date", "period_start", "quote", "category"):
        assert pd.api.types.is_string_dtype(frame[name].dtype), name
    first = frame.iloc[0]
    assert (first["value"], first["published"], first["date"], first["country_iso3"], first["lat"]) == (3000, "2016-03-14", "2016-03-14", "IRQ", 33.5)
    assert pd.isna(frame.loc[1, "lat"]) and pd.isna(frame.loc[0, "high"]) and pd.isna(frame.loc[0, "period_start"])
    assert (frame.loc[1, "low"], frame.loc[1, "category"], frame.loc[1, "confidence"]) == (13, "trapped", 0.5)
    assert rows(store) == [f.to_dict() for f in fake_extract(DOC_A) + fake_extract(DOC_B)]


def test_figures_frame_subset_and_unknown_columns(store):
    write(store, DOC_A)
    assert store.figures_frame(["figure_id", "value"]).to_dict("list") == {
        "figure_id": [make_figure_id("a", 9, 14), make_figure_id("a", 33, 35)],
        "value": [3000, 13],
    }
    with pytest.raises(KeyError, match="unknown columns"):
        store.figures_frame(["nope"])


def test_empty_store_gives_an_empty_typed_frame(store):
    frame = store.figures_frame()
    assert list(frame.columns) == list(FIGURE_FIELDS) + ["copy_of"] and len(frame) == 0
    assert frame["value"].dtype == "Int64" and frame["lat"].dtype == "float64"
    assert flt.apply(frame, flt.Filters(category=("displaced",))).empty


def test_arrow_child_and_dbapi_read_paths_agree(store, monkeypatch):
    write(store, DOC_A, DOC_B)
    plain = store.figures_frame()
    monkeypatch.setattr(store_mod, "ARROW_CHILD_MIN_ROWS", 0)
    calls = []
    original = store_mod.Store._arrow_sqlite
    monkeypatch.setattr(store_mod.Store, "_arrow_sqlite", lambda self, q, n: calls.append(1) or original(self, q, n))
    child = store.figures_frame()
    assert calls == [1]
    pd.testing.assert_frame_equal(child, plain)
    subset = store.figures_frame(["document_id", "lat", "value"])
    pd.testing.assert_frame_equal(subset, plain[["document_id", "lat", "value"]])


@pytest.mark.parametrize(
    "filters, expected",
    [
        (flt.Filters(category=("trapped",)), ["13"]),
        (flt.Filters(country=("IRQ",)), ["3,000", "90"]),
        (flt.Filters(since="2016-04-01"), ["90"]),
        (flt.Filters(until="2016-03-31"), ["3,000", "13"]),
        (flt.Filters(q="MOSUL"), ["90"]),
        (flt.Filters(min_confidence=0.5), ["13", "90"]),
    ],
)
def test_dashboard_filters_work_on_the_frame(store, filters, expected):
    write(store, DOC_A, DOC_B)
    assert flt.apply(store.figures_frame(), filters)["number_text"].tolist() == expected


def _frame_query(names):
    figures = store_mod.figures
    query = sa.select(*(figures.c[n] for n in names)).order_by(figures.c.document_id, figures.c.start)
    return query, names


@pytest.mark.slow
def test_figures_frame_loads_a_million_rows_exactly(tmp_path):
    url = f"sqlite:///{tmp_path / 'big.db'}"
    open_store(url).close()
    template = fake_extract(Document(id="t", text="About 3,000 people fled Anbar.", published="2016-03-14"))[0].to_dict()
    template["copy_of"] = None  # stored beside the record (issue 16)
    computed = {
        "figure_id": "printf('%016x', i)",
        "document_id": "printf('d%06d', i / 10)",
        "start": "i % 10",
        "end": "i % 10 + 5",
        "value": "CASE WHEN i % 7 = 0 THEN NULL ELSE i END",
        "location": "CASE WHEN i % 2 = 1 THEN 'Anbar' ELSE NULL END",
    }
    columns = list(store_mod.FIGURE_COLUMNS)
    values = [computed.get(c) or ("NULL" if template[c] is None else "?") for c in columns]
    params = [template[c] for c in columns if c not in computed and template[c] is not None]
    with sqlite3.connect(tmp_path / "big.db") as raw:
        raw.execute(
            "INSERT INTO documents (id, text, sha256, ingested_at, extractor_version, figure_count) "
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999) "
            "SELECT printf('d%06d', i), 't', 'x', 'now', 'v', 10 FROM n"
        )
        raw.execute(
            f"INSERT INTO figures ({', '.join(repr(c).replace(chr(39), chr(34)) for c in columns)}) "
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999999) "
            f"SELECT {', '.join(values)} FROM n",
            params,
        )
        raw.commit()
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # how fast it loads is measured by benchmarks/dashboard_scale.py; here: that it loads right
    with open_store(url) as s:
        frame = s.figures_frame()
        plain = s._arrow_dbapi(*_frame_query(["figure_id", "value", "quote"]))
    assert plain.num_rows == 1_000_000
    assert len(frame) == 1_000_000
    assert frame["value"].isna().sum() == len(range(0, 1_000_000, 7))
    assert frame.iloc[-1]["document_id"] == "d099999"
    assert frame.loc[999_999, "quote"] == template["quote"] and frame.loc[1, "location"] == "Anbar"

"""The store on the real PostgreSQL server (127.0.0.1:5432, database ``test``).

Each test gets its own schema (``pg_url`` in conftest) that is dropped afterwards. When the
server is unreachable these fail under CI (CI=true) and skip elsewhere. The pipeline tests that
take ``backend_url`` (test_pipeline.py, test_export.py) also run here, on PostgreSQL.
"""
from __future__ import annotations

import threading

import pandas as pd
import psycopg
import pytest
import sqlalchemy as sa

from conftest import fake_extract, frame_rows
from displacement import store as store_mod
from displacement.model import FIGURE_FIELDS, Document
from displacement.sources import Failure
from displacement.store import StoreError, open_store

pytestmark = pytest.mark.postgres

TRICKY = [
    Document(id="Zeta", text='Quote with "double" quotes, commas, and\na newline: 1,200 fled', title="", source="Wire, Inc."),
    Document(id="alpha", text="Ніжин: 300 евакуйовано; دير الزور 45", title="Ніжин", url="https://x.org/?a=1&b=2"),
    Document(id="Émile", text="NULL 7", title="NULL", published="2016"),
    Document(id="_under", text="\\N 9 and \\. 10", title="\\N"),
]


def test_tables_live_in_the_test_schema(pg_url):
    with open_store(pg_url) as s:
        with s.engine.connect() as conn:
            schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
            tables = set(conn.execute(sa.text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = :s"), {"s": schema}).scalars())
        assert schema.startswith("dtest_")
        assert tables == {"documents", "figures", "failures", "reviews", "store_info",
                          "document_signatures", "document_bands", "feeds", "feed_items"}  # issue 16
        assert [c["name"] for c in sa.inspect(s.engine).get_columns("figures")] == list(FIGURE_FIELDS) + ["copy_of"]


def test_idempotent_and_replacing_on_postgres(pg_url):
    with open_store(pg_url) as s:
        docs = [(d, fake_extract(d)) for d in TRICKY]
        first = s.write_batch(docs, version="fake-1")
        assert (first.new, first.figures) == (4, 6)
        version, before = s.data_version(), frame_rows(s.figures_frame())
        again = s.write_batch(docs, version="fake-1")
        assert (again.unchanged, again.figures, s.data_version()) == (4, 0, version)
        assert frame_rows(s.figures_frame()) == before
        changed = Document(id="alpha", text="now 5 and 6")
        result = s.write_batch([(changed, fake_extract(changed))], version="fake-1")
        assert (result.updated, result.figures) == (1, 2)
        assert s.figures_frame().query("document_id == 'alpha'")["value"].tolist() == [5, 6]
        assert (s.count_documents(), s.count_figures()) == (4, 6)


def test_copy_read_path_equals_row_path_and_sqlite(pg_url, tmp_path, monkeypatch):
    """COPY -> Arrow keeps empty strings apart from NULLs, quotes, newlines, non-Latin text, and
    sorts ids by code point like SQLite."""
    docs = [(d, fake_extract(d)) for d in TRICKY]
    with open_store(pg_url) as pg, open_store(f"sqlite:///{tmp_path / 's.db'}") as lite:
        pg.write_batch(docs, version="fake-1")
        lite.write_batch(docs, version="fake-1")
        copied = pg.figures_frame()
        assert copied["document_id"].drop_duplicates().tolist() == ["Zeta", "_under", "alpha", "Émile"]
        assert copied.loc[copied.document_id == "Zeta", "title"].tolist() == [""]
        assert copied.loc[copied.document_id == "Émile", "title"].tolist() == ["NULL"]
        assert copied.loc[copied.document_id == "_under", "title"].tolist() == ["\\N", "\\N"]
        assert copied["published"].isna().sum() == 5
        pd.testing.assert_frame_equal(copied, lite.figures_frame())
        # the same frame through each read path: ADBC in many small Arrow batches, then
        # psycopg's COPY (no ADBC driver), then plain rows (neither)
        monkeypatch.setattr(store_mod, "POSTGRES_BATCH_HINT_BYTES", 64)
        pd.testing.assert_frame_equal(pg.figures_frame(), copied)
        monkeypatch.setattr(store_mod.Store, "_arrow_postgres_adbc", lambda self, q: None)
        pd.testing.assert_frame_equal(pg.figures_frame(), copied)
        monkeypatch.setattr(store_mod.Store, "_arrow_postgres", lambda self, q, n: None)
        pd.testing.assert_frame_equal(pg.figures_frame(), copied)
        pd.testing.assert_frame_equal(pg.figures_frame(["figure_id", "lat"]), copied[["figure_id", "lat"]])


def test_adbc_read_path_is_used_and_whole(pg_url):
    """With the ADBC driver installed (the postgres extra), the frame comes from it in one Arrow
    batch per column, and equals the row-by-row read."""
    pytest.importorskip("adbc_driver_postgresql")
    docs = [(d, fake_extract(d)) for d in TRICKY]
    with open_store(pg_url) as pg:
        pg.write_batch(docs, version="fake-1")
        names = list(store_mod.FIGURE_COLUMNS)
        query = pg._frame_query(names)
        table = pg._arrow_postgres_adbc(query)
        assert table is not None and table.num_rows == 6
        assert {table.column(i).num_chunks for i in range(table.num_columns)} == {1}
        plain = pg._arrow_dbapi(query, names)
        pd.testing.assert_frame_equal(store_mod._frame_from_arrow(table, names),
                                      store_mod._frame_from_arrow(plain, names))


def test_empty_postgres_store_frame(pg_url):
    with open_store(pg_url) as s:
        frame = s.figures_frame()
        assert list(frame.columns) == list(FIGURE_FIELDS) + ["copy_of"] and len(frame) == 0
        assert frame["value"].dtype == "Int64"


def test_failed_batch_leaves_nothing_on_postgres(pg_url, monkeypatch):
    with open_store(pg_url) as s:
        monkeypatch.setattr(store_mod, "_bump", lambda conn: (_ for _ in ()).throw(RuntimeError("boom")))
        with pytest.raises(RuntimeError, match="boom"):
            s.write_batch([(d, fake_extract(d)) for d in TRICKY], version="v", failures_=[Failure("x", "y")])
        monkeypatch.undo()
        assert (s.count_documents(), s.count_figures(), s.failures(), s.data_version()) == (0, 0, [], "0")


def test_failures_recorded_on_postgres(pg_url):
    with open_store(pg_url) as s:
        s.record_failures([Failure("a.bin", "binary file"), Failure("a.bin", "binary file (PNG image), expected text")])
        assert [(f["name"], f["reason"]) for f in s.failures()] == [("a.bin", "binary file (PNG image), expected text")]


def test_concurrent_writers_in_opposite_orders(pg_url):
    """Threads writing overlapping documents in opposite orders: row locks are taken in id
    order (and deadlocks retried), so every write lands once."""
    open_store(pg_url).close()
    errors = []
    ids = [f"doc-{i:03d}" for i in range(120)]

    def worker(order, salt):
        try:
            with open_store(pg_url) as s:
                for start in range(0, len(order), 20):
                    docs = [Document(id=i, text=f"{i[-3:]} people") for i in order[start:start + 20]]
                    s.write_batch([(d, fake_extract(d)) for d in docs], version="v")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(o, n)) for n, o in enumerate([ids, ids[::-1], ids[30:] + ids[:30]])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(pg_url) as s:
        assert s.count_documents() == 120
        frame = s.figures_frame()
        assert frame["figure_id"].is_unique and len(frame) == 120


def test_upgrade_adds_missing_columns_on_postgres(pg_url):
    with open_store(pg_url) as s:
        with s.engine.begin() as conn:
            conn.execute(sa.text('ALTER TABLE figures DROP COLUMN destination'))
            conn.execute(sa.text("UPDATE store_info SET value = 0 WHERE key = 'schema_version'"))
    with open_store(pg_url) as s:
        assert "destination" in {c["name"] for c in sa.inspect(s.engine).get_columns("figures")}
        assert s.figures_frame().columns.tolist() == list(FIGURE_FIELDS) + ["copy_of"]


def test_unreachable_server_is_a_clear_error_without_the_password():
    with pytest.raises(StoreError) as info:
        open_store("postgresql+psycopg://postgres:secret@127.0.0.1:1/test")
    message = str(info.value)
    assert message.startswith("cannot open postgresql+psycopg://postgres:***@127.0.0.1:1/test: ")
    assert "secret" not in message


def test_schema_is_dropped_after_the_test(pg_server):
    with psycopg.connect("host=127.0.0.1 dbname=test user=postgres") as conn:
        leftovers = conn.execute("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'dtest_%'").fetchone()
    # other test processes may be running, but this process's finished tests left nothing
    import os

    with psycopg.connect("host=127.0.0.1 dbname=test user=postgres") as conn:
        mine = conn.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE %s", (f"dtest_{os.getpid()}_%",)
        ).fetchone()
    assert mine == (0,) and leftovers[0] >= 0


# ---- reviews (issue 15; test_reviews.py runs every store review test here too, via backend_url) ----


def test_reviews_on_postgres_are_append_only_and_survive_deletes(pg_url):
    with open_store(pg_url) as s:
        docs = [(d, fake_extract(d)) for d in TRICKY]
        s.write_batch(docs, version="fake-1")
        frame = s.figures_frame()
        fid = frame.loc[frame.document_id == "alpha", "figure_id"].iloc[0]
        s.add_review(fid, "correct", {"value": "301", "location": "Ніжин"}, editor="Олена", note="a typo", at="2026-01-05T10:00:00+02:00")
        s.add_review(fid, "confirm", editor="ann", at="2026-01-05T07:00:00Z")  # earlier in time, stored later
        assert [(r.review_id, r.action, r.at) for r in s.reviews(fid)] == [
            (2, "confirm", "2026-01-05T07:00:00+00:00"), (1, "correct", "2026-01-05T08:00:00+00:00")]
        reviewed = s.reviewed_frame().set_index("figure_id")
        assert reviewed.loc[fid, ["value", "extracted_value", "location", "review_status", "reviewed_by"]].tolist() == [
            301, 300, "Ніжин", "corrected", "Олена"]
        for sql in ("UPDATE reviews SET editor = 'x'", "DELETE FROM reviews", "TRUNCATE reviews"):
            with pytest.raises(sa.exc.DBAPIError, match="reviews are append-only"):
                with s.engine.begin() as conn:
                    conn.execute(sa.text(sql))
        assert s.delete_documents(["alpha"]) == 1
        assert s.count_reviews() == 2
        s.write_batch([d for d in docs if d[0].id == "alpha"], version="fake-1")
        assert s.reviewed_frame().set_index("figure_id").loc[fid, "value"] == 301


def test_schema_2_store_gets_the_reviews_table_on_postgres(pg_url):
    with open_store(pg_url) as s:
        with s.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE reviews"))
            conn.execute(sa.text("UPDATE store_info SET value = 2 WHERE key = 'schema_version'"))
    with open_store(pg_url) as s:
        assert {"reviews", "feeds", "feed_items", "document_signatures"} <= set(sa.inspect(s.engine).get_table_names())
        assert s.count_reviews() == 0
        with s.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT value FROM store_info WHERE key = 'schema_version'")).scalar() == store_mod.SCHEMA_VERSION == 4  # 4: feeds and copies (issue 16)
            triggers = conn.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = 'reviews'::regclass")).scalars().all()
        assert triggers == ["reviews_append_only"]

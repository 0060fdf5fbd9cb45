"""read -> extract -> store: idempotence, failures, workers, Dask, concurrency, SIGKILL.

Tests marked with the ``backend_url`` fixture run on SQLite and on the real PostgreSQL server.
Tests that compare with extraction use the real ``extract.extract_document``; the deterministic
``fake_extract`` (conftest) is used where the store mechanics need figures to exist.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import (
    REPO,
    broken_extract,
    cli_command,
    cli_env,
    expected_row,
    fake_extract,
    fake_extract_v2,
    frame_rows,
    run_cli,
    write_feed,
)
from displacement.model import Document
from displacement.pipeline import IngestSummary, ingest_items, ingest_paths, ingest_uploads, reindex
from displacement.sources import Failure, read_path
from displacement.store import open_store

SUMMARY = re.compile(
    r"^read (\d+) documents?: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) failed; (\d+) figures? stored$", re.M
)


def summary_counts(stderr: str) -> tuple[int, ...]:
    match = SUMMARY.search(stderr)
    assert match, f"no summary line in: {stderr!r}"
    return tuple(int(g) for g in match.groups())


def real_expected(paths: list[str]) -> list[dict]:
    from displacement import extract

    rows = []
    for path in paths:
        for doc in read_path(path):
            assert isinstance(doc, Document), doc
            rows += [expected_row(f, doc, extract.EXTRACTOR_VERSION) for f in extract.extract_document(doc)]
    return sorted(rows, key=lambda r: (r["document_id"], r["start"], r["figure_id"]))


# ---- the real extractor on the seeds ----------------------------------------------------------


def test_store_holds_exactly_what_the_extractor_returns_for_the_seeds(backend_url, seed_paths):
    expected = real_expected(seed_paths)
    with open_store(backend_url) as s:
        summary = ingest_paths(seed_paths, s)
        assert (summary.read, summary.new, summary.updated, summary.unchanged, summary.failed) == (5, 5, 0, 0, [])
        assert summary.figures_stored == len(expected) == s.count_figures()
        assert frame_rows(s.figures_frame()) == expected
        assert s.count_documents() == 5

        version = s.data_version()
        again = ingest_paths(seed_paths, s)
        assert (again.read, again.new, again.updated, again.unchanged, again.figures_stored) == (5, 0, 0, 5, 0)
        assert frame_rows(s.figures_frame()) == expected
        assert s.data_version() == version


def test_cli_ingest_summary_and_exit_status(tmp_path, seed_paths):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    done = run_cli("ingest", str(Path(seed_paths[0]).parent), "--db", db)
    assert done.returncode == 0, done.stderr
    with open_store(db) as s:
        figures = s.count_figures()
    assert done.stderr.strip().splitlines() == [f"read 5 documents: 5 new, 0 updated, 0 unchanged, 0 failed; {figures} figures stored"]
    assert done.stdout == ""

    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "pic.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    bad = run_cli("ingest", *seed_paths, str(tmp_path / "*.txt"), str(tmp_path / "missing.txt"), "--db", db)
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        "read 8 documents: 0 new, 0 updated, 5 unchanged, 3 failed; 0 figures stored",
        f"  FAILED {tmp_path / 'empty.txt'}: empty file",
        f"  FAILED {tmp_path / 'pic.txt'}: binary file (PNG image), expected text",
        f"  FAILED {tmp_path / 'missing.txt'}: no such file or directory",
    ]
    with open_store(db) as s:
        assert sorted(f["name"] for f in s.failures()) == sorted(
            str(tmp_path / n) for n in ("empty.txt", "pic.txt", "missing.txt")
        )


def test_cli_settings_from_the_environment_and_bad_store(tmp_path, seed_paths):
    db = tmp_path / "env.db"
    big = [p for p in seed_paths if os.path.getsize(p) > 10_000]
    done = run_cli("ingest", *seed_paths, "--no-progress", env={"DISPLACEMENT_DB": str(db), "DISPLACEMENT_MAX_BYTES": "10000"})
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].startswith(f"read 5 documents: {5 - len(big)} new, 0 updated, 0 unchanged, {len(big)} failed;")
    assert [line.split(": ", 1)[1] for line in done.stderr.splitlines()[1:]] == [
        f"file too large ({os.path.getsize(p)} bytes; the limit is 10000)" for p in big
    ]
    with open_store(str(db)) as s:
        assert s.count_documents() == 5 - len(big)
    flag_wins = run_cli("ingest", *seed_paths, "--max-bytes", "20000", "--db", str(db), env={"DISPLACEMENT_MAX_BYTES": "10"})
    assert (flag_wins.returncode, summary_counts(flag_wins.stderr)[1:5]) == (0, (len(big), 0, 5 - len(big), 0))

    bad = run_cli("ingest", *seed_paths, "--db", "nosuchdialect://x/y")
    assert bad.returncode == 2
    assert bad.stderr.startswith("displacement: error: cannot open nosuchdialect://x/y: ")


def test_cli_reindex_after_an_upgrade(tmp_path, seed_paths):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run_cli("ingest", *seed_paths, "--db", db).returncode == 0
    same = run_cli("reindex", "--db", db)
    assert (same.returncode, summary_counts(same.stderr.replace("reindexed", "read"))) == (0, (0, 0, 0, 0, 0, 0))
    with open_store(db) as s:
        before = frame_rows(s.figures_frame())
    everything = run_cli("reindex", "--all", "--db", db)
    counts = summary_counts(everything.stderr.replace("reindexed", "read"))
    assert (everything.returncode, counts[:5]) == (0, (5, 0, 5, 0, 0))
    with open_store(db) as s:
        assert frame_rows(s.figures_frame()) == before


# ---- store mechanics with the fake extractor --------------------------------------------------


def test_summary_counts_every_item_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Some 300 people fled and 12 were trapped.", encoding="utf-8")
    (folder / "b.txt").write_bytes("Más de 4.000 desplazados".encode("latin-1"))
    (folder / "c.txt").write_bytes(b"")
    (folder / "feed.jsonl").write_text(
        '{"id": "f1", "text": "7 evacuated"}\n{"id": "f2"}\n{"id": "f3", "text": "BOOM 9"}\n', encoding="utf-8"
    )
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as s:
        summary = ingest_paths([str(folder)], s, extractor=broken_extract)
        assert summary.format().splitlines() == [
            "read 6 documents: 3 new, 0 updated, 0 unchanged, 3 failed; 5 figures stored",
            f"  FAILED {folder / 'c.txt'}: empty file",
            f"  FAILED {folder / 'feed.jsonl'}:2: expected an object with a 'text' string",
            "  FAILED f3: extraction failed: ValueError: cannot parse this one",
            "  NOTE b.txt: not UTF-8: decoded as cp1252 (detected); check accented letters",
        ]
        assert not summary.ok
        assert s.document("b.txt").text == "Más de 4.000 desplazados"
        assert s.document("f3") is None  # not stored, so the next run tries it again
        assert {f["name"] for f in s.failures()} == {f"{folder / 'c.txt'}", f"{folder / 'feed.jsonl'}:2", "f3"}


def test_updated_text_replaces_figures_and_unchanged_is_skipped(store, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "x", "text": "10 fled"}\n{"id": "y", "text": "20 fled"}\n', encoding="utf-8")
    first = ingest_paths([str(feed)], store, extractor=fake_extract)
    feed.write_text('{"id": "x", "text": "10 fled"}\n{"id": "y", "text": "21 fled, 22 trapped"}\n', encoding="utf-8")
    second = ingest_paths([str(feed)], store, extractor=fake_extract)
    assert (first.new, first.figures_stored) == (2, 2)
    assert (second.new, second.updated, second.unchanged, second.figures_stored) == (0, 1, 1, 2)
    assert store.figures_frame()["number_text"].tolist() == ["10", "21", "22"]


def test_same_id_twice_in_a_feed_the_later_wins(store, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "x", "text": "10 fled"}\n{"id": "x", "text": "11 fled"}\n', encoding="utf-8")
    summary = ingest_paths([str(feed)], store, extractor=fake_extract)
    assert (summary.read, summary.new, summary.updated) == (2, 1, 1)
    assert store.figures_frame()["number_text"].tolist() == ["11"]


def test_reindex_re_extracts_documents_of_older_versions(store, tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 30)
    ingest_paths([str(feed)], store, extractor=fake_extract)
    assert set(store.figures_frame()["extractor_version"]) == {"fake-1"}
    upgraded = reindex(store, extractor=fake_extract_v2)
    assert (upgraded.read, upgraded.updated, upgraded.new, upgraded.failed) == (30, 30, 0, [])
    assert set(store.figures_frame()["extractor_version"]) == {"fake-2"}
    assert set(store.documents_info()["extractor_version"]) == {"fake-2"}
    assert reindex(store, extractor=fake_extract_v2).read == 0
    assert reindex(store, extractor=fake_extract_v2, all=True).updated == 30
    assert ingest_paths([str(feed)], store, extractor=fake_extract_v2).unchanged == 30


def test_workers_store_the_same_as_one_process(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 300)
    with open_store(f"sqlite:///{tmp_path / 'one.db'}") as one, open_store(f"sqlite:///{tmp_path / 'two.db'}") as two:
        a = ingest_paths([str(feed)], one, extractor=fake_extract)
        b = ingest_paths([str(feed)], two, extractor=fake_extract, workers=2, batch_size=37)
        assert (a.new, a.figures_stored) == (b.new, b.figures_stored) == (300, a.figures_stored)
        assert a.figures_stored > 300
        pd.testing.assert_frame_equal(one.figures_frame(), two.figures_frame())


def stolen_ids(doc):
    """A buggy extractor: every figure of "thief" takes the id of a figure of "victim"."""
    from displacement.model import make_figure_id

    figs = fake_extract(doc)
    if doc.id == "thief":
        figs = [f.replace(figure_id=make_figure_id("victim", f.start, f.end)) for f in figs]
    return figs


stolen_ids.version = "fake-1"


def test_a_document_the_database_refuses_fails_alone(store):
    docs = [Document(id="victim", text="5 fled"), Document(id="ok", text="6 fled"), Document(id="thief", text="5 fled")]
    summary = ingest_items(docs, store, extractor=stolen_ids)
    assert (summary.read, summary.new, summary.figures_stored) == (3, 2, 2)
    assert [f.name for f in summary.failed] == ["thief"]
    assert summary.failed[0].reason.startswith("cannot store its figures: UNIQUE constraint failed: figures.figure_id")
    assert sorted(store.figures_frame()["document_id"]) == ["ok", "victim"]
    assert [f["name"] for f in store.failures()] == ["thief"]


def test_worker_errors_are_reported_per_document(tmp_path):
    docs = [Document(id=f"d{i}", text=f"{i} fled" + (" BOOM" if i == 5 else "")) for i in range(20)]
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as s:
        summary = ingest_items(docs, s, extractor=broken_extract, workers=2)
        assert (summary.new, [f.name for f in summary.failed]) == (19, ["d5"])
        assert s.count_documents() == 19


def test_uploads_are_stored_like_files(store, tmp_path):
    files = [
        ("notes.txt", "Éxodo: 500 personas".encode("latin-1")),
        ("feed.csv", b"id,text\nu1,40 people fled\n"),
        ("feed.jsonl", b'{"id": "u2", "text": "12 trapped"}\n'),
        ("blank.txt", b"  "),
    ]
    summary = ingest_uploads(files, store, extractor=fake_extract)
    assert (summary.new, [(f.name, f.reason) for f in summary.failed]) == (3, [("blank.txt", "empty file")])
    assert store.figures_frame()[["document_id", "value"]].values.tolist() == [["notes.txt", 500], ["u1", 40], ["u2", 12]]


def test_progress_bar_only_when_asked(store, tmp_path, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", 5)
    ingest_paths([str(feed)], store, extractor=fake_extract)
    assert capsys.readouterr().err == ""
    ingest_paths([str(feed)], store, extractor=fake_extract, progress=True)
    err = capsys.readouterr().err
    assert "ingest" in err and "5doc" in err.replace(" ", "")


def test_summary_format():
    summary = IngestSummary(read=4, new=1, updated=1, unchanged=1, failed=[Failure("x.bin", "binary file")], figures_stored=9)
    assert str(summary) == "read 4 documents: 1 new, 1 updated, 1 unchanged, 1 failed; 9 figures stored\n  FAILED x.bin: binary file"
    assert not summary.ok and IngestSummary().ok


# ---- Dask -------------------------------------------------------------------------------------


def test_dask_local_cluster_stores_the_same(backend_url, tmp_path, dask_cluster):
    feed = write_feed(tmp_path / "feed.jsonl", 120)
    with open_store(f"sqlite:///{tmp_path / 'local.db'}") as local, open_store(backend_url) as remote:
        a = ingest_paths([str(feed)], local, extractor=fake_extract)
        b = ingest_paths([str(feed)], remote, extractor=fake_extract, scheduler=dask_cluster.scheduler_address, batch_size=50)
        assert (b.read, b.new, b.figures_stored, b.failed) == (120, 120, a.figures_stored, [])
        pd.testing.assert_frame_equal(local.figures_frame(), remote.figures_frame())


def test_dask_runs_the_real_extractor(tmp_path, seed_paths, dask_cluster):
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as s:
        summary = ingest_paths(seed_paths, s, scheduler=dask_cluster.scheduler_address)
        assert (summary.new, summary.failed) == (5, [])
        assert frame_rows(s.figures_frame()) == real_expected(seed_paths)


def test_cli_workers_and_scheduler_options(tmp_path, seed_paths, dask_cluster):
    expected = real_expected(seed_paths)
    for name, options in (("workers", ["--workers", "2"]), ("dask", ["--scheduler", dask_cluster.scheduler_address])):
        db = f"sqlite:///{tmp_path / (name + '.db')}"
        done = run_cli("ingest", *seed_paths, "--db", db, *options)
        assert done.returncode == 0, done.stderr
        assert summary_counts(done.stderr)[:5] == (5, 5, 0, 0, 0)
        with open_store(db) as s:
            assert frame_rows(s.figures_frame()) == expected


# ---- two ingests at once; SIGKILL -------------------------------------------------------------


@pytest.mark.parametrize("fake", [True, pytest.param(False, marks=pytest.mark.slow, id="real")], ids=["fake", "real"])
def test_two_concurrent_ingests_lose_and_duplicate_nothing(backend_url, tmp_path, fake):
    n = 600 if fake else 300
    feed_a = write_feed(tmp_path / "a.jsonl", n)
    feed_b = write_feed(tmp_path / "b.jsonl", n, offset=n // 2)
    with open_store(backend_url):
        pass  # the schema exists before both start, as in a team deployment
    procs = [
        subprocess.Popen(cli_command("ingest", str(f), "--db", backend_url, "--no-progress", fake=fake),
                         cwd=REPO, env=cli_env(), stderr=subprocess.PIPE, text=True)
        for f in (feed_a, feed_b)
    ]
    outs = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    counts = [summary_counts(o) for o in outs]
    assert [c[0] for c in counts] == [n, n] and [c[4] for c in counts] == [0, 0]
    total = n + n // 2
    assert sum(c[1] for c in counts) >= total
    with open_store(f"sqlite:///{tmp_path / 'clean.db'}") as clean:
        ingest_paths([str(feed_a), str(feed_b)], clean, extractor=fake_extract if fake else None)
        expected = clean.figures_frame()
    with open_store(backend_url) as s:
        assert s.count_documents() == total
        got = s.figures_frame()
        assert got["figure_id"].is_unique
        pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("fake", [True, pytest.param(False, marks=pytest.mark.slow, id="real")], ids=["fake", "real"])
def test_sigkill_then_rerun_gives_exactly_a_clean_run(backend_url, tmp_path, fake):
    n = 2000 if fake else 800
    feed = write_feed(tmp_path / "feed.jsonl", n)
    command = cli_command("ingest", str(feed), "--db", backend_url, "--no-progress", fake=fake)
    with open_store(backend_url) as s:
        proc = subprocess.Popen(command, cwd=REPO, env=cli_env(), stderr=subprocess.DEVNULL)
        try:
            seen, deadline = 0, time.monotonic() + 300
            while proc.poll() is None and time.monotonic() < deadline:
                seen = s.count_documents()
                if seen >= 200:  # at least one batch committed
                    os.kill(proc.pid, signal.SIGKILL)
                    break
                time.sleep(0.01)
        finally:
            if proc.poll() is None and seen < 200:
                proc.kill()
            proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
        stored_at_kill = s.count_documents()
        assert 200 <= stored_at_kill < n

    rerun = subprocess.run(command, cwd=REPO, env=cli_env(), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    read, new, updated, unchanged, failed, _ = summary_counts(rerun.stderr)
    assert (read, failed, updated) == (n, 0, 0)
    assert unchanged == stored_at_kill and new == n - stored_at_kill

    with open_store(f"sqlite:///{tmp_path / 'clean.db'}") as clean, open_store(backend_url) as s:
        ingest_paths([str(feed)], clean, extractor=fake_extract if fake else None)
        pd.testing.assert_frame_equal(s.figures_frame(), clean.figures_frame())
        docs = s.documents_info()[["id", "sha256", "extractor_version", "figure_count"]]
        clean_docs = clean.documents_info()[["id", "sha256", "extractor_version", "figure_count"]]
        pd.testing.assert_frame_equal(docs, clean_docs)


# ---- scale ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_100k_document_feed_ingests_in_bounded_memory(tmp_path):
    """Peak RSS grows far less than the size of the feed: nothing loads it whole."""
    feed = tmp_path / "big.jsonl"
    filler = "Families sheltered in schools and mosques after the fighting reached the town. " * 14
    with feed.open("w", encoding="utf-8") as handle:
        for i in range(100_000):
            handle.write(json.dumps({"id": f"d{i:06d}", "text": f"Report {i}: {i % 997} people fled. {filler}"}) + "\n")
    size = os.path.getsize(feed)
    script = textwrap.dedent(
        f"""
        import resource, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from conftest import fake_extract
        from displacement.pipeline import ingest_paths
        from displacement.store import open_store
        s = open_store({f"sqlite:///{tmp_path / 'big.db'}"!r})
        ingest_paths([{str(tmp_path / 'warmup.jsonl')!r}], s, extractor=fake_extract)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        summary = ingest_paths([{str(feed)!r}], s, extractor=fake_extract)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(summary.new, s.count_figures(), before * 1024, after * 1024)
        """
    )
    write_feed(tmp_path / "warmup.jsonl", 500)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    new, figures, before, after = map(int, done.stdout.split())
    assert new == 100_000 and figures >= 200_000
    assert after - before < min(100_000_000, size // 2), f"RSS grew {after - before} bytes on a {size}-byte feed"

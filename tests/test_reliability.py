"""No input crashes the extractor or a batch, and every stored number fits (issue 13).

Hostile inputs come from displacement.fuzz (a fixed seed here; scripts/fuzz.py runs 100,000) and
from hypothesis; bad files are real files in a temporary folder, ingested into a real SQLite
store and through the real command line.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from displacement import fuzz, pipeline
from displacement.extract import extract_document, extract_figures
from displacement.model import MAX_PEOPLE, Document, Figure, make_figure_id
from displacement.store import open_store


# ---- the extractor never raises, never misplaces a span, never reports an absurd count --------

def test_a_fixed_seed_fuzz_finds_no_problem():
    problems = [(name, text[:80], p) for name, text in fuzz.generate(seed=7, count=3000) for p in fuzz.check(text)]
    assert problems == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_extracts_without_error(text):
    assert fuzz.check(text) == []


_WORDS = st.sampled_from(["people", "families", "displaced", "fled", "about", "more than", "minus", "million",
                          "billion", "in", "Mosul", "Iraq", ",", ".", "(", ")", "\n", "camps", "homes", "1e308"])
_NUMBERS = st.one_of(st.integers(min_value=-10**30, max_value=10**30).map(str),
                     st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}"),
                     st.floats(allow_nan=True, allow_infinity=True).map(str))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_WORDS, _NUMBERS), max_size=40).map(" ".join))
def test_number_heavy_text_gives_only_sane_figures(text):
    for f in extract_figures(text):
        assert text[f.start:f.end] == f.number_text
        for v in (f.value, f.low, f.high, f.reported_value):
            assert v is None or 0 <= v <= MAX_PEOPLE


@pytest.mark.parametrize("text", [
    "99999999999999999999999 people were displaced.",
    "9" * 5000 + " people were displaced.",
    "1e308 people were displaced.",
    "minus five people were displaced.",
    "-5,000 people fled.",
    "3 trillion people fled.",
])
def test_absurd_counts_are_no_figures(text):
    assert extract_figures(text) == []


def test_a_plausible_count_next_to_an_absurd_one_still_comes_out():
    # trap: the bound drops the absurd number only
    assert [f.value for f in extract_figures("About 3,000 people fled; 1e308 people were displaced.")] == [3000]


# ---- one bad document never costs the others ---------------------------------------------------

@pytest.fixture()
def bad_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "surrogate.jsonl").write_text(
        '{"id": "s1", "text": "About 3,000 people fled \\udfff the town."}\n'
        '{"id": "g1", "text": "About 2,000 people fled Mosul."}\n', encoding="utf-8")
    (folder / "objid.jsonl").write_text(
        '{"id": {"x": 1}, "text": "About 5,000 people fled."}\n{"id": "g2", "text": "About 6,000 people fled."}\n',
        encoding="utf-8")
    (folder / "openquote.csv").write_text(
        'id,text\ng3,"About 7,500 people fled Erbil."\nc1,"About 7,000 people fled Mosul.\nc2,About 8,000 fled.\n',
        encoding="utf-8")
    (folder / "legacy.txt").write_bytes("About 4,000 people fled Cúcuta, officials said.".encode("cp1252"))
    (folder / "huge.txt").write_text("99999999999999999999999 people were displaced.", encoding="utf-8")
    (folder / "good.txt").write_text("About 1,000 people fled Kirkuk.", encoding="utf-8")
    return folder


def test_ingest_stores_every_good_document_and_names_each_bad_one(tmp_path, bad_folder):
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        summary = pipeline.ingest_paths([str(bad_folder)], store)
        failed = {f.name.rsplit("/", 1)[-1]: f.reason for f in summary.failed}
        assert set(failed) == {"surrogate.jsonl:1", "objid.jsonl:1", "openquote.csv:3"}
        assert "unpaired surrogate" in failed["surrogate.jsonl:1"]
        assert "'id' must be a string or a whole number, not an object" == failed["objid.jsonl:1"]
        assert failed["openquote.csv:3"].startswith("unterminated quote")
        stored = set(store.figures_frame()["document_id"])
        assert stored == {"g1", "g2", "g3", "legacy.txt", "good.txt"}  # huge.txt is stored, with no figure
        assert store.document("huge.txt") is not None
        assert summary.notes == [("legacy.txt", "not UTF-8: decoded as cp1252 (detected); check accented letters")]
        assert store.document("legacy.txt").text == "About 4,000 people fled Cúcuta, officials said."


def test_the_command_line_reads_on_after_a_bad_file_and_says_some_failed(tmp_path, bad_folder):
    done = subprocess.run([sys.executable, "-m", "displacement.cli", "extract", str(bad_folder)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    ids = {json.loads(line)["document_id"] for line in done.stdout.splitlines()}
    assert ids == {"g1", "g2", "g3", "legacy.txt", "good.txt"}
    assert done.stderr.count("error:") == 3 and "note: legacy.txt: not UTF-8" in done.stderr


def _figure(doc: str, value: int) -> Figure:
    return Figure(figure_id=make_figure_id(doc, 0, 3), document_id=doc, quote="x", start=0, end=3,
                  number_text="x", value=value, low=value, high=value, qualifier="exact", reported_value=value,
                  reported_unit="people", term="displaced", category="displaced", figure_type="stock")


def test_a_number_the_database_cannot_hold_fails_its_document_alone(tmp_path):
    def extractor(doc):
        return [_figure(doc.id, 10**30 if doc.id == "huge" else 5)]

    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        summary = pipeline.ingest_items([Document("a", "a"), Document("huge", "b"), Document("c", "c")], store,
                                        extractor=extractor, extractor_version="t")
        assert [f.name for f in summary.failed] == ["huge"]
        assert summary.failed[0].reason.startswith("cannot store its figures: OverflowError")
        assert set(store.figures_frame()["document_id"]) == {"a", "c"}


def _spin(doc):
    if doc.id == "slow":
        while True:
            pass
    return extract_document(doc)


def test_a_document_over_its_time_budget_is_reported_and_the_batch_goes_on(tmp_path):
    extract_document(Document("warm", "About 2,000 people fled Mosul."))  # one-time loading is not the budget's
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        start = time.perf_counter()
        summary = pipeline.ingest_items([Document("slow", "x"), Document("ok", "About 2,000 people fled.")], store,
                                        extractor=_spin, extractor_version="t", doc_seconds=1)
        assert time.perf_counter() - start < 30
        assert [(f.name, "time budget" in f.reason) for f in summary.failed] == [("slow", True)]
        assert set(store.figures_frame()["document_id"]) == {"ok"}


def test_the_time_budget_holds_in_a_thread_too(tmp_path):
    """The page extracts uploads in its script thread, where no signal can interrupt: the
    extractor's own deadline stops a document that runs over."""
    import threading

    from displacement import extract

    text = "About 3,000 people fled Mosul. " * 4000  # many sentences, each a deadline check
    result = {}

    def run():
        token = extract.DEADLINE.set(time.monotonic() - 1)  # already over
        try:
            extract.extract_figures(text)
            result["outcome"] = "finished"
        except extract.DocumentTimeout as exc:
            result["outcome"] = str(exc)
        finally:
            extract.DEADLINE.reset(token)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert result["outcome"].startswith("took longer than its time budget")
    assert len(extract_figures("About 3,000 people fled Mosul.")) == 1  # trap: no deadline, no stop

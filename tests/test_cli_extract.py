"""`displacement extract`: one record per figure, DESIGN.md field names, bad input reported."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from displacement.model import FIGURE_FIELDS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "displacement.cli", "extract", *map(str, args)],
        capture_output=True, text=True, cwd=cwd or ROOT, timeout=120,
    )


def test_extract_seeds_jsonl_has_the_gold_figures_and_design_fields():
    proc = run(*SEEDS)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert sorted(r["number_text"] for r in rows) == sorted(
        ["thousands", "seven", "six", "200,000", "Nearly 3.4 million", "up to one million", "around 15,000", "about 50,000"]
    )
    assert all(list(r) == list(FIGURE_FIELDS) for r in rows)
    nearly = next(r for r in rows if r["number_text"] == "Nearly 3.4 million")
    assert (nearly["document_id"], nearly["value"], nearly["low"], nearly["high"], nearly["qualifier"]) == (
        "001_4cdda67df5ead196.txt", 3400000, None, 3400000, "approx")
    assert nearly["period_start"] == "2014-01-01"


def test_extract_csv(tmp_path):
    proc = run("--format", "csv", SEEDS[1])
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == 7
    assert list(rows[0]) == list(FIGURE_FIELDS)


def test_jsonl_feed_uses_ids_and_metadata(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "a1", "text": "About 2,000 people were evacuated in Rivera.", "published": "2017-02-25",
                    "title": "Floods", "url": "https://example.org/a1", "source": "OCHA"}) + "\n"
        + json.dumps({"text": "No figure here."}) + "\n",
        encoding="utf-8",
    )
    proc = run(feed)
    assert proc.returncode == 0, proc.stderr
    (row,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert (row["document_id"], row["published"], row["title"], row["url"], row["source"]) == (
        "a1", "2017-02-25", "Floods", "https://example.org/a1", "OCHA")
    assert row["value"] == 2000 and row["term"] == "evacuated"


def test_bad_files_are_reported_by_name_and_others_still_processed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    proc = run(empty, binary, SEEDS[3])
    assert proc.returncode == 1
    assert "photo.txt" in proc.stderr and "binary" in proc.stderr
    assert "error" not in "".join(line for line in proc.stderr.splitlines() if "empty.txt" in line)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["number_text"] for r in rows] == ["about 50,000"]


def test_missing_file_is_an_error_naming_it(tmp_path):
    proc = run(tmp_path / "nope.txt")
    assert proc.returncode == 1
    assert "nope.txt" in proc.stderr


def test_empty_file_gives_no_figures_and_success(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    proc = run(empty)
    assert (proc.returncode, proc.stdout) == (0, "")


def test_latin1_article_is_read(tmp_path):
    article = tmp_path / "latin1.txt"
    article.write_bytes("Près de 2 000 personnes... About 3,000 people fled Bogotá, officials said.".encode("latin-1"))
    proc = run(article)
    assert proc.returncode == 0, proc.stderr
    (row,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert row["value"] == 3000 and "Bogotá" in row["quote"]


# ---- counts in words (issue 15: "wrote 1 figures") --------------------------------------------------

import pytest  # noqa: E402

from displacement.pipeline import IngestSummary  # noqa: E402
from displacement.wording import plural  # noqa: E402


@pytest.mark.parametrize("n, word, grouped, text", [
    (0, "figure", True, "0 figures"), (1, "figure", True, "1 figure"), (2, "figure", True, "2 figures"),
    (1200, "figure", True, "1,200 figures"), (1200, "figure", False, "1200 figures"),
    (1, "situation", False, "1 situation"), (1, "document", False, "1 document"),
])
def test_plural(n, word, grouped, text):
    assert plural(n, word, grouped=grouped) == text


@pytest.mark.parametrize("read, stored, line", [
    (1, 1, "read 1 document: 1 new, 0 updated, 0 unchanged, 0 failed; 1 figure stored"),
    (2, 0, "read 2 documents: 1 new, 0 updated, 0 unchanged, 0 failed; 0 figures stored"),
])
def test_ingest_summary_says_one_in_the_singular(read, stored, line):
    assert IngestSummary(read=read, new=1, figures_stored=stored).format() == line


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "displacement.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_export_and_situations_of_one_say_one(tmp_path):
    article = tmp_path / "one.txt"
    article.write_text("Fighting in Mosul\n\nAbout 50,000 civilians are trapped inside Fallujah, the UN said on "
                       "23 May 2016.\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'one.db'}"
    ingest = _cli("ingest", article, "--db", db, "--no-progress")
    assert ingest.returncode == 0, ingest.stderr
    assert "read 1 document: 1 new" in ingest.stderr and "; 1 figure stored" in ingest.stderr
    done = _cli("export", "--db", db, "--out", tmp_path / "f.csv")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"wrote 1 figure to {tmp_path / 'f.csv'}"
    done = _cli("situations", "--db", db, "--out", tmp_path / "s.csv")
    assert done.stderr.strip() == f"wrote 1 situation to {tmp_path / 's.csv'}"

"""The benchmark scripts run end to end on tiny inputs and print the lines the README quotes.

They measure speed (benchmarks/, never asserted here); these tests only keep them working, so a
benchmark that rotted is caught by CI rather than found broken when someone wants figures.
"""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from shared_data import shared_dir

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"

pytestmark = pytest.mark.slow


def _run(script: str, *args: str, tmp_path: Path) -> str:
    shared = shared_dir()
    if not (shared / "peer").is_dir():
        pytest.skip(f"shared evaluation data not found at {shared} (set DISPLACEMENT_SHARED)")
    env = dict(os.environ, DISPLACEMENT_SHARED=str(shared), TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_machine_line_names_cores_and_python():
    spec = importlib.util.spec_from_file_location("bench_machine", BENCH / "machine.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    line = module.describe()
    assert f"{os.cpu_count()} cores" in line and line.endswith(f"Python {sys.version.split()[0]}")


def test_dashboard_scale_small_store_prints_its_last_line(tmp_path):
    out = _run("dashboard_scale.py", "--figures", "3000", "--repeats", "1", "--load-repeats", "2",
               "--cache-dir", str(tmp_path / "cache"), tmp_path=tmp_path)
    assert out.splitlines()[0].startswith("machine: ")
    assert "filled 3,000 figures through Store.write_batch" in out
    last = out.strip().splitlines()[-1]
    assert re.fullmatch(r"figures=3000 load_s=\d+\.\d\d filter_ms=\d+ chart_ms=\d+ csv_ms=\d+", last), last
    # a second run reuses the complete cached store instead of refilling it
    again = _run("dashboard_scale.py", "--figures", "3000", "--repeats", "1", "--load-repeats", "1",
                 "--cache-dir", str(tmp_path / "cache"), tmp_path=tmp_path)
    assert "store: sqlite (cached " in again and "filled 3,000" not in again


def test_ingest_scale_local_workers_small_feed(tmp_path):
    out = _run("ingest_scale.py", "--articles", "60", "--mode", "local", "--workdir", str(tmp_path / "work"),
               tmp_path=tmp_path)
    assert out.splitlines()[0].startswith("machine: ")
    assert re.search(r"^mode=local articles=60 wall_s=[\d.]+ articles_per_s=[\d.]+ peak_ingest_mb=\d+ peak_worker_mb=\d+$",
                     out, re.M), out
    assert "exit status" not in out


def test_extract_speed_prints_throughput_and_ratio(tmp_path):
    out = _run("extract_speed.py", "--mb", "0.02", "--baseline-mb", "0.01", tmp_path=tmp_path)
    assert out.splitlines()[0].startswith("machine: ")
    assert re.search(r"^extract_figures: [\d.]+ MB/s, [\d.]+ articles/s", out, re.M), out
    assert re.search(r"^  ratio ours/quantulum3: [\d.]+x$", out, re.M), out


def test_extract_quality_dev_quote_level_prints_a_line_per_part(tmp_path):
    if not (shared_dir() / "dev" / "gold.jsonl").is_file():
        pytest.skip(f"development set not found at {shared_dir()}/dev")
    empty = tmp_path / "no_docs"
    empty.mkdir()
    out = _run("extract_quality.py", "--only", "dev", "--dev-docs", str(empty), tmp_path=tmp_path)
    assert "== ../shared/dev (real articles, part a and part b)" in out
    assert "quote-level (bodies not rebuilt" in out
    assert "== seeds" not in out and "== IDMC" not in out  # --only dev runs that section alone
    lines = [line for line in out.splitlines() if line.startswith("dev_part=")]
    number = r"[01]\.\d{3}"
    assert [line.split()[0] for line in lines] == ["dev_part=a", "dev_part=b"], out
    for line in lines:
        assert re.fullmatch(rf"dev_part=[ab] precision={number} recall={number} f1={number} "
                            rf"category={number} place={number} country={number} mode=quotes", line), line
    assert out.strip().splitlines()[-2:] == lines


def test_extract_growth_prints_a_rate_per_size_and_a_verdict(tmp_path):
    out = _run("extract_growth.py", "--sizes", "10k,100k", "--kinds", "digits,no-breaks", "--limit", "120",
               tmp_path=tmp_path)
    for kind in ("digits", "no-breaks"):
        assert re.search(rf"^{kind}\s+100k:\s+[\d.]+ s\s+[\d.]+ s/MB", out, re.M), out
        assert re.search(rf"^growth={kind} largest=100k rate_ratio_to_100k=1\.00 over_limit=False ok$", out, re.M), out

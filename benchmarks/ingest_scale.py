"""Ingest at scale: a feed of N articles through `displacement ingest`, locally and on Dask.

The feed is deterministic: JSONL articles of 2-5 kB recombined, with a fixed seed, from the
seed articles' paragraphs (``seeds/``) and IDMC's excerpts (``../shared/peer``), each with an
id, title, publication date, URL and source. It is written once under
``$TMPDIR/displacement-bench/`` and reused (``--rebuild`` rewrites it).

Two runs, each into a fresh SQLite store, each through the real command as a subprocess:

- ``local``: ``displacement ingest FEED --workers 2``
- ``dask``: a Dask ``LocalCluster`` (2 worker processes, 1 thread each) started in this
  process, and ``displacement ingest FEED --scheduler ADDRESS``

While a run goes, the resident memory (RSS) of the ingest process and of its extraction
workers (the process pool's children, or the Dask workers) is sampled every half second with
psutil, and the store's document count every few seconds (progress). The report gives the wall
time, articles/s, figures stored, the peak RSS of the ingest process and of the largest worker,
and their RSS at each tenth of the feed, which shows that memory does not grow with the feed.

``--no-dask-profile`` starts the Dask workers with their statistical profiler off: it keeps a
call-tree profile per second for the last 1,000 seconds, which grows a worker until full.

usage: python benchmarks/ingest_scale.py [--articles 100000] [--mode local|dask|both] [--no-dask-profile]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from machine import describe as describe_machine  # noqa: E402 (benchmarks/machine.py)

FEED_VERSION = "1"  # bump when the generated articles change
SOURCES = ["Reuters", "AFP", "AP", "Al Jazeera", "BBC News", "ReliefWeb", "UNHCR", "OCHA", "IOM DTM",
           "The New Arab", "Rudaw", "Diyaruna", "Middle East Eye", "Radio Dabanga", "The New Humanitarian"]


# ---- the feed ----------------------------------------------------------------------------------

def paragraphs(shared: Path) -> tuple[list[str], list[str]]:
    news: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        news += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 40]
    reports: list[str] = []
    peer = shared / "peer" / "idetect_excerpts.jsonl"
    if peer.exists():
        with open(peer, encoding="utf-8") as handle:
            reports = [json.loads(line)["text"] for line in handle if line.strip()]
    return news, reports


def write_feed(path: Path, n: int, shared: Path, seed: int = 20161017) -> None:
    """``n`` JSONL articles of 2-5 kB: news paragraphs with 1-4 report excerpts mixed in."""
    import datetime as dt

    news, reports = paragraphs(shared)
    rng = random.Random(seed)
    tmp = path.with_suffix(".part")
    with open(tmp, "w", encoding="utf-8") as out:
        for i in range(n):
            target = rng.randint(2000, 5000)
            chosen: list[str] = []
            size = 0
            for excerpt in rng.sample(reports, k=rng.randint(1, 4)) if reports else []:
                chosen.append(excerpt)
                size += len(excerpt) + 2
            while size < target:
                paragraph = rng.choice(news)
                chosen.append(paragraph)
                size += len(paragraph) + 2
            rng.shuffle(chosen)
            text = "\n\n".join(chosen)[: 5000]
            published = (dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(3650))).isoformat()
            source = rng.choice(SOURCES)
            row = {
                "id": f"feed-{i:07d}",
                "title": chosen[0][:90],
                "published": published,
                "url": f"https://news.example.org/{source.lower().replace(' ', '-')}/{i}",
                "source": source,
                "text": text,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            if (i + 1) % 20000 == 0:
                print(f"  feed: {i + 1:,} / {n:,} articles written", file=sys.stderr, flush=True)
    tmp.replace(path)


# ---- measuring a run ---------------------------------------------------------------------------

class Sampler(threading.Thread):
    """Samples RSS of the ingest process and of the extraction workers every ``interval`` s,
    and the store's document count every few seconds."""

    def __init__(self, ingest_pid: int, worker_root, db_path: Path, total: int, interval: float = 0.5):
        super().__init__(daemon=True)
        self.ingest_pid, self.worker_root, self.db_path, self.total = ingest_pid, worker_root, db_path, total
        self.interval = interval
        self.stop_event = threading.Event()
        self.samples: list[tuple[float, int, float, float, float]] = []  # t, docs, ingest MB, max worker MB, all MB
        self.peak_ingest = self.peak_worker = self.peak_total = 0.0
        self.start_time = time.perf_counter()

    def workers(self):
        import psutil

        if self.worker_root is None:  # the process pool: children of the ingest process
            try:
                return psutil.Process(self.ingest_pid).children(recursive=True)
            except psutil.Error:
                return []
        return self.worker_root()

    def documents(self) -> int:
        try:
            with sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=1) as conn:
                return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.Error:
            return -1

    def run(self) -> None:
        import psutil

        last_count, docs = 0.0, 0
        while not self.stop_event.is_set():
            try:
                ingest = psutil.Process(self.ingest_pid).memory_info().rss / 1e6
            except psutil.Error:
                break
            worker_rss = []
            for proc in self.workers():
                try:
                    worker_rss.append(proc.memory_info().rss / 1e6)
                except psutil.Error:
                    pass
            biggest = max(worker_rss, default=0.0)
            total = ingest + sum(worker_rss)
            self.peak_ingest = max(self.peak_ingest, ingest)
            self.peak_worker = max(self.peak_worker, biggest)
            self.peak_total = max(self.peak_total, total)
            now = time.perf_counter() - self.start_time
            if now - last_count >= 5:
                last_count = now
                docs = max(docs, self.documents())
                rate = docs / now if now else 0
                print(f"  {now:7.0f} s  {docs:,} / {self.total:,} articles stored ({rate:,.1f}/s)  "
                      f"RSS ingest {ingest:,.0f} MB, largest worker {biggest:,.0f} MB", file=sys.stderr, flush=True)
            self.samples.append((now, docs, ingest, biggest, total))
            self.stop_event.wait(self.interval)

    def by_tenth(self) -> list[tuple[int, float, float]]:
        """(percent of the feed stored, ingest RSS, largest worker RSS) at each tenth."""
        out = []
        for tenth in range(1, 11):
            want = self.total * tenth / 10
            hits = [s for s in self.samples if s[1] >= want]
            if hits:
                out.append((tenth * 10, hits[0][2], hits[0][3]))
        return out


def run_ingest(mode: str, feed: Path, n: int, workdir: Path, dask_profile: bool = True) -> dict:
    db = workdir / f"ingest-{mode}-{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    exe = Path(sys.executable).parent / "displacement"
    command = [str(exe), "ingest", str(feed), "--db", f"sqlite:///{db}", "--no-progress"]
    cluster = None
    worker_root = None
    if mode == "local":
        command += ["--workers", "2"]
    else:
        import psutil
        from distributed import LocalCluster

        # Dask workers sample their own call stacks (every 10 ms) and keep one profile per second
        # for the last 1,000 seconds (distributed.worker.profile; low-level-log-length): a worker
        # grows while that history fills. --no-dask-profile turns it off to show what is ours.
        # (set in this process's config: the nannies hand it to the workers they start)
        import dask

        dask.config.set({"distributed.worker.profile.enabled": dask_profile})
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        command += ["--scheduler", cluster.scheduler_address]
        me = psutil.Process()
        worker_root = lambda: me.children(recursive=True)  # noqa: E731 - the nannies and workers
    print(f"== {mode}: {' '.join(command)}", file=sys.stderr, flush=True)
    # the store exists before the sampler polls it
    from displacement.store import open_store

    open_store(f"sqlite:///{db}").close()
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, cwd=str(ROOT))
    sampler = Sampler(proc.pid, worker_root, db, n)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.stop_event.set()
    sampler.join()
    if cluster is not None:
        cluster.close()
    with sqlite3.connect(str(db)) as conn:
        docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        figures = conn.execute("SELECT count(*) FROM figures").fetchone()[0]
    summary = err.strip().splitlines()[0] if err.strip() else ""
    print(f"   {summary}", file=sys.stderr, flush=True)
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
    return {
        "mode": mode, "articles": n, "status": proc.returncode, "wall": wall, "docs": docs, "figures": figures,
        "peak_ingest": sampler.peak_ingest, "peak_worker": sampler.peak_worker, "peak_total": sampler.peak_total,
        "tenths": sampler.by_tenth(), "summary": summary,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the feed (default 100,000)")
    parser.add_argument("--mode", choices=["local", "dask", "both"], default="both")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "displacement-bench"),
                        help="where the feed and the stores are written")
    parser.add_argument("--rebuild", action="store_true", help="rewrite the feed")
    parser.add_argument("--no-dask-profile", action="store_true",
                        help="start the Dask workers with their statistical profiler off (its history grows "
                        "a worker for its first 1,000 seconds)")
    parser.add_argument("--shared", default=os.environ.get("DISPLACEMENT_SHARED", str(ROOT.parent / "shared")))
    args = parser.parse_args()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    n = args.articles
    feed = workdir / f"feed-{n}-v{FEED_VERSION}.jsonl"
    if args.rebuild or not feed.exists():
        write_feed(feed, n, Path(args.shared))
    size = feed.stat().st_size
    print(f"machine: {describe_machine()}")
    print(f"feed: {feed} ({n:,} articles, {size / 1e6:,.0f} MB, {size / n / 1000:.1f} kB each)")

    modes = ["local", "dask"] if args.mode == "both" else [args.mode]
    results = [run_ingest(mode, feed, n, workdir, dask_profile=not args.no_dask_profile) for mode in modes]
    if "dask" in modes:
        print(f"Dask workers' profiler: {'off' if args.no_dask_profile else 'on (Dask default)'}")

    print()
    print("| run | articles | wall | articles/s | figures | peak RSS ingest process | peak RSS largest worker | peak RSS all |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        label = "`--workers 2`" if r["mode"] == "local" else "Dask LocalCluster, 2 workers"
        print(f"| {label} | {r['docs']:,} | {r['wall']:,.0f} s | {r['docs'] / r['wall']:,.1f} | {r['figures']:,} "
              f"| {r['peak_ingest']:,.0f} MB | {r['peak_worker']:,.0f} MB | {r['peak_total']:,.0f} MB |")
    print()
    for r in results:
        tenths = ", ".join(f"{p}%: {a:,.0f}/{w:,.0f}" for p, a, w in r["tenths"])
        print(f"{r['mode']}: RSS MB (ingest/largest worker) at each tenth of the feed: {tenths}")
        if r["status"] != 0:
            print(f"{r['mode']}: exit status {r['status']}: {r['summary']}")
    for r in results:
        print(f"mode={r['mode']} articles={r['docs']} wall_s={r['wall']:.1f} articles_per_s={r['docs'] / r['wall']:.1f} "
              f"peak_ingest_mb={r['peak_ingest']:.0f} peak_worker_mb={r['peak_worker']:.0f}")


if __name__ == "__main__":
    main()

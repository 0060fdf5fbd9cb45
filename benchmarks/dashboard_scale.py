"""Dashboard data path at scale: a store of N synthetic figures, timed as the page runs it.

The store is filled through the project's own store code (``Store.write_batch`` with
``Document`` and ``Figure`` records, 500 articles a transaction), never with raw SQL. The
figures vary like real ones: about 500 places in 120 countries (and country-level and unplaced
figures), the nine categories and their terms, six qualifiers (ranges and vague amounts
included), reference dates over 2012-2024 at day, month and year precision (some undated), 40
sources, and real sentences from the seed articles and IDMC's excerpts as quotes.

Then it times what ``dashboard.py`` does, with the same package functions:

- ``load``: a new data version: ``store.reviewed_frame()`` (``load_frame``) plus the filter
  options (``load_options``); median of ``--load-repeats`` loads in this process (as after an
  ingest), and of ``--fresh`` loads each in a new Python process (as after a restart)
- ``filter``: ``filters.apply`` for a typical change (category + country + date range), and a
  text search ``q`` on its own
- ``chart``: the figures held for review left out, the headline numbers and the three Altair charts of the filtered view, including
  their JSON (``st.altair_chart`` sends the spec)
- ``table``: the first (and only) evidence table page: ``views.evidence_rows`` + ``evidence_table``
- ``csv``: ``export.to_csv_bytes`` of the filtered rows (the download button)
- ``situations``: what the Situations tab computes (issue 14): ``situations.group`` (each
  figure's report and the reports table) and ``situations_table`` of the filtered view (and of the whole table up
  to ``--situations-max`` figures; above it the page groups only when asked)

The ms figures are medians of ``--repeats`` runs. The same steps are also timed on the whole,
unfiltered table (the page as first opened). ``--apptest`` also runs the real page headless
(Streamlit's AppTest) and times a rerun after a filter change.

The filled SQLite store is cached between runs under ``$TMPDIR/displacement-bench/`` (one file
per N, reused only when complete); ``--rebuild`` refills it. With ``--db URL`` (PostgreSQL) the
figures go into a fresh schema that is dropped at the end, or, with ``--schema NAME``, into a
schema kept between runs (reused when it is marked complete for this N and generator version).

usage: python benchmarks/dashboard_scale.py [--figures 1000000] [--db URL [--schema NAME]] [--rebuild]
       [--fresh K] [--apptest]
The last line is ``figures=N load_s=X filter_ms=Y chart_ms=Z csv_ms=W``.
"""
from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from machine import describe as describe_machine  # noqa: E402 (benchmarks/machine.py)

GENERATOR_VERSION = "3"  # bump when the synthetic data changes (invalidates cached stores)
DOCS_PER_BATCH = 500
EXTRACTOR_VERSION = "bench-1"

CATEGORY_TERMS = {
    "displaced": ["displaced", "forced_to_flee", "relocated"],
    "trapped": ["trapped"],
    "camp": ["in_camp", "sheltered"],
    "refugees": ["refugees"],
    "returnees": ["returnees"],
    "evacuated": ["evacuated"],
    "homeless": ["homeless"],
    "casualties": ["killed", "injured"],
    "housing": ["destroyed_housing"],
}
CATEGORY_WEIGHTS = [30, 10, 12, 14, 6, 8, 5, 12, 3]
QUALIFIERS = ["exact", "approx", "at_least", "at_most", "range", "vague"]
QUALIFIER_WEIGHTS = [40, 25, 15, 5, 8, 7]
SOURCES = [
    "Reuters", "AFP", "AP", "Al Jazeera", "BBC News", "The Guardian", "ReliefWeb", "UNHCR", "OCHA", "IOM DTM",
    "The New Arab", "Rudaw", "Kurdistan 24", "Diyaruna", "Middle East Eye", "Sudan Tribune", "Radio Dabanga",
    "Daily Nation", "The East African", "Premium Times", "Dawn", "The Hindu", "Kyiv Independent", "Ukrainska Pravda",
    "Le Monde", "El País", "Deutsche Welle", "France 24", "Xinhua", "Anadolu", "IRIN", "The New Humanitarian",
    "MSF", "ICRC", "Save the Children", "NRC", "Amnesty International", "Human Rights Watch", "VOA", "CNN",
]
PRECISION_BY_KIND = {"C": "country", "A": "admin1", "P": "place"}
NUMBER = re.compile(r"\d[\d,.]*\d(?: million)?|\d")


# ---- synthetic figures -------------------------------------------------------------------------

def load_sentences(shared: Path) -> list[str]:
    """Real sentences (80-400 characters) from the seed articles and IDMC's excerpts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    peer = shared / "peer" / "idetect_excerpts.jsonl"
    if peer.exists():
        with open(peer, encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    out = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
            if 80 <= len(sentence) <= 400:
                out.append(sentence)
    return sorted(set(out))


def load_places(rng: random.Random, countries: int = 120, per_country: int = 4) -> list[tuple]:
    """(name, admin1, iso3, lat, lon, precision) for ``countries`` countries and their largest
    places, read from the shipped gazetteer."""
    path = ROOT / "displacement" / "data" / "gazetteer.tsv.gz"
    by_country: dict[str, list[tuple]] = {}
    country_rows: dict[str, tuple] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        handle.readline()  # header (JSON)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 7 or parts[0] not in ("C", "P"):
                continue
            kind, name, iso3, admin1, lat, lon, pop = parts[:7]
            if not iso3 or not lat or not lon:
                continue
            try:
                row = (name, admin1 or None, iso3, float(lat), float(lon), PRECISION_BY_KIND[kind], int(pop or 0))
            except ValueError:
                continue
            if kind == "C":
                country_rows[iso3] = row
            else:
                by_country.setdefault(iso3, []).append(row)
    chosen = sorted(c for c in country_rows if len(by_country.get(c, [])) >= per_country)
    chosen = sorted(rng.sample(chosen, min(countries, len(chosen))))
    out = []
    for iso3 in chosen:
        out.append(country_rows[iso3][:6])
        biggest = sorted(by_country[iso3], key=lambda r: -r[6])[:per_country]
        out += [r[:6] for r in biggest]
    return out


def number_text(rng: random.Random, qualifier: str, value: int) -> tuple[str, int | None, int | None, int | None]:
    """(as written, value, low, high) for a qualifier and a magnitude."""
    if qualifier == "exact":
        return f"{value:,}", value, value, value
    if qualifier == "approx":
        word = rng.choice(["About", "Around", "Nearly", "Some", "Roughly", "An estimated"])
        return f"{word} {value:,}", value, None, value if word == "Nearly" else None
    if qualifier == "at_least":
        return f"{rng.choice(['More than', 'At least', 'Over'])} {value:,}", value, value, None
    if qualifier == "at_most":
        return f"{rng.choice(['Up to', 'As many as'])} {value:,}", value, None, value
    if qualifier == "range":
        high = value * rng.choice([2, 3, 5])
        return f"between {value:,} and {high:,}", value, value, high
    word, low = rng.choice([("hundreds", 100), ("thousands", 1000), ("tens of thousands", 10000), ("dozens", 24)])
    return word.capitalize(), None, low, None


def iso_day(rng: random.Random) -> tuple[str | None, str | None]:
    if rng.random() < 0.05:
        return None, None
    day = 15_340 + rng.randrange(4_748)  # 2012-01-01 .. 2024-12-31 as days since 1970
    import datetime as dt

    text = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
    precision = rng.choices(["day", "month", "year"], [70, 22, 8])[0]
    if precision == "month":
        text = text[:8] + "01"
    elif precision == "year":
        text = text[:5] + "01-01"
    return text, precision


def synthetic_batches(n_figures: int, shared: Path, seed: int = 20161017):
    """Yields lists of (Document, [Figure]) of about DOCS_PER_BATCH documents until exactly
    ``n_figures`` figures were made."""
    from displacement.model import Document, Figure, make_figure_id

    rng = random.Random(seed)
    sentences = load_sentences(shared)
    places = load_places(rng)
    categories = list(CATEGORY_TERMS)
    countries = sorted({p[2] for p in places})
    rng.shuffle(countries)
    # a few crises dominate the news (Zipf-like): the top country has about a tenth of the figures
    country_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(countries))]
    in_country = {c: [p for p in places if p[2] == c] for c in countries}
    made, doc_no, batch = 0, 0, []
    while made < n_figures:
        doc_id = f"bench/{doc_no:07d}"
        doc_no += 1
        source = rng.choice(SOURCES)
        published, _ = iso_day(rng)
        k = min(n_figures - made, rng.randint(1, 15))
        home_country = rng.choices(countries, country_weights)[0]  # an article is mostly about one country
        home = in_country[home_country][0]
        quotes, figs, pos = [], [], 0
        for _ in range(k):
            qualifier = rng.choices(QUALIFIERS, QUALIFIER_WEIGHTS)[0]
            magnitude = int(10 ** rng.uniform(1, 6.7))
            written, value, low, high = number_text(rng, qualifier, magnitude)
            # a real sentence with this figure written into it (quotes are nearly all distinct,
            # as in real data): its first number is replaced, or the figure leads the sentence
            sentence = rng.choice(sentences)
            match = NUMBER.search(sentence)
            if match:
                quote = sentence[: match.start()] + written + sentence[match.end():]
                offset = match.start()
            else:
                quote = f"{written} people: {sentence}"
                offset = 0
            start = pos + offset
            end = start + len(written)
            category = rng.choices(categories, CATEGORY_WEIGHTS)[0]
            roll = rng.random()
            if roll < 0.08:
                place = (None,) * 6
            elif roll < 0.75:
                place = rng.choice(in_country[home_country])
            else:
                place = rng.choice(places)
            day, precision = iso_day(rng)
            households = qualifier != "vague" and rng.random() < 0.05
            figs.append(
                Figure(
                    figure_id=make_figure_id(doc_id, start, end),
                    document_id=doc_id,
                    quote=quote,
                    start=start,
                    end=end,
                    number_text=written,
                    value=value * 5 if households and value else value,
                    low=low * 5 if households and low else low,
                    high=high * 5 if households and high else high,
                    qualifier=qualifier,
                    reported_value=float(value) if value is not None else None,
                    reported_unit="households" if households else "people",
                    household_size=5.0 if households else None,
                    term=rng.choice(CATEGORY_TERMS[category]),
                    category=category,
                    figure_type="stock" if category in ("trapped", "camp", "homeless") or rng.random() < 0.3 else "flow",
                    location=place[0],
                    admin1=place[1],
                    country_iso3=place[2],
                    lat=place[3],
                    lon=place[4],
                    location_precision=place[5],
                    location_text=place[0],
                    period_start=day if rng.random() < 0.3 else None,
                    period_end=None,
                    date=day,
                    date_precision=precision,
                    confidence=round(rng.uniform(0.3, 0.95), 2),
                )
            )
            quotes.append(quote)
            pos += len(quote) + 1
        text = " ".join(quotes)
        doc = Document(
            id=doc_id, text=text, title=f"{home[0] or 'World'}: {quotes[0][:70]}", published=published,
            url=f"https://news.example.org/{source.lower().replace(' ', '-')}/{doc_no}", source=source,
        )
        batch.append((doc, figs))
        made += k
        if len(batch) >= DOCS_PER_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def fill(store, n_figures: int, shared: Path) -> float:
    start = time.perf_counter()
    made = 0
    for batch in synthetic_batches(n_figures, shared):
        result = store.write_batch(batch, version=EXTRACTOR_VERSION)
        made += result.figures
        if made % 100_000 < result.figures:
            rate = made / (time.perf_counter() - start)
            print(f"  filled {made:,} / {n_figures:,} figures ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    return time.perf_counter() - start


# ---- timing ------------------------------------------------------------------------------------

def schema_mark(n: int) -> str:
    """What a kept PostgreSQL schema says of itself once completely filled."""
    return f"displacement-bench v{GENERATOR_VERSION} figures={n}"


def median_ms(func, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def page_load(store):
    """What a page run does when the data version changed: load_frame (the figures with their
    latest reviews applied, ``Store.reviewed_frame``) + load_options."""
    from displacement import views
    from displacement.filters import options

    frame = store.reviewed_frame()
    cols = {"category": "category", "term": "term", "country": "country_iso3", "location": "location",
            "source": "source"}
    opts = {name: options(frame, col) for name, col in cols.items()}
    opts["country_names"] = views.country_names(frame)
    return frame, opts


def load_once(url: str) -> None:
    """The child of ``--fresh``: import what the page imports, then time one load and print it."""
    from displacement import charts, export, views  # noqa: F401 - imported by the page before it loads
    from displacement.store import open_store

    store = open_store(url)
    start = time.perf_counter()
    page_load(store)
    print(f"load_s={time.perf_counter() - start:.3f}")


def fresh_load(url: str) -> float:
    """Seconds of one load in a new Python process."""
    import subprocess

    done = subprocess.run([sys.executable, __file__, "--load-once", url], capture_output=True, text=True, check=True)
    return float(re.search(r"^load_s=([\d.]+)$", done.stdout, re.M).group(1))


def chart_data(view):
    """Headline numbers and the three charts of a view, serialised as the page sends them: as the
    page does, figures held for review (larger than their country's population) are left out first."""
    from displacement import charts, evidence, views

    view = evidence.chartable(view, evidence.held_for_review(view))
    views.headline(view)
    for chart in (charts.by_location(view), charts.places_map(view), charts.over_time(view, color_by="category")):
        chart.to_json()


def table_page(view):
    from displacement import views

    rows = views.evidence_rows(view)
    return views.evidence_table(rows)


def situation_steps(view):
    """What the Situations tab computes for a view: report of each figure, reports, situations."""
    from displacement import situations

    _ids, reports = situations.group(view)
    return situations.situations_table(reports)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def apptest_rerun(url: str, filters) -> tuple[float, float, float]:
    """The real page, headless: seconds for the first run (load), for a rerun after the
    category and country filters change, and for a rerun with nothing changed (what selecting
    a table row or toggling a control costs)."""
    from streamlit.testing.v1 import AppTest

    os.environ["DISPLACEMENT_DB"] = url
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"page failed: {at.exception}")
    at.multiselect(key="category").set_value(list(filters.category))
    at.multiselect(key="country").set_value(list(filters.country))
    start = time.perf_counter()
    at.run()
    rerun = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"page failed: {at.exception}")
    same = []
    for _ in range(3):
        start = time.perf_counter()
        at.run()
        same.append(time.perf_counter() - start)
    return first, rerun, statistics.median(same)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=1_000_000, help="figures in the store (default 1,000,000)")
    parser.add_argument("--db", help="a store URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test); "
                        "PostgreSQL gets a fresh schema, dropped afterwards. Default: a cached SQLite file")
    parser.add_argument("--cache-dir", default=os.path.join(tempfile.gettempdir(), "displacement-bench"),
                        help="where the filled SQLite stores are kept between runs")
    parser.add_argument("--rebuild", action="store_true", help="refill the cached store")
    parser.add_argument("--schema", help="with a PostgreSQL --db: keep the figures in this schema between runs "
                        "(filled when it does not hold exactly N figures) instead of a fresh one dropped at the end")
    parser.add_argument("--repeats", type=int, default=7, help="runs per ms figure (the median is shown)")
    parser.add_argument("--load-repeats", type=int, default=3, help="fresh loads (the median is shown)")
    parser.add_argument("--fresh", type=int, default=3, metavar="K",
                        help="also time the load in K new Python processes, one after another (as after a "
                        "dashboard restart: imports done, nothing else in memory); 0 skips it")
    parser.add_argument("--load-once", metavar="URL", help=argparse.SUPPRESS)  # the child of --fresh
    parser.add_argument("--apptest", action="store_true", help="also time the real page headless (AppTest)")
    parser.add_argument("--situations-max", type=int, default=150_000,
                        help="time the situations of the whole table only up to this many figures")
    parser.add_argument("--profile", metavar="STEP", choices=["load", "filter", "q", "chart", "table", "csv"],
                        help="print a pyinstrument profile of one step")
    parser.add_argument("--shared", default=os.environ.get("DISPLACEMENT_SHARED", str(ROOT.parent / "shared")))
    args = parser.parse_args()
    if args.load_once:
        load_once(args.load_once)
        return

    from displacement import export
    from displacement.filters import Filters, apply
    from displacement.store import open_store

    n = args.figures
    schema = None
    if args.db and not args.db.startswith("sqlite"):
        import sqlalchemy as sa

        schema = args.schema or f"bench_{uuid.uuid4().hex[:10]}"
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
            parser.error(f"--schema {schema!r}: use lower-case letters, digits and _")
        admin = sa.create_engine(args.db)
        sep = "&" if "?" in args.db else "?"
        url = f"{args.db}{sep}options=-csearch_path%3D{schema}"
        cached = False
        if args.schema and not args.rebuild:
            with admin.connect() as conn:
                mark = conn.execute(sa.text("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace "
                                            "WHERE nspname = :s"), {"s": schema}).scalar()
                cached = mark == schema_mark(n)
        if not cached:
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        path = f"schema {schema}"
    else:
        if args.db:
            url = args.db
            path = Path(args.db.split("///", 1)[-1])
        else:
            Path(args.cache_dir).mkdir(parents=True, exist_ok=True)
            path = Path(args.cache_dir) / f"dashboard-{n}-v{GENERATOR_VERSION}.db"
            url = f"sqlite:///{path}"
        done = path.with_suffix(".complete")
        cached = path.exists() and done.exists() and not args.rebuild
        if not cached:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            done.unlink(missing_ok=True)

    try:
        print(f"machine: {describe_machine()}")
        store = open_store(url)
        print(f"store: {store.dialect} ({'cached ' + str(path) if cached else 'filled now'})")
        if not cached:
            seconds = fill(store, n, Path(args.shared))
            print(f"filled {n:,} figures through Store.write_batch in {seconds:.1f} s ({n / seconds:,.0f} figures/s)")
            if schema is None:
                done.touch()
            elif args.schema:  # marks the kept schema complete (checked on reuse)
                with admin.begin() as conn:
                    conn.execute(sa.text(f"COMMENT ON SCHEMA \"{schema}\" IS '{schema_mark(n)}'"))
        have = store.count_figures()
        assert have == n, f"store holds {have} figures, expected {n}"
        store.close()

        # ---- load: a fresh process-level cache, as after an ingest (new data version)
        loads = []
        for _ in range(max(1, args.load_repeats)):
            store = open_store(url)
            gc.collect()
            start = time.perf_counter()
            frame, opts = page_load(store)
            loads.append(time.perf_counter() - start)
            store.close()
            if len(loads) < args.load_repeats:
                del frame, opts
        load_s = statistics.median(loads)
        memory = frame.memory_usage(deep=True).sum() / 1e6
        fresh = [fresh_load(url) for _ in range(max(0, args.fresh))]

        # a typical filter change: one category, the country with the most figures, four years
        top_country = frame["country_iso3"].value_counts().index[0]
        typical = Filters(category=("displaced",), country=(str(top_country),), since="2016-01-01", until="2019-12-31")
        search = Filters(q="trapped")
        filter_ms, view = median_ms(lambda: apply(frame, typical), args.repeats)
        q_ms, qview = median_ms(lambda: apply(frame, search), args.repeats)
        chart_ms, _ = median_ms(lambda: chart_data(view), args.repeats)
        table_ms, _ = median_ms(lambda: table_page(view), args.repeats)
        csv_ms, data = median_ms(lambda: export.to_csv_bytes(view), args.repeats)
        full_repeats = max(1, min(args.repeats, 3))
        full_chart_ms, _ = median_ms(lambda: chart_data(frame), full_repeats)
        full_table_ms, _ = median_ms(lambda: table_page(frame), full_repeats)
        full_csv_ms, full_data = median_ms(lambda: export.to_csv_bytes(frame), full_repeats)
        # the Situations tab (issue 14): the view's figures grouped into reports, then the table
        situation_ms, _ = median_ms(lambda: situation_steps(view), full_repeats)
        full_situation_ms = None
        if len(frame) <= args.situations_max:
            full_situation_ms, _ = median_ms(lambda: situation_steps(frame), 1)

        if args.profile:
            from pyinstrument import Profiler

            step = {
                "load": lambda: page_load(open_store(url)),
                "filter": lambda: apply(frame, typical),
                "q": lambda: apply(frame, search),
                "chart": lambda: chart_data(view),
                "table": lambda: table_page(view),
                "csv": lambda: export.to_csv_bytes(view),
            }[args.profile]
            profiler = Profiler(interval=0.001)
            profiler.start()
            step()
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))

        first = rerun = same = None
        if args.apptest:
            first, rerun, same = apptest_rerun(url, typical)

        print()
        print(f"{n:,} figures on {store.dialect}; frame {memory:,.0f} MB in memory; peak RSS {rss_mb():,.0f} MB")
        print(f"typical filter: {typical.to_query_params()} -> {len(view):,} rows; q=trapped -> {len(qview):,} rows")
        print()
        print("| step | filtered view | whole table |")
        print("|---|---:|---:|")
        print(f"| load (reviewed_frame + filter options): median of {len(loads)} "
              f"({', '.join(f'{x:.2f}' for x in loads)} s; the first touches fresh memory) | {load_s:.2f} s | |")
        if fresh:
            print(f"| load in a new process (after imports): median of {len(fresh)} "
                  f"({', '.join(f'{x:.2f}' for x in fresh)} s) | {statistics.median(fresh):.2f} s | |")
        print(f"| filter: category + country + dates | {filter_ms:.0f} ms | |")
        print(f"| filter: text search q | {q_ms:.0f} ms | |")
        print(f"| chart data (headline + 3 charts as JSON) | {chart_ms:.0f} ms | {full_chart_ms:.0f} ms |")
        print(f"| first table page (evidence, ≤5,000 rows) | {table_ms:.0f} ms | {full_table_ms:.0f} ms |")
        whole = f"{full_situation_ms:.0f} ms" if full_situation_ms is not None else \
            f"not timed (over --situations-max {args.situations_max:,}; the page asks first)"
        print(f"| situations: reports + situation table (Situations tab) | {situation_ms:.0f} ms | {whole} |")
        print(f"| CSV of the rows (export.to_csv_bytes) | {csv_ms:.0f} ms ({len(data) / 1e6:.1f} MB) "
              f"| {full_csv_ms:.0f} ms ({len(full_data) / 1e6:.0f} MB) |")
        if first is not None:
            print(f"| page run, headless (AppTest): after a filter change / first open | {rerun:.2f} s | {first:.2f} s |")
            print(f"| page rerun, nothing changed (a row selected) | {same:.2f} s | |")
        print()
        print(f"figures={n} load_s={load_s:.2f} filter_ms={filter_ms:.0f} chart_ms={chart_ms:.0f} csv_ms={csv_ms:.0f}")
    finally:
        if schema is not None and not args.schema:
            import sqlalchemy as sa

            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()

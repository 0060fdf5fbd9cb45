"""Shared fixtures: stores (SQLite, PostgreSQL), seed paths, generated feeds, a fake extractor.

The fake extractor is for unit tests of the store mechanics only (it returns figures before the
real extractor finds any); pipeline tests that compare with extraction use the real
``extract.extract_document``.
"""
from __future__ import annotations

import json
import os
import re
import sys
import uuid
from pathlib import Path

import pytest

from displacement.model import Document, Figure, make_figure_id

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
PG_BASE_URL = os.environ.get("DISPLACEMENT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

_NUMBER = re.compile(r"\d[\d,]*\d|\d")


def fake_extract(doc: Document) -> list[Figure]:
    """Deterministic stand-in extractor: one figure per number in the text (value = the number,
    category by parity), with a stable id. Module-level so worker processes can unpickle it."""
    out = []
    for match in _NUMBER.finditer(doc.text):
        value = int(match.group().replace(",", ""))
        line_start = doc.text.rfind("\n", 0, match.start()) + 1
        line_end = doc.text.find("\n", match.end())
        quote = doc.text[line_start : line_end if line_end >= 0 else len(doc.text)]
        out.append(
            Figure(
                figure_id=make_figure_id(doc.id, match.start(), match.end()),
                document_id=doc.id,
                quote=quote,
                start=match.start(),
                end=match.end(),
                number_text=match.group(),
                value=value,
                low=value if value % 2 else None,
                high=None,
                qualifier="exact",
                reported_value=float(value),
                reported_unit="people",
                term="displaced" if value % 2 == 0 else "trapped",
                category="displaced" if value % 2 == 0 else "trapped",
                figure_type="stock",
                title=doc.title,
                source=doc.source,
                url=doc.url,
                published=doc.published,
                country_iso3="IRQ" if value % 3 == 0 else "SYR",
                lat=33.5 if value % 3 == 0 else None,
                lon=-44.25 if value % 3 == 0 else None,
                date=doc.published,
                confidence=0.25 + (value % 4) * 0.25,
                extractor_version="fake-1",
            )
        )
    return out


fake_extract.version = "fake-1"


def fake_extract_v2(doc: Document) -> list[Figure]:
    """The fake extractor after an 'upgrade': same figures, new version."""
    return [f.replace(extractor_version="fake-2") for f in fake_extract(doc)]


fake_extract_v2.version = "fake-2"


def broken_extract(doc: Document) -> list[Figure]:
    """Raises on documents whose text contains BOOM, else behaves like ``fake_extract``."""
    if "BOOM" in doc.text:
        raise ValueError("cannot parse this one")
    return fake_extract(doc)


broken_extract.version = "fake-1"


def write_feed(path: Path, n: int, *, offset: int = 0, fmt: str = "jsonl", texts=None) -> Path:
    """A feed of ``n`` articles with ids ``doc-<offset+i>``, texts cycling through the seed
    articles (or ``texts``), each made distinct by its own number line."""
    texts = texts or [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as handle:
            for i in range(offset, offset + n):
                text = texts[i % len(texts)] + f"\nItem {i}: {i * 7} people were counted."
                row = {"id": f"doc-{i:06d}", "text": text, "title": f"Article {i}", "published": "2016-03-14"}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        import csv

        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "text", "title", "published", "url", "source"])
            for i in range(offset, offset + n):
                text = texts[i % len(texts)] + f"\nItem {i}: {i * 7} people were counted."
                writer.writerow([f"doc-{i:06d}", text, f"Article {i}", "2016-03-14", f"https://example.org/{i}", "feed"])
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend_url(request, tmp_path):
    """The same test on an SQLite file and on the real PostgreSQL server (own schema)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'backend.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def seed_paths() -> list[str]:
    return [str(p) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(sqlite_url):
    from displacement.store import open_store

    s = open_store(sqlite_url)
    yield s
    s.close()


# ---- PostgreSQL -------------------------------------------------------------------------------


def _pg_reachable() -> str | None:
    """None when the server answers, else why not."""
    try:
        import psycopg
    except ImportError as exc:
        return f"psycopg is not installed ({exc}); pip install -e '.[postgres]'"
    from sqlalchemy.engine import make_url

    url = make_url(PG_BASE_URL)
    try:
        with psycopg.connect(
            host=url.host, port=url.port or 5432, dbname=url.database, user=url.username,
            password=url.password or None, connect_timeout=3,
        ):
            return None
    except Exception as exc:  # noqa: BLE001
        return f"PostgreSQL at {url.host}:{url.port} is not reachable: {exc}"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The base PostgreSQL URL. Unreachable server: skip locally, fail under CI (CI=true)."""
    problem = _pg_reachable()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{problem} (CI must test PostgreSQL for real: .ci/postgres.sh starts it)")
        pytest.skip(f"{problem} (start it with `bash .ci/postgres.sh`)")
    return PG_BASE_URL


@pytest.fixture
def pg_url(pg_server):
    """A URL whose tables live in a fresh schema (search_path), dropped afterwards, so test runs
    never collide."""
    import psycopg
    from sqlalchemy.engine import make_url

    schema = f"dtest_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    base = make_url(pg_server)
    params = dict(host=base.host, port=base.port or 5432, dbname=base.database, user=base.username,
                  password=base.password or None, autocommit=True)
    with psycopg.connect(**params) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    yield url
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


_FAKE_CLI = (
    "import sys; sys.path.insert(0, {tests!r}); import conftest, displacement.extract as e; "
    "e.extract_document = conftest.fake_extract; from displacement.cli import main; sys.exit(main(sys.argv[1:]))"
)


def cli_command(*args: str, fake: bool = False) -> list[str]:
    """The real CLI (``python -m displacement.cli ARGS``); with ``fake`` the same CLI code with
    ``extract.extract_document`` replaced by ``fake_extract`` (store-mechanics tests only)."""
    if fake:
        return [sys.executable, "-c", _FAKE_CLI.format(tests=str(Path(__file__).parent)), *args]
    return [sys.executable, "-m", "displacement.cli", *args]


def cli_env(**extra: str) -> dict:
    env = dict(os.environ)
    env.pop("DISPLACEMENT_DB", None)
    env.update(extra)
    return env


def run_cli(*args: str, fake: bool = False, env: dict | None = None, timeout: float = 300, text: bool = True):
    """Run the CLI in a subprocess (see ``cli_command``); returns the CompletedProcess (text,
    or bytes with ``text=False``)."""
    import subprocess

    return subprocess.run(
        cli_command(*args, fake=fake), cwd=REPO, env=cli_env(**(env or {})),
        capture_output=True, text=text, timeout=timeout,
    )


def expected_row(figure: Figure, document: Document, version: str) -> dict:
    """What the store must hold for a figure the extractor returned for ``document``: the
    figure as is, except the documented fill-ins (document id; empty title/source/url/published
    from the document; empty extractor_version = the version that ran)."""
    row = figure.to_dict()
    row["document_id"] = document.id
    for name in ("title", "source", "url", "published"):
        if row[name] is None:
            row[name] = getattr(document, name)
    row["extractor_version"] = row["extractor_version"] or version
    row["copy_of"] = None  # none of these documents is a syndicated copy of another (issue 16)
    return row


def frame_rows(frame) -> list[dict]:
    """DataFrame rows as plain dicts with None for every kind of missing value."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


@pytest.fixture(scope="module")
def dask_cluster():
    """A local Dask cluster of two worker processes (ingest and watch with --scheduler)."""
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield cluster
    cluster.close()

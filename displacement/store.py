"""The figure database: the only module that speaks SQL.

SQLAlchemy Core, so any SQLAlchemy URL works; an embedded SQLite file is the default and
PostgreSQL is the shared-deployment choice (both tested). Tables:

- ``documents``: one row per article (id, text, sha256 of the text, metadata, when it was
  ingested and by which extractor version)
- ``figures``: one row per figure, every ``model.FIGURE_FIELDS`` column, keyed by ``figure_id``
- ``failures``: inputs that could not be read or extracted (name, reason, when), latest per name
- ``reviews``: people's reviews of figures (issue 15), append-only: one row per confirm, correct
  or reject, never updated or deleted (triggers refuse it on SQLite and PostgreSQL), kept when
  documents are deleted or re-extracted; the latest review of a figure wins (``reviews.py``)
- ``store_info``: schema version and the data-version counter
- ``document_signatures``, ``document_bands``: each document's MinHash signature and LSH band
  keys (``syndication.py``), so that a syndicated copy is linked to the first document of its
  story (``documents.copy_of``, repeated on its figures as ``figures.copy_of``) in any later run
- ``feeds``, ``feed_items``: the feeds a watcher follows (validators, last poll, last error,
  consecutive failures, next poll, paused) and every item seen in them (pending, stored,
  failed, skipped), so that a restarted watcher neither re-reads nor misses an item

Every write is one transaction per batch of documents (upsert the document rows, delete their
old figures, insert the new ones), so a killed ingest leaves whole batches only and a re-run
converges to exactly what a clean run gives. SQLite runs in WAL mode with a busy timeout and
takes its write lock up front (``BEGIN IMMEDIATE``), so concurrent ingests queue instead of
failing; PostgreSQL writers lock document rows in id order and retry on deadlock.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import random
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Optional, Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url

from . import reviews as review_rules
from .model import FIGURE_FIELDS, Document, Figure, make_figure_id

if TYPE_CHECKING:
    from .syndication import Signature

SCHEMA_VERSION = 4  # 2: figures.attributed_to (issue 14); 3: the reviews table (issue 15); 4: feeds, copies (issue 16)
ENV_VAR = "DISPLACEMENT_DB"
INT_FIELDS = ("start", "end", "value", "low", "high")
FLOAT_FIELDS = ("reported_value", "household_size", "lat", "lon", "confidence")
DOCUMENT_META = ("title", "url", "source", "published")
_WRITE_ATTEMPTS = 8
ARROW_CHILD_MIN_ROWS = 200_000  # below this a DBAPI read is as fast as starting a child
ARROW_ROWS_PER_CHILD = 300_000  # a large store is read by several children at once (one per core)
ARROW_MAX_CHILDREN = 4
POSTGRES_BATCH_HINT_BYTES = 1 << 30  # Arrow batch size asked of the PostgreSQL driver (string offsets are 32-bit)
_ADBC_CHILD = """
import sys
import adbc_driver_sqlite.dbapi as adbc
import pyarrow as pa
database, sql, out = sys.argv[1:4]
with adbc.connect(database) as conn:
    cursor = conn.cursor()
    # one batch: the driver infers types per batch, and a NULL-led untyped SQLite column
    # would otherwise clash with a later batch
    cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(2**30)})
    cursor.execute(sql)
    table = cursor.fetch_arrow_table()
    cursor.close()
# strings as pandas holds them (large_string), cast here where the children work in parallel
table = table.cast(pa.schema([
    pa.field(f.name, pa.large_string() if f.type == pa.string() else f.type) for f in table.schema
]))
with pa.OSFile(out, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
    writer.write_table(table)
"""


class StoreError(RuntimeError):
    """The store cannot be opened or used (bad URL, unreachable server, newer schema)."""


# ---- URLs -------------------------------------------------------------------------------------


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def normalize_url(url: str) -> str:
    """A SQLAlchemy URL; a bare file path is taken as a SQLite file."""
    url = url.strip()
    if "://" not in url:
        return f"sqlite:///{os.path.abspath(os.path.expanduser(url))}"
    return url


def default_url() -> str:
    """``$DISPLACEMENT_DB``, else ``sqlite:///<repo>/data/displacement.db`` (folder created)."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return normalize_url(env)
    folder = repo_root() / "data"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'displacement.db'}"


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a message must never fail
        return url


# ---- schema -----------------------------------------------------------------------------------


def _figure_field_names() -> list[str]:
    names = list(FIGURE_FIELDS)
    names += [f.name for f in dataclasses.fields(Figure) if f.name not in names]
    return names


def _column_type(name: str) -> sa.types.TypeEngine:
    if name in INT_FIELDS:
        return sa.BigInteger()
    if name in FLOAT_FIELDS:
        return sa.Float(53)
    hints = {f.name: str(f.type) for f in dataclasses.fields(Figure)}
    hint = hints.get(name, "str")
    if "int" in hint and "float" not in hint:
        return sa.BigInteger()
    if "float" in hint:
        return sa.Float(53)
    if "bool" in hint:
        return sa.Boolean()
    return sa.String()


def _id_type() -> sa.types.TypeEngine:
    """Ids sort by code point everywhere (SQLite's BINARY; PostgreSQL's "C", not the
    database's locale), so the document index serves the dashboard's ORDER BY."""
    return sa.String().with_variant(sa.String(collation="C"), "postgresql")


def _build_metadata() -> sa.MetaData:
    md = sa.MetaData()
    sa.Table(
        "documents",
        md,
        sa.Column("id", _id_type(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.String()),
        sa.Column("url", sa.String()),
        sa.Column("source", sa.String()),
        sa.Column("published", sa.String()),
        sa.Column("ingested_at", sa.String(), nullable=False),
        sa.Column("extractor_version", sa.String(), nullable=False),
        sa.Column("figure_count", sa.Integer(), nullable=False, server_default="0"),
        # who added the document from the page (the editor named by access.py); null for the CLI
        # and seeds. Nullable and additive: older code reads a store that has it.
        sa.Column("added_by", sa.String()),
        sa.Column("copy_of", _id_type()),  # the first document of its story when a syndicated copy
    )
    columns = []
    for name in _figure_field_names():
        if name == "figure_id":
            columns.append(sa.Column("figure_id", _id_type(), primary_key=True))
        elif name == "document_id":
            columns.append(
                sa.Column("document_id", _id_type(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)
            )
        else:
            columns.append(sa.Column(name, _column_type(name)))
    columns.append(sa.Column("copy_of", _id_type()))  # the document's copy_of, for counting once
    figures = sa.Table("figures", md, *columns)
    sa.Index("ix_documents_copy_of", md.tables["documents"].c.copy_of)
    sa.Index("ix_figures_document", figures.c.document_id, figures.c.start, figures.c.figure_id)
    for name in ("category", "country_iso3", "date", "location"):
        sa.Index(f"ix_figures_{name}", figures.c[name])
    sa.Table(
        "failures",
        md,
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
    )
    reviews_table = sa.Table(
        "reviews",
        md,
        # SQLite: INTEGER PRIMARY KEY is the rowid (increasing); PostgreSQL: BIGSERIAL
        sa.Column("review_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        # no foreign keys: a review outlives its figure (reindex) and its document (delete)
        sa.Column("figure_id", _id_type(), nullable=False),
        sa.Column("document_id", _id_type(), nullable=False),
        sa.Column("quote", sa.Text()),
        sa.Column("number_text", sa.String()),
        sa.Column("start", sa.BigInteger()),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("editor", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.CheckConstraint("action IN ('confirm', 'correct', 'reject')", name="ck_reviews_action"),
    )
    sa.Index("ix_reviews_figure", reviews_table.c.figure_id)
    sa.Index("ix_reviews_document", reviews_table.c.document_id)
    signatures = sa.Table(
        "document_signatures",
        md,
        # storage order: the first document of a story is the one stored first
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("document_id", _id_type(), nullable=False, unique=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("numbers", sa.Text(), nullable=False),
    )
    bands = sa.Table(
        "document_bands",
        md,
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("document_id", _id_type(), nullable=False),
    )
    sa.Index("ix_document_bands_key", bands.c.key)
    sa.Index("ix_document_bands_document", bands.c.document_id)
    del signatures
    sa.Table(
        "feeds",
        md,
        sa.Column("url", sa.String(), primary_key=True),
        sa.Column("title", sa.String()),
        sa.Column("paused", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("added_at", sa.String(), nullable=False),
        sa.Column("etag", sa.String()),
        sa.Column("last_modified", sa.String()),
        sa.Column("last_poll_at", sa.String()),
        sa.Column("last_ok_at", sa.String()),
        sa.Column("last_status", sa.Integer()),
        sa.Column("last_error", sa.Text()),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_poll_at", sa.String()),
        sa.Column("new_items", sa.Integer(), nullable=False, server_default="0"),
    )
    items = sa.Table(
        "feed_items",
        md,
        sa.Column("feed_url", sa.String(), primary_key=True),
        sa.Column("item_key", sa.String(), primary_key=True),
        sa.Column("url", sa.String()),
        sa.Column("title", sa.String()),
        sa.Column("published", sa.String()),
        sa.Column("seen_at", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),  # order in the feed when seen
        sa.Column("state", sa.String(16), nullable=False),  # pending, stored, failed, skipped
        sa.Column("document_id", _id_type()),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_try_at", sa.String()),
        sa.Column("error", sa.Text()),
    )
    sa.Index("ix_feed_items_state", items.c.state, items.c.next_try_at)
    sa.Table(
        "store_info",
        md,
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
    )
    return md


METADATA = _build_metadata()
documents = METADATA.tables["documents"]
figures = METADATA.tables["figures"]
failures = METADATA.tables["failures"]
reviews = METADATA.tables["reviews"]
store_info = METADATA.tables["store_info"]
document_signatures = METADATA.tables["document_signatures"]
document_bands = METADATA.tables["document_bands"]
feeds = METADATA.tables["feeds"]
feed_items = METADATA.tables["feed_items"]
FIGURE_COLUMNS: tuple[str, ...] = tuple(c.name for c in figures.columns)


# ---- values -----------------------------------------------------------------------------------


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def figure_row(figure: Figure, document: Document, version: str) -> dict:
    """The stored row of a figure: as the extractor returned it, with ``document_id`` set to the
    document's id, empty article metadata filled from the document, and an empty
    ``extractor_version`` set to the version that ran."""
    row = {name: getattr(figure, name, None) for name in FIGURE_COLUMNS}
    row["document_id"] = document.id
    for name in DOCUMENT_META:
        if row.get(name) is None:
            row[name] = getattr(document, name)
    if not row.get("extractor_version"):
        row["extractor_version"] = version
    for name in INT_FIELDS:
        if row[name] is not None:
            row[name] = int(row[name])
    for name in FLOAT_FIELDS:
        if row[name] is not None:
            row[name] = float(row[name])
    return row


def figure_rows(figs: Sequence[Figure], document: Document, version: str) -> list[dict]:
    """Stored rows of one document's figures. Ids must be unique: a figure whose id repeats
    one before it in the same document (two figures on one span) is kept as ``<id>~2``,
    ``<id>~3``... rather than lost; an empty id is ``make_figure_id(document, start, end)``."""
    rows, seen = [], {}
    for figure in figs:
        row = figure_row(figure, document, version)
        fid = row["figure_id"] or make_figure_id(document.id, row["start"], row["end"])
        seen[fid] = seen.get(fid, 0) + 1
        row["figure_id"] = fid if seen[fid] == 1 else f"{fid}~{seen[fid]}"
        rows.append(row)
    return rows


@dataclasses.dataclass
class BatchResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    figures: int = 0


# ---- the store --------------------------------------------------------------------------------


class Store:
    """A figure database at ``url``. Open with ``open_store``."""

    def __init__(self, url: str, engine: sa.Engine):
        self.url = url
        self.engine = engine

    def __repr__(self) -> str:
        return f"Store({display_url(self.url)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # ---- transactions ---------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One write transaction; on SQLite it takes the write lock at BEGIN (IMMEDIATE) so two
        writers queue on the busy timeout instead of failing on a lock upgrade."""
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    def _retrying(self, work):
        """Run ``work(conn)`` in a write transaction, retrying whole transactions that lost a
        lock race (SQLite busy, PostgreSQL deadlock/serialization, a concurrent insert)."""
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self._write() as conn:
                    return work(conn)
            except (sa.exc.OperationalError, sa.exc.IntegrityError) as exc:
                last = attempt == _WRITE_ATTEMPTS - 1 or (isinstance(exc, sa.exc.IntegrityError) and attempt >= 1)
                if last or not _retryable(exc):
                    raise
                time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    # ---- schema ---------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create missing tables, indexes and columns; record the schema version."""
        if self._schema_current():
            return

        def upgrade(conn: sa.Connection) -> None:
            if self.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(4214590731)"))
            found = None
            if sa.inspect(conn).has_table("store_info"):
                found = conn.execute(
                    sa.select(store_info.c.value).where(store_info.c.key == "schema_version")
                ).scalar_one_or_none()
            if found is not None and found > SCHEMA_VERSION:
                raise StoreError(
                    f"{display_url(self.url)}: schema version {found} was written by a newer "
                    f"displacement (this one knows {SCHEMA_VERSION}); upgrade the package"
                )
            METADATA.create_all(conn, checkfirst=True)
            inspector = sa.inspect(conn)
            for table in (documents, figures, failures, reviews, document_signatures, document_bands, feeds, feed_items):
                have = {c["name"] for c in inspector.get_columns(table.name)}
                for column in table.columns:
                    if column.name not in have:
                        ddl = column.type.compile(dialect=conn.dialect)
                        default = f" DEFAULT {column.server_default.arg}" if column.server_default is not None else ""
                        conn.execute(
                            sa.text(
                                f"ALTER TABLE {conn.dialect.identifier_preparer.quote(table.name)} ADD COLUMN "
                                f"{conn.dialect.identifier_preparer.quote(column.name)} {ddl}{default}"
                            )
                        )
                have_indexes = {ix["name"] for ix in inspector.get_indexes(table.name)}
                for index in table.indexes:
                    if index.name not in have_indexes:
                        index.create(conn)
            _append_only(conn)
            _set_info(conn, "schema_version", SCHEMA_VERSION)
            if conn.execute(sa.select(store_info.c.value).where(store_info.c.key == "data_version")).first() is None:
                conn.execute(store_info.insert().values(key="data_version", value=0))

        self._retrying(upgrade)

    def _schema_current(self) -> bool:
        try:
            with self.engine.connect() as conn:
                inspector = sa.inspect(conn)
                for table in METADATA.sorted_tables:
                    if not inspector.has_table(table.name):
                        return False
                    have = {c["name"] for c in inspector.get_columns(table.name)}
                    if not {c.name for c in table.columns} <= have:
                        return False
                    indexes = {ix["name"] for ix in inspector.get_indexes(table.name)}
                    if not {ix.name for ix in table.indexes} <= indexes:
                        return False
                version = conn.execute(
                    sa.select(store_info.c.value).where(store_info.c.key == "schema_version")
                ).scalar_one_or_none()
                return version == SCHEMA_VERSION
        except sa.exc.DBAPIError:
            return False

    # ---- writes ---------------------------------------------------------------------------
    def write_batch(
        self,
        items: Sequence[tuple[Document, Sequence[Figure]]],
        *,
        version: str,
        failures_: Sequence = (),
        force: bool = False,
        added_by: Optional[str] = None,
        signatures: Optional[Mapping[str, Optional["Signature"]]] = None,
    ) -> BatchResult:
        """Store documents with their figures, and record failures, in one transaction.

        A document whose text, metadata and extractor version equal the stored ones is left
        alone (``unchanged``) unless ``force``; otherwise its row is upserted and its figures
        replaced. Ids must be distinct within a batch. ``added_by`` names the editor who
        uploaded them (the page); without it a document keeps whoever added it before.

        ``signatures`` (document id -> ``syndication.signature`` of its text, None when too
        short): a new document, or one whose text changed, is linked to the first stored
        document of its story when it is a syndicated copy (``copy_of``, on its figures too),
        earlier documents of the batch included in input order. Without a signature a document
        keeps the link it had.
        """
        order = [item[0].id for item in items]
        items = sorted(items, key=lambda item: item[0].id)  # lock order: no deadlocks
        ids = [doc.id for doc, _ in items]
        if len(set(ids)) != len(ids):
            raise ValueError("write_batch: document ids must be distinct within a batch")

        def work(conn: sa.Connection) -> BatchResult:
            result = BatchResult()
            states = self._states(conn, ids, lock=True)
            changed = []
            for doc, figs in items:
                state = states.get(doc.id)
                if state is None:
                    result.new += 1
                elif not force and state == _state_of(doc, version):
                    result.unchanged += 1
                    continue
                else:
                    result.updated += 1
                changed.append((doc, figs))
            now = _now()
            if changed:
                changed_ids = [doc.id for doc, _ in changed]
                position = {doc_id: i for i, doc_id in enumerate(order)}
                in_order = [doc for doc, _ in sorted(changed, key=lambda c: position[c[0].id])]
                links = self._link_copies(conn, in_order, states, signatures or {})
                doc_rows = [
                    {
                        "id": doc.id,
                        "text": doc.text,
                        "sha256": text_sha256(doc.text),
                        "title": doc.title,
                        "url": doc.url,
                        "source": doc.source,
                        "published": doc.published,
                        "ingested_at": now,
                        "extractor_version": version,
                        "figure_count": len(figs),
                        "added_by": added_by,
                        "copy_of": links.get(doc.id),
                    }
                    for doc, figs in changed
                ]
                self._upsert(conn, documents, doc_rows, ["id"], keep=("added_by",))
                for chunk in _chunks(changed_ids, 500):
                    conn.execute(figures.delete().where(figures.c.document_id.in_(chunk)))
                fig_rows = [row for doc, figs in changed for row in figure_rows(figs, doc, version)]
                for row in fig_rows:
                    row["copy_of"] = links.get(row["document_id"])
                if fig_rows:
                    conn.execute(figures.insert(), fig_rows)
                result.figures = len(fig_rows)
            if failures_:
                latest = {f.name: f.reason for f in failures_}
                for chunk in _chunks(sorted(latest), 500):
                    conn.execute(failures.delete().where(failures.c.name.in_(chunk)))
                conn.execute(
                    failures.insert(), [{"name": n, "reason": r, "at": now} for n, r in sorted(latest.items())]
                )
            if changed or failures_:
                _bump(conn)
            return result

        return self._retrying(work)

    def _link_copies(self, conn: sa.Connection, docs: Sequence[Document], states: dict,
                     signatures: Mapping[str, Optional["Signature"]]) -> dict[str, Optional[str]]:
        """``copy_of`` of each document being written (input order: the first of a story in the
        batch is its original). Keeps the stored link of a document without a new signature or
        with the same text; stores the signature and band keys of the others. A few queries per
        batch, whatever its size."""
        from . import syndication

        ids = [doc.id for doc in docs]
        links: dict[str, Optional[str]] = {}
        for chunk in _chunks(sorted(ids), 500):
            for row in conn.execute(sa.select(documents.c.id, documents.c.copy_of).where(documents.c.id.in_(chunk))):
                links[row.id] = row.copy_of
        relink = [doc for doc in docs if doc.id in signatures and (
            doc.id not in states or states[doc.id][0] != text_sha256(doc.text))]
        if not relink:
            return links
        gone = sorted(doc.id for doc in relink)
        for chunk in _chunks(gone, 500):
            conn.execute(document_bands.delete().where(document_bands.c.document_id.in_(chunk)))
            conn.execute(document_signatures.delete().where(document_signatures.c.document_id.in_(chunk)))
        sigs = {doc.id: signatures[doc.id] for doc in relink}
        keys = sorted({k for sig in sigs.values() if sig is not None for k in sig.bands})
        by_key: dict[int, list[str]] = {}
        for chunk in _chunks(keys, 500):
            for row in conn.execute(sa.select(document_bands.c.key, document_bands.c.document_id)
                                    .where(document_bands.c.key.in_(chunk))):
                by_key.setdefault(row.key, []).append(row.document_id)
        wanted = sorted({d for found in by_key.values() for d in found})
        stored: dict[str, tuple] = {}  # id -> (seq, copy_of, minhash, numbers)
        for chunk in _chunks(wanted, 500):
            query = (sa.select(document_signatures.c.seq, document_signatures.c.document_id,
                               document_signatures.c.minhash, document_signatures.c.numbers, documents.c.copy_of)
                     .join(documents, documents.c.id == document_signatures.c.document_id)
                     .where(document_signatures.c.document_id.in_(chunk)))
            for row in conn.execute(query):
                stored[row.document_id] = (row.seq, row.copy_of, bytes(row.minhash), row.numbers)
        sig_rows, band_rows = [], []
        batch_seq = 1 << 62  # documents of this batch come after every stored one, in input order
        for doc in relink:
            sig = sigs[doc.id]
            link = None
            if sig is not None:
                found = {d for k in sig.bands for d in by_key.get(k, ())} - {doc.id}
                candidates = sorted((stored[d][0], d, stored[d][1], stored[d][2], stored[d][3])
                                    for d in found if d in stored)
                candidates = [(d, c, m, n) for _, d, c, m, n in candidates if (c or d) != doc.id]
                link = syndication.pick_original(candidates, sig)
                sig_rows.append({"document_id": doc.id, "minhash": sig.minhash, "numbers": sig.numbers})
                for k in sig.bands:
                    members = by_key.setdefault(k, [])
                    if len(members) < syndication.BAND_CAPACITY:
                        members.append(doc.id)
                        band_rows.append({"key": k, "document_id": doc.id})
                batch_seq += 1
                stored[doc.id] = (batch_seq, link, sig.minhash, sig.numbers)
            links[doc.id] = link
        if sig_rows:
            conn.execute(document_signatures.insert(), sig_rows)
        if band_rows:
            conn.execute(document_bands.insert(), band_rows)
        return links

    def copies(self, document_id: str) -> list[dict]:
        """The documents of ``document_id``'s story, the original first, then its copies in
        the order they were stored: ``{"id", "title", "url", "source", "published",
        "copy_of"}``. Just the document itself when it has no copies; [] when unknown."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(documents.c.id, documents.c.copy_of)
                               .where(documents.c.id == document_id)).first()
            if row is None:
                return []
            root = row.copy_of or row.id
            cols = [documents.c[n] for n in ("id", "title", "url", "source", "published", "copy_of")]
            query = (sa.select(*cols).select_from(documents.outerjoin(
                document_signatures, document_signatures.c.document_id == documents.c.id))
                .where(sa.or_(documents.c.id == root, documents.c.copy_of == root))
                .order_by(documents.c.copy_of.is_not(None), document_signatures.c.seq, documents.c.id))
            return [dict(r._mapping) for r in conn.execute(query)]

    def copy_links(self) -> dict[str, str]:
        """Every syndicated copy: document id -> the first document of its story."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(documents.c.id, documents.c.copy_of).where(documents.c.copy_of.is_not(None)))
            return {r.id: r.copy_of for r in rows}

    def _upsert(self, conn: sa.Connection, table: sa.Table, rows: list[dict], keys: list[str],
                keep: Sequence[str] = ()) -> None:
        """Insert or replace rows by ``keys``; a column of ``keep`` keeps its stored value when
        the new row's is null."""
        if self.dialect in ("sqlite", "postgresql"):
            if self.dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert
            stmt = insert(table)
            stmt = stmt.on_conflict_do_update(
                index_elements=keys,
                set_={c.name: (sa.func.coalesce(stmt.excluded[c.name], c) if c.name in keep else stmt.excluded[c.name])
                      for c in table.columns if c.name not in keys},
            )
            conn.execute(stmt, rows)
            return
        key = table.c[keys[0]]
        if keep:
            ids = [r[keys[0]] for r in rows]
            kept: dict = {}
            for chunk in _chunks(ids, 500):
                for row in conn.execute(sa.select(key, *(table.c[k] for k in keep)).where(key.in_(chunk))):
                    kept[row[0]] = row[1:]
            rows = [{**r, **{k: (r.get(k) if r.get(k) is not None else kept.get(r[keys[0]], (None,) * len(keep))[i])
                             for i, k in enumerate(keep)}} for r in rows]
        for chunk in _chunks([r[keys[0]] for r in rows], 500):
            conn.execute(table.delete().where(key.in_(chunk)))
        conn.execute(table.insert(), rows)

    def record_failures(self, items: Sequence) -> None:
        """Record input problems (anything with ``name`` and ``reason``)."""
        if items:
            self.write_batch([], version="", failures_=items)

    def _states(self, conn: sa.Connection, ids: Sequence[str], lock: bool = False) -> dict[str, tuple]:
        cols = [documents.c.id, documents.c.sha256, *(documents.c[n] for n in DOCUMENT_META), documents.c.extractor_version]
        out: dict[str, tuple] = {}
        for chunk in _chunks(sorted(ids), 500):
            query = sa.select(*cols).where(documents.c.id.in_(chunk)).order_by(documents.c.id)
            if lock and self.dialect == "postgresql":
                query = query.with_for_update()
            for row in conn.execute(query):
                out[row[0]] = tuple(row[1:])
        return out

    def unchanged_ids(self, docs: Sequence[Document], version: str) -> set[str]:
        """Ids of the documents already stored with the same text, metadata and version."""
        if not docs:
            return set()
        with self.engine.connect() as conn:
            states = self._states(conn, [d.id for d in docs])
        return {d.id for d in docs if states.get(d.id) == _state_of(d, version)}

    # ---- reads ----------------------------------------------------------------------------
    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one())

    def count_figures(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(figures)).scalar_one())

    def failures(self) -> list[dict]:
        """Recorded input problems, newest first: ``{"name", "reason", "at"}``."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(failures.c.name, failures.c.reason, failures.c.at).order_by(
                    failures.c.at.desc(), failures.c.name
                )
            )
            return [dict(row._mapping) for row in rows]

    def data_version(self) -> str:
        """Changes whenever the stored figures, documents or failures change (a cache key)."""
        with self.engine.connect() as conn:
            value = conn.execute(
                sa.select(store_info.c.value).where(store_info.c.key == "data_version")
            ).scalar_one_or_none()
        return str(value or 0)

    def document(self, doc_id: str) -> Optional[Document]:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == doc_id)).first()
        return _document(row) if row else None

    def documents_info(self) -> pd.DataFrame:
        """Stored documents without their text (id, sha256, metadata, version, figure count)."""
        cols = [c for c in documents.columns if c.name != "text"]
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(*cols).order_by(documents.c.id)).all()
        return pd.DataFrame(rows, columns=[c.name for c in cols])

    def iter_documents(self, *, not_version: Optional[str] = None, batch: int = 200) -> Iterator[Document]:
        """Stored documents in id order, a page at a time (memory stays bounded); only those
        extracted by another version than ``not_version`` when it is given."""
        last: Optional[str] = None
        while True:
            query = sa.select(documents).order_by(documents.c.id).limit(batch)
            if last is not None:
                query = query.where(documents.c.id > last)
            if not_version is not None:
                query = query.where(documents.c.extractor_version != not_version)
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield _document(row)
            last = rows[-1].id

    def figures_frame(self, columns: Optional[list[str]] = None) -> pd.DataFrame:
        """All figures as a DataFrame: ``FIGURE_FIELDS`` in order (plus stored extras), or just
        ``columns``; sorted by document_id, start. Strings stay strings (ISO dates included),
        start/end/value/low/high are nullable Int64, the other numbers float64 (NaN for null).

        Reads in one query into Arrow where the driver allows (ADBC for SQLite files; ADBC, else
        COPY, for PostgreSQL), so a million rows load in seconds."""
        names = list(columns) if columns else list(FIGURE_COLUMNS)
        unknown = [n for n in names if n not in figures.c]
        if unknown:
            raise KeyError(f"figures_frame: unknown columns {unknown}; known: {list(FIGURE_COLUMNS)}")
        query = self._frame_query(names)
        table = None
        if self.dialect == "sqlite":
            table = self._arrow_sqlite(query, names)
        elif self.dialect == "postgresql":
            table = self._arrow_postgres_adbc(query)
            if table is None and self.engine.dialect.driver == "psycopg":
                table = self._arrow_postgres(query, names)
        if table is None:
            table = self._arrow_dbapi(query, names)
        return _frame_from_arrow(table, names)

    def _frame_query(self, names: list[str]):
        """The figures frame's query: its columns, ordered by document id (by code point on
        every database), position and figure id."""
        doc_col = figures.c.document_id
        if self.dialect == "postgresql":
            doc_col = doc_col.collate("C")
        return sa.select(*(figures.c[n] for n in names)).order_by(doc_col, figures.c.start, figures.c.figure_id)

    def _arrow_dbapi(self, query, names):
        """Any driver: rows fetched in chunks and turned into Arrow column by column (the
        cyclic GC is paused meanwhile: millions of live row tuples make it crawl)."""
        import gc

        import pyarrow as pa

        types = [_arrow_type(n) for n in names]
        chunks: list[list] = [[] for _ in names]
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            with self.engine.connect() as conn:
                result = conn.execute(query)
                while True:
                    rows = result.fetchmany(50_000)
                    if not rows:
                        break
                    for i, column in enumerate(zip(*rows)):
                        chunks[i].append(_to_arrow(column, types[i]))
                    del rows
        finally:
            if was_enabled:
                gc.enable()
        return pa.table({n: pa.chunked_array(c, type=t) for n, c, t in zip(names, chunks, types)})

    def _arrow_sqlite(self, query, names):
        """Large SQLite stores load through the ADBC SQLite driver (Arrow-native, about twice as
        fast) in child processes: that driver links its own copy of SQLite, and two copies in
        one process clear each other's file locks (sqlite.org/howtocorrupt.html, 2.2.1). A
        store of more than ``ARROW_ROWS_PER_CHILD`` figures is read by one child per core, each
        a contiguous range of document ids, so the parts concatenate in the query's order. The
        children hand their Arrow tables over through shared memory (``/dev/shm``) when there
        is one. None when not worth it or not installed; the caller then reads through the
        DBAPI."""
        import importlib.util

        database = self.engine.url.database
        if not database or database == ":memory:" or self.engine.url.query:
            return None
        if importlib.util.find_spec("adbc_driver_sqlite") is None:
            return None
        with self.engine.connect() as conn:
            # the largest rowid bounds the row count from above in O(log n), where count(*)
            # would scan the table (half a second for a million figures)
            count = conn.execute(sa.select(sa.func.max(sa.literal_column("rowid"))).select_from(figures)).scalar()
            count = int(count or 0)
            if count < ARROW_CHILD_MIN_ROWS:
                return None
            parts = max(1, min(os.cpu_count() or 1, ARROW_MAX_CHILDREN, count // ARROW_ROWS_PER_CHILD))
            bounds = _split_points(conn, parts)
        ranges = list(zip([None] + bounds, bounds + [None]))
        table = self._run_adbc_children(query, names, database, ranges, _shared_memory_dir(database))
        if table is None and _shared_memory_dir(database) is not None:  # say, /dev/shm filled up
            table = self._run_adbc_children(query, names, database, ranges, None)
        return table

    def _run_adbc_children(self, query, names, database: str, ranges, folder: Optional[str]):
        import subprocess
        import sys
        import tempfile

        import pyarrow as pa

        paths, children = [], []
        try:
            for low, high in ranges:
                part = query
                if low is not None:
                    part = part.where(figures.c.document_id >= low)
                if high is not None:
                    part = part.where(figures.c.document_id < high)
                sql = str(part.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True}))
                fd, path = tempfile.mkstemp(prefix="displacement-figures-", suffix=".arrow", dir=folder)
                os.close(fd)
                paths.append(path)
                children.append(
                    subprocess.Popen(
                        [sys.executable, "-c", _ADBC_CHILD, os.path.abspath(database), sql, path],
                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                    )
                )
            failed = False
            for child in children:
                child.communicate()
                failed = failed or child.returncode != 0
            if failed:
                return None
            tables = []
            for path in paths:
                with pa.memory_map(path) as source:
                    tables.append(pa.ipc.open_file(source).read_all())
            if len(tables) == 1:
                return tables[0]
            # a NULL-only column comes back untyped from one child and typed from another
            tables = [t.rename_columns(names).cast(_arrow_schema(names, large_strings=True)) for t in tables]
            return pa.concat_tables(tables)
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                    child.wait()
            for path in paths:
                try:
                    os.unlink(path)
                except OSError:
                    pass

    def _arrow_postgres_adbc(self, query):
        """PostgreSQL through the ADBC driver (``adbc-driver-postgresql``, optional): the server
        sends binary COPY and the driver builds Arrow columns in C++, about twice as fast as
        parsing CSV from psycopg's COPY (which hands Python one row at a time). None when the
        driver is not installed or cannot connect with this URL; the caller then uses COPY."""
        import importlib.util

        if importlib.util.find_spec("adbc_driver_postgresql") is None:
            return None
        try:
            import adbc_driver_postgresql.dbapi as adbc

            uri = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            sql = str(query.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True}))
            with adbc.connect(uri) as conn:
                cursor = conn.cursor()
                try:
                    # one Arrow batch for the whole result: the driver's default (16 MB batches)
                    # leaves ~40 chunks per column that must then be joined, a second copy of
                    # every byte into fresh memory (1.5 s a million figures)
                    cursor.adbc_statement.set_options(
                        **{"adbc.postgresql.batch_size_hint_bytes": str(POSTGRES_BATCH_HINT_BYTES)}
                    )
                    cursor.execute(sql)
                    return cursor.fetch_arrow_table()
                finally:
                    cursor.close()
        except Exception:  # noqa: BLE001 - an option libpq does not take, auth it cannot do: use COPY
            return None

    def _arrow_postgres(self, query, names):
        import pyarrow as pa
        from pyarrow import csv as pacsv

        sql = str(query.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True}))
        buffer = io.BytesIO()
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                    for block in copy:
                        buffer.write(block)
        if buffer.tell() == 0:
            return pa.table({n: pa.array([], type=_arrow_type(n)) for n in names})
        buffer.seek(0)
        return pacsv.read_csv(
            buffer,
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={n: _arrow_type(n) for n in names},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )

    # ---- deletes --------------------------------------------------------------------------
    def delete_documents(self, ids: Iterable[str]) -> int:
        """Remove documents and their figures; returns how many documents went."""
        ids = sorted(set(ids))

        def work(conn: sa.Connection) -> int:
            gone = 0
            for chunk in _chunks(ids, 500):
                conn.execute(figures.delete().where(figures.c.document_id.in_(chunk)))
                conn.execute(document_bands.delete().where(document_bands.c.document_id.in_(chunk)))
                conn.execute(document_signatures.delete().where(document_signatures.c.document_id.in_(chunk)))
                gone += conn.execute(documents.delete().where(documents.c.id.in_(chunk))).rowcount
            self._promote_copies(conn, ids)
            if gone:
                _bump(conn)
            return gone

        return self._retrying(work)

    def _promote_copies(self, conn: sa.Connection, deleted: Sequence[str]) -> None:
        """Copies of deleted originals: the first stored copy of each story becomes its
        original, the others link to it (documents and figures alike)."""
        orphans: dict[str, list[str]] = {}
        for chunk in _chunks(list(deleted), 500):
            query = (sa.select(documents.c.id, documents.c.copy_of)
                     .select_from(documents.outerjoin(document_signatures,
                                                      document_signatures.c.document_id == documents.c.id))
                     .where(documents.c.copy_of.in_(chunk))
                     .order_by(document_signatures.c.seq, documents.c.id))
            for row in conn.execute(query):
                orphans.setdefault(row.copy_of, []).append(row.id)
        for members in orphans.values():
            first, rest = members[0], members[1:]
            for table, key in ((documents, documents.c.id), (figures, figures.c.document_id)):
                conn.execute(table.update().where(key == first).values(copy_of=None))
                for chunk in _chunks(rest, 500):
                    conn.execute(table.update().where(key.in_(chunk)).values(copy_of=first))

    # ---- feeds (issue 16) ---------------------------------------------------------------------
    def add_feed(self, url: str, *, title: Optional[str] = None, paused: bool = False) -> bool:
        """Follow a feed (True), or leave an already followed one as it is (False). A new feed
        is due at once."""
        def work(conn: sa.Connection) -> bool:
            if conn.execute(sa.select(feeds.c.url).where(feeds.c.url == url)).first() is not None:
                return False
            now = _now()
            conn.execute(feeds.insert().values(url=url, title=title, paused=paused, added_at=now, next_poll_at=None,
                                               failures=0, new_items=0))  # no next poll: due at once
            _bump(conn)
            return True

        return self._retrying(work)

    def set_feed_paused(self, url: str, paused: bool = True) -> bool:
        """Pause (or resume) a feed; False when it is not followed. A resumed feed is due at once."""
        def work(conn: sa.Connection) -> bool:
            values: dict = {"paused": paused}
            if not paused:
                values["next_poll_at"] = None  # due at once
            done = conn.execute(feeds.update().where(feeds.c.url == url).values(**values)).rowcount
            if done:
                _bump(conn)
            return bool(done)

        return self._retrying(work)

    def remove_feed(self, url: str) -> bool:
        """Stop following a feed and forget its items (their documents stay)."""
        def work(conn: sa.Connection) -> bool:
            conn.execute(feed_items.delete().where(feed_items.c.feed_url == url))
            done = conn.execute(feeds.delete().where(feeds.c.url == url)).rowcount
            if done:
                _bump(conn)
            return bool(done)

        return self._retrying(work)

    def feeds(self) -> pd.DataFrame:
        """The followed feeds, one row each, by URL: ``url, title, paused, added_at,
        last_poll_at, last_ok_at, last_status, last_error, failures`` (consecutive),
        ``next_poll_at, new_items`` (new in the last poll), and item counts ``items``,
        ``stored``, ``pending``, ``failed``, ``skipped``."""
        counts = (sa.select(feed_items.c.feed_url, feed_items.c.state, sa.func.count().label("n"))
                  .group_by(feed_items.c.feed_url, feed_items.c.state))
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(feeds).order_by(feeds.c.url)).all()
            tally: dict[str, dict[str, int]] = {}
            for row in conn.execute(counts):
                tally.setdefault(row.feed_url, {})[row.state] = int(row.n)
        columns = [c.name for c in feeds.columns]
        frame = pd.DataFrame([tuple(r) for r in rows], columns=columns, dtype=object)
        frame = frame.where(frame.notna(), None)  # missing is None, as in the store
        frame["paused"] = frame["paused"].astype(bool)
        for name in ("failures", "new_items"):
            frame[name] = frame[name].astype("int64")
        for state in ("stored", "pending", "failed", "skipped"):
            frame[state] = [tally.get(u, {}).get(state, 0) for u in frame["url"]]
        frame["items"] = frame[["stored", "pending", "failed", "skipped"]].sum(axis=1)
        return frame

    def feed(self, url: str) -> Optional[dict]:
        """One followed feed's row (validators included), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(feeds).where(feeds.c.url == url)).first()
        return dict(row._mapping) if row else None

    def due_feeds(self, now: str, urls: Optional[Sequence[str]] = None) -> list[dict]:
        """Feeds to poll at ``now`` (ISO time): not paused, next poll at or before it; only
        those in ``urls`` when given. Soonest due first."""
        query = sa.select(feeds).where(feeds.c.paused.is_(False)).where(
            sa.or_(feeds.c.next_poll_at.is_(None), feeds.c.next_poll_at <= now))
        if urls is not None:
            query = query.where(feeds.c.url.in_(list(urls)))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query.order_by(feeds.c.next_poll_at, feeds.c.url))]

    def next_poll_at(self, urls: Optional[Sequence[str]] = None) -> Optional[str]:
        """When the next followed, unpaused feed is due (ISO time), or None."""
        query = sa.select(sa.func.min(feeds.c.next_poll_at)).where(feeds.c.paused.is_(False))
        if urls is not None:
            query = query.where(feeds.c.url.in_(list(urls)))
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def record_poll(self, url: str, *, at: str, next_poll_at: str, status: Optional[int] = None,
                    error: Optional[str] = None, etag: Optional[str] = None, last_modified: Optional[str] = None,
                    title: Optional[str] = None, items: Sequence[Mapping] = ()) -> int:
        """The outcome of one poll, in one transaction: on success (``error`` None) the new
        validators and title, and the items not seen before (``key, url, title, published``)
        recorded as pending; on failure the error and one more consecutive failure. Returns
        how many items were new."""
        def work(conn: sa.Connection) -> int:
            values: dict = {"last_poll_at": at, "next_poll_at": next_poll_at, "last_status": status}
            new = 0
            if error is None:
                keys = [str(item["key"]) for item in items]
                have: set[str] = set()
                for chunk in _chunks(sorted(set(keys)), 500):
                    have.update(conn.execute(sa.select(feed_items.c.item_key).where(feed_items.c.feed_url == url)
                                             .where(feed_items.c.item_key.in_(chunk))).scalars())
                rows, taken = [], set()
                for item in items:
                    key = str(item["key"])
                    if key in have or key in taken:
                        continue
                    taken.add(key)
                    rows.append({"feed_url": url, "item_key": key, "url": item.get("url"), "title": item.get("title"),
                                 "published": item.get("published"), "seen_at": at, "position": len(rows),
                                 "state": "pending",
                                 "attempts": 0, "next_try_at": at})
                if rows:
                    conn.execute(feed_items.insert(), rows)
                new = len(rows)
                values.update(last_ok_at=at, last_error=None, failures=0, new_items=new)
                if status != 304:
                    values.update(etag=etag, last_modified=last_modified)
                if title:
                    values["title"] = title
            else:
                values.update(last_error=error, failures=feeds.c.failures + 1, new_items=0)
            conn.execute(feeds.update().where(feeds.c.url == url).values(**values))
            _bump(conn)
            return new

        return self._retrying(work)

    def pending_items(self, now: str, urls: Optional[Sequence[str]] = None, limit: Optional[int] = None) -> list[dict]:
        """Items to fetch at ``now``: pending, or failed with a retry due; of unpaused feeds
        (only ``urls`` when given); in the order they were seen (and, of one poll, in feed order)."""
        query = (sa.select(feed_items).join(feeds, feeds.c.url == feed_items.c.feed_url)
                 .where(feeds.c.paused.is_(False))
                 .where(feed_items.c.state.in_(("pending", "failed")))
                 .where(sa.or_(feed_items.c.next_try_at.is_(None), feed_items.c.next_try_at <= now))
                 .order_by(feed_items.c.seen_at, feed_items.c.feed_url, feed_items.c.position, feed_items.c.item_key))
        if urls is not None:
            query = query.where(feed_items.c.feed_url.in_(list(urls)))
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def mark_items(self, done: Sequence[tuple[str, str, str]] = (),
                   failed: Sequence[tuple[str, str, str, Optional[str]]] = (),
                   skipped: Sequence[tuple[str, str, str]] = ()) -> None:
        """Item outcomes: ``done`` (feed, key, document id) stored; ``failed`` (feed, key, error,
        next try or None to give up) one more attempt; ``skipped`` (feed, key, why) never
        fetched (robots.txt, not a page)."""
        def work(conn: sa.Connection) -> None:
            for feed_url, key, doc_id in done:
                conn.execute(feed_items.update().where(feed_items.c.feed_url == feed_url)
                             .where(feed_items.c.item_key == key)
                             .values(state="stored", document_id=doc_id, error=None, next_try_at=None,
                                     attempts=feed_items.c.attempts + 1))
            for feed_url, key, error, next_try in failed:
                conn.execute(feed_items.update().where(feed_items.c.feed_url == feed_url)
                             .where(feed_items.c.item_key == key)
                             .values(state="failed" if next_try else "skipped", error=error, next_try_at=next_try,
                                     attempts=feed_items.c.attempts + 1))
            for feed_url, key, why in skipped:
                conn.execute(feed_items.update().where(feed_items.c.feed_url == feed_url)
                             .where(feed_items.c.item_key == key)
                             .values(state="skipped", error=why, next_try_at=None))
            _bump(conn)

        if done or failed or skipped:
            self._retrying(work)

    def feed_items_frame(self, url: Optional[str] = None) -> pd.DataFrame:
        """Items seen in feeds (one feed's when ``url``), newest first."""
        query = sa.select(feed_items).order_by(feed_items.c.seen_at.desc(), feed_items.c.item_key)
        if url is not None:
            query = query.where(feed_items.c.feed_url == url)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame([tuple(r) for r in rows], columns=[c.name for c in feed_items.columns])

    # ---- reviews (issue 15) ----------------------------------------------------------------
    # Append-only: add_review inserts; nothing in the store updates or deletes a review.
    def add_review(
        self,
        figure_id: str,
        action: str,
        changes: Optional[dict] = None,
        *,
        editor: str,
        note: Optional[str] = None,
        at: object = None,
    ) -> "review_rules.Review":
        """Store a review of the stored figure ``figure_id`` and return it with its
        ``review_id``. ``action``: confirm, correct (with ``changes``: field -> value, text or
        typed, relative to the extracted figure; see ``reviews.combine_changes``) or reject.
        ``at``: a datetime or ISO time, default now (UTC). Checked by ``reviews.check_review``:
        raises ``reviews.UnknownFigureError`` for an unknown id, ``reviews.ReviewError`` for a
        bad action, field or value."""
        when = _now() if at is None else at

        def work(conn: sa.Connection):
            row = conn.execute(sa.select(figures).where(figures.c.figure_id == figure_id)).first()
            if row is None:
                raise review_rules.UnknownFigureError(f"no figure {figure_id!r} in {display_url(self.url)}")
            review = review_rules.check_review(dict(row._mapping), action, changes, editor=editor, at=when, note=note)
            values = review.to_dict()
            del values["review_id"]
            values["changes"] = review_rules.changes_json(review.changes)
            review_id = conn.execute(reviews.insert().values(**values)).inserted_primary_key[0]
            _bump(conn)
            return dataclasses.replace(review, review_id=int(review_id))

        return self._retrying(work)

    def reviews(self, figure_id: Optional[str] = None) -> list["review_rules.Review"]:
        """The review history, oldest first (by time, then storage order): every review, or
        those of one figure, including reviews made under an id the figure had before a
        re-extraction (matched by document, sentence and number: ``reviews.match_reviews``)."""
        query = sa.select(reviews)
        document_id = None if figure_id is None else self._document_of(figure_id)
        if figure_id is not None:
            where = reviews.c.figure_id == figure_id
            if document_id is not None:
                where = sa.or_(where, reviews.c.document_id == document_id)
            query = query.where(where)
        with self.engine.connect() as conn:
            found = [review_rules.review_from_row(row._mapping) for row in conn.execute(query.order_by(reviews.c.review_id))]
        if figure_id is None:
            return review_rules.history(found)
        siblings = self._document_figures(document_id) if document_id is not None else pd.DataFrame()
        return review_rules.reviews_of(siblings, found, figure_id)

    def latest_review(self, figure_id: str) -> Optional["review_rules.Review"]:
        """The review that decides the figure's state now, or None when it has none."""
        history = self.reviews(figure_id)
        return history[-1] if history else None

    def count_reviews(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(reviews)).scalar_one())

    def reviewed_frame(self) -> pd.DataFrame:
        """``figures_frame()`` with the latest review of each figure applied
        (``reviews.apply_reviews``): reviewed values, ``extracted_*`` beside them, and
        ``review_status``, ``reviewed_by``, ``reviewed_at``, ``review_note``. Rejected figures
        are in it; ``filters.apply`` leaves them out by default."""
        frame = self.figures_frame()
        return review_rules.apply_reviews(frame, self.reviews())

    def has_figure(self, figure_id: str) -> bool:
        return self._document_of(figure_id) is not None

    def _document_of(self, figure_id: str) -> Optional[str]:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(figures.c.document_id).where(figures.c.figure_id == figure_id)
            ).scalar_one_or_none()

    def _document_figures(self, document_id: str) -> pd.DataFrame:
        cols = [figures.c[n] for n in ("figure_id", "document_id", "quote", "number_text", "start", "end")]
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(*cols).where(figures.c.document_id == document_id)).all()
        return pd.DataFrame(rows, columns=[c.name for c in cols])


# ---- helpers ----------------------------------------------------------------------------------


def _state_of(doc: Document, version: str) -> tuple:
    return (text_sha256(doc.text), *(getattr(doc, n) for n in DOCUMENT_META), version)


def _document(row) -> Document:
    return Document(id=row.id, text=row.text, title=row.title, published=row.published, url=row.url, source=row.source)


def _shared_memory_dir(database: str) -> Optional[str]:
    """``/dev/shm`` when it exists and has room for twice the database file (a container's
    default 64 MB does not), else None (the system's temporary folder)."""
    folder = "/dev/shm"
    try:
        if not os.access(folder, os.W_OK):
            return None
        stat = os.statvfs(folder)
        free = stat.f_bavail * stat.f_frsize
        return folder if free > 2 * os.path.getsize(database) + (256 << 20) else None
    except OSError:
        return None


def _split_points(conn: sa.Connection, parts: int) -> list[str]:
    """``parts - 1`` document ids that cut the stored documents into ranges of about equal
    size (ascending, distinct); read from the documents' primary-key index."""
    if parts <= 1:
        return []
    total = int(conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one())
    points: list[str] = []
    for i in range(1, parts):
        value = conn.execute(
            sa.select(documents.c.id).order_by(documents.c.id).limit(1).offset(total * i // parts)
        ).scalar()
        if value is not None and (not points or value > points[-1]):
            points.append(value)
    return points


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _set_info(conn: sa.Connection, key: str, value: int) -> None:
    updated = conn.execute(store_info.update().where(store_info.c.key == key).values(value=value)).rowcount
    if not updated:
        conn.execute(store_info.insert().values(key=key, value=value))


_APPEND_ONLY = "reviews are append-only: a review is never updated or deleted"


def _append_only(conn: sa.Connection) -> None:
    """Triggers that refuse UPDATE and DELETE on ``reviews`` (a history must not be rewritten,
    whatever client writes to the database). SQLite and PostgreSQL; other databases rely on
    the store having no such path."""
    if conn.dialect.name == "sqlite":
        for op in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS reviews_no_{op.lower()} BEFORE {op} ON reviews "
                f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
            )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION displacement_reviews_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$"
        )
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS reviews_append_only ON reviews")  # CREATE OR REPLACE: PostgreSQL 14+
        conn.exec_driver_sql(
            "CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reviews "
            "FOR EACH STATEMENT EXECUTE FUNCTION displacement_reviews_append_only()"
        )


def _bump(conn: sa.Connection) -> None:
    conn.execute(
        store_info.update().where(store_info.c.key == "data_version").values(value=store_info.c.value + 1)
    )


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, sa.exc.IntegrityError):
        return True  # a concurrent writer inserted the same row first; the retry sees it
    text = str(exc.orig if getattr(exc, "orig", None) is not None else exc).lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return code in ("40P01", "40001", "55P03") or "locked" in text or "busy" in text or "deadlock" in text


def _arrow_type(name: str):
    import pyarrow as pa

    column = figures.c[name]
    if isinstance(column.type, sa.BigInteger) or isinstance(column.type, sa.Integer):
        return pa.int64()
    if isinstance(column.type, sa.Float):
        return pa.float64()
    if isinstance(column.type, sa.Boolean):
        return pa.bool_()
    return pa.string()


def _to_arrow(values, kind):
    import pyarrow as pa

    try:
        return pa.array(values, type=kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # an untyped SQLite cell of another type
        if kind == pa.string():
            return pa.array([None if v is None else str(v) for v in values], type=kind)
        numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce")
        return pa.array(numbers).cast(kind, safe=False)


def _arrow_schema(names: list[str], large_strings: bool = False):
    """The Arrow schema of these figure columns; ``large_strings``: text as ``large_string``
    (64-bit offsets), the type pandas' Arrow-backed ``str`` columns hold."""
    import pyarrow as pa

    def kind(name: str):
        t = _arrow_type(name)
        return pa.large_string() if large_strings and t == pa.string() else t

    return pa.schema([pa.field(n, kind(n)) for n in names])


def _pandas_ready(columns: list, types: list) -> list:
    """Each column as one contiguous chunk of its type, strings as ``large_string`` (the only
    string type pandas' Arrow-backed ``str`` dtype holds; it would cast them one by one).
    Taking rows from a chunked column (every filter does) costs a quarter to twice as much.
    Done in a few threads (Arrow releases the GIL), since this writes hundreds of MB of fresh
    memory, slow to touch the first time."""
    import pyarrow as pa

    def ready(i: int):
        column, kind = columns[i], types[i]
        if column.type != kind:
            column = column.cast(kind)
        if column.num_chunks != 1:
            column = pa.chunked_array([column.combine_chunks()], type=kind)
        return column

    todo = [i for i, column in enumerate(columns) if column.num_chunks != 1 or column.type != types[i]]
    if not todo:
        return list(columns)
    out = list(columns)
    workers = max(1, min(os.cpu_count() or 1, 4, len(todo)))
    if workers == 1:
        done = [ready(i) for i in todo]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(workers) as pool:
            done = list(pool.map(ready, todo))
    for i, column in zip(todo, done):
        out[i] = column
    return out


def _frame_from_arrow(table, names: list[str]) -> pd.DataFrame:
    """The frame of an Arrow table, column by column without copying where pandas allows:
    strings stay in their Arrow buffers (pandas' ``str`` dtype), integers become nullable
    ``Int64``, floats ``float64`` with NaN. (``Table.to_pandas`` would turn every string into
    a Python object first: a second per million rows.)"""
    import pyarrow as pa

    table = table.rename_columns(names)
    try:
        text = pd.StringDtype(na_value=float("nan"))  # pandas 3's default "str" dtype
    except TypeError:  # pragma: no cover - pandas before 2.3
        text = None
    if text is None or str(text) != "str" or getattr(text, "storage", "") != "pyarrow":  # pragma: no cover
        table = table.cast(_arrow_schema(names))
        frame = table.to_pandas(types_mapper=lambda t: pd.Int64Dtype() if t == pa.int64() else None)
        return _typed_frame(frame, names)
    columns = {}
    schema = _arrow_schema(names, large_strings=True)
    for name, column in zip(names, _pandas_ready(table.columns, schema.types)):
        kind = column.type
        if kind == pa.large_string():
            columns[name] = pd.array(column, dtype=text)
        elif kind == pa.int64():
            columns[name] = pd.Int64Dtype().__from_arrow__(column)  # pd.array() would loop in Python
        elif kind == pa.float64():
            columns[name] = column.to_numpy()
        else:
            columns[name] = column.to_pandas()
    frame = pd.DataFrame(columns, columns=names, copy=False)
    return _typed_frame(frame, names)


def _typed_frame(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    for name in names:
        kind = _arrow_type(name)
        text = str(kind)
        if text == "int64":
            if frame[name].dtype != "Int64":
                frame[name] = pd.array(frame[name].tolist(), dtype="Int64") if len(frame) else pd.Series([], dtype="Int64")
        elif text == "double":
            if frame[name].dtype != "float64":
                frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        elif text == "string":
            if frame[name].dtype != "str":
                frame[name] = frame[name].astype("str") if len(frame) else pd.Series([], dtype="str")
    return frame.reset_index(drop=True)


def _configure_sqlite(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA busy_timeout = 60000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def open_store(url: Optional[str] = None) -> Store:
    """Open (and create or upgrade) the store at ``url``; default ``default_url()``."""
    url = normalize_url(url) if url else default_url()
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"{url!r} is not a database URL: {exc}") from exc
    kwargs: dict = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not parsed.query.get("uri"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 60, "check_same_thread": False}
        if not database or database == ":memory:":
            kwargs["poolclass"] = sa.pool.StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except Exception as exc:  # noqa: BLE001 - missing driver, bad options
        raise StoreError(f"cannot open {display_url(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    store = Store(url, engine)
    try:
        store.ensure_schema()
    except StoreError:
        engine.dispose()
        raise
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"cannot open {display_url(url)}: {exc.orig if exc.orig is not None else exc}") from exc
    return store

"""read -> extract -> store, in this process, in N local processes, or on a Dask cluster.

Reading and writing stay in the calling process; only extraction (pure, CPU-bound) moves out.
Everything is streamed and bounded: documents are read lazily, at most a few chunks per worker
are in flight, and figures are written one transaction per batch of documents, so memory stays
flat on a 100,000-document feed and a killed run loses at most the batch it was writing (a
re-run skips what was stored and ends with exactly the figures of a clean run).

A document already stored with the same text, metadata and extractor version is not extracted
again (``unchanged``); one with new text or metadata is re-extracted and its figures replaced
(``updated``).
"""
from __future__ import annotations

import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Sequence, Union

from sqlalchemy import exc as sa_exc

from .extract import DEADLINE, DocumentTimeout
from .model import Document, Figure
from .sources import DEFAULT_MAX_BYTES, Failure, read_bytes, read_paths
from .store import Store

if TYPE_CHECKING:
    from .fetch import FetchPolicy

Extractor = Callable[[Document], Sequence[Figure]]
Item = Union[Document, Failure]

#: seconds one document may take to extract before it is reported and skipped (generous: a 5 MB
#: report takes a few seconds; only a pathological or crafted input comes near it)
DOC_SECONDS = 120.0
BATCH_DOCUMENTS = 200  # documents per write transaction
BATCH_FIGURES = 5_000  # ... or fewer when they carry this many figures
CHUNK = 8  # documents per task sent to a local worker
# documents per Dask task: each costs a scheduler round trip; 32 was 7 % faster on one machine
# but the ingest process then grew with the feed (README, Performance: Ingest), so 8 as well
DASK_CHUNK = 8
IN_FLIGHT_PER_WORKER = 4  # tasks queued per worker (bounds memory and keeps workers busy)
FETCH_THREADS = 8  # pages fetched at a time in this process (each host: at most FetchPolicy.per_host)


@dataclass
class IngestSummary:
    """What a run did. ``read`` counts every input item: ``new + updated + unchanged +
    len(failed)``; ``figures_stored`` counts the figures written for new/updated documents."""

    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[Failure] = field(default_factory=list)
    figures_stored: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)  # (document, what reading it guessed)

    @property
    def ok(self) -> bool:
        return not self.failed

    def format(self) -> str:
        """The closing summary: one line, then one line per failure."""
        from .wording import plural

        lines = [
            f"read {plural(self.read, 'document', grouped=False)}: {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.failed)} failed; "
            f"{plural(self.figures_stored, 'figure', grouped=False)} stored"
        ]
        lines += [f"  FAILED {f.name}: {f.reason}" for f in self.failed]
        lines += [f"  NOTE {name}: {note}" for name, note in self.notes]
        return "\n".join(lines)

    __str__ = format


# ---- public entry points ----------------------------------------------------------------------


def ingest_paths(
    paths: list[str],
    store: Store,
    *,
    workers: int = 1,
    scheduler: Optional[str] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    extractor: Optional[Extractor] = None,
    extractor_version: Optional[str] = None,
    batch_size: int = BATCH_DOCUMENTS,
    doc_seconds: Optional[float] = DOC_SECONDS,
) -> IngestSummary:
    """Read files, folders and globs (see ``sources``) and store their figures."""
    return ingest_items(
        read_paths(paths, max_bytes=max_bytes),
        store,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
        extractor=extractor,
        extractor_version=extractor_version,
        batch_size=batch_size,
        doc_seconds=doc_seconds,
    )


def ingest_inputs(
    inputs: list[str],
    store: Store,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch_policy: Optional["FetchPolicy"] = None,
    **kw,
) -> IngestSummary:
    """Like ``ingest_paths``, and an input may also be a web page URL, a feed URL (its items'
    pages are stored) or a ``.txt`` file that lists URLs one a line. Pages are fetched under
    ``fetch_policy`` (where extraction runs: here, or on the Dask workers with a scheduler)."""
    from .fetch import FetchPolicy

    policy = fetch_policy or FetchPolicy(max_bytes=max_bytes).with_env()
    return ingest_items(_inputs(inputs, max_bytes, policy), store, fetch_policy=policy, **kw)


def _inputs(inputs: list[str], max_bytes: int, policy: "FetchPolicy") -> Iterator:
    """Documents, Failures and page requests of the command line's inputs, in order. A URL
    typed on the command line is fetched here: a page is read at once, a feed becomes
    requests for its items' pages."""
    import os

    from .feeds import is_url, url_list
    from .fetch import Fetcher, PageRequest, expand_url

    fetcher = None
    try:
        for name in inputs:
            if is_url(name):
                fetcher = fetcher or Fetcher(policy)
                yield from expand_url(fetcher, name.strip())
                continue
            if name.lower().endswith(".txt") and os.path.isfile(name) and 0 < os.path.getsize(name) <= max_bytes:
                with open(name, "rb") as handle:
                    head = handle.read(max_bytes)
                urls = url_list(head.decode("utf-8", errors="replace"))
                if urls:
                    yield from (PageRequest(url) for url in urls)
                    continue
            yield from read_paths([name], max_bytes=max_bytes)
    finally:
        if fetcher is not None:
            fetcher.close()


def ingest_uploads(files: list[tuple[str, bytes]], store: Store, *, max_bytes: int = DEFAULT_MAX_BYTES, **kw) -> IngestSummary:
    """Store uploads given as (file name, raw bytes), read by extension like files."""
    items = (item for name, data in files for item in read_bytes(name, data, max_bytes=max_bytes))
    return ingest_items(items, store, **kw)


def ingest_items(
    items: Iterable[Item],
    store: Store,
    *,
    workers: int = 1,
    scheduler: Optional[str] = None,
    progress: bool = False,
    extractor: Optional[Extractor] = None,
    extractor_version: Optional[str] = None,
    batch_size: int = BATCH_DOCUMENTS,
    force: bool = False,
    total: Optional[int] = None,
    doc_seconds: Optional[float] = DOC_SECONDS,
    added_by: Optional[str] = None,
    fetch_policy: Optional["FetchPolicy"] = None,
    fetch_threads: int = FETCH_THREADS,
    copies: bool = True,
    on_written: Optional[Callable[[list[str], list[Failure]], None]] = None,
) -> IngestSummary:
    """The core: Documents (and reader Failures) in, figures stored, a summary out. A document
    whose extraction takes longer than ``doc_seconds`` is reported as failed (None: no budget).
    ``added_by``: the editor who uploaded them, stored with each document.

    Items may also be ``fetch.PageRequest``s (web pages): fetched under ``fetch_policy`` on
    ``fetch_threads`` threads here, or, with a ``scheduler``, fetched and extracted together on
    the Dask workers. ``copies``: link syndicated copies at ingest (``syndication.py``).
    ``on_written(ids, failures)`` is called after each batch is stored with the ids written
    (new, updated or unchanged) and the failures recorded (the watcher marks its items there)."""
    extractor, version = resolve_extractor(extractor, extractor_version)
    if doc_seconds:
        extractor = _Budgeted(extractor, doc_seconds)
    summary = IngestSummary()
    bar = _progress_bar(progress, total)
    writer = _Writer(store, version, batch_size, summary, force, bar, added_by, copies=copies, on_written=on_written)
    fetcher = None
    try:
        if scheduler is None:
            from .fetch import Fetcher, FetchPolicy, fetch_documents

            fetcher = Fetcher(fetch_policy or FetchPolicy().with_env())
            items = fetch_documents(items, fetcher, fetch_threads)
        todo = _skip_unchanged(items, store, version, writer, force)
        with _runner(extractor, workers, scheduler, fetch_policy) as run:
            for doc, result in run(todo):
                if isinstance(result, Failure):
                    writer.fail(result)
                elif isinstance(result, tuple):  # a page fetched and extracted on a worker
                    writer.add(*result)
                else:
                    writer.add(doc, result)
        writer.flush()
    finally:
        if bar is not None:
            bar.close()
        if fetcher is not None:
            fetcher.close()
    return summary


def reindex(
    store: Store,
    *,
    all: bool = False,  # noqa: A002 - mirrors the --all option
    workers: int = 1,
    scheduler: Optional[str] = None,
    progress: bool = False,
    extractor: Optional[Extractor] = None,
    extractor_version: Optional[str] = None,
) -> IngestSummary:
    """Re-extract stored documents: those extracted by another version than the current one,
    or every document with ``all``. Their figures are replaced; the summary counts them as
    ``updated``."""
    extractor, version = resolve_extractor(extractor, extractor_version)
    docs = store.iter_documents(not_version=None if all else version)
    return ingest_items(
        docs,
        store,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
        extractor=extractor,
        extractor_version=version,
        force=True,
    )


def resolve_extractor(extractor: Optional[Extractor], version: Optional[str]) -> tuple[Extractor, str]:
    """The extractor to run and the version stored with its figures: ``version`` if given,
    else the extractor's ``version`` attribute, else ``extract.EXTRACTOR_VERSION`` for the
    real one, else the callable's qualified name."""
    if extractor is None:
        from . import extract

        extractor = extract.extract_document
    if not version:
        version = getattr(extractor, "version", None)
    if not version:
        module = getattr(extractor, "__module__", "") or ""
        name = getattr(extractor, "__qualname__", "") or repr(extractor)
        if module == "displacement.extract" and name == "extract_document":
            from . import extract

            version = extract.EXTRACTOR_VERSION
        else:
            version = f"{module}.{name}"
    return extractor, str(version)


# ---- stages -----------------------------------------------------------------------------------


def _progress_bar(progress: bool, total: Optional[int]):
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, desc="ingest")


def _skip_unchanged(items: Iterable[Item], store: Store, version: str, writer: "_Writer", force: bool) -> Iterator[Document]:
    """Documents that need extraction; reader failures and unchanged documents go straight to
    the writer. Looks up stored state a few hundred documents at a time."""
    iterator = iter(items)
    while True:
        chunk = list(islice(iterator, 256))
        if not chunk:
            return
        docs = [item for item in chunk if isinstance(item, Document)]
        same = set() if force else store.unchanged_ids(docs, version)
        for item in chunk:
            if isinstance(item, Failure):
                writer.fail(item)
            elif isinstance(item, Document) and item.id in same:
                writer.unchanged(item.id)
            else:
                yield item  # a Document to extract, or a page to fetch and extract on a worker


#: what a database may refuse in one document of a batch (a duplicate id, a number its integer
#: columns cannot hold, text its driver cannot encode): that document is reported, the rest stored
_REFUSED = (sa_exc.IntegrityError, sa_exc.DataError, sa_exc.StatementError, OverflowError, UnicodeError, ValueError)


class _Writer:
    """Buffers extracted documents and failures; writes a batch per transaction."""

    def __init__(self, store: Store, version: str, batch_size: int, summary: IngestSummary, force: bool, bar,
                 added_by: Optional[str] = None, copies: bool = True, on_written: Optional[Callable] = None):
        self.store, self.version, self.batch_size = store, version, max(1, batch_size)
        self.added_by = added_by
        self.summary, self.force, self.bar = summary, force, bar
        self.copies, self.on_written = copies, on_written
        self.docs: dict[str, tuple[Document, Sequence[Figure]]] = {}
        self.failures: list[Failure] = []
        self.same: list[str] = []
        self.signatures: dict = {}
        self.figures = 0

    def add(self, doc: Document, figs: Sequence[Figure]) -> None:
        self.summary.notes.extend((doc.id, note) for note in doc.notes)
        if doc.id in self.docs:  # the same id twice: keep write order, the later one wins
            self.flush()
        self.docs[doc.id] = (doc, list(figs))
        if self.copies:
            from .syndication import signature

            self.signatures[doc.id] = signature(doc.text)
        self.figures += len(figs)
        if len(self.docs) >= self.batch_size or self.figures >= BATCH_FIGURES:
            self.flush()

    def fail(self, failure: Failure) -> None:
        self.failures.append(failure)
        self.summary.failed.append(failure)
        self.summary.read += 1
        self._tick()
        if len(self.failures) >= self.batch_size:
            self.flush()

    def unchanged(self, doc_id: Optional[str] = None) -> None:
        self.summary.unchanged += 1
        self.summary.read += 1
        if doc_id is not None and self.on_written is not None:
            self.same.append(doc_id)
            if len(self.same) >= self.batch_size:
                self.flush()
        self._tick()

    def flush(self) -> None:
        if not self.docs and not self.failures:
            if self.same and self.on_written is not None:
                same, self.same = self.same, []
                self.on_written(same, [])
            return
        items = list(self.docs.values())
        refused: list[Failure] = []
        try:
            result = self.store.write_batch(items, version=self.version, failures_=self.failures, force=self.force,
                                          added_by=self.added_by,
                                          signatures=self.signatures if self.copies else None)
        except _REFUSED:
            result, refused = self._write_one_by_one(items)
        self.summary.new += result.new
        self.summary.updated += result.updated
        self.summary.unchanged += result.unchanged
        self.summary.figures_stored += result.figures
        self.summary.failed.extend(refused)
        self.summary.read += len(items)
        if self.on_written is not None:
            gone = {f.name for f in refused}
            written = [doc.id for doc, _ in items if doc.id not in gone] + self.same
            self.on_written(written, list(self.failures) + refused)
        self.docs, self.failures, self.figures, self.same, self.signatures = {}, [], 0, [], {}
        self._tick(len(items))

    def _write_one_by_one(self, items):
        """A batch the database refused (say, a figure id that another document already uses):
        store each document alone and report the ones it still refuses, so one bad document
        never stops the batch."""
        from .store import BatchResult

        total, refused = BatchResult(), []
        for doc, figs in items:
            try:
                sigs = {doc.id: self.signatures.get(doc.id)} if self.copies and doc.id in self.signatures else None
                one = self.store.write_batch([(doc, figs)], version=self.version, force=self.force,
                                             added_by=self.added_by, signatures=sigs)
            except _REFUSED as exc:
                orig = getattr(exc, "orig", None)
                reason = (str(orig if orig is not None else exc).splitlines() or [type(exc).__name__])[0]
                kind = "" if isinstance(exc, sa_exc.IntegrityError) else f"{type(orig or exc).__name__}: "
                refused.append(Failure(doc.id, f"cannot store its figures: {kind}{reason}"))
                continue
            for name in ("new", "updated", "unchanged", "figures"):
                setattr(total, name, getattr(total, name) + getattr(one, name))
        self.store.record_failures(self.failures + refused)
        return total, refused

    def _tick(self, n: int = 1) -> None:
        if self.bar is not None and n:
            self.bar.update(n)


# ---- where extraction runs --------------------------------------------------------------------


class _Budgeted:
    """An extractor with a time budget per document (picklable, so it runs in pool workers).

    Two guards: the extractor's own deadline (``extract.DEADLINE``, checked between sentences,
    so it holds in any thread: a Dask worker, the page's script thread), and, in a process's
    main thread, a SIGALRM timer that also stops a custom extractor that never checks it."""

    def __init__(self, extractor: Extractor, seconds: float):
        self.extractor, self.seconds = extractor, seconds

    def __call__(self, doc: Document) -> list[Figure]:
        token = DEADLINE.set(time.monotonic() + self.seconds)
        alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        previous = None
        if alarm:
            def expire(signum, frame):
                raise DocumentTimeout(f"took longer than {self.seconds:g} s, the time budget per document")

            previous = signal.signal(signal.SIGALRM, expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            return list(self.extractor(doc))
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            DEADLINE.reset(token)


def extract_chunk(extractor: Extractor, docs: Sequence, fetch_policy: Optional["FetchPolicy"] = None) -> list:
    """Figures of each document, or a Failure naming it when the extractor raised (runs in
    workers: one bad document never takes its chunk down). A ``fetch.PageRequest`` is fetched
    here first (on a Dask worker) and comes back as ``(document, figures)`` or a Failure."""
    out: list = []
    for doc in docs:
        from .fetch import PageRequest

        if isinstance(doc, PageRequest):
            from .fetch import FetchPolicy, fetch_page, worker_fetcher

            page = fetch_page(worker_fetcher(fetch_policy or FetchPolicy().with_env()), doc)
            if isinstance(page, Failure):
                out.append(page)
                continue
            result = extract_chunk(extractor, [page])[0]
            out.append(result if isinstance(result, Failure) else (page, result))
            continue
        try:
            out.append(list(extractor(doc)))
        except Exception as exc:  # noqa: BLE001 - reported per document, the batch goes on
            out.append(Failure(doc.id, f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


def _chunked(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(docs)
    while True:
        chunk = list(islice(iterator, size))
        if not chunk:
            return
        yield chunk


class _runner:
    """Context manager giving ``run(docs) -> iterator of (doc, figures | Failure)`` in input
    order, in-process, on a local process pool, or on a Dask cluster."""

    def __init__(self, extractor: Extractor, workers: int, scheduler: Optional[str],
                 fetch_policy: Optional["FetchPolicy"] = None):
        self.extractor, self.workers, self.scheduler = extractor, max(1, int(workers or 1)), scheduler
        self.fetch_policy = fetch_policy
        self.executor = None
        self.client = None

    def __enter__(self):
        if self.scheduler:
            from distributed import Client

            self.client = Client(self.scheduler, set_as_default=False)
            return self._run_dask
        if self.workers > 1:
            return self._run_pool
        return self._run_local

    def __exit__(self, *exc) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        if self.client is not None:
            self.client.close()

    def _run_local(self, docs: Iterable[Document]):
        for chunk in _chunked(docs, 1):
            yield from zip(chunk, extract_chunk(self.extractor, chunk))

    def _new_executor(self):
        from concurrent.futures import ProcessPoolExecutor

        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = ProcessPoolExecutor(max_workers=self.workers)
        return self.executor

    def _run_pool(self, docs: Iterable[Document]):
        from concurrent.futures.process import BrokenProcessPool

        executor = self._new_executor()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        pending: deque = deque()
        chunks = _chunked(docs, CHUNK)
        while True:
            while len(pending) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending.append((chunk, executor.submit(extract_chunk, self.extractor, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # a worker died (crash, OOM kill): this chunk is reported, the rest resubmitted
                results = [Failure(doc.id, "extraction worker died (process pool broken)") for doc in chunk]
                executor = self._new_executor()
                pending = deque(
                    (c, executor.submit(extract_chunk, self.extractor, c)) for c, _ in pending
                )
            yield from zip(chunk, results)

    def _run_dask(self, docs: Iterable[Document]):
        client = self.client
        threads = sum(client.nthreads().values()) or 1
        limit = threads * IN_FLIGHT_PER_WORKER
        pending: deque = deque()
        chunks = _chunked(docs, DASK_CHUNK)
        while True:
            while len(pending) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending.append((chunk, client.submit(extract_chunk, self.extractor, chunk, self.fetch_policy,
                                                     pure=False)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001 - worker lost, task error: report and go on
                results = [Failure(doc.id, f"{'fetching or ' if not isinstance(doc, Document) else ''}"
                                           f"extraction failed on the cluster: {type(exc).__name__}: {exc}")
                           for doc in chunk]
            finally:
                future.release()
            yield from zip(chunk, results)

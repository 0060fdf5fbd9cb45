"""The store-backed CLI commands: ``ingest``, ``watch``, ``feeds``, ``reindex``, ``export``,
``situations``, ``review``, ``reviews`` (parsed in cli.py).

Exit status: 0 when everything went in, 1 when some input failed (named in the summary on
stderr), 2 when the command could not run at all (bad store URL, bad filter value).
"""
from __future__ import annotations

import argparse
import os
import sys

from .sources import DEFAULT_MAX_BYTES
from .wording import plural

MAX_BYTES_ENV = "DISPLACEMENT_MAX_BYTES"
WORKERS_ENV = "DISPLACEMENT_WORKERS"
SCHEDULER_ENV = "DISPLACEMENT_SCHEDULER"


def _error(message: str) -> int:
    print(f"displacement: error: {message}", file=sys.stderr)
    return 2


def _open(args: argparse.Namespace):
    from .store import StoreError, open_store

    try:
        return open_store(getattr(args, "db", None))
    except StoreError as exc:
        raise SystemExit(_error(str(exc)))


def _store_errors() -> tuple:
    import sqlalchemy as sa

    from .store import StoreError

    return (sa.exc.SQLAlchemyError, StoreError, OSError)


def _show_progress(args: argparse.Namespace) -> bool:
    return not getattr(args, "no_progress", False) and sys.stderr.isatty()


def _max_bytes(args: argparse.Namespace) -> int:
    if getattr(args, "max_bytes", None):
        return int(args.max_bytes)
    env = os.environ.get(MAX_BYTES_ENV, "").strip()
    if env:
        try:
            return int(env)
        except ValueError:
            raise SystemExit(_error(f"{MAX_BYTES_ENV}={env!r}: expected a number of bytes"))
    return DEFAULT_MAX_BYTES


def _doc_seconds(args: argparse.Namespace):
    from .pipeline import DOC_SECONDS

    value = getattr(args, "doc_seconds", None)
    if value is None:
        return DOC_SECONDS
    if value < 0:
        raise SystemExit(_error(f"--doc-seconds {value:g}: expected 0 (no limit) or a number of seconds"))
    return value or None


def fetch_policy(args: argparse.Namespace, max_bytes: int):
    """The FetchPolicy of the command line's fetch options (and DISPLACEMENT_ALLOW_PRIVATE)."""
    import dataclasses

    from .fetch import FetchPolicy

    changes: dict = {"max_bytes": max_bytes}
    if getattr(args, "allow_private_addresses", False):
        changes["allow_private"] = True
    if getattr(args, "timeout", None):
        changes.update(connect_timeout=args.timeout, read_timeout=args.timeout)
    for option, name in (("deadline", "deadline"), ("max_redirects", "max_redirects"), ("retries", "retries"),
                         ("per_host", "per_host"), ("host_delay", "host_delay"), ("user_agent", "user_agent")):
        value = getattr(args, option, None)
        if value is not None:
            changes[name] = value
    return dataclasses.replace(FetchPolicy().with_env(), **changes)


def cmd_ingest(args: argparse.Namespace) -> int:
    """``displacement ingest PATH|URL... [--db URL] [--workers N] [--scheduler ADDRESS]
    [--max-bytes N] [--doc-seconds S] [--no-progress] [fetch options]``"""
    from .pipeline import FETCH_THREADS, ingest_inputs

    max_bytes = _max_bytes(args)
    workers = args.workers if args.workers and args.workers > 1 else int(os.environ.get(WORKERS_ENV, "1") or 1)
    scheduler = args.scheduler or os.environ.get(SCHEDULER_ENV) or None
    store = _open(args)
    try:
        summary = ingest_inputs(
            args.paths,
            store,
            workers=workers,
            scheduler=scheduler,
            max_bytes=max_bytes,
            progress=_show_progress(args),
            doc_seconds=_doc_seconds(args),
            fetch_policy=fetch_policy(args, max_bytes),
            fetch_threads=getattr(args, "fetch_threads", None) or FETCH_THREADS,
        )
    except _store_errors() as exc:
        return _error(f"{exc} (the batches written before this are kept; run again to finish)")
    finally:
        store.close()
    print(summary.format(), file=sys.stderr)
    return 0 if summary.ok else 1


def cmd_watch(args: argparse.Namespace) -> int:
    """``displacement watch [FEED...] [--every 15m] [--once] [--db URL] [--workers N]
    [--scheduler ADDRESS] [fetch options]``: follow feeds until interrupted (or one round)."""
    import signal
    import threading

    from .feeds import parse_every
    from .pipeline import FETCH_THREADS
    from .watch import WatchOptions, watch

    try:
        every = parse_every(args.every)
    except ValueError as exc:
        return _error(str(exc))
    max_bytes = _max_bytes(args)
    options = WatchOptions(
        every=every,
        policy=fetch_policy(args, max_bytes),
        scheduler=args.scheduler or os.environ.get(SCHEDULER_ENV) or None,
        workers=args.workers if args.workers and args.workers > 1 else int(os.environ.get(WORKERS_ENV, "1") or 1),
        fetch_threads=args.fetch_threads or FETCH_THREADS,
        progress=_show_progress(args),
    )
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    store = _open(args)
    failed = False

    def report(summary) -> None:
        nonlocal failed
        failed = bool(summary.feed_errors or summary.failed)
        print(summary.format(), file=sys.stderr, flush=True)

    try:
        if not args.feeds and store.feeds().empty:
            return _error("no feeds: name feed URLs (watch URL...) or add them (feeds --add URL)")
        watch(store, args.feeds, options, once=args.once, stop=stop, report=report)
    except _store_errors() as exc:
        return _error(f"{exc} (what was stored is kept; run again to go on)")
    finally:
        store.close()
    return 1 if (args.once and failed) else 0


def cmd_feeds(args: argparse.Namespace) -> int:
    """``displacement feeds [--add URL] [--pause URL] [--resume URL] [--remove URL]``: change
    the followed feeds, then list them with their last poll, new items and errors."""
    store = _open(args)
    try:
        for url in args.add:
            store.add_feed(url)
        missing = [u for u in args.pause if not store.set_feed_paused(u, True)]
        missing += [u for u in args.resume if not store.set_feed_paused(u, False)]
        missing += [u for u in args.remove if not store.remove_feed(u)]
        table = store.feeds()
    except _store_errors() as exc:
        return _error(str(exc))
    finally:
        store.close()
    if args.format == "csv":
        sys.stdout.write(table.to_csv(index=False))
    else:
        for row in table.itertuples(index=False):
            state = "paused" if row.paused else f"next poll {row.next_poll_at or 'now'}"
            print(f"{row.url}  [{state}]  last poll {row.last_poll_at or 'never'}  new {row.new_items}  "
                  f"stored {row.stored}  pending {row.pending}  failed {row.failed}  skipped {row.skipped}"
                  + (f"  ERROR ({row.failures}x): {row.last_error}" if row.last_error else ""))
        if table.empty:
            print("no feeds followed", file=sys.stderr)
    for url in missing:
        print(f"displacement: error: {url}: not a followed feed", file=sys.stderr)
    return 2 if missing else 0


def cmd_reindex(args: argparse.Namespace) -> int:
    """``displacement reindex [--db URL] [--all]``: re-extract documents stored by an older
    extractor version (or all of them)."""
    from .pipeline import reindex

    store = _open(args)
    try:
        summary = reindex(
            store,
            all=args.all,
            workers=int(os.environ.get(WORKERS_ENV, "1") or 1),
            scheduler=os.environ.get(SCHEDULER_ENV) or None,
            progress=_show_progress(args),
        )
    except _store_errors() as exc:
        return _error(f"{exc} (the batches written before this are kept; run again to finish)")
    finally:
        store.close()
    print(summary.format().replace("read ", "reindexed ", 1), file=sys.stderr)
    return 0 if summary.ok else 1


def _filtered_figures(args: argparse.Namespace):
    """The stored figures that pass the command line's filters (the dashboard's), or the exit
    status 2 when a filter value is malformed."""
    from .cli import filters_from_args
    from .export import export_frame
    from .filters import FilterError

    try:
        filters = filters_from_args(args)
    except FilterError as exc:
        return _error(str(exc))
    store = _open(args)
    try:
        return export_frame(store, filters)
    finally:
        store.close()


def _write_out(args: argparse.Namespace, data: bytes, what: str) -> None:
    """``data`` to ``--out`` (atomically: a reader never sees half a file) or to stdout."""
    if args.out and args.out != "-":
        folder = os.path.dirname(os.path.abspath(args.out))
        os.makedirs(folder, exist_ok=True)
        tmp = f"{args.out}.tmp{os.getpid()}"
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, args.out)
        print(f"wrote {what} to {args.out}", file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def cmd_situations(args: argparse.Namespace) -> int:
    """``displacement situations [--db URL] [filters] [--format csv|jsonl] [--reports]``: the
    dashboard's situation table (or its reports) for the figures that pass the filters."""
    import json

    from .export import situations_csv_bytes
    from .situations import reports_table, situations_table

    frame = _filtered_figures(args)
    if isinstance(frame, int):
        return frame
    reports = reports_table(frame)
    table = reports if args.reports else situations_table(reports)
    what = plural(len(table), "report" if args.reports else "situation", grouped=False)
    if args.format == "jsonl":
        lines = [json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False)
                 for row in table.to_dict(orient="records")]
        data = "".join(line + "\n" for line in lines).encode("utf-8")
    elif args.reports:
        data = table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    else:
        data = situations_csv_bytes(table, hxl=not args.no_hxl)
    _write_out(args, data, what)
    return 0


def _plain(value):
    """A JSON-ready cell: NaN and NA are null, numpy numbers are Python numbers."""
    import math

    import pandas as pd

    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, tuple)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def cmd_export(args: argparse.Namespace) -> int:
    """``displacement export [--db URL] [--out FILE] [--hxl] [filters]``: CSV (UTF-8 with BOM)
    of the stored figures that pass the dashboard's filters."""
    from .export import to_csv_bytes

    frame = _filtered_figures(args)
    if isinstance(frame, int):
        return frame
    _write_out(args, to_csv_bytes(frame, hxl=args.hxl), plural(len(frame), "figure", grouped=False))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """``displacement review FIGURE_ID --confirm | --reject | --set FIELD=VALUE... --editor NAME
    [--note TEXT]``: append a review; ``--set`` keeps the fields of the latest correction."""
    from .reviews import ReviewError, combine_changes, parse_assignments

    store = _open(args)
    try:
        action, changes = args.action, None
        if args.assignments:
            action = "correct"
            changes = combine_changes(store.latest_review(args.figure_id), parse_assignments(args.assignments))
        review = store.add_review(args.figure_id, action, changes, editor=args.editor, note=args.note)
    except ReviewError as exc:
        return _error(str(exc))
    except _store_errors() as exc:
        return _error(str(exc))
    finally:
        store.close()
    print(format_review(review))
    return 0


def cmd_reviews(args: argparse.Namespace) -> int:
    """``displacement reviews [FIGURE_ID] [--format text|jsonl]``: the review history, oldest
    first; of one figure it includes reviews made under the id it had before a re-extraction."""
    import json

    store = _open(args)
    try:
        history = store.reviews(args.figure_id)
        if args.figure_id and not history and not store.has_figure(args.figure_id):
            return _error(f"no figure and no review {args.figure_id!r} in the store")
    except _store_errors() as exc:
        return _error(str(exc))
    finally:
        store.close()
    for review in history:
        if args.format == "jsonl":
            print(json.dumps(review.to_dict(), ensure_ascii=False))
        else:
            print(format_review(review))
    if not history:
        print("no reviews" + (f" of {args.figure_id}" if args.figure_id else ""), file=sys.stderr)
    return 0


def format_review(review) -> str:
    """One line of history: ``2026-01-31T09:15:00+00:00  corrected  <figure>  by ann: value=9000 (note)``."""
    changes = ", ".join(f"{k}={'' if v is None else v}" for k, v in review.changes.items())
    line = f"{review.at}  #{review.review_id}  {review.status:<9}  {review.figure_id}  by {review.editor}"
    if changes:
        line += f": {changes}"
    if review.note:
        line += f"  ({review.note})"
    return line

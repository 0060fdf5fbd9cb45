"""`displacement extract | ingest | watch | feeds | reindex | export | situations | review | reviews | dashboard`.

Argument parsing lives here; each command's work lives in the module named for it.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from typing import Optional, Sequence

from .model import FIGURE_FIELDS


def _add_filter_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (the dashboard's, same names as its URL parameters)")
    for name in ("category", "term", "country", "location", "source", "qualifier"):
        group.add_argument(f"--{name}", action="append", default=[], help=f"keep only this {name} (repeatable)")
    group.add_argument("--since", help="reference date on or after YYYY-MM-DD")
    group.add_argument("--until", help="reference date on or before YYYY-MM-DD")
    group.add_argument("--q", "--search", dest="q", default="", help="text that the quote must contain")
    group.add_argument("--min-confidence", type=float, default=0.0, help="minimum confidence, 0..1")
    group.add_argument("--review", default=None, metavar="WHICH",
                       help="all | reviewed | confirmed | corrected | unreviewed | rejected "
                            "(default: every figure but the rejected ones)")


def filters_from_args(args: argparse.Namespace):
    from .filters import Filters

    params: dict[str, object] = {
        name: getattr(args, name) for name in ("category", "term", "country", "location", "source", "qualifier")
    }
    params.update({"since": args.since or "", "until": args.until or "", "q": args.q,
                   "review": getattr(args, "review", None) or ""})
    if args.min_confidence:
        params["min_confidence"] = str(args.min_confidence)
    return Filters.from_query_params({k: v for k, v in params.items() if v not in ("", [], None)})


def _add_fetch_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("fetching web pages and feeds")
    group.add_argument("--allow-private-addresses", action="store_true",
                       help="fetch from private, loopback and link-local addresses too "
                            "(also: DISPLACEMENT_ALLOW_PRIVATE=1); off by default")
    group.add_argument("--timeout", type=float, default=None, help="seconds to connect and per read (default 10/20)")
    group.add_argument("--deadline", type=float, default=None, help="seconds for one whole fetch (default 60)")
    group.add_argument("--max-redirects", type=int, default=None, help="redirects followed (default 5)")
    group.add_argument("--retries", type=int, default=None, help="further attempts after a timeout, 429 or 5xx (default 2)")
    group.add_argument("--per-host", type=int, default=None, help="requests at a time to one host (default 2)")
    group.add_argument("--host-delay", type=float, default=None,
                       help="seconds between two requests to one host (default 0; robots.txt Crawl-delay wins)")
    group.add_argument("--user-agent", default=None, help="the User-Agent sent (default names this tool)")
    group.add_argument("--fetch-threads", type=int, default=None, help="pages fetched at a time (default 8)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="displacement", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="print the figures found in articles (.txt files, .jsonl feeds)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--household-size", type=float, default=None, help="override the household size used for families/households")

    p = sub.add_parser("ingest", help="extract articles into the store")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files, folders (recursive), globs, web page or feed URLs, .txt lists of URLs")
    p.add_argument("--db", help="SQLAlchemy URL (default: $DISPLACEMENT_DB or sqlite:///data/displacement.db)")
    p.add_argument("--workers", type=int, default=1, help="extract in N local processes")
    p.add_argument("--scheduler", help="address of a Dask distributed scheduler to extract on")
    p.add_argument("--max-bytes", type=int, default=None, help="skip files larger than this (default 10 MB)")
    p.add_argument("--doc-seconds", type=float, default=None,
                   help="report and skip a document whose extraction takes longer (default 120; 0: no limit)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_fetch_args(p)

    p = sub.add_parser("watch", help="follow RSS/Atom feeds: poll them and store their new items")
    p.add_argument("feeds", nargs="*", metavar="FEED", help="feed URLs to follow (default: every followed feed)")
    p.add_argument("--every", default="15m", help="time between two polls of a feed: 90s, 15m, 2h (default 15m)")
    p.add_argument("--once", action="store_true", help="one round (the due feeds), then exit")
    p.add_argument("--db")
    p.add_argument("--workers", type=int, default=1, help="extract in N local processes")
    p.add_argument("--scheduler", help="address of a Dask scheduler: pages are fetched and extracted there")
    p.add_argument("--max-bytes", type=int, default=None, help="largest page or feed read (default 10 MB)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_fetch_args(p)

    p = sub.add_parser("feeds", help="list the followed feeds (last poll, new items, errors); add, pause, resume, remove")
    p.add_argument("--db")
    p.add_argument("--add", action="append", default=[], metavar="URL", help="follow a feed (repeatable)")
    p.add_argument("--pause", action="append", default=[], metavar="URL", help="stop polling a feed for now")
    p.add_argument("--resume", action="append", default=[], metavar="URL", help="poll a paused feed again")
    p.add_argument("--remove", action="append", default=[], metavar="URL", help="stop following a feed")
    p.add_argument("--format", choices=("text", "csv"), default="text")

    p = sub.add_parser("reindex", help="re-extract stored documents (after an extractor upgrade)")
    p.add_argument("--db")
    p.add_argument("--all", action="store_true", help="re-extract every document, not only those from older versions")

    p = sub.add_parser("export", help="write the stored figures as CSV, with the dashboard's filters")
    p.add_argument("--db")
    p.add_argument("--out", help="file to write (default: stdout)")
    p.add_argument("--hxl", action="store_true", help="add the HXL hashtag row under the header")
    _add_filter_args(p)

    p = sub.add_parser("situations", help="one estimate per place and category, from the stored figures")
    p.add_argument("--db")
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    p.add_argument("--reports", action="store_true", help="list the reports (restatements grouped) instead")
    p.add_argument("--no-hxl", action="store_true", help="CSV without the HXL hashtag row")
    p.add_argument("--out", help="file to write (default: stdout)")
    _add_filter_args(p)

    p = sub.add_parser(
        "review", help="confirm, correct or reject a stored figure (appended to its review history)",
        description="Review a stored figure. The latest review of a figure wins; nothing is overwritten. "
                    "--set starts from the figure's latest correction, so fields corrected before stay corrected.",
    )
    p.add_argument("figure_id", metavar="FIGURE_ID")
    action = p.add_mutually_exclusive_group(required=True)
    action.add_argument("--confirm", dest="action", action="store_const", const="confirm",
                        help="the figure is right as extracted")
    action.add_argument("--reject", dest="action", action="store_const", const="reject", help="it is not a figure")
    action.add_argument("--set", dest="assignments", action="append", metavar="FIELD=VALUE",
                        help="correct a field (repeatable): value, low, high, qualifier, category, term, "
                             "figure_type, location, admin1, country_iso3, lat, lon, location_precision, date, "
                             "date_precision, period_start, period_end; FIELD= empties it")
    p.add_argument("--editor", required=True, help="who reviews (recorded with the review)")
    p.add_argument("--note", help="why (recorded with the review)")
    p.add_argument("--db")

    p = sub.add_parser("reviews", help="print the review history, oldest first (of one figure, or all)")
    p.add_argument("figure_id", nargs="?", metavar="FIGURE_ID")
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.add_argument("--db")

    p = sub.add_parser("dashboard", help="open the Streamlit dashboard")
    p.add_argument("--db")
    p.add_argument("--port", type=int, default=None)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return cmd_extract(args)
    if args.command == "dashboard":
        return cmd_dashboard(args)
    from . import commands  # store-backed commands

    return getattr(commands, f"cmd_{args.command}")(args)


def cmd_extract(args: argparse.Namespace) -> int:
    from .extract import extract_document
    from .sources import Failure, read_paths

    failed = 0
    writer = None
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(FIGURE_FIELDS), extrasaction="ignore")
        writer.writeheader()
    for item in read_paths(args.paths):
        if isinstance(item, Failure):
            if item.reason.startswith("empty"):
                # an empty article is not an error for extract: it simply has no figures
                print(f"displacement: note: {item.name}: {item.reason}, no figures", file=sys.stderr)
                continue
            failed += 1
            print(f"displacement: error: {item.name}: {item.reason}", file=sys.stderr)
            continue
        for note in item.notes:
            print(f"displacement: note: {item.id}: {note}", file=sys.stderr)
        try:
            figures = extract_document(item, household_size=args.household_size)
        except Exception as exc:  # noqa: BLE001 - one bad document never stops the others
            failed += 1
            print(f"displacement: error: {item.id}: extraction failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        for figure in figures:
            row = figure.to_dict()
            if writer:
                writer.writerow(row)
            else:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 1 if failed else 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Replaces this process with `streamlit run dashboard.py`, from the repository root so
    that `.streamlit/config.toml` applies (and stopping it stops the server)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = os.path.join(root, "dashboard.py")
    if not os.path.exists(app):
        print(f"displacement: error: {app} not found (run from a source checkout)", file=sys.stderr)
        return 2
    if args.db:
        os.environ["DISPLACEMENT_DB"] = args.db
    # a run started here is local: without sign-in or an editor password, the person at this
    # machine may upload and review (access.py); a hosted `streamlit run` stays read-only
    from .access import LOCAL_ENV

    os.environ[LOCAL_ENV] = "1"
    cmd = [sys.executable, "-m", "streamlit", "run", app]
    if args.port:
        cmd += ["--server.port", str(args.port)]
    os.chdir(root)
    sys.stdout.flush()
    os.execv(sys.executable, cmd)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())

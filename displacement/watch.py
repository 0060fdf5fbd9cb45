"""Following feeds: poll RSS/Atom feeds, fetch their new items, extract and store them.

State lives in the store (``Store.feeds``, ``feed_items``), written as it happens:

1. a poll (conditional: ETag / Last-Modified) records the feed's validators and the items it
   had not seen, as *pending*, in one transaction;
2. pending items are fetched, extracted and stored in batches; after each batch the items it
   stored are marked *stored* (or *failed*, with the time of their next try, or *skipped*).

A watcher killed anywhere re-reads nothing it marked and misses nothing it recorded: the next
run starts with the pending items. The window between storing a batch and marking it is closed
by the document ids: an item's document is its URL, so a page fetched twice is stored once.

Feeds are polled on a few threads at once, and each feed's new items start going through the
pipeline as soon as its poll is recorded, so a slow or failing feed delays no other. A feed that
fails waits ``every * 2**failures`` (at most a day) before its next poll; a page that fails is
tried again with growing delays and given up after a few attempts.

I/O module: network (through ``fetch``), store, clock. Pure rules are in ``feeds.py``.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterator, Optional, Sequence

from . import feeds as rules
from .fetch import FEED_TYPES, Fetcher, FetchError, FetchFailure, FetchPolicy, PageRequest
from .sources import Failure
from .store import Store

FEED_THREADS = 4  # feeds polled at a time (each host still at most FetchPolicy.per_host)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class WatchOptions:
    every: float = 900.0  # seconds between two polls of a feed
    policy: FetchPolicy = field(default_factory=lambda: FetchPolicy().with_env())
    scheduler: Optional[str] = None
    workers: int = 1
    fetch_threads: int = 8
    feed_threads: int = FEED_THREADS
    batch_size: int = 200
    progress: bool = False
    extractor: Optional[Callable] = None
    extractor_version: Optional[str] = None
    copies: bool = True


@dataclass
class PollOutcome:
    url: str
    status: Optional[int] = None
    error: Optional[str] = None
    retry_after: Optional[float] = None
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    title: Optional[str] = None
    items: tuple = ()
    warning: Optional[str] = None


@dataclass
class RoundSummary:
    polled: int = 0
    not_modified: int = 0
    feed_errors: list[tuple[str, str]] = field(default_factory=list)
    new_items: int = 0
    stored: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0
    seconds: float = 0.0
    ingest: object = None  # the pipeline's IngestSummary

    def format(self) -> str:
        lines = [
            f"polled {self.polled} feed{'s' if self.polled != 1 else ''} ({self.not_modified} not modified, "
            f"{len(self.feed_errors)} failed): {self.new_items} new items; {self.stored} stored, "
            f"{len(self.failed)} failed, {self.skipped} skipped in {self.seconds:.1f} s"
        ]
        lines += [f"  FEED FAILED {url}: {error}" for url, error in self.feed_errors]
        lines += [f"  FAILED {url}: {reason}" for url, reason in self.failed]
        return "\n".join(lines)

    __str__ = format


def poll_feed(fetcher: Fetcher, feed: dict) -> PollOutcome:
    """One conditional GET of a feed and its items (never raises)."""
    url = feed["url"]
    headers = {}
    if feed.get("etag"):
        headers["If-None-Match"] = feed["etag"]
    if feed.get("last_modified"):
        headers["If-Modified-Since"] = feed["last_modified"]
    try:
        if not fetcher.robots_allow(url):
            return PollOutcome(url, error="disallowed by the site's robots.txt")
        response = fetcher.fetch(url, headers=headers, accept=FEED_TYPES)
    except FetchError as exc:
        return PollOutcome(url, status=exc.status, error=exc.reason if exc.url == url else str(exc),
                           retry_after=exc.retry_after)
    if response.status == 304:
        return PollOutcome(url, status=304)
    try:
        parsed = rules.parse_feed(response.body, response.url)
    except rules.FeedError as exc:
        return PollOutcome(url, status=response.status, error=str(exc).removeprefix(f"{response.url}: "))
    return PollOutcome(url, status=response.status, etag=response.headers.get("etag"),
                       last_modified=response.headers.get("last-modified"), title=parsed.title,
                       items=tuple(item.as_row() for item in parsed.items), warning=parsed.warning)


class _Round:
    """One round: poll the due feeds, then fetch, extract and store their pending items."""

    def __init__(self, store: Store, urls: Optional[Sequence[str]], options: WatchOptions,
                 clock: Callable[[], datetime]):
        self.store, self.urls, self.options, self.clock = store, urls, options, clock
        self.summary = RoundSummary()
        self.owners: dict[str, list[tuple[str, str]]] = {}  # document id -> (feed, item key)
        self.attempts: dict[tuple[str, str], int] = {}
        self.lock = threading.Lock()

    def run(self) -> RoundSummary:
        from .pipeline import ingest_items

        started = time.monotonic()
        options = self.options
        self.summary.ingest = ingest_items(
            self._requests(), self.store, workers=options.workers, scheduler=options.scheduler,
            progress=options.progress, extractor=options.extractor, extractor_version=options.extractor_version,
            batch_size=options.batch_size, fetch_policy=options.policy, fetch_threads=options.fetch_threads,
            copies=options.copies, on_written=self._written,
        )
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _requests(self) -> Iterator[PageRequest]:
        """Pending items left by an earlier run first, then each due feed's new items as soon
        as its poll is recorded."""
        now = rules.iso(self.clock())
        due = self.store.due_feeds(now, self.urls)
        yield from self._pending(now, [f["url"] for f in due], exclude=True)
        if not due:
            return
        fetcher = Fetcher(self.options.policy)
        try:
            with ThreadPoolExecutor(max(1, self.options.feed_threads), thread_name_prefix="poll") as pool:
                futures = [pool.submit(poll_feed, fetcher, feed) for feed in due]
                failures = {feed["url"]: int(feed.get("failures") or 0) for feed in due}
                for future in as_completed(futures):
                    outcome = future.result()
                    self._record(outcome, failures[outcome.url])
                    yield from self._pending(rules.iso(self.clock()), [outcome.url])
        finally:
            fetcher.close()

    def _record(self, outcome: PollOutcome, failures: int) -> None:
        moment = self.clock()
        self.summary.polled += 1
        if outcome.error is None:
            self.summary.not_modified += outcome.status == 304
            when = rules.next_poll(moment, self.options.every, 0)
        else:
            self.summary.feed_errors.append((outcome.url, outcome.error))
            when = rules.next_poll(moment, self.options.every, failures + 1, outcome.retry_after)
        new = self.store.record_poll(
            outcome.url, at=rules.iso(moment), next_poll_at=rules.iso(when), status=outcome.status,
            error=outcome.error, etag=outcome.etag, last_modified=outcome.last_modified, title=outcome.title,
            items=outcome.items,
        )
        self.summary.new_items += new

    def _pending(self, now: str, feed_urls: Sequence[str], exclude: bool = False) -> Iterator[PageRequest]:
        """Requests for the pending items of these feeds (of every selected feed but these with
        ``exclude``); an item whose page is already requested this round is only remembered."""
        if exclude:
            items = [i for i in self.store.pending_items(now, self.urls) if i["feed_url"] not in set(feed_urls)]
        elif feed_urls:
            items = self.store.pending_items(now, feed_urls)
        else:
            items = []
        no_link = []
        for item in items:
            owner = (item["feed_url"], item["item_key"])
            if not item["url"]:
                no_link.append((*owner, "the item links to no page"))
                continue
            request = PageRequest(item["url"], title=item["title"], published=item["published"])
            with self.lock:
                self.attempts[owner] = int(item["attempts"] or 0)
                first = request.id not in self.owners
                self.owners.setdefault(request.id, [])
                if owner in self.owners[request.id]:
                    continue
                self.owners[request.id].append(owner)
            if first:
                yield request
        if no_link:
            self.store.mark_items(skipped=no_link)
            self.summary.skipped += len(no_link)

    def _written(self, ids: list[str], failures: list[Failure]) -> None:
        """After each stored batch: mark its items stored, failed (next try) or skipped."""
        now = self.clock()
        done, failed = [], []
        with self.lock:
            for doc_id in ids:
                for feed_url, key in self.owners.pop(doc_id, ()):
                    done.append((feed_url, key, doc_id))
            for failure in failures:
                owners = self.owners.pop(failure.name, ())
                retryable = isinstance(failure, FetchFailure) and failure.retryable
                for feed_url, key in owners:
                    attempts = self.attempts.get((feed_url, key), 0) + 1
                    nxt = rules.item_retry(now, attempts, retryable)
                    failed.append((feed_url, key, failure.reason, rules.iso(nxt) if nxt else None))
                    if nxt is None:
                        self.summary.skipped += 1
                    else:
                        self.summary.failed.append((failure.name, failure.reason))
        self.summary.stored += len(done)
        self.store.mark_items(done=done, failed=failed)


def watch_round(store: Store, urls: Optional[Sequence[str]] = None, options: Optional[WatchOptions] = None,
                clock: Callable[[], datetime] = utc_now) -> RoundSummary:
    """Poll the due feeds (those in ``urls``, else every followed feed) and store their new
    items; returns what happened."""
    return _Round(store, list(urls) if urls else None, options or WatchOptions(), clock).run()


def watch(store: Store, urls: Sequence[str] = (), options: Optional[WatchOptions] = None, *, once: bool = False,
          stop: Optional[threading.Event] = None, clock: Callable[[], datetime] = utc_now,
          report: Callable[[RoundSummary], None] = lambda s: None) -> Optional[RoundSummary]:
    """Follow ``urls`` (added to the store's feeds) or, with none, every followed feed: a round
    now, then one whenever a feed is due, until ``stop`` is set (or after one round with
    ``once``). Returns the last round's summary."""
    options = options or WatchOptions()
    for url in urls:
        store.add_feed(url)
    selected = list(urls) or None
    stop = stop or threading.Event()
    last = None
    while not stop.is_set():
        last = watch_round(store, selected, options, clock)
        report(last)
        if once:
            break
        due = store.next_poll_at(selected)
        wait = options.every
        if due:
            moment = datetime.fromisoformat(due)
            wait = min(options.every, max(1.0, (moment - clock()).total_seconds()))
        stop.wait(wait)
    return last

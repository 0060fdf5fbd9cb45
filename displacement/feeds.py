"""Feeds and schedules (pure): RSS/Atom bytes to items, polling intervals, backoff, URL lists.

``feedparser`` parses bytes already fetched (``fetch.py`` does the network, safely); nothing here
reads the clock: times come in as arguments.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional
from urllib.parse import urljoin, urlsplit

#: a failing feed waits ``every * 2**failures``, at most this long
MAX_FEED_BACKOFF = timedelta(days=1)
#: a page that failed is tried again after ``ITEM_RETRY * 2**(attempts - 1)``, at most
#: ``MAX_ITEM_BACKOFF``, and given up after ``MAX_ITEM_ATTEMPTS`` attempts
ITEM_RETRY = timedelta(minutes=1)
MAX_ITEM_BACKOFF = timedelta(hours=6)
MAX_ITEM_ATTEMPTS = 5

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\s*$", re.I)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_URL_LINE = re.compile(r"^https?://\S+$", re.I)


class FeedError(ValueError):
    """Bytes that are not a readable RSS or Atom feed; the message names the feed and why."""


@dataclass(frozen=True)
class FeedItem:
    key: str  # the item's guid/id, else its link, else a hash of its title and summary
    url: Optional[str]  # the article page (absolute http(s) URL), None when the item has none
    title: Optional[str] = None
    published: Optional[str] = None  # ISO date (YYYY-MM-DD) when the feed gives one

    def as_row(self) -> dict:
        return {"key": self.key, "url": self.url, "title": self.title, "published": self.published}


@dataclass(frozen=True)
class ParsedFeed:
    title: Optional[str]
    items: tuple[FeedItem, ...]
    warning: Optional[str] = None  # the feed was not well-formed but items could be read


def parse_feed(data: bytes, url: str) -> ParsedFeed:
    """Items of an RSS or Atom document, in feed order (relative links resolved against
    ``url``). Raises FeedError for malformed XML without items and for anything that is not a
    feed (an HTML page, a PDF)."""
    import feedparser

    if not data.strip():
        raise FeedError(f"{url}: empty feed")
    parsed = feedparser.parse(data, response_headers={"content-location": url, "content-type": "application/xml"})
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and not any(entry.get("link") or entry.get("id") for entry in parsed.entries):
        # the loose parser salvages fragments of a broken document; without a link or an id
        # they are no items
        raise FeedError(f"{url}: not a readable feed: malformed XML ({_first_line(problem)})")
    if not parsed.entries:
        if problem is not None:
            raise FeedError(f"{url}: not a readable feed: malformed XML ({_first_line(problem)})")
        if not parsed.get("version"):
            raise FeedError(f"{url}: not an RSS or Atom feed")
    items, taken = [], set()
    for entry in parsed.entries:
        item = _item(entry, url)
        if item.key in taken:
            continue
        taken.add(item.key)
        items.append(item)
    title = (parsed.feed.get("title") or "").strip() or None
    warning = f"malformed XML, read anyway: {_first_line(problem)}" if problem is not None else None
    return ParsedFeed(title, tuple(items), warning)


def _first_line(exc: object) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _item(entry, feed_url: str) -> FeedItem:
    link = None
    for candidate in [entry.get("link")] + [l.get("href") for l in entry.get("links", []) if l.get("rel") == "alternate"]:
        if candidate:
            absolute = urljoin(feed_url, candidate.strip())
            if urlsplit(absolute).scheme in ("http", "https"):
                link = absolute
                break
    title = (entry.get("title") or "").strip() or None
    key = (entry.get("id") or entry.get("guid") or "").strip() or link
    if not key:
        digest = hashlib.sha256(f"{title}\n{entry.get('summary', '')}".encode("utf-8")).hexdigest()[:24]
        key = f"sha256:{digest}"
    published = None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp:
        published = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
    return FeedItem(key=key, url=link, title=title, published=published)


def parse_every(text: str) -> float:
    """Seconds in an interval such as ``15m``, ``90s``, ``2h``, ``1d`` (a bare number is
    seconds). Raises ValueError naming the text."""
    match = _EVERY.match(str(text))
    if not match:
        raise ValueError(f"--every {text!r}: expected a number with s, m, h or d (15m, 2h)")
    seconds = float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s")[0].lower()]
    if seconds <= 0:
        raise ValueError(f"--every {text!r}: expected more than 0")
    return seconds


def next_poll(now: datetime, every: float, failures: int, retry_after: Optional[float] = None) -> datetime:
    """When to poll a feed next: ``every`` seconds after a good poll; after ``failures``
    consecutive failures, ``every * 2**failures`` (at most a day), and never sooner than the
    server's Retry-After."""
    wait = timedelta(seconds=every)
    if failures > 0:
        wait = min(timedelta(seconds=every * 2 ** min(failures, 30)), max(MAX_FEED_BACKOFF, wait))
    if retry_after:
        wait = max(wait, timedelta(seconds=retry_after))
    return now + wait


def item_retry(now: datetime, attempts: int, retryable: bool = True) -> Optional[datetime]:
    """When to fetch a failed page again after ``attempts`` attempts, or None to give up (the
    failure is permanent, or it failed ``MAX_ITEM_ATTEMPTS`` times)."""
    if not retryable or attempts >= MAX_ITEM_ATTEMPTS:
        return None
    return now + min(ITEM_RETRY * 2 ** max(0, attempts - 1), MAX_ITEM_BACKOFF)


def iso(moment: datetime) -> str:
    """The store's time format: UTC, seconds, ``+00:00``; comparable as text."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def url_list(text: str) -> Optional[list[str]]:
    """The URLs of a ``.txt`` list (one http(s) URL a line; blank lines and ``#`` comments
    allowed), or None when the text is not such a list (an article)."""
    urls = []
    for line in text.splitlines():
        line = line.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        if not _URL_LINE.match(line):
            return None
        urls.append(line)
    return urls or None


def is_url(text: str) -> bool:
    return bool(_URL_LINE.match(text.strip()))

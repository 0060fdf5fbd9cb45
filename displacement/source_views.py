"""The Sources panel of the page (issue 16), as pure functions: the followed feeds as a person
reads them, and the check of a feed address an editor types. The page only lays them out."""
from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd

#: the panel's columns, in order, from ``Store.feeds()``
COLUMNS = ("Feed", "Status", "Last poll", "New in last poll", "Stored", "Waiting", "Failed", "Last error", "Next poll")


class FeedAddressError(ValueError):
    """An address that cannot be followed as a feed, with what was expected."""


def check_feed_url(text: str) -> str:
    """The address to follow, stripped; raises FeedAddressError naming what is wrong. Only
    http(s) addresses with a host are followed (the fetcher refuses every other scheme too)."""
    url = (text or "").strip()
    if not url:
        raise FeedAddressError("Type the address of an RSS or Atom feed (https://...).")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FeedAddressError(f"“{url}” is not a web address: a feed address starts with https:// or http://.")
    if not parts.hostname:
        raise FeedAddressError(f"“{url}” names no host.")
    return url


def _when(value) -> str:
    """An ISO time as "2026-12-07 20:14 UTC"; "never" when there is none."""
    if not _text(value):
        return "never"
    text = str(value).replace("T", " ")
    return text[:16] + " UTC" if len(text) >= 16 else text


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _status(row) -> str:
    if bool(row.get("paused")):
        return "paused"
    failures = int(row.get("failures") or 0)
    if failures:
        return f"failing ({failures} in a row, backing off)"
    if not _text(row.get("last_poll_at")):
        return "waiting for its first poll"
    return "ok"


def feed_rows(feeds: pd.DataFrame) -> pd.DataFrame:
    """One row per followed feed: its title (else address), status, last poll, what the last poll
    brought, item counts, the last error and the next poll."""
    rows = []
    for row in feeds.to_dict("records"):
        rows.append({
            "Feed": _text(row.get("title")) or _text(row.get("url")),
            "Status": _status(row),
            "Last poll": _when(row.get("last_poll_at")),
            "New in last poll": int(row.get("new_items") or 0),
            "Stored": int(row.get("stored") or 0),
            "Waiting": int(row.get("pending") or 0),
            "Failed": int(row.get("failed") or 0),
            "Last error": _text(row.get("last_error")),
            "Next poll": "paused" if bool(row.get("paused")) else (
                "due now" if not _text(row.get("next_poll_at")) else _when(row.get("next_poll_at"))),
        })
    return pd.DataFrame(rows, columns=list(COLUMNS))

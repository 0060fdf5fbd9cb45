"""The Sources panel's pure parts (issue 16): feed rows as read, and the check of a typed address."""
import pandas as pd
import pytest

from displacement import source_views


@pytest.mark.parametrize("text,expected", [
    ("  https://reliefweb.int/updates/rss.xml ", "https://reliefweb.int/updates/rss.xml"),
    ("http://example.org/feed", "http://example.org/feed"),
])
def test_a_web_address_is_followed(text, expected):
    assert source_views.check_feed_url(text) == expected


@pytest.mark.parametrize("text,message", [
    ("", "Type the address"),
    ("file:///etc/passwd", "is not a web address"),
    ("ftp://example.org/feed", "is not a web address"),
    ("reliefweb.int/rss", "is not a web address"),
    ("https://", "names no host"),
])
def test_anything_else_is_refused_with_what_was_expected(text, message):
    with pytest.raises(source_views.FeedAddressError, match=message):
        source_views.check_feed_url(text)


def test_feed_rows_say_status_last_poll_and_errors():
    feeds = pd.DataFrame([
        {"url": "https://a.org/rss", "title": "Agency A", "paused": False, "last_poll_at": "2026-12-07T20:14:27+00:00",
         "failures": 0, "new_items": 3, "stored": 40, "pending": 1, "failed": 0, "last_error": None,
         "next_poll_at": "2026-12-07T20:29:27+00:00"},
        {"url": "https://b.org/atom", "title": None, "paused": False, "last_poll_at": "2026-12-07T20:00:00+00:00",
         "failures": 3, "new_items": 0, "stored": 0, "pending": 0, "failed": 0, "last_error": "HTTP 500",
         "next_poll_at": "2026-12-07T22:00:00+00:00"},
        {"url": "https://c.org/rss", "title": "C", "paused": True, "last_poll_at": None, "failures": 0,
         "new_items": 0, "stored": 0, "pending": 0, "failed": 0, "last_error": None, "next_poll_at": None},
    ])
    rows = source_views.feed_rows(feeds)
    assert list(rows.columns) == list(source_views.COLUMNS)
    assert rows.to_dict("records") == [
        {"Feed": "Agency A", "Status": "ok", "Last poll": "2026-12-07 20:14 UTC", "New in last poll": 3, "Stored": 40,
         "Waiting": 1, "Failed": 0, "Last error": "", "Next poll": "2026-12-07 20:29 UTC"},
        {"Feed": "https://b.org/atom", "Status": "failing (3 in a row, backing off)", "Last poll": "2026-12-07 20:00 UTC",
         "New in last poll": 0, "Stored": 0, "Waiting": 0, "Failed": 0, "Last error": "HTTP 500",
         "Next poll": "2026-12-07 22:00 UTC"},
        {"Feed": "C", "Status": "paused", "Last poll": "never", "New in last poll": 0, "Stored": 0, "Waiting": 0,
         "Failed": 0, "Last error": "", "Next poll": "paused"},
    ]

"""Following feeds (watch.py, the feeds tables of the store), against a real HTTP server on
127.0.0.1; the clock is passed in, so backoff is checked without waiting."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from conftest import fake_extract, run_cli
from displacement import feeds as rules
from displacement import situations, syndication, views
from displacement.fetch import FetchPolicy
from displacement.store import open_store
from displacement.watch import WatchOptions, watch, watch_round
from webserver import LocalWeb, article, atom, rss

POLICY = FetchPolicy(allow_private=True, retries=0, backoff=0.01, connect_timeout=2, read_timeout=1, deadline=5,
                     robots=False)
T0 = datetime(2024, 3, 5, 8, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now=T0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **kw):
        self.now += timedelta(**kw)


def story(i: int, place: str = "Sindh") -> list[str]:
    return [f"Some {i},000 people have been displaced by floods in {place} province, officials said on Tuesday.",
            f"Report {i}: the water rose overnight and covered the main road to the district hospital in the "
            f"{place} lowlands, cutting off villages {i} kilometres away.",
            f"Aid groups said tents and clean water were the most urgent needs in story number {i}."]


@pytest.fixture
def web():
    server = LocalWeb()
    yield server
    server.close()


@pytest.fixture
def store(backend_url):
    with open_store(backend_url) as s:
        yield s


def options(**kw) -> WatchOptions:
    kw = {"every": 900, "policy": POLICY, "extractor": fake_extract, "batch_size": 10, **kw}
    return WatchOptions(**kw)


def serve_feed(web, path: str, n: int, kind=rss, start: int = 0, **route) -> str:
    links = []
    for i in range(start, start + n):
        web.route(f"{path}/a{i}", body=article(f"Story {i}", story(i)))
        links.append((f"urn:{path}:{i}", web.url(f"{path}/a{i}"), f"Story {i}"))
    return web.route(path, body=kind(path, links), type="application/xml", **route)


# ---- the store's feeds API (what the Sources panel reads and changes) ----------------------------


def test_feeds_are_added_paused_resumed_and_removed(store):
    assert store.add_feed("https://a.example/feed") is True
    assert store.add_feed("https://a.example/feed") is False
    store.add_feed("https://b.example/rss", paused=True)
    table = store.feeds()
    assert table["url"].tolist() == ["https://a.example/feed", "https://b.example/rss"]
    assert table["paused"].tolist() == [False, True]
    assert {"last_poll_at", "new_items", "last_error", "failures", "next_poll_at", "stored", "pending"} <= set(table)
    far = "2999-01-01T00:00:00+00:00"
    assert [f["url"] for f in store.due_feeds(far)] == ["https://a.example/feed"]
    assert store.set_feed_paused("https://a.example/feed", True) and store.due_feeds(far) == []
    assert store.set_feed_paused("https://b.example/rss", False)
    assert [f["url"] for f in store.due_feeds(far)] == ["https://b.example/rss"]
    assert store.set_feed_paused("https://nowhere/", True) is False
    assert store.remove_feed("https://a.example/feed") and store.feeds()["url"].tolist() == ["https://b.example/rss"]


# ---- polling ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [rss, atom])
def test_new_items_are_fetched_extracted_and_stored_once(web, store, kind):
    feed = serve_feed(web, "/feed", 12, kind, etag='"v1"')
    clock = Clock()
    first = watch_round(store, [feed], options(), clock) if store.add_feed(feed) else None
    assert (first.polled, first.new_items, first.stored, first.failed) == (1, 12, 12, [])
    assert store.count_documents() == 12 and store.count_figures() > 0
    row = store.feeds().iloc[0]
    assert (row["new_items"], row["stored"], row["pending"], row["last_error"], row["title"]) == (12, 12, 0, None, "/feed")
    assert store.feed(feed)["etag"] == '"v1"'
    # not due yet: nothing is asked of the server
    assert watch_round(store, [feed], options(), clock).polled == 0
    clock.advance(minutes=16)
    again = watch_round(store, [feed], options(), clock)
    assert (again.polled, again.not_modified, again.new_items, again.stored) == (1, 1, 0, 0)
    feed_requests = [h for p, h in web.requests if p == "/feed"]
    assert feed_requests[-1]["If-None-Match"] == '"v1"'
    assert all(web.hits[f"/feed/a{i}"] == 1 for i in range(12))


def test_last_modified_is_sent_back_and_only_new_items_are_read(web, store):
    stamp = "Tue, 05 Mar 2024 08:00:00 GMT"
    feed = serve_feed(web, "/lm", 3, last_modified=stamp)
    clock = Clock()
    watch(store, [feed], options(), once=True, clock=clock)
    clock.advance(hours=1)
    watch(store, [feed], options(), once=True, clock=clock)
    assert [h.get("If-Modified-Since") for p, h in web.requests if p == "/lm"] == [None, stamp]
    # the feed changes: two more items, the old ones are not fetched again
    serve_feed(web, "/lm", 5, last_modified="Wed, 06 Mar 2024 08:00:00 GMT")
    clock.advance(hours=1)
    summary = watch(store, [feed], options(), once=True, clock=clock)
    assert (summary.new_items, summary.stored) == (2, 2)
    assert [web.hits[f"/lm/a{i}"] for i in range(5)] == [1, 1, 1, 1, 1]


@pytest.mark.parametrize("route, error", [
    (dict(body=b"<?xml version='1.0'?><rss><channel><item><title>broken</titl></channel>"), "malformed XML"),
    (dict(body=b"<html><body>Not a feed</body></html>", type="text/html"), "not an RSS or Atom feed"),
    (dict(status=404, body=b"no"), "HTTP 404"),
    (dict(status=500, body=b"no"), "HTTP 500"),
    (dict(body=b"%PDF-1.4", type="application/pdf"), "content type application/pdf refused"),
    (dict(body=b"<rss>", delay=2), "timed out"),
])
def test_a_failing_feed_backs_off_and_never_blocks_the_others(web, store, route, error):
    good = serve_feed(web, "/good", 4)
    bad = web.route("/bad", **{"type": "application/xml", **route})
    clock = Clock()
    summary = watch(store, [bad, good], options(), once=True, clock=clock)
    assert summary.stored == 4 and store.count_documents() == 4
    ((url, reason),) = summary.feed_errors
    assert url == bad and error in reason, reason
    state = store.feed(bad)
    assert state["failures"] == 1 and error in state["last_error"]
    assert state["next_poll_at"] == rules.iso(T0 + timedelta(seconds=2 * 900))
    hits = web.hits.get("/bad", 0)
    clock.advance(seconds=901)  # the good feed is due again, the bad one is not
    second = watch(store, [bad, good], options(), once=True, clock=clock)
    assert second.polled == 1 and web.hits.get("/bad", 0) == hits
    clock.advance(seconds=1000)  # now it is: it fails again and waits twice as long
    watch(store, [bad, good], options(), once=True, clock=clock)
    state = store.feed(bad)
    assert state["failures"] == 2 and state["next_poll_at"] == rules.iso(clock.now + timedelta(seconds=4 * 900))
    listed = store.feeds().set_index("url")
    assert listed.loc[bad, "last_error"] == state["last_error"] and listed.loc[good, "last_error"] is None


def test_a_feed_that_recovers_is_polled_at_its_normal_rate_again(web, store):
    feed = serve_feed(web, "/flaky", 2, fail_times=1)
    clock = Clock()
    watch(store, [feed], options(), once=True, clock=clock)
    assert store.feed(feed)["failures"] == 1
    clock.advance(hours=1)
    summary = watch(store, [feed], options(), once=True, clock=clock)
    assert summary.stored == 2 and store.feed(feed)["failures"] == 0
    assert store.feed(feed)["next_poll_at"] == rules.iso(clock.now + timedelta(seconds=900))


def test_failed_pages_are_retried_later_and_robots_disallowed_ones_skipped(web, store):
    web.route("/robots.txt", body=b"User-agent: *\nDisallow: /closed/\n", type="text/plain")
    web.route("/ok", body=article("Fine", story(1)))
    web.route("/busy", status=503, body=b"busy", type="text/plain")
    web.route("/closed/x", body=article("Closed", story(2)))
    feed = web.route("/mix", body=rss("Mix", [("urn:1", web.url("/ok"), "ok"), ("urn:2", web.url("/busy"), "busy"),
                                              ("urn:3", web.url("/closed/x"), "closed"), ("urn:4", "", "no link")]),
                     type="application/rss+xml")
    clock = Clock()
    opts = options(policy=dataclasses.replace(POLICY, robots=True))
    summary = watch(store, [feed], opts, once=True, clock=clock)
    assert (summary.stored, summary.skipped, [u for u, _ in summary.failed]) == (1, 2, [web.url("/busy")])
    items = store.feed_items_frame(feed).set_index("item_key")
    assert items.loc["urn:1", "state"] == "stored" and items.loc["urn:2", "state"] == "failed"
    assert items.loc["urn:3", "error"] == "disallowed by the site's robots.txt"
    assert (items.loc["urn:3", "state"], items.loc["urn:4", "state"]) == ("skipped", "skipped")
    assert web.hits.get("/closed/x", 0) == 0
    web.route("/busy", body=article("Busy no more", story(3)))
    clock.advance(seconds=61)  # the page's retry is due (the feed is not)
    again = watch(store, [feed], opts, once=True, clock=clock)
    assert (again.polled, again.stored) == (0, 1)
    assert store.feed_items_frame(feed).set_index("item_key").loc["urn:2", "state"] == "stored"


def test_a_watcher_stopped_mid_run_stores_every_item_exactly_once(web, store):
    feed = serve_feed(web, "/many", 60)
    calls = []

    def crashing(doc):
        calls.append(doc.id)
        if len(calls) == 25:  # the process dies in the third batch of ten
            raise KeyboardInterrupt
        return fake_extract(doc)

    crashing.version = fake_extract.version
    clock = Clock()
    with pytest.raises(KeyboardInterrupt):
        watch(store, [feed], options(extractor=crashing, batch_size=10), once=True, clock=clock)
    assert store.count_documents() == 20
    before = set(store.documents_info()["id"])
    assert (store.feeds().iloc[0]["stored"], store.feeds().iloc[0]["pending"]) == (20, 40)
    # restarted (the feed is not due: its items were recorded before the crash)
    summary = watch(store, [feed], options(batch_size=10), once=True, clock=clock)
    assert (summary.polled, summary.stored) == (0, 40)
    docs = store.documents_info()
    assert len(docs) == 60 and docs["id"].is_unique
    assert set(docs["id"]) == {web.url(f"/many/a{i}") for i in range(60)}
    assert store.count_figures() == sum(d["figure_count"] for _, d in docs.iterrows())
    assert all(web.hits[url.removeprefix(web.url(""))] == 1 for url in before)  # stored before the crash: read once
    assert store.feeds().iloc[0]["stored"] == 60 and store.feeds().iloc[0]["pending"] == 0


def test_cli_watch_once_and_feeds_listing(web, tmp_path):
    feed = serve_feed(web, "/cli", 3)
    db = f"sqlite:///{tmp_path / 'w.db'}"
    done = run_cli("watch", feed, "--once", "--db", db, "--allow-private-addresses", "--no-progress", fake=True)
    assert done.returncode == 0, done.stderr
    assert "polled 1 feed (0 not modified, 0 failed): 3 new items; 3 stored" in done.stderr
    listed = run_cli("feeds", "--db", db, "--pause", feed)
    assert listed.returncode == 0 and f"{feed}  [paused]" in listed.stdout and "stored 3" in listed.stdout
    refused = run_cli("watch", web.url("/other"), "--once", "--db", db, "--no-progress")
    assert refused.returncode == 1 and "loopback address 127.0.0.1 refused" in refused.stderr
    bad = run_cli("watch", feed, "--every", "soon", "--db", db)
    assert bad.returncode == 2 and "--every 'soon'" in bad.stderr


@pytest.mark.parametrize("text, seconds", [("15m", 900), ("90s", 90), ("2h", 7200), ("1d", 86400), ("30", 30),
                                           ("1.5h", 5400)])
def test_every(text, seconds):
    assert rules.parse_every(text) == seconds


# ---- syndicated copies ------------------------------------------------------------------------


def wire(i: int) -> list[str]:
    return [f"More than {i},500 families have fled fighting around the town of Kalehe in South Kivu since Monday, "
            "the local civil society coordinator told reporters by telephone on Wednesday evening.",
            "Residents said armed men entered the market at dawn and burned several houses near the main church, "
            "forcing traders to leave their goods behind as they ran towards the lake shore.",
            "Humanitarian agencies said they had not yet been able to reach the area because the only road was cut "
            "by the fighting, and that the displaced were sleeping in schools and churches in neighbouring villages."]


def test_syndicated_copies_are_linked_and_counted_once(web, store):
    original = wire(3)
    copies = {
        "/site-b/story": article("Thousands flee Kalehe fighting - Site B", ["(Reuters) - " + original[0], *original[1:]],
                                 site="Site B"),
        "/site-c/story": article("Kalehe: families flee", [original[0].replace("told reporters", "said"),
                                                          *original[1:], "Reporting by the wire desk."], site="Site C"),
    }
    web.route("/wire/story", body=article("Families flee Kalehe", original, site="Wire"))
    for path, body in copies.items():
        web.route(path, body=body)
    web.route("/other/story", body=article("Other", wire(7), site="Other"))  # same template, other numbers
    items = [(p, web.url(p), p) for p in ("/wire/story", "/site-b/story", "/site-c/story", "/other/story")]
    feed = web.route("/agg", body=rss("Aggregator", items), type="application/rss+xml")
    watch(store, [feed], WatchOptions(every=900, policy=POLICY, batch_size=2), once=True, clock=Clock())
    links = store.copy_links()
    assert links == {web.url("/site-b/story"): web.url("/wire/story"), web.url("/site-c/story"): web.url("/wire/story")}
    assert [c["id"] for c in store.copies(web.url("/site-c/story"))] == [
        web.url("/wire/story"), web.url("/site-b/story"), web.url("/site-c/story")]
    frame = store.figures_frame()
    assert frame["copy_of"].notna().sum() > 0
    kept = syndication.drop_copies(frame)
    assert set(kept["document_id"]) == {web.url("/wire/story"), web.url("/other/story")}
    head = views.headline(frame)
    assert head.articles == 2
    reports = situations.reports_table(frame)
    assert reports["documents"].max() == 1  # the wire story counts once, not three times
    # a filter that left out the original keeps one copy to stand for the story
    only_copies = frame[frame["document_id"] != web.url("/wire/story")]
    assert set(syndication.drop_copies(only_copies)["document_id"]) == {web.url("/site-b/story"),
                                                                        web.url("/other/story")}


@pytest.mark.parametrize("a, b, copy", [
    ("3,400 people fled Beni on Monday", "3400 people fled Beni on Monday after the attack", True),
    ("3,400 people fled", "3,500 people fled", False),
    ("12 and 14 dead, 3,400 fled", "3,400 fled", True),  # a copy that dropped a sentence
])
def test_numbers_decide_between_a_copy_and_an_update(a, b, copy):
    assert syndication.numbers_compatible(" ".join(sorted(syndication.numerals(a))),
                                          " ".join(sorted(syndication.numerals(b)))) is copy


# ---- on a Dask cluster ------------------------------------------------------------------------


def test_with_a_scheduler_the_workers_fetch_and_extract_the_same(web, tmp_path, dask_cluster):
    # the same feed followed locally and on a cluster (whose workers fetch the pages and extract
    # them with the real extractor): the same documents and figures, each item stored once
    feed = serve_feed(web, "/feed", 8)
    results = {}
    for name, scheduler in (("local", None), ("dask", dask_cluster.scheduler_address)):
        with open_store(f"sqlite:///{tmp_path / (name + '.db')}") as s:
            s.add_feed(feed)
            round_ = watch_round(s, [feed], options(scheduler=scheduler, extractor=None), Clock())
            assert (round_.new_items, round_.stored, round_.failed) == (8, 8, [])
            frame = s.figures_frame()
            results[name] = sorted(zip(frame["document_id"], frame["number_text"], frame["value"]))
    assert results["dask"] == results["local"] and len(results["local"]) >= 8
    assert all(web.hits[f"/feed/a{i}"] == 2 for i in range(8))  # once per run, never twice in one

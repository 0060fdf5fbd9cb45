"""Fetching pages safely (fetch.py), against a real HTTP server on 127.0.0.1.

The server is on a loopback address, so these tests allow private addresses (only 127.0.0.1,
or all) except where they check that such addresses are refused.
"""
from __future__ import annotations

import dataclasses
import gzip
import time
import tracemalloc

import pytest

from displacement.fetch import (
    HTML_TYPES, Fetcher, FetchError, FetchFailure, FetchPolicy, PageRequest, address_problem, check_url, fetch_page,
)
from displacement.model import Document
from displacement.pipeline import ingest_inputs
from displacement.store import open_store

from conftest import run_cli
from webserver import LocalWeb, article, rss

LOCAL = FetchPolicy(allow_private=("127.0.0.1/32",), retries=0, backoff=0.01, connect_timeout=2, read_timeout=2,
                    deadline=10, robots=False)
STORY = [
    "Some 12,000 people have been displaced by floods in Sindh province, officials said on Tuesday.",
    "The water rose overnight and covered the main road to the district hospital, cutting off villages.",
    "Aid groups said tents and clean water were the most urgent needs for the families sheltering in schools.",
]


@pytest.fixture
def web():
    server = LocalWeb()
    yield server
    server.close()


def fetcher(**changes) -> Fetcher:
    return Fetcher(dataclasses.replace(LOCAL, **changes))


# ---- pure checks ------------------------------------------------------------------------------


@pytest.mark.parametrize("address, problem", [
    ("127.0.0.1", "loopback"),
    ("10.1.2.3", "private"),
    ("192.168.0.10", "private"),
    ("172.16.5.4", "private"),
    ("169.254.169.254", "link-local"),  # cloud metadata
    ("224.0.0.251", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"),
    ("100.64.0.1", "non-public"),  # carrier-grade NAT
    ("::1", "loopback"),
    ("fe80::1", "link-local"),
    ("fc00::5", "private"),
    ("::ffff:10.0.0.1", "private"),  # IPv4-mapped
    ("::ffff:127.0.0.1", "loopback"),
    ("8.8.8.8", None),
    ("2606:4700:4700::1111", None),
])
def test_addresses_refused_unless_allowed(address, problem):
    found = address_problem(address)
    if problem is None:
        assert found is None
    else:
        assert found.startswith(f"{problem} address") and "--allow-private-addresses" in found
        assert address_problem(address, True) is None


def test_an_allowed_network_allows_only_itself():
    assert address_problem("127.0.0.1", ("127.0.0.1/32",)) is None
    assert address_problem("127.0.0.2", ("127.0.0.1/32",)).startswith("loopback")
    assert address_problem("10.0.0.1", ("127.0.0.1/32",)).startswith("private")


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "scheme 'file' refused"),
    ("ftp://example.org/x", "scheme 'ftp' refused"),
    ("gopher://example.org/", "scheme 'gopher' refused"),
    ("javascript:alert(1)", "scheme 'javascript' refused"),
    ("//example.org/x", "scheme 'missing' refused"),
    ("http:///nohost", "no host"),
    ("http://user:secret@example.org/", "credentials in the URL refused"),
])
def test_only_http_and_https_urls(url, reason):
    with pytest.raises(FetchError) as err:
        check_url(url)
    assert reason in err.value.reason


def test_check_url_parts():
    assert check_url("https://example.org/a?b=1") == ("https", "example.org", 443, "/a?b=1")
    assert check_url("http://127.0.0.1:8080") == ("http", "127.0.0.1", 8080, "/")


# ---- pages ------------------------------------------------------------------------------------


def test_a_page_is_fetched_and_its_article_extracted(web):
    url = web.route("/news/floods", body=article("Floods displace 12,000 in Sindh", STORY))
    with fetcher() as f:
        doc = fetch_page(f, PageRequest(url))
    assert isinstance(doc, Document)
    assert (doc.id, doc.url, doc.title, doc.published, doc.source) == (
        url, url, "Floods displace 12,000 in Sindh", "2024-03-05", "Example News")
    assert "\nSome 12,000 people have been displaced by floods" in doc.text and "Home" not in doc.text
    (path, headers), = web.requests
    assert headers["User-Agent"].startswith("displacement-monitor/")


def test_redirects_are_followed_and_each_hop_is_checked(web):
    final = web.route("/final", body=article("Final", STORY))
    web.redirect("/b", "/final", 301)
    start = web.redirect("/a", web.url("/b"), 302)
    with fetcher() as f:
        response = f.fetch(start, accept=HTML_TYPES)
    assert (response.url, response.status, response.redirects) == (final, 200, (start, web.url("/b")))


@pytest.mark.parametrize("setup, reason", [
    (lambda web: (web.redirect("/x", "/y"), web.redirect("/y", "/x"))[0], "redirect loop at"),
    (lambda web: [web.redirect(f"/r{i}", f"/r{i + 1}") for i in range(7)][0], "more than 5 redirects"),
    (lambda web: web.redirect("/f", "file:///etc/passwd"), "redirect to file:///etc/passwd: scheme 'file' refused"),
    (lambda web: web.redirect("/meta", "http://169.254.169.254/latest/meta-data/"),
     "link-local address 169.254.169.254 refused"),
    (lambda web: web.redirect("/v6", f"http://[::1]:{web.port}/page"), "loopback address ::1 refused"),
    (lambda web: web.redirect("/ten", "http://10.0.0.7/admin"), "private address 10.0.0.7 refused"),
    (lambda web: web.route("/nf", status=404, body=b"gone"), "HTTP 404"),
    (lambda web: web.route("/pdf", body=b"%PDF-1.4 ...", type="application/pdf"),
     "content type application/pdf refused"),
    (lambda web: web.route("/img", body=b"\x89PNG....", type="image/png"), "content type image/png refused"),
])
def test_what_is_refused_names_the_url_and_why(web, setup, reason):
    url = web.url("/page")
    web.route("/page", body=article("Private page", STORY))
    start = setup(web)
    with fetcher() as f:
        with pytest.raises(FetchError) as err:
            f.fetch(start, accept=HTML_TYPES)
    assert reason in err.value.reason, err.value.reason
    assert not err.value.retryable
    assert web.hits.get("/page", 0) == 0 and url  # a refused redirect never reached its target


def test_private_addresses_are_refused_after_dns_and_nothing_is_sent(web):
    web.route("/page", body=article("Local", STORY))
    with Fetcher(dataclasses.replace(LOCAL, allow_private=False)) as f:
        for url in (web.url("/page"), f"http://localhost:{web.port}/page"):  # a name resolving to loopback too
            with pytest.raises(FetchError) as err:
                f.fetch(url)
            assert err.value.reason.startswith("loopback address"), err.value.reason
    assert web.hits == {}


def test_the_environment_allows_private_addresses(web, monkeypatch):
    url = web.route("/page", body=article("Local", STORY))
    monkeypatch.setenv("DISPLACEMENT_ALLOW_PRIVATE", "1")
    with Fetcher(dataclasses.replace(LOCAL, allow_private=False).with_env()) as f:
        assert f.fetch(url).status == 200
    monkeypatch.setenv("DISPLACEMENT_ALLOW_PRIVATE", "0")
    assert FetchPolicy().with_env().allow_private is False


def test_server_errors_are_retried_with_backoff_and_then_named(web):
    url = web.route("/busy", status=500, body=b"oops", type="text/plain")
    with fetcher(retries=2, backoff=0.05) as f:
        started = time.monotonic()
        with pytest.raises(FetchError) as err:
            f.fetch(url)
    assert (err.value.reason, err.value.status, err.value.retryable) == ("HTTP 500", 500, True)
    assert web.hits["/busy"] == 3
    assert time.monotonic() - started >= 0.05 + 0.1  # 0.05 s, then 0.1 s


def test_a_transient_failure_is_retried_until_it_succeeds(web):
    url = web.route("/flaky", body=article("Flaky", STORY), fail_times=2)
    with fetcher(retries=2, backoff=0.01) as f:
        assert f.fetch(url).status == 200
    assert web.hits["/flaky"] == 3


def test_a_slow_response_times_out(web):
    url = web.route("/slow", body=article("Slow", STORY), delay=3)
    with fetcher(read_timeout=0.3) as f:
        started = time.monotonic()
        with pytest.raises(FetchError) as err:
            f.fetch(url)
    assert err.value.reason == "timed out" and err.value.retryable
    assert time.monotonic() - started < 2


def test_a_declared_oversized_body_is_refused_unread(web):
    url = web.route("/big", body=b"<p>" + b"x" * 3_000_000 + b"</p>")
    with fetcher(max_bytes=1_000_000) as f:
        with pytest.raises(FetchError) as err:
            f.fetch(url)
    assert err.value.reason == "too large: 3000007 bytes declared; the limit is 1000000"


def _refused_with_peak(url: str, max_bytes: int):
    """(the raised FetchError's info, peak traced memory) of a fetch refused for its size."""
    tracemalloc.start()
    try:
        with fetcher(max_bytes=max_bytes) as f:
            with pytest.raises(FetchError) as err:
                f.fetch(url)
        return err, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_endless_body_is_cut_at_the_limit_without_holding_more(web):
    url = web.route("/endless", endless=True)
    err, peak = _refused_with_peak(url, 2_000_000)
    assert err.value.reason == "too large: more than 2000000 bytes (limit)"
    assert peak < 3 * 2_000_000, peak


def test_a_compressed_bomb_is_cut_at_the_limit(web):
    bomb = gzip.compress(b"\0" * 50_000_000)
    url = web.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    err, peak = _refused_with_peak(url, 1_000_000)
    assert len(bomb) < 100_000 and err.value.reason == "too large: more than 1000000 bytes (limit)"
    assert peak < 3 * 1_000_000 + 2 * len(bomb), peak


def test_a_compressed_page_is_read(web):
    url = web.route("/gz", body=gzip.compress(article("Zipped", STORY)), headers={"Content-Encoding": "gzip"})
    with fetcher() as f:
        doc = fetch_page(f, PageRequest(url))
    assert isinstance(doc, Document) and doc.title == "Zipped"


@pytest.mark.parametrize("robots, path, allowed", [
    (dict(body=b"User-agent: *\nDisallow: /private/\n", type="text/plain"), "/private/a", False),
    (dict(body=b"User-agent: *\nDisallow: /private/\n", type="text/plain"), "/public/a", True),
    (dict(body=b"User-agent: displacement-monitor\nDisallow: /\n\nUser-agent: *\nAllow: /\n", type="text/plain"),
     "/public/a", False),
    (None, "/public/a", True),  # no robots.txt (404): everything allowed
    (dict(status=500, body=b"err", type="text/plain"), "/public/a", False),  # server error: nothing allowed
])
def test_robots_txt(web, robots, path, allowed):
    if robots is not None:
        web.route("/robots.txt", **robots)
    url = web.route(path, body=article("Robots", STORY))
    with fetcher(robots=True) as f:
        result = fetch_page(f, PageRequest(url))
        again = fetch_page(f, PageRequest(url))
    if allowed:
        assert isinstance(result, Document) and isinstance(again, Document)
    else:
        assert isinstance(result, FetchFailure) and result.reason == "disallowed by the site's robots.txt"
        assert web.hits.get(path, 0) == 0
    assert web.hits["/robots.txt"] == 1  # read once per site


def test_per_host_concurrency_is_limited(web):
    import threading

    web.route("/slow", body=article("Slow", STORY), delay=0.3)
    inflight, peak, lock = [0], [0], threading.Lock()
    original = Fetcher._fetch_once

    def counted(self, *a, **kw):
        with lock:
            inflight[0] += 1
            peak[0] = max(peak[0], inflight[0])
        try:
            return original(self, *a, **kw)
        finally:
            with lock:
                inflight[0] -= 1

    # the slot is taken inside _fetch_once; count what the server sees instead
    with fetcher(per_host=2) as f:
        from concurrent.futures import ThreadPoolExecutor

        started = time.monotonic()
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda _: f.fetch(web.url("/slow")), range(6)))
        elapsed = time.monotonic() - started
    assert web.hits["/slow"] == 6
    assert elapsed >= 0.85  # 6 requests, 2 at a time, 0.3 s each: at least 3 rounds
    del counted


# ---- ingest URL... ----------------------------------------------------------------------------


def test_ingest_urls_lists_and_feeds_names_each_failure(web, tmp_path):
    pages = {f"/p{i}": article(f"Story {i}", [f"Some {i},000 people fled the fighting in Kivu, officials said.",
                                               *STORY[1:]]) for i in range(1, 4)}
    for path, body in pages.items():
        web.route(path, body=body)
    web.route("/feed.xml", body=rss("Wire", [("g2", web.url("/p2"), "Story 2"), ("g3", web.url("/p3"), "Story 3"),
                                             ("g4", web.url("/missing"), "Missing")]),
              type="application/rss+xml")
    web.route("/doc.pdf", body=b"%PDF-1.4", type="application/pdf")
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# morning list\n{web.url('/p1')}\n\n{web.url('/doc.pdf')}\n")
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        summary = ingest_inputs([str(listing), web.url("/feed.xml"), web.url("/slow-none")], store, fetch_policy=LOCAL)
        ids = set(store.documents_info()["id"])
    assert ids == {web.url("/p1"), web.url("/p2"), web.url("/p3")}
    assert (summary.new, len(summary.failed)) == (3, 3)
    assert {(f.name, f.reason) for f in summary.failed} == {
        (web.url("/doc.pdf"), "content type application/pdf refused (expected text/html, application/xhtml+xml, "
                              "text/plain)"),
        (web.url("/missing"), "HTTP 404"),
        (web.url("/slow-none"), "HTTP 404"),
    }


def test_cli_ingest_url_refuses_loopback_unless_allowed(web, tmp_path):
    url = web.route("/page", body=article("Floods displace 12,000 in Sindh", STORY))
    db = f"sqlite:///{tmp_path / 'c.db'}"
    refused = run_cli("ingest", url, "--db", db, "--no-progress", "--retries", "0")
    assert refused.returncode == 1
    assert f"FAILED {url}: loopback address 127.0.0.1 refused" in refused.stderr
    assert web.hits == {}
    done = run_cli("ingest", url, "--db", db, "--no-progress", "--allow-private-addresses")
    assert done.returncode == 0, done.stderr
    assert "1 new" in done.stderr
    env = run_cli("ingest", url, "--db", db, "--no-progress", env={"DISPLACEMENT_ALLOW_PRIVATE": "1"})
    assert env.returncode == 0 and "1 unchanged" in env.stderr, env.stderr

"""Fetching web pages and feeds safely: the network edge of ``ingest URL`` and ``watch``.

A hosted page lets an editor add a feed or a URL, so every fetch treats the URL as hostile:

- only ``http`` and ``https``; every redirect is followed here, one hop at a time, and each hop
  is checked again (scheme, address, hop count, loops);
- the host name is resolved here and *every* address it resolves to is checked: private,
  loopback, link-local, multicast, reserved, unspecified and shared (CGNAT) addresses are refused
  unless the policy allows them (``--allow-private-addresses``, ``DISPLACEMENT_ALLOW_PRIVATE=1``);
  the connection then goes to the checked address itself (the Host header and TLS name are the
  URL's), so a second DNS answer cannot swap in another address (DNS rebinding);
- timeouts to connect and per read, and a deadline for the whole fetch (a server that drips a
  byte a second is cut off);
- the body is streamed and never kept beyond the size limit (a compressed body is inflated in
  bounded steps, so a small gzip bomb cannot grow past it either); a declared ``Content-Length``
  above the limit is refused before reading;
- the content type is checked before the body is read (a PDF or an image is refused unread);
- a named User-Agent, robots.txt (``urllib.robotparser``, cached per site, its Crawl-delay
  honoured), at most ``per_host`` requests at a time per host, and retries with exponential
  backoff on timeouts, connection errors, 429 and 5xx.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence, Union
from urllib.parse import urljoin, urlsplit

from .model import Document
from .sources import DEFAULT_MAX_BYTES, Failure

ALLOW_PRIVATE_ENV = "DISPLACEMENT_ALLOW_PRIVATE"
USER_AGENT = "displacement-monitor/0.1 (news reader for humanitarian displacement figures; python-urllib3)"
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/x-rss+xml", "text/rss+xml", "text/atom+xml", "text/plain", "text/html",
)
REDIRECTS = (301, 302, 303, 307, 308)
RETRY_STATUS = (408, 425, 429, 500, 502, 503, 504)
ROBOTS_MAX_BYTES = 512_000
ROBOTS_SECONDS = 3600.0  # a site's robots.txt is read again after this long
_CHUNK = 65_536


class FetchError(Exception):
    """A URL that could not be fetched; the message names the URL and why. ``retryable``: a
    later attempt may succeed (timeout, connection error, 429, 5xx)."""

    def __init__(self, url: str, reason: str, *, status: Optional[int] = None, retryable: bool = False,
                 retry_after: Optional[float] = None):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status = url, reason, status
        self.retryable, self.retry_after = retryable, retry_after


@dataclass(frozen=True)
class FetchPolicy:
    """How to fetch. ``allow_private``: False, True, or the networks allowed despite being
    private (``("127.0.0.1/32",)``: only that address)."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # seconds for one fetch: every hop and the whole body
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    allow_private: Union[bool, tuple[str, ...]] = False
    user_agent: str = USER_AGENT
    retries: int = 2  # further attempts after a retryable failure
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_backoff: float = 30.0
    per_host: int = 2  # requests at a time to one host (in this process)
    host_delay: float = 0.0  # seconds between the starts of two requests to one host
    robots: bool = True

    def with_env(self) -> "FetchPolicy":
        """This policy, with private addresses allowed when ``DISPLACEMENT_ALLOW_PRIVATE=1``."""
        if os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
            return _replace(self, allow_private=True)
        return self


def _replace(policy: FetchPolicy, **changes) -> FetchPolicy:
    import dataclasses

    return dataclasses.replace(policy, **changes)


@dataclass(frozen=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    content_type: str  # the media type, lower case, without parameters ("" when not given)
    redirects: tuple[str, ...] = field(default=())


# ---- checks (pure) ----------------------------------------------------------------------------


def address_problem(address: str, allow_private: Union[bool, Sequence[str]] = False) -> Optional[str]:
    """Why fetching from ``address`` is refused (``"loopback address 127.0.0.1"``), or None.
    IPv4 addresses mapped into IPv6 (``::ffff:10.0.0.1``) are judged as the IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    kinds = (
        ("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast), ("reserved", ip.is_reserved), ("private", ip.is_private),
        ("non-public", not ip.is_global),
    )
    kind = next((name for name, hit in kinds if hit), None)
    if kind is None:
        return None
    if allow_private is True:
        return None
    if allow_private and any(ip in ipaddress.ip_network(net, strict=False) for net in allow_private):
        return None
    return f"{kind} address {ip} refused (private addresses are not allowed; see --allow-private-addresses)"


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of a URL this module may fetch; raises FetchError
    for another scheme, a missing host or credentials in the URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(url, f"scheme {scheme or 'missing'!r} refused: only http and https are fetched")
    if not parts.hostname:
        raise FetchError(url, "no host in the URL")
    if parts.username or parts.password:
        raise FetchError(url, "credentials in the URL refused")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), path


def media_type(value: Optional[str]) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def type_allowed(content_type: str, accept: Optional[Sequence[str]]) -> bool:
    """True when ``accept`` is None or names the type (``+xml`` types count as XML)."""
    if accept is None or not content_type:
        return True
    if content_type in accept:
        return True
    return content_type.endswith("+xml") and ("application/xml" in accept or "text/xml" in accept)


def retry_delay(attempt: int, policy: FetchPolicy, retry_after: Optional[float] = None) -> float:
    """Seconds to wait before retry ``attempt`` (1, 2, ...): ``backoff``, doubled each time,
    at least what the server asked (Retry-After), at most ``max_backoff``."""
    delay = policy.backoff * 2 ** (attempt - 1)
    if retry_after:
        delay = max(delay, retry_after)
    return min(delay, policy.max_backoff)


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


# ---- the fetcher ------------------------------------------------------------------------------


class Fetcher:
    """Fetches URLs under one policy; thread-safe. Keeps a connection pool per checked address
    and a robots.txt per site. Close it (or use ``with``) when done."""

    def __init__(self, policy: Optional[FetchPolicy] = None):
        self.policy = policy or FetchPolicy()
        self._lock = threading.Lock()
        self._pools: dict = {}
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._last_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._robots: dict[str, tuple[float, object]] = {}

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()

    # ---- public ---------------------------------------------------------------------------
    def fetch(self, url: str, *, headers: Optional[Mapping[str, str]] = None,
              accept: Optional[Sequence[str]] = None, retries: Optional[int] = None) -> Response:
        """GET ``url`` (following checked redirects), retrying retryable failures with
        exponential backoff. A 304 comes back as a Response (empty body); other statuses of
        400 and above raise FetchError."""
        attempts = 1 + (self.policy.retries if retries is None else retries)
        for attempt in range(1, attempts + 1):
            try:
                return self._fetch_once(url, headers or {}, accept)
            except FetchError as exc:
                if not exc.retryable or attempt == attempts:
                    raise
                time.sleep(retry_delay(attempt, self.policy, exc.retry_after))
        raise AssertionError("unreachable")

    def robots_allow(self, url: str) -> bool:
        """True when the site's robots.txt lets our User-Agent fetch ``url`` (RFC 9309: no
        robots.txt (4xx) allows everything; a server error or no answer allows nothing).
        Raises FetchError for a URL that may not be fetched at all (scheme, address)."""
        if not self.policy.robots:
            return True
        scheme, host, port, _ = check_url(url)
        self._resolve(url, host, port)  # a refused address is named as such, not as robots.txt
        site = f"{scheme}://{_netloc(host, port, scheme)}"
        now = time.monotonic()
        with self._lock:
            cached = self._robots.get(site)
        if cached is None or now - cached[0] > ROBOTS_SECONDS:
            parser = self._read_robots(site)
            with self._lock:
                self._robots[site] = (now, parser)
            cached = (now, parser)
        parser = cached[1]
        if parser is True or parser is False:
            return bool(parser)
        return parser.can_fetch(self.policy.user_agent, url)

    # ---- internals ------------------------------------------------------------------------
    def _read_robots(self, site: str):
        from urllib.robotparser import RobotFileParser

        try:
            response = self._fetch_once(site + "/robots.txt", {}, None, limit=ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return True
            return False
        parser = RobotFileParser()
        parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.policy.user_agent)
        if delay:
            host = urlsplit(site).netloc
            with self._lock:
                self._delays[host] = min(float(delay), 60.0)
        return parser

    def _resolve(self, url: str, host: str, port: int) -> str:
        """The address to connect to: every address the name resolves to must be allowed."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(url, f"cannot resolve {host}: {exc}", retryable=True) from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses:
            raise FetchError(url, f"cannot resolve {host}: no address")
        for address in addresses:
            problem = address_problem(address, self.policy.allow_private)
            if problem:
                raise FetchError(url, problem)
        return addresses[0]

    def _pool(self, scheme: str, address: str, port: int, host: str):
        import urllib3

        key = (scheme, address, port, host)
        with self._lock:
            pool = self._pools.get(key)
            if pool is None:
                size = max(1, self.policy.per_host)
                if scheme == "https":
                    pool = urllib3.HTTPSConnectionPool(address, port, maxsize=size, block=False, retries=False,
                                                       server_hostname=host, assert_hostname=host,
                                                       cert_reqs="CERT_REQUIRED")
                else:
                    pool = urllib3.HTTPConnectionPool(address, port, maxsize=size, block=False, retries=False)
                self._pools[key] = pool
            return pool

    def _host_slot(self, netloc: str) -> threading.BoundedSemaphore:
        with self._lock:
            slot = self._hosts.get(netloc)
            if slot is None:
                slot = self._hosts[netloc] = threading.BoundedSemaphore(max(1, self.policy.per_host))
            return slot

    def _wait_turn(self, netloc: str) -> None:
        """Space the starts of requests to one host by its delay (policy or Crawl-delay)."""
        while True:
            with self._lock:
                delay = max(self.policy.host_delay, self._delays.get(netloc, 0.0))
                now = time.monotonic()
                wait = self._last_start.get(netloc, -1e9) + delay - now
                if wait <= 0:
                    self._last_start[netloc] = now
                    return
            time.sleep(min(wait, 1.0))

    def _fetch_once(self, url: str, headers: Mapping[str, str], accept: Optional[Sequence[str]],
                    limit: Optional[int] = None) -> Response:
        import urllib3

        policy = self.policy
        limit = policy.max_bytes if limit is None else limit
        started = time.monotonic()
        current, seen, hops = url, {url}, []
        while True:
            scheme, host, port, path = check_url(current)
            address = self._resolve(current, host, port)
            netloc = _netloc(host, port, scheme)
            request_headers = {"Host": netloc, "User-Agent": policy.user_agent,
                               "Accept-Encoding": "gzip, deflate", **dict(headers)}
            left = policy.deadline - (time.monotonic() - started)
            if left <= 0:
                raise FetchError(url, f"took longer than {policy.deadline:g} s", retryable=True)
            slot = self._host_slot(netloc)
            with slot:
                self._wait_turn(netloc)
                pool = self._pool(scheme, address, port, host)
                try:
                    response = pool.urlopen(
                        "GET", path, headers=request_headers, redirect=False, retries=False,
                        preload_content=False, decode_content=False, assert_same_host=False,
                        timeout=urllib3.Timeout(connect=min(policy.connect_timeout, left),
                                                read=min(policy.read_timeout, left)),
                    )
                except urllib3.exceptions.TimeoutError as exc:
                    raise FetchError(current, "timed out", retryable=True) from exc
                except (urllib3.exceptions.HTTPError, OSError) as exc:
                    raise FetchError(current, f"connection failed: {_short(exc)}", retryable=True) from exc
                complete = False
                try:
                    status = response.status
                    if status in REDIRECTS:
                        location = response.headers.get("Location")
                        if not location:
                            raise FetchError(current, f"redirect ({status}) without a Location")
                        target = urljoin(current, location.strip())
                        if target in seen:
                            raise FetchError(url, f"redirect loop at {target}")
                        if len(hops) >= policy.max_redirects:
                            raise FetchError(url, f"more than {policy.max_redirects} redirects")
                        try:
                            check_url(target)
                        except FetchError as exc:
                            raise FetchError(url, f"redirect to {target}: {exc.reason}") from exc
                        seen.add(target)
                        hops.append(current)
                        current = target
                        continue
                    lower = {k.lower(): v for k, v in response.headers.items()}
                    if status == 304:
                        complete = True
                        return Response(current, 304, lower, b"", media_type(lower.get("content-type")), tuple(hops))
                    if status >= 400 or status < 200:
                        raise FetchError(current, f"HTTP {status}", status=status, retryable=status in RETRY_STATUS,
                                         retry_after=_retry_after(lower.get("retry-after")))
                    kind = media_type(lower.get("content-type"))
                    if not type_allowed(kind, accept):
                        raise FetchError(current, f"content type {kind} refused (expected {', '.join(accept)})")
                    declared = lower.get("content-length", "").strip()
                    if declared.isdigit() and int(declared) > limit and not lower.get("content-encoding"):
                        raise FetchError(current, f"too large: {declared} bytes declared; the limit is {limit}")
                    body = self._read_body(current, response, lower.get("content-encoding", ""), limit,
                                           started + policy.deadline)
                    complete = True
                    return Response(current, status, lower, body, kind, tuple(hops))
                finally:
                    if complete:
                        response.release_conn()  # read to the end: the connection is reused
                    else:
                        response.close()  # a body left unread is never drained


    def _read_body(self, url: str, response, encoding: str, limit: int, deadline: float) -> bytes:
        """The body, at most ``limit`` bytes after decompression, read before ``deadline``."""
        import urllib3

        encoding = encoding.strip().lower()
        inflate = None
        if encoding in ("gzip", "x-gzip"):
            inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            inflate = zlib.decompressobj()
        elif encoding not in ("", "identity"):
            raise FetchError(url, f"content encoding {encoding} not supported")
        parts, size = [], 0
        try:
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(url, "took longer than the deadline to send its body", retryable=True)
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                if inflate is not None:
                    chunk = inflate.decompress(chunk, limit - size + 1)
                    if inflate.unconsumed_tail:
                        raise FetchError(url, f"too large: more than {limit} bytes (limit)")
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, f"too large: more than {limit} bytes (limit)")
                parts.append(chunk)
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError(url, "timed out reading the body", retryable=True) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise FetchError(url, f"connection failed while reading: {_short(exc)}", retryable=True) from exc
        except zlib.error as exc:
            raise FetchError(url, f"corrupt {encoding} body: {exc}") from exc
        return b"".join(parts)


def _netloc(host: str, port: int, scheme: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    default = 443 if scheme == "https" else 80
    return shown if port == default else f"{shown}:{port}"


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


# ---- pages into Documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class PageRequest:
    """A web page to fetch and store as the document ``doc_id`` (its URL by default); ``title``
    and ``published`` (from a feed item) fill in what the page itself does not say."""

    url: str
    doc_id: str = ""
    title: Optional[str] = None
    published: Optional[str] = None

    @property
    def id(self) -> str:
        return self.doc_id or self.url


@dataclass(frozen=True)
class FetchFailure(Failure):
    """A page that was not stored because fetching or reading it failed; ``retryable``: a later
    attempt may succeed."""

    retryable: bool = False


def page_document(request: PageRequest, response: Response) -> Document:
    """The article in a fetched page (trafilatura for HTML), stored under the request's id with
    the requested URL; the publisher is the site's name, else its host."""
    import dataclasses

    from .sources import html_document, text_document

    if response.content_type == "text/plain":
        doc = text_document(request.url, request.id, response.body)
    else:
        doc = html_document(request.url, request.id, response.body, url=response.url)
    host = urlsplit(response.url).hostname
    return dataclasses.replace(
        doc,
        url=request.url,
        title=doc.title or request.title,
        published=doc.published or request.published,
        source=doc.source or host,
    )


def fetch_page(fetcher: "Fetcher", request: PageRequest) -> Union[Document, FetchFailure]:
    """The page's Document, or a FetchFailure naming its id and why (never raises)."""
    from .sources import SourceError

    try:
        if not fetcher.robots_allow(request.url):
            return FetchFailure(request.id, "disallowed by the site's robots.txt")
        return page_document(request, fetcher.fetch(request.url, accept=HTML_TYPES))
    except FetchError as exc:
        return FetchFailure(request.id, exc.reason if exc.url == request.url else str(exc), exc.retryable)
    except SourceError as exc:
        return FetchFailure(request.id, exc.reason)
    except Exception as exc:  # noqa: BLE001 - one bad page never stops the batch
        return FetchFailure(request.id, f"reading the page failed: {type(exc).__name__}: {exc}")


_WORKER_FETCHERS: dict = {}
_WORKER_LOCK = threading.Lock()


def worker_fetcher(policy: FetchPolicy) -> "Fetcher":
    """One Fetcher per policy per process (a Dask worker keeps its pools and robots.txt)."""
    with _WORKER_LOCK:
        fetcher = _WORKER_FETCHERS.get(policy)
        if fetcher is None:
            fetcher = _WORKER_FETCHERS[policy] = Fetcher(policy)
        return fetcher


def fetch_documents(items, fetcher: "Fetcher", threads: int = 8):
    """``items`` with every PageRequest replaced by its Document or FetchFailure, in input
    order; pages are fetched on ``threads`` threads, a bounded number at a time (the fetcher
    keeps to its per-host limit)."""
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    threads = max(1, threads)
    pending: deque = deque()
    with ThreadPoolExecutor(threads, thread_name_prefix="fetch") as pool:
        for item in items:
            if isinstance(item, PageRequest):
                pending.append(pool.submit(fetch_page, fetcher, item))
            else:
                pending.append(item)
            while len(pending) > 2 * threads or (pending and not _is_future(pending[0])):
                head = pending.popleft()
                yield head.result() if _is_future(head) else head
        while pending:
            head = pending.popleft()
            yield head.result() if _is_future(head) else head


def _is_future(value) -> bool:
    from concurrent.futures import Future

    return isinstance(value, Future)


def expand_url(fetcher: "Fetcher", url: str) -> list:
    """A URL named on the command line: a page's Document, or a request for each page a feed
    links to, or a FetchFailure naming the URL (never raises)."""
    from .feeds import FeedError, parse_feed

    request = PageRequest(url)
    try:
        if not fetcher.robots_allow(url):
            return [FetchFailure(url, "disallowed by the site's robots.txt")]
        response = fetcher.fetch(url, accept=tuple(dict.fromkeys(HTML_TYPES + FEED_TYPES)))
    except FetchError as exc:
        return [FetchFailure(url, exc.reason if exc.url == url else str(exc), exc.retryable)]
    if _looks_like_feed(response):
        try:
            parsed = parse_feed(response.body, response.url)
        except FeedError as exc:
            return [FetchFailure(url, str(exc).removeprefix(f"{response.url}: "))]
        return [PageRequest(item.url, title=item.title, published=item.published) for item in parsed.items if item.url]
    try:
        return [page_document(request, response)]
    except Exception as exc:  # noqa: BLE001 - named per URL
        reason = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}"
        return [FetchFailure(url, reason)]


def _looks_like_feed(response: Response) -> bool:
    if response.content_type.endswith(("rss+xml", "atom+xml", "rdf+xml")) or response.content_type in (
            "application/xml", "text/xml"):
        return True
    head = response.body[:1024].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in response.body[:4096].lower() or b"<feed" in response.body[:4096].lower())

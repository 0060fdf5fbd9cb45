"""A real HTTP server on 127.0.0.1 for the fetch and watch tests (http.server in a thread).

Routes are set per test: ``web.route("/page", body=..., type="text/html")``, a redirect, a slow
or endless body, a feed with ETag/Last-Modified (answering 304 to a matching conditional
request), a status that fails. Every request is counted per path (``web.hits``) and its
headers kept (``web.requests``), so tests assert what reached the server.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    type: Optional[str] = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    endless: bool = False  # a body that never ends (no Content-Length)
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    fail_times: int = 0  # answer 503 this many times first
    dynamic: Optional[Callable[["LocalWeb"], bytes]] = None


class LocalWeb:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                path = self.path
                with web.lock:
                    web.hits[path] = web.hits.get(path, 0) + 1
                    web.requests.append((path, dict(self.headers.items())))
                    count = web.hits[path]
                route = web.routes.get(path)
                if route is None:
                    return self._send(404, b"not found", "text/plain")
                if route.delay:
                    time.sleep(route.delay)
                if count <= route.fail_times:
                    return self._send(503, b"busy", "text/plain")
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    return self._send(304, b"", None, {"ETag": route.etag})
                if route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified:
                    return self._send(304, b"", None, {"Last-Modified": route.last_modified})
                if route.endless:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.type)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    try:
                        chunk = b"<p>" + b"x" * 65_000 + b"</p>\n"
                        for _ in range(100_000):
                            self.wfile.write(chunk)
                    except OSError:
                        pass
                    self.close_connection = True
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                body = route.dynamic(web) if route.dynamic else route.body
                self._send(route.status, body, route.type, headers)

            def _send(self, status, body, kind, headers=None):
                self.send_response(status)
                if kind:
                    self.send_header("Content-Type", kind)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, **kw) -> str:
        self.routes[path] = Route(**kw)
        return self.url(path)

    def redirect(self, path: str, target: str, status: int = 302) -> str:
        return self.route(path, status=status, body=b"", type="text/plain", headers={"Location": target})

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def article(title: str, paragraphs: list[str], date: str = "2024-03-05", site: str = "Example News") -> bytes:
    """A news page as sites write them: head metadata, navigation, the article."""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='og:site_name' content='{site}'>"
        f"<meta property='article:published_time' content='{date}T08:00:00Z'></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>(c) {site}</footer></body></html>"
    ).encode("utf-8")


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """RSS 2.0 with (guid, link, title) items."""
    entries = "".join(
        f"<item><guid>{guid}</guid><link>{link}</link><title>{t}</title>"
        f"<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate></item>" for guid, link, t in items
    )
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>http://example.org/</link><description>d</description>{entries}</channel></rss>").encode("utf-8")


def atom(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """Atom 1.0 with (id, link, title) entries."""
    entries = "".join(
        f"<entry><id>{guid}</id><link rel='alternate' href='{link}'/><title>{t}</title>"
        f"<updated>2024-03-06T09:00:00Z</updated></entry>" for guid, link, t in items
    )
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>{title}</title><id>urn:feed</id><updated>2024-03-06T09:00:00Z</updated>{entries}</feed>"
            ).encode("utf-8")

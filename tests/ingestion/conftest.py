"""A local HTTP server for fetch and feed tests, and a predictable claim extractor for service tests."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class LocalServer:
    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    @property
    def allowed(self) -> str:
        """The allowlist entry opening this server (its address and port) to the SSRF-safe fetcher."""
        return f"127.0.0.1:{self.port}/32"


def reply(
    handler: BaseHTTPRequestHandler,
    body: bytes,
    *,
    status: int = 200,
    content_type: str = "text/html",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    server_state = LocalServer(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server_state.requests.append({"path": self.path, "headers": dict(self.headers.items())})
            route = server_state.routes.get(self.path.split("?", 1)[0])
            if route is None:
                reply(self, b"not found", status=404, content_type="text/plain")
                return
            route(self)

        def log_message(self, format: str, *args) -> None:
            pass

    class QuietServer(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address) -> None:
            pass  # the fetcher under test hangs up on purpose (size caps, timeouts, refused redirects)

    httpd = QuietServer(("127.0.0.1", 0), Handler)
    server_state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class FakeClaim:
    text: str
    quote: str
    start: int
    end: int
    claimant: str = ""
    cue: str = ""
    checkworthiness: float = 0.9
    numbers: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    entities: list = field(default_factory=list)
    is_claim: bool = True


def sentences_with_numbers(
    text: str,
    *,
    title: str = "",
    model_threshold: float | None = None,
    language: str = "en",
    limits: object = None,
    topics: object = (),
) -> list[FakeClaim]:
    """Every sentence holding a digit is a claim; the others are candidates below the threshold."""
    claims = []
    for match in re.finditer(r"\S[^\n]*?[.!?](?=\s|$)", text):
        quote = match.group(0).strip()
        start = text.index(quote, match.start())
        claims.append(
            FakeClaim(
                text=quote, quote=quote, start=start, end=start + len(quote), is_claim=bool(re.search(r"\d", quote))
            )
        )
    return claims


@pytest.fixture
def fake_extraction(monkeypatch):
    """Service tests assert ingestion's rules, not extraction quality: claims are the sentences with digits."""
    monkeypatch.setattr("claims.extraction.extract_claims", sentences_with_numbers)


def _rss(items: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>LINK/{guid}</link>"
        f"<description>&lt;p&gt;{title} happened 3 times in 2025.&lt;/p&gt;</description></item>"
        for guid, title in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local news</title>{body}</channel></rss>'.encode()


@pytest.fixture
def feed_server(local_server, settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = [local_server.allowed]
    state = {"items": [("a", "Alpha"), ("b", "Beta")], "etag": '"v1"'}

    def feed(handler):
        if handler.headers.get("If-None-Match") == state["etag"]:
            handler.send_response(304)
            handler.end_headers()
            return
        body = _rss(state["items"]).replace(b"LINK", local_server.url("/story").rstrip("/").encode())
        reply(handler, body, content_type="application/rss+xml", headers={"ETag": state["etag"]})

    def story(handler):
        guid = handler.path.rsplit("/", 1)[1]
        reply(
            handler, f"<html><body><article><p>Story {guid} says 42 people came.</p></article></body></html>".encode()
        )

    local_server.routes["/feed.xml"] = feed
    for guid in "abcdef":
        local_server.routes[f"/story/{guid}"] = story
    local_server.state = state
    return local_server

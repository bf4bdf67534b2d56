"""The SSRF-safe fetcher, table-driven against a local server: what it refuses, and what it fetches correctly."""

from __future__ import annotations

import gzip
import time

import pytest

from claims.ingestion.fetch import (
    HTML_TYPES,
    FetchError,
    ResponseTooLarge,
    UnsafeURL,
    UnsupportedContentType,
    fetch,
    parse_allowed_network,
)
from tests.ingestion.conftest import reply


def _no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} must be refused without resolving it")


# Refused before any connection: the scheme, or an address that is not public, in every spelling.
REFUSED = [
    ("file:///etc/passwd", "only http and https"),
    ("ftp://example.org/x", "only http and https"),
    ("gopher://127.0.0.1:70/", "only http and https"),
    ("http://user:pw@example.org/", "credentials"),
    ("http://127.0.0.1:{port}/", "loopback"),
    ("http://127.1:{port}/", "loopback"),
    ("http://2130706433:{port}/", "loopback"),
    ("http://0x7f000001:{port}/", "loopback"),
    ("http://0x7f.0.0.1:{port}/", "loopback"),
    ("http://0177.0.0.1:{port}/", "loopback"),
    ("http://[::1]:{port}/", "loopback"),
    ("http://[::ffff:127.0.0.1]:{port}/", "loopback"),
    ("http://[::ffff:7f00:1]:{port}/", "loopback"),
    ("http://10.0.0.1/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://[fd00::1]/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[fe80::1]/", "link-local"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[ff02::1]/", "multicast"),
    ("http://0.0.0.0:{port}/", "unspecified"),
    ("http://[::]:{port}/", "unspecified"),
    ("http://240.0.0.1/", "address"),
    ("http://100.64.0.1/", "not globally routable"),
    ("http://[2002:7f00:1::]/", "loopback"),
    ("http://[64:ff9b::a00:1]/", "private"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_refused_urls_never_reach_a_server(local_server, url, reason):
    with pytest.raises(UnsafeURL, match=reason):
        fetch(url.format(port=local_server.port), max_bytes=10_000, timeout=2, resolver=_no_dns)
    assert local_server.requests == []


@pytest.mark.parametrize(
    ("addresses", "reason"),
    [
        (["127.0.0.1"], "loopback"),
        (["93.184.216.34", "10.1.2.3"], "private"),  # one bad address among good ones is enough
        (["::ffff:169.254.169.254"], "link-local"),
        (["fe80::1%eth0"], "link-local"),
    ],
)
def test_every_resolved_address_is_checked(local_server, addresses, reason):
    with pytest.raises(UnsafeURL, match=reason):
        fetch("http://news.example/", max_bytes=10_000, timeout=2, resolver=lambda host, port: addresses)


def test_names_resolving_to_loopback_are_refused(local_server):
    with pytest.raises(UnsafeURL, match="loopback"):
        fetch(f"http://localhost:{local_server.port}/", max_bytes=10_000, timeout=2)
    assert local_server.requests == []


def test_connects_to_the_checked_address_with_the_original_host(local_server):
    local_server.routes["/page"] = lambda h: reply(h, b"<p>hello</p>", content_type="text/html; charset=utf-8")
    calls = []

    def resolver(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    result = fetch(
        f"http://news.example:{local_server.port}/page?id=1",
        max_bytes=10_000,
        timeout=2,
        allowed_networks=[local_server.allowed],
        resolver=resolver,
        content_types=HTML_TYPES,
    )
    assert result.body == b"<p>hello</p>"
    assert result.charset == "utf-8"
    assert calls == ["news.example"]  # resolved once, then the pinned IP is used
    assert local_server.requests[0]["headers"]["Host"] == f"news.example:{local_server.port}"
    assert local_server.requests[0]["path"] == "/page?id=1"


def test_each_redirect_is_checked_again(local_server):
    local_server.routes["/a"] = lambda h: reply(h, b"", status=302, headers={"Location": "/b"})
    local_server.routes["/b"] = lambda h: reply(h, b"", status=301, headers={"Location": "http://169.254.169.254/"})
    with pytest.raises(UnsafeURL, match="link-local"):
        fetch(local_server.url("/a"), max_bytes=10_000, timeout=2, allowed_networks=[local_server.allowed])
    assert [r["path"] for r in local_server.requests] == ["/a", "/b"]


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "http://[::1]/", "http://0x7f.0.0.2/", "http://10.0.0.1/admin"]
)
def test_redirects_to_forbidden_targets_are_refused(local_server, location):
    local_server.routes["/go"] = lambda h: reply(h, b"", status=307, headers={"Location": location})
    with pytest.raises(UnsafeURL):
        fetch(local_server.url("/go"), max_bytes=10_000, timeout=2, allowed_networks=[local_server.allowed])
    assert len(local_server.requests) == 1


def test_redirects_are_followed_and_recorded(local_server):
    local_server.routes["/old"] = lambda h: reply(h, b"", status=301, headers={"Location": "/new"})
    local_server.routes["/new"] = lambda h: reply(h, b"<p>moved</p>")
    result = fetch(local_server.url("/old"), max_bytes=10_000, timeout=2, allowed_networks=[local_server.allowed])
    assert result.body == b"<p>moved</p>"
    assert result.url.endswith("/new")
    assert result.redirects == [local_server.url("/new")]


def test_redirect_loops_stop(local_server):
    local_server.routes["/loop"] = lambda h: reply(h, b"", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="redirects"):
        fetch(
            local_server.url("/loop"),
            max_bytes=10_000,
            timeout=2,
            allowed_networks=[local_server.allowed],
            max_redirects=3,
        )
    assert len(local_server.requests) == 4


def test_declared_size_over_the_cap_is_refused(local_server):
    local_server.routes["/big"] = lambda h: reply(h, b"x" * 5000)
    with pytest.raises(ResponseTooLarge):
        fetch(local_server.url("/big"), max_bytes=1000, timeout=2, allowed_networks=[local_server.allowed])


def test_undeclared_size_over_the_cap_is_cut_off(local_server):
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(200):
            handler.wfile.write(b"y" * 1024)

    local_server.routes["/stream"] = endless
    with pytest.raises(ResponseTooLarge):
        fetch(local_server.url("/stream"), max_bytes=10_000, timeout=2, allowed_networks=[local_server.allowed])


def test_compressed_bodies_count_decompressed(local_server):
    bomb = gzip.compress(b"z" * 200_000)
    local_server.routes["/gz"] = lambda h: reply(h, bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(ResponseTooLarge):
        fetch(local_server.url("/gz"), max_bytes=50_000, timeout=2, allowed_networks=[local_server.allowed])
    local_server.routes["/small"] = lambda h: reply(
        h, gzip.compress(b"<p>ok</p>"), headers={"Content-Encoding": "gzip"}
    )
    assert (
        fetch(local_server.url("/small"), max_bytes=50_000, timeout=2, allowed_networks=[local_server.allowed]).body
        == b"<p>ok</p>"
    )


def test_unexpected_content_type_is_refused(local_server):
    local_server.routes["/img"] = lambda h: reply(h, b"\x89PNG", content_type="image/png")
    with pytest.raises(UnsupportedContentType, match="image/png"):
        fetch(
            local_server.url("/img"),
            max_bytes=1000,
            timeout=2,
            allowed_networks=[local_server.allowed],
            content_types=HTML_TYPES,
        )


def test_http_errors_are_reported(local_server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(local_server.url("/missing"), max_bytes=1000, timeout=2, allowed_networks=[local_server.allowed])


def test_slow_servers_time_out(local_server):
    def slow(handler):
        time.sleep(3)
        reply(handler, b"late")

    local_server.routes["/slow"] = slow
    started = time.monotonic()
    with pytest.raises(FetchError):
        fetch(local_server.url("/slow"), max_bytes=1000, timeout=0.5, allowed_networks=[local_server.allowed])
    assert time.monotonic() - started < 2


def test_trickling_servers_hit_the_overall_deadline(local_server):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(40):
            handler.wfile.write(b"a")
            handler.wfile.flush()
            time.sleep(0.1)

    local_server.routes["/trickle"] = trickle
    started = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch(local_server.url("/trickle"), max_bytes=10_000, timeout=1, allowed_networks=[local_server.allowed])
    assert time.monotonic() - started < 2.5


def test_conditional_get_returns_not_modified(local_server):
    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.end_headers()
        else:
            reply(handler, b"<rss/>", content_type="application/rss+xml", headers={"ETag": '"v1"'})

    local_server.routes["/feed"] = conditional
    first = fetch(local_server.url("/feed"), max_bytes=1000, timeout=2, allowed_networks=[local_server.allowed])
    assert first.headers["etag"] == '"v1"'
    second = fetch(
        local_server.url("/feed"),
        max_bytes=1000,
        timeout=2,
        allowed_networks=[local_server.allowed],
        headers={"If-None-Match": '"v1"'},
    )
    assert second.not_modified and second.body == b""


def test_https_goes_through_tls_to_the_pinned_address(local_server):
    # The local server speaks plain HTTP: the TLS handshake (with SNI for the host name) fails cleanly.
    with pytest.raises(FetchError, match="failed"):
        fetch(
            f"https://news.example:{local_server.port}/",
            max_bytes=1000,
            timeout=2,
            allowed_networks=[local_server.allowed],
            resolver=lambda host, port: ["127.0.0.1"],
        )


# --- the allowlist takes ports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "network", "ports"),
    [
        ("10.0.0.0/8", "10.0.0.0/8", frozenset({80, 443})),
        ("127.0.0.1:8080/32", "127.0.0.1/32", frozenset({8080})),
        ("127.0.0.1:8080", "127.0.0.1/32", frozenset({8080})),
        ("10.1.0.0:*/16", "10.1.0.0/16", None),
        ("fd00::/8", "fd00::/8", frozenset({80, 443})),
        ("[fd00::5]:8443/128", "fd00::5/128", frozenset({8443})),
        ("[fd00::]:*/8", "fd00::/8", None),
    ],
)
def test_allowlist_entries(entry, network, ports):
    parsed = parse_allowed_network(entry)
    assert (str(parsed.network), parsed.ports) == (network, ports)


@pytest.mark.parametrize("entry", ["10.0.0.0:0/8", "10.0.0.0:70000/8", "10.0.0.0:x/8", "[fd00::]8080/8", "nope"])
def test_malformed_allowlist_entries_are_refused_by_name(entry):
    with pytest.raises(ValueError, match="allowed network"):
        parse_allowed_network(entry)


def test_an_allowed_address_opens_only_the_listed_port(local_server):
    local_server.routes["/page"] = lambda h: reply(h, b"<p>ok</p>")
    url = local_server.url("/page")
    assert fetch(url, max_bytes=1000, timeout=2, allowed_networks=[local_server.allowed]).body == b"<p>ok</p>"
    other_port = f"127.0.0.1:{local_server.port + 1}/32"
    with pytest.raises(UnsafeURL, match="at a port not allowed"):
        fetch(url, max_bytes=1000, timeout=2, allowed_networks=[other_port])
    # A bare network opens its web ports (80, 443) only, not this server's.
    with pytest.raises(UnsafeURL, match="at a port not allowed"):
        fetch(url, max_bytes=1000, timeout=2, allowed_networks=["127.0.0.0/8"])
    assert fetch(url, max_bytes=1000, timeout=2, allowed_networks=["127.0.0.0:*/8"]).body == b"<p>ok</p>"
    assert len(local_server.requests) == 2


def test_a_redirect_to_another_port_of_an_allowed_address_is_refused(local_server):
    local_server.routes["/go"] = lambda h: reply(h, b"", status=302, headers={"Location": "http://127.0.0.1:6379/"})
    with pytest.raises(UnsafeURL, match="at a port not allowed"):
        fetch(local_server.url("/go"), max_bytes=1000, timeout=2, allowed_networks=[local_server.allowed])
    assert len(local_server.requests) == 1

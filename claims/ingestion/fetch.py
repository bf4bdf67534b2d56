"""An HTTP fetcher that cannot be pointed at the inside of our network (SSRF-safe).

Every hop (the first request and each redirect) resolves the host once, refuses the request unless every
resolved address is public (or on an allowed network, at an allowed port), and then connects to the address
it checked: the IP is pinned, while the Host header, TLS SNI and certificate check keep using the host name.
The answer is capped in size, time and type.

An allowed network is written `CIDR` (its ports 80 and 443 only), `ADDRESS:PORT/PREFIX` (that port only,
e.g. `127.0.0.1:8080/32` or `[::1]:8080/128`) or `ADDRESS:*/PREFIX` (every port, said explicitly), so that
opening an intranet web server does not open every other service on the same hosts.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError as Urllib3HTTPError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

USER_AGENT = "factcheck-desk/1.0 (+https://github.com/factcheck-desk)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
        "application/feed+json",
        "text/plain",
        "text/html",
    }
)
# inet_aton accepts these legacy spellings (2130706433, 0x7f.1, 0177.0.0.1, 127.1): they are IPs, not names.
_LEGACY_IPV4 = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.IGNORECASE)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The URL could not be fetched; `reason` is safe to record and show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnsafeURL(FetchError):
    """The URL's scheme or one of its resolved addresses is not allowed."""


class ResponseTooLarge(FetchError):
    pass


class UnsupportedContentType(FetchError):
    pass


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    content_type: str = ""
    charset: str | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


Resolver = Callable[[str, int], list[str]]


def _system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
    return [str(info[4][0]) for info in infos]


def literal_ip(host: str) -> IPAddress | None:
    """The IP a host spelling denotes when it is an address (in any legacy IPv4 form), else None."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if _LEGACY_IPV4.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except OSError:
            return None
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


WEB_PORTS = frozenset({80, 443})


@dataclass(frozen=True)
class AllowedNetwork:
    """A non-public network that may be contacted anyway, at `ports` (None: every port)."""

    network: Network
    ports: frozenset[int] | None = WEB_PORTS

    def allows(self, address: IPAddress, port: int) -> bool:
        return address in self.network and (self.ports is None or port in self.ports)


def parse_allowed_network(value: str) -> AllowedNetwork:
    """One allowlist entry (see the module for the forms); ValueError naming the entry when it is none of them."""
    text = value.strip()
    address, slash, prefix = text.partition("/")
    port = None
    if address.startswith("["):
        address, _, rest = address[1:].partition("]")
        if rest:
            if not rest.startswith(":"):
                raise ValueError(f"allowed network {value!r}: write [ADDRESS]:PORT/PREFIX")
            port = rest[1:]
    elif address.count(":") == 1:  # IPv4 with a port; bare IPv6 has more colons
        address, port = address.split(":")
    try:
        network = ipaddress.ip_network(address + slash + prefix, strict=False)
    except ValueError as exc:
        raise ValueError(f"allowed network {value!r}: {exc}") from exc
    if port is None:
        return AllowedNetwork(network)
    if port == "*":
        return AllowedNetwork(network, None)
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"allowed network {value!r}: the port must be 1-65535 or *")
    return AllowedNetwork(network, frozenset({int(port)}))


def address_problem(address: IPAddress, *, port: int, allowed: Iterable[AllowedNetwork] = ()) -> str | None:
    """Why an address must not be contacted at `port`, or None when it is public (or explicitly allowed)."""
    if any(entry.allows(address, port) for entry in allowed):
        return None
    inner = _embedded_ipv4(address)
    if inner is not None:
        problem = address_problem(inner, port=port, allowed=allowed)
        return f"embeds {problem}" if problem else None
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not globally routable", not address.is_global),
    )
    for name, hit in checks:
        if hit:
            if any(address in entry.network for entry in allowed):
                return f"{name} address ({address}) at a port not allowed for it ({port})"
            return f"{name} address ({address})"
    return None


def parse_networks(values: Iterable[str]) -> list[AllowedNetwork]:
    return [parse_allowed_network(value) for value in values if value.strip()]


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    ip: str


def _check_url(url: str, *, resolver: Resolver, allowed: list[AllowedNetwork]) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL(f"malformed URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL(f"only http and https URLs are fetched (got {scheme or 'no scheme'!r})")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURL("the URL has no host")
    if parts.username or parts.password:
        raise UnsafeURL("URLs with credentials are not fetched")
    port = port or (443 if scheme == "https" else 80)
    literal = literal_ip(host)
    addresses = (
        [literal] if literal is not None else [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolver(host, port)]
    )
    if not addresses:
        raise FetchError(f"host {host!r} has no address")
    for address in addresses:
        problem = address_problem(address, port=port, allowed=allowed)
        if problem:
            raise UnsafeURL(f"{host} resolves to {problem}")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(scheme=scheme, host=host, port=port, path=path, ip=str(addresses[0]))


def _host_header(target: _Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


def _pool(target: _Target, timeout: urllib3.Timeout) -> urllib3.HTTPConnectionPool:
    # The pool connects to the checked IP; the host name only goes into Host, SNI and certificate checking.
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            target.ip,
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            assert_hostname=target.host,
            server_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(target.ip, target.port, timeout=timeout, retries=False, maxsize=1)


def _media_type(content_type: str) -> tuple[str, str | None]:
    media, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float = 10.0,
    content_types: Collection[str] | None = None,
    headers: dict[str, str] | None = None,
    max_redirects: int = 5,
    allowed_networks: Iterable[str] = (),
    resolver: Resolver | None = None,
) -> FetchResult:
    """GET a URL from the public internet; raises FetchError (or a subclass) with a reason otherwise.

    `timeout` bounds each connect/read and also the whole exchange, so a server trickling bytes cannot hold a
    worker. `allowed_networks` lets a deployment (or the tests) reach listed non-public networks (at their listed
    ports) on purpose.
    """
    resolver = resolver or _system_resolver
    allowed = parse_networks(allowed_networks)
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    current = url
    for _hop in range(max_redirects + 1):
        target = _check_url(current, resolver=resolver, allowed=allowed)
        remaining = max(deadline - time.monotonic(), 0.1)
        request_headers = {
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",
            **(headers or {}),
            "Host": _host_header(target),
        }
        pool = _pool(target, urllib3.Timeout(connect=min(timeout, remaining), read=min(timeout, remaining)))
        try:
            response = pool.urlopen(
                "GET",
                target.path,
                headers=request_headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except Urllib3HTTPError as exc:
            pool.close()
            raise FetchError(f"request to {target.host} failed: {exc.__class__.__name__}") from exc
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"redirect {response.status} without a Location")
                current = urljoin(current, location)
                redirects.append(current)
                continue
            return _read(
                response,
                current,
                max_bytes=max_bytes,
                deadline=deadline,
                content_types=content_types,
                redirects=redirects,
            )
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(f"more than {max_redirects} redirects")


def _read(
    response: urllib3.BaseHTTPResponse,
    url: str,
    *,
    max_bytes: int,
    deadline: float,
    content_types: Collection[str] | None,
    redirects: list[str],
) -> FetchResult:
    headers = {key.lower(): value for key, value in response.headers.items()}
    media, charset = _media_type(headers.get("content-type", ""))
    if response.status == 304:
        return FetchResult(url=url, status=304, headers=headers, body=b"", redirects=redirects)
    if response.status >= 400:
        raise FetchError(f"HTTP {response.status} from {urlsplit(url).hostname}")
    if content_types is not None and media and media not in content_types:
        raise UnsupportedContentType(f"unsupported content type {media!r}")
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ResponseTooLarge(f"the response is {declared} bytes, over the {max_bytes}-byte limit")
    body = bytearray()
    try:
        # read1 returns after one receive, so the deadline is checked however slowly the server trickles.
        while chunk := response.read1(64 * 1024, decode_content=True):
            body += chunk
            if len(body) > max_bytes:
                raise ResponseTooLarge(f"the response is over the {max_bytes}-byte limit")
            if time.monotonic() > deadline:
                raise FetchError("the response took too long")
    except Urllib3HTTPError as exc:
        raise FetchError(f"reading the response failed: {exc.__class__.__name__}") from exc
    return FetchResult(
        url=url,
        status=response.status,
        headers=headers,
        body=bytes(body),
        content_type=media,
        charset=charset,
        redirects=redirects,
    )

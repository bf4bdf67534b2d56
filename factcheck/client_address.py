"""The address a request comes from, as every limit and log should see it.

`X-Forwarded-For` is believed only when the connection comes from a proxy listed in FACTCHECK_TRUSTED_PROXIES:
the header is read from the right, skipping the listed proxies, and the first address they did not add is the
client's. Without trusted proxies (the default) the header is ignored, so a client cannot pick a fresh address
for each request.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(settings.FACTCHECK_TRUSTED_PROXIES))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address: Any, proxies: Iterable[Network]) -> bool:
    return address is not None and any(address in network for network in proxies)


def client_address(request: Any) -> str:
    """The client's address for `request` (a Django or DRF request); see the module for whom it believes."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = trusted_proxies()
    nearest = _parse(remote)
    if not _trusted(nearest, proxies):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # Not an address a trusted proxy would have written: the nearest trusted hop stands for the client.
            break
        nearest = address
        if not _trusted(address, proxies):
            break
    return str(nearest)

"""Which URLs the service stores, fetches or links to: absolute http and https URLs."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_http_url(url: str) -> bool:
    """Whether `url` is an absolute http(s) URL with a host; the scheme may be in any letter case."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    # urlsplit lowers the scheme's case.
    return parts.scheme in ("http", "https") and bool(parts.netloc)

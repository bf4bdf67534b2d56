"""External evidence sources behind one small interface, configured in FACTCHECK_EVIDENCE_SOURCES.

A source turns a query into hits. The generic `HttpJsonSource` covers most search APIs that answer JSON:

    FACTCHECK_EVIDENCE_SOURCES = [{
        "name": "archive",                                   # shown as the evidence's source
        "url": "https://search.example/api?q={query}",      # {query} is URL-encoded
        "results_path": "data.items",                        # where the list of results is in the JSON
        "fields": {"url": "link", "title": "title", "excerpt": "snippet", "relevance": "score"},
        "headers": {"Authorization": "Bearer ..."},
        "limit": 5,
    }]

Another kind of source is a class implementing `EvidenceSource`, named by dotted path in "adapter".
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from claims.ingestion.fetch import FetchError, ResponseTooLarge, UnsafeURL, fetch
from claims.inputs.urls import is_http_url

DEFAULT_FIELDS = {"url": "url", "title": "title", "excerpt": "excerpt", "relevance": "relevance"}


@dataclass(frozen=True)
class EvidenceHit:
    url: str
    title: str
    excerpt: str
    # 0..1 as reported by the source; None when it gives none (the gatherer scores it then).
    relevance: float | None = None


class EvidenceSourceError(Exception):
    """A source answered with something unusable, or its address is refused (retrying will not help)."""


class EvidenceSource(Protocol):
    name: str

    def search(self, query: str, *, limit: int) -> list[EvidenceHit]: ...


def _dig(document: Any, path: str) -> Any:
    for key in filter(None, path.split(".")):
        if isinstance(document, dict):
            document = document.get(key)
        elif isinstance(document, list) and key.isdigit() and int(key) < len(document):
            document = document[int(key)]
        else:
            return None
    return document


class HttpJsonSource:
    """Any search API that answers a GET with JSON: where the results are and how their fields are named
    come from the configuration."""

    def __init__(
        self,
        *,
        name: str,
        url: str,
        results_path: str = "",
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        limit: int = 5,
        timeout: float | None = None,
        max_bytes: int | None = None,
    ) -> None:
        if "{query}" not in url or not is_http_url(url):
            raise ValueError(f"evidence source {name!r}: url must be http(s) and contain {{query}}")
        self.name = name
        self.url = url
        self.results_path = results_path
        self.fields = {**DEFAULT_FIELDS, **(fields or {})}
        self.headers = {"Accept": "application/json", **(headers or {})}
        self.limit = limit
        self.timeout = timeout if timeout is not None else settings.FACTCHECK_FETCH_TIMEOUT_SECONDS
        self.max_bytes = max_bytes if max_bytes is not None else settings.FACTCHECK_MAX_FETCH_BYTES

    def _get(self, query: str) -> Any:
        url = self.url.replace("{query}", urllib.parse.quote(query, safe=""))
        try:
            # The SSRF-safe fetcher: neither the URL nor a redirect reaches a non-public address.
            result = fetch(
                url,
                max_bytes=self.max_bytes,
                timeout=self.timeout,
                headers=self.headers,
                allowed_networks=settings.FACTCHECK_FETCH_ALLOWED_NETWORKS,
            )
        except (UnsafeURL, ResponseTooLarge) as exc:
            raise EvidenceSourceError(f"{self.name}: {exc.reason}") from exc
        except FetchError as exc:
            # Unreachable, too slow or an HTTP error: an OSError, which the task retries with backoff.
            raise OSError(f"{self.name}: {exc.reason}") from exc
        try:
            return json.loads(result.body)
        except ValueError as exc:
            raise EvidenceSourceError(f"{self.name}: response is not JSON ({exc})") from exc

    def search(self, query: str, *, limit: int | None = None) -> list[EvidenceHit]:
        results = _dig(self._get(query), self.results_path)
        if not isinstance(results, list):
            raise EvidenceSourceError(f"{self.name}: no result list at {self.results_path or 'the top level'!r}")
        hits = []
        for item in results[: limit or self.limit]:
            if not isinstance(item, dict):
                continue
            url = _dig(item, self.fields["url"])
            title = _dig(item, self.fields["title"])
            excerpt = _dig(item, self.fields["excerpt"])
            relevance = _dig(item, self.fields["relevance"])
            if not isinstance(url, str) or not is_http_url(url):
                continue  # evidence from outside must be citable
            hits.append(
                EvidenceHit(
                    url=url[:2000],
                    title=str(title or "")[:1000],
                    excerpt=str(excerpt or ""),
                    relevance=min(max(float(relevance), 0.0), 1.0)
                    if isinstance(relevance, int | float) and not isinstance(relevance, bool)
                    else None,
                )
            )
        return hits


def evidence_sources() -> list[EvidenceSource]:
    """The external sources configured in FACTCHECK_EVIDENCE_SOURCES."""
    sources: list[EvidenceSource] = []
    for config in settings.FACTCHECK_EVIDENCE_SOURCES:
        options = dict(config)
        adapter = options.pop("adapter", None)
        cls = import_string(adapter) if adapter else HttpJsonSource
        sources.append(cls(**options))
    return sources

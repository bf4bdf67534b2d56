"""RSS/Atom parsing of bytes we fetched ourselves, refusing XML entity attacks before any parser sees them.

feedparser is only ever given a stream of bytes: `feedparser.parse(str)` would fetch URLs unguarded, and both
`parse(str)` and `parse(bytes)` open a local file when the value names one.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser
import feedparser.api
import feedparser.encodings
from defusedxml.common import DefusedXmlException, EntitiesForbidden
from defusedxml.expatreader import DefusedExpatParser

from claims.ingestion.text import normalise_text


def create_parser() -> DefusedExpatParser:
    """feedparser's strict parser (xml.sax finds it by this module's name): defusedxml's expat driver, which
    refuses entity declarations however the document is encoded. A DOCTYPE naming an external DTD (XHTML's, in
    some real feeds) stays allowed: expat never loads it, so nothing it might declare takes effect."""
    return DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=False)


feedparser.api.PREFERRED_XML_PARSERS = [__name__]

# When expat fails, feedparser falls back to its own loose parser, which expands the entities it found in the DTD
# without expat. So a document declaring entities is refused before parsing: that is how billion-laughs,
# quadratic blowup and external entities (XXE) work, and real feeds do not need it.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b", re.IGNORECASE)


class FeedError(Exception):
    """The bytes are not a feed we can use; `reason` is recorded on the feed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnsafeXML(FeedError):
    pass


@dataclass(frozen=True)
class FeedItem:
    guid: str
    link: str = ""
    title: str = ""
    content_html: str = ""
    author: str = ""
    published: datetime | None = None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    version: str
    items: list[FeedItem] = field(default_factory=list)
    language: str = ""  # RSS <language> or the feed's xml:lang
    # Set when feedparser had to recover from ill-formed input but still found the feed.
    warning: str = ""


def _refusal(kind: str) -> UnsafeXML:
    return UnsafeXML(f"refused: the document declares an {kind} (DTD entity declarations are not accepted)")


def check_xml_safety(data: bytes, headers: dict[str, str] | None = None) -> None:
    """Refuse documents with a DOCTYPE that declares entities (XML bombs, external entities)."""
    # Scan the UTF-8 text feedparser will parse: it decodes EBCDIC, UTF-16/32 and declared charsets first.
    text = feedparser.encodings.convert_to_utf8(headers or {}, data, {})
    if _ENTITY_DECLARATION.search(text):
        raise _refusal("external entity" if _EXTERNAL_ENTITY.search(text) else "entity")


def _storable(value: str) -> str:
    # feedparser's loose parser keeps NUL characters, which PostgreSQL cannot store.
    return value.replace("\x00", "")


def _entry_guid(entry: feedparser.FeedParserDict) -> str:
    guid = _storable(str(entry.get("id") or entry.get("guid") or entry.get("link") or ""))
    if guid:
        return guid[:2000]
    basis = f"{entry.get('title', '')}\n{entry.get('summary', '')}".encode()
    return "sha256:" + hashlib.sha256(basis).hexdigest()


def _entry_content(entry: feedparser.FeedParserDict) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return _storable(best if len(best) >= len(summary) else summary)


def _entry_published(entry: feedparser.FeedParserDict) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError):
        return None


def parse_feed(data: bytes, *, content_type: str = "", base_url: str = "") -> ParsedFeed:
    """Parse RSS 0.9x/1.0/2.0 or Atom bytes; raises FeedError when they are unsafe or hold no feed."""
    if not data.strip():
        raise FeedError("the document is empty")
    headers = {"content-type": content_type} if content_type else {}
    check_xml_safety(data, headers)
    if base_url:
        headers["content-location"] = base_url
    try:
        # A stream, not bytes: feedparser passes bytes to open(), so a body like b"/etc/passwd" would read that file.
        parsed = feedparser.parse(
            io.BytesIO(data), response_headers=headers, sanitize_html=True, resolve_relative_uris=True
        )
    except DefusedXmlException as exc:
        external = isinstance(exc, EntitiesForbidden) and bool(exc.sysid or exc.pubid)
        raise _refusal("external entity" if external else "entity") from exc
    problem = ""
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"{exc.__class__.__name__}: {exc}" if exc else "ill-formed feed"
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(f"not an RSS or Atom feed ({problem})" if problem else "not an RSS or Atom feed")
    items = [
        FeedItem(
            guid=_entry_guid(entry),
            link=_storable(str(entry.get("link", "") or ""))[:2000],
            title=normalise_text(entry.get("title", "") or "")[:1000],
            content_html=_entry_content(entry),
            author=normalise_text(entry.get("author", "") or "")[:500],
            published=_entry_published(entry),
        )
        for entry in parsed.entries
    ]
    return ParsedFeed(
        title=normalise_text(parsed.feed.get("title", "") or "")[:500],
        version=parsed.get("version", "") or "",
        items=items,
        language=_storable(str(parsed.feed.get("language", "") or ""))[:16],
        warning=problem,
    )

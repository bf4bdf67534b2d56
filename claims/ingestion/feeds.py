"""RSS/Atom parsing of bytes we fetched ourselves, refusing XML entity attacks before any parser sees them.

feedparser is only ever given a stream of bytes: `feedparser.parse(str)` would fetch URLs unguarded, and both
`parse(str)` and `parse(bytes)` open a local file when the value names one.
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser

from claims.ingestion.text import normalise_text

# A document declaring entities is refused outright: that is how billion-laughs, quadratic blowup and external
# entities (XXE) work, and real feeds do not need it. Matching on the undecoded text keeps this linear in size.
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_UTF16_32 = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)


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
    # Set when feedparser had to recover from ill-formed input but still found the feed.
    warning: str = ""


def _scannable(data: bytes) -> str:
    for marker, encoding in _UTF16_32:
        if data.startswith(marker):
            return data.decode(encoding, errors="replace")
    # Every other encoding feeds accept is ASCII-compatible for "<!ENTITY"; latin-1 maps bytes one to one.
    return data.decode("latin-1")


def check_xml_safety(data: bytes) -> None:
    """Refuse documents with a DOCTYPE that declares entities (XML bombs, external entities)."""
    text = _scannable(data)
    if _ENTITY_DECLARATION.search(text):
        kind = "external entity" if re.search(r"<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b", text, re.I) else "entity"
        raise UnsafeXML(f"refused: the document declares an {kind} (DTD entity declarations are not accepted)")


def _entry_guid(entry: feedparser.FeedParserDict) -> str:
    guid = entry.get("id") or entry.get("guid") or entry.get("link")
    if guid:
        return str(guid)[:2000]
    basis = f"{entry.get('title', '')}\n{entry.get('summary', '')}".encode()
    return "sha256:" + hashlib.sha256(basis).hexdigest()


def _entry_content(entry: feedparser.FeedParserDict) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return best if len(best) >= len(summary) else summary


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
    check_xml_safety(data)
    headers = {"content-type": content_type} if content_type else {}
    if base_url:
        headers["content-location"] = base_url
    # A stream, not bytes: feedparser passes bytes to open(), so a body like b"/etc/passwd" would read that file.
    parsed = feedparser.parse(
        io.BytesIO(data), response_headers=headers, sanitize_html=True, resolve_relative_uris=True
    )
    problem = ""
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"{exc.__class__.__name__}: {exc}" if exc else "ill-formed feed"
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(f"not an RSS or Atom feed ({problem})" if problem else "not an RSS or Atom feed")
    items = [
        FeedItem(
            guid=_entry_guid(entry),
            link=str(entry.get("link", "") or "")[:2000],
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
        warning=problem,
    )

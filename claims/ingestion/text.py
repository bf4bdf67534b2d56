"""Text identity: decoding untrusted bytes, normalising text and URLs, and the content hash of an article."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="koi8-r"> or <meta http-equiv="Content-Type" content="text/html; charset=koi8-r">, looked for in the
# first 4 KB of the document, in tags of at most 1 KB (a bound that keeps the search linear).
_META_CHARSET = re.compile(rb"<meta\b[^>]{0,1024}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_META_SCAN = 4096
# Control characters other than tab/newline never belong in article text (they come from bad encodings).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ito)$", re.IGNORECASE)


def _meta_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in a <meta> tag, if any that can describe its bytes."""
    match = _META_CHARSET.search(data, 0, _META_SCAN)
    if not match:
        return None
    name = match.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # The tag was read as ASCII, so the bytes are not UTF-16/32 whatever it says (the HTML standard agrees).
    return None if codec.startswith(("utf-16", "utf-32")) else name


def decode_bytes(data: bytes, *, charset: str | None = None) -> str:
    """Decode bytes from an untrusted source: BOM, then the declared charset, then UTF-8, then the charset an HTML
    <meta> declares, then Windows-1252.

    Valid UTF-8 is taken before a <meta> charset: legacy text that happens to be valid UTF-8 is rare, a UTF-8 page
    whose template still says ISO-8859-1 is not. Never raises: an unknown or unusable charset is skipped, and
    undecodable bytes become U+FFFD rather than failing the article.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    candidates = [charset] if charset else []
    candidates += ["utf-8", _meta_charset(data), "cp1252"]
    for encoding in candidates:
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeError):  # UnicodeError: e.g. "punycode" fails without a UnicodeDecodeError
            continue
    return data.decode("utf-8", errors="replace")


def normalise_text(text: str) -> str:
    """The stored form of an article's text: NFC, Unix newlines, single spaces, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def content_hash(text: str) -> str:
    """Identity of an article without a URL: insensitive to case, whitespace and Unicode normal form."""
    folded = " ".join(normalise_text(text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, fragment or tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if ":" not in host else f"[{host}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{netloc}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))

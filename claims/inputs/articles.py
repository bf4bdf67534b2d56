"""What an article to ingest must give: its text, its HTML or a URL to fetch it from; text and HTML exclude each
other."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SOURCE_FIELDS = ("text", "html", "url")


def article_source_problem(item: Mapping[str, Any]) -> tuple[str, str] | None:
    """(field, message) when `item` gives no usable source or both text and HTML; None when it is acceptable."""
    if not any((item.get(key) or "").strip() for key in SOURCE_FIELDS):
        return "text", "Give `text`, `html` or `url`."
    if item.get("text") and item.get("html"):
        return "html", "Give either `text` or `html`, not both."
    return None

"""Text PostgreSQL can store: no NUL character (text and JSON columns refuse it) and no lone surrogate (JSON
input can carry "\\ud800", which cannot be encoded as UTF-8)."""

from __future__ import annotations


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text ("contains a NUL character", "is not valid Unicode text"), or None."""
    if "\x00" in value:
        return "contains a NUL character"
    try:
        value.encode()
    except UnicodeEncodeError:
        return "is not valid Unicode text"
    return None

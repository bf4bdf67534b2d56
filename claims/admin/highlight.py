"""The claim's quote shown where it sits in its article, escaped, with the quote marked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

CONTEXT_CHARS = 700


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    href: str = ""
    title: str = ""
    current: bool = False


def _locate(text: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """The quote's offsets in `text`: the stored ones when they still hold, else where the quote now is."""
    if 0 <= start <= end <= len(text) and (not quote or text[start:end] == quote):
        return start, end
    if quote:
        found = text.find(quote)
        if found >= 0:
            return found, found + len(quote)
    return None


def quote_in_context(text: str, *, start: int, end: int, quote: str, context: int = CONTEXT_CHARS) -> SafeString:
    """`context` characters either side of the quote, with the quote in a <mark>; everything else is escaped."""
    located = _locate(text, start, end, quote)
    if located is None:
        return format_html('<p class="fc-missing-quote">The quote is no longer in the article text.</p>')
    start, end = located
    before_from = max(0, start - context)
    after_to = min(len(text), end + context)
    return format_html(
        '<div class="fc-article-text">{}{}<mark class="fc-quote" id="fc-quote">{}</mark>{}{}</div>',
        "… " if before_from > 0 else "",
        text[before_from:start],
        text[start:end],
        text[end:after_to],
        " …" if after_to < len(text) else "",
    )


def article_with_spans(text: str, spans: Iterable[Span]) -> SafeString:
    """The whole article with each claim span marked (overlapping spans: the earlier one wins), escaped."""
    parts: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.start < position or span.end > len(text) or span.start >= span.end:
            continue
        parts.append(escape(text[position : span.start]))
        marked = format_html(
            '<mark class="fc-quote{}" title="{}">{}</mark>',
            " fc-quote-current" if span.current else "",
            span.title,
            text[span.start : span.end],
        )
        if span.href:
            marked = format_html('<a class="fc-quote-link" href="{}">{}</a>', span.href, marked)
        parts.append(marked)
        position = span.end
    parts.append(escape(text[position:]))
    return format_html('<div class="fc-article-text">{}</div>', mark_safe("".join(parts)))  # noqa: S308

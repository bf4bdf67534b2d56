"""HTML pages to article text and metadata (title, author, date, publisher) with trafilatura."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

import trafilatura
from lxml import html as lxml_html

from claims.ingestion.text import normalise_text

# trafilatura logs every page it finds too short at WARNING; those are reported as a failed item instead.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True)
class HtmlDocument:
    text: str
    title: str = ""
    author: str = ""
    published: date | None = None
    publisher: str = ""
    language: str = ""
    url: str = ""


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _fallback_text(markup: str) -> str:
    # Pages trafilatura cannot find a main text in (very short or unusual ones) still yield their visible text.
    try:
        tree = lxml_html.fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for node in tree.xpath("//script|//style|//noscript|//nav|//header|//footer|//form"):
        node.drop_tree()
    body = tree.find("body")
    return (body if body is not None else tree).text_content()


def _words(value: str) -> set[str]:
    return set(re.findall(r"\w+", value.casefold()))


def _headline(markup: str) -> str:
    """The headline as the page shows it: an itemprop=headline element, else the <h1> that agrees with the
    page's <title>/og:title (which often carry a site suffix or a social-media rewrite)."""
    try:
        tree = lxml_html.fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for node in tree.xpath('//*[translate(@itemprop, "HEADLINE", "headline")="headline"]'):
        text = " ".join(node.text_content().split())
        if 3 <= len(text) <= 300:
            return text
    reference = _words(" ".join(tree.xpath("//title/text()") + tree.xpath('//meta[@property="og:title"]/@content')))
    if not reference:
        return ""
    best, best_score = "", 0.0
    for node in tree.xpath("//h1"):
        text = " ".join(node.text_content().split())
        words = _words(text)
        if len(words) < 4 or len(text) > 300:  # site logos and menus are h1s too
            continue
        score = len(words & reference) / len(words)
        if score > best_score:
            best, best_score = text, score
    return best if best_score >= 0.8 else ""


def extract_html(markup: str, *, url: str = "") -> HtmlDocument:
    """Main text and metadata of a page; text is empty when the page has none."""
    document = trafilatura.bare_extraction(
        markup,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        deduplicate=False,
    )
    if document is None:
        return HtmlDocument(text=normalise_text(_fallback_text(markup)), url=url)
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = data.get("text") or ""
    if not text.strip():
        text = _fallback_text(markup)
    return HtmlDocument(
        text=normalise_text(text),
        title=normalise_text(_headline(markup) or data.get("title") or ""),
        author=normalise_text(data.get("author") or ""),
        published=_parse_date(data.get("date")),
        publisher=normalise_text(data.get("sitename") or ""),
        language=(data.get("language") or "")[:16],
        url=data.get("url") or url,
    )

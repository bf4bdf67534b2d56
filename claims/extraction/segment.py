"""Sentence segmentation for news text, with exact character offsets.

syntok does the sentence splitting inside a block (abbreviations such as "U.S.", "Dr.", "Jan.",
quotes, brackets, dashes). What it does not know about news layout is handled here:
blocks are cut at line level first so that headings, datelines and bylines never glue onto a
sentence, hard-wrapped paragraphs are re-joined, a dateline prefix ("KYIV (Reuters) -") is cut off
the first sentence, and sentences split at a semicolon are merged back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from syntok.segmenter import analyze

SENTENCE = "sentence"
HEADING = "heading"
DATELINE = "dateline"
BYLINE = "byline"

_TERMINAL = frozenset(".!?…:;\"'”\u2019)]")
_WRAP_MIN = 60  # a line at least this long that ends mid-sentence is a hard-wrapped one

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATE_LINE = re.compile(
    rf"^(?:(?:{_WEEKDAY}),?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ][\d:.]+Z?)?)"
    rf"(?:\s*[,|]?\s*\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\s*$",
    re.IGNORECASE,
)
# "KYIV, Dec 29 (Reuters) - ", "WASHINGTON — ", "Hong Kong (CNN)", "INDIANAPOLIS, March 10, 2021 /PRNewswire/ --"
_DATELINE_PREFIX = re.compile(
    r"(?:(?:[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3})(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
    r"(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([A-Z][\w&.' ]{1,30}\)|/[A-Za-z ]{2,30}/)?\s*"
    r"(?:-{1,2}|\u2013|—)\s+"
    r"|(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\s+\((?:CNN|AP|AFP|Reuters|BBC|UPI|dpa|Xinhua|Bloomberg)\)"
    r"\s*(?:(?:-{1,2}|\u2013|—)\s*)?)"
)
_BYLINE = re.compile(
    r"^\(?(?:By|BY|Reporting by|Additional reporting by|Writing by|Editing by|Compiled by|"
    r"Written by|Reported by)\s+[A-Z]",
)
_SECTION_LABEL = re.compile(
    r"^(?:related(?: news| stories| articles)?|sources?|see also|external links|references|"
    r"read more|advertisement|share this|more on this story)\s*:?$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019.\-]*")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "per",
        "the",
        "to",
        "up",
        "vs",
        "via",
        "with",
    ]
)


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    kind: str
    paragraph: int


def _is_title_case(words: list[str]) -> bool:
    capital = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(capital) and sum(w[0].isupper() for w in capital) / len(capital) >= 0.8


def _block_kind(line: str) -> str | None:
    """Classify a whole line that is not running text; None means running text."""
    if _DATE_LINE.match(line):
        return DATELINE
    if _BYLINE.match(line) and len(line) <= 120:
        return BYLINE
    if _SECTION_LABEL.match(line):
        return HEADING
    if line.isupper() and sum(c.isalpha() for c in line[:40]) >= 4:
        return HEADING
    if line[-1] in _TERMINAL:
        return None
    words = _WORD.findall(line)
    # A short line without final punctuation, or a title-cased one, is a heading; a longer
    # sentence-case line (a headline with a verb) is kept as running text.
    if len(words) <= 4 or (len(words) <= 14 and _is_title_case(words)):
        return HEADING
    return None


def _blocks(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each block; blank lines separate paragraphs."""
    lines = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            lines.append((s, e))
    blocks: list[list[int]] = []
    paragraph = -1
    prev_end = 0
    # Without any blank line in the text, every line is a paragraph of its own.
    blank_lines = _uses_blank_lines(text)
    for s, e in lines:
        blank_before = text.count("\n", prev_end, s) >= 2
        if blocks and not blank_before:
            ps, pe = blocks[-1][0], blocks[-1][1]
            prev_line_len = pe - max(text.rfind("\n", ps, pe), ps - 1) - 1
            wrapped = text[pe - 1] not in _TERMINAL and prev_line_len >= _WRAP_MIN
            if (wrapped or text[s].islower()) and _block_kind(text[s:e]) is None:
                blocks[-1][1] = e
                prev_end = e
                continue
        if blank_before or not blocks or not blank_lines:
            paragraph += 1
        blocks.append([s, e, paragraph])
        prev_end = e
    return [(s, e, p) for s, e, p in blocks]


def _uses_blank_lines(text: str) -> bool:
    return "\n\n" in text or "\n \n" in text or "\n\r\n" in text


_TITLE_AT_END = re.compile(
    r"(?<![\w.])(?:Rep|Reps|Sen|Sens|Gov|Lt|Col|Gen|Adm|Sgt|Capt|Maj|Cmdr|Supt|Insp|Det|Rev|Hon|Atty|Amb|Brig|Cpl|"
    r"Pvt|Msgr)\.$"
)
_INNER_STOP = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    block = text[start:end]
    if not _INNER_STOP.search(block):
        return [(start, end)]  # no full stop before the end: one sentence, no need to run the segmenter
    spans: list[tuple[int, int]] = []
    for paragraph in analyze(block):
        for sentence in paragraph:
            if not sentence:
                continue
            first, last = sentence[0], sentence[-1]
            s = first.offset
            e = last.offset + len(last.value)
            if block[last.offset : e] != last.value:  # a normalised token ("n't" -> "not")
                m = re.compile(r"\S+").match(block, last.offset)
                e = m.end() if m else last.offset
            # syntok cuts at semicolons, and after a title it does not know inside a sentence ("echoed by Rep.
            # Jane Doe"); a claim reads better as the whole sentence
            if spans and (block[spans[-1][1] - 1] == ";" or _TITLE_AT_END.search(block, spans[-1][0], spans[-1][1])):
                spans[-1] = (spans[-1][0], e)
            else:
                spans.extend(_split_before_figures(block, s, e))
    return [(start + s, start + e) for s, e in spans]


# syntok never ends a sentence before a figure ("18 people died. 149 were hurt."); a full stop after a lowercase
# word that is no abbreviation, then a figure, does
_STOP_BEFORE_FIGURE = re.compile(r"(?<![\w.])([a-z]{3,})\.\s+(?=\d)")
_LOWERCASE_ABBREVIATIONS = frozenset(
    {
        "approx",
        "est",
        "incl",
        "excl",
        "fig",
        "figs",
        "vol",
        "vols",
        "sec",
        "min",
        "max",
        "avg",
        "dept",
        "govt",
        "corp",
        "inc",
        "ltd",
        "misc",
        "etc",
        "nos",
        "tel",
        "ext",
        "art",
        "para",
        "ref",
        "refs",
        "resp",
        "nat",
        "int",
    }
)


def _split_before_figures(block: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for m in _STOP_BEFORE_FIGURE.finditer(block, start, end):
        if m.group(1) not in _LOWERCASE_ABBREVIATIONS:
            spans.append((start, m.start(1) + len(m.group(1)) + 1))
            start = m.end()
    spans.append((start, end))
    return spans


def segment(text: str, *, split: Callable[[str, int, int], list[tuple[int, int]]] | None = None) -> list[Segment]:
    """Split an article into sentences and non-claim blocks (headings, datelines, bylines).

    `split(text, start, end)` gives the sentences of one block; the default is syntok's, which knows English.
    """
    split = split or _sentences
    segments: list[Segment] = []
    for start, end, paragraph in _blocks(text):
        kind = _block_kind(text[start:end])
        if kind is not None:
            segments.append(Segment(start, end, kind, paragraph))
            continue
        prefix = _DATELINE_PREFIX.match(text, start, end)
        if prefix and prefix.end() < end:
            segments.append(Segment(start, prefix.end(), DATELINE, paragraph))
            start = prefix.end()
            while start < end and text[start].isspace():
                start += 1
        for s, e in split(text, start, end):
            segments.append(Segment(s, e, SENTENCE, paragraph))
    return segments

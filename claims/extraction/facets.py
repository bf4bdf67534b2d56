"""Facets of a claim that a fact-checker verifies first: figures, dates and named entities.

Regular expressions over the claim text; each facet is returned as its surface form, in order of
appearance, without duplicates.
"""

from __future__ import annotations

import re

from claims.extraction import lexicon as lx

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAYNUM = r"\d{1,2}(?:st|nd|rd|th)?"
_RANGE = rf"{_DAYNUM}(?:\s*(?:[-\u2013]|to)\s*{_DAYNUM})?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
DATE = re.compile(
    rf"\b(?:{_MONTH}\s+{_RANGE}(?:,?\s+{_YEAR})?(?!\d)"
    rf"|{_RANGE}\s+{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|(?:(?:early|mid|late)[\s-]+)?{_MONTH}\s+{_YEAR}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}(?:[:.]\d{{2}})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)(?:\s+(?:local time|[A-Z]{{2,4}}\b))?"
    rf"|\d{{4}}\s(?:UTC|GMT)\b"
    rf"|(?<![\d.,:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])(?:\s+(?:local time|[A-Z]{{2,4}}\b))?"
    rf"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|(?:yesterday|today|tonight|tomorrow)"
    rf"|(?:last|this|next|earlier this|later this)\s+(?:week|month|year|weekend|spring|summer|autumn|fall|winter)"
    rf"|(?:(?:early|mid|late)[\s-]+)?(?<![\d,.\-]){_YEAR}s?(?!\d|,\d)(?!\s+(?:people|men|women|children|[a-z]+s)\b))",
)
_SPELLED = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"dozens|hundreds|thousands|millions|billions|a dozen|a hundred|a thousand|a million|a billion)"
)
_FRACTION = (
    r"(?:(?:a|one|two|three|four)[\s-](?:half|third|thirds|quarter|quarters|fifth|fifths|sixth|tenth|tenths)"
    r"|half|(?:one|two|three|four|five|six|seven|eight|nine)-in-(?:ten|five|four|three))"
)
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|hundred|bn|m)\b)"
_PERCENT = r"(?:\s?(?:%|percent\b|per\s?cent\b|percentage points?\b))"
_MEASURE = (
    r"km|kilometres?|kilometers?|miles?|m|metres?|meters?|ft|feet|kg|kilograms?|tonnes?|tons?|lbs?|pounds|"
    r"mph|km/h|°C|°F|degrees|hours?|minutes?|seconds?|days?|weeks?|months?|years?|acres|hectares|litres?|"
    r"liters?|gallons?|barrels?|MW|GW|kWh"
)
NUMBER = re.compile(
    rf"(?:(?:US|A|C|HK)?[$€£¥]\s?)?"
    rf"(?:(?<![\w.,\-])\d+(?:[.,]\d+)*(?:\s?[-\u2013]\s?\d+(?:[.,]\d+)*)?{_SCALE}?{_PERCENT}?"
    rf"|\b{_FRACTION}\b{_PERCENT}?|\b{_SPELLED}\b{_SCALE}?{_PERCENT}?)"
    rf"(?:-[a-z]+)*"
)
_UNIT_WORD = re.compile(r"\s+(?:of\s+)?([a-z][a-z\-]*|" + _MEASURE + r")\b")
_CONVERSION = re.compile(r"\s*\((?:about |around |some )?\d[\d.,]*\s?[^\W\d][^()]{0,18}\)")
_NOT_UNIT = (
    lx.FUNCTION_WORDS
    | lx.PREPOSITIONS
    | {"per", "a", "an", "the", "of", "overall", "yesterday", "today", "tonight", "ago", "alone", "each", "later"}
)

_CONNECTOR = r"(?:of|for|de|del|da|di|du|la|le|al|el|bin|ibn|van|von|der|den)"
_ENTITY_WORD = r"(?:(?:[A-Z]\.){2,}|(?:[A-Z][\w'\u2019\-&]*\w|[A-Z])(?:\.(?=\s+[A-Z]))?)"
ENTITY = re.compile(rf"{_ENTITY_WORD}(?:\s+(?:{_CONNECTOR}\s+(?:the\s+)?)?{_ENTITY_WORD})*")
_DEMONYM_SUFFIXES = ("ian", "ese", "ish", "ean", "ic", "an", "i")


def numbers(text: str, dates: list[tuple[int, int]]) -> list[str]:
    out: list[str] = []
    covered = 0
    for m in NUMBER.finditer(text):
        s, e = m.span()
        if s < covered or any(ds <= s < de or ds < e <= de for ds, de in dates):
            continue
        surface = m.group()
        if re.fullmatch(r"\d{1,2}", surface) and _inside_list_marker(text, s):
            continue
        if not re.search(r"%|per\s?cent|percent", surface):
            # up to two words of unit; they must end on a plural or a measure ("91 long-range drones"),
            # or follow a compound figure ("a 50-year security deal")
            compound = "-" in surface and surface[-1].isalpha()
            cursor, words = e, 0
            while words < 2:
                unit = _UNIT_WORD.match(text, cursor)
                if not unit or unit.group(1) in _NOT_UNIT or unit.group(1).endswith(("ly", "ing", "ed")):
                    break
                if re.search(r"\bof\s", unit.group()) and words:
                    break
                cursor = unit.end()
                words += 1
                if compound or _is_unit(unit.group(1)):
                    e = cursor
            conversion = _CONVERSION.match(text, e)
            if conversion:
                e = conversion.end()
        covered = e
        out.append(text[s:e])
    return _dedupe(out)


_COLLECTIVE = frozenset(["people", "children", "men", "women", "police", "staff", "personnel", "cattle", "livestock"])
_MEASURE_WORD = re.compile(rf"(?:{_MEASURE})$")


def _is_unit(word: str) -> bool:
    return word in _COLLECTIVE or _MEASURE_WORD.match(word) is not None or (len(word) > 3 and word.endswith("s"))


def _inside_list_marker(text: str, start: int) -> bool:
    return text[max(0, start - 1) : start] == "#"


def dates(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    spans = [m.span() for m in DATE.finditer(text)]
    return _dedupe([text[s:e] for s, e in spans]), spans


def entities(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    out: list[str] = []
    for m in ENTITY.finditer(text):
        at_start = m.start() == 0 or text[: m.start()].rstrip()[-1:] in ('"', "“", "(", "-", "\u2013", "—", ":")
        # "Ukraine's Zaporizhzhia region": a possessive separates two entities
        pieces = re.split(r"(?<=['\u2019]s)\s+", m.group())
        for n, piece in enumerate(pieces):
            entity = _entity(piece.split(), at_start and n == 0, text[m.end() : m.end() + 2], known)
            if entity:
                out.append(entity)
    return _dedupe(out)


def _entity(words: list[str], at_start: bool, follows: str, known: frozenset[str]) -> str:
    words = [re.sub(r"['\u2019]s?$", "", w) for w in words]
    while words and (
        words[0] in lx.CAPITALISED_STOPWORDS
        or words[0] in ("The", "Such", "Another", "Every", "Each", "No", "Not", "Yes")
        or (at_start and words[0].endswith(("ing", "ed", "ly")))
    ):
        words.pop(0)
        at_start = False
    while words and words[-1].lower() in ("of", "for", "the", "de", "la", "al"):
        words.pop()
    if not words:
        return ""
    # "U.S. President Donald Trump" -> "Donald Trump": titles and demonyms before a name are not the entity
    last_title = max((i for i, w in enumerate(words) if w in lx.TITLE_WORDS), default=-1)
    if 0 <= last_title < len(words) - 1:
        words = words[last_title + 1 :]
    if len(words) == 1:
        w = words[0]
        if w in lx.WEEKDAYS or w in lx.MONTHS or w in lx.TITLE_WORDS or len(w) < 2 or "'" in w or "\u2019" in w:
            return ""
        if at_start and w not in known and not w.isupper():
            return ""
        if w.endswith(_DEMONYM_SUFFIXES) and len(follows) == 2 and follows[1].islower() and not w.isupper():
            return ""
    return " ".join(words)


def proper_words(text: str) -> frozenset[str]:
    """Capitalised words seen after the start of a sentence: names, not sentence-initial capitals."""
    return frozenset(m.group(1) for m in re.finditer(r"[a-z,;]\s+([A-Z][\w'\u2019\-]*\w)", text))


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        item = " ".join(item.split())
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out

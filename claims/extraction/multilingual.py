"""Claim extraction in Ukrainian, Russian, Spanish, French, German and Portuguese: segment -> attribute -> facets ->
score -> select, with the grammar of each language (claims/extraction/languages/).

Check-worthiness here is a stated heuristic, not a model: the English model is trained on English debate sentences
and is not used. Evidence is added in log-odds and compared with a bar:

    checkworthiness = sigmoid(1.5 attributed + 0.5 reported + 1.0 figure + 0.4 date + 0.4 named entity
                              + 0.5 harm - 0.8 normative + 0.4 centrality - 1.5)

`attributed`: the sentence has a claimant; `reported`: it reports a proposition ("заявив, що ...", "dijo que ...");
`figure`: it carries a number, a share or a spelled quantity; `date`: a specific date or day; `harm`: it speaks of
people hurt or killed or of things destroyed (the same vocabulary English extraction weighs); `centrality`: the
sentence's lexical similarity to the rest of the article as a z-score clipped to +-2. An attributed statement, or an
unattributed one with a figure and a date or a name, clears the bar. Headings, questions, fragments of under four
words and opinions ("мені це не подобається", "creo que") are never claims. As in English, a candidate is a claim
when its checkworthiness is at least CLAIM_THRESHOLD (0.5) and it ranks within the article's claim budget.
"""

from __future__ import annotations

import math
import re
from functools import partial

from claims.extraction.attribution_ml import attribute
from claims.extraction.candidates import CLAIM_THRESHOLD, MIN_WORDS, NO_LIMITS, ExtractedClaim, Limits, claim_budget
from claims.extraction.centrality import centrality
from claims.extraction.grammar import Grammar
from claims.extraction.languages import GRAMMARS
from claims.extraction.segment import HEADING, segment
from claims.extraction.speakers import Names, split_sentences, tokens

_W_ATTRIBUTED = 1.5
_W_REPORTED = 0.5
_W_NUMBER = 1.0
_W_DATE = 0.4
_W_ENTITY = 0.4
_W_HARM = 0.5
_W_NORMATIVE = -0.8
_W_CENTRAL = 0.4
_BAR = 1.5
_NEVER = -10.0

_QUOTES = '"“”«»„‹›'
_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]+")
_DIGITS = r"(?<![\w.,])\d+(?:[\u00a0\u202f .,]\d{3})*(?:[.,]\d+)?(?:\s*[–-]\s*\d+(?:[.,]\d+)?)?"
_CONVERSION = re.compile(r"\s*\((?:[^\W\d_]+\s)?\d[\d.,]*\s?[^\W\d][^()]{0,18}\)")


def handles(language: str) -> bool:
    return language in GRAMMARS


def clean(quote: str) -> str:
    """The claim as a reader sees it: one line, without an unbalanced quotation mark or a dash at either end."""
    text = " ".join(quote.split())
    opening = sum(text.count(q) for q in "«„") + (text.count("“") if "„" not in text else 0)
    closing = text.count("»") + (text.count("”") if "„" not in text else text.count("“"))
    straight = text.count('"') % 2 == 1
    if straight or opening != closing:
        if text[:1] in _QUOTES:
            text = text[1:].lstrip()
        elif text[-1:] in _QUOTES:
            text = text[:-1]
        elif text[-2:-1] in _QUOTES and text[-1] in ".!?":
            text = text[:-2] + text[-1]
    return text.lstrip("—–- ").strip()


def numbers(grammar: Grammar, text: str, date_spans: list[tuple[int, int]]) -> list[str]:
    """Figures with the noun they count ("91 безпілотником", "15 km (9,3 millas)", "75%", "una quinta parte")."""
    pattern = re.compile(
        rf"{_DIGITS}(?:{grammar.scale})?(?:{grammar.percent})?"
        rf"|{grammar.fractions.pattern}"
        rf"|\b(?:{'|'.join(sorted(map(re.escape, grammar.number_words), key=len, reverse=True))})\b",
        re.IGNORECASE,
    )
    out: list[str] = []
    covered = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        if s < covered or any(ds <= s < de for ds, de in date_spans):
            continue
        if not m.group().rstrip().endswith(("%", "cent", "ciento", "cento")) and not re.search(
            r"%|відсот|процент|Prozent", m.group()
        ):
            unit = re.compile(r"\s+([^\W\d_][\w\-'’]*)").match(text, e)
            if (
                unit
                and unit.group(1) not in grammar.stopwords
                and (unit.group(1).islower() or grammar.capitalised_nouns)
            ):
                e = unit.end()
            conversion = _CONVERSION.match(text, e)
            if conversion:
                e = conversion.end()
        covered = e
        out.append(" ".join(text[s:e].split()))
    return list(dict.fromkeys(out))


def dates(grammar: Grammar, text: str) -> tuple[list[str], list[tuple[int, int]]]:
    spans = [m.span() for m in grammar.date.finditer(text)]
    return list(dict.fromkeys(" ".join(text[s:e].split()) for s, e in spans)), spans


def entities(grammar: Grammar, names: Names, text: str) -> list[str]:
    """Names of people, places and organisations: capitalised words past the first of the sentence (and, where all
    nouns are capitalised, only names the article uses on their own or as a person's)."""
    out: list[str] = []
    toks = tokens(text)
    i = 0
    while i < len(toks):
        if not names.is_name_word(toks[i]) or grammar.is_title(toks[i].text):
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and names.is_name_word(toks[j + 1]) and not grammar.is_title(toks[j + 1].text):
            j += 1
        words = [t.text for t in toks[i : j + 1]]
        stems = [grammar.stem(w) for w in words]
        known = any(s in names.full or names.alone[s] > 1 or any(s in f for f in names.full.values()) for s in stems)
        opening = i == 0 or toks[i - 1].text in _QUOTES + "—–-:("
        if (not opening and not grammar.capitalised_nouns) or known:
            out.append(" ".join(words))
        i = j + 1
    return list(dict.fromkeys(out))


def _candidates(grammar: Grammar, text: str, limits: Limits) -> list[ExtractedClaim]:
    segments = segment(text, split=partial(split_sentences, grammar))
    limits.check_sentences(len(segments))
    names = Names.build(text, grammar)
    units = attribute(text, segments, grammar, names)
    spans = sorted(
        [(u.start, u.end, u) for u in units] + [(s.start, s.end, None) for s in segments if s.kind == HEADING]
    )
    out = []
    for start, end, unit in spans:
        quote = text[start:end]
        cleaned = clean(quote)
        date_list, date_spans = dates(grammar, cleaned)
        out.append(
            ExtractedClaim(
                text=cleaned,
                quote=quote,
                start=start,
                end=end,
                claimant=unit.claimant if unit else "",
                cue=unit.cue if unit else "",
                numbers=numbers(grammar, cleaned, date_spans),
                dates=date_list,
                entities=entities(grammar, names, cleaned),
                kind=unit.segment.kind if unit else HEADING,
                opinion=bool(grammar.opinion.search(cleaned)),
            )
        )
    return out


def _reported(grammar: Grammar, claim: ExtractedClaim) -> bool:
    """Indirect speech: a "that"-clause after the cue ("заявив, що ..."), or an unquoted clause before a trailing
    cue ("Ніхто не постраждав, сказав він")."""
    words = [w.lower() for w in re.findall(r"[^\W\d_][\w'’\-]*", claim.text)]
    if claim.cue.split()[-1] not in words:
        return False
    at = words.index(claim.cue.split()[-1])
    if any(w in grammar.complementizers for w in words[at + 1 :]):
        return True
    head = claim.text.split(",")[0]
    return at > 2 and "," in claim.text and not any(q in head for q in _QUOTES)


def _evidence(grammar: Grammar, claim: ExtractedClaim) -> float:
    score = 0.0
    if claim.cue and claim.claimant:
        score += _W_ATTRIBUTED
        if _reported(grammar, claim):
            score += _W_REPORTED
    if claim.numbers:
        score += _W_NUMBER
    if any(re.search(r"\d", d) or d.lower() not in grammar.time_words for d in claim.dates):
        score += _W_DATE
    if claim.entities:
        score += _W_ENTITY
    if grammar.harm.search(claim.text):
        score += _W_HARM
    if grammar.normative.search(claim.text):
        score += _W_NORMATIVE
    return score


def extract(text: str, *, language: str, title: str = "", limits: Limits = NO_LIMITS) -> list[ExtractedClaim]:
    """Every claim candidate of an article in `language` (one `handles`), in text order, `is_claim` set. The title is
    not used: names are taken from the text, where their offsets are."""
    grammar = GRAMMARS[language]
    deadline = limits.deadline()
    claims = _candidates(grammar, text, limits)
    limits.check_time(deadline)
    if not claims:
        return []
    word = re.compile(_WORD.pattern)
    central = centrality([c.text for c in claims], word=word, stop=grammar.stopwords | grammar.verbs)
    scored = []
    for claim, c in zip(claims, central, strict=True):
        never = (
            claim.kind == HEADING
            or claim.opinion
            or len(claim.text.split()) < MIN_WORDS
            or claim.text.rstrip(_QUOTES + " ").endswith("?")
        )
        z = _NEVER if never else _evidence(grammar, claim) + _W_CENTRAL * max(-2.0, min(2.0, c)) - _BAR
        claim.checkworthiness = 1.0 / (1.0 + math.exp(-z))
        if not never:
            scored.append(claim)
    ranked = sorted((c for c in scored if c.checkworthiness >= CLAIM_THRESHOLD), key=lambda c: -c.checkworthiness)
    for claim in ranked[: claim_budget(len(claims))]:
        claim.is_claim = True
    return claims

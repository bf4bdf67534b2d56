"""Who makes each claim: claimant and attribution cue, per sentence or clause.

Rules, cheapest first: a reporting verb outside quotation marks takes the noun phrase before it
("Lavrov said", "Mike Ryan, the WHO's top expert, said") or, inverted, after it ("said an aide");
"according to X" takes X. A trailing or parenthetical attribution ("..., an aide said.") outranks a
verb earlier in the sentence. Pronouns resolve to the last person who made a claim, surnames to
the fullest form (with title) first used in the article, and sentences inside a quotation that
spans several sentences inherit the speaker of that quotation, even when the speaker is named in
the previous or next sentence or paragraph ("He added: ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.extraction import lexicon as lx
from claims.extraction.segment import SENTENCE, Segment

QUOTE_FILL = "\x1f"
_OPENING = "“"
_CLOSING = "”"
_TOKEN = re.compile(
    r"\x1f+|(?:[A-Z]\.){2,}|(?:Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Gen|Col|Lt|Prof|St|Jr|Sr|Mt|Ft)\."
    r"|[^\W\d_][\w'\u2019\-&]*\w|[^\W\d_]|\d[\d,.:]*\w*|[^\w\s]"
)
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+")
_NAME_WORD = r"(?:(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|St)\.|[A-Z][\w'\u2019\-]*\w|[A-Z]\.)"
_NAME_CHAIN = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD})+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_TIME_WORD = lx.WEEKDAYS | lx.MONTHS | {"week", "month", "year", "night", "morning", "evening", "weekend"}
_SPLIT_CONJUNCTIONS = frozenset({"and", "but", "while", "whereas", ";"})
_NOUN_CUES = frozenset(
    [
        "claim",
        "claims",
        "report",
        "reports",
        "notes",
        "states",
        "estimates",
        "promises",
        "shows",
        "show",
        "finds",
        "charges",
        "demands",
        "cites",
        "warns",
        "spread",
        "found",
    ]
)
# "a quarter of adults", "most of the experts": the group is the claimant
_QUANTIFIER = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:quarter|third|half|fifth|majority|minority|plurality|number|lot|few|handful|"
    r"most|many|some|all|none|several|one|two|three|four|five|dozens|hundreds|thousands)\s+of\s+(?:the\s+)?(?=\w)",
    re.IGNORECASE,
)
_NOT_IN_NAME = lx.FUNCTION_WORDS | lx.PREPOSITIONS | lx.SPEECH_VERBS | lx.ADVERBS_BEFORE_VERB
_PRONOUNS = lx.PERSON_PRONOUNS | lx.GROUP_PRONOUNS | lx.NON_CLAIMANT_PRONOUNS


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def pronoun(self) -> str:
        """The pronoun this token is ("He" -> "he"), or "" ("WHO", "US" are names)."""
        lw = self.text.lower()
        if lw in _PRONOUNS and not (len(self.text) > 1 and self.text.isupper()):
            return lw
        return ""


@dataclass(slots=True)
class Unit:
    """A claim candidate: a sentence or, when two sources share one sentence, a clause of it."""

    start: int
    end: int
    segment: Segment
    claimant: str = ""
    cue: str = ""
    has_quote: bool = False
    open_at_start: bool = False
    opens_with_quote: bool = False
    ends_with_colon: bool = False
    raw_claimant: str = ""


@dataclass(slots=True)
class _Found:
    cue: str
    cue_index: int
    np_start: int  # token indexes of the claimant noun phrase, inclusive
    np_end: int
    parenthetical: bool
    boundary: str


@dataclass(slots=True)
class NameRegistry:
    """Full forms of names first used in the article, keyed by surname."""

    full: dict[str, str] = field(default_factory=dict)
    persons: set[str] = field(default_factory=set)
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (offset, full form) of named persons

    @classmethod
    def build(cls, text: str, offset: int = 0) -> NameRegistry:
        """Names in `text`; mention offsets are shifted by `offset` (text that precedes the article)."""
        registry = cls()
        for m in _NAME_CHAIN.finditer(text):
            words = m.group().split()
            # "Russia's Dnieper grouping": a possessive ends the name before it
            for i in range(len(words) - 2, -1, -1):
                if words[i].endswith(("'s", "\u2019s")):
                    words = words[i + 1 :]
                    break
            while words and (
                (len(words[0]) > 4 and words[0].isupper())
                or words[0] in lx.CAPITALISED_STOPWORDS
                or words[0] == "The"
                or words[0].endswith(("ing", "ed", "ly"))
            ):
                words.pop(0)
            if len(words) < 2:
                continue
            words[-1] = _POSSESSIVE.sub("", words[-1])
            if any(w.rstrip(".") in lx.ORG_WORDS for w in words) or words[-1] in lx.WEEKDAYS:
                continue
            if words[-1] in lx.MONTHS or words[-1] in lx.TITLE_WORDS:
                continue
            full = " ".join(words)
            # every name after the first may be the one used later ("Ricardo Rossello Nevares" -> "Rossello")
            names = [w for w in words if w not in lx.TITLE_WORDS and not w.endswith(".")]
            for surname in names[1:] or words[-1:]:
                registry.full.setdefault(surname, full)
                registry.persons.add(surname)
            if registry.is_person(full):
                registry.mentions.append((m.start() - offset, full))
        return registry

    def person_before(self, offset: int) -> str:
        """The last named person mentioned before `offset`, in full form."""
        name = ""
        for start, full in self.mentions:
            if start >= offset:
                break
            name = full
        return name

    def resolve(self, name: str) -> str:
        bare = _HONORIFIC.sub("", name)
        words = bare.split()
        if len(words) == 1 or (len(words) == 2 and words[0] in lx.TITLE_WORDS):
            full = self.full.get(words[-1])
            if full:
                return full
        return name

    def is_person(self, name: str) -> bool:
        words = name.split()
        if not words:
            return False
        if words[-1].islower():
            return words[-1] in lx.ROLE_NOUNS and not words[-1].endswith("s")  # "an aide", not "officials"
        if any(w.rstrip(".") in lx.ORG_WORDS for w in words):
            return False
        return words[-1] in self.persons or sum(w[0].isupper() for w in words) >= 2


def _mask_quotes(sentence: str, open_at_start: bool) -> tuple[str, bool, bool]:
    """Blank out quoted text so cues inside quotations are not read as attributions.

    A straight quote opens after a space or bracket and closes before a space or punctuation; only
    when its neighbours say neither does it toggle.
    """
    chars = list(sentence)
    inside = open_at_start
    has_quote = open_at_start
    last = len(sentence) - 1
    for i, c in enumerate(sentence):
        if c == '"':
            before = sentence[i - 1] if i > 0 else " "
            after = sentence[i + 1] if i < last else " "
            opens = (before.isspace() or before in "([{—\u2013-") and not after.isspace()
            closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}—\u2013-")
            inside = True if opens and not closes else False if closes and not opens else not inside
            chars[i] = QUOTE_FILL
            has_quote = True
        elif c == _OPENING:
            inside = True
            chars[i] = QUOTE_FILL
            has_quote = True
        elif c == _CLOSING:
            inside = False
            chars[i] = QUOTE_FILL
        elif inside:
            chars[i] = QUOTE_FILL
    return "".join(chars), inside, has_quote


def _np_backward(toks: list[Tok], j: int) -> int | None:
    """Start index of the noun phrase that ends at token j, or None."""
    if toks[j].pronoun:
        return j
    k = j
    lower_words = 0
    while k >= 0:
        t = toks[k]
        if not t.is_word:
            break
        w, lw = t.text, t.lower
        if lw in lx.DETERMINERS:
            k -= 1
            proper_after = all(t.is_capitalised for t in toks[k + 2 : j + 1])
            if k >= 1 and (
                toks[k].lower == "of" or (toks[k].lower == "and" and toks[k - 1].is_capitalised and proper_after)
            ):
                k -= 1
                continue
            return k + 1
        if t.is_capitalised:
            if w in lx.CAPITALISED_STOPWORDS and (k == 0 or not toks[k - 1].is_word):
                break
            k -= 1
            continue
        if lw in ("of", "for") and k > 0 and k < j and toks[k - 1].is_word:
            k -= 1
            continue
        if lw in ("and", "&") and 0 < k < j and toks[k - 1].is_capitalised and toks[k + 1].is_capitalised:
            k -= 1  # "Eli Lilly and Company", "the CDC and the WHO"
            continue
        if lw in _NOT_IN_NAME:
            break
        if lower_words >= 3 or (lw.endswith(("ed", "ing", "ly")) and lw not in lx.ROLE_NOUNS):
            break
        lower_words += 1
        k -= 1
    start = k + 1
    while start <= j and toks[start].lower in ("of", "for"):
        start += 1
    return start if start <= j else None


def _np_forward(toks: list[Tok], i: int) -> int | None:
    """End index (inclusive) of the noun phrase that starts at token i, or None."""
    k = i
    lower_words = 0
    while k < len(toks):
        t = toks[k]
        if not t.is_word:
            break
        lw = t.lower
        if lw in lx.DETERMINERS and k == i:
            k += 1
            continue
        if t.is_capitalised:
            k += 1
            continue
        if lw in ("of", "for") and k > i and k + 1 < len(toks) and toks[k + 1].is_word:
            k += 1
            continue
        if lw in lx.FUNCTION_WORDS or lw in lx.PREPOSITIONS or lw in lx.SPEECH_VERBS:
            break
        if lower_words >= 3 or (lw.endswith(("ed", "ing", "ly")) and lw not in lx.ROLE_NOUNS):
            break
        lower_words += 1
        k += 1
    end = k - 1
    while end >= i and toks[end].lower in ("of", "for", "the", "a", "an"):
        end -= 1
    return end if end >= i else None


def _skip_back_adverbials(toks: list[Tok], j: int) -> int:
    while j >= 0:
        lw = toks[j].lower
        if lw in lx.ADVERBS_BEFORE_VERB:
            j -= 1
        elif j >= 1 and toks[j].text in _TIME_WORD and toks[j - 1].lower in ("on", "last", "this", "in"):
            j -= 2
        elif j >= 2 and toks[j].text[0].isdigit() and toks[j - 1].text in lx.MONTHS:
            j -= 3 if toks[j - 2].lower == "on" else 2
        else:
            break
    return j


def _subject(toks: list[Tok], i: int) -> tuple[int, int, str] | None:
    """Noun phrase before the verb at token i, skipping adverbs and an appositive."""
    j = _skip_back_adverbials(toks, i - 1)
    if j < 0:
        return None
    if toks[j].text == ",":
        # "Mike Ryan, the WHO's top emergencies expert, said": the name stands before the appositive.
        if j >= 2 and toks[j - 1].lower in ("however", "though", "meanwhile", "too") and toks[j - 2].text == ",":
            j = j - 3
        else:
            for k in range(j - 1, max(j - 30, 0), -1):
                if toks[k].text == ",":
                    inner = toks[k + 1 : j]
                    if inner and all(t.is_capitalised for t in inner) and len(inner) <= 4:
                        head = _np_backward(toks, k - 1) if k > 0 else None
                        if head is None or toks[head].lower in lx.DETERMINERS or not toks[head].is_capitalised:
                            return k + 1, j - 1, ","
                    start = _np_backward(toks, k - 1)
                    if start is not None and any(t.is_capitalised for t in toks[start:k]):
                        boundary = toks[start - 1].text if start > 0 else ""
                        return start, k - 1, boundary
                elif toks[k].text.startswith(QUOTE_FILL) or toks[k].text in (";", ":"):
                    break
            return None
    if j < 0:
        return None
    if toks[j].text == ")":
        depth, k = 0, j
        while k >= 0:
            depth += toks[k].text == ")"
            depth -= toks[k].text == "("
            if depth == 0:
                break
            k -= 1
        j = k - 1
        if j < 0:
            return None
    start = _np_backward(toks, j)
    if start is None:
        return None
    boundary = toks[start - 1].text if start > 0 else ""
    return start, j, boundary


def _is_parenthetical(toks: list[Tok], i: int, boundary: str) -> bool:
    """Does the attribution at token i frame the whole sentence ("..., an aide said.")?"""
    if boundary not in (",", "", "—", "\u2013", "-") and not boundary.startswith(QUOTE_FILL):
        return False
    if boundary == "" and i + 1 < len(toks) and toks[i + 1].is_word:
        return False
    rest = []
    for t in toks[i + 1 :]:
        if t.text in (",", ";", ":") or t.text.startswith(QUOTE_FILL):
            break
        rest.append(t)
    words = [t for t in rest if t.is_word]
    if not words:
        return True
    first = words[0].lower
    if "that" in (t.lower for t in words):
        return False
    if toks[i].lower in ("told", "tells", "tell"):
        return len(words) <= 8
    return first in lx.PREPOSITIONS and len(words) <= 10


def _inverted(toks: list[Tok], i: int) -> int | None:
    """End of the claimant in '..., said Lavrov.' / '"...," says Timothy Baszler, an expert.'"""
    before = toks[i - 1].text if i > 0 else ""
    if toks[i].lower not in lx.INVERTIBLE_VERBS or not (before in ("", ",") or before.startswith(QUOTE_FILL)):
        return None
    if i + 1 >= len(toks) or not toks[i + 1].is_word:
        return None
    if toks[i + 1].pronoun in lx.PERSON_PRONOUNS | lx.GROUP_PRONOUNS:
        end = i + 1
    elif toks[i + 1].pronoun or toks[i + 1].lower in lx.PREPOSITIONS | lx.FUNCTION_WORDS - lx.DETERMINERS:
        return None
    else:
        end = _np_forward(toks, i + 1)
    if end is None:
        return None
    # the phrase must end there ("said the plan was wrong" has a clause, not a claimant, after the verb)
    after = toks[end + 1].text if end + 1 < len(toks) else ""
    return end if after in ("", ",", ".", ";", ":", "!", "?", "(") or after.startswith(QUOTE_FILL) else None


def _find(toks: list[Tok]) -> list[_Found]:
    found: list[_Found] = []
    for i, t in enumerate(toks):
        lw = t.lower
        if lw == "according" and i + 2 < len(toks) and toks[i + 1].lower == "to":
            end = _np_forward(toks, i + 2)
            if end is not None:
                boundary = toks[i - 1].text if i > 0 else ""
                found.append(_Found("according to", i, i + 2, end, True, boundary))
            continue
        if lw not in lx.SPEECH_VERBS or (t.is_capitalised and i > 0):
            continue
        before = toks[i - 1].text if i > 0 else ""
        if i + 2 < len(toks) and toks[i + 1].lower == "by":
            # passive: "was told by X" names X; a bare participle ("comments reported by") names no one
            if before.lower() in ("was", "were", "been", "is", "are"):
                end = _np_forward(toks, i + 2)
                if end is not None:
                    found.append(_Found(lw, i, i + 2, end, False, "by"))
            continue
        inverted = _inverted(toks, i)
        if inverted is not None:
            found.append(_Found(lw, i, i + 1, inverted, True, before))
            continue
        if i + 1 < len(toks) and toks[i + 1].lower in ("was", "were", "is", "are", "has", "have", "had"):
            continue  # "The article Mr Zhao tweeted was penned by ...": a verb inside the subject
        subject = _subject(toks, i)
        if subject is None:
            continue
        start, end, boundary = subject
        if boundary in lx.PREPOSITIONS:
            continue  # "a trial in Wuhan showed": the object of a preposition is not the subject
        if end == start and toks[start].lower == "who" and start >= 2 and toks[start - 1].text == ",":
            # "... contributor Larry Romanoff, who reiterates ...": the relative pronoun stands for the name
            head = _np_backward(toks, start - 2)
            if head is None:
                continue
            start, end, boundary = head, start - 2, toks[head - 1].text if head > 0 else ""
        if end == start and toks[start].pronoun in lx.NON_CLAIMANT_PRONOUNS:
            continue
        if end == start and toks[start].pronoun and lw not in lx.PRONOUN_SPEECH_VERBS:
            continue  # "they never show symptoms": a pronoun claims only with a verb of saying
        if all(t.lower in lx.DETERMINERS for t in toks[start : end + 1]):
            continue
        last = toks[end]
        if lw in _NOUN_CUES and not (last.is_capitalised or last.pronoun or last.lower in lx.ROLE_NOUNS):
            continue  # "the false claim", "his talk show": a noun, not a reporting verb
        found.append(_Found(lw, i, start, end, _is_parenthetical(toks, i, boundary), boundary))
    return found


def _claimant_text(sentence: str, toks: list[Tok], f: _Found) -> str:
    text = sentence[toks[f.np_start].start : toks[f.np_end].end]
    text = _POSSESSIVE.sub("", text) if text.endswith(("'s", "\u2019s")) else text
    words = _QUANTIFIER.sub("", text).split()
    if (
        len(words) > 1
        and words[0].lower() == "the"
        and all(w[0].isupper() or w in ("of", "for", "and", "&", "the") for w in words[1:])
    ):
        words = words[1:]  # "the WHO" -> "WHO"; "the U.S. president" keeps its article
    return " ".join(words)


def _units_for_sentence(text: str, seg: Segment, open_at_start: bool) -> tuple[list[Unit], bool]:
    sentence = text[seg.start : seg.end]
    masked, open_at_end, has_quote = _mask_quotes(sentence, open_at_start)
    toks = [Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(masked)]
    found = _find(toks)
    first_char = sentence.lstrip()[:1]
    base = {
        "has_quote": has_quote,
        "open_at_start": open_at_start,
        "opens_with_quote": open_at_start or first_char in ('"', _OPENING),
        "ends_with_colon": masked.rstrip().endswith(":"),
    }
    if not found:
        return [Unit(seg.start, seg.end, seg, **base)], open_at_end
    chosen = [f for f in found if f.parenthetical][-1:] or found[:1]
    # Two sources in one sentence ("Trump said X and Zelenskyy said Y"): one claim each.
    split = next(
        (
            f
            for f in found[1:]
            if f.boundary in _SPLIT_CONJUNCTIONS
            and _claimant_text(sentence, toks, f) != _claimant_text(sentence, toks, found[0])
            and f.np_start >= 5
            and len(toks) - f.np_start >= 5
        ),
        None,
    )
    if split is not None and not chosen[0].parenthetical:
        cut = toks[split.np_start - 1].start
        left_end = cut
        while left_end > 0 and sentence[left_end - 1] in " ,;":
            left_end -= 1
        first, second = found[0], split
        return [
            Unit(
                seg.start,
                seg.start + left_end,
                seg,
                cue=first.cue,
                raw_claimant=_claimant_text(sentence, toks, first),
                **base,
            ),
            Unit(
                seg.start + toks[split.np_start].start,
                seg.end,
                seg,
                cue=second.cue,
                raw_claimant=_claimant_text(sentence, toks, second),
                **base,
            ),
        ], open_at_end
    f = chosen[0]
    return [
        Unit(seg.start, seg.end, seg, cue=f.cue, raw_claimant=_claimant_text(sentence, toks, f), **base)
    ], open_at_end


def _resolve(units: list[Unit], registry: NameRegistry) -> None:
    last_person = ""
    last_group = ""
    for u in units:
        raw = u.raw_claimant
        if not u.cue:
            continue
        lw = raw.lower()
        if lw in lx.PERSON_PRONOUNS:
            u.claimant = last_person or registry.person_before(u.start)
        elif lw in lx.GROUP_PRONOUNS:
            u.claimant = last_group
        else:
            u.claimant = registry.resolve(raw)
        if u.claimant and lw not in lx.PERSON_PRONOUNS | lx.GROUP_PRONOUNS:
            if registry.is_person(u.claimant):
                last_person = u.claimant
            else:
                last_group = u.claimant


def _propagate_quotes(units: list[Unit]) -> None:
    """Sentences of a multi-sentence quotation share the speaker named anywhere around it."""
    groups: list[list[Unit]] = []
    for u in units:
        if groups and u.open_at_start and groups[-1][-1].segment.paragraph == u.segment.paragraph:
            groups[-1].append(u)
        else:
            groups.append([u])
    previous: list[Unit] | None = None
    for gi, group in enumerate(groups):
        if not group[0].opens_with_quote and len(group) == 1:
            previous = group
            continue
        speaker = next((u for u in group if u.cue and u.claimant), None)
        if speaker is None:
            nxt = groups[gi + 1][0] if gi + 1 < len(groups) else None
            prev = previous[-1] if previous else None
            same_par = prev is not None and prev.segment.paragraph == group[0].segment.paragraph
            if prev is not None and prev.cue and prev.claimant:
                # 'X said Y. "Quote."' and a quotation running on into the next paragraph
                next_par = group[0].segment.paragraph == prev.segment.paragraph + 1
                if same_par or (next_par and (prev.has_quote or prev.ends_with_colon)):
                    speaker = prev
            if (
                speaker is None
                and nxt is not None
                and nxt.cue
                and nxt.claimant
                and nxt.segment.paragraph == group[-1].segment.paragraph
                and nxt.raw_claimant.lower() in lx.PERSON_PRONOUNS
            ):
                speaker = nxt
        if speaker is not None:
            for u in group:
                if not u.cue and (u.has_quote or u.open_at_start):
                    u.claimant, u.cue = speaker.claimant, speaker.cue
        previous = group


def attribute(text: str, segments: list[Segment], *, title: str = "") -> list[Unit]:
    """Claim units (sentences, or clauses of two-source sentences) with claimant and cue."""
    registry = NameRegistry.build(f"{title}\n{text}", offset=len(title) + 1) if title else NameRegistry.build(text)
    units: list[Unit] = []
    open_quote = False
    paragraph = None
    for seg in segments:
        if seg.kind != SENTENCE:
            continue
        if seg.paragraph != paragraph:
            open_quote, paragraph = False, seg.paragraph
        sentence_units, open_quote = _units_for_sentence(text, seg, open_quote)
        units.extend(sentence_units)
    _resolve(units, registry)
    _propagate_quotes(units)
    return units

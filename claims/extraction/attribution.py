"""Who makes each claim: claimant and attribution cue, per sentence or clause.

Rules, cheapest first: a reporting verb outside quotation marks takes the noun phrase before it
("Lavrov said", "Mike Ryan, the WHO's top expert, said") or, inverted, after it ("said an aide");
"according to X" takes X. A trailing or parenthetical attribution ("..., an aide said.") outranks a
verb earlier in the sentence. Pronouns resolve to a person named earlier in the same sentence, the person
who opens the sentence before (after a fronted "On Monday," or "Here,") or else the last person who made a
claim, surnames (in any spelling) to the full form (with title) first used in the article (or a later one giving
the first name of one first named by title and surname), a definite role ("the minister", "the aide") to the last
person named with that role, "the ministry", "the group" or "it" to the organisation that spoke before (or else the
one last named with that noun as its head), "the report" or "the scientists" to the source last given in full with
that noun ("a 1989 report from the safety board"), "the researchers", "the research team" or "the study" to the
research group last given in full ("it" first to a body whose name opens the sentence before, when that sentence
quotes nobody, and "the company" to it when no company has been named), and sentences inside a quotation that spans
several sentences inherit the speaker of that quotation, even when the speaker is named in the previous or next
sentence or paragraph ("He added: ..."); a quotation standing alone after a sentence a person opens is that
person's. A lede that withholds a name ("A senior official has claimed ...") takes
the person the next sentence names with a title or role. A source named in a subordinate clause (", as the ministry
has said ...") makes a candidate of that clause, apart from the journalist's. The items of a list after "X found the
following:" are X's. A person is the claimant, not the body named after "of" ("Dr Lena Ortiz of the Marine
Institute"), and the body's full form of a name comes before the headline's.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from claims.extraction import lexicon as lx
from claims.extraction.cues import (
    OPENING,
    QUOTE_FILL,
    SPEAKING_DOCUMENTS,
    Found,
    Tok,
    claimant_text,
    find_cues,
    mask_quotes,
    tokens,
)
from claims.extraction.names import POSSESSIVE, NameRegistry, person_key
from claims.extraction.segment import HEADING, SENTENCE, Segment

_SUBJECT_REACH = 60  # characters from a sentence's start within which a name is its subject
_SPLIT_CONJUNCTIONS = frozenset({"and", "but", "while", "whereas", ";"})
# Conjunctions that open a subordinate clause whose own subject may be a source
_SUBORDINATORS = frozenset({"as", "because", "since", "while", "whereas", "although", "though"})
_WORDS = re.compile(r"[\w'\u2019\-]+")
_SPEAKER_LABEL = re.compile(r"^(?:\(\(([^()]{2,40})\)\)|([A-Z][\w.'\u2019\-]*(?:\s+[A-Z][\w.'\u2019\-]*){0,3}):(?=\s))")


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
    claimant_at: int = 0  # where raw_claimant stands in the text
    if_named: bool = False  # raw_claimant is a speaker only if the article names a person so (cues.Found)
    own_verb: bool = False  # a verb of saying outside quotes whose speaker was not found
    speaker_label: str | None = None  # "Mr Malone: ..." / "((Sara Seager))" in an interview transcript
    after_heading: bool = False


def _units_for_sentence(text: str, seg: Segment, open_at_start: bool) -> tuple[list[Unit], bool]:
    sentence = text[seg.start : seg.end]
    masked, open_at_end, has_quote = mask_quotes(sentence, open_at_start)
    toks = tokens(masked)
    found = find_cues(toks)
    first_char = sentence.lstrip()[:1]
    label = _SPEAKER_LABEL.match(sentence)
    base = {
        "speaker_label": (label.group(1) or label.group(2)).strip() if label else None,
        "has_quote": has_quote,
        "open_at_start": open_at_start,
        "opens_with_quote": open_at_start or first_char in ('"', OPENING),
        "ends_with_colon": masked.rstrip().endswith(":"),
    }
    if not found:
        own_verb = any(t.lower in lx.PRONOUN_SPEECH_VERBS for t in toks)
        return [Unit(seg.start, seg.end, seg, own_verb=own_verb, **base)], open_at_end

    def attributed(f: Found, start: int, end: int) -> Unit:
        return Unit(
            start,
            end,
            seg,
            cue=f.cue,
            raw_claimant=claimant_text(sentence, toks, f),
            claimant_at=seg.start + toks[f.np_start].start,
            if_named=f.if_named,
            **base,
        )

    chosen = [f for f in found if f.parenthetical][-1:] or found[:1]
    first = chosen[0]
    if (
        first.boundary in _SUBORDINATORS
        and not first.parenthetical
        and first.np_start >= 5
        and toks[first.np_start - 2].text == ","
        and _reports_a_clause(toks, first.cue_index)
    ):
        # "Talks will be hard, as the ministry has said troops would be unacceptable": the journalist's clause and
        # the source's are two candidates ("..., as the mayor said." stays one)
        cut = toks[first.np_start - 2].start
        return [
            Unit(seg.start, seg.start + cut, seg, **base),
            attributed(first, seg.start + toks[first.np_start].start, seg.end),
        ], open_at_end
    # Two sources in one sentence ("Trump said X and Zelenskyy said Y"): one claim each.
    split = next(
        (
            f
            for f in found[1:]
            if f.boundary in _SPLIT_CONJUNCTIONS
            and claimant_text(sentence, toks, f) != claimant_text(sentence, toks, found[0])
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
            attributed(first, seg.start, seg.start + left_end),
            attributed(second, seg.start + toks[split.np_start].start, seg.end),
        ], open_at_end
    return [attributed(chosen[0], seg.start, seg.end)], open_at_end


def _reports_a_clause(toks: list[Tok], cue: int) -> bool:
    """Does a clause of at least four words follow the cue ("said wages fell by 2%"), not only where or when it was
    said ("said on Monday", "told reporters at the scene")?"""
    rest = []
    for t in toks[cue + 1 :]:
        if t.text in (",", ";", ":", ".") or t.text.startswith(QUOTE_FILL):
            break
        rest.append(t)
    if toks[cue].lower in ("told", "tells", "tell") and rest:
        rest = rest[1:]  # the one told
    return len(rest) >= 4 and rest[0].lower not in lx.PREPOSITIONS


# A picture's caption and credit ("Elizabeth Warren Image: Gage Skidmore", "Ann LeePhoto: Reuters") label no speaker
_CREDIT = re.compile(r"(?:Image|Photo|Photograph|Picture|Video|Credit|Caption|Illustration|Graphic)$")


def _interview_speaker(label: str, registry: NameRegistry) -> str:
    """The person a transcript label names ("Mr Malone", "((Sara Seager))"), or "" for anyone else."""
    words = label.split()
    honorific = words[0].rstrip(".") in ("Mr", "Mrs", "Ms", "Dr", "Prof")
    if not (honorific or words[-1] in registry.persons) or len(words) > 4 or _CREDIT.search(label):
        return ""
    full = registry.resolve(label)
    return full if registry.is_person(full) else ""


def _resolve(text: str, units: list[Unit], registry: NameRegistry) -> None:
    last_person = ""
    spoken: list[str] = []  # the persons who spoke, in order (the last is last_person)
    groups: list[str] = []  # every source that is not a person, in the order they spoke (the last spoke last)
    sentences = {u.segment.start: u.segment.end for u in units}
    research_groups = [
        (m.start(), _without_full_stop(m.group()))
        for start, end in sorted(sentences.items())
        for m in _RESEARCH_GROUP.finditer(text, start, end)
    ]
    described = _described_names(text, sentences)
    speaker = ""  # the person answering in an interview transcript, until the next speaker label
    previous: Unit | None = None
    for u in units:
        before, previous = previous, u
        if u.after_heading:
            speaker = ""
        if u.speaker_label is not None:
            speaker = _interview_speaker(u.speaker_label, registry)
        if speaker and (not u.cue or u.raw_claimant.lower().startswith(("our ", "my "))):
            # the answer's own words, "our team proposes ..." among them
            u.claimant, u.cue = speaker, "interview"
            continue
        raw = u.raw_claimant
        if not u.cue:
            forecast = _FORECAST.search(text, u.start, u.end)
            spoke = before is not None and before.cue and before.cue not in lx.STANCE_CUES and before.claimant
            if forecast and spoke and not u.after_heading:
                # "The agency said the storm had weakened. It was expected to reach land on Friday.": a forecast
                # with no forecaster named is the one that just spoke (in the same section); a stance is no saying
                u.claimant, u.cue = before.claimant, "forecast"
            continue
        if u.if_named and not registry.is_surname(raw):
            u.cue = u.raw_claimant = ""
            continue
        lw = _subject_form(raw)
        if lw in lx.PERSON_PRONOUNS:
            # "Mayor Ann Lee opened the bridge, and she said ...": a person named earlier in the same sentence first;
            # never one the article gives the other sex ("Tom Hale spoke after Ann Lee. She said ..." is Lee)
            quoted = functools.partial(_quoted, text, u)
            subject = _subject_before(text, before, registry)
            # "His politics clashed with Sanders'; he has ...": the same pronoun before a name began the sentence's
            # chain, so a person named after it is not the one meant
            chain = next(
                (m.start() for m in _SAME_PERSON[lw].finditer(text, u.start, u.claimant_at) if not quoted(m.start())),
                u.claimant_at,
            )
            u.claimant = (
                registry.first_person_within(u.start, chain, quoted=quoted, pronoun=lw)
                # "The lockdown, he argued, ... . Schools would reopen, he added.": the pronoun goes on with whom it
                # stood for in the sentence before
                or (before.claimant if before is not None and _pronoun_of(before) == lw else "")
                # "Miller and Smith both acknowledged faults, with Miller describing ... . He too suggested ...": of
                # persons who spoke together, the one the sentence before singles out after them
                or (
                    registry.first_person_within(
                        before.claimant_at + len(before.raw_claimant), before.end, quoted=quoted, pronoun=lw
                    )
                    if before is not None and _COORDINATED.search(before.claimant)
                    else ""
                )
                or (subject if registry.agrees(subject, lw) else "")
                or next((person for person in reversed(spoken) if registry.agrees(person, lw)), "")
                or registry.person_before(u.start, pronoun=lw)
                # nobody named agrees: the article may have given a sex wrongly
                or registry.first_person_within(u.start, u.claimant_at, quoted=quoted)
                or subject
                or last_person
                or registry.person_before(u.start)
            )
        elif lw in lx.GROUP_PRONOUNS or lw == "it":
            # "The city council met on Monday. It said ...", "The nurses walked out. They said ...": the body or
            # group that opens the sentence before, else the one that last spoke
            opening = _group_opening(text, before, registry, plural=lw != "it")
            if not opening and lw == "they":
                opening = _people_within(text, before)
            u.claimant = opening or (groups[-1] if groups else "")
            if opening:
                groups.append(opening)  # it has spoken now: "They also said ..." goes on with it
        elif lw in _FORMER_LATTER:
            # "Cuomo and Murphy announced a plan. The latter said ...": the last, or the one before, named earlier
            u.claimant = _former_or_latter(lw, registry, u.start)
        else:
            raw = _without_affiliation(raw, registry)
            u.claimant = registry.resolve(raw)
            if u.claimant == raw:
                holder = registry.role_holder(raw, u.start)
                # the form the speaker was last given ("Police spokesman Tom Hale"), if it is the same person
                holder = last_person if holder and last_person.endswith(holder) else holder
                u.claimant = (
                    holder
                    or _introduced(raw, last_person)
                    or _named_in_full(raw, groups, _last_before(research_groups, u.start))
                    or described.get(raw)
                    or _organisation(
                        raw, groups, registry, u.claimant_at, _group_opening(text, before, registry, plural=False)
                    )
                )
        if u.claimant and lw not in lx.PERSON_PRONOUNS | lx.GROUP_PRONOUNS | {"it"}:
            # a research group ends in its institution's name, which the registry may take for a person's
            if registry.is_person(u.claimant) and not _RESEARCH_GROUP.match(u.claimant):
                # persons who spoke together ("Both Lee and Hale claimed ...") are no "he" or "she"
                if not _COORDINATED.search(u.claimant):
                    last_person = u.claimant
                    spoken.append(last_person)
            else:
                groups.append(u.claimant)


_COORDINATED = re.compile(r"\s(?:and|&)\s")
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|himself|she|herself)\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([\w.]+)\s+$")


def _sexes(text: str, named_text: str, units: list[Unit], registry: NameRegistry) -> dict[str, str]:
    """Each named person's sex as the article gives it (`named_text` is what the registry was built from): by
    honorifics, titles and roles in the name, right before it or set off after it ("Ms Ann Lee", "the actress Ann
    Lee", "Tom Hale, her husband,"), each counting twice, and by the subject pronouns, outside quotations, of the
    units that name that person and nobody else ("Ann Lee said she ..."; an object's "her" may be anyone's), each
    counting once; one given less than two such words, or both about equally, is left out."""
    votes: dict[str, Counter[str]] = {}

    def vote(full: str, words: set[str], weight: int) -> None:
        tally = votes.setdefault(person_key(full), Counter())
        tally["she"] += weight * bool(words & lx.FEMININE_WORDS)
        tally["he"] += weight * bool(words & lx.MASCULINE_WORDS)

    for at, full, roles in registry.roles:
        before = _WORD_BEFORE.search(named_text, max(0, at - 30), at)
        vote(full, {w.lower() for w in full.split()} | roles | ({before.group(1).lower()} if before else set()), 2)
    starts = [at for at, _ in registry.mentions]
    for u in units:
        named = registry.mentions[bisect.bisect_left(starts, u.start) : bisect.bisect_left(starts, u.end)]
        if named and len({full for _, full in named}) == 1:
            for m in _SUBJECT_PRONOUN.finditer(text, named[0][0], u.end):
                if not _quoted(text, u, m.start()):
                    vote(named[0][1], {m.group().lower()}, 1)
    sexes = {}
    for key, tally in votes.items():
        if tally["she"] >= 2 and tally["she"] > 3 * tally["he"]:
            sexes[key] = "she"
        elif tally["he"] >= 2 and tally["he"] > 3 * tally["she"]:
            sexes[key] = "he"
    return sexes


# The forms of each personal pronoun
_SAME_PERSON = {
    "he": re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE),
    "she": re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE),
}


def _subject_form(raw: str) -> str:
    """A raw claimant in lower case, a pronoun in its subject form ("according to him", "his statement": "he")."""
    lw = raw.lower()
    return lx.OBJECT_PRONOUNS.get(lw) or lx.POSSESSIVE_PRONOUNS.get(lw, lw)


def _pronoun_of(unit: Unit) -> str:
    """ "he" or "she" when the unit's speaker was given by that pronoun ("he said", "according to her"), else ""."""
    lw = _subject_form(unit.raw_claimant) if unit.cue else ""
    return lw if lw in lx.PERSON_PRONOUNS else ""


# A forecast stated in the passive ("was expected to", "is forecast to"), which names no forecaster
_FORECAST = re.compile(r"\b(?:is|are|was|were)\s+(?:expected|forecast|predicted|projected)\s+to\b")


def _introduced(raw: str, person: str) -> str:
    """ "The spokesperson" after "an Interpol spokesperson said ...": `person`, the last person who spoke, when
    described by that noun without a name; else ""."""
    words, introduced = raw.lower().split(), person.lower().split()
    if (
        len(words) == 2
        and words[0] == "the"
        and len(introduced) > 2
        and introduced[0] in ("a", "an", "the")
        and introduced[-1] == words[1]
    ):
        return person
    return ""


def _quoted(text: str, unit: Unit, offset: int) -> bool:
    """Is `offset` inside a quotation of `unit`'s sentence ('"The Hong Kong economy has slipped," she said')?"""
    start = unit.segment.start
    return start <= offset and mask_quotes(text[start : offset + 1], unit.open_at_start)[0][-1:] == QUOTE_FILL


_FORMER_LATTER = frozenset({"the former", "the latter"})


def _former_or_latter(phrase: str, registry: NameRegistry, offset: int) -> str:
    """The person "the latter" (the last named before `offset`) or "the former" (the one named before that)
    stands for; "" when fewer are named."""
    named: list[str] = []
    for at, full in registry.mentions:
        if at >= offset:
            break
        if not named or named[-1] != full:
            named.append(full)
    wanted = 1 if phrase == "the latter" else 2
    return named[-wanted] if len(named) >= wanted else ""


def _without_affiliation(raw: str, registry: NameRegistry) -> str:
    """The person in "Cardinal Marc Ouellet of the Holy See" or "Ann Lee of the victims' group": the body a person
    belongs to is not who speaks ("Secretary of State ..." and "Bank of England ..." are not cut)."""
    person, of, _ = raw.partition(" of ")
    words = person.split()
    if not of or len(words) < 2 or not all(w[0].isupper() for w in words):
        return raw
    surname = words[-1]
    if surname not in registry.persons or surname in lx.TITLE_WORDS or surname.rstrip(".") in lx.ORG_WORDS:
        return raw
    if POSSESSIVE.sub("", raw.split()[-1]) in registry.persons and registry.is_person(raw):
        return raw  # "United States House of Representatives Speaker Nancy Pelosi": the person ends the title
    return person


def _subject_before(text: str, before: Unit | None, registry: NameRegistry) -> str:
    """The person who opens the sentence before, when that sentence quotes nobody: "Engineer Tom Ruiz inspected
    the bridge. He said ..." is Ruiz speaking, whoever spoke earlier; "The mayor disagreed. He said ..." is the
    mayor (by name when the article has named who holds that role)."""
    if before is None or before.cue:
        return ""
    subject = _subject_start(text, before)
    for offset, full in registry.mentions:
        if subject <= offset <= subject + _SUBJECT_REACH and not _quoted(text, before, offset):
            # only titles and roles before the name ("Police spokesman Tom Hale"), not "The council hired Tom"
            lead = _WORDS.findall(text, subject, offset)
            if all(w[0].isupper() or lx.is_person_noun(w) for w in lead):
                return full
    opening = _definite_opening(text, before)
    if opening is None or not lx.is_person_noun(opening[1]) or opening[1].endswith("s"):
        return ""
    return registry.role_holder(opening[0], before.start) or opening[0]


# A short phrase of time, place or manner before the subject ("On Monday,", "Last week,", "In Kent,", "Here,")
_FRONTED = re.compile(r"[A-Z][\w'\u2019]*(?:\s+[\w'\u2019.\-]+){0,5},\s+")


def _subject_start(text: str, unit: Unit) -> int:
    """Where the sentence's subject starts: after a fronted phrase of time, place or manner ("On Monday, the nurses
    walked out.", "Refusing to resign, the mayor ..."), else at the sentence's start."""
    m = _FRONTED.match(text, unit.start, unit.end)
    first = m.group().split()[0].rstrip(",") if m else ""
    # a participle phrase fronted, too: "Refusing to give up power, Mugabe agreed ..."
    if m is None or (first not in lx.CAPITALISED_STOPWORDS | lx.WEEKDAYS and not first.endswith("ing")):
        return unit.start
    return m.end()


def _group_opening(text: str, before: Unit | None, registry: NameRegistry, *, plural: bool) -> str:
    """The body ("The city council") or, for "they", the group ("The nurses") that opens the sentence before, when
    that sentence quotes nobody; "" otherwise."""
    if before is None or before.cue:
        return ""
    opening = _definite_opening(text, before) or (_plural_opening(text, before) if plural else None)
    if opening is None:
        return "" if plural else _named_body_opening(text, before, registry)
    phrase, head = opening
    if plural:
        group = head == "police" or (head.endswith("s") and (lx.is_person_noun(head) or head[:-1] in lx.ORG_NOUNS))
        return phrase if group else ""
    return phrase if head in lx.ORG_NOUNS else ""


# "some of the state's energy experts", "local residents": a plural noun of people and the words that place it
_PEOPLE_PHRASE = re.compile(
    r"\b(?:(?:[Ss]ome|[Mm]any|[Mm]ost|[Ss]everal|[Bb]oth|[Aa] few|two|three|four|five) of )?"
    r"(?:[Bb]oth |[Tt]he |[Tt]heir |[Ii]ts )?(?:[\w\-]+['\u2019]s )?(?:[a-z][\w\-]* ){0,2}(?P<noun>[a-z]+s)\b"
)


def _people_within(text: str, before: Unit | None) -> str:
    """The last group of people the sentence before names anywhere in it, when that sentence quotes nobody: "The
    blackouts left the state's energy experts bewildered. They said ..." are the experts."""
    if before is None or before.cue:
        return ""
    found = ""
    for m in _PEOPLE_PHRASE.finditer(text, before.start, before.end):
        if lx.is_person_noun(m.group("noun")) and not _quoted(text, before, m.start()):
            found = m.group()
    return found


def _named_body_opening(text: str, unit: Unit, registry: NameRegistry) -> str:
    """ "Elm Health Agency" when the sentence opens with a body's name and then its verb ("The Elm Health Agency
    issued new guidance.", "Elm Motors recalled 400 cars."): a name ending in a body's word, or one that names no
    person or place the article knows; else ""."""
    m = _NAMED_BODY_OPENING.match(text, _subject_start(text, unit), unit.end)
    if m is None:
        return ""
    name, words, verb = m.group("name"), m.group("name").split(), m.group("verb")
    if verb in lx.PREPOSITIONS | {"of", "and"}:
        return ""  # "The Court of Session heard ...": the name goes on
    if m.group("head") in _BODY_WORDS:
        return name
    unknown = not (
        words[-1] in registry.persons
        or name in registry.places
        or any(w in lx.CAPITALISED_STOPWORDS | lx.WEEKDAYS | lx.MONTHS | lx.PLACE_WORDS for w in words)
    )
    finite = verb.endswith(("ed", "s")) or verb in lx.FINITE_AUXILIARIES
    return name if unknown and finite else ""


_BODY_WORDS = lx.ORG_WORDS - lx.PLACE_WORDS


# "(The) Elm Health Agency (EHA) issued": capitalised words, the last the head, then a lowercase word, its verb
_NAMED_BODY_OPENING = re.compile(
    r"(?:[Tt]he\s+)?(?P<name>(?:[A-Z][\w&.'\u2019\-]*\s+){0,5}(?P<head>[A-Z][\w.]*))(?:\s+\([A-Z]{2,}\))?\s+"
    r"(?P<verb>[a-z]\w*)"
)


def _definite_opening(text: str, unit: Unit) -> tuple[str, str] | None:
    """("The city council", "council") when the sentence's subject opens with "the", at most two modifiers and a noun
    of a person, body or group, then its verb ("The city council met ...", "On Monday, the council met ..."); else
    None."""
    words = _WORDS.findall(text, _subject_start(text, unit), unit.end)[:5]
    if not words or words[0] not in ("The", "the"):
        return None
    for k in range(1, min(4, len(words) - 1)):
        word, after = words[k], words[k + 1]
        if not word.islower():
            return None
        verb = (
            after.islower() and after not in lx.PREPOSITIONS | lx.FUNCTION_WORDS | {"of"} and not lx.is_body_noun(after)
        )
        if lx.is_body_noun(word) and verb:  # the last noun heads the phrase ("The city council", "the school board")
            return " ".join(words[: k + 1]), word
    return None


def _plural_opening(text: str, unit: Unit) -> tuple[str, str] | None:
    """("Researchers from Elm University", "researchers") when the sentence opens with a plural noun of people and
    what places them, then its verb ("Researchers from Elm University studied 40 birds."); else None."""
    words = _WORDS.findall(text, _subject_start(text, unit), unit.end)[:12]
    if not words or not (lx.is_person_noun(words[0].lower()) and words[0].endswith("s")):
        return None
    k = 1
    while k < len(words) and (words[k][0].isupper() or words[k] in _PLACING):
        k += 1
    if words[k - 1] in _PLACING:
        return None
    return " ".join(words[:k]), words[0].lower()


_PLACING = frozenset({"of", "at", "from", "in", "for", "the", "and"})


def _named_in_full(raw: str, groups: list[str], research_group: str = "") -> str:
    """ "The report" after "according to a report from the ministry", "the scientists" after "scientists at the
    Marine Institute said": the last source given in full with that head noun; "the researchers", "the research
    team" or "the study": the last research group given in full that spoke, else `research_group`, the last one
    named before; else ""."""
    words = POSSESSIVE.sub("", raw.lower()).split()
    if not 2 <= len(words) <= 3 or words[0] != "the":
        return ""
    noun = words[-1]
    if len(words) == 2 and (noun in SPEAKING_DOCUMENTS or (lx.is_person_noun(noun) and noun.endswith("s"))):
        named = next((g for g in reversed(groups) if len(g.split()) > 2 and noun in g.lower().split()), "")
        if named:
            return named
    if noun not in _RESEARCH:
        return ""
    # "The researchers", "the research team" or "the study's authors" after "Scientists at the Elm Institute reported
    # ...": one research group, whatever noun names it
    return next(
        (g for g in reversed(groups) if len(g.split()) > 2 and _RESEARCHERS.intersection(g.lower().split())),
        research_group,
    )


_RESEARCHERS = frozenset({"researchers", "scientists", "team", "authors"})
_RESEARCH = _RESEARCHERS | {"study", "paper", "research"}
# A research group given by where it works, whether or not it speaks there ("a team of researchers from the Elm
# Institute (EI) and Kent University published ..."): what "the researchers" or "the study" stand for later.
_NAME_WORD = r"[A-Z(][\w'\u2019.&()-]*"
_RESEARCH_GROUP = re.compile(
    r"\b(?i:(?:(?:international|joint)\s+)?"
    r"(?:(?:team|group)\s+of\s+(?:researchers|scientists)|researchers|scientists|team)"
    r"(?:\s+(?:mostly|mainly|largely|chiefly))?\s+(?:from|at)\s+(?:the\s+)?)"
    + _NAME_WORD
    + r"(?:\s+(?:(?:of|at|and|for|on|in|the)\s+)*"
    + _NAME_WORD
    + r")*"
)


def _without_full_stop(phrase: str) -> str:
    """The phrase without the sentence's full stop ("Kent University."), an abbreviation's kept ("the U.S.")."""
    last = phrase.split()[-1]
    return phrase[:-1] if last.endswith(".") and "." not in last[:-1] else phrase


# A name given first with what it is and where it is based ("UK-based retailer Tesco", "Denmark-based retailer Salling
# Group"), and called by its name alone later; a place's name is bounded, so that a long run of capitals and full stops
# ("Dr.Dr.Dr...") is not searched back from every position
_DESCRIBED_NAME = re.compile(
    r"\b[A-Z][\w.&-]{0,40}-based\s+(?:[a-z][\w-]*\s+){0,2}(" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")*)"
)


def _described_names(text: str, sentences: dict[int, int]) -> dict[str, str]:
    """Each described name's first full form, by the name and by its first word when no other name opens with it."""
    full: dict[str, str] = {}
    openings: dict[str, set[str]] = {}
    for start, end in sorted(sentences.items()):
        for m in _DESCRIBED_NAME.finditer(text, start, end):
            phrase, name = _without_full_stop(m.group()), _without_full_stop(m.group(1))
            full.setdefault(name, phrase)
            openings.setdefault(name.split()[0], set()).add(full[name])
    for first, phrases in openings.items():
        if len(phrases) == 1:
            full.setdefault(first, next(iter(phrases)))
    return full


def _last_before(mentions: list[tuple[int, str]], offset: int) -> str:
    return next((phrase for at, phrase in reversed(mentions) if at < offset), "")


def _organisation(raw: str, groups: list[str], registry: NameRegistry, offset: int, opening: str = "") -> str:
    """ "The Air Force" after "the United States Air Force": the fuller name given before. "The ministry" after "the
    Emergencies Ministry said", "the company" after "Ford said": the organisation that spoke before, when its name
    says it is one of those or says nothing of its kind; else the one last named with that noun as its head ("the
    court" after "the Court of Session ruled", "Police" after "Thames Valley Police"); else `opening`, the body the
    sentence before opens with, if it is of that kind; else the phrase as given."""
    if full := registry.organisation_in_full(raw, offset):
        return full
    words = raw.split()
    definite = len(words) == 2 and words[0].lower() == "the"
    # "the fire service" after "the North Elm Fire and Rescue Service": modifiers the name also has
    modifiers = [w for w in words[1:-1] if w.islower()] if words[0].lower() == "the" and len(words) <= 4 else []
    if len(modifiers) != len(words) - 2:
        modifiers = []
    # a bare noun only at the start of a sentence ("Police said"): "police said" may be any police
    if not (definite or modifiers or (len(words) == 1 and words[0][0].isupper())) or (
        words[-1].lower() not in lx.ORG_NOUNS
    ):
        return raw
    noun = words[-1].lower()

    def named(name: str) -> bool:
        # with modifiers, an organisation so headed ("a fire service statement" is a statement)
        words = name.lower().split()
        return all(m in words for m in modifiers) and (not modifiers or words[-1] == noun)

    def of_kind(name: str) -> bool:
        kinds = {w for w in name.lower().split() if w in lx.ORG_NOUNS or w.capitalize() in lx.ORG_WORDS}
        if any(w in lx.COMPANY_WORDS for w in name.split()):
            kinds |= {"company", "firm"}
        last = name.split()[-1]
        # "Chinese officials" are no company, nor are "religious groups": a plural of common nouns is no one body
        people = lx.is_person_noun(last.lower()) or (last.islower() and last.endswith("s"))
        return noun in kinds or (not kinds and not people and noun in lx.GENERIC_ORG_NOUNS)

    last_group = groups[-1] if groups else ""
    if (definite or modifiers) and last_group and named(last_group) and of_kind(last_group):
        return last_group
    found = registry.organisation_before(noun, offset)
    if found and named(found):
        return found
    # "the company" after "Elm Motors recalled 400 cars.": the body the sentence before opens with
    return opening if definite and opening and of_kind(opening) else raw


_INDEFINITE_PERSON = re.compile(r"^(?:a|an)\s+(?:[\w'\u2019\-]+\s+){0,4}(\w+)$", re.IGNORECASE)
_ROLE_BEFORE = re.compile(r"\b(\w+)\s+$")


def _identify_lede(text: str, units: list[Unit], registry: NameRegistry) -> None:
    """'A prominent Chinese official has promoted ...' then 'Foreign Ministry spokesman Zhao Lijian ...':
    a lede that withholds a name gives it in the next sentence, after a title or role."""
    for u, nxt in itertools.pairwise(units[:3]):
        m = _INDEFINITE_PERSON.match(u.claimant)
        if not u.cue or not m or not lx.is_person_noun(m.group(1).lower()) or m.group(1).endswith("s"):
            continue
        for offset, full in registry.mentions:
            if nxt.start <= offset < nxt.end:
                before = _ROLE_BEFORE.search(text, max(nxt.start, offset - 40), offset)
                role = before.group(1) if before else ""
                titled = any(w in lx.TITLE_WORDS for w in full.split())
                if titled or lx.is_person_noun(role.lower()) or role in lx.TITLE_WORDS:
                    u.claimant = full
                break


def propagate_quotes(units: list[Unit], opener: Callable[[Unit], str] | None = None) -> None:
    """Sentences of a multi-sentence quotation share the speaker named anywhere around it; with `opener` (the person
    who opens a sentence that quotes nobody, or ""), a quotation standing alone after such a sentence is that
    person's ('Health Minister Ana Lee visited the ward. "We have 40 beds free."')."""
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
            if speaker is None and prev is not None and prev.cue and prev.claimant and group[0].opens_with_quote:
                # 'X said the bridge would reopen.' then a paragraph that is only a quotation: X goes on speaking,
                # unless the quotation's own paragraph names someone after it
                next_par = group[0].segment.paragraph == prev.segment.paragraph + 1
                named_after = nxt is not None and nxt.cue and nxt.segment.paragraph == group[-1].segment.paragraph
                if next_par and not named_after:
                    speaker = prev
        said_by = (speaker.claimant, speaker.cue) if speaker is not None else None
        if said_by is None and opener is not None and group[0].opens_with_quote:
            prev = previous[-1] if previous else None
            if prev is not None and not prev.cue and prev.segment.paragraph == group[0].segment.paragraph:
                person = opener(prev)
                said_by = (person, "quoted") if person else None
        if said_by is not None:
            for u in group:
                if not u.cue and not u.own_verb and (u.has_quote or u.open_at_start):
                    u.claimant, u.cue = said_by
        previous = group


_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022\u2013]|\d{1,2}[.)])\s+")


def _carry_into_lists(text: str, units: list[Unit]) -> None:
    """'The board found the following:' then a list: each item is the board's finding, until the list ends."""
    lead: Unit | None = None
    for u in units:
        if lead is not None and _LIST_ITEM.match(text, u.start):
            if not u.cue:
                u.claimant, u.cue = lead.claimant, lead.cue
            continue
        lead = u if u.cue and u.claimant and u.ends_with_colon else None


def attribute(text: str, segments: list[Segment], *, title: str = "") -> list[Unit]:
    """Claim units (sentences, or clauses of two-source sentences) with claimant and cue."""
    # The body's names come first: a headline shortens them ("Actor Jane Doe dies", "President Doe proposes ...")
    registry = NameRegistry.build(f"{text}\n{title}") if title else NameRegistry.build(text)
    units: list[Unit] = []
    open_quote = False
    paragraph = None
    after_heading = False
    for seg in segments:
        if seg.kind != SENTENCE:
            after_heading = after_heading or seg.kind == HEADING
            continue
        if seg.paragraph != paragraph:
            open_quote, paragraph = False, seg.paragraph
        sentence_units, open_quote = _units_for_sentence(text, seg, open_quote)
        sentence_units[0].after_heading, after_heading = after_heading, False
        units.extend(sentence_units)
    registry.sexes = _sexes(text, f"{text}\n{title}" if title else text, units, registry)
    _resolve(text, units, registry)
    _identify_lede(text, units, registry)
    propagate_quotes(units, opener=lambda u: _subject_before(text, u, registry))
    _carry_into_lists(text, units)
    return units

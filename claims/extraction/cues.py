"""Reporting cues inside one sentence and the noun phrase that names their claimant.

Works on tokens of the sentence with quoted text blanked out, so that "said" inside a quotation is
never read as an attribution. A reporting verb takes the noun phrase before it ("Lavrov said",
"Mike Ryan, the WHO's top expert, said"), or after it when inverted ("..., said an aide."), or the
agent of a passive ("was told by X"); "according to X" (or "according to him"), "claims by X" and a
leading 'From X, "..."' take X. So do "with X saying ...", "X went on to say ...", a relative clause
("..., which X said were ...") and a verb of saying coordinated with the verb of the sentence's subject
("X gave no figures, but said ..."). A participle phrase after the subject belongs to it ("scientists studying
patients in Zhuhai reported"); a finding or a ruling attributes only with the clause it reports ("they found that
...", not "they found the boat"). A denied saying ("does not suggest") attributes nothing. A progressive verb of
saying is finite ("officials are warning that ..."), "as reported by X" names the source unless the sentence names
the speaker X relays, and a share of a group ("one in four nurses say") speaks for the group. A quotation that a colon
introduces and that ends the sentence is the words of the clause's subject, whatever its verb ('Lee thanked the crews:
"..."'), and a body that records a count ("recorded 611 aftershocks") or moves an assessment to a new value ("raised
the death toll to six") reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from claims.extraction import lexicon as lx
from claims.extraction.names import POSSESSIVE

QUOTE_FILL = "\x1f"
OPENING = "“"
CLOSING = "”"
TOKEN = re.compile(
    r"\x1f+|[^\W\d_][\w\-]*\.(?:com|org|net|gov|edu|info|io|co\.uk|co|uk|ru|de|fr|in|ca|au)\b(?!\.\w)"
    r"|(?:[A-Z]\.){2,}|(?:Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Gen|Col|Lt|Prof|St|Jr|Sr|Mt|Ft)\."
    r"|[A-Z]\.(?=\s+[A-Z][a-z])"  # a middle initial ("John G. Roberts")
    r"|[^\W\d_][\w'\u2019\-&]*\w|[^\W\d_]|\d[\d,.:]*\w*|[^\w\s]"
)
_TIME_WORD = lx.WEEKDAYS | lx.MONTHS | {"week", "month", "year", "night", "morning", "evening", "weekend"}
# "a quarter of adults", "most of the experts": the group is the claimant ("one of the children" is one person)
_QUANTIFIER = re.compile(
    r"^(?:(?:nearly|almost|about|around|roughly|approximately|just|over|under|only|some)\s+)?"
    r"(?:(?:(?:a|an|the)\s+)?(?:quarter|third|half|fifth|majority|minority|plurality|number|lot|few|handful|"
    r"most|many|some|all|none|several|two|three|four|five|dozens|hundreds|thousands)\s+of\s+(?:the\s+)?"
    r"|(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out\s+of)\s+"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)\s+)(?=\w)",
    re.IGNORECASE,
)
_NOT_IN_NAME = lx.FUNCTION_WORDS | lx.PREPOSITIONS | lx.SPEECH_VERBS | lx.ADVERBS_BEFORE_VERB
_SUBJECT_LINKS = frozenset({"of", "for", "at", "to", "and", "the", "a", "an", "in", "from", "with", "on"})
_PRONOUNS = lx.PERSON_PRONOUNS | lx.GROUP_PRONOUNS | lx.NON_CLAIMANT_PRONOUNS
# Words of time that end a source's noun phrase
_WHEN = frozenset({"yesterday", "today", "tonight", "tomorrow", "earlier", "later", "recently", "last", "next"})
# An age before a name ("47-year-old Matovič's office"): it describes the person, not who speaks
_CUT_AGE = re.compile(r"^(?:\d+-)?(?:year|month|week)s?-old\s+(?=[A-Z])")
# Words that open a clause, so the noun phrase after them is a subject ("... while the minister wrote ..."); a
# temporal clause ("after the WHO declared ...") dates the sentence's claim and is not its source
_CLAUSE_OPENERS = frozenset({"while", "when", "whereas", "although", "though", "because", "since", "as"})
# Prepositions that place a phrase and never open a clause ("after that officials said" may)
_PLACING_PREPOSITIONS = frozenset({"in", "at", "of", "from", "within", "on", "for", "with", "across", "near", "inside"})
# A verb of having before the phrase makes it an object: "SARS has a basic R0 estimated at 3" names no source
_HAVING = frozenset({"has", "have", "had"})
_QUOTING_ONLY = frozenset({"called", "calls", "continued", "continues"})
# Participles that place a document before its source: "a study published in", "a report released by"
_DOCUMENT_PARTICIPLES = frozenset(
    {"published", "released", "issued", "conducted", "led", "posted", "commissioned", "shared", "circulated", "written"}
)
_COMMUNICATIONS = lx.DOCUMENTS | {
    *("tweet", "post", "statement", "letter", "release", "interview", "filing", "message", "website", "account"),
    *("motion", "lawsuit", "complaint", "petition"),  # a court filing claims for those who filed it
}
# Bodies whose names go on with "on" or "to" ("Commission on Human Rights", "Committee to Protect Journalists").
_BODIES = frozenset(
    {"Commission", "Committee", "Council", "Board", "Panel", "Conference", "Court", "Office", "Project"}
)
# Prepositions that follow "from" in a preposition of two words ("from across", "from within")
_AFTER_FROM = frozenset({"across", "within", "among", "around", "inside", "outside", "throughout", "beyond"})
# Heads that count a group ("a number of senators", "nearly half of Americans"): the group is who speaks
_GROUP_WORDS = frozenset(
    {"number", "majority", "minority", "group", "handful", "coalition", "half", "third", "thirds", "quarter"}
    | {"quarters", "fifth", "fifths", "plurality", "share", "proportion", "percent", "most", "many", "some", "all"}
    | {"out"}  # "two out of three voters"
)
_AGE = re.compile(r"\d{1,3},")  # the tokenizer keeps a number's trailing comma
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LY_NOUNS = frozenset({"family", "assembly", "supply", "monopoly", "anomaly", "butterfly", "rally", "ally"})
# Auxiliaries of a passive: "X is accused of ...", "X was told" name whom it is said of or to, not who says it.
_PASSIVE_AUXILIARIES = frozenset({"is", "was", "were", "are", "been", "be", "being"})
# "As reported by X, ...": verbs whose "as ... by X" gives the source of what the sentence says ("as promised by"
# and "as predicted by" measure it against someone's words instead)
_AS_BY = frozenset({"reported", "stated", "confirmed", "announced", "noted", "claimed", "alleged", "revealed"})
_PROGRESSIVE_AUXILIARIES = _PASSIVE_AUXILIARIES - {"being"}
# A speaker in a condition or an open question ("if a doctor determined ...", "whether the court found ...") is
# supposed, not reported.
_HYPOTHETICAL = frozenset({"if", "unless", "whether"})
SPEAKING_DOCUMENTS = _COMMUNICATIONS | {
    *("proclamation", "advisory", "decree", "ruling", "memo", "bulletin", "summary"),
    *("decision", "judgment", "judgement", "verdict"),  # a court's, which states what the court held
    # a law or a body's rules, which state what the law or the rules hold ("the constitution says ...")
    *("law", "constitution", "treaty", "statute", "directive", "regulation", "regulations", "guidelines", "guidance"),
}
# Participles that open a phrase describing a source ("scientists studying patients in Zhuhai"); words in -ing that
# are prepositions open none.
_NOT_PARTICIPLES = frozenset({"during", "according", "including", "regarding", "concerning", "following", "pending"})
# Participles of saying say how a source spoke, not who it is: "officials speaking on condition of anonymity"
_SPEAKING_MANNER = frozenset({"speaking", "talking", "commenting", "writing"})
# After a pronoun, a finding needs its clause too: "they found that ...", not "they found the boat"
_CLAUSE_VERBS = lx.NEEDS_CLAUSE | {"found", "finds", "concluded", "showed", "reported", "indicated", "revealed"}
# A statement a sentence refers to rather than reports: "where X predicted", "than X expected" ("what X described as"
# still gives X's description)
_REFERRED = frozenset({"where", "than"})
_RULING_PARTICLES = frozenset({"that", "against", "in", "on", "out", "for"})
# Adjectives that place an anonymous source by what it knows ("people familiar with the matter")
_KNOWING = frozenset({"familiar", "close", "briefed", "involved", "knowledgeable", "privy"})
_REPORTING_VERBS = lx.SPEECH_VERBS | lx.PLURAL_SPEECH_VERBS
_RECORDING_VERBS = lx.TALLIES | lx.REVISIONS
_CUE_VERBS = _REPORTING_VERBS | _RECORDING_VERBS
_LINKS = lx.PREPOSITIONS | {"of"}  # words that tie a phrase to the next, never its last
_FIRST_PERSON = re.compile(r"^(?:I|we|We|[Ll]et)['\u2019]")  # "I'd", "we've", "let's say"
_PEOPLE_QUANTIFIERS = frozenset({"some", "many", "most", "several", "few"})
_POSTED = frozenset({"posted", "tweeted"})
_MADE_BY = frozenset({"of", "by", "from"})
# Participles whose clause is a claim of the source they describe ("groups claiming the vote was rigged marched")
_CLAIMING = frozenset({"claiming", "alleging", "insisting", "arguing", "asserting", "saying"})
# "came out against the plan", "has come out in favour of the bill": a stance taken in public
_COMING_OUT = frozenset({"came", "come", "comes"})
# Verbs of denying: they refuse with some objects (lexicon.REFUSALS) and dispute with others
_DENYING = frozenset({"denied", "denies", "deny"})
# What "by X's ..." reckons by: "by the ministry's count", "by the agency's estimate"
_RECKONINGS = frozenset(
    {"count", "estimate", "estimates", "tally", "reckoning", "calculation", "calculations", "account", "report"}
)
_MOVING_PARTICLES = frozenset({"up", "off"})
# Bodies of people placed by where they come from, as people are ("a team from Elm University published ...")
_TEAMS = frozenset({"team", "teams", "group", "consortium", "authorities", "police"})
_MEDIA = frozenset(
    {"news", "newspaper", "broadcaster", "outlet", "outlets", "media", "radio", "television", "magazine", "daily"}
    | {"tabloid", "wire", "reports", "report"}
)
_NOMINAL_CUES = frozenset({"claim", "claims", "allegations", "accusations", "assertions", "statements", "remarks"})


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int
    lower: str  # the text in lower case, read many times per token

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def pronoun(self) -> str:
        """The pronoun this token is ("He" -> "he"), or "" ("WHO", "US" are names)."""
        lw = self.lower
        if lw in _PRONOUNS and not (len(self.text) > 1 and self.text.isupper()):
            return lw
        return ""


@dataclass(slots=True)
class Found:
    cue: str
    cue_index: int
    np_start: int  # token indexes of the claimant noun phrase, inclusive
    np_end: int
    parenthetical: bool
    boundary: str
    # the claimant is one capitalised word opening the sentence: a speaker only if the article names someone so
    if_named: bool = False


def mask_quotes(sentence: str, open_at_start: bool) -> tuple[str, bool, bool]:
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
        elif c == OPENING:
            inside = True
            chars[i] = QUOTE_FILL
            has_quote = True
        elif c == CLOSING:
            inside = False
            chars[i] = QUOTE_FILL
        elif inside:
            chars[i] = QUOTE_FILL
    return "".join(chars), inside, has_quote


def _verb_like(word: str) -> bool:
    """A lowercase -ed/-ing/-ly word ends a noun phrase ("pro-Beijing" and "state-owned" are adjectives, "family"
    a noun)."""
    return word.islower() and word.endswith(("ed", "ing", "ly")) and word not in _LY_NOUNS and "-" not in word


def _np_backward(toks: list[Tok], j: int) -> int | None:
    """Start index of the noun phrase that ends at token j, or None."""
    if toks[j].pronoun:
        return j
    k = j
    lower_words = 0
    while k >= 0:
        t = toks[k]
        if (
            t.text == ","
            and 0 < k < j
            and toks[k - 1].is_capitalised
            and toks[k + 1].is_capitalised
            and toks[j].text in lx.ORG_WORDS
            and any(x.lower == "and" for x in toks[k + 1 : j])
        ):
            k -= 1  # "Agriculture, Fisheries and Conservation Department": a list inside one name
            continue
        if (
            0 < k < j
            and toks[k - 1].is_capitalised
            and (
                (t.text.isdigit() and toks[k + 1].is_capitalised) or (_apostrophe(t) and toks[k - 1].text.endswith("s"))
            )
        ):
            k -= 1  # "The Lost 52 Project", "Windsor Locks' first selectman"
            continue
        if (
            t.text == ")"
            and 3 <= k < j
            and toks[k - 2].text == "("
            and toks[k - 1].text.isupper()
            and toks[k - 3].is_capitalised
        ):
            k -= 3  # "Johns Hopkins University (JHU) data": an acronym in brackets inside the phrase
            continue
        if t.text == "-" and 0 < k < j and toks[k - 1].text.isdigit() and toks[k + 1].lower.endswith("-old"):
            k -= 2  # "a 47-year-old man": the age is part of the phrase
            continue
        if t.text == "&" and 0 < k < j and toks[k - 1].is_capitalised and toks[k + 1].is_capitalised:
            k -= 1  # "Johnson & Johnson", "AT&T" written apart
            continue
        if not t.is_word:
            break
        w, lw = t.text, t.lower
        # "the judge in that case": after a preposition, "that" and "this" point, they open no clause
        demonstrative = lw in ("that", "this") and 0 < k < j and toks[k - 1].lower in _PLACING_PREPOSITIONS
        if lw in lx.DETERMINERS or demonstrative:
            k -= 1
            proper_after = all(t.is_capitalised for t in toks[k + 2 : j + 1])
            if k >= 1 and (
                toks[k].lower == "of"
                # "The Minister for the Environment", as "the Minister for Health"
                or (toks[k].lower == "for" and toks[k - 1].is_capitalised and proper_after)
                or (toks[k].lower == "and" and toks[k - 1].is_capitalised and proper_after)
                or (toks[k].lower == "and" and _source_noun(toks[k - 1]) and _source_noun(toks[j]))
                # "Trump and his supporters", "the mayor and her aides": a person and the people who are theirs
                or (
                    toks[k].lower == "and"
                    and toks[k + 1].lower in lx.POSSESSIVE_PRONOUNS
                    and lx.is_person_noun(toks[j].lower)
                    and (_name_word(toks[k - 1]) or lx.is_person_noun(toks[k - 1].lower))
                )
            ):
                # "the head of the agency's investigators": the phrase after "of" counts apart
                lower_words = 0 if toks[k].lower == "of" else lower_words
                k -= 1
                continue
            return k + 1
        if t.is_capitalised:
            first_lady = w == "First" and k < j and toks[k + 1].text == "Lady"
            # "Sources within the ministry said": a noun of people opening the sentence is its head
            people = k == j and lx.is_person_noun(lw)
            if w in lx.CAPITALISED_STOPWORDS and (k == 0 or not toks[k - 1].is_word) and not first_lady and not people:
                break
            if lw in lx.SPEECH_PARTICIPLES and (k == 0 or not toks[k - 1].is_word):
                break  # "Citing alleged violations, the notice ...": a participle opening the sentence names no one
            if w in lx.WEEKDAYS and k < j:
                break  # "This Wednesday Greek Foreign Minister George Katrougalos": when, not who
            k -= 1
            continue
        if lw in ("of", "for") and k > 0 and k < j and toks[k - 1].is_word:
            lower_words = 0 if lw == "of" else lower_words  # "relatives of political prisoners": counted apart
            k -= 1
            continue
        if lw == "to" and 0 < k < j and toks[k - 1].text in lx.TITLE_WORDS and toks[k + 1].is_capitalised:
            k -= 1  # "US Ambassador to Germany Richard Grenell"
            continue
        if lw in ("on", "to") and 0 < k < j and toks[k - 1].text in _BODIES and toks[k + 1].is_capitalised:
            k -= 1  # "the Commission on Presidential Debates", "the Committee on Foreign Affairs"
            continue
        if lw == "and" and 0 < k < j and _source_noun(toks[k - 1]) and _source_noun(toks[j]):
            k -= 1  # "Police and county officials", "the council and the government": two sources speak as one
            continue
        if lw == "and" and 0 < k == j - 1 and _people(toks[j].lower) and _opens_with_name(toks, k - 1):
            k -= 1  # "Kristian Andersen and colleagues": a person and the people with them
            continue
        if (
            lw in ("and", "&")
            and 0 < k < j
            and (toks[k - 1].is_capitalised or _acronym_closes(toks, k - 1))
            and toks[k + 1].is_capitalised
        ):
            k -= 1  # "Eli Lilly and Company", "the CDC and the WHO", "the Elm Institute (EIT) and Port University"
            continue
        if (
            lw in ("and", "or")
            and 0 < k < j - 1
            and toks[k + 1].text.islower()
            and toks[k - 1].is_word
            and toks[k - 1].lower not in _NOT_IN_NAME
            and not _verb_like(toks[k - 1].text)  # "were both evacuated and local police warned"
            and (k == 1 or not toks[k - 2].is_word or toks[k - 2].lower in lx.DETERMINERS)
        ):
            k -= 1  # "Legal and religious groups", "the state and local officials": two words describe one head
            continue
        if lw in _NOT_IN_NAME and not (k == j and lw in lx.NOUN_CUES and lw.endswith("s")):
            break  # ("reports said": a reporting word in the plural heads the phrase before the verb)
        # "A leaked cable", "the revised estimate": a participle between a determiner and the head is an adjective
        adjective = 0 < k < j and toks[k - 1].lower in lx.DETERMINERS
        if lower_words >= 3 or (_verb_like(t.text) and lw not in lx.ROLE_NOUNS | lx.DOCUMENTS and not adjective):
            break
        if lw in _PERCEIVING and k < j and (toks[k + 1].is_capitalised or toks[k + 1].lower in lx.DETERMINERS):
            break  # "The court heard Hartley admit ...": who was heard speaks, not the court
        lower_words += 1
        k -= 1
    start = k + 1
    # a comma taken for a list inside a name ("On Thursday, Tesco and Salling Group") opens no phrase
    while start <= j and (toks[start].lower in ("of", "for") or toks[start].text == ","):
        start += 1
    if start == j and toks[j].text.islower() and j > 0 and toks[j - 1].lower in _SUBJECT_PRONOUNS:
        return None  # "She notes repeated failures", "It follows ...": the word after a pronoun is its verb
    return start if start <= j else None


_SUBJECT_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they"})
_PERCEIVING = frozenset({"heard", "hear", "hears", "saw", "see", "sees"})


def _acronym_closes(toks: list[Tok], k: int) -> bool:
    """Does token k close an acronym in brackets after a name ("the Elm Institute of Technology (EIT)")?"""
    return (
        k >= 3
        and toks[k].text == ")"
        and toks[k - 2].text == "("
        and toks[k - 1].text.isupper()
        and toks[k - 3].is_capitalised
    )


def _name_before_acronym(toks: list[Tok], i: int) -> int | None:
    """End of a name from token i that its acronym in brackets spells, lowercase words and all ("Notes from Poland
    (NFP)", "Doctors without Borders (DWB)"), when the name has a lowercase word; else None."""
    if not toks[i].is_capitalised:
        return None
    for k in range(i + 1, min(i + 9, len(toks) - 2)):
        if toks[k].text == "(":
            words = [t.text for t in toks[i:k]]
            acronym = toks[k + 1].text
            if toks[k + 2].text != ")" or not acronym.isupper() or all(w[0].isupper() for w in words):
                return None
            spelt = ("".join(w[0] for w in words).upper(), "".join(w[0] for w in words if w[0].isupper()))
            return k - 1 if acronym in spelt else None
        if not toks[k].is_word:
            return None
    return None


def _people(word: str) -> bool:
    """A plural noun of people, or a team ("researchers", "officials", "a team")."""
    return word in _TEAMS or (word.endswith("s") and lx.is_person_noun(word))


def _np_forward(toks: list[Tok], i: int, *, nouns: bool = False) -> int | None:
    """End index (inclusive) of the noun phrase that starts at token i, or None; with `nouns`, reporting words
    that are also nouns belong to it ("according to eyewitness reports")."""
    named = _name_before_acronym(toks, i)
    if named is not None:
        return named
    k = i
    lower_words = 0
    workplace = len(toks)  # where the place people work at starts ("officials in Wuhan"), once it has
    while k < len(toks):
        t = toks[k]
        if (
            t.text == ","
            and k > workplace
            and k + 1 < len(toks)
            and toks[k + 1].is_capitalised
            and (k + 2 == len(toks) or not toks[k + 2].is_word)
        ):
            k += 2  # "police in Baytown, Texas": the place's region belongs to it; "in Wuhan, Hubei and" lists
            continue
        if _apostrophe(t) and k > i and toks[k - 1].is_capitalised and toks[k - 1].text.endswith("s"):
            k += 1  # "Windsor Locks' first selectman"
            continue
        if _YEAR.fullmatch(t.text) and k == i + 1 and toks[i].lower in lx.DETERMINERS:
            k += 1  # "a 1989 report from the safety board": the year dates the source
            continue
        if t.text in lx.MONTHS and k == i + 1 and toks[i].lower in lx.DETERMINERS:
            k += 1  # "a March 14, 2019 NATO press release": so does a date
            while k < len(toks) and (toks[k].text.rstrip(",").isdigit() or toks[k].text == ","):
                k += 1
            continue
        if not t.is_word:
            break
        lw = t.lower
        if lw in lx.DETERMINERS and k == i:
            k += 1
            continue
        if t.is_capitalised:
            k += 1
            continue
        if lw == "of" and k + 1 < len(toks) and toks[k + 1].lower in lx.POSSESSIVE_PRONOUNS:
            break  # '"...," quipped Pitt of his role': what the words were about, not whom the speaker is with
        if lw in ("of", "for") and k > i and k + 1 < len(toks) and toks[k + 1].is_word:
            k += 1
            continue
        if (
            lw in ("on", "to")
            and k > i
            and toks[k - 1].text in _BODIES
            and k + 1 < len(toks)
            and toks[k + 1].is_capitalised
        ):
            k += 1  # "the Committee to Protect Journalists", "the Commission on Human Rights"
            continue
        if (
            lw in ("and", "&")
            and k > i
            and toks[k - 1].is_capitalised
            and k + 1 < len(toks)
            and toks[k + 1].is_capitalised
        ):
            k += 1  # "the Centers for Disease Control and Prevention", "the Food and Agriculture Organization"
            continue
        if lw in _WHEN:
            break  # "according to the official report yesterday": when it was said, not who said it
        if lw == "and" and k > i and _source_noun(toks[k - 1]):
            end = _np_forward(toks, k + 1)
            if end is not None and _source_noun(toks[end]):
                k = end + 1  # "according to police and county officials"
                break
        if k > i and toks[k - 1].lower in lx.DOCUMENTS and lw in ("in", "by", "from", "published"):
            # "a new study in the New England Journal of Medicine": the publication belongs to the source
            m = k + 2 if lw == "published" and k + 1 < len(toks) and toks[k + 1].lower in ("in", "by") else k + 1
            m += m < len(toks) and toks[m].lower == "the"
            if m < len(toks) and toks[m].is_word and toks[m].is_capitalised:
                k = m
                continue
        if k > i and lw in ("at", "from", "in") and (_people(toks[k - 1].lower) or toks[k - 1].lower == "police"):
            # "according to researchers at the University of Oxford", "officials in Wuhan", "police in Baytown":
            # where they work
            m = k + 1 + (k + 1 < len(toks) and toks[k + 1].lower == "the")
            if m < len(toks) and toks[m].is_word and toks[m].is_capitalised:
                k = m
                workplace = m if lw == "in" else workplace
                continue
        if lw in lx.FUNCTION_WORDS or lw in lx.PREPOSITIONS:
            break
        if lw in lx.SPEECH_VERBS and k > i and not (nouns and lw in lx.NOUN_CUES):
            break
        # "agreed facts", "the leaked documents": a participle before its noun is an adjective
        adjective = (
            (k == i or toks[k - 1].lower in lx.DETERMINERS)
            and k + 1 < len(toks)
            and toks[k + 1].is_word
            and toks[k + 1].lower not in lx.FUNCTION_WORDS | lx.PREPOSITIONS
        )
        if lower_words >= 3 or (_verb_like(t.text) and lw not in lx.ROLE_NOUNS | lx.DOCUMENTS and not adjective):
            break
        lower_words += 1
        k += 1
    end = k - 1
    while end >= i and toks[end].lower in ("of", "for", "the", "a", "an"):
        end -= 1
    return end if end >= i else None


def _passive(toks: list[Tok], i: int) -> bool:
    """Is the participle at token i passive: after a form of "be", perhaps with an adverb between ("was first
    confirmed by", "were later reported")?"""
    k = i - 1
    if k >= 1 and (toks[k].lower in _BETWEEN_BE_AND_PARTICIPLE or _adverb(toks, k)):
        k -= 1
    return k >= 0 and toks[k].lower in _PASSIVE_AUXILIARIES


_REDUCED_PASSIVE = {"accused": "of", "charged": "with"}
_NAMING = frozenset({"called", "labelled", "labeled", "branded", "dubbed", "termed"})


def _indefinite_noun_before(toks: list[Tok], i: int) -> bool:
    """Does a lowercase noun phrase opened by "a" or "an" end right before token i ("a process", "an armed group")?"""
    for k in range(i - 1, max(i - 4, -1), -1):
        if toks[k].lower in ("a", "an"):
            return k < i - 1
        if not (toks[k].is_word and toks[k].text.islower()):
            return False
    return False


_BETWEEN_BE_AND_PARTICIPLE = frozenset({"first", "later", "also", "initially", "previously", "since", "then", "not"})


def _adverb(toks: list[Tok], j: int) -> bool:
    """A manner adverb before a verb ("specifically said"): a lowercase -ly word that no determiner makes a noun."""
    word = toks[j].text
    return (
        word.islower()
        and word.endswith("ly")
        and len(word) >= 6
        and word not in _LY_NOUNS
        and (j == 0 or toks[j - 1].lower not in lx.DETERMINERS)
    )


def _source_noun(t: Tok) -> bool:
    """A word that names a speaking body or group as the head of its phrase ("the council", "county officials")."""
    return lx.is_body_noun(t.lower) or t.text in lx.ORG_WORDS


def _apostrophe(t: Tok) -> bool:
    return t.text in ("'", "\u2019")


def _appositive_name(toks: list[Tok], end: int) -> tuple[int, int] | None:
    """The name set off by commas after a role ("the government's lawyer, Richard Keen,"): its token span."""
    return _name_after_comma(toks, end) if toks[end].text.islower() else None


def _name_after_comma(toks: list[Tok], end: int) -> tuple[int, int] | None:
    """The name of two to four words (particles aside) set off by a comma after token `end`, up to a comma, a full
    stop, a semicolon or the end: its token span."""
    if end + 2 >= len(toks) or toks[end + 1].text != ",":
        return None
    stop = end + 2
    while stop < len(toks) and toks[stop].is_word and _name_word(toks[stop]):
        stop += 1
        particles = stop
        while particles < len(toks) and toks[particles].text in lx.NAME_PARTICLES:
            particles += 1
        if particles > stop and particles < len(toks) and _name_word(toks[particles]):
            stop = particles  # "Dr Ali bin Tamim", "Maria van der Berg"
    named = sum(t.text not in lx.NAME_PARTICLES for t in toks[end + 2 : stop])
    closed = stop == len(toks) or toks[stop].text in (",", ".", ";")
    return (end + 2, stop - 1) if 2 <= named <= 4 and closed else None


def _person_before_who(toks: list[Tok], comma: int) -> tuple[int, int] | None:
    """The person a ", who" at token `comma` + 1 stands for, as a token span: the phrase before the comma, or the
    name before an appositive ("Omar Haddad, a hydrologist at Elm University, who said") or after "of" when the
    phrase is a thing of that person ("the home of Mayor Rita Moss, who told")."""
    start = _np_backward(toks, comma - 1)
    if start is None:
        return None
    end = comma - 1
    opening = start - 1
    while opening > 0 and toks[opening].text != ",":
        opening -= 1
        if toks[opening].text.startswith(QUOTE_FILL) or toks[opening].text in (";", ":", "."):
            return start, end
    if opening > 0 and (toks[opening + 1].lower in ("a", "an", "the") or toks[opening + 1].text.islower()):
        name = _np_backward(toks, opening - 1)
        if name is not None and all(_name_word(t) for t in toks[name:opening]):
            return name, opening - 1  # the appositive describes the name before it
    of = next((k for k in range(start + 1, end) if toks[k].lower == "of"), None)
    if of is not None and not lx.is_person_noun(toks[of - 1].lower) and not toks[of - 1].is_capitalised:
        named = [t for t in toks[of + 1 : end + 1] if t.lower not in lx.DETERMINERS]
        if named and all(_name_word(t) or t.text in lx.TITLE_WORDS for t in named) and len(named) <= 5:
            return of + 1, end
    return start, end


def _name_before_who(toks: list[Tok], who: int) -> tuple[int, int] | None:
    """The name of at most four words right before "who" at token `who`, as a token span, or None."""
    if who < 2 or not toks[who - 1].is_capitalised:
        return None
    start = _np_backward(toks, who - 1)
    if start is None or who - start > 4 or not all(_name_word(t) for t in toks[start:who]):
        return None
    return start, who - 1


def _name_after_object(toks: list[Tok], start: int, end: int) -> int | None:
    """Where a name of one to four words starts when it ends the phrase toks[start:end+1] right after a lowercase
    noun: the object of an opening preposition, then the subject, with no comma between them ("With the acquisition
    Salling said", "After the vote Senator Ann Lee said"); else None."""
    k = end
    while k > start and _name_word(toks[k]):
        k -= 1
    named = end - k
    last = toks[k]
    if not 1 <= named <= 4 or not last.is_word or not last.text.islower() or last.lower in _LINKS | lx.DETERMINERS:
        return None
    return k + 1


def _name_before_appositive(toks: list[Tok], start: int) -> tuple[int, int] | None:
    """The name of two to four words before ", " and an appositive opening at token `start` ("Ann Lee, the mayor"),
    as a token span; else None."""
    if start < 3 or toks[start - 1].text != "," or toks[start].lower not in ("the", "a", "an"):
        return None
    end, k = start - 2, start - 2
    while k >= 0 and toks[k].is_word and _name_word(toks[k]):
        k -= 1
    named = end - k
    return (k + 1, end) if 2 <= named <= 4 and (k < 0 or not toks[k].is_word) else None


def _before_relative_clause(toks: list[Tok], start: int) -> tuple[int, int, str] | None:
    """The phrase of people or a body before a "who" clause, not set off by commas, that ends at token `start`
    ("The officials who ordered the change"), as (start, end, boundary); else None."""
    for w in range(start - 1, max(start - 7, 0), -1):
        if not toks[w].is_word:
            return None
        if toks[w].lower == "who":
            antecedent = _np_backward(toks, w - 1) if w > 0 else None
            if antecedent is None or not _names_a_source(toks, antecedent, w - 1):
                return None
            return antecedent, w - 1, toks[antecedent - 1].text if antecedent > 0 else ""
    return None


def _opening_record(toks: list[Tok]) -> Found | None:
    """'In a situational report of the council, ...': a record that opens the sentence and names its maker is the
    source of a sentence that names no other."""
    if len(toks) < 6 or toks[0].lower != "in" or toks[1].lower not in lx.DETERMINERS | lx.POSSESSIVE_PRONOUNS.keys():
        return None
    k = 2
    while k < 6 and k < len(toks) and toks[k].is_word and toks[k].text.islower() and not _communication(toks[k].lower):
        k += 1
    if k >= len(toks) or not _communication(toks[k].lower) or k + 2 >= len(toks) or toks[k + 1].lower not in _MADE_BY:
        return None
    end = _np_forward(toks, k + 2)
    if end is None or end + 1 >= len(toks) or toks[end + 1].text != ",":
        return None
    return Found(toks[k].lower, k, k + 2, end, True, "")


# Verbs of making a message that do not end in -ed ("made the following announcement:")
_MAKING = frozenset({"made", "gave", "sent", "put", "wrote", "shared", "read"})
_CLAUSE_VERB_WORDS = _REPORTING_VERBS | _MAKING
_NOT_A_VERB = lx.ORG_NOUNS | lx.DETERMINERS | lx.FUNCTION_WORDS | lx.PREPOSITIONS | lx.NAME_PARTICLES | {"of"}


def _introduced_quotation(toks: list[Tok]) -> Found | None:
    """'Mayor Ann Lee thanked the crews on Twitter: "..."', 'The palace released a message from the queen: "..."': a
    quotation that a colon introduces and that ends the sentence is the words of the clause's subject, or of the
    maker of the message that stands before the colon; "Voters were asked: ..." names no one who speaks. A comma
    introduces one after a verb of reacting."""
    colon = next(
        (k for k in range(1, len(toks) - 1) if toks[k].text in (":", ",") and toks[k + 1].text.startswith(QUOTE_FILL)),
        None,
    )
    if colon is None or any(t.is_word for t in toks[colon + 2 :]):
        return None
    # after a comma, only a verb of reacting ('Mick Jagger reacted on Twitter, "Sad news ..."'): other verbs before a
    # comma end a clause of their own
    comma = toks[colon].text == ","
    message = colon - 1
    while message > 0 and not _communication(toks[message].lower) and toks[message].is_word:
        message -= 1
    source = _source_of_document(toks, message) if _communication(toks[message].lower) and not comma else None
    if source is not None and source[1] == colon - 1:
        return Found(toks[message].lower, message, source[0], source[1], False, toks[source[0] - 1].text)
    opening = _after_opening_phrase(toks, colon)
    verb = next((v for v in range(opening + 1, colon) if _verb_after_subject(toks, v)), None)
    subject = _subject(toks, verb) if verb is not None else None
    if (
        subject is None
        or subject[0] != opening
        or toks[verb].lower in _PASSIVE_AUXILIARIES
        or (comma and toks[verb].lower not in _REACTING)
        or not _names_a_source(toks, subject[0], subject[1])
    ):
        return None
    return Found(toks[verb].lower, verb, subject[0], subject[1], False, subject[2])


_REACTING = frozenset({"reacted", "responded", "thanked", "mourned"})


def _verb_after_subject(toks: list[Tok], v: int) -> bool:
    """Is token v a verb after a name, pronoun or noun of a person or body ("Ines Duarte thanked", "The port
    authority made")? A noun is not ("Harbour master")."""
    word, before = toks[v], toks[v - 1]
    if v >= 2 and before.lower in lx.ADVERBS_BEFORE_VERB - lx.FINITE_AUXILIARIES - _PASSIVE_AUXILIARIES:
        before = toks[v - 2]  # "Mick Jagger also reacted"
    verb = _verb_like(word.text) or word.text in _CLAUSE_VERB_WORDS
    if not verb or word.lower in _NOT_A_VERB or lx.is_person_noun(word.lower):
        return False
    named = before.is_capitalised and before.lower not in lx.DETERMINERS
    return named or bool(before.pronoun) or lx.is_person_noun(before.lower) or before.lower in lx.ORG_NOUNS


def _role_and_name(words: list[Tok]) -> bool:
    """A role and the name of its holder, set off as an appositive ("civil engineering professor Julian Marshall")."""
    named = 0
    while named < len(words) and _name_word(words[-1 - named]):
        named += 1
    if not 2 <= named <= 4 or named == len(words) or len(words) > 8:
        return False
    role = words[-1 - named]
    return lx.is_person_noun(role.lower) and all(t.is_word and t.text.islower() for t in words[: -1 - named])


def _name_word(t: Tok) -> bool:
    return t.is_capitalised or t.text.rsplit("-", 1)[-1][:1].isupper()  # "al-Jahafi", "bin-Salman"


def _opens_with_name(toks: list[Tok], j: int) -> bool:
    """Does a name end at token j that opens its phrase ("Ann Lee" in "by Ann Lee", not "Merkel" in "Trump met
    Merkel")?"""
    m = j
    while m >= 0 and toks[m].is_word and _name_word(toks[m]):
        m -= 1
    return m < j and (m < 0 or not toks[m].is_word or toks[m].lower in lx.PREPOSITIONS | lx.DETERMINERS | {"of"})


def _skip_back_adverbials(toks: list[Tok], j: int) -> int:
    while j >= 0:
        lw = toks[j].lower
        if lw in lx.ADVERBS_BEFORE_VERB or _adverb(toks, j):
            j -= 1
        elif j >= 1 and toks[j].text in _TIME_WORD and toks[j - 1].lower in ("on", "last", "this", "in"):
            j -= 2
            if j >= 0 and toks[j].lower in ("late", "early"):
                j -= 1  # "The ministry late on Monday said"
        elif j >= 2 and toks[j].text in _TIME_WORD and toks[j - 1].lower == "the" and toks[j - 2].lower in _DURING:
            j -= 3  # "The agency over the weekend said"
        elif (aside := _communication_aside(toks, j)) is not None:
            j = aside  # "The ministry in a statement said": how it spoke, not who
        elif j >= 2 and toks[j].text[0].isdigit() and toks[j - 1].text in lx.MONTHS and not toks[j].text.endswith(","):
            j -= 3 if toks[j - 2].lower == "on" else 2  # (a comma after the date closes a phrase set off before it)
        elif j >= 2 and toks[j].text in _TIME_WORD and toks[j - 1].lower == "of" and toks[j - 2].lower == "as":
            j -= 3  # "Reports as of Wednesday said"
        else:
            break
    return j


# Prepositions of a stretch of time before "the weekend", "the night" ("The agency over the weekend said")
_DURING = frozenset({"over", "during", "at", "in", "on"})


def _communication_aside(toks: list[Tok], j: int) -> int | None:
    """Where the words before "in a statement", "in an interview", "in a post" end, when that phrase of how the
    subject spoke ends at token j and follows a word ("The ministry in a statement said"), else None."""
    if not toks[j].is_word or toks[j].lower not in _COMMUNICATIONS:
        return None
    for k in range(j - 1, max(j - 4, 0), -1):
        if toks[k].lower == "in" and toks[k + 1].lower in lx.DETERMINERS and toks[k - 1].is_word:
            return k - 1
        if not toks[k].is_word or toks[k].lower in lx.PREPOSITIONS:
            return None
    return None


def _subject(toks: list[Tok], i: int) -> tuple[int, int, str] | None:
    """Noun phrase before the verb at token i, skipping adverbs and an appositive."""
    j = _skip_back_adverbials(toks, i - 1)
    if j >= 2 and _AGE.fullmatch(toks[j].text) and toks[j - 1].text == ",":
        j -= 2  # "The mayor, 54, said": an age, not an appositive
    if j < 0:
        return None
    if toks[j].text == ",":
        # "Mike Ryan, the WHO's top emergencies expert, said": the name stands before the appositive.
        if j >= 2 and toks[j - 1].lower in ("however", "though", "meanwhile", "too") and toks[j - 2].text == ",":
            j = j - 3
        else:
            for k in range(j - 1, max(j - 30, 0), -1):
                if toks[k].text == ",":
                    inner = [t for t in toks[k + 1 : j] if t.text not in lx.NAME_PARTICLES]  # "Ali bin Tamim"
                    if inner and ((all(_name_word(t) for t in inner) and len(inner) <= 4) or _role_and_name(inner)):
                        head = _np_backward(toks, k - 1) if k > 0 else None
                        # "Merkel's spokesperson, Steffen Seibert, said": a role is named by the name after it
                        role = lx.is_person_noun(toks[k - 1].lower)
                        if head is None or role or toks[head].lower in lx.DETERMINERS or not toks[head].is_capitalised:
                            # "Ann Lee, the mayor of Esperanza, Sultan Kudarat, said": the role and its place are
                            # set off after the name, which is the subject
                            named = _name_before_appositive(toks, head) if head is not None and not role else None
                            return (*named, ",") if named else (k + 1, j - 1, ",")
                    start = _np_backward(toks, k - 1)
                    relative = toks[k + 1].lower in ("who", "which", "whose")
                    if start is not None and relative and start >= 2 and toks[start - 1].lower in ("for", "of"):
                        # "A spokesman for the company, which makes the kits, said": the person the body is after
                        owner = _np_backward(toks, start - 2)
                        start = owner if owner is not None and _source_noun(toks[start - 2]) else start
                    if start is not None and (relative or any(t.is_capitalised for t in toks[start:k])):
                        boundary = toks[start - 1].text if start > 0 else ""
                        # "Police in Baytown, Texas, said": the region set off after a place belongs to it
                        region = boundary.lower() == "in" and not relative and len(inner) == 1
                        return start, j - 1 if region else k - 1, boundary
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


def _source_of_document(toks: list[Tok], end: int) -> tuple[int, int] | None:
    """The maker named after a document ending at token `end` ("a tweet on Monday by X", "a statement from X",
    "a report in The Times"), as (start, end) token indexes, or None."""
    if not _communication(toks[end].lower):
        return None
    for k in range(end + 1, min(end + 5, len(toks) - 1)):
        lw = toks[k].lower
        if lw in ("by", "from") or (lw == "in" and toks[k + 1].is_capitalised):
            last = _np_forward(toks, k + 1)
            return (k + 1, last) if last is not None else None
        if not toks[k].is_word and not _YEAR.fullmatch(toks[k].text):
            return None  # "a survey published in 2017 by ..." names its maker after the year
    return None


_MOSTLY = frozenset({"mostly", "mainly", "largely", "chiefly"})


def _role_before_preposition(toks: list[Tok], p: int) -> int | None:
    """Start of the noun phrase before the preposition at token p when its head names people ("a source",
    "officials", "a team") or a document placed by who made it ("a report published by the ministry", "footage from the
    union"), else None."""
    # "footage from the union showed", "polling by the institute indicated": a record speaks for who made it
    if p >= 2 and toks[p].lower in _AFTER_FROM and toks[p - 1].lower == "from":
        p -= 1  # "critics from across the spectrum", "experts from within the party": one preposition of two words
    if p >= 2 and toks[p - 1].lower in _MOSTLY:
        p -= 1  # "researchers mostly from Elm University": most of them, placed alike
    # "posts on social media claim ...": a message placed where it was posted speaks as its makers do
    made_by = p >= 1 and toks[p].lower in ("by", "from", "on") and _communication(toks[p - 1].lower)
    if p >= 2 and toks[p - 1].lower in _KNOWING and lx.is_person_noun(toks[p - 2].lower):
        p -= 1  # "people familiar with the matter", "a source close to the talks": who knows, placed by what
    q = p - 1
    while q > p - 4 and q > 1 and _dating(toks[q]):
        q -= 1  # "a study published Tuesday in ...", "a report released on Monday by ..."
    if q >= 1 and toks[q].lower in _DOCUMENT_PARTICIPLES and _communication(toks[q - 1].lower):
        p = q  # a place alone ("a trial in Wuhan showed") says nothing of who made it
    elif not made_by and (p < 1 or not (lx.is_person_noun(toks[p - 1].lower) or toks[p - 1].lower in _TEAMS)):
        return None
    start = _np_backward(toks, p - 1)
    if (
        start is not None
        and start >= 2
        and toks[start - 1].lower in ("by", "from")
        and _communication(toks[start - 2].lower)
    ):
        return start  # "a study by researchers at Elm University found": the study's makers
    return start if start is not None and (start == 0 or not toks[start - 1].is_word) else None


def _count(t: Tok) -> bool:
    return t.text.isdigit() or t.lower in lx.NUMBER_WORDS


def _proportion(toks: list[Tok], start: int) -> int | None:
    """Start of "one in five" or "two out of three" before the counted phrase at `start`, or None."""
    if start < 2 or not _count(toks[start]):
        return None
    if toks[start - 1].lower == "in" and _count(toks[start - 2]):
        return start - 2
    if start >= 3 and toks[start - 1].lower == "of" and toks[start - 2].lower == "out" and _count(toks[start - 3]):
        return start - 3
    return None


def _list_lead(toks: list[Tok], i: int) -> Found | None:
    """ "X <verb> the following (findings):" ending the sentence, with "following" at token i: X, whose list
    follows ("The agency listed the following findings:", "The minister made the following points:"); else None."""
    verb = i - 2
    colon = next((k for k in range(i + 1, min(i + 4, len(toks))) if toks[k].text == ":"), None)
    if verb < 1 or toks[i - 1].lower != "the" or colon is None or any(t.is_word for t in toks[colon + 1 :]):
        return None
    if not (_verb_like(toks[verb].text) or toks[verb].lower in _MAKING):
        return None
    subject = _subject(toks, verb)
    if subject is None or not _names_a_source(toks, subject[0], subject[1]):
        return None
    return Found(toks[verb].lower, verb, subject[0], subject[1], False, subject[2])


def _knowing_end(toks: list[Tok], end: int) -> int:
    """Where sources placed by what they know end, when their phrase ends at token `end` ("people familiar with the
    plan", "officials briefed on the talks", "two people with knowledge of the deal"): the words up to the next
    punctuation, at most eight; else `end`."""
    k = end if toks[end].lower in _KNOWING else end + 1
    knowing = k < len(toks) and (
        toks[k].lower in _KNOWING or [t.lower for t in toks[k : k + 2]] == ["with", "knowledge"]
    )
    if not knowing:
        return end
    j = k
    while j + 1 < len(toks) and toks[j + 1].is_word and j - k < 8:
        j += 1
    return j


def _member_before_who(toks: list[Tok], who: int) -> tuple[int, int, str] | None:
    """The subject of "X was among those who ..." or "X is one of several experts who ...", for the relative pronoun
    at token `who`: the one named as a member of the people who spoke; else None."""
    g = who - 1
    while g > 0 and toks[g].is_word and toks[g].text.islower() and toks[g].lower not in ("among", "of"):
        g -= 1
    group = toks[g + 1 : who]
    if not group or not (group[-1].lower == "those" or _people(group[-1].lower)):
        return None
    if toks[g].lower == "among":
        copula = g - 1
    elif toks[g].lower == "of" and toks[g - 1].lower == "one":
        copula = g - 2
    else:
        return None
    if copula < 1 or toks[copula].lower not in lx.COPULAS:
        return None
    return _subject(toks, copula)


def _dating(t: Tok) -> bool:
    """A word of a date between a record's participle and what follows it ("Tuesday", "on", "last", "12")."""
    return t.text in _TIME_WORD or t.lower in _WHEN | {"on", "this"} or t.text.isdigit()


def _dated_record(toks: list[Tok], i: int) -> tuple[int, int, str] | None:
    """The record before the verb at token i when only its publishing and its date stand between ("Data released
    Thursday show ...", "Ministry figures published on Monday showed ..."): the date is no subject."""
    j = i - 1
    while j > 1 and (_dating(toks[j]) or toks[j].lower == "in"):
        j -= 1  # ("released in May 2020": "in" a date, as "in Geneva" is no date and stops the walk)
    if j == i - 1 or toks[j].lower not in _DOCUMENT_PARTICIPLES or not _communication(toks[j - 1].lower):
        return None
    start = _np_backward(toks, j - 1)
    if start is None or (start > 0 and toks[start - 1].is_word):
        return None
    return start, j - 1, toks[start - 1].text if start > 0 else ""


def _communication(word: str) -> bool:
    """A document or message, one or several ("a preprint", "posts shared on Facebook")."""
    return word in _COMMUNICATIONS or word.removesuffix("s") in _COMMUNICATIONS


def _body_in_place(toks: list[Tok], p: int) -> int | None:
    """Start of a body placed by "in" and a proper name ("the Court of Session in Scotland", "police in Baytown",
    "hospitals in Lombardy"), or None: the place belongs to the source ("a trial in Wuhan" is none)."""
    if p < 1 or toks[p].lower != "in" or p + 1 >= len(toks) or not toks[p + 1].is_capitalised:
        return None
    start = _np_backward(toks, p - 1)
    if start is None or (start > 0 and toks[start - 1].is_word):
        return None
    return start if any(lx.is_body_noun(t.lower) for t in toks[start:p]) else None


def _participle_modified(toks: list[Tok], end: int) -> tuple[int, int, int] | None:
    """The source that a participle phrase ending at token `end` describes ("scientists studying patients in
    Zhuhai"), as (start, end, head) token indexes; after a participle of saying, the source alone ("officials
    speaking on condition of anonymity" -> "officials")."""
    for p in range(end, max(end - 10, 0), -1):
        t = toks[p]
        if not t.is_word:
            return None
        passive = t.text.endswith("ed") and p + 1 <= end and toks[p + 1].lower == "by"  # "a team led by ..."
        if t.text.islower() and (t.text.endswith("ing") or passive) and t.lower not in _NOT_PARTICIPLES:
            start = _np_backward(toks, p - 1)
            if start is None or (start > 0 and toks[start - 1].is_word):
                return None  # the source's phrase opens its clause
            if not (_source_noun(toks[p - 1]) or toks[p - 1].is_capitalised):
                return None  # "the building", "this morning": not a source
            return start, p - 1 if t.lower in _SPEAKING_MANNER else end, p - 1
    return None


def _body_before_place(toks: list[Tok], start: int, end: int) -> tuple[int, int] | None:
    """The body placed by "in City, Region" when the subject found is the region (`start` to `end`), with its place
    as "police in Baytown" keeps it ("police in Baytown, Texas said", "the Ministry of Health in Lyon, France
    confirmed"), as (start, end) token indexes, or None."""
    if start < 4 or toks[start - 1].text != ",":
        return None
    place = _np_backward(toks, start - 2)
    if place is None or place < 2 or toks[place - 1].lower != "in":
        return None
    if not all(t.is_capitalised for t in toks[place : start - 1]):
        return None
    body = _np_backward(toks, place - 2)
    if body is None or (body > 0 and toks[body - 1].is_word) or not _names_a_source(toks, body, place - 2):
        return None
    return body, end


def _holder_of_proposition(toks: list[Tok], i: int) -> Found | None:
    """Who holds the proposition whose noun at token i is followed by "that": the owner in "the governor's claim
    that ...", or the subject of the verb in "X pushed the theory that ..." (the verb is the cue)."""
    before = toks[i - 1]
    if before.text.endswith(("'s", "\u2019s")) and before.is_word:
        start = _np_backward(toks, i - 1)
        if start is not None and (start == 0 or not toks[start - 1].is_word):
            return Found(toks[i].lower, i, start, i - 1, False, toks[start - 1].text if start > 0 else "")
        return None
    d = i - 1
    while d > i - 3 and d > 1 and toks[d].is_word and toks[d].text.islower() and toks[d].lower not in lx.DETERMINERS:
        d -= 1  # "pushed the conspiracy theory that ...", "spread the false claim that ..."
    if toks[d].lower not in ("the", "a", "this", "that"):
        return None
    at = d - 1
    verb = toks[at].text
    progressive = verb.endswith("ing") and toks[at - 1].lower in _PASSIVE_AUXILIARIES  # "has been pushing the idea"
    finite = (
        verb in lx.SPEECH_VERBS
        or (verb.islower() and verb.endswith(("ed", "s")) and verb not in _NOT_IN_NAME)
        or (progressive and verb.islower())
    )
    if not finite or verb.lower() in lx.WEIGHING_VERBS:
        return None  # "evidence for the claim that ...", "tested the hypothesis that ...": mentioned, not held
    subject = _subject(toks, at)
    if subject is None or subject[2].lower() in _HYPOTHETICAL or not _names_a_source(toks, subject[0], subject[1]):
        return None
    if toks[subject[0]].pronoun in lx.NON_CLAIMANT_PRONOUNS:
        return None
    return Found(verb, at, subject[0], subject[1], False, subject[2])


def _negated(toks: list[Tok], i: int) -> bool:
    """Is the verb at token i denied ("does not suggest", "never said", "didn't express", "do not all agree")?"""
    k = i - 1 - (i >= 2 and toks[i - 1].lower in ("all", "both"))
    before = toks[k].lower if k >= 0 else ""
    return before in ("not", "never") or before.endswith(("n't", "n\u2019t"))


def _stance_follows(toks: list[Tok], i: int) -> bool:
    """Does a stance follow the verb of expressing at token i, after at most three words that describe it ("a strong
    preference", "their deep concern")? "raised" takes only misgivings ("raised doubts", not "raised interest rates");
    a stance denied ("expressed no regret", "did not voice concern") is none."""
    stances = lx.RAISED_STANCES if toks[i].lower.startswith("raise") else lx.STANCES
    if _negated(toks, i):
        return False  # "did not express concern": as a denial of saying, no stance expressed
    for j in range(i + 1, min(i + 5, len(toks))):
        if toks[j].lower == "no":
            return False  # "expressed no regret"
        if toks[j].lower in stances:
            return True
        if not (toks[j].is_word and toks[j].text.islower()) or toks[j].lower in ("and", "or"):
            return False
    return False


def _holds_stances(toks: list[Tok], start: int, end: int, boundary: str) -> bool:
    """Can the subject toks[start:end+1] hold a stance? A person, a group of people or a body can ("the union", "many
    people", "she"); a fact cannot ("this raises the concern that ..."), nor the object of a preposition ("critics
    outside the party raised ...")."""
    last = toks[end]
    return (
        (boundary.lower() not in lx.PREPOSITIONS | _AFTER_FROM or boundary.lower() in _CLAUSE_OPENERS)
        and not _FIRST_PERSON.match(toks[start].text)
        and toks[start].lower not in ("i", "we", "you")  # "when I was sure that ...": no third party
        and _names_a_source(toks, start, end)
        and (
            last.is_capitalised
            or bool(last.pronoun)
            or lx.is_person_noun(last.lower)
            or lx.is_person_noun(last.lower.removesuffix("s"))  # "senators"
            or _source_noun(last)
        )
    )


def _copula_before(toks: list[Tok], i: int) -> int | None:
    """Index of the copula before the adjective at token i ("are confident", "remains firmly convinced"), else None."""
    k = i - 1 - (i >= 2 and toks[i - 1].lower.endswith("ly"))
    return k if k >= 1 and toks[k].lower in lx.COPULAS else None


def _stance_taken(toks: list[Tok], i: int) -> bool:
    """Does "came out" at token i take a stance ("came out against ...", "came out in favour of ...", "in support
    of")? "came out of the meeting" and "came out in force" take none."""
    words = [t.lower for t in toks[i + 1 : i + 5]]
    if words[:1] != ["out"]:
        return False
    rest = words[1:] if words[1:2] not in (["strongly"], ["firmly"], ["publicly"]) else words[2:]
    return rest[:1] == ["against"] or (
        rest[:1] == ["in"] and rest[1:3] in (["favor", "of"], ["favour", "of"], ["support", "of"])
    )


def _maker_of_communication(toks: list[Tok], noun: int, cue: str, at: int) -> Found | None:
    """Who made the statement, tweet or letter at token `noun`, as a cue `cue` at token `at`: the subject of the verb
    that made it ("X issued a statement ..."), or None."""
    verb = noun - 1
    while verb > 0 and toks[verb].lower in lx.DETERMINERS | {"joint", "brief", "written", "short"}:
        verb -= 1
    if verb > 1 and toks[verb].lower in ("out", "up") and toks[verb - 1].lower in _MAKING:
        verb -= 1  # "put out a statement", "sent out a letter"
    made = _verb_like(toks[verb].text) or toks[verb].lower in _MAKING
    subject = _subject(toks, verb) if verb > 0 and made else None
    if subject is not None and subject[2] in lx.PREPOSITIONS and subject[0] >= 2:
        # "owners from the border town filed a motion ...": the people the phrase places
        role = _role_before_preposition(toks, subject[0] - 1)
        subject = (role, subject[1], toks[role - 1].text if role else "") if role is not None else None
    if subject is None or not _names_a_source(toks, subject[0], subject[1]):
        return None
    return Found(cue, at, subject[0], subject[1], False, subject[2])


def _clause_follows(toks: list[Tok], i: int, *, reach: int = 8) -> bool:
    """Does a clause follow the verb at token i: "that", a finite verb ("found the virus was airborne", "reported the
    storm dissipated") or "to be" ("found the samples to be diverse") within `reach` words, before any punctuation?"""
    following = toks[i + 1 : i + 1 + reach]
    definite = bool(following) and (following[0].lower in _DEFINITE_OBJECTS or following[0].text[0].isdigit())
    for k, t in enumerate(following):
        if not (t.is_word or t.text[0].isdigit()):
            return False
        if t.lower == "that" or t.lower in lx.FINITE_AUXILIARIES:
            return True
        if t.lower == "to" and k + 1 < len(following) and following[k + 1].lower == "be":
            # what was found is definite ("the samples", "it", "40% of them"); "found a way to be paid" is no finding
            return definite
        if definite and 2 <= k <= 5 and _finite_after_subject(following, k):
            return True
    return False


def _finite_after_subject(following: list[Tok], k: int) -> bool:
    """Is the word at k of the words after a verb the finite verb of a clause whose definite subject opens them ("the
    storm dissipated off the coast", "the coating repels bacteria"), not a participle describing an object ("the
    cars equipped with", "the man injured in") nor a plural noun ("the flood victims of")?"""
    word, before = following[k].text, following[k - 1].lower
    after = following[k + 1] if k + 1 < len(following) else None
    if not word.islower() or not following[k - 1].is_word or before in lx.DETERMINERS | lx.PREPOSITIONS | {"of"}:
        return False
    if after is not None and after.is_word and after.lower in lx.PREPOSITIONS | {"of", "and", "or"}:
        return word.endswith("ed") and after.lower not in _PARTICIPLE_PREPOSITIONS
    if word.endswith("ed"):
        return True
    # a verb in -s after a singular head, and an object after it
    return (
        word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ics"))
        and not before.endswith("s")
        and after is not None
        and after.is_word
    )


# Prepositions that follow a participle describing its noun ("cars equipped with", "a man injured in the crash")
_PARTICIPLE_PREPOSITIONS = frozenset({"by", "with", "in", "at", "from", "for", "to", "on", "during", "under", "of"})


_DEFINITE_OBJECTS = frozenset({"the", "this", "these", "those", "its", "their", "it", "them", "him", "her"})


def _object_names(toks: list[Tok], i: int, nouns: frozenset[str], *, reach: int = 6) -> bool:
    """Does the object of the verb at token i name one of `nouns` within `reach` words, before any punctuation or a
    clause ("denied funding for the wall"; not "denied that funding was cut")?"""
    for t in toks[i + 1 : i + 1 + reach]:
        if not t.is_word or t.lower == "that" or t.lower in lx.FINITE_AUXILIARIES:
            return False
        if t.lower in nouns:
            return True
    return False


def _prediction_follows(toks: list[Tok], i: int) -> bool:
    """Does the verb of expecting at token i take an outcome ("expect the bank to cut rates") or a figure ("forecast
    growth of 3%") within six words, before any punctuation?"""
    for t in toks[i + 1 : i + 7]:
        if any(c.isdigit() for c in t.text):
            return True
        if not t.is_word:
            break
    return _infinitive_follows(toks, i)


def _infinitive_follows(toks: list[Tok], i: int) -> bool:
    """Does an object and "to" with its verb follow token i within six words, before any punctuation ("expect the
    bank to cut", "called on states to act"; not "to Paris", nor "expects to see", an intention)?"""
    for k, t in enumerate(toks[i + 1 : i + 7], start=i + 1):
        if not t.is_word:
            return False
        if t.lower == "to":
            return k > i + 1 and k + 1 < len(toks) and toks[k + 1].is_word and not toks[k + 1].is_capitalised
    return False


def _quotation_follows(toks: list[Tok], i: int) -> bool:
    """Does a quotation open right after the verb at token i, or after its comma or colon ('observed, "...")?"""
    k = i + 1 + (i + 1 < len(toks) and toks[i + 1].text in (",", ":"))
    return k < len(toks) and toks[k].text.startswith(QUOTE_FILL)


def _quotation_before(toks: list[Tok], i: int) -> bool:
    """Does the verb at token i follow the quotation it reports ('"It was a hard part," quipped Pitt', '"...," he
    recalled')?"""
    k = i - 1 - (i >= 1 and bool(toks[i - 1].pronoun))
    k -= k >= 1 and toks[k].text == ","
    return k >= 0 and toks[k].text.startswith(QUOTE_FILL)


def _called_a_name(toks: list[Tok], i: int) -> bool:
    """Does "called" at token i give someone or something a name ("called Trump a clown", "called it an
    outrage"), not a phone call or a time ("called the police a second time")?"""
    first = i + 1
    if first >= len(toks) or not (
        toks[first].is_capitalised or toks[first].lower in lx.OBJECT_PRONOUNS.keys() | {"it"} | lx.DETERMINERS
    ):
        return False
    if _indefinite_noun_before(toks, i):
        return False  # "a species called the guanaco": a thing named
    for k in range(first + 1, min(first + 6, len(toks) - 1)):
        if toks[k].lower in ("a", "an"):
            return toks[k + 1].is_word and toks[k + 1].lower not in _NOT_A_NAME
        if not toks[k].is_word or toks[k].lower in lx.PREPOSITIONS | {"and", "or"}:
            return False  # "called the race for a candidate", "called the guanaco and an ostrich ..."
    return False


# What follows "a" after a call's object when it says when or how often, not what the object is called
_NOT_A_NAME = _TIME_WORD | {"day", "second", "third", "few", "number", "lot", "total", "minute", "couple", "bit"}


def _label_follows(toks: list[Tok], i: int) -> bool:
    """Does the verb at token i give its object a label, "as" within eight words before any punctuation but a quote
    ("referred to the vote as "a hoax"")?"""
    for t in toks[i + 1 : i + 9]:
        if t.lower == "as":
            return True
        if not (t.is_word or t.text[0].isdigit() or t.text.startswith(QUOTE_FILL) or _apostrophe(t)):
            return False
    return False


def _estimate_follows(toks: list[Tok], i: int) -> bool:
    """Does the verb at token i put its object at a figure within eight words ("put the damage at $4 billion",
    "placed the toll at about 120")?"""
    for k in range(i + 2, min(i + 9, len(toks) - 1)):
        if toks[k].lower == "at" or [t.lower for t in toks[k : k + 4]] == ["in", "the", "range", "of"]:
            figure = toks[k + 1 : k + 3] if toks[k].lower == "at" else toks[k + 4 : k + 6]
            return any(any(c.isdigit() for c in t.text) or t.lower in lx.NUMBER_WORDS for t in figure)
        if not (toks[k].is_word or toks[k].text[0].isdigit() or _apostrophe(toks[k])):
            return False
    return False


def _count_follows(toks: list[Tok], i: int) -> bool:
    """Does a figure follow the verb at token i, perhaps after "a total of", "at least" or "more than" ("recorded 611
    aftershocks")?"""
    k = i + 1
    while k < len(toks) and toks[k].lower in _BEFORE_COUNT:
        k += 1
    return k < len(toks) and (toks[k].text[0].isdigit() or toks[k].lower in lx.NUMBER_WORDS)


# Verbs that report a figure counted ("It reported 300 new cases", "They confirmed 12 deaths")
_COUNT_REPORTS = lx.TALLIES | {"reported", "reports", "confirmed", "confirms"}
_BEFORE_COUNT = frozenset({"a", "total", "of", "at", "least", "more", "than", "over", "about", "around", "nearly"})


def _revision_follows(toks: list[Tok], i: int) -> bool:
    """Does the verb at token i move an assessment to a new value, "to" after a noun of assessment within ten words
    ("raised the death toll to six", 'raised the risk from "moderate" to "high"' with the risk's noun)?"""
    span = toks[i + 1 : i + 11]
    to = next((k for k, t in enumerate(span) if t.lower == "to"), None)
    return to is not None and any(t.lower in lx.ASSESSMENTS for t in span[: to + 3])


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


def _inverted(toks: list[Tok], i: int, *, reading: bool = False) -> int | None:
    """End of the claimant in '..., said Lavrov.' / '"...," says Timothy Baszler, an expert.'; with `reading`, of
    the document that reads out what precedes it ('"...," reads the statement.')."""
    before = toks[i - 1].text if i > 0 else ""
    if not (reading or toks[i].lower in lx.INVERTIBLE_VERBS) or not (
        before in ("", ",") or before.startswith(QUOTE_FILL)
    ):
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
    # '"...," said study co-author and Royal Society Fellow Martin How.': two roles of one speaker, or two speakers,
    # running to the sentence's end
    more = _np_forward(toks, end + 2) if end + 2 < len(toks) and toks[end + 1].lower == "and" else None
    if more is not None and (more + 1 == len(toks) or toks[more + 1].text in (".", "!", "?")):
        end = more
    speakers = lx.ORG_NOUNS | (SPEAKING_DOCUMENTS if reading else frozenset())
    named = (
        t.is_capitalised or t.pronoun or t.lower in speakers or lx.is_person_noun(t.lower)
        for t in toks[i + 1 : end + 1]
    )
    if not any(named):
        return None  # ", said the protests grew": a clause, not who said it
    # the phrase must end there ("said the plan was wrong" has a clause, not a claimant, after the verb)
    after = toks[end + 1].text if end + 1 < len(toks) else ""
    if reading and after.lower() in ("from", "by") and end + 2 < len(toks):
        maker = _np_forward(toks, end + 2)  # '"...," read a statement from the ministry.'
        if maker is not None:
            end, after = maker, toks[maker + 1].text if maker + 1 < len(toks) else ""
    about = after == "of" and end + 2 < len(toks) and toks[end + 2].lower in lx.POSSESSIVE_PRONOUNS
    if (after.lower() in _TRAILING or about) and _phrase_ends(toks, end + 2, 12):
        # '"...," wrote Joshua Wong on Twitter.', '"...," said Lee after the race.': where or when it was said;
        # '"...," quipped Pitt of his role.': what about
        return end
    if POSSESSIVE.search(toks[end].text) and (owned := _phrase_end(toks, end + 1, 3)) is not None:
        return owned  # '"...," said Professor Ann Lee of the University of Elm's medical school.'
    return end if after in ("", ",", ".", ";", ":", "!", "?", "(") or after.startswith(QUOTE_FILL) else None


# Prepositions and conjunctions that open a phrase of where, when or to whom after an inverted speaker
_TRAILING = frozenset({"on", "in", "at", "via", "after", "before", "during", "to", "following", "outside", "when"})


def _phrase_end(toks: list[Tok], i: int, words: int) -> int | None:
    """The last of at most `words` words from token i when they run to the sentence's end, else None."""
    k = i
    while k < len(toks) and toks[k].is_word and k - i < words:
        k += 1
    ends = k == len(toks) or toks[k].text in (".", "!", "?")
    return k - 1 if ends and k > i else None


def _phrase_ends(toks: list[Tok], i: int, words: int) -> bool:
    """Do at most `words` words from token i run to the end of the sentence or a comma?"""
    for t in toks[i : i + words + 1]:
        if t.lower == "that":
            return False  # "said X on Monday that ...": a clause follows
        if not t.is_word:
            # ("... Environmental Sciences (CIRES)": an acronym in brackets ends the name)
            return t.text in (".", ",", "!", ";", "(") or t.text.startswith(QUOTE_FILL)
    return len(toks) - i <= words


def _leading_name(toks: list[Tok], i: int) -> int | None:
    """End of a name of two or more words opening the sentence, if only its qualifiers lie before token i."""
    k = 0
    while k < i and toks[k].is_word and toks[k].is_capitalised and toks[k].text not in lx.CAPITALISED_STOPWORDS:
        k += 1
    if k < 2:
        return None
    for t in toks[k:i]:
        lw = t.lower
        qualifier = t.is_capitalised or lw in _SUBJECT_LINKS or (lw not in _NOT_IN_NAME and not _verb_like(t.text))
        if not t.is_word or not qualifier:
            return None
    return k - 1


def _continuing_verb(toks: list[Tok], to: int) -> int | None:
    """Index of the verb in "went on to" / "continued to" / "took to Twitter to" before the "to" at token `to`, else
    None."""
    if to >= 2 and toks[to - 1].lower == "on" and toks[to - 2].lower in ("went", "goes", "go", "going"):
        return to - 2
    if to >= 1 and toks[to - 1].lower in ("continued", "continues", "proceeded", "proceeds"):
        return to - 1
    # "took to social media to claim ...", "has taken to the airwaves to insist ...": a platform of one to three words
    for k in range(to - 2, max(to - 5, 0), -1):
        if not toks[k + 1].is_word:
            return None
        if toks[k].lower == "to" and toks[k - 1].lower in ("took", "takes", "take", "taken", "taking"):
            return k - 1
    return None


def _sentence_subject(toks: list[Tok], i: int) -> tuple[int, int, str] | None:
    """The noun phrase opening the sentence ("The agency", "Local residents", "She") when a verb follows it, as the
    subject of a verb of saying at token i coordinated with that verb; an opening phrase of time or place set off by
    a comma comes before it ("On Monday, the agency ...", "In a message to staff, Lee ...")."""
    o = _after_opening_phrase(toks, i)
    if o >= i or not toks[o].is_word:
        return None
    if toks[o].pronoun in lx.PERSON_PRONOUNS | lx.GROUP_PRONOUNS:
        end = o
    else:
        k = o + 1 if toks[o].lower in ("the", "a", "an") else o
        if k == o and toks[o].text in lx.CAPITALISED_STOPWORDS:
            return None
        first = k
        while k < i and toks[k].is_word and toks[k].is_capitalised:
            k += 1
        if k == first + 1 == o + 1 and not _source_noun(toks[o]) and not _verb_like(toks[o + 1].text):
            return None  # "Multiple outlets reported ...": one capital opening the sentence need not be a name
        while k < i and (toks[k].lower in lx.ORG_NOUNS or lx.is_person_noun(toks[k].lower)):
            k += 1
        if k == first:
            return None
        end = k - 1
        named = _name_set_off(toks, end, i)
        if named is not None:
            # "The mayor of Elmtown, Rita Moss, gave ...": the name set off after the role is the subject
            verb = toks[named[1] + 2] if named[1] + 2 < i else None
            return (named[0], named[1], ",") if verb is not None and verb.is_word and verb.text.islower() else None
    verb = toks[end + 1] if end + 1 < i else None
    boundary = toks[o - 1].text if o else ""
    return (o, end, boundary) if verb is not None and verb.is_word and verb.text.islower() else None


def _name_set_off(toks: list[Tok], end: int, i: int) -> tuple[int, int] | None:
    """The name set off by commas after a role that ends at token `end`, or after the place "of" gives that role
    ("The mayor, Rita Moss,", "The mayor of Elmtown, Rita Moss,"), before token i; else None."""
    if end + 1 < i and toks[end + 1].lower == "of" and toks[end].text.islower():
        place = _np_forward(toks, end + 2)
        end = place if place is not None and all(t.is_capitalised for t in toks[end + 2 : place + 1]) else end
    named = _name_after_comma(toks, end)
    return named if named is not None and named[1] + 1 < i and toks[named[1] + 1].text == "," else None


def _after_opening_phrase(toks: list[Tok], i: int) -> int:
    """Where the clause starts after a prepositional or time phrase that opens the sentence and ends at a comma
    before token i ("On Monday,", "In a video message posted to Twitter,"); 0 when there is none."""
    if not toks or (toks[0].lower not in lx.PREPOSITIONS and toks[0].lower not in _WHEN):
        return 0
    comma = next((k for k in range(1, min(i, 16)) if toks[k].text == "," or toks[k].text.endswith(",")), None)
    if comma is None or any(t.text.startswith(QUOTE_FILL) for t in toks[:comma]):
        return 0
    return comma + 1


def _opening_word(toks: list[Tok], i: int) -> bool:
    """Does the sentence open with one capitalised word and a verb before token i ("Fauci appeared on CNN, saying
    ...")? Such a word may be a surname or not a name at all ("Multiple outlets ..."): the article decides."""
    return (
        i > 2
        and toks[0].is_word
        and toks[0].is_capitalised
        and toks[0].text not in lx.CAPITALISED_STOPWORDS
        and toks[1].is_word
        and toks[1].text.islower()
    )


def _document_head(toks: list[Tok], start: int, end: int) -> bool:
    """Is the phrase a document ("the statement", "the summary of the decision", "Stardom's official statement")?"""
    head = next((k for k in range(start, end) if toks[k + 1].lower == "of"), end)
    return toks[head].lower in SPEAKING_DOCUMENTS


def _names_a_source(toks: list[Tok], start: int, end: int) -> bool:
    """Can the noun phrase toks[start:end+1] say something? Names, pronouns, plurals and nouns of people or
    institutions can ("the commissioner", "the city council", "the head of the investigators"); a thing named by a
    singular common noun cannot ("this factor")."""
    # the head comes before a phrase that places it: "residents of the town", "officials at the scene"
    at = next(
        (k for k in range(start, end) if toks[k + 1].lower in lx.PREPOSITIONS | {"of"} and toks[k].is_word),
        end,
    )
    if at > start and toks[at].lower in _DOCUMENT_PARTICIPLES | _KNOWING | _MOSTLY:
        at -= 1  # "a study published in ...", "people familiar with ...", "researchers mostly from ...": the head
    head = toks[at]
    if head.lower in _GROUP_WORDS and at + 2 <= end and toks[at + 1].lower == "of":
        return _names_a_source(toks, at + 2, end)  # "a number of senators": the group is who they are
    if not head.text.islower() or head.pronoun or head.text.endswith("s") or head.text in ("former", "latter"):
        return True  # "the latter" stands for a person named before
    if (
        lx.is_person_noun(head.text)
        or head.text in lx.ORG_NOUNS | SPEAKING_DOCUMENTS
        or head.text.capitalize() in lx.TITLE_WORDS
    ):
        return True  # a document speaks for its makers: "the study found", "the proclamation said"
    # "the head of the police's investigators", "a member of the council": one of a body of people
    return toks[at + 1].lower == "of" and any(
        (word := POSSESSIVE.sub("", t.lower)) in lx.ORG_NOUNS or lx.is_person_noun(word) for t in toks[at + 2 : end + 1]
    )


def find_cues(toks: list[Tok]) -> list[Found]:
    found: list[Found] = []
    for i, t in enumerate(toks):
        lw = t.lower
        # "Per the ministry, ...", "Per a statement from the court, ...": "according to" in one word, opening the
        # sentence (later, "per WHO guidelines" is more often a rule followed than a source)
        per = (
            i == 0 and lw == "per" and len(toks) > 1 and (toks[1].lower in ("the", "a", "an") or toks[1].is_capitalised)
        )
        if per or (lw == "according" and i + 2 < len(toks) and toks[i + 1].lower == "to"):
            boundary = toks[i - 1].text if i > 0 else ""
            source_at = i + 1 if per else i + 2
            if toks[source_at].lower in lx.OBJECT_PRONOUNS and (
                source_at + 1 == len(toks) or not toks[source_at + 1].is_word
            ):
                found.append(Found("according to", i, source_at, source_at, True, boundary))  # "According to him, ..."
                continue
            end = _np_forward(toks, source_at, nouns=True)
            source = _source_of_document(toks, end) if end is not None else None
            if source is not None:
                # "according to a statement from the ministry", "a report in The Times": who made it
                found.append(Found("according to", i, source[0], source[1], True, toks[i - 1].text if i else ""))
                continue
            if end is not None:
                start, end = _appositive_name(toks, end) or (source_at, _knowing_end(toks, end))
                found.append(Found("according to", i, start, end, True, boundary))
            continue
        if lw in _RECKONINGS and i >= 3 and toks[i - 1].is_word and POSSESSIVE.search(toks[i - 1].text):
            # "By the ministry's count, ...", "..., by the agency's estimate": the owner of the reckoning
            start = _np_backward(toks, i - 1)
            set_off = (i + 1 == len(toks) or not toks[i + 1].is_word) and (start is not None and start >= 1)
            # set off by commas or the sentence's ends: "paid by the company's account" is no reckoning
            if set_off and toks[start - 1].lower == "by" and (start == 1 or not toks[start - 2].is_word):
                boundary = toks[start - 2].text if start >= 2 else ""
                found.append(Found(lw, i, start, i - 1, True, boundary))
                continue
            # otherwise the noun is read as any other word ("the ministry's report said ...")
        if lw in _NOMINAL_CUES and i + 2 < len(toks) and toks[i + 1].lower == "by":
            # "Claims by elements in the government ...": the agent of a claim noun made it
            end = _np_forward(toks, i + 2)
            if end is not None:
                found.append(Found(lw, i, i + 2, end, False, "by"))
            continue
        if i == 0 and lw == "from" and len(toks) > 2:
            # 'From the WHO, "there has been no evidence ..."': the source of the quotation that follows
            end = _np_forward(toks, 1)
            if (
                end is not None
                and end + 2 < len(toks)
                and toks[end + 1].text == ","
                and toks[end + 2].text.startswith(QUOTE_FILL)
            ):
                found.append(Found("from", 0, 1, end, True, ""))
            continue
        if lw == "saying" and i >= 3 and toks[i - 1].lower == "as" and toks[i - 2].lower == "quoted":
            # "X was quoted as saying ...": X, the subject of the passive
            subject = _subject(toks, i - 2)
            if subject is not None and toks[subject[1]].lower not in ("was", "were"):
                found.append(Found("quoted", i - 2, subject[0], subject[1], False, subject[2]))
            continue
        if lw == "saying" and i >= 3 and toks[i - 1].lower == "as":
            # "Politico quoted Tim Manning, a former official, as saying ...": the one quoted, not the outlet
            # ("Reuters cited a government source as saying ..." alike)
            quoted = next((q for q in range(i - 2, max(i - 16, 0), -1) if toks[q].lower in ("quoted", "cited")), None)
            if quoted is not None and toks[quoted + 1].lower == "by" and _passive(toks, quoted):
                # "X was quoted by Reuters as saying ...": X, the subject of the passive
                subject = _subject(toks, quoted)
                if subject is not None:
                    found.append(Found("quoted", quoted, subject[0], subject[1], False, subject[2]))
                continue
            end = _np_forward(toks, quoted + 1) if quoted is not None and quoted + 1 < i - 1 else None
            if end is not None and end < i - 1:
                found[:] = [f for f in found if f.cue_index != quoted]  # the outlet that cited is not the source
                found.append(Found(toks[quoted].lower, quoted, quoted + 1, end, False, toks[quoted].lower))
            continue
        # "the governor's claim that ...", and "the ministry's position is that ...", which only an owner holds
        stated = [x.lower for x in toks[i + 1 : i + 3]] in (["is", "that"], ["was", "that"]) and POSSESSIVE.search(
            toks[i - 1].text
        )
        if lw in lx.PROPOSITIONS and i >= 2 and i + 1 < len(toks) and (toks[i + 1].lower == "that" or stated):
            holder = _holder_of_proposition(toks, i)
            if holder is not None:
                found.append(holder)
                continue
        # "Officials are warning that ...", "Scientists have been saying for months ...": a finite verb of saying
        progressive = lw in lx.SPEECH_PARTICIPLES and i >= 2 and toks[i - 1].lower in _PROGRESSIVE_AUXILIARIES
        if lw in lx.SPEECH_PARTICIPLES and not progressive:
            # "..., with the minister saying the work would take a day": the absolute construction names a speaker
            start = _np_backward(toks, i - 1) if i >= 2 else None
            if start and toks[start - 1].lower == "with" and _names_a_source(toks, start, i - 1):
                found.append(Found(lw, i, start, i - 1, False, "with"))
                continue
            if (
                lw in _CLAIMING
                and start is not None
                and toks[i - 1].is_word
                and (start == 0 or toks[start - 1].text == ",")
                and _names_a_source(toks, start, i - 1)
                and _clause_follows(toks, i)
            ):
                # "Several groups claiming the election was stolen gathered ...": the source the participle describes
                found.append(Found(lw, i, start, i - 1, False, toks[start - 1].text if start else ""))
                continue
            # (the tokenizer keeps a number's trailing comma: "on February 10, accusing")
            if toks[i - 1].text.endswith(",") and lw in lx.CLAUSE_PARTICIPLES and not found:
                # "Trump took to social media, posting ...": a participle of saying shares the sentence's subject
                subject = _sentence_subject(toks, i)
                if subject is not None:
                    found.append(Found(lw, i, subject[0], subject[1], False, subject[2]))
                    continue
                if _opening_word(toks, i):
                    found.append(Found(lw, i, 0, 0, False, "", if_named=True))
                    continue
            if i >= 3 and toks[i - 1].lower in _COMMUNICATIONS:
                # "X issued a statement saying ...": the statement's maker, the subject of the verb that made it
                maker = _maker_of_communication(toks, i - 1, lw, i)
                if maker is not None:
                    found.append(maker)
            continue
        if lw == "effect" and i >= 4 and toks[i - 1].lower == "the" and toks[i - 2].lower == "to":
            # "the palace issued a statement to the effect that ...": what the statement said
            noun = i - 3
            maker = (
                _maker_of_communication(toks, noun, toks[noun].lower, i)
                if toks[noun].lower in _COMMUNICATIONS
                else None
            )
            if maker is not None:
                found.append(maker)
            continue
        after = toks[i + 1].lower if i + 1 < len(toks) else ""
        # "called for an inquiry", "called on states to act": a demand, quoted or not; "called Trump a clown": a label
        calling = lw in ("called", "calls")
        demand = calling and (after == "for" or (after == "on" and _infinitive_follows(toks, i + 1)))
        if (
            lw in _QUOTING_ONLY
            and not demand
            and not (calling and _called_a_name(toks, i))
            and not any(x.text.startswith(QUOTE_FILL) for x in toks[max(0, i - 3) : i + 9])
        ):
            continue  # 'called it "a disgrace"', '"...," Lam continued' quote; "called the police" does not
        if lw in lx.PHRASAL_SPEECH_VERBS and after != lx.PHRASAL_SPEECH_VERBS[lw]:
            continue  # "pointed at the map"
        if lw in ("held", "holds") and after != "that":
            continue  # "the court held that ..." rules; "people held in contempt are ..." were held
        if after in _MOVING_PARTICLES and lw in ("showed", "shows", "show"):
            continue  # "200 people showed up": a movement, not a finding
        if lw in ("read", "reads") and i > 0 and not t.is_capitalised:
            # 'The summary of the decision read in part: "..."': a document reads, a person reads something
            inverted = _inverted(toks, i, reading=True)
            if inverted is not None and _document_head(toks, i + 1, _np_forward(toks, i + 1) or inverted):
                found.append(Found(lw, i, i + 1, inverted, True, toks[i - 1].text))  # '"...," reads the report.'
                continue
            if toks[i - 1].lower in ("which", "that") and i >= 3 and toks[i - 2].lower in _COMMUNICATIONS:
                # "X released a statement which read ...": the statement's maker
                maker = _maker_of_communication(toks, i - 2, lw, i)
                if maker is not None:
                    found.append(maker)
                    continue
            subject = _subject(toks, i)
            if subject is not None and _document_head(toks, subject[0], subject[1]):
                found.append(Found(lw, i, subject[0], subject[1], False, subject[2]))
            continue
        if lw == "put" and after == "it":
            # "as the minister put it, ...": the sentence's words are the source's ("as she put it on the table" is
            # no saying)
            then = i + 2 + (i + 2 < len(toks) and toks[i + 2].lower.endswith("ly"))  # "put it bluntly"
            if then < len(toks) and toks[then].is_word:
                continue
            subject = _subject(toks, i)
            if subject is not None and subject[2].lower() == "as" and _names_a_source(toks, subject[0], subject[1]):
                found.append(Found("put it", i, subject[0], subject[1], True, subject[2]))
            continue
        if (lw in lx.STANCE_VERBS and _stance_follows(toks, i)) or (lw in _COMING_OUT and _stance_taken(toks, i)):
            # "Experts have expressed concern that ...", "The senator came out against the bill": the subject's stance
            subject = _subject(toks, i)
            if subject is not None and _holds_stances(toks, *subject):
                cue = f"{lw} out" if lw in _COMING_OUT else lw
                found.append(Found(cue, i, *subject[:2], False, subject[2]))
            continue
        if lw in lx.STANCE_ADJECTIVES and after in ("that", ":") and (copula := _copula_before(toks, i)) is not None:
            # "Officials are confident that ...", "The minister remains adamant that ...": the subject's belief
            # ("It is certain that ..." is nobody's)
            subject = _subject(toks, copula)
            expletive = subject is not None and subject[0] == subject[1] and toks[subject[0]].lower in ("it", "this")
            if subject is not None and not expletive and _holds_stances(toks, *subject):
                found.append(Found(lw, i, *subject[:2], False, subject[2]))
            continue
        if lw == "following" and (lead := _list_lead(toks, i)) is not None:
            # "The agency listed the following findings:": the list after it is the agency's
            found.append(lead)
            continue
        if lw == "made" and after == "by" and i >= 2 and _passive(toks, i):
            # "Similar claims were made by the ministry": the maker of the statements the subject names
            subject = _subject(toks, i)
            end = _np_forward(toks, i + 2) if i + 2 < len(toks) else None
            if (
                subject is not None
                and end is not None
                and any(x.lower in lx.STATEMENT_NOUNS for x in toks[subject[0] : subject[1] + 1])
            ):
                found.append(Found(lw, i, i + 2, end, False, "by"))
            continue
        if (lw not in _CUE_VERBS and not progressive) or (t.is_capitalised and i > 0):
            continue
        ruling = lw in ("ruled", "rules") and after in _RULING_PARTICLES
        if (
            lw in lx.NEEDS_CLAUSE
            and not ruling
            and not (_clause_follows(toks, i) or _quotation_follows(toks, i) or _quotation_before(toks, i))
            and not (lw in lx.PREDICTIONS and _prediction_follows(toks, i))
        ):
            continue  # "ruled the country for decades", "recalled the cars": no clause reported
        if (
            (lw in lx.NEEDS_AS and not _label_follows(toks, i))
            or (lw in lx.NEEDS_ESTIMATE and not _estimate_follows(toks, i))
            or (lw in _DENYING and _object_names(toks, i, lx.REFUSALS))
            or (lw in lx.COMMITMENTS and after != "to")
            or (lw in lx.TALLIES and not _count_follows(toks, i))
            or (lw in lx.REVISIONS and not _revision_follows(toks, i))
        ):
            # "identified the victim", "placed the suspect in custody", "denied bail": an act, not a statement
            continue
        before = toks[i - 1].text if i > 0 else ""
        if _negated(toks, i) and not (lw in lx.FINDINGS and _clause_follows(toks, i)):
            continue  # "the agency does not suggest it": a denial of saying, not an attribution
        passive = _passive(toks, i)
        if i + 2 < len(toks) and toks[i + 1].lower == "by":
            # passive: "was told by X" names X; a bare participle ("comments reported by") names no one
            if passive:
                end = _np_forward(toks, i + 2)
                if end is not None:
                    # "was confirmed by his son, Wolfgang Lee": the name set off after the role
                    start, end = _appositive_name(toks, end) or (i + 2, end)
                    found.append(Found(lw, i, start, end, False, "by"))
            elif before.lower() == "as" and lw in _AS_BY and (i == 1 or not toks[i - 2].is_word):
                # "As reported by the Guardian, ...", "..., as stated by the ministry.": "according to" in other words
                end = _np_forward(toks, i + 2)
                if end is not None:
                    found.append(Found(lw, i, i + 2, end, True, "as"))
            continue
        if passive and not progressive:
            continue  # "X is accused of ...", "X was told ...": said of or to X, by no one named
        if i + 1 < len(toks) and _REDUCED_PASSIVE.get(lw) == toks[i + 1].lower:
            continue  # "Mayor accused of fraud": one accuses someone of something, so with no object it is passive
        if (
            lw in _NAMING
            and _quotation_follows(toks, i)
            and _indefinite_noun_before(toks, i)
            and not lx.is_person_noun(toks[i - 1].lower)
        ):
            continue  # 'a process called "exfiltration"': a thing is named, nobody says anything
        if before.lower() == "to":
            # "X went on to say ...", "X continued to insist ...": the subject of the verb before
            main = _continuing_verb(toks, i - 1)
            subject = _subject(toks, main) if main is not None else None
            if subject is not None:
                found.append(Found(lw, i, subject[0], subject[1], False, subject[2]))
            continue
        inverted = _inverted(toks, i)
        if inverted is not None:
            start, end = _appositive_name(toks, inverted) or (i + 1, inverted)
            found.append(Found(lw, i, start, end, True, before))
            continue
        subject = _dated_record(toks, i) or _subject(toks, i)
        if subject is not None and not _names_a_source(toks, subject[0], subject[1]):
            # "The officials who ordered the change claimed ...": the subject is before its relative clause
            subject = _before_relative_clause(toks, subject[0]) or subject
        if subject is None and before.lower() in ("and", "but") and not found:
            subject = _sentence_subject(toks, i)  # "The agency gave no figures, but said exports continued"
        relative = subject is None or subject[:2] == (i - 1, i - 1)
        if relative and before.lower() in ("that", "which") and i >= 3 and toks[i - 2].lower in _COMMUNICATIONS:
            # "They released a statement which said ...": the statement's maker, as with "which read"
            maker = _maker_of_communication(toks, i - 2, lw, i)
            if maker is not None:
                found.append(maker)
                continue
        if relative and before.lower() in ("that", "which") and i >= 2 and toks[i - 2].lower in lx.DOCUMENTS:
            # "came across military records that showed ...": the record the relative clause describes
            antecedent = _np_backward(toks, i - 2)
            if antecedent is not None:
                subject = antecedent, i - 2, before  # its place in the sentence does not matter
        if subject is None:
            continue
        start, end, boundary = subject
        if lw in _POSTED and _communication(toks[end].lower):
            continue  # "In a video message posted to Twitter, ...": a message is posted, it does not post
        head = None  # the subject's head word when a participle phrase follows it ("researchers studying ...")
        if boundary.lower() in _HYPOTHETICAL | _HAVING:
            continue
        # "What the minister said was that ...": a pseudo-cleft reports what its subject said
        cleft = boundary.lower() == "what" and start == 1
        if boundary.lower() in _REFERRED:
            continue  # "far from where the charts predicted", "higher than analysts predicted": referred to
        if (
            i + 1 < len(toks)
            and toks[i + 1].lower in ("was", "were", "is", "are", "has", "have", "had")
            and boundary.lower() not in ("which", "that", "who")
            and not cleft
        ):
            continue  # "The article Mr Zhao tweeted was penned by ..." (not "..., which state media said were ...")
        if start == 1 and boundary.lower() in lx.PREPOSITIONS and (named := _name_after_object(toks, start, end)):
            start, boundary = named, toks[named - 1].text  # "With the acquisition Salling said": no comma between
        if boundary in lx.PREPOSITIONS and boundary not in _CLAUSE_OPENERS:
            # "a trial in Wuhan showed": the object of a preposition is not the subject, but a name that
            # opens the sentence may be ("Jennifer Daskal of American University and contributor to Slate wrote")
            placed = _body_in_place(toks, start - 1)
            proportion = _proportion(toks, start)
            name_end = _leading_name(toks, i)
            role = _role_before_preposition(toks, start - 1)
            modified = _participle_modified(toks, end)
            if placed is not None:
                # "the Court of Session in Scotland ruled", "hospitals in Lombardy reported": a body and its place
                start, boundary = placed, toks[placed - 1].text if placed > 0 else ""
            elif proportion is not None:
                # "one in five teachers say", "two out of three voters said": the share of a group speaks for it
                start, boundary = proportion, toks[proportion - 1].text if proportion > 0 else ""
            elif name_end is not None:
                start, end, boundary = 0, name_end, ""
            elif role is not None:
                # "a source within the Interior Ministry said", "officials at the scene said": a person or group
                # placed by the phrase
                start, boundary = role, toks[role - 1].text if role > 0 else ""
            elif modified is not None:
                (start, end, head), boundary = modified, toks[modified[0] - 1].text if modified[0] > 0 else ""
            else:
                continue
        elif boundary.islower() and boundary.endswith("ing") and (modified := _participle_modified(toks, end)):
            # "researchers studying the virus found": the phrase before the participle is the subject
            (start, end, head), boundary = modified, toks[modified[0] - 1].text if modified[0] > 0 else ""
        elif boundary == "," and all(t.is_capitalised for t in toks[start : end + 1]):
            start, end = _body_before_place(toks, start, end) or (start, end)
        if end == start and toks[start].lower in ("who", "which") and start >= 2 and toks[start - 1].text == ",":
            # "... contributor Larry Romanoff, who reiterates ...": the relative pronoun stands for the name; "which"
            # only for an agent ("welcomed by the union, which said ..."), as elsewhere its clause describes a
            # place or body in passing ("In mainland China, which claims ..., homosexuality is ...")
            antecedent = _person_before_who(toks, start - 1)
            if toks[start].lower == "which" and antecedent is not None:
                agent = antecedent[0] >= 1 and toks[antecedent[0] - 1].lower in ("by", "from")
                antecedent = antecedent if agent else None
            if antecedent is None:
                continue
            start, end = antecedent
            boundary = toks[start - 1].text if start > 0 else ""
        elif end == start and toks[start].lower == "who" and (member := _member_before_who(toks, start)) is not None:
            # "Lee was among those who said ...", "Lee is one of several experts who believe ...": the member speaks
            start, end, boundary = member
        elif end == start and toks[start].lower == "who" and (named := _name_before_who(toks, start)) is not None:
            # "The bill was drafted by Alex Greenwich who said ...": no comma, but a name before "who"
            start, end = named
            boundary = toks[start - 1].text if start > 0 else ""
        if (
            end == start
            and toks[start].pronoun in lx.NON_CLAIMANT_PRONOUNS
            and not (toks[start].pronoun == "it" and lw in lx.IT_SPEECH_VERBS)
        ):
            continue
        if toks[end].lower in _LINKS or _FIRST_PERSON.match(toks[start].text):
            continue  # "demands include investigation of alleged ...", "I'd recommend": no third party speaks
        if (
            end == start
            and toks[start].pronoun
            and lw not in lx.PRONOUN_SPEECH_VERBS
            and not (
                (lw in _CLAUSE_VERBS or progressive)
                and (_clause_follows(toks, i) or _quotation_follows(toks, i) or _quotation_before(toks, i))
            )
            and not (lw in _COUNT_REPORTS and _count_follows(toks, i))  # "It also reported 300 new cases"
        ):
            continue  # "they never show symptoms": a pronoun claims only with a verb of saying or of finding
        if all(t.lower in lx.DETERMINERS for t in toks[start : end + 1]) and not (
            # "Some have speculated that ...", "Many believe the vote was rigged": a quantifier standing for people
            # ("Some estimated death tolls exceeded 100": a participle right after it is an adjective)
            start == end
            and toks[start].lower in _PEOPLE_QUANTIFIERS
            and (
                (
                    lw in lx.PRONOUN_SPEECH_VERBS
                    and (not lw.endswith("ed") or before.lower() in _HAVING or after == "that")
                )
                or demand  # "Some called for a recount"
            )
        ):
            continue
        if head is None and not _names_a_source(toks, start, end):
            continue  # "this factor predicts": a thing, not a source ("the city council said" is one)
        last = toks[end if head is None else head]
        can_speak = (
            last.is_capitalised
            or last.pronoun
            or lx.is_person_noun(last.lower)
            or last.lower in lx.ORG_NOUNS | SPEAKING_DOCUMENTS
            or _communication(last.lower)
        )
        if lw in _RECORDING_VERBS and not (
            (last.is_capitalised and end > 0) or last.lower in lx.ORG_NOUNS or lx.is_person_noun(last.lower)
        ):
            continue  # "Stations recorded 40 mm of rain": a record keeper is a body, a person or a name
        if lw in lx.PLURAL_SPEECH_VERBS and (not can_speak or (start == end == 0 and not _source_noun(last))):
            continue  # "a number of factors predict a rise", "Results indicate ...": a thing, not a source
        if (
            lw in lx.NOUN_CUES
            and (
                not can_speak
                # "researchers found in 36 states most deaths were ...": a phrase before the finding's clause
                or (after in lx.PREPOSITIONS and not (lw in _CLAUSE_VERBS and _clause_follows(toks, i + 1, reach=12)))
                or after in _REPORTING_VERBS  # "The Elm Agency report said ...": the noun heads the subject
                or after in _DOCUMENT_PARTICIPLES  # "A CDC report published Friday found ..."
                # "a CDC report": a name takes no "a", so the name describes the noun
                or (
                    toks[start].lower in ("a", "an")
                    and start < end
                    and all(x.is_capitalised for x in toks[start + 1 : end + 1])
                )
            )
        ):
            continue  # "the false claim", "US states with elections": a noun, not a reporting verb
        cue = f"{lw} {after}" if lw in lx.PHRASAL_SPEECH_VERBS else lw
        found.append(Found(cue, i, start, end, _is_parenthetical(toks, i, boundary), boundary))
    # "The mayor, who has denied wrongdoing, said ...": the relative clause's verb describes the speaker; the main
    # verb after it is what reports this sentence
    found = [_owner_of_communication(toks, f) for f in found if not any(_in_relative_clause(toks, f, g) for g in found)]
    if not found and (record := _opening_record(toks) or _introduced_quotation(toks)) is not None:
        found = [record]
    # "CNN reported the governor said ...", "According to ISNA, the prosecutor said ...": the outlet relays the
    # words of the speaker it names next
    found = [f for f in found if not any(_relays(toks, f, g) for g in found)]
    # 'Erdogan said - as reported by Hurriyet - "..."': the outlet relays the words of a speaker the sentence names
    relayed = [f for f in found if f.boundary == "as" and toks[f.cue_index + 1].lower == "by"]
    return [f for f in found if f not in relayed] if len(relayed) < len(found) else found


def _owner_of_communication(toks: list[Tok], f: Found) -> Found:
    """A statement, website, release or decision of a named owner speaks for that owner ("Trump's statement read",
    "the ministry's website says", "the court's decision stated" -> Trump, the ministry, the court); `f` as it is
    otherwise."""
    end = f.np_end
    if not _communication(toks[end].lower) and toks[end].lower not in SPEAKING_DOCUMENTS:
        return f  # (a court's "decision" or "ruling" speaks for the court)
    for p in range(f.np_start, end):
        owner = POSSESSIVE.sub("", toks[p].text)
        described = all(t.is_word and t.text.islower() for t in toks[p + 1 : end + 1])
        if p == f.np_start and toks[p].lower in lx.POSSESSIVE_PRONOUNS and described:
            return replace(f, np_end=p)  # "Their statement also read ...": whoever "they" are
        if owner != toks[p].text and described:
            if _name_word(toks[p]) or owner.lower() in lx.ORG_NOUNS or lx.is_person_noun(owner.lower()):
                return replace(f, np_end=p)
            return f
    return f


def _relays(toks: list[Tok], f: Found, inner: Found) -> bool:
    """Does f report ("reported", "reports", "according to") the clause in which `inner`'s speaker, right after f,
    says something ("Reuters reported (that) the minister said ...", "According to Reuters, the minister said ...")?"""
    if f.cue == "according to":
        # only an outlet relays: "according to investigators, the driver said ..." is what investigators say
        comma = f.np_end + 1
        return (
            any(t.lower in _MEDIA for t in toks[f.np_start : f.np_end + 1])
            and comma < len(toks)
            and toks[comma].text == ","
            and comma < inner.np_start <= comma + 12
            and inner.cue_index > inner.np_end
            and not inner.parenthetical
            and inner.cue != "according to"
        )
    opens = f.cue_index + 1 + (f.cue_index + 1 < len(toks) and toks[f.cue_index + 1].lower == "that")
    return f.cue in ("reported", "reports") and inner.np_start == opens and inner.cue_index > inner.np_end


def _in_relative_clause(toks: list[Tok], f: Found, main: Found) -> bool:
    """Is f's verb inside a relative clause set off after the subject that `main`'s verb shares?"""
    opens = f.np_end + 2
    return (
        (main.np_start, main.np_end) == (f.np_start, f.np_end)
        and opens < f.cue_index < main.cue_index
        and toks[f.np_end + 1].text == ","
        and toks[opens].lower in ("who", "which")
    )


def claimant_text(sentence: str, toks: list[Tok], f: Found) -> str:
    text = sentence[toks[f.np_start].start : toks[f.np_end].end]
    text = POSSESSIVE.sub("", text) if text.endswith(("'s", "\u2019s")) else text
    words = _QUANTIFIER.sub("", _CUT_AGE.sub("", text)).split()
    if (
        len(words) > 1
        and words[0].lower() == "the"
        and all(w[0].isupper() or w in ("of", "for", "and", "&", "the") for w in words[1:])
    ):
        words = words[1:]  # "the WHO" -> "WHO"; "the U.S. president" keeps its article
    return " ".join(words)


def tokens(masked: str) -> list[Tok]:
    return [Tok(m.group(), m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(masked)]

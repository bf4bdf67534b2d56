"""Names used in an article: the full form (with title) given for each surname.

"Russian Foreign Minister Sergei Lavrov" registers "Lavrov" (and "Sergei"), so that a later "Lavrov said" is
attributed to the full form; a later form that gives the first name of one known only by title and surname
("US President Donald Trump" after "President Trump") replaces it; the offsets of named persons let a pronoun fall
back to the last person named when nobody has been quoted yet; named organisations are kept with their head noun, so
that "the court" finds "the Court of Session".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from claims.extraction import lexicon as lx

_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+")
# "al-Eryani": an Arabic surname keeps its lowercase article
_SURNAME_WORD = r"(?:(?:al|el)-)?[A-Z][\w'\u2019\-]*\w"
_NAME_WORD = rf"(?:(?:[A-Z]\.){{2,}}|(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|St)\.|{_SURNAME_WORD}|[A-Z]\.)"
_PARTICLES = "|".join(sorted(lx.NAME_PARTICLES))
# the lookbehind keeps a failed match from being retried inside the same word (quadratic on long words)
# "of", "to" and "for" may join a title to its place ("Secretary of State Mike Pompeo"), see _chains; particles join
# the parts of a name ("Ursula von der Leyen")
_NAME_CHAIN = re.compile(
    rf"(?<![\w'\u2019\-.]){_NAME_WORD}"
    rf"(?:[ \t]+(?:(?:of|to|for)[ \t]+(?:the[ \t]+)?|(?:(?:{_PARTICLES})[ \t]+){{1,2}})?{_NAME_WORD})+"
)
_CONNECTORS = frozenset({"of", "to", "for", "the"})
_SURNAME = re.compile(rf"(?<![\w'\u2019\-.]){_SURNAME_WORD}")
# "the Trump administration", "the Thai government": a name before an organisation's common noun
_NAMED_BODY = re.compile(rf"\bthe\s+(?:[A-Z][\w'\u2019\-]*\s+){{1,3}}(?P<head>{'|'.join(sorted(lx.ORG_NOUNS))})\b")
_AGED = re.compile(r"\d+-year-old")
_LOCATED = re.compile(
    rf"\b(?:[Ii]n|[Aa]cross|[Tt]hroughout)\s+(?:the\s+)?(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD})+)"
)
POSSESSIVE = re.compile(r"['\u2019]s?$")


def _places(text: str) -> frozenset[str]:
    """Names of two or more words written after "in", "across" or "throughout" ("in Hong Kong", "across New South
    Wales"): a person is not somewhere's name, and these are places however else the article uses them."""
    found = set()
    for m in _LOCATED.finditer(text):
        words = m.group("name").split()
        if len(words) >= 2 and not POSSESSIVE.search(words[-1]) and words[0] not in lx.TITLE_WORDS:
            found.add(" ".join(words))
    return frozenset(found)


def _joined_organisation(text: str, before: tuple[int, int], start: int) -> int | None:
    """Where one organisation's name opens when "and" joins the chain `before` to the chain at `start` after "the"
    ("the North Elm Fire and Rescue Service"; "Tom Hale and Harbour Police" are a person and a body), else None."""
    opens, ends = before
    definite = text[max(0, opens - 4) : opens].lower() == "the " or text[opens : opens + 4] == "The "
    return opens if definite and text[ends:start] in (" and ", " & ") else None


@dataclass(slots=True)
class NameRegistry:
    """Full forms of names first used in the article, keyed by surname."""

    full: dict[str, str] = field(default_factory=dict)
    persons: set[str] = field(default_factory=set)
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (offset, full form) of named persons
    titles: dict[str, set[str]] = field(default_factory=dict)  # "u.s. president" -> full forms with that title
    # (offset, full form, role words) of named persons: "aide Yuri Ushakov", "Tom Hale, a police spokesman"
    roles: list[tuple[int, str, frozenset[str]]] = field(default_factory=list)
    # (offset, name, head noun) of named organisations: "the Supreme Court of the United Kingdom" is a "court"
    organisations: list[tuple[int, str, str]] = field(default_factory=list)
    # names the article places something in ("in Hong Kong"): places, never a person a pronoun stands for
    places: frozenset[str] = frozenset()
    # first name word -> full forms of the titled persons it opens: "Xi" in "President Xi Jinping"
    given: dict[str, set[str]] = field(default_factory=dict)
    # a person's key (person_key) -> "she" or "he", for the persons whose sex the article gives (attribution reads
    # it from the article's sentences)
    sexes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, text: str, offset: int = 0) -> NameRegistry:
        """Names in `text`; mention offsets are shifted by `offset` (text that precedes the article)."""
        registry = cls(places=_places(text))
        chained = []
        for m in _NAME_CHAIN.finditer(text):
            joined = _joined_organisation(text, chained[-1], m.start()) if chained else None
            chained.append((m.start(), m.end()))
            registry._add_organisation(text[joined : m.end()] if joined is not None else m.group(), m.start() - offset)
            for start, end, words in _chains(m):
                registry._add(text, start, end, words, offset)
        # a surname alone ("after Spanton left") is a mention of that person too
        spans = iter(chained)
        span = next(spans, None)
        for m in _SURNAME.finditer(text):
            while span is not None and span[1] <= m.start():
                span = next(spans, None)
            if span is not None and span[0] <= m.start():
                continue
            full = registry.full.get(POSSESSIVE.sub("", m.group()))
            if full and registry.is_person(full):
                registry.mentions.append((m.start() - offset, full))
        for m in _NAMED_BODY.finditer(text):
            registry.organisations.append((m.start() - offset, m.group(), m.group("head").lower()))
        registry.mentions.sort()
        registry.organisations.sort()
        return registry

    def _add_organisation(self, chain: str, start: int) -> None:
        """Register a capitalised chain whose head is an organisation's word ("Thames Valley Police", "Court of
        Session"): the head is the word before the first "of", else the last word."""
        words = POSSESSIVE.sub("", chain).split()
        owner = max((i for i, w in enumerate(words[:-1]) if POSSESSIVE.search(w)), default=-1)
        if owner >= 0:  # "the United States Air Force's test range" names the Air Force too
            self._add_organisation(POSSESSIVE.sub("", " ".join(words[: owner + 1])), start)
        words = words[owner + 1 :]  # "Thailand's Thai Raksa Chart Party": the owner is not part of the name
        if words and (words[0] in lx.CAPITALISED_STOPWORDS or words[0] == "The"):
            words = words[1:]
        head = words[words.index("of") - 1] if "of" in words[1:] else (words[-1] if words else "")
        if head.lower() in lx.ORG_NOUNS and head in lx.ORG_WORDS | {w.capitalize() for w in lx.ORG_NOUNS}:
            self.organisations.append((start, " ".join(words), head.lower()))

    def organisation_before(self, noun: str, offset: int) -> str:
        """The organisation last named before `offset` whose head is `noun` ("the court" after "the Court of
        Session ruled"); "" when none is."""
        return next((name for at, name, head in reversed(self.organisations) if at < offset and head == noun), "")

    def organisation_in_full(self, name: str, offset: int) -> str:
        """The organisation first named before `offset` whose name ends in `name` and says more ("United States Air
        Force" for "the Air Force", "European Court of Justice" for "the Court of Justice"), as a surname stands for
        the person it first named; "" when none does."""
        words = name.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if not words or not words[0][0].isupper():
            return ""
        tail = " " + " ".join(words)
        return next(
            (
                full
                for at, full, _ in self.organisations
                if at < offset and full.endswith(tail) and all(_names_more(w) for w in full[: -len(tail)].split())
            ),
            "",
        )

    def _add(self, text: str, start: int, end: int, words: list[str], offset: int) -> None:
        """Register one chain of capitalised words (`start`, `end` in `text`) if it names a person."""
        # "Russia's Dnieper grouping": a possessive ends the name before it
        for i in range(len(words) - 2, -1, -1):
            if words[i].endswith(("'s", "\u2019s")):
                words = words[i + 1 :]
                break
        while (
            words
            and (
                (len(words[0]) > 4 and words[0].isupper())
                # "First" opens a sentence ("First Ann Lee spoke") but also a title ("First Lady Melania Trump")
                or (words[0] in lx.CAPITALISED_STOPWORDS and words[:2] != ["First", "Lady"])
                or words[0] == "The"
                or words[0] in lx.WEEKDAYS  # "This Wednesday Foreign Minister ..."
                # "De Blasio" after "Bill de Blasio": a later mention by surname ("Van Jones" first is a name)
                or (words[0].lower() in lx.NAME_PARTICLES and words[-1] in self.full)
                # "Speaking Tuesday, ...", "Asked ...": a participle, not a name, unless it names a body or place
                # with the next word ("United States", "United Airlines")
                or (words[0].endswith(("ing", "ed", "ly")) and not (len(words) > 1 and words[1] in lx.ORG_WORDS))
            )
        ):
            words.pop(0)
        if len(words) < 2 or " ".join(words) in self.places or (len(words) == 2 and words[0] in lx.REGION_OPENERS):
            return  # "Northern Cyprus", "South Sudan": a region, not a person
        if words[0].lower() in lx.NUMBER_WORDS:
            return  # "Six Flags", "Three Rivers": no one's given name is a number
        words[-1] = POSSESSIVE.sub("", words[-1])
        of = words.index("of") if "of" in words[1:] else 0
        if of and all(w in lx.TITLE_WORDS for w in words[:of]) and len(words) - of - 1 - (words[of + 1] == "the") <= 2:
            return  # "CEO of Tesco", "Minister of Health": a title with no name after it is nobody's name
        # an organisation unless a name of two words follows it ("Senate Minority Whip Dick Durbin")
        org_at = max((i for i, w in enumerate(words) if w.rstrip(".") in lx.ORG_WORDS), default=-1)
        if org_at >= len(words) - 2 or words[-1] in lx.WEEKDAYS:
            return
        surname_title = words[-1] in _SURNAME_TITLES and words[-2] not in lx.TITLE_WORDS  # "Stephen King"
        if words[-1] in lx.MONTHS or (words[-1] in lx.TITLE_WORDS and not surname_title):
            return
        full = " ".join(words)
        # every name after the first may be the one used later ("Ricardo Rossello Nevares" -> "Rossello")
        last_connector = max((i for i, w in enumerate(words) if w in _CONNECTORS), default=-1)
        names = [
            w
            for w in words[last_connector + 1 :]
            if w not in lx.TITLE_WORDS and not w.endswith(".") and w not in lx.NAME_PARTICLES
        ]
        called = self.given.get(names[0], set()) if len(names) == 1 and names[0] not in self.full else set()
        if len(called) == 1:
            # "Princess Ubolratana" after "Princess Ubolratana Mahidol": the person called by a first name
            self.mentions.append((start - offset, next(iter(called))))
            return
        for surname in dict.fromkeys(names[1:] or words[-1:]):  # once each: a long chain may repeat one word
            for key in {surname, _fold(surname)}:
                known = self.full.get(key)
                if known is None or _gives_the_name_of(words, known.split()):
                    self.full[key] = full
                self.persons.add(key)
        if self.is_person(full):
            roles = _role_words(text, start, end, words)
            titled = any(w in lx.TITLE_WORDS for w in words) or roles - {w.lower() for w in words}
            if len(names) >= 2 and titled:
                # only a titled person ("President Xi Jinping", "Xi Jinping, China's president"): an unknown
                # company ("Facebook Ireland Limited") is not called by its first word
                self.given.setdefault(names[0], set()).add(full)
            self.mentions.append((start - offset, full))
            self.roles.append((start - offset, full, roles))
        last_title = max((i for i, w in enumerate(words) if w in lx.TITLE_WORDS), default=-1)
        if 0 <= last_title < len(words) - 1:
            self.titles.setdefault(" ".join(words[: last_title + 1]).lower(), set()).add(full)

    def agrees(self, full: str, pronoun: str) -> bool:
        """May "he" or "she" stand for the person `full`? Not when the article gives the person the other sex, nor
        when a noun does ("his daughter")."""
        sex = (self.sexes.get(person_key(full)) or lx.sex_of(full.split()[-1].lower())) if full else None
        return sex is None or pronoun not in lx.PERSON_PRONOUNS or sex == pronoun

    def person_before(self, offset: int, pronoun: str = "") -> str:
        """The last named person mentioned before `offset`, in full form; with a `pronoun`, the last one it may
        stand for."""
        name = ""
        for start, full in self.mentions:
            if start >= offset:
                break
            if self.agrees(full, pronoun):
                name = full
        return name

    def is_surname(self, word: str) -> bool:
        """Does the article name a person by `word` ("Fauci" after "Dr Anthony Fauci")?"""
        full = self.full.get(word) or self.full.get(_fold(word))
        return full is not None and self.is_person(full)

    def first_person_within(
        self, start: int, end: int, *, quoted: Callable[[int], bool] = lambda at: False, pronoun: str = ""
    ) -> str:
        """The first named person mentioned between `start` and `end`, in full form, leaving out mentions for which
        `quoted` is true (inside a quotation) and, with a `pronoun`, persons it cannot stand for; "" for nobody."""
        return next(
            (full for at, full in self.mentions if start <= at < end and not quoted(at) and self.agrees(full, pronoun)),
            "",
        )

    def role_holder(self, phrase: str, offset: int) -> str:
        """The last person named before `offset` with the role a definite phrase gives ("the minister", "the
        foreign minister", "the aide"), in full form; "" when nobody named so far holds it."""
        # "the 62-year-old governor": an age is no part of the role
        words = [w.lower() for w in phrase.split() if not _AGED.fullmatch(w)]
        if len(words) < 2 or words[0] != "the" or not _is_role(words[-1]):
            return ""
        wanted = set(words[1:])
        holder = ""
        for start, full, roles in self.roles:
            if start >= offset:
                break
            if wanted <= roles:
                holder = full
        return holder

    def resolve(self, name: str) -> str:
        """The full form of a surname ("Lavrov") or of the first word of one person's name ("President Xi"), or of a
        title used alone ("the U.S. president") when exactly one person in the article holds it; otherwise the name
        as given."""
        bare = _HONORIFIC.sub("", name)
        words = bare.split()
        # "Lavrov", "President Trump", "Prime Minister Ardern", "De Blasio"; "Erdogan" finds "Erdoğan" (spellings vary)
        if words and all(w in lx.TITLE_WORDS or w.lower() in lx.NAME_PARTICLES for w in words[:-1]):
            full = self.full.get(words[-1]) or self.full.get(_fold(words[-1]))
            if full:
                return full
            # a person called by the first word of their name ("President Xi", "Tedros", "Princess Ubolratana"),
            # when no one else's name opens with it
            holders = self.given.get(words[-1], set())
            if len(holders) == 1:
                return next(iter(holders))
        # "the U.S. president"; "Prime Minister" alone, as a capitalised title is given without its article
        if words and words[0].lower() == "the":
            title = words[1:]
        else:
            title = words if all(w in lx.TITLE_WORDS for w in words) else []
        if title:
            holders = self.titles.get(" ".join(title).lower(), set())
            surnames = {holder.split()[-1] for holder in holders}
            # one person, if perhaps under two forms of the title: one surname, and no two first names for it
            # ("Prime Minister Ana Lee" and "Prime Minister Bo Lee" are two)
            first_names = {h.split()[-2] for h in holders if len(h.split()) > 1 and h.split()[-2] not in lx.TITLE_WORDS}
            if len(surnames) == 1 and len(first_names) <= 1:
                return self.full.get(surnames.pop()) or min(holders)
        return name

    def is_person(self, name: str) -> bool:
        words = name.split()
        if not words or words[0].lower() in lx.DOCUMENTS:
            return False  # "projections by CNN and NPR": a record, whoever made it
        head = words[words.index("of", 1) - 1] if "of" in words[1:] else ""
        if head.islower() or head == "One":
            # "the head of the police's investigators", "one of the nurses": one person of a body
            return not head.endswith("s") and head not in lx.ORG_NOUNS
        if words[-1].islower():
            return lx.is_person_noun(words[-1]) and not words[-1].endswith("s")  # "an aide", not "officials"
        if "on" in words[1:] and words[words.index("on", 1) - 1] in lx.ORG_WORDS:
            return False  # "the Commission on Port Safety": the body's remit, not a person's name
        if words[-1] in self.persons:
            return True  # "Police spokesman Tom Hale": an organisation in a title does not make one
        if any(w.rstrip(".") in lx.ORG_WORDS for w in words):
            return False
        return sum(w[0].isupper() for w in words) >= 2


# Titles that are surnames too, when a first name comes before them ("Stephen King", "John Major", "Mike Judge");
# before a name they stay titles ("King Charles")
_SURNAME_TITLES = frozenset({"King", "Major", "Judge", "Justice", "Bishop"})


def _names_more(word: str) -> bool:
    """A word that adds to an organisation's name ("United" in "United States Air Force"), not a day or a sentence's
    opening word caught before it ("On Friday Ford Motor Company")."""
    return word[0].isupper() and word not in lx.CAPITALISED_STOPWORDS | lx.WEEKDAYS | lx.MONTHS


def person_key(full: str) -> str:
    """What the forms of one person's name share: the given name and surname ("Robert Thompson" in "Professor Robert
    Thompson"), else the surname ("President Trump"); "Melania Trump" and "Donald Trump" are two persons."""
    words = full.split()
    if len(words) >= 2 and words[-2][:1].isupper() and words[-2] not in lx.TITLE_WORDS:
        return " ".join(words[-2:])
    return words[-1]


_APPOSITIVE = re.compile(r",\s+(?:(?:a|an|the)\s+)?([^,.;:()\"“”]{1,60})")
_BEFORE = re.compile(r"((?:[\w'\u2019\-]+\s+){1,3})$")


def _chains(m: re.Match[str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, words) of the names in a capitalised chain: "of", "to" or "for" joins one name only after a
    title ("Secretary of State Mike Pompeo", "Ambassador to Germany Richard Grenell"); elsewhere it parts two
    ("Professor Jane Hale of Leeds University")."""
    parts: list[tuple[int, int, list[str]]] = []
    start, words = m.start(), []
    for w in re.finditer(r"\S+", m.group()):
        word = w.group()
        if word in ("of", "to", "for") and (not words or words[-1] not in lx.TITLE_WORDS):
            parts.append((start, m.start() + w.start(), words))
            start, words = m.start() + w.end() + 1, []
        elif words or word not in _CONNECTORS:
            start = start if words else m.start() + w.start()
            words.append(word)
    parts.append((start, m.end(), words))
    return [(s, e, ws) for s, e, ws in parts if ws]


def _gives_the_name_of(words: list[str], known: list[str]) -> bool:
    """Is `words` the same person as `known`, given only by title and surname before ("US President Donald Trump"
    after "President Trump")? A form with a first name stays ("Robert Mugabe", not "Robert Gabriel Mugabe"), and so
    does a person's name inside another's ("Doris Day", not "Doris Day Show")."""
    titles_only = all(w in lx.TITLE_WORDS or _HONORIFIC.match(w + " ") for w in known[:-1])
    return titles_only and len(words) > len(known) and words[-1] == known[-1] and set(known) <= set(words)


def _fold(word: str) -> str:
    """The word without diacritics ("Brudziński" -> "Brudzinski")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _is_role(word: str) -> bool:
    return (lx.is_person_noun(word) or word.capitalize() in lx.TITLE_WORDS) and not word.endswith("s")


def _role_words(text: str, start: int, end: int, words: list[str]) -> frozenset[str]:
    """Words naming a person's role: titles in the name, a role just before it ("aide Yuri Ushakov") and an
    appositive after it ("Tom Hale, a police spokesman,"), with their modifiers ("foreign minister")."""
    found = {w.lower() for w in words if w in lx.TITLE_WORDS}
    found |= {w.lower() for w in words[:-1]}  # "Foreign Minister Sergei Lavrov": every word before the name
    before = _BEFORE.search(text, max(0, start - 40), start)
    # "an immunologist at Scripps Research": the role belongs to someone else, the name after it is a place or body
    placed = before is not None and before.group(1).split()[-1].lower() in lx.PREPOSITIONS | {"of"}
    if before and not placed and any(_is_role(w.lower()) for w in before.group(1).split()):
        found |= {w.lower() for w in before.group(1).split()}
    after = _APPOSITIVE.match(text, end)
    if after and any(_is_role(w.lower()) for w in after.group(1).split()):
        found |= {w.lower() for w in after.group(1).split()}
    return frozenset(found)

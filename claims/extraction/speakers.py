"""Who says what in a language other than English: sentence splitting, quotation masking, names and cues.

Driven by a `Grammar`. A reporting verb outside quotation marks takes as its claimant, in order:
- the subject before it, past auxiliaries, clitics, adverbs and a day ("Зеленський у понеділок заявив",
  "Trump a néanmoins répété", "Putin le dijo"): a name, a pronoun or a role ("американський президент");
- a name between commas right before it ("El presidente de Estados Unidos, Donald Trump, dijo"), or the name
  that opens the sentence before an apposition ("Генерал-полковник Михайло Теплінський, командувач ..., доповів");
- the noun phrase right after it when inverted ("— заявив Лавров", "dijo un asesor", "sagte er", "a-t-il dit");
- in languages that drop subjects, nobody named: the last person quoted ("Añadió: ...", "..., сказав у коментарях").
"according to" constructions ("за словами", "según", "selon", "laut", "segundo") take the phrase after them.

Names decline in Ukrainian and Russian, so names are compared by stem (`Grammar.stem`), and a claimant is written
in the form the article gives when that person speaks (the nominative), with the given name when that form is
known too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from claims.extraction.grammar import Grammar

FILL = "\x1f"
_OPENERS = "«„‹"
_CLOSERS = "»”›"
# Runs are matched from their first character only, and possessively: a run of 20,000 quotes is one failed match.
_TERMINAL = re.compile(r"(?:(?<![.!?…])[.!?…]++(?:[\s\u00a0]?[»“”\"'’)\]])*+|(?<![»“”\"])[»“”\"]++[.!?…]++)(?=\s)")
TOKEN = re.compile(
    r"\x1f+|(?i:qu|[ldjmnstc])['’](?=[^\W\d_])|[^\W\d_](?:[\w'’ʼ\-.]*[^\W_])?\.?|\d[\d.,:]*\d|\d|[^\w\s]"
)
_DASHES = ("—", "–", "-")


def split_sentences(grammar: Grammar, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end]: a full stop (or ! ? …, with closing quotes) before a capital, unless it ends an
    abbreviation, an initial or, where the language writes them so, a day number ("am 28. Dezember")."""
    spans = []
    s = start
    for m in _TERMINAL.finditer(text, start, end):
        nxt = m.end()
        while nxt < end and text[nxt].isspace():
            nxt += 1
        while nxt < end and text[nxt] in '«„“"(—–-' and nxt - m.end() < 4:
            nxt += 1
            while nxt < end and text[nxt].isspace():
                nxt += 1
        if nxt >= end or not (text[nxt].isupper() or text[nxt].isdigit()):
            continue
        if m.group().startswith(".") and _not_a_stop(grammar, text, s, m.start()):
            continue
        spans.append((s, m.end()))
        s = m.end()
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        spans.append((s, end))
    return spans


def _not_a_stop(grammar: Grammar, text: str, start: int, dot: int) -> bool:
    word = re.search(r"([^\W_][\w\-]*)$", text[start:dot])
    if word is None:
        return False
    before = word.group(1)
    if before.lower() in grammar.abbreviations or (len(before) == 1 and before.isalpha()):
        return True
    return grammar.ordinal_dot and before.isdigit() and len(before) <= 2


def mask_quotes(sentence: str, open_at_start: bool) -> tuple[str, bool, bool]:
    """Quoted text blanked out with FILL (so a verb inside a quotation is no attribution); whether a quotation is
    still open at the end, and whether the sentence has one. Knows «», „“, “”, ‹› and straight quotes."""
    chars = list(sentence)
    stack: list[str] = ["?"] if open_at_start else []
    has_quote = open_at_start
    last = len(sentence) - 1
    for i, c in enumerate(sentence):
        if c in _OPENERS or (c == "“" and not (stack and stack[-1] == "„")):
            stack.append(c)
        elif c in _CLOSERS or c == "“":
            if stack:
                stack.pop()
        elif c == '"':
            before = sentence[i - 1] if i > 0 else " "
            after = sentence[i + 1] if i < last else " "
            opens = (before.isspace() or before in "([{—–-:") and not after.isspace()
            closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-")
            if (stack and closes) or (stack and not opens):
                stack.pop()
            else:
                stack.append(c)
        elif not stack:
            continue
        chars[i] = FILL
        has_quote = True
    return "".join(chars), bool(stack), has_quote


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("\u2019", "'")

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()


def tokens(text: str) -> list[Tok]:
    out = []
    for m in TOKEN.finditer(text):
        word = m.group()
        # a full stop belongs to a short capitalised word ("M.", "Dr."); after any other word it is punctuation
        if word.endswith(".") and len(word) > 1 and not (len(word) <= 4 and word[0].isupper()):
            out += [Tok(word[:-1], m.start(), m.end() - 1), Tok(".", m.end() - 1, m.end())]
        else:
            out.append(Tok(word, m.start(), m.end()))
    return out


# --- Names ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Names:
    """Persons named in an article, keyed by the stem of their surname, and the forms each word takes."""

    grammar: Grammar
    full: dict[str, list[str]] = field(default_factory=dict)  # surname stem -> stems of the full name
    forms: dict[str, list[str]] = field(default_factory=dict)  # stem -> surface forms in order of appearance
    spoken: dict[str, str] = field(default_factory=dict)  # stem -> the form used when its bearer speaks
    alone: Counter[str] = field(default_factory=Counter)  # stems seen as a one-word name
    titles: dict[str, set[str]] = field(default_factory=dict)  # "us-präsident" -> surname stems of its holders
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (offset, surname stem) of persons named

    @classmethod
    def build(cls, text: str, grammar: Grammar) -> Names:
        names = cls(grammar)
        toks = tokens(text)
        chains: list[list[int]] = []  # token indexes of each run of capitalised words
        current: list[int] = []
        for i, tok in enumerate(toks):
            joined = bool(current) and text[toks[i - 1].end : tok.start] in (" ", "\u00a0")
            # where every noun is capitalised, one after an article is a common noun ("im Norden Russlands")
            name = names.is_name_word(tok) and not (
                grammar.capitalised_nouns and i > 0 and toks[i - 1].lower in grammar.stopwords
            )
            if joined and (name or (tok.text.islower() and tok.lower in grammar.name_particles)):
                current.append(i)
            else:
                if current:
                    chains.append(current)
                current = [i] if name else []
        if current:
            chains.append(current)
        for chain in chains:
            while chain and toks[chain[-1]].text.islower():
                chain.pop()
            for i in chain:
                names.forms.setdefault(grammar.stem(toks[i].text), []).append(toks[i].text)
            if len(chain) == 1:
                names.alone[grammar.stem(toks[chain[0]].text)] += 1
        for chain in chains:
            person = names.person([toks[i] for i in chain])
            particle = any(t.text in grammar.name_particles for t in person)
            if len(person) < 2 or (particle and names.alone[grammar.stem(person[-1].text)]):
                continue  # "Fédération de Russie": a name of a place or body, not a person's
            stems = [grammar.stem(t.text) for t in person]
            names.full.setdefault(stems[-1], stems)
            names.mentions.append((person[0].start, stems[-1]))
            # the titles just before a name ("президентом України Володимиром Зеленським") say what "the president"
            # may stand for later
            first = next(i for i in chain if toks[i] is person[0])
            for tok in toks[max(0, first - 6) : first]:
                for title in names.titles_of(tok.text):
                    names.titles.setdefault(title, set()).add(stems[-1])
        return names

    def titles_of(self, phrase: str) -> list[str]:
        """The title stems a phrase holds ("американський президент" -> ["президент"])."""
        lower = phrase.lower()
        return [
            stem
            for stem in self.grammar.title_stems
            if re.search(
                rf"(?:^|[\s\-]){re.escape(stem)}" if not self.grammar.capitalised_nouns else re.escape(stem), lower
            )
        ]

    def holder(self, phrase: str, last_person: str) -> str:
        """Whom a title used alone ("the president", "le président américain") names: the person last quoted if
        the article gave them that title, else its only holder; "" when that cannot be told."""
        holders: set[str] = set()
        for title in self.titles_of(phrase):
            holders |= self.titles.get(title, set())
        if last_person and any(self.display(self.full[h]) == last_person for h in holders):
            return last_person
        if len(holders) == 1:
            return self.display(self.full[next(iter(holders))])
        return ""

    def is_name_word(self, tok: Tok) -> bool:
        return (
            tok.is_word
            and tok.is_capitalised
            and tok.text not in self.grammar.capitalised_stopwords
            and not (len(tok.text) > 4 and tok.text.isupper())
        )

    def person(self, chain: list[Tok]) -> list[Tok]:
        """The personal name a chain of capitalised words ends with: from its last word back to a title, a word
        that names something on its own elsewhere ("Росії Сергій Лавров", "Путіним Трамп") or the fourth word."""
        kept: list[Tok] = []
        for tok in reversed(chain):
            if self.grammar.is_role(tok.text) or len(kept) == 3:
                break
            if kept and self.alone[self.grammar.stem(tok.text)] and tok.text not in self.grammar.name_particles:
                break
            kept.append(tok)
        kept.reverse()
        while kept and kept[0].lower in self.grammar.name_particles:
            kept.pop(0)
        return kept

    def heard(self, chain: list[Tok]) -> None:
        """Record the forms of a speaker's name as given where they speak: the subject's case."""
        for tok in chain:
            self.spoken.setdefault(self.grammar.stem(tok.text), tok.text)

    def display(self, stems: list[str]) -> str:
        """A full name in the case of a subject: every word as spoken when known, else the surname alone."""
        if not self.grammar.name_endings or self.grammar.name_endings == ("s",):
            return " ".join(min(self.forms.get(s, [s]), key=len) for s in stems)
        if all(s in self.spoken for s in stems):
            return " ".join(self.spoken[s] for s in stems)
        surname = stems[-1]
        return self.spoken.get(surname) or self.forms.get(surname, [surname])[0]

    def resolve(self, chain: list[Tok], last_person: str = "") -> tuple[str, bool]:
        """The claimant a name names, and whether it is a person."""
        person = self.person(chain)
        if not person and self.holder(chain[-1].text, last_person):
            return self.holder(chain[-1].text, last_person), True
        person = person or chain[-1:]
        stem = self.grammar.stem(person[-1].text)
        if stem in self.full:
            return self.display(self.full[stem]), True
        return " ".join(t.text for t in person), len(person) >= 2

    def person_before(self, offset: int) -> str:
        name = ""
        for start, stem in self.mentions:
            if start >= offset:
                break
            name = self.display(self.full[stem])
        return name

"""What extraction needs to know about a language other than English: its grammar of attribution and its formats.

Each language (claims/extraction/languages/) declares its reporting verbs as lemmas that `Grammar` conjugates by
the language's regular rules (plus the irregular forms it lists), the constructions that name a source ("según X",
"за словами X"), the words that may stand between a subject and its verb, abbreviations that do not end a sentence,
and the words of its numbers and dates. Nothing here knows any particular article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class Grammar:
    code: str
    # Finite forms and participles of reporting verbs ("заявив", "afirmó", "déclaré", "sagte").
    verbs: frozenset[str]
    # Constructions naming a source before its noun phrase, as token sequences: ("за", "словами"), ("selon",).
    according_to: tuple[tuple[str, ...], ...]
    # Auxiliaries, clitics and adverbs that may stand between a subject and its reporting verb.
    between: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    # Subordinators introducing reported speech ("що", "que", "dass").
    complementizers: frozenset[str]
    # Conjunctions joining two attributed clauses ("..., а Зеленський заявив").
    conjunctions: frozenset[str]
    # Lowercase stems of titles ("міністр", "presidente") and of role nouns that can be sources ("помічник", "asesor").
    title_stems: tuple[str, ...]
    role_stems: tuple[str, ...]
    # Function words that may be capitalised at the start of a sentence; never part of a name.
    capitalised_stopwords: frozenset[str]
    # Days and relative times that an attribution may carry before its verb ("у понеділок заявив").
    time_words: frozenset[str]
    time_prepositions: frozenset[str]
    abbreviations: frozenset[str]
    # Facets: regular expressions (IGNORECASE) for dates, and the words of figures.
    date: re.Pattern[str]
    number_words: frozenset[str]
    fractions: re.Pattern[str]
    percent: str
    scale: str
    # Words that keep a figure's noun phrase from continuing ("91 drones de longo alcance" stops before "de").
    stopwords: frozenset[str]
    opinion: re.Pattern[str]
    normative: re.Pattern[str]
    # Who was hurt or killed and what was destroyed: statements a desk checks first, with or without a figure.
    harm: re.Pattern[str]
    # Case endings stripped to compare inflected forms of one name ("Зеленського" ~ "Зеленський").
    name_endings: tuple[str, ...] = ()
    name_particles: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    # Prepositions whose object is never the subject of the verb after it ("mit Putin sagte Trump").
    prepositions: frozenset[str] = frozenset()
    # Perfect auxiliaries of a verb-final clause ("Russland hat der Ukraine ... vorgeworfen").
    perfect_auxiliaries: frozenset[str] = frozenset()
    # Whether nouns are capitalised (German): then only chains without a determiner before them are entities.
    capitalised_nouns: bool = False
    # Day numbers written with a full stop ("am 28. Dezember") do not end a sentence.
    ordinal_dot: bool = False
    # Answers already worked out, per word: extraction asks about the same words over and over.
    _known: dict[tuple[str, str], object] = field(default_factory=dict, init=False, compare=False, repr=False)

    def stem(self, word: str) -> str:
        """The part of a name that its case forms share."""
        key = ("stem", word)
        if key not in self._known:
            lower = word.lower().replace("\u2019", "'")
            self._known[key] = lower
            for ending in sorted(self.name_endings, key=len, reverse=True):
                if lower.endswith(ending) and len(lower) - len(ending) >= 3:
                    self._known[key] = lower[: -len(ending)]
                    break
        return self._known[key]  # type: ignore[return-value]

    def is_title(self, word: str) -> bool:
        key = ("title", word)
        if key not in self._known:
            lower = word.lower()
            self._known[key] = any(
                lower.startswith(s) or (self.capitalised_nouns and s in lower) for s in self.title_stems
            )
        return self._known[key]  # type: ignore[return-value]

    def is_role(self, word: str) -> bool:
        key = ("role", word)
        if key not in self._known:
            lower = word.lower()
            self._known[key] = any(lower.startswith(s) for s in self.role_stems) or self.is_title(word)
        return self._known[key]  # type: ignore[return-value]


def conjugate(stems: str, endings: tuple[str, ...]) -> frozenset[str]:
    """Every stem with every ending: the regular forms of a class of verbs."""
    return frozenset(stem + ending for stem in stems.split() for ending in endings)

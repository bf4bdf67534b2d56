"""Claim extraction measured on NewsClaims-format data: claim recall, claimer score, share flagged.

PATH holds `sentences.json` ({article: {sentence id: {start_char, end_char (inclusive), sentence}}})
and `claims.json` ({article: {sentence id: {sentence, has_claimer, claimer, ...}}}). Each article is
rebuilt from its sentences at their offsets and run through extraction as ingestion runs it
(`article_candidates_extract`: the configured threshold and limits) as one text.

- claim recall: a gold claim counts as found when a flagged claim overlaps its sentence.
- share flagged: gold sentences overlapped by a flagged claim, over all sentences. NewsClaims labels
  only claims on four COVID-19 topics, so unlabelled sentences are not all non-claims: this bounds
  how selective the extractor is, it is not a precision.
- claimer score: token F1 between the claimant of the candidate that overlaps the gold sentence most
  and the gold claimer; on the journalist's own claims (`has_claimer` false) the right answer is an
  empty claimant (1 if empty, else 0). Attribution is scored on every gold claim, flagged or not.

With watched `topics` (`evaluate claims --watch FILE`), extraction runs as for a desk that watches them; NewsClaims
asks for claims on four COVID-19 topics, which `data/covid_topics.json` describes.

Both claimants are normalised before the token F1 (`claimer_tokens`): case and punctuation are ignored,
a leading article is dropped ("the WHO" = "WHO", "a study" = "study"), and a person named after a title
or role ("Swedish Health Minister Lena Hallengren", "Dr. Mike Ryan", "lead author Peter Horby") is
compared by the name, because NewsClaims annotates people by name while the extractor keeps the title
for the desk; so is a person named with an apposition or an organisation ("Phil Chetwynd, director of news for
AFP", "Kristian Andersen of Scripps Research"). Organisations ("World Health Organization") are compared whole,
and one written with its acronym ("World Health Organization (WHO)") matches either form.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claims.extraction import ExtractedClaim
from claims.extraction import lexicon as lx
from claims.extraction.topics import Topic

DEFAULT_PATH = Path(__file__).resolve().parents[2].parent / "shared/data/eval/claim_detection/newsclaims_dev"
_TERMINAL = ".!?\"'”\u2019:)"
_WORD = re.compile(r"\w+")
_ARTICLES = frozenset({"a", "an", "the"})
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")


@dataclass(frozen=True, slots=True)
class GoldSentence:
    key: str
    start: int
    end: int  # exclusive
    text: str


def rebuild(sentences: dict[str, dict]) -> tuple[str, list[GoldSentence]]:
    """Article text with every sentence at its offset; a wider gap or an unpunctuated line is a break."""
    gold = sorted(
        (
            GoldSentence(key, s["start_char"], s["start_char"] + len(s["sentence"]), s["sentence"])
            for key, s in sentences.items()
        ),
        key=lambda g: g.start,
    )
    chars: list[str] = []
    for g in gold:
        gap = g.start - len(chars)
        if gap > 0:
            line_break = gap >= 2 or (chars and chars[-1] not in _TERMINAL)
            chars.extend("\n" * gap if line_break else " " * gap)
        chars[g.start :] = list(g.text)
    return "".join(chars), gold


def _person_name(words: list[str]) -> list[str]:
    """The trailing name of a titled person ("Health Minister Lena Hallengren" -> "Lena Hallengren", "Transport
    Department official Troy Ruiz" -> "Troy Ruiz"); an organisation ("Department of Health") stays whole."""
    k = len(words)
    while (
        k > 0
        and (
            (words[k - 1][:1].isupper() and words[k - 1] not in lx.TITLE_WORDS)
            # "Ursula von der Leyen": particles inside the name
            or (words[k - 1] in lx.NAME_PARTICLES and k < len(words) and any(w[:1].isupper() for w in words[: k - 1]))
        )
    ):
        k -= 1
    if not 0 < k <= len(words) - 2 or any(w.rstrip(".") in lx.ORG_WORDS for w in words[k:]):
        return words
    role = words[k - 1]
    if role in lx.TITLE_WORDS or role in lx.ROLE_NOUNS:
        return words[k:]
    organisation = any(w.rstrip(".") in lx.ORG_WORDS for w in words[:k])
    return words[k:] if role.islower() and not organisation else words


def _capitalised(word: str) -> bool:
    return word.rsplit("-", 1)[-1][:1].isupper()  # "al-Jahafi" is a name


def _without_affiliation(claimant: str) -> list[str]:
    """A person named with an apposition or an organisation, as the person: "Phil Chetwynd, director of news for
    AFP" and "Kristian Andersen of Scripps Research" -> the name; "The city's security chief, Abdullah al-Jahafi"
    -> the name after the role. "Department of Health" and "University of Oxford" stay whole."""
    head, comma, rest = claimant.partition(", ")
    if comma and head.strip():
        named = rest.split()
        # a role before the name ("the city's security chief", "The mayor of Paris"); "police in Baytown, Texas" is
        # a place
        head_words = head.split()
        role = head_words[-1].islower() or any(w.lower() in lx.ROLE_NOUNS for w in head_words)
        name = [w for w in named if w not in lx.NAME_PARTICLES]  # "Ali bin Tamim"
        claimant = rest if role and 0 < len(name) <= 4 and all(_capitalised(w) for w in name) else head
    words = claimant.split()
    if "of" in words:
        person = words[: words.index("of")]
        if (
            len(person) >= 2
            and all(_capitalised(w) for w in person[-2:])
            and not any(w.rstrip(".") in lx.ORG_WORDS for w in person)
            and person[-1] not in lx.TITLE_WORDS  # "First Minister of Scotland Nicola Sturgeon" is a title
        ):
            return person
    return words


def _forms(claimant: str) -> list[str]:
    """An organisation written with its acronym ("World Health Organization (WHO)") is either form."""
    found = _PARENTHESIS.search(claimant)
    return [claimant] if found is None else [_PARENTHESIS.sub("", claimant), found.group(1)]


def claimer_tokens(claimant: str) -> list[str]:
    """Lower-cased word tokens of a claimant in the gold's convention (see the module docstring)."""
    words = _person_name(_without_affiliation(claimant))
    tokens = [w.lower() for w in _WORD.findall(" ".join(words))]
    return tokens[1:] if tokens[:1] and tokens[0] in _ARTICLES else tokens


def token_f1(predicted: str, gold: str) -> float:
    return max(_form_f1(p, g) for p in _forms(predicted) for g in _forms(gold))


def _form_f1(predicted: str, gold: str) -> float:
    p = Counter(claimer_tokens(predicted))
    g = Counter(claimer_tokens(gold))
    if not p and not g:
        return 1.0
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def _overlap(claim: ExtractedClaim, g: GoldSentence) -> int:
    return max(0, min(claim.end, g.end) - max(claim.start, g.start))


@dataclass(slots=True)
class ClaimantTally:
    """The claimer score: token F1 against the claimant of a reported claim, an empty claimant for the
    journalist's own, averaged over both."""

    reported: int = 0
    reported_f1: float = 0.0
    outside: int = 0
    outside_f1: float = 0.0
    own: int = 0
    own_right: int = 0

    def add(self, predicted: str, gold: str, *, reported: bool, outside: bool) -> None:
        if not reported:
            self.own += 1
            self.own_right += predicted == ""
            return
        f1 = token_f1(predicted, gold)
        self.reported += 1
        self.reported_f1 += f1
        if outside:
            self.outside += 1
            self.outside_f1 += f1

    @property
    def score(self) -> float:
        total = self.reported + self.own
        return (self.reported_f1 + self.own_right) / total if total else 0.0

    def breakdown(self, reported: str, outside: str, own: str) -> list[tuple[str, str]]:
        """The three parts of the score under the given row names."""
        return [
            (reported, _ratio(self.reported_f1, self.reported)),
            (outside, _ratio(self.outside_f1, self.outside)),
            (own, _ratio(self.own_right, self.own)),
        ]


def _ratio(part: float, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


@dataclass(slots=True)
class SelectionTally:
    """What extraction flagged: sentences and those inside a flagged claim; labelled claims (or check-worthy
    sentences) and those found; and the claimant score."""

    sentences: int = 0
    flagged: int = 0
    claims: int = 0
    found: int = 0
    claimants: ClaimantTally = field(default_factory=ClaimantTally)

    @property
    def recall(self) -> float:
        return self.found / self.claims if self.claims else 0.0

    @property
    def share_flagged(self) -> float:
        return self.flagged / self.sentences if self.sentences else 0.0


def evaluate(path: Path = DEFAULT_PATH, topics: Sequence[Topic] = ()) -> list[tuple[str, str]]:
    from claims.services.ingestion import article_candidates_extract  # (the scorer above needs no Django)

    sentences = json.loads((path / "sentences.json").read_text(encoding="utf-8"))
    labelled = json.loads((path / "claims.json").read_text(encoding="utf-8"))
    t = SelectionTally()
    for article, article_sentences in sentences.items():
        text, gold = rebuild(article_sentences)
        candidates = article_candidates_extract(text=text, title="", topics=topics)
        flagged = [c for c in candidates if c.is_claim]
        by_key = {g.key: g for g in gold}
        t.sentences += len(gold)
        t.flagged += sum(any(_overlap(c, g) for c in flagged) for g in gold)
        for key, claim in labelled.get(article, {}).items():
            g = by_key.get(key)
            if g is None:
                continue
            t.claims += 1
            t.found += any(_overlap(c, g) for c in flagged)
            best = max(candidates, key=lambda c: _overlap(c, g), default=None)
            claimant = best.claimant if best is not None and _overlap(best, g) else ""
            t.claimants.add(
                claimant,
                claim.get("claimer") or "",
                reported=bool(claim["has_claimer"]),
                outside=claim.get("claimer_in_sentence") is False,
            )
    return [
        ("articles", str(len(sentences))),
        ("sentences", str(t.sentences)),
        ("gold claims", str(t.claims)),
        ("claim recall", f"{t.recall:.3f}" if t.claims else "n/a"),
        ("share of sentences flagged", f"{t.share_flagged:.3f}" if t.sentences else "n/a"),
        ("claimer score", f"{t.claimants.score:.3f}"),
        *t.claimants.breakdown(
            "  reported claims: claimant token F1",
            "  of which claimer outside the sentence",
            "  journalist's own claims: empty claimant",
        ),
    ]

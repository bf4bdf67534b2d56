"""Extraction measured on our hand-labelled Wikinews sentences: how many check-worthy ones it flags, and who it
says made them.

The labels (`tests/extraction/data/wikinews_checkworthiness.json`, labels and URLs only) give every sentence of 211
English Wikinews articles (CC BY 2.5) one of: 2 check-worthy, 1 checkable but routine, 0 not a factual claim, and
each check-worthy one its claimant; a sentence is found by its opening words (`locator`). The articles are read from
the Wikinews CSVs in `../shared/data/news/wikinews`. Articles whose URL's SHA-1 is even are the train split of the
extraction's evidence weights (`scripts/fit_evidence_weights.py`) and of its attribution rules; the odd ones are the
validation split. The articles came in five labelling batches (the labels file's "batches"); each split is reported
for each batch as well.

- recall: check-worthy sentences inside a flagged claim, over all check-worthy sentences;
- share flagged: labelled sentences inside a flagged claim, over all labelled sentences (as for NewsClaims);
- claimant score: NewsClaims's claimer score over the check-worthy sentences, each labelled with its claimant (empty
  for the journalist's own statement), scored on the candidate that holds the sentence, flagged or not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claims.evaluation import attribution
from claims.evaluation import claims as claims_evaluation
from claims.extraction import ExtractedClaim

if TYPE_CHECKING:
    from claims.extraction.pipeline import NewsHead
    from claims.intelligence.checkworthiness import CheckworthinessScorer

ROOT = Path(__file__).resolve().parents[2]
LABELS_PATH = ROOT / "tests" / "extraction" / "data" / "wikinews_checkworthiness.json"
DEFAULT_PATH = attribution.DEFAULT_PATH
CHECKWORTHY = 2
SPLITS = ("train", "validation")


def split_of(url: str) -> str:
    """The attribution set's halves by URL: its "studied" half trains, its "held out" half validates."""
    return "train" if attribution.half(url) == "studied" else "validation"


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    url: str
    title: str
    text: str
    sentences: tuple[tuple[int, int], ...]  # (offset of the sentence's opening words, label)
    claimants: dict[int, tuple[str, bool]]  # check-worthy sentence's offset: (claimant, named in the sentence)
    batch: int | None = None  # the labelling batch (the labels file's "batches"), if given

    @property
    def split(self) -> str:
        return split_of(self.url)


def labelled_articles(path: Path = DEFAULT_PATH, labels: Path = LABELS_PATH) -> list[LabelledArticle]:
    """The labelled articles, read from the corpus under `path`; an article missing from the corpus, or a locator
    missing from its article, is an error."""
    texts = attribution.read_articles(path)
    out = []
    for entry in json.loads(labels.read_text(encoding="utf-8"))["articles"]:
        if entry["url"] not in texts:
            raise ValueError(f"{path}: no article {entry['url']}")
        title, text = texts[entry["url"]]
        offsets, claimants = [], {}
        for sentence in entry["sentences"]:
            at = attribution.locate(text, sentence["locator"])
            if at < 0:
                raise ValueError(f"{entry['url']}: no sentence opens with {sentence['locator']!r}")
            offsets.append((at, int(sentence["label"])))
            if "claimant" in sentence:
                claimants[at] = (sentence["claimant"], sentence.get("in_sentence", True))
        out.append(LabelledArticle(entry["url"], title, text, tuple(offsets), claimants, entry.get("batch")))
    return out


def labels_within(candidates: Iterable[ExtractedClaim], article: LabelledArticle) -> Iterator[list[int]]:
    """For each candidate, the labels of the labelled sentences that open inside it."""
    for candidate in candidates:
        yield [label for at, label in article.sentences if candidate.start <= at < candidate.end]


def holder(candidates: list[ExtractedClaim], at: int) -> ExtractedClaim | None:
    """The candidate a sentence opening at `at` is part of (a dateline is in none)."""
    return next((c for c in candidates if c.start <= at < c.end), None)


def flagged_sentences(candidates: list[ExtractedClaim], article: LabelledArticle) -> Iterator[tuple[int, bool]]:
    """Each labelled sentence's label and whether a flagged claim holds it."""
    for at, label in article.sentences:
        found = holder(candidates, at)
        yield label, found is not None and found.is_claim


class Tally(claims_evaluation.SelectionTally):
    """A SelectionTally whose labelled claims are the check-worthy sentences."""

    __slots__ = ()

    def add(self, label: int, flagged: bool) -> None:
        self.sentences += 1
        self.claims += label == CHECKWORTHY
        self.flagged += flagged
        self.found += flagged and label == CHECKWORTHY


class CachedScores:
    """The check-worthiness model's scores and a news head's log-odds, for `extract_with`'s `score` and `news`: each
    sentence goes through the encoder once however many weightings are compared on it (the fitting scripts);
    `asked` counts the sentences extraction sent."""

    def __init__(self, scorer: CheckworthinessScorer, head: NewsHead) -> None:
        self.scorer, self.head = scorer, head
        self.scores: dict[str, float] = {}
        self.news_log_odds: dict[str, float] = {}
        self.asked = 0

    def score(self, sentences: Sequence[str]) -> list[float]:
        self.asked += len(sentences)
        missing = [s for s in dict.fromkeys(sentences) if s not in self.scores]
        if missing:
            pooled = self.scorer.features(missing)
            self.scores.update(zip(missing, self.scorer.score_features(pooled), strict=True))
            self.news_log_odds.update(zip(missing, self.head.log_odds(pooled), strict=True))
        return [self.scores[s] for s in sentences]

    def news(self, sentences: Sequence[str]) -> list[float]:
        return [self.news_log_odds[s] for s in sentences]


def evaluate(path: Path = DEFAULT_PATH, labels: Path = LABELS_PATH) -> list[tuple[str, str]]:
    """Each split through extraction as ingestion runs it (`article_candidates_extract`, no topic watched), then each
    labelling batch of each split."""
    # (imported here: the fitting scripts read the labels without Django)
    from claims.services.ingestion import article_candidates_extract

    tallies = {split: Tally() for split in SPLITS}
    articles = {split: 0 for split in SPLITS}
    batches: dict[tuple[str, int], Tally] = {}
    batch_articles: dict[tuple[str, int], int] = {}
    for article in labelled_articles(path, labels):
        candidates = article_candidates_extract(text=article.text, title=article.title, topics=())
        articles[article.split] += 1
        counted = [tallies[article.split]]
        if article.batch is not None:
            key = (article.split, article.batch)
            counted.append(batches.setdefault(key, Tally()))
            batch_articles[key] = batch_articles.get(key, 0) + 1
        for tally in counted:
            for label, flagged in flagged_sentences(candidates, article):
                tally.add(label, flagged)
            for at, (gold, in_sentence) in article.claimants.items():
                found = holder(candidates, at)
                claimant = found.claimant if found else ""
                tally.claimants.add(claimant, gold, reported=bool(gold), outside=not in_sentence)
    rows = []
    for split in SPLITS:
        t = tallies[split]
        rows += [
            (f"{split}: articles, sentences, check-worthy", f"{articles[split]}, {t.sentences}, {t.claims}"),
            (f"{split}: recall of check-worthy sentences", f"{t.recall:.3f}"),
            (f"{split}: share of sentences flagged", f"{t.share_flagged:.3f}"),
            (f"{split}: claimant score of check-worthy sentences", f"{t.claimants.score:.3f}"),
            *t.claimants.breakdown(
                f"  reported: claimant token F1 of {t.claimants.reported}",
                f"  of which named outside the sentence: {t.claimants.outside}",
                f"  journalist's own: empty claimant of {t.claimants.own}",
            ),
        ]
    for (split, batch), t in sorted(batches.items()):
        rows.append(
            (
                f"{split}, batch {batch}: articles; recall, flagged, claimant score",
                f"{batch_articles[split, batch]}; {t.recall:.3f}, {t.share_flagged:.3f}, {t.claimants.score:.3f}",
            )
        )
    return rows

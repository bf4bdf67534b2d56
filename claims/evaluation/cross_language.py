"""Matching across languages: fitting its same-claim model, and measuring it through the product.

`python -m claims.evaluation.cross_language fit [PATH]` fits `claims.intelligence.cross_language`'s weights on
CheckThat! 2020 task 2 train (PATH, default ../shared/data/eval/claim_matching/checkthat2020_task2): each tweet's
statement against its verified claim (positive) and its nearest other verified claims by all-MiniLM-L6-v2
(negatives), the pairs the model has to tell apart. Only train is read.

`manage.py evaluate cross-language` measures the product on the seed article's translations written for the
tests (tests/extraction/data/seed/): the English original's claims are imported as English fact-checks, their
multilingual embeddings computed by the worker's service, and each translated claim, extracted by the product,
is matched with `rank_matches` in its language. A hit is the fact-check of the same statement ranked first among
the claim's matches across languages; the figures are top-1 accuracy, the share of those scored above the
suggestion threshold, and wrong fact-checks above it. These translations chose nothing in the model.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.evaluation.matching import DEFAULT_PATH as CHECKTHAT_PATH
from claims.evaluation.matching import _rows, load_queries, scratch_database
from claims.intelligence import cross_language, matching

NEGATIVES = 5
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "tests/extraction/data/seed"
SEED_ARTICLE = ROOT / "seeds/000_916fa07feb4c464c.txt"
URL_PREFIX = "https://seed.invalid/en/"


# --- fitting on train -------------------------------------------------------------------------------------


def training_pairs(path: Path = CHECKTHAT_PATH) -> tuple[np.ndarray, np.ndarray]:
    """FEATURES and labels of train's pairs: each tweet with its verified claims and NEGATIVES near misses."""
    from claims.intelligence.embeddings import embed

    queries, gold = load_queries(path, "train")
    vclaims = {row[0]: row[1] for row in _rows(path / "verified_claims.docs.tsv")}
    ids = list(vclaims)
    started = time.perf_counter()
    english = embed([matching.claim_statement(vclaims[i]) for i in ids])
    statements = [matching.claim_statement(tweet) for _, tweet in queries]
    tweets = embed(statements)
    print(f"all-MiniLM-L6-v2: {len(ids) + len(queries):,} texts in {time.perf_counter() - started:.0f} s", flush=True)
    pairs: list[tuple[int, str, float]] = []
    for q, ((qid, _), vector) in enumerate(zip(queries, tweets, strict=True)):
        nearest = [ids[i] for i in np.argsort(-(english @ vector))[: NEGATIVES + len(gold[qid])]]
        negatives = [i for i in nearest if i not in gold[qid]][:NEGATIVES]
        pairs += [(q, i, 1.0) for i in sorted(gold[qid]) if i in vclaims] + [(q, i, 0.0) for i in negatives]
    needed = sorted({i for _, i, _ in pairs})
    started = time.perf_counter()
    multilingual = dict(zip(needed, cross_language.embed([vclaims[i] for i in needed]), strict=True))
    query_vectors = cross_language.embed(statements)
    print(
        f"multilingual-e5-small: {len(needed) + len(statements):,} texts in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    features = np.array(
        [
            cross_language.pair_features(statements[q], float(query_vectors[q] @ multilingual[i]), vclaims[i])
            for q, i, _ in pairs
        ]
    )
    return features, np.array([label for _, _, label in pairs])


def fit(path: Path = CHECKTHAT_PATH) -> cross_language.Model:
    features, labels = training_pairs(path)
    weights, bias = matching.fit_logistic(features, labels)
    model = cross_language.Model(weights, bias)
    probability = cross_language.same_claim_probability(features, model)
    loss = -np.mean(labels * np.log(probability) + (1 - labels) * np.log(1 - probability))
    print(f"train: {len(labels):,} pairs ({int(labels.sum())} positive), log-loss {loss:.4f}")
    return model


# --- measuring the product on the seed's translations ------------------------------------------------------


@dataclass(frozen=True)
class LanguageScores:
    language: str
    claims: int  # translated claims whose English counterpart was imported
    top1: int  # ... whose best match across languages is that counterpart
    suggested: int  # ... and scored at or above the suggestion threshold
    wrong_suggested: int  # other fact-checks scored at or above it
    seconds_per_claim: float


def seed_table(seed_dir: Path = DEFAULT_PATH) -> dict[str, list[list[str]]]:
    """Per language, row n: [a phrase of claim n in that language, its claimant] (the same claim in every row n)."""
    return json.loads((seed_dir / "claims.json").read_text(encoding="utf-8"))


def _row_of(text: str, phrases: list[list[str]]) -> int | None:
    lowered = text.lower()
    for row, (phrase, _claimant) in enumerate(phrases):
        if phrase.lower() in lowered:
            return row
    return None


def evaluate(path: Path = DEFAULT_PATH) -> list[tuple[str, str]]:
    """`manage.py evaluate cross_language`: the measurement in a scratch database, a row per language."""
    with scratch_database():
        scores = measure(path)
    rows = [("language", "claims  top-1  suggested  wrong suggested  ms/claim")]
    for s in [*scores, _total(scores)]:
        rows.append(
            (
                s.language,
                f"{s.claims:>6}  {s.top1 / max(s.claims, 1):.3f}  {s.suggested / max(s.claims, 1):>9.3f}"
                f"  {s.wrong_suggested:>15}  {1000 * s.seconds_per_claim:>8.0f}",
            )
        )
    return rows


def _total(scores: list[LanguageScores]) -> LanguageScores:
    claims = sum(s.claims for s in scores)
    return LanguageScores(
        "all",
        claims,
        sum(s.top1 for s in scores),
        sum(s.suggested for s in scores),
        sum(s.wrong_suggested for s in scores),
        sum(s.seconds_per_claim * s.claims for s in scores) / max(claims, 1),
    )


def measure(seed_dir: Path = DEFAULT_PATH) -> list[LanguageScores]:
    """In the current (scratch) database: import the English claims, embed them, match every translation's."""
    from django.conf import settings

    from claims.extraction import extract_claims
    from claims.models import FactCheck
    from claims.services.cross_language import factcheck_multilingual_embed
    from claims.services.factcheck_import import FactCheckRecord, factchecks_import
    from claims.services.matching import rank_matches

    table = seed_table(seed_dir)
    english = [c for c in extract_claims(SEED_ARTICLE.read_text(encoding="utf-8"), language="en") if c.is_claim]
    records = {}
    for claim in english:
        row = _row_of(claim.text, table["en"])
        if row is not None and row not in records:
            records[row] = FactCheckRecord(
                url=f"{URL_PREFIX}{row}", claim_text=claim.text, claimant=claim.claimant, language="en"
            )
    factchecks_import(records=[(f"row {row}", record) for row, record in sorted(records.items())])
    by_url = dict(FactCheck.objects.filter(url__startswith=URL_PREFIX).values_list("url", "pk"))
    for pk in by_url.values():
        factcheck_multilingual_embed(factcheck_id=pk)
    threshold = settings.FACTCHECK_MATCH_SUGGEST_THRESHOLD
    scores = []
    for language, phrases in table.items():
        if language == "en":
            continue
        text = (seed_dir / f"{language}.txt").read_text(encoding="utf-8")
        claims = top1 = suggested = wrong = 0
        elapsed = 0.0
        seen: set[int] = set()
        for claim in (c for c in extract_claims(text, language=language) if c.is_claim):
            row = _row_of(claim.text, phrases)
            if row is None or row in seen or row not in records:
                continue
            seen.add(row)
            expected = by_url[f"{URL_PREFIX}{row}"]
            started = time.perf_counter()
            ranked = rank_matches(text=claim.text, claimant=claim.claimant, language=language)
            elapsed += time.perf_counter() - started
            across = [m for m in ranked if m.kind == "factcheck" and m.url.startswith(URL_PREFIX)]
            claims += 1
            if across and across[0].id == expected:
                top1 += 1
                suggested += across[0].score >= threshold
            wrong += sum(1 for m in across if m.id != expected and m.score >= threshold)
        scores.append(LanguageScores(language, claims, top1, suggested, wrong, elapsed / max(claims, 1)))
    return scores


def main() -> None:
    """`python -m claims.evaluation.cross_language fit [PATH]`: print the weights to ship."""
    if len(sys.argv) < 2 or sys.argv[1] != "fit":
        sys.exit("usage: python -m claims.evaluation.cross_language fit [PATH]")
    model = fit(Path(sys.argv[2]) if len(sys.argv) > 2 else CHECKTHAT_PATH)
    print(f"WEIGHTS = np.array({np.round(model.weights, 4).tolist()})  BIAS = {model.bias:.4f}")


if __name__ == "__main__":
    main()

"""Claim matching measured through the product, on CheckThat! 2020 task 2 (tweets against verified Snopes claims).

The verified claims are imported into a scratch database on the configured server with `import_factchecks`' own
code (`claims.services.factcheck_import.factchecks_import_file`, embeddings included), and every tweet is matched with
`claims.services.matching.rank_matches`, the path of `manage.py match`, the worker's suggestions, the API and
the admin. Figures are MAP@5 and recall@5 as the CheckThat! scorer computes them, and the time per query
(embedding the tweet, candidates from the database, reranking).

`python -m claims.evaluation.matching tune [PATH]` refits the reranker's weights on the train split from the
product's own candidates, embedded by the model without its matching head, and reports five-fold
cross-validation on train; dev is never used for a choice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.intelligence import matching

DEFAULT_PATH = Path(__file__).resolve().parents[2].parent / "shared/data/eval/claim_matching/checkthat2020_task2"
TOP = 5
# Verified claims have ids, not URLs; the importer keys fact-checks by URL, so each gets one under a reserved name.
URL_PREFIX = "https://checkthat2020.invalid/vclaim/"
SCRATCH_SUFFIX = "_eval_matching"


def _rows(path: Path) -> list[list[str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader, None)
        return [row for row in reader if row]


def load_qrels(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3] != "0":
            gold.setdefault(parts[0], set()).add(parts[2])
    return gold


def load_queries(path: Path, split: str) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    """(query id, tweet) of the split's tweets that have a verified claim, and the qrels."""
    rows = _rows(path / split / "tweets.queries.tsv")
    gold = load_qrels(path / split / "tweet-vclaim-pairs.qrels")
    return [(row[0], row[1]) for row in rows if row[0] in gold], gold


def vclaims_csv(path: Path) -> str:
    """The verified claims as the CSV `import_factchecks` reads: claim, url, title."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["claim", "url", "title"])
    for row in _rows(path / "verified_claims.docs.tsv"):
        writer.writerow([row[1], URL_PREFIX + row[0], row[2] if len(row) > 2 else ""])
    return out.getvalue()


def vclaim_id(url: str) -> str | None:
    return url[len(URL_PREFIX) :] if url.startswith(URL_PREFIX) else None


@contextmanager
def scratch_database(*, keep: bool = False, suffix: str = SCRATCH_SUFFIX) -> Iterator[str]:
    """A database of its own next to the configured one (`<name><suffix>`), migrated, as the default
    connection for the block; dropped afterwards unless `keep` (then reused, imports and embeddings included)."""
    from django.db import connection

    original = connection.settings_dict["NAME"]
    test = connection.settings_dict.setdefault("TEST", {})
    test_name = test.get("NAME")
    test["NAME"] = original + suffix
    try:
        scratch = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)
        try:
            yield scratch
        finally:
            connection.creation.destroy_test_db(original, verbosity=0, keepdb=keep)
    finally:
        test["NAME"] = test_name


def _embeddings_current(sample: int = 16) -> bool:
    """Whether the stored fact-checks' embeddings are the current encoder's (checked on a few of them)."""
    from claims.models import FactCheck
    from claims.services.embeddings import embed_texts

    rows = list(
        FactCheck.objects.exclude(embedding__isnull=True)
        .order_by("pk")
        .values_list("claim_text", "claimant", "embedding")[:sample]
    )
    if not rows:
        return True
    vectors = embed_texts([matching.claim_document(text, claimant) for text, claimant, _ in rows])
    stored = np.stack([matching.as_embedding(row[2]) for row in rows])
    # Stored as 16-bit floats: the same vector reads back with a cosine above 0.9999.
    return bool(((vectors * stored).sum(axis=1) > 0.999).all())


def import_vclaims(path: Path) -> int:
    """Imports the verified claims through `import_factchecks`' code, embeddings and planner statistics
    included; the number of fact-checks stored."""
    from django.db import connection

    from claims.services.embeddings import embeddings_refresh
    from claims.services.factcheck_import import factchecks_import_file

    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "verified_claims.csv"
        csv_path.write_text(vclaims_csv(path), encoding="utf-8")
        report = factchecks_import_file(path=csv_path, file_format="csv")
    if report.errors:
        raise ValueError(f"{len(report.errors)} verified claims were refused, e.g. {report.errors[0]}")
    if not _embeddings_current():
        # A kept database embedded by an earlier encoder: its vectors and the queries' must come from one model.
        embeddings_refresh(everything=True)
    # Autovacuum would analyse the new rows in a while; BM25's word statistics are needed now.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_factcheck")
    return len(report.factcheck_ids)


def average_precision(ranked: list[str], relevant: set[str], k: int = TOP) -> float:
    """AP@k as the CheckThat! scorer computes it: precision at each relevant hit, over all relevant items."""
    hits = 0
    total = 0.0
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


@dataclass(frozen=True)
class SplitScores:
    map5: float
    recall5: float
    queries: int
    seconds_per_query: float


def score_split(path: Path, split: str) -> SplitScores:
    """Every query of the split matched with `rank_matches` on the current database."""
    from claims.services.matching import rank_matches

    queries, gold = load_queries(path, split)
    ap = []
    recall = []
    elapsed = 0.0
    for qid, tweet in queries:
        started = time.perf_counter()
        ranked = rank_matches(text=tweet, top=TOP)
        elapsed += time.perf_counter() - started
        ids = [vclaim_id(m.url) for m in ranked if m.kind == "factcheck"]
        ap.append(average_precision(ids, gold[qid]))
        recall.append(len(set(ids[:TOP]) & gold[qid]) / len(gold[qid]))
    count = len(queries)
    return SplitScores(
        map5=float(np.mean(ap)) if ap else 0.0,
        recall5=float(np.mean(recall)) if recall else 0.0,
        queries=count,
        seconds_per_query=elapsed / count if count else 0.0,
    )


def evaluate(path: Path = DEFAULT_PATH, *, keepdb: bool = False) -> list[tuple[str, str]]:
    """MAP@5, recall@5 and time per query on train and dev, through the product in a scratch database."""
    path = Path(path)
    rows = []
    with scratch_database(keep=keepdb) as name:
        started = time.perf_counter()
        stored = import_vclaims(path)
        rows += [
            ("database", name),
            ("fact-checks imported", str(stored)),
            ("import seconds", f"{time.perf_counter() - started:.1f}"),
        ]
        for split in ("train", "dev"):
            scores = score_split(path, split)
            rows += [
                (f"{split} MAP@5", f"{scores.map5:.4f}"),
                (f"{split} recall@5", f"{scores.recall5:.4f}"),
                (f"{split} queries", str(scores.queries)),
                (f"{split} ms/query", f"{scores.seconds_per_query * 1000:.1f}"),
            ]
    return rows


# --- fitting the reranker on train ---------------------------------------------------------------------------


def _fold(qid: str, folds: int = 5) -> int:
    """A fixed fold of train for each query, by a hash of its id: choices are made on folds of train only."""
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % folds


def _features(path: Path, split: str) -> list[tuple[str, np.ndarray, np.ndarray, list[str], list]]:
    """Per query: id, FEATURES of the product's candidates, their labels, their vclaim ids, the candidates."""
    from claims.intelligence.embeddings import embed
    from claims.selectors.matching import match_candidates

    queries, gold = load_queries(path, split)
    documents = [matching.claim_document(tweet) for _, tweet in queries]
    statements = [matching.claim_statement(tweet) for _, tweet in queries]
    vectors = embed(documents)
    statement_vectors = embed(statements)
    out = []
    for (qid, _), document, statement, vector, statement_vector in zip(
        queries, documents, statements, vectors, statement_vectors, strict=True
    ):
        # As rank_matches: the statement's own embedding only when it differs from the document.
        query = matching.Query.build(document, vector, statement_vector if statement != document else None)
        candidates = match_candidates(
            text=document, embedding=query.embedding, statement_embedding=query.statement_embedding
        )
        if not candidates:
            continue
        ids = [vclaim_id(c.extra.get("url", "")) or "" for c in candidates]
        labels = np.array([1.0 if i in gold[qid] else 0.0 for i in ids])
        out.append((qid, matching.candidate_features(query, candidates), labels, ids, candidates))
    return out


def _fit(rows) -> matching.Model:
    x = np.concatenate([row[1] for row in rows])
    y = np.concatenate([row[2] for row in rows])
    rank_weights, rank_bias = matching.fit_logistic(x, y, balanced=True)
    same_weights, same_bias = matching.fit_logistic(x[:, matching.ABSOLUTE], y)
    return matching.Model(rank_weights, rank_bias, same_weights, same_bias)


def _map5(rows, model: matching.Model, gold: dict[str, set[str]]) -> tuple[float, float]:
    ap = []
    recall = []
    for qid, features, _, ids, candidates in rows:
        order = np.argsort(-(features @ model.rank_weights + model.rank_bias), kind="stable")
        # As `matching.rerank`: the rows of a statement stored twice are listed together.
        ranked = [ids[i] for i in matching.statements_together(order, candidates)][:TOP]
        ap.append(average_precision(ranked, gold[qid]))
        recall.append(len(set(ranked) & gold[qid]) / len(gold[qid]))
    return float(np.mean(ap)), float(np.mean(recall))


def tune(path: Path = DEFAULT_PATH) -> matching.Model:
    """Five-fold cross-validation on train (each fold scored by a model fitted on the other four), then the fit on
    all of train: the weights to ship. Each fold's line is printed too: fold 0 is the validation split the matching
    head's settings are chosen on (`scripts/train_matching_encoder.py --holdout-fold 0`), and with such a head its
    line is the held-out figure of the whole pipeline."""
    _, gold = load_queries(path, "train")
    rows = _features(path, "train")

    def candidate_recall(held) -> float:
        return float(np.mean([len(set(row[3]) & gold[row[0]]) / len(gold[row[0]]) for row in held]))

    print(f"train candidates contain the gold claim: {candidate_recall(rows):.4f} ({len(rows)} queries)")
    scores = []
    for fold in range(5):
        model = _fit([row for row in rows if _fold(row[0]) != fold])
        held = [row for row in rows if _fold(row[0]) == fold]
        scores.append((len(held), *_map5(held, model, gold)))
        print(
            f"fold {fold} ({len(held)} queries): MAP@5 {scores[-1][1]:.4f}  recall@5 {scores[-1][2]:.4f}  "
            f"candidates contain the gold claim {candidate_recall(held):.4f}"
        )
    total = sum(n for n, _, _ in scores)
    map5 = sum(n * m for n, m, _ in scores) / total
    recall5 = sum(n * r for n, _, r in scores) / total
    print(f"train, five-fold cross-validation: MAP@5 {map5:.4f}  recall@5 {recall5:.4f}")
    return _fit(rows)


def main() -> None:
    """`python -m claims.evaluation.matching tune [PATH]`: in a kept scratch database, refit and print weights."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")
    django.setup()
    if len(sys.argv) < 2 or sys.argv[1] != "tune":
        sys.exit("usage: python -m claims.evaluation.matching tune [PATH]")
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_PATH
    from claims.intelligence import embeddings

    # The reranker learns from the model's own vectors: the matching head was fitted on these very tweets, and
    # cosines it has memorised would teach the reranker to trust cosine more than held-out tweets bear out.
    embeddings.use_encoder(embeddings.MiniLMEncoder.from_directory(embeddings.model_dir()))
    with scratch_database(keep=True):
        import_vclaims(path)
        model = tune(path)
    print(f"RANK_WEIGHTS = {np.round(model.rank_weights, 4).tolist()}  RANK_BIAS = {model.rank_bias:.4f}")
    print(f"SAME_CLAIM_WEIGHTS = {np.round(model.same_weights, 4).tolist()}  SAME_CLAIM_BIAS = {model.same_bias:.4f}")


if __name__ == "__main__":
    main()

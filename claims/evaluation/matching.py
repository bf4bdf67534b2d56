"""Claim matching measured on CheckThat! 2020 task 2 (tweets against verified Snopes claims).

Candidates are the union of the top BM25 hits and the nearest embeddings; `claims.intelligence.matching`
reranks them with the same scoring the product uses. Vclaim embeddings are computed once per process.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.intelligence import matching

DEFAULT_PATH = Path(__file__).resolve().parents[2].parent / "shared/data/eval/claim_matching/checkthat2020_task2"
TOP = 5
LEXICAL_CANDIDATES = 30
SEMANTIC_CANDIDATES = 30


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


@dataclass
class Collection:
    ids: list[str]
    texts: list[str]
    titles: list[str]
    embeddings: np.ndarray
    bm25: matching.Bm25Index

    def candidates(self, query: matching.Query) -> list[matching.Candidate]:
        lexical = self.bm25.scores(query.tokens)
        semantic = self.embeddings @ query.embedding
        picked = dict.fromkeys(
            [*np.argsort(-lexical)[:LEXICAL_CANDIDATES].tolist(), *np.argsort(-semantic)[:SEMANTIC_CANDIDATES].tolist()]
        )
        candidates = [
            matching.Candidate(
                key=("factcheck", i),
                text=self.texts[i],
                title=self.titles[i],
                embedding=self.embeddings[i],
                lexical=float(lexical[i]),
            )
            for i in picked
        ]
        matching.scale_lexical(candidates)
        return candidates


_collections: dict[Path, Collection] = {}


def embed_texts(texts: list[str]) -> np.ndarray:
    from claims.intelligence.embeddings import embed

    return embed(texts)


def load_collection(path: Path, *, embedder: Callable[[list[str]], np.ndarray] = embed_texts) -> Collection:
    path = path.resolve()
    if path not in _collections:
        rows = _rows(path / "verified_claims.docs.tsv")
        ids = [row[0] for row in rows]
        texts = [row[1] for row in rows]
        titles = [row[2] if len(row) > 2 else "" for row in rows]
        # Embedded by the claim alone (the headline only blurs it); indexed by claim and headline.
        _collections[path] = Collection(
            ids=ids,
            texts=texts,
            titles=titles,
            embeddings=embedder([matching.claim_document(text) for text in texts]),
            bm25=matching.Bm25Index(
                [matching.tokens(matching.clean_text(f"{t} {h}")) for t, h in zip(texts, titles, strict=True)]
            ),
        )
    return _collections[path]


def load_queries(
    path: Path, split: str, *, embedder: Callable[[list[str]], np.ndarray] = embed_texts
) -> tuple[list[str], list[matching.Query], dict[str, set[str]]]:
    rows = _rows(path / split / "tweets.queries.tsv")
    gold = load_qrels(path / split / "tweet-vclaim-pairs.qrels")
    rows = [row for row in rows if row[0] in gold]
    cleaned = [matching.clean_text(row[1]) for row in rows]
    vectors = embedder(cleaned)
    queries = [matching.Query.build(row[1], vector) for row, vector in zip(rows, vectors, strict=True)]
    return [row[0] for row in rows], queries, gold


def average_precision(ranked: list[str], relevant: set[str], k: int = TOP) -> float:
    """AP@k as the CheckThat! scorer computes it: precision at each relevant hit, over all relevant items."""
    hits = 0
    total = 0.0
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


def ranked_ids(collection: Collection, query: matching.Query, model: matching.Model | None = None) -> list[str]:
    ranked = matching.rerank(query, collection.candidates(query), model=model)
    return [collection.ids[candidate.key[1]] for candidate, _ in ranked]


def scores(path: Path, split: str, model: matching.Model | None = None) -> tuple[float, float, int]:
    collection = load_collection(path)
    qids, queries, gold = load_queries(path, split)
    ap = []
    recall = []
    for qid, query in zip(qids, queries, strict=True):
        ranked = ranked_ids(collection, query, model)
        ap.append(average_precision(ranked, gold[qid]))
        recall.append(len(set(ranked[:TOP]) & gold[qid]) / len(gold[qid]))
    return float(np.mean(ap)) if ap else 0.0, float(np.mean(recall)) if recall else 0.0, len(qids)


def evaluate(path: Path = DEFAULT_PATH, *, split: str = "dev") -> list[tuple[str, str]]:
    """MAP@5, recall@5 and the number of queries on one split of a CheckThat! 2020 task 2 directory."""
    map5, recall5, count = scores(Path(path), split)
    return [("MAP@5", f"{map5:.4f}"), ("recall@5", f"{recall5:.4f}"), ("queries", str(count))]


def tune(path: Path = DEFAULT_PATH, *, split: str = "train") -> matching.Model:
    """Fit both models on one split (train): every candidate of every query, labelled by the qrels."""
    collection = load_collection(Path(path))
    qids, queries, gold = load_queries(Path(path), split)
    features = []
    labels = []
    for qid, query in zip(qids, queries, strict=True):
        candidates = collection.candidates(query)
        features.append(matching.candidate_features(query, candidates))
        labels.extend(1.0 if collection.ids[c.key[1]] in gold[qid] else 0.0 for c in candidates)
    x = np.concatenate(features)
    y = np.array(labels)
    rank_weights, rank_bias = matching.fit_logistic(x, y, balanced=True)
    same_weights, same_bias = matching.fit_logistic(x[:, matching.ABSOLUTE], y)
    return matching.Model(rank_weights, rank_bias, same_weights, same_bias)


def main() -> None:
    """`python -m claims.evaluation.matching [PATH]`: refit the shipped weights on train, score train and dev."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH
    model = tune(path)
    print(f"RANK_WEIGHTS = {np.round(model.rank_weights, 4).tolist()}  RANK_BIAS = {model.rank_bias:.4f}")
    print(f"SAME_CLAIM_WEIGHTS = {np.round(model.same_weights, 4).tolist()}  SAME_CLAIM_BIAS = {model.same_bias:.4f}")
    for split in ("train", "dev"):
        map5, recall5, count = scores(path, split, model)
        print(f"{split}: MAP@5 {map5:.4f}  recall@5 {recall5:.4f}  queries {count}")


if __name__ == "__main__":
    main()

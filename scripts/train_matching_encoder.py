"""Fine-tune the top layers of all-MiniLM-L6-v2 for claim matching: claims/intelligence/data/matching_head.npz.

    .venv/bin/pip install -e '.[train]'        # torch, for training only; the service runs the encoder with numpy
    .venv/bin/python scripts/train_matching_encoder.py [--data ../shared/data/eval/claim_matching/checkthat2020_task2]
    .venv/bin/python scripts/train_matching_encoder.py --holdout-fold 0 --output var/matching_head_fold0.npz

The encoder's lower layers stay as shipped (check-worthiness reads their pooled states); only the last
`--layers` transformer layers are trained, on CheckThat! 2020 task 2 train pairs (a tweet's "author: text"
document against its verified claim), with the in-batch negatives of MultipleNegativesRankingLoss plus one hard
negative per pair (a verified claim the shipped encoder puts near the tweet that is not its own). With
`--holdout-fold K` the queries of that fold of train (the folds of `claims.evaluation.matching`) are left out of
training and the dense retrieval on them is printed: the validation split the settings below were chosen on.
Dev is never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.evaluation.matching import DEFAULT_PATH, _rows, load_qrels  # noqa: E402
from claims.intelligence import embeddings, matching  # noqa: E402
from scripts.torch_encoder import Embedder, pad, shipped_with_top_trainable  # noqa: E402

OUTPUT = ROOT / "claims" / "intelligence" / "data" / "matching_head.npz"
CACHE = ROOT / "var" / "matching_training"
LAYERS = 2
EPOCHS = 3
BATCH = 32
LEARNING_RATE = 5e-5
SCALE = 20.0  # sentence-transformers' MultipleNegativesRankingLoss scale (cosine * 20)
HARD_NEGATIVES_FROM = 10  # a pair's hard negative is drawn from the base encoder's nearest this many
SEED = 13


def fold_of(qid: str, folds: int = 5) -> int:
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % folds


def pool(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    summed = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
    return nn.functional.normalize(summed, dim=-1)


class Texts:
    """Every text's token ids and its hidden states below the trained layers, computed once (and cached on disk,
    keyed by the texts and the split point)."""

    def __init__(self, model: Embedder, tokenizer: embeddings.WordPieceTokenizer, texts: list[str], below: int):
        self.texts = texts
        self.ids = [tokenizer.encode(text) for text in texts]
        self.pad_id = tokenizer.pad_id
        digest = hashlib.sha256(("\n".join(texts) + f"|{below}").encode()).hexdigest()[:16]
        path = CACHE / f"states_{digest}.npz"
        if path.exists():
            stored = np.load(path)
            flat, offsets = stored["flat"], stored["offsets"]
        else:
            started = time.perf_counter()
            chunks = []
            order = sorted(range(len(texts)), key=lambda i: len(self.ids[i]))
            states: list[np.ndarray | None] = [None] * len(texts)
            with torch.no_grad():
                for start in range(0, len(order), 64):
                    chunk = order[start : start + 64]
                    ids, mask = pad([self.ids[i] for i in chunk], self.pad_id)
                    x = model.run(model.embed_tokens(ids), mask, 0, below)
                    for row, i in enumerate(chunk):
                        states[i] = x[row, : len(self.ids[i])].numpy().astype(np.float16)
            chunks = [s for s in states if s is not None]
            flat = np.concatenate(chunks)
            offsets = np.cumsum([0] + [len(s) for s in chunks])
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(path, flat=flat, offsets=offsets)
            print(f"lower layers over {len(texts)} texts: {time.perf_counter() - started:.0f} s", flush=True)
        self.flat = torch.from_numpy(flat.astype(np.float32))
        self.offsets = offsets

    def batch(self, indices: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
        length = max(self.offsets[i + 1] - self.offsets[i] for i in indices)
        x = torch.zeros((len(indices), length, self.flat.shape[1]))
        mask = torch.zeros((len(indices), length))
        for row, i in enumerate(indices):
            n = self.offsets[i + 1] - self.offsets[i]
            x[row, :n] = self.flat[self.offsets[i] : self.offsets[i + 1]]
            mask[row, :n] = 1.0
        return x, mask

    def encode(self, model: Embedder, below: int, indices: list[int] | None = None) -> np.ndarray:
        indices = list(range(len(self.texts))) if indices is None else indices
        order = sorted(indices, key=lambda i: self.offsets[i + 1] - self.offsets[i])
        out = {}
        with torch.no_grad():
            for start in range(0, len(order), 128):
                chunk = order[start : start + 128]
                x, mask = self.batch(chunk)
                vectors = pool(model.run(x, mask, below, len(model.layers)), mask).numpy()
                out.update(zip(chunk, vectors, strict=True))
        return np.stack([out[i] for i in indices])


def load(path: Path) -> tuple[list[tuple[str, str]], dict[str, set[str]], list[str], list[str]]:
    """Train queries (id, tweet) with a verified claim, the qrels, and the verified claims' ids and texts."""
    gold = load_qrels(path / "train" / "tweet-vclaim-pairs.qrels")
    queries = [(row[0], row[1]) for row in _rows(path / "train" / "tweets.queries.tsv") if row[0] in gold]
    vclaims = _rows(path / "verified_claims.docs.tsv")
    return queries, gold, [row[0] for row in vclaims], [row[1] for row in vclaims]


def dense_scores(
    query_vectors: np.ndarray, statement_vectors: np.ndarray, corpus: np.ndarray, relevant: list[set[int]]
) -> dict[str, float]:
    """MAP@5, recall@5 and recall@30 of cosine alone (the nearer of document and statement, as the product)."""
    cosine = np.maximum(query_vectors @ corpus.T, statement_vectors @ corpus.T)
    top = np.argsort(-cosine, axis=1)[:, :30]
    ap, r5, r30 = [], [], []
    for row, gold in zip(top, relevant, strict=True):
        hits, total = 0, 0.0
        for rank, item in enumerate(row[:5], start=1):
            if item in gold:
                hits += 1
                total += hits / rank
        ap.append(total / len(gold))
        r5.append(len(set(row[:5]) & gold) / len(gold))
        r30.append(len(set(row) & gold) / len(gold))
    return {"MAP@5": float(np.mean(ap)), "recall@5": float(np.mean(r5)), "recall@30": float(np.mean(r30))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--holdout-fold", type=int, default=None)
    parser.add_argument("--layers", type=int, default=LAYERS)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument("--lr", type=float, default=LEARNING_RATE)
    parser.add_argument("--hard-negatives", type=int, default=HARD_NEGATIVES_FROM, help="0: in-batch negatives only")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)

    model, tokenizer, below = shipped_with_top_trainable(args.layers)
    trained = model.layers[below:]

    queries, gold, vclaim_ids, vclaim_texts = load(args.data)
    index = {vid: i for i, vid in enumerate(vclaim_ids)}
    documents = [matching.claim_document(tweet) for _, tweet in queries]
    statements = [matching.claim_statement(tweet) for _, tweet in queries]
    corpus = Texts(model, tokenizer, [matching.claim_document(text) for text in vclaim_texts], below)
    query_texts = Texts(model, tokenizer, documents + statements, below)
    n = len(queries)
    relevant = [{index[v] for v in gold[qid] if v in index} for qid, _ in queries]
    held = [i for i, (qid, _) in enumerate(queries) if fold_of(qid) == args.holdout_fold]
    held_set = set(held)
    training = [i for i in range(n) if i not in held_set]

    def evaluate(label: str, corpus_vectors: np.ndarray | None = None) -> None:
        if not held:
            return
        if corpus_vectors is None:
            corpus_vectors = corpus.encode(model, below)
        vectors = query_texts.encode(model, below, held + [n + i for i in held])
        scores = dense_scores(vectors[: len(held)], vectors[len(held) :], corpus_vectors, [relevant[i] for i in held])
        print(
            f"{label}: fold {args.holdout_fold} ({len(held)} queries) dense "
            + "  ".join(f"{k} {v:.4f}" for k, v in scores.items()),
            flush=True,
        )

    # Hard negatives: the base encoder's nearest verified claims to each training tweet that are not its own.
    base_corpus = corpus.encode(model, below)
    base_queries = query_texts.encode(model, below, training)
    nearest = np.argsort(-(base_queries @ base_corpus.T), axis=1)[:, : args.hard_negatives + 5]
    negatives = {
        i: [j for j in row if j not in relevant[i]][: args.hard_negatives]
        for i, row in zip(training, nearest, strict=True)
    }
    evaluate("base encoder", base_corpus)

    pairs = [(i, j) for i in training for j in sorted(relevant[i])]
    optimizer = torch.optim.AdamW(trained.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(pairs) / args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / max(1, steps // 10)) * max(0.0, (steps - step) / steps)
    )
    started = time.perf_counter()
    for epoch in range(args.epochs):
        order = rng.permutation(len(pairs))
        # A batch never holds one verified claim twice: it would be its own pair's negative.
        batches, current, seen = [], [], set()
        for k in order:
            if pairs[k][1] in seen or len(current) == args.batch:
                batches.append(current)
                current, seen = [], set()
            current.append(pairs[k])
            seen.add(pairs[k][1])
        batches.append(current)
        total = 0.0
        model.train()
        for chunk in batches:
            anchors = [i for i, _ in chunk]
            positives = [j for _, j in chunk]
            docs = positives[:]
            if args.hard_negatives:
                docs += [int(rng.choice(negatives[i])) for i in anchors if negatives[i]]
            x, mask = query_texts.batch(anchors)
            a = pool(model.run(x, mask, below, len(model.layers)), mask)
            x, mask = corpus.batch(docs)
            d = pool(model.run(x, mask, below, len(model.layers)), mask)
            logits = SCALE * a @ d.T
            # A hard negative may be another pair's positive in the batch: mask all but each pair's own positive.
            own = torch.tensor(positives)
            clash = torch.tensor(docs)[None, :] == own[:, None]
            clash[torch.arange(len(chunk)), torch.arange(len(chunk))] = False
            logits = logits.masked_fill(clash, -1e4)
            loss = nn.functional.cross_entropy(logits, torch.arange(len(chunk)))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(chunk)
        print(f"epoch {epoch + 1}: loss {total / len(pairs):.4f} ({time.perf_counter() - started:.0f} s)", flush=True)
        evaluate(f"epoch {epoch + 1}")

    head = {}
    for layer in trained:
        head.update({name: value.astype(np.float16) for name, value in layer.exported().items()})
    args.output.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.output, **head)
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB, layers {below + 1}-{len(model.layers)})")


if __name__ == "__main__":
    main()

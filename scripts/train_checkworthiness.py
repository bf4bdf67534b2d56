"""Fine-tune the check-worthiness model shipped in claims/intelligence/data/checkworthiness.npz.

    .venv/bin/pip install -e '.[train]'        # torch, for training only; the service runs the model with numpy
    .venv/bin/python scripts/train_checkworthiness.py [--data ../shared/data/eval/claim_detection/claimbuster]

The model: all-MiniLM-L6-v2's layers 1-4 as shipped, its last `--layers` transformer layers fine-tuned, and a
logistic layer over the mean-pooled states of layers 3-6 (the fine-tuned ones for 5-6). It is trained on
ClaimBuster `crowdsourced.csv` (Verdict 1 = check-worthy factual sentence) less any sentence that is also in
`groundtruth.csv` or in a file given with `--exclude`. The epoch shipped and the decision threshold are chosen on
ClaimBuster `groundtruth.csv` (expert labels); CheckThat! data is never read for its labels here: it is kept for
evaluation. The lower layers' states are computed once and cached under var/, so an epoch trains only the top
layers.
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

from claims.evaluation.checkworthiness import best_threshold, labelled_files, read_labelled  # noqa: E402
from claims.intelligence import checkworthiness  # noqa: E402
from scripts.torch_encoder import Embedder, pad, shipped_with_top_trainable  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "eval" / "claim_detection" / "claimbuster"
DEFAULT_EXCLUDE = ROOT.parent / "shared" / "data" / "eval" / "claim_detection" / "checkthat2024"
CACHE = ROOT / "var" / "checkworthiness_training"
LAYERS = 2
POOLS = (3, 4, 5, 6)
EPOCHS = 3
BATCH = 32
LEARNING_RATE = 3e-5
HEAD_LEARNING_RATE = 1e-3
MAX_TOKENS = 64  # 98% of ClaimBuster sentences fit; the service reads up to the model's 256
POSITIVE_WEIGHT = 2.0  # check-worthy sentences are a quarter of the data; a desk would rather see one too many
DROPOUT = 0.1
SEED = 13
# Any threshold within this much of the best groundtruth F1 is as good on 1,032 sentences; the lowest one is
# taken, because a missed claim costs a desk more than an extra candidate does.
F1_TOLERANCE = 0.01


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def length_batches(lengths: np.ndarray, indices: np.ndarray, batch: int, rng: np.random.Generator) -> list[list[int]]:
    """Batches of `indices` in random order, each of similar lengths (sorted within windows of 50 batches) so that
    little time goes on padding."""
    shuffled = rng.permutation(indices)
    batches = []
    window = batch * 50
    for start in range(0, len(shuffled), window):
        part = sorted(shuffled[start : start + window], key=lambda i: lengths[i])
        batches += [[int(i) for i in part[k : k + batch]] for k in range(0, len(part), batch)]
    return [batches[k] for k in rng.permutation(len(batches))]


class States:
    """Each text's hidden states after the frozen layers and the pools of the frozen layers the classifier reads,
    computed once (cached on disk, keyed by the texts and the split point)."""

    def __init__(self, model: Embedder, ids: list[list[int]], *, below: int, pools: tuple[int, ...], pad_id: int):
        frozen = tuple(p for p in pools if p <= below)
        digest = hashlib.sha256(repr((ids, below, frozen)).encode()).hexdigest()[:16]
        path = CACHE / f"states_{digest}.npz"
        if path.exists():
            stored = np.load(path)
            flat, offsets, pooled = stored["flat"], stored["offsets"], stored["pooled"]
        else:
            started = time.perf_counter()
            states: list[np.ndarray] = [np.zeros(0)] * len(ids)
            pooled = np.zeros((len(ids), len(frozen) * model.word.shape[1]), dtype=np.float32)
            order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
            with torch.no_grad():
                for start in range(0, len(order), 64):
                    chunk = order[start : start + 64]
                    tokens, mask = pad([ids[i] for i in chunk], pad_id)
                    x = model.embed_tokens(tokens)
                    parts = {0: mean_pool(x, mask)}
                    for number in range(1, below + 1):
                        x = model.run(x, mask, number - 1, number)
                        parts[number] = mean_pool(x, mask)
                    pooled[chunk] = torch.cat([parts[p] for p in frozen], dim=1).numpy() if frozen else 0.0
                    for row, i in enumerate(chunk):
                        states[i] = x[row, : len(ids[i])].numpy().astype(np.float16)
            flat = np.concatenate(states)
            offsets = np.cumsum([0] + [len(s) for s in states])
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(path, flat=flat, offsets=offsets, pooled=pooled)
            print(f"layers 1-{below} over {len(ids)} texts: {time.perf_counter() - started:.0f} s", flush=True)
        self.flat = torch.from_numpy(flat.astype(np.float32))
        self.offsets = offsets
        self.pooled = torch.from_numpy(pooled)
        self.lengths = np.diff(offsets)

    def batch(self, indices: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
        length = int(max(self.lengths[i] for i in indices))
        x = torch.zeros((len(indices), length, self.flat.shape[1]))
        mask = torch.zeros((len(indices), length))
        for row, i in enumerate(indices):
            n = int(self.lengths[i])
            x[row, :n] = self.flat[self.offsets[i] : self.offsets[i + 1]]
            mask[row, :n] = 1.0
        return x, mask


def mean_pool(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    return (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)


class Classifier(nn.Module):
    """The trained top layers and the logistic layer over standardised pools."""

    def __init__(self, model: Embedder, below: int, pools: tuple[int, ...], features: int):
        super().__init__()
        self.model, self.below, self.pools = model, below, pools
        self.dropout = nn.Dropout(DROPOUT)
        self.linear = nn.Linear(features, 1)
        nn.init.zeros_(self.linear.weight)
        nn.init.zeros_(self.linear.bias)
        self.register_buffer("mean", torch.zeros(features))
        self.register_buffer("scale", torch.ones(features))

    def features(self, states: States, indices: list[int]) -> torch.Tensor:
        x, mask = states.batch(indices)
        parts = [states.pooled[indices]]
        for number in range(self.below + 1, len(self.model.layers) + 1):
            x = self.model.layers[number - 1](x, mask)
            if number in self.pools:
                parts.append(mean_pool(x, mask))
        return torch.cat(parts, dim=1)

    def forward(self, states: States, indices: list[int]) -> torch.Tensor:
        standardised = (self.features(states, indices) - self.mean) / self.scale
        return self.linear(self.dropout(standardised)).squeeze(1)


def predict(classifier: Classifier, states: States) -> np.ndarray:
    classifier.eval()
    order = sorted(range(len(states.lengths)), key=lambda i: states.lengths[i])
    out = np.zeros(len(order))
    with torch.no_grad():
        for start in range(0, len(order), 128):
            chunk = order[start : start + 128]
            out[chunk] = torch.sigmoid(classifier(states, chunk)).numpy()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with ClaimBuster CSVs")
    parser.add_argument(
        "--exclude",
        type=Path,
        nargs="*",
        default=[DEFAULT_EXCLUDE],
        help="labelled files or folders whose sentences are left out of training (only their texts are read)",
    )
    parser.add_argument("--out", type=Path, default=checkworthiness.WEIGHTS_PATH)
    parser.add_argument("--layers", type=int, default=LAYERS, help="top transformer layers to fine-tune")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--lr", type=float, default=LEARNING_RATE, help="learning rate of the transformer layers")
    parser.add_argument("--head-lr", type=float, default=HEAD_LEARNING_RATE)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)

    model, tokenizer, below = shipped_with_top_trainable(args.layers)
    trained = model.layers[below:]

    train_texts, train_gold = read_labelled(args.data / "crowdsourced.csv")
    valid_texts, valid_gold = read_labelled(args.data / "groundtruth.csv")
    held = {_normal(text) for text in valid_texts}
    for path in args.exclude:
        if path.exists():
            for file in labelled_files(path):
                held |= {_normal(text) for text in read_labelled(file)[0]}
    keep = [i for i, text in enumerate(train_texts) if _normal(text) not in held]
    print(f"left out {len(train_texts) - len(keep)} training sentences found in the validation or excluded sets")
    train_texts = [train_texts[i] for i in keep]
    labels = torch.tensor([float(train_gold[i]) for i in keep])
    valid_labels = np.asarray(valid_gold, dtype=np.float64)
    print(f"training on {len(train_texts)} sentences ({int(labels.sum())} check-worthy)", flush=True)

    texts = train_texts + valid_texts
    ids = [tokenizer.encode(text, max_tokens=MAX_TOKENS) for text in texts]
    states = States(model, ids, below=below, pools=POOLS, pad_id=tokenizer.pad_id)
    n_train = len(train_texts)
    training = np.arange(n_train)
    validation_states = _Subset(states, n_train)

    features = len(POOLS) * model.word.shape[1]
    classifier = Classifier(model, below, POOLS, features)
    # Standardise with the shipped encoder's features of a sample of training sentences.
    sample = sorted(rng.choice(n_train, size=min(n_train, 2048), replace=False).tolist())
    with torch.no_grad():
        sampled = torch.cat([classifier.features(states, sample[k : k + 256]) for k in range(0, len(sample), 256)])
    classifier.mean.copy_(sampled.mean(0))
    classifier.scale.copy_(sampled.std(0) + 1e-6)

    optimizer = torch.optim.AdamW(
        [
            {"params": list(trained.parameters()), "lr": args.lr},
            {"params": list(classifier.linear.parameters()), "lr": args.head_lr},
        ],
        weight_decay=0.01,
    )
    steps = args.epochs * math.ceil(n_train / BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / max(1, steps // 10)) * max(0.0, (steps - step) / steps)
    )
    weights = torch.where(labels == 1, POSITIVE_WEIGHT, 1.0)
    best: tuple[float, int, dict[str, torch.Tensor]] | None = None
    started = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        classifier.train()
        total = 0.0
        for chunk in length_batches(states.lengths[:n_train], training, BATCH, rng):
            logits = classifier(states, chunk)
            loss = nn.functional.binary_cross_entropy_with_logits(logits, labels[chunk], weight=weights[chunk])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(chunk)
        scores = predict(classifier, validation_states)
        f1 = best_threshold(scores, valid_labels)[1]
        print(
            f"epoch {epoch}: loss {total / n_train:.4f}, groundtruth best F1 {f1:.4f} "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        if best is None or f1 > best[0]:
            best = (f1, epoch, {k: v.detach().clone() for k, v in classifier.state_dict().items()})
    assert best is not None
    classifier.load_state_dict(best[2])
    scores = predict(classifier, validation_states)
    threshold, valid_f1 = best_threshold(scores, valid_labels, tolerance=F1_TOLERANCE)
    threshold = round(threshold, 4)
    print(f"epoch {best[1]} kept: groundtruth F1 {best[0]:.4f} (best); threshold {threshold} with F1 {valid_f1:.4f}")

    # Folded for numpy: sigmoid(((features - mean) / scale) . weights + bias).
    spec: dict[str, np.ndarray] = {
        "layers": np.asarray(POOLS, dtype=np.int64),
        "weights": classifier.linear.weight.detach().numpy()[0].astype(np.float32),
        "bias": np.asarray(float(classifier.linear.bias.detach()), dtype=np.float32),
        "mean": classifier.mean.numpy().astype(np.float32),
        "scale": classifier.scale.numpy().astype(np.float32),
        "threshold": np.asarray(threshold, dtype=np.float32),
    }
    for layer in trained:
        spec.update({name: value.astype(np.float16) for name, value in layer.exported().items()})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **spec)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, layers {below + 1}-{len(model.layers)} tuned)")


class _Subset:
    """The validation rows of `States` (those from `start` on), indexed from 0."""

    def __init__(self, states: States, start: int):
        self.states, self.start = states, start
        self.lengths = states.lengths[start:]
        self.pooled = states.pooled[start:]

    def batch(self, indices: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
        return self.states.batch([self.start + i for i in indices])


if __name__ == "__main__":
    main()

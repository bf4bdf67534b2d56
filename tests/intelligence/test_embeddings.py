"""The numpy encoder must reproduce sentence-transformers' all-MiniLM-L6-v2 embeddings.

`data/minilm_reference.json` holds vectors and token ids computed once with sentence-transformers and the
Hugging Face tokenizer from the same packaged model files.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from claims.intelligence import embeddings

REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text(encoding="utf-8"))


def test_embeddings_match_sentence_transformers():
    vectors = embeddings.embed(REFERENCE["sentences"])
    reference = np.asarray(REFERENCE["vectors"], dtype=np.float32)
    assert vectors.shape == (len(REFERENCE["sentences"]), embeddings.DIMENSIONS)
    assert vectors.dtype == np.float32
    cosines = (vectors * reference).sum(axis=1) / np.linalg.norm(reference, axis=1)
    assert cosines.min() >= 0.999
    assert np.abs(vectors - reference).max() < 1e-3


def test_tokenizer_matches_huggingface_tokenizer():
    tokenizer = embeddings.get_encoder().tokenizer
    for case in REFERENCE["tokens"]:
        assert tokenizer.encode(case["text"]) == case["ids"], case["text"]


def test_long_input_is_truncated_to_the_model_maximum():
    long_text = REFERENCE["sentences"][-1]
    ids = embeddings.get_encoder().tokenizer.encode(long_text)
    assert len(ids) == REFERENCE["long_token_count"] == embeddings.MAX_TOKENS
    assert ids[-1] == embeddings.get_encoder().tokenizer.sep_id


def test_vectors_are_unit_length_and_independent_of_batching():
    texts = ["Short.", "A much longer sentence about the budget deficit in 2020 and what it means.", "Tax."]
    together = embeddings.embed(texts)
    alone = np.vstack([embeddings.embed([text]) for text in texts])
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_similar_sentences_are_closer_than_unrelated_ones():
    a, b, c = embeddings.embed(
        [
            "The unemployment rate dropped to four percent last year.",
            "Last year joblessness fell to 4%.",
            "My cat likes to sleep on the sofa.",
        ]
    )
    assert a @ b > a @ c + 0.3


def test_empty_input_and_single_string():
    assert embeddings.embed([]).shape == (0, embeddings.DIMENSIONS)
    with pytest.raises(TypeError):
        embeddings.embed("not a list")


def test_concurrent_first_use_loads_one_encoder(monkeypatch):
    monkeypatch.setattr(embeddings, "_encoder", None)
    loaded = []
    original = embeddings.MiniLMEncoder.from_directory

    def counting(path):
        loaded.append(path)
        return original(path)

    monkeypatch.setattr(embeddings.MiniLMEncoder, "from_directory", staticmethod(counting))
    results = []
    threads = [threading.Thread(target=lambda: results.append(embeddings.get_encoder())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loaded) == 1
    assert all(result is results[0] for result in results)


def test_wordpiece_splits_unknown_words_and_marks_unknown_characters():
    tokenizer = embeddings.WordPieceTokenizer(
        {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "un": 4, "##known": 5, ",": 6}
    )
    assert tokenizer.encode("Unknown, unk") == [2, 4, 5, 6, 1, 3]
    assert tokenizer.encode("unknown " * 10, max_tokens=5) == [2, 4, 5, 4, 3]


def test_batches_group_by_length_within_the_token_budget():
    encoded = [[0] * n for n in (5, 256, 10, 256, 40, 3)]
    batches = embeddings._batches(encoded, batch_size=3)
    assert sorted(i for batch in batches for i in batch) == list(range(len(encoded)))
    for batch in batches:
        assert len(batch) <= 3
        assert len(batch) * max(len(encoded[i]) for i in batch) <= embeddings.TOKENS_PER_BATCH
    assert batches[0] == [5, 0, 2]


def test_layer_pools_for_classifiers():
    encoder = embeddings.get_encoder()
    texts = ["Taxes rose by 12 percent.", "Hello."]
    pools = encoder.encode(texts, layers=(4, 6))
    assert pools.shape == (2, 2 * embeddings.DIMENSIONS)
    last = pools[:, embeddings.DIMENSIONS :]
    np.testing.assert_allclose(last / np.linalg.norm(last, axis=1, keepdims=True), encoder.encode(texts), atol=1e-5)
    with pytest.raises(ValueError):
        encoder.encode(texts, layers=(7,))

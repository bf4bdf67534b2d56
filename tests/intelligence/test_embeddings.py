"""The numpy encoder must reproduce sentence-transformers' all-MiniLM-L6-v2 embeddings, and the matching head
must change only the sentence embeddings.

`data/minilm_reference.json` holds vectors and token ids computed once with sentence-transformers and the
Hugging Face tokenizer from the same packaged model files: the model as shipped, without the head.
"""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path

import numpy as np
import pytest

from claims.intelligence import embeddings

REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base_encoder() -> embeddings.MiniLMEncoder:
    return embeddings.MiniLMEncoder.from_directory(embeddings.model_dir())


def test_embeddings_match_sentence_transformers(base_encoder):
    vectors = base_encoder.encode(REFERENCE["sentences"])
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

    def counting(path, **options):
        loaded.append(path)
        return original(path, **options)

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


def test_texts_of_different_lengths_in_one_batch_encode_as_they_do_alone():
    # A batch lays its texts end to end; only attention reads them apart, so nothing leaks between them.
    texts = [
        "Short one.",
        "The port authority said on Monday that 40 new ferries, ordered in 2023 for 1.2 billion euros, "
        "would enter service by the end of next year, doubling the number of daily crossings.",
        "Unemployment fell to 3 percent.",
    ]
    together = embeddings.embed(texts)
    alone = np.vstack([embeddings.embed([text]) for text in texts])
    np.testing.assert_allclose(together, alone, atol=1e-6)
    pools = embeddings.get_encoder().encode(texts, layers=(2, 6))
    pools_alone = np.vstack([embeddings.get_encoder().encode([text], layers=(2, 6)) for text in texts])
    np.testing.assert_allclose(pools, pools_alone, rtol=1e-5, atol=1e-5)


def test_layer_pools_for_classifiers(base_encoder):
    texts = ["Taxes rose by 12 percent.", "Hello."]
    pools = base_encoder.encode(texts, layers=(4, 6))
    assert pools.shape == (2, 2 * embeddings.DIMENSIONS)
    last = pools[:, embeddings.DIMENSIONS :]
    np.testing.assert_allclose(
        last / np.linalg.norm(last, axis=1, keepdims=True), base_encoder.encode(texts), atol=1e-5
    )
    with pytest.raises(ValueError):
        base_encoder.encode(texts, layers=(7,))


def test_matching_head_changes_the_embeddings_only(base_encoder):
    encoder = embeddings.get_encoder()
    assert 1 <= len(encoder.head_layers) < len(encoder.layers)
    texts = REFERENCE["sentences"][:6]
    headed = embeddings.embed(texts)
    base = base_encoder.encode(texts)
    assert headed.shape == base.shape == (len(texts), embeddings.DIMENSIONS)
    assert headed.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(headed, axis=1), 1.0, atol=1e-5)
    cosines = (headed * base).sum(axis=1)
    # A fine-tuned copy of the top layers: near the model's own vectors, not equal to them.
    assert cosines.max() < 0.9999
    assert cosines.min() > 0.5
    # Classifiers read the model's own layers, whatever the head.
    layers = (3, 4, 5, 6)
    np.testing.assert_allclose(
        encoder.encode(texts, layers=layers), base_encoder.encode(texts, layers=layers), atol=1e-5
    )
    pools, held = encoder.encode_with_pools(texts, layers=layers)
    np.testing.assert_allclose(pools, base_encoder.encode(texts, layers=layers), atol=1e-5)
    np.testing.assert_allclose(held.embed(range(len(texts))), headed, atol=1e-5)
    # Some texts' embeddings alone, in any order and repeated, are those rows of the whole.
    np.testing.assert_allclose(held.embed([2, 0, 2]), headed[[2, 0, 2]], atol=1e-5)
    assert held.embed([]).shape == (0, embeddings.DIMENSIONS)
    with pytest.raises(IndexError):
        held.embed([len(texts)])


def test_a_head_must_replace_the_top_layers(base_encoder):
    from safetensors.numpy import load_file

    weights = load_file(str(embeddings.model_dir() / "model.safetensors"))
    middle = {name: value for name, value in weights.items() if name.startswith("encoder.layer.2.")}
    with pytest.raises(ValueError):
        embeddings.MiniLMEncoder(weights, base_encoder.tokenizer, middle)
    # The model's own top layer as a head gives the model's own embeddings.
    top = {name: value for name, value in weights.items() if name.startswith("encoder.layer.5.")}
    same = embeddings.MiniLMEncoder(weights, base_encoder.tokenizer, top)
    assert same.branch == 5
    texts = ["Taxes rose by 12 percent.", "Hello."]
    np.testing.assert_allclose(same.encode(texts), base_encoder.encode(texts), atol=1e-6)


def test_a_branch_replaces_the_pools_above_its_start_only(base_encoder):
    from safetensors.numpy import load_file

    weights = load_file(str(embeddings.model_dir() / "model.safetensors"))
    top = {name: value for name, value in weights.items() if name.startswith(("encoder.layer.4.", "encoder.layer.5."))}
    texts = ["Taxes rose by 12 percent.", "Hello.", "The minister said the plan would cost $4 billion."]
    layers = (3, 4, 5, 6)
    own = base_encoder.encode(texts, layers=layers)
    # The model's own top layers as a branch give the model's own pools.
    same = base_encoder.make_branch(top)
    assert same.start == 4
    np.testing.assert_allclose(base_encoder.encode(texts, layers=layers, branch=same), own, atol=1e-5)
    # Changed top layers change the pools of layers 5 and 6, not those below, nor the sentence embeddings.
    changed = base_encoder.make_branch(
        {name: value * 0.9 if "dense.weight" in name else value for name, value in top.items()}
    )
    pools, held = base_encoder.encode_with_pools(texts, layers=layers, branch=changed)
    width = 2 * embeddings.DIMENSIONS
    np.testing.assert_allclose(pools[:, :width], own[:, :width], atol=1e-5)
    assert np.abs(pools[:, width:] - own[:, width:]).max() > 1e-2
    np.testing.assert_allclose(held.embed(range(len(texts))), base_encoder.encode(texts), atol=1e-5)
    with pytest.raises(ValueError):
        base_encoder.make_branch({name: value for name, value in top.items() if name.startswith("encoder.layer.4.")})


@pytest.mark.parametrize("size", [1, 5, embeddings._GELU_CHUNK, embeddings._GELU_CHUNK * 2 + 3])
def test_gelu_is_the_erf_gelu_across_chunk_boundaries(size):
    x = np.linspace(-6.0, 6.0, size, dtype=np.float32).reshape(-1, 1) if size > 1 else np.array([0.7], np.float32)
    exact = np.array([0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0))) for v in x.ravel().tolist()])
    result = embeddings._gelu(x.copy())
    assert result.shape == x.shape
    assert np.abs(result.ravel() - exact).max() < 1e-6

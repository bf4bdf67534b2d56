"""all-MiniLM-L6-v2's layers in torch, for the training scripts (the service runs them with numpy)."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn


class Layer(nn.Module):
    """One BERT layer (post-layer-norm, exact GELU), parameters named as in the model's safetensors."""

    def __init__(self, weights: dict[str, np.ndarray], prefix: str, heads: int = 12):
        super().__init__()
        self.heads = heads
        self.names = {}
        self.params = nn.ParameterDict()
        for name, value in weights.items():
            if name.startswith(prefix):
                key = name[len(prefix) :].replace(".", "__")
                self.params[key] = nn.Parameter(torch.from_numpy(np.array(value, dtype=np.float32)))
                self.names[key] = name

    def p(self, name: str) -> torch.Tensor:
        return self.params[name.replace(".", "__")]

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        width = hidden // self.heads

        def project(name: str) -> torch.Tensor:
            out = x @ self.p(f"attention.self.{name}.weight").T + self.p(f"attention.self.{name}.bias")
            return out.view(batch, length, self.heads, width).transpose(1, 2)

        q, k, v = project("query"), project("key"), project("value")
        scores = q @ k.transpose(-1, -2) / math.sqrt(width) + ((1.0 - mask) * -1e9)[:, None, None, :]
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, hidden)
        attended = context @ self.p("attention.output.dense.weight").T + self.p("attention.output.dense.bias")
        x = nn.functional.layer_norm(
            attended + x,
            (hidden,),
            self.p("attention.output.LayerNorm.weight"),
            self.p("attention.output.LayerNorm.bias"),
            eps=1e-12,
        )
        up = nn.functional.gelu(x @ self.p("intermediate.dense.weight").T + self.p("intermediate.dense.bias"))
        down = up @ self.p("output.dense.weight").T + self.p("output.dense.bias")
        return nn.functional.layer_norm(
            down + x, (hidden,), self.p("output.LayerNorm.weight"), self.p("output.LayerNorm.bias"), eps=1e-12
        )

    def exported(self) -> dict[str, np.ndarray]:
        return {self.names[key]: value.detach().numpy().astype(np.float32) for key, value in self.params.items()}


class Embedder(nn.Module):
    """The embedding layer and every transformer layer of the model, mean pooling and L2 normalisation."""

    def __init__(self, weights: dict[str, np.ndarray]):
        super().__init__()
        count = 0
        while f"encoder.layer.{count}.attention.self.query.weight" in weights:
            count += 1
        self.layers = nn.ModuleList(Layer(weights, f"encoder.layer.{i}.") for i in range(count))
        t = {
            name: torch.from_numpy(np.array(value, dtype=np.float32))
            for name, value in weights.items()
            if name.startswith("embeddings.")
        }
        self.word = t["embeddings.word_embeddings.weight"]
        self.position = t["embeddings.position_embeddings.weight"]
        self.token_type = t["embeddings.token_type_embeddings.weight"][0]
        self.ln = (t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.word[ids] + self.position[: ids.shape[1]] + self.token_type
        return nn.functional.layer_norm(x, (x.shape[-1],), *self.ln, eps=1e-12)

    def run(self, x: torch.Tensor, mask: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        for layer in self.layers[start:stop]:
            x = layer(x, mask)
        return x


def pad(ids: list[list[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(len(row) for row in ids)
    out = torch.full((len(ids), length), pad_id, dtype=torch.long)
    mask = torch.zeros((len(ids), length))
    for i, row in enumerate(ids):
        out[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1.0
    return out, mask


def shipped_with_top_trainable(layers: int):
    """The shipped all-MiniLM-L6-v2 in torch with only its top `layers` trainable: (model, tokenizer, index of the
    first trainable layer). The lower layers stay frozen, so their outputs can be computed once and cached."""
    from safetensors.numpy import load_file

    from claims.intelligence import embeddings

    directory = embeddings.model_dir()
    model = Embedder(load_file(str(directory / "model.safetensors")))
    below = len(model.layers) - layers
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    for parameter in model.layers[below:].parameters():
        parameter.requires_grad_(True)
    return model, embeddings.WordPieceTokenizer.from_file(directory / "tokenizer.json"), below

"""The bundled MiniLM (all-MiniLM-L6-v2) as a plain numpy forward pass, for one short sentence at a time.

Why a second path beside `vectorstore.model`: the agent's planner embeds one request per turn, also in
`hookline chat --plan`, which must answer within a second; importing sentence-transformers/torch alone takes
seconds. The same weights (safetensors) and tokenizer (tokenizers, Rust) run here in a few milliseconds with no torch.
`tests/agent/test_semantic.py` checks the vectors against sentence-transformers' own. For batches and everything
else, use `vectorstore.model.embed_texts`.
"""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.model import resolve_model_path

MAX_TOKENS = 64  # requests are short; longer ones are cut (the intent is in the first words)
_lock = threading.Lock()
_encoders: dict[str, FastEncoder] = {}


class FastEncoder:
    """BERT encoder + mean pooling + L2 normalisation, as sentence-transformers runs all-MiniLM-L6-v2."""

    def __init__(self, folder: Path) -> None:
        from threadpoolctl import ThreadpoolController
        from tokenizers import Tokenizer

        # one short sentence: BLAS threads only contend (tens of ms lost on a busy machine), so run on one
        self._threads = ThreadpoolController()

        config = json.loads((folder / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.layers = int(config["num_hidden_layers"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        w = _mapped(folder / "model.safetensors")
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in w else ""
        self.w: dict[str, Any] = {k.removeprefix(prefix): v for k, v in w.items()}
        # one matmul for query, key and value (a 1.7 MB copy per layer; the rest stay views of the map)
        self.qkv = [(np.ascontiguousarray(np.concatenate([self.w[f"encoder.layer.{i}.attention.self.{m}.weight"]
                                                          for m in ("query", "key", "value")]).T),
                     np.concatenate([self.w[f"encoder.layer.{i}.attention.self.{m}.bias"]
                                     for m in ("query", "key", "value")])) for i in range(self.layers)]

    def _ln(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def encode(self, text: str) -> np.ndarray:
        """The 384-d unit vector of `text`."""
        with self._threads.limit(limits=1, user_api="blas"):
            return self._encode(text)

    def _encode(self, text: str) -> np.ndarray:
        ids = np.array(self.tokenizer.encode(text).ids, dtype=np.int64)
        w, n = self.w, len(ids)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n] + \
            w["embeddings.token_type_embeddings.weight"][0]
        x = self._ln(x, "embeddings.LayerNorm")
        size = x.shape[1] // self.heads
        scale = 1.0 / math.sqrt(size)
        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            weight, bias = self.qkv[i]
            q, k, v = np.split((x @ weight + bias).reshape(n, 3, self.heads, size), 3, axis=1)
            q, k, v = q[:, 0].transpose(1, 0, 2), k[:, 0].transpose(1, 2, 0), v[:, 0].transpose(1, 0, 2)
            scores = (q @ k) * scale
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, -1)
            x = self._ln(self._dense(context, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
            h = self._dense(x, f"{p}.intermediate.dense")
            h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))  # exact GELU, as BERT
            x = self._ln(self._dense(h, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
        pooled = x.mean(0)
        return (pooled / (np.linalg.norm(pooled) or 1.0)).astype(np.float32)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf by the Numerical Recipes erfc Chebyshev fit (|error| < 1.2e-7): exact GELU without scipy."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    r = t * np.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
    return np.where(x >= 0, 1.0 - r, r - 1.0).astype(x.dtype)


_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "BF16": None}


def _mapped(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a safetensors file as read-only views of one memory map: no copy, no load time."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    size = int.from_bytes(raw[:8].tobytes(), "little")
    header = json.loads(raw[8:8 + size].tobytes())
    base = 8 + size
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, which the fast encoder cannot read")
        start, end = info["data_offsets"]
        tensors[name] = raw[base + start:base + end].view(dtype).reshape(info["shape"])
    return tensors


def fast_encoder(configured: Path | str | None = None) -> FastEncoder:
    """The process's encoder for the configured (else bundled) model folder, loaded once."""
    folder = resolve_model_path(configured)
    key = str(folder)
    encoder = _encoders.get(key)
    if encoder is None:
        with _lock:
            encoder = _encoders.get(key)
            if encoder is None:
                encoder = _encoders[key] = FastEncoder(folder)
    return encoder

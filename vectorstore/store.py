"""`VectorStore`: what the runtime hands to tools — one Chroma client, the embedding model, cached collection handles.

Why a thin object: queries must cost no more than a bare Chroma query (embed once, one round trip), so collection
handles are cached per process and embeddings are computed here once and passed to Chroma as vectors.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vectorstore.client import client_key, make_client
from vectorstore.model import embed_texts, resolve_model_path

if TYPE_CHECKING:
    import numpy as np

    from tools.core.settings import Settings

_collections: dict[tuple[str, str], Any] = {}
_collections_lock = threading.Lock()


class VectorStore:
    """Chroma (embedded or server) plus the MiniLM model, for one installation."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.key = client_key(settings.chroma_url, settings.home)

    @property
    def mode(self) -> str:
        return "server" if self.settings.chroma_url else "embedded"

    @cached_property
    def model_path(self) -> Path:
        return resolve_model_path(self.settings.embedding_model)

    @cached_property
    def client(self) -> Any:
        if not self.settings.chroma_url:
            self.settings.ensure_home()
        return make_client(self.settings.chroma_url, self.settings.home)

    @cached_property
    def embedding_function(self) -> Any:
        from vectorstore.embedding import MiniLMEmbeddingFunction

        return MiniLMEmbeddingFunction(self.model_path)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings for documents or queries (same model, same space)."""
        return embed_texts(self.model_path, texts)

    def collection(self, name: str, metadata: dict[str, Any] | None = None, create: bool = True) -> Any | None:
        """The named collection (cached per process). With `create=False`, None when it does not exist yet."""
        cache_key = (self.key, name)
        handle = _collections.get(cache_key)
        if handle is not None:
            return handle
        with _collections_lock:
            handle = _collections.get(cache_key)
            if handle is None:
                handle = self._open(name, metadata, create)
                if handle is not None:
                    _collections[cache_key] = handle
        return handle

    def _open(self, name: str, metadata: dict[str, Any] | None, create: bool) -> Any | None:
        ef = self.embedding_function  # imports and registers the function before any get_collection
        if create:
            return self.client.get_or_create_collection(
                name, embedding_function=ef, metadata=metadata, configuration={"hnsw": {"space": "cosine"}}
            )
        try:
            return self.client.get_collection(name, embedding_function=ef)
        except Exception as exc:  # chromadb raises NotFoundError (embedded) or a ValueError-like error (server)
            if "does not exist" in str(exc) or exc.__class__.__name__ == "NotFoundError":
                return None
            raise

    def forget(self, name: str) -> None:
        """Drop a cached handle (after deleting the collection)."""
        with _collections_lock:
            _collections.pop((self.key, name), None)


def forget_collections() -> None:
    with _collections_lock:
        _collections.clear()

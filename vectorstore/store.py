"""`VectorStore`: what the runtime hands to tools — one Chroma client, the embedding model, cached collection handles.

Why a thin object: queries must cost no more than a bare Chroma query (embed once, one round trip), so collection
handles are cached per process and embeddings are computed here once and passed to Chroma as vectors.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vectorstore.client import client_key, make_client, parse_chroma_url
from vectorstore.model import embed_texts, resolve_model_path

if TYPE_CHECKING:
    import numpy as np

_collections: dict[tuple[str, str], Any] = {}
_collections_lock = threading.Lock()


class VectorStore:
    """Chroma (embedded under `home`, or the server at `chroma_url`) plus the embedding model, for one installation.

    The arguments are checked here, before anything is opened: a malformed URL or a missing model folder raises
    `VectorStoreConfigError` naming the argument. A server that does not answer raises `VectorStoreUnavailable` when
    the client is first used.
    """

    def __init__(self, chroma_url: str | None, home: Path, embedding_model: Path | str | None = None) -> None:
        if chroma_url:
            parse_chroma_url(chroma_url)
        self.chroma_url = chroma_url or None
        self.home = Path(home)
        self.model_path: Path = resolve_model_path(embedding_model)
        self.key = client_key(self.chroma_url, self.home)

    @property
    def mode(self) -> str:
        return "server" if self.chroma_url else "embedded"

    @cached_property
    def client(self) -> Any:
        return make_client(self.chroma_url, self.home)

    @cached_property
    def embedding_function(self) -> Any:
        from vectorstore.embedding import MiniLMEmbeddingFunction

        return MiniLMEmbeddingFunction(self.model_path)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings for documents or queries (same model, same space, the shared text cache)."""
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

"""Vector store: the Chroma client factory (embedded or server), the MiniLM embedding function, named collections.

Nothing here imports chromadb or sentence-transformers at package import time; `open_vector_store(settings)` is the
entry point and everything heavy loads on first use, once per process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.core.settings import Settings
    from vectorstore.store import VectorStore


def open_vector_store(settings: Settings) -> VectorStore:
    """The vector store for these settings (cheap: the client and the model are built lazily)."""
    from vectorstore.store import VectorStore

    return VectorStore(settings)


__all__ = ["open_vector_store"]

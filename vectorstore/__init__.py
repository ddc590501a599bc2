"""Vector store: the Chroma client factory (embedded or server), the MiniLM embedding model, named collections.

A leaf: it takes plain values (server URL, home folder, model folder) and raises its own errors
(`vectorstore.errors`), so it imports nothing from Hookline's other layers. Nothing here imports chromadb or
sentence-transformers at package import time; everything heavy loads on first use, once per process.
"""

from __future__ import annotations

from pathlib import Path

from vectorstore.store import VectorStore


def open_vector_store(chroma_url: str | None, home: Path, embedding_model: Path | str | None = None) -> VectorStore:
    """The vector store for these values (cheap: checks them; the client and the model are built lazily)."""
    return VectorStore(chroma_url, home, embedding_model)


__all__ = ["VectorStore", "open_vector_store"]

"""The vector store's own errors, so this leaf needs nothing from the layers above it.

Why separate types: the caller (Hookline's runtime) knows which user-facing setting a value came from and how its
edges report problems; the store only says which of its arguments was unusable or that the server did not answer.
"""

from __future__ import annotations


class VectorStoreError(Exception):
    """Base class for errors the vector store raises on purpose."""


class VectorStoreConfigError(VectorStoreError, ValueError):
    """An argument cannot work (`setting` names it: `chroma_url` or `embedding_model`); nothing was opened."""

    def __init__(self, setting: str, value: str, problem: str) -> None:
        super().__init__(f"{setting} {value!r} {problem}")
        self.setting = setting
        self.value = value
        self.problem = problem


class VectorStoreUnavailable(VectorStoreError):
    """The Chroma server at `url` did not answer when the client was created."""

    def __init__(self, url: str, cause: BaseException) -> None:
        super().__init__(f"Chroma server at {url} did not answer ({cause.__class__.__name__}: {cause})")
        self.url = url
        self.cause = cause

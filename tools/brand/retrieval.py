"""Retrieval from the workspace's brand collection: plain top-k search and MMR context for prompts.

Kept thin on purpose (the benchmark holds it to ≤ 1.2× a bare Chroma query): the query is embedded once, Chroma is
asked once, and results are checked against the workspace recorded in each record's metadata.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tools.brand.kinds import validate_kind
from tools.brand.mmr import mmr_select
from tools.brand.store import WORKSPACE_KEY, brand_collection
from tools.core.domain.brand import BrandHit
from tools.core.errors import InputError

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

MAX_K = 100


def _where(kinds: Sequence[str] | None) -> dict[str, Any] | None:
    if not kinds:
        return None
    valid = [k for k in (validate_kind(kind) for kind in kinds) if k]
    return {"kind": valid[0]} if len(valid) == 1 else {"kind": {"$in": valid}}


def _check_query(query: str, k: int) -> str:
    text = (query or "").strip()
    if not text:
        raise InputError("The search query is empty: ask a question or give some words.", field="query")
    if not 1 <= k <= MAX_K:
        raise InputError(f"k={k} is out of range: expected 1-{MAX_K}.", field="k")
    return text


def _hits(runtime: WorkspaceRuntime, ids: list[str], documents: list[str], metadatas: list[Any],
          distances: list[float] | None) -> list[BrandHit]:
    hits: list[BrandHit] = []
    for index, chunk_id in enumerate(ids):
        metadata = metadatas[index] or {}
        if metadata.get(WORKSPACE_KEY) != runtime.workspace:
            continue  # belt and braces: a record that is not this workspace's is never returned
        score = 1.0 - float(distances[index]) if distances is not None else 1.0
        hits.append(BrandHit(
            id=chunk_id, text=documents[index] or "", kind=str(metadata.get("kind", "guideline")),
            source=str(metadata.get("source", "")), score=round(score, 6),
            position=int(metadata.get("position", 0) or 0), heading=str(metadata.get("heading", "")),
        ))
    return hits


def search(runtime: WorkspaceRuntime, query: str, k: int = 5, kinds: Sequence[str] | None = None) -> list[BrandHit]:
    """The `k` passages most similar to `query` (cosine), optionally only of the given kinds."""
    text = _check_query(query, k)
    where = _where(kinds)
    collection = brand_collection(runtime, create=False)
    if collection is None:
        return []
    vector = runtime.vectors.embed([text])
    result = collection.query(query_embeddings=vector, n_results=k, where=where,
                              include=["documents", "metadatas", "distances"])
    return _hits(runtime, result["ids"][0], result["documents"][0], result["metadatas"][0], result["distances"][0])


def context(runtime: WorkspaceRuntime, query: str, k: int = 6, kinds: Sequence[str] | None = None,
            fetch_k: int | None = None, lambda_mult: float = 0.5) -> list[BrandHit]:
    """`k` passages for a prompt: relevant to `query` and diverse (MMR over the `fetch_k` nearest)."""
    text = _check_query(query, k)
    where = _where(kinds)
    collection = brand_collection(runtime, create=False)
    if collection is None:
        return []
    import numpy as np

    vector = runtime.vectors.embed([text])
    fetch = min(max(fetch_k or 4 * k, k), 4 * MAX_K)
    result = collection.query(query_embeddings=vector, n_results=fetch, where=where,
                              include=["documents", "metadatas", "distances", "embeddings"])
    ids = result["ids"][0]
    if not ids:
        return []
    candidates = np.asarray(result["embeddings"][0], dtype=np.float32)
    order = mmr_select(np.asarray(vector[0], dtype=np.float32), candidates, k, lambda_mult)
    hits = _hits(runtime, ids, result["documents"][0], result["metadatas"][0], result["distances"][0])
    by_id = {hit.id: hit for hit in hits}
    return [by_id[ids[i]] for i in order if ids[i] in by_id]


def get_chunks(runtime: WorkspaceRuntime, ids: Sequence[str]) -> list[BrandHit]:
    """Passages by id, only from this workspace's collection (an id of another workspace returns nothing)."""
    if not ids:
        return []
    collection = brand_collection(runtime, create=False)
    if collection is None:
        return []
    result = collection.get(ids=list(ids), include=["documents", "metadatas"])
    return _hits(runtime, result["ids"], result["documents"], result["metadatas"], None)

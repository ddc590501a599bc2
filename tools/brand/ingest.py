"""Adding brand material: read → chunk → de-duplicate → embed → store, all or nothing across SQL and Chroma.

The write protocol (why it cannot leave half a document behind):
1. every input is read, chunked and embedded (`embedding_text.py`) before anything is written: a bad file
   stops here;
2. a journal row naming the new Chroma ids is committed (`brand_pending_writes`);
3. vectors go to Chroma;
4. one SQL transaction inserts the documents and chunks, merges the profile and deletes the journal row.
Any error in 3-4 deletes the new vectors and the journal row. If the process dies between 2 and 4, the journal row
outlives it and the next add in the workspace removes those vectors (`recover_pending`).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from tools.brand.chunking import chunk_text, normalise_for_hash
from tools.brand.embedding_text import drop_shared_title, passage_embeddings
from tools.brand.kinds import infer_kind
from tools.brand.profile import derive_profile, merge_derived
from tools.brand.readers import SourceText
from tools.brand.store import WORKSPACE_KEY, brand_collection, profile_record
from tools.core.db.base import utcnow
from tools.core.db.models import BrandChunkRecord, BrandDocument, BrandPendingWrite
from tools.core.domain.brand import BrandAddResult
from tools.core.errors import InputError

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

STALE_PENDING_AFTER = timedelta(minutes=10)  # an add never takes this long between journal and commit
_IN_BATCH = 500


@dataclass
class _NewChunk:
    source_index: int
    text: str
    heading: str
    body: str
    position: int
    kind: str
    text_hash: str
    trail: str  # heading trail used for the embedding (document title dropped when shared)


def ingest_sources(runtime: WorkspaceRuntime, sources: list[SourceText], kind: str | None = None,
                   progress: Any = None) -> BrandAddResult:
    """Store the new passages of `sources` (already read and validated) for the runtime's workspace."""
    candidates = _candidates(sources, kind)
    workspace_id = runtime.workspace_id
    recover_pending(runtime)

    existing = _existing_hashes(runtime, workspace_id, [c.text_hash for c in candidates])
    fresh: list[_NewChunk] = []
    seen: set[str] = set()
    for chunk in candidates:
        if chunk.text_hash in existing or chunk.text_hash in seen:
            continue
        seen.add(chunk.text_hash)
        fresh.append(chunk)
    skipped = len(candidates) - len(fresh)
    if not fresh:
        return BrandAddResult(added=0, ids=[], skipped_duplicates=skipped)

    if progress:
        progress(f"Embedding {len(fresh)} passages")
    embeddings = passage_embeddings(runtime.vectors, [c.kind for c in fresh], [c.trail for c in fresh],
                                    [c.body for c in fresh])
    collection = brand_collection(runtime, create=True)
    ids = [uuid.uuid4().hex for _ in fresh]

    with runtime.session() as session:
        journal = BrandPendingWrite(workspace_id=workspace_id, collection=collection.name, chunk_ids=ids)
        session.add(journal)
        session.flush()
        journal_id = journal.id

    try:
        _add_vectors(runtime, collection, ids, fresh, sources, embeddings)
        with runtime.session() as session:
            _insert_rows(session, workspace_id, sources, fresh, ids, kind)
            record = profile_record(session, workspace_id, create=True)
            assert record is not None
            new_facts = derive_profile((c.kind, c.heading, c.body, c.position) for c in fresh)
            record.derived = merge_derived(dict(record.derived or {}), new_facts)
            session.execute(delete(BrandPendingWrite).where(BrandPendingWrite.id == journal_id))
    except BaseException:
        _undo(runtime, collection, ids, journal_id)
        raise

    contributing = sorted({c.source_index for c in fresh})
    return BrandAddResult(
        added=len(ids), ids=ids, skipped_duplicates=skipped,
        documents=[sources[i].source for i in contributing],
        kinds=dict(Counter(c.kind for c in fresh)),
    )


def _candidates(sources: list[SourceText], kind: str | None) -> list[_NewChunk]:
    candidates: list[_NewChunk] = []
    for index, source in enumerate(sources):
        chunks = chunk_text(source.text)
        if not chunks:
            raise InputError(f"{source.source}: no text passages found (only headings or blank lines?).",
                             file=source.location or source.source)
        trails = drop_shared_title([chunk.heading for chunk in chunks])
        for chunk, trail in zip(chunks, trails, strict=True):
            candidates.append(_NewChunk(
                source_index=index, text=chunk.text, heading=chunk.heading, body=chunk.body,
                position=chunk.position, kind=kind or infer_kind(chunk.heading, chunk.body),
                text_hash=hashlib.sha256(normalise_for_hash(chunk.text).encode("utf-8")).hexdigest(), trail=trail,
            ))
    return candidates


def _existing_hashes(runtime: WorkspaceRuntime, workspace_id: int, hashes: list[str]) -> set[str]:
    found: set[str] = set()
    with runtime.session() as session:
        for start in range(0, len(hashes), _IN_BATCH):
            batch = hashes[start:start + _IN_BATCH]
            found.update(session.scalars(select(BrandChunkRecord.text_hash).where(
                BrandChunkRecord.workspace_id == workspace_id, BrandChunkRecord.text_hash.in_(batch)
            )))
    return found


def _add_vectors(runtime: WorkspaceRuntime, collection: Any, ids: list[str], fresh: list[_NewChunk],
                 sources: list[SourceText], embeddings: Any) -> None:
    metadatas = []
    for chunk in fresh:
        source = sources[chunk.source_index]
        metadata: dict[str, str | int] = {
            WORKSPACE_KEY: runtime.workspace, "kind": chunk.kind, "source": source.source,
            "position": chunk.position, "heading": chunk.heading, "document": source.content_hash[:16],
        }
        metadata.update(source.metadata)
        metadatas.append(metadata)
    batch = _max_batch(runtime)
    for start in range(0, len(ids), batch):
        end = start + batch
        collection.add(
            ids=ids[start:end], embeddings=embeddings[start:end], documents=[c.text for c in fresh[start:end]],
            metadatas=metadatas[start:end],
        )


def _max_batch(runtime: WorkspaceRuntime) -> int:
    try:
        return max(1, min(int(runtime.vectors.client.get_max_batch_size()), 5000))
    except Exception:
        return 1000


def _insert_rows(session: Any, workspace_id: int, sources: list[SourceText], fresh: list[_NewChunk],
                 ids: list[str], kind: str | None) -> None:
    per_source = Counter(c.source_index for c in fresh)
    documents: dict[int, BrandDocument] = {}
    for index, count in per_source.items():
        source = sources[index]
        document = session.scalar(select(BrandDocument).where(
            BrandDocument.workspace_id == workspace_id, BrandDocument.content_hash == source.content_hash
        ))
        if document is None:
            document = BrandDocument(
                workspace_id=workspace_id, source=source.source, location=source.location, format=source.format,
                kind=kind, content_hash=source.content_hash, chunk_count=0,
            )
            session.add(document)
        document.chunk_count = (document.chunk_count or 0) + count
        documents[index] = document
    session.flush()
    session.add_all([
        BrandChunkRecord(
            id=chunk_id, workspace_id=workspace_id, document_id=documents[chunk.source_index].id, kind=chunk.kind,
            position=chunk.position, heading=chunk.heading, text=chunk.text, text_hash=chunk.text_hash,
        )
        for chunk_id, chunk in zip(ids, fresh, strict=True)
    ])
    session.flush()


def _undo(runtime: WorkspaceRuntime, collection: Any, ids: list[str], journal_id: int) -> None:
    """Remove what this add put in Chroma and its journal row. Best effort: a failure here leaves the journal row,
    and `recover_pending` finishes the job on the next add."""
    try:
        for start in range(0, len(ids), 5000):
            collection.delete(ids=ids[start:start + 5000])
    except Exception:
        return
    try:
        with runtime.session() as session:
            session.execute(delete(BrandPendingWrite).where(BrandPendingWrite.id == journal_id))
    except Exception:
        return


def recover_pending(runtime: WorkspaceRuntime, older_than: timedelta = STALE_PENDING_AFTER) -> int:
    """Delete vectors of adds that died before committing (journal rows older than `older_than`). Returns how many
    vector ids were cleaned up."""
    workspace_id = runtime.workspace_id
    cutoff = utcnow() - older_than
    with runtime.session() as session:
        stale = list(session.scalars(select(BrandPendingWrite).where(
            BrandPendingWrite.workspace_id == workspace_id, BrandPendingWrite.created_at <= cutoff
        )))
        jobs = [(row.id, list(row.chunk_ids or [])) for row in stale]
    if not jobs:
        return 0
    collection = brand_collection(runtime, create=True)
    cleaned = 0
    for journal_id, ids in jobs:
        committed: set[str] = set()
        with runtime.session() as session:
            for start in range(0, len(ids), _IN_BATCH):
                batch = ids[start:start + _IN_BATCH]
                committed.update(session.scalars(select(BrandChunkRecord.id).where(BrandChunkRecord.id.in_(batch))))
        orphans = [i for i in ids if i not in committed]
        for start in range(0, len(orphans), 5000):
            collection.delete(ids=orphans[start:start + 5000])
        cleaned += len(orphans)
        with runtime.session() as session:
            session.execute(delete(BrandPendingWrite).where(BrandPendingWrite.id == journal_id))
    return cleaned

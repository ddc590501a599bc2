"""Where brand material lives: the workspace's Chroma collection and its SQL registry/profile rows.

Isolation: each workspace has its own collection (see `vectorstore/names.py`); every handle is checked against the
workspace recorded in the collection's metadata, and every record returned is checked against the workspace in its
own metadata, so a wrong name can never leak another workspace's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from tools.brand.profile import build_profile
from tools.core.db.models import BrandChunkRecord, BrandDocument, BrandProfileRecord
from tools.core.domain.brand import BrandProfile
from tools.core.runtime import WorkspaceRuntime, vector_store_errors
from vectorstore.names import brand_collection_name

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

WORKSPACE_KEY = "hookline_workspace"


def brand_collection(runtime: WorkspaceRuntime, create: bool = True) -> Any | None:
    """The workspace's brand collection; None when it does not exist and `create` is False."""
    name = brand_collection_name(runtime.workspace)
    with vector_store_errors():  # the first touch of the Chroma client: a silent server is reported here
        collection = runtime.vectors.collection(
            name, metadata={"hookline_area": "brand", WORKSPACE_KEY: runtime.workspace}, create=create
        )
    if collection is not None:
        owner = (collection.metadata or {}).get(WORKSPACE_KEY)
        if owner != runtime.workspace:
            raise RuntimeError(
                f"Chroma collection {name!r} belongs to workspace {owner!r}, not {runtime.workspace!r}; refusing it."
            )
    return collection


def profile_record(session: Session, workspace_id: int, create: bool = False) -> BrandProfileRecord | None:
    record = session.get(BrandProfileRecord, workspace_id)
    if record is None and create:
        record = BrandProfileRecord(workspace_id=workspace_id, derived={}, edits={})
        session.add(record)
        session.flush()
    return record


def load_profile(runtime: WorkspaceRuntime) -> BrandProfile:
    """The effective profile (SQL only: no model, no Chroma), empty defaults when there is no material."""
    workspace_id = runtime.workspace_id
    with runtime.session() as session:
        record = profile_record(session, workspace_id)
        documents = session.scalar(
            select(func.count()).select_from(BrandDocument).where(BrandDocument.workspace_id == workspace_id)
        ) or 0
        chunks = session.scalar(
            select(func.count()).select_from(BrandChunkRecord).where(BrandChunkRecord.workspace_id == workspace_id)
        ) or 0
        derived = dict(record.derived or {}) if record else {}
        edits = dict(record.edits or {}) if record else {}
    return build_profile(runtime.workspace, derived, edits, documents=documents, chunks=chunks)

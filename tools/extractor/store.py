"""Blueprints in the database: attach to one of our creatives (by ad id or creative key) or to none (competitors)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.core.db.models import Ad, BlueprintRecord, Creative
from tools.core.domain.blueprint import Blueprint
from tools.core.errors import InputError
from tools.core.runtime import WorkspaceRuntime


@dataclass(frozen=True)
class StoredBlueprint:
    id: int
    creative_id: int | None
    source: str
    kind: str
    content_hash: str
    attributes: dict
    blueprint: Blueprint
    created_at: datetime


def resolve_creative(session: Session, workspace_id: int, reference: str) -> int:
    """The creative behind an ad id (our ad's external id), or a creative key; InputError when neither exists."""
    ad = session.scalar(select(Ad).where(Ad.workspace_id == workspace_id, Ad.external_id == reference))
    if ad is not None:
        if ad.creative_id is None:
            raise InputError(f"Ad {reference} has no creative to attach a blueprint to; import its creative first.",
                             field="ad")
        return ad.creative_id
    creative = session.scalar(select(Creative).where(Creative.workspace_id == workspace_id,
                                                     Creative.key == reference))
    if creative is not None:
        return creative.id
    raise InputError(f"No ad or creative with id {reference!r} in this workspace (check `hookline winners` or the "
                     "imported ad ids).", field="ad")


def save_blueprint(runtime: WorkspaceRuntime, blueprint: Blueprint, creative_ref: str | None) -> tuple[int, int | None]:
    """Insert, or update the row for the same content and creative; one transaction. Returns (id, creative id)."""
    workspace_id = runtime.workspace_id
    payload = blueprint.model_dump(mode="json", exclude={"stored_id", "creative_id"})
    with runtime.session() as session:
        creative_id = resolve_creative(session, workspace_id, creative_ref) if creative_ref else None
        same_creative = (BlueprintRecord.creative_id.is_(None) if creative_id is None
                         else BlueprintRecord.creative_id == creative_id)
        query = select(BlueprintRecord).where(
            BlueprintRecord.workspace_id == workspace_id,
            BlueprintRecord.content_hash == blueprint.source.content_hash,
            same_creative,
        )
        record = session.scalars(query.order_by(BlueprintRecord.id)).first()
        if record is None:
            record = BlueprintRecord(workspace_id=workspace_id, creative_id=creative_id,
                                     content_hash=blueprint.source.content_hash, source=blueprint.source.uri,
                                     origin=blueprint.source.origin, kind=blueprint.kind,
                                     extractor_version=blueprint.extractor_version, attributes={}, blueprint={})
            session.add(record)
        record.source = blueprint.source.uri
        record.kind = blueprint.kind
        record.origin = blueprint.source.origin
        record.extractor_version = blueprint.extractor_version
        record.attributes = blueprint.attributes()
        record.blueprint = payload
        session.flush()
        return record.id, creative_id


def list_blueprints(runtime: WorkspaceRuntime, *, creative_ids: list[int] | None = None, kind: str | None = None,
                    competitors_only: bool = False, limit: int | None = None) -> list[StoredBlueprint]:
    """Stored blueprints of this workspace, newest first (for the analyst and the creator)."""
    with runtime.session() as session:
        query = select(BlueprintRecord).where(BlueprintRecord.workspace_id == runtime.workspace_id)
        if creative_ids is not None:
            query = query.where(BlueprintRecord.creative_id.in_(creative_ids))
        if competitors_only:
            query = query.where(BlueprintRecord.creative_id.is_(None))
        if kind is not None:
            query = query.where(BlueprintRecord.kind == kind)
        query = query.order_by(BlueprintRecord.updated_at.desc(), BlueprintRecord.id.desc())
        if limit is not None:
            query = query.limit(limit)
        rows = session.scalars(query).all()
        return [
            StoredBlueprint(
                id=row.id, creative_id=row.creative_id, source=row.source, kind=row.kind,
                content_hash=row.content_hash, attributes=dict(row.attributes or {}),
                blueprint=Blueprint.model_validate({**row.blueprint, "stored_id": row.id,
                                                    "creative_id": row.creative_id}),
                created_at=row.created_at,
            )
            for row in rows
        ]

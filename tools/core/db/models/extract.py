"""Blueprints: an ad's structure as extracted, stored against our creative (or none, for competitor ads).

The full blueprint is kept as JSON; `attributes` is its flat summary (hook archetype, pace, face, text on screen, ...)
so analysis can join creatives to features without parsing blueprints. Re-extracting the same content for the same
creative updates the row instead of adding another.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tools.core.db.base import Base, JSONType, utcnow


class BlueprintRecord(Base):
    __tablename__ = "blueprints"
    __table_args__ = (Index("ix_blueprints_workspace_id_content_hash", "workspace_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    creative_id: Mapped[int | None] = mapped_column(ForeignKey("creatives.id", ondelete="SET NULL"), index=True)
    source: Mapped[str] = mapped_column(Text)  # path or URL as given
    origin: Mapped[str] = mapped_column(String(20))  # file | url | ads_archive
    kind: Mapped[str] = mapped_column(String(10))  # video | image | copy
    content_hash: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(20))
    attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    blueprint: Mapped[dict] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

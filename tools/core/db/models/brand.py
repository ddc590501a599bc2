"""Brand DNA registry: which documents and chunks are in the workspace's Chroma collection, and the editable profile.

Why SQL beside Chroma: de-duplication (unique text hash per workspace), all-or-nothing adds (rows and vectors are
committed together, see `tools/brand/ingest.py`), and the profile — derived facts plus the user's edits — are
relational facts the vector store cannot hold transactionally.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tools.core.db.base import Base, JSONType, utcnow


class BrandDocument(Base):
    """One ingested source (file, URL, pasted text, a winner's copy)."""

    __tablename__ = "brand_documents"
    __table_args__ = (UniqueConstraint("workspace_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)  # file name, URL, "pasted text" or "winner:<ad id>"
    location: Mapped[str | None] = mapped_column(Text)  # absolute path or URL, when there is one
    format: Mapped[str] = mapped_column(String(20))  # md | txt | pdf | docx | html | text | winner
    kind: Mapped[str | None] = mapped_column(String(20))  # kind forced by the user, else None (inferred per chunk)
    content_hash: Mapped[str] = mapped_column(String(64))
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BrandChunkRecord(Base):
    """One passage in Chroma; `id` is the Chroma record id. Text is kept here too so the profile can be re-derived."""

    __tablename__ = "brand_chunks"
    __table_args__ = (UniqueConstraint("workspace_id", "text_hash"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("brand_documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BrandProfileRecord(Base):
    """The profile: `derived` from the material (merged on every add) and the user's `edits` (applied on top)."""

    __tablename__ = "brand_profiles"

    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True)
    derived: Mapped[dict] = mapped_column(JSONType, default=dict)
    edits: Mapped[dict] = mapped_column(JSONType, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BrandPendingWrite(Base):
    """A write journal: vectors sent to Chroma whose SQL rows are not committed yet.

    Committed before the Chroma add and deleted in the same transaction as the chunk rows, so a row that outlives
    its add names vectors of a crashed add; the next add removes them from Chroma.
    """

    __tablename__ = "brand_pending_writes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    collection: Mapped[str] = mapped_column(String(200))
    chunk_ids: Mapped[list] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BrandAsset(Base):
    """An image or video file of the brand kit (`product`, `logo`) or an ad's own media (`source`, with `ad_id`).

    The bytes live in the workspace's shared storage under `key`; the row says what the file is, so a render on any
    box reads the same file. `treatment` says how a picture is used: `cutout` (transparent background, drawn as is),
    `framed` (an opaque photo, drawn in a frame) or `media` (an ad's own image or video).
    """

    __tablename__ = "brand_assets"
    __table_args__ = (UniqueConstraint("workspace_id", "kind", "ad_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # product | logo | source
    ad_id: Mapped[str] = mapped_column(String(100), default="")  # the ad a `source` file belongs to; "" otherwise
    media: Mapped[str] = mapped_column(String(10))  # image | video
    key: Mapped[str] = mapped_column(Text)  # storage key of the file as used (a cut-out PNG for processed pictures)
    original_key: Mapped[str] = mapped_column(Text)  # storage key of the bytes as given
    filename: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    treatment: Mapped[str] = mapped_column(String(10))  # cutout | framed | media
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

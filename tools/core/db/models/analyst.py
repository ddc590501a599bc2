"""The analyst's model registry: every trained pre-launch model, versioned per workspace and metric.

Why in the database: a score must say which model produced it, a retrain must not overwrite the model another
process is using (each version is its own joblib file), and workers on other machines find the active version.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tools.core.db.base import Base, JSONType, utcnow


class AnalystModel(Base):
    __tablename__ = "analyst_models"
    __table_args__ = (UniqueConstraint("workspace_id", "kind", "metric", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), default="prelaunch")
    metric: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)  # joblib file, relative to the installation home when inside it
    data_fingerprint: Mapped[str] = mapped_column(String(64))
    n_creatives: Mapped[int] = mapped_column(Integer, default=0)
    cold_start: Mapped[bool] = mapped_column(Boolean, default=False)
    uses_embeddings: Mapped[bool] = mapped_column(Boolean, default=False)
    validation: Mapped[dict] = mapped_column(JSONType, default=dict)
    features: Mapped[list] = mapped_column(JSONType, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    trained_at: Mapped[datetime] = mapped_column(default=utcnow)

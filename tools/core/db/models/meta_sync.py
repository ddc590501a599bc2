"""The Meta Marketing API connection of a workspace (`hookline connect meta`) and when it was last synced.

Why the token is a Fernet ciphertext: a database dump alone must not reveal it; the key lives outside the database
(HOOKLINE_SECRET_KEY, else `secret.key` in the home folder, created 0600 on first use).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tools.core.db.base import Base, JSONType, utcnow


class MetaConnection(Base):
    __tablename__ = "meta_connections"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), unique=True)
    account: Mapped[str] = mapped_column(String(64))  # act_…
    name: Mapped[str | None] = mapped_column(String(500))
    currency: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    token_ciphertext: Mapped[str] = mapped_column(Text)
    connected_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_synced_at: Mapped[datetime | None] = mapped_column()
    last_sync_start: Mapped[date | None] = mapped_column(Date)
    last_sync_end: Mapped[date | None] = mapped_column(Date)
    last_sync_rows: Mapped[int | None] = mapped_column(Integer)
    last_sync: Mapped[dict] = mapped_column(JSONType, default=dict)  # the last result's summary (warnings, media)
    # the scheduler's daily sync: taken by a compare-and-set on this lease, so two schedulers never sync at once
    sync_lease_until: Mapped[datetime | None] = mapped_column()
    sync_error: Mapped[str | None] = mapped_column(Text)  # the last scheduled sync's failure, until one succeeds

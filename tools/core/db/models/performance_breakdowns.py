"""Audience breakdown facts: one ad on one day in one audience cell (age 25-34, or age × gender, ...).

Why a table of its own: account totals always come from `performance_daily` (one row per ad and day), so a
breakdown can never be added to them twice. A breakdown export (or the Meta sync with `breakdowns=age,gender`)
stores its rows here keyed by (ad, day, breakdown, value) and upserts like the daily facts; queries grouped or
filtered by an audience dimension read these rows, and the part of an ad's delivery they do not cover is reported
as "(not broken down)" rather than dropped.

`breakdown` names the dimensions of the cell, sorted and comma-joined ("age" or "age,gender"); `value` holds their
values in the same order, joined by `VALUE_SEPARATOR` ("25-34" or "25-34|female").
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tools.core.db.base import Base

VALUE_SEPARATOR = "|"


class PerformanceBreakdown(Base):
    __tablename__ = "performance_breakdowns"
    __table_args__ = (
        UniqueConstraint("ad_id", "day", "breakdown", "value"),
        Index("ix_performance_breakdowns_workspace_id_day", "workspace_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    ad_id: Mapped[int] = mapped_column(ForeignKey("ads.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    breakdown: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(String(300))
    currency: Mapped[str | None] = mapped_column(String(8))
    spend: Mapped[float] = mapped_column(Float, default=0.0)
    impressions: Mapped[int] = mapped_column(Integer, default=0)
    reach: Mapped[int | None] = mapped_column(Integer)
    link_clicks: Mapped[int | None] = mapped_column(Integer)
    clicks_all: Mapped[int | None] = mapped_column(Integer)
    video_plays_3s: Mapped[int | None] = mapped_column(Integer)
    thruplays: Mapped[int | None] = mapped_column(Integer)
    purchases: Mapped[float | None] = mapped_column(Float)
    purchase_value: Mapped[float | None] = mapped_column(Float)
    conversions: Mapped[float | None] = mapped_column(Float)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"))

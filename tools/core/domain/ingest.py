"""Types of the ingest seam: what `ingest_files` returns (and `hookline ingest --json` prints)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

Source = Literal["auto", "meta", "tiktok", "generic"]


class IngestedFile(BaseModel):
    path: str
    source: str  # meta | tiktok | generic
    rows: int  # daily rows stored from this file
    rows_in_file: int  # data rows read (before skipping rows with nothing delivered)


class IngestResult(BaseModel):
    """One import command: every file landed in one transaction (all or nothing)."""

    batch_id: int
    source: str  # meta | tiktok | generic, or several joined with '+'
    rows: int  # (ad, day) rows written — new or updated
    ads: int  # distinct ads in those rows
    date_start: date | None
    date_end: date | None
    currency: str | None  # account currency; several joined with ',' when accounts differ
    warnings: list[str] = Field(default_factory=list)
    files: list[IngestedFile] = Field(default_factory=list)
    inserted: int = 0  # rows that were new
    updated: int = 0  # rows that replaced an earlier import of the same ad and day
    cleared: int = 0  # stored rows removed because the export now reports nothing delivered that day
    new_ads: int = 0


class MetaConnectionInfo(BaseModel):
    """`hookline connect meta`: the account the stored token reads (the token itself is never part of it)."""

    account: str  # act_…
    name: str | None
    currency: str | None
    timezone: str | None
    last_synced_at: datetime | None = None


class SyncResult(BaseModel):
    """`hookline sync`: what one pull from the Marketing API wrote (all or nothing)."""

    account: str
    rows: int  # (ad, day) rows written — new or updated
    ads: int
    date_start: date | None  # the range asked of Meta (the last 7 days are always re-pulled)
    date_end: date | None
    currency: str | None
    warnings: list[str] = Field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    cleared: int = 0
    new_ads: int = 0
    breakdown_rows: dict[str, int] = Field(default_factory=dict)  # per breakdown report ("age,gender": 1234)
    media_stored: int = 0  # creatives whose image/video was downloaded this time
    async_reports: int = 0  # asynchronous report runs used
    api_calls: int = 0
    synced_at: datetime | None = None

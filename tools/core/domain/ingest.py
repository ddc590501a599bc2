"""Types of the ingest seam: what `ingest_files` returns (and `hookline ingest --json` prints)."""

from __future__ import annotations

from datetime import date
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

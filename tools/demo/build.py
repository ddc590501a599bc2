"""Build the demo workspace through the real paths: a genuine Meta export → the importer; the brand book → Brand DNA.

Why the real paths: the demo is also the quickest end-to-end check that a fresh install works.
Re-running is safe: the import upserts on (ad, day) and Brand DNA skips passages it already has.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pydantic import BaseModel

from tools.brand.api import brand_add
from tools.core.runtime import WorkspaceRuntime
from tools.ingest.api import ingest_files
from tools.simulator import SimConfig, simulate_account
from tools.simulator.config import DATA_DIR

BRAND_BOOK = Path(__file__).resolve().parents[1] / "brand" / "samples" / "mossbrew_brand_book.md"
FLAGSHIP_REQUEST = "make {n} variants of last week's winner"


class DemoData(BaseModel):
    export: str
    brand_book: str
    rows: int
    ads: int
    date_start: str | None
    date_end: str | None
    brand_passages_added: int


def build_demo_workspace(runtime: WorkspaceRuntime, data_dir: Path, *, seed: int = 7) -> DemoData:
    """Write the demo export and brand book into `data_dir` and load both into the workspace."""

    data_dir.mkdir(parents=True, exist_ok=True)
    export = data_dir / "mossbrew_meta_ads_export.csv"
    if not export.exists():
        account = simulate_account(SimConfig(seed=seed, brand_file=DATA_DIR / "brand_mossbrew.yaml"))
        account.write(export)
    book = data_dir / BRAND_BOOK.name
    shutil.copyfile(BRAND_BOOK, book)
    imported = ingest_files(runtime, [export])
    added = brand_add(runtime, [book])
    return DemoData(export=str(export), brand_book=str(book), rows=imported.rows, ads=imported.ads,
                    date_start=str(imported.date_start) if imported.date_start else None,
                    date_end=str(imported.date_end) if imported.date_end else None,
                    brand_passages_added=added.added)

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
    kit_images: list[str] = []


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
    product, logo = _product_photo(data_dir / "mossbrew_tin.jpg"), _logo(data_dir / "mossbrew_logo.png")
    brand_add(runtime, [product], kind="product")  # through the real kit path: the studio background is cut out
    brand_add(runtime, [logo], kind="logo")
    return DemoData(export=str(export), brand_book=str(book), rows=imported.rows, ads=imported.ads,
                    date_start=str(imported.date_start) if imported.date_start else None,
                    date_end=str(imported.date_end) if imported.date_end else None,
                    brand_passages_added=added.added, kit_images=[str(product), str(logo)])


def _product_photo(path: Path) -> Path:
    """The demo brand's tin, photographed (drawn) on a plain studio background, as a marketer's JPEG would be."""
    from PIL import Image, ImageDraw

    if path.exists():
        return path
    image = Image.new("RGB", (800, 1000), (238, 234, 226))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((220, 220, 580, 890), radius=36, fill=(47, 74, 58))  # the tin, Mossbrew green
    draw.rounded_rectangle((205, 170, 595, 250), radius=20, fill=(59, 42, 32))  # the lid
    draw.rectangle((236, 430, 564, 690), fill=(244, 237, 225))  # the label, inside the tin's outline
    draw.ellipse((340, 470, 460, 590), fill=(226, 160, 63))
    draw.text((400, 640), "MOSSBREW", fill=(59, 42, 32), anchor="mm", font_size=44)
    image.save(path, quality=92)
    return path


def _logo(path: Path) -> Path:
    """A transparent one-colour logo (mark and wordmark in the brand's green), as brands hand out for overlays."""
    from PIL import Image, ImageDraw

    if path.exists():
        return path
    logo = Image.new("RGBA", (640, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((8, 8, 152, 152), outline=(47, 74, 58, 255), width=14)
    draw.ellipse((48, 40, 112, 120), fill=(47, 74, 58, 255))
    draw.text((178, 80), "mossbrew", fill=(47, 74, 58, 255), anchor="lm", font_size=96)
    logo.save(path)
    return path

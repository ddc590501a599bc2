"""Charts are real PNG files of the documented size, written only when asked for."""

from __future__ import annotations

import struct
from pathlib import Path

from tests.performance.conftest import TODAY
from tests.performance.factories import PerformanceFactory
from tools.performance.api import performance_report
from tools.performance.charts import SIZE_PX

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert data[-8:-4] == b"IEND", f"{path} is truncated"
    return width, height


def test_report_writes_three_pngs_of_the_expected_size(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "charts"
    report = performance_report(sample, "last-week", charts_dir=out, today=TODAY)
    names = sorted(Path(p).name for p in report.charts)
    assert names == [
        "2024-10-07_2024-10-13_hook_hold.png",
        "2024-10-07_2024-10-13_spend_cpa.png",
        "2024-10-07_2024-10-13_top_roas.png",
    ]
    for path in map(Path, report.charts):
        assert path.is_absolute() and path.parent == out.resolve()
        assert png_size(path) == SIZE_PX
        assert path.stat().st_size > 10_000  # drawn content, not an empty canvas


def test_no_charts_unless_asked(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = performance_report(sample, "last-week", today=TODAY)
    assert report.charts == []


def test_static_only_data_skips_the_hook_hold_chart(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    f.ad("S1", kind="image")
    f.day("S1", TODAY, spend=60, impressions=3000, link_clicks=30)
    f.commit()
    report = performance_report(runtime, "last-7-days", charts_dir=tmp_path)
    names = sorted(Path(p).name for p in report.charts)
    assert names == ["2024-10-07_2024-10-13_spend_cpa.png", "2024-10-07_2024-10-13_top_ctr_link.png"]
    for path in map(Path, report.charts):
        assert png_size(path) == SIZE_PX


def test_importing_the_api_does_not_import_matplotlib() -> None:
    import subprocess
    import sys

    code = "import sys, tools.performance.api; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], check=True)
    assert out.stdout.strip() == "False"

"""What humans read: data that looks like Rich markup prints as written (and never breaks the command), Hookline's
own markup never shows, Slack formatting is rendered for the terminal, and long similar names stay distinct."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.conftest import run_cli
from tests.performance.factories import PerformanceFactory

HOSTILE = ["[dim]Promo[/dim] spring", "sale [/bold] 50%", "[red]urgent[/red] [link=x]go"]
SIMILAR = ["mb_static-image_testimonial_lavender_v2", "mb_static-image_testimonial_lavender_v3"]


def _workspace(home: Path) -> None:
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings

    factory = PerformanceFactory(build_runtime(Settings(home=home, _env_file=None), "default"))
    for i, name in enumerate(HOSTILE + SIMILAR):
        factory.ad(f"A{i}", name=name)
        factory.series(f"A{i}", date(2024, 9, 30), [dict(
            spend=60.0 + 10 * i, impressions=3000 + 100 * i, link_clicks=30 + i, purchases=2.0 + i,
            purchase_value=150.0 + 40 * i, video_plays_3s=900 + 20 * i, thruplays=200 + 10 * i)] * 14)
    factory.commit()
    forget_databases()


def test_report_and_winners_print_names_as_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _workspace(home)
    for command in (["report", "--period", "last-week"], ["winners", "--top", "5"]):
        result = run_cli(command, home=home)
        assert result.returncode == 0, result.stderr  # "[/bold]" in a name used to be a MarkupError (exit 1)
        for name in HOSTILE:
            assert name in result.stdout, (command, name, result.stdout)
        shown = [line for line in result.stdout.splitlines() if "lavender" in line]
        assert any(line.rstrip().endswith("_v2") or "_v2 " in line for line in shown)
        assert any("_v3 " in line or line.rstrip().endswith("_v3") for line in shown)


def test_checkin_preview_shows_no_markup(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _workspace(home)
    result = run_cli(["checkin", "preview", "weekly-report", "--today", "2024-10-13"], home=home)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[dim]" not in out and "[/dim]" not in out
    assert "files for the thread:" in out
    assert "*2024-10-07 – 2024-10-13*" not in out and "2024-10-07 – 2024-10-13" in out  # Slack bold rendered
    assert "&lt;" not in out and "&amp;" not in out
    assert "[red]urgent[/red] [link=x]go" in out  # the ad data itself, as written
    assert "lavender_v3" in out and "lavender_v2" in out
    for line in out.splitlines():  # the chart paths: one per line, never wrapped
        if line.strip().endswith(".png"):
            assert Path(line.strip()).is_file()

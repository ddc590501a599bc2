"""Report charts as PNG files: daily spend & CPA, hook vs hold rate per video ad, top ads on the ranked metric.

Why this shape: charts travel to Slack threads and check-ins as files, so each is a fixed-size PNG (`SIZE_PX`) drawn
with matplotlib's object API on the Agg canvas — no pyplot global state, safe in worker threads, and matplotlib is
imported only when a chart is actually drawn.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tools.core.domain.performance import PeriodRange, RankedAd
from tools.performance.formatting import kpi_value, money, short
from tools.performance.kpis import KPI_DEFINITIONS, AdKpis, ResultBasis, compute_kpis
from tools.performance.queries import DaySums

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 100
SIZE_PX = (1200, 675)
MAX_LABELS = 20
_ACCENT, _SECOND = "#2563eb", "#dc2626"


def _figure() -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI, layout="constrained")


def _save(fig: Figure, path: Path) -> Path:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=DPI)  # no bbox_inches: the file is exactly SIZE_PX
    return path


def spend_cpa_trend(path: Path, period: PeriodRange, days: list[DaySums], basis: ResultBasis,
                    currency: str | None) -> Path:
    """Bars of daily spend with the daily CPA on a second axis (every day of the period, gaps included)."""
    by_day = {d.day: d.sums for d in days}
    dates = [period.start + timedelta(days=i) for i in range(period.days)]
    spend = [(by_day[d].spend or 0.0) if d in by_day else 0.0 for d in dates]
    cpa = [compute_kpis(by_day[d], basis).cpa if d in by_day else None for d in dates]
    fig = _figure()
    ax = fig.add_subplot()
    ax.bar(dates, spend, color=_ACCENT, alpha=0.75, label="Spend")
    ax.set_ylabel(f"Spend ({currency})" if currency else "Spend")
    ax.yaxis.set_major_formatter(lambda v, _pos: money(v, currency, 0))
    title = f"Spend and CPA by day, {period.start} – {period.end}"
    if any(v is not None for v in cpa):
        ax2 = ax.twinx()
        ax2.plot(dates, [float("nan") if v is None else v for v in cpa], color=_SECOND, marker="o", label="CPA")
        ax2.set_ylabel(f"CPA per {basis.name[:-1]}")
        ax2.yaxis.set_major_formatter(lambda v, _pos: money(v, currency, 0))
        ax2.set_ylim(bottom=0)
    else:
        title += " (no purchases or conversions in the data: CPA undefined)"
    ax.set_title(title)
    fig.autofmt_xdate()
    return _save(fig, path)


def hook_hold_scatter(path: Path, ads: list[AdKpis]) -> Path | None:
    """Hook rate (x) against hold rate (y) per video ad, point size by spend, the biggest spenders labelled."""
    points = [a for a in ads if a.kpis.hook_rate is not None and a.kpis.hold_rate is not None]
    if not points:
        return None
    points.sort(key=lambda a: -(a.sums.spend or 0.0))
    max_spend = max(a.sums.spend or 0.0 for a in points) or 1.0
    fig = _figure()
    ax = fig.add_subplot()
    ax.scatter([a.kpis.hook_rate for a in points], [a.kpis.hold_rate for a in points],
               s=[30 + 400 * (a.sums.spend or 0.0) / max_spend for a in points], color=_ACCENT, alpha=0.6)
    for ad in points[:MAX_LABELS]:
        ax.annotate(short(ad.ad_name or ad.ad_id, 24), (ad.kpis.hook_rate, ad.kpis.hold_rate),
                    textcoords="offset points", xytext=(6, 4), fontsize=8)
    ax.set_xlim(0, max(a.kpis.hook_rate or 0.0 for a in points) * 1.2 or 1.0)
    ax.set_ylim(0, max(a.kpis.hold_rate or 0.0 for a in points) * 1.2 or 1.0)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v * 100:.1f} %")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v * 100:.1f} %")
    ax.set_xlabel("Hook rate (3-second plays ÷ impressions)")
    ax.set_ylabel("Hold rate (ThruPlays ÷ 3-second plays)")
    ax.set_title(f"Hook vs hold rate per video ad ({len(points)} ads; size = spend)")
    ax.grid(alpha=0.3)
    return _save(fig, path)


def top_bar(path: Path, ranked: list[RankedAd], metric: str, currency: str | None) -> Path | None:
    """Horizontal bars of the best ads on `metric`, best at the top."""
    items = [r for r in ranked if r.value is not None]
    if not items:
        return None
    label = KPI_DEFINITIONS[metric].label
    fig = _figure()
    ax = fig.add_subplot()
    names = [short(r.ad_name or r.ad_id, 32) for r in items][::-1]
    values = [r.value for r in items][::-1]
    bars = ax.barh(names, values, color=_ACCENT)
    ax.bar_label(bars, labels=[kpi_value(metric, v, currency) for v in values], padding=4, fontsize=9)
    ax.set_xlabel(label)
    ax.margins(x=0.15)
    direction = "higher" if KPI_DEFINITIONS[metric].higher_is_better is not False else "lower"
    ax.set_title(f"Top {len(items)} ads by {label} ({direction} is better)")
    ax.tick_params(axis="y", labelsize=9)
    return _save(fig, path)

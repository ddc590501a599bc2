"""Report charts as PNG files: daily spend & CPA, hook vs hold rate per video ad, top ads on the ranked metric.

Why this shape: charts travel to Slack threads and check-ins as files, so each is a fixed-size PNG (`SIZE_PX`) drawn
with matplotlib's object API on the Agg canvas — no pyplot global state, safe in worker threads, and matplotlib is
imported only when a chart is actually drawn. Slack shows an image in the conversation scaled down to about
`PREVIEW_WIDTH_PX` wide, so every text is sized to stay at least `MIN_PREVIEW_TEXT_PX` tall there; point labels are
placed so that no two overlap (`chart_labels`), and ad names are cut so that they stay distinct (`tools.core.names`).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tools.core.domain.performance import PeriodRange, RankedAd
from tools.core.names import distinct_names
from tools.performance.chart_labels import PointLabel, place_labels
from tools.performance.formatting import kpi_value, money
from tools.performance.kpis import KPI_DEFINITIONS, AdKpis, ResultBasis, compute_kpis
from tools.performance.queries import DaySums

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DPI = 100
SIZE_PX = (1200, 675)
PREVIEW_WIDTH_PX = 480  # about the width Slack gives an image preview in a message (desktop, thread panes less)
MIN_PREVIEW_TEXT_PX = 8.0  # the smallest text height that stays readable in that preview
MAX_LABELS = 10  # labelled points in the hook-vs-hold chart, biggest spenders first (fewer when they do not fit)
LABEL_WIDTH = 26  # characters of an ad name in a label or bar
# font sizes in points: 15 pt is 20.8 px at DPI 100, i.e. 8.3 px in a 480 px preview of a 1200 px image
TEXT_PT, TITLE_PT, NOTE_PT = 15.0, 19.0, 15.0
_ACCENT, _SECOND = "#2563eb", "#dc2626"


def _figure() -> Figure:
    """A figure on its own Agg canvas (measurable and savable without pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _style(ax: Axes) -> None:
    ax.tick_params(labelsize=TEXT_PT)
    ax.xaxis.label.set_fontsize(TEXT_PT)
    ax.yaxis.label.set_fontsize(TEXT_PT)


def _title(ax: Axes, title: str, note: str | None = None) -> None:
    ax.set_title(title + (f"\n{note}" if note else ""), fontsize=TITLE_PT if not note else NOTE_PT + 1, loc="left")


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=DPI)  # no bbox_inches: the file is exactly SIZE_PX
    return path


def spend_cpa_trend(path: Path, period: PeriodRange, days: list[DaySums], basis: ResultBasis,
                    currency: str | None) -> Path:
    """Bars of daily spend with the daily CPA on a second axis (every day of the period, gaps included)."""
    return _save(spend_cpa_figure(period, days, basis, currency), path)


def spend_cpa_figure(period: PeriodRange, days: list[DaySums], basis: ResultBasis, currency: str | None) -> Figure:
    from matplotlib.dates import AutoDateLocator, DateFormatter

    by_day = {d.day: d.sums for d in days}
    dates = [period.start + timedelta(days=i) for i in range(period.days)]
    spend = [(by_day[d].spend or 0.0) if d in by_day else 0.0 for d in dates]
    cpa = [compute_kpis(by_day[d], basis).cpa if d in by_day else None for d in dates]
    fig = _figure()
    ax = fig.add_subplot()
    ax.bar(dates, spend, color=_ACCENT, alpha=0.75, label="Spend")
    ax.set_ylabel(f"Spend ({currency})" if currency else "Spend")
    ax.yaxis.set_major_formatter(lambda v, _pos: money(v, currency, 0))
    locator = AutoDateLocator(minticks=3, maxticks=8)  # a handful of dates, never a pile of them
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(DateFormatter("%d %b"))
    _style(ax)
    note = None
    if any(v is not None for v in cpa):
        ax2 = ax.twinx()
        ax2.plot(dates, [float("nan") if v is None else v for v in cpa], color=_SECOND, marker="o", label="CPA")
        ax2.set_ylabel(f"CPA per {basis.name[:-1]}")
        ax2.yaxis.set_major_formatter(lambda v, _pos: money(v, currency, 0))
        ax2.set_ylim(bottom=0)
        _style(ax2)
    else:
        note = "No purchases or conversions in the data: CPA undefined"
    _title(ax, f"Spend and CPA by day, {period.start} – {period.end}", note)
    return fig


def hook_hold_scatter(path: Path, ads: list[AdKpis]) -> Path | None:
    """Hook rate (x) against hold rate (y) per video ad, point size by spend, the biggest spenders labelled."""
    fig = hook_hold_figure(ads)
    return _save(fig, path) if fig is not None else None


def hook_hold_figure(ads: list[AdKpis]) -> Figure | None:
    points = [a for a in ads if a.kpis.hook_rate is not None and a.kpis.hold_rate is not None]
    if not points:
        return None
    points.sort(key=lambda a: -(a.sums.spend or 0.0))
    max_spend = max(a.sums.spend or 0.0 for a in points) or 1.0
    fig = _figure()
    ax = fig.add_subplot()
    xy = [(a.kpis.hook_rate or 0.0, a.kpis.hold_rate or 0.0) for a in points]
    ax.scatter([x for x, _ in xy], [y for _, y in xy],
               s=[40 + 500 * (a.sums.spend or 0.0) / max_spend for a in points], color=_ACCENT, alpha=0.6)
    ax.set_xlim(*_padded_range([x for x, _ in xy]))
    ax.set_ylim(*_padded_range([y for _, y in xy]))
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v * 100:.0f} %")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v * 100:.0f} %")
    ax.set_xlabel("Hook rate (3-second plays ÷ impressions)")
    ax.set_ylabel("Hold rate (ThruPlays ÷ 3-second plays)")
    ax.grid(alpha=0.3)
    _style(ax)
    shown = points[:MAX_LABELS]
    names = distinct_names([(a.ad_name, a.ad_id) for a in shown], LABEL_WIDTH)
    _title(ax, f"Hook vs hold rate per video ad ({len(points)} ads; size = spend)")
    fig.canvas.draw()  # final layout first: labels are measured where they will be drawn
    fig.set_layout_engine("none")
    placed = place_labels(ax, [PointLabel(x, y, name) for (x, y), name in zip(xy, names, strict=False)],
                          fontsize=TEXT_PT, avoid=xy)
    if len(placed) < len(points):
        ax.set_title(f"Hook vs hold rate per video ad ({len(points)} ads; size = spend; "
                     f"{len(placed)} biggest spenders named)", fontsize=TITLE_PT, loc="left")
    return fig


def _padded_range(values: list[float], pad: float = 0.3) -> tuple[float, float]:
    """The data's span with room for labels on both sides (rates never below 0)."""
    low, high = min(values), max(values)
    span = (high - low) or (abs(high) or 1.0) * 0.5
    return max(0.0, low - span * pad), high + span * pad


def top_bar(path: Path, ranked: list[RankedAd], metric: str, currency: str | None) -> Path | None:
    """Horizontal bars of the best ads on `metric`, best at the top."""
    fig = top_bar_figure(ranked, metric, currency)
    return _save(fig, path) if fig is not None else None


def top_bar_figure(ranked: list[RankedAd], metric: str, currency: str | None) -> Figure | None:
    items = [r for r in ranked if r.value is not None]
    if not items:
        return None
    label = KPI_DEFINITIONS[metric].label
    fig = _figure()
    ax = fig.add_subplot()
    names = distinct_names([(r.ad_name, r.ad_id) for r in items], LABEL_WIDTH)[::-1]
    values = [r.value for r in items][::-1]
    bars = ax.barh(names, values, color=_ACCENT)
    ax.bar_label(bars, labels=[kpi_value(metric, v, currency) for v in values], padding=4, fontsize=TEXT_PT)
    ax.set_xlabel(label)
    ax.margins(x=0.2)
    ax.xaxis.set_major_formatter(lambda v, _pos: kpi_value(metric, v, currency))
    ax.xaxis.set_major_locator(_max_ticks(5))
    direction = "higher" if KPI_DEFINITIONS[metric].higher_is_better is not False else "lower"
    _style(ax)
    _title(ax, f"Top {len(items)} ads by {label} ({direction} is better)")
    return fig


def _max_ticks(n: int):  # type: ignore[no-untyped-def]
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=n)

"""Charts stay readable: point labels never overlap (their boxes measured by matplotlib's own renderer), tick labels
never pile up, every text stays inside the image and is big enough in Slack's preview, and ad names stay distinct."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from tools.core.domain.performance import PeriodRange, RankedAd
from tools.performance import charts
from tools.performance.chart_labels import text_box
from tools.performance.kpis import AdKpis, Kpis, ResultBasis, Sums
from tools.performance.queries import DaySums

LONG = "mb_static-image_testimonial_lavender_v"


def crowded_ads(n: int = 40, seed: int = 3) -> list[AdKpis]:
    """Video ads bunched together in hook/hold space, named alike (the demo's naming convention)."""
    rng = random.Random(seed)
    ads = []
    for i in range(n):
        kpis = Kpis()
        kpis.hook_rate = 0.30 + rng.uniform(-0.02, 0.02)
        kpis.hold_rate = 0.25 + rng.uniform(-0.02, 0.02)
        ads.append(AdKpis(ad_pk=i, ad_id=f"12021000700000{i:04d}", ad_name=f"{LONG}{i % 7}", creative_pk=i,
                          creative_name=None, creative_kind="video", currency="EUR",
                          sums=Sums(rows=7, spend=1000.0 - i * 10, impressions=10_000.0), kpis=kpis))
    return ads


def _boxes(texts, renderer):  # type: ignore[no-untyped-def]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_visible() and t.get_text()]


def _drawn_ticklabels(axis):  # type: ignore[no-untyped-def]
    """Tick labels matplotlib draws: those whose tick lies inside the view (others exist but are skipped)."""
    low, high = sorted(axis.get_view_interval())
    return [label for tick, loc in zip(axis.get_major_ticks(), axis.get_majorticklocs(), strict=False)
            if low - 1e-9 <= loc <= high + 1e-9 for label in (tick.label1, tick.label2)
            if label.get_visible() and label.get_text().strip()]


def _all_texts(fig):  # type: ignore[no-untyped-def]
    """Every text drawn in the figure: titles, axis labels, annotations, bar labels and the drawn tick labels."""
    from matplotlib.text import Text

    tick_labels = {id(label) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
                   for tick in axis.get_major_ticks() + axis.get_minor_ticks() for label in (tick.label1, tick.label2)}
    texts = [t for t in fig.findobj(Text) if id(t) not in tick_labels and t.get_visible() and t.get_text().strip()]
    return texts + [label for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) for label in _drawn_ticklabels(axis)]


def _rendered(fig):  # type: ignore[no-untyped-def]
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def test_hook_hold_labels_never_overlap_and_stay_in_the_axes() -> None:
    from matplotlib.text import Annotation

    fig = charts.hook_hold_figure(crowded_ads())
    assert fig is not None
    renderer = _rendered(fig)
    ax = fig.axes[0]
    labels = [a for a in ax.texts if isinstance(a, Annotation)]
    boxes = [(a.get_text(), text_box(a, renderer)) for a in labels]
    assert 3 <= len(boxes) <= charts.MAX_LABELS  # the biggest spenders, as many as fit
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        assert not box_a.overlaps(box_b), f"labels {a!r} and {b!r} overlap"
    for note in labels:  # a leader line runs from its point to its own label, through no other label
        start, end = ax.transData.transform(note.xy), np.asarray(note.get_window_extent(renderer).get_points())
        path = start + (text_box(note, renderer).get_points().mean(axis=0) - start) * np.linspace(0.2, 0.8, 25)[:, None]
        for text, box in boxes:
            if text != note.get_text():
                assert not any(box.contains(x, y) for x, y in path), (note.get_text(), text)
        del end
    frame = ax.get_window_extent(renderer)
    for text, box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, text
    names = [text for text, _ in boxes]
    assert len(set(names)) == len(names)  # seven names shared by 40 ads: still told apart
    assert all(len(name) <= charts.LABEL_WIDTH for name in names)


def test_every_text_is_readable_at_slack_preview_size_and_inside_the_image() -> None:
    period = PeriodRange(start=date(2024, 7, 1), end=date(2024, 9, 28))  # 90 days of ticks to keep apart
    days = [DaySums(period.start + timedelta(days=i), Sums(rows=1, spend=100.0 + i, purchases=3.0,
                                                           spend_with_purchases=100.0 + i)) for i in range(90)]
    ranked = [RankedAd(ad_id=f"A{i}", ad_name=f"{LONG}{i}_" + "x" * i, metric="roas", value=4.0 - i * 0.3,
                       spend=500.0, impressions=20_000) for i in range(10)]
    figures = {
        "spend_cpa": charts.spend_cpa_figure(period, days, ResultBasis("purchases"), "EUR"),
        "spend_no_cpa": charts.spend_cpa_figure(period, [DaySums(period.start, Sums(rows=1, spend=5.0))],
                                                ResultBasis("purchases"), "EUR"),
        "hook_hold": charts.hook_hold_figure(crowded_ads()),
        "top": charts.top_bar_figure(ranked, "roas", "EUR"),
    }
    scale = charts.PREVIEW_WIDTH_PX / charts.SIZE_PX[0]
    for name, fig in figures.items():
        assert fig is not None
        renderer = _rendered(fig)
        width, height = fig.canvas.get_width_height()
        assert (width, height) == charts.SIZE_PX
        for text in _all_texts(fig):
            size_px = text.get_fontsize() * fig.dpi / 72
            assert size_px * scale >= charts.MIN_PREVIEW_TEXT_PX, (name, text.get_text(), text.get_fontsize())
            box = text.get_window_extent(renderer)
            assert box.x0 >= -0.5 and box.y0 >= -0.5 and box.x1 <= width + 0.5 and box.y1 <= height + 0.5, \
                (name, text.get_text(), box)
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                ticks = _boxes(_drawn_ticklabels(axis), renderer)
                for (a, box_a), (b, box_b) in combinations(ticks, 2):
                    assert not box_a.overlaps(box_b), (name, a, b)
        if name == "top":
            shown = [t.get_text() for t in fig.axes[0].get_yticklabels()]
            assert len(set(shown)) == 10


@pytest.mark.parametrize("n", [1, 2, 60])
def test_label_placement_handles_few_and_many_points(n: int, tmp_path: Path) -> None:
    path = charts.hook_hold_scatter(tmp_path / "hh.png", crowded_ads(n, seed=n))
    assert path is not None and path.stat().st_size > 10_000

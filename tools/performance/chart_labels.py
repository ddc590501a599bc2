"""Point labels that never overlap: each label tries rings of positions around its point, its text measured with the
renderer, and takes one that stays inside the axes and clear of every label (and leader line) placed before it — or
is left out. Labels are placed in priority order (the caller's), so the most important points are labelled first.

Why not a force-directed library: repulsion reduces overlaps but does not promise none; this greedy placement
checks the real text boxes (matplotlib's renderer) and so guarantees it, in a few milliseconds for a dozen labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Annotation, Text
    from matplotlib.transforms import Bbox

_DIRECTIONS = ((1, 1), (1, -1), (-1, 1), (-1, -1), (1, 0), (-1, 0), (0, 1), (0, -1))
_RADII_PT = (10, 20, 34)  # offsets from the point, in points; a thin leader line ties label and point
GAP_PX = 2.0  # minimum free space between two label boxes


@dataclass(frozen=True)
class PointLabel:
    x: float
    y: float
    text: str


def _alignment(dx: int, dy: int) -> tuple[str, str]:
    return ({1: "left", 0: "center", -1: "right"}[dx], {1: "bottom", 0: "center", -1: "top"}[dy])


def _padded(box: Bbox, pad: float) -> Bbox:
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)


def _inside(inner: Bbox, outer: Bbox) -> bool:
    return inner.x0 >= outer.x0 and inner.y0 >= outer.y0 and inner.x1 <= outer.x1 and inner.y1 <= outer.y1


def _segment_points(start: np.ndarray, end: np.ndarray, n: int = 12) -> np.ndarray:
    """Points along a leader line (its first few pixels, at the marker, left out)."""
    steps = np.linspace(0.15, 1.0, n)[:, None]
    return start + (end - start) * steps


def _hits(box: Bbox, points: np.ndarray) -> bool:
    return bool(np.any((points[:, 0] >= box.x0) & (points[:, 0] <= box.x1)
                       & (points[:, 1] >= box.y0) & (points[:, 1] <= box.y1)))


def text_box(note: Text, renderer: Any) -> Bbox:
    """The box of a label's text alone (an annotation's own extent also spans its leader line)."""
    from matplotlib.text import Annotation, Text

    if isinstance(note, Annotation):
        note.update_positions(renderer)  # where the offset puts the text (normally done by the annotation's extent)
    return Text.get_window_extent(note, renderer)


def place_labels(ax: Axes, labels: Sequence[PointLabel], *, fontsize: float,
                 avoid: Sequence[tuple[float, float]] = (), **text_kwargs: Any) -> list[Annotation]:
    """Annotate `ax` with as many of `labels` as fit, in order; returns the placed annotations.

    A label is placed where its text box stays inside the axes, clear of every text box placed before it (with
    `GAP_PX` between), with its leader line crossing no other label and no other leader line crossing it. Among
    such places the one covering fewest `avoid` markers wins. The figure's layout must be final (draw it once
    before calling, and keep the layout engine from moving the axes afterwards)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    markers = ax.transData.transform(np.asarray(avoid, dtype=float)) if len(avoid) else np.zeros((0, 2))
    to_px = fig.dpi / 72.0
    placed: list[Bbox] = []
    leaders: list[np.ndarray] = []
    annotations: list[Annotation] = []
    for label in labels:
        anchor = ax.transData.transform((label.x, label.y))
        best: tuple[int, tuple[int, int, int], Bbox, np.ndarray] | None = None
        for radius in _RADII_PT:
            for dx, dy in _DIRECTIONS:
                ha, va = _alignment(dx, dy)
                probe = ax.annotate(label.text, (label.x, label.y), xytext=(dx * radius, dy * radius),
                                    textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                                    annotation_clip=False, **text_kwargs)
                box = text_box(probe, renderer)
                probe.remove()
                leader = _segment_points(anchor, anchor + np.array([dx, dy]) * radius * to_px)
                if (not _inside(box, frame)
                        or any(box.overlaps(_padded(other, GAP_PX)) for other in placed)
                        or any(_hits(_padded(other, GAP_PX), leader) for other in placed)
                        or any(_hits(box, line) for line in leaders)):
                    continue
                inside = ((markers[:, 0] >= box.x0) & (markers[:, 0] <= box.x1)
                          & (markers[:, 1] >= box.y0) & (markers[:, 1] <= box.y1))
                covered = int(np.count_nonzero(inside))
                if best is None or covered < best[0]:
                    best = (covered, (dx, dy, radius), box, leader)
                if covered == 0:
                    break
            if best is not None and best[0] == 0:
                break
        if best is None:
            continue
        dx, dy, radius = best[1]
        ha, va = _alignment(dx, dy)
        note = ax.annotate(label.text, (label.x, label.y), xytext=(dx * radius, dy * radius),
                           textcoords="offset points", ha=ha, va=va, fontsize=fontsize, annotation_clip=False,
                           arrowprops={"arrowstyle": "-", "color": "0.45", "lw": 0.8, "shrinkA": 0, "shrinkB": 3,
                                       "relpos": ((1 - dx) / 2, (1 - dy) / 2)},  # from the text's anchor corner
                           **text_kwargs)
        note.set_in_layout(False)
        annotations.append(note)
        placed.append(best[2])
        leaders.append(best[3])
    return annotations

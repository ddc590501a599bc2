"""Point labels that never overlap: each label tries a ring of positions around its point, measured with the
renderer, and takes the first one that stays inside the axes and clear of every label placed before it — or is left
out. Labels are placed in priority order (the caller's), so the most important points are labelled first.

Why not a force-directed library: repulsion reduces overlaps but does not promise none; this greedy placement
checks the real text boxes (matplotlib's renderer) and so guarantees it, in a few milliseconds for a dozen labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Annotation
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


def place_labels(ax: Axes, labels: Sequence[PointLabel], *, fontsize: float,
                 avoid: Sequence[tuple[float, float]] = (), **text_kwargs: Any) -> list[Annotation]:
    """Annotate `ax` with as many of `labels` as fit without overlap, in order; returns the placed annotations.

    The figure's layout must be final (draw it once before calling; keep the layout engine from moving the axes
    afterwards). `avoid` lists data points whose markers a label should rather not cover (a soft preference)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    markers = [ax.transData.transform(p) for p in avoid]
    placed: list[Bbox] = []
    annotations: list[Annotation] = []
    for label in labels:
        best: tuple[int, Annotation, Bbox] | None = None
        for radius in _RADII_PT:
            for dx, dy in _DIRECTIONS:
                ha, va = _alignment(dx, dy)
                arrow = {"arrowstyle": "-", "color": "0.45", "lw": 0.8, "shrinkA": 0, "shrinkB": 3}
                note = ax.annotate(label.text, (label.x, label.y), xytext=(dx * radius, dy * radius),
                                   textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                                   arrowprops=arrow, annotation_clip=False, **text_kwargs)
                box = note.get_window_extent(renderer)
                if not _inside(box, frame) or any(box.overlaps(_padded(other, GAP_PX)) for other in placed):
                    note.remove()
                    continue
                covered = sum(1 for mx, my in markers if box.contains(mx, my))
                if best is None or covered < best[0]:
                    if best is not None:
                        best[1].remove()
                    best = (covered, note, box)
                else:
                    note.remove()
                if covered == 0:
                    break
            if best is not None and best[0] == 0:
                break
        if best is not None:
            best[1].set_in_layout(False)
            annotations.append(best[1])
            placed.append(best[2])
    return annotations

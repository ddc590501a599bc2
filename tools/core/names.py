"""Display names cut to a width without losing what tells them apart.

Why one place: ad names follow naming conventions whose distinguishing part sits at the end
("mb_static-image_testimonial_lavender_v2" / "…_lavender_v3"). Clipping the end makes two ads read the same in a
report table, a chart label and a Slack message. Names keep their head and their tail around a middle ellipsis; a set
of labels shown together (`distinct_names`) is made pairwise distinct, falling back to the end of the ad id.
Prose (titles, buttons) is clipped at the end with `clip`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

ELLIPSIS = "…"
SEPARATORS = frozenset("_-. /|:·")
_SNAP = 4  # how far a cut may move to land on a separator
_MIN_ID_TAIL = 4


def clip(text: str | None, width: int) -> str:
    """Prose cut at the end: `text` itself when it fits, else its start and "…" (exactly `width` characters)."""
    text = text or ""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + ELLIPSIS if width > 0 else ""


def short_name(name: str | None, width: int, *, tail: int | None = None) -> str:
    """`name` in at most `width` characters: its head, "…", and its tail (about half the room, or `tail`
    characters), with the tail starting after a separator when one is near so it reads as whole words."""
    name = name or ""
    if len(name) <= width:
        return name
    if width <= 2:
        return clip(name, width)
    budget = width - 1
    tail_len = min(max(budget // 2 if tail is None else tail, 1), budget - 1)
    start = len(name) - tail_len
    for i in range(start, min(start + _SNAP, len(name) - 1) + 1):
        if name[i - 1] in SEPARATORS and name[i] not in SEPARATORS:
            start = i
            break
    head = name[: budget - (len(name) - start)]
    return head + ELLIPSIS + name[start:]


def distinct_names(items: Sequence[tuple[str | None, str]], width: int) -> list[str]:
    """Labels for ads shown together, given as (name, id) pairs: each at most `width` characters, and two different
    ads never get the same label. A collision is solved first with a longer tail, then with the end of the ad id
    ("… #0132"); an ad without a name is shown by its id."""
    full = [(name or ad_id, ad_id) for name, ad_id in items]
    labels = [short_name(text, width) for text, _ in full]
    budget = max(width - 1, 1)
    for tail in (budget * 2 // 3, budget - 2):
        clashes = [i for group in _clash_groups(labels, full) for i in group]
        if not clashes:
            return labels
        for index in clashes:
            labels[index] = short_name(full[index][0], width, tail=tail)
    for _ in range(2):  # the end of the id: unique within each group of look-alikes, then across what still clashes
        groups = _clash_groups(labels, full)
        if not groups:
            break
        for group in groups:
            tails = _id_tails([full[i][1] for i in group])
            for index, id_tail in zip(group, tails, strict=True):
                labels[index] = _with_id(full[index][0], full[index][1], width, id_tail)
    return labels


def _clash_groups(labels: list[str], full: list[tuple[str, str]]) -> list[list[int]]:
    """Indexes sharing a label though they are different ads (the same ad listed twice may keep one label)."""
    by_label: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        by_label.setdefault(label, []).append(index)
    return [group for group in by_label.values() if len({full[i] for i in group}) > 1]


def _id_tails(ids: list[str]) -> list[str]:
    """For each id, its shortest end (at least four characters) that no other id of `ids` ends with."""
    tails = [""] * len(ids)
    pending = list(range(len(ids)))
    k = _MIN_ID_TAIL
    while pending:
        counts = Counter(ad_id[-k:] for ad_id in ids)
        still = []
        for index in pending:
            ad_id = ids[index]
            tail = ad_id[-k:]
            if counts[tail] == 1 or k >= len(ad_id):
                tails[index] = tail if counts[tail] == 1 else ad_id
            else:
                still.append(index)
        pending = still
        k += 1
    return tails


def _with_id(text: str, ad_id: str, width: int, id_tail: str) -> str:
    if text == ad_id:
        return short_name(ad_id, width, tail=len(id_tail))
    suffix = f" #{id_tail}"
    if len(suffix) >= width:
        return short_name(ad_id, width, tail=min(len(id_tail), width - 2))
    return short_name(text, width - len(suffix)) + suffix

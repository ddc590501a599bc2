"""Display names cut to a width without losing what tells them apart.

Why one place: ad names follow naming conventions whose distinguishing part sits at the end
("mb_static-image_testimonial_lavender_v2" / "…_lavender_v3"). Clipping the end makes two ads read the same in a
report table, a chart label and a Slack message. Names keep their head and their tail around a middle ellipsis; a set
of labels shown together (`distinct_names`) is made pairwise distinct, falling back to the end of the ad id.
Prose (titles, buttons) is clipped at the end with `clip`.
"""

from __future__ import annotations

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
    for tail in (budget * 2 // 3, budget - 2, None):
        clashes = _clashes(labels, full)
        if not clashes:
            return labels
        for index in clashes:
            text, ad_id = full[index]
            if tail is not None:
                labels[index] = short_name(text, width, tail=tail)
            else:
                labels[index] = _with_id(text, ad_id, width, _id_tail(ad_id, [full[i][1] for i in clashes]))
    return labels


def _clashes(labels: list[str], full: list[tuple[str, str]]) -> list[int]:
    """Indexes of labels shared by different ads (the same ad listed twice may keep one label)."""
    owners: dict[str, set[tuple[str, str]]] = {}
    for label, key in zip(labels, full, strict=True):
        owners.setdefault(label, set()).add(key)
    return [i for i, label in enumerate(labels) if len(owners[label]) > 1]


def _id_tail(ad_id: str, ids: list[str]) -> str:
    """The shortest end of `ad_id` (at least four characters) that no other id in `ids` ends with."""
    others = {i for i in ids if i != ad_id}
    for k in range(_MIN_ID_TAIL, len(ad_id) + 1):
        if not any(other.endswith(ad_id[-k:]) for other in others):
            return ad_id[-k:]
    return ad_id


def _with_id(text: str, ad_id: str, width: int, id_tail: str) -> str:
    if text == ad_id:
        return short_name(ad_id, width, tail=len(id_tail))
    suffix = f" #{id_tail}"
    if len(suffix) >= width:
        return short_name(ad_id, width, tail=min(len(id_tail), width - 2))
    return short_name(text, width - len(suffix)) + suffix

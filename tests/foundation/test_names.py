"""Cut names keep what tells them apart: the tail of a naming convention, else the end of the ad id."""

from __future__ import annotations

import random

import pytest

from tools.core.names import clip, distinct_names, short_name

LAVENDER = "mb_static-image_testimonial_lavender_v"


def test_short_name_keeps_head_and_the_distinguishing_tail() -> None:
    assert short_name("short", 32) == "short"
    cut = short_name(LAVENDER + "3", 24)
    assert len(cut) == 24 and cut.startswith("mb_static") and cut.endswith("lavender_v3") and "…" in cut
    # the old end-clip made these two identical: "mb_static-image_testimonial_lav…"
    assert short_name(LAVENDER + "2", 32) != short_name(LAVENDER + "3", 32)
    for width in range(1, 45):
        assert len(short_name(LAVENDER + "3", width)) == min(width, len(LAVENDER) + 1)


def test_clip_cuts_prose_at_the_end() -> None:
    assert clip("Weekly report", 40) == "Weekly report"
    assert clip("Weekly report", 7) == "Weekly…"
    assert clip(None, 5) == "" and clip("abc", 0) == ""


def test_distinct_names_for_the_demo_collision() -> None:
    items = [(LAVENDER + "3", "120210007000000101"), (LAVENDER + "2", "120210007000000102"),
             ("mb_static-image_testimonial_peach_v4", "120210007000000103")]
    labels = distinct_names(items, 32)
    assert len(set(labels)) == 3
    assert labels[0].endswith("_v3") and labels[1].endswith("_v2")


def test_same_name_different_ads_get_the_end_of_their_id() -> None:
    name = "UGC founder story — spring launch — broad audience"
    labels = distinct_names([(name, "120210007000000132"), (name, "120210007000000133"),
                             (None, "120210007000000134")], 28)
    assert labels[0].endswith("#0132") and labels[1].endswith("#0133")
    assert labels[2] == "120210007000000134"  # no name: the id
    assert all(len(label) <= 28 for label in labels) and len(set(labels)) == 3


def test_the_same_ad_twice_keeps_one_label() -> None:
    assert distinct_names([("A long name that gets cut here", "1")] * 2, 12) == [short_name(
        "A long name that gets cut here", 12)] * 2


@pytest.mark.parametrize("width", [8, 12, 20, 32])
def test_random_names_with_shared_prefixes_and_suffixes_stay_distinct(width: int) -> None:
    rng = random.Random(width)
    parts = ["mb", "static-image", "ugc-video", "testimonial", "how-to", "lavender", "sage", "peach", "v1", "v2"]
    items = []
    for i in range(60):
        name = "_".join(rng.choice(parts) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.2 and items:
            name = items[rng.randrange(len(items))][0]  # a duplicated name on another ad
        items.append((name, f"1202100070000{i:05d}"))
    labels = distinct_names(items, width)
    assert all(len(label) <= width for label in labels)
    assert len(set(labels)) == len(items), [lab for lab in labels if labels.count(lab) > 1]

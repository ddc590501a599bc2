"""Naming-convention parsing and the pluggable feature builder."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tools.analyst.data import flatten_blueprint
from tools.analyst.features import FeatureConfig, FeatureSpace, raw_features
from tools.core.errors import InputError
from tools.performance.naming import normalise_value, parse_name


def test_default_pattern_parses_attributes():
    parsed = parse_name("glowlab_ugc-video_bold-claim_sage_v12")
    assert parsed == {"brand": "glowlab", "format": "ugc_video", "hook_type": "bold_claim", "colour": "sage",
                      "n": "12"}


def test_custom_pattern_and_mismatch():
    pattern = "{product}-{hook}-{offer}-{date}"
    assert parse_name("serum-testimonial-20off-2026w44", pattern) == {
        "product": "serum", "hook_type": "testimonial", "offer": "20off", "date": "2026w44"}
    assert parse_name("random ad name", "{brand}_{format}_{hook}_{colour}_v{n}") is None
    assert parse_name(None) is None


def test_bad_pattern_is_input_error():
    with pytest.raises(InputError):
        parse_name("x", "no fields here")
    with pytest.raises(InputError):
        parse_name("x", "{a}_{a}")


def test_value_normalisation():
    assert normalise_value("Bold claim") == normalise_value("bold-claim") == "bold_claim"
    assert normalise_value("20% off") == "20_off"
    assert normalise_value("  ") is None and normalise_value(float("nan")) is None


def _table(**columns):  # type: ignore[no-untyped-def]
    return pd.DataFrame(columns).set_index("creative_key")


def test_export_columns_beat_names_and_sources_merge():
    table = _table(
        creative_key=["a", "b", "c"],
        ad_name=["br_ugc-video_question_sage_v1", "br_static-image_testimonial_cream_v1", "free text"],
        attributes=[{"Hook type": "Testimonial"}, {}, {"Offer": "Bundle"}],
        headline=["Why wait?", "\"Love it\"", None], body=["Your skin, fixed.", "I use it daily.", None],
        kind=["video", "image", "video"],
        blueprint=[{"pace": "fast", "avg_shot_s": 1.2, "has_face": True}, None, None],
    )
    cat, num = raw_features(table, FeatureConfig())
    assert cat.loc["a", "hook_type"] == "testimonial"  # the explicit column wins over the name
    assert cat.loc["b", "hook_type"] == "testimonial" and cat.loc["b", "format"] == "static_image"
    assert pd.isna(cat.loc["c", "format"]) and cat.loc["c", "offer"] == "bundle"
    assert cat.loc["a", "bp_pace"] == "fast"
    assert num.loc["a", "bp_avg_shot_s"] == 1.2 and num.loc["a", "bp_has_face"] == 1.0
    assert num.loc["a", "txt_question"] == 1.0 and num.loc["b", "txt_quote"] == 1.0
    assert np.isnan(num.loc["c", "txt_words"])  # no copy → missing, not zero


def test_feature_space_encodes_unknown_levels_as_missing():
    train = _table(creative_key=["a", "b", "c"], attributes=[{"Hook": "x"}, {"Hook": "y"}, {"Hook": "x"}],
                   headline=["a", "b", "c"], body=["one", "two words", "three more words"])
    space = FeatureSpace(FeatureConfig(naming_pattern=None, use_embeddings=False)).fit(train)
    new = _table(creative_key=["n"], attributes=[{"Hook": "z"}], headline=["q?"], body=["x"])
    x = space.transform(new)
    assert space.names[0] == "hook" and np.isnan(x[0, 0])
    assert space.categorical_mask[0] and not space.categorical_mask[-1]


def test_blueprint_flattening_finds_nested_features():
    blueprint = {"kind": "video", "duration_s": 14.8, "pace": "fast", "avg_shot_s": 1.1, "shots": [{}, {}, {}],
                 "hook": {"archetype": "question", "has_face": True, "text_on_screen": "Still dull?"},
                 "copy": {"hook_archetype": "question", "text": "..."}}
    flat = flatten_blueprint(blueprint)
    assert flat["hook_archetype"] == "question" and flat["has_face"] is True and flat["n_shots"] == 3
    assert flat["avg_shot_s"] == 1.1 and flat["duration_s"] == 14.8

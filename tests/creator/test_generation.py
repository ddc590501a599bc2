"""The generation job: N distinct, compliant, scored variants; resumable after a cancel or a crash."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tools.core.domain.variant import AdCopy, BrandStyle, SourceSummary, VariantPrediction
from tools.creator import generate as generation
from tools.creator.generate import (
    NEAR_DUPLICATE_DISTANCE,
    CreatorContext,
    GenerationCancelled,
    GenerationRequest,
    SourceAd,
    TemplateEngine,
    run_generation,
)
from tools.creator.placements import PLACEMENTS
from tools.creator.visuals import colour_schemes
from tools.creator.vocabulary import build_vocabulary

PALETTE = ["#2F4A3A", "#F4EDE1", "#3B2A20", "#E2A03F", "#C9CFC8"]
VALUE_PROPS = [
    "**Smooth energy without the crash**: half the caffeine of a regular cup, so the afternoon stays even.",
    "**Real coffee taste**: medium-roast organic arabica first, mushrooms second.",
    "**Simple ingredients**: three ingredients, certified organic, no added sugar, no fillers.",
    "**Flexible subscription**: pause, skip or cancel online in two clicks, no phone calls.",
    "**30-day taste guarantee**: if you don't love the first tin, we refund it.",
]


@pytest.fixture(scope="module")
def embed():  # type: ignore[no-untyped-def]
    from vectorstore.model import bundled_model_path, embed_texts

    path = bundled_model_path()
    return lambda texts: embed_texts(path, texts)


def _context(embed, check=lambda texts, colours: [], predict=None) -> CreatorContext:  # type: ignore[no-untyped-def]
    vocabulary = build_vocabulary(
        brand="Mossbrew", product="coffee", value_props=VALUE_PROPS,
        ctas=["Try your first tin", "Start your ritual", "Get 20% off your first order"], tone=["warm", "witty"],
        material=["No jitters, no crash, just your afternoon back."],
        source_texts=["It's 3 pm. Your coffee just clocked out.", "Tired of the 3 pm slump?"],
    )
    return CreatorContext(vocabulary=vocabulary, style=BrandStyle(palette=PALETTE, brand_name="Mossbrew"),
                          schemes=colour_schemes(PALETTE), engine=TemplateEngine(vocabulary), check=check,
                          embed=embed, predict=predict)


def _request(out: Path, n: int = 20, formats=("1x1", "4x5", "9x16")) -> GenerationRequest:  # type: ignore[no-untyped-def]
    source = SourceAd(
        summary=SourceSummary(kind="winner", label="MB_ugc_question_moss_v3", ad_id="1201", archetype="question",
                              ad_copy=AdCopy(hook="Tired of the 3 pm slump?", headline="Smooth energy, no crash",
                                             body="It's 3 pm. Your coffee just clocked out.", cta="Shop now")),
        attributes={"Hook type": "Question", "Background": "solid", "Offer": "None"},
        texts=["Tired of the 3 pm slump?", "It's 3 pm. Your coffee just clocked out."],
    )
    return GenerationRequest(source=source, n=n, formats=[PLACEMENTS[f] for f in formats], out_dir=out)


def test_twenty_distinct_on_brand_variants_in_every_format(tmp_path: Path, embed) -> None:  # type: ignore[no-untyped-def]
    result = run_generation(_request(tmp_path), _context(embed))
    assert len(result.variants) == 20
    assert [v.rank for v in result.variants] == list(range(1, 21))
    assert len({v.id for v in result.variants}) == 20
    # distinct: no two variants share the same message; measured embedding distance above the near-dup threshold
    keys = {(v.ad_copy.hook, v.ad_copy.headline, v.ad_copy.body) for v in result.variants}
    assert len(keys) == 20
    assert result.diversity is not None and result.diversity.min_distance >= NEAR_DUPLICATE_DISTANCE
    vectors = embed([f"{v.ad_copy.hook} | {v.ad_copy.headline} | {v.ad_copy.body}" for v in result.variants])
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    similarity = unit @ unit.T
    assert similarity[np.triu_indices(20, 1)].max() <= 1 - NEAR_DUPLICATE_DISTANCE + 1e-4
    # the source's archetype is kept for every hook the material supports; the rest say what they are, and a warning
    # tells the user (no hook is repeated to keep the archetype)
    kept = [v for v in result.variants if v.archetype == "question"]
    assert len(kept) >= 5 and all(v.ad_copy.hook.endswith("?") for v in kept)
    if len(kept) < 20:
        assert any(f"{len(kept)} of 20 variants keep the source's question hook" in w for w in result.warnings)
    assert len({v.ad_copy.hook for v in result.variants}) == 20
    assert all({"hook_angle", "visual"} <= {c.axis for c in v.changes} for v in result.variants)
    assert all(c.why for v in result.variants for c in v.changes)
    # numbers only from the material (no invented discounts or statistics)
    grounding = " ".join(VALUE_PROPS) + " 20% 3 pm"
    for variant in result.variants:
        for number in re.findall(r"\d+", " ".join(variant.ad_copy.texts())):
            assert number in grounding
    # assets: right sizes, text inside the safe zones, colours from the palette
    for variant in result.variants:
        assert [a.format for a in variant.assets] == ["1x1", "4x5", "9x16"]
        for asset in variant.assets:
            with Image.open(asset.path) as image:
                assert image.size == (PLACEMENTS[asset.format].width, PLACEMENTS[asset.format].height)
            assert asset.safe_zone is not None
            assert all(box.inside(asset.safe_zone) for box in asset.text_boxes.values())
        used = {variant.visual.background_colour, variant.visual.accent_colour, variant.visual.text_colour}
        assert used <= set(PALETTE)
    manifest = json.loads(Path(result.manifest).read_text())
    assert [v["id"] for v in manifest["variants"]] == [v.id for v in result.variants]
    assert Path(result.contact_sheet).is_file()


def test_non_compliant_drafts_are_rewritten_never_shipped(tmp_path: Path, embed) -> None:  # type: ignore[no-untyped-def]
    def check(texts: list[str], colours: list[str]) -> list[str]:
        return ["banned word: sugar"] if any(re.search(r"\bsugar\b", t, re.I) for t in texts) else []

    result = run_generation(_request(tmp_path, n=12, formats=("1x1",)), _context(embed, check=check))
    assert len(result.variants) == 12
    assert not any("sugar" in " ".join(v.ad_copy.texts()).lower() for v in result.variants)
    assert any("broke a brand rule" in w for w in result.warnings)


def test_manifest_is_sorted_by_predicted_score(tmp_path: Path, embed) -> None:  # type: ignore[no-untyped-def]
    def predict(variants):  # type: ignore[no-untyped-def]
        return [VariantPrediction(metric="ctr_link", value=0.01 + 0.001 * len(v.ad_copy.hook),
                                  interval=(0.005, 0.02), score=float(len(v.ad_copy.hook))) for v in variants]

    result = run_generation(_request(tmp_path, n=8, formats=("1x1",)), _context(embed, predict=predict))
    scores = [v.score for v in result.variants]
    assert scores == sorted(scores, reverse=True)
    assert result.variants[0].prediction.interval == (0.005, 0.02)


def test_cancel_then_resume_keeps_finished_work(tmp_path: Path, embed) -> None:  # type: ignore[no-untyped-def]
    context = _context(embed)
    calls = itertools.count()
    with pytest.raises(GenerationCancelled, match="after 5 of 10"):
        run_generation(_request(tmp_path, n=10, formats=("1x1",)), context, should_cancel=lambda: next(calls) >= 5)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["status"] == "cancelled" and len(manifest["variants"]) == 5
    first = {v["id"]: Path(v["assets"][0]["path"]).stat().st_mtime_ns for v in manifest["variants"]}

    result = run_generation(_request(tmp_path, n=10, formats=("1x1",)), context)
    assert len(result.variants) == 10 and result.status == "complete"
    for variant in result.variants:
        if variant.id in first:  # finished before the cancel: not rendered again
            assert Path(variant.assets[0].path).stat().st_mtime_ns == first[variant.id]


def test_crash_mid_render_leaves_no_half_written_files(tmp_path: Path, embed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real_save = generation.save_image
    calls = itertools.count()

    def flaky_save(image, path):  # type: ignore[no-untyped-def]
        if next(calls) == 6:
            raise OSError("disk full")
        return real_save(image, path)

    monkeypatch.setattr(generation, "save_image", flaky_save)
    with pytest.raises(OSError, match="disk full"):
        run_generation(_request(tmp_path, n=6, formats=("1x1", "9x16")), _context(embed))
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(manifest["variants"]) == 3  # the 4th variant's second asset failed: it is not listed
    assert not list(tmp_path.glob(".tmp-*"))
    monkeypatch.setattr(generation, "save_image", real_save)
    result = run_generation(_request(tmp_path, n=6, formats=("1x1", "9x16")), _context(embed))
    assert len(result.variants) == 6
    assert all(Path(a.path).is_file() for v in result.variants for a in v.assets)

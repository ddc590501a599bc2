"""`creative_briefs` on simulated accounts with planted effects: the briefs lead with the planted winners, avoid the
planted losers, find the planted untested combination and the planted fatiguing winner; a sparse account gets tests
to learn, not findings."""

from __future__ import annotations

import pytest

from tests.analyst.loader import load_simulated
from tests.strategist.planted import brand_edit_for, planted_account, sparse_account
from tools.brand.api import brand_edit
from tools.core.errors import InputError
from tools.creator.brief_source import parse_brief_source
from tools.strategist.api import creative_briefs

WINNERS = {("hook_type", "testimonial"), ("format", "ugc_video")}
LOSERS = {("hook_type", "bold_claim"), ("format", "static_image")}


def _competitor(runtime, name: str, archetype: str, kind: str) -> int:  # type: ignore[no-untyped-def]
    """A stored competitor blueprint (no creative of ours), as `hookline extract` leaves one."""
    from tools.core.domain.blueprint import Blueprint
    from tools.extractor.store import save_blueprint

    blueprint = Blueprint.model_validate({
        "kind": kind, "source": {"uri": f"https://ads.example/{name}", "origin": "url", "media_type": "video/mp4",
                                 "size_bytes": 1000, "content_hash": name * 8},
        "copy": {"text": f"{name} copy", "hook_archetype": archetype}})
    stored_id, _ = save_blueprint(runtime, blueprint, None)
    return stored_id


@pytest.fixture
def planted(runtime):  # type: ignore[no-untyped-def]
    account, fatigued = planted_account()
    load_simulated(runtime, account)
    brand_edit(runtime, brand_edit_for(account.brand))
    return runtime, fatigued


def test_briefs_follow_the_planted_evidence(planted) -> None:  # type: ignore[no-untyped-def]
    runtime, fatigued = planted
    testimonial_ad = _competitor(runtime, "rival1", "testimonial", "video")
    _competitor(runtime, "rival2", "statistic", "image")
    result = creative_briefs(runtime, n=5)
    briefs = result.briefs
    assert len(briefs) == 5 and not result.learning

    # leads with the planted winning elements, and never recommends a planted loser
    lead = briefs[0]
    assert set(lead.attributes.items()) >= WINNERS
    for brief in briefs:
        assert not LOSERS & set(brief.attributes.items()), brief.title
    avoid = {(k, v) for k, values in lead.avoid.items() for v in values.split(", ")}
    assert avoid >= LOSERS

    # the planted gap: Testimonial × UGC video never ran, though each element wins on its own
    gap = next(b for b in briefs if b.untested and set(b.attributes.items()) >= WINNERS)
    assert gap.kind == "untested_combination" and gap.iteration_of is None
    assert gap.estimate is not None and gap.estimate > 0 and gap.estimate_ci[0] <= gap.estimate <= gap.estimate_ci[1]
    assert "no interaction assumed" in gap.why and "never tried together" in gap.why
    assert gap.confidence in ("medium", "low")  # an estimate is never presented as high confidence
    competitors = [r for r in gap.reference_ads if r.kind == "competitor"]
    assert [r.blueprint_id for r in competitors] == [testimonial_ad]  # same hook archetype; never the statistic one
    assert "not evidence" in competitors[0].why
    own = [r for r in gap.reference_ads if r.kind == "own"]
    assert len(own) == 2 and len({r.why.split(";")[0] for r in own}) == 2  # never combined: one ad per element

    # the planted fatiguing winner gets an iteration brief, with the fatigue numbers in its reason
    iteration = next(b for b in briefs if b.iteration_of == fatigued)
    assert iteration.kind == "iterate" and not iteration.untested
    assert "below its peak" in iteration.why and "%" in iteration.why
    assert any(r.kind == "own" and r.ad_id == fatigued for r in iteration.reference_ads)

    for brief in briefs:
        assert brief.title and brief.why and brief.formats and brief.evidence
        assert len(brief.hooks) == 2 and brief.hooks[0] != brief.hooks[1]
        assert brief.confidence in ("high", "medium", "low") and brief.confidence_note
        spec = parse_brief_source(brief.source)  # the Make-variants source carries the same elements
        assert spec.attributes == brief.attributes and spec.iteration_of == brief.iteration_of
    hooks = [h for b in briefs for h in b.hooks]
    assert len(hooks) == len(set(hooks))  # no two briefs share an example hook

    assert result.velocity.target == 20 and result.velocity.new_per_week is not None
    assert result.velocity.gap == pytest.approx(max(0.0, 20 - result.velocity.new_per_week), abs=0.01)
    assert len(result.velocity.weeks) == 4


def test_sparse_account_gets_tests_to_learn(runtime) -> None:  # type: ignore[no-untyped-def]
    account = sparse_account()
    load_simulated(runtime, account)
    brand_edit(runtime, brand_edit_for(account.brand))
    result = creative_briefs(runtime, n=3)
    assert result.learning
    assert result.briefs and all(b.kind == "learn" and b.confidence == "low" for b in result.briefs)
    assert all("not enough evidence" in b.why.lower() or "too little evidence" in b.why.lower()
               for b in result.briefs)
    assert "test to learn" in result.notes[0].lower()
    assert not result.elements  # no finding is claimed


def test_bad_count_and_metric_are_named(runtime) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="between 1 and 10"):
        creative_briefs(runtime, n=0)
    with pytest.raises(InputError, match="Unknown metric"):
        creative_briefs(runtime, metric="likes")

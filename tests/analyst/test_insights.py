"""Element insights find the planted effects with the right sign and claim nothing spurious."""

from __future__ import annotations

import pytest

from tests.analyst.conftest import simulated
from tools.analyst.insights import InsightsConfig, element_insights
from tools.performance.naming import normalise_value
from tools.simulator import ATTRIBUTE_LEVELS

COLUMN = {normalise_value(c): c for c in ATTRIBUTE_LEVELS}
LEVEL = {(normalise_value(c), normalise_value(v)): v for c, levels in ATTRIBUTE_LEVELS.items() for v in levels}


def truth_of(account, metric, insight) -> float:  # type: ignore[no-untyped-def]
    return account.truth.true_relative_lift(metric, COLUMN[insight.attribute],
                                            LEVEL[(insight.attribute, insight.value)])


@pytest.mark.parametrize("seed", [7, 11, 23])
@pytest.mark.parametrize("metric", ["ctr_link", "cpa"])
def test_planted_effects_found_with_right_sign_and_nothing_spurious(seed, metric):
    account, data = simulated(seed)
    result = element_insights(data, metric, InsightsConfig(bootstrap=200))
    claims = [i for i in result.insights if i.conclusive]
    assert claims, "no effect found at all"
    for insight in claims:
        truth = truth_of(account, metric, insight)
        assert abs(truth) >= 0.03, f"spurious claim: {insight.sentence} (true lift {truth:+.3f})"
        assert (truth > 0) == (insight.effect > 0), f"wrong sign: {insight.sentence} (true {truth:+.3f})"
        assert insight.ci[0] <= insight.effect <= insight.ci[1]
    assert not [i for i in claims if i.attribute == "colour"]  # colour is inert by construction
    # the strongest planted effects are all found (CPA is noisier: fewer purchases than clicks)
    threshold = 0.25 if metric == "ctr_link" else 0.4
    strong = [i for i in result.insights if abs(truth_of(account, metric, i)) >= threshold and i.n >= 15]
    assert strong and all(i.conclusive for i in strong), [i.sentence for i in strong if not i.conclusive]


def test_hook_rate_only_uses_video_creatives():
    account, data = simulated(7)
    result = element_insights(data, "hook_rate", InsightsConfig(bootstrap=200))
    video = (account.ads["kind"] == "video").sum()
    assert result.n_creatives <= video
    assert not [i for i in result.insights if i.attribute == "format" and i.value == "static_image"]
    question = next(i for i in result.insights if i.attribute == "hook_type" and i.value == "question")
    assert question.effect > 0.05


def test_no_planted_effects_no_claims():
    for seed in (3, 4):
        _, data = simulated(seed, no_effects=True)
        result = element_insights(data, "ctr_link", InsightsConfig(bootstrap=200))
        assert [i.sentence for i in result.insights if i.conclusive] == []


def test_sentences_read_like_a_manager_would_say_them():
    _, data = simulated(7)
    result = element_insights(data, "ctr_link", InsightsConfig(bootstrap=200))
    testimonial = next(i for i in result.insights if i.value == "testimonial")
    assert testimonial.conclusive
    assert testimonial.sentence.startswith("Testimonial hooks: +")
    assert "CTR (95 % CI +" in testimonial.sentence and f"{testimonial.n} ads)" in testimonial.sentence
    inert = [i for i in result.insights if i.attribute == "colour"]
    assert inert and not any(i.conclusive for i in inert)
    assert any("no reliable difference in CTR" in i.sentence for i in inert)


def test_too_few_creatives_makes_no_claim():
    _, data = simulated(9, n_creatives=10, weeks=3)
    result = element_insights(data, "ctr_link")
    assert result.insights == [] and "need at least" in result.notes[0]


def test_unknown_metric_is_input_error():
    from tools.core.errors import InputError

    _, data = simulated(7)
    with pytest.raises(InputError, match="expected one of"):
        element_insights(data, "likes")

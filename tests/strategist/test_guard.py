"""Never recommend what hurts: an element that wins on the brief's metric but conclusively hurts CPA is avoided, and
a field whose every value would be avoided is not emptied by contrasts against one outstanding value."""

from __future__ import annotations

import copy
from functools import lru_cache

from tools.analyst.data import AccountData
from tools.simulator import DEFAULT_EFFECTS, simulate_account
from tools.strategist.api import creative_briefs


@lru_cache(maxsize=1)
def clickbait_account() -> AccountData:
    """'Free shipping' is planted to lift CTR by 35 % but to cut the conversion rate by 60 % (CPA ~2× worse)."""
    effects = copy.deepcopy(DEFAULT_EFFECTS)
    effects["ctr"]["Offer"] = {"Free shipping": 0.30}
    effects["cvr"]["Offer"] = {"Free shipping": -0.9}
    effects["aov"] = {}
    return AccountData.from_simulation(simulate_account(seed=21, n_creatives=240, effects=effects))


def test_a_ctr_winner_that_hurts_cpa_is_avoided_not_recommended(runtime) -> None:  # type: ignore[no-untyped-def]
    result = creative_briefs(runtime, n=4, data=clickbait_account())
    ctr = {(e.field, e.value): e for e in result.elements}
    assert ctr[("offer", "free_shipping")].effect > 0.2  # the CTR evidence really says it wins
    assert "cpa" in result.method
    for brief in result.briefs:
        assert brief.attributes.get("offer") != "free_shipping", brief.title
        assert "free_shipping" in brief.avoid.get("offer", "")
        assert any("CPA" in line and "offer" in line.lower() for line in brief.evidence if line.startswith("Avoid"))
    # the other offers only look worse next to free shipping on CTR: they are not all avoided
    offers = set(result.briefs[0].avoid.get("offer", "").split(", "))
    assert not {"none", "20_off", "bundle"} <= offers
    assert result.briefs[0].kind in ("double_down", "untested_combination")


def test_an_unlabelled_account_gets_hook_archetype_tests(runtime) -> None:  # type: ignore[no-untyped-def]
    """No attribute columns and no naming convention: nothing can be a finding, so the briefs are archetype tests."""
    account = simulate_account(seed=5, n_creatives=60, weeks=6)
    ads = account.ads.copy()
    ads["attributes"] = [{} for _ in range(len(ads))]
    ads["ad_name"] = [f"Spring promo {i}" for i in range(len(ads))]
    ads["creative_key"] = ads["ad_name"]
    result = creative_briefs(runtime, n=3, data=AccountData.from_frames(account.daily, ads, account.currency))
    assert result.learning and not result.elements
    assert [b.kind for b in result.briefs] == ["learn"] * 3
    assert len({b.hook_archetype for b in result.briefs}) == 3
    assert all("naming convention" in b.why and b.confidence == "low" for b in result.briefs)

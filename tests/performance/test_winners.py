"""Winners: best on the metric among ads with enough evidence; the others are listed with what they lack."""

from __future__ import annotations

from datetime import date

import pytest

from tests.performance.factories import PerformanceFactory
from tools.core.errors import InputError
from tools.performance.api import find_winners

DAY = date(2024, 5, 8)
PERIOD = "2024-05-06..2024-05-12"


def build(runtime) -> None:  # type: ignore[no-untyped-def]
    """Six ads; min_spend 50 and min_impressions 1000 (the defaults).

    | ad  | kind  | spend | impr  | link | 3s   | purchases | value | judged? |
    | A   | video | 100   | 10000 | 200  | 3000 | 4         | 400   | yes: ROAS 4.0, CPA 25, CTR 2 %, hook 30 % |
    | B   | video | 200   | 20000 | 300  | 4000 | 10        | 600   | yes: ROAS 3.0, CPA 20, CTR 1.5 %, hook 20 % |
    | C   | image | 50    | 5000  | 150  | —    | 1         | 250   | yes: ROAS 5.0, CPA 50, CTR 3 % |
    | D   | video | 500   | 900   | 90   | 800  | 20        | 5000  | no: impressions 900 < 1000 (ROAS 10!) |
    | E   | image | 10    | 50000 | 2000 | —    | 9         | 900   | no: spend 10 < 50 (ROAS 90!) |
    | F   | image | 60    | 6000  | 30   | —    | 0         | 0     | yes: ROAS 0, CPA undefined (no purchase) |
    """
    f = PerformanceFactory(runtime)
    rows = {
        "A": ("video", dict(spend=100, impressions=10000, link_clicks=200, video_plays_3s=3000, thruplays=900,
                            purchases=4, purchase_value=400)),
        "B": ("video", dict(spend=200, impressions=20000, link_clicks=300, video_plays_3s=4000, thruplays=1000,
                            purchases=10, purchase_value=600)),
        "C": ("image", dict(spend=50, impressions=5000, link_clicks=150, purchases=1, purchase_value=250)),
        "D": ("video", dict(spend=500, impressions=900, link_clicks=90, video_plays_3s=800, thruplays=100,
                            purchases=20, purchase_value=5000)),
        "E": ("image", dict(spend=10, impressions=50000, link_clicks=2000, purchases=9, purchase_value=900)),
        "F": ("image", dict(spend=60, impressions=6000, link_clicks=30, purchases=0, purchase_value=0)),
    }
    for ad, (kind, measures) in rows.items():
        f.ad(ad, kind=kind, name=f"Ad {ad}")
        f.day(ad, DAY, **measures)
    f.commit()


def ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.ad_id for w in result.winners]


def test_roas_winners_ignore_ads_without_enough_evidence(runtime) -> None:  # type: ignore[no-untyped-def]
    build(runtime)
    result = find_winners(runtime, PERIOD, "roas", top=5)
    assert ids(result) == ["C", "A", "B", "F"]
    assert [w.value for w in result.winners] == pytest.approx([5.0, 4.0, 3.0, 0.0])
    first = result.winners[0]
    assert (first.metric, first.spend, first.impressions, first.ad_name, first.rank) == ("roas", 50, 5000, "Ad C", 1)
    lacking = {i.ad_id: i for i in result.insufficient_data}
    assert set(lacking) == {"D", "E"} and result.insufficient_total == 2
    assert lacking["D"].missing == {"impressions": 100.0}
    assert lacking["E"].missing == {"spend": 40.0}
    assert "impressions 900 < 1000" in lacking["D"].reason
    assert result.higher_is_better is True and result.note is None


def test_cpa_lower_is_better_and_no_purchase_is_never_a_winner(runtime) -> None:  # type: ignore[no-untyped-def]
    build(runtime)
    result = find_winners(runtime, PERIOD, "cpa", top=10)
    assert ids(result) == ["B", "A", "C"]  # F spent 60 without a purchase: CPA undefined, not a winner
    assert [w.value for w in result.winners] == pytest.approx([20.0, 25.0, 50.0])
    assert result.higher_is_better is False


def test_top_n_and_ctr(runtime) -> None:  # type: ignore[no-untyped-def]
    build(runtime)
    result = find_winners(runtime, PERIOD, "ctr_link", top=2)
    assert ids(result) == ["C", "A"]
    assert [w.value for w in result.winners] == pytest.approx([0.03, 0.02])


def test_hook_rate_ranks_video_creatives_only(runtime) -> None:  # type: ignore[no-untyped-def]
    build(runtime)
    result = find_winners(runtime, PERIOD, "hook_rate", top=5)
    assert ids(result) == ["A", "B"]
    assert [w.value for w in result.winners] == pytest.approx([0.3, 0.2])
    assert [i.ad_id for i in result.insufficient_data] == ["D"]  # the static E is not "insufficient", it is n/a
    assert result.not_applicable == 3


def test_missing_metric_data_falls_back_and_says_so(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    for ad, clicks in (("P", 30), ("Q", 60)):
        f.ad(ad, kind="image")
        f.day(ad, DAY, spend=80, impressions=3000, link_clicks=clicks)  # no purchase data at all
    f.commit()
    result = find_winners(runtime, PERIOD, "roas")
    assert result.metric == "ctr_link" and result.requested_metric == "roas"
    assert "ROAS" in (result.note or "")
    assert ids(result) == ["Q", "P"]


def test_no_ad_with_enough_evidence_is_said_plainly(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    f.ad("T", kind="image")
    f.day("T", DAY, spend=5, impressions=100, link_clicks=1, purchases=1, purchase_value=10)
    f.commit()
    result = find_winners(runtime, PERIOD, "roas")
    assert result.winners == []
    assert "enough evidence" in (result.note or "")
    assert result.insufficient_data[0].missing == {"spend": 45.0, "impressions": 900.0}


def test_evidence_thresholds_come_from_settings(runtime) -> None:  # type: ignore[no-untyped-def]
    build(runtime)
    runtime.settings.min_spend = 5.0
    runtime.settings.min_impressions = 500
    result = find_winners(runtime, PERIOD, "roas", top=2)
    assert ids(result) == ["E", "D"]  # now judged: ROAS 90 and 10
    assert result.insufficient_total == 0


def test_bad_metric_and_top_are_input_errors(runtime) -> None:  # type: ignore[no-untyped-def]
    build(runtime)
    with pytest.raises(InputError, match=r"roas, cpa, cost_per_lead, ctr_link, hook_rate") as info:
        find_winners(runtime, PERIOD, "likes")
    assert info.value.field == "metric"
    with pytest.raises(InputError, match="top"):
        find_winners(runtime, PERIOD, "roas", top=0)


def test_report_top_and_bottom_use_the_same_evidence_rule(runtime) -> None:  # type: ignore[no-untyped-def]
    from tools.performance.api import performance_report

    build(runtime)
    report = performance_report(runtime, PERIOD)
    assert report.rank_metric == "roas"
    assert [t.ad_id for t in report.top] == ["C", "A"]  # 4 judged ads: two best, two worst (worst first)
    assert [b.ad_id for b in report.bottom] == ["F", "B"]
    assert report.bottom[0].value == 0.0
    assert (report.ads_delivered, report.ads_judged) == (6, 4)

"""Judging ads: the minimum-evidence rule, which metric a ranking uses, and best-first ordering.

Why one module: the report's top/bottom, `hookline winners`, the weekly digest and the creator's "last week's
winner" must agree on who is judged and who is best. An ad is judged only when it has at least `min_spend` spend
AND `min_impressions` impressions in the period; the rest are listed with what they lack, never ranked.
"""

from __future__ import annotations

from tools.core.domain.performance import InsufficientItem, RankedAd
from tools.performance.kpis import KPI_DEFINITIONS, AdKpis, Sums, better

FALLBACK_METRICS = ("roas", "cpa", "cost_per_lead", "ctr_link", "ctr_all")


def evidence_gaps(ad: AdKpis, min_spend: float, min_impressions: int) -> dict[str, float]:
    """What the ad lacks before it may be judged: {"spend": shortfall, "impressions": shortfall}; empty = enough."""
    gaps: dict[str, float] = {}
    spend = ad.sums.spend or 0.0
    impressions = ad.sums.impressions or 0.0
    if spend < min_spend:
        gaps["spend"] = round(min_spend - spend, 2)
    if impressions < min_impressions:
        gaps["impressions"] = float(min_impressions - impressions)
    return gaps


def insufficient_item(ad: AdKpis, gaps: dict[str, float], min_spend: float, min_impressions: int) -> InsufficientItem:
    parts = []
    if "spend" in gaps:
        parts.append(f"spend {ad.sums.spend or 0:.2f} < {min_spend:.2f}")
    if "impressions" in gaps:
        parts.append(f"impressions {int(ad.sums.impressions or 0)} < {min_impressions}")
    return InsufficientItem(
        ad_id=ad.ad_id, ad_name=ad.ad_name, spend=float(ad.sums.spend or 0.0),
        impressions=int(ad.sums.impressions or 0), missing=gaps, reason="not enough evidence: " + ", ".join(parts),
    )


def applies(ad: AdKpis, metric: str) -> bool:
    """Whether the ad's data carries the metric's inputs at all (a static ad has no hook rate)."""
    s: Sums = ad.sums
    inputs = {
        "roas": s.purchase_value,
        "cpa": s.purchases if s.purchases is not None else s.conversions,
        "cost_per_lead": s.conversions,
        "ctr_link": s.link_clicks,
        "cpc_link": s.link_clicks,
        "ctr_all": s.clicks_all,
        "cpm": s.impressions,
        "hook_rate": s.video_plays_3s,
        "hold_rate": s.thruplays,
    }
    return inputs.get(metric) is not None


def has_signal(ad: AdKpis, metric: str) -> bool:
    """The metric's inputs are present *and* non-zero where it matters: ROAS needs some revenue, CPA a purchase,
    cost per lead a lead (so a lead-generation account without purchases is ranked on its leads)."""
    if not applies(ad, metric):
        return False
    s = ad.sums
    if metric == "roas":
        return (s.purchase_value or 0) > 0
    if metric == "cpa":
        return (s.purchases or 0) > 0
    if metric == "cost_per_lead":
        return (s.conversions or 0) > 0
    return True


def choose_metric(ads: list[AdKpis]) -> str | None:
    """ROAS when some ad earned purchase value, else CPA when some ad has purchases, else cost per lead when some ad
    has leads, else CTR (link), else CTR (all)."""
    for metric in FALLBACK_METRICS:
        if any(has_signal(ad, metric) for ad in ads):
            return metric
    return None


def rank(ads: list[AdKpis], metric: str) -> list[AdKpis]:
    """Best first. An ad the metric applies to but whose value is undefined (CPA with no purchase) ranks after every
    ad with a value, and among those the one that spent more without a result ranks lower (it is the worse)."""
    higher = better(metric)
    candidates = [ad for ad in ads if applies(ad, metric)]

    def key(ad: AdKpis) -> tuple[int, float, float, str]:
        value = getattr(ad.kpis, metric)
        if value is None:
            return (1, ad.sums.spend or 0.0, 0.0, ad.ad_id)  # undefined: worst, bigger spend = worse
        return (0, -value if higher else value, -(ad.sums.spend or 0.0), ad.ad_id)

    return sorted(candidates, key=key)


def ranked_item(ad: AdKpis, metric: str) -> RankedAd:
    value = getattr(ad.kpis, metric)
    note = None
    if value is None and metric in ("cpa", "cost_per_lead"):
        what = "leads" if metric == "cost_per_lead" else "results"
        note = f"no {what} for {ad.sums.spend or 0:.2f} spent"
    return RankedAd(
        ad_id=ad.ad_id, ad_name=ad.ad_name, creative_name=ad.creative_name, creative_kind=ad.creative_kind,
        metric=metric, value=value, spend=float(ad.sums.spend or 0.0), impressions=int(ad.sums.impressions or 0),
        ctr_link=ad.kpis.ctr_link, cpa=ad.kpis.cpa, roas=ad.kpis.roas, hook_rate=ad.kpis.hook_rate,
        hold_rate=ad.kpis.hold_rate, note=note,
    )


def top_and_bottom(ads: list[AdKpis], metric: str, n: int = 5) -> tuple[list[RankedAd], list[RankedAd]]:
    """The n best and the n worst (worst first) without overlap: fewer than 2n ads are split between the two."""
    ordered = rank(ads, metric)
    top = ordered[: min(n, (len(ordered) + 1) // 2)]
    rest = ordered[len(top):]
    bottom = list(reversed(rest[-n:])) if rest else []
    return [ranked_item(a, metric) for a in top], [ranked_item(a, metric) for a in bottom]


def metric_label(metric: str) -> str:
    return KPI_DEFINITIONS[metric].label

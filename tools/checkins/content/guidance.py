"""'What to do next' lines and the creative-velocity targets, shared by the report, the digest and the nudge.

Why rules and not prose from a model: a check-in posts on its own, to people who act on it; each line names the
creative and the number behind the advice so anyone can check it against `hookline report`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from tools.checkins.content.blocks import name_of, names_of
from tools.performance.formatting import kpi_value, money, percent
from tools.performance.kpis import KPI_DEFINITIONS, VELOCITY_TARGET

if TYPE_CHECKING:
    from tools.core.domain.performance import PerformanceReport

FRESHNESS_TARGET = 0.40  # share of the week's spend on creatives launched in its last 7 days


def worse_than_account(report: PerformanceReport, value: float | None) -> bool:
    metric = report.rank_metric
    if metric is None or value is None:
        return False
    account = getattr(report.kpis, metric, None)
    if account is None:
        return False
    higher = KPI_DEFINITIONS[metric].higher_is_better
    return value < account if higher else value > account


def next_steps(report: PerformanceReport) -> list[str]:
    """Concrete actions from the week's numbers: scale the best, review the worst, refresh the fatigued, launch more."""
    steps: list[str] = []
    metric = report.rank_metric
    cur = report.currency
    if report.top and metric:
        best = report.top[0]
        steps.append(f"Scale *{name_of(best.ad_name, best.ad_id)}*: best {KPI_DEFINITIONS[metric].label} at "
                     f"{kpi_value(metric, best.value, cur)} on {money(best.spend, cur)} — give it more budget and "
                     "make variants of it.")
    top_ids = {a.ad_id for a in report.top[:3]}
    worst = next((a for a in report.bottom if a.ad_id not in top_ids), None)
    if worst is not None and metric and worse_than_account(report, worst.value):
        steps.append(f"Review *{name_of(worst.ad_name, worst.ad_id)}*: {KPI_DEFINITIONS[metric].label} "
                     f"{kpi_value(metric, worst.value, cur)} on {money(worst.spend, cur)} (account "
                     f"{kpi_value(metric, getattr(report.kpis, metric), cur)}) — pause it or rework its hook.")
    if report.fatigued:
        names = ", ".join(names_of([(f.ad_name, f.ad_id) for f in report.fatigued[:3]], 28))
        more = f" and {report.fatigued_total - 3} more" if report.fatigued_total > 3 else ""
        steps.append(f"Refresh the {report.fatigued_total} fatigued creative{'s' if report.fatigued_total > 1 else ''}"
                     f" ({names}{more}): make variants or rotate new ones in.")
    steps.extend(velocity_steps(report))
    return steps


def velocity_steps(report: PerformanceReport) -> list[str]:
    steps = []
    velocity, freshness, spend = report.kpis.creative_velocity, report.kpis.freshness_rate, report.kpis.spend
    if velocity is not None and velocity < VELOCITY_TARGET:
        short_by = math.ceil(VELOCITY_TARGET - velocity)
        steps.append(f"Launch {short_by} more new creative{'s' if short_by > 1 else ''} this week: {velocity:.0f} "
                     f"went live last week (target ≥ {VELOCITY_TARGET:.0f}/week).")
    if freshness is not None and freshness < FRESHNESS_TARGET:
        gap = f" — about {money((FRESHNESS_TARGET - freshness) * spend, report.currency)} more on new launches" \
            if spend else ""
        steps.append(f"Give new creatives budget: {percent(freshness, 0)} of spend went to creatives launched in the "
                     f"last 7 days (target ≥ {percent(FRESHNESS_TARGET, 0)}){gap}.")
    return steps


__all__ = ["FRESHNESS_TARGET", "VELOCITY_TARGET", "next_steps", "velocity_steps", "worse_than_account"]

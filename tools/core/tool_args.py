"""Argument types that agent tools of several areas share (periods, comparisons, filters, metric names).

Field descriptions are what a model reads; keep them short and exact. Periods use the one grammar in
`tools/core/periods.py`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from tools.core.periods import PERIOD_HELP, validate_period

Period = Annotated[str, AfterValidator(validate_period), Field(description=f"Reporting period: {PERIOD_HELP}.")]
WinnerMetric = Literal["roas", "cpa", "ctr_link", "hook_rate"]
Metric = Literal["roas", "cpa", "ctr_link", "ctr_all", "hook_rate", "hold_rate", "cpm", "cpc_link"]
# every KPI `performance_query` computes (tools/performance/kpis.py); explain splits all but the timeline ones
QueryMetric = Literal["spend", "impressions", "reach", "link_clicks", "clicks_all", "purchases", "revenue", "leads",
                      "ctr_link", "ctr_all", "cpm", "cpc_link", "cpa", "cost_per_lead", "roas", "hook_rate",
                      "hold_rate", "frequency", "freshness_rate", "creative_velocity"]
ExplainMetric = Literal["spend", "impressions", "reach", "link_clicks", "clicks_all", "purchases", "revenue", "leads",
                        "ctr_link", "ctr_all", "cpm", "cpc_link", "cpa", "cost_per_lead", "roas", "hook_rate",
                        "hold_rate", "frequency"]
_FILTER = re.compile(r"^[^=!]+!?=.+$")


def _compare(value: str | None) -> str | None:
    """'previous' or a period of the one grammar."""
    if value is None or value.strip().lower() == "previous":
        return None if value is None else "previous"
    return validate_period(value)


def _filters(values: list[str]) -> list[str]:
    for value in values:
        if not _FILTER.match(value.strip()):
            raise ValueError(f"filter {value!r} must be FIELD=VALUE or FIELD!=VALUE, e.g. 'format=UGC video'")
    return values


Compare = Annotated[str | None, AfterValidator(_compare),
                    Field(description="'previous' (the period of equal length just before) or another period.")]
Where = Annotated[list[str], AfterValidator(_filters),
                  Field(description="Filters 'FIELD=VALUE' or 'FIELD!=VALUE' (AND across fields, OR within one): "
                                    "ad (id or name), campaign, adset, kind, any creative attribute (format, "
                                    "hook_type, ...), audience (age, gender, interest, placement, country).")]

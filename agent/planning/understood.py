"""The "Understood: …" line every planned answer starts with: metric · scope · period, as the planner read them.

Why: a silently changed period or scope ("1–15 Nov" read as "1–22 Nov", "testimonial ads" dropped) is only caught if
the user sees what was computed. The line is built from the validated tool calls, not from the user's words.
"""

from __future__ import annotations

from typing import Any

METRIC_LABELS = {
    "roas": "ROAS", "cpa": "CPA", "ctr_link": "CTR", "ctr_all": "CTR (all)", "cpm": "CPM", "cpc_link": "CPC",
    "hook_rate": "hook rate", "hold_rate": "hold rate", "spend": "spend", "impressions": "impressions",
    "reach": "reach", "link_clicks": "link clicks", "clicks_all": "clicks", "purchases": "purchases",
    "revenue": "revenue", "leads": "leads", "cost_per_lead": "cost per lead", "frequency": "frequency",
    "freshness_rate": "freshness rate", "creative_velocity": "creative velocity",
}


def period_label(token: str | None) -> str:
    """'last-week' → 'last week'; '1-nov..15-nov' → '1 Nov – 15 Nov'; 'october' → 'October'."""
    if not token:
        return ""
    if ".." in token:
        return " – ".join(period_label(side) for side in token.split(".."))
    parts = token.split("-")
    if len(parts) >= 2 and parts[0].isdigit() and len(parts[0]) <= 2:
        return " ".join([parts[0], parts[1].capitalize(), *parts[2:]])
    if token.isalpha():
        return token.capitalize() if token not in ("yesterday", "today", "all") else token
    return token.replace("-", " ") if not token[:4].isdigit() else token


def _scope(where: list[str] | None) -> str:
    if not where:
        return ""
    return ", ".join(f"{value} ({field.replace('_', ' ')})" if field not in ("ad", "campaign", "adset") else value
                     for field, _, value in (w.partition("=") for w in where))


def describe(name: str, args: dict[str, Any]) -> str:
    """One call as 'metric · scope · period'."""
    parts: list[str] = []
    period = period_label(args.get("period"))
    if name == "performance_query":
        parts.append(", ".join(METRIC_LABELS.get(m, m) for m in args.get("metrics") or []) or "the main KPIs")
        parts.append(_scope(args.get("where")) or "all ads")
        if args.get("by"):
            parts.append(f"by {args['by'].replace('_', ' ')}")
        if args.get("top"):
            parts.append(f"top {args['top']}")
        if args.get("granularity"):
            parts.append(f"per {args['granularity']}")
    elif name == "explain_change":
        parts.append(f"why {METRIC_LABELS.get(args.get('metric', ''), args.get('metric'))} changed")
        parts.append(_scope(args.get("where")) or "all ads")
    elif name == "find_winners":
        parts.append(f"top {args.get('top', 5)} by {METRIC_LABELS.get(args.get('metric', 'roas'), 'ROAS')}")
    elif name == "generate_variants":
        parts.append(f"{args.get('n', 20)} variants of {args.get('source', 'winner')}")
        if args.get("language"):
            parts.append(f"in {args['language']}")
        if args.get("formats"):
            parts.append("/".join(args["formats"]))
    elif name == "creative_insights":
        parts.append(f"what drives {METRIC_LABELS.get(args.get('metric', 'ctr_link'), 'CTR')}")
    elif name == "creative_fatigue":
        parts.append("fatigued creatives")
    elif name == "audience_clusters":
        parts.append("audience segments" + (f" (k={args['k']})" if args.get("k") else ""))
    elif name == "kill_scale_decisions":
        parts.append("what to kill or scale")
    elif name == "performance_report":
        parts.append("performance report")
    compare = args.get("compare")
    if period and parts:
        parts.append(period + (f" vs {period_label(compare) if compare != 'previous' else 'the period before'}"
                               if compare else ""))
    return " · ".join(p for p in parts if p)


def understood(calls: list[tuple[str, dict[str, Any]]]) -> str:
    """The whole plan: the calls that read data, joined by ' → ' (side-effecting steps are named in approvals)."""
    described = [describe(name, args) for name, args in calls]
    described = [d for d in described if d]
    return "Understood: " + " → ".join(described) if described else ""

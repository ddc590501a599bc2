"""`fatigue-alerts`: creatives whose fatigue started in the last 7 days and that this channel has not heard about,
each with the numbers behind the call and a 'make variants' button.

Why "not heard about": a daily alert that repeats last week's fatigued ads every morning gets muted. Each alert is
remembered in the ledger as `ad|rule|first day`, so an ad is announced once per fatigue episode and channel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.checkins.content import blocks as b
from tools.checkins.content.base import BuildContext, quiet
from tools.core.domain.checkins import CheckinContent
from tools.core.errors import InsufficientDataError
from tools.performance.api import performance_report
from tools.performance.formatting import kpi_value, money, percent

if TYPE_CHECKING:
    from tools.core.domain.performance import FatigueFlag

SHOWN = 10  # each alert is a section with a button; Slack allows 50 blocks per message


def episode(flag: FatigueFlag) -> str:
    return f"{flag.ad_id}|{flag.reason}|{flag.day.isoformat()}"


def build_fatigue_alerts(ctx: BuildContext) -> CheckinContent:

    try:
        report = performance_report(ctx.runtime, period=ctx.period_expr, today=ctx.period.reference_day)
    except InsufficientDataError as exc:
        return quiet(ctx, f"no data: {exc}", f"All quiet: no ad data yet. {exc}")
    started = [f for f in report.fatigued if f.day >= ctx.period.start]
    fresh = [f for f in started if episode(f) not in ctx.already_reported]
    if not fresh:
        known = len(started) - len(fresh)
        already = f" ({known} already reported here)" if known else ""
        return quiet(ctx, f"no creative started to fatigue between {ctx.period.start} and {ctx.period.end}{already}",
                     f":white_check_mark: All quiet: no creative started to fatigue between {ctx.dates}{already}.",
                     {"already_reported": known, "checked": report.fatigue_checked})
    n = len(fresh)
    blocks = [b.header(f"⚠️ {n} creative{'s' if n > 1 else ''} just fatigued"),
              b.context(f"*{b.escape(ctx.workspace)}* · fatigue that started between {ctx.dates} · "
                        f"{report.fatigue_checked} creatives with enough data checked")]
    for flag in fresh[:SHOWN]:
        blocks.append(b.section(_alert(flag, report.currency),
                                b.make_variants_button(flag.ad_id, flag.ad_name, ctx.workspace, ctx.job)))
    if n > SHOWN:
        rest = ", ".join(b.names_of([(f.ad_name, f.ad_id) for f in fresh[SHOWN:SHOWN + 20]], 28))
        blocks.append(b.context(f"…and {n - SHOWN} more: {rest}" + (" …" if n > SHOWN + 20 else "")))
    blocks.append(b.section("*What to do*\n• Make fresh variants of these concepts (button above) and rotate them "
                            "in before spend leaks.\n• Meanwhile cap frequency or widen the audience.\n• Pause any "
                            "whose CPA stays above target."))
    lines = [f"{n} creative{'s' if n > 1 else ''} just fatigued ({ctx.dates}):"]
    lines += [f"- {f.ad_name or f.ad_id} since {f.day}: {f.message}" for f in fresh[:SHOWN]]
    return CheckinContent(
        job=ctx.job, period=ctx.period, text="\n".join(lines), blocks=blocks, items=[episode(f) for f in fresh],
        data={"currency": report.currency, "fatigued": [f.model_dump(mode="json") for f in fresh]},
    )


def _alert(flag: FatigueFlag, currency: str | None) -> str:
    title = f"*{b.name_of(flag.ad_name, flag.ad_id)}* (`{b.escape(flag.ad_id)}`) · since {b.day(flag.day)}"
    if flag.reason == "cpa_above_target":
        what = (f"7-day CPA {money(flag.value, currency)} above target {money(flag.target_cpa, currency)}"
                if flag.value is not None else
                f"spent without a result for 7 days (target CPA {money(flag.target_cpa, currency)})")
    else:
        label = {"hook_rate": "Hook rate", "ctr_link": "CTR (link)", "ctr_all": "CTR (all)"}.get(flag.metric,
                                                                                                  flag.metric)
        what = (f"{label} {percent(flag.value)} on its 7-day window, {percent(flag.drop, 0)} below its peak "
                f"{percent(flag.peak)} ({b.day(flag.peak_day) if flag.peak_day else '—'})")
        if flag.frequency is not None and flag.frequency_at_peak is not None:
            what += f"; frequency {flag.frequency_at_peak:.2f} → {flag.frequency:.2f}"
        elif flag.frequency_rising is None:
            what += "; frequency unknown (no reach in the data)"
    spent = f"{kpi_value('spend', flag.spend, currency)} spent, {flag.impressions:,} impressions in the last 7 days"
    return f"{title}\n{what}\n{spent}"

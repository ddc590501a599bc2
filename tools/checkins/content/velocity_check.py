"""`velocity-check`: a nudge when last week's Creative Velocity fell below 20 new creatives or its Freshness Rate
below 40 % — with the numbers, the gap, and the fastest way to close it."""

from __future__ import annotations

from tools.checkins.content import blocks as b
from tools.checkins.content.base import BuildContext, data_lag_note, quiet
from tools.checkins.content.guidance import FRESHNESS_TARGET, VELOCITY_TARGET, velocity_steps
from tools.core.domain.checkins import CheckinContent
from tools.core.errors import InsufficientDataError
from tools.performance.api import performance_report
from tools.performance.formatting import kpi_value, percent


def build_velocity_check(ctx: BuildContext) -> CheckinContent:

    try:
        report = performance_report(ctx.runtime, period=ctx.period_expr, today=ctx.period.reference_day)
    except InsufficientDataError as exc:
        return quiet(ctx, f"no data: {exc}", f"All quiet: no ad data yet. {exc}")
    velocity, freshness = report.kpis.creative_velocity, report.kpis.freshness_rate
    previous = report.previous.kpis if report.previous else None
    data = {"creative_velocity": velocity, "freshness_rate": freshness, "velocity_target": VELOCITY_TARGET,
            "freshness_target": FRESHNESS_TARGET, "currency": report.currency,
            "previous_velocity": previous.creative_velocity if previous else None,
            "previous_freshness": previous.freshness_rate if previous else None}
    if report.ads_delivered == 0:
        return quiet(ctx, f"no delivery between {ctx.period.start} and {ctx.period.end}",
                     f"All quiet: no delivery recorded for {ctx.dates}.", data)
    low_velocity = velocity is not None and velocity < VELOCITY_TARGET
    low_freshness = freshness is not None and freshness < FRESHNESS_TARGET
    status = (f"{velocity:.0f} new creatives (target ≥ {VELOCITY_TARGET:.0f}/week), freshness "
              f"{percent(freshness, 0)} (target ≥ {percent(FRESHNESS_TARGET, 0)})")
    if not (low_velocity or low_freshness):
        return quiet(ctx, f"on target: {status}", f":white_check_mark: All quiet on creative velocity for {ctx.dates}: "
                                                  f"{status}.", data)
    fields = [
        f"*Creative velocity*\n{velocity:.0f} new/week{'  ⚠️' if low_velocity else ''}\ntarget ≥ "
        f"{VELOCITY_TARGET:.0f}" + _was(previous.creative_velocity if previous else None, lambda v: f"{v:.0f}"),
        f"*Freshness rate*\n{percent(freshness, 0)} of spend on creatives launched in the last 7 days"
        f"{'  ⚠️' if low_freshness else ''}\ntarget ≥ {percent(FRESHNESS_TARGET, 0)}"
        + _was(previous.freshness_rate if previous else None, lambda v: percent(v, 0)),
    ]
    steps = velocity_steps(report)
    if report.top:
        best = report.top[0]
        metric = best.metric
        steps.append(f"Fastest path: ask me to *make 10 variants of {b.name_of(best.ad_name, best.ad_id)}* "
                     f"(last week's best, {kpi_value(metric, best.value, report.currency)}), or press the button.")
    blocks = [b.header(f"🌱 Creative velocity check · {ctx.dates}"),
              b.context(f"*{b.escape(ctx.workspace)}* · {kpi_value('spend', report.kpis.spend, report.currency)} "
                        f"spent across {report.ads_delivered} ads"),
              b.fields(fields),
              b.section("*What to do*\n" + "\n".join(f"• {s}" for s in steps))]
    lag = data_lag_note(ctx, report.data_end)
    notes = ([lag] if lag else []) + list(report.warnings[:2])
    if notes:
        blocks.append(b.context(*(b.escape(n) for n in notes)))
    if report.top:
        best = report.top[0]
        blocks.append(b.actions(b.make_variants_button(best.ad_id, best.ad_name, ctx.workspace, ctx.job,
                                                       f"Make variants of {best.ad_name or best.ad_id}")))
    text = f"Creative velocity check {ctx.dates}: {status}.\n" + "\n".join(f"- {s}" for s in velocity_steps(report))
    return CheckinContent(job=ctx.job, period=ctx.period, text=text, blocks=blocks, data=data)


def _was(value: float | None, fmt) -> str:  # type: ignore[no-untyped-def]
    return "" if value is None else f" · week before {fmt(value)}"

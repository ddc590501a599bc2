"""`weekly-report`: last week's KPIs against the week before, the top and bottom creatives, fatigue, charts, and
what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.checkins.content import blocks as b
from tools.checkins.content.base import BuildContext, data_lag_note, quiet
from tools.checkins.content.guidance import VELOCITY_TARGET, next_steps
from tools.core.domain.checkins import CheckinContent
from tools.core.errors import InsufficientDataError
from tools.performance.api import performance_report
from tools.performance.formatting import kpi_value, report_summary
from tools.performance.kpis import KPI_DEFINITIONS

if TYPE_CHECKING:
    from tools.core.domain.performance import PerformanceReport, RankedAd

REPORT_KPIS = ("spend", "revenue", "roas", "cpa", "ctr_link", "cpm", "hook_rate", "hold_rate", "creative_velocity",
               "freshness_rate")
LISTED = 3


def build_weekly_report(ctx: BuildContext) -> CheckinContent:

    try:
        report = performance_report(ctx.runtime, period=ctx.period_expr, today=ctx.period.reference_day,
                                    charts_dir=ctx.charts_dir)
    except InsufficientDataError as exc:
        return quiet(ctx, f"no data: {exc}", f"All quiet: no ad data for {ctx.dates} yet. {exc}")
    if report.ads_delivered == 0:
        covered = f" (data covers {b.day(report.data_start)} – {b.day(report.data_end)} {report.data_end.year})" \
            if report.data_start and report.data_end else ""
        _remove(report.charts)
        return quiet(ctx, f"no delivery between {ctx.period.start} and {ctx.period.end}{covered}",
                     f"All quiet: no delivery recorded for {ctx.dates}{covered}; import the latest export "
                     "(hookline ingest FILE) if ads ran.")
    blocks = [b.header(f"Weekly report · {ctx.dates}"), b.context(_subtitle(ctx, report)),
              b.fields(_kpi_fields(report))]
    if report.top and report.rank_metric:
        blocks.append(b.section(_ranking(f"Top {min(LISTED, len(report.top))} by "
                                         f"{KPI_DEFINITIONS[report.rank_metric].label}", report.top, report)))
        bottom = [a for a in report.bottom if a.ad_id not in {t.ad_id for t in report.top[:LISTED]}]
        if bottom:
            blocks.append(b.section(_ranking(f"Bottom {min(LISTED, len(bottom))} by "
                                             f"{KPI_DEFINITIONS[report.rank_metric].label}", bottom, report)))
    if report.fatigued:
        blocks.append(b.section(_fatigued(report)))
    steps = next_steps(report)
    if steps:
        blocks.append(b.section("*What to do next*\n" + "\n".join(f"• {s}" for s in steps)))
    lag = data_lag_note(ctx, report.data_end)
    notes = ([lag] if lag else []) + list(report.warnings[:2])
    if report.charts:
        notes.append(f"{len(report.charts)} chart{'s' if len(report.charts) > 1 else ''} in the thread.")
    if notes:
        blocks.append(b.context(*(b.escape(n) for n in notes)))
    if report.top:
        best = report.top[0]
        blocks.append(b.actions(b.make_variants_button(best.ad_id, best.ad_name, ctx.workspace, ctx.job,
                                                       f"Make variants of {best.ad_name or best.ad_id}")))
    text = f"Weekly report {ctx.dates}\n" + report_summary(report)
    return CheckinContent(
        job=ctx.job, period=ctx.period, text=text, blocks=blocks, files=list(report.charts),
        data={"currency": report.currency, "kpis": report.kpis.model_dump(mode="json"),
              "previous": report.previous.kpis.model_dump(mode="json") if report.previous else None,
              "change": report.change, "top": [a.ad_id for a in report.top[:LISTED]],
              "bottom": [a.ad_id for a in report.bottom[:LISTED]],
              "fatigued": [f.ad_id for f in report.fatigued], "charts": list(report.charts),
              "velocity_target": VELOCITY_TARGET, "data_end": str(report.data_end) if report.data_end else None},
    )


def _subtitle(ctx: BuildContext, report: PerformanceReport) -> str:
    parts = [f"*{b.escape(ctx.workspace)}*"]
    if report.currency:
        parts.append(report.currency)
    if report.previous:
        parts.append(f"vs {b.date_range(report.previous.period.start, report.previous.period.end)}")
    parts.append(f"{report.ads_delivered} ads delivered, {report.ads_judged} with enough data to judge")
    return " · ".join(parts)


def _kpi_fields(report: PerformanceReport) -> list[str]:
    current = report.kpis.model_dump()
    previous = report.previous.kpis.model_dump() if report.previous else {}
    out = []
    for key in REPORT_KPIS:
        value = current.get(key)
        if value is None:
            continue
        shown = kpi_value(key, value, report.currency)
        if key == "creative_velocity":
            shown = f"{value:.0f} new/week"
        text = f"*{KPI_DEFINITIONS[key].label}*\n{shown}"
        change = b.delta(key, value, previous.get(key), report.change.get(key), report.currency)
        if change:
            text += f"  ({change})"
        out.append(text)
    return out


def _ranking(title: str, ads: list[RankedAd], report: PerformanceReport) -> str:
    lines = [f"*{title}*"]
    listed = ads[:LISTED]
    names = b.names_of([(ad.ad_name, ad.ad_id) for ad in listed])
    for i, (ad, name) in enumerate(zip(listed, names, strict=True), start=1):
        value = kpi_value(ad.metric, ad.value, report.currency)
        lines.append(f"{i}. {name} — {value} on "
                     f"{kpi_value('spend', ad.spend, report.currency)} spend")
    return "\n".join(lines)


def _fatigued(report: PerformanceReport) -> str:
    lines = [f"*Fatigued ({report.fatigued_total})*"]
    listed = report.fatigued[:LISTED]
    for flag, name in zip(listed, b.names_of([(f.ad_name, f.ad_id) for f in listed]), strict=True):
        lines.append(f"• {name} since {b.day(flag.day)}: {b.escape(flag.message)}")
    if report.fatigued_total > LISTED:
        lines.append(f"…and {report.fatigued_total - LISTED} more")
    return "\n".join(lines)


def _remove(paths: list[str]) -> None:
    from pathlib import Path

    for path in paths:
        Path(path).unlink(missing_ok=True)

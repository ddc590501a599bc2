"""`winners-digest`: last week's best creatives among those with enough evidence, how they moved since the week
before, and a 'make variants' button on each."""

from __future__ import annotations

from datetime import timedelta

from tools.checkins.content import blocks as b
from tools.checkins.content.base import BuildContext, quiet
from tools.core.domain.checkins import CheckinContent
from tools.core.domain.performance import WinnersResult
from tools.core.errors import InsufficientDataError
from tools.performance.api import find_winners
from tools.performance.formatting import kpi_value
from tools.performance.kpis import KPI_DEFINITIONS

TOP = 5
METRIC = "roas"


def build_winners_digest(ctx: BuildContext) -> CheckinContent:

    try:
        result = find_winners(ctx.runtime, period=ctx.period_expr, metric=METRIC, top=TOP,
                              today=ctx.period.reference_day)
    except InsufficientDataError as exc:
        return quiet(ctx, f"no data: {exc}", f"All quiet: no ad data yet. {exc}")
    if not result.winners:
        why = result.note or f"no delivery between {ctx.period.start} and {ctx.period.end}"
        return quiet(ctx, f"no winner: {why}", f"All quiet: no winner for {ctx.dates} — {why}")
    before = _previous(ctx, result.metric)
    label = KPI_DEFINITIONS[result.metric].label
    cur = result.currency
    blocks = [b.header(f"🏆 Winners · {ctx.dates}"),
              b.context(f"*{b.escape(ctx.workspace)}* · ranked by {label} "
                        f"({'higher' if result.higher_is_better else 'lower'} is better) among creatives with ≥ "
                        f"{kpi_value('spend', result.min_spend, cur)} spend and {result.min_impressions:,} "
                        "impressions")]
    if result.note:
        blocks.append(b.context(b.escape(result.note)))
    lines = [f"Winners {ctx.dates} by {label}:"]
    for w in result.winners:
        move = _movement(w.ad_id, before, w.value, result.metric, cur)
        text = (f"*{w.rank}. {b.name_of(w.ad_name, w.ad_id)}* (`{b.escape(w.ad_id)}`)\n"
                f"{label} {kpi_value(result.metric, w.value, cur)} · {kpi_value('spend', w.spend, cur)} spend · "
                f"{w.impressions:,} impressions\n{move}")
        blocks.append(b.section(text, b.make_variants_button(w.ad_id, w.ad_name, ctx.workspace, ctx.job)))
        lines.append(f"{w.rank}. {w.ad_name or w.ad_id}: {kpi_value(result.metric, w.value, cur)} on "
                     f"{kpi_value('spend', w.spend, cur)} ({move})")
    best = result.winners[0]
    steps = [f"Make variants of *{b.name_of(best.ad_name, best.ad_id)}* to extend its run before it fatigues."]
    if len(result.winners) > 1:
        steps.append(f"Shift budget toward the top {min(3, len(result.winners))}.")
    if result.insufficient_total:
        steps.append(f"{result.insufficient_total} creative{'s' if result.insufficient_total > 1 else ''} had too "
                     "little spend or impressions to judge — let them gather data before deciding.")
    blocks.append(b.section("*What to do next*\n" + "\n".join(f"• {s}" for s in steps)))
    return CheckinContent(
        job=ctx.job, period=ctx.period, text="\n".join(lines), blocks=blocks,
        data={"currency": cur, "metric": result.metric,
              "winners": [w.model_dump(mode="json") for w in result.winners],
              "previous_ranks": {k: v[0] for k, v in before.items()}},
    )


def _previous(ctx: BuildContext, metric: str) -> dict[str, tuple[int, float]]:
    """Rank and value of last period's winners (the week before), for 'was #2' / 'new this week'."""

    days = ctx.period.end - ctx.period.start
    end = ctx.period.start - timedelta(days=1)
    try:
        previous: WinnersResult = find_winners(ctx.runtime, period=f"{end - days}..{end}", metric=metric, top=TOP * 4,
                                               today=end)
    except InsufficientDataError:
        return {}
    if previous.metric != metric:
        return {}
    return {w.ad_id: (w.rank, w.value) for w in previous.winners}


def _movement(ad_id: str, before: dict[str, tuple[int, float]], value: float, metric: str,
              currency: str | None) -> str:
    if ad_id not in before:
        return "New in the top this week"
    rank, old = before[ad_id]
    change = "" if old == 0 else f", {(value - old) / abs(old) * 100:+.1f} %"
    return f"Was #{rank} the week before at {kpi_value(metric, old, currency)}{change}"

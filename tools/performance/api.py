"""The performance capability, called by the CLI, Slack, check-ins and the agent alike.

`performance_report`, `find_winners` and `creative_fatigue` read one workspace through the runtime, aggregate in
SQL, and return pydantic models from `tools.core.domain.performance`; they never print. Questions about any scope
(`performance_query`) and what drove a change (`explain_change`) live in `query.py` and `explain.py` and are
re-exported here. KPI definitions live in `kpis.py`, evidence and ranking rules in `ranking.py`, the one fatigue
detector in `fatigue.py`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tools.core.domain.performance import (
    FatigueFlag,
    FatigueReport,
    PerformanceReport,
    PeriodKpis,
    WinnerItem,
    WinnersResult,
)
from tools.core.errors import InputError
from tools.core.periods import previous_period
from tools.performance import charts, queries
from tools.performance.dataset import (
    PeriodData,
    Timeline,
    build_period,
    choose_currency,
    currencies_of,
    fetch_rows,
    load_timeline,
    period_for,
)
from tools.performance.explain import explain_change
from tools.performance.fatigue import AdFacts, FatigueRules, creative_fatigue_rate, find_fatigue, history_start
from tools.performance.kpis import KPI_DEFINITIONS, RANKABLE_METRICS, better, kpi_changes
from tools.performance.query import performance_query
from tools.performance.ranking import (
    applies,
    choose_metric,
    evidence_gaps,
    insufficient_item,
    rank,
    ranked_item,
    top_and_bottom,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tools.core.runtime import WorkspaceRuntime
    from tools.performance.kpis import AdKpis

__all__ = ["creative_fatigue", "explain_change", "find_winners", "performance_query", "performance_report"]

WINNER_METRICS = ("roas", "cpa", "cost_per_lead", "ctr_link", "hook_rate")
TOP_N = 5
INSUFFICIENT_LIST_LIMIT = 100
FATIGUE_MAX_ADS = 1000  # fatigue is checked for the judged ads with the most spend (they carry the budget)
FATIGUE_LIST_LIMIT = 50


def _judged(ads: list[AdKpis], min_spend: float, min_impressions: int) -> tuple[list[AdKpis], list[AdKpis]]:
    judged, unjudged = [], []
    for ad in ads:
        (unjudged if evidence_gaps(ad, min_spend, min_impressions) else judged).append(ad)
    return judged, unjudged


def _history_warning(timeline: Timeline, data: PeriodData) -> list[str]:
    warnings = []
    if data.totals.rows == 0:
        warnings.append(f"No delivery between {data.period.start} and {data.period.end} "
                        f"(data covers {timeline.data_start} – {timeline.data_end}).")
    elif timeline.data_start >= data.period.start:
        warnings.append(f"The data starts on {timeline.data_start}: creatives already running before then look "
                        "new, so freshness rate and creative velocity overstate this period.")
    return warnings


def performance_report(runtime: WorkspaceRuntime, period: str = "last-week", charts_dir: str | Path | None = None,
                       today: date | str | None = None, currency: str | None = None,
                       top: int = TOP_N) -> PerformanceReport:
    """KPIs of the period, the previous period of equal length and the relative change, top/bottom ads, fatigue
    flags, and (with `charts_dir`) PNG charts. Raises InputError for a bad period/currency, InsufficientDataError
    when the workspace has no data at all."""
    settings = runtime.settings
    workspace_id = runtime.workspace_id
    with runtime.session() as session:
        timeline = load_timeline(session, runtime.workspace, workspace_id)
        current = period_for(period, today, timeline)
        before = previous_period(current)
        rows_now, rows_before = fetch_rows(session, timeline, current, before)
        found = currencies_of(rows_now + rows_before, timeline)
        code, warnings = choose_currency(found, currency)
        mixed = len({c for c in found if c}) > 1
        now = build_period(timeline, current, rows_now, code)
        prev = build_period(timeline, before, rows_before, code, per_ad=False)
        judged, _ = _judged(now.ads, settings.min_spend, settings.min_impressions)
        metric = choose_metric(judged)
        top_items, bottom_items = top_and_bottom(judged, metric, top) if metric else ([], [])
        checked = sorted(judged, key=lambda a: (-(a.sums.spend or 0.0), a.ad_id))[:FATIGUE_MAX_ADS]
        fatigued = _fatigue(session, timeline, now, checked, settings.min_impressions, settings.target_cpa,
                            code if mixed else None)
        days = (queries.sums_by_day(session, workspace_id, current.start, current.end, code if mixed else None)
                if charts_dir is not None else [])
    # drawing happens after the read transaction has ended
    charts = _charts(Path(charts_dir), now, days, judged, metric, code, top) if charts_dir is not None else []
    warnings += _history_warning(timeline, now)
    change = kpi_changes(now.kpis, prev.kpis)
    if before.start < timeline.data_start and prev.totals.rows:
        change = dict.fromkeys(change)
        warnings.append(f"The previous period {before.start} – {before.end} is only partly covered by the data (it "
                        f"starts on {timeline.data_start}), so no change against it is shown.")
    if len(judged) > len(checked):
        warnings.append(f"Fatigue was checked for the {len(checked)} judged ads with the most spend; "
                        f"{len(judged) - len(checked)} smaller ones were not checked.")
    if not judged and now.ads:
        warnings.append(f"No ad reached the minimum evidence ({settings.min_spend:g} spend and "
                        f"{settings.min_impressions} impressions) in this period, so none is ranked.")
    return PerformanceReport(
        period=current, currency=code, kpis=now.kpis, previous=PeriodKpis(period=before, kpis=prev.kpis),
        change=change, rank_metric=metric, top=top_items, bottom=bottom_items,
        fatigued=fatigued[:FATIGUE_LIST_LIMIT], fatigued_total=len(fatigued), fatigue_checked=len(checked),
        charts=charts, ads_delivered=len(now.ads), ads_judged=len(judged),
        min_spend=settings.min_spend, min_impressions=settings.min_impressions, cpa_result=now.basis.name,
        data_start=timeline.data_start, data_end=timeline.data_end, warnings=warnings,
    )


def _fatigue(session: Session, timeline: Timeline, data: PeriodData, judged: list[AdKpis], min_impressions: int,
             target_cpa: float | None, currency: str | None) -> list[FatigueFlag]:
    if not judged:
        return []
    ads = {a.ad_pk: AdFacts(a.ad_id, a.ad_name, a.creative_kind, float(a.sums.spend or 0.0),
                            int(a.sums.impressions or 0)) for a in judged}
    daily = queries.daily_matrix(session, timeline.workspace_id, history_start(data.period), data.period.end,
                                 sorted(ads), currency)
    rules = FatigueRules(min_window_impressions=float(min_impressions), target_cpa=target_cpa)
    return find_fatigue(daily, ads, timeline.first_by_ad, data.period, rules)


def creative_fatigue(runtime: WorkspaceRuntime, period: str = "last-week", today: date | str | None = None,
                     currency: str | None = None) -> FatigueReport:
    """The fatigued ads of the period with their onset day and evidence (the same detector and ads as the report:
    the judged ads, biggest spenders first), and the Creative Fatigue Rate over the checked history."""
    settings = runtime.settings
    with runtime.session() as session:
        timeline = load_timeline(session, runtime.workspace, runtime.workspace_id)
        current = period_for(period, today, timeline)
        rows, _ = fetch_rows(session, timeline, current)
        found = currencies_of(rows, timeline)
        code, warnings = choose_currency(found, currency)
        mixed = len({c for c in found if c}) > 1
        now = build_period(timeline, current, rows, code)
        judged, _ = _judged(now.ads, settings.min_spend, settings.min_impressions)
        checked = sorted(judged, key=lambda a: (-(a.sums.spend or 0.0), a.ad_id))[:FATIGUE_MAX_ADS]
        fatigued = _fatigue(session, timeline, now, checked, settings.min_impressions, settings.target_cpa,
                            code if mixed else None)
        start = history_start(current)
        keys = sorted(a.ad_pk for a in checked)
        daily = queries.daily_matrix(session, timeline.workspace_id, start, current.end, keys,
                                     code if mixed else None)
    rate, target = creative_fatigue_rate(daily, keys, timeline.first_by_ad, start, current.end, settings.target_cpa,
                                         FatigueRules())
    warnings += _history_warning(timeline, now)
    if not judged and now.ads:
        warnings.append(f"No ad reached the minimum evidence ({settings.min_spend:g} spend and "
                        f"{settings.min_impressions} impressions) in this period, so none was checked for fatigue.")
    if rate is None and target is not None:
        warnings.append("No ad held the target CPA for a full window, so there is no Creative Fatigue Rate.")
    return FatigueReport(period=current, currency=code, fatigued=fatigued[:FATIGUE_LIST_LIMIT],
                         fatigued_total=len(fatigued), checked=len(checked), target_cpa=target,
                         creative_fatigue_rate=rate, warnings=warnings)


def _charts(out_dir: Path, data: PeriodData, days: list[queries.DaySums], judged: list[AdKpis],
            metric: str | None, currency: str | None, top: int) -> list[str]:

    stem = f"{data.period.start}_{data.period.end}"
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [charts.spend_cpa_trend(out_dir / f"{stem}_spend_cpa.png", data.period, days, data.basis, currency)]
    paths.append(charts.hook_hold_scatter(out_dir / f"{stem}_hook_hold.png", judged or data.ads))
    if metric:
        best = [ranked_item(a, metric) for a in rank(judged, metric)[:max(top, 10)]]
        paths.append(charts.top_bar(out_dir / f"{stem}_top_{metric}.png", best, metric, currency))
    return [str(p.resolve()) for p in paths if p is not None]


def find_winners(runtime: WorkspaceRuntime, period: str = "last-week", metric: str = "roas", top: int = 5,
                 today: date | str | None = None, currency: str | None = None) -> WinnersResult:
    """The best `top` ads on `metric` among those with enough evidence; the others are listed with what they lack.

    When no ad's data carries the requested metric at all (e.g. ROAS without purchase values), the ranking falls
    back to ROAS → CPA → CTR (link) → CTR (all) and says so in `note`; `metric` is always the one ranked.
    """
    requested = (metric or "roas").lower().replace("-", "_")
    if requested not in RANKABLE_METRICS:
        raise InputError(
            f"metric {metric!r} cannot rank ads: expected one of {', '.join(WINNER_METRICS)} "
            f"(also {', '.join(m for m in RANKABLE_METRICS if m not in WINNER_METRICS)}).",
            field="metric",
        )
    if top < 1:
        raise InputError(f"top must be at least 1, got {top}.", field="top")
    settings = runtime.settings
    workspace_id = runtime.workspace_id
    with runtime.session() as session:
        timeline = load_timeline(session, runtime.workspace, workspace_id)
        current = period_for(period, today, timeline)
        rows, _ = fetch_rows(session, timeline, current)
        code, warnings = choose_currency(currencies_of(rows, timeline), currency)
        data = build_period(timeline, current, rows, code)
    if data.totals.rows == 0:
        warnings += _history_warning(timeline, data)
    judged, unjudged = _judged(data.ads, settings.min_spend, settings.min_impressions)
    used, note = requested, None
    if not any(applies(a, requested) for a in data.ads) and requested != "hook_rate":
        fallback = choose_metric(data.ads)
        if fallback and fallback != requested:
            used = fallback
            note = (f"No ad in this period carries {KPI_DEFINITIONS[requested].label} data, so ads are ranked "
                    f"by {KPI_DEFINITIONS[fallback].label} instead.")
    ranked = [a for a in rank(judged, used) if getattr(a.kpis, used) is not None]
    not_applicable = sum(1 for a in data.ads if not applies(a, used))
    if used == "hook_rate" and not ranked and not any(a.creative_kind == "video" for a in data.ads):
        note = "hook_rate ranks video creatives only, and no video ad delivered in this period."
    unjudged_applicable = [a for a in unjudged if applies(a, used)]
    unjudged_applicable.sort(key=lambda a: (-(a.sums.spend or 0.0), a.ad_id))
    insufficient = [insufficient_item(a, evidence_gaps(a, settings.min_spend, settings.min_impressions),
                                      settings.min_spend, settings.min_impressions) for a in unjudged_applicable]
    if not ranked and note is None and data.ads:
        note = (f"No ad has enough evidence to be judged (needs {settings.min_spend:g} spend and "
                f"{settings.min_impressions} impressions in the period).")
    winners = [
        WinnerItem(ad_id=a.ad_id, ad_name=a.ad_name, creative_name=a.creative_name, creative_kind=a.creative_kind,
                   metric=used, value=float(getattr(a.kpis, used)), spend=float(a.sums.spend or 0.0),
                   impressions=int(a.sums.impressions or 0), rank=i)
        for i, a in enumerate(ranked[:top], start=1)
    ]
    return WinnersResult(
        period=current, currency=code, metric=used, requested_metric=requested, higher_is_better=better(used),
        winners=winners, insufficient_data=insufficient[:INSUFFICIENT_LIST_LIMIT],
        insufficient_total=len(insufficient), not_applicable=not_applicable, min_spend=settings.min_spend,
        min_impressions=settings.min_impressions, note=note, warnings=warnings,
    )

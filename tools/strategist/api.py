"""`creative_briefs`: "what should we make next?" answered from the workspace's own evidence.

Reads element effects with intervals (the analyst's insights), fatiguing winners (the one fatigue detector), creative
velocity (the one KPI definition), stored competitor blueprints and the brand profile, and composes N briefs
(`compose.py`). Takes the runtime first, returns a typed `BriefsResult`, never prints.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from tools.analyst.api import creative_insights
from tools.analyst.data import AccountData, load_account_data
from tools.analyst.insights import INSIGHT_METRICS, level_label
from tools.analyst.scoring import ad_posteriors
from tools.brand.api import brand_profile
from tools.core.domain.briefs import BriefsResult, ElementEffect
from tools.core.errors import InputError, InsufficientDataError
from tools.core.periods import resolve_period
from tools.core.workspaces import no_performance_data
from tools.extractor.api import list_blueprints
from tools.performance.api import creative_fatigue
from tools.strategist.compose import Competitor, Evidence, compose
from tools.strategist.evidence import creative_levels, velocity
from tools.strategist.voice import Voice

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

MAX_BRIEFS = 10
DEFAULT_PERIOD = "last-90-days"
DEFAULT_METRIC = "ctr_link"
GUARD_METRIC = "cpa"
METHOD = ("Element effects: the analyst's insights (precision-weighted ridge over all attributes, bootstrap 95 % "
          "intervals, Holm-controlled claims) on {metric}{guard}. Untested combinations: pairs of winning elements "
          "tried by at most 2 creatives, their lift estimated by adding the effects on the log scale (no interaction "
          "assumed). Fatigue: the performance area's one detector over the period's last 7 days; a winner is an ad "
          "at or above the account's 70th percentile (shrunk estimate). Hooks: the creator's copywriter on the brand "
          "profile.")


def check_count(n: int) -> int:
    if not 1 <= n <= MAX_BRIEFS:
        raise InputError(f"Number of briefs must be between 1 and {MAX_BRIEFS}, got {n}.", field="n")
    return n


def creative_briefs(runtime: WorkspaceRuntime, n: int = 3, period: str = DEFAULT_PERIOD, metric: str = DEFAULT_METRIC,
                    today: date | None = None, *, data: AccountData | None = None, bootstrap: int = 300,
                    seed: int = 0) -> BriefsResult:
    """N briefs to make next: double down on proven winners, untested combinations of winning elements, iterations
    of fatiguing winners; "test to learn" briefs when the evidence is thin. `today` anchors the period (default: the
    latest day in the data). `data` replaces the workspace's ad data (tests, benches); fatigue, blueprints and the
    brand profile are still read from the workspace."""
    check_count(n)
    if metric not in INSIGHT_METRICS:
        raise InputError(f"Unknown metric {metric!r}; expected one of: {', '.join(INSIGHT_METRICS)}.", field="metric")
    account = data if data is not None else load_account_data(runtime)
    if account.daily.empty:
        if data is None:
            with runtime.session() as session:
                raise no_performance_data(session, runtime.workspace)
        raise InsufficientDataError("The data given has no daily rows: nothing to brief from.")
    anchor = today or account.today
    span = resolve_period(period, anchor, first_day=account.daily["day"].min().date())
    in_period = account.between(span.start, span.end)
    notes: list[str] = []
    if in_period.daily.empty:
        raise InsufficientDataError(f"No delivery between {span.start} and {span.end}: nothing to brief from. "
                                    "Try a longer --period.")

    insights = creative_insights(runtime, metric, data=in_period, bootstrap=bootstrap, seed=seed)
    notes += insights.notes
    guard = None
    has_purchases = in_period.daily["purchases"].notna().any() and in_period.daily["purchases"].sum() > 0
    if metric in ("ctr_link", "hook_rate") and has_purchases:
        guard = creative_insights(runtime, GUARD_METRIC, data=in_period, bootstrap=bootstrap, seed=seed)
    levels = creative_levels(in_period, metric)
    posteriors, _post, _spec = ad_posteriors(in_period, metric)

    fatigue = []
    try:
        week_start = max(span.start, span.end - timedelta(days=6))
        report = creative_fatigue(runtime, period=f"{week_start}..{span.end}", today=span.end)
        fatigue = list(report.fatigued)
    except InsufficientDataError:
        if data is None:
            raise
    except InputError:
        notes.append("Fatigue was not checked: the workspace's data does not cover the period's last week.")

    competitors = [Competitor(id=b.id, source=b.source, archetype=b.attributes.get("hook_archetype"),  # type: ignore[arg-type]
                              kind=b.kind) for b in list_blueprints(runtime, competitors_only=True, limit=200)]
    profile = brand_profile(runtime)
    voice = Voice(profile)
    if not voice.available:
        notes.append("No brand profile with value propositions yet, so briefs carry no example hooks "
                     "(add a brand book with `hookline brand add FILE`).")

    evidence = Evidence(metric=metric, insights=insights, levels=levels, guard=guard, fatigue=fatigue,
                        posteriors=posteriors, ads=in_period.ads, competitors=competitors,
                        currency=in_period.currency)
    briefs, learning, composer_notes = compose(evidence, voice, n)
    notes += composer_notes
    if learning:
        notes.insert(0, f"Too little evidence for findings on {metric} ({insights.n_creatives} creatives with enough "
                        "delivery and no conclusive effect): every brief is a test to learn, not a recommendation.")
    if len(briefs) < n:
        notes.append(f"{n} briefs asked; the evidence supports {len(briefs)}.")
    elements = [ElementEffect(field=i.attribute, value=i.value, label=level_label(i.attribute, i.value),
                              effect=i.effect, ci=i.ci, n=i.n, conclusive=i.conclusive)
                for i in insights.insights if i.conclusive]
    method = METHOD.format(metric=metric, guard=f", guarded by {GUARD_METRIC}" if guard is not None else "")
    return BriefsResult(period=span, metric=metric, briefs=briefs, velocity=velocity(account, span.end),
                        elements=elements, n_requested=n, n_creatives=insights.n_creatives, learning=learning,
                        method=method, notes=notes)

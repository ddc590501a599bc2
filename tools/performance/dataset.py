"""Load one period's per-ad sums into `AdKpis`, resolve the currency, and derive the workspace KPIs.

Why separate from api.py: the report, winners, check-ins and the analyst all need "the ads of this period with
their KPIs" under identical rules (currency, video-only hook rate, result basis); this module is that single path.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy.orm import Session

from tools.core.domain.performance import KpiSet, PeriodRange
from tools.core.errors import InputError
from tools.core.periods import parse_day, resolve_period
from tools.core.workspaces import no_performance_data
from tools.performance import queries
from tools.performance.kpis import (
    AdKpis,
    ResultBasis,
    Sums,
    compute_kpis,
    creative_velocity,
    freshness_rate,
)


@dataclass
class Timeline:
    """Workspace-level facts every period needs: data bounds, ad metadata, first deliveries."""

    workspace: str
    workspace_id: int
    data_start: date
    data_end: date
    meta: dict[int, queries.AdMeta]
    first_by_ad: dict[int, date]

    @cached_property
    def creative_keys(self) -> dict[int, tuple[str, int]]:
        """Ad → its creative's key; an ad without a creative record is its own creative."""
        return {
            ad_pk: ("creative", meta.creative_pk) if meta.creative_pk is not None else ("ad", ad_pk)
            for ad_pk, meta in self.meta.items()
        }

    def creative_key(self, ad_pk: int) -> tuple[str, int]:
        return self.creative_keys.get(ad_pk) or ("ad", ad_pk)

    @cached_property
    def first_by_creative(self) -> dict[tuple[str, int], date]:
        """A creative first delivered when the first of its ads did (an ad without a creative is its own)."""
        out: dict[tuple[str, int], date] = {}
        for ad_pk, first in self.first_by_ad.items():
            key = self.creative_key(ad_pk)
            if key not in out or first < out[key]:
                out[key] = first
        return out


@dataclass
class PeriodData:
    period: PeriodRange
    ads: list[AdKpis]
    totals: Sums
    basis: ResultBasis
    kpis: KpiSet
    currencies: set[str | None] = field(default_factory=set)


def resolve_today(today: date | str | None, data_end: date) -> date:
    if today is None:
        return data_end
    if isinstance(today, str):
        return parse_day(today, field="today")
    return today


def load_timeline(session: Session, workspace: str, workspace_id: int) -> Timeline:
    data_start, data_end = queries.data_bounds(session, workspace_id)
    if data_start is None or data_end is None:
        raise no_performance_data(session, workspace)
    return Timeline(
        workspace=workspace, workspace_id=workspace_id, data_start=data_start, data_end=data_end,
        meta=queries.ad_meta(session, workspace_id),
        first_by_ad=queries.first_delivery_by_ad(session, workspace_id, data_end),
    )


def period_for(spec: str | None, today: date | str | None, timeline: Timeline) -> PeriodRange:
    """`spec` against the data's today (or `today`); `all` starts on the data's first day."""
    return resolve_period(spec, resolve_today(today, timeline.data_end), first_day=timeline.data_start)


def _is_video(meta: queries.AdMeta | None, sums: Sums) -> bool:
    """Video creatives by kind; a creative of unknown kind counts as video when it recorded 3-second plays."""
    kind = meta.creative_kind if meta else "unknown"
    if kind in queries.VIDEO_KINDS:
        return True
    if kind in queries.STATIC_KINDS:
        return False
    return (sums.video_plays_3s or 0) > 0


def effective_currency(row: queries.AdSums, timeline: Timeline) -> str | None:
    meta = timeline.meta.get(row.ad_pk)
    return row.currency or (meta.account_currency if meta else None)


def choose_currency(found: set[str | None], requested: str | None) -> tuple[str | None, list[str]]:
    """One currency for the report. Money in different currencies is never summed: more than one → refuse."""
    known = sorted(c for c in found if c)
    warnings: list[str] = []
    if requested:
        requested = requested.upper()
        if known and requested not in known:
            raise InputError(
                f"currency {requested!r} has no data in this period; the data is in {', '.join(known)}.",
                field="currency",
            )
        return requested, warnings
    if len(known) > 1:
        raise InputError(
            f"The data of this report is in several currencies ({', '.join(known)}); money in different "
            f"currencies is never added up. Choose one with --currency {known[0]} (or currency={known[0]!r}).",
            field="currency",
        )
    if known and None in found:
        warnings.append(f"Some rows carry no currency; they are assumed to be in {known[0]} like the rest.")
    return (known[0] if known else None), warnings


def fetch_rows(session: Session, timeline: Timeline, period: PeriodRange,
               previous: PeriodRange | None = None) -> tuple[list[queries.AdSums], list[queries.AdSums]]:
    """Per-ad aggregates of the period (and of the adjacent previous period, in the same scan)."""
    if previous is None:
        return queries.sums_by_ad(session, timeline.workspace_id, period.start, period.end), []
    assert previous.end < period.start
    rows = queries.sums_by_ad(session, timeline.workspace_id, previous.start, period.end, split=period.start)
    return [r for r in rows if r.part == 1], [r for r in rows if r.part == 0]


def currencies_of(rows: list[queries.AdSums], timeline: Timeline) -> set[str | None]:
    return {effective_currency(r, timeline) for r in rows}


def build_period(timeline: Timeline, period: PeriodRange, rows: list[queries.AdSums],
                 currency: str | None, per_ad: bool = True) -> PeriodData:
    """Per-ad KPIs of the period in `currency` (rows in another known currency are left out).

    `per_ad=False` skips the per-ad KPI sets when only the workspace totals are needed (the previous period)."""
    by_ad: dict[int, Sums] = {}
    currencies: set[str | None] = set()
    for row in rows:
        code = effective_currency(row, timeline)
        currencies.add(code)
        if code is not None and currency is not None and code != currency:
            continue
        by_ad[row.ad_pk] = by_ad[row.ad_pk] + row.sums if row.ad_pk in by_ad else row.sums
    ads: list[AdKpis] = []
    for ad_pk, sums in by_ad.items():
        meta = timeline.meta.get(ad_pk)
        if not _is_video(meta, sums):
            sums = sums.without_video()
        ads.append(AdKpis(
            ad_pk=ad_pk, ad_id=meta.ad_id if meta else str(ad_pk), ad_name=meta.ad_name if meta else None,
            creative_pk=meta.creative_pk if meta else None, creative_name=meta.creative_name if meta else None,
            creative_kind=_kind(meta, sums), currency=currency, sums=sums,
        ))
    totals = Sums.total([a.sums for a in ads])
    basis = ResultBasis.for_sums(totals)
    if per_ad:
        for ad in ads:
            ad.kpis = compute_kpis(ad.sums, basis)
    ads.sort(key=lambda a: a.ad_id)
    spend_by_creative: dict[tuple[str, int], float] = defaultdict(float)
    for ad in ads:
        spend_by_creative[timeline.creative_key(ad.ad_pk)] += ad.sums.spend or 0.0
    first = timeline.first_by_creative
    velocity = None if period.end < timeline.data_start else creative_velocity(first, period.start, period.end)
    kpis = compute_kpis(
        totals, basis,
        freshness_rate=freshness_rate(spend_by_creative, first, period.end) if totals.rows else None,
        creative_velocity=velocity,
    ).model()
    return PeriodData(period=period, ads=ads, totals=totals, basis=basis, kpis=kpis, currencies=currencies)


def _kind(meta: queries.AdMeta | None, sums: Sums) -> str:
    kind = meta.creative_kind if meta else "unknown"
    if kind == "unknown" and _is_video(meta, sums):
        return "video"
    return kind

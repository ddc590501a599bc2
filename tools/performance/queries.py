"""SQL for the performance area: every heavy step is one GROUP BY in the database, Python only sees aggregates.

Why: a workspace can hold millions of daily rows; pulling them into Python would make a weekly report slow. Each
query here scans one date range once and returns one row per ad (or per day), which `kpis.Sums` turns into KPIs.
All queries are plain SQLAlchemy Core and run unchanged on SQLite and Postgres.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Integer, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from tools.core.db.models import Ad, AdAccount, Creative, PerformanceDaily
from tools.performance.kpis import Sums

if TYPE_CHECKING:
    import numpy as np

PD = PerformanceDaily
VIDEO_KINDS = frozenset({"video"})
STATIC_KINDS = frozenset({"image", "carousel"})


def _when(condition: ColumnElement[bool], value: ColumnElement) -> ColumnElement:
    return case((condition, value))


def has(column: ColumnElement) -> ColumnElement[bool]:
    return column.isnot(None)


def _sum_columns() -> list[ColumnElement]:
    """The additive aggregates behind every KPI, in `Sums` field order (after `rows`)."""
    return [
        func.sum(PD.spend),
        func.sum(PD.impressions),
        func.sum(PD.reach),
        func.sum(_when(has(PD.reach), PD.impressions)),
        func.sum(PD.link_clicks),
        func.sum(_when(has(PD.link_clicks), PD.impressions)),
        func.sum(_when(has(PD.link_clicks), PD.spend)),
        func.sum(PD.clicks_all),
        func.sum(_when(has(PD.clicks_all), PD.impressions)),
        func.sum(PD.purchases),
        func.sum(_when(has(PD.purchases), PD.spend)),
        func.sum(PD.conversions),
        func.sum(_when(has(PD.conversions), PD.spend)),
        func.sum(PD.purchase_value),
        func.sum(_when(has(PD.purchase_value), PD.spend)),
        func.sum(PD.video_plays_3s),
        func.sum(_when(has(PD.video_plays_3s), PD.impressions)),
        func.sum(_when(has(PD.video_plays_3s), PD.thruplays)),
        func.sum(_when(and_(has(PD.thruplays), has(PD.video_plays_3s)), PD.video_plays_3s)),
    ]


_SUM_FIELDS = (
    "spend", "impressions", "reach", "impressions_with_reach", "link_clicks", "impressions_with_link_clicks",
    "spend_with_link_clicks", "clicks_all", "impressions_with_clicks_all", "purchases", "spend_with_purchases",
    "conversions", "spend_with_conversions", "purchase_value", "spend_with_purchase_value", "video_plays_3s",
    "impressions_with_plays", "thruplays", "plays_with_thruplays",
)


def _sums_from(row_count: int, values: tuple) -> Sums:  # type: ignore[type-arg]
    return Sums(int(row_count), *values)  # positional: `_sum_columns` follows the field order of `Sums`


def _range_filter(workspace_id: int, start: date, end: date, currency: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [PD.workspace_id == workspace_id, PD.day >= start, PD.day <= end]
    if currency is not None:
        # rows without their own currency inherit their account's (subquery: no join on the unfiltered path)
        account_currency = (
            select(AdAccount.currency).join(Ad, Ad.account_id == AdAccount.id).where(Ad.id == PD.ad_id)
            .scalar_subquery()
        )
        conditions.append(func.coalesce(PD.currency, account_currency) == currency)
    return conditions


@dataclass
class AdSums:
    ad_pk: int
    currency: str | None  # the rows' own currency; None when the export did not say (see `ad_meta`)
    sums: Sums
    part: int = 1  # 0: before `split`, 1: on or after it (see `sums_by_ad`)


def sums_by_ad(session: Session, workspace_id: int, start: date, end: date, split: date | None = None,
               currency: str | None = None) -> list[AdSums]:
    """One row per (ad, row currency[, part]) with every additive aggregate over [start, end].

    With `split`, one scan serves two adjacent periods (previous and current): rows before `split` get part 0.
    """
    part = case((PD.day >= split, 1), else_=0) if split is not None else literal(1)
    stmt = (
        select(PD.ad_id, PD.currency, part, func.count(), *_sum_columns())
        .where(*_range_filter(workspace_id, start, end, currency))
        .group_by(PD.ad_id, PD.currency, part)
    )
    return [
        AdSums(int(ad_pk), row_currency, _sums_from(count, tuple(values)), int(part_value))
        for ad_pk, row_currency, part_value, count, *values in session.connection().execute(stmt).all()
    ]


@dataclass
class AdMeta:
    ad_pk: int
    ad_id: str
    ad_name: str | None
    account_currency: str | None
    creative_pk: int | None
    creative_name: str | None
    creative_kind: str


def ad_meta(session: Session, workspace_id: int) -> dict[int, AdMeta]:
    """Names, creative and account currency of every ad of the workspace (one row per ad, no daily data)."""
    stmt = (
        select(Ad.id, Ad.external_id, Ad.name, AdAccount.currency, Creative.id, Creative.name, Creative.kind)
        .join(AdAccount, AdAccount.id == Ad.account_id)
        .outerjoin(Creative, Creative.id == Ad.creative_id)
        .where(Ad.workspace_id == workspace_id)
    )
    out = {}
    for ad_pk, external_id, name, account_currency, creative_pk, creative_name, kind in session.execute(stmt):
        out[ad_pk] = AdMeta(ad_pk, external_id, name, account_currency, creative_pk, creative_name or name,
                            (kind or "unknown").lower())
    return out


def data_bounds(session: Session, workspace_id: int) -> tuple[date | None, date | None]:
    """First and latest day with any row in the workspace ("today" defaults to the latest)."""
    # two statements: each is a single MIN/MAX the (workspace_id, day) index answers without scanning
    first = session.scalar(select(func.min(PD.day)).where(PD.workspace_id == workspace_id))
    last = session.scalar(select(func.max(PD.day)).where(PD.workspace_id == workspace_id))
    return first, last


def first_delivery_by_ad(session: Session, workspace_id: int, until: date) -> dict[int, date]:
    """The first day each ad delivered (impressions or spend > 0), over all history up to `until`.

    A correlated "first matching row in (ad, day) order" per ad: it walks the (ad_id, day) unique index and stops
    at the first delivering day, instead of grouping every row the workspace ever had.
    """
    first = (
        select(PD.day)
        .where(PD.ad_id == Ad.id, PD.day <= until, or_(PD.impressions > 0, PD.spend > 0))
        .order_by(PD.day)
        .limit(1)
        .scalar_subquery()
    )
    stmt = select(Ad.id, first).where(Ad.workspace_id == workspace_id)
    return {int(ad_pk): day for ad_pk, day in session.execute(stmt) if day is not None}


@dataclass
class DaySums:
    day: date
    sums: Sums


def sums_by_day(session: Session, workspace_id: int, start: date, end: date,
                currency: str | None = None) -> list[DaySums]:
    """One row per day over [start, end] (the trend chart). Video measures here are unfiltered by kind."""
    stmt = (
        select(PD.day, func.count(), *_sum_columns())
        .where(*_range_filter(workspace_id, start, end, currency))
        .group_by(PD.day)
        .order_by(PD.day)
    )
    return [DaySums(day, _sums_from(count, tuple(values))) for day, count, *values in session.execute(stmt)]


DAILY_COLUMNS = (
    "ad_pk", "offset", "spend", "impressions", "reach", "link_clicks", "clicks_all", "video_plays_3s", "purchases",
    "conversions",
)


def _day_offset(session: Session, origin: date) -> ColumnElement:
    """Whole days between `origin` and the row's day, computed by the database (no per-row date parsing)."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(PD.day) - func.julianday(origin.isoformat()), Integer)
    return PD.day - origin


def daily_matrix(session: Session, workspace_id: int, start: date, end: date, ad_pks: list[int],
                 currency: str | None = None) -> np.ndarray:
    """Daily rows of the given ads over [start, end] as one float array (columns `DAILY_COLUMNS`, NULL → NaN).

    Why an array: the fatigue rules run rolling windows over ads × days; building it straight from the cursor's
    tuples avoids per-row Python objects.
    """
    import numpy as np

    out = []
    for chunk_start in range(0, len(ad_pks), 2000):
        chunk = ad_pks[chunk_start: chunk_start + 2000]
        stmt = (
            select(PD.ad_id, _day_offset(session, start), PD.spend, PD.impressions, PD.reach, PD.link_clicks,
                   PD.clicks_all, PD.video_plays_3s, PD.purchases, PD.conversions)
            .where(*_range_filter(workspace_id, start, end, currency), PD.ad_id.in_(chunk))
        )
        rows = [tuple(row) for row in session.connection().execute(stmt)]
        if rows:
            out.append(np.array(rows, dtype=float))
    return np.concatenate(out) if out else np.zeros((0, len(DAILY_COLUMNS)))

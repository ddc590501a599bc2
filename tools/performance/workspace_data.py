"""One workspace's ads and facts held in memory for questions, reloaded only when the data changed.

Why a cache: a manager asks several questions in a row (a breakdown, then the week before, then why it moved), and
the agent asks them for every Slack message. Reading the rows once per process and checking a cheap fingerprint
(the newest ids, the newest import batch and blueprint) on every call keeps a question over a million rows in
milliseconds; any import, sync or extraction changes the fingerprint and the next call reloads. Only days
that a question needs are loaded (a week and its predecessor for a CLI call, more as later calls ask for more).

What it holds is plain data (numpy columns and ad metadata), never a connection.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import func, select

from tools.core.db.models import (
    Ad,
    AdAccount,
    AdSet,
    BlueprintRecord,
    Campaign,
    Creative,
    ImportBatch,
    PerformanceBreakdown,
    PerformanceDaily,
)
from tools.core.db.models.performance_breakdowns import VALUE_SEPARATOR
from tools.core.errors import InsufficientDataError
from tools.performance import queries
from tools.performance.frame import EPOCH, MEASURE_COLUMNS, FactFrame, build_frame, from_epoch, to_epoch
from tools.performance.naming import (
    DEFAULT_PATTERN,
    FIELD_ALIASES,
    NUMERIC_FIELDS,
    normalise_key,
    normalise_value,
    parse_name,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tools.core.runtime import WorkspaceRuntime

NAMING_SKIP = {"brand", "product", "date", "id"}  # name parts that describe no creative choice
# blueprint summary values that make sensible groups (continuous measures such as duration do not)
BLUEPRINT_FIELDS = ("hook_archetype", "pace", "aspect_ratio", "has_face", "text_on_screen", "close_up_in_hook",
                    "zoom_in_hook", "has_offer", "audio_dominant", "has_voiceover", "has_music", "asmr_like")
_CACHE_SIZE = 4
_cache: OrderedDict[tuple[str, int], WorkspaceData] = OrderedDict()
_lock = threading.Lock()


@dataclass
class AdTable:
    """Every ad of the workspace, index i = unit i of the daily frame (ads sorted by database id)."""

    pk: np.ndarray  # int64, sorted
    ad_id: list[str]
    name: list[str | None]
    campaign: list[tuple[str, str | None] | None]  # (external id, name)
    adset: list[tuple[str, str | None] | None]
    creative: np.ndarray  # int64 creative group per ad (an ad without a creative row is its own creative)
    kind: list[str]  # video | image | carousel | unknown
    account_currency: list[str | None]
    attributes: list[dict[str, str]]  # canonical key → value (export columns, then the naming convention)
    audience: list[dict[str, str]]  # canonical dimension → value (the ad set's targeting)
    blueprint: list[dict[str, str]]  # extractor summary fields of the ad's creative
    labels: dict[str, str] = field(default_factory=dict)  # canonical key → the column name users know it by

    def __len__(self) -> int:
        return len(self.pk)

    @cached_property
    def video_kind(self) -> np.ndarray:
        return np.array([k == "video" for k in self.kind], dtype=bool)

    @cached_property
    def unknown_kind(self) -> np.ndarray:
        """Neither video nor a static kind: video when it recorded 3-second plays."""
        return np.array([k not in ("video", "image", "carousel") for k in self.kind], dtype=bool)

    def index_of(self, pks: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.pk, pks)


@dataclass
class BreakdownUnits:
    """Units of the breakdown frame: which ad, which breakdown (dimensions) and which values."""

    ad: np.ndarray  # int64 ad index per unit
    breakdown: list[tuple[str, ...]]  # dimensions per unit, e.g. ("age", "gender")
    values: list[tuple[str, ...]]


@dataclass
class WorkspaceData:
    fingerprint: tuple[Any, ...]
    workspace_id: int
    data_start: date
    data_end: date
    ads: AdTable
    first_delivery: np.ndarray  # epoch day of each ad's first delivery, -1 when it never delivered
    breakdown_rows: int
    daily: FactFrame | None = None
    breakdowns: tuple[FactFrame, BreakdownUnits] | None = None
    _currency_frames: dict[tuple[int, str], FactFrame] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)  # derived per-ad structures (field catalogs), built once

    @property
    def has_breakdowns(self) -> bool:
        return self.breakdown_rows > 0

    def daily_frame(self, session: Session, first: date, last: date) -> FactFrame:
        lo, hi = to_epoch(first), to_epoch(last)
        if self.daily is None or not self.daily.covers(lo, hi):
            if self.daily is not None:
                lo, hi = min(lo, self.daily.lo), max(hi, self.daily.hi)
            self.daily = _load_daily(session, self, lo, hi)
            self._currency_frames.clear()
        return self.daily

    def breakdown_frame(self, session: Session, first: date, last: date) -> tuple[FactFrame, BreakdownUnits] | None:
        if not self.has_breakdowns:
            return None
        lo, hi = to_epoch(first), to_epoch(last)
        if self.breakdowns is None or not self.breakdowns[0].covers(lo, hi):
            if self.breakdowns is not None:
                lo, hi = min(lo, self.breakdowns[0].lo), max(hi, self.breakdowns[0].hi)
            self.breakdowns = _load_breakdowns(session, self, lo, hi)
            self._currency_frames.clear()
        return self.breakdowns

    def in_currency(self, frame: FactFrame, currency: str | None) -> FactFrame:
        """Rows in `currency` (a row without its own currency has its account's); all rows when None."""
        if currency is None:
            return frame
        if frame.currencies_between(frame.lo, frame.hi) <= {currency, None}:
            return frame  # nothing in another currency
        wanted = frame.currencies.index(currency) if currency in frame.currencies else -99
        key = (id(frame), currency)
        if key not in self._currency_frames:
            self._currency_frames[key] = frame.restricted((frame.currency == wanted) | (frame.currency == -1))
        return self._currency_frames[key]


def workspace_data(runtime: WorkspaceRuntime, session: Session) -> WorkspaceData:
    """This workspace's data, from the process cache when its fingerprint is unchanged."""
    workspace_id = runtime.workspace_id
    key = (runtime.settings.resolved_database_url, workspace_id)
    print_ = _fingerprint(session, workspace_id)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached.fingerprint == print_:
            _cache.move_to_end(key)
            return cached
    data = _load(session, runtime.workspace, workspace_id, print_)
    with _lock:
        _cache[key] = data
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def forget_cached_data() -> None:
    """Drop every cached workspace (tests that rewrite rows in place, memory pressure)."""
    with _lock:
        _cache.clear()


def _fingerprint(session: Session, workspace_id: int) -> tuple[Any, ...]:
    """What changes whenever the workspace's facts or ads do, at the cost of index look-ups, not scans.

    New rows raise the newest id (ids only grow); every import or sync writes an import batch, so rows it updated
    in place or cleared are seen through the newest batch; ads, creatives, ad sets and blueprints have their own
    newest ids (and count, so a deleted ad is seen). Writers of facts must create an import batch, as ingest does.
    """
    pd_, br = PerformanceDaily, PerformanceBreakdown
    w = workspace_id
    parts = [
        select(func.max(pd_.id)).scalar_subquery(),
        select(func.max(ImportBatch.id)).where(ImportBatch.workspace_id == w).scalar_subquery(),
        select(func.count()).select_from(Ad).where(Ad.workspace_id == w).scalar_subquery(),
        select(func.max(Ad.id)).scalar_subquery(),
        select(func.max(Creative.id)).scalar_subquery(),
        select(func.max(AdSet.id)).scalar_subquery(),
        select(func.max(br.id)).scalar_subquery(),
        select(func.max(BlueprintRecord.updated_at)).where(BlueprintRecord.workspace_id == w).scalar_subquery(),
    ]
    return tuple(session.execute(select(*parts)).one())


def _load(session: Session, workspace: str, workspace_id: int, fingerprint: tuple[Any, ...]) -> WorkspaceData:
    data_start, data_end = queries.data_bounds(session, workspace_id)
    if data_start is None or data_end is None:
        raise InsufficientDataError(
            f"Workspace {workspace!r} has no ad performance data yet: import an ad export first "
            "(hookline ingest FILE)."
        )
    ads = _ad_table(session, workspace_id)
    first = np.full(len(ads), -1, dtype=np.int64)
    for ad_pk, day in queries.first_delivery_by_ad(session, workspace_id, data_end).items():
        first[ads.index_of(np.array([ad_pk]))[0]] = to_epoch(day)
    return WorkspaceData(fingerprint=fingerprint, workspace_id=workspace_id, data_start=data_start,
                         data_end=data_end, ads=ads, first_delivery=first,
                         breakdown_rows=_breakdown_count(session, workspace_id))


def _breakdown_count(session: Session, workspace_id: int) -> int:
    table = PerformanceBreakdown
    return int(session.scalar(select(func.count()).select_from(table).where(table.workspace_id == workspace_id))
               or 0)


def _display_key(raw: str) -> str:
    key = normalise_key(raw)
    return FIELD_ALIASES.get(key, key)


def _ad_table(session: Session, workspace_id: int) -> AdTable:
    stmt = (
        select(Ad.id, Ad.external_id, Ad.name, Campaign.external_id, Campaign.name, AdSet.external_id, AdSet.name,
               AdSet.audience, Creative.id, Creative.kind, Creative.attributes, AdAccount.currency)
        .join(AdAccount, AdAccount.id == Ad.account_id)
        .outerjoin(Campaign, Campaign.id == Ad.campaign_id)
        .outerjoin(AdSet, AdSet.id == Ad.ad_set_id)
        .outerjoin(Creative, Creative.id == Ad.creative_id)
        .where(Ad.workspace_id == workspace_id)
        .order_by(Ad.id)
    )
    rows = session.execute(stmt).all()
    blueprints = _blueprints(session, workspace_id)
    labels: dict[str, str] = {}
    audience_keys = set()
    audiences: list[dict[str, str]] = []
    for row in rows:
        audience = {}
        for raw, value in (row[7] or {}).items():
            if value is not None and str(value).strip():
                key = _display_key(str(raw))
                labels.setdefault(key, str(raw))
                audience[key] = str(value).strip()
        audience_keys.update(audience)
        audiences.append(audience)
    attributes: list[dict[str, str]] = []
    names: dict[str | None, dict[str, str]] = {}
    for row in rows:
        attrs: dict[str, str] = {}
        for raw, value in (row[10] or {}).items():
            key = _display_key(str(raw))
            if key in audience_keys or value is None or not str(value).strip():
                continue
            labels.setdefault(key, str(raw))
            attrs.setdefault(key, str(value).strip())
        name = row[2]
        if name not in names:
            parsed = parse_name(name, DEFAULT_PATTERN) or {}
            names[name] = {k: v for k, v in parsed.items() if k not in NAMING_SKIP and k not in NUMERIC_FIELDS}
        for key, value in names[name].items():
            if key not in audience_keys and normalise_value(attrs.get(key)) is None:
                attrs[key] = value
        attributes.append(attrs)
    creative_of: dict[int, int] = {}
    creative = np.array([creative_of.setdefault(r[8], len(creative_of)) if r[8] is not None else -1 for r in rows],
                        dtype=np.int64)
    lonely = np.flatnonzero(creative < 0)
    creative[lonely] = len(creative_of) + np.arange(len(lonely))
    return AdTable(
        pk=np.array([r[0] for r in rows], dtype=np.int64),
        ad_id=[str(r[1]) for r in rows], name=[r[2] for r in rows],
        campaign=[(str(r[3]), r[4]) if r[3] is not None else None for r in rows],
        adset=[(str(r[5]), r[6]) if r[5] is not None else None for r in rows],
        creative=creative, kind=[(r[9] or "unknown").lower() for r in rows], account_currency=[r[11] for r in rows],
        attributes=attributes, audience=audiences,
        blueprint=[blueprints.get(r[8], {}) if r[8] is not None else {} for r in rows], labels=labels,
    )


def _blueprints(session: Session, workspace_id: int) -> dict[int, dict[str, str]]:
    """The newest blueprint summary of each creative, reduced to the fields that make groups."""
    stmt = (select(BlueprintRecord.creative_id, BlueprintRecord.attributes)
            .where(BlueprintRecord.workspace_id == workspace_id, BlueprintRecord.creative_id.isnot(None))
            .order_by(BlueprintRecord.updated_at, BlueprintRecord.id))
    out: dict[int, dict[str, str]] = {}
    for creative_id, attributes in session.execute(stmt):
        values = {}
        for key in BLUEPRINT_FIELDS:
            value = (attributes or {}).get(key)
            if isinstance(value, bool):
                values[key] = "yes" if value else "no"
            elif isinstance(value, str) and value.strip():
                values[key] = value.strip()
        out[creative_id] = values
    return out


def _currency_codes(session: Session, workspace_id: int) -> list[str]:
    """The currencies rows may carry: their accounts' and the ones imports recorded (a few values)."""
    found = {c for (c,) in session.execute(select(AdAccount.currency).where(AdAccount.workspace_id == workspace_id))
             if c}
    for (text,) in session.execute(select(ImportBatch.currency).where(ImportBatch.workspace_id == workspace_id)):
        found.update(c for c in (text or "").split(",") if c)
    return sorted(found)


def _currency_case(column: Any, codes: list[str]) -> Any:
    from sqlalchemy import case, literal

    if not codes:
        return case((column.is_(None), literal(-1)), else_=literal(-2))
    return case(*[(column == code, literal(i)) for i, code in enumerate(codes)], (column.is_(None), literal(-1)),
                else_=literal(-2))


def _day_number(session: Session, column: Any) -> Any:
    """Days since 1970-01-01, computed by the database."""
    from sqlalchemy import Integer, cast

    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(column) - 2440587.5, Integer)
    return column - EPOCH


def _fetch(session: Session, table: Any, extra: list[Any], workspace_id: int, lo: int, hi: int,
           codes: list[str]) -> tuple[list[tuple], list[str]]:
    columns = [table.ad_id, _day_number(session, table.day), _currency_case(table.currency, codes),
               *[getattr(table, m) for m in MEASURE_COLUMNS], *extra]
    stmt = select(*columns).where(table.workspace_id == workspace_id, table.day >= from_epoch(lo),
                                  table.day <= from_epoch(hi))
    result = session.connection().execute(stmt)
    try:  # the driver's plain tuples: numbers only, no per-row result objects (a million rows load in seconds)
        rows = result.cursor.fetchall()
    finally:
        result.close()
    if any(r[2] == -2 for r in rows):  # a currency neither the accounts nor the imports named: ask the rows
        found = {c for (c,) in session.execute(select(table.currency).distinct()
                                               .where(table.workspace_id == workspace_id)) if c}
        return _fetch(session, table, extra, workspace_id, lo, hi, sorted(found | set(codes)))
    return rows, codes


def _row_currency(rows_currency: np.ndarray, ad_index: np.ndarray, ads: AdTable,
                  codes: list[str]) -> tuple[np.ndarray, list[str]]:
    """A row without its own currency takes its account's (-1 only when neither names one)."""
    codes = list(codes)
    for code in ads.account_currency:
        if code and code not in codes:
            codes.append(code)
    account = np.array([codes.index(c) if c else -1 for c in ads.account_currency], dtype=np.int64)
    missing = rows_currency < 0
    if missing.any() and len(account):
        rows_currency = np.where(missing, account[ad_index], rows_currency)
    return rows_currency, codes


def _load_daily(session: Session, data: WorkspaceData, lo: int, hi: int) -> FactFrame:
    codes = _currency_codes(session, data.workspace_id)
    rows, codes = _fetch(session, PerformanceDaily, [], data.workspace_id, lo, hi, codes)
    if not rows:
        return build_frame(np.zeros((0, 2 + len(MEASURE_COLUMNS))), len(data.ads), lo, hi, np.zeros(0, np.int64),
                           codes)
    matrix = np.array(rows, dtype=float)
    ad_index = data.ads.index_of(matrix[:, 0].astype(np.int64))
    currency, codes = _row_currency(matrix[:, 2].astype(np.int64), ad_index, data.ads, codes)
    matrix[:, 0] = ad_index
    return build_frame(np.delete(matrix, 2, axis=1), len(data.ads), lo, hi, currency, codes)


def _load_breakdowns(session: Session, data: WorkspaceData, lo: int, hi: int) -> tuple[FactFrame, BreakdownUnits]:
    codes = _currency_codes(session, data.workspace_id)
    table = PerformanceBreakdown
    rows, codes = _fetch(session, table, [table.breakdown, table.value], data.workspace_id, lo, hi, codes)
    ad_index = data.ads.index_of(np.array([r[0] for r in rows], dtype=np.int64)).tolist()
    unit_of: dict[tuple[int, str, str], int] = {}
    units: list[tuple[int, str, str]] = []
    numbers = []
    for index, row in zip(ad_index, rows, strict=True):
        key = (index, row[-2], row[-1])
        unit = unit_of.get(key)
        if unit is None:
            unit = unit_of[key] = len(units)
            units.append(key)
        numbers.append((unit, *row[1:-2]))
    matrix = np.array(numbers, dtype=float) if numbers else np.zeros((0, 3 + len(MEASURE_COLUMNS)))
    unit_ad = np.array([u[0] for u in units], dtype=np.int64)
    currency = matrix[:, 2].astype(np.int64) if len(matrix) else np.zeros(0, np.int64)
    currency, codes = _row_currency(currency, unit_ad[matrix[:, 0].astype(np.int64)] if len(matrix) else
                                    np.zeros(0, np.int64), data.ads, codes)
    frame = build_frame(np.delete(matrix, 2, axis=1), len(units), lo, hi, currency, codes)
    breakdown = [tuple(u[1].split(",")) for u in units]
    values = [tuple(u[2].split(VALUE_SEPARATOR)) for u in units]
    return frame, BreakdownUnits(unit_ad, breakdown, values)

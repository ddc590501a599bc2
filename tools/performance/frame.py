"""Daily facts as columns sorted by (unit, day), so the sums of any day range come out per unit in O(units).

Why: `performance_query` and `explain_change` answer many questions over the same rows (a breakdown, its previous
period, a weekly series, a partition of the change). Scanning a million rows per question would be slow in SQL and
in pandas alike; here each needed `Sums` field gets a running total once, and the sums of unit u over days [a, b]
are `cum[end(u, b)] − cum[start(u, a)]`, two binary searches per unit.

A *unit* is an ad for the daily facts, or (ad, breakdown cell) for the breakdown facts. NULL measures are NaN; each
`Sums` field is also counted where it is present, so a group whose rows never reported a measure stays `None`
(absent is not zero), exactly like SQL's SUM in `queries.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from tools.performance.kpis import Sums

EPOCH = date(1970, 1, 1)
MEASURE_COLUMNS = ("spend", "impressions", "reach", "link_clicks", "clicks_all", "video_plays_3s", "thruplays",
                   "purchases", "purchase_value", "conversions")
SUM_FIELDS: tuple[str, ...] = tuple(f for f in Sums.__dataclass_fields__ if f != "rows")
VIDEO_FIELDS = ("video_plays_3s", "impressions_with_plays", "thruplays", "plays_with_thruplays")

Columns = dict[str, np.ndarray]


def _has(name: str) -> Callable[[Columns], np.ndarray | None]:
    """Presence mask of one measure; None means "present on every row" (spend, impressions are NOT NULL)."""
    def mask(cols: Columns) -> np.ndarray | None:
        return ~np.isnan(cols[name])
    return mask


def _both(a: str, b: str) -> Callable[[Columns], np.ndarray | None]:
    def mask(cols: Columns) -> np.ndarray | None:
        return ~np.isnan(cols[a]) & ~np.isnan(cols[b])
    return mask


def _always(_cols: Columns) -> np.ndarray | None:
    return None


def _value(name: str) -> Callable[[Columns], np.ndarray]:
    return lambda cols: np.nan_to_num(cols[name])


def _where(mask: Callable[[Columns], np.ndarray | None], name: str) -> Callable[[Columns], np.ndarray]:
    def value(cols: Columns) -> np.ndarray:
        present = mask(cols)
        column = np.nan_to_num(cols[name])
        return column if present is None else np.where(present, column, 0.0)
    return value


# Sums field → (its per-row value, the rows where it is present): the same rules as `queries._sum_columns`.
_PLAYS_AND_THRU = _both("video_plays_3s", "thruplays")
FIELD_RULES: dict[str, tuple[Callable[[Columns], np.ndarray], Callable[[Columns], np.ndarray | None]]] = {
    "spend": (_value("spend"), _always),
    "impressions": (_value("impressions"), _always),
    "reach": (_value("reach"), _has("reach")),
    "impressions_with_reach": (_where(_has("reach"), "impressions"), _has("reach")),
    "link_clicks": (_value("link_clicks"), _has("link_clicks")),
    "impressions_with_link_clicks": (_where(_has("link_clicks"), "impressions"), _has("link_clicks")),
    "spend_with_link_clicks": (_where(_has("link_clicks"), "spend"), _has("link_clicks")),
    "clicks_all": (_value("clicks_all"), _has("clicks_all")),
    "impressions_with_clicks_all": (_where(_has("clicks_all"), "impressions"), _has("clicks_all")),
    "purchases": (_value("purchases"), _has("purchases")),
    "spend_with_purchases": (_where(_has("purchases"), "spend"), _has("purchases")),
    "conversions": (_value("conversions"), _has("conversions")),
    "spend_with_conversions": (_where(_has("conversions"), "spend"), _has("conversions")),
    "purchase_value": (_value("purchase_value"), _has("purchase_value")),
    "spend_with_purchase_value": (_where(_has("purchase_value"), "spend"), _has("purchase_value")),
    "video_plays_3s": (_value("video_plays_3s"), _has("video_plays_3s")),
    "impressions_with_plays": (_where(_has("video_plays_3s"), "impressions"), _has("video_plays_3s")),
    "thruplays": (_where(_has("video_plays_3s"), "thruplays"), _PLAYS_AND_THRU),
    "plays_with_thruplays": (_where(_PLAYS_AND_THRU, "video_plays_3s"), _PLAYS_AND_THRU),
}
assert set(FIELD_RULES) == set(SUM_FIELDS)


def to_epoch(day: date) -> int:
    return (day - EPOCH).days


def from_epoch(days: int) -> date:
    return EPOCH + timedelta(days=int(days))


@dataclass
class RangeSums:
    """Per-unit sums of some `Sums` fields over one day range; `present[f]` False where no row reported f."""

    rows: np.ndarray  # int64 per unit
    values: dict[str, np.ndarray]
    present: dict[str, np.ndarray]

    def field(self, name: str) -> np.ndarray:
        """Values with NaN where absent (the array form of `Sums` None)."""
        return np.where(self.present[name], self.values[name], np.nan)

    def sums(self, i: int) -> Sums:
        """One unit's `Sums` (only the computed fields are set)."""
        out = Sums(rows=int(self.rows[i]))
        for name, values in self.values.items():
            if self.present[name][i]:
                setattr(out, name, float(values[i]))
        return out

    def grouped(self, codes: np.ndarray, n_groups: int) -> RangeSums:
        """Sums per group (`codes[u]` = the group of unit u; units with code < 0 are left out)."""
        keep = codes >= 0
        idx = codes[keep]
        rows = np.bincount(idx, weights=self.rows[keep], minlength=n_groups).astype(np.int64)
        values = {k: np.bincount(idx, weights=v[keep], minlength=n_groups) for k, v in self.values.items()}
        present = {k: np.bincount(idx, weights=p[keep].astype(float), minlength=n_groups) > 0
                   for k, p in self.present.items()}
        return RangeSums(rows, values, present)

    def total(self) -> RangeSums:
        return self.grouped(np.zeros(len(self.rows), dtype=np.int64), 1)

    def clear(self, units: np.ndarray, names: Iterable[str]) -> None:
        """Set `names` absent for the units in the boolean mask `units` (video measures of static ads)."""
        for name in names:
            if name in self.values:
                self.values[name] = np.where(units, 0.0, self.values[name])
                self.present[name] = self.present[name] & ~units


@dataclass
class FactFrame:
    """Facts over epoch days [lo, hi], rows sorted by (unit, day). Built by `build_frame`; read by `range_sums`."""

    lo: int
    hi: int
    n_units: int
    unit: np.ndarray  # int64 per row
    day: np.ndarray  # int64 epoch day per row
    columns: Columns  # float64 per row, NaN = NULL
    currency: np.ndarray  # int64 code per row (index into `currencies`), -1 = the row named none
    currencies: list[str]
    _key: np.ndarray = field(init=False, repr=False)
    _cum: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False)
    _present_cum: dict[str, np.ndarray | None] = field(default_factory=dict, init=False, repr=False)
    _ranges: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, init=False,
                                                                          repr=False)
    _day_presence: np.ndarray | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._span = self.hi - self.lo + 2
        self._key = self.unit * self._span + (self.day - self.lo)

    def __len__(self) -> int:
        return len(self.day)

    def covers(self, lo: int, hi: int) -> bool:
        return self.lo <= lo and hi <= self.hi

    @property
    def _presence(self) -> np.ndarray:
        """(days × currencies + 1) booleans: which row currencies occur on each loaded day (last column: none)."""
        if self._day_presence is None:
            presence = np.zeros((self.hi - self.lo + 1, len(self.currencies) + 1), dtype=bool)
            presence[self.day - self.lo, np.where(self.currency >= 0, self.currency, len(self.currencies))] = True
            self._day_presence = presence
        return self._day_presence

    def _days(self, lo: int, hi: int) -> np.ndarray:
        return self._presence[max(lo, self.lo) - self.lo: max(min(hi, self.hi) - self.lo + 1, 0)]

    def days_with_rows(self, lo: int, hi: int) -> int:
        return int(self._days(lo, hi).any(axis=1).sum())

    def reported_between(self, name: str, lo: int, hi: int) -> bool:
        """Whether any row over epoch days [lo, hi] reports the measure `name` (not NULL)."""
        key = f"_days_{name}"
        if key not in self._cum:
            days = np.zeros(self.hi - self.lo + 1, dtype=bool)
            days[self.day[~np.isnan(self.columns[name])] - self.lo] = True
            self._cum[key] = days
        return bool(self._cum[key][max(lo, self.lo) - self.lo: max(min(hi, self.hi) - self.lo + 1, 0)].any())

    def currencies_between(self, lo: int, hi: int) -> set[str | None]:
        """The row currencies over epoch days [lo, hi] (None: rows that name none)."""
        used = np.flatnonzero(self._days(lo, hi).any(axis=0))
        return {self.currencies[c] if c < len(self.currencies) else None for c in used.tolist()}

    def _cumulative(self, name: str) -> tuple[np.ndarray, np.ndarray | None]:
        if name not in self._cum:
            value, mask = FIELD_RULES[name]
            self._cum[name] = np.concatenate(([0.0], np.cumsum(value(self.columns))))
            present = mask(self.columns)
            if present is None or bool(present.all()):
                self._present_cum[name] = None  # present wherever there is a row
            elif not present.any():
                self._present_cum[name] = np.zeros(len(self) + 1)
            else:
                self._present_cum[name] = np.concatenate(([0.0], np.cumsum(present)))
        return self._cum[name], self._present_cum[name]

    def positions(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        """Row positions [start, end) of each unit's rows inside epoch days [first, last] (the last few ranges
        asked are remembered: one question reads the same period for several sets of fields)."""
        key = (first, last)
        if key not in self._ranges:
            if len(self._ranges) >= 16:
                self._ranges.clear()
            self._ranges[key] = self._positions(first, last)
        return self._ranges[key]

    def _positions(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        units = np.arange(self.n_units, dtype=np.int64)
        first, last = max(first, self.lo), min(last, self.hi)
        if first > last:
            empty = np.searchsorted(self._key, units * self._span)
            return empty, empty
        start = np.searchsorted(self._key, units * self._span + (first - self.lo), side="left")
        end = np.searchsorted(self._key, units * self._span + (last - self.lo), side="right")
        return start, end

    def range_sums(self, first: int, last: int, names: Iterable[str]) -> RangeSums:
        """Every unit's sums of `names` over epoch days [first, last] (clipped to the loaded range)."""
        start, end = self.positions(first, last)
        rows = (end - start).astype(np.int64)
        values: dict[str, np.ndarray] = {}
        present: dict[str, np.ndarray] = {}
        for name in dict.fromkeys(names):
            cum, present_cum = self._cumulative(name)
            values[name] = cum[end] - cum[start]
            present[name] = rows > 0 if present_cum is None else (present_cum[end] - present_cum[start]) > 0
        return RangeSums(rows, values, present)

    def restricted(self, keep: np.ndarray) -> FactFrame:
        """The same frame with only the rows in the boolean mask `keep` (one currency of a mixed workspace)."""
        return FactFrame(self.lo, self.hi, self.n_units, self.unit[keep], self.day[keep],
                         {k: v[keep] for k, v in self.columns.items()}, self.currency[keep], self.currencies)


def build_frame(rows: np.ndarray, n_units: int, lo: int, hi: int, currency: np.ndarray,
                currencies: list[str]) -> FactFrame:
    """A frame from an (n × (2 + measures)) float array: unit, epoch day, then `MEASURE_COLUMNS` (NaN = NULL)."""
    if len(rows) == 0:
        empty = np.zeros(0)
        return FactFrame(lo, hi, n_units, empty.astype(np.int64), empty.astype(np.int64),
                         {m: empty for m in MEASURE_COLUMNS}, empty.astype(np.int64), currencies)
    unit = rows[:, 0].astype(np.int64)
    day = rows[:, 1].astype(np.int64)
    order = np.lexsort((day, unit))
    if not bool((np.diff(order) > 0).all()):
        rows, unit, day, currency = rows[order], unit[order], day[order], currency[order]
    columns = {name: np.ascontiguousarray(rows[:, 2 + i]) for i, name in enumerate(MEASURE_COLUMNS)}
    return FactFrame(lo, hi, n_units, unit, day, columns, currency, currencies)

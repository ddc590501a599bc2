"""A question's scope (its filters) and grouping, and the measured *parts* of that scope over a day range.

A part is what the numbers can be split into without counting anything twice: an ad (its daily facts), or, when a
filter or grouping names an audience dimension that breakdown rows carry, an (ad, audience cell) plus the rest of the
ad's delivery that no breakdown row covers ("(not broken down)", or the ad set's targeted value when it has one).
Parts add up to the scope's totals, so groups of parts add up too — the property explain's contributions rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tools.core.domain.performance import AppliedFilter, Filter
from tools.core.errors import InputError
from tools.performance.fields import NOT_BROKEN_DOWN, NOT_SET, Catalog, FieldSpec, match_values, value_key
from tools.performance.frame import VIDEO_FIELDS, FactFrame, RangeSums
from tools.performance.workspace_data import BreakdownUnits, WorkspaceData


@dataclass
class Scope:
    ad_mask: np.ndarray  # ads kept by the ad-level filters
    audience: list[tuple[FieldSpec, set[str], bool]]  # breakdown-level filters: dimension, value keys, negate
    by: FieldSpec | None
    breakdown: tuple[str, ...] | None  # the breakdown rows used, when an audience dimension needs them
    applied: list[AppliedFilter] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        return bool(self.applied)


@dataclass
class Parts:
    ad: np.ndarray  # ad index of each part
    group: np.ndarray  # group code of each part; -1 = outside the scope
    keys: list[str]  # group key per code
    labels: list[str]
    sums: RangeSums
    one_per_ad: bool = True  # parts are whole ads (no breakdown cells): counting ads needs no de-duplication

    @property
    def n_groups(self) -> int:
        return len(self.keys)

    def grouped(self) -> RangeSums:
        return self.sums.grouped(self.group, self.n_groups)

    def as_total(self) -> Parts:
        """The same parts as one group: the whole scope."""
        return Parts(self.ad, np.where(self.group >= 0, 0, -1), [""], ["all"], self.sums, self.one_per_ad)

    def live_ads(self) -> int:
        """Distinct ads of the scope with rows."""
        live = (self.group >= 0) & (self.sums.rows > 0)
        return int(live.sum()) if self.one_per_ad else len(np.unique(self.ad[live]))

    def ads_per_group(self) -> np.ndarray:
        """Distinct ads with rows in each group."""
        live = (self.group >= 0) & (self.sums.rows > 0)
        if self.one_per_ad:
            return np.bincount(self.group[live], minlength=self.n_groups)
        pairs = np.unique(self.group[live] * (int(self.ad.max(initial=0)) + 1) + self.ad[live])
        return np.bincount(pairs // (int(self.ad.max(initial=0)) + 1), minlength=self.n_groups)


def build_scope(catalog: Catalog, data: WorkspaceData, units: BreakdownUnits | None, where: list[Filter],
                by: str | None) -> Scope:
    """Resolve names and values (InputError with the closest ones when something matches nothing)."""
    specs = [(catalog.resolve(f.field, "where"), f) for f in where]
    by_spec = catalog.resolve(by, "by") if by else None
    needed = {s.name for s, _ in specs if s.breakdown} | ({by_spec.name} if by_spec and by_spec.breakdown else set())
    breakdown = _choose_breakdown(needed, units) if needed and units is not None else None
    ad_mask = np.ones(len(data.ads), dtype=bool)
    applied: list[AppliedFilter] = []
    audience: list[tuple[FieldSpec, set[str], bool]] = []
    by_field: dict[str, list[tuple[np.ndarray, list[str], bool]]] = {}
    for spec, flt in specs:
        if breakdown is not None and spec.name in breakdown:
            keys, labels = _audience_values(spec, catalog, units, breakdown)
            chosen = match_values(spec.label, flt.value, keys, labels)
            audience.append((spec, {keys[i] for i in chosen}, flt.negate))
            applied.append(AppliedFilter(field=spec.name, kind=spec.kind, negate=flt.negate,
                                         values=[labels[i] for i in sorted(chosen)]))
            continue
        mask, labels = catalog.ad_mask(spec, flt.value)
        by_field.setdefault(spec.name, []).append((mask, labels, flt.negate))
        applied.append(AppliedFilter(field=spec.name, kind=spec.kind, negate=flt.negate, values=labels))
    for conditions in by_field.values():  # one field named twice: either value; negations: none of them
        include = [m for m, _, neg in conditions if not neg]
        exclude = [m for m, _, neg in conditions if neg]
        if include:
            ad_mask &= np.logical_or.reduce(include)
        for mask in exclude:
            ad_mask &= ~mask
    return Scope(ad_mask=ad_mask, audience=audience, by=by_spec, breakdown=breakdown, applied=applied)


def _choose_breakdown(needed: set[str], units: BreakdownUnits) -> tuple[str, ...]:
    """The smallest breakdown (set of dimensions) that carries every dimension the question names."""
    available = sorted(set(units.breakdown), key=lambda b: (len(b), b))
    for dims in available:
        if needed <= set(dims):
            return dims
    have = "; ".join(" × ".join(b) for b in available)
    raise InputError(
        f"The breakdown rows of this workspace are by {have}; none carries {' and '.join(sorted(needed))} together, "
        "so that combination cannot be computed without guessing. Ask about one dimension at a time, or import an "
        "export broken down by all of them.", field="where")


def _audience_values(spec: FieldSpec, catalog: Catalog, units: BreakdownUnits | None,
                     breakdown: tuple[str, ...]) -> tuple[list[str], list[str]]:
    labels: dict[str, str] = {}
    if units is not None:
        position = breakdown.index(spec.name)
        for dims, values in zip(units.breakdown, units.values, strict=True):
            if dims == breakdown:
                labels.setdefault(value_key(values[position]), values[position])
    for audience in catalog.ads.audience:
        if (v := audience.get(spec.name)) is not None:
            labels.setdefault(value_key(v), v)
    labels.setdefault(value_key(NOT_BROKEN_DOWN), NOT_BROKEN_DOWN)
    return list(labels), list(labels.values())


def is_video(data: WorkspaceData, plays: np.ndarray) -> np.ndarray:
    """Video creatives by kind; a creative of unknown kind counts as video when it recorded 3-second plays."""
    return data.ads.video_kind | (data.ads.unknown_kind & (np.nan_to_num(plays) > 0))


def measure(scope: Scope, catalog: Catalog, data: WorkspaceData, daily: FactFrame,
            breakdowns: tuple[FactFrame, BreakdownUnits] | None, first: int, last: int,
            fields: tuple[str, ...]) -> Parts:
    """The scope's parts over epoch days [first, last], grouped by `scope.by` (one group when None)."""
    names = tuple(dict.fromkeys((*fields, "spend", "impressions", "video_plays_3s")))
    ad_sums = daily.range_sums(first, last, names)
    static = ~is_video(data, ad_sums.field("video_plays_3s"))
    ad_sums.clear(static, VIDEO_FIELDS)
    if scope.breakdown is None or breakdowns is None:
        return _by_ad(scope, catalog, ad_sums)
    return _by_cell(scope, catalog, data, ad_sums, breakdowns, first, last, names, static)


def _by_ad(scope: Scope, catalog: Catalog, sums: RangeSums) -> Parts:
    n = len(scope.ad_mask)
    ad = np.arange(n, dtype=np.int64)
    if scope.by is None:
        return Parts(ad, np.where(scope.ad_mask, 0, -1), [""], ["all"], sums)
    groups = catalog.ad_groups(scope.by)
    codes = groups.codes.copy()
    keys, labels = list(groups.keys), list(groups.labels)
    if (codes < 0).any():
        codes[codes < 0] = len(keys)
        keys.append(value_key(NOT_SET))
        labels.append(NOT_SET)
    return Parts(ad, np.where(scope.ad_mask, codes, -1), keys, labels, sums)


def _by_cell(scope: Scope, catalog: Catalog, data: WorkspaceData, ad_sums: RangeSums,
             breakdowns: tuple[FactFrame, BreakdownUnits], first: int, last: int, names: tuple[str, ...],
             static: np.ndarray) -> Parts:
    frame, units = breakdowns
    assert scope.breakdown is not None
    chosen = np.flatnonzero(np.array([b == scope.breakdown for b in units.breakdown], dtype=bool))
    cell_sums = _take(frame.range_sums(first, last, names), chosen)
    cell_ad = units.ad[chosen]
    cell_sums.clear(static[cell_ad], VIDEO_FIELDS)
    covered = cell_sums.grouped(cell_ad, len(data.ads))
    rest_values = {k: np.maximum(ad_sums.values[k] - covered.values[k], 0.0) for k in ad_sums.values}
    significant = (ad_sums.rows > 0) & ((rest_values["spend"] > 1e-6) | (rest_values["impressions"] >= 0.5))
    rest = RangeSums(np.where(significant, ad_sums.rows, 0),
                     {k: np.where(significant, v, 0.0) for k, v in rest_values.items()},
                     {k: p & significant for k, p in ad_sums.present.items()})
    rest_ads = np.flatnonzero(significant)
    parts_ad = np.concatenate([cell_ad, rest_ads])
    sums = _concat(cell_sums, _take(rest, rest_ads))
    dims = scope.breakdown
    part_values: list[dict[str, str]] = [dict(zip(dims, units.values[u], strict=True)) for u in chosen]
    for ad in rest_ads:
        targeting = data.ads.audience[ad]
        part_values.append({d: targeting.get(d, NOT_BROKEN_DOWN) for d in dims})
    keep = scope.ad_mask[parts_ad].copy()
    for spec, keys, negate in scope.audience:
        hit = np.array([value_key(v[spec.name]) in keys for v in part_values], dtype=bool)
        keep &= ~hit if negate else hit
    if scope.by is None:
        return Parts(parts_ad, np.where(keep, 0, -1), [""], ["all"], sums, one_per_ad=False)
    if scope.by.name in dims:
        raw = [v[scope.by.name] for v in part_values]
        index: dict[str, int] = {}
        labels: list[str] = []
        codes = np.empty(len(raw), dtype=np.int64)
        for i, value in enumerate(raw):
            key = value_key(value)
            if key not in index:
                index[key] = len(labels)
                labels.append(value)
            codes[i] = index[key]
        return Parts(parts_ad, np.where(keep, codes, -1), list(index), labels, sums, one_per_ad=False)
    groups = catalog.ad_groups(scope.by)
    codes = groups.codes[parts_ad].copy()
    keys, labels = list(groups.keys), list(groups.labels)
    if (codes < 0).any():
        codes[codes < 0] = len(keys)
        keys.append(value_key(NOT_SET))
        labels.append(NOT_SET)
    return Parts(parts_ad, np.where(keep, codes, -1), keys, labels, sums, one_per_ad=False)


def _take(sums: RangeSums, index: np.ndarray) -> RangeSums:
    return RangeSums(sums.rows[index], {k: v[index] for k, v in sums.values.items()},
                     {k: p[index] for k, p in sums.present.items()})


def _concat(a: RangeSums, b: RangeSums) -> RangeSums:
    return RangeSums(np.concatenate([a.rows, b.rows]),
                     {k: np.concatenate([a.values[k], b.values[k]]) for k in a.values},
                     {k: np.concatenate([a.present[k], b.present[k]]) for k in a.present})

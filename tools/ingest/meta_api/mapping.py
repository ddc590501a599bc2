"""Insights rows (Graph API dicts) → the columnar `ParsedExport` that ingest's writers store.

Why columnar and per field: 300k rows × 20 fields as per-row objects would cost more than the download; one list
comprehension per field and one pass over the `actions` arrays keeps decoding at C speed where it can.
Meta has no "3-second plays" field: it is `actions[video_view]`; ThruPlays come from
`video_thruplay_watched_actions`; purchases and their value from `actions`/`action_values` (the first of
`omni_purchase`, `purchase`, `offsite_conversion.fb_pixel_purchase` present, so one purchase is never counted
twice); leads (`lead`, else `onsite_conversion.lead_grouped`, else the pixel lead) are stored as conversions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tools.core.errors import InputError
from tools.ingest.platforms.parse import AdRecord, BreakdownRows, ParsedExport

# Names and the ad → ad set → campaign tree come once per ad from `/act_…/ads` (not 300k times from insights):
# the insights rows carry only what changes per day, which keeps pages small and quick to decode.
INSIGHT_FIELDS = (
    "ad_id", "date_start", "spend", "impressions", "reach", "clicks", "inline_link_clicks", "actions",
    "action_values", "video_thruplay_watched_actions", "video_p25_watched_actions", "video_p50_watched_actions",
    "video_p75_watched_actions", "video_p100_watched_actions",
)
BREAKDOWN_FIELDS = tuple(f for f in INSIGHT_FIELDS if not f.startswith("video_p"))
PURCHASE_TYPES = ("omni_purchase", "purchase", "offsite_conversion.fb_pixel_purchase")
LEAD_TYPES = ("lead", "onsite_conversion.lead_grouped", "offsite_conversion.fb_pixel_lead")
_VIDEO_LISTS = {"thruplays": "video_thruplay_watched_actions", "video_p25": "video_p25_watched_actions",
                "video_p50": "video_p50_watched_actions", "video_p75": "video_p75_watched_actions",
                "video_p100": "video_p100_watched_actions"}
# What the user asks for → the Graph API `breakdowns` parameter and the stored dimension names.
BREAKDOWNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "age": (("age",), ("age",)),
    "gender": (("gender",), ("gender",)),
    "age,gender": (("age", "gender"), ("age", "gender")),
    "placement": (("publisher_platform", "platform_position"), ("placement",)),
    "country": (("country",), ("country",)),
}


@dataclass
class CreativeInfo:
    """What `/act_…/ads` says about an ad's creative (copy and media URLs)."""

    creative_id: str | None
    headline: str | None = None
    body: str | None = None
    cta: str | None = None
    image_url: str | None = None
    video_id: str | None = None
    thumbnail_url: str | None = None


def plan_breakdowns(asked: Sequence[str]) -> list[str]:
    """`age,gender,placement,country` → the reports to pull: age and gender together, the others alone."""
    wanted = [b.strip().lower() for b in asked if b.strip()]
    unknown = [b for b in wanted if b not in ("age", "gender", "placement", "country")]
    if unknown:
        raise InputError(f"unknown breakdown {unknown[0]!r}; expected some of age, gender, placement, country "
                         "(comma-separated).", field="breakdowns")
    reports: list[str] = []
    if "age" in wanted and "gender" in wanted:
        reports.append("age,gender")
    else:
        reports += [b for b in ("age", "gender") if b in wanted]
    reports += [b for b in ("placement", "country") if b in wanted]
    return reports


def _numbers(rows: list[dict[str, Any]], name: str) -> np.ndarray:
    """One numeric field of every row (Meta sends numbers as strings); absent → 0."""
    try:
        return np.asarray([r.get(name) or 0 for r in rows], dtype=np.float64)
    except (TypeError, ValueError):
        for index, r in enumerate(rows):
            try:
                float(r.get(name) or 0)
            except (TypeError, ValueError):
                raise InputError(f"Meta insights row {index + 1} (ad {r.get('ad_id')!r}, {r.get('date_start')}): "
                                 f"field '{name}' is {r.get(name)!r}; expected a number.", field=name) from None
        raise


# action types read from `actions`, each into its own slot (several kinds of one concept: the first present wins)
_ACTION_SLOTS = {"video_view": 0, "link_click": 1, **{k: 2 + i for i, k in enumerate(PURCHASE_TYPES)},
                 **{k: 2 + len(PURCHASE_TYPES) + i for i, k in enumerate(LEAD_TYPES)}}
_VALUE_SLOTS = {k: i for i, k in enumerate(PURCHASE_TYPES)}


def _slots(rows: list[dict[str, Any]], name: str, slots: dict[str, int]) -> np.ndarray:
    """(slots × rows) matrix of the values of `name`'s action types; NaN where a row lacks the type.

    One pass over each row's array with a dict lookup per action (no per-row dict building): this is the hot loop
    of a sync, ~6 actions per row."""
    n = len(rows)
    columns: list[list[Any]] = [[None] * n for _ in range(len(set(slots.values())))]
    for i, r in enumerate(rows):
        actions = r.get(name)
        if actions:
            for action in actions:
                slot = slots.get(action["action_type"])
                if slot is not None:
                    columns[slot][i] = action["value"]
    try:
        return np.asarray(columns, dtype=np.float64)  # None → NaN, numeric strings → float
    except (TypeError, ValueError):
        raise InputError(f"Meta insights: an entry of '{name}' has a value that is not a number; expected "
                         "{'action_type': ..., 'value': '12'} entries.", field=name) from None


def _first_present(matrix: np.ndarray) -> np.ndarray:
    """Per row, the first slot that is present (not NaN); 0 where none is."""
    out = np.full(matrix.shape[1], np.nan)
    for row in matrix:
        out = np.where(np.isnan(out), row, out)
    return np.nan_to_num(out, nan=0.0)


def _video_list(rows: list[dict[str, Any]], name: str) -> np.ndarray:
    """`video_*_watched_actions`: one `video_view` entry per row as Meta sends it (several are summed)."""
    values = [(e[0]["value"] if len(e) == 1 else sum(float(x["value"]) for x in e)) if (e := r.get(name)) else 0
              for r in rows]
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"Meta insights: an entry of '{name}' is not a number.", field=name) from None


def measures_of(rows: list[dict[str, Any]], *, video_detail: bool = True) -> dict[str, np.ndarray]:
    """Every KPI input of the rows, in ingest's canonical measure names."""
    measures = {"spend": _numbers(rows, "spend"), "impressions": _numbers(rows, "impressions"),
                "reach": _numbers(rows, "reach"), "clicks_all": _numbers(rows, "clicks")}
    actions = _slots(rows, "actions", _ACTION_SLOTS)
    lead_at = 2 + len(PURCHASE_TYPES)
    if any("inline_link_clicks" in r for r in rows[:50]) or not rows:
        measures["link_clicks"] = _numbers(rows, "inline_link_clicks")
    else:
        measures["link_clicks"] = np.nan_to_num(actions[1], nan=0.0)
    measures["video_plays_3s"] = np.nan_to_num(actions[0], nan=0.0)
    measures["purchases"] = _first_present(actions[2:lead_at])
    measures["conversions"] = _first_present(actions[lead_at:])
    measures["purchase_value"] = _first_present(_slots(rows, "action_values", _VALUE_SLOTS))
    for name, field_name in _VIDEO_LISTS.items():
        if video_detail or name == "thruplays":
            measures[name] = _video_list(rows, field_name)
    return measures


def to_days(rows: list[dict[str, Any]]) -> np.ndarray:
    try:
        return np.asarray([r["date_start"] for r in rows], dtype="datetime64[D]").astype(np.int64)
    except (KeyError, ValueError) as exc:
        raise InputError(f"Meta insights rows lack a valid 'date_start' ({exc}); expected YYYY-MM-DD per row "
                         "(time_increment=1).", field="date_start") from None


_NAMED = ("ad_name", "campaign_id", "campaign_name", "adset_id", "adset_name")


@dataclass
class PageColumns:
    """One page of insights rows as columns (built in the page's worker thread while other pages download)."""

    ad_ids: Any  # pyarrow string array (kept in Arrow: 300k ids never become Python strings)
    day: np.ndarray
    measures: dict[str, np.ndarray]
    named: dict[str, dict[str, Any]]  # per ad, its last row on the page (names, campaign, ad set)
    cells: list[tuple[str, ...]] | None = None  # breakdown values per row, in the report's dimension order

    def __len__(self) -> int:
        return len(self.ad_ids)


def page_columns(rows: list[dict[str, Any]], report: str | None = None) -> PageColumns:
    missing = next((i for i, r in enumerate(rows) if not r.get("ad_id")), None)
    if missing is not None:
        raise InputError(f"Meta insights row {missing + 1} has no ad_id; expected level=ad rows.", field="ad_id")
    ad_list = [str(r["ad_id"]) for r in rows]
    cells = None
    if report is not None:
        api_fields, dims = BREAKDOWNS[report]
        if dims == ("placement",):
            cells = [("/".join(str(r.get(f) or "unknown") for f in api_fields),) for r in rows]
        else:
            cells = [tuple(str(r.get(f) or "unknown") for f in api_fields) for r in rows]
    import pyarrow as pa

    return PageColumns(ad_ids=pa.array(ad_list, type=pa.string()), day=to_days(rows),
                       measures=measures_of(rows, video_detail=report is None),
                       named={} if report is not None or not any("ad_name" in r for r in rows[:1]) else {
                           a: {f: r.get(f) for f in _NAMED} for a, r in zip(ad_list, rows, strict=True)},
                       cells=cells)


def _concat(pages: list[PageColumns]) -> tuple[np.ndarray, list[str], np.ndarray, dict[str, np.ndarray]]:
    """All pages' rows: per row the index of its ad in `ads` (first-seen order), the ads, days and measures."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = pa.chunked_array([p.ad_ids for p in pages], type=pa.string()).combine_chunks() if pages else pa.array(
        [], type=pa.string())
    encoded = pc.dictionary_encode(ids)  # dictionary in order of first appearance
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    day = np.concatenate([p.day for p in pages]) if pages else np.zeros(0, dtype=np.int64)
    names = list(pages[0].measures) if pages else list(measures_of([]))
    measures = {m: (np.concatenate([p.measures[m] for p in pages]) if pages else np.zeros(0)) for m in names}
    return codes, encoded.dictionary.to_pylist(), day, measures


def ads_in(pages: list[PageColumns]) -> set[str]:
    """The distinct ad ids of the pages."""
    return set(_concat(pages)[1]) if pages else set()


def parse_insights(pages: list[PageColumns], *, account: str, account_name: str | None, currency: str | None,
                   creatives: dict[str, CreativeInfo], ad_names: dict[str, dict[str, Any]] | None = None,
                   ) -> ParsedExport:
    """Daily ad rows (no breakdown) → a ParsedExport, ads in first-seen order, rows sorted by (ad, day)."""
    ad_index, ad_keys, day, measures = _concat(pages)
    index = dict.fromkeys(ad_keys)
    named: dict[str, dict[str, Any]] = dict(ad_names or {})  # from /ads (current names)
    for page in pages:  # rows that carry names: in date order, the latest page names each ad
        named.update(page.named)
    plays = np.bincount(ad_index, weights=measures["video_plays_3s"], minlength=len(index))
    ads: list[AdRecord] = []
    for ad_id, played in zip(index, plays.tolist(), strict=True):
        r = named.get(ad_id) or {}
        info = creatives.get(ad_id)
        kind = "video" if played > 0 or (info and info.video_id) else (
            "image" if info and info.image_url else "unknown")
        ads.append(AdRecord(
            account_key=account, account_name=account_name, key=ad_id, name=r.get("ad_name"),
            campaign_key=r.get("campaign_id") or None, campaign_name=r.get("campaign_name"),
            adset_key=r.get("adset_id") or None, adset_name=r.get("adset_name"),
            creative_id=None, headline=info.headline if info else None,
            body=info.body if info else None, cta=info.cta if info else None, kind=kind, currency=currency,
        ))
    low, span = (int(day.min()), int(day.max()) - int(day.min()) + 1) if len(day) else (0, 1)
    key = ad_index * span + (day - low)
    order = None
    if len(key) > 1 and not bool((key[1:] > key[:-1]).all()):
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        repeats = np.flatnonzero(ordered[1:] == ordered[:-1])
        if repeats.size:
            at = int(order[repeats[0]])
            twice = ad_keys[int(ad_index[at])]
            raise InputError(f"Meta returned ad {twice!r} twice for {np.datetime64(int(day[at]), 'D')}; "
                             "expected one row per ad and day (no breakdowns in the totals report).",
                             field="date_start")
        ad_index, day = ad_index[order], day[order]
        measures = {k: v[order] for k, v in measures.items()}
    delivered = np.zeros(len(day), dtype=bool)
    for values in measures.values():
        delivered |= values != 0
    return ParsedExport(
        path=Path(f"meta-api/{account}"), source="meta", ads=ads, ad_index=ad_index[delivered], day=day[delivered],
        measures={k: v[delivered] for k, v in measures.items()}, skipped_ad_index=ad_index[~delivered],
        skipped_day=day[~delivered], rows_in_file=len(day), currency=currency,
    )


def parse_breakdown(pages: list[PageColumns], report: str, ad_positions: dict[str, int]) -> BreakdownRows:
    """One breakdown report's pages → BreakdownRows keyed to the totals' ads (`ad_positions`: ad id → index)."""
    _, dims = BREAKDOWNS[report]
    codes, ad_keys, day, measures = _concat(pages)
    try:
        ad_index = np.asarray([ad_positions[a] for a in ad_keys], dtype=np.int64)[codes]
    except KeyError as exc:
        raise InputError(f"Meta's {report} breakdown names ad {exc.args[0]!r}, which the daily report did not; run "
                         "the sync again (the account changed meanwhile).", field="breakdowns") from None
    values = [cell for p in pages for cell in (p.cells or [])]
    return BreakdownRows(dimensions=dims, ad_index=ad_index, day=day, values=values, measures=measures)


# --- decoding a page --------------------------------------------------------------------------------------------------

def decode_page(body: bytes, report: str | None = None) -> tuple[PageColumns, str | None]:
    """A Graph API insights page (bytes) → its columns and the `paging.next` URL.

    Why Arrow first: `pyarrow.json` parses the page in C++ without building a Python object per value (about 3×
    faster than orjson here, and it releases the GIL, so pages decode in parallel with their downloads); the `actions`
    arrays are then read with vectorized list kernels. A page Arrow cannot type consistently (a number sent as a
    number on one row and as a string on another) falls back to orjson and the per-row path, which names the bad row.
    """
    try:
        return _decode_arrow(body, report)
    except (ImportError, ValueError, TypeError, KeyError, IndexError, _ArrowFallback):
        pass
    import orjson

    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"Meta sent a page that is not JSON ({exc}).", field="insights") from None
    next_url = ((parsed.get("paging") or {}).get("next")) if isinstance(parsed, dict) else None
    return page_columns(parsed.get("data") or [], report), next_url


class _ArrowFallback(Exception):
    """This page needs the per-row path."""


def _decode_arrow(body: bytes, report: str | None) -> tuple[PageColumns, str | None]:
    import io

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj

    try:
        table = pj.read_json(io.BytesIO(body), read_options=pj.ReadOptions(block_size=len(body) + 64,
                                                                             use_threads=False))
    except pa.ArrowInvalid as exc:
        raise _ArrowFallback(str(exc)) from None
    if table.num_rows != 1 or "data" not in table.column_names:
        raise _ArrowFallback("unexpected page shape")
    next_url = None
    if "paging" in table.column_names:
        paging = table.column("paging").to_pylist()[0] or {}
        next_url = paging.get("next")
    data = table.column("data").combine_chunks()
    if pa.types.is_null(data.type):
        return page_columns([], report), next_url
    rows = pc.list_flatten(data)
    if not pa.types.is_struct(rows.type):
        raise _ArrowFallback("rows are not objects")
    names = {rows.type.field(i).name for i in range(rows.type.num_fields)}
    n = len(rows)

    def column(name: str) -> pa.Array | None:
        return rows.field(name) if name in names else None

    def numbers(name: str) -> np.ndarray:
        values = column(name)
        if values is None or pa.types.is_null(values.type):
            return np.zeros(n)
        try:
            return pc.cast(values, pa.float64()).fill_null(0).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise _ArrowFallback(name) from None

    def entries(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        values = column(name)
        if values is None or pa.types.is_null(values.type):
            return None
        flat = pc.list_flatten(values)
        if len(flat) == 0:
            return None
        parent = pc.list_parent_indices(values).to_numpy(zero_copy_only=False)
        try:
            amounts = pc.cast(flat.field("value"), pa.float64()).fill_null(0).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError):
            raise _ArrowFallback(name) from None
        kinds = flat.field("action_type")
        return parent, kinds, amounts

    def first_present(found: tuple[np.ndarray, Any, np.ndarray] | None, kinds: Sequence[str]) -> np.ndarray:
        out = np.full(n, np.nan)
        if found is not None:
            parent, types, amounts = found
            for kind in reversed(kinds):  # earlier kinds overwrite later ones: the first present wins
                mask = pc.equal(types, kind).fill_null(False).to_numpy(zero_copy_only=False)
                out[parent[mask]] = amounts[mask]
        return np.nan_to_num(out, nan=0.0)

    def summed(name: str) -> np.ndarray:
        found = entries(name)
        if found is None:
            return np.zeros(n)
        return np.bincount(found[0], weights=found[2], minlength=n).astype(np.float64)

    measures = {"spend": numbers("spend"), "impressions": numbers("impressions"), "reach": numbers("reach"),
                "clicks_all": numbers("clicks")}
    actions = entries("actions")
    if "inline_link_clicks" in names or n == 0:
        measures["link_clicks"] = numbers("inline_link_clicks")
    else:
        measures["link_clicks"] = first_present(actions, ("link_click",))
    measures["video_plays_3s"] = first_present(actions, ("video_view",))
    measures["purchases"] = first_present(actions, PURCHASE_TYPES)
    measures["conversions"] = first_present(actions, LEAD_TYPES)
    measures["purchase_value"] = first_present(entries("action_values"), PURCHASE_TYPES)
    for name, field_name in _VIDEO_LISTS.items():
        if report is None or name == "thruplays":
            measures[name] = summed(field_name)

    ad_column = column("ad_id")
    if ad_column is None or ad_column.null_count:
        raise _ArrowFallback("ad_id")
    ad_ids = ad_column if pa.types.is_string(ad_column.type) else pc.cast(ad_column, pa.string())
    start = column("date_start")
    if start is None or start.null_count:
        raise _ArrowFallback("date_start")
    try:
        day = pc.cast(pc.cast(start, pa.date32()), pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise _ArrowFallback("date_start") from None
    named: dict[str, dict[str, Any]] = {}
    cells = None
    if report is None and "ad_name" in names:
        last = {a: i for i, a in enumerate(ad_ids.to_pylist())}
        picks = pa.array(list(last.values()), type=pa.int64())
        described = {f: (column(f).take(picks).to_pylist() if column(f) is not None else [None] * len(last))
                     for f in _NAMED}
        for position, ad in enumerate(last):
            named[ad] = {f: described[f][position] for f in described}
    elif report is not None:
        api_fields, dims = BREAKDOWNS[report]
        parts = [[str(v) if v is not None else "unknown" for v in (column(f).to_pylist() if column(f) is not None
                                                                    else [None] * n)] for f in api_fields]
        cells = [("/".join(t),) for t in zip(*parts, strict=True)] if dims == ("placement",) else list(
            zip(*parts, strict=True))
    return PageColumns(ad_ids=ad_ids, day=day, measures=measures, named=named, cells=cells), next_url

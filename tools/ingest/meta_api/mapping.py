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

INSIGHT_FIELDS = (
    "account_id", "account_name", "account_currency", "campaign_id", "campaign_name", "adset_id", "adset_name",
    "ad_id", "ad_name", "date_start", "date_stop", "spend", "impressions", "reach", "clicks", "inline_link_clicks",
    "actions", "action_values", "video_thruplay_watched_actions", "video_p25_watched_actions",
    "video_p50_watched_actions", "video_p75_watched_actions", "video_p100_watched_actions",
)
BREAKDOWN_FIELDS = tuple(f for f in INSIGHT_FIELDS if f not in ("account_name", "campaign_name", "adset_name",
                                                                 "ad_name", "video_p25_watched_actions",
                                                                 "video_p50_watched_actions",
                                                                 "video_p75_watched_actions",
                                                                 "video_p100_watched_actions"))
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
    except ValueError:
        for index, r in enumerate(rows):
            try:
                float(r.get(name) or 0)
            except (TypeError, ValueError):
                raise InputError(f"Meta insights row {index + 1} (ad {r.get('ad_id')!r}, {r.get('date_start')}): "
                                 f"field '{name}' is {r.get(name)!r}; expected a number.", field=name) from None
        raise


def _action_columns(rows: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """video_view, link_click, purchases, purchase value and leads from the `actions` / `action_values` arrays."""
    n = len(rows)
    plays = np.zeros(n)
    link = np.zeros(n)
    purchases = np.zeros(n)
    value = np.zeros(n)
    leads = np.zeros(n)
    link_seen = False
    for i, r in enumerate(rows):
        actions = r.get("actions")
        if actions:
            found: dict[str, str] = {a["action_type"]: a["value"] for a in actions}
            v = found.get("video_view")
            if v:
                plays[i] = float(v)
            v = found.get("link_click")
            if v:
                link[i] = float(v)
                link_seen = True
            for kind in PURCHASE_TYPES:
                v = found.get(kind)
                if v:
                    purchases[i] = float(v)
                    break
            for kind in LEAD_TYPES:
                v = found.get(kind)
                if v:
                    leads[i] = float(v)
                    break
        values = r.get("action_values")
        if values:
            found = {a["action_type"]: a["value"] for a in values}
            for kind in PURCHASE_TYPES:
                v = found.get(kind)
                if v:
                    value[i] = float(v)
                    break
    out = {"video_plays_3s": plays, "purchases": purchases, "purchase_value": value, "conversions": leads}
    if link_seen:
        out["link_clicks_from_actions"] = link
    return out


def _video_list(rows: list[dict[str, Any]], name: str) -> np.ndarray:
    out = np.zeros(len(rows))
    for i, r in enumerate(rows):
        entries = r.get(name)
        if entries:
            out[i] = sum(float(e.get("value") or 0) for e in entries)
    return out


def measures_of(rows: list[dict[str, Any]], *, video_detail: bool = True) -> dict[str, np.ndarray]:
    """Every KPI input of the rows, in ingest's canonical measure names."""
    measures = {"spend": _numbers(rows, "spend"), "impressions": _numbers(rows, "impressions"),
                "reach": _numbers(rows, "reach"), "clicks_all": _numbers(rows, "clicks")}
    actions = _action_columns(rows)
    from_actions = actions.pop("link_clicks_from_actions", None)
    inline = [r.get("inline_link_clicks") for r in rows]
    if any(v is not None for v in inline):
        measures["link_clicks"] = np.asarray([v or 0 for v in inline], dtype=np.float64)
    elif from_actions is not None:
        measures["link_clicks"] = from_actions
    else:
        measures["link_clicks"] = np.zeros(len(rows))
    measures.update(actions)
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


def parse_insights(rows: list[dict[str, Any]], *, account: str, account_name: str | None, currency: str | None,
                   creatives: dict[str, CreativeInfo]) -> ParsedExport:
    """Daily ad rows (no breakdown) → a ParsedExport, ads in first-seen order, rows sorted by (ad, day)."""
    index: dict[str, int] = {}
    ad_index = np.asarray([index.setdefault(str(r.get("ad_id")), len(index)) for r in rows], dtype=np.int64)
    if any(not r.get("ad_id") for r in rows):
        bad = next(i for i, r in enumerate(rows) if not r.get("ad_id"))
        raise InputError(f"Meta insights row {bad + 1} has no ad_id; expected level=ad rows.", field="ad_id")
    day = to_days(rows)
    measures = measures_of(rows)
    last = np.full(len(index), -1, dtype=np.int64)
    last[ad_index] = np.arange(len(rows))  # the last row per ad names it (names change; the latest wins)
    plays = np.bincount(ad_index, weights=measures["video_plays_3s"], minlength=len(index))
    ads: list[AdRecord] = []
    for (ad_id, _), row_at, played in zip(index.items(), last.tolist(), plays.tolist(), strict=True):
        r = rows[row_at]
        info = creatives.get(ad_id)
        kind = "video" if played > 0 or (info and info.video_id) else (
            "image" if info and info.image_url else "unknown")
        ads.append(AdRecord(
            account_key=account, account_name=account_name, key=ad_id, name=r.get("ad_name"),
            campaign_key=r.get("campaign_id") or None, campaign_name=r.get("campaign_name"),
            adset_key=r.get("adset_id") or None, adset_name=r.get("adset_name"),
            creative_id=info.creative_id if info else None, headline=info.headline if info else None,
            body=info.body if info else None, cta=info.cta if info else None, kind=kind, currency=currency,
        ))
    low, span = (int(day.min()), int(day.max()) - int(day.min()) + 1) if len(day) else (0, 1)
    key = ad_index * span + (day - low)
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    repeats = np.flatnonzero(ordered[1:] == ordered[:-1])
    if repeats.size:
        r = rows[int(order[repeats[0]])]
        raise InputError(f"Meta returned ad {r.get('ad_id')!r} twice for {r.get('date_start')}; expected one row per "
                         "ad and day (no breakdowns in the totals report).", field="date_start")
    ad_index, day = ad_index[order], day[order]
    measures = {k: v[order] for k, v in measures.items()}
    delivered = np.zeros(len(day), dtype=bool)
    for values in measures.values():
        delivered |= values != 0
    return ParsedExport(
        path=Path(f"meta-api/{account}"), source="meta", ads=ads, ad_index=ad_index[delivered], day=day[delivered],
        measures={k: v[delivered] for k, v in measures.items()}, skipped_ad_index=ad_index[~delivered],
        skipped_day=day[~delivered], rows_in_file=len(rows), currency=currency,
    )


def parse_breakdown(rows: list[dict[str, Any]], report: str, ad_positions: dict[str, int]) -> BreakdownRows:
    """One breakdown report's rows → BreakdownRows keyed to the totals' ads (`ad_positions`: ad id → index)."""
    api_fields, dims = BREAKDOWNS[report]
    missing = next((r for r in rows if str(r.get("ad_id")) not in ad_positions), None)
    if missing is not None:
        raise InputError(f"Meta's {report} breakdown names ad {missing.get('ad_id')!r} on {missing.get('date_start')}, "
                         "which the daily report did not; run the sync again (the account changed meanwhile).",
                         field="breakdowns")
    ad_index = np.asarray([ad_positions[str(r["ad_id"])] for r in rows], dtype=np.int64)
    day = to_days(rows)
    if dims == ("placement",):
        values = [("/".join(str(r.get(f) or "unknown") for f in api_fields),) for r in rows]
    else:
        values = [tuple(str(r.get(f) or "unknown") for f in api_fields) for r in rows]
    measures = measures_of(rows, video_detail=False)
    return BreakdownRows(dimensions=dims, ad_index=ad_index, day=day, values=values, measures=measures)

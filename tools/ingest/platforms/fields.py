"""The canonical fields an export is mapped onto (one name per concept, whatever the platform calls it).

Measure names equal the `performance_daily` column names, so the writer needs no second translation table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    DATE = "date"
    ID = "id"
    TEXT = "text"
    COUNT = "count"  # whole numbers (impressions, clicks, plays)
    AMOUNT = "amount"  # may be fractional (purchases attributed across days)
    MONEY = "money"  # in the account currency


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    label: str  # how messages and docs name it


_FIELDS = [
    Field("day", Kind.DATE, "day"),
    Field("reporting_start", Kind.DATE, "reporting start"),
    Field("reporting_end", Kind.DATE, "reporting end"),
    Field("account_id", Kind.ID, "account ID"),
    Field("account_name", Kind.TEXT, "account name"),
    Field("campaign_id", Kind.ID, "campaign ID"),
    Field("campaign_name", Kind.TEXT, "campaign name"),
    Field("adset_id", Kind.ID, "ad set ID"),
    Field("adset_name", Kind.TEXT, "ad set name"),
    Field("ad_id", Kind.ID, "ad ID"),
    Field("ad_name", Kind.TEXT, "ad name"),
    Field("creative_id", Kind.ID, "creative ID"),
    Field("headline", Kind.TEXT, "headline"),
    Field("body", Kind.TEXT, "body"),
    Field("cta", Kind.TEXT, "call to action"),
    Field("currency", Kind.TEXT, "currency"),
    Field("spend", Kind.MONEY, "spend"),
    Field("impressions", Kind.COUNT, "impressions"),
    Field("reach", Kind.COUNT, "reach"),
    Field("link_clicks", Kind.COUNT, "link clicks"),
    Field("clicks_all", Kind.COUNT, "clicks (all)"),
    Field("video_plays_3s", Kind.COUNT, "3-second video plays"),
    Field("thruplays", Kind.COUNT, "ThruPlays"),
    Field("video_p25", Kind.COUNT, "video plays at 25%"),
    Field("video_p50", Kind.COUNT, "video plays at 50%"),
    Field("video_p75", Kind.COUNT, "video plays at 75%"),
    Field("video_p100", Kind.COUNT, "video plays at 100%"),
    Field("purchases", Kind.AMOUNT, "purchases"),
    Field("purchase_value", Kind.MONEY, "purchase value"),
    Field("conversions", Kind.AMOUNT, "conversions"),
]

FIELDS: dict[str, Field] = {f.name: f for f in _FIELDS}
MEASURES: tuple[str, ...] = tuple(f.name for f in _FIELDS if f.kind in (Kind.COUNT, Kind.AMOUNT, Kind.MONEY))
COUNT_MEASURES: frozenset[str] = frozenset(f.name for f in _FIELDS if f.kind is Kind.COUNT)
MONEY_FIELDS: frozenset[str] = frozenset(f.name for f in _FIELDS if f.kind is Kind.MONEY)
VIDEO_MEASURES: tuple[str, ...] = (
    "video_plays_3s", "thruplays", "video_p25", "video_p50", "video_p75", "video_p100",
)
REQUIRED_MEASURES: tuple[str, ...] = ("impressions", "spend")
DATE_FIELDS: tuple[str, ...] = ("day", "reporting_start", "reporting_end")

"""TikTok Ads Manager exports.

TikTok's thumb-stop event is the 2-second view and its completed-view counterpart the 6-second (focused) view; they
are stored in `video_plays_3s` and `thruplays`, so hook rate and hold rate mean the platform's own events.
"""

from __future__ import annotations

from tools.ingest.platforms.aliases import COMMON_IGNORED, REPORTING_ALIASES
from tools.ingest.platforms.platforms import Platform, merge_aliases

TIKTOK_ALIASES: dict[str, tuple[str, ...]] = {
    "day": ("By Day", "Date", "Day", "Stat time day", "Stat date", "Time"),
    "account_id": ("Advertiser ID", "Account ID"),
    "account_name": ("Advertiser name", "Account name", "Advertiser"),
    "campaign_id": ("Campaign ID",),
    "campaign_name": ("Campaign name", "Campaign"),
    "adset_id": ("Ad group ID", "Adgroup ID"),
    "adset_name": ("Ad group name", "Adgroup name", "Ad group"),
    "ad_id": ("Ad ID",),
    "ad_name": ("Ad name", "Ad"),
    "creative_id": ("Creative ID", "Video ID"),
    "headline": ("Headline", "Title"),
    "body": ("Ad text", "Text", "Caption"),
    "cta": ("Call to action", "CTA"),
    "currency": ("Currency",),
    "spend": ("Cost", "Total cost", "Spend"),
    "impressions": ("Impressions", "Impression"),
    "reach": ("Reach",),
    "link_clicks": ("Clicks (destination)", "Destination clicks", "Clicks"),
    "clicks_all": ("Clicks (all)", "All clicks", "Clicks"),
    "video_plays_3s": ("2-second video views", "2-second views", "Video views at 2 seconds", "2s video views"),
    "thruplays": (
        "6-second video views", "6-second views", "6-second focused views", "Focused views (6s)", "6s video views",
    ),
    "video_p25": ("Video views at 25%",),
    "video_p50": ("Video views at 50%",),
    "video_p75": ("Video views at 75%",),
    "video_p100": ("Video views at 100%",),
    "purchases": ("Complete payment", "Complete payments", "Purchases", "Purchase"),
    "purchase_value": (
        "Total complete payment value", "Complete payment value", "Total purchase value", "Purchase value",
        "Total value of complete payment",
    ),
    "conversions": ("Conversions", "Results", "Conversion"),
}

TIKTOK = Platform(
    name="tiktok",
    title="TikTok Ads Manager",
    aliases=merge_aliases(TIKTOK_ALIASES, REPORTING_ALIASES),
    ignored=(*COMMON_IGNORED, "Video views", "Secondary goal", "Ad format", "Identity"),
    export_hint=(
        "In TikTok Ads Manager open Reporting (or the Ads tab), set the breakdown to By Day, include Ad name and "
        "Ad ID, then export."
    ),
)

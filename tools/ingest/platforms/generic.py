"""Generic performance CSVs (any tool's export, a spreadsheet, a public data set).

Common names are mapped automatically, after them the English Meta and TikTok names; everything else that is text
becomes a creative attribute. The layout of the public "Sales Conversion Optimization" data set (ad_id,
xyz_campaign_id, fb_campaign_id, Spent, Approved_Conversion, Total_Conversion) is covered by the aliases below: the
company's campaign is the campaign, Facebook's campaign id (one audience each) the ad set.
"""

from __future__ import annotations

from tools.ingest.platforms.aliases import COMMON_IGNORED, REPORTING_ALIASES
from tools.ingest.platforms.meta import META_ALIASES
from tools.ingest.platforms.platforms import Platform, merge_aliases
from tools.ingest.platforms.tiktok import TIKTOK_ALIASES

GENERIC_ALIASES: dict[str, tuple[str, ...]] = {
    "day": ("Date", "Day", "Reporting date", "Report date", "Stat date", "Datum", "Fecha", "Data", "Jour"),
    "account_id": ("Account ID", "Account_id", "Advertiser ID"),
    "account_name": ("Account name", "Account", "Advertiser"),
    "campaign_id": ("Campaign ID", "Campaign_id", "xyz_campaign_id"),
    "campaign_name": ("Campaign name", "Campaign"),
    "adset_id": ("Ad set ID", "Adset ID", "Ad group ID", "Adgroup ID", "fb_campaign_id"),
    "adset_name": ("Ad set name", "Adset name", "Ad set", "Adset", "Ad group name", "Ad group"),
    "ad_id": ("Ad ID", "Ad_id", "AdID"),
    "ad_name": ("Ad name", "Ad", "Ad title"),
    "creative_id": ("Creative ID", "Creative_id"),
    "headline": ("Headline", "Title"),
    "body": ("Body", "Primary text", "Ad text", "Text", "Copy"),
    "cta": ("CTA", "Call to action", "Call to action type"),
    "currency": ("Currency",),
    "spend": ("Spend", "Spent", "Cost", "Amount spent", "Ad spend", "Media cost"),
    "impressions": ("Impressions", "Impr", "Imps", "Impression"),
    "reach": ("Reach",),
    "link_clicks": ("Link clicks", "Clicks", "Outbound clicks", "Clicks (destination)"),
    "clicks_all": ("Clicks (all)", "All clicks", "Total clicks", "Clicks"),
    "video_plays_3s": ("3-second video plays", "3s video plays", "Video plays 3s", "Hook plays", "Thumbstops"),
    "thruplays": ("ThruPlays", "Thru plays", "Thruplay"),
    "video_p25": ("Video plays at 25%", "Video views at 25%", "Video p25", "P25"),
    "video_p50": ("Video plays at 50%", "Video views at 50%", "Video p50", "P50"),
    "video_p75": ("Video plays at 75%", "Video views at 75%", "Video p75", "P75"),
    "video_p100": ("Video plays at 100%", "Video views at 100%", "Video p100", "P100"),
    "purchases": (
        "Purchases", "Purchase", "Orders", "Approved conversion", "Approved conversions", "Approved_Conversion",
    ),
    "purchase_value": (
        "Revenue", "Value", "Conversion value", "Purchase value", "Purchases value", "Purchases conversion value",
        "Sales revenue", "Total revenue",
    ),
    "conversions": (
        "Conversions", "Conversion", "Total conversion", "Total conversions", "Total_Conversion", "Results", "Leads",
    ),
}

# Meta's English names (its localised ones are left to --source meta: 'Tag' or 'Data' mean other things here).
_META_ENGLISH = {name: aliases[:1] for name, aliases in META_ALIASES.items()} | {
    "day": ("Day",),
    "body": ("Body", "Primary text"),
    "purchases": ("Purchases", "Website purchases"),
    "purchase_value": ("Purchases conversion value", "Purchase conversion value", "Website purchases conversion value"),
    "conversions": ("Conversions", "Leads", "Website leads", "Results"),
}
# 'Time' is TikTok's day column but in other files it is usually a time of day.
_TIKTOK_ENGLISH = {name: tuple(a for a in aliases if a != "Time") for name, aliases in TIKTOK_ALIASES.items()}

GENERIC = Platform(
    name="generic",
    title="generic CSV",
    aliases=merge_aliases(GENERIC_ALIASES, _META_ENGLISH, _TIKTOK_ENGLISH, REPORTING_ALIASES),
    ignored=COMMON_IGNORED,
    export_hint="Export one row per ad and day with at least a date, an ad ID or name, impressions and spend.",
)

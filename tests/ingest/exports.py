"""Small export files written by the tests themselves: Meta (English and localised), TikTok, generic; CSV and XLSX."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

META_HEADERS = [
    "Reporting starts", "Reporting ends", "Campaign name", "Campaign ID", "Ad set name", "Ad set ID", "Ad name",
    "Ad ID", "Day", "Amount spent (USD)", "Impressions", "Reach", "Frequency", "Link clicks", "Clicks (all)",
    "CTR (link click-through rate)", "3-second video plays", "ThruPlays", "Video plays at 25%", "Video plays at 50%",
    "Video plays at 75%", "Video plays at 95%", "Video plays at 100%", "Purchases", "Purchases conversion value",
    "Results", "Result indicator", "Cost per result", "Headline", "Body", "Call to action type", "Hook type", "Format",
]

# Three ads: two videos in one ad set, one static image (video columns present but empty) in another.
ADS = [
    {"id": "120210000000000001", "name": "UGC testimonial v1", "adset": ("120200000000000010", "Prospecting DE"),
     "campaign": ("120200000000000001", "Spring sale"), "video": True, "hook": "testimonial", "format": "video",
     "headline": "Finally, sleep that sticks", "body": "Our customers say it best.\nTry it for 30 nights.",
     "cta": "SHOP_NOW"},
    {"id": "120210000000000002", "name": "Problem-solution v2", "adset": ("120200000000000010", "Prospecting DE"),
     "campaign": ("120200000000000001", "Spring sale"), "video": True, "hook": "problem", "format": "video",
     "headline": "Tired of tossing?", "body": "Fix your nights, not your mornings.", "cta": "LEARN_MORE"},
    {"id": "120210000000000003", "name": "Static offer", "adset": ("120200000000000011", "Retargeting"),
     "campaign": ("120200000000000001", "Spring sale"), "video": False, "hook": "offer", "format": "static",
     "headline": "20% off this week", "body": "Only until Sunday.", "cta": "SHOP_NOW"},
]
START = date(2024, 3, 4)


def meta_rows(days: int = 4, scale: float = 1.0) -> list[dict[str, Any]]:
    """Deterministic Meta-like rows; `scale` changes every count (to test re-imports with new numbers)."""
    rows = []
    for a, ad in enumerate(ADS):
        for d in range(days):
            day = (START + timedelta(days=d)).isoformat()
            impressions = int((1000 + 100 * a + 10 * d) * scale)
            plays = int(impressions * 0.3) if ad["video"] else None
            link = int(impressions * 0.02)
            purchases = (a + d) % 3
            rows.append({
                "Reporting starts": day, "Reporting ends": day, "Campaign name": ad["campaign"][1],
                "Campaign ID": ad["campaign"][0], "Ad set name": ad["adset"][1], "Ad set ID": ad["adset"][0],
                "Ad name": ad["name"], "Ad ID": ad["id"], "Day": day,
                "Amount spent (USD)": f"{impressions * 0.01:.2f}", "Impressions": impressions,
                "Reach": int(impressions * 0.8), "Frequency": "1.25", "Link clicks": link,
                "Clicks (all)": link + 5, "CTR (link click-through rate)": "2.0",
                "3-second video plays": plays if plays is not None else "",
                "ThruPlays": int(plays * 0.4) if plays is not None else "",
                "Video plays at 25%": int(plays * 0.6) if plays is not None else "",
                "Video plays at 50%": int(plays * 0.4) if plays is not None else "",
                "Video plays at 75%": int(plays * 0.3) if plays is not None else "",
                "Video plays at 95%": int(plays * 0.25) if plays is not None else "",
                "Video plays at 100%": int(plays * 0.2) if plays is not None else "",
                "Purchases": purchases if purchases else "", "Purchases conversion value": f"{purchases * 39.9:.2f}",
                "Results": purchases if purchases else "",
                "Result indicator": "actions:offsite_conversion.fb_pixel_purchase",
                "Cost per result": "", "Headline": ad["headline"], "Body": ad["body"],
                "Call to action type": ad["cta"], "Hook type": ad["hook"], "Format": ad["format"],
            })
    return rows


def expected_totals(rows: list[dict[str, Any]]) -> dict[str, float]:
    def total(column: str) -> float:
        return sum(float(r[column]) for r in rows if r.get(column) not in ("", None))

    return {
        "impressions": total("Impressions"), "spend": round(total("Amount spent (USD)"), 2),
        "link_clicks": total("Link clicks"), "video_plays_3s": total("3-second video plays"),
        "purchases": total("Purchases"), "purchase_value": round(total("Purchases conversion value"), 2),
    }


def write_csv(path: Path, headers: list[str], rows: list[dict[str, Any]], *, delimiter: str = ",",
              encoding: str = "utf-8", rename: dict[str, str] | None = None) -> Path:
    rename = rename or {}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([rename.get(h, h) for h in headers])
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, headers: list[str], rows: list[dict[str, Any]], *, typed: bool = True) -> Path:
    """An XLSX export with typed cells (numbers as numbers, days as dates) like Ads Manager writes."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Raw Data Report"
    sheet.append(headers)
    for row in rows:
        values = []
        for header in headers:
            value = row.get(header)
            if value == "":
                value = None
            if typed and isinstance(value, str):
                if header in ("Day", "Reporting starts", "Reporting ends"):
                    value = date.fromisoformat(value)
                elif header not in ("Ad ID", "Campaign ID", "Ad set ID"):
                    with contextlib.suppress(ValueError):
                        value = float(value)
            values.append(value)
        sheet.append(values)
    workbook.save(path)
    return path


TIKTOK_HEADERS = [
    "By Day", "Campaign name", "Campaign ID", "Ad group name", "Ad group ID", "Ad name", "Ad ID", "Currency", "Cost",
    "Impressions", "Reach", "Clicks (destination)", "Clicks (all)", "CTR (destination)", "2-second video views",
    "6-second video views", "Video views at 25%", "Video views at 50%", "Video views at 75%", "Video views at 100%",
    "Conversions", "Complete payment", "Total complete payment value", "Ad text", "Call to action",
]


def tiktok_rows() -> list[dict[str, Any]]:
    rows = []
    for a in range(2):
        for d in range(3):
            impressions = 5000 + 1000 * a + 100 * d
            rows.append({
                "By Day": (START + timedelta(days=d)).isoformat(), "Campaign name": "TT launch",
                "Campaign ID": "1790000000000001", "Ad group name": "Broad 18-34", "Ad group ID": "1790000000000100",
                "Ad name": f"Spark ad {a}", "Ad ID": f"17900000000010{a}0", "Currency": "EUR",
                "Cost": f"{impressions * 0.008:.2f}", "Impressions": impressions, "Reach": int(impressions * 0.9),
                "Clicks (destination)": impressions // 100, "Clicks (all)": impressions // 80,
                "CTR (destination)": "1%",
                "2-second video views": impressions // 3, "6-second video views": impressions // 9,
                "Video views at 25%": impressions // 5, "Video views at 50%": impressions // 8,
                "Video views at 75%": impressions // 12, "Video views at 100%": impressions // 20,
                "Conversions": 3 + d, "Complete payment": 1 + a, "Total complete payment value": f"{(1 + a) * 25:.2f}",
                "Ad text": "POV: you found the one #fyp", "Call to action": "Shop now",
            })
    return rows

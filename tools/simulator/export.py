"""Render a simulated account as an English Meta Ads Manager daily export (CSV or XLSX).

Why exactly Ads Manager's headers: the importer, demo and tests must read the same file a marketer downloads
("Amount spent (USD)", "3-second video plays", blank video cells for static ads, Reporting starts = ends = Day).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from tools.core.errors import InputError
from tools.simulator.config import ATTRIBUTE_LEVELS

if TYPE_CHECKING:
    from tools.simulator.truth import SimulatedAccount

_COUNTS = {
    "impressions": "Impressions",
    "reach": "Reach",
    "link_clicks": "Link clicks",
    "clicks_all": "Clicks (all)",
    "video_plays_3s": "3-second video plays",
    "thruplays": "ThruPlays",
    "video_p25": "Video plays at 25%",
    "video_p50": "Video plays at 50%",
    "video_p75": "Video plays at 75%",
    "video_p100": "Video plays at 100%",
    "purchases": "Purchases",
}


def meta_export_frame(account: SimulatedAccount) -> pd.DataFrame:
    """One row per ad × day, columns in Ads Manager order."""
    ads = account.ads.set_index("ad_id")
    daily = account.daily
    meta = ads.loc[daily["ad_id"]]
    day = daily["day"].dt.strftime("%Y-%m-%d").to_numpy()
    out = pd.DataFrame({
        "Reporting starts": day,
        "Reporting ends": day,
        "Campaign name": meta["campaign_name"].to_numpy(),
        "Campaign ID": meta["campaign_id"].to_numpy(),
        "Ad set name": meta["ad_set_name"].to_numpy(),
        "Ad set ID": meta["ad_set_id"].to_numpy(),
        "Ad name": meta["ad_name"].to_numpy(),
        "Ad ID": daily["ad_id"].to_numpy(),
        "Day": day,
        f"Amount spent ({account.currency})": daily["spend"].round(2).to_numpy(),
    })
    for column, header in _COUNTS.items():
        out[header] = pd.array(daily[column].round().to_numpy(), dtype="Int64")
        if column == "purchases":
            out["Purchases conversion value"] = daily["purchase_value"].round(2).to_numpy()
    out["Headline"] = meta["headline"].to_numpy()
    out["Body"] = meta["body"].to_numpy()
    out["Call to action type"] = meta["cta"].to_numpy()
    attributes = pd.DataFrame.from_records(meta["attributes"].tolist())
    for attribute in ATTRIBUTE_LEVELS:
        out[attribute] = attributes[attribute].to_numpy() if attribute in attributes else None
    return out


def write_export(account: SimulatedAccount, path: Path, fmt: str | None = None) -> Path:
    fmt = (fmt or path.suffix.lstrip(".") or "csv").lower()
    if fmt not in ("csv", "xlsx"):
        raise InputError(f"Cannot write {path}: format {fmt!r} is not supported; expected csv or xlsx.",
                         file=str(path), field="format")
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = meta_export_frame(account)
    if fmt == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_excel(path, index=False, sheet_name="Raw Data Report")
    return path

"""The analyst's input: daily facts and ad metadata as pandas frames (testable without a database).

`daily`: one row per ad × day, columns = PerformanceDaily's measures (NaN where the export did not carry them).
`ads`: one row per ad (index `ad_id`, a string) with ad_name, creative_key, kind, headline, body, cta,
campaign_name, ad_set_name, `attributes` (dict of free-text columns) and `audience` (dict of breakdowns).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tools.core.db.models import Ad, AdAccount, AdSet, Campaign, Creative, PerformanceDaily
from tools.core.errors import InsufficientDataError

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

MEASURES = ["spend", "impressions", "reach", "link_clicks", "clicks_all", "video_plays_3s", "thruplays",
            "video_p25", "video_p50", "video_p75", "video_p100", "purchases", "purchase_value", "conversions"]
AD_COLUMNS = ["ad_name", "creative_key", "kind", "headline", "body", "cta", "campaign_name", "ad_set_name",
              "attributes", "audience"]


@dataclass
class AccountData:
    daily: pd.DataFrame
    ads: pd.DataFrame
    currency: str | None = None
    blueprints: dict[str, dict[str, Any]] = field(default_factory=dict)  # creative_key → blueprint features

    @classmethod
    def from_frames(cls, daily: pd.DataFrame, ads: pd.DataFrame, currency: str | None = None,
                    blueprints: dict[str, dict[str, Any]] | None = None) -> AccountData:
        """Normalise column types so every analysis sees the same shapes."""
        daily = daily.copy()
        daily["ad_id"] = daily["ad_id"].astype(str)
        daily["day"] = pd.to_datetime(daily["day"]).dt.normalize()
        for column in MEASURES:
            daily[column] = pd.to_numeric(daily[column], errors="coerce") if column in daily else np.nan
        ads = ads.copy()
        if "ad_id" in ads.columns:
            ads = ads.set_index("ad_id")
        ads.index = ads.index.astype(str)
        for column in AD_COLUMNS:
            if column not in ads:
                ads[column] = [{} for _ in range(len(ads))] if column in ("attributes", "audience") else None
        ads["creative_key"] = ads["creative_key"].fillna(pd.Series(ads.index, index=ads.index))
        ads["attributes"] = [a if isinstance(a, dict) else {} for a in ads["attributes"]]
        ads["audience"] = [a if isinstance(a, dict) else {} for a in ads["audience"]]
        return cls(daily=daily[["ad_id", "day", *MEASURES]], ads=ads, currency=currency,
                   blueprints=dict(blueprints or {}))

    @classmethod
    def from_simulation(cls, account: Any) -> AccountData:
        """A `tools.simulator.SimulatedAccount` (already in canonical shape)."""
        return cls.from_frames(account.daily, account.ads, account.currency)

    @property
    def today(self) -> date:
        if self.daily.empty:
            raise InsufficientDataError("This workspace has no performance data yet: import an export first.")
        return self.daily["day"].max().date()

    def between(self, start: date | None = None, end: date | None = None) -> AccountData:
        mask = np.ones(len(self.daily), dtype=bool)
        if start is not None:
            mask &= self.daily["day"] >= pd.Timestamp(start)
        if end is not None:
            mask &= self.daily["day"] <= pd.Timestamp(end)
        return AccountData(self.daily[mask], self.ads, self.currency, self.blueprints)


def ad_totals(data: AccountData) -> pd.DataFrame:
    """Lifetime (or period) totals per ad, with first/last delivery day; NaN sums stay NaN (not carried)."""
    daily = data.daily
    grouped = daily.groupby("ad_id", sort=False)
    totals = grouped[MEASURES].sum(min_count=1)
    totals["first_day"] = grouped["day"].min()
    totals["last_day"] = grouped["day"].max()
    totals["days"] = grouped["day"].nunique()
    meta = data.ads.reindex(totals.index)
    for column in ("ad_name", "creative_key", "kind"):
        totals[column] = meta[column]
    totals["creative_key"] = totals["creative_key"].fillna(pd.Series(totals.index, index=totals.index))
    return totals


def creative_totals(data: AccountData) -> pd.DataFrame:
    """Totals per creative (ads sharing one creative are summed), indexed by creative_key."""
    per_ad = ad_totals(data)
    grouped = per_ad.groupby("creative_key", sort=False)
    totals = grouped[MEASURES].sum(min_count=1)
    totals["first_day"] = grouped["first_day"].min()
    totals["last_day"] = grouped["last_day"].max()
    totals["n_ads"] = grouped.size()
    first_ad = per_ad.reset_index().drop_duplicates("creative_key").set_index("creative_key")["ad_id"]
    totals["ad_id"] = first_ad.reindex(totals.index)
    return totals


def creative_table(data: AccountData) -> pd.DataFrame:
    """One row per creative_key with the descriptive columns of its first ad (copy, kind, attributes)."""
    ads = data.ads.reset_index().rename(columns={"index": "ad_id"})
    return ads.drop_duplicates("creative_key").set_index("creative_key")


def load_account_data(runtime: WorkspaceRuntime) -> AccountData:
    """Read this workspace's ads and daily facts from SQL into the analyst's frames."""
    from sqlalchemy import select


    workspace_id = runtime.workspace_id
    with runtime.session() as session:
        ad_rows = session.execute(
            select(Ad.id, Ad.external_id, Ad.name, Creative.key, Creative.kind, Creative.headline, Creative.body,
                   Creative.cta, Creative.attributes, Campaign.name, AdSet.name, AdSet.audience,
                   AdAccount.currency, AdAccount.external_id)
            .join(AdAccount, AdAccount.id == Ad.account_id)
            .outerjoin(Creative, Creative.id == Ad.creative_id)
            .outerjoin(Campaign, Campaign.id == Ad.campaign_id)
            .outerjoin(AdSet, AdSet.id == Ad.ad_set_id)
            .where(Ad.workspace_id == workspace_id)
        ).all()
        measure_cols = [getattr(PerformanceDaily, m) for m in MEASURES]
        fact_rows = session.execute(
            select(PerformanceDaily.ad_id, PerformanceDaily.day, *measure_cols)
            .where(PerformanceDaily.workspace_id == workspace_id)
        ).all()
        blueprints = load_blueprint_features(session, workspace_id)

    external = [r[1] for r in ad_rows]
    duplicated = {e for e in external if external.count(e) > 1} if len(set(external)) < len(external) else set()
    key_of = {r[0]: (f"{r[13]}:{r[1]}" if r[1] in duplicated else str(r[1])) for r in ad_rows}
    ads = pd.DataFrame({
        "ad_id": [key_of[r[0]] for r in ad_rows],
        "ad_name": [r[2] for r in ad_rows],
        "creative_key": [r[3] or key_of[r[0]] for r in ad_rows],
        "kind": [r[4] or "unknown" for r in ad_rows],
        "headline": [r[5] for r in ad_rows],
        "body": [r[6] for r in ad_rows],
        "cta": [r[7] for r in ad_rows],
        "attributes": [r[8] or {} for r in ad_rows],
        "campaign_name": [r[9] for r in ad_rows],
        "ad_set_name": [r[10] for r in ad_rows],
        "audience": [r[11] or {} for r in ad_rows],
    })
    daily = pd.DataFrame(fact_rows, columns=["ad_pk", "day", *MEASURES])
    daily.insert(0, "ad_id", daily["ad_pk"].map(key_of))
    currencies = {r[12] for r in ad_rows if r[12]}
    currency = sorted(currencies)[0] if len(currencies) == 1 else None
    return AccountData.from_frames(daily.drop(columns="ad_pk"), ads, currency, blueprints)


BLUEPRINT_KEYS = ("hook_archetype", "pace", "avg_shot_s", "has_face", "text_on_screen", "duration_s",
                  "aspect_ratio", "n_shots", "cuts_per_s", "has_voiceover", "has_music")


def flatten_blueprint(blueprint: dict[str, Any]) -> dict[str, Any]:
    """Scalar features from a blueprint dict, whatever its nesting (hook.{...}, copy.{...}, audio.{...})."""
    flat: dict[str, Any] = {}

    def visit(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                visit(f"{prefix}{key}" if not prefix else f"{prefix}.{key}", inner)
        elif isinstance(value, bool | int | float | str) and value is not None:
            flat[prefix] = value

    visit("", blueprint)
    out: dict[str, Any] = {}
    for key, value in flat.items():
        leaf = key.split(".")[-1]
        if leaf in BLUEPRINT_KEYS and leaf not in out:
            out[leaf] = value
    if "shots" in blueprint and isinstance(blueprint["shots"], list) and "n_shots" not in out:
        out["n_shots"] = len(blueprint["shots"])
    return out


def load_blueprint_features(session: Any, workspace_id: int) -> dict[str, dict[str, Any]]:
    """Blueprint features per creative key from the extractor's `blueprints` table, when it exists.

    The table is optional (another capability owns it), so this reflects it instead of importing its model and
    returns {} when it is absent or has no link to creatives.
    """
    from sqlalchemy import MetaData, Table, inspect, select

    inspector = inspect(session.get_bind())
    if "blueprints" not in inspector.get_table_names():
        return {}
    table = Table("blueprints", MetaData(), autoload_with=session.get_bind())
    columns = set(table.c.keys())
    link = next((c for c in ("creative_id", "creative_key") if c in columns), None)
    payload = next((c for c in ("features", "data", "blueprint", "payload", "content") if c in columns), None)
    if link is None or payload is None:
        return {}
    query = select(table.c[link], table.c[payload])
    if "workspace_id" in columns:
        query = query.where(table.c.workspace_id == workspace_id)
    rows = session.execute(query).all()
    if link == "creative_id":
        from tools.core.db.models import Creative

        keys = dict(session.execute(select(Creative.id, Creative.key)
                                    .where(Creative.workspace_id == workspace_id)).all())
    out: dict[str, dict[str, Any]] = {}
    for link_value, data in rows:
        if not isinstance(data, dict):
            continue
        key = keys.get(link_value) if link == "creative_id" else link_value
        if key:
            out[str(key)] = flatten_blueprint(data)
    return out

"""Write a simulated account into a workspace's tables (the same rows an import of its export creates).

Used by DB-level analyst tests so they do not depend on the importer's parsing; the end-to-end CLI test imports
the real Meta export through `ingest_files` when that capability is present.
"""

from __future__ import annotations

import math
from typing import Any

from tools.core.db.models import Ad, AdAccount, AdSet, Campaign, Creative, PerformanceDaily
from tools.core.runtime import WorkspaceRuntime

_MEASURES = ["spend", "impressions", "reach", "link_clicks", "clicks_all", "video_plays_3s", "thruplays",
             "video_p25", "video_p50", "video_p75", "video_p100", "purchases", "purchase_value"]
_INTS = {"impressions", "reach", "link_clicks", "clicks_all", "video_plays_3s", "thruplays", "video_p25",
         "video_p50", "video_p75", "video_p100"}


def load_simulated(runtime: WorkspaceRuntime, account: Any, audiences: bool = False) -> int:
    with runtime.session() as session:
        ws = runtime.workspace_id
        acct = AdAccount(workspace_id=ws, platform="meta", external_id="act_sim", name=account.brand,
                         currency=account.currency)
        session.add(acct)
        session.flush()
        campaigns: dict[str, Campaign] = {}
        ad_sets: dict[str, AdSet] = {}
        ad_pk: dict[str, int] = {}
        for i, ad in enumerate(account.ads.itertuples(index=False)):
            if ad.campaign_id not in campaigns:
                campaigns[ad.campaign_id] = Campaign(account_id=acct.id, external_id=ad.campaign_id,
                                                     name=ad.campaign_name)
                session.add(campaigns[ad.campaign_id])
                session.flush()
            if ad.ad_set_id not in ad_sets:
                audience = {"age": ["18-24", "25-34", "35-44"][i % 3], "gender": ["female", "male"][i % 2]} \
                    if audiences else {}
                ad_sets[ad.ad_set_id] = AdSet(campaign_id=campaigns[ad.campaign_id].id, external_id=ad.ad_set_id,
                                              name=ad.ad_set_name, audience=audience)
                session.add(ad_sets[ad.ad_set_id])
                session.flush()
            creative = Creative(workspace_id=ws, key=ad.creative_key, name=ad.ad_name, kind=ad.kind,
                                headline=ad.headline, body=ad.body, cta=ad.cta, attributes=dict(ad.attributes))
            session.add(creative)
            session.flush()
            row = Ad(workspace_id=ws, account_id=acct.id, campaign_id=campaigns[ad.campaign_id].id,
                     ad_set_id=ad_sets[ad.ad_set_id].id, creative_id=creative.id, external_id=ad.ad_id,
                     name=ad.ad_name)
            session.add(row)
            session.flush()
            ad_pk[ad.ad_id] = row.id
        facts = []
        for rec in account.daily.to_dict("records"):
            values = {}
            for m in _MEASURES:
                v = rec[m]
                values[m] = None if v is None or (isinstance(v, float) and math.isnan(v)) else (
                    int(v) if m in _INTS else float(v))
            facts.append({"workspace_id": ws, "ad_id": ad_pk[rec["ad_id"]], "day": rec["day"].date(),
                          "currency": account.currency, **values})
        session.bulk_insert_mappings(PerformanceDaily, facts)  # type: ignore[arg-type]
    return len(facts)

"""Build ad-performance data straight into the database (ORM bulk inserts), independent of the importers.

Tests state their rows explicitly and compute the expected KPIs by hand from them. A measure left out of a row is
NULL (the export "did not carry it"), exactly as the importers store it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert

from tools.core.db.models import Ad, AdAccount, Creative, PerformanceDaily

MEASURES = (
    "spend", "impressions", "reach", "link_clicks", "clicks_all", "video_plays_3s", "thruplays", "purchases",
    "purchase_value", "conversions", "currency",
)


class PerformanceFactory:
    """Accounts, creatives, ads and daily rows for one workspace of a `WorkspaceRuntime`."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime
        self.workspace_id: int = runtime.workspace_id
        self.accounts: dict[str, int] = {}
        self.creatives: dict[str, int] = {}
        self.ads: dict[str, int] = {}
        self._rows: list[dict[str, Any]] = []

    def account(self, external_id: str = "act_1", currency: str | None = "EUR", platform: str = "meta") -> int:
        if external_id not in self.accounts:
            with self.runtime.session() as s:
                account = AdAccount(workspace_id=self.workspace_id, platform=platform, external_id=external_id,
                                    name=f"Account {external_id}", currency=currency)
                s.add(account)
                s.flush()
                self.accounts[external_id] = account.id
        return self.accounts[external_id]

    def creative(self, key: str, kind: str = "video", name: str | None = None) -> int:
        if key not in self.creatives:
            with self.runtime.session() as s:
                creative = Creative(workspace_id=self.workspace_id, key=key, name=name or key, kind=kind,
                                    attributes={}, tags=[])
                s.add(creative)
                s.flush()
                self.creatives[key] = creative.id
        return self.creatives[key]

    def ad(self, external_id: str, *, kind: str | None = "video", name: str | None = None,
           creative: str | None = None, account: str = "act_1", currency: str | None = "EUR") -> int:
        """An ad with its own creative (or the shared `creative` key); kind None = an ad without a creative row."""
        account_pk = self.account(account, currency)
        creative_pk = None
        if kind is not None:
            creative_pk = self.creative(creative or f"creative-{external_id}", kind, name)
        with self.runtime.session() as s:
            ad = Ad(workspace_id=self.workspace_id, account_id=account_pk, creative_id=creative_pk,
                    external_id=external_id, name=name or f"Ad {external_id}")
            s.add(ad)
            s.flush()
            self.ads[external_id] = ad.id
        return ad.id

    def day(self, ad: str, day: date, **measures: Any) -> None:
        """Queue one daily row; unknown measure names fail loudly so a typo cannot hide as NULL."""
        unknown = set(measures) - set(MEASURES)
        if unknown:
            raise TypeError(f"unknown measures {sorted(unknown)}")
        row = dict.fromkeys(MEASURES)
        row.update({"spend": 0.0, "impressions": 0})
        row.update(measures)
        row.update({"workspace_id": self.workspace_id, "ad_id": self.ads[ad], "day": day})
        self._rows.append(row)

    def series(self, ad: str, start: date, rows: list[dict[str, Any]]) -> None:
        """Consecutive days from `start`, one dict of measures per day."""
        for offset, measures in enumerate(rows):
            self.day(ad, start + timedelta(days=offset), **measures)

    def commit(self) -> None:
        if self._rows:
            with self.runtime.session() as s:
                s.execute(insert(PerformanceDaily), self._rows)
            self._rows = []

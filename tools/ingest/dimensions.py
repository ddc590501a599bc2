"""Dimension rows (accounts, campaigns, ad sets, creatives, ads) written in bulk, merged with what is stored.

Why set-based: an export names thousands of ads; one SELECT per chunk of keys, one executemany INSERT for the new
ones and one executemany UPDATE for the changed ones keeps this step small next to the daily rows. Inserts use
ON CONFLICT DO NOTHING and ids are read back, so a concurrent import of the same ads cannot fail the command.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.engine import Connection

from tools.core.db.base import utcnow
from tools.core.db.models import Ad, AdAccount, AdSet, Campaign, Creative
from tools.core.errors import InputError
from tools.ingest.platforms.parse import AdRecord, ParsedExport

_CHUNK = 900  # keys per IN list: below SQLite's historical limit of 999 bound values
_KIND_RANK = {"unknown": 0, "image": 1, "carousel": 1, "video": 2}
NO_CAMPAIGN = "(no campaign)"


@dataclass
class ResolvedAds:
    """Database ids for a file's ads, plus what the writer reports."""

    ad_ids: np.ndarray  # aligned with ParsedExport.ads
    currencies: list[str | None]  # per ad: the account currency used for its rows
    new_ads: int = 0
    warnings: list[str] = field(default_factory=list)


def resolve_dimensions(conn: Connection, workspace_id: int, parsed: ParsedExport) -> ResolvedAds:
    platform = parsed.source
    warnings: list[str] = []
    accounts = _accounts(conn, workspace_id, platform, parsed, warnings)
    account_ids = [accounts[ad.account_key].id for ad in parsed.ads]
    campaigns = _campaigns(conn, parsed.ads, account_ids)
    ad_sets = _ad_sets(conn, parsed.ads, account_ids, campaigns)
    creatives = _creatives(conn, workspace_id, platform, parsed.ads)
    ad_ids, new_ads = _ads(conn, workspace_id, parsed.ads, account_ids, campaigns, ad_sets, creatives, platform)
    currencies = [ad.currency or accounts[ad.account_key].currency for ad in parsed.ads]
    return ResolvedAds(np.asarray(ad_ids, dtype=np.int64), currencies, new_ads, warnings)


# --- accounts -------------------------------------------------------------------------------------------------------

@dataclass
class _Account:
    id: int
    currency: str | None


def _accounts(conn: Connection, workspace_id: int, platform: str, parsed: ParsedExport,
              warnings: list[str]) -> dict[str, _Account]:
    table = AdAccount.__table__
    wanted: dict[str, dict[str, Any]] = {}
    for ad in parsed.ads:
        entry = wanted.setdefault(ad.account_key, {"name": None, "currency": None})
        entry["name"] = ad.account_name or entry["name"]
        entry["currency"] = ad.currency or entry["currency"]
    scope = (table.c.workspace_id == workspace_id) & (table.c.platform == platform)
    existing = {r.external_id: r for r in _fetch(conn, table, scope, table.c.external_id, wanted)}
    _insert_ignore(conn, table, [
        {"workspace_id": workspace_id, "platform": platform, "external_id": key, "name": v["name"],
         "currency": v["currency"]}
        for key, v in wanted.items() if key not in existing
    ])
    changes = []
    for key, row in existing.items():
        new = wanted[key]
        if row.currency and new["currency"] and row.currency != new["currency"]:
            raise InputError(
                f"{parsed.name}: account {key!r} was imported in {row.currency} before, but this file is in "
                f"{new['currency']}; one account has one currency (check the export's account, or use a mapping "
                "file with 'account:' to file it under another account).",
                file=str(parsed.path), field="currency",
            )
        name = new["name"] or row.name
        currency = row.currency or new["currency"]
        if (name, currency) != (row.name, row.currency):
            changes.append({"b_id": row.id, "b_name": name, "b_currency": currency})
    _update(conn, table, changes, {"name": "b_name", "currency": "b_currency"})
    stored = _fetch(conn, table, scope, table.c.external_id, wanted)
    result = {r.external_id: _Account(r.id, r.currency) for r in stored}
    missing = sorted(k for k, v in wanted.items() if v["currency"] is None)
    if missing:
        assumed = sorted({result[k].currency for k in missing if result[k].currency})
        if assumed:
            warnings.append(
                f"{parsed.name}: the export names no currency; amounts were taken to be in "
                f"{', '.join(assumed)}, the currency this account was imported in before."
            )
        if any(result[k].currency is None for k in missing):
            warnings.append(
                f"{parsed.name}: the export names no currency (no 'Amount spent (EUR)'-style header or Currency "
                "column), so money is stored without one; set 'currency: EUR' (your code) in a mapping file."
            )
    return result


# --- campaigns and ad sets ------------------------------------------------------------------------------------------

def _campaigns(conn: Connection, ads: list[AdRecord], account_ids: list[int]) -> dict[tuple[int, str], int]:
    table = Campaign.__table__
    wanted: dict[tuple[int, str], str | None] = {}
    for ad, account_id in zip(ads, account_ids, strict=True):
        key = ad.campaign_key or (NO_CAMPAIGN if ad.adset_key else None)
        if key is not None:
            wanted[(account_id, key)] = ad.campaign_name or wanted.get((account_id, key))
    return _upsert_named(conn, table, table.c.account_id, wanted)


def _ad_sets(conn: Connection, ads: list[AdRecord], account_ids: list[int],
             campaigns: dict[tuple[int, str], int]) -> dict[tuple[int, str], int]:
    table = AdSet.__table__
    wanted: dict[tuple[int, str], str | None] = {}
    audiences: dict[tuple[int, str], dict[str, str]] = {}
    for ad, account_id in zip(ads, account_ids, strict=True):
        if not ad.adset_key:
            continue
        campaign_id = campaigns[(account_id, ad.campaign_key or NO_CAMPAIGN)]
        key = (campaign_id, ad.adset_key)
        wanted[key] = ad.adset_name or wanted.get(key)
        if ad.audience:
            audiences.setdefault(key, {}).update(ad.audience)
    return _upsert_named(conn, table, table.c.campaign_id, wanted, audiences)


def _upsert_named(conn: Connection, table: Table, parent_col: Any, wanted: dict[tuple[int, str], str | None],
                  audiences: dict[tuple[int, str], dict[str, str]] | None = None) -> dict[tuple[int, str], int]:
    """Rows identified by (parent id, external id) with a name (and, for ad sets, an audience)."""
    by_parent: dict[int, list[str]] = {}
    for parent, key in wanted:
        by_parent.setdefault(parent, []).append(key)

    def fetch() -> dict[tuple[int, str], Any]:
        found = {}
        for parent, keys in by_parent.items():
            for row in _fetch(conn, table, parent_col == parent, table.c.external_id, keys):
                found[(parent, row.external_id)] = row
        return found

    existing = fetch()
    parent_name = parent_col.name
    inserts, changes = [], []
    for key, name in wanted.items():
        row = existing.get(key)
        audience = (audiences or {}).get(key)
        if row is None:
            values = {parent_name: key[0], "external_id": key[1], "name": name}
            if audiences is not None:
                values["audience"] = audience or {}
            inserts.append(values)
            continue
        new_name = name or row.name
        change = {"b_id": row.id, "b_name": new_name}
        changed = new_name != row.name
        if audiences is not None:
            merged = {**(row.audience or {}), **(audience or {})}
            change["b_audience"] = merged
            changed = changed or merged != (row.audience or {})
        if changed:
            changes.append(change)
    _insert_ignore(conn, table, inserts)
    columns = {"name": "b_name"} | ({"audience": "b_audience"} if audiences is not None else {})
    if changes and audiences is not None:
        for change in changes:
            change.setdefault("b_audience", {})
    _update(conn, table, changes, columns)
    return {key: row.id for key, row in fetch().items()}


# --- creatives ------------------------------------------------------------------------------------------------------

def creative_key(platform: str, ad: AdRecord) -> str:
    """One creative per ad unless the export names shared creatives (a creative ID column)."""
    raw = (f"{platform}:{ad.account_key}:creative:{ad.creative_id}" if ad.creative_id
           else f"{platform}:{ad.account_key}:ad:{ad.key}")
    return _fit(raw, 300)


def _creatives(conn: Connection, workspace_id: int, platform: str, ads: list[AdRecord]) -> dict[str, int]:
    table = Creative.__table__
    merged: dict[str, dict[str, Any]] = {}
    for ad in ads:
        key = creative_key(platform, ad)
        entry = merged.setdefault(key, {"name": ad.name, "kind": "unknown", "headline": None, "body": None,
                                        "cta": None, "attributes": {}})
        entry["kind"] = _stronger_kind(entry["kind"], ad.kind)
        for name in ("headline", "body", "cta"):
            entry[name] = getattr(ad, name) or entry[name]
        entry["attributes"].update(ad.attributes)
    scope = table.c.workspace_id == workspace_id
    existing = {r.key: r for r in _fetch(conn, table, scope, table.c.key, merged)}
    now = utcnow()
    _insert_ignore(conn, table, [
        {"workspace_id": workspace_id, "key": key, "name": v["name"], "kind": v["kind"], "headline": v["headline"],
         "body": v["body"], "cta": _fit_or_none(v["cta"], 100), "media_uri": None, "attributes": v["attributes"],
         "tags": [], "created_at": now}
        for key, v in merged.items() if key not in existing
    ])
    changes = []
    for key, row in existing.items():
        new = merged[key]
        values = {
            "name": row.name or new["name"],
            "kind": _stronger_kind(row.kind, new["kind"]),
            "headline": new["headline"] or row.headline,
            "body": new["body"] or row.body,
            "cta": _fit_or_none(new["cta"], 100) or row.cta,
            "attributes": {**(row.attributes or {}), **new["attributes"]},
        }
        current = {"name": row.name, "kind": row.kind, "headline": row.headline, "body": row.body, "cta": row.cta,
                   "attributes": row.attributes or {}}
        if values != current:
            changes.append({"b_id": row.id, **{f"b_{k}": v for k, v in values.items()}})
    _update(conn, table, changes, {k: f"b_{k}" for k in ("name", "kind", "headline", "body", "cta", "attributes")})
    return {r.key: r.id for r in _fetch(conn, table, scope, table.c.key, merged, columns=("id", "key"))}


def _stronger_kind(a: str, b: str) -> str:
    """Evidence only adds up: video plays seen once make a video; 'unknown' never overwrites what is known."""
    return a if _KIND_RANK.get(a, 0) >= _KIND_RANK.get(b, 0) else b


# --- ads ------------------------------------------------------------------------------------------------------------

def ad_external_id(ad: AdRecord) -> str:
    return _fit(ad.key, 200)


def _ads(conn: Connection, workspace_id: int, ads: list[AdRecord], account_ids: list[int],
         campaigns: dict[tuple[int, str], int], ad_sets: dict[tuple[int, str], int], creatives: dict[str, int],
         platform: str) -> tuple[list[int], int]:
    table = Ad.__table__
    wanted: dict[tuple[int, str], dict[str, Any]] = {}
    for ad, account_id in zip(ads, account_ids, strict=True):
        campaign_key = ad.campaign_key or (NO_CAMPAIGN if ad.adset_key else None)
        campaign_id = campaigns.get((account_id, campaign_key)) if campaign_key else None
        wanted[(account_id, ad_external_id(ad))] = {
            "campaign_id": campaign_id,
            "ad_set_id": ad_sets.get((campaign_id, ad.adset_key)) if campaign_id and ad.adset_key else None,
            "creative_id": creatives[creative_key(platform, ad)],
            "name": ad.name,
        }
    by_account: dict[int, list[str]] = {}
    for account_id, key in wanted:
        by_account.setdefault(account_id, []).append(key)

    def fetch(columns: Sequence[str] | None = None) -> dict[tuple[int, str], Any]:
        found = {}
        for account_id, keys in by_account.items():
            for row in _fetch(conn, table, table.c.account_id == account_id, table.c.external_id, keys, columns):
                found[(account_id, row.external_id)] = row
        return found

    existing = fetch()
    now = utcnow()
    _insert_ignore(conn, table, [
        {"workspace_id": workspace_id, "account_id": key[0], "external_id": key[1], "created_at": now, **values}
        for key, values in wanted.items() if key not in existing
    ])
    changes = []
    for key, row in existing.items():
        new = wanted[key]
        values = {
            "campaign_id": new["campaign_id"] or row.campaign_id,
            "ad_set_id": new["ad_set_id"] or row.ad_set_id,
            "creative_id": new["creative_id"],
            "name": new["name"] or row.name,
        }
        if values != {k: getattr(row, k) for k in values}:
            changes.append({"b_id": row.id, **{f"b_{k}": v for k, v in values.items()}})
    _update(conn, table, changes, {k: f"b_{k}" for k in ("campaign_id", "ad_set_id", "creative_id", "name")})
    ids = {key: row.id for key, row in fetch(("id", "external_id")).items()}
    return [ids[(account_id, ad_external_id(ad))] for ad, account_id in zip(ads, account_ids, strict=True)], \
        len(wanted) - len(existing)


# --- helpers --------------------------------------------------------------------------------------------------------

def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _fetch(conn: Connection, table: Table, scope: Any, key_col: Any, keys: Iterable[Any],
           columns: Sequence[str] | None = None) -> list[Any]:
    """Rows of `scope` whose key is in `keys`: one array parameter per query on Postgres, IN lists on SQLite."""
    keys = list(keys)
    selected = [table.c[c] for c in columns] if columns else list(table.c)
    rows: list[Any] = []
    if conn.dialect.name == "postgresql":
        from sqlalchemy import String, any_
        from sqlalchemy.dialects.postgresql import ARRAY

        for chunk in _chunks(keys, 20_000):
            values = bindparam("keys", value=list(chunk), type_=ARRAY(String))
            rows.extend(conn.execute(select(*selected).where(scope, key_col == any_(values))).all())
        return rows
    for chunk in _chunks(keys, _CHUNK):
        rows.extend(conn.execute(select(*selected).where(scope, key_col.in_(chunk))).all())
    return rows


def _insert_ignore(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(table).on_conflict_do_nothing(), rows)


def _update(conn: Connection, table: Table, changes: list[dict[str, Any]], columns: dict[str, str]) -> None:
    if not changes:
        return
    statement = (
        update(table).where(table.c.id == bindparam("b_id"))
        .values({column: bindparam(param) for column, param in columns.items()})
    )
    conn.execute(statement, changes)


def _fit(text: str, limit: int) -> str:
    """Keys longer than the column keep a readable prefix and a hash, so they stay unique and stable."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return f"{text[:limit - 42]}~{digest}"


def _fit_or_none(text: str | None, limit: int) -> str | None:
    return None if text is None else text[:limit]

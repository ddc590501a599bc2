"""`sync_meta`: pull the connected account's ad-level daily insights and store them like an import.

- Range: `--since` if given; else the last 7 days before the last synced day (attribution settles late, so they
  are always re-pulled); a first sync takes the last 30 days. "Today" is the account's time zone's date.
- The API is the truth for the range it was asked: rows stored earlier for this account in that range and not
  returned now (delivery reverted, an ad deleted) are cleared, so a re-sync never double counts or leaves stale days.
- Writes go through ingest's bulk path (`store_parsed`: dimensions, facts upserted on ad × day, breakdown cells
  replaced per ad × day × breakdown) in one transaction; media is fetched after it commits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx
from sqlalchemy import select, text, update

from tools.core.db.models import Ad, AdAccount, Creative, MetaConnection
from tools.core.domain.ingest import SyncResult
from tools.core.errors import InputError
from tools.core.runtime import WorkspaceRuntime
from tools.core.storage import workspace_storage
from tools.ingest.api import store_parsed
from tools.ingest.breakdowns import write_breakdowns
from tools.ingest.meta_api.client import GraphClient, Pacing
from tools.ingest.meta_api.connection import load_connection
from tools.ingest.meta_api.mapping import CreativeInfo, ads_in, parse_breakdown, parse_insights, plan_breakdowns
from tools.ingest.meta_api.media import MediaJob, StoredMedia, fetch_media, stem_for
from tools.ingest.meta_api.reports import PullOptions, ads_by_id, creatives_of, pull_insights, video_source

RESYNC_DAYS = 7
FIRST_SYNC_DAYS = 30
Progress = Callable[[str], None]


def account_today(timezone: str | None, now: datetime | None = None) -> date:
    now = now or datetime.now(UTC)
    try:
        zone = ZoneInfo(timezone) if timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return now.astimezone(zone).date()


def sync_range(since: date | None, last_end: date | None, today: date) -> tuple[date, date]:
    if since is None:
        since = (min(last_end, today) - timedelta(days=RESYNC_DAYS - 1) if last_end
                 else today - timedelta(days=FIRST_SYNC_DAYS - 1))
    if since > today:
        raise InputError(f"--since {since} is after today ({today} in the account's time zone); expected a past "
                         "date (YYYY-MM-DD).", field="since")
    return since, today


def sync_meta(runtime: WorkspaceRuntime, since: date | str | None = None, breakdowns: Sequence[str] | str = (), *,
              now: datetime | None = None, media: bool = True, options: PullOptions | None = None,
              pacing: Pacing | None = None, progress: Progress | None = None) -> SyncResult:
    """Pull and store the connected account's insights (all or nothing); see the module docstring."""
    say = progress or (lambda _m: None)
    if isinstance(breakdowns, str):
        breakdowns = breakdowns.split(",")
    reports = plan_breakdowns(breakdowns)
    if isinstance(since, str):
        try:
            since = date.fromisoformat(since)
        except ValueError:
            raise InputError(f"--since {since!r} is not a date; expected YYYY-MM-DD.", field="since") from None
    connection = load_connection(runtime)
    start, end = sync_range(since, connection.last_sync_end, account_today(connection.timezone, now))
    account = connection.account
    number = account.removeprefix("act_")
    tls = httpx.create_ssl_context()  # one TLS context for the API and the media downloads (each costs ~0.2 s)
    with GraphClient(runtime.settings.meta_api_url, connection.token, pacing=pacing, account=account,
                     verify=tls) as client, ThreadPoolExecutor(max_workers=2) as side:
        say(f"Reading ads and creatives of {account}")
        listing = side.submit(creatives_of, client, account)  # beside the insights pull
        totals = pull_insights(client, account, start, end, None, options, say)
        cells = {report: pull_insights(client, account, start, end, report, options, say) for report in reports}
        listed = listing.result()
        seen = ads_in(totals.pages)
        unlisted = sorted(seen - {str(ad.get("id")) for ad in listed})
        if unlisted:
            say(f"Reading {len(unlisted)} ad(s) no longer listed in the account")
            listed += ads_by_id(client, unlisted)
        creatives, ad_names = _creatives(listed), _names(listed)
        say(f"Mapping {totals.rows:,} daily rows")
        parsed = parse_insights(totals.pages, account=number, account_name=connection.name,
                                currency=connection.currency, creatives=creatives, ad_names=ad_names)
        positions = {ad.key: i for i, ad in enumerate(parsed.ads)}
        breakdown_rows = {report: parse_breakdown(pulled.pages, report, positions)
                          for report, pulled in cells.items()}
        downloads = None
        if media:  # files only (no database), so they download while the rows are written
            jobs = _media_jobs(runtime, number, creatives, seen)
            if jobs:
                say(f"Downloading media of {len(jobs)} creative(s)")
                downloads = side.submit(_download_media, runtime, client, creatives, jobs)
        say("Writing to the database")
        synced_at = now or datetime.now(UTC)
        with runtime.session() as session:
            stored, resolved = store_parsed(session, runtime.workspace_id, [parsed], source="meta-api")
            conn = session.connection()
            account_id = session.scalar(select(AdAccount.id).where(
                AdAccount.workspace_id == runtime.workspace_id, AdAccount.platform == "meta",
                AdAccount.external_id == number))
            written: dict[str, int] = {}
            for report, rows in breakdown_rows.items():
                written[report] = write_breakdowns(conn, runtime.workspace_id, stored.batch_id, rows,
                                                   resolved[0].ad_ids, resolved[0].currencies)
            cleared = _clear_stale(conn, runtime.workspace_id, account_id, stored.batch_id, start, end,
                                   [",".join(rows.dimensions) for rows in breakdown_rows.values()])
            result = SyncResult(
                account=account, rows=stored.rows, ads=stored.ads, date_start=start, date_end=end,
                currency=stored.currency or connection.currency, warnings=list(stored.warnings),
                inserted=stored.inserted, updated=stored.updated, cleared=stored.cleared + cleared,
                new_ads=stored.new_ads, breakdown_rows=written,
                async_reports=totals.async_runs + sum(p.async_runs for p in cells.values()), synced_at=synced_at,
            )
            session.execute(update(MetaConnection).where(MetaConnection.workspace_id == runtime.workspace_id).values(
                last_synced_at=synced_at, last_sync_start=start,
                last_sync_end=max(end, connection.last_sync_end or end), last_sync_rows=stored.rows,
                last_sync={"rows": stored.rows, "ads": stored.ads, "date_start": start.isoformat(),
                           "date_end": end.isoformat(), "breakdowns": written}))
        if downloads is not None and account_id is not None:
            stored_media, warnings = _point_creatives(runtime, account_id, downloads.result())
            result.media_stored = stored_media
            result.warnings += warnings
        result.api_calls = client.calls
    say(f"Synced {result.rows:,} rows for {result.ads:,} ads ({start}..{end})")
    return result


def _creatives(ads: list[dict[str, Any]]) -> dict[str, CreativeInfo]:
    out: dict[str, CreativeInfo] = {}
    for ad in ads:
        creative = ad.get("creative") or {}
        out[str(ad.get("id"))] = CreativeInfo(
            creative_id=str(creative["id"]) if creative.get("id") else None, headline=creative.get("title"),
            body=creative.get("body"), cta=creative.get("call_to_action_type"),
            image_url=creative.get("image_url"), video_id=str(creative["video_id"]) if creative.get("video_id")
            else None, thumbnail_url=creative.get("thumbnail_url"),
        )
    return out


def _names(ads: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per ad id, its name and tree in the shape insights rows would carry them."""
    out = {}
    for ad in ads:
        campaign, adset = ad.get("campaign") or {}, ad.get("adset") or {}
        out[str(ad.get("id"))] = {"ad_name": ad.get("name"), "campaign_id": campaign.get("id"),
                                  "campaign_name": campaign.get("name"), "adset_id": adset.get("id"),
                                  "adset_name": adset.get("name")}
    return out


def _clear_stale(conn: Any, workspace_id: int, account_id: int | None, batch_id: int, start: date, end: date,
                 breakdowns: list[str]) -> int:
    """Delete this account's rows in [start, end] that this sync did not write (Meta no longer reports them)."""
    if account_id is None:
        return 0
    params = {"w": workspace_id, "a": account_id, "b": batch_id, "s": start, "e": end}
    scope = ("workspace_id = :w AND day BETWEEN :s AND :e AND (batch_id IS NULL OR batch_id <> :b) "
             "AND ad_id IN (SELECT id FROM ads WHERE account_id = :a)")
    if not conn.execute(text("SELECT 1 FROM import_batches WHERE workspace_id = :w AND id <> :b LIMIT 1"),
                        params).first():
        return 0  # the first data of this workspace: nothing stored before can be stale (skips a full-range scan)
    cleared = conn.execute(text(f"DELETE FROM performance_daily WHERE {scope}"), params).rowcount or 0
    for breakdown in breakdowns:
        conn.execute(text(f"DELETE FROM performance_breakdowns WHERE {scope} AND breakdown = :k"),
                     {**params, "k": breakdown})
    return max(int(cleared), 0)


def _media_jobs(runtime: WorkspaceRuntime, number: str, creatives: dict[str, CreativeInfo],
                seen: set[str]) -> list[MediaJob]:
    """Ads with media URLs whose creative has no stored media yet: this pull's ads, and stored ads of the account
    whose earlier download failed."""
    with runtime.session() as session:
        stored = dict(session.execute(
            select(Ad.external_id, Creative.media_uri).join(Creative, Ad.creative_id == Creative.id)
            .join(AdAccount, Ad.account_id == AdAccount.id)
            .where(AdAccount.workspace_id == runtime.workspace_id, AdAccount.platform == "meta",
                   AdAccount.external_id == number)
        ).all())
    jobs = []
    for ad_id, info in creatives.items():
        if stored.get(ad_id) or (ad_id not in seen and ad_id not in stored):
            continue
        if info.image_url or info.video_id or info.thumbnail_url:
            jobs.append(MediaJob(ad_id=ad_id, stem=stem_for(info.creative_id, ad_id), main_url=info.image_url,
                                 thumbnail_url=info.thumbnail_url, is_video=bool(info.video_id)))
    return jobs


def _download_media(runtime: WorkspaceRuntime, client: GraphClient, creatives: dict[str, CreativeInfo],
                    jobs: list[MediaJob]) -> list[StoredMedia]:
    videos = [(job, creatives[job.ad_id].video_id) for job in jobs if creatives[job.ad_id].video_id]
    if videos:
        with ThreadPoolExecutor(max_workers=min(8, len(videos))) as pool:
            sources = list(pool.map(lambda pair: video_source(client, str(pair[1])), videos))
        for (job, _), source in zip(videos, sources, strict=True):
            job.main_url = source.get("source") or None
            job.thumbnail_url = job.thumbnail_url or source.get("picture") or None
    return fetch_media(workspace_storage(runtime.settings, runtime.workspace), jobs, runtime.settings)


def _point_creatives(runtime: WorkspaceRuntime, account_id: int, results: list[StoredMedia]) -> tuple[int, list[str]]:
    """After the rows are in: each downloaded file becomes its ad's creative media (`creatives.media_uri`)."""
    keys = {r.ad_id: r.key for r in results if r.key}
    if keys:
        with runtime.session() as session:
            creative_of = dict(session.execute(select(Ad.external_id, Ad.creative_id).where(
                Ad.account_id == account_id, Ad.external_id.in_(sorted(keys)))).all())
            for ad_id, key in keys.items():
                if creative_of.get(ad_id) is not None:
                    session.execute(update(Creative).where(Creative.id == creative_of[ad_id]).values(media_uri=key))
    return len(keys), [r.error for r in results if r.error]

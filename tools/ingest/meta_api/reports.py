"""Pulling ad-level daily insights: date windows fetched in parallel, async report runs for large ranges.

Why windows: Graph cursors are sequential within one report, so a 30-day pull split into windows of
`window_days` gives parallel page streams; Meta's guidance is to run large ranges as asynchronous report runs
(POST /act_…/insights → report_run_id, poll, then page `/{run}/insights`), and small ones as plain GETs. Each
page is turned into columns in its worker thread as soon as it arrives, so decoding overlaps the next download.
A failed report run is started once more, then its window is read synchronously (a partial failure never leaves a
hole); every page is kept in memory until the whole pull succeeded, so nothing is written on a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tools.ingest.meta_api.client import GraphClient, MetaApiError
from tools.ingest.meta_api.mapping import BREAKDOWN_FIELDS, BREAKDOWNS, INSIGHT_FIELDS, PageColumns, decode_page

_DONE = "Job Completed"
_FAILED = ("Job Failed", "Job Skipped")


@dataclass
class PullOptions:
    window_days: int = 7
    async_over_days: int = 14  # a range longer than this uses asynchronous report runs
    workers: int = 6
    page_limit: int = 1000
    poll_first_s: float = 0.5
    poll_max_s: float = 10.0
    poll_timeout_s: float = 1800.0


@dataclass
class Pulled:
    pages: list[PageColumns]  # in window order, each page already in columns
    async_runs: int

    @property
    def rows(self) -> int:
        return sum(len(p) for p in self.pages)


def windows(since: date, until: date, days: int) -> list[tuple[date, date]]:
    out = []
    start = since
    while start <= until:
        end = min(until, start + timedelta(days=days - 1))
        out.append((start, end))
        start = end + timedelta(days=1)
    return out


def pull_insights(client: GraphClient, account: str, since: date, until: date, report: str | None = None,
                  options: PullOptions | None = None, progress: Callable[[str], None] | None = None) -> Pulled:
    """Every insights row of `account` from `since` to `until` (level=ad, one row per day; per cell for a
    breakdown `report` such as "age,gender")."""
    options = options or PullOptions()
    use_async = (until - since).days + 1 > options.async_over_days
    params: dict[str, Any] = {
        "level": "ad", "time_increment": 1, "limit": options.page_limit, "use_unified_attribution_setting": "true",
        "fields": ",".join(BREAKDOWN_FIELDS if report else INSIGHT_FIELDS),
    }
    if report:
        params["breakdowns"] = ",".join(BREAKDOWNS[report][0])
    parts = windows(since, until, options.window_days)

    def decode(body: bytes) -> tuple[PageColumns, str | None]:
        return decode_page(body, report)

    def one(window: tuple[date, date]) -> tuple[list[PageColumns], int]:
        window_params = {**params, "time_range": {"since": window[0].isoformat(), "until": window[1].isoformat()}}
        if use_async:
            for _attempt in range(2):
                pages = _async_report(client, account, window_params, options, report)
                if pages is not None:
                    return pages, 1
        return list(client.decoded_pages(f"{account}/insights", window_params, decode)), 0

    label = f"{report} breakdown" if report else "daily insights"
    if progress:
        progress(f"Pulling {label} {since}..{until} ({len(parts)} window(s), "
                 f"{'async report runs' if use_async else 'direct'})")
    with ThreadPoolExecutor(max_workers=max(1, min(options.workers, len(parts)))) as pool:
        results = list(pool.map(one, parts))
    return Pulled(pages=[page for part, _ in results for page in part], async_runs=sum(n for _, n in results))


def _async_report(client: GraphClient, account: str, params: dict[str, Any], options: PullOptions,
                  report: str | None) -> list[PageColumns] | None:
    """One asynchronous report run; None when Meta reports it failed (the caller retries or reads directly)."""
    started = client.post(f"{account}/insights", params)
    run_id = started.get("report_run_id")
    if not run_id:
        raise MetaApiError(f"Meta started no report run (answer: {sorted(started)}).")
    delay, waited = options.poll_first_s, 0.0
    while True:
        status = client.get(str(run_id), {"fields": "async_status,async_percent_completion"})
        state = status.get("async_status")
        if state == _DONE:
            break
        if state in _FAILED:
            return None
        if waited >= options.poll_timeout_s:
            raise MetaApiError(f"Meta's report run {run_id} did not finish within {options.poll_timeout_s:.0f} s "
                               f"(last status {state!r}); nothing was changed, run `hookline sync` again later.")
        client.pacing.wait(delay)
        waited += delay
        delay = min(delay * 2, options.poll_max_s)
    return list(client.decoded_pages(f"{run_id}/insights", {"limit": params["limit"]},
                                     lambda body: decode_page(body, report)))


def account_info(client: GraphClient, account: str) -> dict[str, Any]:
    """The one cheap call `connect` checks the token with."""
    return client.get(account, {"fields": "name,currency,timezone_name,account_status"})


AD_FIELDS = ("id,name,campaign{id,name},adset{id,name},"
             "creative{id,title,body,call_to_action_type,image_url,thumbnail_url,video_id,object_type}")


def creatives_of(client: GraphClient, account: str, page_limit: int = 500) -> list[dict[str, Any]]:
    """Every ad with its names, ad set, campaign and creative (copy and media URLs) — one paged call."""
    return [ad for page in client.pages(f"{account}/ads", {"fields": AD_FIELDS, "limit": page_limit}) for ad in page]


def ads_by_id(client: GraphClient, ad_ids: list[str]) -> list[dict[str, Any]]:
    """Ads `/act_…/ads` did not list (deleted or archived since): by id, 50 per call (the Graph API's `ids` limit)."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(ad_ids), 50):
        answer = client.get("", {"ids": ",".join(ad_ids[start:start + 50]), "fields": AD_FIELDS})
        found += [value for value in answer.values() if isinstance(value, dict)]
    return found


def video_source(client: GraphClient, video_id: str) -> dict[str, Any]:
    return client.get(video_id, {"fields": "source,picture"})

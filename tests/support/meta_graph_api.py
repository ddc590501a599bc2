"""A local HTTP server standing in for Meta's Graph API (Marketing API), for the sync's tests and benchmark.

Real HTTP on an ephemeral port, nothing patched; point `HOOKLINE_META_API_URL` at `api.url`. It serves what the
sync reads, with the Graph API's semantics:
- `GET /v21.0/act_N` (name, currency, timezone_name), `GET /act_N/ads` (creatives, cursor-paged),
- `GET /act_N/insights` (level=ad, time_increment=1, time_range, breakdowns, fields, limit; `paging.cursors` and
  `paging.next`), `POST /act_N/insights` → `report_run_id`, `GET /{run}` (`async_status`), `GET /{run}/insights`,
- `GET /{video_id}` (source, picture), and the media files themselves under `/media/…`.
Numbers come as strings; 3-second plays, purchases and leads only inside `actions`/`action_values` arrays (with
`omni_purchase` beside `purchase`, as Meta sends them). Every answer carries `X-Ad-Account-Usage` and
`X-Business-Use-Case-Usage` headers. Faults: a bad token (190), a missing permission (200), throttling (17, 613 with
`estimated_time_to_regain_access`), transient 500s (code 2) and failed report runs can be injected.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import orjson

VERSION = "v21.0"
TOKEN = "EAAtest-token-0123456789"
AGES = ("18-24", "25-34", "35-44")
GENDERS = ("female", "male")
PLACEMENTS = (("facebook", "feed"), ("instagram", "story"))
COUNTRIES = ("US", "DE")


@dataclass
class StandInAd:
    id: str
    name: str
    campaign_id: str
    campaign_name: str
    adset_id: str
    adset_name: str
    creative_id: str
    title: str | None = None
    body: str | None = None
    cta: str | None = "SHOP_NOW"
    image: bool = False  # serve an image_url for this creative
    video_id: str | None = None


@dataclass
class Fact:
    spend: float
    impressions: int
    reach: int
    clicks: int
    link_clicks: int
    video_views: int = 0
    thruplays: int = 0
    purchases: int = 0
    purchase_value: float = 0.0
    leads: int = 0


@dataclass
class Fault:
    status: int
    code: int
    message: str
    subcode: int | None = None
    transient: bool = False
    regain_minutes: int | None = None


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    authorization: str | None


def png_bytes(colour: tuple[int, int, int] = (200, 60, 40), size: int = 64) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class MetaStandIn:
    account: str = "1234567"
    name: str = "Mossbrew Coffee"
    currency: str = "USD"
    timezone: str = "America/New_York"
    tokens: set[str] = field(default_factory=lambda: {TOKEN})
    no_permission_tokens: set[str] = field(default_factory=set)
    ads: list[StandInAd] = field(default_factory=list)
    facts: dict[tuple[str, str], Fact] = field(default_factory=dict)
    polls_until_done: int = 1
    usage_pct: float = 5.0
    requests: list[Request] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)  # by route kind, consumed in order
    failing_runs: int = 0  # the next N report runs end as "Job Failed"
    media: dict[str, bytes] = field(default_factory=dict)
    unlisted: set[str] = field(default_factory=set)  # ads `/act_…/ads` no longer lists (deleted, archived)

    def __post_init__(self) -> None:
        self._runs: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        self._pages: dict[tuple[Any, ...], bytes] = {}
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    # -- data --

    def add_ads(self, count: int, days: list[date], *, video_every: int = 2, image_every: int = 1,
                seed: int = 0) -> None:
        """`count` ads with a deterministic fact per delivered day (every ad delivers every day)."""
        start = len(self.ads)
        for n in range(start, start + count):
            campaign = n // 200
            adset = n // 20
            video = video_every and n % video_every == 0
            ad = StandInAd(
                id=f"{23850000000000 + n}", name=f"Ad {n:05d} {'video' if video else 'image'}",
                campaign_id=f"{23840000000000 + campaign}", campaign_name=f"Campaign {campaign}",
                adset_id=f"{23845000000000 + adset}", adset_name=f"Ad set {adset}",
                creative_id=f"{23860000000000 + n}", title=f"Headline {n}", body=f"Body copy of ad {n}.",
                image=bool(image_every) and not video and n % image_every == 0,
                video_id=f"{23870000000000 + n}" if video and image_every and n % image_every == 0 else None,
            )
            self.ads.append(ad)
            for d, day in enumerate(days):
                self.facts[(ad.id, day.isoformat())] = self.fact(n + seed, d, video=bool(video))
        self._cache.clear()
        self._pages.clear()

    @staticmethod
    def fact(n: int, d: int, *, video: bool) -> Fact:
        impressions = 800 + (n * 37 + d * 113) % 4000
        clicks = 10 + (n * 7 + d * 3) % 60
        link = clicks * 3 // 4
        purchases = (n + d) % 5
        return Fact(
            spend=round(5 + ((n * 13 + d * 29) % 9000) / 100, 2), impressions=impressions,
            reach=impressions * 4 // 5, clicks=clicks, link_clicks=link,
            video_views=impressions * (20 + n % 15) // 100 if video else 0,
            thruplays=impressions * (5 + n % 7) // 100 if video else 0,
            purchases=purchases, purchase_value=round(purchases * (30.25 + n % 20), 2), leads=(n + 2 * d) % 3,
        )

    def set_fact(self, ad_id: str, day: date, fact: Fact | None) -> None:
        """Revise (or, with None, remove) one ad-day: attribution settling, delivery reverted."""
        if fact is None:
            self.facts.pop((ad_id, day.isoformat()), None)
        else:
            self.facts[(ad_id, day.isoformat())] = fact
        self._cache.clear()
        self._pages.clear()

    def fail(self, kind: str, fault: Fault, times: int = 1) -> None:
        """The next `times` requests of `kind` (account, ads, insights, run_status, run_insights, video) fail."""
        self.faults.setdefault(kind, []).extend([fault] * times)

    def calls(self, kind: str | None = None) -> list[Request]:
        return [r for r in self.requests if kind is None or _kind(r.method, r.path) == kind]

    # -- rows as Meta sends them --

    def _ad_row(self, ad: StandInAd, day: str, fact: Fact) -> dict[str, Any]:
        actions = [{"action_type": "link_click", "value": str(fact.link_clicks)},
                   {"action_type": "post_engagement", "value": str(fact.clicks + 3)}]
        if fact.video_views:
            actions.append({"action_type": "video_view", "value": str(fact.video_views)})
        values = []
        if fact.purchases:
            actions += [{"action_type": "purchase", "value": str(fact.purchases)},
                        {"action_type": "omni_purchase", "value": str(fact.purchases)},
                        {"action_type": "offsite_conversion.fb_pixel_purchase", "value": str(fact.purchases)}]
            values = [{"action_type": "purchase", "value": f"{fact.purchase_value:.2f}"},
                      {"action_type": "omni_purchase", "value": f"{fact.purchase_value:.2f}"}]
        if fact.leads:
            actions.append({"action_type": "lead", "value": str(fact.leads)})
        row: dict[str, Any] = {
            "account_id": self.account, "account_name": self.name, "account_currency": self.currency,
            "campaign_id": ad.campaign_id, "campaign_name": ad.campaign_name, "adset_id": ad.adset_id,
            "adset_name": ad.adset_name, "ad_id": ad.id, "ad_name": ad.name, "date_start": day, "date_stop": day,
            "spend": f"{fact.spend:.2f}", "impressions": str(fact.impressions), "reach": str(fact.reach),
            "clicks": str(fact.clicks), "inline_link_clicks": str(fact.link_clicks), "actions": actions,
        }
        if values:
            row["action_values"] = values
        if fact.thruplays:
            row["video_thruplay_watched_actions"] = [{"action_type": "video_view", "value": str(fact.thruplays)}]
            for p, share in ((25, 80), (50, 60), (75, 45), (100, 30)):
                row[f"video_p{p}_watched_actions"] = [
                    {"action_type": "video_view", "value": str(fact.video_views * share // 100)}]
        return row

    def rows(self, since: str, until: str, breakdowns: tuple[str, ...], fields: tuple[str, ...]) -> list[dict]:
        key = (since, until, breakdowns, fields)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        by_id = {ad.id: ad for ad in self.ads}
        out: list[dict[str, Any]] = []
        wanted = set(fields) | {"date_start", "date_stop"}
        for (ad_id, day), fact in sorted(self.facts.items()):
            if not since <= day <= until:
                continue
            base = self._ad_row(by_id[ad_id], day, fact)
            for cell, share in _cells(breakdowns):
                row = _scaled(base, share) if breakdowns else base
                row = {k: v for k, v in row.items() if k in wanted}
                row.update(cell)
                out.append(row)
        self._cache[key] = out
        return out

    def to_csv(self, path: Path) -> Path:
        """The same rows as an Ads Manager export (what `hookline ingest` reads), for the benchmark."""
        by_id = {ad.id: ad for ad in self.ads}
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Day", "Account ID", "Account name", "Campaign ID", "Campaign name", "Ad set ID",
                             "Ad set name", "Ad ID", "Ad name", f"Amount spent ({self.currency})", "Impressions",
                             "Reach", "Link clicks", "Clicks (all)", "3-second video plays", "ThruPlays",
                             "Video plays at 25%", "Video plays at 50%", "Video plays at 75%", "Video plays at 100%",
                             "Purchases", "Purchases conversion value", "Leads"])
            for (ad_id, day), f in sorted(self.facts.items()):
                ad = by_id[ad_id]
                writer.writerow([day, self.account, self.name, ad.campaign_id, ad.campaign_name, ad.adset_id,
                                 ad.adset_name, ad.id, ad.name, f"{f.spend:.2f}", f.impressions, f.reach,
                                 f.link_clicks, f.clicks, f.video_views, f.thruplays, f.video_views * 80 // 100,
                                 f.video_views * 60 // 100, f.video_views * 45 // 100, f.video_views * 30 // 100,
                                 f.purchases, f"{f.purchase_value:.2f}", f.leads])
        return path

    # -- server --

    def start(self) -> MetaStandIn:
        handler = type("Handler", (_Handler,), {"api": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/{VERSION}/"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> MetaStandIn:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def media_base(self) -> str:
        return self.url.replace(f"/{VERSION}/", "/media/")

    # -- routes --

    def handle(self, method: str, path: str, params: dict[str, str], auth: str | None) -> tuple[int, bytes, dict]:
        with self._lock:
            self.requests.append(Request(method, path, params, auth))
        kind = _kind(method, path)
        if kind == "media":
            name = path.rsplit("/", 1)[-1]
            data = self.media.get(name)
            if data is None:
                return 404, b"not found", {"Content-Type": "text/plain"}
            return 200, data, {"Content-Type": "video/mp4" if name.endswith(".mp4") else "image/png"}
        token = (auth or "").removeprefix("Bearer ").strip() or params.get("access_token", "")
        if token in self.no_permission_tokens:
            return self._error(Fault(400, 200, "(#200) Requires ads_read permission"))
        if token not in self.tokens:
            return self._error(Fault(400, 190, "Error validating access token: Session has expired", subcode=463))
        with self._lock:
            queue = self.faults.get(kind)
            fault = queue.pop(0) if queue else None
        if fault is not None:
            return self._error(fault)
        parts = path.strip("/").split("/")[1:]  # drop the version
        if kind == "account":
            return self._json({"id": f"act_{self.account}", "name": self.name, "currency": self.currency,
                               "timezone_name": self.timezone, "account_status": 1})
        if kind == "ads":
            ads = [self._ad(ad) for ad in self.ads if ad.id not in self.unlisted]
            return self._paged(("ads", len(ads)), ads, path, params)
        if kind == "ids":
            by_id = {ad.id: ad for ad in self.ads}
            return self._json({i: self._ad(by_id[i]) for i in params.get("ids", "").split(",") if i in by_id})
        if kind == "insights":
            if method == "POST":
                run_id = f"{len(self._runs) + 6000000000000:d}"
                with self._lock:
                    failed = self.failing_runs > 0
                    self.failing_runs -= int(failed)
                    self._runs[run_id] = {"params": params, "polls": 0, "failed": failed}
                return self._json({"report_run_id": run_id})
            return self._insights(path, params, params)
        if kind == "run_status":
            run = self._runs.get(parts[0])
            if run is None:
                return self._error(Fault(400, 100, f"Unsupported get request. Object with ID '{parts[0]}' does not "
                                                   "exist"))
            run["polls"] += 1
            done = run["polls"] >= self.polls_until_done
            state = "Job Failed" if run["failed"] and done else ("Job Completed" if done else "Job Running")
            return self._json({"id": parts[0], "async_status": state,
                               "async_percent_completion": 100 if done else 50})
        if kind == "run_insights":
            run = self._runs[parts[0]]
            return self._insights(path, run["params"], params)
        if kind == "video":
            name = f"{parts[0]}.mp4"
            self.media.setdefault(name, b"\x00\x00\x00\x18ftypmp42" + parts[0].encode())
            self.media.setdefault(f"{parts[0]}-picture.png", png_bytes((30, 90, 160)))
            return self._json({"id": parts[0], "source": self.media_base + name,
                               "picture": self.media_base + f"{parts[0]}-picture.png"})
        return self._error(Fault(400, 100, f"Unknown path {path}"))

    def _ad(self, ad: StandInAd) -> dict[str, Any]:
        return {"id": ad.id, "name": ad.name, "campaign": {"id": ad.campaign_id, "name": ad.campaign_name},
                "adset": {"id": ad.adset_id, "name": ad.adset_name}, "creative": self._creative(ad)}

    def _creative(self, ad: StandInAd) -> dict[str, Any]:
        creative: dict[str, Any] = {"id": ad.creative_id, "title": ad.title, "body": ad.body,
                                    "call_to_action_type": ad.cta, "object_type": "VIDEO" if ad.video_id else "SHARE"}
        if ad.image:
            name = f"{ad.creative_id}.png"
            self.media.setdefault(name, png_bytes())
            creative["image_url"] = self.media_base + name
            creative["thumbnail_url"] = self.media_base + name
        if ad.video_id:
            creative["video_id"] = ad.video_id
        return creative

    def _insights(self, path: str, report: dict[str, str], page: dict[str, str]) -> tuple[int, bytes, dict]:
        if report.get("level", "ad") != "ad" or report.get("time_increment") != "1":
            return self._error(Fault(400, 100, "expected level=ad and time_increment=1"))
        time_range = orjson.loads(report["time_range"])
        breakdowns = tuple(b for b in report.get("breakdowns", "").split(",") if b)
        fields = tuple(report.get("fields", "").split(","))
        rows = self.rows(time_range["since"], time_range["until"], breakdowns, fields)
        return self._paged(("insights", time_range["since"], time_range["until"], breakdowns, fields), rows, path,
                           {**page, "limit": page.get("limit") or report.get("limit", "25")})

    def _paged(self, key: tuple[Any, ...], items: list[dict[str, Any]], path: str,
               params: dict[str, str]) -> tuple[int, bytes, dict]:
        limit = max(1, int(params.get("limit") or 25))
        offset = int(base64.b64decode(params["after"]).decode()) if params.get("after") else 0
        cache_key = (*key, limit, offset)  # the encoded rows, shared by every report run over the same range
        data = self._pages.get(cache_key)
        if data is None:
            data = orjson.dumps(items[offset:offset + limit])
            self._pages[cache_key] = data
        count = min(limit, max(0, len(items) - offset))
        paging: dict[str, Any] = {"cursors": {"before": _cursor(offset), "after": _cursor(offset + count)}}
        if offset + limit < len(items):
            query = {k: v for k, v in params.items() if k not in ("after", "access_token")}
            query["after"] = _cursor(offset + limit)
            query["access_token"] = next(iter(self.tokens), "")  # as Meta does: the token rides in paging.next
            paging["next"] = f"{self.url.split(f'/{VERSION}/')[0]}{path}?{urlencode(query)}"
        body = b'{"data":' + data + b',"paging":' + orjson.dumps(paging) + b"}"
        return 200, body, self._headers()

    def _headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json",
                "X-Ad-Account-Usage": orjson.dumps({"acc_id_util_pct": self.usage_pct,
                                                    "reset_time_duration": 0}).decode(),
                "X-Business-Use-Case-Usage": orjson.dumps({"1": [{"type": "ads_insights", "call_count": 2,
                                                                  "total_cputime": 1, "total_time": 1,
                                                                  "estimated_time_to_regain_access": 0}]}).decode()}

    def _json(self, body: dict[str, Any]) -> tuple[int, bytes, dict]:
        return 200, orjson.dumps(body), self._headers()

    def _error(self, fault: Fault) -> tuple[int, bytes, dict]:
        error: dict[str, Any] = {"message": fault.message, "type": "OAuthException", "code": fault.code,
                                 "fbtrace_id": "AbCdEf"}
        if fault.subcode:
            error["error_subcode"] = fault.subcode
        if fault.transient:
            error["is_transient"] = True
        headers = {"Content-Type": "application/json"}
        if fault.regain_minutes is not None:
            headers["X-Business-Use-Case-Usage"] = orjson.dumps({"1": [{
                "type": "ads_insights", "call_count": 100, "total_cputime": 40, "total_time": 60,
                "estimated_time_to_regain_access": fault.regain_minutes}]}).decode()
        return fault.status, orjson.dumps({"error": error}), headers


def _cursor(offset: int) -> str:
    return base64.b64encode(str(offset).encode()).decode()


def _kind(method: str, path: str) -> str:
    parts = path.strip("/").split("/")
    if parts[0] == "media":
        return "media"
    parts = parts[1:]
    if not parts or parts == [""]:
        return "ids"
    if parts and parts[0].startswith("act_"):
        return {1: "account"}.get(len(parts)) or {"ads": "ads", "insights": "insights"}.get(parts[1], "unknown")
    if len(parts) == 2 and parts[1] == "insights":
        return "run_insights"
    if len(parts) == 1 and parts[0].startswith("6"):
        return "run_status"
    if len(parts) == 1:
        return "video"
    return "unknown"


def _cells(breakdowns: tuple[str, ...]) -> Iterator[tuple[dict[str, str], float]]:
    if not breakdowns:
        yield {}, 1.0
        return
    if breakdowns == ("age", "gender"):
        cells = [({"age": a, "gender": g}, s) for a, sa in zip(AGES, (0.3, 0.5, 0.2), strict=True)
                 for g, sg in zip(GENDERS, (0.6, 0.4), strict=True) for s in [sa * sg]]
    elif breakdowns == ("age",):
        cells = [({"age": a}, s) for a, s in zip(AGES, (0.3, 0.5, 0.2), strict=True)]
    elif breakdowns == ("gender",):
        cells = [({"gender": g}, s) for g, s in zip(GENDERS, (0.6, 0.4), strict=True)]
    elif breakdowns == ("publisher_platform", "platform_position"):
        cells = [({"publisher_platform": p, "platform_position": q}, s)
                 for (p, q), s in zip(PLACEMENTS, (0.7, 0.3), strict=True)]
    elif breakdowns == ("country",):
        cells = [({"country": c}, s) for c, s in zip(COUNTRIES, (0.75, 0.25), strict=True)]
    else:
        raise ValueError(f"the stand-in has no cells for {breakdowns}")
    yield from cells


def _scaled(row: dict[str, Any], share: float) -> dict[str, Any]:
    """A cell's share of a row's numbers (strings stay strings, as Meta sends them)."""
    out = dict(row)
    for name in ("spend",):
        out[name] = f"{float(row[name]) * share:.2f}"
    for name in ("impressions", "reach", "clicks", "inline_link_clicks"):
        out[name] = str(round(int(row[name]) * share))
    for name in ("actions", "action_values", "video_thruplay_watched_actions"):
        if name in row:
            out[name] = [{"action_type": a["action_type"], "value": f"{float(a['value']) * share:g}"}
                         for a in row[name]]
    return out


class _Handler(BaseHTTPRequestHandler):
    api: MetaStandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: object) -> None:
        return

    def _serve(self, method: str) -> None:
        parsed = urlparse(self.path)
        params = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            params.update({k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()})
        status, body, headers = self.api.handle(method, parsed.path, params, self.headers.get("Authorization"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

"""The Meta Marketing API sync against a local stand-in of the Graph API (real HTTP; the only fake).

Connect (token checked, stored encrypted, never printed), full and incremental sync (async report runs, cursor
paging), re-sync and ingest of the same rows without double counting, breakdown rows, usage-header backoff, token and
permission errors (exit 2), partial failures, and creative media stored for the creator.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tests.conftest import run_cli
from tests.support.meta_graph_api import TOKEN, Fact, Fault, MetaStandIn
from tools.core.db.models import Ad, Creative, MetaConnection, PerformanceBreakdown, PerformanceDaily
from tools.core.errors import InputError
from tools.core.runtime import build_runtime, forget_databases
from tools.ingest.meta_api.client import MetaApiError, Pacing
from tools.ingest.meta_api.connection import connect_meta
from tools.ingest.meta_api.reports import PullOptions
from tools.ingest.meta_api.sync import sync_meta

DAYS = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]
NOW = datetime(2026, 11, 30, 22, 0, tzinfo=UTC)  # 17:00 on Nov 30 in New York: "today" is Nov 30


@pytest.fixture
def api() -> Iterator[MetaStandIn]:
    stand_in = MetaStandIn()
    stand_in.add_ads(12, DAYS, video_every=3, image_every=1)
    with stand_in:
        yield stand_in


@pytest.fixture
def rt(settings, api):  # type: ignore[no-untyped-def]
    # the stand-in serves media from 127.0.0.1: allowed by name, as a self-hosted media server would be
    runtime = build_runtime(settings.model_copy(update={"meta_api_url": api.url, "fetch_allow_hosts": "127.0.0.1"}),
                            "acme")
    yield runtime
    forget_databases()


def _pacing() -> Pacing:
    return Pacing(sleep=lambda _s: None)


def _totals(rt) -> dict[str, float]:  # type: ignore[no-untyped-def]
    with rt.session() as s:
        row = s.execute(select(func.count(), func.sum(PerformanceDaily.spend), func.sum(PerformanceDaily.impressions),
                               func.sum(PerformanceDaily.purchases), func.sum(PerformanceDaily.purchase_value),
                               func.sum(PerformanceDaily.video_plays_3s), func.sum(PerformanceDaily.thruplays),
                               func.sum(PerformanceDaily.conversions), func.sum(PerformanceDaily.link_clicks))
                        .where(PerformanceDaily.workspace_id == rt.workspace_id)).one()
    keys = ("rows", "spend", "impressions", "purchases", "purchase_value", "plays", "thruplays", "leads", "link")
    return dict(zip(keys, [float(v or 0) for v in row], strict=True))


def _expected(api: MetaStandIn, since: date | None = None) -> dict[str, float]:
    facts = [f for (_, day), f in api.facts.items() if since is None or day >= since.isoformat()]
    return {"rows": len(facts), "spend": sum(f.spend for f in facts), "impressions": sum(f.impressions for f in facts),
            "purchases": sum(f.purchases for f in facts), "purchase_value": sum(f.purchase_value for f in facts),
            "plays": sum(f.video_views for f in facts), "thruplays": sum(f.thruplays for f in facts),
            "leads": sum(f.leads for f in facts), "link": sum(f.link_clicks for f in facts)}


def _assert_matches(got: dict[str, float], want: dict[str, float]) -> None:
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-9, abs=1e-6), key


def test_connect_checks_the_token_and_stores_it_encrypted(rt, api) -> None:  # type: ignore[no-untyped-def]
    info = connect_meta(rt, "1234567", TOKEN)
    assert (info.account, info.name, info.currency, info.timezone) == (
        "act_1234567", "Mossbrew Coffee", "USD", "America/New_York")
    assert TOKEN not in info.model_dump_json()
    with rt.session() as s:
        stored = s.scalar(select(MetaConnection))
        assert stored is not None and TOKEN not in stored.token_ciphertext
    key = rt.home / "secret.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    url = make_url(rt.settings.resolved_database_url)
    if url.get_backend_name() == "sqlite":  # a copy of the database files alone does not reveal the token
        files = Path(url.database or "").parent.glob(Path(url.database or "").name + "*")
        assert all(TOKEN.encode() not in f.read_bytes() for f in files)
    assert [r.path for r in api.calls("account")] == ["/v21.0/act_1234567"]


def test_full_sync_maps_every_kpi_input_and_uses_async_runs(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    result = sync_meta(rt, now=NOW, pacing=_pacing(), media=False, options=PullOptions(page_limit=20))
    assert (result.date_start, result.date_end) == (DAYS[0], DAYS[-1])
    assert result.rows == len(api.facts) and result.ads == 12 and result.currency == "USD"
    assert result.async_reports == 5  # 30 days in 7-day windows, each an async report run
    assert len(api.calls("insights")) == 5 and all(r.method == "POST" for r in api.calls("insights"))
    _assert_matches(_totals(rt), _expected(api))  # purchases counted once though Meta lists three action types
    with rt.session() as s:
        names = dict(s.execute(select(Ad.external_id, Ad.name)).all())
        copy = s.execute(select(Creative.headline, Creative.cta, Creative.kind)).all()
    assert names[api.ads[0].id] == api.ads[0].name
    assert all("access_token" not in r.params for r in api.requests)  # the token only in the Authorization header
    assert len(api.calls("run_insights")) == 4 * 5 + 2  # 84 rows a 7-day window (24 the last) in pages of 20
    assert ("Headline 0", "SHOP_NOW", "video") in copy and ("Headline 1", "SHOP_NOW", "image") in copy


def test_ads_no_longer_listed_are_named_by_id(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    api.unlisted = {api.ads[3].id, api.ads[4].id}  # deleted since, but they delivered in the range
    sync_meta(rt, since="2026-11-29", now=NOW, pacing=_pacing(), media=False)
    (lookup,) = api.calls("ids")
    assert set(lookup.params["ids"].split(",")) == api.unlisted
    with rt.session() as s:
        names = dict(s.execute(select(Ad.external_id, Ad.name)).all())
    assert names[api.ads[3].id] == api.ads[3].name and len(names) == 12


def test_incremental_sync_repulls_the_last_7_days_without_double_counting(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    sync_meta(rt, now=NOW, pacing=_pacing(), media=False)
    first = _totals(rt)
    # attribution settles: a late purchase on Nov 28; delivery of one ad on Nov 27 was reverted
    revised = Fact(spend=10.0, impressions=1000, reach=900, clicks=20, link_clicks=15, purchases=9,
                   purchase_value=450.0)
    api.set_fact(api.ads[1].id, date(2026, 11, 28), revised)
    api.set_fact(api.ads[2].id, date(2026, 11, 27), None)
    api.requests.clear()
    later = NOW + timedelta(days=1)
    result = sync_meta(rt, now=later, pacing=_pacing(), media=False)
    assert (result.date_start, result.date_end) == (date(2026, 11, 24), date(2026, 12, 1))
    ranges = {json.loads(r.params["time_range"])["since"] for r in api.calls("insights")}
    assert min(ranges) == "2026-11-24"
    assert result.async_reports == 0  # 8 days: direct paged GETs
    assert result.cleared == 1
    _assert_matches(_totals(rt), _expected(api))
    assert _totals(rt)["rows"] == first["rows"] - 1
    again = sync_meta(rt, now=later, pacing=_pacing(), media=False)  # the same pull twice changes nothing
    assert again.inserted == 0 and again.cleared == 0
    _assert_matches(_totals(rt), _expected(api))


def test_sync_after_ingest_of_the_same_rows_updates_instead_of_adding(rt, api, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tools.ingest.api import ingest_files

    ingest_files(rt, api.to_csv(tmp_path / "export.csv"))
    imported = _totals(rt)
    connect_meta(rt, "act_1234567", TOKEN)
    result = sync_meta(rt, now=NOW, pacing=_pacing(), media=False)
    assert result.new_ads == 0 and result.inserted == 0 and result.updated == len(api.facts)
    _assert_matches(_totals(rt), imported)
    with rt.session() as s:
        assert s.scalar(select(func.count()).select_from(Ad)) == 12


def test_breakdown_rows_are_stored_apart_from_the_totals(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    result = sync_meta(rt, since="2026-11-25", breakdowns="age,gender,placement", now=NOW, pacing=_pacing(),
                       media=False)
    days = 6
    assert result.breakdown_rows == {"age,gender": 12 * days * 6, "placement": 12 * days * 2}
    with rt.session() as s:
        cells = dict(s.execute(select(PerformanceBreakdown.breakdown, func.sum(PerformanceBreakdown.impressions))
                               .group_by(PerformanceBreakdown.breakdown)).all())
        values = set(s.scalars(select(PerformanceBreakdown.value).where(PerformanceBreakdown.breakdown == "placement")))
    total = _expected(api, date(2026, 11, 25))["impressions"]
    assert cells["age,gender"] == pytest.approx(total, abs=12 * days * 6)  # cells are rounded shares of the total
    assert values == {"facebook/feed", "instagram/story"}
    _assert_matches(_totals(rt), _expected(api, date(2026, 11, 25)))  # totals from the daily report, not the cells

    from tools.core.domain.performance import QueryRequest
    from tools.performance.api import performance_query

    answer = performance_query(rt, QueryRequest(metrics=["spend"], period="2026-11-25..2026-11-30", by="age",
                                                today=date(2026, 11, 30)))
    groups = {row.group for row in answer.rows}
    assert {"18-24", "25-34", "35-44"} <= groups


def test_rate_limits_back_off_as_the_usage_headers_say(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    api.fail("insights", Fault(400, 17, "(#17) User request limit reached", regain_minutes=3))
    api.fail("run_insights", Fault(400, 613, "(#613) Calls within one hour have exceeded the limit"))
    api.fail("run_insights", Fault(500, 2, "Service temporarily unavailable", transient=True))
    pacing = _pacing()
    result = sync_meta(rt, now=NOW, pacing=pacing, media=False)
    assert 180.0 in pacing.waits  # estimated_time_to_regain_access: 3 minutes
    assert len([w for w in pacing.waits if w >= pacing.base_delay_s]) >= 3
    assert result.rows == len(api.facts)
    _assert_matches(_totals(rt), _expected(api))


def test_a_failed_report_run_is_retried_and_nothing_is_missing(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    api.failing_runs = 3  # one window fails twice (then is read directly), the next once (one worker: in order)
    result = sync_meta(rt, now=NOW, pacing=_pacing(), media=False, options=PullOptions(workers=1))
    assert result.rows == len(api.facts)
    windows = [json.loads(r.params["time_range"])["since"] for r in api.calls("insights")]
    methods = [r.method for r in api.calls("insights")]
    assert methods[:4] == ["POST", "POST", "GET", "POST"] and windows[:3] == ["2026-11-01"] * 3
    _assert_matches(_totals(rt), _expected(api))


def test_persistent_failure_changes_nothing(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    api.fail("run_insights", Fault(500, 1, "An unknown error occurred", transient=True), times=100)
    with pytest.raises(MetaApiError, match="Nothing was changed"):
        sync_meta(rt, now=NOW, pacing=_pacing(), media=False)
    assert _totals(rt)["rows"] == 0
    with rt.session() as s:
        assert s.scalar(select(MetaConnection.last_synced_at)) is None


def test_an_expired_token_names_the_fix(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    api.tokens.clear()
    with pytest.raises(InputError, match=r"code 190.*hookline connect meta --account act_1234567") as caught:
        sync_meta(rt, now=NOW, pacing=_pacing(), media=False)
    assert TOKEN not in str(caught.value)
    api.no_permission_tokens.add("EAAother")
    with pytest.raises(InputError, match="ads_read"):
        connect_meta(rt, "act_1234567", "EAAother")


def test_cli_connect_and_sync(home: Path, api: MetaStandIn) -> None:
    env = {"HOOKLINE_META_API_URL": api.url, "META_TOKEN": TOKEN, "HOOKLINE_WORKSPACE": "cli"}
    connected = run_cli(["connect", "meta", "--account", "act_1234567", "--token-env", "META_TOKEN", "--json"],
                        home=home, env=env)
    assert connected.returncode == 0, connected.stderr
    assert json.loads(connected.stdout) == {"account": "act_1234567", "name": "Mossbrew Coffee", "currency": "USD",
                                            "timezone": "America/New_York", "last_synced_at": None}
    assert TOKEN not in connected.stdout + connected.stderr
    synced = run_cli(["sync", "--since", "2026-11-20", "--breakdowns", "country", "--no-media", "--json"],
                     home=home, env=env)
    assert synced.returncode == 0, synced.stderr
    data = json.loads(synced.stdout)
    assert {"rows", "ads", "date_start", "date_end", "warnings"} <= set(data)
    assert data["date_start"] == "2026-11-20" and data["ads"] == 12 and data["breakdown_rows"]["country"] > 0
    human = run_cli(["sync", "--since", "2026-11-29", "--no-media"], home=home, env=env)
    assert human.returncode == 0 and "Meta sync of act_1234567" in human.stdout, human.stderr
    api.tokens.clear()
    expired = run_cli(["sync", "--json"], home=home, env=env)
    assert expired.returncode == 2 and "hookline connect meta" in expired.stderr
    assert TOKEN not in expired.stdout + expired.stderr
    bad = run_cli(["connect", "meta", "--account", "12ab", "--token", "x"], home=home, env=env)
    assert bad.returncode == 2 and "act_" in bad.stderr


def test_sync_without_a_connection_says_how_to_connect(rt) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="hookline connect meta"):
        sync_meta(rt, now=NOW)


def test_media_is_stored_and_drawn_by_variants_from_winner(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    result = sync_meta(rt, now=NOW, pacing=_pacing())
    assert result.media_stored == 12
    with rt.session() as s:
        stored = dict(s.execute(select(Creative.headline, Creative.media_uri)).all())
    assert stored["Headline 1"] == f"media/meta/{api.ads[1].creative_id}.png"
    assert stored["Headline 0"].endswith(".mp4")  # a video and its thumbnail beside it
    again = sync_meta(rt, now=NOW, pacing=_pacing())
    assert again.media_stored == 0  # already stored: not downloaded again

    from PIL import Image

    from tools.creator.api import generate_variants

    out = generate_variants(rt, "winner", n=2, formats=["1x1"], out_dir=rt.home / "variants", period="last-7-days")
    media = out.source.media
    assert media is not None and Path(media).is_file() and "media/meta" in Path(media).as_posix()
    seen = False
    for variant in out.variants:
        with Image.open(variant.assets[0].path) as image:
            colours = {c for _, c in image.convert("RGB").getcolors(1 << 20)}
        stand_in_colours = {(200, 60, 40), (30, 90, 160)}  # the stand-in's image and video thumbnail
        seen = seen or any(max(abs(a - b) for a, b in zip(c, s, strict=True)) <= 3
                           for c in colours for s in stand_in_colours)
    assert seen, "the winner's own picture is drawn in its variants"


def test_token_env_must_be_set(home: Path, api: MetaStandIn) -> None:
    env = {"HOOKLINE_META_API_URL": api.url}
    os.environ.pop("UNSET_META_TOKEN_H20", None)
    result = run_cli(["connect", "meta", "--account", "act_1", "--token-env", "UNSET_META_TOKEN_H20"],
                     home=home, env=env)
    assert result.returncode == 2 and "UNSET_META_TOKEN_H20" in result.stderr


@pytest.mark.parametrize("report", [None, "age,gender", "placement"])
def test_arrow_and_per_row_decoding_agree(api, report) -> None:  # type: ignore[no-untyped-def]
    import numpy as np
    import orjson

    from tools.ingest.meta_api.mapping import BREAKDOWN_FIELDS, BREAKDOWNS, INSIGHT_FIELDS, decode_page, page_columns

    fields = BREAKDOWN_FIELDS if report else INSIGHT_FIELDS
    rows = api.rows("2026-11-01", "2026-11-03", BREAKDOWNS[report][0] if report else (), tuple(fields))
    rows[0] = {k: v for k, v in rows[0].items() if k != "actions"}  # a row without any action
    body = orjson.dumps({"data": rows, "paging": {"next": "http://example.test/next"}})
    fast, next_url = decode_page(body, report)
    slow = page_columns(rows, report)
    assert next_url == "http://example.test/next"
    assert fast.ad_ids.to_pylist() == slow.ad_ids.to_pylist()
    assert fast.cells == slow.cells and fast.named == slow.named
    assert np.array_equal(fast.day, slow.day)
    assert set(fast.measures) == set(slow.measures)
    for name, values in slow.measures.items():
        assert np.allclose(fast.measures[name], values), name
    # a number sent as a JSON number on one row and as a string on another: the per-row path takes over
    rows[1] = {**rows[1], "spend": float(rows[1]["spend"])}
    mixed, _ = decode_page(orjson.dumps({"data": rows}), report)
    assert np.allclose(mixed.measures["spend"], page_columns(rows, report).measures["spend"])
    rows[2] = {**rows[2], "impressions": "n/a"}
    with pytest.raises(InputError, match=r"row 3 .*'impressions' is 'n/a'; expected a number"):
        decode_page(orjson.dumps({"data": rows}), report)


def test_doctor_checks_the_stored_token(rt, api) -> None:  # type: ignore[no-untyped-def]
    from tools.ingest.meta_api.health import check_meta

    settings = rt.settings.model_copy(update={"workspace": "acme"})
    assert check_meta(settings).status == "off"  # nothing connected: files only
    connect_meta(rt, "act_1234567", TOKEN)
    connected = check_meta(settings)
    assert connected.status == "ok" and "Mossbrew Coffee" in connected.detail and "never synced" in connected.detail
    api.tokens.clear()
    expired = check_meta(settings)
    assert expired.status == "fail" and expired.required
    assert "hookline connect meta --account act_1234567" in (expired.fix or "")
    assert TOKEN not in expired.detail


def test_agent_tool_sync_account(rt, api) -> None:  # type: ignore[no-untyped-def]
    from agent.planning.offline import plan_offline
    from tools.catalog import get_spec

    assert plan_offline("refresh our data").tool_names == ["sync_account"]
    connect_meta(rt, "act_1234567", TOKEN)
    spec = get_spec("sync_account")
    assert spec.side_effect
    events: list[str] = []
    output = spec.run(rt, spec.args(since="2026-11-28"), lambda stage, done, total, message: events.append(message))
    assert output.data["rows"] == 12 * 3 and output.data["date_start"] == "2026-11-28"
    assert "Synced 36 rows for 12 ads from act_1234567" in output.summary
    assert any("Pulling daily insights" in e for e in events)


def test_the_secret_key_can_come_from_the_environment(sqlite_settings) -> None:  # type: ignore[no-untyped-def]
    from cryptography.fernet import Fernet
    from pydantic import SecretStr

    from tools.core.errors import NotConfiguredError
    from tools.core.secrets import decrypt, encrypt

    keyed = sqlite_settings.model_copy(update={"secret_key": SecretStr(Fernet.generate_key().decode())})
    sealed = encrypt(keyed, TOKEN)
    assert decrypt(keyed, sealed) == TOKEN and not (keyed.home / "secret.key").exists()
    with pytest.raises(NotConfiguredError, match="reconnect"):
        decrypt(sqlite_settings, sealed)  # another key (none here): the token cannot be read
    encrypt(sqlite_settings, "other")  # creates home/secret.key
    with pytest.raises(NotConfiguredError, match="cannot be decrypted"):
        decrypt(sqlite_settings, sealed)
    bad = sqlite_settings.model_copy(update={"secret_key": SecretStr("not-a-key")})
    with pytest.raises(InputError, match="HOOKLINE_SECRET_KEY is not a Fernet key"):
        encrypt(bad, TOKEN)


def test_high_usage_headers_slow_the_client_down(rt, api) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    api.usage_pct = 95.0  # X-Ad-Account-Usage: 95 % of the account's budget used
    pacing = _pacing()
    pages = PullOptions(page_limit=5)  # 24 rows: 5 pages, each after the answer to the one before
    sync_meta(rt, since="2026-11-29", now=NOW, pacing=pacing, media=False, options=pages)
    assert len(pacing.waits) >= 4 and all(w == pytest.approx(pacing.base_delay_s * 4) for w in pacing.waits)
    api.usage_pct = 5.0
    calm = _pacing()
    sync_meta(rt, since="2026-11-29", now=NOW, pacing=calm, media=False, options=pages)
    assert calm.waits == []


def test_media_urls_go_through_the_guarded_fetcher(settings, api) -> None:  # type: ignore[no-untyped-def]
    """Media URLs come from the API, so they are untrusted: an internal address is refused, the sync goes on."""
    runtime = build_runtime(settings.model_copy(update={"meta_api_url": api.url}), "acme")
    try:
        connect_meta(runtime, "act_1234567", TOKEN)
        result = sync_meta(runtime, now=NOW, pacing=_pacing())
        assert result.media_stored == 0 and result.rows > 0
        refused = [w for w in result.warnings if "could not be downloaded" in w]
        assert refused and "loopback" in refused[0] and "ad " in refused[0]
        assert not [c for c in api.calls() if "/media/" in c.path]  # no request reached the media route
    finally:
        forget_databases()

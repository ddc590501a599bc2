"""On a realistic simulated account (48 creatives, 5 weeks, fatigue and launches over time), every check-in says the
same numbers as the performance capability it is built on, and the scheduler posts all four in one Monday pass."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from integrations.scheduler import Scheduler
from integrations.slack.poster import SlackWebApiPoster, slack_client
from tests.checkins.conftest import GROWTH
from tests.support.slack_web_api import DEFAULT_TOKEN
from tools.checkins.api import preview_checkin, schedule_checkin
from tools.performance.api import find_winners, performance_report
from tools.performance.formatting import kpi_value

FIRE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 Paris, the day after the account's last day


def test_messages_agree_with_the_performance_numbers(account) -> None:  # type: ignore[no-untyped-def]
    runtime = account
    report = performance_report(runtime, period="2026-11-16..2026-11-22")
    assert report.ads_delivered > 10 and report.currency == "USD"
    weekly = preview_checkin(runtime, "weekly-report", now=FIRE)
    spend_field = weekly.blocks[2]["fields"][0]["text"]
    assert spend_field.startswith(f"*Spend*\n{kpi_value('spend', report.kpis.spend, 'USD')}  (")
    assert weekly.data["top"] == [a.ad_id for a in report.top[:3]]
    assert weekly.data["fatigued"] == [f.ad_id for f in report.fatigued]

    winners = find_winners(runtime, period="2026-11-16..2026-11-22", metric="roas", top=5)
    digest = preview_checkin(runtime, "winners-digest", now=FIRE)
    assert [w["ad_id"] for w in digest.data["winners"]] == [w.ad_id for w in winners.winners]

    alerts = preview_checkin(runtime, "fatigue-alerts", now=FIRE)
    started = [f for f in performance_report(runtime, period="2026-11-16..2026-11-22").fatigued
               if f.day.isoformat() >= "2026-11-16"]
    assert started and len(alerts.items) == len(started)  # this account's winners do fatigue that week
    buttons = [json.loads(b["accessory"]["value"])["ad_id"] for b in alerts.blocks if "accessory" in b]
    assert buttons == [f.ad_id for f in started][:10]

    velocity = preview_checkin(runtime, "velocity-check", now=FIRE)
    assert velocity.data["creative_velocity"] == report.kpis.creative_velocity
    assert velocity.quiet == (report.kpis.creative_velocity >= 20 and report.kpis.freshness_rate >= 0.40)


def test_one_monday_pass_posts_every_scheduled_check_in(account, slack, clock) -> None:  # type: ignore[no-untyped-def]
    runtime = account
    for job in ("weekly-report", "fatigue-alerts", "winners-digest", "velocity-check"):
        schedule_checkin(runtime, job, "#growth", every="monday 9:00", tz="Europe/Paris", all_quiet=True,
                         now=clock.now())
    poster = SlackWebApiPoster(slack_client(DEFAULT_TOKEN, slack.url))
    clock.set(FIRE)
    report = Scheduler(runtime.settings, clock=clock, poster_factory=lambda _rt: poster).tick()
    assert sorted(f["job"] for f in report.fired if f["posted"]) == [
        "fatigue-alerts", "velocity-check", "weekly-report", "winners-digest"]
    assert report.errors == []
    messages = slack.thread(GROWTH, None)
    assert len(messages) == 4
    for message in messages:
        assert message.text and len(message.blocks) <= 50
        assert message.metadata["event_payload"]["period"] in ("2026-11-16..2026-11-22", "2026-11-22")


def test_an_imported_export_is_reported_by_the_scheduler(sqlite_settings, tmp_path, slack, clock) -> None:  # type: ignore[no-untyped-def]
    """The full path a user takes: an Ads Manager export through the importer, a schedule, Monday 09:00 in Paris."""
    from tests.checkins.conftest import simulated_account
    from tools.core.runtime import build_runtime, forget_databases
    from tools.ingest.api import ingest_files

    runtime = build_runtime(sqlite_settings, "acme")
    try:
        export = simulated_account().write(tmp_path / "meta_export.csv")
        imported = ingest_files(runtime, [export])
        assert imported.date_end.isoformat() == "2026-11-22"
        schedule_checkin(runtime, "weekly-report", "#growth", every="every Monday at 9", tz="Europe/Paris",
                         now=clock.now())
        poster = SlackWebApiPoster(slack_client(DEFAULT_TOKEN, slack.url))
        clock.set(FIRE)
        (fired,) = Scheduler(runtime.settings, clock=clock, poster_factory=lambda _rt: poster).tick().fired
        assert fired["posted"], fired
        report = performance_report(runtime, period="2026-11-16..2026-11-22")
        (message,) = slack.thread(GROWTH, None)
        spend = kpi_value("spend", report.kpis.spend, report.currency)
        assert f"*Spend*\\n{spend}" in json.dumps(message.blocks, ensure_ascii=False)
        assert len(slack.uploads_in(GROWTH, message.ts)) == len(ledger_files(runtime)) >= 2
    finally:
        forget_databases()


def ledger_files(runtime) -> list:  # type: ignore[no-untyped-def]
    from tools.checkins import ledger

    (run,) = ledger.history(runtime)
    return run.files

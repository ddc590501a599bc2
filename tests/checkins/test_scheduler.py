"""The scheduler on a hand-moved clock: on time in the schedule's zone, one catch-up after downtime, never a double
post with two schedulers on one database, durable fires, retries, and a background thread that stops cleanly."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from integrations.scheduler import Scheduler, start_scheduler
from integrations.scheduler import fires as fire_store
from integrations.slack.poster import SlackWebApiPoster, slack_client
from tests.checkins.conftest import GROWTH
from tests.checkins.data import build_week
from tests.support.slack_web_api import DEFAULT_TOKEN
from tools.checkins.api import cancel_checkin, list_checkins, schedule_checkin
from tools.checkins.clock import ManualClock
from tools.checkins.runner import LEASE
from tools.core.db.models import Workspace
from tools.core.runtime import build_runtime

PARIS_9AM_UTC = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Paris (CET, UTC+1)


def scheduler(runtime, slack, clock, **kwargs) -> Scheduler:  # type: ignore[no-untyped-def]
    poster = SlackWebApiPoster(slack_client(DEFAULT_TOKEN, slack.url))
    return Scheduler(runtime.settings, clock=clock, poster_factory=lambda _rt: poster, **kwargs)


def test_fires_on_time_in_the_workspace_zone(runtime, slack, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    with runtime.session() as session:
        session.execute(update(Workspace).where(Workspace.id == runtime.workspace_id)
                        .values(timezone="Europe/Paris"))
    schedule = schedule_checkin(runtime, "weekly-report", "#growth", every="monday 9:00", now=clock.now())
    assert schedule.tz == "Europe/Paris" and schedule.next_run == PARIS_9AM_UTC
    service = scheduler(runtime, slack, clock)
    clock.set(PARIS_9AM_UTC - timedelta(seconds=1))
    early = service.tick()
    assert early.fired == [] and slack.calls_to("chat.postMessage") == []
    assert early.next_wakeup == PARIS_9AM_UTC
    clock.set(PARIS_9AM_UTC)
    on_time = service.tick()
    assert [f["posted"] for f in on_time.fired] == [True]
    assert on_time.fired[0]["note"] is None and on_time.fired[0]["fire_at"] == PARIS_9AM_UTC.isoformat()
    (message,) = slack.thread(GROWTH, None)
    assert message.ts == f"{PARIS_9AM_UTC.timestamp():.6f}"  # posted at 09:00:00 Paris time
    assert message.blocks[0]["text"]["text"] == "Weekly report · 16–22 Nov 2026"
    assert len(slack.uploads_in(GROWTH, message.ts)) >= 2
    clock.advance(seconds=30)
    assert service.tick().fired == []
    (listed,) = list_checkins(runtime)
    assert listed.next_run == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert listed.last_run == PARIS_9AM_UTC and listed.last_outcome["posted"] is True


def test_summer_time_shifts_the_utc_instant(runtime, slack) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(datetime(2026, 6, 1, 6, 0, tzinfo=UTC))  # Monday 08:00 CEST
    schedule_checkin(runtime, "velocity-check", "#growth", every="weekdays at 9", tz="Europe/Paris", all_quiet=True,
                     now=clock.now())
    service = scheduler(runtime, slack, clock)
    clock.set(datetime(2026, 6, 1, 6, 59, 59, tzinfo=UTC))
    assert service.tick().fired == []
    clock.set(datetime(2026, 6, 1, 7, 0, tzinfo=UTC))  # 09:00 CEST = 07:00 UTC
    fired = service.tick().fired
    assert len(fired) == 1 and fired[0]["posted"]
    assert slack.thread(GROWTH, None)[0].text.startswith("All quiet")  # the schedule asked for the one-liner


def test_catches_up_once_after_downtime_with_a_note(runtime, slack) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    clock = ManualClock(datetime(2026, 11, 9, 7, 0, tzinfo=UTC))
    schedule_checkin(runtime, "weekly-report", "#growth", every="monday 9:00", tz="Europe/Paris", now=clock.now())
    # the scheduler was down from before the first fire (Mon 9 Nov) until Monday 23 Nov, 11:30 in Paris
    clock.set(datetime(2026, 11, 23, 10, 30, tzinfo=UTC))
    service = scheduler(runtime, slack, clock)
    report = service.tick()
    assert len(report.fired) == 1
    assert report.fired[0]["note"] == "caught up after downtime (missed 3 runs)"
    assert report.fired[0]["fire_at"] == PARIS_9AM_UTC.isoformat()  # the latest missed fire
    (message,) = slack.thread(GROWTH, None)
    assert message.blocks[1] == {"type": "context", "elements": [
        {"type": "mrkdwn", "text": ":hourglass_flowing_sand: Caught up after downtime (missed 3 runs)"}]}
    assert message.blocks[0]["text"]["text"] == "Weekly report · 16–22 Nov 2026"  # the latest week, not older ones
    assert "(caught up after downtime (missed 3 runs))" in message.text
    for _ in range(3):
        clock.advance(minutes=1)
        assert service.tick().fired == []
    # a fresh scheduler process (a restart) does not post it again either
    assert scheduler(runtime, slack, clock).tick().fired == []
    # the next Monday fires on time again, without a note
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    later = service.tick().fired
    assert len(later) == 1 and later[0]["note"] is None
    assert len(slack.calls_to("chat.postMessage")) == 1 + int(later[0]["posted"])
    # down again for two Mondays, back exactly at the third: that one is on time, the two before are reported
    clock.set(datetime(2026, 12, 21, 8, 0, 10, tzinfo=UTC))
    (back,) = service.tick().fired
    assert back["note"] == "caught up after downtime (missed 2 runs)"
    assert back["fire_at"] == datetime(2026, 12, 21, 8, 0, tzinfo=UTC).isoformat()


def test_two_schedulers_on_one_database_never_double_post(runtime, slack) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(datetime(2026, 11, 23, 6, 0, tzinfo=UTC))
    for job in ("weekly-report", "velocity-check", "winners-digest"):
        schedule_checkin(runtime, job, "#growth", every="monday 9:00", tz="Europe/Paris", all_quiet=True,
                         now=clock.now())
    # a second schedule of the same check-in firing at the same instant: the ledger, not the schedule, arbitrates
    schedule_checkin(runtime, "weekly-report", "C0GROWTH01", cron="0 8 * * 1", tz="UTC", all_quiet=True,
                     now=clock.now())
    build_week(runtime)
    first, second = scheduler(runtime, slack, clock), scheduler(runtime, slack, clock)
    assert first.owner != second.owner
    for week in range(3):
        clock.set(PARIS_9AM_UTC + timedelta(days=7 * week))
        barrier = threading.Barrier(2)
        reports = []

        def tick(service: Scheduler, barrier: threading.Barrier = barrier, reports: list = reports) -> None:
            barrier.wait()
            reports.append(service.tick())

        threads = [threading.Thread(target=tick, args=(s,)) for s in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        fired = [f for r in reports for f in r.fired if f.get("posted")]
        assert len(fired) == 3, (week, reports)
        skipped = [f for r in reports for f in r.fired if not f.get("posted")]
        assert len(skipped) == 1 and skipped[0]["job"] == "weekly-report"
        assert skipped[0]["reason"].startswith(("already posted", "another process is posting"))
        assert all(not r.errors for r in reports)
    posts = slack.calls_to("chat.postMessage")
    keys = [(json.loads(json.dumps(c.params["metadata"]))["event_payload"]["job"],
             json.loads(json.dumps(c.params["metadata"]))["event_payload"]["period"]) for c in posts]
    assert len(keys) == len(set(keys)) == 9


def test_a_fire_taken_by_a_scheduler_that_died_is_finished_by_another(runtime, slack, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    schedule_checkin(runtime, "winners-digest", "#growth", every="monday 9:00", tz="Europe/Paris", now=clock.now())
    clock.set(PARIS_9AM_UTC)
    survivor = scheduler(runtime, slack, clock)
    # a scheduler takes the fire, then dies before it claims or posts anything
    (taken,) = fire_store.take_due(survivor.database, clock.now(), owner="dead:1:x", lease=LEASE,
                                   grace=timedelta(minutes=5))
    assert survivor.tick().fired == []  # its lease still holds
    clock.advance(LEASE + timedelta(seconds=1))
    fired = survivor.tick().fired
    assert len(fired) == 1 and fired[0]["posted"] and fired[0]["attempt"] == 2
    assert fired[0]["fire_at"] == taken.fire_at.isoformat()
    assert len(slack.thread(GROWTH, None)) == 1
    assert survivor.tick().fired == []


def test_a_slack_outage_is_retried_later(runtime, slack, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    schedule_checkin(runtime, "winners-digest", "#growth", every="monday 9:00", tz="Europe/Paris", now=clock.now())
    service = scheduler(runtime, slack, clock)
    slack.fail_next("chat.postMessage", error="service_unavailable")
    clock.set(PARIS_9AM_UTC)
    report = service.tick()
    assert report.fired == [] and "service_unavailable" in report.errors[0]["error"]
    assert report.errors[0]["retry_at"] == (PARIS_9AM_UTC + timedelta(minutes=1)).isoformat()
    assert list_checkins(runtime)[0].last_outcome["posted"] is False
    clock.advance(seconds=30)
    assert service.tick().fired == []
    clock.advance(seconds=31)
    (fired,) = service.tick().fired
    assert fired["posted"] and fired["attempt"] == 2
    assert len(slack.thread(GROWTH, None)) == 1 and list_checkins(runtime)[0].last_outcome["posted"] is True


def test_cancelled_and_other_workspaces_schedules(runtime, slack, clock) -> None:  # type: ignore[no-untyped-def]
    other = build_runtime(runtime.settings, "other-team")
    gone = schedule_checkin(runtime, "velocity-check", "#growth", every="monday 9:00", tz="Europe/Paris",
                            all_quiet=True, now=clock.now())
    cancel_checkin(runtime, gone.id)
    schedule_checkin(other, "velocity-check", "#alerts", every="monday 9:00", tz="Europe/Paris", all_quiet=True,
                     now=clock.now())
    clock.set(PARIS_9AM_UTC)
    only_acme = scheduler(runtime, slack, clock, workspaces=["acme"])
    assert only_acme.tick().fired == []
    everyone = scheduler(runtime, slack, clock)
    (fired,) = everyone.tick().fired
    assert fired["workspace"] == "other-team" and fired["posted"]
    assert slack.thread(GROWTH, None) == []


def test_background_thread_fires_when_the_clock_gets_there_and_stops_cleanly(runtime, slack, clock) -> None:  # type: ignore[no-untyped-def]
    schedule_checkin(runtime, "velocity-check", "#growth", every="monday 9:00", tz="Europe/Paris", all_quiet=True,
                     now=clock.now())
    poster = SlackWebApiPoster(slack_client(DEFAULT_TOKEN, slack.url))
    handle = start_scheduler(runtime.settings, clock=clock, poster_factory=lambda _rt: poster, poll_interval=30)
    try:
        first = handle.wait_for_ticks(1)
        assert first.fired == [] and first.next_wakeup == PARIS_9AM_UTC
        clock.set(PARIS_9AM_UTC)
        slack.wait_for(lambda: slack.thread(GROWTH, None), timeout=30)
        assert handle.is_alive()
    finally:
        assert handle.stop(timeout=30)
    assert not handle.is_alive()
    assert len(slack.thread(GROWTH, None)) == 1


def test_a_fire_that_cannot_work_is_not_retried(runtime, slack, clock) -> None:  # type: ignore[no-untyped-def]
    schedule_checkin(runtime, "velocity-check", "#growth", every="monday 9:00", tz="Europe/Paris", now=clock.now())
    clock.set(PARIS_9AM_UTC)
    unconfigured = Scheduler(runtime.settings, clock=clock)  # no SLACK_BOT_TOKEN in these settings
    report = unconfigured.tick()
    assert "SLACK_BOT_TOKEN" in report.errors[0]["error"] and report.errors[0]["retry_at"] is None
    (listed,) = list_checkins(runtime)
    assert listed.last_outcome["gave_up"] is True and listed.next_run == datetime(2026, 11, 30, 8, tzinfo=UTC)
    clock.advance(hours=1)
    assert unconfigured.tick().errors == []

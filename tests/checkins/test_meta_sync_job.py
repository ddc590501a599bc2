"""The scheduler's daily Meta sync: due at 06:00 in the ad account's time zone, run before the check-ins of the same
pass, taken by one scheduler only, retried after a failure; check-ins say when the data was last synced."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from integrations.scheduler import Scheduler
from integrations.slack.poster import SlackWebApiPoster, slack_client
from tests.checkins.conftest import GROWTH
from tests.support.meta_graph_api import TOKEN, MetaStandIn
from tests.support.slack_web_api import DEFAULT_TOKEN
from tools.checkins.api import schedule_checkin
from tools.checkins.clock import ManualClock
from tools.core.db.models import MetaConnection, Workspace
from tools.core.runtime import build_runtime, forget_databases
from tools.ingest.meta_api import schedule as meta_schedule
from tools.ingest.meta_api.connection import connect_meta

MONDAY_9AM_NY = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York (EST, UTC-5)
TUESDAY_6AM_NY = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


@pytest.fixture
def meta():  # type: ignore[no-untyped-def]
    api = MetaStandIn()
    api.add_ads(8, [date(2026, 11, 1) + timedelta(days=i) for i in range(31)], video_every=2, image_every=0)
    with api:
        yield api


@pytest.fixture
def rt(settings, meta):  # type: ignore[no-untyped-def]
    runtime = build_runtime(settings.model_copy(update={"meta_api_url": meta.url}), "acme")
    yield runtime
    forget_databases()


def _scheduler(rt, slack, clock) -> Scheduler:  # type: ignore[no-untyped-def]
    poster = SlackWebApiPoster(slack_client(DEFAULT_TOKEN, slack.url))
    return Scheduler(rt.settings, clock=clock, poster_factory=lambda _rt: poster)


def test_daily_sync_runs_before_the_checkin_and_the_checkin_says_when(rt, meta, slack) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(MONDAY_9AM_NY - timedelta(days=3))
    connect_meta(rt, "act_1234567", TOKEN)
    with rt.session() as session:
        session.execute(update(Workspace).where(Workspace.id == rt.workspace_id).values(timezone="America/New_York"))
    schedule_checkin(rt, "weekly-report", "#growth", every="monday 9:00", now=clock.now())
    service = _scheduler(rt, slack, clock)
    clock.set(MONDAY_9AM_NY)
    report = service.tick()
    assert [f["job"] for f in report.fired] == ["sync", "weekly-report"]  # the sync first, in the same pass
    assert report.fired[0]["date_end"] == "2026-11-30" and report.fired[1]["posted"] is True
    (message,) = slack.thread(GROWTH, None)
    assert "Data last synced from Meta (act_1234567) on Mon 30 Nov 14:00 UTC" in message.text
    assert service.tick().fired == []  # synced since today's 06:00 New York: nothing due
    assert service.next_wakeup() == TUESDAY_6AM_NY
    clock.set(TUESDAY_6AM_NY - timedelta(minutes=1))
    assert service.tick().fired == []
    clock.set(TUESDAY_6AM_NY)
    (synced,) = service.tick().fired
    assert synced["job"] == "sync" and synced["date_start"] == "2026-11-24"  # re-pulls the last 7 days


def test_one_scheduler_takes_a_due_sync_and_a_failure_is_retried_later(rt, meta, slack) -> None:  # type: ignore[no-untyped-def]
    connect_meta(rt, "act_1234567", TOKEN)
    now = MONDAY_9AM_NY
    assert [d.workspace for d in meta_schedule.take_due_syncs(rt.database, now)] == ["acme"]
    assert meta_schedule.take_due_syncs(rt.database, now) == []  # taken: a second scheduler gets nothing
    meta_schedule.finish_sync(rt.database, "acme", now, None)
    meta.tokens.clear()  # the token expired
    clock = ManualClock(now)
    report = _scheduler(rt, slack, clock).tick()
    assert report.fired == [] and "hookline connect meta" in report.errors[0]["error"]
    with rt.session() as session:
        error = session.scalar(select(MetaConnection.sync_error))
    assert error and "code 190" in error
    clock.set(now + meta_schedule.RETRY - timedelta(seconds=1))
    assert _scheduler(rt, slack, clock).tick().errors == []  # waits before trying again
    meta.tokens.add(TOKEN)
    clock.set(now + meta_schedule.RETRY)
    (synced,) = _scheduler(rt, slack, clock).tick().fired
    assert synced["job"] == "sync"
    with rt.session() as session:
        assert session.scalar(select(MetaConnection.sync_error)) is None

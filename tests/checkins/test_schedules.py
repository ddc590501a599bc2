"""Creating, listing and cancelling schedules through the seam the agent and the CLI call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from tools.checkins.api import cancel_checkin, list_checkins, schedule_checkin
from tools.core.db.models import Workspace
from tools.core.errors import InputError
from tools.core.runtime import build_runtime

MONDAY_0759_UTC = datetime(2026, 11, 23, 7, 59, tzinfo=UTC)  # 08:59 in Paris


def test_every_phrase_schedules_the_next_run_in_the_given_zone(runtime) -> None:  # type: ignore[no-untyped-def]
    schedule = schedule_checkin(runtime, "weekly-report", "#Growth", every="every Monday at 9", tz="Europe/Paris",
                                created_by="U123", now=MONDAY_0759_UTC)
    assert schedule.id.startswith("chk_") and len(schedule.id) == 12
    assert (schedule.job, schedule.channel, schedule.cron, schedule.tz) == (
        "weekly-report", "#growth", "0 9 * * mon", "Europe/Paris")
    assert schedule.every == "every Monday at 9"
    assert schedule.next_run == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # in one minute: 09:00 Paris
    assert schedule.next_run.utcoffset() == timedelta(hours=1)  # shown in the schedule's own zone
    assert schedule.description == "every Monday at 09:00 (Europe/Paris)"
    assert schedule.created_by == "U123" and schedule.active and schedule.created

    later = schedule_checkin(runtime, "fatigue-alerts", "C0ALERTS01", cron="30 8 * * 1-5", tz="America/New_York",
                             all_quiet=True, now=MONDAY_0759_UTC + timedelta(seconds=1))
    assert later.cron == "30 8 * * mon-fri" and later.all_quiet
    assert later.next_run == datetime(2026, 11, 23, 13, 30, tzinfo=UTC)  # 08:30 EST

    listed = list_checkins(runtime)
    assert [s.id for s in listed] == [schedule.id, later.id]


def test_schedules_default_to_the_workspace_time_zone(runtime) -> None:  # type: ignore[no-untyped-def]
    with runtime.session() as session:
        session.execute(update(Workspace).where(Workspace.id == runtime.workspace_id)
                        .values(timezone="Asia/Tokyo"))
    schedule = schedule_checkin(runtime, "velocity-check", "#growth", every="weekday 9:00", now=MONDAY_0759_UTC)
    assert schedule.tz == "Asia/Tokyo"
    assert schedule.next_run == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # Tuesday 09:00 JST


def test_the_same_schedule_twice_is_one_schedule(runtime) -> None:  # type: ignore[no-untyped-def]
    first = schedule_checkin(runtime, "winners-digest", "#growth", every="monday 9:00", tz="UTC",
                             now=MONDAY_0759_UTC)
    again = schedule_checkin(runtime, "winners-digest", "growth", cron="0 9 * * MON", tz="UTC", now=MONDAY_0759_UTC)
    assert again.id == first.id and not again.created
    assert len(list_checkins(runtime)) == 1


def test_cancel_keeps_the_record_and_stops_it(runtime) -> None:  # type: ignore[no-untyped-def]
    keep = schedule_checkin(runtime, "weekly-report", "#growth", every="monday 9:00", now=MONDAY_0759_UTC)
    drop = schedule_checkin(runtime, "velocity-check", "#growth", every="monday 9:00", now=MONDAY_0759_UTC)
    cancelled = cancel_checkin(runtime, drop.id.upper(), now=MONDAY_0759_UTC)
    assert cancelled.id == drop.id and not cancelled.active and cancelled.next_run is None
    assert cancelled.cancelled_at is not None
    assert [s.id for s in list_checkins(runtime)] == [keep.id]
    assert {s.id for s in list_checkins(runtime, include_cancelled=True)} == {keep.id, drop.id}
    assert not cancel_checkin(runtime, drop.id).active  # cancelling twice is harmless
    with pytest.raises(InputError) as caught:
        cancel_checkin(runtime, "chk_nothere")
    assert "chk_nothere" in str(caught.value) and keep.id in str(caught.value) and caught.value.field == "id"


def test_workspaces_never_see_each_others_schedules(runtime) -> None:  # type: ignore[no-untyped-def]
    mine = schedule_checkin(runtime, "weekly-report", "#growth", every="monday 9:00", now=MONDAY_0759_UTC)
    other = build_runtime(runtime.settings, "other-team")
    assert list_checkins(other) == []
    with pytest.raises(InputError):
        cancel_checkin(other, mine.id)
    assert list_checkins(runtime)[0].active


@pytest.mark.parametrize(("kwargs", "field", "says"), [
    ({"job": "monthly-report", "every": "monday 9:00"}, "job", "weekly-report"),
    ({"job": "weekly-report"}, "every", "exactly one of cron"),
    ({"job": "weekly-report", "every": "monday 9:00", "cron": "0 9 * * 1"}, "cron", "exactly one of cron"),
    ({"job": "weekly-report", "every": "monday 9:00", "tz": "Paris"}, "tz", "IANA"),
    ({"job": "weekly-report", "every": "monday 9:00", "channel": "#Growth Team"}, "channel", "'#name'"),
    ({"job": "weekly-report", "cron": "0 9 * *"}, "cron", "4 fields"),
])
def test_bad_requests_name_the_field_and_store_nothing(runtime, kwargs, field, says) -> None:  # type: ignore[no-untyped-def]
    args = {"channel": "#growth", **kwargs}
    with pytest.raises(InputError) as caught:
        schedule_checkin(runtime, **args)
    assert caught.value.field == field and says in str(caught.value)
    assert list_checkins(runtime, include_cancelled=True) == []

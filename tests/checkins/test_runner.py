"""`run_checkin` against the fake Slack Web API: what is posted, and that it is posted once per job, channel and period
— through repeats, races, refusals, lost responses and failed uploads."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta

import pytest

from integrations.slack.poster import SlackWebApiPoster, slack_client
from tests.checkins.conftest import ALERTS, GROWTH
from tests.checkins.data import MONDAY, build_fatigue, build_week
from tests.performance.factories import PerformanceFactory
from tests.support.slack_web_api import DEFAULT_TOKEN
from tools.checkins import ledger
from tools.checkins.api import run_checkin, schedule_checkin
from tools.checkins.poster import CheckinDeliveryError, DeliveryUncertain
from tools.core.errors import InputError


def run(runtime, job, channel="#growth", *, poster, clock, **kwargs):  # type: ignore[no-untyped-def]
    return run_checkin(runtime, job, channel, poster=poster, clock=clock, **kwargs)


def states(runtime) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    return sorted((r.job, r.state, r.seq) for r in ledger.history(runtime, limit=100))


def test_weekly_report_posts_blocks_then_charts_in_the_thread_once(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    result = run(runtime, "weekly-report", poster=poster, clock=clock)
    assert result.posted and result.channel == "#growth" and result.channel_id == GROWTH
    assert result.period.key == "2026-11-16..2026-11-22"
    (message,) = slack.thread(GROWTH, None)
    assert message.ts == result.ts
    assert message.blocks == result.blocks and message.blocks[0]["text"]["text"] == "Weekly report · 16–22 Nov 2026"
    assert "Spend €460.00 (+360.0 % vs €100.00)" in message.text  # the plain-text fallback
    assert message.metadata["event_type"] == "hookline_checkin"
    assert message.metadata["event_payload"]["job"] == "weekly-report"
    # charts: the three-step files_upload_v2 into the message's thread, real PNG bytes
    files = slack.uploads_in(GROWTH, result.ts)
    assert len(files) == len(result.files) >= 2
    assert all(f.data.startswith(b"\x89PNG") and f.filename.endswith(".png") for f in files)
    assert len(slack.calls_to("files.getUploadURLExternal")) == len(files)
    assert [c.params["channel_id"] for c in slack.calls_to("files.completeUploadExternal")] == [GROWTH] * len(files)
    # again, by name or by id: the same check-in, not posted twice
    for channel in ("#growth", GROWTH, "growth"):
        again = run(runtime, "weekly-report", channel, poster=poster, clock=clock)
        assert not again.posted and again.reason.startswith("already posted for 2026-11-16..2026-11-22 to #growth")
        assert again.ts == result.ts
    assert len(slack.thread(GROWTH, None)) == 1 and len(slack.calls_to("chat.postMessage")) == 1
    # --force posts it again, and the ledger keeps both
    forced = run(runtime, "weekly-report", poster=poster, clock=clock, force=True)
    assert forced.posted and forced.forced and forced.ts != result.ts
    assert len(slack.thread(GROWTH, None)) == 2
    assert states(runtime) == [("weekly-report", "posted", 0), ("weekly-report", "posted", 1)]
    # another channel is another check-in
    assert run(runtime, "weekly-report", "#alerts", poster=poster, clock=clock).posted


def test_nothing_to_say_posts_nothing_unless_all_quiet(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    clock.advance(days=28)  # a week with data (one tiny day) but no creative with enough evidence
    f = PerformanceFactory(runtime)
    f.ad("T1", kind="image", name="Tiny test", account="act_2")
    f.day("T1", date(2026, 12, 15), spend=1, impressions=10, link_clicks=0)
    f.commit()
    quiet = run(runtime, "winners-digest", poster=poster, clock=clock)
    assert not quiet.posted and quiet.quiet and quiet.reason.startswith("nothing to say: no winner")
    assert slack.calls_to("chat.postMessage") == []
    assert states(runtime) == [("winners-digest", "quiet", 0)]
    loud = run(runtime, "winners-digest", poster=poster, clock=clock, all_quiet=True)
    assert loud.posted and loud.quiet and loud.reason.startswith("posted all-quiet note")
    (message,) = slack.thread(GROWTH, None)
    assert message.text.startswith("All quiet: no winner for 14–20 Dec 2026")
    assert len(message.blocks) == 1 and message.blocks[0]["type"] == "section"
    assert slack.uploads_in(GROWTH, message.ts) == []


def test_stale_data_is_said_once_then_the_report_resumes_with_new_data(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)  # data up to Fri 2026-11-20
    clock.advance(days=28)  # Monday 2026-12-21: the week 14–20 Dec has no data
    notice = run(runtime, "weekly-report", poster=poster, clock=clock)
    assert notice.posted and not notice.quiet
    (message,) = slack.thread(GROWTH, None)
    assert "No ad data for 14–20 Dec 2026 yet" in message.text and "20 Nov 2026" in message.text
    assert "hookline ingest" in message.text
    clock.advance(days=7)  # still nothing imported: not said again
    again = run(runtime, "weekly-report", poster=poster, clock=clock)
    assert not again.posted and "already said here" in again.reason
    assert len(slack.thread(GROWTH, None)) == 1
    f = PerformanceFactory(runtime)  # the export lands: the next week's report is a real one
    f.ad("N1", kind="video", name="New UGC", account="act_2")
    f.day("N1", date(2026, 12, 29), spend=200, impressions=20000, link_clicks=300, purchases=10, purchase_value=900)
    f.commit()
    clock.advance(days=7)
    report = run(runtime, "weekly-report", poster=poster, clock=clock)
    assert report.posted and not report.quiet and "Weekly report" in slack.thread(GROWTH, None)[-1].text


def test_a_quiet_day_can_still_alert_when_new_data_arrives(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    first = run(runtime, "fatigue-alerts", poster=poster, clock=clock)
    assert not first.posted and first.quiet  # no data yet
    build_fatigue(runtime)  # the export lands later that morning
    second = run(runtime, "fatigue-alerts", poster=poster, clock=clock)
    assert second.posted and second.period.key == "2026-11-22"
    (message,) = slack.thread(GROWTH, None)
    assert "Tired UGC" in json.dumps(message.blocks)
    # the next morning the same fatigue is not announced again here, but a new channel hears about it once
    clock.advance(days=1)
    tuesday = run(runtime, "fatigue-alerts", poster=poster, clock=clock)
    assert not tuesday.posted and "already reported here" in tuesday.reason
    elsewhere = run(runtime, "fatigue-alerts", "#alerts", poster=poster, clock=clock)
    assert elsewhere.posted and len(slack.thread(ALERTS, None)) == 1


def test_parallel_runs_post_once(runtime, slack, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    results, errors = [], []
    start = threading.Barrier(6)

    def go() -> None:
        poster = SlackWebApiPoster(slack_client(DEFAULT_TOKEN, slack.url))
        try:
            start.wait()
            results.append(run(runtime, "velocity-check", poster=poster, clock=clock))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sum(r.posted for r in results) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1
    for r in results:
        if not r.posted:
            assert r.reason.startswith(("already posted", "another process is posting"))


def test_a_refused_post_is_not_recorded_as_posted_and_can_run_again(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    slack.fail_next("chat.postMessage", error="is_archived")
    with pytest.raises(CheckinDeliveryError) as caught:
        run(runtime, "winners-digest", poster=poster, clock=clock)
    assert "is_archived" in str(caught.value) and "archived" in str(caught.value)
    assert states(runtime) == [("winners-digest", "failed", 0)]
    assert run(runtime, "winners-digest", poster=poster, clock=clock).posted
    assert len(slack.thread(GROWTH, None)) == 1


def test_a_lost_response_is_found_by_its_marker_not_posted_twice(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    slack.fail_next("chat.postMessage", drop_after=True)  # Slack posts it, the answer never arrives
    result = run(runtime, "winners-digest", poster=poster, clock=clock)
    assert result.posted
    (message,) = slack.thread(GROWTH, None)
    assert result.ts == message.ts
    history = slack.calls_to("conversations.history")
    assert history and history[0].params["include_all_metadata"] in ("1", "true", True)


def test_an_unanswered_post_is_checked_then_sent_once_later(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    slack.fail_next("chat.postMessage", drop=True)  # the request never reached Slack
    with pytest.raises(DeliveryUncertain):
        run(runtime, "winners-digest", poster=poster, clock=clock)
    assert slack.thread(GROWTH, None) == [] and states(runtime) == [("winners-digest", "sending", 0)]
    soon = run(runtime, "winners-digest", poster=poster, clock=clock)
    assert not soon.posted and soon.reason.startswith("another process is posting")  # its short lease still holds
    clock.advance(minutes=2)
    later = run(runtime, "winners-digest", poster=poster, clock=clock)
    assert later.posted and later.recovered
    assert len(slack.thread(GROWTH, None)) == 1 and len(slack.calls_to("chat.postMessage")) == 2


def test_a_failed_upload_keeps_the_message_and_finishes_the_files_later(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    slack.fail_next("files.completeUploadExternal", error="internal_error")
    first = run(runtime, "weekly-report", poster=poster, clock=clock)
    assert first.posted and "could not be uploaded yet" in first.reason
    assert states(runtime) == [("weekly-report", "sent", 0)]
    assert slack.uploads_in(GROWTH, first.ts) == [] and first.files == []
    clock.advance(minutes=2)
    finished = run(runtime, "weekly-report", poster=poster, clock=clock)
    assert finished.posted and finished.recovered
    (message,) = slack.thread(GROWTH, None)
    names = [f.filename for f in slack.uploads_in(GROWTH, message.ts)]
    assert len(names) == len(set(names)) == len(finished.files) >= 2
    assert states(runtime) == [("weekly-report", "posted", 0)]


def test_channels_are_resolved_and_checked(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    with pytest.raises(CheckinDeliveryError) as caught:
        run(runtime, "winners-digest", "#nope", poster=poster, clock=clock)
    assert "#nope was not found" in str(caught.value)
    assert ledger.history(runtime) == []
    dm = run(runtime, "winners-digest", "U0MARKETER", poster=poster, clock=clock)
    assert dm.posted and dm.channel_id == "D0MARKETER"
    outside = slack.add_channel("late", member=False)
    assert run(runtime, "winners-digest", "#late", poster=poster, clock=clock).posted  # joins a public channel
    assert outside in slack.members and len(slack.thread(outside, None)) == 1


def test_the_channel_defaults_to_the_jobs_schedule(runtime, slack, poster, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    with pytest.raises(InputError) as caught:
        run_checkin(runtime, "winners-digest", poster=poster, clock=clock)
    assert caught.value.field == "channel"
    schedule_checkin(runtime, "winners-digest", "#alerts", every="monday 9:00", now=MONDAY)
    result = run_checkin(runtime, "winners-digest", poster=poster, clock=clock)
    assert result.posted and result.channel_id == ALERTS
    schedule_checkin(runtime, "winners-digest", "#growth", every="monday 9:00", now=MONDAY + timedelta(seconds=1))
    with pytest.raises(InputError) as caught:
        run_checkin(runtime, "winners-digest", poster=poster, clock=clock)
    assert "#alerts, #growth" in str(caught.value)


def test_without_a_bot_token_it_says_which_setting(runtime) -> None:  # type: ignore[no-untyped-def]
    from tools.core.errors import NotConfiguredError

    with pytest.raises(NotConfiguredError) as caught:
        run_checkin(runtime, "weekly-report", "#growth")
    assert "SLACK_BOT_TOKEN" in str(caught.value)

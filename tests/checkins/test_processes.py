"""Real processes on one database: racing schedulers, and check-ins whose process is killed mid-post.

Each process is a fresh interpreter (the CLI, or `crash_helper`, which dies with os._exit at a chosen point — no
cleanup runs), talking to the fake Slack Web API over HTTP. Recovery happens in yet another process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.checkins.conftest import GROWTH
from tests.checkins.crash_helper import CRASH_CODE
from tests.checkins.data import build_week
from tests.conftest import REPO_ROOT, run_cli
from tests.support.slack_web_api import DEFAULT_TOKEN
from tools.checkins import ledger
from tools.checkins.api import schedule_checkin
from tools.core.runtime import build_runtime, forget_databases

FIRE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Paris

pytestmark = pytest.mark.slow


def env_for(runtime, slack) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HOOKLINE_DATABASE_URL": runtime.settings.resolved_database_url, "HOOKLINE_WORKSPACE": "acme",
            "SLACK_BOT_TOKEN": DEFAULT_TOKEN, "SLACK_API_URL": slack.url}


def spawn(args: list[str], runtime, slack) -> subprocess.Popen[str]:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINE_") or k.startswith("HOOKLINE_TEST")}
    env.update(env_for(runtime, slack), HOOKLINE_HOME=str(runtime.settings.home), PYTHONPATH=str(REPO_ROOT))
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=str(REPO_ROOT))


def cli(args: list[str], runtime, slack) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    done = run_cli(["--json", *args], home=runtime.settings.home, env=env_for(runtime, slack))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_scheduler_processes_racing_on_one_database_post_each_check_in_once(runtime, slack, clock) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    for job in ("weekly-report", "winners-digest", "velocity-check"):
        schedule_checkin(runtime, job, "#growth", every="monday 9:00", tz="Europe/Paris", now=clock.now())
    forget_databases()
    clock.set(FIRE)
    processes = [spawn(["-m", "integrations.cli", "--json", "scheduler", "--once", "--now", FIRE.isoformat()],
                       runtime, slack) for _ in range(3)]
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        reports.append(json.loads(out))
    posted = [f for r in reports for f in r["fired"] if f["posted"]]
    assert sorted(f["job"] for f in posted) == ["velocity-check", "weekly-report", "winners-digest"]
    assert all(not r["errors"] for r in reports)
    assert len(slack.calls_to("chat.postMessage")) == 3 and len(slack.thread(GROWTH, None)) == 3
    report = next(m for m in slack.thread(GROWTH, None) if m.blocks[0]["text"]["text"].startswith("Weekly report"))
    assert len(slack.uploads_in(GROWTH, report.ts)) >= 2


@pytest.fixture
def file_runtime(sqlite_settings):  # type: ignore[no-untyped-def]
    yield build_runtime(sqlite_settings, "acme")
    forget_databases()


@pytest.mark.parametrize(("point", "state_after_crash", "messages_at_crash"), [
    ("before_post", "sending", 0),  # claimed and about to send: nothing reached Slack
    ("after_post", "sending", 1),  # Slack has it; the ledger never learnt its ts
])
def test_a_check_in_killed_mid_post_is_finished_once(file_runtime, slack, clock, point, state_after_crash,  # type: ignore[no-untyped-def]
                                                     messages_at_crash) -> None:
    runtime = file_runtime
    build_week(runtime)
    clock.set(FIRE)
    crashed = spawn(["-m", "tests.checkins.crash_helper", "winners-digest", "#growth", FIRE.isoformat(), point],
                    runtime, slack)
    _, err = crashed.communicate(timeout=300)
    assert crashed.returncode == CRASH_CODE, err
    (run,) = ledger.history(runtime)
    assert run.state == state_after_crash and run.message_ts is None
    assert len(slack.thread(GROWTH, None)) == messages_at_crash
    # while the dead process's lease holds, nobody else posts
    busy = cli(["checkin", "run", "winners-digest", "--channel", "#growth", "--now",
                (FIRE + timedelta(minutes=1)).isoformat()], runtime, slack)
    assert busy["posted"] is False and busy["reason"].startswith("another process is posting")
    # after it, the next scheduler pass finishes the post — found by its marker, or sent — exactly once
    later = FIRE + timedelta(minutes=11)
    clock.set(later)
    report = cli(["scheduler", "--once", "--now", later.isoformat()], runtime, slack)
    (recovered,) = report["recovered"]
    assert recovered["posted"] is True and recovered["job"] == "winners-digest"
    (message,) = slack.thread(GROWTH, None)
    assert message.blocks[0]["text"]["text"].startswith("🏆 Winners")
    assert len(slack.calls_to("chat.postMessage")) == 1
    (run,) = ledger.history(runtime)
    assert run.state == "posted" and run.message_ts == message.ts
    again = cli(["checkin", "run", "winners-digest", "--channel", "#growth", "--now", later.isoformat()],
                runtime, slack)
    assert again["posted"] is False and again["reason"].startswith("already posted")


def test_a_report_killed_between_its_charts_uploads_each_chart_once(file_runtime, slack, clock) -> None:  # type: ignore[no-untyped-def]
    runtime = file_runtime
    build_week(runtime)
    clock.set(FIRE)
    crashed = spawn(["-m", "tests.checkins.crash_helper", "weekly-report", "#growth", FIRE.isoformat(),
                     "after_first_file"], runtime, slack)
    _, err = crashed.communicate(timeout=300)
    assert crashed.returncode == CRASH_CODE, err
    (message,) = slack.thread(GROWTH, None)
    assert len(slack.uploads_in(GROWTH, message.ts)) == 1
    (run,) = ledger.history(runtime)
    assert run.state == "sent" and run.message_ts == message.ts and run.files == []
    later = FIRE + timedelta(minutes=11)
    clock.set(later)
    result = cli(["checkin", "run", "weekly-report", "--channel", "#growth", "--now", later.isoformat()],
                 runtime, slack)
    assert result["posted"] is True and result["recovered"] is True
    names = [f.filename for f in slack.uploads_in(GROWTH, message.ts)]
    assert len(names) == len(set(names)) == len(run.payload["files"]) >= 2
    assert len(slack.thread(GROWTH, None)) == 1 and len(slack.calls_to("chat.postMessage")) == 1

"""The CLI contract of CLI.md: `hookline schedule add|list|remove`, `hookline checkin run` (posting through the Slack
Web API given by SLACK_BOT_TOKEN / SLACK_API_URL), exit codes, one JSON document on stdout."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.checkins.conftest import GROWTH
from tests.checkins.data import build_week
from tests.conftest import run_cli
from tests.support.slack_web_api import DEFAULT_TOKEN
from tools.core.runtime import forget_databases

NOW = "2026-11-23T09:00:00+01:00"


@pytest.fixture
def installation(sqlite_settings, home):  # type: ignore[no-untyped-def]
    """A home whose default workspace holds the hand-built week."""
    from tools.core.runtime import build_runtime

    build_week(build_runtime(sqlite_settings, "default"))
    forget_databases()
    return home


def cli(home, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return run_cli(list(args), home=home, env=env)


def test_schedule_add_list_remove(home) -> None:  # type: ignore[no-untyped-def]
    added = cli(home, "schedule", "add", "weekly-report", "--channel", "#growth", "--every", "monday 9:00", "--tz",
                "Europe/Paris", "--json")
    assert added.returncode == 0, added.stderr
    data = json.loads(added.stdout)
    assert {"id", "job", "channel", "next_run"} <= set(data)
    assert (data["job"], data["channel"], data["cron"]) == ("weekly-report", "#growth", "0 9 * * mon")
    next_run = datetime.fromisoformat(data["next_run"])
    assert next_run.weekday() == 0 and (next_run.hour, next_run.minute) == (9, 0)
    assert next_run.utcoffset() == next_run.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris")).utcoffset()
    assert next_run > datetime.now(UTC)
    other = json.loads(cli(home, "--json", "schedule", "add", "fatigue-alerts", "--channel", "C0ALERTS01", "--cron",
                           "30 8 * * 1-5", "--all-quiet").stdout)
    listed = json.loads(cli(home, "schedule", "list", "--json").stdout)
    assert [s["id"] for s in listed["schedules"]] == [data["id"], other["id"]]
    assert listed["schedules"][1]["cron"] == "30 8 * * mon-fri" and listed["schedules"][1]["all_quiet"] is True
    removed = cli(home, "schedule", "remove", data["id"], "--json")
    assert removed.returncode == 0 and json.loads(removed.stdout)["removed"] is True
    assert [s["id"] for s in json.loads(cli(home, "--json", "schedule", "list").stdout)["schedules"]] == [other["id"]]
    human = cli(home, "schedule", "list")
    assert human.returncode == 0 and other["id"] in human.stdout


@pytest.mark.parametrize(("args", "says"), [
    (["schedule", "add", "daily-report", "--channel", "#growth", "--every", "monday 9:00"], "weekly-report"),
    (["schedule", "add", "weekly-report", "--channel", "#growth", "--cron", "0 9 * *"], "4 fields"),
    (["schedule", "add", "weekly-report", "--channel", "#growth", "--every", "every 2 weeks at 9"], "--cron"),
    (["schedule", "add", "weekly-report", "--channel", "#growth", "--every", "monday 9:00", "--tz", "Paris"], "IANA"),
    (["schedule", "remove", "chk_missing"], "chk_missing"),
    (["checkin", "run", "weekly-report"], "--channel"),
])
def test_bad_input_exits_2_with_the_reason(home, args: list[str], says: str) -> None:  # type: ignore[no-untyped-def]
    done = cli(home, *args, "--json")
    assert done.returncode == 2, done.stderr
    assert says in done.stderr
    assert "error" in json.loads(done.stdout)
    assert json.loads(cli(home, "--json", "schedule", "list").stdout)["schedules"] == []


def test_checkin_run_posts_once_through_the_web_api(installation, slack) -> None:  # type: ignore[no-untyped-def]
    env = {"SLACK_BOT_TOKEN": DEFAULT_TOKEN, "SLACK_API_URL": slack.url}
    first = cli(installation, "checkin", "run", "weekly-report", "--channel", "#growth", "--now", NOW, "--json",
                env=env)
    assert first.returncode == 0, first.stderr
    posted = json.loads(first.stdout)
    assert posted["posted"] is True and posted["reason"].startswith("posted weekly-report for 2026-11-16..2026-11-22")
    (message,) = slack.thread(GROWTH, None)
    assert message.ts == posted["ts"] and message.blocks == posted["blocks"]
    assert len(slack.uploads_in(GROWTH, message.ts)) == len(posted["files"]) >= 2
    again = json.loads(cli(installation, "--json", "checkin", "run", "weekly-report", "--channel", "#growth", "--now",
                           NOW, env=env).stdout)
    assert again["posted"] is False and "already posted" in again["reason"] and "--force" in again["reason"]
    forced = json.loads(cli(installation, "checkin", "run", "weekly-report", "--channel", "#growth", "--now", NOW,
                            "--force", "--json", env=env).stdout)
    assert forced["posted"] is True and len(slack.thread(GROWTH, None)) == 2
    history = json.loads(cli(installation, "checkin", "history", "--json").stdout)["runs"]
    assert [(r["state"], r["forced"]) for r in history] == [("posted", True), ("posted", False)]


def test_checkin_without_slack_says_which_setting_and_preview_needs_none(installation) -> None:  # type: ignore[no-untyped-def]
    done = cli(installation, "checkin", "run", "winners-digest", "--channel", "#growth", "--now", NOW, "--json")
    assert done.returncode == 2 and "SLACK_BOT_TOKEN" in done.stderr  # not configured: nothing changed
    preview = cli(installation, "checkin", "preview", "winners-digest", "--now", NOW, "--json")
    assert preview.returncode == 0, preview.stderr
    content = json.loads(preview.stdout)
    assert content["quiet"] is False and content["period"]["key"] == "2026-11-16..2026-11-22"
    assert content["text"].startswith("Winners 16–22 Nov 2026 by ROAS:\n1. Winner UGC: 4.50× on €200.00")

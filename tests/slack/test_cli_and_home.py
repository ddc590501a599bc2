"""`hookline slack` as a user runs it (gunicorn, real process), its configuration errors, and the App Home tab."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT, run_cli
from tests.slack.agent_gateway import RecordingAgentGateway
from tests.slack.slack_support import (
    BOT_TOKEN,
    CHANNEL,
    SIGNING_SECRET,
    USER,
    SlackProcess,
    block_text,
    event_body,
    mention,
    sign,
)


def test_hookline_slack_http_runs_under_gunicorn_and_acks_signed_events(home: Path, slack_api, tmp_path: Path):
    server = SlackProcess(home, slack_api.url, tmp_path, "slack", env={"HOOKLINE_SLACK_PROGRESS_INTERVAL_S": "0"})
    try:
        assert server.ready["mode"] == "http" and server.ready["workspace"] == "acme"
        ts = "1700006000.000100"
        body = json.dumps(event_body(mention("hello from the real server", ts=ts)))
        forged = server.post("/slack/events", body, headers=sign(body, secret="nope"))
        ok = server.post("/slack/events", body)
        retry = server.post("/slack/events", body, headers={"X-Slack-Retry-Num": "1", **sign(body)})
        assert (forged, ok, retry) == (401, 200, 200)
        # the job ran in the gunicorn worker with the real agent: one placeholder in the thread, edited into the
        # agent's answer (not an error)
        answer = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts) if m.updates
                                             and not m.text.startswith(":hourglass")], timeout=120)
        assert len(slack_api.thread(CHANNEL, ts)) == 1
        assert "error" not in answer[0].text.lower() and "Reference: job" not in answer[0].text
    finally:
        stderr = server.stop()
    assert BOT_TOKEN not in stderr and SIGNING_SECRET not in stderr


def test_hookline_slack_explains_missing_settings(home: Path):
    missing = run_cli(["slack", "--http"], home=home)
    assert missing.returncode == 2  # not configured: a clear reason, nothing changed
    assert "SLACK_BOT_TOKEN" in missing.stderr
    no_secret = run_cli(["slack", "--http"], home=home, env={"SLACK_BOT_TOKEN": BOT_TOKEN})
    assert no_secret.returncode == 2 and "SLACK_SIGNING_SECRET" in no_secret.stderr
    no_app_token = run_cli(["slack", "--socket"], home=home, env={"SLACK_BOT_TOKEN": BOT_TOKEN})
    assert no_app_token.returncode == 2 and "SLACK_APP_TOKEN" in no_app_token.stderr
    both = run_cli(["slack", "--socket", "--http"], home=home, env={"SLACK_BOT_TOKEN": BOT_TOKEN})
    assert both.returncode == 2 and "--socket" in both.stderr
    assert BOT_TOKEN not in missing.stderr + no_secret.stderr + no_app_token.stderr + both.stderr


def test_manifest_has_the_scopes_events_and_urls_the_app_needs(home: Path):
    manifest = yaml.safe_load((REPO_ROOT / "slack" / "manifest.yml").read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "files:read", "files:write", "im:history"} <= scopes
    # what scheduled check-ins need: find #channels, join them, look for an interrupted post
    assert {"channels:read", "channels:join", "channels:history", "groups:history", "im:write"} <= scopes
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_mention", "message.im", "file_shared", "app_home_opened"}
    assert manifest["features"]["slash_commands"][0]["command"] == "/hookline"
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True  # works without a public URL
    assert "request_url" not in manifest["settings"]["event_subscriptions"]

    filled = run_cli(["slack", "manifest", "--url", "https://hooks.example.com/", "--json"], home=home)
    assert filled.returncode == 0, filled.stderr
    data = json.loads(filled.stdout)
    assert data["settings"]["socket_mode_enabled"] is False
    assert data["settings"]["event_subscriptions"]["request_url"] == "https://hooks.example.com/slack/events"
    assert data["settings"]["interactivity"]["request_url"] == "https://hooks.example.com/slack/interactions"
    assert data["features"]["slash_commands"][0]["url"] == "https://hooks.example.com/slack/commands"
    assert data["oauth_config"]["redirect_urls"] == ["https://hooks.example.com/slack/oauth_redirect"]
    assert set(data["oauth_config"]["scopes"]["bot"]) == scopes
    human = run_cli(["slack", "manifest"], home=home)
    assert human.returncode == 0 and yaml.safe_load(human.stdout) == manifest
    bad = run_cli(["slack", "manifest", "--url", "http://hooks.example.com"], home=home)
    assert bad.returncode == 2 and "https://" in bad.stderr


def test_map_team_points_a_team_at_a_workspace(home: Path):
    done = run_cli(["slack", "map-team", "T0NINE", "growth", "--json"], home=home)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"team_id": "T0NINE", "workspace": "growth"}
    bad = run_cli(["slack", "map-team", "T0NINE", "no spaces allowed"], home=home)
    assert bad.returncode == 2 and "workspace" in bad.stderr.lower()


def test_app_home_shows_the_workspace_kpis_and_schedules(make_server, slack_api, slack_settings):
    from datetime import date

    from tests.performance.factories import PerformanceFactory
    from tools.core.runtime import build_runtime

    factory = PerformanceFactory(build_runtime(slack_settings, "acme"))
    factory.ad("101", name="UGC hook A")
    factory.ad("102", name="Static B", kind="image")
    # two full weeks (Mon 9 – Sun 22 Nov 2026); the latest complete week, 16–22 Nov, is "last week"
    factory.series("101", date(2026, 11, 9), [dict(spend=100.0, impressions=10_000, link_clicks=150, purchases=3,
                                                   purchase_value=300.0)] * 14)
    factory.series("102", date(2026, 11, 9), [dict(spend=50.0, impressions=5_000, link_clicks=25, purchases=1,
                                                   purchase_value=40.0)] * 14)
    factory.commit()
    from tools.checkins.api import schedule_checkin

    schedule_checkin(build_runtime(slack_settings, "acme"), "weekly-report", "#growth", every="monday 9:00",
                     tz="Europe/Paris")

    server = make_server(agent=RecordingAgentGateway())
    body = event_body({"type": "app_home_opened", "user": USER, "channel": "D0ALICE", "tab": "home",
                       "event_ts": "1700007000.000100"})
    assert server.event(body).status_code == 200
    published = slack_api.wait_for(lambda: slack_api.calls_to("views.publish"))[0]
    view = published.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert published.params["user_id"] == USER and view["type"] == "home"
    text = block_text(view["blocks"])
    assert "Workspace *acme*" in text
    assert "*Last week* (2026-11-16 → 2026-11-22)" in text
    # 7 days: spend 1050, revenue 2380 → ROAS 2.27; clicks 1225 / impressions 105000 → CTR 1.17 %
    assert "*Spend*\n1,050.00 EUR" in text
    assert "*ROAS*\n2.27×" in text
    assert "*CTR (link)*\n1.17%" in text
    assert "*Top creatives*\n*1.* UGC hook A" in text
    schedules = text[text.index("*Schedules*"):]
    assert "• *weekly-report* → #growth, every Monday at 09:00 (Europe/Paris) (next 20" in schedules

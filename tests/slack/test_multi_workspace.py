"""Multi-workspace: OAuth installs land in the database and each Slack team works in a Hookline workspace of its own."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.slack.agent_gateway import RecordingAgentGateway
from tests.slack.slack_support import CHANNEL, SIGNING_SECRET, event_body, identity, mention
from tests.support.slack_web_api import SlackWebApiMock
from tools.core.db.models.slack import SlackInstallation, SlackTeam
from tools.core.errors import NotConfiguredError

TOKENS = {"T0ONE": "xoxb-team-one-4444-S3CR3T", "T0TWO": "xoxb-team-two-5555-S3CR3T"}
CLIENT_SECRET = "oauth-client-secret-7a6b5c"


def _grant(team: str) -> dict:
    return {"app_id": "A0001", "authed_user": {"id": f"U{team}ADMIN"}, "scope": "chat:write,commands",
            "token_type": "bot", "access_token": TOKENS[team], "bot_user_id": f"U{team}BOT",
            "team": {"id": team, "name": team.title()}, "enterprise": None, "is_enterprise_install": False}


def _install(server, team: str) -> None:  # type: ignore[no-untyped-def]
    page = server.http.get(server.url + "/slack/install")
    assert page.status_code == 200
    state = re.search(r"state=([A-Za-z0-9_\-]+)", page.text).group(1)
    cookie = page.headers["set-cookie"].split(";")[0]
    done = server.http.get(server.url + f"/slack/oauth_redirect?code=code-{team}&state={state}",
                           headers={"Cookie": cookie})
    assert done.status_code == 200, done.text


def test_each_installed_team_gets_its_own_workspace_and_bot_token(home, make_server):
    from tools.core.settings import Settings

    bots = {TOKENS[t]: identity(team=t, user=f"U{t}BOT", bot=f"B{t}") for t in TOKENS}
    with SlackWebApiMock(tokens=bots, channels={"growth": CHANNEL}) as api:
        api.oauth_codes = {f"code-{t}": _grant(t) for t in TOKENS}
        settings = Settings(home=home, slack_signing_secret=SIGNING_SECRET, slack_client_id="1111.2222",
                            slack_client_secret=CLIENT_SECRET, slack_api_url=api.url, _env_file=None)
        agent = RecordingAgentGateway()
        server = make_server(settings, agent=agent)
        _install(server, "T0ONE")
        _install(server, "T0TWO")
        server.services.teams.map_team("T0TWO", "shared-team")  # an operator moves team two onto shared data

        for team, ts in (("T0ONE", "1700005000.000100"), ("T0TWO", "1700005001.000100")):
            body = event_body(mention("hello", ts=ts, team=team), team=team, bot_user=f"U{team}BOT")
            assert server.event(body).status_code == 200
        api.wait_for(lambda: len([m for m in api.messages.values() if m.updates]) == 2, timeout=120)

        assert sorted((c["workspace"], c["thread_id"].split(":")[1]) for c in agent.chats) == [
            ("shared-team", "T0TWO"), ("slack-t0one", "T0ONE")]
        # every reply went out with the token of its own team
        for call in api.calls_to("chat.postMessage"):
            ts = call.params["thread_ts"]
            team = "T0ONE" if ts.startswith("1700005000") else "T0TWO"
            assert call.headers["authorization"] == f"Bearer {TOKENS[team]}"
        with server.services.database.session() as session:
            teams = dict(session.execute(select(SlackTeam.team_id, SlackTeam.workspace)).all())
            installs = session.scalars(select(SlackInstallation.team_id).order_by(SlackInstallation.id)).all()
        assert teams == {"T0ONE": "slack-t0one", "T0TWO": "shared-team"}
        assert installs == ["T0ONE", "T0TWO"]
        # scheduled check-ins post with the token of the team working in the check-in's workspace
        factory = server.services.poster_factory()
        assert factory(server.services.runtime("slack-t0one")).client.token == TOKENS["T0ONE"]
        assert factory(server.services.runtime("shared-team")).client.token == TOKENS["T0TWO"]
        with pytest.raises(NotConfiguredError, match="No Slack team works in workspace 'nobody'"):
            factory(server.services.runtime("nobody"))
        # a second install attempt with a replayed state is refused
        page = server.http.get(server.url + "/slack/oauth_redirect?code=code-T0ONE&state=forged")
        assert page.status_code >= 400

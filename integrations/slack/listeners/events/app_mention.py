"""`app_mention`: someone asked the bot something in a channel; the answer goes into that thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from integrations.slack.intake import enterprise_of, team_of
from integrations.slack.services import SlackServices


def register(app: App, services: SlackServices) -> None:
    def handle_app_mention(body: dict[str, Any], context: BoltContext) -> None:
        services.intake.mention(body, team_id=team_of(body, context.team_id),
                                enterprise_id=enterprise_of(body, context.enterprise_id),
                                bot_user_id=context.bot_user_id)

    app.event("app_mention")(handle_app_mention)

"""`file_shared`: a file dropped into the bot's thread or DM is downloaded and ingested or broken down."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from integrations.slack.intake import enterprise_of, team_of
from integrations.slack.services import SlackServices


def register(app: App, services: SlackServices) -> None:
    def handle_file_shared(body: dict[str, Any], context: BoltContext) -> None:
        if context.bot_user_id and body["event"].get("user_id") == context.bot_user_id:
            return  # our own uploads (results) are not work
        services.intake.file_shared(body, team_id=team_of(body, context.team_id),
                                    enterprise_id=enterprise_of(body, context.enterprise_id))

    app.event("file_shared")(handle_file_shared)

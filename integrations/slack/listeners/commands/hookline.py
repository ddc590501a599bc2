"""`/hookline …`: the same requests as a mention; the answer goes into a thread under the echoed request."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from integrations.slack.intake import enterprise_of, team_of
from integrations.slack.services import SlackServices
from integrations.slack.worker import HELP_TEXT


def register(app: App, services: SlackServices) -> None:
    def handle_hookline_command(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        text = (body.get("text") or "").strip()
        if text.lower() in ("", "help", "?"):
            ack(response_type="ephemeral", text=HELP_TEXT)
            return
        work_id = services.intake.command(body, team_id=team_of(body, context.team_id),
                                          enterprise_id=enterprise_of(body, context.enterprise_id))
        if work_id is None:
            ack()
            return
        ack(response_type="ephemeral", text="On it: I'll answer in a thread in this channel.")

    app.command("/hookline")(handle_hookline_command)

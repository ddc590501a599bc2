"""The "Try again" button on a request Hookline could not finish: the same request runs once more in its thread.

Claimed in the work ledger before the ack (like a mention), so double clicks and Slack's retries start one turn only.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from integrations.slack import blocks as kit
from integrations.slack.intake import team_of
from integrations.slack.services import SlackServices


def register(app: App, services: SlackServices) -> None:
    def handle_retry(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        services.intake.retry(body, team_id=team_of(body, context.team_id))
        ack()

    app.action(kit.RETRY)(handle_retry)

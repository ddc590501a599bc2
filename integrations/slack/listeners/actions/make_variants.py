"""The "make variants" button on fatigue alerts: the clicker asks for fresh variants of the fatiguing ad.

Claimed in the work ledger before the ack (like a mention), so double clicks and retries start one turn only.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from integrations.slack.intake import enterprise_of, team_of
from integrations.slack.services import SlackServices
from tools.core.domain.checkins import MAKE_VARIANTS_ACTION_ID


def register(app: App, services: SlackServices) -> None:
    def handle_make_variants(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        services.intake.make_variants(body, team_id=team_of(body, context.team_id),
                                      enterprise_id=enterprise_of(body, context.enterprise_id))
        ack()

    app.action(MAKE_VARIANTS_ACTION_ID)(handle_make_variants)

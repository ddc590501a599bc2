"""`message.im`: a direct message to the bot (text, or files with or without text).

Every other `message` event is acknowledged and ignored (an unhandled event would get a 404 and be retried).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from integrations.slack.intake import enterprise_of, team_of
from integrations.slack.services import SlackServices


def is_direct_request(event: dict[str, Any]) -> bool:
    """A person's new DM (not an edit, deletion, bot message or our own reply)."""
    return (event.get("channel_type") == "im" and event.get("subtype") in (None, "file_share")
            and not event.get("bot_id") and bool(event.get("user")))


def register(app: App, services: SlackServices) -> None:
    def handle_direct_message(body: dict[str, Any], context: BoltContext) -> None:
        if context.bot_user_id and body["event"].get("user") == context.bot_user_id:
            return
        services.intake.direct_message(body, team_id=team_of(body, context.team_id),
                                       enterprise_id=enterprise_of(body, context.enterprise_id),
                                       bot_user_id=context.bot_user_id)

    def ignore_other_messages() -> None:
        return None

    app.event("message", matchers=[lambda event: is_direct_request(event)])(handle_direct_message)
    app.event("message")(ignore_other_messages)

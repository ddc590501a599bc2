"""Events API listeners: mentions, DMs, shared files, App Home. Each only claims work (fast) — bolt then acks."""

from __future__ import annotations

from slack_bolt import App

from integrations.slack.listeners.events import app_home_opened, app_mention, direct_message, file_shared
from integrations.slack.services import SlackServices


def register(app: App, services: SlackServices) -> None:
    app_mention.register(app, services)
    direct_message.register(app, services)
    file_shared.register(app, services)
    app_home_opened.register(app, services)

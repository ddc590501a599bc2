"""Listener registration, one package per Slack surface (events, commands, actions), as in bolt's AI samples."""

from __future__ import annotations

from slack_bolt import App

from integrations.slack.listeners import actions, commands, events
from integrations.slack.services import SlackServices


def register_listeners(app: App, services: SlackServices) -> None:
    events.register(app, services)
    commands.register(app, services)
    actions.register(app, services)

"""Slash command listeners."""

from __future__ import annotations

from slack_bolt import App

from integrations.slack.listeners.commands import hookline
from integrations.slack.services import SlackServices


def register(app: App, services: SlackServices) -> None:
    hookline.register(app, services)

"""Interactivity listeners: approval buttons and the edit-count modal."""

from __future__ import annotations

from slack_bolt import App

from integrations.slack.listeners.actions import approval
from integrations.slack.services import SlackServices


def register(app: App, services: SlackServices) -> None:
    approval.register(app, services)

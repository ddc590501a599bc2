"""Interactivity listeners: approval buttons, the edit-count modal, "make variants" and "Try again"."""

from __future__ import annotations

from slack_bolt import App

from integrations.slack.listeners.actions import approval, make_variants, retry
from integrations.slack.services import SlackServices


def register(app: App, services: SlackServices) -> None:
    approval.register(app, services)
    make_variants.register(app, services)
    retry.register(app, services)

"""The slack-bolt `App` factory: one app for HTTP and Socket Mode, single- or multi-workspace.

`process_before_response=True` makes each listener (a fast ledger claim) run *before* the HTTP 200 / socket ack is
sent, so an acknowledged event is always durably recorded; the real work runs in background workers.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.oauth.oauth_settings import OAuthSettings

from integrations.slack.client import make_web_client
from integrations.slack.listeners import register_listeners
from integrations.slack.services import SlackServices, oauth_enabled
from tools.core.errors import NotConfiguredError

BOT_SCOPES = ["app_mentions:read", "chat:write", "commands", "files:read", "files:write", "im:history", "im:read",
              "im:write"]
INSTALL_PATH, REDIRECT_PATH = "/slack/install", "/slack/oauth_redirect"


def build_app(services: SlackServices, *, socket_mode: bool = False) -> App:
    """A bolt App wired to `services`; HTTP mode requires the signing secret (every request is verified)."""
    settings, options = services.settings, services.options
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    if not secret and not socket_mode:
        raise NotConfiguredError("Slack HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → Signing Secret).")
    multi = oauth_enabled(settings)
    token = None if multi or settings.slack_bot_token is None else settings.slack_bot_token.get_secret_value()
    client = make_web_client(token, settings.slack_api_url, max_retries=options.max_retries,
                             timeout=options.http_timeout_s)
    oauth_settings = None
    if multi:
        assert settings.slack_client_secret is not None
        oauth_settings = OAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret.get_secret_value(),
            scopes=BOT_SCOPES,
            installation_store=services.installation_store,
            state_store=services.state_store,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
        )
    app = App(
        logger=logging.getLogger("hookline.slack.bolt"),
        signing_secret=secret,
        request_verification_enabled=secret is not None,
        client=client,
        token_verification_enabled=False,
        process_before_response=True,
        raise_error_for_unhandled_request=False,
        oauth_settings=oauth_settings,
        installation_store=services.installation_store,
    )
    register_listeners(app, services)
    return app

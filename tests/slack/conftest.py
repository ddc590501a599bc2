"""Fixtures for the Slack app: the mock Web API, settings pointing at it, and short operational timings."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack.slack_support import APP_TOKEN, BOT_TOKEN, CHANNEL, SIGNING_SECRET, SlackAppServer, identity
from tests.support.slack_web_api import SlackWebApiMock


@pytest.fixture
def slack_api() -> Iterator[SlackWebApiMock]:
    with SlackWebApiMock(tokens={BOT_TOKEN: identity()}, app_token=APP_TOKEN, channels={"growth": CHANNEL}) as api:
        yield api


@pytest.fixture
def slack_settings(home: Path, slack_api: SlackWebApiMock):  # type: ignore[no-untyped-def]
    from tools.core.settings import Settings

    return Settings(home=home, workspace="acme", slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                    slack_app_token=APP_TOKEN, slack_api_url=slack_api.url, _env_file=None)


@pytest.fixture
def slack_options():  # type: ignore[no-untyped-def]
    from integrations.slack.config import SlackOptions

    return SlackOptions(worker_threads=4, lease_s=3.0, sweep_interval_s=0.3, pending_grace_s=1.0,
                        progress_interval_s=0.0, file_grace_s=0.3, upload_batch=4, max_retries=2,
                        http_timeout_s=10, scheduler_poll_s=0.5, _env_file=None)


@pytest.fixture
def make_server(slack_settings, slack_options):  # type: ignore[no-untyped-def]
    servers: list[SlackAppServer] = []

    def factory(settings=None, options=None, *, start: bool = True, **overrides):  # type: ignore[no-untyped-def]
        server = SlackAppServer(settings or slack_settings, options or slack_options, **overrides)
        servers.append(server)
        return server.start() if start else server

    yield factory
    for server in servers:
        with contextlib.suppress(Exception):
            server.stop(wait=False)
    from tools.core.runtime import forget_databases

    forget_databases()


@pytest.fixture
def loaded_workspace(slack_settings, tmp_path):  # type: ignore[no-untyped-def]
    """Workspace `acme` of the Slack app's database, built like `hookline demo` does: a simulated Meta export
    through the real importer and the bundled brand book into Brand DNA."""
    from tools.core.runtime import build_runtime
    from tools.demo.build import build_demo_workspace

    runtime = build_runtime(slack_settings, "acme")
    build_demo_workspace(runtime, tmp_path / "demo-data")
    return runtime

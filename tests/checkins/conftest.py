"""Check-in fixtures: a hand-moved clock, the fake Slack Web API on that clock, a real slack_sdk poster, and
workspaces with ad data (a small simulated account, or hand-built rows whose numbers the tests compute by hand).

Time line: the simulated account's data ends on Sunday 2026-11-22; the clock starts on Monday 2026-11-23 at 07:00 UTC
(08:00 in Paris, one hour before a "monday 9:00" Paris schedule fires).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import pytest

from integrations.slack.poster import SlackWebApiPoster, slack_client
from tests.support.slack_web_api import DEFAULT_TOKEN, SlackWebApiMock
from tools.checkins.clock import ManualClock

START = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
GROWTH = "C0GROWTH01"
ALERTS = "C0ALERTS01"


@lru_cache(maxsize=2)
def simulated_account(seed: int = 7) -> Any:
    from tools.simulator import simulate_account

    return simulate_account(seed=seed, n_creatives=48, weeks=5)


def load_account(runtime: Any, seed: int = 7) -> Any:
    """Write the simulated account into the runtime's workspace (the rows an import of its export creates)."""
    from tests.analyst.loader import load_simulated

    account = simulated_account(seed)
    load_simulated(runtime, account)
    return account


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def slack(clock: ManualClock):  # type: ignore[no-untyped-def]
    with SlackWebApiMock(channels={"growth": GROWTH, "alerts": ALERTS},
                         clock=lambda: clock.now().timestamp()) as api:
        yield api


@pytest.fixture
def poster(slack: SlackWebApiMock) -> SlackWebApiPoster:
    return SlackWebApiPoster(slack_client(DEFAULT_TOKEN, slack.url))


@pytest.fixture
def account(runtime):  # type: ignore[no-untyped-def]
    """`runtime` (SQLite, and Postgres under `services`) holding the simulated account."""
    load_account(runtime)
    return runtime


def slack_settings(settings: Any, slack: SlackWebApiMock) -> Any:
    """The same installation settings with the bot token and API URL pointing at the fake Slack."""
    return settings.model_copy(update={"slack_bot_token": __import__("pydantic").SecretStr(DEFAULT_TOKEN),
                                       "slack_api_url": slack.url})

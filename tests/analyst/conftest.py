"""Seeded simulated accounts shared by the analyst tests (built once per session; small and fast)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from tools.analyst.data import AccountData
from tools.simulator import simulate_account


def simulated(seed: int, no_effects: bool = False, **overrides):  # type: ignore[no-untyped-def]
    """(SimulatedAccount, AccountData) for a seed; cached so several tests share one simulation."""
    return _simulated(seed, no_effects, tuple(sorted(overrides.items())))


@lru_cache(maxsize=16)
def _simulated(seed: int, no_effects: bool, overrides: tuple):  # type: ignore[no-untyped-def]
    extra = dict(overrides)
    if no_effects:
        extra["effects"] = {}
    account = simulate_account(seed=seed, **extra)
    return account, AccountData.from_simulation(account)


@pytest.fixture(scope="session")
def demo_account():
    return simulated(7)

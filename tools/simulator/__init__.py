"""Seeded simulator of a realistic D2C ad account, for demos, tests and benchmarks (truth included)."""

from tools.simulator.config import ATTRIBUTE_LEVELS, DEFAULT_EFFECTS, DEFAULT_END_DATE, SimConfig
from tools.simulator.engine import simulate_account, slug
from tools.simulator.truth import GroundTruth, SimulatedAccount

__all__ = [
    "ATTRIBUTE_LEVELS",
    "DEFAULT_EFFECTS",
    "DEFAULT_END_DATE",
    "GroundTruth",
    "SimConfig",
    "SimulatedAccount",
    "simulate_account",
    "slug",
]

"""Limits every entry point must agree on, each defined once.

Why one place: the CLI, the agent's tool arguments, approvals and the creator each had their own variant limit
(100 in two, 200 in the others), so the agent could plan and a user approve a batch the creator then refused.
"""

from __future__ import annotations

from tools.core.errors import InputError

MAX_VARIANTS = 100
"""The most variants one generation run makes (every variant is rendered and scored, in every format)."""

MAX_NAMED_ITEMS = 10
"""The most items a chat reply names one by one (winners, fatigued ads, groups); the rest are counted, never cut
to "2 names …"."""


def check_variant_count(count: int, *, field: str = "n", what: str = "Variant count") -> int:
    """`count` when it is 1 … MAX_VARIANTS, else an InputError naming the limit. Never clamped: a quietly smaller
    or larger batch than the user asked for is worse than a clear refusal."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_VARIANTS:
        raise InputError(f"{what} {count} is out of range: give 1 to {MAX_VARIANTS} variants.", field=field)
    return count

MAX_VARIANTS_WITHOUT_APPROVAL = 10
"""The most variants one request renders without asking a human first."""

"""Lease upkeep of a queue process: the shared keeper (`tools.core.work`) renewing the job rows it holds.

A lease is `worker` + `heartbeat_at` on the job row. A holder that stops heart-beating for `HOOKLINE_JOB_LEASE_S`
(killed, machine lost, network cut) loses its jobs to the reaper, which queues them again — and because the attempt
number is the lease token, the old holder can no longer record anything if it comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tools.core.work import Held, LeaseKeeper, LeaseState, Ticker

if TYPE_CHECKING:
    from tools.core.jobs.store import JobStore

__all__ = ["Ticker", "job_keeper"]


def job_keeper(store: JobStore, worker: str, extra: Callable[[], None] | None = None) -> LeaseKeeper:
    """The keeper of one queue identity: one heartbeat UPDATE for all its rows, then who still owns what."""

    def renew(held: dict[str, Held]) -> dict[str, LeaseState]:
        return store.heartbeat(worker, {key: held[key].attempt for key in held})  # type: ignore[attr-defined]

    return LeaseKeeper(worker, store.lease_s, renew, extra)

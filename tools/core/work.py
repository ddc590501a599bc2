"""Durable work, the shared part: who holds a lease, how leases are kept alive, and what losing one means.

Queue jobs and Slack turns are rows of one table (`jobs`, read and written only by `tools.core.jobs.store.JobStore`:
the claim is one conditional UPDATE, the lease is `worker` + `heartbeat_at`, the attempt number is the lease
token). A process that stops renewing (killed, paused, partitioned) loses its work to another, and a holder that
lost its lease must not make another side effect. Check-in posts hold the same kind of lease on their posting
record (`checkin_runs`, see `tools.checkins.ledger`). This module is the one definition of the pieces they share:
the owner identity (`process_owner`), the error (`LeaseLost`) and the background keeper that renews every lease a
process holds (`LeaseKeeper`, built over the work table by `work_keeper`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from tools.core.errors import HooklineError

if TYPE_CHECKING:
    from tools.core.jobs.store import JobStore

log = logging.getLogger("hookline.work")


def process_owner(role: str = "") -> str:
    """A lease-holder name unique to this process and call site: `[role@]host/pid-random`."""
    name = f"{socket.gethostname()}/{os.getpid()}-{uuid.uuid4().hex[:6]}"
    return f"{role}@{name}" if role else name


class LeaseLost(HooklineError):
    """Another process took this work over after this one's lease lapsed; stop without touching it again."""


@dataclass(frozen=True)
class LeaseState:
    owned: bool
    cancel_requested: bool = False


class Held(Protocol):
    """Something a keeper keeps alive (a job attempt, a Slack turn): told when its lease is lost or cancelled."""

    @property
    def lease_key(self) -> str: ...

    @property
    def attempt(self) -> int: ...

    def mark(self, owned: bool, cancel_requested: bool = False) -> None: ...


Renew = Callable[[dict[str, Held]], dict[str, LeaseState]]


class Ticker:
    """Call `fn` every `interval` seconds on a daemon thread until stopped; errors are logged, never fatal."""

    def __init__(self, name: str, interval: float, fn: Callable[[], None]) -> None:
        self.interval = interval
        self.fn = fn
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Ticker:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.fn()
            except Exception:
                log.warning("%s failed; retrying in %.1fs", self._thread.name, self.interval, exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)


class LeaseKeeper:
    """Renews every lease one process identity holds, every lease/3 seconds, from one background thread.

    `renew(held)` renews them (one statement where it can) and reports, per key, whether each is still owned; a lost
    one is marked, so its holder stops before its next side effect. `extra` runs after each round (upkeep).
    """

    def __init__(self, name: str, lease_s: float, renew: Renew, extra: Callable[[], None] | None = None) -> None:
        self.name = name
        self.renew = renew
        self.extra = extra
        self._held: dict[str, Held] = {}
        self._lock = threading.Lock()
        self._ticker = Ticker(f"hookline-lease-{name}", max(0.05, lease_s / 3), self.tick)

    def start(self) -> LeaseKeeper:
        self._ticker.start()
        return self

    def stop(self) -> None:
        self._ticker.stop()

    def add(self, held: Held) -> None:
        with self._lock:
            self._held[held.lease_key] = held

    def remove(self, held: Held) -> None:
        with self._lock:
            if self._held.get(held.lease_key) is held:
                del self._held[held.lease_key]

    @contextmanager
    def holding(self, held: Held) -> Iterator[Held]:
        """Keep `held` alive for the duration of the block."""
        self.add(held)
        try:
            yield held
        finally:
            self.remove(held)

    def running(self) -> list[Held]:
        with self._lock:
            return list(self._held.values())

    def tick(self) -> None:
        with self._lock:
            held = dict(self._held)
        states = self.renew(held)
        for key, state in states.items():
            item = held.get(key)
            if item is None:
                continue
            item.mark(state.owned, state.cancel_requested)
            if not state.owned:
                log.warning("%s: lease of %s lost; it must not record anything more", self.name, key)
        if self.extra is not None:
            self.extra()


def work_keeper(store: JobStore, owner: str, extra: Callable[[], None] | None = None) -> LeaseKeeper:
    """The keeper of one owner identity over the work table: one heartbeat UPDATE renews every row it holds (queue
    jobs and Slack turns alike), then one read says which of them are still its own (the attempt is the token)."""

    def renew(held: dict[str, Held]) -> dict[str, LeaseState]:
        return store.heartbeat(owner, {key: held[key].attempt for key in held})

    return LeaseKeeper(owner, store.lease_s, renew, extra)

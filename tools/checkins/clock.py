"""The clock check-ins and the scheduler read: real time in production, a hand-moved one in tests.

Why injectable: "fires at 09:00 in Paris", "catches up once after a weekend of downtime" and lease expiry must be
tested without sleeping through real minutes. Every time the check-in code reads goes through a `Clock`.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""

    def wait(self, seconds: float, stop: threading.Event) -> None:
        """Block for up to `seconds` or until `stop` is set."""


class SystemClock:
    """Wall-clock time; `wait` is an interruptible sleep."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def wait(self, seconds: float, stop: threading.Event) -> None:
        stop.wait(max(0.0, seconds))


class ShiftedClock(SystemClock):
    """Real-time clock that reads as if it had been started at `start`: time flows, the date is chosen.

    Why: a process test (the Slack app running its scheduler) needs real elapsed time for its polling loops but a
    fixed calendar position, so "last week" has data however long after the fixture data the tests run.
    """

    def __init__(self, start: datetime) -> None:
        self._offset = as_utc(start) - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset


class ManualClock:
    """A clock that moves only when told (`advance`, `set`). `wait` returns when the time it waits for has been
    reached, when the clock is moved (so a waiting loop re-checks), or when `stop` is set."""

    def __init__(self, start: datetime) -> None:
        self._now = as_utc(start)
        self._changed = threading.Condition()

    def now(self) -> datetime:
        with self._changed:
            return self._now

    def set(self, when: datetime) -> datetime:
        with self._changed:
            self._now = as_utc(when)
            self._changed.notify_all()
            return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        with self._changed:
            self._now += delta if delta is not None else timedelta(**kwargs)
            self._changed.notify_all()
            return self._now

    def wait(self, seconds: float, stop: threading.Event) -> None:
        with self._changed:
            target = self._now + timedelta(seconds=max(0.0, seconds))
            start = self._now
            while not stop.is_set() and self._now < target and self._now == start:
                self._changed.wait(0.02)


def as_utc(when: datetime) -> datetime:
    """Aware datetimes converted to UTC; naive ones are taken as UTC (SQLite returns naive values)."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)

"""Where claimed work runs: a small interface so the ack path only hands over a ledger id.

`ThreadDispatcher` runs work in this process (the default; durable because the ledger, not the pool, is the source
of truth). A queue-backed dispatcher can replace it without touching listeners.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

logger = logging.getLogger(__name__)


class WorkDispatcher(Protocol):
    def submit(self, work_id: str) -> None:
        """Start (or queue) the work; must return fast — it runs on the ack path."""

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work; `wait` lets running work finish."""


class ThreadDispatcher:
    """Runs `run(work_id)` on a bounded pool of background threads."""

    def __init__(self, run: Callable[[str], None], max_workers: int = 4) -> None:
        self._run = run
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="hookline-slack-work")

    def submit(self, work_id: str) -> None:
        self._pool.submit(self._guarded, work_id)

    def _guarded(self, work_id: str) -> None:
        try:
            self._run(work_id)
        except Exception:  # the worker reports to the user itself; this only keeps the pool alive
            logger.exception("slack work %s crashed", work_id)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


class HeldDispatcher:
    """Records submissions without running them: for processes that only ack (workers elsewhere sweep the ledger)
    and for measuring the ack path alone."""

    def __init__(self) -> None:
        self.submitted: list[str] = []

    def submit(self, work_id: str) -> None:
        self.submitted.append(work_id)

    def shutdown(self, wait: bool = True) -> None:
        return None

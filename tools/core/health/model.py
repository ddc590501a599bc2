"""One check's answer, and running a set of checks without one failing check hiding the others."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from pydantic import BaseModel

CheckStatus = Literal["ok", "warn", "fail", "off"]


class Check(BaseModel):
    """`ok`: works. `warn`: works, with a caveat. `fail`: broken. `off`: an optional part that is not set up.

    `required` checks decide the exit status: a failing required check means this installation will fail at some
    point. A part the user configured is required (a broken Slack token is a problem); an optional part left
    unconfigured is `off` and never fails the doctor."""

    name: str
    status: CheckStatus
    detail: str
    fix: str | None = None
    required: bool = True
    elapsed_ms: float | None = None  # how long the check (or the group of rows it belongs to) took

    @property
    def failed(self) -> bool:
        return self.required and self.status == "fail"


CheckFn = Callable[[], "Check | list[Check]"]


def run_checks(checks: Sequence[tuple[str, CheckFn]], *, workers: int = 8) -> list[Check]:
    """Run `checks` (name, function) side by side — network checks wait on timeouts, not on each other — and return
    their answers in the given order. A check that raises becomes a failing row of its own name."""

    def guarded(name: str, fn: CheckFn) -> list[Check]:
        started = time.perf_counter()
        try:
            result = fn()
            rows = result if isinstance(result, list) else [result]
        except Exception as exc:
            rows = [Check(name=name, status="fail", detail=f"the check itself failed ({type(exc).__name__}: {exc})",
                          fix="A Hookline bug, not your setup: please report it with this line.")]
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        return [row.model_copy(update={"elapsed_ms": elapsed}) for row in rows]

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(checks)))) as pool:
        futures = [pool.submit(guarded, name, fn) for name, fn in checks]
        return [check for future in futures for check in future.result()]

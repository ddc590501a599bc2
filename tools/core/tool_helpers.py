"""Helpers shared by the agent tools of every area: lazy capability import, the workspace's "today", file checks
and number formats. Heavy imports stay inside the functions so that declaring tools stays cheap."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tools.core.errors import InputError, NotConfiguredError
from tools.core.periods import pin_period

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


class CapabilityMissingError(NotConfiguredError):
    """The capability package a tool wraps is not part of this installation."""


def import_area(area: str) -> ModuleType:
    """`tools.<area>.api` imported at call time (so tests may stand in for it), or a CapabilityMissingError that
    says the capability is missing from this build."""
    module = f"tools.{area}.api"
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == module or module.startswith(exc.name + ".")):
            raise CapabilityMissingError(
                f"The {area} capability is not installed in this Hookline build ({module} is missing); "
                "update Hookline to a version that includes it."
            ) from None
        raise


def data_today(runtime: WorkspaceRuntime) -> date:
    """The latest day with data in this workspace ("today" for relative periods), else the calendar date."""
    from sqlalchemy import func, select

    from tools.core.db.models import PerformanceDaily

    with runtime.session() as session:
        latest = session.scalar(
            select(func.max(PerformanceDaily.day)).where(PerformanceDaily.workspace_id == runtime.workspace_id)
        )
    return latest or date.today()


def cli_period(runtime: WorkspaceRuntime, token: str) -> str:
    """A planner's period token pinned to this workspace's data (see `tools.core.periods.pin_period`)."""
    return pin_period(token, data_today(runtime))


def existing_file(path: str, field: str) -> Path:
    resolved = Path(path).expanduser()
    if not resolved.is_file():
        raise InputError(f"File {path!r} was not found; attach it again or give a readable path.", file=path,
                         field=field)
    return resolved


def fmt_money(value: Any, currency: str | None = None) -> str:
    if value is None:
        return "n/a"
    return f"{float(value):,.2f}{' ' + currency if currency else ''}"


def fmt_metric(metric: str, value: Any) -> str:
    """Ratios as percentages, ROAS as a multiple, money with two decimals."""
    if value is None:
        return "n/a"
    value = float(value)
    if metric in {"ctr_link", "ctr_all", "hook_rate", "hold_rate", "freshness_rate"}:
        return f"{value * 100:.2f}%"
    if metric == "roas":
        return f"{value:.2f}x"
    return f"{value:,.2f}"

"""What every check-in builder receives, and the 'nothing to say' result they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.checkins.content.blocks import date_range, section
from tools.core.domain.checkins import CheckinContent, CheckinPeriod

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


@dataclass(frozen=True)
class BuildContext:
    """The workspace, the period the check-in covers, where charts go, and what earlier posts already reported."""

    runtime: WorkspaceRuntime
    job: str
    period: CheckinPeriod
    charts_dir: Path | None = None
    already_reported: frozenset[str] = field(default_factory=frozenset)

    @property
    def workspace(self) -> str:
        return self.runtime.workspace

    @property
    def period_expr(self) -> str:
        """The period as `hookline report --period` reads it."""
        return f"{self.period.start}..{self.period.end}"

    @property
    def dates(self) -> str:
        return date_range(self.period.start, self.period.end)


def data_lag_note(ctx: BuildContext, data_end: date | None) -> str | None:
    """A note when the data stops before the period's last day (a late export), so nobody reads a partial week as
    a bad one."""
    if data_end is None or data_end >= ctx.period.end or data_end < ctx.period.start:
        return None
    missing = (ctx.period.end - data_end).days
    return (f"The data ends on {data_end:%a %d %b}: the last {missing} day{'s' if missing > 1 else ''} of this period "
            "are missing. Import the latest export and run it again with --force.")


def quiet(ctx: BuildContext, reason: str, quiet_text: str, data: dict[str, Any] | None = None) -> CheckinContent:
    """Nothing worth a message: `reason` explains why (for the CLI and logs), `quiet_text` is the one-line
    'all quiet' posted only where the schedule asks for it."""
    return CheckinContent(job=ctx.job, period=ctx.period, text=quiet_text, blocks=[section(quiet_text)], quiet=True,
                          quiet_text=quiet_text, reason=reason, data=data or {})

"""What every check-in builder receives, and the 'nothing to say' result they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.checkins.content.blocks import context, date_range, escape, section
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


def with_sync_note(ctx: BuildContext, content: CheckinContent) -> CheckinContent:
    """A workspace connected to the Meta API says when its data was last synced, so nobody reads stale numbers as
    news (files imported by hand carry their own dates in the report)."""
    from tools.ingest.meta_api.connection import connection_info

    info = connection_info(ctx.runtime)
    if info is None:
        return content
    if info.last_synced_at is None:
        note = f"Connected to Meta ({info.account}) but never synced: run `hookline sync`."
    else:
        note = f"Data last synced from Meta ({info.account}) on {info.last_synced_at:%a %d %b %H:%M} UTC."
    content.blocks.append(context(escape(note)))
    content.text = f"{content.text}\n{note}"
    content.data["last_synced_at"] = info.last_synced_at.isoformat() if info.last_synced_at else None
    return content


def quiet(ctx: BuildContext, reason: str, quiet_text: str, data: dict[str, Any] | None = None) -> CheckinContent:
    """Nothing worth a message: `reason` explains why (for the CLI and logs), `quiet_text` is the one-line
    'all quiet' posted only where the schedule asks for it."""
    return CheckinContent(job=ctx.job, period=ctx.period, text=quiet_text, blocks=[section(quiet_text)], quiet=True,
                          quiet_text=quiet_text, reason=reason, data=data or {})

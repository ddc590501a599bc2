"""Check-in messages, one builder per job: Block Kit blocks, a plain-text fallback, files, or 'nothing to say'.

Each builder reads the workspace through the performance capability (the same numbers as `hookline report` and
`hookline winners`) and never posts: `tools/checkins/runner.py` decides whether and where the message goes.
"""

from __future__ import annotations

from collections.abc import Callable

from tools.checkins.content.base import BuildContext, with_sync_note
from tools.checkins.content.briefs_digest import build_briefs_digest
from tools.checkins.content.fatigue_alerts import build_fatigue_alerts
from tools.checkins.content.stale import stale_notice
from tools.checkins.content.velocity_check import build_velocity_check
from tools.checkins.content.weekly_report import build_weekly_report
from tools.checkins.content.winners_digest import build_winners_digest
from tools.core.domain.checkins import CheckinContent

Builder = Callable[[BuildContext], CheckinContent]


def builder_for(job: str) -> Builder:

    builders: dict[str, Builder] = {
        "weekly-report": build_weekly_report,
        "fatigue-alerts": build_fatigue_alerts,
        "winners-digest": build_winners_digest,
        "velocity-check": build_velocity_check,
        "briefs-digest": build_briefs_digest,
    }
    return builders[job]


def build_content(job: str, ctx: BuildContext) -> CheckinContent:
    """The job's message, or the stale-data notice when the period has no data at all; with the last sync noted."""
    builder = builder_for(job)
    return with_sync_note(ctx, stale_notice(ctx) or builder(ctx))


__all__ = ["BuildContext", "build_content"]

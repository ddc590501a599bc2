"""Stale data is said, not silent: a check-in whose period has no data posts a short notice instead of nothing.

Why: when nobody imported for a while, every check-in found "no delivery" and stayed quiet, so a manager waiting for
Monday's report got nothing and could not tell a dead account from a missing export. The notice names the latest
data day and how to refresh; it is told once per stale state (the latest day), not every fire, and "all quiet"
stays for periods that have data and nothing to flag. A workspace that never had data keeps its quiet "no data yet".
"""

from __future__ import annotations

from tools.checkins.content.base import BuildContext
from tools.checkins.content.blocks import day, section
from tools.core.domain.checkins import CheckinContent
from tools.core.workspaces import latest_data_day

JOB_TITLES = {"weekly-report": "weekly report", "fatigue-alerts": "fatigue alerts",
              "winners-digest": "winners digest", "velocity-check": "velocity check",
              "briefs-digest": "briefs digest"}


def stale_notice(ctx: BuildContext) -> CheckinContent | None:
    """The notice when the workspace has data but none reaches the check-in's period, else None (build as usual)."""
    with ctx.runtime.session() as session:
        latest = latest_data_day(session, ctx.runtime.workspace_id)
    if latest is None or latest >= ctx.period.start:
        return None
    item = f"stale-data|{latest.isoformat()}"
    title = JOB_TITLES.get(ctx.job, ctx.job)
    from tools.ingest.meta_api.connection import connection_info  # the API client; the Slack ack path imports this

    refresh = ("run `hookline sync` (this workspace is connected to Meta) or import the latest export"
               if connection_info(ctx.runtime) is not None else "import the latest export")
    text = (f":warning: No ad data for {ctx.dates} yet, so there is no {title} to post: the latest data in this "
            f"workspace is from {day(latest)} {latest.year}. To refresh, {refresh} (`hookline ingest FILE`, or send "
            f"me the file here); then `hookline checkin run {ctx.job} --force` posts this period's {title}.")
    reason = f"no data for {ctx.period.start}..{ctx.period.end}; the latest data day is {latest.isoformat()}"
    if item in ctx.already_reported:  # told once already: stay quiet until new data arrives
        short = f"No ad data for {ctx.dates} yet (the latest is from {day(latest)} {latest.year})."
        return CheckinContent(job=ctx.job, period=ctx.period, text=short, blocks=[section(short)], quiet=True,
                              quiet_text=short, reason=f"{reason} (already said here)",
                              data={"latest_data_day": latest.isoformat()})
    return CheckinContent(job=ctx.job, period=ctx.period, text=text, blocks=[section(text)], items=[item],
                          reason=reason, data={"latest_data_day": latest.isoformat(), "stale": True})

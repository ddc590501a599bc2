"""`briefs-digest`: every week, beside the report, N briefs for what to make next — each with a 'Make variants'
button that runs the creator on that brief's elements — and where creative velocity stands against the goal.

The evidence window is the 90 days to the end of the check-in's week (briefs need more than one week of creatives);
the header says which days it read.
"""

from __future__ import annotations

from datetime import timedelta

from tools.checkins.content import blocks as b
from tools.checkins.content.base import BuildContext, quiet
from tools.core.domain.checkins import CheckinContent
from tools.core.errors import InsufficientDataError
from tools.strategist.api import creative_briefs

COUNT = 3
EVIDENCE_DAYS = 90


def build_briefs_digest(ctx: BuildContext) -> CheckinContent:
    end = ctx.period.end
    start = end - timedelta(days=EVIDENCE_DAYS - 1)
    try:
        result = creative_briefs(ctx.runtime, n=COUNT, period=f"{start}..{end}", today=end)
    except InsufficientDataError as exc:
        return quiet(ctx, f"no data: {exc}", f"All quiet: no ad data to brief from yet. {exc}")
    if not result.briefs:
        why = "; ".join(result.notes) or "no evidence to brief from"
        return quiet(ctx, f"no brief: {why}", f"All quiet: no brief for {ctx.dates} — {why}")
    blocks = [b.header(f"🧭 What to make next · {ctx.dates}"),
              b.context(f"*{b.escape(ctx.workspace)}* · {len(result.briefs)} briefs from {b.day(start)} – "
                        f"{b.day(end)} on {result.metric} ({result.n_creatives} creatives with enough delivery)")]
    if result.learning:
        blocks.append(b.section(":test_tube: " + b.escape(result.notes[0])))
    lines = [f"Briefs {ctx.dates}:"]
    for i, brief in enumerate(result.briefs, start=1):
        blocks.append(b.divider())
        blocks.append(b.brief_section(brief.model_dump(mode="json"), i, ctx.workspace, ctx.job))
        lines.append(f"{i}. {brief.title} ({brief.confidence}): {brief.why}")
    if result.velocity.note:
        blocks.append(b.section(f"*Creative velocity*\n{b.escape(result.velocity.note)}"))
        lines.append(f"Creative velocity: {result.velocity.note}")
    return CheckinContent(job=ctx.job, period=ctx.period, text="\n".join(lines), blocks=blocks[:b.MAX_BLOCKS],
                          data=result.model_dump(mode="json"))

"""Block Kit builders: placeholder, progress, result summary, approval buttons, edit-count modal, App Home, errors.

Pure functions from plain data to Slack JSON, so they are tested without Slack. Slack's limits are respected here:
≤ 50 blocks per message, ≤ 3000 characters per text object, ≤ 10 fields per section.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from integrations.slack.agent_port import ApprovalInfo, TurnResult
from tools.checkins.content.blocks import brief_section
from tools.core.limits import MAX_VARIANTS

MAX_BLOCKS = 50
MAX_TEXT = 2900
MAX_FIELDS = 10
APPROVE, REJECT, EDIT_COUNT = "hookline_approve", "hookline_reject", "hookline_edit_count"
RETRY = "hookline_retry"  # "Try again" on a request that could not be finished
EDIT_COUNT_MODAL = "hookline_edit_count_modal"
COUNT_BLOCK, COUNT_ACTION = "count", "value"
NOTE_BLOCK, NOTE_ACTION = "note", "value"

RATIO_KPIS = {"ctr_link", "ctr_all", "hook_rate", "hold_rate", "freshness_rate"}
MONEY_KPIS = {"spend", "cpm", "cpc_link", "cpa", "revenue"}
COUNT_KPIS = {"impressions", "link_clicks", "clicks_all", "purchases", "reach"}
KPI_LABELS = {
    "spend": "Spend", "impressions": "Impressions", "link_clicks": "Link clicks", "clicks_all": "Clicks (all)",
    "purchases": "Purchases", "revenue": "Revenue", "ctr_link": "CTR (link)", "ctr_all": "CTR (all)", "cpm": "CPM",
    "cpc_link": "CPC (link)", "cpa": "CPA", "roas": "ROAS", "hook_rate": "Hook rate", "hold_rate": "Hold rate",
    "freshness_rate": "Freshness", "creative_velocity": "Creative velocity", "frequency": "Frequency",
    "reach": "Reach",
}
KPI_ORDER = ["spend", "roas", "cpa", "ctr_link", "hook_rate", "hold_rate", "cpm", "purchases", "impressions",
             "freshness_rate", "creative_velocity", "revenue", "cpc_link", "link_clicks", "ctr_all", "clicks_all"]


# -- small helpers ------------------------------------------------------------------------------------------------
def _text_chunks(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split on line breaks where possible so no text object exceeds Slack's limit."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            chunks.append(current)
            current = ""
        current += line
    if current.strip():
        chunks.append(current)
    return [c.rstrip("\n") for c in chunks if c.strip()]


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:MAX_TEXT]}}


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:MAX_TEXT]}]}


def sections(text: str) -> list[dict[str, Any]]:
    return [section(chunk) for chunk in _text_chunks(text)]


def fields_sections(fields: list[str]) -> list[dict[str, Any]]:
    return [
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f[:2000]} for f in fields[i:i + MAX_FIELDS]]}
        for i in range(0, len(fields), MAX_FIELDS)
    ]


def chunk_blocks(blocks: list[dict[str, Any]], size: int = MAX_BLOCKS) -> list[list[dict[str, Any]]]:
    """Messages of at most `size` blocks each (the first replaces the placeholder, the rest follow in thread)."""
    return [blocks[i:i + size] for i in range(0, len(blocks), size)] or [[]]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def format_kpi(name: str, value: Any, currency: str | None = None) -> str:
    """Human form of one KPI as CLI.md defines it (ratios are fractions; money in the account currency)."""
    number = _number(value)
    if number is None:
        return "n/a"
    if name in RATIO_KPIS:
        return f"{number * 100:.2f}%"
    if name in MONEY_KPIS:
        return f"{number:,.2f} {currency}" if currency else f"{number:,.2f}"
    if name == "roas":
        return f"{number:.2f}×"
    if name == "creative_velocity":
        return f"{number:.1f}/week"
    if name == "frequency":
        return f"{number:.2f}"
    if name in COUNT_KPIS or number.is_integer():
        return f"{number:,.0f}"
    return f"{number:,.3g}"


def find_key(data: Any, key: str, depth: int = 6) -> Any:
    """The first value stored under `key` anywhere in nested dicts and lists (the agent nests tool outputs as
    `results[i].data`)."""
    owner = _find_owner(data, key, depth)
    return owner[key] if owner is not None else None


def _find_owner(data: Any, key: str, depth: int = 6) -> dict[str, Any] | None:
    """The dict that holds a non-empty `key` (to read siblings such as `currency`)."""
    if depth < 0:
        return None
    if isinstance(data, dict):
        if data.get(key) not in (None, [], {}):
            return data
        children = list(data.values())
    elif isinstance(data, list):
        children = data
    else:
        return None
    for value in children:
        owner = _find_owner(value, key, depth - 1)
        if owner is not None:
            return owner
    return None


# -- result summary -----------------------------------------------------------------------------------------------
def kpi_fields(kpis: dict[str, Any], currency: str | None) -> list[str]:
    names = [k for k in KPI_ORDER if k in kpis] + [k for k in kpis if k not in KPI_ORDER]
    return [f"*{KPI_LABELS.get(k, k)}*\n{format_kpi(k, kpis[k], currency)}" for k in names][:MAX_FIELDS * 2]


def variant_score(variant: dict[str, Any]) -> float | None:
    """A variant's predicted score, flat (`score`) or as the creator reports it (`prediction.score`)."""
    score = _number(variant.get("score"))
    if score is None and isinstance(variant.get("prediction"), dict):
        score = _number(variant["prediction"].get("score"))
    return score


def variant_copy(variant: dict[str, Any], field: str) -> str | None:
    value = variant.get(field)
    if not value and isinstance(variant.get("ad_copy"), dict):
        value = variant["ad_copy"].get(field)
    return str(value) if value else None


def top_variants(variants: list[dict[str, Any]], limit: int = 5) -> list[dict[str, Any]]:
    scored = [v for v in variants if isinstance(v, dict)]
    return sorted(scored, key=lambda v: variant_score(v) or float("-inf"), reverse=True)[:limit]


def top_variant_files(data: dict[str, Any], limit: int = 3) -> list[str]:
    """The first rendered asset of each of the best `limit` variants (shown next to the contact sheet)."""
    variants = find_key(data, "variants")
    files: list[str] = []
    if not isinstance(variants, list):
        return files
    for variant in top_variants(variants, limit):
        for asset in variant.get("assets") or []:
            path = asset.get("path") if isinstance(asset, dict) else asset
            if isinstance(path, str) and path:
                files.append(path)
                break
    return files


def variant_lines(variants: list[dict[str, Any]], limit: int = 5) -> list[str]:
    lines = []
    for rank, variant in enumerate(top_variants(variants, limit), start=1):
        score = variant_score(variant)
        score_text = f"{score:.0f}" if score is not None else "n/a"
        hook, headline = variant_copy(variant, "hook"), variant_copy(variant, "headline")
        title = hook or headline or variant.get("id") or "variant"
        detail = headline if hook and headline else None
        line = f"*{rank}.* `{variant.get('id', rank)}` score *{score_text}* — {title}"
        if detail:
            line += f" / _{detail}_"
        lines.append(line)
    return lines


def winner_lines(winners: list[dict[str, Any]], limit: int = 5) -> list[str]:
    lines = []
    for rank, winner in enumerate(winners[:limit], start=1):
        if not isinstance(winner, dict):
            continue
        metric = str(winner.get("metric") or "")
        value = format_kpi(metric, winner.get("value"))
        name = winner.get("ad_name") or winner.get("ad_id") or "ad"
        lines.append(f"*{rank}.* {name} — {metric} {value}")
    return lines


def ingest_fields(ingest: dict[str, Any]) -> list[str]:
    fields = []
    for key, label in (("rows", "Rows"), ("ads", "Ads"), ("currency", "Currency"), ("source", "Source")):
        if ingest.get(key) not in (None, ""):
            value = ingest[key]
            fields.append(f"*{label}*\n{value:,}" if isinstance(value, int) else f"*{label}*\n{value}")
    if ingest.get("date_start") and ingest.get("date_end"):
        fields.append(f"*Period*\n{ingest['date_start']} → {ingest['date_end']}")
    return fields


def blueprint_fields(blueprint: dict[str, Any]) -> list[str]:
    fields = []
    duration = _number(blueprint.get("duration_s"))
    if duration is not None:
        fields.append(f"*Duration*\n{duration:.1f} s")
    cuts = blueprint.get("cuts_s")
    if isinstance(cuts, list):
        fields.append(f"*Cuts*\n{len(cuts)}")
    avg = _number(blueprint.get("avg_shot_s"))
    if avg is not None:
        fields.append(f"*Avg shot*\n{avg:.2f} s")
    for key, label in (("pace", "Pace"), ("aspect_ratio", "Aspect ratio"), ("kind", "Kind")):
        if blueprint.get(key):
            fields.append(f"*{label}*\n{blueprint[key]}")
    return fields


def summary_blocks(result: TurnResult, file_count: int | None = None) -> list[dict[str, Any]]:
    """The reply text, then the numbers (KPIs, import, blueprint), then the top variants/winners with scores."""
    blocks: list[dict[str, Any]] = sections(result.reply or "Done.")
    data = result.data
    kpis = find_key(data, "kpis")
    if isinstance(kpis, dict) and kpis:
        owner = _find_owner(data, "kpis") or {}
        blocks += fields_sections(kpi_fields(kpis, owner.get("currency")))
    ingest = find_key(data, "ingest")
    if isinstance(ingest, dict):
        blocks += fields_sections(ingest_fields(ingest))
    blueprint = find_key(data, "blueprint")
    if not isinstance(blueprint, dict):  # the agent returns the extractor's blueprint as the tool's data
        blueprint = _find_owner(data, "cuts_s")
    if isinstance(blueprint, dict):
        blocks += fields_sections(blueprint_fields(blueprint))
    variants = find_key(data, "variants")
    if isinstance(variants, list) and variants:
        blocks.append({"type": "divider"})
        blocks.append(section(f"*Top variants* (of {len(variants)}, by predicted score)\n"
                              + "\n".join(variant_lines(variants))))
    winners = find_key(data, "winners")
    if isinstance(winners, list) and winners:
        blocks.append(section("*Winners*\n" + "\n".join(winner_lines(winners))))
    briefs = find_key(data, "briefs")
    if isinstance(briefs, list) and briefs and all(isinstance(b, dict) and b.get("title") for b in briefs):
        blocks.append({"type": "divider"})  # one section per brief, each with its "Make variants" button
        blocks += [brief_section(brief, i, workspace="", job="agent") for i, brief in enumerate(briefs[:10], 1)]
    count = len(result.attachments) if file_count is None else file_count
    if count:
        blocks.append(context(f":paperclip: {count} file{'s follow' if count != 1 else ' follows'} in this thread."))
    return blocks


def fallback_text(result: TurnResult) -> str:
    """Notification / accessibility text for a result message."""
    return (result.reply or "Done.")[:MAX_TEXT]


# -- approvals ----------------------------------------------------------------------------------------------------
def approval_count(approval: ApprovalInfo) -> int | None:
    """The count the approval is about: a top-level `count`/`n`, else the `n` of the paused tool call."""
    for key in ("count", "n", "num_variants"):
        value = _number(approval.details.get(key))
        if value is not None:
            return int(value)
    for call in approval.details.get("tool_calls") or []:
        if isinstance(call, dict) and isinstance(call.get("args"), dict):
            value = _number(call["args"].get("n"))
            if value is not None:
                return int(value)
    return None


def approval_blocks(approval: ApprovalInfo) -> list[dict[str, Any]]:
    summary = approval.summary or "I need your go-ahead before I continue."
    blocks = [section(f":raised_hand: *Approval needed*\n{summary}")]
    details = {k: v for k, v in approval.details.items()
               if isinstance(v, str | int | float) and not isinstance(v, bool)}
    if details:
        blocks += fields_sections([f"*{k.replace('_', ' ').capitalize()}*\n{v}" for k, v in details.items()][:10])
    reasons = [str(r) for r in approval.details.get("reasons") or [] if r]
    if reasons:
        blocks.append(context("Why I ask: " + "; ".join(reasons)))
    wanted = {a.lower() for a in approval.actions} or {"approve", "reject", "edit"}
    buttons = [
        {"type": "button", "action_id": APPROVE, "style": "primary", "value": approval.id,
         "text": {"type": "plain_text", "text": "Approve"}},
        {"type": "button", "action_id": REJECT, "style": "danger", "value": approval.id,
         "text": {"type": "plain_text", "text": "Reject"}},
    ]
    if approval_count(approval) is not None or wanted & {"edit", "edit_count", "edit count"}:
        buttons.append({"type": "button", "action_id": EDIT_COUNT, "value": approval.id,
                        "text": {"type": "plain_text", "text": "Edit count"}})
    blocks.append({"type": "actions", "block_id": "hookline_approval", "elements": buttons})
    return blocks


def decided_blocks(summary: str, *, approved: bool, user_id: str | None, count: int | None = None) -> list[dict]:
    who = f"<@{user_id}>" if user_id else "someone"
    if approved:
        verdict = f":white_check_mark: Approved by {who}" + (f" — count {count}" if count is not None else "")
        verdict += ". Working on it…"
    else:
        verdict = f":x: Rejected by {who}. Nothing was run."
    return [section(f"*Approval*\n{summary or 'Request'}"), context(verdict)]


def edit_count_modal(approval_id: str, summary: str, initial: int | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "number_input", "action_id": COUNT_ACTION, "is_decimal_allowed": False,
                               "min_value": "1", "max_value": str(MAX_VARIANTS)}
    if initial is not None:
        element["initial_value"] = str(initial)
    return {
        "type": "modal",
        "callback_id": EDIT_COUNT_MODAL,
        "private_metadata": approval_id,
        "title": {"type": "plain_text", "text": "Edit count"},
        "submit": {"type": "plain_text", "text": "Approve"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(summary or "How many should I make?"),
            {"type": "input", "block_id": COUNT_BLOCK, "label": {"type": "plain_text", "text": "Count"},
             "element": element},
            {"type": "input", "block_id": NOTE_BLOCK, "optional": True,
             "label": {"type": "plain_text", "text": "Note (optional)"},
             "element": {"type": "plain_text_input", "action_id": NOTE_ACTION}},
        ],
    }


# -- placeholder, progress, errors --------------------------------------------------------------------------------
def placeholder_text(kind: str) -> str:
    return {
        "file": ":hourglass_flowing_sand: Reading your file…",
        "approval": ":hourglass_flowing_sand: Resuming…",
    }.get(kind, ":hourglass_flowing_sand: Working on it…")


def progress_text(event: Any) -> str:
    """`rendering 7/20` from a ProgressEvent(stage, done, total, message): the tool's own words when it gave
    some, else the stage and the count."""
    message = getattr(event, "message", None)
    if message:
        return f":hourglass_flowing_sand: {message}"[:MAX_TEXT]
    stage = getattr(event, "stage", None) or "working"
    done, total = getattr(event, "done", None), getattr(event, "total", None)
    text = f":hourglass_flowing_sand: {stage}"
    if done is not None and total:
        text += f" {done}/{total}"
    return text[:MAX_TEXT]


def error_blocks(message: str, retry_of: str | None = None) -> list[dict[str, Any]]:
    """The failure, and when `retry_of` names the failed turn a "Try again" button that asks the same once more."""
    blocks = [section(f":warning: {message}")]
    if retry_of is not None:
        blocks.append({"type": "actions", "elements": [
            {"type": "button", "action_id": RETRY, "value": retry_of,
             "text": {"type": "plain_text", "text": "Try again"}},
        ]})
    return blocks


# -- welcome (first DM) and App Home ------------------------------------------------------------------------------
WELCOME_EVENT = "hookline_welcome"  # metadata event type of the welcome DM, so it is recognised and never repeated
EXAMPLE_REQUESTS = (
    "how did we do last week?",
    "make 20 variants of last week's winner",
    "break down this competitor video",
)
WELCOME_TEXT = ("Hi, I'm Hookline: I turn your ad data into answers and new creatives. Try: "
                + " · ".join(f"“{r}”" for r in EXAMPLE_REQUESTS) + ". Drop an Ads Manager or TikTok export "
                "(CSV or XLSX) into this DM to import it.")


def welcome_blocks(workspace: str, has_data: bool) -> list[dict[str, Any]]:
    """What the bot can do, three example requests and how to bring data: the first DM, and the Home tab of a
    workspace without data."""
    examples = "\n".join(f"• _{r}_" + (" (attach the video)" if "video" in r else "") for r in EXAMPLE_REQUESTS)
    data = ("Your ad data is loaded, so you can ask right away." if has_data else
            "There is no ad data here yet, so start with an export.")
    return [
        {"type": "header", "text": {"type": "plain_text", "text": "Hi, I'm Hookline 👋"}},
        section("I turn ad performance data into answers and new creatives: weekly KPIs and winners, fatigue alerts "
                "with what to do, breakdowns of competitor ads, and on-brand variants with predicted scores — "
                "images, contact sheets and charts right in the thread."),
        section(f"*Ask me in plain words*\n{examples}"),
        section(f"*Bring your data*\n{data} Drop an Ads Manager or TikTok export (CSV or XLSX) into this DM and I "
                "import it; importing the same rows again never double-counts. In a channel, `/invite @Hookline` "
                "and mention me; `/hookline help` lists everything."),
        context(f"Workspace *{workspace}* · I only act on what you ask; files you share are read as data."),
    ]


# -- App Home -----------------------------------------------------------------------------------------------------
def channel_mention(channel: str) -> str:
    """`<#C123>` for channel ids, `<@U123>` for people, `#name` for names."""
    if channel[:1] in ("C", "G") and channel[1:].isalnum() and channel.isupper():
        return f"<#{channel}>"
    if channel[:1] in ("U", "W") and channel[1:].isalnum() and channel.isupper():
        return f"<@{channel}>"
    return channel if channel.startswith("#") else f"#{channel}"


def home_view(workspace: str, report: dict[str, Any] | None, report_note: str | None,
              schedules: Iterable[dict[str, Any]] | None, schedules_note: str | None, *,
              has_data: bool = True) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Hookline"}},
        context(f"Workspace *{workspace}*"),
        {"type": "divider"},
    ]
    if report:
        period = report.get("period") or {}
        title = "*Last week*"
        if period.get("start") and period.get("end"):
            title += f" ({period['start']} → {period['end']})"
        blocks.append(section(title))
        blocks += fields_sections(kpi_fields(report.get("kpis") or {}, report.get("currency"))[:MAX_FIELDS])
        top = [t for t in report.get("top") or [] if isinstance(t, dict)][:5]
        if top:
            lines = [f"*{i}.* {t.get('ad_name') or t.get('ad_id') or t.get('name') or 'ad'}"
                     + (f" — {t.get('metric')} {format_kpi(str(t.get('metric')), t.get('value'))}"
                        if t.get("metric") else "")
                     for i, t in enumerate(top, start=1)]
            blocks.append(section("*Top creatives*\n" + "\n".join(lines)))
    elif not has_data:  # a new workspace: what the bot can do and how to bring data, instead of empty KPIs
        blocks += welcome_blocks(workspace, has_data=False)[1:-1]
    else:
        blocks.append(section(f"*KPIs*\n{report_note or 'No ad data yet.'}"))
    blocks.append({"type": "divider"})
    schedule_list = [s for s in (schedules or []) if isinstance(s, dict) and s.get("active", True)]
    if schedule_list:
        lines = []
        for item in schedule_list[:20]:
            line = f"• *{item.get('job', 'check-in')}* → {channel_mention(str(item.get('channel') or ''))}"
            if item.get("description"):
                line += f", {item['description']}"
            if item.get("next_run"):
                line += f" (next {str(item['next_run'])[:16].replace('T', ' ')})"
            lines.append(line)
        blocks.append(section("*Schedules*\n" + "\n".join(lines)))
    else:
        blocks.append(section(f"*Schedules*\n{schedules_note or 'No check-ins scheduled.'}"))
    blocks.append(context("Try: _@Hookline make 20 variants of last week's winner_ · _/hookline report_ · "
                          "drop an Ads Manager export into a DM to import it."))
    return {"type": "home", "blocks": blocks[:100]}

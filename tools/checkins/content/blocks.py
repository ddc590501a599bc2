"""Small Block Kit builders shared by the check-in messages, with Slack's limits and escaping applied.

Why escape: ad names, creative names and notes come from imported data, i.e. from whoever wrote them. Slack reads
`<...>` as links and mentions (`<!channel>`), so `&`, `<` and `>` are escaped before any text goes into mrkdwn.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from tools.core.domain.checkins import MAKE_VARIANTS_ACTION_ID
from tools.core.jsonio import dumps
from tools.core.names import distinct_names, short_name
from tools.performance.formatting import kpi_value, money, percent, short

HEADER_MAX = 150
SECTION_MAX = 3000
FIELD_MAX = 2000
BUTTON_TEXT_MAX = 75
MAX_BLOCKS = 50


def escape(text: object) -> str:
    """Text made inert for mrkdwn: no links, mentions or formatting injected from data."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def name_of(ad_name: str | None, ad_id: str, width: int = 40) -> str:
    """One ad's name for mrkdwn, cut in the middle so its distinguishing tail stays."""
    return escape(short_name(ad_name or ad_id, width))


def names_of(ads: Sequence[tuple[str | None, str]], width: int = 40) -> list[str]:
    """Names of ads listed together, (name, id) pairs: cut like `name_of`, and never two alike for two ads."""
    return [escape(label) for label in distinct_names(ads, width)]


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": short(text, HEADER_MAX), "emoji": True}}


def section(text: str, accessory: dict[str, Any] | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, SECTION_MAX)}}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def fields(items: list[str]) -> dict[str, Any]:
    return {"type": "section", "fields": [{"type": "mrkdwn", "text": _clip(t, FIELD_MAX)} for t in items[:10]]}


def context(*texts: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(t, SECTION_MAX)} for t in texts[:10]]}


def divider() -> dict[str, Any]:
    return {"type": "divider"}


def actions(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "elements": list(elements)[:25]}


def make_variants_button(ad_id: str, ad_name: str | None, workspace: str, job: str,
                         label: str | None = None) -> dict[str, Any]:
    """The 'make variants' button the Slack app handles (action_id `hookline_make_variants`)."""
    value = dumps({"ad_id": ad_id, "workspace": workspace, "job": job}, compact=True)  # Slack caps a value at 2000
    return {
        "type": "button",
        "action_id": MAKE_VARIANTS_ACTION_ID,
        "text": {"type": "plain_text", "text": short(label or "Make variants", BUTTON_TEXT_MAX), "emoji": True},
        "value": value[:2000],
    }


def brief_variants_button(source: str, workspace: str, job: str, label: str | None = None) -> dict[str, Any]:
    """A brief's 'Make variants' button: the same action, carrying the brief's `brief:` creator source."""
    value = dumps({"source": source, "workspace": workspace, "job": job}, compact=True)
    return {
        "type": "button",
        "action_id": MAKE_VARIANTS_ACTION_ID,
        "text": {"type": "plain_text", "text": short(label or "Make variants", BUTTON_TEXT_MAX), "emoji": True},
        "value": value[:2000],
    }


def brief_section(brief: dict[str, Any], index: int, workspace: str, job: str) -> dict[str, Any]:
    """One creative brief as a section (title, elements, hooks, why, confidence) with its 'Make variants' button."""
    tag = "untested" if brief.get("untested") else ("iteration" if brief.get("iteration_of") else "new")
    lines = [f"*{index}. {escape(brief['title'])}*  _{tag} · confidence {escape(brief.get('confidence', ''))}_"]
    if brief.get("attributes"):
        lines.append("Use: " + ", ".join(f"{escape(k)} `{escape(v)}`" for k, v in brief["attributes"].items()))
    if brief.get("avoid"):
        lines.append("Avoid: " + ", ".join(f"{escape(k)} `{escape(v)}`" for k, v in brief["avoid"].items()))
    lines += [f"> {escape(hook)}" for hook in brief.get("hooks") or []]
    lines.append(escape(brief.get("why", "")))
    button = brief_variants_button(str(brief.get("source") or ""), workspace, job)
    return section("\n".join(lines), button if brief.get("source") else None)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def day(value: date) -> str:
    """'18 Nov' — dates inside a message whose header already names the year."""
    return f"{value.day} {value.strftime('%b')}"


def date_range(start: date, end: date) -> str:
    """'16–22 Nov 2026', '28 Oct – 3 Nov 2026', '29 Dec 2025 – 4 Jan 2026'."""
    if start.year != end.year:
        return f"{day(start)} {start.year} – {day(end)} {end.year}"
    if start.month != end.month:
        return f"{day(start)} – {day(end)} {end.year}"
    return f"{start.day}–{end.day} {end.strftime('%b')} {end.year}"


def delta(key: str, current: float | None, previous: float | None, change: float | None,
          currency: str | None) -> str:
    """'▲ 8.1 % vs $11,420.00' (relative change and last period's value), '' when there is nothing to compare."""
    if current is None or previous is None:
        return ""
    if change is None:
        return f"vs {kpi_value(key, previous, currency)}"
    arrow = "▲" if change > 0 else ("▼" if change < 0 else "=")
    return f"{arrow} {abs(change) * 100:.1f} % vs {kpi_value(key, previous, currency)}"


__all__ = [
    "actions", "brief_section", "brief_variants_button", "context", "date_range", "day", "delta", "divider", "escape",
    "fields", "header",
    "make_variants_button", "money", "name_of", "names_of", "percent", "section",
]

"""Compose the user-facing reply of a turn: short, concrete, with the numbers and the files.

The numbers come from each tool's one-line summary (built from its data); failures say what to do next; refused
calls and planner assumptions are stated so the user always knows what ran and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.catalog.registry import TOOL_SPECS

MAX_FILES_LISTED = 6


def turn_files(results: list[dict[str, Any]]) -> list[str]:
    files: list[str] = []
    for result in results:
        for path in result.get("files") or []:
            if path not in files:
                files.append(str(path))
    return files


def compose_reply(results: list[dict[str, Any]], *, notes: list[str] | None = None,
                  approval: dict[str, Any] | None = None, lead: str | None = None, understood: str = "",
                  bullets: int | None = None) -> str:
    """The turn's reply. `understood` (the planner's reading) comes first unless a tool stated what it computed
    itself; `bullets` (asked for: "in 3 bullets") turns the results into at most that many bullet lines (0: no cap).
    """
    lines: list[str] = []
    cancelled = bool(approval and not approval.get("approved"))
    if understood and not cancelled and not any((r.get("data") or {}).get("understood") for r in results
                                                if r.get("ok")):
        lines.append(understood)
    if cancelled:  # the user's decision first, then whatever the model said after it
        lines.append(f"Cancelled, nothing was run: {approval.get('summary')}.")
    if lead:
        lines.append(lead.strip())
        # a model's own words may leave out what exactly was computed; the tools' reading is always stated
        lines.extend(f"Computed: {u}" for u in dict.fromkeys(
            (r.get("data") or {}).get("understood") or "" for r in results if r.get("ok")) if u and u not in lead)
    if not cancelled:
        points: list[str] = []
        for result in results:
            if result.get("ok") and not lead:
                summary = result.get("summary") or f"{result['name']} done."
                if bullets is None:
                    lines.append(summary)
                else:
                    points.extend(_points(summary))
            elif not result.get("ok") and not result.get("skipped"):
                lines.append(f"Couldn't {_action(result['name'])}: {result.get('error')} "
                             f"Next: {result.get('next')}")
        if points:
            lines.extend(f"• {p}" for p in (points[:bullets] if bullets else points))
        skipped = [r["name"] for r in results if r.get("skipped")]
        if skipped:
            lines.append(f"Not run because of the failure above: {', '.join(skipped)}.")
    if notes:
        lines.append("Note: " + "; ".join(notes) + ".")
    files = turn_files(results)
    if files:
        listed = ", ".join(Path(f).name for f in files[:MAX_FILES_LISTED])
        more = f" and {len(files) - MAX_FILES_LISTED} more" if len(files) > MAX_FILES_LISTED else ""
        lines.append(f"Files: {listed}{more}.")
    return "\n".join(line for line in lines if line) or "Done."


def _points(summary: str) -> list[str]:
    """A summary as bullet points: its lead sentence, then each listed item ("; "-separated) as its own point."""
    head, sep, rest = summary.partition(": ")
    items = [i.strip(" .") for i in rest.split("; ")] if sep and "; " in rest else []
    if not items:
        return [summary.strip()]
    return [f"{head}: {items[0]}", *items[1:]]


def _action(name: str) -> str:

    spec = TOOL_SPECS.get(name)
    return spec.action if spec else name

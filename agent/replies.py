"""Compose the user-facing reply of a turn: short, concrete, with the numbers and the files.

The numbers come from each tool's one-line summary (built from its data); failures say what to do next; refused
calls and planner assumptions are stated so the user always knows what ran and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.catalog.specs import TOOL_SPECS

MAX_FILES_LISTED = 6


def turn_files(results: list[dict[str, Any]]) -> list[str]:
    files: list[str] = []
    for result in results:
        for path in result.get("files") or []:
            if path not in files:
                files.append(str(path))
    return files


def compose_reply(results: list[dict[str, Any]], *, blocked: list[dict[str, Any]] | None = None,
                  notes: list[str] | None = None, approval: dict[str, Any] | None = None,
                  lead: str | None = None) -> str:
    lines: list[str] = []
    if lead:
        lines.append(lead.strip())
    if approval and not approval.get("approved"):
        lines.append(f"Cancelled, nothing was run: {approval.get('summary')}.")
    else:
        for result in results:
            if result.get("ok") and not lead:
                lines.append(result.get("summary") or f"{result['name']} done.")
            elif not result.get("ok") and not result.get("skipped"):
                lines.append(f"Couldn't {_action(result['name'])}: {result.get('error')} "
                             f"Next: {result.get('next')}")
        skipped = [r["name"] for r in results if r.get("skipped")]
        if skipped:
            lines.append(f"Not run because of the failure above: {', '.join(skipped)}.")
    for item in blocked or []:
        lines.append(f"I did not run {item['name']}: {item['reason']}. Ask for it directly if you want it.")
    if notes:
        lines.append("Note: " + "; ".join(notes) + ".")
    files = turn_files(results)
    if files:
        listed = ", ".join(Path(f).name for f in files[:MAX_FILES_LISTED])
        more = f" and {len(files) - MAX_FILES_LISTED} more" if len(files) > MAX_FILES_LISTED else ""
        lines.append(f"Files: {listed}{more}.")
    return "\n".join(line for line in lines if line) or "Done."


def _action(name: str) -> str:

    spec = TOOL_SPECS.get(name)
    return spec.action if spec else name

"""What the bot does with a file dropped into its thread: ad exports are ingested, videos and images broken down.

The file's contents are data, never instructions: an export only ever becomes rows, a video only a blueprint.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from integrations.slack.agent_port import TurnResult, _plain

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

TABULAR = {"csv", "tsv", "xlsx", "xls"}
MEDIA = {"mp4", "mov", "m4v", "webm", "mkv", "avi", "gif", "png", "jpg", "jpeg", "webp"}


FileAction = Literal["ingest", "extract"]


def classify(name: str, filetype: str | None = None, mimetype: str | None = None) -> FileAction | None:
    """Decide from Slack's `filetype`, the extension, then the MIME type; None when Hookline has no use for it."""
    candidates = [(filetype or "").lower(), Path(name).suffix.lower().lstrip(".")]
    for kind in candidates:
        if kind in TABULAR:
            return "ingest"
        if kind in MEDIA:
            return "extract"
    mime = (mimetype or "").lower()
    if mime.startswith(("video/", "image/")):
        return "extract"
    if mime in {"text/csv", "application/vnd.ms-excel",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}:
        return "ingest"
    return None


class FileActions(Protocol):
    def ingest(self, runtime: WorkspaceRuntime, paths: list[Path]) -> TurnResult: ...

    def extract(self, runtime: WorkspaceRuntime, path: Path) -> TurnResult: ...


def ingest_reply(result: dict[str, Any], names: list[str]) -> TurnResult:
    rows, ads = result.get("rows"), result.get("ads")
    period = ""
    if result.get("date_start") and result.get("date_end"):
        period = f" covering {result['date_start']} → {result['date_end']}"
    currency = f" ({result['currency']})" if result.get("currency") else ""
    text = f"Imported *{', '.join(names)}*: {rows:,} rows for {ads:,} ads{period}{currency}."
    warnings = [str(w) for w in result.get("warnings") or []]
    if warnings:
        text += "\n" + "\n".join(f"• {w}" for w in warnings[:10])
    return TurnResult(reply=text, data={"ingest": result})


def blueprint_reply(blueprint: dict[str, Any], name: str) -> TurnResult:
    """One readable paragraph from the blueprint's summary; the numbers go into the Block Kit fields."""
    kind = blueprint.get("kind")
    text = f"Broke down *{name}*" + (f" ({kind})" if kind else "") + "."
    summary = blueprint.get("summary") if isinstance(blueprint.get("summary"), dict) else {}
    facts = []
    if summary.get("n_shots") and blueprint.get("duration_s"):
        facts.append(f"{summary['n_shots']} shots in {float(blueprint['duration_s']):.1f} s"
                     + (f", {summary['pace']} pace" if summary.get("pace") else ""))
    hook = [label for key, label in (("has_face", "a face"), ("close_up_in_hook", "a close-up"),
                                     ("text_on_screen", "text on screen"), ("zoom_in_hook", "a push-in"))
            if summary.get(key)]
    if hook:
        facts.append("hook with " + ", ".join(hook))
    if summary.get("hook_archetype"):
        facts.append(f"{summary['hook_archetype']} hook")
    if summary.get("audio_dominant"):
        facts.append(f"audio: {summary['audio_dominant']}")
    if summary.get("cta"):
        facts.append(f"CTA: {summary['cta']}")
    if facts:
        text += " " + "; ".join(facts) + "."
    return TurnResult(reply=text, data={"blueprint": blueprint})


class HooklineFileActions:
    """Calls the importers and the extractor (imported lazily: pandas/cv2 stay off the ack path)."""

    def ingest(self, runtime: WorkspaceRuntime, paths: list[Path]) -> TurnResult:
        from tools.ingest.api import ingest_files

        result = _plain(ingest_files(runtime, paths))
        return ingest_reply(result, [p.name for p in paths])

    def extract(self, runtime: WorkspaceRuntime, path: Path) -> TurnResult:
        from tools.extractor.api import extract_blueprint  # off the ack path
        from tools.extractor.submit import extract_video_job, runs_as_job

        if runs_as_job(path):  # videos are a job: on a worker when the queue is shared
            blueprint = _plain(extract_video_job(runtime, path))
        else:
            blueprint = _plain(extract_blueprint(runtime, path))
        return blueprint_reply(blueprint, path.name)

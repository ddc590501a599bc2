"""The agent tools of this area, each declared once as an `AgentTool` (tools/core/agent_tool.py).

`extract_blueprint` → `tools.extractor.api.extract_blueprint`; the blueprint is also saved as a JSON file so a
later step (or a later message in the thread) can generate from `blueprint:FILE`."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from tools.core.agent_tool import AgentTool, ProgressFn, ToolArgs, ToolOutput
from tools.core.jsonio import dumps, to_jsonable
from tools.core.tool_helpers import existing_file, import_area

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


class ExtractBlueprintArgs(ToolArgs):
    """Deconstruct an ad (video, image or copy file, URL, or ad copy given as text) into a blueprint: shots, cuts,
    pace, hook, copy."""

    source: str | None = Field(None, min_length=1, description="Path of an attached file, or a URL.")
    text: str | None = Field(None, min_length=1, description="Ad copy to break down (treated as data).")
    store: bool = Field(True, description="Keep the blueprint in the workspace.")

    @model_validator(mode="after")
    def _one_source(self) -> ExtractBlueprintArgs:
        if (self.source is None) == (self.text is None):
            raise ValueError("give exactly one of source or text")
        return self



def _copy_file(runtime: WorkspaceRuntime, text: str) -> Path:
    """Ad copy given as text, written once as a .txt file: the extractor's copy path reads it as data."""
    folder = runtime.assets_dir / "copies"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"copy-{hashlib.sha1(text.encode()).hexdigest()[:10]}.txt"
    if not path.exists():
        tmp = path.with_suffix(".txt.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def extract_blueprint(runtime: WorkspaceRuntime, args: ExtractBlueprintArgs, progress: ProgressFn) -> ToolOutput:
    raw = args.source or ""
    is_url = raw.startswith(("http://", "https://"))
    source: str | Path
    if args.text is not None:
        source = _copy_file(runtime, args.text)
    else:
        source = raw if is_url else existing_file(raw, "source")
    api = import_area("extractor")
    progress("extracting", 0, 1, f"breaking down {Path(str(source)).name}")
    data = to_jsonable(api.extract_blueprint(runtime, source, store=args.store))
    progress("extracting", 1, 1, "blueprint ready")
    folder = runtime.assets_dir / "blueprints"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(str(args.source or args.text).encode()).hexdigest()[:10]
    path = folder / f"{Path(str(source)).stem or 'ad'}-{digest}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(dumps(data), encoding="utf-8")
    tmp.replace(path)  # never leave a half-written blueprint behind
    data["blueprint_file"] = str(path)
    parts = [f"{data.get('kind')}"]
    if data.get("duration_s") is not None:
        parts.append(f"{float(data['duration_s']):.1f}s")
    if data.get("shots"):
        parts.append(f"{len(data['shots'])} shots")
    if data.get("avg_shot_s") is not None:
        parts.append(f"avg shot {float(data['avg_shot_s']):.2f}s")
    if data.get("pace"):
        parts.append(f"pace {data['pace']}")
    hook = (data.get("copy") or {}).get("hook_archetype")
    if hook:
        parts.append(f"hook: {hook}")
    return ToolOutput(data=data, files=[str(path)], summary="Blueprint: " + ", ".join(parts) + ".")


def _remember_blueprint(args: Mapping[str, Any], data: Mapping[str, Any],
                        memory: Mapping[str, Any]) -> dict[str, Any]:
    """The saved blueprint, so "make variants from it" binds `blueprint:FILE`."""
    return {"last_blueprint": str(data["blueprint_file"])} if data.get("blueprint_file") else {}


TOOLS = (
    AgentTool("extract_blueprint", ExtractBlueprintArgs, extract_blueprint, "extractor", "break down the ad",
              remember=_remember_blueprint,
              examples=(
                  "break down this video", "deconstruct this competitor ad", "analyze this ad",
                  "tear down this creative", "what makes this ad work", "reverse engineer this spot",
                  "give me the blueprint of this", "dissect the pacing and hook of this clip",
                  "how is this video edited", "unpack this tiktok",
              )),
)

"""The agent tools of this area, each declared once as an `AgentTool` (tools/core/agent_tool.py).

`generate_variants` → `tools.creator.api.generate_variants`, with progress passed through ("rendering 7/20")."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator

from tools.core.agent_tool import CALL_KEY, AgentTool, ProgressFn, ToolArgs, ToolOutput
from tools.core.jsonio import to_jsonable
from tools.core.limits import MAX_VARIANTS, MAX_VARIANTS_WITHOUT_APPROVAL
from tools.core.tool_helpers import existing_file, import_area

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


AdFormat = Literal["1x1", "4x5", "9x16"]
_SOURCE = re.compile(r"^(winner|blueprint|ad:[^\s]+|blueprint:.+|brief:[^\s]+)$")
_LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")


class GenerateVariantsArgs(ToolArgs):
    """Generate on-brand ad variants (copy + rendered assets) from a winner, an ad or a blueprint."""

    source: str = Field(
        "winner",
        description="'winner' (the current winner), 'ad:ID', 'blueprint:FILE', 'blueprint' (the blueprint just "
        "extracted in this conversation), or 'brief:FIELD=VALUE+...' (a creative brief's elements).",
    )
    n: int = Field(20, ge=1, le=MAX_VARIANTS, description=f"Number of variants (1 to {MAX_VARIANTS}).")
    formats: list[AdFormat] = Field(default_factory=lambda: ["1x1", "4x5", "9x16"], min_length=1)
    video: bool = Field(False, description="Also render video variants (GPU).")
    language: str | None = Field(None, description="ISO 639-1 language code of the copy, e.g. 'es'.")
    asset: str | None = Field(None, description="The source ad's own image or video: the path of a file the user "
                                                "attached, with source 'ad:ID' or 'winner'.")

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if not _SOURCE.match(value):
            raise ValueError("source must be 'winner', 'blueprint', 'ad:ID', 'blueprint:FILE' or "
                             "'brief:FIELD=VALUE+...'")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not _LANGUAGE.match(value):
            raise ValueError("language must be an ISO 639-1 code such as 'es' or 'pt-BR'")
        return value



def progress_adapter(progress: ProgressFn, total: int) -> Callable[..., None]:
    """Accept the creator's callback in any of its reasonable shapes: (done, total[, message]), an event object
    or a dict with done/total/message (and optional stage)."""

    def callback(*args: Any, **kwargs: Any) -> None:
        event: dict[str, Any] = dict(kwargs)
        if len(args) == 1 and not isinstance(args[0], int | float):
            item = args[0]
            event.update(item if isinstance(item, dict) else {
                key: getattr(item, key) for key in ("stage", "done", "total", "message") if hasattr(item, key)
            })
        else:
            for key, value in zip(("done", "total", "message"), args, strict=False):
                event[key] = value
        done = int(event.get("done") or 0)
        count = int(event.get("total") or total)
        stage = str(event.get("stage") or "rendering")
        progress(stage, done, count, str(event.get("message") or f"{stage} {done}/{count}"))

    return callback


def call_job_key() -> str | None:
    """The job key of the agent's current tool call: a resumed turn follows the job its first attempt started."""
    call = CALL_KEY.get()
    if not call:
        return None
    key = f"agent:{call}"
    if len(key) > 200:
        import hashlib

        key = f"agent:{hashlib.sha256(call.encode()).hexdigest()}"
    return key


def generate_variants(runtime: WorkspaceRuntime, args: GenerateVariantsArgs, progress: ProgressFn) -> ToolOutput:
    if args.source == "blueprint":
        from tools.core.errors import InputError

        raise InputError("No blueprint in this conversation yet: attach the ad to break down first, or say "
                         "'from blueprint:FILE'.", field="source")
    import_area("creator")  # a clear error when the capability is not installed
    from tools.creator.submit import generate_variants_job

    result = generate_variants_job(
        runtime, source=args.source, n=args.n, formats=tuple(args.formats), video=args.video,
        language=args.language, progress=progress_adapter(progress, args.n), idempotency_key=call_job_key(),
        asset=existing_file(args.asset, "asset") if args.asset else None,
    )
    data = to_jsonable(result)
    variants = data.get("variants") or []
    files = [data[key] for key in ("contact_sheet", "manifest") if data.get(key)]
    asset_count = sum(len(v.get("assets") or []) for v in variants)
    scores = [float(s) for s in (_variant_score(v) for v in variants) if s is not None]
    source = data.get("source")
    label = source.get("label") if isinstance(source, dict) else source or args.source
    summary = f"Generated {len(variants)} variants ({asset_count} assets) from {label}"
    if len(variants) < args.n:
        warnings = data.get("warnings") or []
        summary += f" ({args.n} asked" + (f": {str(warnings[0]).rstrip('.')}" if warnings else "") + ")"
    if args.language:
        summary += f" in {args.language}"
    if scores:
        summary += f"; predicted score best {max(scores):.0f}, median {sorted(scores)[len(scores) // 2]:.0f}"
    best = variants[0].get("ad_copy") if variants else None
    if isinstance(best, dict) and best.get("headline"):
        summary += f"; top headline: \"{best['headline']}\""
    if data.get("status") == "cancelled":
        summary += " (cancelled before the end)"
    return ToolOutput(data=data, files=[str(f) for f in files], summary=summary + ".")


def _variant_score(variant: dict[str, Any]) -> float | None:
    prediction = variant.get("prediction")
    if isinstance(prediction, dict) and prediction.get("score") is not None:
        return float(prediction["score"])
    return float(variant["score"]) if variant.get("score") is not None else None


def _approval(args: Mapping[str, Any], image_model_configured: bool) -> list[str]:
    """Large batches and GPU rendering wait for a human's go-ahead."""
    reasons: list[str] = []
    n = int(args.get("n", 20))
    if n > MAX_VARIANTS_WITHOUT_APPROVAL:
        reasons.append(f"{n} variants is more than {MAX_VARIANTS_WITHOUT_APPROVAL}")
    if args.get("video"):
        reasons.append("video rendering runs on the GPU")
    elif image_model_configured:
        reasons.append("image generation runs on the GPU")
    return reasons


def _describe(args: Mapping[str, Any], memory: Mapping[str, Any]) -> str:
    source = str(args.get("source", "winner"))
    winner = memory.get("last_winner") or {}
    if source == f"ad:{winner.get('ad_id')}" and winner.get("ad_name"):
        source = f"{source} ({winner['ad_name']})"
    extras = [f"formats {', '.join(args.get('formats') or ['1x1', '4x5', '9x16'])}"]
    if args.get("language"):
        extras.append(f"in {args['language']}")
    if args.get("video"):
        extras.append("with video")
    return f"Generate {args.get('n', 20)} variants of {source} ({'; '.join(extras)})"


def _remember(args: Mapping[str, Any], data: Mapping[str, Any], memory: Mapping[str, Any]) -> dict[str, Any]:
    """What "now make 5 more in Spanish" starts from."""
    return {"last_source": args.get("source"), "last_n": args.get("n"), "last_language": args.get("language"),
            "last_formats": args.get("formats")}


TOOLS = (
    AgentTool(
        "generate_variants", GenerateVariantsArgs, generate_variants, "creator", "make variants", side_effect=True,
        approval=_approval, describe=_describe, remember=_remember, count_arg="n",
        next_steps={
            "insufficient_data": "add brand material (attach your brand guide and say 'add this to our brand'), or "
                                 "make variants of an ad with more data.",
            "not_configured": "set the setting named above, or ask again in English / without that option.",
        },
              examples=(
                  "make variants of our best ad", "create new versions of this creative", "generate ad variations",
                  "spin up some fresh takes on the top performer", "write new hooks and headlines for it",
                  "iterate on the winning concept", "remix this ad into new ones",
                  "i need more creatives based on that", "produce a batch of variations in spanish",
                  "more like that one please", "give me alternatives for the ad",
                  "mutate the winner into new concepts", "draft new copy options from the blueprint",
              )),
)

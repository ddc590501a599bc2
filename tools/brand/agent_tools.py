"""The agent tools of this area, each declared once as an `AgentTool` (tools/core/agent_tool.py).

`brand_search`, `brand_add` → `tools.brand.api`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from tools.core.agent_tool import AgentTool, ProgressFn, ToolArgs, ToolOutput
from tools.core.jsonio import to_jsonable
from tools.core.tool_helpers import existing_file, import_area

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


BrandKind = Literal["voice", "guideline", "value_prop", "banned", "palette", "script"]


class BrandSearchArgs(ToolArgs):
    """Search the Brand DNA (voice, guidelines, value props, banned words, palette, scripts)."""

    query: str = Field(min_length=1, description="What to look up.")
    k: int = Field(5, ge=1, le=50, description="How many passages to return.")
    kinds: list[BrandKind] | None = Field(None, description="Restrict to these kinds.")


class BrandAddArgs(ToolArgs):
    """Add brand knowledge from attached documents or from text the user gave."""

    text: str | None = Field(None, description="Brand text to remember.")
    paths: list[str] = Field(default_factory=list, description="Brand documents (PDF, DOCX, TXT, MD).")
    kind: BrandKind | None = Field(None, description="What the text is; inferred when absent.")

    @model_validator(mode="after")
    def _something(self) -> BrandAddArgs:
        if not self.text and not self.paths:
            raise ValueError("give text or paths")
        return self



def brand_search(runtime: WorkspaceRuntime, args: BrandSearchArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("brand")
    data = to_jsonable(api.brand_search(runtime, args.query, k=args.k, kinds=args.kinds))
    results = data.get("results") or []
    if not results:
        return ToolOutput(data=data, summary=f"Nothing in the Brand DNA matches {args.query!r} yet.")
    top = results[0]
    text = " ".join(str(top.get("text") or "").split())
    snippet = text[:160] + ("…" if len(text) > 160 else "")
    return ToolOutput(data=data, summary=f"{len(results)} brand passage(s); best ({top.get('kind')}): {snippet}")


def brand_add(runtime: WorkspaceRuntime, args: BrandAddArgs, progress: ProgressFn) -> ToolOutput:
    paths = [existing_file(path, "paths") for path in args.paths]
    api = import_area("brand")
    data = to_jsonable(api.brand_add(runtime, paths=paths, text=args.text, kind=args.kind))
    kind = f" as {args.kind}" if args.kind else ""
    return ToolOutput(data=data, summary=f"Added {data.get('added', 0)} item(s) to the Brand DNA{kind}.")


TOOLS = (
    AgentTool("brand_search", BrandSearchArgs, brand_search, "brand", "search the brand DNA",
              examples=(
                  "what is our brand voice", "what do the guidelines say about emojis", "search the brand book",
                  "how do we describe the product", "are we allowed to say cheap", "look up our value props",
                  "what are our brand colors", "check the style guide for claims", "what is our tagline",
                  "how should we talk about pricing",
              )),
    AgentTool("brand_add", BrandAddArgs, brand_add, "brand", "add to the brand DNA", side_effect=True,
              examples=(
                  "remember that we never use exclamation marks", "add this to the brand guidelines",
                  "save this as our tone of voice", "note that our tagline is", "upload these brand docs",
                  "from now on always mention free shipping", "keep in mind we do not say cheap", "add to brand dna",
                  "store this guideline", "our palette is navy and coral",
              )),
)

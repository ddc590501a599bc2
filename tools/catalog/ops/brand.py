"""`brand_search`, `brand_add` → `tools.brand.api`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.catalog.env import ProgressFn, ToolOutput
from tools.catalog.ops._common import existing_file, import_area
from tools.core.jsonio import to_jsonable

if TYPE_CHECKING:
    from tools.catalog.args import BrandAddArgs, BrandSearchArgs
    from tools.core.runtime import WorkspaceRuntime


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

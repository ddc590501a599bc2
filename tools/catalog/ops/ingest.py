"""`ingest_performance` → `tools.ingest.api.ingest_files`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.catalog.env import ProgressFn, ToolOutput
from tools.catalog.ops._common import existing_file, import_area
from tools.core.jsonio import to_jsonable

if TYPE_CHECKING:
    from tools.catalog.args import IngestPerformanceArgs
    from tools.core.runtime import WorkspaceRuntime


def ingest_performance(runtime: WorkspaceRuntime, args: IngestPerformanceArgs, progress: ProgressFn) -> ToolOutput:
    paths = [existing_file(path, "paths") for path in args.paths]
    mapping = existing_file(args.mapping, "mapping") if args.mapping else None
    api = import_area("ingest")
    progress("importing", 0, len(paths), f"importing {len(paths)} file(s)")
    data = to_jsonable(api.ingest_files(runtime, paths, source=args.source, mapping=mapping))
    progress("importing", len(paths), len(paths), "import done")
    summary = (
        f"Imported {data.get('rows', 0)} rows for {data.get('ads', 0)} ads ({data.get('source')}), "
        f"{data.get('date_start')} to {data.get('date_end')}"
    )
    if data.get("warnings"):
        summary += f"; {len(data['warnings'])} warning(s)"
    return ToolOutput(data=data, summary=summary + ".")

"""`ingest_performance` → `tools.ingest.api.ingest_files`; `sync_account` → `tools.ingest.meta_api.sync.sync_meta`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.catalog.env import ProgressFn, ToolOutput
from tools.catalog.ops._common import existing_file, import_area
from tools.core.jsonio import to_jsonable

if TYPE_CHECKING:
    from tools.catalog.args import IngestPerformanceArgs, SyncAccountArgs
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


def sync_account(runtime: WorkspaceRuntime, args: SyncAccountArgs, progress: ProgressFn) -> ToolOutput:
    from tools.ingest.meta_api.sync import sync_meta

    progress("syncing", 0, 1, "pulling the ad account's insights")
    data = to_jsonable(sync_meta(runtime, since=args.since, breakdowns=args.breakdowns,
                                 progress=lambda message: progress("syncing", 0, 1, message)))
    progress("syncing", 1, 1, "sync done")
    summary = (f"Synced {data.get('rows', 0)} rows for {data.get('ads', 0)} ads from {data.get('account')}, "
               f"{data.get('date_start')} to {data.get('date_end')}")
    if data.get("media_stored"):
        summary += f"; {data['media_stored']} creative(s) downloaded"
    if data.get("warnings"):
        summary += f"; {len(data['warnings'])} warning(s)"
    return ToolOutput(data=data, summary=summary + ".")

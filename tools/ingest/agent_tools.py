"""The agent tools of this area, each declared once as an `AgentTool` (tools/core/agent_tool.py).

`ingest_performance` → `tools.ingest.api.ingest_files`; `sync_account` → `tools.ingest.meta_api.sync.sync_meta`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from tools.core.agent_tool import AgentTool, ProgressFn, ToolArgs, ToolOutput
from tools.core.jsonio import to_jsonable
from tools.core.tool_helpers import existing_file, import_area

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


class IngestPerformanceArgs(ToolArgs):
    """Import ad-performance exports (Meta, TikTok or generic CSV/XLSX) into the workspace."""

    paths: list[str] = Field(min_length=1, description="Export files to import (CSV or XLSX).")
    source: Literal["auto", "meta", "tiktok", "generic"] = Field("auto", description="Export format.")
    mapping: str | None = Field(None, description="Optional YAML column mapping file for generic exports.")


class SyncAccountArgs(ToolArgs):
    """Refresh the workspace's ad data from the connected Meta ad account (the Marketing API): the last 7 days are
    always re-pulled; `since` goes further back. Only when the user asks to refresh or sync the data."""

    since: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="First day to pull (YYYY-MM-DD).")
    breakdowns: list[Literal["age", "gender", "placement", "country"]] = Field(
        default_factory=list, description="Audience breakdown rows to pull as well.")



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


TOOLS = (
    AgentTool("ingest_performance", IngestPerformanceArgs, ingest_performance, "ingest", "import ad data",
              side_effect=True, requested_by_files=(".csv", ".tsv", ".xlsx", ".xls"),
              examples=(
                  "import this export", "load our ads data", "here is the csv from meta", "ingest the tiktok export",
                  "upload the spreadsheet of results", "add this data file", "pull in these numbers",
              )),
    AgentTool("sync_account", SyncAccountArgs, sync_account, "ingest", "refresh the data from the ad account",
              side_effect=True,
              examples=(
                  "refresh our data", "sync with meta", "pull the latest numbers from facebook",
                  "update the ad account data", "resync the account", "get fresh data from ads manager",
              )),
)

"""`hookline chat`: talk to the agent from the shell; approve or reject a paused thread.

    hookline chat "MESSAGE" [--thread ID] [--plan] [--file PATH]...
    hookline chat --thread ID --approve [--count N] | --reject
→ {"reply", "tool_calls": [{"name", "args"}], "attachments": [paths], "pending_approval": null | {...},
   "thread_id", "data"}

Without `--thread` a new thread id is made (and printed) so follow-ups and approvals can refer to it.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli
from integrations.cli.hints import no_data_message
from tools.core.errors import InputError
from tools.core.limits import MAX_VARIANTS, check_variant_count


def register(app: typer.Typer) -> None:
    from tools.catalog.registry import tool_help  # the tools' own records (light: argument models only)

    @app.command("chat", epilog="Tools the agent can use:\n\n" + tool_help().replace("\n", "\n\n"))
    def chat(
        ctx: typer.Context,
        message: str | None = typer.Argument(None, help="What you want, in plain language."),
        thread: str | None = typer.Option(None, "--thread", help="Conversation thread id (memory, approvals)."),
        plan: bool = typer.Option(False, "--plan", help="Only plan: return the tool calls, run nothing."),
        files: list[Path] = typer.Option([], "--file", help="Attach a file (repeatable)."),
        approve: bool = typer.Option(False, "--approve", help="Approve the action the thread waits for."),
        reject: bool = typer.Option(False, "--reject", help="Reject the action the thread waits for."),
        count: int | None = typer.Option(None, "--count", help="With --approve: change the number of variants "
                                         f"(1 to {MAX_VARIANTS})."),
        note: str | None = typer.Option(None, "--note", help="With --approve/--reject: a note for the record."),
        user: str | None = typer.Option(None, "--user", help="Who is asking (recorded in the run context)."),
        channel: str | None = typer.Option(None, "--channel", help="Channel the request comes from ('here')."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Ask the agent; --plan shows the tool calls without running them."""
        cli = Cli(ctx, json_output)
        if approve and reject:
            raise InputError("Give either --approve or --reject, not both.", field="approve")
        if (approve or reject) and not thread:
            raise InputError("--approve/--reject need --thread ID (the thread that waits for approval).",
                             field="thread")
        if count is not None and not approve:
            raise InputError("--count only applies with --approve.", field="count")
        if count is not None:
            check_variant_count(count, field="count", what="--count")
        if not (approve or reject) and not (message or "").strip():
            raise InputError("Say what you want, e.g. hookline chat \"how did we do last week?\"", field="MESSAGE")
        if (approve or reject) and message:
            raise InputError("Give a message or --approve/--reject, not both.", field="MESSAGE")
        for path in files:
            if not path.is_file():
                raise InputError(f"Attachment {str(path)!r} was not found or is not a file.", file=str(path),
                                 field="--file")

        from agent.service import AgentService, ApprovalDecision, ChatRequest, PlanningRuntime, ProgressEvent

        def progress(event: ProgressEvent) -> None:
            cli.progress(event.message)

        # planning needs no database: skip opening it so --plan answers fast
        service = AgentService(PlanningRuntime(cli.settings) if plan else cli.runtime)
        try:
            if approve or reject:
                result = service.resume(str(thread), ApprovalDecision(approved=approve, count=count, note=note),
                                        progress=progress)
            else:
                request = ChatRequest(text=str(message), thread_id=thread or f"cli-{uuid.uuid4().hex[:10]}",
                                      user=user, channel=channel, attachments=files)
                result = service.chat(request, plan_only=plan, progress=progress)
        finally:
            service.close()
        payload = result.model_dump(mode="json")
        if not plan:
            payload.update(_where_the_data_is(cli, payload))
        cli.emit(payload, _render, escape=False)  # printed with markup off


def _where_the_data_is(cli: Cli, data: dict[str, Any]) -> dict[str, Any]:
    """When a tool found this workspace empty: the workspaces that have data and this request run there (said at
    the terminal only; the agent's reply names no other workspace)."""
    if not any(r.get("error_kind") == "no_data" for r in (data.get("data") or {}).get("results") or []):
        return {}
    from tools.core.workspaces import no_performance_data

    runtime = cli.runtime
    with runtime.session() as session:
        error = no_performance_data(session, runtime.workspace)
    return {"workspaces_with_data": error.elsewhere, "hint": no_data_message(error, sys.argv[1:])}


def _render(console: Any, data: dict[str, Any]) -> None:
    console.print(data["reply"], markup=False, highlight=False, soft_wrap=True)
    if data.get("hint"):
        console.print(data["hint"], markup=False, highlight=False, soft_wrap=True)
    for path in data.get("attachments") or []:
        console.print(f"  file: {path}", markup=False, highlight=False, soft_wrap=True)
    pending = data.get("pending_approval")
    thread = data.get("thread_id")
    if pending:
        console.print(f"Approve: hookline chat --thread {thread} --approve [--count N]   "
                      f"Reject: hookline chat --thread {thread} --reject",
                      markup=False, highlight=False, soft_wrap=True)
    elif thread and data.get("tool_calls") and not (data.get("data") or {}).get("plan_only"):
        console.print(f"(thread {thread})", style="dim", markup=False, highlight=False, soft_wrap=True)

"""`hookline jobs`: submit, follow, list, inspect, cancel and retry jobs; list the workers of the queue."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli
from tools.core.jsonio import dumps

jobs_app = typer.Typer(help="Jobs of the queue (in-process, or Celery workers with HOOKLINE_QUEUE_URL).",
                       no_args_is_help=True)

_STATUS_STYLE = {"queued": "yellow", "running": "cyan", "succeeded": "green", "failed": "red", "cancelled": "dim"}


def register(app: typer.Typer) -> None:
    app.add_typer(jobs_app, name="jobs")


def _queue(cli: Cli):  # type: ignore[no-untyped-def]
    from tools.core.jobs import get_queue

    return get_queue(cli.settings)


def _workspace(cli: Cli) -> str:
    return cli.settings.workspace


def _done() -> None:
    from tools.core.jobs import close_queues

    close_queues(wait=True)


def _row(info: Any) -> dict[str, Any]:
    data = info.model_dump(mode="json")
    progress = info.progress
    data["fraction"] = progress.fraction if progress is not None else None
    return data


def _show(console: Any, d: dict[str, Any]) -> None:
    style = _STATUS_STYLE.get(d["status"], "")
    console.print(f"job [bold]{d['id']}[/bold] {d['kind']} — [{style}]{d['status']}[/{style}] "
                  f"(attempt {d['attempts']}/{d['max_attempts']}{', gpu' if d['gpu'] else ''})")
    if d.get("progress"):
        p = d["progress"]
        total = f"/{p['total']:g}" if p.get("total") else ""
        console.print(f"progress {p['done']:g}{total} {p.get('message') or ''}")
    if d.get("worker"):
        console.print(f"worker {d['worker']}")
    if d.get("error"):
        console.print(f"[red]error[/red] {d['error']}")
    if d.get("result") is not None:
        console.print_json(dumps(d["result"], compact=True))


@jobs_app.command("submit")
def submit(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="Job kind, e.g. hookline.ping (see `hookline jobs kinds`)."),
    payload: str | None = typer.Option(None, "--payload", help="JSON object passed to the handler."),
    payload_file: Path | None = typer.Option(None, "--payload-file", help="File holding the JSON payload."),
    key: str | None = typer.Option(None, "--key", help="Idempotency key: the same key never runs twice."),
    gpu: bool = typer.Option(False, "--gpu", help="Route to GPU workers (kinds may require it anyway)."),
    wait: bool = typer.Option(True, "--wait/--no-wait", help="Follow progress and print the result."),
    timeout: float | None = typer.Option(None, "--timeout", min=0.1, help="Seconds to wait before giving up."),
    json_output: bool = JSON_OPTION,
) -> None:
    """Submit a job; with --wait (default) show its progress and print its result.

    With the in-process queue the job runs inside this command, so it finishes before the command exits even with
    --no-wait."""
    from tools.core.errors import HooklineError
    from tools.core.jobs import JobCancelledError, JobFailedError

    cli = Cli(ctx, json_output)
    data = _read_payload(payload, payload_file)
    queue = _queue(cli)
    try:
        handle = queue.submit(kind, data, workspace=_workspace(cli), idempotency_key=key, gpu=gpu)
        if not wait:
            cli.emit({**_row(handle.info()), "created": handle.created}, _show)
            return
        failure: str | None = None
        try:
            if cli.json:
                handle.result(timeout=timeout)
            else:
                _follow_with_bar(cli, handle, timeout)
        except (JobFailedError, JobCancelledError) as exc:
            failure = str(exc)
        except TimeoutError as exc:
            where = ("the in-process queue finishes it before this command exits" if queue.backend == "inprocess"
                     else f"it keeps running on the workers — follow it with `hookline jobs show {handle.id}`")
            raise HooklineError(f"{exc}; {where}.") from exc
        info = handle.info()
        cli.emit({**_row(info), "created": handle.created}, _show)
        if failure:  # the job document is already on stdout; the reason goes to stderr, exit code 1
            sys.stderr.write(f"Error: {failure}\n")
            sys.stderr.flush()
            _done()
            sys.exit(1)
    finally:
        _done()


def _read_payload(payload: str | None, payload_file: Path | None) -> dict[str, Any]:
    from tools.core.errors import InputError

    if payload is not None and payload_file is not None:
        raise InputError("Give the payload with --payload or --payload-file, not both.", field="payload")
    source, text = "--payload", payload
    if payload_file is not None:
        source = str(payload_file)
        try:
            text = payload_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"Cannot read payload file {payload_file}: {exc}.", file=str(payload_file)) from exc
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"The payload in {source} is not valid JSON: {exc.msg} at line {exc.lineno} column "
                         f"{exc.colno}; expected a JSON object such as '{{\"n\": 20}}'.", field="payload") from exc
    if not isinstance(data, dict):
        raise InputError(f"The payload in {source} must be a JSON object, got {type(data).__name__}.",
                         field="payload")
    return data


def _follow_with_bar(cli: Cli, handle: Any, timeout: float | None) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[status]}"),
                  TimeElapsedColumn(), console=cli.err, transient=True) as bar:
        task = bar.add_task(handle.id[:8], total=None, status="queued")

        def update(event: Any) -> None:
            fields: dict[str, Any] = {"status": str(event.status)}
            if event.progress is not None:
                fields["completed"] = event.progress.done
                if event.progress.total:
                    fields["total"] = event.progress.total
                if event.progress.message:
                    fields["description"] = f"{handle.id[:8]} {event.progress.message}"
            bar.update(task, **fields)

        handle.result(timeout=timeout, on_event=update)


@jobs_app.command("list")
def list_jobs(
    ctx: typer.Context,
    status: str | None = typer.Option(None, "--status", help="queued, running, succeeded, failed or cancelled."),
    kind: str | None = typer.Option(None, "--kind", help="Only this job kind."),
    limit: int = typer.Option(50, "--limit", min=1, max=1000, help="Newest first, at most this many."),
    json_output: bool = JSON_OPTION,
) -> None:
    """The workspace's jobs, newest first."""
    cli = Cli(ctx, json_output)
    try:
        rows = [_row(info) for info in _queue(cli).list(_workspace(cli), status=status, kind=kind, limit=limit)]
    finally:
        _done()

    def human(console: Any, d: dict[str, Any]) -> None:
        from rich.table import Table

        table = Table("id", "kind", "status", "attempts", "progress", "worker", "created")
        for job in d["jobs"]:
            fraction = f"{job['fraction']:.0%}" if job["fraction"] is not None else ""
            style = _STATUS_STYLE.get(job["status"], "")
            table.add_row(job["id"][:12], job["kind"], f"[{style}]{job['status']}[/{style}]",
                          f"{job['attempts']}/{job['max_attempts']}", fraction, job["worker"] or "",
                          job["created_at"][:19])
        console.print(table)

    cli.emit({"jobs": rows}, human)


def _find(cli: Cli, job_id: str) -> Any:
    """A job by id (or unique id prefix of 6+ characters) in this workspace."""
    from tools.core.errors import InputError

    queue = _queue(cli)
    info = queue.store.info(job_id)
    if info is None and len(job_id) >= 6:
        matches = [j for j in queue.list(_workspace(cli), limit=1000) if j.id.startswith(job_id)]
        if len(matches) == 1:
            info = matches[0]
    if info is None or info.workspace != _workspace(cli):
        raise InputError(f"No job {job_id!r} in workspace {_workspace(cli)!r}.", field="job_id")
    return info


@jobs_app.command("show")
def show(ctx: typer.Context, job_id: str = typer.Argument(..., help="Job id (or a unique prefix)."),
         json_output: bool = JSON_OPTION) -> None:
    """One job: status, attempts, progress, worker, error and result."""
    cli = Cli(ctx, json_output)
    try:
        info = _find(cli, job_id)
    finally:
        _done()
    cli.emit(_row(info), _show)


@jobs_app.command("cancel")
def cancel(ctx: typer.Context, job_id: str = typer.Argument(..., help="Job id (or a unique prefix)."),
           json_output: bool = JSON_OPTION) -> None:
    """Cancel a queued job, or ask a running one to stop at its next check."""
    cli = Cli(ctx, json_output)
    try:
        info = _find(cli, job_id)
        status = _queue(cli).cancel(info.id)
    finally:
        _done()
    data = {"id": info.id, "status": str(status), "cancel_requested": True}
    cli.emit(data, lambda console, d: console.print(
        f"job {d['id']}: {'cancelled' if d['status'] == 'cancelled' else d['status'] + ', asked to stop'}"
    ))


@jobs_app.command("retry")
def retry(ctx: typer.Context, job_id: str = typer.Argument(..., help="Job id (or a unique prefix)."),
          json_output: bool = JSON_OPTION) -> None:
    """Queue a failed or cancelled job again (same id, fresh attempts)."""
    cli = Cli(ctx, json_output)
    try:
        info = _find(cli, job_id)
        handle = _queue(cli).retry(info.id)
        data = _row(handle.info())
    finally:
        _done()
    cli.emit(data, _show)


@jobs_app.command("kinds")
def kinds(ctx: typer.Context, json_output: bool = JSON_OPTION) -> None:
    """Registered job kinds (built-in and HOOKLINE_JOB_MODULES)."""
    from tools.core.jobs.registry import load_job_modules, registered

    cli = Cli(ctx, json_output)
    modules = load_job_modules(cli.settings)
    rows = [{"kind": s.kind, "handler": s.handler, "gpu": s.gpu, "max_attempts": s.max_attempts}
            for s in sorted(registered().values(), key=lambda s: s.kind)]
    cli.emit({"kinds": rows, "modules": modules}, lambda console, d: [
        console.print(f"{k['kind']:<28} {'gpu ' if k['gpu'] else '    '}{k['handler']}") for k in d["kinds"]
    ])


@jobs_app.command("workers")
def workers(ctx: typer.Context, json_output: bool = JSON_OPTION) -> None:
    """Workers currently advertising themselves on the queue (Celery backend)."""
    cli = Cli(ctx, json_output)
    settings = cli.settings
    if not settings.queue_url:
        cli.emit({"backend": "inprocess", "workers": []}, lambda console, d: console.print(
            "In-process queue: jobs run inside the app; set HOOKLINE_QUEUE_URL to use `hookline worker`."
        ))
        return
    from tools.core.jobs.celery_backend import list_workers

    found = list_workers(settings)

    def human(console: Any, d: dict[str, Any]) -> None:
        if not d["workers"]:
            console.print("no worker is advertising itself")
        for w in d["workers"]:
            devices = ", ".join(f"{g['name']} {g['memory_gb']} GB" for g in w.get("gpu_devices") or [])
            console.print(f"{w['name']}: queues {','.join(w['queues'])}, concurrency {w['concurrency']}"
                          f"{', GPU ' + devices if devices else (', gpu' if w['gpu'] else '')}")

    cli.emit({"backend": "celery", "workers": found}, human)

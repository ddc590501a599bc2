"""`hookline worker`: a job worker for the distributed queue (generation on GPU machines, extraction, training)."""

from __future__ import annotations

import sys

import typer

from integrations.cli.context import JSON_OPTION, Cli


def register(app: typer.Typer) -> None:
    @app.command("worker")
    def worker(
        ctx: typer.Context,
        gpu: bool = typer.Option(False, "--gpu", help="Advertise a GPU: take GPU jobs (and default ones)."),
        concurrency: int | None = typer.Option(
            None, "--concurrency", "-c", min=1, help="Jobs run at once (default HOOKLINE_JOB_CONCURRENCY)."
        ),
        queues: str | None = typer.Option(
            None, "--queues", "-Q", help="Comma-separated: default, gpu (gpu needs --gpu). Default: gpu,default "
            "with --gpu, else default.",
        ),
        pool: str = typer.Option(
            "threads", "--pool", help="threads (one model copy per process, default), prefork or solo."
        ),
        name: str = typer.Option("worker", "--name", help="Worker name shown in `hookline jobs workers`."),
        loglevel: str = typer.Option("INFO", "--loglevel", help="DEBUG, INFO, WARNING or ERROR (stderr)."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Consume jobs from HOOKLINE_QUEUE_URL until stopped (SIGTERM finishes running jobs first)."""
        from integrations.worker import WorkerOptions, run_worker
        from tools.core.errors import InputError

        cli = Cli(ctx, json_output)
        if pool not in ("threads", "prefork", "solo"):
            raise InputError(f"Unknown --pool {pool!r}; expected threads, prefork or solo.", field="pool")
        if loglevel.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise InputError(f"Unknown --loglevel {loglevel!r}; expected DEBUG, INFO, WARNING or ERROR.",
                             field="loglevel")
        options = WorkerOptions(
            gpu=gpu, queues=tuple((queues or "").split(",")) if queues else (), concurrency=concurrency, pool=pool,
            name=name, loglevel=loglevel.upper(),
        )
        _configure_logging(loglevel.upper())

        def announce(info: dict) -> None:
            kinds = ", ".join(info["kinds"]) or "none"
            sys.stderr.write(
                f"hookline worker {info['name']} (pid {info['pid']}): queues {','.join(info['queues'])}, "
                f"concurrency {info['concurrency']} ({info['pool']}), gpu {'yes' if info['gpu'] else 'no'}; "
                f"job kinds: {kinds}\n"
            )
            sys.stderr.flush()

        summary = run_worker(cli.settings, options, announce=announce)
        cli.emit(summary, lambda console, d: console.print(
            f"worker {d['worker']} stopped (exit {d['exit_code']}); jobs: {d['jobs'] or 'none'}"
        ))
        if summary["exit_code"]:
            sys.exit(summary["exit_code"])  # typer.Exit's code would be lost outside standalone mode


def _configure_logging(level: str) -> None:
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migration chatter is not the worker's news

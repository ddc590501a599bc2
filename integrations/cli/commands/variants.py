"""`hookline variants`: N on-brand variants of a winner, an ad or a blueprint — copy, images, optional videos."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from integrations.cli.context import JSON_OPTION, Cli, period_option
from tools.core.limits import MAX_VARIANTS, check_variant_count

if TYPE_CHECKING:
    from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("variants")
    def variants(
        ctx: typer.Context,
        source: str = typer.Option("winner", "--from", help="winner | ad:ID | blueprint:FILE | brief:FIELD=VALUE+... "
                                     "(a brief from `hookline briefs`)"),
        n: int = typer.Option(20, "-n", "--count", help=f"How many variants (1 to {MAX_VARIANTS})."),
        formats: str = typer.Option("1x1,4x5,9x16", "--formats", help="Placements, comma-separated."),
        video: bool = typer.Option(False, "--video", help="Also render a 9:16 MP4 short per variant."),
        out: Path | None = typer.Option(None, "--out", help="Output folder (default under $HOOKLINE_HOME/assets)."),
        period: str = typer.Option("last-week", "--period", "-p", callback=period_option,
                                   help="Period in which to find the winner."),
        metric: str | None = typer.Option(None, "--metric", help="Winner metric: roas, cpa, ctr_link, hook_rate."),
        language: str | None = typer.Option(None, "--language", help="Language code (other than English needs "
                                            "HOOKLINE_MODEL)."),
        asset: Path | None = typer.Option(None, "--asset", help="The source ad's own image or video (PNG, JPG, "
                                          "WebP, MP4, MOV, WebM); remembered for that ad."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Generate, score and render variants as a job (on a worker when HOOKLINE_QUEUE_URL is set); rerunning the
        same command the same day follows the same job, so an interrupted run resumes. Ctrl-C cancels it."""
        cli = Cli(ctx, json_output)
        check_variant_count(n, field="--count", what="--count")  # before the workspace is opened
        from tools.creator.api import summarise
        from tools.creator.submit import generate_variants_job, variants_payload

        key = None
        if asset is not None:  # shared once; its content-named key goes into the job and the request key
            from tools.creator.media import share_asset

            key = share_asset(cli.runtime.settings, cli.runtime.workspace, asset)
        payload = variants_payload(source, n, formats, video, language, period, metric, key)
        with _progress(cli) as progress:
            result = generate_variants_job(cli.runtime, source=source, n=n, formats=formats, video=video, out_dir=out,
                                           language=language, progress=progress, period=period, metric=metric,
                                           idempotency_key=request_key(payload), asset=key)
        cli.emit(summarise(result), render_variants)


def request_key(payload: dict[str, Any]) -> str:
    """One job per identical request per day: a rerun after a crash or Ctrl-C resumes it instead of starting over."""
    import hashlib
    from datetime import UTC, datetime

    from tools.core.jsonio import dumps

    digest = hashlib.sha256(dumps(payload, compact=True, sort_keys=True).encode()).hexdigest()[:16]
    return f"cli:variants:{datetime.now(UTC):%Y-%m-%d}:{digest}"


class _progress:
    """A Rich progress bar on stderr for humans; silent in JSON mode."""

    def __init__(self, cli: Cli) -> None:
        self.cli = cli
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.cli.json:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            console=self.cli.err, transient=True)
        self.bar.start()
        self.task = self.bar.add_task("planning", total=None)
        return self.update

    def update(self, event: Any) -> None:
        self.bar.update(self.task, description=event.stage, completed=event.done, total=event.total or None)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def render_variants(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table

    source = data["source"]
    table = Table(title=f"{len(data['variants'])} variants of {source['label']}", title_justify="left", box=None)
    for column in ("#", "score", "hook", "headline", "cta"):
        table.add_column(column, overflow="fold")
    for v in data["variants"]:
        score = f"{v['score']:.0f}" if v["score"] is not None else "–"
        table.add_row(str(v["rank"]), score, v["hook"], v["headline"], v["cta"])
    console.print(table)
    for warning in data["warnings"]:
        console.print(f"[yellow]! {warning}[/yellow]")
    console.print(f"contact sheet: {data['contact_sheet']}\nmanifest: {data['manifest']}")

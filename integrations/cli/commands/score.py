"""`hookline score (FILE | --ad ID... | --all | --text "...")`: 0-100 scores and predicted metric with interval."""

from __future__ import annotations

from pathlib import Path

import typer

from integrations.cli.context import JSON_OPTION, Cli, display_names, name_width


def register(app: typer.Typer) -> None:
    @app.command("score")
    def score(
        ctx: typer.Context,
        file: Path | None = typer.Argument(None, help="JSON/YAML variant(s) or an extractor blueprint."),
        ad: list[str] = typer.Option([], "--ad", help="Ad ID or ad name (repeatable)."),
        all_ads: bool = typer.Option(False, "--all", help="Score every ad with delivery."),
        text: str | None = typer.Option(None, "--text", help="Ad copy to score before launch."),
        metric: str = typer.Option("ctr_link", "--metric", help="ctr_link | hook_rate | hold_rate | cvr | cpa | roas"),
        retrain: bool = typer.Option(False, "--retrain", help="Train a new pre-launch model version first."),
        no_embeddings: bool = typer.Option(False, "--no-embeddings", help="Skip copy embeddings (faster)."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Score ads with data (shrunk percentile) or new variants (pre-launch prediction)."""
        from tools.analyst.api import score_creatives

        cli = Cli(ctx, json_output)
        if retrain:  # training is a job: on a worker when HOOKLINE_QUEUE_URL is set
            from tools.analyst.jobs import train_model_job

            cli.progress("Training a new pre-launch model version...")
            train_model_job(cli.runtime, metric, use_embeddings=not no_embeddings)
            retrain = False
        if file is not None or text:
            cli.progress("Loading (or training) this workspace's pre-launch model...")
        result = score_creatives(cli.runtime, ad_ids=ad or None, all=all_ads, text=text,
                                 file=file, metric=metric, use_embeddings=not no_embeddings, retrain=retrain)
        cli.emit(result, _render)


def _render(console, data) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    def fmt(v):  # type: ignore[no-untyped-def]
        return "n/a" if v is None else f"{v:.4g}"

    kinds = sorted({s["kind"] for s in data["scores"]})
    shared = len(kinds) == 1  # one kind for every row (post-spend or pre-launch): said once, in the title
    title = f"Scores ({data['metric']}{', ' + kinds[0].replace('_', '-') if shared else ''})"
    table = Table(title=title, title_justify="left", box=None)
    headers = ["id", *([] if shared else ["kind"]), "score", "predicted", "interval"]
    cells = []
    for s in data["scores"]:
        p = s["predicted"]
        lo, hi = p["interval"]
        cells.append([str(s["id"]), *([] if shared else [s["kind"]]),
                      "n/a" if s["score"] is None else f"{s['score']:.0f}", fmt(p["value"]), f"{fmt(lo)}–{fmt(hi)}"])
    names = display_names([(s.get("name"), s["id"]) for s in data["scores"]],
                          name_width(console, [headers, *cells], cap=40))
    table.add_column("id", no_wrap=True)
    table.add_column("name", no_wrap=True, min_width=max(map(len, names), default=4))
    for column in headers[1:]:
        table.add_column(column, no_wrap=True, justify="left" if column == "kind" else "right")
    for row, name in zip(cells, names, strict=True):
        table.add_row(row[0], name, *row[1:])
    console.print(table)
    for note in data.get("notes", []):
        console.print(f"[dim]{note}[/dim]")

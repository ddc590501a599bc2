"""`hookline extract (FILE | URL)`: deconstruct an ad into a blueprint (see CLI.md)."""

from __future__ import annotations

from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract(
        ctx: typer.Context,
        source: str = typer.Argument(..., help="Video (mp4, mov, webm), image (png, jpg, webp), ad copy (.txt, .md), "
                                               "Meta Ad Library JSON, or an http(s) URL to one of these."),
        ad: str | None = typer.Option(None, "--ad", help="Attach the blueprint to our creative behind this ad id "
                                                         "(or creative key)."),
        no_store: bool = typer.Option(False, "--no-store", help="Analyse only; store nothing."),
        archive_id: str | None = typer.Option(None, "--archive-id",
                                              help="Which ad of a Meta Ad Library file holding several."),
        max_mb: float = typer.Option(200.0, "--max-mb", min=0.001, help="Largest download accepted from a URL."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Deconstruct an ad into its blueprint: shots, cuts, pace, hook, audio and copy, with evidence."""
        from tools.extractor.api import extract_blueprint
        from tools.extractor.submit import extract_video_job, runs_as_job

        cli = Cli(ctx, json_output)
        if runs_as_job(source) and archive_id is None:  # videos are a job: on a worker when the queue is shared
            cli.emit(extract_video_job(cli.runtime, source, store=not no_store, creative_ad_id=ad,
                                       progress=cli.progress), _render)
            return
        blueprint = extract_blueprint(
            cli.runtime, source, store=not no_store, creative_ad_id=ad, archive_id=archive_id,
            max_download_bytes=int(max_mb * 1024 * 1024), progress=cli.progress,
        )
        cli.emit(blueprint, _render)


def _render(console: Any, data: dict) -> None:
    from rich.table import Table

    kind = data["kind"]
    head = f"[bold]{kind}[/bold] {data['source']['uri']}"
    if data.get("duration_s") is not None:
        head += f" — {data['duration_s']:.2f} s"
    if data.get("aspect_ratio"):
        head += f", {data['aspect_ratio']}"
    console.print(head)
    if kind == "video":
        console.print(f"{len(data['shots'])} shots, avg {data['avg_shot_s']} s, pace {data['pace']}; "
                      f"cuts at {', '.join(f'{c:.2f}' for c in data['cuts_s'][:20])}"
                      f"{' …' if len(data['cuts_s']) > 20 else ''}")
    audio = data.get("audio")
    if audio and audio.get("has_audio"):
        console.print(f"audio: {audio.get('loudness_lufs')} LUFS, {audio.get('dominant')}"
                      + (f", {audio['tempo_bpm']:.0f} BPM" if audio.get("tempo_bpm") else ""))
    copy = data.get("copy")
    if copy:
        console.print(f"copy: hook '{copy['hook_text']}' → {copy['hook_archetype']} ({copy['hook_confidence']:.2f}, "
                      f"{copy['method']}); CTA {copy['cta']}; offer {copy['offer']}")
    table = Table("feature", "detected", "confidence", "why")
    for feature in data["features"]:
        table.add_row(feature["id"], "yes" if feature["detected"] else "no", f"{feature['confidence']:.2f}",
                      feature["rationale"])
    console.print(table)
    if data.get("stored_id"):
        console.print(f"stored as blueprint {data['stored_id']}"
                      + (f" for creative {data['creative_id']}" if data.get("creative_id") else ""))
    for warning in data.get("warnings", []):
        console.print(f"[yellow]warning:[/yellow] {warning}")

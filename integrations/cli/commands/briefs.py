"""`hookline briefs [-n 3] [--period P]`: what to make next — creative briefs from the workspace's own evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from integrations.cli.context import JSON_OPTION, Cli

if TYPE_CHECKING:
    from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("briefs")
    def briefs(
        ctx: typer.Context,
        n: int = typer.Option(3, "-n", "--count", help="How many briefs (1-10)."),
        period: str = typer.Option("last-90-days", "--period", "-p",
                                   help="Evidence window; same forms as `hookline report --period`."),
        metric: str = typer.Option("ctr_link", "--metric", "-m", help="ctr_link | hook_rate | cpa | roas"),
        today: str | None = typer.Option(None, "--today", help="Reference day YYYY-MM-DD (default: latest data)."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """N concepts to make next: proven winners, untested combinations, iterations of fatiguing winners, and
        tests to learn when the evidence is thin."""
        from tools.core.periods import parse_day
        from tools.strategist.api import check_count, creative_briefs

        check_count(n)  # before any data is read: a bad count costs nothing
        cli = Cli(ctx, json_output)
        cli.progress("Reading element effects, fatigue and velocity...")
        result = creative_briefs(cli.runtime, n=n, period=period, metric=metric,
                                 today=parse_day(today) if today else None)
        cli.emit(result, render_briefs)


def render_briefs(console: Console, data: dict[str, Any]) -> None:
    period = data["period"]
    console.print(f"[bold]{len(data['briefs'])} briefs[/bold] from {period['start']} – {period['end']} "
                  f"(metric {data['metric']}, {data['n_creatives']} creatives with enough delivery)")
    for note in data.get("notes", [])[:2] if data.get("learning") else []:
        console.print(f"[yellow]{note}[/yellow]")
    for i, brief in enumerate(data["briefs"], start=1):
        tag = "untested" if brief["untested"] else ("iteration" if brief["iteration_of"] else "new")
        console.print(f"\n[bold]{i}. {brief['title']}[/bold]  [dim]{tag} · confidence {brief['confidence']}[/dim]")
        if brief["attributes"]:
            console.print("   use:   " + ", ".join(f"{k}={v}" for k, v in brief["attributes"].items()))
        if brief["avoid"]:
            console.print("   avoid: " + ", ".join(f"{k}={v}" for k, v in brief["avoid"].items()))
        for hook in brief["hooks"]:
            console.print(f"   hook:  “{hook}”")
        console.print(f"   formats: {', '.join(brief['formats'])}")
        console.print(f"   why:   {brief['why']}")
        for ref in brief["reference_ads"][:3]:
            what = ref.get("name") or ref.get("ad_id") or ref.get("source")
            console.print(f"   [dim]ref ({ref['kind']}): {what} — {ref['why']}[/dim]")
        console.print(f"   [dim]make it: hookline variants --from '{brief['source']}'[/dim]", soft_wrap=True)
    velocity = data.get("velocity") or {}
    if velocity.get("note"):
        console.print(f"\n[bold]Creative velocity[/bold]: {velocity['note']}")

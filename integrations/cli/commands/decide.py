"""`hookline decide [--period P]`: kill / scale / wait per live ad, with the probability behind each call."""

from __future__ import annotations

import typer

from integrations.cli.context import JSON_OPTION, Cli, display_names, period_option
from tools.core.periods import parse_day


def register(app: typer.Typer) -> None:
    @app.command("decide")
    def decide(
        ctx: typer.Context,
        period: str = typer.Option("last-7-days", "--period", callback=period_option,
                                   help="last-7-days, last-week, october, "
                                   "YYYY-MM-DD..YYYY-MM-DD, all, ... (the forms of `hookline report --period`)"),
        today: str | None = typer.Option(None, "--today", help="Treat this date as today (default: latest data)."),
        metric: str | None = typer.Option(None, "--metric", help="cpa (default with purchases) | ctr_link | roas"),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Which ads to cut, which to scale, and which need more data."""
        from tools.analyst.api import kill_scale_decisions
        from tools.performance.api import creative_fatigue

        cli = Cli(ctx, json_output)
        day = parse_day(today, field="today") if today is not None else None
        result = kill_scale_decisions(cli.runtime, period=period, today=day, metric=metric)
        span = f"{result.period['start']}..{result.period['end']}"
        fatigue = creative_fatigue(cli.runtime, period=span, today=day)
        payload = result.model_dump(mode="json")
        payload["fatigued"] = [f.model_dump(mode="json") for f in fatigue.fatigued]
        payload["creative_fatigue_rate"] = fatigue.creative_fatigue_rate
        cli.emit(payload, _render)


def _render(console, data) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    period = data["period"]
    for action in ("kill", "scale", "wait"):
        items = data[action]
        table = Table(title=f"{action.upper()} ({len(items)}) — {period['start']}..{period['end']}")
        names = display_names([(d.get("ad_name"), d["ad_id"]) for d in items], 32)
        table.add_column("ad", no_wrap=True, min_width=max(map(len, names), default=2))
        table.add_column("probability", no_wrap=True)
        table.add_column("reason")
        for d, name in zip(items, names, strict=True):
            prob = "" if d["probability"] is None else f"{d['probability']:.0%}"
            table.add_row(name, prob, d["reason"])
        console.print(table)
    if data.get("creative_fatigue_rate") is not None:
        console.print(f"Creative Fatigue Rate: ads that reached the target CPA held it for "
                      f"{data['creative_fatigue_rate']:.1f} days")

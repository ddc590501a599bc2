"""`hookline demo`: build the demo workspace from bundled data and run the flagship request through the agent.

Everything goes through the product's real paths: a genuine Meta export into the importer, the brand book into
Brand DNA, last week's report with charts, then "make 20 variants of last week's winner" planned by the agent,
paused for approval (more than 10 variants) and approved here, as a marketer would in Slack.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from integrations.cli.context import JSON_OPTION, Cli, display_names
from tools.core.jsonio import dumps

if TYPE_CHECKING:
    from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        ctx: typer.Context,
        out: Path = typer.Option(Path("demo-out"), "--out", help="Folder for the data, report, charts and assets."),
        n: int = typer.Option(20, "-n", "--count", min=1, max=100, help="Variants to make of last week's winner."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Build a demo workspace and run "make 20 variants of last week's winner" through the agent."""
        cli = Cli(ctx, json_output)
        if not cli.state.workspace:
            cli.state.workspace = "demo"
        runtime = cli.runtime
        out.mkdir(parents=True, exist_ok=True)

        from agent.service import AgentService, ApprovalDecision, ChatRequest
        from tools.demo.build import FLAGSHIP_REQUEST, build_demo_workspace
        from tools.performance.api import find_winners, performance_report

        cli.progress("1/4 Importing the demo Meta export and the Mossbrew brand book …")
        data = build_demo_workspace(runtime, out / "data")
        cli.progress("2/4 Last week's report and winners …")
        report = performance_report(runtime, period="last-week", charts_dir=out / "report")
        (out / "report" / "report.json").write_text(dumps(report), encoding="utf-8")
        winners = find_winners(runtime, period="last-week", metric="roas", top=3)

        request = FLAGSHIP_REQUEST.format(n=n)
        cli.progress(f"3/4 Asking the agent: “{request}” …")
        agent = AgentService(runtime)
        thread = "demo-flagship"
        first = agent.chat(ChatRequest(text=request, thread_id=thread, user="demo"))
        approval = first.pending_approval
        final = first
        if approval is not None:
            cli.progress(f"    paused for approval ({approval.summary}); approving as the demo user …")
            final = agent.resume(thread, ApprovalDecision(approved=True, note="approved by `hookline demo`"),
                                 progress=lambda e: cli.progress(f"    {e.message}") if e.done == e.total else None)
        cli.progress("4/4 Collecting the assets …")
        generated = _generation(final.data)
        variants_dir = out / "variants"
        if generated and generated.get("out_dir"):
            shutil.rmtree(variants_dir, ignore_errors=True)
            shutil.copytree(generated["out_dir"], variants_dir, ignore=shutil.ignore_patterns(".*"))
        summary = {
            "workspace": runtime.workspace,
            "out": str(out.resolve()),
            "data": data.model_dump(mode="json"),
            "report": {"period": report.period.model_dump(mode="json"), "currency": report.currency,
                       "kpis": report.kpis.model_dump(mode="json"), "charts": report.charts,
                       "file": str(out / "report" / "report.json")},
            "winners": [w.model_dump(mode="json") for w in winners.winners],
            "request": request,
            "plan": [c.model_dump(mode="json") for c in first.tool_calls],
            "approval": approval.model_dump(mode="json") if approval else None,
            "reply": final.reply,
            "variants": _variant_rows(generated, variants_dir),
            "contact_sheet": str(variants_dir / "contact_sheet.png") if generated else None,
            "manifest": str(variants_dir / "manifest.json") if generated else None,
            "next": next_steps(runtime.settings.home, runtime.workspace),
        }
        (out / "summary.json").write_text(dumps(summary), encoding="utf-8")
        cli.emit(summary, render_demo)


DEFAULT_HOME = Path(".hookline")
NEXT_REQUEST = "how did we do last week?"


def next_steps(home: Path, workspace: str, argv0: str | None = None) -> dict[str, Any]:
    """What to type after the demo, exactly as it runs: the demo's workspace (and home, unless it is the default
    one here), three commands, the Slack steps — and how to reach `hookline` when its virtualenv is not active."""
    prefix = ["hookline"]
    if home.resolve() != DEFAULT_HOME.resolve():
        prefix += ["--home", str(home.resolve())]
    prefix += ["--workspace", workspace]
    commands = [
        shlex.join([*prefix, "report", "--period", "last-week"]),
        shlex.join([*prefix, "winners", "--metric", "hook_rate"]),
        shlex.join([*prefix, "chat", NEXT_REQUEST]),
    ]
    slack = [
        "Create the Slack app: https://api.slack.com/apps → Create New App → From a manifest, and paste the output "
        "of `hookline slack manifest`.",
        "Install it to your workspace; set SLACK_BOT_TOKEN (Bot User OAuth Token, xoxb-…) and SLACK_APP_TOKEN "
        "(Basic Information → App-Level Tokens, scope connections:write, xapp-…).",
        f"Check the setup: `{shlex.join([*prefix, 'doctor'])}`",
        f"Run the bot: `{shlex.join([*prefix, 'slack', '--socket'])}`, then DM it “{NEXT_REQUEST}”.",
    ]
    return {"workspace": workspace, "home": str(home.resolve()), "commands": commands, "slack": slack,
            "path_note": _path_note(argv0 if argv0 is not None else sys.argv[0])}


def _path_note(argv0: str) -> str | None:
    """When `hookline` was run from a virtualenv that is not on PATH (`make demo`), how to reach it."""
    program = Path(argv0)
    if program.name != "hookline" or not program.is_file():
        return None
    found = shutil.which("hookline")
    if found and Path(found).resolve() == program.resolve():
        return None
    return (f"`hookline` is not on your PATH here: activate its virtualenv first (`source {program.parent}/activate`)"
            f" or type `{program}` instead of `hookline`.")


def _generation(data: dict[str, Any]) -> dict[str, Any] | None:
    for result in reversed(data.get("results") or []):
        if result.get("name") == "generate_variants" and result.get("ok"):
            return result.get("data")
    return None


def _variant_rows(generated: dict[str, Any] | None, folder: Path) -> list[dict[str, Any]]:
    if not generated:
        return []
    rows = []
    for variant in generated.get("variants") or []:
        copy = variant.get("ad_copy") or {}
        prediction = variant.get("prediction") or {}
        rows.append({"id": variant["id"], "rank": variant["rank"], "hook": copy.get("hook"),
                     "headline": copy.get("headline"), "cta": copy.get("cta"), "score": prediction.get("score"),
                     "assets": [str(folder / Path(a["path"]).name) for a in variant.get("assets") or []]})
    return rows


def render_demo(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table

    from tools.performance.formatting import kpi_value

    kpis, currency, period = data["report"]["kpis"], data["report"]["currency"], data["report"]["period"]
    console.rule(f"Mossbrew demo — last week {period['start']} – {period['end']}")
    console.print(f"Imported {data['data']['rows']:,} daily rows for {data['data']['ads']} ads "
                  f"({data['data']['date_start']} – {data['data']['date_end']}).")
    line = " · ".join(f"{name} {kpi_value(key, kpis.get(key), currency)}" for key, name in (
        ("spend", "spend"), ("roas", "ROAS"), ("cpa", "CPA"), ("ctr_link", "CTR"), ("hook_rate", "hook rate"),
        ("freshness_rate", "freshness"), ("creative_velocity", "velocity")))
    console.print(line)
    winners = Table(title="Winners (ROAS, enough evidence)", title_justify="left", box=None)
    names = display_names([(w.get("ad_name"), w["ad_id"]) for w in data["winners"]], 40)
    winners.add_column("ad", no_wrap=True, min_width=max(map(len, names), default=2))
    winners.add_column("ROAS", no_wrap=True)
    winners.add_column("spend", no_wrap=True)
    for w, name in zip(data["winners"], names, strict=True):
        winners.add_row(name, f"{w['value']:.2f}", kpi_value("spend", w["spend"], currency))
    console.print(winners)
    console.print(f"\n[bold]You:[/bold] {data['request']}")
    if data["approval"]:
        console.print(f"[yellow]Agent paused for approval:[/yellow] {data['approval']['summary']} → approved")
    console.print(f"[bold]Hookline:[/bold] {data['reply']}\n")
    table = Table(title="Top variants", title_justify="left", box=None)
    for column in ("#", "score", "hook", "headline", "cta"):
        table.add_column(column, overflow="fold")
    for v in data["variants"][:10]:
        table.add_row(str(v["rank"]), f"{v['score']:.0f}" if v["score"] is not None else "–", v["hook"] or "",
                      v["headline"] or "", v["cta"] or "")
    console.print(table)
    console.print(f"\nreport and charts: {Path(data['out']) / 'report'}\ncontact sheet: {data['contact_sheet']}\n"
                  f"all assets: {Path(data['out']) / 'variants'}")
    render_next(console, data["next"])


def render_next(console: Console, steps: dict[str, Any]) -> None:
    """The workspace and the commands, one per line and never wrapped, so each can be copied as it stands."""
    console.rule("Next")
    console.print(f"The demo data is in workspace [bold]{steps['workspace']}[/bold] (home {steps['home']}). "
                  "These commands name it, so they work as they stand:", soft_wrap=True)
    for command in steps["commands"]:
        console.print(f"  {command}", soft_wrap=True, highlight=False)
    if steps.get("path_note"):
        console.print(steps["path_note"], soft_wrap=True, highlight=False)
    console.print("\nIn Slack:")
    for i, step in enumerate(steps["slack"], start=1):
        console.print(f"  {i}. {step}", soft_wrap=True, highlight=False)

"""`hookline brand add | search | show | edit`: the workspace's Brand DNA from the command line."""

from __future__ import annotations

from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli
from tools.core.errors import InputError

KINDS_HELP = "voice | guideline | value_prop | banned | palette | script | audience | product | logo"


def register(app: typer.Typer) -> None:
    brand = typer.Typer(help="Brand DNA: voice, rules, palette and winning scripts, searchable.", no_args_is_help=True)
    app.add_typer(brand, name="brand")

    @brand.command("add")
    def add(
        ctx: typer.Context,
        files: list[str] = typer.Argument(None, help="Markdown, text, PDF or DOCX files, or http(s) URLs; "
                                        "PNG, JPG or WebP images with --kind product|logo."),
        text: str | None = typer.Option(None, "--text", help="Pasted brand material."),
        kind: str | None = typer.Option(None, "--kind", help=f"Force one kind for every passage: {KINDS_HELP}."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Add brand material; nothing is stored if any input is unreadable, empty, unsupported or too large."""
        from tools.brand.api import brand_add

        cli = Cli(ctx, json_output)
        if not files and text is None:
            raise InputError("Nothing to add: give one or more FILEs (Markdown, text, PDF, DOCX), a URL, or --text.",
                             field="input")
        result = brand_add(cli.runtime, paths=files or [], text=text, kind=kind, progress=cli.progress)
        cli.emit(result, _render_add)

    @brand.command("search")
    def search(
        ctx: typer.Context,
        query: str = typer.Argument(..., help="A question or a few words."),
        k: int = typer.Option(5, "-k", "--k", help="How many passages (1-100)."),
        kind: list[str] = typer.Option(None, "--kind", help=f"Only these kinds (repeatable): {KINDS_HELP}."),
        diverse: bool = typer.Option(False, "--diverse", help="Diverse passages (MMR) instead of the plain top k."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Find the passages of brand material closest to QUERY, in this workspace only."""
        from tools.brand.api import brand_context, brand_search
        from tools.core.domain.brand import BrandSearchResult

        cli = Cli(ctx, json_output)
        if diverse:
            result = BrandSearchResult(query=query, results=brand_context(cli.runtime, query, k, kind or None))
        else:
            result = brand_search(cli.runtime, query, k, kind or None)
        cli.emit(result, _render_search)

    @brand.command("show")
    def show(ctx: typer.Context, json_output: bool = JSON_OPTION) -> None:
        """Show the structured brand profile (derived from the material, with your edits)."""
        from tools.brand.api import brand_profile

        cli = Cli(ctx, json_output)
        cli.emit(brand_profile(cli.runtime), _render_profile)

    @brand.command("edit")
    def edit(
        ctx: typer.Context,
        tone: list[str] = typer.Option(None, "--tone", help="Add a tone adjective (repeatable)."),
        banned: list[str] = typer.Option(None, "--banned", help="Ban a word or a multi-word claim (repeatable)."),
        palette: list[str] = typer.Option(None, "--palette", help="Add a colour: '#1A1A2E' or 'Midnight #1A1A2E'."),
        font: list[str] = typer.Option(None, "--font", help="Add a font family (headline font first)."),
        cta: list[str] = typer.Option(None, "--cta", help="Add a preferred call to action."),
        language: list[str] = typer.Option(None, "--language", help="Add a language code or name (primary first)."),
        value_prop: list[str] = typer.Option(None, "--value-prop", help="Add a value proposition."),
        remove: list[str] = typer.Option(None, "--remove", help="Remove a value: FIELD=VALUE, e.g. banned=cure."),
        clear: list[str] = typer.Option(None, "--clear", help="Empty a list field, e.g. --clear palette."),
        name: str | None = typer.Option(None, "--name", help="Brand name."),
        logo: str | None = typer.Option(None, "--logo", help="Logo file path."),
        color_tolerance: float | None = typer.Option(
            None, "--color-tolerance", help="RGB distance still counted as on-palette (0 = exact)."
        ),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Correct the brand profile. Edits survive later `brand add`s."""
        from tools.brand.api import brand_edit
        from tools.core.domain.brand import ProfileEdit

        cli = Cli(ctx, json_output)
        additions = {"tone": tone, "banned": banned, "palette": palette, "fonts": font, "cta_preferences": cta,
                     "languages": language, "value_props": value_prop}
        removals: dict[str, list[str]] = {}
        for item in remove or []:
            field, sep, value = item.partition("=")
            if not sep or not field.strip() or not value.strip():
                raise InputError(f"--remove {item!r}: expected FIELD=VALUE, e.g. banned=cure or palette=#1A1A2E.",
                                 field="remove")
            removals.setdefault(field.strip(), []).append(value.strip())
        scalars: dict[str, Any] = {}
        if name is not None:
            scalars["name"] = name
        if logo is not None:
            scalars["logo_path"] = logo
        if color_tolerance is not None:
            scalars["color_tolerance"] = color_tolerance
        change = ProfileEdit(add={k: list(v) for k, v in additions.items() if v}, remove=removals,
                             clear=list(clear or []), set=scalars)
        if not (change.add or change.remove or change.clear or change.set):
            raise InputError("Nothing to edit: give e.g. --banned WORD, --palette '#1A1A2E', --remove banned=WORD.",
                             field="edit")
        cli.emit(brand_edit(cli.runtime, change), _render_profile)


def _render_add(console: Any, data: dict[str, Any]) -> None:
    sources = ", ".join(data["documents"]) or "no new material"
    console.print(f"Added [bold]{data['added']}[/bold] passages from {sources} "
                  f"({data['skipped_duplicates']} duplicates skipped).")
    if data["kinds"]:
        console.print("  " + ", ".join(f"{kind}: {n}" for kind, n in sorted(data["kinds"].items())))


def _render_search(console: Any, data: dict[str, Any]) -> None:
    from rich.table import Table

    if not data["results"]:
        console.print("No brand material matches (add some with `hookline brand add`).")
        return
    table = Table(show_lines=True)
    for column in ("score", "kind", "source", "text"):
        table.add_column(column)
    for hit in data["results"]:
        table.add_row(f"{hit['score']:.2f}", hit["kind"], hit["source"], hit["text"][:400])
    console.print(table)


def _render_profile(console: Any, data: dict[str, Any]) -> None:
    def listing(values: list[Any]) -> str:
        return ", ".join(str(v) for v in values) if values else "[dim]—[/dim]"

    palette = [f"{c['hex']}" + (f" {c['name']}" if c.get("name") else "") + (f" ({c['role']})" if c.get("role") else "")
               for c in data["palette"]]
    console.print(f"[bold]{data['name'] or 'Brand profile'}[/bold]  (workspace {data['workspace']}, "
                  f"{data['documents']} documents, {data['chunks']} passages)")
    rows = [("tone", listing(data["tone"])), ("banned words", listing(data["banned_words"])),
            ("banned claims", listing(data["banned_claims"])), ("palette", listing(palette)),
            ("fonts", listing(data["fonts"])), ("logo", data["logo_path"] or "[dim]—[/dim]"),
            ("CTAs", listing(data["cta_preferences"])), ("languages", listing(data["languages"])),
            ("value props", listing(data["value_props"])),
            ("voice rules", listing(data.get("voice_rules", []))),
            ("proof", listing([f"{p['text']}" + (f" ({p['kind']}: {p['attribution']})" if p.get("attribution")
                                                 else f" ({p['kind']})") for p in data.get("proof", [])])),
            ("offers", listing([o["text"] + (f" ({o['condition']})" if o.get("condition") else "")
                                for o in data.get("offers", [])])),
            ("product facts", listing(data.get("product_facts", []))),
            ("kit", listing([f"{k['kind']} {k['filename']} ({k['treatment']}, {k['width']}x{k['height']})"
                             for k in data.get("kit", [])]))]
    for label, value in rows:
        console.print(f"  {label:<14} {value}")
    if data.get("unusable_sections"):
        console.print("  [yellow]Nothing could be read from these sections[/yellow] (rewrite them as labelled lines "
                      "or bullets, or use `hookline brand edit`): " + ", ".join(data["unusable_sections"]))
    if data["is_empty"]:
        console.print("  [dim]No brand material yet: `hookline brand add FILE` or `hookline brand edit`.[/dim]")

"""The `hookline` command line (Typer + Rich). Commands live one per module in `commands/`."""

"""Prompt templates live here as files; `load(name)` reads one, `render(name, **values)` fills `$placeholders`.

Why files: prompts are product text that people tune; keeping them out of code makes them reviewable and lets the
same template serve every provider. `string.Template` (not Jinja) keeps braces in examples literal.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Template

PROMPTS_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=32)
def load(name: str) -> str:
    """The template text of `prompts/<name>.md`."""
    path = PROMPTS_DIR / f"{name}.md"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PROMPTS_DIR.glob("*.md")))
        raise FileNotFoundError(f"No prompt named {name!r} in {PROMPTS_DIR}; known prompts: {known}")
    return path.read_text(encoding="utf-8")


def render(name: str, **values: object) -> str:
    """`load(name)` with `$placeholders` filled; a missing value is an error, not a silent blank."""
    return Template(load(name)).substitute({key: str(value) for key, value in values.items()})

"""Prompt templates live here as files; `load(name)` reads one, `render(name, **values)` fills it with Jinja2.

Why files: prompts are product text that people tune; keeping them out of code makes them reviewable and lets the
same template serve every provider. Why Jinja2 (the only rendering mechanism): some prompts list material and
per-variant plans, which needs loops and conditionals; `StrictUndefined` makes a missing value an error, not a
silent blank. Autoescaping is off: these are plain-text prompts, not HTML.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

PROMPTS_DIR = Path(__file__).resolve().parent
_ENVIRONMENT = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)  # drops the final newline


@lru_cache(maxsize=32)
def load(name: str) -> str:
    """The template text of `prompts/<name>.md`."""
    path = PROMPTS_DIR / f"{name}.md"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PROMPTS_DIR.glob("*.md")))
        raise FileNotFoundError(f"No prompt named {name!r} in {PROMPTS_DIR}; known prompts: {known}")
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=32)
def _template(name: str) -> jinja2.Template:
    return _ENVIRONMENT.from_string(load(name))


def render(name: str, **values: object) -> str:
    """`prompts/<name>.md` rendered with `values`; a value the template uses but was not given raises."""
    return _template(name).render(**values)

"""Turn a tool failure into a message for the user that says what to do next."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tools.catalog.registry import TOOL_SPECS
from tools.core.errors import InputError, InsufficientDataError, NoPerformanceDataError, NotConfiguredError
from tools.core.tool_helpers import CapabilityMissingError

NEXT_STEPS = {
    "no_data": "import an ad export: attach it here, or run `hookline ingest FILE`.",
    "insufficient_data": "import more ad data (attach an export or run `hookline ingest FILE`), or ask for a longer "
                         "period such as 'last 30 days'.",
    "not_configured": "set the setting named above, or ask for something that does not need it.",
    "not_installed": "ask for something else; this installation does not include that capability.",
    "bad_input": "fix the input named above and ask again.",
    "invalid_arguments": "rephrase the request with the missing or corrected detail.",
    "unknown_tool": "ask for one of the things I can do ('what can you do?').",
    "internal": "try again; if it keeps failing, run the same request with HOOKLINE_DEBUG=1 and report the error.",
}


def describe_failure(tool: str, exc: BaseException) -> dict[str, Any]:
    """`{"kind", "message", "next"}` for a failed tool call."""
    if isinstance(exc, NoPerformanceDataError):  # an empty workspace: a longer period would not help
        kind, message = "no_data", str(exc)
    elif isinstance(exc, InsufficientDataError):
        kind, message = "insufficient_data", str(exc)
    elif isinstance(exc, CapabilityMissingError):
        kind, message = "not_installed", str(exc)
    elif isinstance(exc, NotConfiguredError):
        kind, message = "not_configured", str(exc)
    elif isinstance(exc, InputError):
        kind, message = "bad_input", str(exc)
    elif isinstance(exc, ValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())) or 'arguments'}: {e.get('msg')}"
                             for e in exc.errors()[:3])
        kind, message = "invalid_arguments", f"{tool} got invalid arguments ({problems})."
    elif isinstance(exc, LookupError) and "unknown tool" in str(exc):
        kind, message = "unknown_tool", str(exc)
    else:
        kind, message = "internal", f"{tool} failed unexpectedly ({type(exc).__name__}: {exc})."
    return {"kind": kind, "message": message, "next": _next_step(tool, kind)}


def _next_step(tool: str, kind: str) -> str:
    """The tool record's own advice for this kind of failure, else the general one."""
    spec = TOOL_SPECS.get(tool)
    return (spec.next_steps.get(kind) if spec else None) or NEXT_STEPS[kind]

"""Routers, named for the decision they make."""

from __future__ import annotations

from typing import Literal

from agent.messages import last_ai_with_tool_calls
from agent.state import State


def has_tool_calls(state: State) -> Literal["guard", "respond"]:
    """After planning: act, or answer."""
    return "guard" if last_ai_with_tool_calls(state.messages) is not None else "respond"


def any_call_allowed(state: State) -> Literal["approve", "respond"]:
    """After the guard: something is left to run, or everything was refused."""
    return "approve" if last_ai_with_tool_calls(state.messages) is not None else "respond"


def approval_granted(state: State) -> Literal["tools", "respond"]:
    """After the approval gate: run the tools, or report that the user declined."""
    if state.approval is not None and not state.approval.get("approved"):
        return "respond"
    return "tools" if last_ai_with_tool_calls(state.messages) is not None else "respond"

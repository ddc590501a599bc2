"""The LLM planner: any LangChain chat model with tool calling, bound to the catalog tools.

`HOOKLINE_MODEL` (e.g. `openai:gpt-4o`, `anthropic:claude-sonnet-4-5`, `ollama:llama3.1`) selects the model through
`tools.core.chat_model.load_chat_model`; a ready model object can be passed instead (tests use a scripted one). The
system prompt is `prompts/planner_system.md`. In the graph, `agent.middleware.planner` hands the model and this prompt
to `create_agent`'s model call; `LLMPlanner` is the same single step for `chat --plan`. The guard still checks
every side-effecting call the model makes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import prompts
from tools.catalog.langchain import build_tools
from tools.catalog.registry import SIDE_EFFECT_TOOLS, TOOL_NAMES, tool_help
from tools.core.errors import NotConfiguredError


class LLMPlanner:
    """Plans by tool calling: returns the model's next `AIMessage` (tool calls, or the final answer)."""

    def __init__(self, model: Any) -> None:
        self.model = check_tool_calling(model).bind_tools(build_tools())

    def next_message(self, messages: Sequence[Any], *, workspace: str, user: str | None, channel: str | None,
                     today: str, memory: dict[str, Any], attachments: Sequence[str]) -> Any:
        from langchain_core.messages import AIMessage, SystemMessage

        system = system_prompt(workspace=workspace, user=user, channel=channel, today=today, memory=memory,
                               attachments=attachments)
        message = self.model.invoke([SystemMessage(system), *messages])
        if not isinstance(message, AIMessage):
            message = AIMessage(content=str(getattr(message, "content", message)))
        return message


def system_prompt(*, workspace: str, user: str | None, channel: str | None, today: str, memory: dict[str, Any],
                  attachments: Sequence[str]) -> str:
    """`prompts/planner_system.md` for this run: who asks where, today, the thread's memory, the tools."""
    return prompts.render(
        "planner_system", workspace=workspace, user=user or "unknown", channel=channel or "direct message",
        today=today, memory=json.dumps(_memory_brief(memory), ensure_ascii=False),
        attachments=", ".join(attachments) or "none", tools=tool_help(),
        side_effect_tools=", ".join(name for name in TOOL_NAMES if name in SIDE_EFFECT_TOOLS),
    )


def check_tool_calling(model: Any) -> Any:
    """The model, if it can call tools; a clear NotConfiguredError otherwise."""
    if not hasattr(model, "bind_tools"):
        raise NotConfiguredError(f"The chat model {type(model).__name__} cannot call tools (no bind_tools).")
    return model


def _memory_brief(memory: dict[str, Any]) -> dict[str, Any]:
    keys = ("last_tool", "last_source", "last_n", "last_language", "last_winner", "last_blueprint", "last_period",
            "last_metric", "last_checkin_id")
    return {key: memory[key] for key in keys if memory.get(key) not in (None, [], {})}

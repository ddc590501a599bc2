"""The agent's tool catalog: the thin registry over the `AgentTool` records the areas declare.

Each tool is declared once, beside its capability (`tools/<area>/agent_tools.py`: typed args, function, side-effect,
approval, memory and next-step metadata; the record type is `tools.core.agent_tool.AgentTool`). Here: `registry.py`
collects them, `langchain.py` turns them into LangChain `StructuredTool`s, `vocabulary*.py` read the workspace's
names for scope matching. Nothing here imports the agent, Slack or the CLI.
"""

from tools.catalog.registry import SIDE_EFFECT_TOOLS, TOOL_NAMES, TOOL_SPECS, get_spec, tool_help
from tools.core.agent_tool import AgentTool

__all__ = ["SIDE_EFFECT_TOOLS", "TOOL_NAMES", "TOOL_SPECS", "AgentTool", "get_spec", "tool_help"]

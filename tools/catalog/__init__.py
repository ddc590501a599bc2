"""The agent's tool catalog: 17 typed wrappers over the capability seams of the other areas.

Layout: `args.py` (pydantic argument models, light; periods use the one grammar in `tools/core/periods.py`),
`specs.py` (the registry: name, description, side effects), `ops/` (one module per area; each imports its area lazily
and returns `ToolOutput(data, files, summary)`), `langchain.py` (the LangChain `StructuredTool` wrappers). Nothing
here imports the agent, Slack or the CLI.
"""

from tools.catalog.specs import SIDE_EFFECT_TOOLS, TOOL_NAMES, TOOL_SPECS, ToolSpec, get_spec

__all__ = ["SIDE_EFFECT_TOOLS", "TOOL_NAMES", "TOOL_SPECS", "ToolSpec", "get_spec"]

"""The registry: collects the `AgentTool` records each area declares in `tools/<area>/agent_tools.py`.

Order is the catalog order (tool lists, help, the LLM's tool binding). Declaring a tool happens in its area; this
module only gathers them, so adding a tool never touches the agent.
"""

from __future__ import annotations

from tools.analyst.agent_tools import TOOLS as ANALYST
from tools.brand.agent_tools import TOOLS as BRAND
from tools.checkins.agent_tools import TOOLS as CHECKINS
from tools.core.agent_tool import AgentTool
from tools.creator.agent_tools import TOOLS as CREATOR
from tools.extractor.agent_tools import TOOLS as EXTRACTOR
from tools.ingest.agent_tools import TOOLS as INGEST
from tools.performance.agent_tools import TOOLS as PERFORMANCE
from tools.strategist.agent_tools import TOOLS as STRATEGIST

_ORDER = ("ingest_performance", "performance_report", "find_winners", "performance_query", "explain_change",
          "creative_fatigue", "creative_insights", "score_creatives", "kill_scale_decisions", "audience_clusters",
          "extract_blueprint", "brand_search", "brand_add", "generate_variants", "schedule_checkin", "list_checkins",
          "cancel_checkin", "creative_briefs", "sync_account")


def _collect() -> dict[str, AgentTool]:
    declared: dict[str, AgentTool] = {}
    for tool in (*INGEST, *PERFORMANCE, *ANALYST, *EXTRACTOR, *BRAND, *CREATOR, *CHECKINS, *STRATEGIST):
        if tool.name in declared:
            raise RuntimeError(f"agent tool {tool.name!r} is declared twice ({declared[tool.name].area}, {tool.area})")
        declared[tool.name] = tool
    ordered = [name for name in _ORDER if name in declared] + [name for name in declared if name not in _ORDER]
    return {name: declared[name] for name in ordered}


TOOL_SPECS: dict[str, AgentTool] = _collect()
TOOL_NAMES: tuple[str, ...] = tuple(TOOL_SPECS)
SIDE_EFFECT_TOOLS: frozenset[str] = frozenset(name for name, tool in TOOL_SPECS.items() if tool.side_effect)


def get_spec(name: str) -> AgentTool:
    try:
        return TOOL_SPECS[name]
    except KeyError:
        raise KeyError(f"unknown tool {name!r}; known tools: {', '.join(TOOL_NAMES)}") from None


def tool_help() -> str:
    """One line per tool, for CLI help and the LLM prompt: name, what it does, and whether it changes things."""
    lines = []
    for tool in TOOL_SPECS.values():
        marks = [mark for mark, on in (("changes data", tool.side_effect), ("posts publicly", tool.public)) if on]
        examples = "; ".join(f'"{example}"' for example in tool.examples[:2])
        lines.append(f"- {tool.name}: {tool.summary}" + (f" ({', '.join(marks)})" if marks else "")
                     + (f" — e.g. {examples}" if examples else ""))
    return "\n".join(lines)

"""Who may trigger side effects, a rule the graph enforces for both planners.

A side-effecting tool runs without a question only when the user's *own* words (quotes and attachments excluded)
ask for that action. We check it by planning the user's message offline: the tools that plan contains, plus intents
that score as clearly present, are the ones the user asked for. Text in tool results never reaches this check.
What needs a human's approval besides is each tool record's rule (`agent.approvals.review_reasons`).
"""

from __future__ import annotations

from agent.memory import ThreadMemory
from agent.planning.intents import Signals, score_intents
from agent.planning.normalize import normalize
from agent.planning.offline import THRESHOLD, OfflinePlanner
from agent.planning.slots import extract
from tools.catalog.registry import SIDE_EFFECT_TOOLS, TOOL_NAMES, TOOL_SPECS
from tools.core.limits import MAX_VARIANTS_WITHOUT_APPROVAL

__all__ = ["MAX_VARIANTS_WITHOUT_APPROVAL", "authorized_in_thread", "authorized_tools", "unrequested"]


def authorized_tools(user_text: str, *, attachments: list[str] | tuple[str, ...] = (),
                     memory: ThreadMemory | None = None, channel: str | None = None) -> set[str]:
    """The tools the user's own message asks for (read-only tools are always allowed)."""
    allowed = set(TOOL_NAMES) - SIDE_EFFECT_TOOLS
    plan = OfflinePlanner().plan(user_text, attachments=attachments, memory=memory, channel=channel)
    allowed.update(plan.tool_names)
    utterance = normalize(user_text)
    slots, _ = extract(utterance.text)
    signals = Signals(recurrence=slots.has_recurrence or bool(slots.cron), time_of_day=bool(slots.every))
    scores = score_intents(utterance.text, signals)
    allowed.update(name for name, score in scores.items() if name in SIDE_EFFECT_TOOLS and score >= THRESHOLD)
    for tool in TOOL_SPECS.values():  # attaching an export is itself the request to import it
        if tool.requested_by_files and any(str(path).lower().endswith(tool.requested_by_files)
                                           for path in attachments):
            allowed.add(tool.name)
    return allowed


def authorized_in_thread(human_texts: list[str], *, attachments: list[str] | tuple[str, ...] = (),
                         memory: ThreadMemory | None = None, channel: str | None = None) -> set[str]:
    """`authorized_tools` for the latest message; a short answer with no request of its own ("20", "the Spanish
    one") also carries the request it answers (the user's previous message), as in a clarifying exchange."""
    latest = human_texts[-1] if human_texts else ""
    allowed = authorized_tools(latest, attachments=attachments, memory=memory, channel=channel)
    if len(human_texts) > 1 and len(latest.split()) <= 8 and not (allowed & SIDE_EFFECT_TOOLS):
        allowed |= authorized_tools(human_texts[-2], memory=memory, channel=channel)
    return allowed


def unrequested(calls: list[tuple[str, str]], human_texts: list[str], *,
                attachments: list[str] | tuple[str, ...] = (), memory: ThreadMemory | None = None,
                channel: str | None = None) -> list[str]:
    """The ids of the side-effecting calls (`(id, tool name)` pairs) the user's own words in this thread did not
    ask for: the graph's guard and `chat --plan` both ask this."""
    side_effects = [(call_id, name) for call_id, name in calls if name in SIDE_EFFECT_TOOLS]
    if not side_effects:
        return []
    allowed = authorized_in_thread(human_texts, attachments=attachments, memory=memory, channel=channel)
    return [call_id for call_id, name in side_effects if name not in allowed]

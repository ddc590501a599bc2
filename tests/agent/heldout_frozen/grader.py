"""Grade the offline planner on a set of cases: the tool sequence and the key arguments each case lists."""

from __future__ import annotations

import inspect
from typing import Any

from agent.memory import ThreadMemory
from agent.planning.offline import plan_offline
from tests.agent.heldout_frozen.cases import MEMORIES, VOCABULARY, Frozen


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list) and isinstance(actual, list):
        return sorted(map(str, actual)) == sorted(map(str, expected))
    return actual == expected


def grade(case: Frozen) -> tuple[bool, str]:
    """(passed, why not) for one case."""
    memory = ThreadMemory.load(MEMORIES[case.memory]) if case.memory else None
    kwargs: dict[str, Any] = {"attachments": case.attachments, "memory": memory}
    if "vocabulary" in inspect.signature(plan_offline).parameters or "kwargs" in str(inspect.signature(plan_offline)):
        kwargs["vocabulary"] = VOCABULARY
    try:
        plan = plan_offline(case.text, **kwargs)
    except TypeError:
        kwargs.pop("vocabulary", None)
        plan = plan_offline(case.text, **kwargs)
    if plan.tool_names != case.tools:
        return False, f"tools {plan.tool_names} (question: {plan.question})"
    for call, expected in zip(plan.calls, case.args or [None] * len(plan.calls), strict=True):
        for key, value in (expected or {}).items():
            if not _same(call.args.get(key), value):
                return False, f"{call.name}.{key} = {call.args.get(key)!r}, expected {value!r}"
    answer = (plan.question or plan.reply or "").lower()
    if not case.tools and not answer:
        return False, "no tool and no question"
    missing = [s for s in case.says if s.lower() not in answer]
    if missing:
        return False, f"answer {answer!r} lacks {missing}"
    return True, ""


def failures(cases: list[Frozen]) -> list[tuple[str, str]]:
    return [(case.text, why) for case in cases for ok, why in [grade(case)] if not ok]

"""Threads and approvals on the Postgres saver (used when the installation's database_url is Postgres)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.service import AgentService, ApprovalDecision, ChatRequest


@pytest.mark.services
def test_approval_survives_a_restart_on_postgres(postgres_url: str, home: Path, areas: Any) -> None:
    from tools.core.runtime import build_runtime
    from tools.core.settings import Settings

    settings = Settings(home=home, database_url=postgres_url, _env_file=None)
    first = AgentService(build_runtime(settings, "acme"))
    first.chat(ChatRequest(text="generate 12 versions of ad 31", thread_id="pg"))
    first.close()
    assert not (home / "agent" / "checkpoints.sqlite").exists()  # Postgres holds the thread, not SQLite
    second = AgentService(build_runtime(settings, "acme"))
    try:
        assert second.pending("pg") is not None
        reply = second.resume("pg", ApprovalDecision(approved=True, count=4))
        assert areas.CALLS[-1][1]["n"] == 4 and "Generated 4 variants" in reply.reply
        plan = second.chat(ChatRequest(text="now 2 more in Dutch", thread_id="pg"), plan_only=True)
        assert plan.tool_calls[0].args["source"] == "ad:31" and plan.tool_calls[0].args["language"] == "nl"
    finally:
        second.close()

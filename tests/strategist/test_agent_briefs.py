"""The agent routes "what should we make next?" and "give me 3 briefs for next week" to the real `creative_briefs`
(no stand-ins) and its reply names the same briefs the capability returns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.service import AgentService, ChatRequest
from tests.strategist.planted import brand_edit_for, planted_account


@pytest.fixture(scope="module")
def loaded_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tests.analyst.loader import load_simulated
    from tools.brand.api import brand_edit
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings

    home = tmp_path_factory.mktemp("briefs-agent") / "home"
    runtime = build_runtime(Settings(home=Path(home), _env_file=None), "acme")
    account, _ = planted_account()
    load_simulated(runtime, account)
    brand_edit(runtime, brand_edit_for(account.brand))
    yield runtime
    forget_databases()


@pytest.fixture
def service(loaded_runtime: Any) -> Iterator[AgentService]:
    service = AgentService(loaded_runtime)
    yield service
    service.close()


@pytest.mark.parametrize(("text", "n"), [("what should we make next?", 3), ("give me 3 briefs for next week", 3),
                                         ("write 2 creative briefs", 2)])
def test_briefs_requests_run_the_real_strategist(service: AgentService, loaded_runtime: Any, text: str,
                                                 n: int) -> None:
    from tools.strategist.api import creative_briefs

    reply = service.chat(ChatRequest(text=text, thread_id=f"b-{n}-{len(text)}"))
    assert [c.name for c in reply.tool_calls] == ["creative_briefs"]
    direct = creative_briefs(loaded_runtime, n=n)
    data = reply.data["results"][0]["data"]
    assert [b["title"] for b in data["briefs"]] == [b.title for b in direct.briefs]
    assert direct.briefs[0].title in reply.reply
    assert "Velocity" in reply.reply

"""`briefs-digest`: the weekly briefs beside the report — one section and one 'Make variants' button per brief
(carrying the brief's creator source), velocity against the goal, tests to learn on a thin account, and the
once-per-week post through the real poster and the Slack Web API stand-in."""

from __future__ import annotations

import json
from datetime import date

from tests.analyst.loader import load_simulated
from tests.checkins.conftest import GROWTH
from tests.checkins.data import MONDAY
from tests.strategist.planted import brand_edit_for, planted_account, sparse_account
from tools.brand.api import brand_edit
from tools.checkins.api import preview_checkin, run_checkin
from tools.core.domain.checkins import MAKE_VARIANTS_ACTION_ID
from tools.strategist.api import creative_briefs


def _buttons(blocks: list[dict]) -> list[dict]:
    return [b["accessory"] for b in blocks if (b.get("accessory") or {}).get("action_id") == MAKE_VARIANTS_ACTION_ID]


def test_briefs_digest_posts_the_briefs_with_buttons_once_a_week(runtime, poster, slack) -> None:  # type: ignore[no-untyped-def]
    account, fatigued = planted_account()
    load_simulated(runtime, account)
    brand_edit(runtime, brand_edit_for(account.brand))
    content = preview_checkin(runtime, "briefs-digest", now=MONDAY)
    assert not content.quiet
    assert content.blocks[0]["text"]["text"] == "🧭 What to make next · 16–22 Nov 2026"
    direct = creative_briefs(runtime, n=3, period="2026-08-25..2026-11-22", today=date(2026, 11, 22))
    buttons = _buttons(content.blocks)
    assert [json.loads(b["value"]) for b in buttons] == [
        {"source": brief.source, "workspace": "acme", "job": "briefs-digest"} for brief in direct.briefs]
    assert content.data["velocity"]["target"] == 20
    assert "Creative velocity" in json.dumps(content.blocks, ensure_ascii=False)
    assert any(b["iteration_of"] == fatigued for b in content.data["briefs"])

    first = run_checkin(runtime, "briefs-digest", channel="#growth", now=MONDAY, poster=poster)
    again = run_checkin(runtime, "briefs-digest", channel="#growth", now=MONDAY, poster=poster)
    assert first.posted and not again.posted
    posted = slack.thread(GROWTH, None)
    assert len(posted) == 1 and len(_buttons(posted[0].blocks)) == 3


def test_briefs_digest_on_a_thin_account_offers_tests_to_learn(runtime) -> None:  # type: ignore[no-untyped-def]
    load_simulated(runtime, sparse_account())
    content = preview_checkin(runtime, "briefs-digest", now=MONDAY)
    assert not content.quiet and content.data["learning"]
    assert ":test_tube:" in json.dumps(content.blocks, ensure_ascii=False)
    assert all(b["kind"] == "learn" for b in content.data["briefs"])

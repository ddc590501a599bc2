"""Check-in messages on hand-built data (see `tests/checkins/data.py`): the numbers, the deltas, the advice, the
buttons, and 'nothing to say'."""

from __future__ import annotations

import json
from datetime import UTC, date, timedelta

import pytest

from tests.checkins.data import MONDAY, build_fatigue, build_week
from tests.performance.factories import PerformanceFactory
from tools.checkins.api import preview_checkin
from tools.checkins.content import BuildContext, build_content
from tools.core.domain.checkins import MAKE_VARIANTS_ACTION_ID
from tools.core.periods import checkin_period


def texts(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def buttons(blocks: list[dict]) -> list[dict]:
    found = [b["accessory"] for b in blocks if b.get("accessory", {}).get("type") == "button"]
    found += [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    return found


def test_weekly_report_numbers_deltas_rankings_and_advice(runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    period = checkin_period("weekly-report", MONDAY, UTC)
    content = build_content("weekly-report", BuildContext(runtime, "weekly-report", period, charts_dir=tmp_path))
    assert not content.quiet
    assert (period.key, period.start, period.end) == ("2026-11-16..2026-11-22", date(2026, 11, 16), date(2026, 11, 22))
    blocks = content.blocks
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Weekly report · 16–22 Nov 2026",
                                                    "emoji": True}}
    kpis = {f["text"].split("\n")[0].strip("*"): f["text"].split("\n")[1] for f in blocks[2]["fields"]}
    assert kpis["Spend"] == "€460.00  (▲ 360.0 % vs €100.00)"
    assert kpis["Revenue"] == "€1,300.00  (▲ 333.3 % vs €300.00)"
    assert kpis["ROAS"] == "2.83×  (▼ 5.8 % vs 3.00×)"
    assert kpis["CPA"] == "€25.56  (▲ 2.2 % vs €25.00)"  # 460 / 18 vs 100 / 4
    assert kpis["Creative velocity"].startswith("3 new/week")
    assert kpis["Freshness rate"].startswith("56.52 %")
    body = texts(blocks)
    assert "*Top 2 by ROAS*\\n1. Winner UGC — 4.50× on €200.00 spend" in body
    assert "*Bottom 2 by ROAS*\\n1. Loser static — 0.50× on €100.00 spend\\n2. Middle static — 2.00×" in body
    advice = next(b["text"]["text"] for b in blocks if b.get("text", {}).get("text", "").startswith("*What to do"))
    assert "Scale *Winner UGC*: best ROAS at 4.50× on €200.00" in advice
    assert "Review *Loser static*: ROAS 0.50× on €100.00 (account 2.83×)" in advice
    assert "Launch 17 more new creatives this week: 3 went live last week (target ≥ 20/week)." in advice
    assert "Give new creatives budget" not in advice  # 56.5 % ≥ 40 %
    # charts travel as PNG files for the thread
    assert len(content.files) >= 2
    for path in content.files:
        with open(path, "rb") as handle:
            assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    # the export stops on Friday 20 Nov: the message says the weekend is missing
    assert "The data ends on Fri 20 Nov: the last 2 days of this period are missing." in body
    (button,) = buttons(blocks)
    assert button["action_id"] == MAKE_VARIANTS_ACTION_ID
    assert json.loads(button["value"]) == {"ad_id": "W1", "workspace": "acme", "job": "weekly-report"}
    assert content.data["top"] == ["W1", "EVIL"] and content.data["currency"] == "EUR"
    assert content.text.startswith("Weekly report 16–22 Nov 2026\n")


def test_text_from_the_data_cannot_mention_or_link(runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    for job in ("weekly-report", "winners-digest"):
        content = preview_checkin(runtime, job, now=MONDAY)
        body = texts(content.blocks)
        assert "<!channel>" not in body and "<http" not in body
        assert "&lt;!channel&gt; &amp; &lt;http://evil.example|click&gt;" in body


def test_winners_digest_ranks_with_movement_and_buttons(runtime) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    content = preview_checkin(runtime, "winners-digest", now=MONDAY)
    assert not content.quiet
    sections = [b for b in content.blocks if b["type"] == "section" and "accessory" in b]
    assert [json.loads(b["accessory"]["value"])["ad_id"] for b in sections] == ["W1", "EVIL", "M1", "L1"]
    first = sections[0]["text"]["text"]
    assert first.startswith("*1. Winner UGC* (`W1`)\nROAS 4.50× · €200.00 spend · 20,000 impressions")
    assert "Was #1 the week before at 3.00×, +50.0 %" in first  # 900/200 vs 300/100
    assert "New in the top this week" in sections[2]["text"]["text"]
    assert all(b["accessory"]["action_id"] == MAKE_VARIANTS_ACTION_ID for b in sections)
    assert "Make variants of *Winner UGC*" in texts(content.blocks)
    assert content.data["metric"] == "roas" and content.data["previous_ranks"] == {"W1": 1}


def test_velocity_check_nudges_with_the_gap_or_stays_quiet(runtime) -> None:  # type: ignore[no-untyped-def]
    build_week(runtime)
    nudge = preview_checkin(runtime, "velocity-check", now=MONDAY)
    assert not nudge.quiet
    assert nudge.data["creative_velocity"] == pytest.approx(3.0)
    assert nudge.data["freshness_rate"] == pytest.approx(260 / 460)
    fields = [f["text"] for f in nudge.blocks[2]["fields"]]
    assert fields[0].startswith("*Creative velocity*\n3 new/week  ⚠️\ntarget ≥ 20")
    assert "⚠️" not in fields[1] and fields[1].startswith("*Freshness rate*\n57 %")
    body = texts(nudge.blocks)
    assert "Launch 17 more new creatives this week" in body
    assert "make 10 variants of Winner UGC" in body
    assert buttons(nudge.blocks)[0]["action_id"] == MAKE_VARIANTS_ACTION_ID

    # a later week where only old creatives spend: freshness 0 %, with the euro gap to 40 %
    f = PerformanceFactory(runtime)
    f.ads = {"W1": _ad_pk(runtime, "W1"), "M1": _ad_pk(runtime, "M1")}
    f.day("W1", date(2026, 11, 24), spend=300, impressions=30000, link_clicks=300, purchases=9, purchase_value=900)
    f.day("M1", date(2026, 11, 25), spend=100, impressions=10000, link_clicks=100, purchases=3, purchase_value=300)
    f.commit()
    stale = preview_checkin(runtime, "velocity-check", now=MONDAY + timedelta(days=7))
    assert stale.data["freshness_rate"] == 0 and stale.data["creative_velocity"] == 0
    assert "Give new creatives budget: 0 % of spend went to creatives launched in the last 7 days (target ≥ 40 %) " \
           "— about €160.00 more on new launches." in texts(stale.blocks)


def test_velocity_on_target_is_all_quiet(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    for i in range(21):
        f.ad(f"N{i}", kind="image", name=f"New {i}")
        f.day(f"N{i}", date(2026, 11, 16 + i % 7), spend=60, impressions=2000, link_clicks=20)
    f.commit()
    content = preview_checkin(runtime, "velocity-check", now=MONDAY)
    assert content.quiet and content.data["creative_velocity"] == pytest.approx(21.0)
    assert content.quiet_text.startswith(":white_check_mark: All quiet on creative velocity for 16–22 Nov 2026: 21 "
                                         "new creatives (target ≥ 20/week), freshness 100 %")


def test_fatigue_alert_once_per_episode_with_the_evidence(runtime) -> None:  # type: ignore[no-untyped-def]
    build_fatigue(runtime)
    period = checkin_period("fatigue-alerts", MONDAY, UTC)
    assert (period.key, period.start, period.end) == ("2026-11-22", date(2026, 11, 16), date(2026, 11, 22))
    content = build_content("fatigue-alerts", BuildContext(runtime, "fatigue-alerts", period))
    assert not content.quiet and content.items == ["F1|hook_rate_decay|2026-11-18"]
    assert content.blocks[0]["text"]["text"] == "⚠️ 1 creative just fatigued"
    alert = next(b for b in content.blocks if "accessory" in b)
    assert alert["text"]["text"] == (
        "*Tired UGC* (`F1`) · since 18 Nov\n"
        "Hook rate 21.43 % on its 7-day window, 29 % below its peak 30.00 % (15 Nov); frequency 1.50 → 1.81\n"
        "€140.00 spent, 70,000 impressions in the last 7 days")
    assert json.loads(alert["accessory"]["value"]) == {"ad_id": "F1", "workspace": "acme", "job": "fatigue-alerts"}
    assert "S1" not in texts(content.blocks)
    # the next day: the same episode was already told to this channel → nothing new to say
    tuesday = checkin_period("fatigue-alerts", MONDAY + timedelta(days=1), UTC)
    again = build_content("fatigue-alerts", BuildContext(runtime, "fatigue-alerts", tuesday,
                                                         already_reported=frozenset(content.items)))
    assert again.quiet and "(1 already reported here)" in again.quiet_text


def test_quiet_without_any_data_and_a_notice_when_the_period_has_none(runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = preview_checkin(runtime, "weekly-report", now=MONDAY)
    assert empty.quiet and "no data" in empty.reason and "hookline ingest" in empty.quiet_text
    build_week(runtime)
    later = MONDAY + timedelta(days=28)  # the data ends Fri 2026-11-20; this week has none: said, not silent
    for job in ("weekly-report", "winners-digest", "velocity-check", "fatigue-alerts"):
        content = preview_checkin(runtime, job, now=later)
        assert not content.quiet, job
        assert "the latest data in this workspace is from 20 Nov 2026" in content.text, content.text
        assert "hookline ingest" in content.text and "hookline sync" not in content.text  # not connected to Meta
        assert f"hookline checkin run {job} --force" in content.text
        assert content.items == ["stale-data|2026-11-20"] and content.data["latest_data_day"] == "2026-11-20"


def _ad_pk(runtime, external_id: str) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from tools.core.db.models import Ad

    with runtime.session() as session:
        return session.scalar(select(Ad.id).where(Ad.external_id == external_id))

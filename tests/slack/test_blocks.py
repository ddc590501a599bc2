"""Block Kit builders: numbers formatted per CLI.md, variants ranked by score, Slack's limits respected."""

from __future__ import annotations

from types import SimpleNamespace

from integrations.slack import blocks as kit
from integrations.slack.agent_port import ApprovalInfo, TurnResult, to_turn_result
from integrations.slack.file_port import classify
from integrations.slack.intake import clean_text
from tests.slack.slack_support import block_text


def test_kpis_are_formatted_as_the_product_defines_them():
    assert kit.format_kpi("ctr_link", 0.0123) == "1.23%"
    assert kit.format_kpi("hook_rate", 0.31) == "31.00%"
    assert kit.format_kpi("spend", 12345.678, "EUR") == "12,345.68 EUR"
    assert kit.format_kpi("roas", 2.4149) == "2.41×"
    assert kit.format_kpi("impressions", 1234567) == "1,234,567"
    assert kit.format_kpi("cpa", None) == "n/a"
    assert kit.format_kpi("creative_velocity", 3.25) == "3.2/week"


def test_summary_shows_numbers_and_top_variants_best_first():
    result = TurnResult(
        reply="Last week in numbers.",
        attachments=["/tmp/a.png", "/tmp/b.csv"],
        data={"report": {"currency": "USD", "kpis": {"spend": 1500.0, "roas": 3.1, "ctr_link": 0.0205,
                                                     "cpa": None}},
              "variants": [{"id": "v1", "hook": "Stop scrolling", "score": 61},
                           {"id": "v2", "hook": "Free shipping", "headline": "Today only", "score": 88.4},
                           {"id": "v3", "hook": "POV", "score": None}]},
    )
    text = block_text(kit.summary_blocks(result))
    assert "*Spend*\n1,500.00 USD" in text and "*ROAS*\n3.10×" in text and "*CTR (link)*\n2.05%" in text
    assert "*CPA*\nn/a" in text
    lines = [line for line in text.splitlines() if line.startswith("*") and " score " in line]
    assert lines[0] == "*1.* `v2` score *88* — Free shipping / _Today only_"
    assert lines[1].startswith("*2.* `v1` score *61*") and lines[2].startswith("*3.* `v3` score *n/a*")
    assert ":paperclip: 2 files follow" in text


def test_long_replies_and_many_blocks_stay_within_slack_limits():
    reply = "\n".join(f"line {i} " + "x" * 80 for i in range(200))
    blocks = kit.summary_blocks(TurnResult(reply=reply))
    assert all(len(b["text"]["text"]) <= kit.MAX_TEXT for b in blocks)
    assert "".join(b["text"]["text"] for b in blocks).replace("\n", "") == reply.replace("\n", "")
    chunks = kit.chunk_blocks([kit.section(str(i)) for i in range(120)])
    assert [len(c) for c in chunks] == [50, 50, 20]
    fields = kit.fields_sections([f"f{i}" for i in range(23)])
    assert [len(s["fields"]) for s in fields] == [10, 10, 3]


def test_approval_buttons_and_modal_carry_the_approval_id_and_count():
    approval = ApprovalInfo(id="apr-1", thread_id="t", summary="Render 20 variants", details={"count": 20,
                                                                                                "formats": "1x1"})
    blocks = kit.approval_blocks(approval)
    actions = blocks[-1]["elements"]
    assert [(a["action_id"], a["value"]) for a in actions] == [
        ("hookline_approve", "apr-1"), ("hookline_reject", "apr-1"), ("hookline_edit_count", "apr-1")]
    modal = kit.edit_count_modal("apr-1", approval.summary, kit.approval_count(approval))
    assert modal["private_metadata"] == "apr-1"
    assert modal["blocks"][1]["element"]["initial_value"] == "20"
    paused = ApprovalInfo(id="apr-3", thread_id="t", actions=["approve", "reject", "edit_count"], details={
        "tool_calls": [{"name": "generate_variants", "args": {"n": 20, "formats": ["1x1"]}}],
        "reasons": ["20 variants is more than 10"]})
    assert kit.approval_count(paused) == 20
    assert "Why I ask: 20 variants is more than 10" in block_text(kit.approval_blocks(paused))
    no_count = ApprovalInfo(id="apr-2", thread_id="t", actions=["approve", "reject"])
    assert [a["action_id"] for a in kit.approval_blocks(no_count)[-1]["elements"]] == [
        "hookline_approve", "hookline_reject"]


def test_progress_text_reads_like_rendering_7_of_20():
    event = SimpleNamespace(stage="rendering", done=7, total=20, message=None)
    assert kit.progress_text(event) == ":hourglass_flowing_sand: rendering 7/20"
    event = SimpleNamespace(stage="rendering", done=7, total=20, message="rendering 7/20")
    assert kit.progress_text(event) == ":hourglass_flowing_sand: rendering 7/20"
    event = SimpleNamespace(stage="tool", done=0, total=1, message="running find_winners")
    assert kit.progress_text(event) == ":hourglass_flowing_sand: running find_winners"


def test_agent_replies_are_normalised_and_requests_cleaned():
    reply = SimpleNamespace(reply="ok", tool_calls=[SimpleNamespace(name="generate_variants", args={"n": 3})],
                            attachments=[__import__("pathlib").Path("/x/a.png")],
                            pending_approval=SimpleNamespace(id="a1", thread_id="t1", summary="s",
                                                             actions=["approve"], details={"count": 3}),
                            data={"k": 1})
    result = to_turn_result(reply)
    assert result.tool_calls == [{"name": "generate_variants", "args": {"n": 3}}]
    assert result.attachments == ["/x/a.png"] and result.approval is not None and result.approval.id == "a1"
    assert clean_text("<@U0BOT> make 20 variants", "U0BOT") == "make 20 variants"
    assert clean_text("hey <@U0BOT|hookline>, report", "U0BOT") == "hey report"
    assert clean_text("<@UOTHER> ask <@U0BOT>", "U0BOT") == "<@UOTHER> ask"
    assert classify("export.CSV") == "ingest" and classify("x", "xlsx") == "ingest"
    assert classify("ad.mov") == "extract" and classify("blob", None, "video/mp4") == "extract"
    assert classify("brief.pdf", "pdf", "application/pdf") is None


def test_numbers_are_found_inside_the_agents_tool_results():
    data = {"results": [{"name": "performance_report", "ok": True,
                         "data": {"currency": "EUR", "kpis": {"spend": 10.0, "roas": 2.0}}},
                        {"name": "generate_variants", "ok": True,
                         "data": {"variants": [{"id": "a", "score": 70}, {"id": "b", "score": 90}]}}],
            "notes": []}
    text = block_text(kit.summary_blocks(TurnResult(reply="Done", data=data)))
    assert "*Spend*\n10.00 EUR" in text and "*1.* `b` score *90*" in text

"""A real crash: the Slack app process is killed (SIGKILL) while an approved request renders, at "rendering 3/20".

The next start finishes that turn in the same placeholder: the render job it had started is adopted and resumes from
what was already rendered (those files are not written again), the thread gets one summary and one set of files, and
nobody is told "nothing waiting for approval".
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from integrations.slack import blocks as kit
from tests.slack.slack_support import CHANNEL, SlackProcess, block_action, event_body, mention

CRASH_ENV = {"HOOKLINE_SLACK_PROGRESS_INTERVAL_S": "0", "HOOKLINE_SLACK_LEASE_S": "4",
             "HOOKLINE_SLACK_SWEEP_INTERVAL_S": "0.5", "HOOKLINE_SLACK_PENDING_GRACE_S": "1",
             "HOOKLINE_JOB_LEASE_S": "3", "HOOKLINE_SLACK_RUN_SCHEDULER": "false"}

pytestmark = pytest.mark.slow


def _render_job(runtime):  # type: ignore[no-untyped-def]
    from tools.core.db.models.jobs import Job

    with runtime.session() as session:
        rows = session.execute(select(Job.id, Job.status, Job.attempts, Job.idempotency_key)
                               .where(Job.kind == "creator.generate")).all()
    return rows


def _finished_assets(folder: Path) -> dict[str, int]:
    """Files of the variants the manifest lists as rendered, with their modification times."""
    manifest = json.loads((folder / "manifest.json").read_text())
    return {a["path"]: Path(a["path"]).stat().st_mtime_ns for v in manifest["variants"] for a in v["assets"]}


def test_an_approved_turn_killed_mid_render_is_finished_by_the_next_start(slack_api, loaded_workspace, tmp_path):
    runtime = loaded_workspace
    home = runtime.settings.home
    from tools.core.runtime import forget_databases

    forget_databases()
    first = SlackProcess(home, slack_api.url, tmp_path, "first", env=CRASH_ENV)
    second = None
    try:
        ts = "1700090000.000100"
        assert first.event(event_body(mention("make 20 variants of last week's winner", ts=ts))) == 200
        message = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts)
                                              if any(b.get("type") == "actions" for b in m.blocks)], timeout=180)[0]
        approval_id = next(b for b in message.blocks if b.get("type") == "actions")["elements"][0]["value"]
        assert first.interaction(block_action(kit.APPROVE, approval_id, message_ts=message.ts)) == 200

        def rendering_3() -> Any:  # progress is throttled, so "3/20" itself may be skipped: any of 3..15 of 20
            return [m for m in slack_api.thread(CHANNEL, ts)
                    if any(3 <= int(k) <= 15 for u in m.updates for k in re.findall(r"rendering (\d+)/20", u))]

        placeholder = slack_api.wait_for(rendering_3, timeout=240)[0]
        first.kill()  # the whole app, mid-render
        killed_at = time.time_ns()
        ((job_id, status, attempts, key),) = _render_job(runtime)
        assert status == "running" and attempts == 1 and key.startswith("agent:")
        folder = home / "assets" / "acme" / "variants" / job_id
        before = _finished_assets(folder)
        assert 9 <= len(before) < 60  # at least 3 of 20 variants (3 formats each) rendered, not all
        assert all(mtime < killed_at for mtime in before.values())
        assert not [m for m in slack_api.thread(CHANNEL, ts) if "Generated" in m.text]

        second = SlackProcess(home, slack_api.url, tmp_path, "second", env=CRASH_ENV)
        done = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts) if "Generated 20 variants"
                                           in m.text], timeout=300)
        slack_api.wait_for(lambda: any(u.filename == "contact_sheet.png" for u in slack_api.uploads_in(CHANNEL, ts)),
                           timeout=60)
        time.sleep(1.0)
        # the same placeholder became the answer; nothing was posted twice, nobody was told there was nothing to do
        assert [m.ts for m in done] == [placeholder.ts]
        thread = slack_api.thread(CHANNEL, ts)
        assert not [m for m in thread if "nothing waiting" in m.text.lower() or "error" in m.text.lower()]
        assert len([m for m in thread if "Generated" in m.text]) == 1
        names = [u.filename for u in slack_api.uploads_in(CHANNEL, ts)]
        assert len(names) == len(set(names)) == 5  # contact sheet, manifest, the best three images
        # the render job was adopted (attempt 2), finished once, and skipped what the first attempt had rendered
        ((job_id2, status, attempts, _),) = _render_job(runtime)
        assert (job_id2, status, attempts) == (job_id, "succeeded", 2)
        after = _finished_assets(folder)
        assert len(after) == 60
        assert {path: after[path] for path in before} == before
    finally:
        for process in (first, second):
            if process is not None:
                process.stop()

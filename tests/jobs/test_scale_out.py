"""Scale-out for real: with HOOKLINE_QUEUE_URL and two `hookline worker` processes, variants asked from the CLI, from
the agent and from Slack render on a worker; a worker killed (SIGKILL) mid-render is replaced by the other, which
finishes the job once — assets complete, one Slack answer."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import run_cli
from tests.jobs.conftest import wait_for
from tools.core.db.models.jobs import Job

pytestmark = [pytest.mark.services, pytest.mark.slow]


@pytest.fixture
def demo(celery_setup, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The demo account and brand book in the shared Postgres schema; workers see the same data."""
    from tools.core.runtime import build_runtime, forget_databases
    from tools.demo.build import build_demo_workspace

    settings, workers = celery_setup
    runtime = build_runtime(settings, "acme")
    build_demo_workspace(runtime, tmp_path / "demo-data")
    forget_databases()
    return settings, workers, runtime


def _jobs(runtime, kind: str = "creator.generate") -> list:  # type: ignore[no-untyped-def]
    with runtime.session() as session:
        return session.execute(select(Job.id, Job.status, Job.attempts, Job.worker, Job.idempotency_key,
                                      Job.progress).where(Job.kind == kind).order_by(Job.created_at)).all()


def test_variants_from_the_cli_and_from_the_agent_render_on_a_worker(demo) -> None:
    settings, workers, runtime = demo
    workers.start("w1", "--concurrency", "2")
    workers.start("w2", "--concurrency", "2")
    env = {**workers.env, "HOOKLINE_WORKSPACE": "acme"}

    cli = run_cli(["--json", "variants", "--from", "winner", "-n", "4", "--formats", "1x1,9x16"],
                  home=settings.home, env=env)
    assert cli.returncode == 0, cli.stderr
    doc = json.loads(cli.stdout)
    assert len(doc["variants"]) == 4
    storage = Path(settings.storage_url).resolve() / "acme"
    assert all(Path(p).is_file() and Path(p).resolve().is_relative_to(storage)
               for v in doc["variants"] for p in v["assets"])
    ((job_id, status, attempts, worker, key, _),) = _jobs(runtime)
    assert status == "succeeded" and attempts == 1 and key.startswith("cli:variants:")
    name = worker.split("@")[0]
    assert name in ("w1", "w2") and f"job {job_id} (creator.generate): attempt 1/" in workers.log(name)

    chat = run_cli(["--json", "chat", "make 4 variants of last week's winner", "--thread", "scale-1"],
                   home=settings.home, env=env)
    assert chat.returncode == 0, chat.stderr
    reply = json.loads(chat.stdout)
    assert "Generated 4 variants" in reply["reply"], reply
    agent_job = [row for row in _jobs(runtime) if row[4].startswith("agent:")]
    assert len(agent_job) == 1 and agent_job[0][1] == "succeeded"
    name = agent_job[0][3].split("@")[0]
    assert f"job {agent_job[0][0]} (creator.generate)" in workers.log(name)
    assert all(Path(p).is_file() for p in reply["attachments"])


def test_a_worker_killed_mid_render_is_replaced_and_slack_gets_one_answer(demo, tmp_path: Path) -> None:
    from integrations.slack import blocks as kit
    from integrations.slack.config import SlackOptions
    from tests.slack.slack_support import (
        APP_TOKEN,
        BOT_TOKEN,
        CHANNEL,
        SIGNING_SECRET,
        SlackAppServer,
        block_action,
        event_body,
        identity,
        mention,
    )
    from tests.support.slack_web_api import SlackWebApiMock

    settings, workers, runtime = demo
    workers.start("w1", "--concurrency", "1")
    workers.start("w2", "--concurrency", "1")
    with SlackWebApiMock(tokens={BOT_TOKEN: identity()}, app_token=APP_TOKEN, channels={"growth": CHANNEL}) as api:
        from pydantic import SecretStr

        app_settings = settings.model_copy(update={
            "workspace": "acme", "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET), "slack_api_url": api.url})
        options = SlackOptions(worker_threads=2, lease_s=30, sweep_interval_s=0.5, pending_grace_s=1.0,
                               progress_interval_s=0.0, run_scheduler=False, _env_file=None)
        server = SlackAppServer(app_settings, options).start()
        try:
            ts = "1700070000.000100"
            assert server.event(event_body(mention("make 20 variants of last week's winner", ts=ts))).status_code \
                == 200
            message = api.wait_for(lambda: [m for m in api.thread(CHANNEL, ts)
                                            if any(b.get("type") == "actions" for b in m.blocks)], timeout=180)[0]
            approval = next(b for b in message.blocks if b.get("type") == "actions")["elements"][0]["value"]
            assert server.interaction(block_action(kit.APPROVE, approval, message_ts=message.ts)).status_code == 200

            def rendering() -> list:  # type: ignore[type-arg]
                rows = _jobs(runtime)
                return [r for r in rows if r[1] == "running" and r[5] and r[5].get("stage") == "rendering"
                        and r[5].get("done", 0) >= 3]

            (job_id, _, _, holder, _, _) = wait_for(rendering, 240, "the render job to reach 3 variants")[0]
            victim = holder.split("@")[0]
            workers.kill(victim)  # SIGKILL mid-render
            survivor = "w2" if victim == "w1" else "w1"

            done = api.wait_for(lambda: [m for m in api.thread(CHANNEL, ts) if "Generated 20 variants" in m.text],
                                timeout=300)
            api.wait_for(lambda: any(u.filename == "contact_sheet.png" for u in api.uploads_in(CHANNEL, ts)),
                         timeout=60)
            time.sleep(1.0)
            assert len(done) == 1
            names = [u.filename for u in api.uploads_in(CHANNEL, ts)]
            assert len(names) == len(set(names)) == 5
            ((same_id, status, attempts, worker, _, _),) = _jobs(runtime)
            assert (same_id, status) == (job_id, "succeeded") and attempts >= 2
            assert worker.startswith(f"{survivor}@") and f"job {job_id} (creator.generate)" in workers.log(survivor)
            manifest = json.loads((Path(settings.storage_url) / "acme" / "variants" / job_id / "manifest.json")
                                  .read_text())
            assets = [a["path"] for v in manifest["variants"] for a in v["assets"]]
            assert len(manifest["variants"]) == 20 and len(assets) == 60 and all(Path(p).is_file() for p in assets)
        finally:
            server.stop(wait=False)

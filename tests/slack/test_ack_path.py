"""The ack path stays light: no heavy library is imported to acknowledge Slack, and acks take milliseconds."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO_ROOT

HEAVY = ["torch", "langgraph", "langchain", "langchain_core", "sentence_transformers", "chromadb", "diffusers",
         "cv2", "pandas", "sklearn", "matplotlib", "agent.service", "tools.ingest", "tools.extractor"]


def test_acknowledging_an_event_imports_nothing_heavy(home: Path):
    script = textwrap.dedent(f"""
        import json, sys, time
        from tools.core.settings import Settings
        from integrations.slack.config import SlackOptions
        from integrations.slack.dispatch import HeldDispatcher
        from integrations.slack.runner import build_wsgi
        from slack_bolt.request import BoltRequest
        from tests.slack.slack_support import BOT_TOKEN, SIGNING_SECRET, event_body, mention, sign

        settings = Settings(home={str(home)!r}, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                            slack_api_url="http://127.0.0.1:9/api/", _env_file=None)
        held = HeldDispatcher()
        wsgi = build_wsgi(settings, SlackOptions(_env_file=None), dispatcher=lambda run: held)
        app = wsgi.app
        app._middleware_list = [m for m in app._middleware_list
                                if type(m).__name__ != "SingleTeamAuthorization"]  # no Web API in this check
        timings = []
        for i in range(50):
            body = json.dumps(event_body(mention("make 20 variants", ts=f"17000000{{i:02d}}.000100")))
            headers = {{k.lower(): v for k, v in sign(body).items()}}
            headers["content-type"] = "application/json"
            started = time.perf_counter()
            response = app.dispatch(BoltRequest(body=body, headers=headers))
            timings.append(time.perf_counter() - started)
            assert response.status == 200, response.status
        heavy = [m for m in {HEAVY!r} if m in sys.modules]
        print(json.dumps({{"heavy": heavy, "claimed": len(held.submitted), "median_ms": sorted(timings)[25] * 1000}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=str(REPO_ROOT),
                          env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin", "HOME": str(home)},
                          timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["heavy"] == []
    assert result["claimed"] == 50
    assert result["median_ms"] < 50

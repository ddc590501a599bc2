"""Run one check-in in this process and die abruptly (os._exit, no cleanup) at a chosen point — a real crash.

Usage: python -m tests.checkins.crash_helper JOB CHANNEL NOW POINT, with HOOKLINE_HOME / HOOKLINE_DATABASE_URL /
HOOKLINE_WORKSPACE / SLACK_BOT_TOKEN / SLACK_API_URL in the environment. POINT: before_post (claimed, message never
sent), after_post (Slack has the message, the ledger does not know its ts), after_first_file (message and one file
out, the rest not).
"""

from __future__ import annotations

import os
import sys
from datetime import datetime

from integrations.slack.poster import SlackWebApiPoster
from tools.checkins.api import run_checkin
from tools.checkins.clock import ManualClock
from tools.core.runtime import build_runtime
from tools.core.settings import Settings

CRASH_CODE = 17


class CrashingPoster(SlackWebApiPoster):
    def __init__(self, client, point: str) -> None:  # type: ignore[no-untyped-def]
        super().__init__(client)
        self.point = point

    def post_message(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.point == "before_post":
            os._exit(CRASH_CODE)
        ts = super().post_message(*args, **kwargs)
        if self.point == "after_post":
            os._exit(CRASH_CODE)
        return ts

    def upload_file(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        file_id = super().upload_file(*args, **kwargs)
        if self.point == "after_first_file":
            os._exit(CRASH_CODE)
        return file_id


def main() -> None:
    job, channel, now, point = sys.argv[1:5]
    settings = Settings()
    runtime = build_runtime(settings)
    poster = CrashingPoster(SlackWebApiPoster.from_settings(settings).client, point)
    moment = datetime.fromisoformat(now)
    run_checkin(runtime, job, channel, poster=poster, now=moment, clock=ManualClock(moment))
    sys.exit(0)  # reaching here means the crash point was never hit


if __name__ == "__main__":
    main()

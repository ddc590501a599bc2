"""Scheduled check-ins: weekly report, fatigue alerts, winners digest and velocity nudges posted to Slack on a
schedule, exactly once per job, channel and period. The seam is `tools/checkins/api.py`."""

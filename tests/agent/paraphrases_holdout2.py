"""A second held-out set, written after the first one's fixes and never used to tune the planner.

Measured as is; a failing case stays (see test_paraphrases.py for the threshold and the recorded first run).
"""

from __future__ import annotations

from tests.agent.paraphrases import BA, BS, CC, IN, LC, SC, Case, D, G, I, R, S, W, X

HOLDOUT2: list[Case] = [
    Case("spin up 16 variants of the ad that crushed it last week", [W, G], [{"period": "last-week"}, {"n": 16}]),
    Case("could you draft 5 alternative headlines for ad 2020?", [G], [{"source": "ad:2020", "n": 5}]),
    Case("more variants like the winner but in italian, 8 of them", [W, G], [None, {"n": 8, "language": "it"}]),
    Case("generate variants from the highest hook rate video this month", [W, G],
         [{"metric": "hook_rate", "period": "this-month"}, None]),
    Case("I want 9 square versions of ad 31337", [G], [{"source": "ad:31337", "n": 9, "formats": ["1x1"]}]),
    Case("how'd we do last month?", [R], [{"period": "last-month"}]),
    Case("numbers for yesterday please", [R], [{"period": "yesterday"}]),
    Case("give me an overview of how the account performed in july", [R], [{"period": "july"}]),
    Case("what did we spend over the last 60 days", [R], [{"period": "last-60-days"}]),
    Case("performance report for 2023-08-01..2023-08-31", [R], [{"period": "2023-08-01..2023-08-31"}]),
    Case("which creative has the lowest CPA this week?", [W], [{"metric": "cpa", "period": "this-week"}]),
    Case("top ten ads by roas over the past 30 days", [W], [{"top": 10, "period": "last-30-days"}]),
    Case("what were our winning creatives in december", [W], [{"period": "december"}]),
    Case("which one of our videos stops the scroll best?", [W], [{"metric": "hook_rate"}]),
    Case("what separates our best ads from the rest?", [I], [None]),
    Case("which CTAs lift conversions?", [I], [None]),
    Case("tell me what hook styles are working for hold rate", [I], [{"metric": "hold_rate"}]),
    Case("grade ad 5150 and ad 6160", [S], [{"ad_ids": ["5150", "6160"]}]),
    Case('would "Your skin, but better" perform well?', [S], [{"text": "Your skin, but better"}]),
    Case("give this creative a pre-launch score", [S], [None], attachments=["draft.mp4"]),
    Case("what should we turn off this week?", [D], [None]),
    Case("recommend where to shift budget based on last week", [D], [{"period": "last-week"}]),
    Case("kill, keep or scale? go through our ads", [D], [None]),
    Case("give me a teardown of this one", [X], [None], attachments=["comp.mp4"]),
    Case("analyze this competitor video and tell me the hook", [X], [None], attachments=["rival.mp4"]),
    Case("what do our guidelines say on discount language?", [BS], [None]),
    Case("how do we usually describe our ingredients?", [BS], [None]),
    Case("please note our value prop is 'clean beauty that works'", [BA], [{"text": "clean beauty that works"}]),
    Case("add to brand: never use the word 'cheap'", [BA], [None]),
    Case("every weekday at 8am send fatigue alerts to #ads-team", [SC],
         [{"job": "fatigue-alerts", "every": "weekday 8:00", "channel": "#ads-team"}]),
    Case("schedule a velocity check for #creative on mondays at 10:30", [SC],
         [{"job": "velocity-check", "every": "monday 10:30", "channel": "#creative"}]),
    Case("share the winners digest in #growth every sunday evening", [SC],
         [{"job": "winners-digest", "every": "sunday 17:00"}]),
    Case("show me what we have scheduled", [LC], [{}]),
    Case("are there any recurring reports?", [LC], [{}]),
    Case("turn off the winners digest in #growth", [CC], [{"job": "winners-digest", "channel": "#growth"}]),
    Case("cancel schedule chk_3", [CC], [{"id": "chk_3"}]),
    Case("load this meta export", [IN], [{"source": "meta"}], attachments=["meta.csv"]),
    Case("ingest ./data/tiktok_nov.xlsx", [IN], [{"paths": ["./data/tiktok_nov.xlsx"]}]),
    Case("show the top 3 ads by CTR, then make 10 variants of the best one", [W, G],
         [{"metric": "ctr_link"}, {"n": 10}]),
    Case("recap last week and list what we should scale", [R, D], [{"period": "last-week"}, None]),
]

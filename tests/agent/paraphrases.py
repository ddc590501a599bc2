"""The paraphrase set: requests as marketers type them, several phrasings per intent, with the plan we expect.

Each case: text, the expected tool sequence, and a subset of arguments per call (None = don't check). `memory`
names a thread state from `MEMORIES`; `attachments` are file names (only their kind matters to the planner).
Written independently of the planner's exemplars (agent/planning/similarity.py); no sentence is shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "find_winners"
G = "generate_variants"
R = "performance_report"
I = "creative_insights"  # noqa: E741
S = "score_creatives"
D = "kill_scale_decisions"
X = "extract_blueprint"
BS = "brand_search"
BA = "brand_add"
SC = "schedule_checkin"
LC = "list_checkins"
CC = "cancel_checkin"
IN = "ingest_performance"
CB = "creative_briefs"


@dataclass
class Case:
    text: str
    tools: list[str]
    args: list[dict[str, Any] | None] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    memory: str | None = None
    channel: str | None = None


MEMORIES: dict[str, dict[str, Any]] = {
    "after_variants": {
        "last_tool": G, "last_source": "ad:98765", "last_n": 20, "last_language": None,
        "last_args": {G: {"source": "ad:98765", "n": 20, "formats": ["1x1", "4x5", "9x16"], "video": False}},
        "last_winner": {"ad_id": "98765", "ad_name": "UGC hook v3", "metric": "roas", "value": 4.2,
                        "period": "last-week"},
    },
    "after_report": {"last_tool": R, "last_args": {R: {"period": "last-week", "charts": True}},
                     "last_period": "last-week"},
    "after_winners": {"last_tool": W, "last_args": {W: {"period": "last-week", "metric": "roas", "top": 5}},
                      "last_winner": {"ad_id": "555", "ad_name": "Founder story", "metric": "roas", "value": 3.1,
                                      "period": "last-week"}},
    "after_schedule": {"last_tool": SC, "last_checkin_id": "chk_42",
                       "last_args": {SC: {"job": "weekly-report", "channel": "#growth", "every": "monday 9:00"}}},
    "after_blueprint": {"last_tool": X, "last_blueprint": "/tmp/bp/competitor-1.json",
                        "attachments": ["competitor.mp4"],
                        "last_args": {X: {"source": "competitor.mp4", "store": True}}},
}

CASES: list[Case] = [
    # ---- generate_variants (with the winner chain) ----
    Case("make 20 variants of last week's winner", [W, G],
         [{"period": "last-week", "top": 1}, {"source": "winner", "n": 20}]),
    Case("can you whip up twenty new versions of our top ad from last week?", [W, G],
         [{"period": "last-week"}, {"source": "winner", "n": 20}]),
    Case("I need 12 fresh variations on the best performing creative", [W, G], [None, {"n": 12, "source": "winner"}]),
    Case("generate a dozen remixes of the ad that won in October", [W, G],
         [{"period": "october"}, {"n": 12, "source": "winner"}]),
    Case("spin off 8 alternatives from ad 123456", [G], [{"source": "ad:123456", "n": 8}]),
    Case("give me 5 iterations of ad:777 in french", [G], [{"source": "ad:777", "n": 5, "language": "fr"}]),
    Case("crank out 30 takes on our highest CTR ad from the last 30 days", [W, G],
         [{"metric": "ctr_link", "period": "last-30-days"}, {"n": 30}]),
    Case("write 10 new hooks for the winner, stories only", [W, G], [None, {"n": 10, "formats": ["9x16"]}]),
    Case("please create variants of the strongest ad by hook rate", [W, G], [{"metric": "hook_rate"}, {"n": 20}]),
    Case("riff on the best CPA ad with 6 versions in square format", [W, G],
         [{"metric": "cpa"}, {"n": 6, "formats": ["1x1"]}]),
    Case("I'd like fifteen video variants of last week's top performer", [W, G], [None, {"n": 15, "video": True}]),
    Case("mutate ad 4242 into 3 new concepts", [G], [{"source": "ad:4242", "n": 3}]),
    Case("make me some new ads based on the winner", [W, G], [None, {"source": "winner", "n": 20}]),
    Case("iterate on yesterday's best ad, 4 versions please", [W, G], [{"period": "yesterday"}, {"n": 4}]),
    # ---- follow-ups against memory ----
    Case("now make 5 more in Spanish", [G], [{"source": "ad:98765", "n": 5, "language": "es"}],
         memory="after_variants"),
    Case("do another 10 of those", [G], [{"source": "ad:98765", "n": 10}], memory="after_variants"),
    Case("same again but in German", [G], [{"source": "ad:98765", "n": 20, "language": "de"}],
         memory="after_variants"),
    Case("and in portuguese?", [G], [{"source": "ad:98765", "language": "pt"}], memory="after_variants"),
    Case("what about October?", [R], [{"period": "october"}], memory="after_report"),
    Case("same for the previous month", [R], [{"period": "last-month"}], memory="after_report"),
    Case("and by CPA?", [W], [{"metric": "cpa", "period": "last-week"}], memory="after_winners"),
    Case("make 3 variations of that one", [G], [{"n": 3}], memory="after_winners"),
    Case("turn it into 6 vertical versions", [G], [{"n": 6, "formats": ["9x16"]}], memory="after_blueprint"),
    Case("actually, cancel that schedule", [CC], [{"id": "chk_42"}], memory="after_schedule"),
    # ---- performance_report ----
    Case("how did we do last week?", [R], [{"period": "last-week"}]),
    Case("How are the ads doing this month", [R], [{"period": "this-month"}]),
    Case("give me a recap of yesterday", [R], [{"period": "yesterday"}]),
    Case("what did we spend in October and what was the ROAS", [R], [{"period": "october"}]),
    Case("quick performance overview for the past 14 days please", [R], [{"period": "last-14-days"}]),
    Case("send me the numbers for last month", [R], [{"period": "last-month"}]),
    Case("how has the account been performing over the last 30 days?", [R], [{"period": "last-30-days"}]),
    Case("weekly report please", [R], [{"period": "last-week"}]),
    Case("summarize performance from 2023-08-01 to 2023-08-15", [R], [{"period": "2023-08-01..2023-08-15"}]),
    Case("hows performance looking", [R], [{"period": "last-week"}]),
    # ---- find_winners ----
    Case("What were the best ads by CPA in October?", [W], [{"metric": "cpa", "period": "october"}]),
    Case("which creative won last week", [W], [{"period": "last-week", "top": 1}]),
    Case("top 3 ads by hook rate this month", [W], [{"metric": "hook_rate", "top": 3, "period": "this-month"}]),
    Case("show me our strongest performers over the past 7 days", [W], [{"period": "last-7-days"}]),
    Case("who's the winner on click-through rate yesterday?", [W], [{"metric": "ctr_link", "period": "yesterday"}]),
    Case("rank our ads by ROAS for last month", [W], [{"metric": "roas", "period": "last-month"}]),
    Case("which ad had the lowest cost per purchase", [W], [{"metric": "cpa"}]),
    Case("list the 10 best creatives", [W], [{"top": 10}]),
    Case("which videos are crushing it right now?", [W], [None]),
    # ---- creative_insights ----
    Case("which hooks drive the most clicks", [I], [{"metric": "ctr_link"}]),
    Case("what's working in our creative lately?", [I], [None]),
    Case("why do some of our ads get a better hook rate than others", [I], [{"metric": "hook_rate"}]),
    Case("what kind of openers keep people watching? look at hold rate", [I], [{"metric": "hold_rate"}]),
    Case("any patterns behind our high ROAS ads?", [I], [{"metric": "roas"}]),
    Case("does showing the product in the first second help CTR?", [I], [{"metric": "ctr_link"}]),
    Case("which formats and CTAs convert best for CPA", [I], [{"metric": "cpa"}]),
    Case("give me creative insights", [I], [{"metric": "ctr_link"}]),
    # ---- score_creatives ----
    Case('score this copy: "Tired of frizz? Our serum fixes it in 10 seconds."', [S],
         [{"text": "Tired of frizz? Our serum fixes it in 10 seconds."}]),
    Case("how would this headline perform: 'Sleep better tonight, guaranteed'", [S],
         [{"text": "Sleep better tonight, guaranteed"}]),
    Case("rate ads 111 and 222", [S], [{"ad_ids": ["111", "222"]}]),
    Case("predict how the attached creative will do", [S], [{"file": "draft.png"}], attachments=["draft.png"]),
    Case("give every ad a score", [S], [{"all": True}]),
    Case('is "Stop scrolling. Start glowing." any good?', [S], [{"text": "Stop scrolling. Start glowing."}]),
    Case("grade this before we launch: `New: the 3-minute facial`", [S], [{"text": "New: the 3-minute facial"}]),
    Case("would this video work for prospecting?", [S], [None], attachments=["cut_v2.mp4"]),
    # ---- kill_scale_decisions ----
    Case("what should we pause this week", [D], [None]),
    Case("which ads do we kill and which do we scale?", [D], [{"period": "last-7-days"}]),
    Case("where should I put more budget", [D], [None]),
    Case("anything we should turn off based on the last 14 days?", [D], [{"period": "last-14-days"}]),
    Case("should we double down on anything from last week", [D], [{"period": "last-week"}]),
    Case("kill/scale recommendations please", [D], [None]),
    Case("what should we cut", [D], [None]),
    # ---- extract_blueprint ----
    Case("break this down", [X], [{"source": "ad.mp4"}], attachments=["ad.mp4"]),
    Case("deconstruct this competitor video for me", [X], [{"source": "rival.mov"}], attachments=["rival.mov"]),
    Case("what makes this ad tick? https://example.com/ads/123", [X], [{"source": "https://example.com/ads/123"}]),
    Case("can you analyse the pacing and hook of this clip", [X], [None], attachments=["clip.mp4"]),
    Case("reverse-engineer their tiktok", [X], [None], attachments=["their.mp4"]),
    Case("tear down the attached image ad", [X], [{"source": "static.png"}], attachments=["static.png"]),
    # ---- extract then generate ----
    Case("break down this video and make 10 variants from it", [X, G],
         [{"source": "comp.mp4"}, {"source": "blueprint", "n": 10}], attachments=["comp.mp4"]),
    Case("make 8 versions of this ad", [X, G], [None, {"source": "blueprint", "n": 8}], attachments=["theirs.mp4"]),
    # ---- brand_search ----
    Case("what does the brand guide say about emojis", [BS], [None]),
    Case("what's our tone of voice?", [BS], [None]),
    Case("are we allowed to call it 'clinically proven'?", [BS], [{"query": "clinically proven"}]),
    Case("look up how we talk about pricing in the brand docs", [BS], [None]),
    Case("what are our brand colours", [BS], [None]),
    Case("how should we describe the subscription?", [BS], [None]),
    # ---- brand_add ----
    Case("remember that we never say cheap", [BA], [{"kind": "banned"}]),
    Case("note: our tagline is 'Glow without the fuss'", [BA], [{"text": "Glow without the fuss"}]),
    Case("add these brand guidelines", [BA], [{"paths": ["guide.pdf"]}], attachments=["guide.pdf"]),
    Case("from now on, always mention free returns", [BA], [None]),
    Case("save this to the brand DNA: \"Warm, witty, never snarky\"", [BA], [{"text": "Warm, witty, never snarky"}]),
    Case("keep in mind our palette is #0A2540 and coral", [BA], [None]),
    # ---- schedule_checkin ----
    Case("every Monday at 9 post the weekly report to #growth", [SC],
         [{"job": "weekly-report", "channel": "#growth", "every": "monday 9:00"}]),
    Case("send fatigue alerts to <#C0123ABC|creative> every weekday at 8:30am", [SC],
         [{"job": "fatigue-alerts", "channel": "C0123ABC", "every": "weekday 8:30"}]),
    Case("schedule the winners digest in #perf on fridays at 4pm", [SC],
         [{"job": "winners-digest", "channel": "#perf", "every": "friday 16:00"}]),
    Case("post a daily performance recap at 8:00 to #marketing", [SC],
         [{"job": "weekly-report", "every": "day 8:00", "channel": "#marketing"}]),
    Case("set up a velocity check in #creative every Tuesday morning", [SC],
         [{"job": "velocity-check", "every": "tuesday 9:00"}]),
    Case("remind #growth with the weekly report each monday 10am Europe/Paris", [SC],
         [{"every": "monday 10:00", "tz": "Europe/Paris"}]),
    Case("post the weekly report here every monday at 9", [SC], [{"channel": "C777"}], channel="C777"),
    Case("run the fatigue alerts on cron 0 7 * * 1-5 in #ads", [SC], [{"cron": "0 7 * * 1-5"}]),
    # ---- list / cancel ----
    Case("what's scheduled?", [LC], [{}]),
    Case("show me all the check-ins", [LC], [{}]),
    Case("which automations do we have running?", [LC], [{}]),
    Case("cancel the weekly report in #growth", [CC], [{"job": "weekly-report", "channel": "#growth"}]),
    Case("stop posting fatigue alerts", [CC], [{"job": "fatigue-alerts"}]),
    Case("delete check-in chk_17", [CC], [{"id": "chk_17"}]),
    Case("unschedule the winners digest", [CC], [{"job": "winners-digest"}]),
    # ---- ingest ----
    Case("import this", [IN], [{"paths": ["meta_export.csv"]}], attachments=["meta_export.csv"]),
    Case("here's our tiktok export", [IN], [{"source": "tiktok"}], attachments=["tt.xlsx"]),
    Case("load ./exports/october.csv", [IN], [{"paths": ["./exports/october.csv"]}]),
    Case("ingest the attached facebook data", [IN], [{"source": "meta"}], attachments=["fb.csv"]),
    # ---- multi-step ----
    Case("find the winner then generate ten variants from it", [W, G], [{"top": 1}, {"source": "winner", "n": 10}]),
    Case("how did we do last week, then show me what to kill", [R, D], [{"period": "last-week"}, None]),
    Case("import this and then tell me how we did last week", [IN, R], [None, {"period": "last-week"}],
         attachments=["export.csv"]),
    Case("give me the winners by ROAS and explain what's driving them", [W, I], [{"metric": "roas"}, None]),
    Case("schedule the weekly report for #growth every monday at 9 and show me what's scheduled", [SC, LC],
         [{"channel": "#growth"}, {}]),
    # ---- clarifications (no tool runs) ----
    Case("hmm", []),
    Case("do the thing", []),
    Case("break it down", []),
    Case("schedule the weekly report", []),
    Case("cancel it", []),
    Case("make 500 variants of the winner", []),
    Case("what can you do?", []),
    # ---- creative_briefs ----
    Case("what should we make next?", [CB]),
    Case("give me 3 briefs for next week", [CB], [{"n": 3}]),
    Case("ok so what do we shoot next", [CB]),
    Case("write up 5 creative briefs from the data", [CB], [{"n": 5}]),
    Case("any untested combinations worth a brief?", [CB]),
]

"""Exemplar similarity: cosine of character n-gram profiles between a clause and example requests per intent.

Why character n-grams and not MiniLM here: the `--plan` path must answer well under a second, and loading a
sentence-transformers model costs seconds. N-gram profiles of ~200 exemplars are built once per process (~10 ms)
and compared in well under a millisecond; they tolerate inflections and typos ("variatons", "deconstruct").
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

EXEMPLARS: dict[str, list[str]] = {
    "generate_variants": [
        "make variants of our best ad", "create new versions of this creative", "generate ad variations",
        "spin up some fresh takes on the top performer", "write new hooks and headlines for it",
        "iterate on the winning concept", "remix this ad into new ones", "i need more creatives based on that",
        "produce a batch of variations in spanish", "more like that one please", "give me alternatives for the ad",
        "mutate the winner into new concepts", "draft new copy options from the blueprint",
    ],
    "creative_briefs": [
        "what should we make next", "give me 3 briefs for next week", "creative briefs please",
        "what should we test next", "brief me on the next concepts", "what ads should we shoot next",
        "new concepts to make based on what works", "what combinations have we not tried",
    ],
    "performance_report": [
        "how did our ads do", "give me a performance report", "how are campaigns performing",
        "summary of spend and roas", "what were our numbers", "recap of the account",
        "how is the account trending", "show me the kpis", "overview of results", "how much did we spend",
        "weekly performance summary", "how did we perform overall",
    ],
    "find_winners": [
        "which ad won", "what is our best performing ad", "top creatives by roas", "who is the winner",
        "show me the best ads", "which creative had the highest ctr", "rank the ads by cpa",
        "what are the top performers", "strongest ad in the account", "which video is crushing it",
        "best ads by hook rate",
    ],
    "creative_insights": [
        "what is working in our creatives", "which hooks work best", "why do some ads convert better",
        "what drives ctr", "creative insights", "what patterns do winning ads share",
        "which attributes lift performance", "what kind of hooks perform", "does ugc beat studio footage",
        "learnings from our creative tests", "what elements make ads work",
    ],
    "score_creatives": [
        "score this copy", "how would this headline perform", "rate these ads", "predict how this will do",
        "grade this creative before launch", "is this hook any good", "evaluate ad before we go live",
        "pre launch score for this", "would this work", "score all our ads",
    ],
    "kill_scale_decisions": [
        "what should we pause", "which ads should we kill", "what should we scale", "kill or scale decisions",
        "where should budget go", "which ads to turn off", "should we double down on any ads",
        "what to cut and what to boost", "budget recommendations", "which ones deserve more spend",
    ],
    "extract_blueprint": [
        "break down this video", "deconstruct this competitor ad", "analyze this ad", "tear down this creative",
        "what makes this ad work", "reverse engineer this spot", "give me the blueprint of this",
        "dissect the pacing and hook of this clip", "how is this video edited", "unpack this tiktok",
    ],
    "brand_search": [
        "what is our brand voice", "what do the guidelines say about emojis", "search the brand book",
        "how do we describe the product", "are we allowed to say cheap", "look up our value props",
        "what are our brand colors", "check the style guide for claims", "what is our tagline",
        "how should we talk about pricing",
    ],
    "brand_add": [
        "remember that we never use exclamation marks", "add this to the brand guidelines",
        "save this as our tone of voice", "note that our tagline is", "upload these brand docs",
        "from now on always mention free shipping", "keep in mind we do not say cheap",
        "add to brand dna", "store this guideline", "our palette is navy and coral",
    ],
    "schedule_checkin": [
        "every monday at 9 post the weekly report", "schedule a daily fatigue alert", "send the winners digest weekly",
        "set up a recurring report in the channel", "remind the team every friday with winners",
        "post kpis every morning", "automate the weekly recap", "each weekday at 8 share fatigue alerts",
    ],
    "list_checkins": [
        "what is scheduled", "list the check-ins", "show me all schedules", "which automations are running",
        "what reminders do we have", "show recurring posts", "what have we set up to post automatically",
    ],
    "cancel_checkin": [
        "cancel the weekly report", "stop the monday check-in", "remove that schedule", "unsubscribe from the digest",
        "delete the fatigue alerts", "turn off the recurring post", "no more daily reports please",
    ],
    "ingest_performance": [
        "import this export", "load our ads data", "here is the csv from meta", "ingest the tiktok export",
        "upload the spreadsheet of results", "add this data file", "pull in these numbers",
    ],
}


def _profile(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in text.split():
        padded = f" {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
        grams[f"w:{word}"] += 2
    return grams


def _norm(profile: Counter[str]) -> float:
    return math.sqrt(sum(v * v for v in profile.values())) or 1.0


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[Counter[str], float]]]:
    return {intent: [(p, _norm(p)) for p in map(_profile, examples)] for intent, examples in EXEMPLARS.items()}


def exemplar_similarity(text: str) -> dict[str, float]:
    """Best cosine similarity of `text` to each intent's exemplars (0..1)."""
    query = _profile(text)
    query_norm = _norm(query)
    best: dict[str, float] = {}
    for intent, profiles in _index().items():
        top = 0.0
        for profile, norm in profiles:
            small, large = (query, profile) if len(query) < len(profile) else (profile, query)
            dot = sum(v * large.get(k, 0) for k, v in small.items())
            top = max(top, dot / (query_norm * norm))
        best[intent] = top
    return best

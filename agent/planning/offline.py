"""The offline planner: plain language → ordered tool calls, with no model and no network.

Pipeline: normalise (lift quotes, links, channels, paths: data only) → split into clauses ("then", "and" when both
sides carry an intent) → slots and intent scores per clause → resolve each clause into calls, chaining where one
step feeds the next (find the winner → generate from it; break down the video → generate from its blueprint) and
resolving follow-ups against the thread memory → validate every call with the tool's argument model. When it
cannot tell, it asks one short question instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agent.memory import ThreadMemory
from agent.planning.intents import Signals, score_intents
from agent.planning.normalize import CHANNEL_TOKEN, FILE_TOKEN, QUOTE_TOKEN, URL_TOKEN, Utterance, normalize
from agent.planning.scope import Scope, Vocabulary, read_scope
from agent.planning.semantic import semantic_similarity
from agent.planning.slots import CRON, MONTH_WORDS, WINNER_METRICS, Slots, extract, period_and_compare
from agent.planning.types import Plan, PlannedCall
from agent.planning.understood import understood
from agent.planning.unsupported import foreign_language, foreign_language_reply, unsupported_action
from tools.catalog.registry import TOOL_SPECS, get_spec
from tools.core.limits import MAX_VARIANTS

MEDIA = {".mp4", ".mov", ".webm", ".m4v", ".mkv", ".avi", ".png", ".jpg", ".jpeg", ".webp", ".gif"}
DATA = {".csv", ".tsv", ".xlsx", ".xls"}
DOCS = {".pdf", ".docx", ".txt", ".md", ".markdown"}

THRESHOLD = 1.5  # evidence an intent needs before we act on it
SEMANTIC_WEIGHT = 8.0  # evidence per unit of cosine similarity above the floor
SEMANTIC_FLOOR = 0.45  # below this a MiniLM similarity says nothing about intent
MARGIN = 0.6  # how far ahead the best intent must be of an unrelated runner-up
EXPLAINED = 3.0  # explain_change evidence of a "why did X change" question (a scope then splits the explanation)

_STRONG_SPLIT = re.compile(r"\s+(?:and then|then|after that|afterwards|followed by|once (?:that is |it is |you are )?"
                           r"done|and also|also|plus)\s+|\s*;\s*|\s+\.\s+")
_SOFT_SPLIT = re.compile(r"\s+and\s+|\s*,\s*(?:and\s+)?")
# "…, broken down by placement": a split of the clause before it, not a request of its own
_MODIFIER = re.compile(r"^\s*(?:(?:broken|split|break|segment\w*|group\w*|cut|sliced?)(?:\s+(?:it|that|this|them|down|"
                       r"out|up))*\s+)?(?:by|per|across)\s+[a-z][\w -]{1,30}?\s*[?.!]*$")
_WINNER_CUE = re.compile(r"\b(?:winners?|winning|best|top|strongest|highest|hero|star|mvp|leading|standout|"
                         r"top[- ]performing|best[- ]performing|crushing it|killing it)\b")
_FOLLOWUP = re.compile(r"\b(?:more|again|another|same|similar|it|that|this one|those|these|them|instead|too|"
                       r"as well|also|now|this time|what about|how about|and for|likewise)\b")
_DEICTIC = re.compile(r"\b(?:this|that|these|those|it|attached|the attached|the file|the video|the image|the ad|"
                      r"the clip|uuurl|fffile|here)\b")
_SLOT_ONLY = re.compile(r"^(?:(?:and|but|ok|okay|now|then|please|pls|what|how|about|for|in|by|with|on|same|again|"
                        r"instead|this|time|the|only|just|do|it|one|make|those|them|ones|also|too|as|well|use|"
                        r"switch|to|try|change|show|me|_|_count_|_ads_|[?.!,]|\d+)\s*)+$")
_SCHEDULE_VERB = re.compile(r"\b(?:schedule|every|each|daily|weekly|recurring|remind|automate|set up|setup|cron)\b")
_TIMEZONE = re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?\b|\bUTC\b|\bGMT\b", re.I)
# intent pairs that describe one request when joined by "and" ("our colours are X and Y, remember that")
_INSEPARABLE = {
    frozenset({"brand_add", "brand_search"}), frozenset({"schedule_checkin", "performance_report"}),
    frozenset({"schedule_checkin", "find_winners"}), frozenset({"cancel_checkin", "schedule_checkin"}),
    frozenset({"cancel_checkin", "kill_scale_decisions"}),
}
_SAME_PERIOD = re.compile(r"\b(?:that|same|the same) (?:month|week|period|time|day|range|quarter)\b")
_BULLETS = re.compile(r"(?:,\s*)?\b(?:in|as|with|using)?\s*(?:(?P<n>\d{1,2})\s+)?(?:short\s+)?"
                      r"bullet(?:[\s-]?points?|s)?(?:\s+for (?:my|the) (?:boss|manager|cmo|ceo|team|client))?\b|"
                      r"\bfor (?:my|the) (?:boss|manager|"
                      r"cmo|ceo)\b")
_SCOPED = {"performance_query", "performance_report", "find_winners", "explain_change", "generate_variants"}
_FOLLOWUP_START = re.compile(r"^(?:and|but|ok|okay|now|so|same|what about|how about)\b|\b(?:instead|too|as well)\b")
_QUERY_ONLY = {"frequency", "reach", "leads", "cost_per_lead"}
_TARGET_DATE = re.compile(rf"\b(?:for|by|before|ahead of|in time for)\s+(?:the\s+)?(?:next\b|{MONTH_WORDS}|"
                          r"black friday|christmas|q[1-4]\b|the holidays)")
_BREAKDOWNS = re.compile(r"\b(age|gender|placement|country)s?\b")
_HERE = re.compile(r"\b(?:here|this channel|in this channel|to this channel|this thread)\b")

INTENT_DESCRIPTIONS = {name: spec.action for name, spec in TOOL_SPECS.items()}
HELP_TEXT = (
    "I can: report performance ('how did we do last week?'), find winners ('best ads by CPA in October'), explain "
    "what works ('which hooks drive CTR?'), propose what to make next ('give me 3 briefs'), score copy or "
    "creatives, recommend what to kill or scale, break down an "
    "ad (attach it), search or add brand notes, make variants ('20 variants of last week's winner'), import ad "
    "exports, and schedule check-ins ('every Monday 9:00 post the weekly report to #growth')."
)


@dataclass
class Clause:
    text: str
    slots: Slots
    scores: dict[str, float]
    scope: Scope = field(default_factory=Scope)
    intent: str | None = None
    runner_up: str | None = None

    @property
    def confidence(self) -> float:
        return self.scores.get(self.intent or "", 0.0)


@dataclass
class Request:
    """Everything about one request that the clause resolvers need."""

    utterance: Utterance
    memory: ThreadMemory
    channel: str | None
    vocabulary: Vocabulary | None = None
    media: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    calls: list[PlannedCall] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    question: str | None = None

    def earlier_media(self, text: str) -> list[str]:
        """Media attached earlier in the thread, when this message refers to it ("break it down")."""
        if self.media or not _DEICTIC.search(text):
            return []
        return [p for p in self.memory.attachments if _kind(p) == "media"][-1:]


class Clarify(Exception):
    """Raised by a resolver that cannot fill a required slot; carries the question to ask."""


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return "media" if suffix in MEDIA else "data" if suffix in DATA else "doc" if suffix in DOCS else "other"


# intent pairs that describe one request when both score: settled by precedence, never asked about
_SETTLED = {
    frozenset({"generate_variants", "find_winners"}), frozenset({"generate_variants", "extract_blueprint"}),
    frozenset({"generate_variants", "score_creatives"}), frozenset({"schedule_checkin", "performance_report"}),
    frozenset({"schedule_checkin", "find_winners"}), frozenset({"cancel_checkin", "kill_scale_decisions"}),
    frozenset({"list_checkins", "schedule_checkin"}), frozenset({"brand_add", "brand_search"}),
    frozenset({"ingest_performance", "performance_report"}), frozenset({"cancel_checkin", "schedule_checkin"}),
    frozenset({"extract_blueprint", "score_creatives"}), frozenset({"generate_variants", "brand_add"}),
    frozenset({"find_winners", "creative_insights"}), frozenset({"kill_scale_decisions", "find_winners"}),
    frozenset({"performance_query", "performance_report"}), frozenset({"performance_query", "find_winners"}),
    frozenset({"explain_change", "creative_insights"}), frozenset({"explain_change", "performance_report"}),
    frozenset({"explain_change", "performance_query"}), frozenset({"creative_fatigue", "performance_report"}),
    frozenset({"creative_fatigue", "find_winners"}), frozenset({"audience_clusters", "performance_query"}),
    frozenset({"performance_query", "creative_insights"}),
    frozenset({"audience_clusters", "creative_insights"}),
    frozenset({"creative_fatigue", "kill_scale_decisions"}), frozenset({"extract_blueprint", "brand_search"}),
    frozenset({"performance_query", "generate_variants"}),
    frozenset({"creative_briefs", "generate_variants"}), frozenset({"creative_briefs", "creative_insights"}),
}


def _unsure(ranked: list[tuple[str, float]]) -> bool:
    """No intent has enough evidence, or two unrelated ones are close: the cases where meaning should decide."""
    (top, top_score), (second, second_score) = ranked[0], ranked[1]
    return top_score < THRESHOLD or (second_score >= THRESHOLD and top_score - second_score < MARGIN and
                                     frozenset({top, second}) not in _SETTLED)


class OfflinePlanner:
    """Rules, exemplar n-grams and, when those are unsure, sentence meaning; deterministic. ~1 ms per request the
    patterns know; one MiniLM embedding (a few ms, `vectorstore.fast_encoder`) for those they do not."""

    def __init__(self, *, semantic: bool = True) -> None:
        self.semantic = semantic

    def plan(self, text: str, *, attachments: list[str] | tuple[str, ...] = (), memory: ThreadMemory | None = None,
             channel: str | None = None, vocabulary: Vocabulary | dict[str, list[str]] | None = None) -> Plan:
        utterance = normalize(text)
        memory = memory or ThreadMemory()
        if vocabulary is not None and not isinstance(vocabulary, Vocabulary):
            vocabulary = Vocabulary.of(vocabulary)
        request = Request(utterance=utterance, memory=memory, channel=channel, vocabulary=vocabulary)
        language = foreign_language(utterance.text)
        if language:
            return Plan(reply=foreign_language_reply(language), notes=[f"not English ({language})"])
        cannot = unsupported_action(utterance.text)
        if cannot:
            return Plan(reply=cannot)
        for path in [*attachments, *utterance.paths]:
            getattr(request, {"media": "media", "data": "data", "doc": "docs"}.get(_kind(path), "docs")).append(path)
        if not utterance.text.strip(" .!?") and not (attachments or utterance.quotes):
            return Plan(question="What would you like me to do? " + HELP_TEXT)
        bullets = _BULLETS.search(utterance.text)
        if bullets:  # a formatting wish, not part of the request: read it, then plan the rest
            utterance.text = (utterance.text[: bullets.start()] + " " + utterance.text[bullets.end():]).strip()
        plan = self._plan(utterance, request)
        if bullets and plan.calls:
            plan.bullets = int(bullets.group("n")) if bullets.group("n") else 0
        return plan

    def _plan(self, utterance: Utterance, request: Request) -> Plan:
        clauses = self._clauses(utterance.text, request)
        intents = [c.intent for c in clauses if c.intent]
        if not intents:
            return self._no_intent(request, clauses)
        if intents == ["help"] or set(intents) <= {"help", "greeting"}:
            return Plan(reply=HELP_TEXT if "help" in intents else "Hi! " + HELP_TEXT, intents=intents)
        for clause in clauses:
            if clause.intent in (None, "help", "greeting"):
                continue
            ambiguous = self._ambiguity(clause)
            if ambiguous:
                return Plan(question=ambiguous, intents=intents)
            try:
                self._check_scope(clause, request)
                self._resolve(clause, request)
            except Clarify as exc:
                return Plan(question=str(exc), intents=intents, calls=[])
        if request.data and "ingest_performance" not in [c.name for c in request.calls]:
            request.calls.insert(0, PlannedCall(name="ingest_performance", args={"paths": request.data}))
            request.notes.append(f"imported {len(request.data)} attached export(s) first")
        return self._validated(request, intents)

    # ---- clauses ---------------------------------------------------------------------------------------------
    def _signals(self, text: str, slots: Slots, request: Request) -> Signals:
        memory = request.memory
        return Signals(
            media=bool(request.media), data_file=bool(request.data), document=bool(request.docs),
            url=URL_TOKEN in text, quote=QUOTE_TOKEN in text, channel=CHANNEL_TOKEN in text,
            recurrence=slots.has_recurrence or bool(slots.cron), time_of_day=bool(slots.every),
            followup=bool(_FOLLOWUP.search(text)), has_variant_memory=bool(memory.last_source),
            period=bool(slots.period),
        )

    def _clause(self, text: str, request: Request, *, meaning: bool = False) -> Clause:
        slots, rest = extract(text)
        scope = read_scope(rest, request.vocabulary, metrics_text=text)
        scores = score_intents(text, self._signals(text, slots, request))
        if scores.get("generate_variants", 0) < THRESHOLD and scores["explain_change"] < EXPLAINED:
            # a named scope ("testimonial ads", "by age") makes it a question about a slice, unless it asks why a
            # KPI changed ("why did spend jump, by age?": the explanation, split by age)
            scores["performance_query"] += 1.0 * bool(scope.where) + 1.0 * bool(scope.by) + \
                0.8 * bool(scope.metrics and (scope.where or scope.by)) + \
                1.5 * bool(scores["explain_change"] < THRESHOLD and period_and_compare(text)[1])
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        followup = bool(request.memory.last_tool and _FOLLOWUP_START.search(text))
        if meaning and self.semantic and not followup and _unsure(ranked):
            # words the patterns do not know: weigh in what the request means (MiniLM over the exemplar bank)
            for intent, similarity in semantic_similarity(text).items():
                scores[intent] += SEMANTIC_WEIGHT * max(0.0, similarity - SEMANTIC_FLOOR)
            ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        clause = Clause(text=text, slots=slots, scores=scores, scope=scope)
        if ranked[0][1] >= THRESHOLD:
            clause.intent = ranked[0][0]
            clause.runner_up = ranked[1][0] if ranked[1][1] >= THRESHOLD else None
            # making variants of the winner / of a broken-down ad is one request: the chain covers the other step
            if clause.intent in ("find_winners", "extract_blueprint") and scores["generate_variants"] >= THRESHOLD:
                clause.intent, clause.runner_up = "generate_variants", clause.intent
        return clause

    def _clauses(self, text: str, request: Request) -> list[Clause]:
        chunks = [c for c in _STRONG_SPLIT.split(text) if c and c.strip(" .")]
        clauses: list[Clause] = []
        for chunk in chunks:
            clauses.extend(self._soft_split(chunk, request))
        # a clause that only carries slots ("... in Spanish") belongs to the clause before it
        merged: list[Clause] = []
        for clause in clauses:
            if merged and clause.intent is None:
                previous = merged.pop()
                merged.append(self._clause(previous.text + " " + clause.text, request))
            else:
                merged.append(clause)
        return merged

    def _soft_split(self, chunk: str, request: Request, *, meaning: bool = True) -> list[Clause]:
        whole = self._clause(chunk, request, meaning=meaning)  # meaning weighs in on whole chunks, never on splits
        for match in _SOFT_SPLIT.finditer(chunk):
            left, right = chunk[: match.start()], chunk[match.end():]
            if not left.strip() or not right.strip() or _MODIFIER.match(right):
                continue
            left_clause = self._clause(left, request)
            if left_clause.intent is None or left_clause.intent in ("greeting",):
                continue
            rest = self._soft_split(right, request, meaning=False)
            if _continues(left_clause, rest[0]):
                continue
            pair = frozenset({left_clause.intent, rest[0].intent})
            if rest[0].intent is not None and rest[0].intent != left_clause.intent and pair not in _INSEPARABLE:
                return [left_clause, *rest]
        return [whole]

    def _ambiguity(self, clause: Clause) -> str | None:
        """A question when two unrelated intents score alike; known pairs are settled by precedence instead."""
        top, other = clause.intent, clause.runner_up
        if other is None or top is None:
            return None
        if clause.scores[top] - clause.scores[other] >= MARGIN:
            return None
        if frozenset({top, other}) in _SETTLED or {top, other} & {"greeting", "help"}:
            return None
        return f"Do you want me to {INTENT_DESCRIPTIONS.get(top, top)} or {INTENT_DESCRIPTIONS.get(other, other)}?"

    def _no_intent(self, request: Request, clauses: list[Clause]) -> Plan:
        memory, utterance = request.memory, request.utterance
        slots, rest = extract(utterance.text)
        scope = read_scope(rest, request.vocabulary, metrics_text=utterance.text)
        if scope.unknown and request.vocabulary:
            name, words = scope.unknown[0]
            return Plan(question=_unknown_scope_question(name, words, request.vocabulary.fields.get(name) or ()))
        if slots.period is None and memory.last_period and _SAME_PERIOD.search(utterance.text):
            slots.period = memory.last_period  # "that month": the period of the thread
        has_slots = any([slots.period, slots.metric, slots.language, slots.count, slots.formats, slots.video,
                         slots.top, slots.ad_ids, scope.where, scope.by, scope.metrics])
        if memory.last_tool and has_slots and (_SLOT_ONLY.match(rest.strip()) or _FOLLOWUP.search(utterance.text)
                                               or len(rest.split()) <= 6):
            return self._repeat(request, slots, scope)
        if request.media:
            return Plan(question="Got the file. Should I break it down, score it, or make variants from it?")
        if request.docs and not request.data:
            return Plan(question="Got the document. Should I add it to the brand DNA?")
        if request.data:
            request.calls.append(PlannedCall(name="ingest_performance", args={"paths": request.data}))
            return self._validated(request, ["ingest_performance"])
        if utterance.quotes and not rest.replace(QUOTE_TOKEN, "").strip(" .:!?"):
            return Plan(question="What should I do with this text: score it, add it to the brand DNA, or make "
                                 "variants from it?")
        best = sorted(((v, k) for c in clauses for k, v in c.scores.items() if k not in ("help", "greeting")),
                      reverse=True)[:2]
        if best and best[0][0] >= 0.8:
            options = " or ".join(INTENT_DESCRIPTIONS[k] for _, k in best if k in INTENT_DESCRIPTIONS)
            return Plan(question=f"I'm not sure what you need. Do you want me to {options}?")
        return Plan(question="I didn't catch what to do. " + HELP_TEXT)

    def _repeat(self, request: Request, slots: Slots, scope: Scope | None = None) -> Plan:
        """A slot-only follow-up ("what about October?", "same for UGC") re-runs the last tool with changes; period,
        scope and metric not named again are kept."""
        memory = request.memory
        name = memory.last_tool or ""
        args = dict(memory.last_args.get(name) or {})
        overrides: dict[str, Any] = {}
        fields = get_spec(name).args.model_fields
        if slots.period and "period" in fields:
            overrides["period"] = slots.period
        if scope is not None and "where" in fields and scope.where:
            overrides["where"] = scope.where
        if scope is not None and "by" in fields and scope.by:
            overrides["by"] = scope.by
        if scope is not None and "metrics" in fields and scope.metrics:
            overrides["metrics"] = scope.metrics
        if scope is not None and name == "explain_change" and scope.metrics:
            overrides["metric"] = scope.metrics[0]
        if slots.metric and "metric" in get_spec(name).args.model_fields and (
                name != "find_winners" or slots.metric in WINNER_METRICS):
            overrides["metric"] = slots.metric
        if name == "generate_variants":
            overrides.update({k: v for k, v in {"n": slots.count, "language": slots.language,
                                                "formats": slots.formats}.items() if v})
            if slots.video:
                overrides["video"] = True
        if name == "find_winners" and slots.top:
            overrides["top"] = slots.top
        if not overrides:
            return Plan(question=f"Should I {INTENT_DESCRIPTIONS.get(name, name)} again, and with what changes?")
        args.update(overrides)
        request.calls.append(PlannedCall(name=name, args=args))
        request.notes.append(f"same as before with {', '.join(f'{k}={v}' for k, v in overrides.items())}")
        return self._validated(request, [name])

    # ---- resolvers -------------------------------------------------------------------------------------------
    def _resolve(self, clause: Clause, request: Request) -> None:
        intent = clause.intent
        if intent == "schedule_checkin" and not (clause.slots.every or clause.slots.cron) and \
                not _SCHEDULE_VERB.search(clause.text):
            if clause.runner_up and clause.runner_up != "schedule_checkin":
                intent = clause.runner_up  # "post the report to #growth" without a when: not a schedule
            elif request.calls:
                request.notes.append("I reply in this thread; to post somewhere on a schedule, say when")
                return
        if intent == "list_checkins" and (clause.slots.every or clause.slots.cron):
            intent = "schedule_checkin"
        getattr(self, f"_r_{intent}")(clause, request)

    def _check_scope(self, clause: Clause, request: Request) -> None:
        """A campaign or ad set the user named that this workspace does not have is asked about, not dropped; so is
        a split ("by age") by a field the workspace has no values for."""
        vocabulary = request.vocabulary
        by = clause.scope.by
        if by and vocabulary and vocabulary.fields and by not in vocabulary.fields and \
                by not in ("ad", "campaign", "adset", "kind") and clause.intent in _SCOPED | {"performance_query"}:
            fields = ", ".join(f.replace("_", " ") for f in vocabulary.fields if f not in ("ad", "campaign", "adset"))
            raise Clarify(f"This workspace has no {by.replace('_', ' ')} data to split by (it has: campaign, ad set, "
                          f"{fields}). Which should I use? (Audience breakdowns come with a breakdown export.)")
        if not clause.scope.unknown or clause.intent not in _SCOPED:
            return
        name, words = clause.scope.unknown[0]
        known = (request.vocabulary.fields.get(name) if request.vocabulary else None) or ()
        raise Clarify(_unknown_scope_question(name, words, known))

    def _add(self, request: Request, name: str, **args: Any) -> None:
        request.calls.append(PlannedCall(name=name, args={k: v for k, v in args.items() if v is not None}))

    def _previous(self, request: Request) -> str | None:
        return request.calls[-1].name if request.calls else None

    def _r_generate_variants(self, clause: Clause, request: Request) -> None:
        slots, memory, text = clause.slots, request.memory, clause.text
        followup = bool(_FOLLOWUP.search(text))
        source: str | None = None
        blueprint_path = next((p for p in request.utterance.paths if p.endswith(".json")), None)
        if request.utterance.briefs:
            source = request.utterance.briefs[0]
        elif slots.ad_ids:
            source = f"ad:{slots.ad_ids[0]}"
        elif blueprint_path and "blueprint" in text:
            source = f"blueprint:{blueprint_path}"
        elif self._previous(request) in ("find_winners", "performance_query"):
            source = "winner"
        elif self._previous(request) == "extract_blueprint":
            source = "blueprint"
        elif (request.media and (_DEICTIC.search(text) or not _WINNER_CUE.search(text))) or URL_TOKEN in text or (
                request.earlier_media(text) and not memory.last_source and not memory.last_blueprint):
            self._r_extract_blueprint(clause, request)
            source = "blueprint"
        elif "blueprint" in text and memory.last_blueprint:
            source = f"blueprint:{memory.last_blueprint}"
        elif _WINNER_CUE.search(text) and not re.search(r"\bsame (?:winner|ad|one)\b", text):
            self._winner_step(clause, request)
            source = "winner"
        elif clause.scope.where:
            self._winner_step(clause, request)  # "variants of our testimonial ads": the best of that scope
            source = "winner"
        elif followup and memory.last_source:
            source = memory.last_source
        elif followup and memory.last_blueprint:
            source = f"blueprint:{memory.last_blueprint}"
        elif followup and memory.last_winner:
            source = f"ad:{memory.last_winner['ad_id']}"
        elif memory.last_source:
            source = memory.last_source
            request.notes.append(f"used the same source as before ({source})")
        else:
            self._winner_step(clause, request)
            source = "winner"
            request.notes.append("no source named, so I used last week's ROAS winner")
        same = bool(re.search(r"\b(?:same|again|like before|as before)\b", text))
        language = slots.language or (memory.last_language if same else None)
        # "make 0 variants" stays 0 so validation asks for a valid count instead of quietly making 20
        n = slots.count if slots.count is not None else (memory.last_n if same and memory.last_n else None) or 20
        # an image or video attached next to a named ad or the winner is that ad's own media: render from it
        asset = None
        if source and (source == "winner" or source.startswith("ad:")) and request.media:
            asset = request.media[0]
            request.notes.append(f"used {Path(asset).name} as the ad's own media")
        self._add(request, "generate_variants", source=source, n=n, formats=slots.formats or None,
                  video=slots.video or None, language=language, asset=asset)

    def _period(self, clause: Clause, request: Request, default: str) -> str:
        """The clause's period, else the thread's when the words point back ("that month"), else `default`."""
        if clause.slots.period:
            return clause.slots.period
        if request.memory.last_period and _SAME_PERIOD.search(clause.text):
            return request.memory.last_period
        return default

    def _winner_step(self, clause: Clause, request: Request) -> None:
        metric = clause.slots.metric if clause.slots.metric in WINNER_METRICS else "roas"
        period = self._period(clause, request, "last-week")
        if clause.scope.where:
            self._add(request, "performance_query", metrics=[metric], period=period, where=clause.scope.where,
                      by="ad", sort=metric, top=1)
            return
        self._add(request, "find_winners", period=period, metric=metric, top=1)

    def _r_find_winners(self, clause: Clause, request: Request) -> None:
        slots = clause.slots
        metric = slots.metric if slots.metric in WINNER_METRICS else None
        top = slots.top or (1 if slots.singular_winner else None) or 5
        period = self._period(clause, request, "last-week")
        unread = _unread_ranking(clause.text)
        if unread and not slots.metric and not clause.scope.metrics:
            request.notes.append(f"'{unread}' is not a metric I know, so I ranked by ROAS")
        other = slots.metric and metric is None  # "by hold rate": any KPI ranks ads through performance_query
        if clause.scope.where or (clause.scope.by and clause.scope.by != "ad") or other:
            ranked = (clause.scope.metrics or [slots.metric or "roas"])[0]
            self._add(request, "performance_query", metrics=[ranked], period=period,
                      where=clause.scope.where or None, by=clause.scope.by or "ad", sort=ranked, top=top)
            return
        self._add(request, "find_winners", period=period, metric=metric or "roas", top=top)

    def _r_performance_report(self, clause: Clause, request: Request) -> None:
        scope = clause.scope
        if scope.narrows or period_and_compare(clause.text)[1] or set(scope.metrics) & _QUERY_ONLY:
            self._r_performance_query(clause, request)
            return
        self._add(request, "performance_report", period=self._period(clause, request, "last-week"))

    def _r_performance_query(self, clause: Clause, request: Request) -> None:
        scope, slots, memory = clause.scope, clause.slots, request.memory
        period, compare = period_and_compare(clause.text)
        metrics = scope.metrics or ([slots.metric] if slots.metric else [])
        before = memory.last_args.get("performance_query") if memory.last_tool == "performance_query" else None
        if before and _FOLLOWUP_START.search(clause.text):
            # "and by age?": the thread's question, changed only where this message says so
            metrics = metrics or list(before.get("metrics") or [])
            scope.where = scope.where or list(before.get("where") or [])
            period = period or slots.period or before.get("period")
        sort = metrics[0] if metrics and (slots.top or re.search(r"\b(?:best|top|worst|lowest|highest|most|least|"
                                                                  r"cheapest|rank\w*)\b", clause.text)) else None
        self._add(request, "performance_query", metrics=metrics or None,
                  period=period or self._period(clause, request, "last-week"), compare=compare,
                  where=scope.where or None, by=scope.by, granularity=scope.granularity, top=slots.top, sort=sort)

    def _r_explain_change(self, clause: Clause, request: Request) -> None:
        scope, slots = clause.scope, clause.slots
        metric = (scope.metrics or [slots.metric or request.memory.last_metric or ""])[0]
        if not metric:
            raise Clarify("Which KPI's change should I explain: ROAS, CPA, CTR, spend, hook rate ...?")
        period, compare = period_and_compare(clause.text)
        self._add(request, "explain_change", metric=metric, period=period or self._period(clause, request,
                                                                                            "last-week"),
                  compare=compare or "previous", where=scope.where or None,
                  by=scope.by if scope.by and scope.by != "ad" else None)

    def _r_creative_fatigue(self, clause: Clause, request: Request) -> None:
        self._add(request, "creative_fatigue", period=self._period(clause, request, "last-week"))

    def _r_audience_clusters(self, clause: Clause, request: Request) -> None:
        match = re.search(r"\b(\d{1,3})\s+(?:\w+\s+)?(?:clusters?|segments?|groups?|personas?|cohorts?)\b", clause.text)
        self._add(request, "audience_clusters", k=int(match.group(1)) if match else None)

    def _r_creative_insights(self, clause: Clause, request: Request) -> None:
        self._add(request, "creative_insights", metric=clause.slots.metric or "ctr_link")

    def _r_creative_briefs(self, clause: Clause, request: Request) -> None:
        slots = clause.slots
        # "briefs for next week", "ideas for December" name when to make them, not the evidence window
        period = slots.period
        if period and (_TARGET_DATE.search(clause.text) or "next" in clause.text):
            request.notes.append(f"'{period}' read as when the ads are for; briefs rest on the latest data")
            period = None
        # a count out of range is asked about by validation, never cut down quietly
        self._add(request, "creative_briefs", n=slots.count, period=period,
                  metric=slots.metric if slots.metric in ("ctr_link", "hook_rate", "cpa", "roas") else None)

    def _r_kill_scale_decisions(self, clause: Clause, request: Request) -> None:
        self._add(request, "kill_scale_decisions", period=self._period(clause, request, "last-7-days"))

    def _r_score_creatives(self, clause: Clause, request: Request) -> None:
        slots, quotes = clause.slots, request.utterance.quotes
        if slots.ad_ids:
            self._add(request, "score_creatives", ad_ids=slots.ad_ids)
        elif quotes and QUOTE_TOKEN in clause.text:
            for quote in quotes[:5]:
                self._add(request, "score_creatives", text=quote)
        elif request.media or request.earlier_media(clause.text):
            for path in (request.media or request.earlier_media(clause.text))[:5]:
                self._add(request, "score_creatives", file=path)
        elif slots.all_ads or re.search(r"\b(?:all|every|everything|each)\b", clause.text):
            self._add(request, "score_creatives", all=True)
        else:
            raise Clarify("What should I score? Paste the copy in quotes, attach the creative, or give ad ids.")

    def _r_extract_blueprint(self, clause: Clause, request: Request) -> None:
        utterance = request.utterance
        sources = request.media or utterance.urls or [p for p in request.docs if Path(p).suffix.lower() in
                                                      {".txt", ".md"}]
        if not sources:
            sources = request.earlier_media(clause.text)
        if not sources and utterance.quotes and QUOTE_TOKEN in clause.text:
            for quote in utterance.quotes[:3]:  # copy pasted in quotes: its blueprint, the words stay data
                self._add(request, "extract_blueprint", text=quote)
            return
        if not sources:
            raise Clarify("Attach the ad (video or image) or paste its link, and I'll break it down.")
        for source in sources[:3]:
            self._add(request, "extract_blueprint", source=source)

    def _r_brand_search(self, clause: Clause, request: Request) -> None:
        quotes = request.utterance.quotes
        query = quotes[0] if quotes and QUOTE_TOKEN in clause.text else _brand_query(clause.text)
        if not query:
            raise Clarify("What should I look up in the brand DNA?")
        self._add(request, "brand_search", query=query, k=clause.slots.top or 5)

    def _r_brand_add(self, clause: Clause, request: Request) -> None:
        quotes = request.utterance.quotes
        text = "\n".join(quotes) if quotes and QUOTE_TOKEN in clause.text else _brand_statement(request.utterance.raw)
        if not text and not request.docs:
            raise Clarify("What should I add to the brand DNA? Paste it in quotes or attach the document.")
        # force a kind only for a stated fact ("we never say X" → banned); documents are classified by the brand
        # area passage by passage, and "guideline" is what it infers anyway
        kind = clause.slots.brand_kind if text and not request.docs and clause.slots.brand_kind != "guideline" \
            else None
        self._add(request, "brand_add", text=text or None, paths=request.docs or None, kind=kind)

    def _r_schedule_checkin(self, clause: Clause, request: Request) -> None:
        slots, utterance = clause.slots, request.utterance
        channel = utterance.channels[0] if utterance.channels else None
        if channel is None and request.channel and (_HERE.search(clause.text) or not utterance.channels):
            channel = request.channel
        cron = slots.cron or next((q.strip() for q in utterance.quotes if CRON.fullmatch(q.strip().lower())), None)
        job = slots.job
        if job is None:
            raise Clarify("Which check-in should I schedule: the weekly report, fatigue alerts, the winners digest "
                          "or the velocity check?")
        if not (slots.every or cron):
            raise Clarify("When should I post it? For example 'every Monday at 9:00' or 'every weekday at 8:30'.")
        if channel is None:
            raise Clarify("Which channel should I post it to? For example '#growth'.")
        tz = _TIMEZONE.search(utterance.raw)
        self._add(request, "schedule_checkin", job=job, channel=channel, every=None if cron else slots.every,
                  cron=cron.upper() if cron else None,
                  tz=(tz.group(0) if tz else None) if slots.tz else None)

    def _r_list_checkins(self, clause: Clause, request: Request) -> None:
        self._add(request, "list_checkins")

    def _r_cancel_checkin(self, clause: Clause, request: Request) -> None:
        slots, utterance, memory = clause.slots, request.utterance, request.memory
        if slots.checkin_id:
            self._add(request, "cancel_checkin", id=slots.checkin_id)
            return
        job = slots.job if re.search(r"\b(?:report|recap|summary|kpis?|fatigu\w*|winners?|digest|velocity|"
                                     r"alerts?|numbers|stats)\b", clause.text) else None
        channel = utterance.channels[0] if utterance.channels else None
        if job or channel:
            self._add(request, "cancel_checkin", job=job, channel=channel)
        elif memory.last_checkin_id and _DEICTIC.search(clause.text):
            self._add(request, "cancel_checkin", id=memory.last_checkin_id)
        else:
            raise Clarify("Which check-in should I cancel? Give its id (see 'what is scheduled?') or its job and "
                          "channel.")

    def _r_ingest_performance(self, clause: Clause, request: Request) -> None:
        paths = request.data or [p for p in request.utterance.paths if _kind(p) == "data"]
        if not paths:
            raise Clarify("Attach the ad export (CSV or XLSX) or give its path, and I'll import it.")
        self._add(request, "ingest_performance", paths=paths, source=clause.slots.platform or "auto")
        request.data = []

    def _r_sync_account(self, clause: Clause, request: Request) -> None:
        period = clause.slots.period or ""
        start = period.split("..")[0]
        since = None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
            since = start
        elif re.fullmatch(r"\d{4}-\d{2}", start):
            since = f"{start}-01"
        elif period:  # a sync pulls from a calendar day; never guess the year of "1 Sep" or "last month"
            raise Clarify(f"From which day should I pull the ad account's data (YYYY-MM-DD)? I read {period!r}; "
                          "without a day, a sync refreshes the last 7 days.")
        breakdowns = _BREAKDOWNS.findall(clause.text) if re.search(r"\bbreak ?downs?\b", clause.text) else []
        self._add(request, "sync_account", since=since, breakdowns=list(dict.fromkeys(breakdowns)) or None)

    def _r_help(self, clause: Clause, request: Request) -> None:
        return None

    _r_greeting = _r_help

    # ---- validation ------------------------------------------------------------------------------------------
    def _validated(self, request: Request, intents: list[str]) -> Plan:
        calls: list[PlannedCall] = []
        for call in request.calls:
            spec = get_spec(call.name)
            try:
                args = spec.args.model_validate(call.args).model_dump(mode="json", exclude_none=True)
            except ValidationError as exc:
                return Plan(question=_question_for(call.name, exc), intents=intents)
            if not spec.side_effect and any(c.name == call.name and c.args == args for c in calls):
                continue  # asked twice in one message ("last week's numbers ... how we did last week"): run once
            calls.append(replace_call(call, args))
        return Plan(calls=calls, intents=intents, notes=request.notes,
                    understood=understood([(c.name, c.args) for c in calls]))


_RANKED_BY = re.compile(r"\bby\s+([a-z][a-z ]{2,30}?)(?=\s+(?:last|this|in|for|over|during|since|from|"
                        r"yesterday|today|please|pls)\b|\s*[?.!,]|$)")


def _unread_ranking(text: str) -> str | None:
    """The words after "by"/"on" when they name neither a KPI nor a field ("top 5 by profit margin")."""
    from agent.planning.scope import FIELD_WORDS, query_metrics

    match = _RANKED_BY.search(text)
    if not match:
        return None
    words = match.group(1).strip()
    if query_metrics(words) or extract(words)[0].metric or words in FIELD_WORDS or words.split()[0] in (
            "the", "our", "a", "an", "it", "that", "this", "each", "ad", "ads"):
        return None
    return words


def _continues(left: Clause, right: Clause) -> bool:
    """"… in October and what was the ROAS": another KPI of the same question (no period or scope of its own)
    continues the numbers clause before it instead of starting a request with the default period."""
    numbers = {"performance_report", "performance_query"}
    return left.intent in numbers and right.intent in numbers and not (
        right.slots.period or right.scope.where or right.scope.by or right.scope.granularity)


def _unknown_scope_question(name: str, words: str, known: tuple[str, ...] | list[str]) -> str:
    label = {"campaign": "campaign", "adset": "ad set"}.get(name, name.replace("_", " "))
    listing = ", ".join(known[:10]) + (f" … ({len(known)} in all)" if len(known) > 10 else "")
    plural = label[:-1] + "ies" if label.endswith("y") else label + "s"
    return (f"I couldn't find {'an' if label[0] in 'aeiou' else 'a'} {label} matching '{words}' in this workspace "
            f"({plural}: {listing}). Which one did you mean?")


def replace_call(call: PlannedCall, args: dict[str, Any]) -> PlannedCall:
    return PlannedCall(name=call.name, args=args)


def _question_for(name: str, error: ValidationError) -> str:
    """A count or period out of range gets the limit and a question, never a quietly different number."""
    first = error.errors()[0]
    field_name = ".".join(str(p) for p in first.get("loc", ())) or "request"
    asked = first.get("input")
    if name == "generate_variants" and field_name == "n":
        return (f"You asked for {asked} variants; I can make between 1 and {MAX_VARIANTS} at a time. How many "
                f"would you like (for example {MAX_VARIANTS})?")
    if field_name == "top":
        most = 50 if name == "find_winners" else 100
        return f"You asked for the top {asked}; I can list between 1 and {most}. How many should I show?"
    if field_name == "k":
        return f"You asked for {asked} segments; I can make between 2 and 12. How many should I make?"
    bounds = first.get("ctx") or {}
    if first.get("type") in ("less_than_equal", "greater_than_equal") and bounds:
        limit = bounds.get("le", bounds.get("ge"))
        side = "at most" if "le" in bounds else "at least"
        return f"You asked for {asked} ({field_name}); I can do {side} {limit}. How many would you like?"
    if field_name in ("period", "compare"):
        message = str(first.get("msg", "")).removeprefix("Value error, ")
        return f"I can't use that period ({message}). Which days should I look at?"
    message = str(first.get("msg", "")).removeprefix("Value error, ")
    action = INTENT_DESCRIPTIONS.get(name, name)
    return f"I couldn't use that to {action} ({field_name}: {message}). Could you rephrase?"


_BRAND_TRIGGERS = re.compile(
    r"\b(?:what|how|does|do|did|is|are|should|can|could|may|we|our|the|brand|voice|guidelines?|guide|style|book|"
    r"dna|say|says|said|about|look|up|search|find|check|consult|pull|please|in|for|on|to|tell|me|us|allowed|"
    r"regarding|re|a|an|it|of|mention|tone)\b")


def _brand_query(text: str) -> str:
    """The topic of a brand question: the request minus question words (kept whole when nothing would remain)."""
    cleaned = text.replace(QUOTE_TOKEN, " ").replace(FILE_TOKEN, " ").replace(CHANNEL_TOKEN, " ")
    topic = " ".join(_BRAND_TRIGGERS.sub(" ", cleaned).split()).strip(" ?.!")
    return topic if len(topic) >= 3 else " ".join(cleaned.split()).strip(" ?.!")


_STATEMENT = re.compile(r"(?:remember|note|keep in mind|make a note|for future reference|from now on|going forward|"
                        r"add(?: this)? to (?:the |our )?brand(?: dna| guidelines| book)?)"
                        r"(?:\s+(?:for|in|to|about) (?:the |our )?brand(?: dna| guidelines| book)?)?"
                        r"\s*(?:that|this)?\s*[:,-]?\s*"
                        r"(.+)", re.I | re.S)


def _brand_statement(raw: str) -> str:
    """The fact to remember: what follows "remember that ...", or the message without the trigger phrase."""
    match = _STATEMENT.search(raw)
    text = match.group(1).strip() if match else ""
    if len(text.split()) < 2:
        text = (raw[: match.start()] + raw[match.end():] if match else raw).strip()
        text = re.sub(r"(?i)[,;]?\s*(?:please|pls)\s*$", "", text.strip(" ,.;:")).strip()
    return text.rstrip(" .") + "." if text else ""


def plan_offline(text: str, **kwargs: Any) -> Plan:
    """Convenience wrapper used by tests and the service."""
    return OfflinePlanner().plan(text, **kwargs)


__all__ = ["OfflinePlanner", "Plan", "PlannedCall", "plan_offline", "replace"]

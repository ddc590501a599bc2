"""From evidence to briefs: what to double down on, which winning combinations were never tried, which fatiguing
winners to iterate on, and — where the evidence is thin — what to test to learn.

Rules that keep the briefs honest:
- an element is recommended only when its effect is conclusive (the analyst's Holm-controlled claim) and positive,
  and never when the guard metric (CPA, when the account has purchases) says it hurts;
- every element the evidence says hurts is listed under `avoid` and is never part of `attributes`, also in
  iterations of ads that carry it (the winning value of that field replaces it, or the field is left open);
- an untested combination's lift is an estimate (effects added on the log scale, no interaction assumed) and says so;
- with no conclusive effect at all, every brief is a test to learn ("learn"), with confidence "low".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tools.analyst.insights import level_label, pct
from tools.analyst.stats import display_value, metric_spec
from tools.core.domain.analysis import Insight, InsightsResult
from tools.core.domain.briefs import Brief, Confidence, ReferenceAd
from tools.core.domain.performance import FatigueFlag
from tools.creator.brief_source import brief_source
from tools.creator.copywriter import ARCHETYPES
from tools.performance.formatting import money, percent
from tools.strategist.evidence import BARELY_TESTED, Element, Levels, combination_gaps, combine, observed_lift
from tools.strategist.voice import Voice, archetype_of

WINNER_PERCENTILE = 70.0  # a fatiguing ad is a winner worth iterating on from this percentile of the account up
PROVEN_CREATIVES = 8  # a combination tried by this many creatives is evidence of its own
MIN_TESTED = 8  # creatives a value needs before the analyst tests it (InsightsConfig.min_n)
HOOK_FIELDS = ("hook_type", "hook", "hook_archetype")
LEARN_ARCHETYPES = ("testimonial", "question", "problem", "statistic", "demonstration", "offer")


@dataclass
class Competitor:
    """A stored competitor blueprint, reduced to what matching needs."""

    id: int
    source: str
    archetype: str | None
    kind: str | None


@dataclass
class Evidence:
    metric: str
    insights: InsightsResult
    levels: Levels
    guard: InsightsResult | None = None
    fatigue: list[FatigueFlag] = field(default_factory=list)
    posteriors: pd.DataFrame | None = None  # ad_posteriors(...) totals: index ad_id, percentile, creative_key
    ads: pd.DataFrame | None = None  # AccountData.ads
    competitors: list[Competitor] = field(default_factory=list)
    currency: str | None = None


# -- elements ------------------------------------------------------------------------------------------------------

METRIC_LABELS = {"ctr_link": "CTR", "hook_rate": "hook rate", "cpa": "CPA", "roas": "ROAS"}


def gain(insight: Insight) -> float:
    """The effect as a gain: positive is better (an insight's CPA effect is the change in CPA, lower is better)."""
    effect = insight.effect or 0.0
    return -effect if metric_spec(insight.metric).inverse_display else effect


def _claims(result: InsightsResult | None, sign: int) -> list[Insight]:
    if result is None:
        return []
    return [i for i in result.insights if i.conclusive and i.effect is not None and np.sign(gain(i)) == sign]


def hurting(evidence: Evidence) -> list[Insight]:
    """Elements a conclusive effect says hurt, on the brief's metric or on the guard metric."""
    return _claims(evidence.insights, -1) + _claims(evidence.guard, -1)


def winning(evidence: Evidence) -> list[Insight]:
    """Conclusively positive elements that the guard metric does not say hurt, biggest gain first."""
    bad = {(i.attribute, i.value) for i in hurting(evidence)}
    return sorted([i for i in _claims(evidence.insights, 1) if (i.attribute, i.value) not in bad],
                  key=lambda i: -gain(i))


def avoid_map(bad: Sequence[Insight]) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for insight in sorted(bad, key=gain):
        values = out.setdefault(insight.attribute, [])
        if insight.value not in values:
            values.append(insight.value)
    return {k: ", ".join(v) for k, v in out.items()}


def _ordinal(value: float) -> str:
    n = round(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _label(field_: str, value: str) -> str:
    return level_label(field_, value)


def _formats(attributes: dict[str, str], kind: str | None = None) -> list[str]:
    fmt = (attributes.get("format") or kind or "").lower()
    if any(w in fmt for w in ("video", "reel", "ugc")):
        return ["9x16", "4x5"]
    if any(w in fmt for w in ("image", "static", "photo")):
        return ["1x1", "4x5"]
    return ["1x1", "4x5", "9x16"]


def _is_video(attributes: dict[str, str], kind: str | None = None) -> bool:
    return _formats(attributes, kind)[0] == "9x16"


def _hook_archetype(attributes: dict[str, str]) -> str | None:
    return next((archetype_of(attributes[f]) for f in HOOK_FIELDS if attributes.get(f)), None)


# -- the composer --------------------------------------------------------------------------------------------------

class Composer:
    def __init__(self, evidence: Evidence, voice: Voice) -> None:
        self.e = evidence
        self.voice = voice
        self.notes: list[str] = []
        self.bad = self._consistent(hurting(evidence))
        self.avoid = avoid_map(self.bad)
        self.bad_set = {(i.attribute, i.value) for i in self.bad}
        self.wins = winning(evidence)
        self.spec = evidence.levels.spec
        self.label = METRIC_LABELS[evidence.metric]

    def _consistent(self, bad: list[Insight]) -> list[Insight]:
        """Contrasts are against the other values of a field, so one outstanding value makes every other value look
        worse. When that would leave a field with no value to use, keep only what the guard metric says hurts."""
        levels = self.e.levels.cat
        out = list(bad)
        for field_ in {i.attribute for i in bad}:
            if field_ not in levels:
                continue
            values = set(levels[field_].dropna().astype(str))
            flagged = {i.value for i in bad if i.attribute == field_}
            if values and values <= flagged:
                keep = [i for i in bad if i.attribute == field_ and i.metric != self.e.metric]
                out = [i for i in out if i.attribute != field_] + keep
                self.notes.append(
                    f"Every {field_} value tested is conclusively worse than the others on one metric or another, so "
                    f"only what hurts {', '.join(sorted({METRIC_LABELS.get(i.metric, i.metric) for i in keep}))} is "
                    f"avoided for {field_} and no {field_} value is recommended on that evidence alone."
                    if keep else f"Every {field_} value looks worse than the others: none is avoided for {field_}.")
        return out

    @property
    def learning(self) -> bool:
        return not self.wins and not self.bad

    # ---- shared pieces
    def _good(self, change: float) -> float:
        """A change on the metric's own scale as a gain (CPA falls when things go well)."""
        return -change if self.spec.inverse_display else change

    def _rate(self, rate: float | None) -> str:
        if rate is None:
            return "n/a"
        value = float(display_value(rate, self.spec))
        if self.spec.kind == "binomial":
            return percent(value)
        return money(value, self.e.currency) if self.spec.inverse_display else f"{value:.2f}"

    def _claim_line(self, insight: Insight) -> str:
        lo, hi = insight.ci
        return (f"{_label(insight.attribute, insight.value)}: {pct(insight.effect)} "
                f"{METRIC_LABELS.get(insight.metric, insight.metric)} (95 % CI {pct(lo)}…{pct(hi)}, {insight.n} "
                "creatives)")

    def _avoid_lines(self) -> list[str]:
        return [f"Avoid — {self._claim_line(i)}" for i in sorted(self.bad, key=gain)]

    def _own_refs(self, elements: Sequence[Element], limit: int = 2) -> list[ReferenceAd]:
        """Our best ads (by shrunk posterior) that carry all the elements, else the best one per element."""
        post, ads, levels = self.e.posteriors, self.e.ads, self.e.levels
        if post is None or post.empty or ads is None:
            return []
        by_creative = post.sort_values("percentile", ascending=False)
        refs: list[ReferenceAd] = []

        def best(keys: pd.Index, why: str, count: int) -> None:
            rows = by_creative[by_creative["creative_key"].isin(keys)
                               & ~by_creative.index.isin([r.ad_id for r in refs])]
            for ad_id, row in rows.head(count).iterrows():
                refs.append(ReferenceAd(kind="own", ad_id=str(ad_id), name=ads["ad_name"].get(ad_id),
                                        why=f"{why}; {self.label} percentile {row['percentile']:.0f} in this account"))

        keys = levels.having(list(elements))
        if len(keys):
            best(keys, "carries every element of this brief", limit)
        else:  # never combined: the best ad for each element, one each
            for element in elements[:limit]:
                best(levels.having([element]), f"carries {_label(*element)}", 1)
        return refs[:limit]

    def _competitor_refs(self, archetype: str | None, video: bool, limit: int = 2) -> list[ReferenceAd]:
        kind = "video" if video else "image"
        matches = [c for c in self.e.competitors if archetype and c.archetype == archetype]
        matches.sort(key=lambda c: c.kind != kind)
        return [ReferenceAd(kind="competitor", blueprint_id=c.id, source=c.source,
                            why=f"stored competitor blueprint with a {(c.archetype or '').replace('_', ' ')} hook"
                            + (f" ({c.kind})" if c.kind else "") + "; a reference for form, not evidence")
                for c in matches[:limit]]

    def _brief(self, *, title: str, kind: str, attributes: dict[str, str], why: str, evidence: list[str],
               confidence: Confidence, confidence_note: str, untested: bool, estimate: tuple[float, tuple] | None,
               iteration_of: str | None = None, own_refs: list[ReferenceAd] | None = None,
               avoid_hooks: Sequence[str] = (), media_kind: str | None = None,
               archetype: str | None = None) -> Brief:
        hurts = [f"{k}={v}" for k, v in attributes.items() if (k, v) in self.bad_set]
        if hurts:  # an invariant, not input validation: the kinds of brief above never pick these
            raise RuntimeError(f"internal error: a brief would recommend what the evidence says hurts ({hurts})")
        archetype = archetype or _hook_archetype(attributes)
        video = _is_video(attributes, media_kind)
        hooks, hook_note = self.voice.hooks_with_note(archetype, video=video, avoid=avoid_hooks)
        if hook_note:
            evidence = [*evidence, hook_note]
        refs = list(own_refs or []) + self._competitor_refs(archetype, video)
        return Brief(
            title=title, kind=kind, attributes=attributes,  # type: ignore[arg-type]
            avoid={k: v for k, v in self.avoid.items()}, hook_archetype=archetype, hooks=hooks,
            formats=_formats(attributes, media_kind), why=why, evidence=evidence,
            estimate=None if estimate is None else round(estimate[0], 4),
            estimate_ci=[] if estimate is None else [round(estimate[1][0], 4), round(estimate[1][1], 4)],
            untested=untested, iteration_of=iteration_of, reference_ads=refs, confidence=confidence,
            confidence_note=confidence_note, source=brief_source(attributes, archetype, iteration_of))

    # ---- kinds of brief
    def lead(self) -> tuple[Brief | None, set[frozenset[Element]]]:
        """The best winning value of every field, together: proven when creatives already combine them, else the
        lead untested combination."""
        best: dict[str, Insight] = {}
        for insight in self.wins:
            best.setdefault(insight.attribute, insight)
        if not best:
            return None, set()
        chosen = list(best.values())
        elements = [(i.attribute, i.value) for i in chosen]
        keys = self.e.levels.having(elements)
        estimate = combine(chosen)
        attributes = dict(elements)
        names = ", ".join(_label(*el) for el in elements)
        lines = [self._claim_line(i) for i in chosen]
        if len(keys) > BARELY_TESTED:
            observed = observed_lift(self.e.levels, keys)
            rate, base = self.e.levels.pooled_rate(keys), self.e.levels.pooled_rate()
            lines.append(f"{len(keys)} creatives already combine them: {self.label} {self._rate(rate)} against "
                         f"{self._rate(base)} for the account ({pct(observed)}).")
            strong = len(keys) >= PROVEN_CREATIVES and observed is not None and self._good(observed) > 0
            brief = self._brief(
                title=f"More of what works: {names}", kind="double_down", attributes=attributes,
                why=(f"Each of these is a measured winner on {self.label} with the other attributes held equal, and "
                     f"the {len(keys)} creatives that combine them did {pct(observed)} against the account."),
                evidence=lines + self._avoid_lines(), confidence="high" if strong else "medium",
                confidence_note=("every element is a conclusive effect and the combination has run in "
                                 f"{len(keys)} creatives" if strong else
                                 f"conclusive elements, but only {len(keys)} creatives combine them"),
                untested=False, estimate=estimate, own_refs=self._own_refs(elements))
            return brief, {frozenset(elements)}
        if len(elements) < 2:
            return None, set()
        return self._untested(chosen, len(keys), title_prefix="Best untested combination"), {frozenset(elements)}

    def _untested(self, chosen: list[Insight], n_tested: int, title_prefix: str = "Untested combination") -> Brief:
        elements = [(i.attribute, i.value) for i in chosen]
        estimate = combine(chosen)
        names = " + ".join(_label(*el) for el in elements)
        tried = "never tried together" if n_tested == 0 else f"tried together by only {n_tested} creative" + (
            "s" if n_tested > 1 else "")
        sure = all(self._good(bound) > 0 for bound in estimate[1]) and all(
            i.ci[0] is not None and i.ci[1] is not None and self._good(i.ci[0]) > 0 and self._good(i.ci[1]) > 0
            for i in chosen)
        return self._brief(
            title=f"{title_prefix}: {names}", kind="untested_combination", attributes=dict(elements),
            why=(f"Each element wins on its own, but they were {tried}. Estimated {self.label} lift "
                 f"{pct(estimate[0])} (95 % CI {pct(estimate[1][0])}…{pct(estimate[1][1])}) by adding their "
                 "effects on the log scale — no interaction assumed; only running it tells whether they clash."),
            evidence=[self._claim_line(i) for i in chosen]
            + [f"Creatives combining them: {n_tested} (untested up to {BARELY_TESTED})."] + self._avoid_lines(),
            confidence="medium" if sure else "low",
            confidence_note=("an estimate, not a measurement: both effects are conclusive but the combination has "
                             "not run" if sure else "an estimate with a wide interval: the combination has not run"),
            untested=True, estimate=estimate, own_refs=self._own_refs(elements))

    def gaps(self, taken: set[frozenset[Element]]) -> list[Brief]:
        out = []
        for combo in combination_gaps(self.e.levels, self.wins):
            if any(frozenset(combo.elements) <= t for t in taken):
                continue
            chosen = [next(i for i in self.wins if (i.attribute, i.value) == el) for el in combo.elements]
            out.append(self._untested(chosen, combo.n_tested))
            taken.add(frozenset(combo.elements))
        return out

    def iterations(self) -> list[Brief]:
        """Fatiguing winners: keep what made them win, swap what the evidence says hurts, write new hooks."""
        post, ads = self.e.posteriors, self.e.ads
        if post is None or ads is None:
            return []
        out = []
        seen: set[str] = set()
        for flag in self.e.fatigue:
            if flag.ad_id in seen or flag.ad_id not in post.index:
                continue
            row = post.loc[flag.ad_id]
            if float(row["percentile"]) < WINNER_PERCENTILE:
                continue
            seen.add(flag.ad_id)
            key = row["creative_key"]
            own = self.e.levels.cat.loc[key].dropna().to_dict() if key in self.e.levels.cat.index else {}
            best = {i.attribute: i.value for i in reversed(self.wins)}
            attributes: dict[str, str] = {}
            swapped = []
            for field_, value in own.items():
                if (field_, value) in self.bad_set:
                    if field_ in best:
                        attributes[field_] = best[field_]
                        swapped.append(f"{_label(field_, value)} → {_label(field_, best[field_])}")
                    else:
                        swapped.append(f"drop {_label(field_, value)}")
                else:
                    attributes[field_] = str(value)
            name = ads["ad_name"].get(flag.ad_id) or flag.ad_id
            headline = ads["headline"].get(flag.ad_id)
            rank = _ordinal(float(row["percentile"]))
            shrunk = self._rate(float(row["posterior_mean"]))
            lines = [f"{name}: {flag.message}.",
                     f"Before fatigue it ranked at the {rank} percentile of the account on {self.label} (shrunk "
                     f"estimate {shrunk})."]
            if swapped:
                lines.append("Changed because the evidence says they hurt: " + "; ".join(swapped) + ".")
            media_kind = str(ads["kind"].get(flag.ad_id) or "")
            out.append(self._brief(
                title=f"Iterate on {name} before it dies", kind="iterate", attributes=attributes,
                why=(f"A winner that is fatiguing: {flag.message}. New hooks on the same proven elements keep what "
                     "won while giving the audience something new."),
                evidence=lines + self._avoid_lines(), confidence="medium",
                confidence_note=("the win and the fatigue are measured on this ad's own delivery; how long a fresh "
                                 "version lasts is not"),
                untested=False, estimate=None, iteration_of=flag.ad_id,
                own_refs=[ReferenceAd(kind="own", ad_id=flag.ad_id, name=name, why="the fatiguing winner itself")],
                avoid_hooks=[headline] if isinstance(headline, str) else (), media_kind=media_kind,
                archetype=_hook_archetype(attributes)))
        return out

    def learn(self, limit: int, taken: set[frozenset[Element]]) -> list[Brief]:
        """Tests to learn from: the least-tried values first (never one the evidence says hurts), with the proven
        winners of the other fields held fixed so the test reads cleanly."""
        levels = self.e.levels
        fixed = {}
        for insight in self.wins:
            fixed.setdefault(insight.attribute, insight.value)
        by_level = {(i.attribute, i.value): i for i in self.e.insights.insights}
        candidates: list[tuple[bool, int, str, str]] = []
        for field_ in levels.cat.columns:
            if field_ in fixed:
                continue
            for value, count in levels.cat[field_].value_counts().items():
                insight = by_level.get((field_, str(value)))
                if (field_, str(value)) in self.bad_set or (insight and insight.conclusive):
                    continue
                leaning_bad = insight is not None and self._good(insight.effect or 0.0) < 0
                candidates.append((leaning_bad, int(count), field_, str(value)))
        # values whose (inconclusive) estimate leans the wrong way come last; the least-tried first
        candidates.sort(key=lambda c: (c[0], c[1], -(c[2] in HOOK_FIELDS), c[2], c[3]))
        n_all = len(levels.totals)
        out: list[Brief] = []
        for _, count, field_, value in candidates:
            if len(out) >= limit:
                break
            elements = {**fixed, field_: value}
            if frozenset(elements.items()) in taken:
                continue
            taken.add(frozenset(elements.items()))
            insight = by_level.get((field_, value))
            known = (insight.sentence if insight and insight.sentence else
                     f"{_label(field_, value)}: {count} of {n_all} creatives with enough delivery carry it.")
            held = f", holding {', '.join(_label(k, v) for k, v in fixed.items())} fixed," if fixed else ""
            if count < MIN_TESTED:
                step = (f"Make at least {MIN_TESTED - count} more{held} and compare {self.label} once each has "
                        f"~{self._min_exposure()}.")
            else:
                step = (f"{count} creatives carry it and the interval still spans no difference: run it{held} "
                        "against the same brief without it, so this one attribute is what differs.")
            out.append(self._brief(
                title=f"Test to learn: {_label(field_, value)}", kind="learn", attributes=elements,
                why=f"Too little evidence to say whether {_label(field_, value)} works: {known} {step}",
                evidence=[known, *self._avoid_lines()], confidence="low",
                confidence_note="a test to learn, not a finding", untested=count <= BARELY_TESTED,
                estimate=None, own_refs=self._own_refs(list(elements.items()), limit=1)))
        if len(out) < limit and not levels.cat.columns.size:
            out += self._learn_archetypes(limit - len(out))
        return out

    def _learn_archetypes(self, limit: int) -> list[Brief]:
        """No attributes in the data at all: test hook archetypes against each other."""
        out = []
        for archetype in LEARN_ARCHETYPES[:limit]:
            if archetype not in ARCHETYPES:
                continue
            attributes = {"hook_archetype": archetype}
            out.append(self._brief(
                title=f"Test to learn: {archetype.replace('_', ' ')} hooks", kind="learn", attributes=attributes,
                why=("The account's ads carry no creative attributes (no export columns such as 'Hook type' and no "
                     "naming convention), so nothing can be said about what works yet. Run a few ads per hook "
                     "archetype and label them (e.g. name them brand_format_hook_colour_v1)."),
                evidence=[f"{len(self.e.levels.totals)} creatives with enough delivery, none labelled."],
                confidence="low", confidence_note="a test to learn, not a finding", untested=True, estimate=None,
                archetype=archetype))
        return out

    def _min_exposure(self) -> str:
        return {"impressions": "3,000 impressions", "spend": "a few results' worth of spend",
                "video_plays_3s": "1,000 3-second plays"}.get(self.spec.exposure, "enough delivery")


def compose(evidence: Evidence, voice: Voice, n: int) -> tuple[list[Brief], bool, list[str]]:
    """N briefs, the strongest first; (briefs, learning, notes) where learning means no finding stood behind them."""
    composer = Composer(evidence, voice)
    if composer.learning:
        return composer.learn(n, set()), True, composer.notes
    lead, taken = composer.lead()
    iterations = composer.iterations()
    gaps = composer.gaps(taken)
    ordered: list[Brief] = []
    if lead is not None:
        ordered.append(lead)
    # the most urgent iteration next, then the untested combinations, then the other iterations
    ordered += iterations[:1] + gaps + iterations[1:]
    briefs = ordered[:n]
    if len(briefs) < n:
        briefs += composer.learn(n - len(briefs), taken)
    return briefs, False, composer.notes

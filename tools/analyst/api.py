"""The analyst's capability seams: insights, scores, pre-launch predictions, decisions, audience segments.

Fatigue is the performance area's one detector (`tools.performance.api.creative_fatigue`); decisions use it too.

Every function takes the workspace runtime first, returns a typed result and never prints. The core works on
pandas frames (`tools.analyst.data.AccountData`), so each function also accepts `data=` to skip the database.
"""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tools.analyst.clusters import DIMENSIONS, ClusterConfig, load_breakdown_file
from tools.analyst.clusters import audience_clusters as cluster
from tools.analyst.copy_features import has_copy, model_sees_copy, prior_log_lift
from tools.analyst.data import AccountData, load_account_data
from tools.analyst.decisions import DecisionRules, kill_scale
from tools.analyst.embeddings import default_model_path, embedding_unavailable_reason
from tools.analyst.features import FeatureConfig, embed_copy
from tools.analyst.insights import InsightsConfig, element_insights
from tools.analyst.predictor import candidate_table, fingerprint, train_prelaunch
from tools.analyst.registry import latest_record, load_model, save_model
from tools.analyst.scoring import ad_posteriors, display_interval, percentile_against
from tools.analyst.stats import display_value, metric_spec
from tools.core.domain.analysis import (
    Candidate,
    ClustersResult,
    CreativeScore,
    DecisionsResult,
    InsightsResult,
    ModelInfo,
    Prediction,
    ScoresResult,
)
from tools.core.errors import InputError, InsufficientDataError
from tools.core.periods import resolve_period
from tools.core.workspaces import no_performance_data

if TYPE_CHECKING:
    from tools.analyst.features import FeatureConfig
    from tools.analyst.predictor import PrelaunchModel
    from tools.core.runtime import WorkspaceRuntime

_active: dict[tuple[str, str, str], tuple[int, PrelaunchModel]] = {}
_active_lock = threading.Lock()


def _data(runtime: WorkspaceRuntime, data: AccountData | None) -> AccountData:
    return data if data is not None else load_account_data(runtime)


def _require_data(runtime: WorkspaceRuntime, data: AccountData | None) -> AccountData:
    """The workspace's data; an empty workspace is an answer of its own, naming the workspaces that have data."""
    account = _data(runtime, data)
    if data is None and account.daily.empty:
        with runtime.session() as session:
            raise no_performance_data(session, runtime.workspace)
    return account


def _features(runtime: WorkspaceRuntime, use_embeddings: bool = True) -> FeatureConfig:
    """Feature settings for this installation: copy embeddings from the same model folder Brand DNA uses."""

    return FeatureConfig(use_embeddings=use_embeddings, embedding_model=runtime.settings.embedding_model)


def creative_insights(runtime: WorkspaceRuntime, metric: str = "ctr_link", *, data: AccountData | None = None,
                      bootstrap: int = 300, seed: int = 0) -> InsightsResult:
    """Relative lift per attribute value with 95 % intervals; only well-evidenced effects are claimed."""

    return element_insights(_require_data(runtime, data), metric, InsightsConfig(bootstrap=bootstrap, seed=seed))


def kill_scale_decisions(runtime: WorkspaceRuntime, period: str = "last-7-days", today: date | None = None, *,
                         data: AccountData | None = None, metric: str | None = None) -> DecisionsResult:
    """Kill / scale / wait per live ad with the posterior probability behind each call."""

    account = _require_data(runtime, data)
    today = today or account.today
    span = resolve_period(period, today, first_day=account.daily["day"].min().date())
    settings = runtime.settings
    rules = DecisionRules(min_spend=settings.min_spend, min_impressions=settings.min_impressions,
                          target_cpa=settings.target_cpa, metric=metric)
    return kill_scale(account, span.start, span.end, rules)


# -- scores and pre-launch predictions ---------------------------------------------------------------------------

def train_model(runtime: WorkspaceRuntime, metric: str = "ctr_link", *, data: AccountData | None = None,
                use_embeddings: bool = True) -> ModelInfo:
    """Train, persist and register a new version of this workspace's pre-launch model."""
    account = _data(runtime, data)
    model, version = _train_and_save(runtime, account, metric, use_embeddings)
    return _model_info(model, version)


def _train_and_save(runtime: WorkspaceRuntime, account: AccountData, metric: str,
                    use_embeddings: bool) -> tuple[PrelaunchModel, int]:

    totals, _post, _spec = ad_posteriors(account, metric) if len(account.daily) else (None, None, None)
    reference = totals["posterior_mean"].to_numpy() if totals is not None and len(totals) else np.zeros(0)
    model = train_prelaunch(account, metric, _features(runtime, use_embeddings), reference=reference)
    record = save_model(runtime, model)
    with _active_lock:
        _active[(runtime.settings.resolved_database_url, runtime.workspace, metric)] = (record.version, model)
    return model, record.version


def _ensure_model(runtime: WorkspaceRuntime, metric: str, account: AccountData | None, use_embeddings: bool,
                  retrain: bool = False) -> tuple[PrelaunchModel, int]:
    """The active model; trained when missing, when asked, or (with `account` given) when the data changed."""

    key = (runtime.settings.resolved_database_url, runtime.workspace, metric)
    record = None if retrain else latest_record(runtime, metric)
    stale = record is not None and account is not None and record.data_fingerprint != fingerprint(account)
    if record is not None and not stale:
        with _active_lock:
            cached = _active.get(key)
        if cached is not None and cached[0] == record.version:
            return cached[1], cached[0]
        model = load_model(runtime, record)
        if model is not None:
            with _active_lock:
                _active[key] = (record.version, model)
            return model, record.version
    account = account if account is not None else load_account_data(runtime)
    return _train_and_save(runtime, account, metric, use_embeddings)


def _model_info(model: PrelaunchModel, version: int | None) -> ModelInfo:
    return ModelInfo(version=version, metric=model.metric, trained_at=model.trained_at, n_creatives=model.n_train,
                     cold_start=model.cold_start, uses_embeddings=model.uses_embeddings, learner=model.learner,
                     validation={k: v for k, v in model.validation.items() if k not in ("aov",)})


def _predict(model: PrelaunchModel, version: int, candidates: list[Candidate],
             features: FeatureConfig) -> tuple[list[Prediction], np.ndarray]:

    table = candidate_table([c.model_dump() for c in candidates])
    embeddings = None
    if model.uses_embeddings:
        embeddings = embed_copy(table, features, precomputed=[
            np.asarray(c.embedding, dtype=np.float32) if c.embedding else None for c in candidates])
    value, lo, hi = model.predict(table, embeddings)
    note = model.note
    if not model_sees_copy(model.space) and has_copy(table):
        # the account's model never saw copy: move each candidate by the copy-feature priors, and say so
        lift = np.exp(prior_log_lift(table))
        value, lo, hi = value * lift, lo * lift, hi * lift
        note = (f"{note} " if note else "") + ("Copy features (number, proof, offer, question, CTA, length) are "
                                               "scored with fixed priors: this account's creatives carry no copy to "
                                               "learn them from.")
    percentiles = percentile_against(value, model.reference)
    spec = model.spec
    if model.uses_embeddings and embeddings is None:
        reason = embedding_unavailable_reason(default_model_path(features.embedding_model))
        note = (f"copy embeddings unavailable here ({reason or 'model not loaded'}): predicted from attributes and "
                "text statistics only")
    predictions = [
        Prediction(metric=model.metric, value=float(display_value(value[i], spec)),
                   interval=display_interval(lo[i], hi[i], spec), cold_start=model.cold_start,
                   model_version=version, note=note)
        for i in range(len(candidates))
    ]
    return predictions, percentiles


def predict_variants(runtime: WorkspaceRuntime, candidates: list[Candidate | dict[str, Any]],
                     metric: str = "ctr_link", *, use_embeddings: bool = True) -> list[Prediction]:
    """Predicted metric (with an 80 % interval) per candidate variant, in input order; fast once loaded.

    `Prediction.note` says when the prediction is a cold-start prior. Rank variants by `value` (for CPA: lower).
    """
    parsed = [c if isinstance(c, Candidate) else Candidate.model_validate(c) for c in candidates]
    if not parsed:
        return []
    model, version = _ensure_model(runtime, metric, None, use_embeddings)
    predictions, percentiles = _predict(model, version, parsed, _features(runtime, use_embeddings))
    for prediction, pct in zip(predictions, percentiles, strict=True):
        prediction.score = None if not np.isfinite(pct) else float(pct)
    return predictions


def score_creatives(runtime: WorkspaceRuntime, ad_ids: list[str] | None = None, all: bool = False,
                    text: str | None = None, file: str | Path | None = None, metric: str = "ctr_link", *,
                    data: AccountData | None = None, use_embeddings: bool = True,
                    retrain: bool = False) -> ScoresResult:
    """Post-spend scores for ads with data (`ad_ids` / `all`), pre-launch scores for `text` or a variant `file`."""

    spec = metric_spec(metric)
    if not (ad_ids or all or text or file):
        raise InputError("Nothing to score: give a FILE, --ad ID, --all or --text.", field="target")
    scores: list[CreativeScore] = []
    notes: list[str] = []
    info: ModelInfo | None = None
    account = None
    if ad_ids or all:
        account = _require_data(runtime, data)
        if account.daily.empty:
            raise InsufficientDataError("The data given has no daily rows: nothing to score.")
        totals, _post, _ = ad_posteriors(account, metric)
        if ad_ids:
            wanted = _resolve_ads(account, totals, ad_ids)
        else:
            wanted = list(totals.sort_values("percentile", ascending=False).index)
        for ad_id in wanted:
            row = totals.loc[ad_id]
            scores.append(CreativeScore(
                id=str(ad_id), name=account.ads["ad_name"].get(ad_id), kind="post_spend",
                score=float(round(row["percentile"])), percentile=float(row["percentile"]),
                predicted=Prediction(metric=metric, value=float(display_value(row["posterior_mean"], spec)),
                                     interval=display_interval(row["lo"], row["hi"], spec),
                                     note="posterior (90 % interval) from this ad's own delivery"),
                probability_beats_median=round(float(row["p_beats_median"]), 4),
                evidence={"exposure": float(row["exposure"]), "count": float(row["count"]),
                          "raw": None if not np.isfinite(row["raw"]) else float(display_value(row["raw"], spec))},
            ))
        notes.append("Post-spend scores: percentile of each ad's shrunk (empirical-Bayes) rate among the account's "
                     f"{len(totals)} ads with delivery.")
    candidates: list[Candidate] = []
    if text:
        candidates.append(Candidate(id="text", body=text))
    if file:
        candidates.extend(load_candidates(Path(file)))
    if candidates:
        if account is None and data is not None:
            account = data
        model, version = _ensure_model(runtime, metric, account, use_embeddings, retrain=retrain)
        predictions, percentiles = _predict(model, version, candidates, _features(runtime, use_embeddings))
        for candidate, prediction, pct in zip(candidates, predictions, percentiles, strict=True):
            prediction.score = None if not np.isfinite(pct) else float(pct)
            scores.append(CreativeScore(
                id=candidate.id or "candidate", name=candidate.name or candidate.headline, kind="pre_launch",
                score=None if not np.isfinite(pct) else float(round(pct)),
                percentile=None if not np.isfinite(pct) else float(pct), predicted=prediction))
        info = _model_info(model, version)
        if model.cold_start and model.note:
            notes.append(model.note)
    return ScoresResult(metric=metric, scores=scores, model=info, notes=notes)


def _resolve_ads(account: AccountData, totals: Any, ad_ids: list[str]) -> list[str]:
    by_name = {str(n): i for i, n in account.ads["ad_name"].items() if n}
    out = []
    for raw in ad_ids:
        ad_id = raw if raw in account.ads.index else by_name.get(raw)
        if ad_id is None:
            raise InputError(f"Ad {raw!r} is not in this workspace (looked up by ad ID and by ad name).",
                             field="ad")
        if ad_id not in totals.index:
            raise InsufficientDataError(f"Ad {raw!r} has no delivery yet, so it has no post-spend score; "
                                        "score its variant description (FILE) for a pre-launch prediction.")
        out.append(ad_id)
    return out


def load_candidates(path: Path) -> list[Candidate]:
    """Variants from a JSON/YAML file: one variant, a list, {"variants": [...]}, or an extractor blueprint."""
    import yaml
    from pydantic import ValidationError

    if not path.exists():
        raise InputError(f"File {path} does not exist.", file=str(path))
    try:
        text = path.read_text(encoding="utf-8")
        payload = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise InputError(f"Cannot read {path}: {exc}. Expected a JSON or YAML variant or blueprint.",
                         file=str(path)) from exc
    items = payload
    if isinstance(payload, dict):
        items = payload.get("variants") or payload.get("candidates") or [payload]
    if not isinstance(items, list) or not items:
        raise InputError(f"{path}: expected a variant object, a list of variants or {{'variants': [...]}}.",
                         file=str(path))
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(f"{path}: variant #{i + 1} is not an object.", file=str(path), row=i + 1)
        item = blueprint_to_candidate(item) if _looks_like_blueprint(item) else _flat_candidate(item)
        item.setdefault("id", f"variant-{i + 1}")
        try:
            candidate = Candidate.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise InputError(f"{path}: variant #{i + 1}, field {field!r}: {first['msg']}.", file=str(path),
                             row=i + 1, field=field) from exc
        if not (candidate.headline or candidate.body or candidate.attributes or candidate.blueprint):
            raise InputError(f"{path}: variant #{i + 1} has nothing to score; expected headline/body text, "
                             "attributes (hook_type, format, ...) or a blueprint.", file=str(path), row=i + 1)
        out.append(candidate)
    return out


_CANDIDATE_FIELDS = set(Candidate.model_fields)


def _flat_candidate(item: dict[str, Any]) -> dict[str, Any]:
    """Unknown top-level keys (hook_type: ..., format: ...) are attributes."""
    out = {k: v for k, v in item.items() if k in _CANDIDATE_FIELDS}
    extra = {k: v for k, v in item.items() if k not in _CANDIDATE_FIELDS and isinstance(v, str | int | float | bool)}
    out["attributes"] = {**extra, **dict(out.get("attributes") or {})}
    if "text" in item and not out.get("body"):
        out["body"] = item["text"]
    out["attributes"].pop("text", None)
    return out


def _looks_like_blueprint(item: dict[str, Any]) -> bool:
    return isinstance(item.get("copy"), dict) or "shots" in item or "cuts_s" in item


def blueprint_to_candidate(blueprint: dict[str, Any]) -> dict[str, Any]:
    """An extractor blueprint (CLI.md `hookline extract`) as a candidate: copy, hook archetype, offer, kind."""
    copy = blueprint.get("copy") or {}
    hook = blueprint.get("hook") or {}
    attributes: dict[str, Any] = {}
    archetype = copy.get("hook_archetype") or (hook.get("archetype") if isinstance(hook, dict) else None)
    if archetype:
        attributes["hook_type"] = archetype
    if copy.get("offer"):
        attributes["offer"] = copy["offer"]
    return {"id": blueprint.get("id"), "name": blueprint.get("name"), "body": copy.get("text"),
            "headline": copy.get("headline"), "cta": copy.get("cta"), "kind": blueprint.get("kind"),
            "attributes": attributes, "blueprint": blueprint}


# -- audience segments ---------------------------------------------------------------------------------------------

def audience_clusters(runtime: WorkspaceRuntime, file: str | Path | None = None, *, seed: int = 0,
                      k: int | None = None, data: AccountData | None = None) -> ClustersResult:
    """Segments of audience breakdown cells from a breakdown file, or from the workspace's ad-set audiences."""

    config = ClusterConfig(seed=seed, k=k)
    if file is not None:
        path = Path(file)
        return cluster(load_breakdown_file(path), config, source=str(path))
    stored, breakdown = stored_breakdown_frame(runtime) if data is None else (None, None)
    if stored is not None:
        return cluster(stored, config, source=f"workspace {runtime.workspace}: its {breakdown.replace(',', ' × ')} "
                                              "breakdown rows")
    account = _data(runtime, data)
    frame = breakdown_frame(account)
    if frame.empty:
        raise InsufficientDataError("No audience breakdowns in this workspace: no breakdown rows were imported or "
                                    "synced, and its ad sets carry no age/gender/interest/hour values. Import a "
                                    "breakdown export, sync with breakdowns (hookline sync --breakdowns age,gender) "
                                    "or pass one: hookline clusters FILE.")
    return cluster(frame, config, source=f"workspace {runtime.workspace}: its ad sets' audiences")


def stored_breakdown_frame(runtime: WorkspaceRuntime) -> tuple[Any, str | None]:
    """Delivery per ad and audience cell from the imported or synced breakdown rows (`performance_breakdowns`), for
    the breakdown with the most dimensions (age × gender over age alone: cells of different breakdowns overlap and
    must not be mixed); (None, None) when the workspace has none."""
    import pandas as pd
    from sqlalchemy import func, select

    from tools.core.db.models.performance_breakdowns import VALUE_SEPARATOR, PerformanceBreakdown

    row = PerformanceBreakdown
    with runtime.session() as session:
        rows = session.execute(
            select(row.ad_id, row.breakdown, row.value, func.sum(row.impressions), func.sum(row.link_clicks),
                   func.sum(row.spend), func.sum(row.purchases), func.sum(row.conversions))
            .where(row.workspace_id == runtime.workspace_id)
            .group_by(row.ad_id, row.breakdown, row.value)
        ).all()
    impressions: dict[str, float] = {}
    for _ad, key, _value, shown, *_ in rows:
        if all(d in DIMENSIONS for d in key.split(",")):
            impressions[key] = impressions.get(key, 0.0) + float(shown or 0)
    if not impressions:
        return None, None
    breakdown = max(impressions, key=lambda key: (len(key.split(",")), impressions[key], key))
    dims = breakdown.split(",")
    frame = pd.DataFrame([
        {**dict(zip(dims, value.split(VALUE_SEPARATOR), strict=True)), "impressions": float(shown or 0),
         "clicks": float(clicks or 0), "spend": float(spend or 0), "purchases": float(purchases or 0),
         "conversions": float(conversions or 0)}
        for _ad, key, value, shown, clicks, spend, purchases, conversions in rows if key == breakdown])
    return frame, breakdown


def breakdown_frame(account: AccountData) -> Any:
    """Daily totals per ad joined with the ad set's audience breakdown values."""
    import pandas as pd


    audiences = {ad_id: {k: v for k, v in (aud or {}).items() if k in DIMENSIONS}
                 for ad_id, aud in account.ads["audience"].items()}
    if not any(audiences.values()):
        return pd.DataFrame()
    totals = account.daily.groupby("ad_id")[["impressions", "link_clicks", "spend", "purchases", "conversions"]] \
        .sum(min_count=1)
    rows = []
    for ad_id, row in totals.iterrows():
        audience = audiences.get(ad_id) or {}
        if not audience:
            continue
        rows.append({**audience, "impressions": row["impressions"], "clicks": row["link_clicks"] or 0.0,
                     "spend": row["spend"], "purchases": row["purchases"] or 0.0,
                     "conversions": row["conversions"] or 0.0})
    return pd.DataFrame(rows)

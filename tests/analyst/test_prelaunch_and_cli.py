"""Pre-launch model (time-split validated, persisted, versioned), DB loading, and the CLI commands end to end."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
import yaml
from scipy.stats import spearmanr

from tests.analyst.conftest import simulated
from tests.analyst.loader import load_simulated
from tests.conftest import run_cli
from tools.analyst.data import load_account_data
from tools.analyst.features import FeatureConfig
from tools.analyst.predictor import candidate_table, train_prelaunch

NO_EMB = FeatureConfig(use_embeddings=False)


def test_prelaunch_model_predicts_new_creatives_of_another_seed():
    _, data = simulated(7)
    model = train_prelaunch(data, "ctr_link", NO_EMB)
    assert not model.cold_start and model.learner in ("hgb", "linear")
    v = model.validation
    assert v["mae_log"] < v["baseline_mae_log"]  # beats the account average on the newest creatives
    assert v["spearman"] > 0.3
    held_back, _ = simulated(99)  # a different account drawn from the same world
    table = candidate_table([{"id": a, "headline": h, "body": b, "attributes": attrs} for a, h, b, attrs in
                             held_back.ads[["ad_id", "headline", "body", "attributes"]].itertuples(index=False)])
    value, lo, hi = model.predict(table)
    truth = held_back.truth.true_rate("ctr_link").reindex(table.index)
    assert spearmanr(value, truth)[0] > 0.5
    assert np.all(lo < value) and np.all(value < hi)
    coverage = np.mean((truth.to_numpy() >= lo) & (truth.to_numpy() <= hi))
    assert coverage > 0.5


def test_cold_start_falls_back_to_priors_and_says_so():
    _, few = simulated(5, n_creatives=8, weeks=2)
    model = train_prelaunch(few, "ctr_link", NO_EMB)
    assert model.cold_start and "Cold start" in (model.note or "")
    value, lo, hi = model.predict(candidate_table([{"body": "anything"}]))
    assert lo[0] < value[0] < hi[0]
    daily_total = few.daily["link_clicks"].sum() / few.daily["impressions"].sum()
    assert 0.3 * daily_total < value[0] < 3 * daily_total


@pytest.fixture
def loaded_runtime(runtime):
    account, _ = simulated(7)
    load_simulated(runtime, account, audiences=True)
    return runtime, account


def test_sql_loader_round_trips_the_frames(loaded_runtime):
    runtime, account = loaded_runtime
    data = load_account_data(runtime)
    assert len(data.daily) == len(account.daily) and data.currency == "USD"
    assert data.daily["spend"].sum() == pytest.approx(account.daily["spend"].sum())
    assert data.daily["video_plays_3s"].isna().sum() == account.daily["video_plays_3s"].isna().sum()
    first = account.ads.iloc[0]
    assert data.ads.loc[first["ad_id"], "attributes"] == first["attributes"]
    assert data.blueprints == {}  # no blueprints table yet: skipped cleanly


def test_models_are_versioned_persisted_and_fast_to_query(loaded_runtime):
    from tools.analyst import api
    from tools.analyst.registry import latest_record

    runtime, account = loaded_runtime
    first = api.train_model(runtime, use_embeddings=False)
    second = api.train_model(runtime, use_embeddings=False)
    assert (first.version, second.version) == (1, 2)
    record = latest_record(runtime, "ctr_link")
    assert record.version == 2 and record.active and (runtime.home / record.path).exists()
    assert record.validation["mae_log"] < record.validation["baseline_mae_log"]
    candidates = [{"headline": h, "body": b, "attributes": a} for h, b, a in
                  account.ads[["headline", "body", "attributes"]].head(20).itertuples(index=False)]
    api.predict_variants(runtime, candidates, use_embeddings=False)  # warm
    start = time.perf_counter()
    predictions = api.predict_variants(runtime, candidates, use_embeddings=False)
    elapsed = time.perf_counter() - start
    assert len(predictions) == 20 and all(p.model_version == 2 for p in predictions)
    assert all(p.interval[0] < p.value < p.interval[1] and 0 <= p.score <= 100 for p in predictions)
    assert elapsed < 0.5  # typically ~10 ms; loose for a shared CI machine
    good = {"headline": "x", "body": "y", "attributes": {"Hook type": "Testimonial", "Format": "UGC video"}}
    bad = {"headline": "x", "body": "y", "attributes": {"Hook type": "Bold claim", "Format": "Static image"}}
    p_good, p_bad = api.predict_variants(runtime, [good, bad], use_embeddings=False)
    assert p_good.value > p_bad.value


def test_cli_commands_on_a_loaded_workspace(tmp_path, home):
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings

    account, _ = simulated(7)
    runtime = build_runtime(Settings(home=home, _env_file=None), "default")
    load_simulated(runtime, account)
    forget_databases()

    out = run_cli(["insights", "--json"], home=home)
    assert out.returncode == 0, out.stderr
    insights = json.loads(out.stdout)["insights"]
    top = next(i for i in insights if i["value"] == "testimonial" and i["attribute"] == "hook_type")
    assert top["effect"] > 0.1 and top["ci"][0] > 0 and top["n"] > 10 and "sentence" in top

    variants = tmp_path / "variants.yaml"
    variants.write_text(yaml.safe_dump({"variants": [
        {"headline": "\"My skin has never looked this good\"", "body": "Real review from a verified buyer.",
         "hook_type": "Testimonial", "format": "UGC video"},
        {"headline": "The last serum you'll ever buy", "body": "Nothing else comes close.",
         "hook_type": "Bold claim", "format": "Static image"}]}))
    out = run_cli(["--json", "score", str(variants), "--no-embeddings"], home=home)
    assert out.returncode == 0, out.stderr
    scores = json.loads(out.stdout)["scores"]
    assert [s["kind"] for s in scores] == ["pre_launch", "pre_launch"]
    assert scores[0]["predicted"]["value"] > scores[1]["predicted"]["value"]
    assert scores[0]["predicted"]["metric"] == "ctr_link" and len(scores[0]["predicted"]["interval"]) == 2

    ad = account.ads["ad_id"].iloc[3]
    out = run_cli(["score", "--ad", ad, "--json"], home=home)
    assert out.returncode == 0, out.stderr
    (scored,) = json.loads(out.stdout)["scores"]
    assert scored["id"] == ad and 0 <= scored["score"] <= 100 and scored["kind"] == "post_spend"

    out = run_cli(["decide", "--json"], home=home)
    assert out.returncode == 0, out.stderr
    decisions = json.loads(out.stdout)
    assert set(decisions) >= {"kill", "scale", "wait"}
    assert all({"ad_id", "reason", "probability"} <= set(d) for d in decisions["kill"] + decisions["wait"])

    out = run_cli(["score", "--ad", "no-such-ad", "--json"], home=home)
    assert out.returncode == 2 and "no-such-ad" in out.stderr
    out = run_cli(["insights", "--metric", "likes", "--json"], home=home)
    assert out.returncode == 2 and "expected one of" in json.loads(out.stdout)["error"]["message"]


def test_cli_clusters_on_the_kaggle_file(home):
    from tests.conftest import KAGGLE_CSV

    out = run_cli(["clusters", str(KAGGLE_CSV), "--json"], home=home)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["k"] == len(result["segments"]) >= 3
    assert all(s["name"] and s["kpis"]["ctr"] > 0 for s in result["segments"])

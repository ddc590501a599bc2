"""`hookline briefs` as a user runs it (the JSON contract, the human view, errors naming the field, a fast --help),
and the `brief:` creator source: parsed strictly, and resolved into a source with the brief's elements."""

from __future__ import annotations

import json
import time

import pytest

from tests.analyst.loader import load_simulated
from tests.conftest import run_cli
from tests.strategist.planted import brand_edit_for, planted_account
from tools.core.errors import InputError
from tools.creator.brief_source import brief_source, parse_brief_source

KEYS = {"title", "attributes", "avoid", "hooks", "formats", "why", "evidence", "untested", "iteration_of",
        "reference_ads", "confidence"}


def test_briefs_command_prints_the_contract(home) -> None:  # type: ignore[no-untyped-def]
    from tools.brand.api import brand_edit
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings

    account, fatigued = planted_account()
    runtime = build_runtime(Settings(home=home, _env_file=None), "default")
    load_simulated(runtime, account)
    brand_edit(runtime, brand_edit_for(account.brand))
    forget_databases()

    out = run_cli(["--json", "briefs", "-n", "4", "--period", "last-90-days"], home=home)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert len(doc["briefs"]) == 4 and set(doc["briefs"][0]) >= KEYS
    assert doc["velocity"]["target"] == 20 and doc["period"]["end"] == "2026-11-22"
    assert any(b["iteration_of"] == fatigued for b in doc["briefs"])

    human = run_cli(["briefs", "-n", "2"], home=home)
    assert human.returncode == 0, human.stderr
    assert "1. " in human.stdout and "make it: hookline variants --from 'brief:" in human.stdout
    assert "Creative velocity" in human.stdout

    bad = run_cli(["briefs", "-n", "11"], home=home)
    assert bad.returncode == 2 and "between 1 and 10" in bad.stderr
    bad_period = run_cli(["briefs", "--period", "next-tuesday"], home=home)
    assert bad_period.returncode == 2 and "period" in bad_period.stderr.lower()


def test_briefs_help_is_fast(home) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    out = run_cli(["briefs", "--help"], home=home)
    assert out.returncode == 0 and "--period" in out.stdout
    assert time.perf_counter() - started < 5.0  # a fresh interpreter; the command body imports nothing heavy


def test_brief_source_round_trip_and_strict_parsing() -> None:
    source = brief_source({"Format": "UGC video", "offer": "20% off"}, "testimonial", "120210007000000125")
    assert source == "brief:hook=testimonial+format=ugc_video+offer=20_off+from=120210007000000125"
    spec = parse_brief_source(source)
    assert spec.attributes == {"format": "ugc_video", "offer": "20_off"}
    assert spec.archetype == "testimonial" and spec.iteration_of == "120210007000000125"
    for bad, why in [("brief:", "names no elements"), ("brief:format", "not FIELD=VALUE"),
                     ("brief:format=UGC video", "lower-case"), ("brief:from=1 2", "ad id"),
                     ("ad:123", "not a brief source"), ("brief:" + "a=b+" * 200 + "c=d", "at most")]:
        with pytest.raises(InputError, match=why):
            parse_brief_source(bad)


def test_brief_source_resolves_to_the_briefs_elements(runtime) -> None:  # type: ignore[no-untyped-def]
    from tools.creator.sources import resolve_source

    account, fatigued = planted_account()
    load_simulated(runtime, account)
    fresh = resolve_source(runtime, "brief:hook=testimonial+format=ugc_video+offer=20_off")
    assert fresh.summary.kind == "brief" and fresh.summary.archetype == "testimonial"
    assert fresh.attributes == {"format": "ugc_video", "offer": "20_off", "kind": "video"}
    assert fresh.texts == [] and fresh.summary.ad_id is None
    iteration = resolve_source(runtime, f"brief:format=ugc_video+hook_type=question+from={fatigued}")
    assert iteration.summary.ad_id == fatigued and iteration.summary.archetype == "question"
    assert iteration.texts  # starts from the fatiguing ad's own copy
    assert iteration.attributes["format"] == "ugc_video" and iteration.attributes["kind"] == "video"
    with pytest.raises(InputError, match="No ad with id"):
        resolve_source(runtime, "brief:format=ugc_video+from=999")

"""Variants from brand books of different shapes and industries, through the real path: a workspace whose export
has no ad copy (the winner's words are unknown), the book added with `brand_add`, `generate_variants(-n 20)` with the
offline engine, the real MiniLM model and the analyst's real pre-launch model.

Every variant of every book goes through an independent copy oracle (tests/creator/copy_oracle.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.creator.copy_oracle import variant_problems
from tools.brand.api import brand_add, brand_profile
from tools.core.errors import InsufficientDataError
from tools.core.runtime import build_runtime
from tools.core.settings import Settings
from tools.creator.api import generate_variants
from tools.ingest.api import ingest_files
from tools.simulator import SimConfig, simulate_account
from tools.simulator.config import DATA_DIR

BOOKS = Path(__file__).resolve().parent / "books"
MOSSBREW = Path(__file__).resolve().parents[2] / "tools" / "brand" / "samples" / "mossbrew_brand_book.md"
WRITABLE = [MOSSBREW, *sorted(p for folder in ("tuning", "frozen") for p in (BOOKS / folder).iterdir()
                              if p.with_name(p.stem + ".expected.yaml").exists() and p.stem != "voice_only")]


@pytest.fixture(scope="module")
def home_and_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("books-home")
    full = simulate_account(SimConfig(brand_file=DATA_DIR / "brand_mossbrew.yaml", n_creatives=60, weeks=6)
                            ).write(home / "export_full.csv")
    frame = pd.read_csv(full).drop(columns=["Headline", "Body", "Call to action type"])
    export = home / "export_no_copy.csv"
    frame.to_csv(export, index=False)
    return home, export


def _workspace(home: Path, export: Path, book: Path):  # type: ignore[no-untyped-def]
    runtime = build_runtime(Settings(home=home, _env_file=None), f"book-{book.stem.replace('_', '-')}")
    ingest_files(runtime, [export])
    brand_add(runtime, [book])
    return runtime


def _expected(book: Path) -> dict:
    path = book.with_name(book.stem + ".expected.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


@pytest.mark.parametrize("book", WRITABLE, ids=[p.stem for p in WRITABLE])
def test_twenty_clean_distinct_honest_variants(home_and_export, book: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runtime = _workspace(*home_and_export, book)
    profile = brand_profile(runtime)
    result = generate_variants(runtime, n=20, formats=["1x1"], out_dir=tmp_path / "out")
    variants = result.variants
    assert len(variants) == 20, result.warnings
    assert len({(v.ad_copy.hook.lower(), v.ad_copy.headline.lower()) for v in variants}) >= 18
    assert len({v.ad_copy.hook.lower() for v in variants}) >= 16
    banned = profile.banned_words + profile.banned_claims + [
        *_expected(book).get("banned_words", []), *_expected(book).get("banned_claims", [])]
    quotes = [p.text for p in profile.proof if p.kind in ("quote", "press")]
    problems = {v.ad_copy.hook: variant_problems(*v.ad_copy.texts(), banned=banned, real_quotes=quotes)
                for v in variants}
    assert not {hook: found for hook, found in problems.items() if found}
    # the brand's notes to itself never become copy
    text = " ".join(" ".join(v.ad_copy.texts()) for v in variants).lower()
    for rule in profile.voice_rules:
        assert rule.lower().rstrip(".") not in text
    for section in profile.unusable_sections:  # e.g. photography notes, document history
        assert section.lower() not in text
    # numbers only from the book (no invented discounts, ratings or results)
    book_text = book.read_text(encoding="utf-8")
    for variant in variants:
        for number in __import__("re").findall(r"\d+(?:[.,]\d+)?", " ".join(variant.ad_copy.texts())):
            assert number in book_text, (number, variant.ad_copy)
    # scores discriminate, and the result says how far they spread and what they rest on
    scores = [v.score for v in variants]
    assert len(set(scores)) > 1
    assert result.scoring is not None and result.scoring.distinct_scores == len(set(scores))
    assert result.scoring.min_score == min(scores) and result.scoring.max_score == max(scores)
    assert "workspace model" in result.scoring.basis


def test_a_book_with_only_a_voice_line_gets_no_copy_and_a_list_of_what_to_add(home_and_export) -> None:  # type: ignore[no-untyped-def]
    runtime = _workspace(*home_and_export, BOOKS / "frozen" / "voice_only.md")
    with pytest.raises(InsufficientDataError) as info:
        generate_variants(runtime, n=20, formats=["1x1"])
    message = str(info.value)
    for needed in ("what the product is", "value propositions", "proof", "calls to action", "offers"):
        assert needed in message
    assert not (runtime.assets_dir / "variants").exists() or not any((runtime.assets_dir / "variants").iterdir())

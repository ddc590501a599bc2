"""Fixtures of the ingest tests: the real Kaggle export, found beside whichever checkout runs the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA

KAGGLE = "kag_conversion_data.csv"


@pytest.fixture(scope="session")
def kaggle_csv() -> Path:
    candidates = [SHARED_DATA / KAGGLE]
    candidates += [parent / "shared" / "data" / KAGGLE for parent in Path(__file__).resolve().parents]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    pytest.fail(f"{KAGGLE} not found in a shared/data folder above {Path(__file__).resolve().parent}")

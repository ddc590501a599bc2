"""Fixtures of the ingest tests: the real Kaggle export kept with the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import KAGGLE_CSV


@pytest.fixture(scope="session")
def kaggle_csv() -> Path:
    if not KAGGLE_CSV.is_file():
        pytest.fail(f"{KAGGLE_CSV} is missing (see tests/data/README.md)")
    return KAGGLE_CSV

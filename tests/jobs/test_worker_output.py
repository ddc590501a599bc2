"""`hookline worker` output: one clear warning when started as root, and Celery's own root warning silenced."""

from __future__ import annotations

import logging
import warnings

import pytest

from integrations.worker import warn_if_root


@pytest.mark.parametrize("euid, expected", [(0, 1), (1000, 0)])
def test_one_warning_as_root_and_none_otherwise(monkeypatch, caplog, euid: int, expected: int) -> None:
    monkeypatch.setattr("os.geteuid", lambda: euid)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with caplog.at_level(logging.WARNING, logger="hookline.jobs"):
            warn_if_root()
            # what Celery raises per process when it runs as root: filtered, not printed once per child
            warnings.warn("You're running the worker with superuser privileges: this is absolutely not "
                          "recommended!", RuntimeWarning, stacklevel=1)
    ours = [r for r in caplog.records if "running as root" in r.getMessage()]
    assert len(ours) == expected
    assert not [w for w in caught if "superuser privileges" in str(w.message)]

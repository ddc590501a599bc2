"""One JSON encoding: what `--json`, tool results, job payloads and JSON columns get for Hookline values."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from uuid import UUID

import numpy as np
import pytest
from pydantic import BaseModel

from tools.core.jsonio import dumps, to_jsonable


class Kind(Enum):
    IMAGE = "image"


@dataclass
class Row:
    path: Path
    score: float


class Model(BaseModel):
    day: date
    ratio: float
    rows: list[Row]


def test_hookline_values_become_plain_json() -> None:
    value = {
        "model": Model(day=date(2026, 11, 16), ratio=math.nan, rows=[Row(Path("/a/b.png"), 0.5)]),
        "when": datetime(2026, 11, 16, 9, 30, tzinfo=UTC), "money": Decimal("12.50"), "kind": Kind.IMAGE,
        "id": UUID(int=1), "np": [np.float64(1.5), np.int64(3), np.bool_(True)], "array": np.array([[1, 2], [3, 4]]),
        "bad": [math.nan, math.inf, -math.inf, Decimal("NaN"), np.float32("nan")], 7: ("t", "u"), "set": {"x"},
    }
    assert to_jsonable(value) == {
        "model": {"day": "2026-11-16", "ratio": None, "rows": [{"path": "/a/b.png", "score": 0.5}]},
        "when": "2026-11-16T09:30:00+00:00", "money": 12.5, "kind": "image", "id": str(UUID(int=1)),
        "np": [1.5, 3, True], "array": [[1, 2], [3, 4]], "bad": [None] * 5, "7": ["t", "u"], "set": ["x"],
    }
    assert json.loads(dumps(value)) == to_jsonable(value)


def test_layouts_compact_and_indented() -> None:
    value = {"b": "café", "a": [1, 2]}
    assert dumps(value, compact=True) == '{"b":"café","a":[1,2]}'  # one line, UTF-8 as is
    assert dumps(value, compact=True, sort_keys=True) == '{"a":[1,2],"b":"café"}'
    assert dumps(value) == '{\n  "b": "café",\n  "a": [\n    1,\n    2\n  ]\n}'


def test_unknown_objects_are_refused_not_guessed() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"when": object()})

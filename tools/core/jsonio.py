"""JSON for Hookline values: the one encoder behind `--json`, tool results, job payloads, files and JSON columns.

Why one: the CLI, the tool wrappers and the job store each carried a converter of their own and they disagreed
(dataclasses in one, Decimal, numpy and NaN in another, `default=str` in a third), so the same value came out as
different JSON depending on the path it took.
"""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any
from uuid import UUID


def to_jsonable(value: Any) -> Any:
    """Plain JSON values from pydantic models, dataclasses, dates, paths, Decimals, enums, UUIDs, numpy scalars and
    arrays; NaN and ±infinity become null (JSON has neither). Anything else is returned unchanged, so `dumps`
    refuses it with a TypeError instead of guessing a string for it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):  # numpy's float64 too
        return float(value) if math.isfinite(value) else None
    if hasattr(value, "model_dump") and not isinstance(value, type):  # pydantic, without importing it (CLI start-up)
        return to_jsonable(value.model_dump(mode="json"))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Decimal):
        return to_jsonable(float(value))
    if isinstance(value, Enum):
        return to_jsonable(value.value)
    if isinstance(value, UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if callable(getattr(value, "tolist", None)):  # numpy scalars and arrays, without importing numpy
        return to_jsonable(value.tolist())
    return value


def dumps(value: Any, *, compact: bool = False, sort_keys: bool = False) -> str:
    """`value` as JSON text (UTF-8, not \\u-escaped). `compact`: one line without spaces, for machines, protocols
    and storage; otherwise indented by two for people. TypeError for values `to_jsonable` does not know."""
    return json.dumps(to_jsonable(value), ensure_ascii=False, sort_keys=sort_keys, allow_nan=False,
                      indent=None if compact else 2, separators=(",", ":") if compact else None)

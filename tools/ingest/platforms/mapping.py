"""The `--mapping MAP.yml` file: name columns the alias map does not know, or override what it guessed.

```yaml
source: generic            # optional; meta | tiktok | generic (else --source / auto-detection)
columns:                   # canonical field: header in the file (null un-maps a guessed column)
  day: Date
  ad_id: Creative code
  spend: Cost (net)
  purchases: Orders
date_format: "%d/%m/%Y"    # optional strptime format for the date column
currency: EUR              # optional; used when the export does not say
account: brand-eu          # optional account ID for files without an account column
attributes: [Hook type]    # optional; always keep these columns as creative attributes
audience: [age, gender]    # optional; also store these on the ad set's audience
ignore: [Notes]            # optional; never read these columns
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tools.core.errors import InputError
from tools.ingest.platforms.fields import FIELDS


class ColumnMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Literal["meta", "tiktok", "generic"] | None = None
    columns: dict[str, str | None] = Field(default_factory=dict)
    date_format: str | None = None
    currency: str | None = None
    account: str | None = None
    attributes: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, str | None]) -> dict[str, str | None]:
        unknown = [name for name in columns if name not in FIELDS]
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; valid fields: {', '.join(FIELDS)}")
        return columns

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ValueError(f"{value!r} is not a 3-letter currency code such as EUR or USD")
        return code

    @field_validator("date_format")
    @classmethod
    def _date_format(cls, value: str | None) -> str | None:
        if value is not None and "%" not in value:
            raise ValueError(f"{value!r} is not a strptime format; use e.g. \"%d/%m/%Y\"")
        return value


def load_mapping(path: str | Path) -> ColumnMapping:
    """Read and validate a mapping file; every problem becomes an InputError naming the file and the field."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: mapping file not found.", file=str(path), field="mapping")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name}: not valid YAML ({exc}).", file=str(path), field="mapping") from exc
    if not isinstance(data, dict):
        raise InputError(
            f"{path.name}: expected a YAML mapping with keys such as 'columns:' and 'date_format:'.",
            file=str(path), field="mapping",
        )
    try:
        return ColumnMapping.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'file'}: {error['msg'].removeprefix('Value error, ')}"
            for error in exc.errors()
        )
        raise InputError(f"{path.name}: invalid mapping file: {problems}.", file=str(path), field="mapping") from exc


def as_mapping(value: ColumnMapping | dict | str | Path | None) -> ColumnMapping | None:
    """Accept a mapping object, a plain dict (API callers) or a path to a YAML file."""
    if value is None or isinstance(value, ColumnMapping):
        return value
    if isinstance(value, dict):
        try:
            return ColumnMapping.model_validate(value)
        except ValidationError as exc:
            raise InputError(f"invalid mapping: {exc.errors()[0]['msg']}", field="mapping") from exc
    return load_mapping(value)

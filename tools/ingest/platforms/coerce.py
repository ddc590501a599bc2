"""Vectorised coercion of export columns: text → factor codes, numbers, dates; errors name the row and the value.

Why vectorised: a daily export has a million rows; per-cell Python would dominate the import. Numbers go through
pyarrow kernels; text and dates are factorised so only the distinct values (a few thousand) are handled in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tools.core.errors import InputError

RowNumber = Callable[[int], int]
EPOCH = date(1970, 1, 1)


@dataclass
class Codes:
    """A factorised text column: `codes[i]` indexes `values`, -1 where the cell is empty."""

    codes: np.ndarray
    values: list[str]

    @property
    def valid(self) -> np.ndarray:
        return self.codes >= 0

    def at(self, index: int) -> str | None:
        code = int(self.codes[index])
        return self.values[code] if code >= 0 else None

    def take(self, indices: np.ndarray) -> list[str | None]:
        """Values at the given row indices (an index of -1 yields None)."""
        lookup = np.array([*self.values, None], dtype=object)
        codes = np.where(indices >= 0, self.codes[np.maximum(indices, 0)], -1)
        return lookup[codes].tolist()

    @classmethod
    def empty(cls, n: int) -> Codes:
        return cls(np.full(n, -1, dtype=np.int64), [])


def factorize(column: pa.ChunkedArray | pa.Array) -> Codes:
    """Text (or numeric IDs) → Codes; values are stripped and blanks count as empty."""
    if isinstance(column, pa.Array):
        column = pa.chunked_array([column])
    n = len(column)
    if n == 0:
        return Codes(np.zeros(0, dtype=np.int64), [])
    if pa.types.is_null(column.type):
        return Codes.empty(n)
    if not pa.types.is_dictionary(column.type):
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            column = _numbers_as_text(column)
        column = pc.dictionary_encode(column)
    column = column.unify_dictionaries()
    if column.num_chunks == 0:
        return Codes.empty(n)
    dictionary = column.chunk(0).dictionary.to_pylist()
    raw_codes = np.concatenate(
        [c.indices.to_numpy(zero_copy_only=False) if c.null_count == 0
         else pc.fill_null(c.indices, -1).to_numpy(zero_copy_only=False) for c in column.chunks]
    ).astype(np.int64)
    cleaned: dict[str, int] = {}
    remap = np.full(len(dictionary) + 1, -1, dtype=np.int64)  # last slot maps -1 to -1
    for index, value in enumerate(dictionary):
        text = "" if value is None else str(value).strip()
        if text:
            remap[index] = cleaned.setdefault(text, len(cleaned))
    return Codes(remap[raw_codes], list(cleaned))


def _numbers_as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """IDs typed as numbers (Excel cells, inferred ints) → their integer text, without a trailing '.0'."""
    if pa.types.is_floating(column.type):
        values = column.to_numpy()
        integral = np.isfinite(values) & (values == np.round(values))
        text = [None if np.isnan(v) else (str(int(v)) if whole else repr(float(v)))
                for v, whole in zip(values.tolist(), integral.tolist(), strict=True)]
        return pa.chunked_array([pa.array(text, type=pa.string())])
    if pa.types.is_date(column.type) or pa.types.is_timestamp(column.type):
        return pc.cast(pc.cast(column, pa.date32(), safe=False), pa.string())
    return pc.cast(column, pa.string())


# --- numbers --------------------------------------------------------------------------------------------------------

# What exports put in a number cell that has no value (TikTok writes '-'); counted as blank, i.e. 0.
NUMBER_PLACEHOLDERS = ["-", "--", "—", "–", "n/a", "N/A", "NA", "na", "#N/A", "null", "NULL", "None", "none",
                       "nan", "NaN"]

# A number with optional thousands grouping, in the decimal-point or the decimal-comma convention.
_POINT_NUMBER = r"^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_COMMA_NUMBER = r"^[+-]?((\d{1,3}(\.\d{3})+|\d+)(,\d*)?|,\d+)$"
_NOISE = "[\\s\u00a0\u202f\u2009'’$€£¥₹]|^(US\\$|R\\$)"  # spaces (incl. no-break), apostrophes, symbols
_COMMA_DECIMAL = r",\d{1,2}$|,\d{4,}$|\.\d{3},\d"
_POINT_DECIMAL = r"\.\d{1,2}$|\.\d{4,}$|,\d{3}\.\d"


def is_numeric_type(data_type: pa.DataType) -> bool:
    return pa.types.is_integer(data_type) or pa.types.is_floating(data_type) or pa.types.is_decimal(data_type)


def looks_numeric(column: pa.ChunkedArray) -> bool:
    """True when every non-empty cell is a number (typed, or text such as '1.234,5' from a localised export)."""
    if is_numeric_type(column.type):
        return True
    if pa.types.is_dictionary(column.type):
        column = pc.cast(column, pa.string())
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return False
    column = pc.unique(column)  # the distinct values decide; far fewer than the rows
    column = column.filter(pc.invert(pc.is_in(pc.utf8_trim_whitespace(column), pa.array(NUMBER_PLACEHOLDERS))))
    cleaned = pc.replace_substring(pc.replace_substring_regex(column, _NOISE, ""), ",", "")
    cleaned = pc.replace_substring(cleaned, ".", "", max_replacements=None)
    valid = pc.drop_null(cleaned)
    if len(valid) == 0:
        return False
    return bool(pc.all(pc.match_substring_regex(valid, r"^[+-]?\d+([eE][+-]?\d+)?$")).as_py())


def to_numbers(column: pa.ChunkedArray, *, file: str, header: str, row_number: RowNumber,
               decimal_comma: bool) -> np.ndarray:
    """A measure column → float64 (blank cells are 0); InputError names the first cell that is not a number."""
    if pa.types.is_null(column.type):
        return np.zeros(len(column), dtype=np.float64)
    if is_numeric_type(column.type):
        values = pc.fill_null(column, 0).to_numpy().astype(np.float64, copy=False)
    else:
        values = _text_numbers(column, file=file, header=header, row_number=row_number, decimal_comma=decimal_comma)
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
    if bad.size:
        index = int(bad[0])
        raise InputError(
            f"{file}, row {row_number(index)}, column '{header}': {_shown(values[index])} is not a valid amount; "
            "expected a number of 0 or more (a blank cell means 0).",
            file=file, row=row_number(index), column=header,
        )
    return values


def _shown(value: float) -> str:
    """A number as the user wrote it (`-25`, `1.5`, `infinity`), never a NumPy repr such as `np.float64(-25.0)`."""
    number = float(value)
    if np.isnan(number):
        return "NaN (not a number)"
    if np.isinf(number):
        return "infinity" if number > 0 else "minus infinity"
    return f"{number:.15g}"


def _text_numbers(column: pa.ChunkedArray, *, file: str, header: str, row_number: RowNumber,
                  decimal_comma: bool) -> np.ndarray:
    if pa.types.is_dictionary(column.type):
        column = pc.cast(column, pa.string())
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    cleaned = pc.replace_substring_regex(column, _NOISE, "")
    placeholder = pc.is_in(cleaned, pa.array(NUMBER_PLACEHOLDERS))
    cleaned = pc.if_else(placeholder, pa.scalar(None, pa.string()), cleaned)
    comma = bool(pc.any(pc.match_substring_regex(cleaned, _COMMA_DECIMAL)).as_py() or False)
    point = bool(pc.any(pc.match_substring_regex(cleaned, _POINT_DECIMAL)).as_py() or False)
    use_comma = comma if comma != point else decimal_comma
    ok = pc.fill_null(pc.match_substring_regex(cleaned, _COMMA_NUMBER if use_comma else _POINT_NUMBER), True)
    if not pc.all(ok).as_py():
        index = int(pc.index(ok, False).as_py())
        value = column[index].as_py()
        raise InputError(
            f"{file}, row {row_number(index)}, column '{header}': {value!r} is not a number; expected a number such "
            "as 1234 or 1234.56 (a blank cell means 0).",
            file=file, row=row_number(index), column=header,
        )
    if use_comma:
        cleaned = pc.replace_substring(pc.replace_substring(cleaned, ".", ""), ",", ".")
    else:
        cleaned = pc.replace_substring(cleaned, ",", "")
    return pc.fill_null(pc.cast(cleaned, pa.float64()), 0).to_numpy().astype(np.float64, copy=False)


# --- dates ----------------------------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T,].*)?$")
_NAMED_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y", "%d-%b-%y", "%b %d %Y")
_DATE_HINT = "a date such as 2024-03-31, 31/03/2024 or 03/31/2024"


def to_days(column: pa.ChunkedArray, *, file: str, header: str, row_number: RowNumber,
            date_format: str | None = None) -> np.ndarray:
    """A date column → int64 days since 1970-01-01. Day-first vs month-first is decided from the data."""
    data_type = column.type
    if pa.types.is_date(data_type) or pa.types.is_timestamp(data_type):
        days = pc.cast(pc.cast(column, pa.date32(), safe=False), pa.int32())
        _require_dates(days, file=file, header=header, row_number=row_number)
        return days.to_numpy().astype(np.int64)
    codes = factorize(column)
    _require_codes(codes, file=file, header=header, row_number=row_number)
    parsed = _parse_dates(codes, file=file, header=header, row_number=row_number, date_format=date_format)
    lookup = np.array([(d - EPOCH).days for d in parsed], dtype=np.int64)
    return lookup[codes.codes]


def _require_dates(days: pa.ChunkedArray, *, file: str, header: str, row_number: RowNumber) -> None:
    if days.null_count:
        index = int(pc.index(pc.is_null(days), True).as_py())
        raise InputError(
            f"{file}, row {row_number(index)}, column '{header}': the date is empty; expected {_DATE_HINT}.",
            file=file, row=row_number(index), column=header,
        )


def _require_codes(codes: Codes, *, file: str, header: str, row_number: RowNumber) -> None:
    missing = np.flatnonzero(codes.codes < 0)
    if missing.size:
        index = int(missing[0])
        raise InputError(
            f"{file}, row {row_number(index)}, column '{header}': the date is empty; expected {_DATE_HINT}.",
            file=file, row=row_number(index), column=header,
        )


def _first_row(codes: Codes, value_index: int) -> int:
    return int(np.flatnonzero(codes.codes == value_index)[0])


def _bad_date(codes: Codes, value_index: int, *, file: str, header: str, row_number: RowNumber,
              expected: str = _DATE_HINT) -> InputError:
    index = _first_row(codes, value_index)
    return InputError(
        f"{file}, row {row_number(index)}, column '{header}': {codes.values[value_index]!r} is not a date; "
        f"expected {expected}.",
        file=file, row=row_number(index), column=header,
    )


def _parse_dates(codes: Codes, *, file: str, header: str, row_number: RowNumber,
                 date_format: str | None) -> list[date]:
    if date_format:
        result = []
        for index, text in enumerate(codes.values):
            try:
                result.append(datetime.strptime(text, date_format).date())
            except ValueError:
                raise _bad_date(codes, index, file=file, header=header, row_number=row_number,
                                expected=f"a date in the mapping's date_format {date_format!r}") from None
        return result
    parsed: list[date | None] = [None] * len(codes.values)
    pending: list[tuple[int, int, int, int]] = []  # (value index, first number, second number, year)
    for index, text in enumerate(codes.values):
        if match := _ISO.match(text) or _COMPACT.match(text):
            parsed[index] = _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if parsed[index] is None:
                raise _bad_date(codes, index, file=file, header=header, row_number=row_number)
        elif match := _NUMERIC.match(text):
            year = int(match.group(3))
            pending.append((index, int(match.group(1)), int(match.group(2)), year + 2000 if year < 100 else year))
        else:
            parsed[index] = _named_date(text)
            if parsed[index] is None:
                raise _bad_date(codes, index, file=file, header=header, row_number=row_number)
    if pending:
        _settle_order(pending, parsed, codes, file=file, header=header, row_number=row_number)
    return [d for d in parsed if d is not None]


def _settle_order(pending: list[tuple[int, int, int, int]], parsed: list[date | None], codes: Codes, *, file: str,
                  header: str, row_number: RowNumber) -> None:
    """Numeric dates: day-first if some first number exceeds 12, month-first if some second one does."""
    day_first = [_make_date(y, b, a) for _, a, b, y in pending]
    month_first = [_make_date(y, a, b) for _, a, b, y in pending]
    day_first_ok = all(d is not None for d in day_first)
    month_first_ok = all(d is not None for d in month_first)
    if day_first_ok and month_first_ok and day_first != month_first:
        example = codes.values[pending[0][0]]
        raise InputError(
            f"{file}, column '{header}': dates such as {example!r} could be day-first or month-first and no value "
            "in the file settles it (no day above 12). Name the format in a mapping file, e.g. "
            "'date_format: \"%d/%m/%Y\"' (or \"%m/%d/%Y\"), and pass it with --mapping.",
            file=file, column=header,
        )
    if day_first_ok:
        chosen = day_first
    elif month_first_ok:
        chosen = month_first
    else:
        # Neither order fits every value: report a value that fails the order most of the file supports.
        fails_day = [i for (i, *_), d in zip(pending, day_first, strict=True) if d is None]
        fails_month = [i for (i, *_), d in zip(pending, month_first, strict=True) if d is None]
        culprit = fails_day[0] if len(fails_day) <= len(fails_month) else fails_month[0]
        raise _bad_date(codes, culprit, file=file, header=header, row_number=row_number,
                        expected=f"{_DATE_HINT}, in the same order throughout the file")
    for (index, *_), value in zip(pending, chosen, strict=True):
        parsed[index] = value


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _named_date(text: str) -> date | None:
    for fmt in _NAMED_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None

"""Readers: a CSV or XLSX export → its header row, then the wanted columns as a pyarrow table.

Why two steps: the header decides the platform and which columns matter, so the (multi-threaded) CSV read can skip
the ratios and metadata we never store and read IDs as text (leading zeros, 18-digit Meta IDs). Localised Excel
writes UTF-16 "Unicode text", `;` delimiters and decimal commas; all of that is sniffed from the first bytes.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow as pa

from tools.core.errors import InputError

ColumnType = Literal["text", "auto"]
# Only a blank cell is empty while reading: 'None' or 'NA' can be a real attribute value (an offer of "None").
# Placeholders such as '-' or 'N/A' count as empty in number columns only (see coerce.py).
NULL_VALUES = [""]
_SAMPLE_BYTES = 1 << 16
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class ExportFile:
    """An opened export: where it is, how it is encoded, and its header row."""

    path: Path
    format: Literal["csv", "xlsx"]
    headers: list[str]
    encoding: str = "utf-8"
    delimiter: str = ","
    skip_lines: int = 0  # lines before the header ("sep=;" hint)
    decimal_comma: bool = False
    header_row: int = 1  # spreadsheet row number of the header
    warnings: list[str] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)  # unique header -> 1-based columns of its name
    _xlsx_columns: list[list[object]] | None = None
    _xlsx_rows: list[int] | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def row_number(self, index: int) -> int:
        """Spreadsheet row number (header = its own row) of the data row at `index`."""
        if self._xlsx_rows is not None:
            return self._xlsx_rows[index]
        return self.header_row + 1 + index


def open_export(path: Path) -> ExportFile:
    """Sniff format, encoding and delimiter; read the header row. Raises InputError for unreadable files."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found.", file=str(path))
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the export file itself.", file=str(path))
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    if not sample.strip():
        raise InputError(f"{path.name}: the file is empty; expected an export with a header row.", file=str(path))
    kind = _binary_kind(sample)
    if kind:
        raise InputError(f"{path.name}: this is {kind}, not a CSV or XLSX export (whatever its name says). Expected an "
                         "ad-performance export: CSV (any delimiter or encoding) or an .xlsx workbook.", file=str(path))
    if sample.startswith(_ZIP_MAGIC):
        return _open_xlsx(path)
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path.name}: this is an old Excel .xls workbook; save it as .xlsx or CSV and import that.",
            file=str(path),
        )
    return _open_csv(path, sample)


_MAGIC = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"%PDF-", "a PDF document"), (b"\x1f\x8b", "a gzip archive"), (b"\x1aE\xdf\xa3", "a WebM/MKV video"),
          (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"))


def _binary_kind(sample: bytes) -> str | None:
    """What a file that is plainly not a table is (by its first bytes), for the error message."""
    for magic, kind in _MAGIC:
        if sample.startswith(magic):
            return kind
    if sample[:4] == b"RIFF" and sample[8:12] == b"WEBP":
        return "a WebP image"
    if sample[4:8] == b"ftyp":
        return "an MP4/MOV video"
    return None


def read_columns(export: ExportFile, columns: dict[str, ColumnType]) -> pa.Table:
    """The wanted columns (by header) as a table; 'text' columns stay strings, 'auto' ones are type-inferred."""
    if export.format == "xlsx":
        return _xlsx_table(export, columns)
    return _csv_table(export, columns)


# --- CSV ------------------------------------------------------------------------------------------------------------

def _sniff_encoding(sample: bytes) -> tuple[str, str | None]:
    """Codec for the file and, when it is a guess worth telling the user, a warning."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8", None  # pyarrow drops the BOM itself
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and odd.count(0) > len(odd) // 3 and even.count(0) < len(even) // 10:
        return "utf-16-le", None
    if len(sample) >= 4 and even.count(0) > len(even) // 3 and odd.count(0) < len(odd) // 10:
        return "utf-16-be", None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8", None
    except UnicodeDecodeError:
        return "cp1252", "the file is not UTF-8; it was read as Windows-1252 (Western European)"


def _open_csv(path: Path, sample: bytes) -> ExportFile:
    encoding, note = _sniff_encoding(sample)
    text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    skip = 0
    delimiter: str | None = None
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    if skip < len(lines) and lines[skip].lower().startswith("sep=") and len(lines[skip]) >= 5:
        delimiter = lines[skip][4]
        skip += 1
    if skip >= len(lines):
        raise InputError(f"{path.name}: no header row found; expected column names on the first line.", file=str(path))
    header_line = lines[skip]
    if delimiter is None:
        delimiter = _sniff_delimiter(header_line)
    headers = next(csv.reader([header_line], delimiter=delimiter))
    raw = [h.strip().lstrip("\ufeff") for h in headers]
    export = ExportFile(
        path=path, format="csv", headers=_unique_headers(raw), encoding=encoding, delimiter=delimiter,
        skip_lines=skip, decimal_comma=delimiter == ";", header_row=skip + 1, duplicates=duplicate_columns(raw),
    )
    if note:
        export.warnings.append(f"{path.name}: {note}.")
    return export


def _sniff_delimiter(line: str) -> str:
    counts: dict[str, int] = {}
    for candidate in (",", ";", "\t", "|"):
        in_quotes = False
        count = 0
        for ch in line:
            if ch == '"':
                in_quotes = not in_quotes
            elif ch == candidate and not in_quotes:
                count += 1
        counts[candidate] = count
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] > 0 else ","


def duplicate_columns(headers: list[str]) -> dict[str, list[int]]:
    """For each column whose name (any case) is repeated: its unique header -> the 1-based columns of that name."""
    groups: dict[str, list[int]] = {}
    for index, header in enumerate(headers, start=1):
        if header:
            groups.setdefault(header.casefold(), []).append(index)
    unique = _unique_headers(headers)
    return {unique[i - 1]: columns for columns in groups.values() if len(columns) > 1 for i in columns}


def _unique_headers(headers: list[str]) -> list[str]:
    """Blank headers get a placeholder and repeated ones a suffix, so every column can be addressed by name."""
    seen: dict[str, int] = {}
    result = []
    for index, header in enumerate(headers, start=1):
        name = header or f"column {index}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        result.append(name)
    return result


def _csv_table(export: ExportFile, columns: dict[str, ColumnType]) -> pa.Table:
    import pyarrow.csv as pacsv

    def attempt(encoding: str) -> pa.Table:
        read_options = pacsv.ReadOptions(
            encoding=encoding, skip_rows=export.skip_lines + 1, column_names=export.headers, use_threads=True,
        )
        convert_options = pacsv.ConvertOptions(
            include_columns=list(columns),
            column_types={h: pa.string() for h, kind in columns.items() if kind == "text"},
            null_values=NULL_VALUES, strings_can_be_null=True, quoted_strings_can_be_null=True,
            decimal_point="," if export.decimal_comma else ".",
        )
        try:
            # Fast path: rows split at every newline (parallel). A quoted cell with a line break (ad body copy)
            # makes that fail loudly, and the file is read again with quoted newlines allowed.
            return pacsv.read_csv(export.path, read_options, pacsv.ParseOptions(delimiter=export.delimiter),
                                  convert_options)
        except pa.ArrowInvalid:
            parse_options = pacsv.ParseOptions(delimiter=export.delimiter, newlines_in_values=True)
            return pacsv.read_csv(export.path, read_options, parse_options, convert_options)

    try:
        table = attempt(export.encoding)
    except pa.ArrowInvalid as exc:
        raise InputError(
            f"{export.name}: could not read it as a {_describe_delimiter(export.delimiter)}-separated CSV: "
            f"{_arrow_message(exc)}. Every row must have as many cells as the header row.",
            file=str(export.path),
        ) from exc
    if export.encoding == "utf-8" and any(pa.types.is_binary(t) for t in table.schema.types):
        export.encoding = "cp1252"
        export.warnings.append(f"{export.name}: the file is not UTF-8; it was read as Windows-1252 (Western European).")
        table = attempt("cp1252")
    return table


def _describe_delimiter(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter, repr(delimiter))


def _arrow_message(exc: Exception) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return message.removeprefix("CSV parse error: ")


# --- XLSX -----------------------------------------------------------------------------------------------------------

def _open_xlsx(path: Path) -> ExportFile:
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken zip
        raise InputError(f"{path.name}: could not open it as an XLSX workbook ({exc}).", file=str(path)) from exc
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        header_row = 0
        columns: list[list[object]] = []
        row_numbers: list[int] = []
        title = sheet.title
        blanks: dict[int, list[int]] = {}  # row -> 0-based columns read as empty (a formula without a saved value?)
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            width = len(row) if header is None else len(columns)
            empty = [i for i in range(width) if i >= len(row) or row[i] is None]
            if len(empty) < width:
                blanks[number] = empty
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            if header is None:
                header = [("" if v is None else str(v)).strip() for v in row]
                while header and not header[-1]:
                    header.pop()
                header_row = number
                columns = [[] for _ in header]
                continue
            for index, column in enumerate(columns):
                column.append(row[index] if index < len(row) else None)
            row_numbers.append(number)
    finally:
        workbook.close()
    if header is None:
        raise InputError(f"{path.name}: the first sheet is empty; expected a header row.", file=str(path))
    if any(blanks.values()):
        _refuse_uncalculated_formulas(path, title, header, header_row, blanks)
    return ExportFile(
        path=path, format="xlsx", headers=_unique_headers(header), header_row=header_row,
        duplicates=duplicate_columns(header),
        _xlsx_columns=columns, _xlsx_rows=row_numbers,
    )


def _refuse_uncalculated_formulas(path: Path, title: str, header: list[str], header_row: int,
                                  blanks: dict[int, list[int]]) -> None:
    """Exit 2 at the first formula cell that has no saved (cached) value.

    Why: values are read as the workbook last calculated them (openpyxl `data_only`). A file written by a program
    that never calculates (a script with openpyxl, some exporters) has formulas but no values; read as empty they
    would import as 0 spend or an unnamed ad. This second pass reads the formulas only where a cell came back empty.
    """
    import openpyxl
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = workbook[title]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            for index in blanks.get(number, ()):
                value = row[index] if index < len(row) else None
                text = value if isinstance(value, str) else getattr(value, "text", None)  # ArrayFormula
                if isinstance(text, str) and text.startswith("="):
                    cell = f"{get_column_letter(index + 1)}{number}"
                    column = header[index] if number != header_row and index < len(header) else "(header row)"
                    raise InputError(
                        f"{path.name}: sheet '{title}', cell {cell} (column '{column}') holds the formula {text} "
                        "but no saved value, so its value is unknown (it would otherwise import as 0 or empty). The "
                        "program that wrote the file did not calculate it: open and save the workbook in Excel or "
                        "LibreOffice (that stores the values), or export a CSV.",
                        file=str(path), row=number, column=column)
    finally:
        workbook.close()


def _xlsx_table(export: ExportFile, columns: dict[str, ColumnType]) -> pa.Table:
    assert export._xlsx_columns is not None
    arrays = []
    for header in columns:
        values = export._xlsx_columns[export.headers.index(header)]
        arrays.append(_xlsx_array(values, text=columns[header] == "text"))
    return pa.table(arrays, names=list(columns))


def _xlsx_array(values: list[object], *, text: bool) -> pa.Array:
    """Typed cells → one arrow array: numbers stay numbers, dates stay dates, anything mixed becomes text."""
    from datetime import date, datetime

    cleaned = [None if (isinstance(v, str) and not v.strip()) else v for v in values]
    present = [v for v in cleaned if v is not None]
    if not text and present:
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
            return pa.array(cleaned, type=pa.float64())
        if all(isinstance(v, datetime | date) for v in present):
            return pa.array([_as_date(v) for v in cleaned], type=pa.date32())
    return pa.array([None if v is None else _cell_text(v) for v in cleaned], type=pa.string())


def _as_date(value: object) -> object:
    from datetime import datetime

    return value.date() if isinstance(value, datetime) else value


def _cell_text(value: object) -> str:
    from datetime import date, datetime

    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


"""Daily facts: the (ad, day) rows written in bulk with upsert semantics, on SQLite or Postgres.

Why not the ORM: a daily export has a million rows, and per-row objects would cost more than reading the file.
- SQLite: driver-level `executemany` of multi-row `INSERT … ON CONFLICT (ad_id, day) DO UPDATE`, every bound value a
  float taken from one numpy matrix (the day as a Julian day number turned into 'YYYY-MM-DD' by `date()`; NaN binds
  as NULL). A large import drops the table's plain secondary indexes and rebuilds them from their own stored SQL in
  the same transaction (bulk-load practice: building an index once is far cheaper than updating it per row).
- Postgres: `COPY` into a temporary table, then one `INSERT … SELECT … ON CONFLICT DO UPDATE`.
A measure the export does not carry is NULL in the new row and leaves an earlier import's value in place.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import bindparam, delete
from sqlalchemy.engine import Connection

from tools.core.db.models import PerformanceDaily
from tools.ingest.platforms.fields import COUNT_MEASURES, MEASURES, REQUIRED_MEASURES
from tools.ingest.platforms.parse import day_to_date

TABLE = "performance_daily"
JULIAN_EPOCH = 2440587.5  # Julian day number of 1970-01-01 00:00
_BULK_MIN_ROWS = 20_000
_SQLITE_MAX_PARAMS = 999  # the historical default limit, safe on every SQLite build
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass
class FactRows:
    """Rows to upsert, sorted by (ad_id, day); `measures` holds NaN where a file lacks the measure."""

    ad_id: np.ndarray  # int64 database ids
    day: np.ndarray  # int64 days since 1970-01-01
    currency_code: np.ndarray  # int64 per row, index into `currencies`
    currencies: list[str | None]
    measures: dict[str, np.ndarray]  # float64

    def __len__(self) -> int:
        return len(self.day)


@dataclass
class WriteCounts:
    written: int
    inserted: int
    cleared: int


def write_facts(conn: Connection, workspace_id: int, batch_id: int, rows: FactRows,
                clear_ad_id: np.ndarray, clear_day: np.ndarray) -> WriteCounts:
    """Upsert `rows` and delete stored rows at the `clear_*` keys; returns what changed."""
    before = _count(conn, workspace_id)
    cleared = _clear(conn, clear_ad_id, clear_day)
    if len(rows):
        if conn.dialect.name == "postgresql":
            _postgres_upsert(conn, workspace_id, batch_id, rows)
        else:
            _sqlite_upsert(conn, workspace_id, batch_id, rows)
    after = _count(conn, workspace_id)
    return WriteCounts(written=len(rows), inserted=after - before + cleared, cleared=cleared)


def _count(conn: Connection, workspace_id: int) -> int:
    cursor = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {TABLE} WHERE workspace_id = {int(workspace_id)}")
    return int(cursor.scalar() or 0)


def _present(rows: FactRows) -> tuple[list[str], list[str]]:
    """Measures carried by at least one row, and measures absent everywhere (written as NULL literals)."""
    present = [m for m in MEASURES if m in rows.measures and not bool(np.isnan(rows.measures[m]).all())]
    return present, [m for m in MEASURES if m not in present]


def _update_clause(excluded: str) -> str:
    """Required measures are replaced; optional ones keep the stored value when the new export lacks them."""
    parts = [f"workspace_id = {excluded}.workspace_id", f"batch_id = {excluded}.batch_id",
             f"currency = COALESCE({excluded}.currency, {TABLE}.currency)"]
    for name in MEASURES:
        if name in REQUIRED_MEASURES:
            parts.append(f"{name} = {excluded}.{name}")
        else:
            parts.append(f"{name} = COALESCE({excluded}.{name}, {TABLE}.{name})")
    return ", ".join(parts)


def _currency_literal(code: str | None) -> str:
    if code is None:
        return "NULL"
    text = str(code)
    if not _CURRENCY.match(text):
        raise ValueError(f"unexpected currency code {text!r}")
    return f"'{text}'"


def _groups_by_currency(rows: FactRows) -> list[tuple[str | None, np.ndarray | None]]:
    """Rows split by currency (usually one group, returned without an index to avoid a copy)."""
    used = np.flatnonzero(np.bincount(rows.currency_code, minlength=len(rows.currencies)))
    if len(used) == 1:
        return [(rows.currencies[int(used[0])], None)]
    return [(rows.currencies[int(c)], np.flatnonzero(rows.currency_code == c)) for c in used]


# --- SQLite ---------------------------------------------------------------------------------------------------------

def _sqlite_upsert(conn: Connection, workspace_id: int, batch_id: int, rows: FactRows) -> None:
    raw = conn.connection.driver_connection
    present, absent = _present(rows)
    per_row = 2 + len(present)
    batch = max(1, _SQLITE_MAX_PARAMS // per_row)
    columns = ["workspace_id", "batch_id", "currency", "ad_id", "day", *present, *absent]
    cursor = raw.cursor()
    old_cache = cursor.execute("PRAGMA cache_size").fetchone()[0]
    cursor.execute("PRAGMA cache_size = -262144")  # up to 256 MiB of page cache while the import runs
    rebuild = _drop_plain_indexes(cursor) if _bulk_load(cursor, len(rows)) else []
    try:
        for code, index in _groups_by_currency(rows):
            matrix = _matrix(rows, present, index)
            tuple_sql = (f"({int(workspace_id)}, {int(batch_id)}, {_currency_literal(code)}, ?, date(?)"
                         + ", ?" * len(present) + ", NULL" * len(absent) + ")")
            head = f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES "
            tail = f" ON CONFLICT (ad_id, day) DO UPDATE SET {_update_clause('excluded')}"
            full = len(matrix) // batch
            if full:
                statements = matrix[: full * batch].reshape(full, batch * per_row)
                cursor.executemany(head + ", ".join([tuple_sql] * batch) + tail, _in_blocks(statements))
            if len(matrix) > full * batch:
                cursor.executemany(head + tuple_sql + tail, matrix[full * batch:].tolist())
    finally:
        for statement in rebuild:
            cursor.execute(statement)
        cursor.execute(f"PRAGMA cache_size = {int(old_cache)}")
        cursor.close()


def _in_blocks(matrix: np.ndarray, block: int = 256) -> Iterator[list[float]]:
    """Parameter rows made a block at a time, so a million-row import never holds them all as Python floats."""
    for start in range(0, len(matrix), block):
        yield from matrix[start:start + block].tolist()


def _bulk_load(cursor, new_rows: int) -> bool:  # type: ignore[no-untyped-def]
    """Rebuilding an index costs about as much per row as updating it costs per ~10 rows: worth it for big loads."""
    if new_rows < _BULK_MIN_ROWS:
        return False
    stored = cursor.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0]
    return new_rows * 5 >= stored


def _matrix(rows: FactRows, present: Sequence[str], index: np.ndarray | None) -> np.ndarray:
    """All bound values as one float64 matrix: ad id, Julian day, then the measures (counts rounded)."""
    n = len(rows) if index is None else len(index)
    matrix = np.empty((n, 2 + len(present)), dtype=np.float64)

    def pick(values: np.ndarray) -> np.ndarray:
        return values if index is None else values[index]

    matrix[:, 0] = pick(rows.ad_id)
    matrix[:, 1] = pick(rows.day) + JULIAN_EPOCH
    for position, name in enumerate(present, start=2):
        values = pick(rows.measures[name])
        matrix[:, position] = np.rint(values) if name in COUNT_MEASURES else values
    return matrix


def _drop_plain_indexes(cursor) -> list[str]:  # type: ignore[no-untyped-def]
    """Drop the non-unique indexes of the facts table; return the SQL that recreates each exactly."""
    if not cursor.connection.in_transaction:
        return []  # never run DDL outside the import's transaction
    found = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (TABLE,)
    ).fetchall()
    statements = []
    for name, sql in found:
        if re.match(r"\s*CREATE\s+INDEX\b", sql, re.IGNORECASE):
            cursor.execute(f'DROP INDEX "{name}"')
            statements.append(sql)
    return statements


def _clear(conn: Connection, ad_id: np.ndarray, day: np.ndarray) -> int:
    """Delete stored rows for (ad, day) keys the export now reports as nothing delivered."""
    if len(ad_id) == 0:
        return 0
    table = PerformanceDaily.__table__
    statement = delete(table).where(table.c.ad_id == bindparam("b_ad"), table.c.day == bindparam("b_day"))
    params = [{"b_ad": int(a), "b_day": day_to_date(d)} for a, d in zip(ad_id.tolist(), day.tolist(), strict=True)]
    result = conn.execute(statement, params)
    return max(int(result.rowcount or 0), 0)


# --- Postgres -------------------------------------------------------------------------------------------------------

def _postgres_upsert(conn: Connection, workspace_id: int, batch_id: int, rows: FactRows) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    raw = conn.connection.driver_connection
    present, _ = _present(rows)
    temp = f"hookline_facts_{uuid.uuid4().hex[:12]}"
    types = {name: ("integer" if name in COUNT_MEASURES else "double precision") for name in present}
    columns = ["ad_id", "day", "currency", *present]
    arrays = [
        pa.array(rows.ad_id, type=pa.int64()),
        pa.array(rows.day.astype(np.int32), type=pa.int32()).cast(pa.date32()),
        pa.array(np.array(rows.currencies, dtype=object)[rows.currency_code].tolist(), type=pa.string()),
    ]
    for name in present:
        values = rows.measures[name]
        mask = np.isnan(values)
        if name in COUNT_MEASURES:
            arrays.append(pa.array(np.rint(np.where(mask, 0, values)).astype(np.int64), mask=mask))
        else:
            arrays.append(pa.array(values, mask=mask))
    table = pa.table(arrays, names=columns)
    with raw.cursor() as cursor:
        definition = ", ".join(["ad_id integer", "day date", "currency varchar(8)",
                                *(f"{n} {types[n]}" for n in present)])
        cursor.execute(f"CREATE TEMPORARY TABLE {temp} ({definition}) ON COMMIT DROP")
        with cursor.copy(f"COPY {temp} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
            for start in range(0, table.num_rows, 200_000):
                sink = pa.BufferOutputStream()
                pacsv.write_csv(table.slice(start, 200_000), sink, pacsv.WriteOptions(include_header=False))
                copy.write(sink.getvalue().to_pybytes())
        target = ["workspace_id", "batch_id", *columns]
        cursor.execute(
            f"INSERT INTO {TABLE} ({', '.join(target)}) "
            f"SELECT {int(workspace_id)}, {int(batch_id)}, {', '.join(columns)} FROM {temp} "  # COPY'd in key order
            f"ON CONFLICT (ad_id, day) DO UPDATE SET {_update_clause('EXCLUDED')}"
        )
        cursor.execute(f"DROP TABLE IF EXISTS {temp}")

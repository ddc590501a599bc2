"""The ingest seam: `ingest_files(runtime, paths, source, mapping) -> IngestResult`.

Every file is parsed and validated before the database is touched; then dimensions and daily rows of all files are
written in one transaction, so a command either lands completely or changes nothing. Re-importing upserts on
(ad, day): numbers are replaced, never added, and a later file in the same command wins over an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from tools.core.db.models import ImportBatch
from tools.core.domain.ingest import IngestedFile, IngestResult
from tools.core.errors import InputError
from tools.core.runtime import WorkspaceRuntime
from tools.ingest.breakdowns import write_breakdowns
from tools.ingest.dimensions import ResolvedAds, resolve_dimensions
from tools.ingest.facts import FactRows, write_facts
from tools.ingest.platforms.mapping import ColumnMapping, as_mapping
from tools.ingest.platforms.parse import ParsedExport, day_to_date, parse_export

Progress = Callable[[str], None]


def ingest_files(runtime: WorkspaceRuntime, paths: Sequence[str | Path] | str | Path, source: str = "auto",
                 mapping: ColumnMapping | dict | str | Path | None = None, *,
                 progress: Progress | None = None) -> IngestResult:
    """Import ad-performance exports into the runtime's workspace (all files or none)."""
    say = progress or (lambda _message: None)
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    if not files:
        raise InputError("no files given; pass one or more exports (CSV or XLSX).", field="files")
    column_mapping = as_mapping(mapping)
    parsed: list[ParsedExport] = []
    for path in files:
        say(f"Reading {path.name}")
        parsed.append(parse_export(path, source, column_mapping))

    say("Writing to the database")
    with runtime.session() as session:
        result, _ = store_parsed(session, runtime.workspace_id, parsed)
    say(f"Imported {result.rows} rows for {result.ads} ads")
    return result


def store_parsed(session: Session, workspace_id: int, parsed: list[ParsedExport],
                 source: str | None = None) -> tuple[IngestResult, list[ResolvedAds]]:
    """Write parsed rows (files or the Meta sync's pages) inside the caller's transaction: dimensions, daily facts
    (upsert on ad × day) and each export's breakdown rows. Returns the result and each export's database ad ids."""
    batch = ImportBatch(
        workspace_id=workspace_id, source=source or _source_label(parsed), rows=0, ads=0, warnings=[],
        files=[{"path": str(p.path), "source": p.source, "rows": p.rows, "rows_in_file": p.rows_in_file}
               for p in parsed],
    )
    session.add(batch)
    session.flush()
    conn = session.connection()
    resolved = [resolve_dimensions(conn, workspace_id, p) for p in parsed]
    rows, clear_ad, clear_day = _combine(parsed, resolved)
    counts = write_facts(conn, workspace_id, batch.id, rows, clear_ad, clear_day)
    for p, r in zip(parsed, resolved, strict=True):
        if p.breakdown is not None:
            write_breakdowns(conn, workspace_id, batch.id, p.breakdown, r.ad_ids, r.currencies)
    warnings = _unique([w for p, r in zip(parsed, resolved, strict=True) for w in (*p.warnings, *r.warnings)])
    used = [rows.currencies[int(c)] for c in np.flatnonzero(np.bincount(rows.currency_code,
                                                                        minlength=len(rows.currencies)))]
    currency = ",".join(sorted({c for c in used if c})) or None
    if currency and "," in currency:
        warnings.append(f"these files hold accounts in several currencies ({currency}); reports sum money per "
                        "currency, so look at one account at a time.")
    start, end = _date_range(rows.day)
    batch.rows = counts.written
    batch.ads = int(np.count_nonzero(np.diff(rows.ad_id))) + 1 if len(rows) else 0  # rows are in ad order
    batch.date_start, batch.date_end = start, end
    batch.currency = currency[:8] if currency else None
    batch.warnings = warnings
    session.flush()
    result = IngestResult(
        batch_id=batch.id, source=batch.source, rows=counts.written, ads=batch.ads, date_start=start,
        date_end=end, currency=currency, warnings=warnings,
        files=[IngestedFile(path=str(p.path), source=p.source, rows=p.rows, rows_in_file=p.rows_in_file)
               for p in parsed],
        inserted=counts.inserted, updated=counts.written - counts.inserted, cleared=counts.cleared,
        new_ads=sum(r.new_ads for r in resolved),
    )
    return result, resolved


def _combine(parsed: list[ParsedExport], resolved: list[ResolvedAds]) -> tuple[FactRows, np.ndarray, np.ndarray]:
    """All files' rows keyed by database ad id, in (ad, day) order; on a repeated (ad, day) the later file wins."""
    if len(parsed) == 1:
        return _single(parsed[0], resolved[0])
    currencies: list[str | None] = []
    ad_parts, day_parts, currency_parts, clear_parts = [], [], [], []
    measure_names = [m for m in _unique(m for p in parsed for m in p.measures)]
    measure_parts: dict[str, list[np.ndarray]] = {m: [] for m in measure_names}
    for p, r in zip(parsed, resolved, strict=True):
        codes = []
        for code in r.currencies:
            if code not in currencies:
                currencies.append(code)
            codes.append(currencies.index(code))
        per_ad_currency = np.asarray(codes, dtype=np.int64)
        for index, day, clear in ((p.ad_index, p.day, False), (p.skipped_ad_index, p.skipped_day, True)):
            ad_parts.append(r.ad_ids[index])
            day_parts.append(day)
            currency_parts.append(per_ad_currency[index])
            clear_parts.append(np.full(len(day), clear))
            for name in measure_names:
                values = p.measures.get(name)
                if clear or values is None:
                    values = np.full(len(day), np.nan)
                measure_parts[name].append(values)
    ad_id = np.concatenate(ad_parts)
    day = np.concatenate(day_parts).astype(np.int64)
    currency = np.concatenate(currency_parts)
    clear = np.concatenate(clear_parts)
    measures = {name: np.concatenate(parts) for name, parts in measure_parts.items()}
    if not currencies:
        currencies = [None]

    order = None
    if len(day):
        low = int(day.min())
        key = ad_id * (int(day.max()) - low + 1) + (day - low)
        if not bool((key[1:] > key[:-1]).all()):
            # keep the last occurrence of each key (later files win), in key order
            reversed_key = key[::-1]
            _, last_in_reversed = np.unique(reversed_key, return_index=True)
            order = len(key) - 1 - last_in_reversed
    if order is not None:
        ad_id, day, currency, clear = ad_id[order], day[order], currency[order], clear[order]
        measures = {name: values[order] for name, values in measures.items()}
    keep = ~clear
    rows = FactRows(ad_id=ad_id[keep], day=day[keep], currency_code=currency[keep], currencies=currencies,
                    measures={name: values[keep] for name, values in measures.items()})
    return rows, ad_id[clear], day[clear]


def _single(p: ParsedExport, r: ResolvedAds) -> tuple[FactRows, np.ndarray, np.ndarray]:
    """One file has no repeated (ad, day): only map ads to database ids and sort, without copying the measures."""
    currencies = list(dict.fromkeys(r.currencies)) or [None]
    if len(currencies) == 1:
        currency = np.zeros(len(p.day), dtype=np.int64)
    else:
        currency = np.asarray([currencies.index(c) for c in r.currencies], dtype=np.int64)[p.ad_index]
    ad_id = r.ad_ids[p.ad_index]
    day = p.day.astype(np.int64, copy=False)
    measures = p.measures
    if len(day) > 1:
        low = int(day.min())
        key = ad_id * (int(day.max()) - low + 1) + (day - low)
        if not bool((key[1:] > key[:-1]).all()):
            order = np.argsort(key, kind="stable")
            ad_id, day, currency = ad_id[order], day[order], currency[order]
            measures = {name: values[order] for name, values in measures.items()}
    rows = FactRows(ad_id=ad_id, day=day, currency_code=currency, currencies=currencies, measures=measures)
    return rows, r.ad_ids[p.skipped_ad_index], p.skipped_day


def _date_range(days: np.ndarray) -> tuple[date | None, date | None]:
    if len(days) == 0:
        return None, None
    return day_to_date(days.min()), day_to_date(days.max())


def _source_label(parsed: list[ParsedExport]) -> str:
    return "+".join(_unique(p.source for p in parsed))


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))

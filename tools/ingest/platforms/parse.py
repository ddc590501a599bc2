"""One export file → validated daily rows (columnar) plus one record per ad. Pure: no database.

Rules, in the order they are applied:
- rows without an ad ID or name are refused, except a single totals row first or last (skipped, with a warning);
- the date comes from the day column, else from `Reporting starts` when it equals `Reporting ends` on every row;
- a measure column that exists counts blank cells as 0; a measure column that is absent stays absent (NULL);
- one row per ad and day: duplicates are refused, unless the file is broken down by audience (then summed into the
  daily totals, and the rows are kept as breakdown rows per audience cell, `ParsedExport.breakdown`);
- rows with every measure at 0 are not stored (nothing was delivered); the writer clears a stored row there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tools.core.errors import InputError
from tools.ingest.platforms.coerce import EPOCH, Codes, factorize, looks_numeric, to_days, to_numbers
from tools.ingest.platforms.columns import ColumnPlan, plan_columns
from tools.ingest.platforms.detect import SOURCES, detect_source, get_platform
from tools.ingest.platforms.fields import MEASURES, VIDEO_MEASURES
from tools.ingest.platforms.headers import ISO_CURRENCIES
from tools.ingest.platforms.mapping import ColumnMapping
from tools.ingest.platforms.readers import ExportFile, open_export, read_columns

DEFAULT_ACCOUNT = "default"


@dataclass
class AdRecord:
    """What the export says about one ad (its latest non-empty values)."""

    account_key: str
    account_name: str | None
    key: str  # the platform's ad ID, else "name:" + campaign / ad set / ad name
    name: str | None
    campaign_key: str | None
    campaign_name: str | None
    adset_key: str | None
    adset_name: str | None
    creative_id: str | None
    headline: str | None
    body: str | None
    cta: str | None
    kind: str  # video | image | unknown
    currency: str | None
    attributes: dict[str, str] = field(default_factory=dict)
    audience: dict[str, str] = field(default_factory=dict)


@dataclass
class BreakdownRows:
    """A file broken down by audience: one row per (ad, day, cell), apart from the daily totals.

    `dimensions` are canonical names sorted ("age", "gender"); `values[i]` holds row i's values in that order."""

    dimensions: tuple[str, ...]
    ad_index: np.ndarray
    day: np.ndarray
    values: list[tuple[str, ...]]
    measures: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.day)


@dataclass
class ParsedExport:
    path: Path
    source: str
    ads: list[AdRecord]
    ad_index: np.ndarray  # per stored row: index into `ads`
    day: np.ndarray  # per stored row: days since 1970-01-01
    measures: dict[str, np.ndarray]  # only the measures the file has; float64 per stored row
    skipped_ad_index: np.ndarray  # rows with nothing delivered (kept out, cleared if stored before)
    skipped_day: np.ndarray
    rows_in_file: int
    currency: str | None
    warnings: list[str] = field(default_factory=list)
    breakdown: BreakdownRows | None = None

    @property
    def rows(self) -> int:
        return len(self.day)

    @property
    def name(self) -> str:
        return self.path.name


def resolve_source(source: str, mapping: ColumnMapping | None, headers: list[str]) -> str:
    if source not in SOURCES:
        raise InputError(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}.", field="source")
    if source != "auto":
        return source
    if mapping is not None and mapping.source:
        return mapping.source
    return detect_source(headers)


def parse_export(path: str | Path, source: str = "auto", mapping: ColumnMapping | None = None) -> ParsedExport:
    """Read, map and validate one export. Raises InputError naming file, row, column and what was expected."""
    export = open_export(Path(path))
    platform = get_platform(resolve_source(source, mapping, export.headers))
    plan = plan_columns(export, platform, mapping)
    table = read_columns(export, plan.read_types())
    if table.num_rows == 0:
        raise InputError(f"{export.name}: the file has a header row but no data rows.", file=str(export.path))
    return _Parser(export, plan, table, mapping or ColumnMapping()).run()


class _Parser:
    def __init__(self, export: ExportFile, plan: ColumnPlan, table: pa.Table, mapping: ColumnMapping) -> None:
        self.export = export
        self.plan = plan
        self.table = table
        self.mapping = mapping
        self.file = export.name
        self.warnings = list(export.warnings)
        self.index_map: np.ndarray | None = None  # row index here -> row index in the file (after dropped rows)
        self._codes: dict[str, Codes | None] = {}
        self.breakdown: BreakdownRows | None = None

    # -- helpers --
    def row_number(self, index: int) -> int:
        original = int(self.index_map[index]) if self.index_map is not None else index
        return self.export.row_number(original)

    def column(self, name: str) -> pa.ChunkedArray | None:
        header = self.plan.fields.get(name)
        return self.table.column(header) if header is not None else None

    def codes(self, name: str) -> Codes | None:
        if name not in self._codes:
            column = self.column(name)
            self._codes[name] = factorize(column) if column is not None else None
        return self._codes[name]

    # -- pipeline --
    def run(self) -> ParsedExport:
        rows_in_file = self.table.num_rows
        self._drop_rows_without_ad()
        ad_code, ads_first = self._ad_identity()
        day = self._days()
        measures = {
            name: to_numbers(self.table.column(self.plan.fields[name]), file=self.file, header=self.plan.fields[name],
                             row_number=self.row_number, decimal_comma=self.export.decimal_comma)
            for name in MEASURES if name in self.plan.fields
        }
        attribute_headers = self._attribute_headers()
        # Ads are described from the file's rows; the facts may then be summed over an audience breakdown.
        facts = self._one_row_per_ad_day(ad_code, day, measures)
        if facts is not None and self.plan.audience:
            attribute_headers = [h for h in attribute_headers if h not in self.plan.audience]
            self.plan.audience = []
        ads = self._ad_records(ad_code, ads_first, measures, attribute_headers)
        if facts is not None:
            ad_code, day, measures = facts
        delivered = np.zeros(len(day), dtype=bool)
        for values in measures.values():
            delivered |= values != 0
        skipped = int((~delivered).sum())
        if skipped:
            self.warnings.append(
                f"{self.file}: {skipped} row(s) with nothing delivered (every measure 0) were not stored."
            )
        currencies = {ad.currency for ad in ads if ad.currency}
        return ParsedExport(
            path=self.export.path, source=self.plan.platform.name, ads=ads,
            ad_index=ad_code[delivered], day=day[delivered],
            measures={name: values[delivered] for name, values in measures.items()},
            skipped_ad_index=ad_code[~delivered], skipped_day=day[~delivered], rows_in_file=rows_in_file,
            currency=",".join(sorted(currencies)) or None, warnings=self.warnings, breakdown=self.breakdown,
        )

    def _drop_rows_without_ad(self) -> None:
        """A totals row (no ad, or no date), first or last, is skipped; any other row without an ad is an error."""
        ad_id = self.codes("ad_id")
        date_column = self.column("day") if "day" in self.plan.fields else self.column("reporting_start")
        dated = date_column is None or date_column.null_count == 0
        if ad_id is not None and bool(ad_id.valid.all()) and dated:
            return  # the usual case: every row has its ad ID and date (names are then only read per ad)
        ad_name = self.codes("ad_name")
        n = self.table.num_rows
        identified = np.zeros(n, dtype=bool)
        for codes in (ad_id, ad_name):
            if codes is not None:
                identified |= codes.valid
        unusable = ~identified
        if not dated and date_column is not None:
            unusable |= pc.is_null(date_column).to_numpy(zero_copy_only=False)
        suspects = np.flatnonzero(unusable)
        if suspects.size == 1 and int(suspects[0]) in (0, n - 1) and n > 1:
            self.warnings.append(
                f"{self.file}: row {self.row_number(int(suspects[0]))} has no ad or no date (a totals row) and was "
                "skipped."
            )
            keep = ~unusable
            self.index_map = np.flatnonzero(keep)
            self.table = self.table.filter(pa.array(keep))
            self._codes = {
                k: (Codes(v.codes[keep], v.values) if v is not None else None) for k, v in self._codes.items()
            }
            return
        missing = np.flatnonzero(~identified)
        if missing.size == 0:
            return  # rows without a date are reported by the date check, with their row numbers
        index = int(missing[0])
        columns = " or ".join(f"'{self.plan.fields[n]}'" for n in ("ad_id", "ad_name") if n in self.plan.fields)
        raise InputError(
            f"{self.file}, row {self.row_number(index)}: no ad — {columns} is empty; expected every row to name its "
            "ad (only a totals row, first or last, may be blank).",
            file=str(self.export.path), row=self.row_number(index), column=columns,
        )

    def _ad_identity(self) -> tuple[np.ndarray, np.ndarray]:
        """Per row: the ad's index (0..k-1) and, per ad, the row that first named it."""
        n = self.table.num_rows
        ad_id = self.codes("ad_id")
        account = self.codes("account_id") or self.codes("account_name")
        parts: list[np.ndarray] = []
        if ad_id is not None and bool(ad_id.valid.all()):
            parts.append(ad_id.codes)
        else:
            self.warnings.append(
                f"{self.file}: "
                + ("some rows have no ad ID" if ad_id is not None else "there is no ad ID column")
                + ", so those ads are identified by campaign, ad set and ad name; renaming one in the ad platform "
                "will start a new ad here. Include the Ad ID column for a stable identity."
            )
            has_id = ad_id.valid if ad_id is not None else np.zeros(n, dtype=bool)
            parts.append(ad_id.codes if ad_id is not None else np.full(n, -1, dtype=np.int64))
            for name in ("campaign_name", "adset_name", "ad_name"):
                codes = self.codes(name)
                if codes is not None:
                    parts.append(np.where(has_id, -1, codes.codes))
        if account is not None and len(account.values) > 1:
            parts.insert(0, account.codes)
        if len(parts) == 1 and bool((parts[0] >= 0).all()):
            code = parts[0]
            first = np.full(int(code.max()) + 1, n, dtype=np.int64)
            np.minimum.at(first, code, np.arange(n))
            if bool((first < n).all()):
                return code, first
        return _combine(parts)

    def _days(self) -> np.ndarray:
        kwargs = {"file": self.file, "row_number": self.row_number, "date_format": self.mapping.date_format}
        if "day" in self.plan.fields:
            return to_days(self.column("day"), header=self.plan.fields["day"], **kwargs)
        start_header = self.plan.fields["reporting_start"]
        start = to_days(self.column("reporting_start"), header=start_header, **kwargs)
        if "reporting_end" in self.plan.fields:
            end_header = self.plan.fields["reporting_end"]
            end = to_days(self.column("reporting_end"), header=end_header, **kwargs)
            wide = np.flatnonzero(start != end)
            if wide.size:
                index = int(wide[0])
                raise InputError(
                    f"{self.file} is not a daily export: row {self.row_number(index)} covers {_iso(start[index])} to "
                    f"{_iso(end[index])} ('{start_header}' ≠ '{end_header}'). Hookline stores one row per ad and day: "
                    f"export again with Breakdown → By time → Day. {self.plan.platform.export_hint}",
                    file=str(self.export.path), row=self.row_number(index), column=end_header,
                )
        return start

    def _attribute_headers(self) -> list[str]:
        """Mapped attributes, audience breakdowns, and the unknown columns that hold text."""
        headers = [*self.plan.attributes, *self.plan.audience]
        numeric: list[str] = []
        for header in self.plan.candidates:
            column = self.table.column(header)
            if column.null_count == len(column):
                continue
            if looks_numeric(column):
                numeric.append(header)
            else:
                headers.append(header)
        if numeric:
            self.warnings.append(
                f"{self.file}: number column(s) with no matching field were not stored: "
                + ", ".join(f"'{h}'" for h in numeric)
                + " (name them in a mapping file if they are one of the supported measures)."
            )
        return headers

    def _one_row_per_ad_day(self, ad_code: np.ndarray, day: np.ndarray, measures: dict[str, np.ndarray],
                            ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]] | None:
        """None when rows are already one per ad and day in key order; else the rows sorted (or summed)."""
        if len(day) < 2:
            return None
        low = int(day.min())
        span = int(day.max()) - low + 1
        key = ad_code.astype(np.int64) * span + (day - low)
        if bool((key[1:] > key[:-1]).all()):
            return None
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        repeats = np.flatnonzero(ordered[1:] == ordered[:-1])
        if repeats.size == 0:
            return ad_code[order], day[order], {m: v[order] for m, v in measures.items()}
        if not self.plan.audience:
            first, second = int(order[repeats[0]]), int(order[repeats[0] + 1])
            ad_label = self._ad_label(first)
            raise InputError(
                f"{self.file}: rows {self.row_number(first)} and {self.row_number(second)} both hold ad {ad_label} on "
                f"{_iso(day[first])}; expected one row per ad and day (export without extra breakdowns).",
                file=str(self.export.path), row=self.row_number(second),
            )
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        summed = {m: np.add.reduceat(v[order], starts) for m, v in measures.items()}
        self.breakdown = self._breakdown_rows(ad_code, day, measures)
        dims = " × ".join(self.breakdown.dimensions)
        self.warnings.append(
            f"{self.file}: rows are broken down by {dims}; the daily totals are their sums per ad and day, and the "
            f"rows are kept as breakdown rows (hookline query --by {self.breakdown.dimensions[0]})."
        )
        return ad_code[order][starts], day[order][starts], summed

    def _breakdown_rows(self, ad_code: np.ndarray, day: np.ndarray, measures: dict[str, np.ndarray]) -> BreakdownRows:
        """The file's rows per audience cell, duplicates of one (ad, day, cell) summed."""
        names = {h: breakdown_name(h) for h in self.plan.audience}
        headers = sorted(self.plan.audience, key=lambda h: names[h])
        columns = [factorize(self.table.column(h)) for h in headers]
        cell = np.zeros(len(day), dtype=np.int64)
        for codes in columns:
            cell = cell * (len(codes.values) + 1) + (codes.codes + 1)
        cell = np.unique(cell, return_inverse=True)[1].astype(np.int64)
        low = int(day.min())
        key = (ad_code.astype(np.int64) * (int(day.max()) - low + 1) + (day - low)) * (int(cell.max()) + 1) + cell
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        first = order[starts]
        values = [tuple(codes.at(int(i)) or "(not set)" for codes in columns) for i in first]
        return BreakdownRows(
            dimensions=tuple(names[h] for h in headers), ad_index=ad_code[first], day=day[first], values=values,
            measures={m: np.add.reduceat(v[order], starts) for m, v in measures.items()},
        )

    def _ad_label(self, index: int) -> str:
        for name in ("ad_id", "ad_name"):
            codes = self.codes(name)
            if codes is not None and (value := codes.at(index)) is not None:
                return repr(value)
        return "?"

    def _ad_records(self, ad_code: np.ndarray, ads_first: np.ndarray, measures: dict[str, np.ndarray],
                    attribute_headers: list[str]) -> list[AdRecord]:
        k = len(ads_first)
        last_valid = _LastValid(ad_code, k)

        def values(name: str) -> list[str | None]:
            if (codes := self._codes.get(name)) is not None:
                return last_valid(codes)
            column = self.column(name)
            return last_valid.column(column) if column is not None else [None] * k

        # Per ad, the identity of the row that first named it (stable even if names change later in the file).
        first_row = ads_first
        ad_id = self.codes("ad_id")
        ids = ad_id.take(first_row) if ad_id is not None else [None] * k
        name_paths: list[list[str | None]] = []
        if any(i is None for i in ids):  # only ads without an ID are identified by their names
            path_parts = [c for n in ("campaign_name", "adset_name", "ad_name") if (c := self.codes(n)) is not None]
            name_paths = [c.take(first_row) for c in path_parts]
        account = self.codes("account_id") or self.codes("account_name")
        default_account = self.mapping.account or DEFAULT_ACCOUNT
        account_keys = account.take(first_row) if account is not None else [None] * k
        account_names = values("account_name")
        campaign_ids, campaign_names = values("campaign_id"), values("campaign_name")
        adset_ids, adset_names = values("adset_id"), values("adset_name")
        names, creative_ids = values("ad_name"), values("creative_id")
        headlines, bodies, ctas = values("headline"), values("body"), values("cta")
        kinds = self._kinds(ad_code, k, measures)
        currencies = self._currencies(last_valid, k)
        attributes = {h: last_valid.column(self.table.column(h)) for h in attribute_headers}
        audience = set(self.plan.audience)

        ads: list[AdRecord] = []
        for i in range(k):
            key = ids[i] if ids[i] is not None else "name:" + " / ".join(p[i] or "" for p in name_paths)
            attrs = {h: v[i] for h, v in attributes.items() if v[i] is not None}
            campaign_key = campaign_ids[i] or campaign_names[i]
            adset_key = adset_ids[i] or adset_names[i]
            ads.append(AdRecord(
                account_key=account_keys[i] or default_account, account_name=account_names[i], key=key,
                name=names[i], campaign_key=campaign_key, campaign_name=campaign_names[i], adset_key=adset_key,
                adset_name=adset_names[i], creative_id=creative_ids[i], headline=headlines[i], body=bodies[i],
                cta=ctas[i], kind=kinds[i], currency=currencies[i], attributes=attrs,
                audience={h: v for h, v in attrs.items() if h in audience},
            ))
        _check_account_currencies(ads, self.export)
        return ads

    def _kinds(self, ad_code: np.ndarray, k: int, measures: dict[str, np.ndarray]) -> list[str]:
        video = [measures[m] for m in VIDEO_MEASURES if m in measures]
        if not video:
            return ["unknown"] * k
        plays = np.bincount(ad_code, weights=np.sum(video, axis=0), minlength=k)
        return np.where(plays > 0, "video", "image").tolist()

    def _currencies(self, last_valid: _LastValid, k: int) -> list[str | None]:
        fallback = self.plan.header_currency or self.mapping.currency
        if self.plan.header_currency and self.mapping.currency and self.plan.header_currency != self.mapping.currency:
            raise InputError(
                f"{self.file}: the column headers say {self.plan.header_currency} but the mapping file says "
                f"{self.mapping.currency}; remove 'currency' from the mapping or fix the export.",
                file=str(self.export.path), field="currency",
            )
        codes = self.codes("currency")
        if codes is None:
            return [fallback] * k
        header = self.plan.fields["currency"]
        normalized: list[str] = []
        for index, value in enumerate(codes.values):
            code = value.strip().upper()
            if code not in ISO_CURRENCIES:
                row = int(np.flatnonzero(codes.codes == index)[0])
                raise InputError(
                    f"{self.file}, row {self.row_number(row)}, column '{header}': {value!r} is not a currency; "
                    "expected a 3-letter code such as EUR or USD.",
                    file=str(self.export.path), row=self.row_number(row), column=header,
                )
            if fallback and code != fallback:
                row = int(np.flatnonzero(codes.codes == index)[0])
                raise InputError(
                    f"{self.file}, row {self.row_number(row)}, column '{header}': {code} contradicts the currency "
                    f"{fallback} named by the column headers or the mapping file; one account has one currency.",
                    file=str(self.export.path), row=self.row_number(row), column=header,
                )
            normalized.append(code)
        per_ad = last_valid(Codes(codes.codes, normalized))
        return [c or fallback for c in per_ad]


class _LastValid:
    """Per ad, the value of its last row where a column is not empty."""

    def __init__(self, ad_code: np.ndarray, k: int) -> None:
        self.ad_code = ad_code
        self.k = k
        self.last_row = np.full(k, -1, dtype=np.int64)
        np.maximum.at(self.last_row, ad_code, np.arange(len(ad_code), dtype=np.int64))

    def column(self, column: pa.ChunkedArray) -> list[str | None]:
        """Cheap path: each ad's last row; only when some of those cells are empty is the whole column scanned."""
        picked = [_as_text(v) for v in column.take(pa.array(self.last_row)).to_pylist()]
        if all(v is not None for v in picked):
            return picked
        return self(factorize(column))

    def __call__(self, codes: Codes) -> list[str | None]:
        if len(codes.codes) != len(self.ad_code):
            raise AssertionError("column and ad codes differ in length")
        rows = np.flatnonzero(codes.codes >= 0)
        last = np.full(self.k, -1, dtype=np.int64)
        np.maximum.at(last, self.ad_code[rows], rows)
        return codes.take(last)


def _as_text(value: object) -> str | None:
    """A cell as stripped text, like `factorize` sees it (integral floats without '.0', dates in ISO form)."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:
            return None
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    return text or None


def _combine(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Rows → group index over several code columns (-1 allowed), plus each group's first row."""
    key = parts[0].astype(np.int64) + 1
    for part in parts[1:]:
        key = key * (int(part.max()) + 2) + (part.astype(np.int64) + 1)
        key = np.unique(key, return_inverse=True)[1].astype(np.int64)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return inverse.astype(np.int64), first.astype(np.int64)


def _check_account_currencies(ads: list[AdRecord], export: ExportFile) -> None:
    seen: dict[str, str] = {}
    for ad in ads:
        if ad.currency is None:
            continue
        previous = seen.setdefault(ad.account_key, ad.currency)
        if previous != ad.currency:
            raise InputError(
                f"{export.name}: account {ad.account_key!r} has rows in {previous} and in {ad.currency}; one account "
                "has one currency (split the file per account, or include the account ID column).",
                file=str(export.path), field="currency",
            )


_BREAKDOWN_CANONICAL = {"age_group": "age", "age_range": "age", "sex": "gender", "interests": "interest",
                        "publisher_platform": "platform", "impression_device": "device", "device_platform": "device",
                        "country_code": "country"}


def breakdown_name(header: str) -> str:
    """'Age' → 'age', 'Age range' → 'age', 'Publisher platform' → 'platform': one name per audience dimension."""
    key = re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")
    return _BREAKDOWN_CANONICAL.get(key, key)


def _iso(days: int | np.integer) -> str:
    return (EPOCH + timedelta(days=int(days))).isoformat()


def day_to_date(days: int | np.integer) -> date:
    return EPOCH + timedelta(days=int(days))

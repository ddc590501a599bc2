"""Column planning: which header feeds which canonical field, which become attributes, which are skipped.

Runs on the header row alone, before any data is read, so a missing required column is reported at once — with the
columns that were found and the names that would have been accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.core.errors import InputError
from tools.ingest.platforms.aliases import BREAKDOWN_NAMES
from tools.ingest.platforms.fields import FIELDS, MONEY_FIELDS, Kind
from tools.ingest.platforms.headers import is_derived, normalize_header, split_currency
from tools.ingest.platforms.mapping import ColumnMapping
from tools.ingest.platforms.platforms import Platform
from tools.ingest.platforms.readers import ColumnType, ExportFile

_TEXT_KINDS = (Kind.ID, Kind.TEXT)


@dataclass
class ColumnPlan:
    platform: Platform
    fields: dict[str, str] = field(default_factory=dict)  # canonical field -> header
    header_currency: str | None = None  # from 'Amount spent (EUR)'
    candidates: list[str] = field(default_factory=list)  # unknown columns: attributes if text
    attributes: list[str] = field(default_factory=list)  # always attributes (mapping)
    audience: list[str] = field(default_factory=list)  # breakdowns: attributes and ad-set audience
    ignored: list[str] = field(default_factory=list)  # derived ratios, metadata, mapping's ignore list

    def read_types(self) -> dict[str, ColumnType]:
        """Headers to read and how: IDs and text as text, measures and dates inferred."""
        types: dict[str, ColumnType] = {}
        for name, header in self.fields.items():
            types[header] = "text" if FIELDS[name].kind in _TEXT_KINDS else "auto"
        for header in self.attributes + self.audience:
            types[header] = "text"
        for header in self.candidates:
            types.setdefault(header, "auto")
        return types


def plan_columns(export: ExportFile, platform: Platform, mapping: ColumnMapping | None) -> ColumnPlan:
    plan = ColumnPlan(platform=platform)
    headers = export.headers
    mapping = mapping or ColumnMapping()
    by_name = _HeaderIndex(headers)
    claimed: set[str] = set()
    ignored = {found for h in mapping.ignore if (found := by_name.find(h))}
    excluded: set[str] = set()

    for name, header in mapping.columns.items():
        if header is None:
            excluded.add(name)
            continue
        found = by_name.require(header, export, f"columns.{name}")
        plan.fields[name] = found
        claimed.add(found)

    currencies: dict[str, str] = {}
    aliases = platform.normalized_aliases
    depth = max((len(a) for a in aliases.values()), default=0)
    for rank in range(depth):
        for name, names in aliases.items():
            if name in plan.fields or name in excluded or rank >= len(names):
                continue
            found = by_name.match(names[rank], money=name in MONEY_FIELDS, taken=claimed | ignored)
            if found:
                plan.fields[name] = found
                claimed.add(found)

    for name, header in plan.fields.items():
        if name in MONEY_FIELDS and (code := split_currency(header)[1]):
            currencies[name] = code
    if len(set(currencies.values())) > 1:
        detail = ", ".join(f"'{plan.fields[n]}'" for n in currencies)
        raise InputError(
            f"{export.name}: the money columns name different currencies ({detail}); one export must use one "
            "account currency.",
            file=str(export.path),
        )
    plan.header_currency = next(iter(currencies.values()), None)

    forced = {by_name.require(h, export, "attributes") for h in mapping.attributes}
    audience = {by_name.require(h, export, "audience") for h in mapping.audience}
    for header in headers:
        if header in claimed:
            continue
        normalized = normalize_header(split_currency(header)[0])
        if header in ignored:
            plan.ignored.append(header)
        elif header in audience or (normalized in BREAKDOWN_NAMES and header not in forced):
            plan.audience.append(header)
        elif header in forced:
            plan.attributes.append(header)
        elif normalized in platform.normalized_ignored or is_derived(normalized) or not normalized:
            plan.ignored.append(header)
        else:
            plan.candidates.append(header)

    _refuse_duplicates(plan, export)
    if "day" in plan.fields:  # a Day column wins; the reporting window is then not needed
        for name in ("reporting_start", "reporting_end"):
            if (header := plan.fields.pop(name, None)) is not None:
                plan.ignored.append(header)
    _require(plan, export, excluded)
    return plan


def _refuse_duplicates(plan: ColumnPlan, export: ExportFile) -> None:
    """A field read from a column whose name repeats is ambiguous: exit 2 naming both, never a silent pick. Repeated
    columns nothing reads get a warning naming the one that counts (none is stored)."""
    for name, header in plan.fields.items():
        columns = export.duplicates.get(header)
        if columns:
            listed = ", ".join(str(c) for c in columns[:-1]) + f" and {columns[-1]}"
            raise InputError(
                f"{export.name}: columns {listed} are all named '{export.headers[columns[0] - 1]}', and Hookline "
                f"reads {FIELDS[name].label} from that name, so it cannot tell which one holds the data. Rename or "
                "remove all but one of them.",
                file=str(export.path), column=header,
            )
    seen: set[tuple[int, ...]] = set()
    for header, columns in export.duplicates.items():
        key = tuple(columns)
        if key not in seen and header not in plan.ignored:
            seen.add(key)
            names = ", ".join(f"{c}" for c in columns)
            export.warnings.append(f"{export.name}: columns {names} share the name '{export.headers[columns[0] - 1]}'; "
                                   "they are not read as any field.")


def _require(plan: ColumnPlan, export: ExportFile, excluded: set[str]) -> None:
    """Every export needs a date, an ad identity, impressions and spend."""
    fields = plan.fields
    if "day" not in fields and "reporting_start" not in fields:
        raise _missing(plan, export, ("day",), "date column (one row per ad and day is needed)")
    if "ad_id" not in fields and "ad_name" not in fields:
        raise _missing(plan, export, ("ad_id", "ad_name"), "ad ID or ad name column")
    for name in ("impressions", "spend"):
        if name not in fields:
            raise _missing(plan, export, (name,), f"{FIELDS[name].label} column")


def _missing(plan: ColumnPlan, export: ExportFile, names: tuple[str, ...], what: str) -> InputError:
    platform = plan.platform
    accepted: list[str] = []
    for name in names:
        accepted.extend(platform.aliases.get(name, ()))
    shown = list(dict.fromkeys(accepted))
    more = len(shown) - 14
    accepted_text = ", ".join(f"'{a}'" for a in shown[:14]) + (f" and {more} more" if more > 0 else "")
    found = ", ".join(f"'{h}'" for h in export.headers) or "none"
    example = names[0]
    return InputError(
        f"{export.name}: no {what} found. Read as a {platform.title} export "
        f"(use --source to choose another platform). Columns found: {found}. Accepted names: {accepted_text} "
        "(any case, with or without a currency suffix). "
        f"{platform.export_hint} Or map your column in a mapping file (columns: {{{example}: \"Your header\"}}) "
        "and pass it with --mapping.",
        file=str(export.path), column=FIELDS[names[0]].label,
    )


class _HeaderIndex:
    """Find headers by exact text, by normalised form, or by their name without a currency suffix."""

    def __init__(self, headers: list[str]) -> None:
        self.headers = headers
        self.full: dict[str, str] = {}
        self.base: dict[str, str] = {}
        for header in headers:
            self.full.setdefault(normalize_header(header), header)
            base, code = split_currency(header)
            if code:
                self.base.setdefault(normalize_header(base), header)

    def match(self, alias: str, *, money: bool, taken: set[str]) -> str | None:
        header = self.full.get(alias)
        if header is None and money:
            header = self.base.get(alias)
        return header if header is not None and header not in taken else None

    def find(self, name: str) -> str | None:
        if name in self.headers:
            return name
        return self.full.get(normalize_header(name)) or self.base.get(normalize_header(name))

    def require(self, name: str, export: ExportFile, where: str) -> str:
        header = self.find(name)
        if header is None:
            raise InputError(
                f"{export.name}: the mapping's {where} names the column '{name}', which is not in the file. "
                f"Columns found: {', '.join(repr(h) for h in self.headers)}.",
                file=str(export.path), column=name, field=where,
            )
        return header

"""Ad-platform edges: readers and parsers for Meta, TikTok and generic performance exports.

Parsing is pure (no database): `parse_export(path, source, mapping)` turns one file into a validated, columnar
`ParsedExport`; `tools.ingest` writes it. Headers vary by language, case and currency suffix, so every platform
describes its columns through an alias map instead of fixed names.
"""

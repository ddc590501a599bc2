"""Brand DNA: ingest brand material into a per-workspace Chroma collection, retrieve it, derive an editable
profile, and check copy and colours against it. Public seams live in `tools.brand.api`."""

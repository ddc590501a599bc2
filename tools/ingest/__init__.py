"""Ad-performance import: `ingest_files` parses exports (integrations.adplatforms), writes them in one transaction."""

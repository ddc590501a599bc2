"""Ad-performance import: `ingest_files` parses exports (tools.ingest.platforms), writes them in one transaction."""

"""The Meta Marketing API sync: plain HTTP with the Graph API's semantics (why: docs/ingest.md, "Meta sync")."""

"""Relational storage: SQLAlchemy 2.0 models, engine/session factory and Alembic migrations."""

from integrations.db.engine import Database, make_database

__all__ = ["Database", "make_database"]

"""Relational storage: SQLAlchemy 2.0 models, engine/session factory and Alembic migrations."""

from tools.core.db.engine import Database, forget_databases, make_database, open_database

__all__ = ["Database", "forget_databases", "make_database", "open_database"]

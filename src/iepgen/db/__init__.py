"""Database engine, sessions and SQLite connection settings."""

from iepgen.db.engine import Database, create_database

__all__ = ["Database", "create_database"]

"""The SQLite store (sqlite-utils): schema, migrations, queries, transactions. No Qt."""

from db.errors import (
    DatabaseBusy,
    NewerDatabase,
    NotAFactcheckDatabase,
    StoreError,
    UserFixableError,
)
from db.store import Store, default_db_path

__all__ = [
    "DatabaseBusy",
    "NewerDatabase",
    "NotAFactcheckDatabase",
    "Store",
    "StoreError",
    "UserFixableError",
    "default_db_path",
]

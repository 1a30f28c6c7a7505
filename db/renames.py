"""Former names of the project's scheme (labels, link types): a teammate's work made before a rename
still names the old one, and a merge files it under the new name instead of bringing the old back.

One table per kind, `old -> new`, kept as renames happen: a chain (a → b → c) maps every former name to
the last; a rename back (a → b → a) forgets the name in use again; a name taken again (added anew) is an
alias no more; removing the renamed thing forgets its former names with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from factcheck.core.model import utc_now

if TYPE_CHECKING:  # db.store imports db.links, which may need these
    from db.store import Store

#: The tables of former names (db.migrations m011, m014); the only names these queries take.
RenameTable = Literal["label_renames", "link_type_renames"]


def remember(store: Store, table: RenameTable, old: str, new: str, at: str | None = None) -> None:
    """Inside the rename of old to new: old, and the names that were old's, now mean new (renamed at
    `at`: a team rename's time on the server; now by default)."""
    if new == old:
        return
    store._db.execute(f"UPDATE {table} SET new = ? WHERE new = ?", [new, old])
    store._db.execute(
        f"INSERT OR REPLACE INTO {table} (old, new, renamed_at) VALUES (?, ?, ?)", [old, new, at or utc_now()]
    )
    store._db.execute(f"DELETE FROM {table} WHERE old = ?", [new])  # a name in use again is no alias


def forget_alias(store: Store, table: RenameTable, name: str) -> None:
    """name is in use again (added anew): it means itself, not what it was renamed to."""
    store._db.execute(f"DELETE FROM {table} WHERE old = ?", [name])


def forget_target(store: Store, table: RenameTable, name: str) -> None:
    """name is removed: its former names go with it."""
    store._db.execute(f"DELETE FROM {table} WHERE new = ?", [name])


def alias(store: Store, table: RenameTable, name: str) -> tuple[str, str] | None:
    """What name was renamed to, and when; None when name is no former name here."""
    row = store._db.execute(f"SELECT new, renamed_at FROM {table} WHERE old = ?", [name]).fetchone()
    return (str(row[0]), str(row[1])) if row else None


def renames(store: Store, table: RenameTable) -> dict[str, str]:
    """Former names -> the current name."""
    return {str(old): str(new) for old, new in store._db.execute(f"SELECT old, new FROM {table}")}

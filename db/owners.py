"""Who owns a row: the project's owner columns, counted and moved together."""

from __future__ import annotations

from db.store import Store

#: Every column of the project that names whose a row is (or who decided on it).
OWNER_COLUMNS = (
    ("annotations", "annotator"),
    ("annotations", "reviewer"),
    ("links", "annotator"),
    ("claims", "annotator"),
    ("claim_tags", "annotator"),
    ("checkworthy", "annotator"),
    ("verdicts", "annotator"),
)


def rows_under(store: Store, name: str) -> tuple[int, int]:
    """(live and deleted tags, all rows) that name owns or decided in the project."""
    tags = store._db.execute("SELECT count(*) FROM annotations WHERE annotator = ?", [name]).fetchone()[0]
    rows = sum(
        store._db.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" = ?', [name]).fetchone()[0]
        for table, column in OWNER_COLUMNS
    )
    return int(tags), int(rows)


def put_under(store: Store, name: str, login: str, now: str) -> int:
    """Every row name owns or decided, under login; how many. The caller holds the transaction."""
    changed = 0
    for table, column in OWNER_COLUMNS:
        # An owner's row changed: its stamp moves (the window sees it); a decision keeps its row's.
        stamp = ", updated_at = ?" if column == "annotator" else ""
        values = [login, now] if stamp else [login]
        cur = store._db.execute(
            f'UPDATE "{table}" SET "{column}" = ?{stamp} WHERE "{column}" = ?', [*values, name]
        )
        changed += cur.rowcount
    return changed

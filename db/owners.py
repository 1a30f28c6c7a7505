"""Who owns a row: the project's owner columns, counted and moved together."""

from __future__ import annotations

import json

from db.samples import sample_work
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


#: Per table, the column naming what of the sample article a row is about (`db.samples.SampleWork`).
_SAMPLE_COLUMNS = {
    "annotations": ("document_id", "documents"),
    "links": ("document_id", "documents"),
    "claims": ("id", "cards"),
    "claim_tags": ("annotation_id", "tags"),
    "checkworthy": ("claim_id", "cards"),
    "verdicts": ("claim_id", "cards"),
}


def rows_under(store: Store, name: str, *, sample: bool = True) -> tuple[int, int]:
    """(live and deleted tags, all rows) that name owns or decided in the project. sample: with what was
    made on the bundled sample article while trying factcheck out (it never goes to a team server)."""
    work = None if sample else sample_work(store)
    counts: dict[tuple[str, str], int] = {}
    for table, column in OWNER_COLUMNS:
        query = f'SELECT count(*) FROM "{table}" WHERE "{column}" = ?'
        params: list[str] = [name]
        if work is not None and work.documents:
            about, kind = _SAMPLE_COLUMNS[table]
            query += f' AND "{about}" NOT IN (SELECT value FROM json_each(?))'
            params.append(json.dumps(sorted(getattr(work, kind))))
        counts[(table, column)] = int(store._db.execute(query, params).fetchone()[0])
    return counts[("annotations", "annotator")], sum(counts.values())


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

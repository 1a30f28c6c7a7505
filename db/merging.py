"""Bulk queries the merge engine needs (kept out of `factcheck/`, which holds no SQL)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from db.store import _ANN_SELECT, Store, annotation_from_row
from factcheck.model import Annotation


def annotations_by_id(store: Store, ids: Iterable[str]) -> dict[str, Annotation]:
    """The stored annotations (tombstones included) among ids, by id: one query however many ids."""
    ids = list(ids)
    if not ids:
        return {}
    cursor = store.db.execute(
        f"SELECT {_ANN_SELECT} FROM annotations WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    )
    return {ann.id: ann for ann in map(annotation_from_row, cursor)}

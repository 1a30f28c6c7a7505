"""`factcheck import`: a copy of a tag never moves it to another document or gives it to another
annotator, and stamps far in the future are refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.model import STAMP_FORMAT, Document
from factcheck.core.spans import new_annotation

TEXT_A = "Roe said crime fell by 20%. Critics disagreed.\n"
TEXT_B = "Roe said crime fell by 20%. Everyone agreed.\n"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _doc_json(doc: Document, anns: list[dict[str, object]]) -> dict[str, object]:
    return {
        "id": doc.id,
        "title": doc.title,
        "source": doc.source,
        "sha256": doc.sha256,
        "text": doc.text,
        "imported_at": doc.imported_at,
        "annotations": anns,
    }


def _export(path: Path, docs: list[dict[str, object]]) -> Path:
    payload = {
        "format": "factcheck",
        "version": 1,
        "labels": [{"name": "claim", "color": "#E69F00", "shortcut": "1"}],
        "documents": docs,
    }
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def _row(doc: Document, annotator: str, updated_at: str | None = None) -> dict[str, object]:
    ann = new_annotation(doc, 0, 26, "claim", annotator)
    row: dict[str, object] = {k: getattr(ann, k) for k in ("id", "label", "start", "end", "quote")}
    row.update(prefix=ann.prefix, suffix=ann.suffix, annotator=annotator, note="")
    row.update(created_at=ann.created_at, updated_at=updated_at or ann.updated_at)
    return row


def _stamp(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime(STAMP_FORMAT)


Row = dict[str, object]


def _setup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Document, Document, Row]:
    db = tmp_path / "p.db"
    a = Document.create(TEXT_A, title="A", source="a.txt")
    b = Document.create(TEXT_B, title="B", source="b.txt")
    row = _row(a, "alice")
    first = _export(tmp_path / "alice.json", [_doc_json(a, [row]), _doc_json(b, [])])
    assert run(capsys, db, str(first))[0] == 0
    return db, a, b, row


def _stored(db: Path, ann_id: str) -> tuple[str, str, str]:
    with Store.open(db) as store:
        (ann,) = [x for x in store.annotations(include_deleted=True) if x.id == ann_id]
        return ann.document_id, ann.annotator, ann.updated_at


@pytest.mark.parametrize("change", ["annotator", "document", "both"])
def test_a_copy_that_moves_or_reassigns_a_tag_is_a_listed_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    db, a, b, row = _setup(tmp_path, capsys)
    before = _stored(db, str(row["id"]))
    newer = _stamp(timedelta(hours=1))
    target = b if change in ("document", "both") else a
    evil = {**row, "updated_at": newer}
    if change in ("annotator", "both"):
        evil["annotator"] = "mallory"
    docs = [_doc_json(a, []), _doc_json(b, [])]
    docs[0 if target is a else 1] = _doc_json(target, [evil])
    path = _export(tmp_path / "mallory.json", docs)
    code, out, err = run(capsys, db, str(path))
    assert (code, err) == (0, "")
    assert "1 conflicting" in out
    assert "updated" not in out
    assert f"conflict {row['id']}" in out
    if change != "document":
        assert "'mallory'" in out
    if change != "annotator":
        assert f"their copy is on document {b.id}" in out
    assert _stored(db, str(row["id"])) == before  # not applied


def test_a_stamp_more_than_a_day_ahead_is_refused_naming_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, a, _, row = _setup(tmp_path, capsys)
    before = _stored(db, str(row["id"]))
    ahead = {**row, "updated_at": _stamp(timedelta(days=3650)), "note": "always wins"}
    path = _export(tmp_path / "future.json", [_doc_json(a, [ahead])])
    code, out, err = run(capsys, db, str(path))
    assert code != 0
    assert "documents[0].annotations[0]" in err
    assert '"updated_at" is more than a day in the future' in err
    assert "Traceback" not in err
    assert _stored(db, str(row["id"])) == before
    # Within a day ahead (a skewed clock) is still taken.
    skewed = {**row, "updated_at": _stamp(timedelta(hours=20)), "note": "fine"}
    code, out, err = run(capsys, db, str(_export(tmp_path / "skew.json", [_doc_json(a, [skewed])])))
    assert (code, err) == (0, "")
    assert "1 updated" in out

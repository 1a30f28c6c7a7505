"""A file's annotation ids past SEEN_IN_MEMORY (kept in a scratch table, not a dict): a repeat is skipped
with the same content and refused with other content, word for word as when every id is in memory, and
wherever the first one is kept (the dict or the table)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import factcheck.services.formats.jsonl_format as jsonl_format
import factcheck.services.formats.validate as validate
import factcheck.services.formats.validate_seen as validate_seen
from db import Store
from factcheck.core.errors import ImportRefused
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths

DOCUMENTS, TAGS = 8, 4
#: Ids a SeenIds keeps in its dict in these tests: the first two documents' tags (and a third's).
SMALL = 6


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A teammate's JSON export (its data) and JSONL export (its lines): 8 articles x 4 tags."""
    folder = tmp_path_factory.mktemp("teammate")
    with Store.open(folder / "teammate.db") as teammate:
        for d in range(DOCUMENTS):
            text = f"Article {d}: the minister said crime fell by {d} percent, and critics disagreed.\n"
            doc, _ = teammate.add_document(Document.create(text, title=f"Article {d}", source=f"a{d}.txt"))
            teammate.put_annotations(
                [new_annotation(doc, 4 * t, 4 * t + 10, "claim", "teammate") for t in range(TAGS)]
            )
        export(teammate, "json", folder / "t.json")
        export(teammate, "jsonl", folder / "t.jsonl")
    lines = (folder / "t.jsonl").read_text(encoding="utf-8").splitlines()
    return {
        "json": json.loads((folder / "t.json").read_text(encoding="utf-8")),
        "jsonl": [json.loads(line) for line in lines],
    }


def _with_repeats(kind: str, exports: dict[str, Any], other: bool) -> tuple[str, str]:
    """The export with the first document's first tag (kept in the dict) and the fifth's third (in the
    table) given again further down (their documents again, in JSON); other: with another note."""
    note = {"note": "another note under the same id"} if other else {}
    if kind == "json":
        data = copy.deepcopy(exports["json"])
        first, fifth = (copy.deepcopy(data["documents"][d]) for d in (0, 4))
        first["annotations"] = [dict(first["annotations"][0], **note)]
        fifth["annotations"] = [dict(fifth["annotations"][2], **note)]
        data["documents"][6:6] = [first]
        data["documents"].append(fifth)
        return json.dumps(data), "json"
    lines = copy.deepcopy(exports["jsonl"])
    by_doc = [[line for line in lines if line.get("document_id") == d] for d in _document_ids(exports)]
    lines.append(dict(by_doc[4][2], **note))
    lines.insert(lines.index(by_doc[6][1]), dict(by_doc[0][0], **note))
    return "\n".join(json.dumps(line) for line in lines) + "\n", "jsonl"


def _document_ids(exports: dict[str, Any]) -> list[str]:
    return [doc["id"] for doc in exports["json"]["documents"]]


def _import(folder: Path, text: str, suffix: str, articles: list[dict[str, Any]]) -> tuple[str, list[Any]]:
    """The import's report (or refusal) and what the project holds afterwards; a JSONL export's tags
    need their articles in the project first."""
    folder.mkdir()
    path = folder / f"t.{suffix}"  # the same name: the refusal names the file
    path.write_text(text, encoding="utf-8")
    with Store.open(folder / "project.db") as store:
        if suffix == "jsonl":
            for doc in articles:
                store.add_document(Document.create(doc["text"], title=doc["title"], source=doc["source"]))
        try:
            outcome = import_paths(store, [path]).summary()
        except ImportRefused as exc:
            outcome = f"refused: {exc}".replace(str(folder), "FOLDER")
        title = {d.id: d.title for d in store.documents()}  # (our ids differ from project to project)
        held = sorted((a.id, title[a.document_id], a.start, a.end, a.note) for a in store.annotations())
        return outcome, [held, sorted(d.title for d in store.documents())]


@pytest.mark.parametrize("kind", ["json", "jsonl"])
@pytest.mark.parametrize("other", [False, True], ids=["same content", "other content"])
def test_repeats_past_the_memory_threshold_are_judged_as_in_memory(
    tmp_path: Path, exports: dict[str, Any], monkeypatch: pytest.MonkeyPatch, kind: str, other: bool
) -> None:
    text, suffix = _with_repeats(kind, exports, other)
    articles = exports["json"]["documents"]
    in_memory = _import(tmp_path / "memory", text, suffix, articles)
    monkeypatch.setattr(validate_seen, "SEEN_IN_MEMORY", SMALL)
    monkeypatch.setattr(jsonl_format, "BATCH", 3)  # lines are checked (and their ids kept) by batches
    spilled = _import(tmp_path / "spilled", text, suffix, articles)
    assert spilled == in_memory
    outcome, (held, titles) = spilled
    if other:
        assert outcome.startswith("refused: ") and "appears twice with different content" in outcome
        assert held == [] and len(titles) == (DOCUMENTS if kind == "jsonl" else 0)
    else:
        assert len(held) == DOCUMENTS * TAGS and len(titles) == DOCUMENTS  # the two repeats skipped


def test_the_scratch_table_is_used_past_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above does reach the table: ids beyond SMALL are not in the dict."""
    monkeypatch.setattr(validate_seen, "SEEN_IN_MEMORY", SMALL)
    seen = validate.SeenIds()
    rows = [(f"t{i}", "d", i) for i in range(20)]
    assert seen.add_new(rows[:4]) and seen.add_new(rows[4:8]) and seen.add_new(rows[8:12])
    assert seen._table is not None and len(seen._memory) == 8
    assert seen.add_new([rows[12], rows[1]]) is False  # one in the dict: none recorded
    assert seen.add_new([rows[12], rows[9]]) is False  # one in the table: none recorded
    assert seen.check(rows[12], "x") is True and seen.check(rows[12], "x") is False
    assert seen.check(rows[1], "x") is False and seen.check(rows[9], "x") is False
    with pytest.raises(
        validate.Refusal, match=r"^the annotation id 't9' appears twice with different content"
    ):
        seen.check(("t9", "d", 0), "somewhere")
    with pytest.raises(
        validate.Refusal, match=r"^the annotation id 't2' appears twice with different content"
    ):
        seen.check(("t2", "d", 0), "somewhere")

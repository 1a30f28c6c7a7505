"""Search after importing a teammate's export of many articles: their search rows are written once at
the end of the import (db/bulk_documents.py), so search finds every imported article, exactly as when
each was added on its own, and nothing of a refused import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from db import Store
from db.search import count_documents, search_documents
from factcheck.core.errors import ImportRefused
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.dbfiles import query

ARTICLES = 30  # more than TRIGGER_DOCUMENTS: most of them get their search rows at the end


@pytest.fixture(scope="module")
def teammate_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A teammate's JSON export of ARTICLES articles, each with a word of its own and two tags."""
    folder = tmp_path_factory.mktemp("teammate")
    with Store.open(folder / "teammate.db") as teammate:
        for n in range(ARTICLES):
            text = f"Report {n}: the minister said unique{n}x figures fell, and critics disagreed.\n"
            doc, _ = teammate.add_document(Document.create(text, title=f"Report {n}", source=f"r{n}.txt"))
            teammate.put_annotations(
                [
                    new_annotation(doc, 0, 6, "claim", "teammate"),
                    new_annotation(doc, 12, 20, "denial", "teammate"),
                ]
            )
        export(teammate, "json", folder / "t.json")
    data: dict[str, Any] = json.loads((folder / "t.json").read_text(encoding="utf-8"))
    return data


def _index(path: Path) -> list[tuple[Any, ...]]:
    return query(path, "SELECT rowid, document_id, title, text FROM document_search ORDER BY rowid")


def test_search_finds_every_imported_article(tmp_path: Path, teammate_export: dict[str, Any]) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(teammate_export), encoding="utf-8")
    with Store.open(tmp_path / "project.db") as store:
        store.add_document(Document.create("Our own article about unique figures.\n", title="Ours"))
        report = import_paths(store, [path])
        assert report.documents_added == ARTICLES and report.added == 2 * ARTICLES
        by_title = {d.title: d.id for d in store.documents()}
        for n in range(ARTICLES):
            assert [(h.document_id, h.title) for h in search_documents(store, f"unique{n}x")] == [
                (by_title[f"Report {n}"], f"Report {n}")
            ]
        assert count_documents(store, "minister") == ARTICLES and count_documents(store, "figures") == 31
    # Exactly the rows (and index rowids) the trigger gives when each article is added on its own, in
    # the order the import added them.
    added = [row[0] for row in query(tmp_path / "project.db", "SELECT id FROM documents ORDER BY rowid")]
    with Store.open(tmp_path / "reference.db") as reference, Store.open(tmp_path / "project.db") as imported:
        for doc_id in added:
            reference.add_document(imported.document(doc_id))
    assert len(added) == ARTICLES + 1
    assert _index(tmp_path / "project.db") == _index(tmp_path / "reference.db")


def test_a_refused_import_leaves_no_search_rows(tmp_path: Path, teammate_export: dict[str, Any]) -> None:
    data = json.loads(json.dumps(teammate_export))
    data["documents"][-1]["annotations"][-1]["label"] = "opinion"  # unknown here: the whole file refused
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(tmp_path / "project.db") as store:
        ours, _ = store.add_document(Document.create("Our own article about unique figures.\n", title="Ours"))
        with pytest.raises(ImportRefused, match="'opinion'"):
            import_paths(store, [path])
        assert [d.title for d in store.documents()] == ["Ours"]
        assert [h.document_id for h in search_documents(store, "figures")] == [ours.id]
        assert search_documents(store, "minister") == [] and search_documents(store, "unique3x") == []
        later, _ = store.add_document(Document.create("A later article: minister.\n", title="Later"))
        assert [h.document_id for h in search_documents(store, "minister")] == [later.id]  # trigger in place
    assert [row[2] for row in _index(tmp_path / "project.db")] == ["Ours", "Later"]

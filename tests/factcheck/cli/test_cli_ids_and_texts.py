"""Ids and texts from teammates' files: any length of id exports to brat; one text rule for all inputs."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.helpers.dbfiles import content_digest


def test_documents_with_300_character_ids_export_to_brat(store: Store, db_path: Path, tmp_path: Path) -> None:
    for n in range(2):  # the same long prefix: the file names must still differ
        doc = replace(Document.create(f"Article {n} says a thing.", title=f"A{n}"), id="é" * 299 + str(n))
        stored, _ = store.add_document(doc)
        store.add_annotation(new_annotation(stored, 0, 7, "claim", "ana"))
    store.close()
    folder = tmp_path / "brat"
    assert main(["--db", str(db_path), "export", "--format", "brat", "--out", str(folder)]) == 0
    names = sorted(p.name for p in folder.iterdir())
    # 4 files, 3 of configuration, the side file; named after the titles, the ids kept in the side file
    assert len(names) == 8 and max(len(n.encode()) for n in names) <= 110
    assert {"A0.txt", "A1.txt"} <= set(names)
    side = json.loads((folder / "factcheck-documents.json").read_text(encoding="utf-8"))["documents"]
    assert sorted(entry["id"] for entry in side.values()) == ["é" * 299 + "0", "é" * 299 + "1"]
    texts = sorted(p.read_text(encoding="utf-8") for p in folder.glob("*.txt"))
    assert texts == ["Article 0 says a thing.", "Article 1 says a thing."]


@pytest.mark.parametrize("kind", ["article", "json"])
def test_a_text_with_a_nul_character_is_refused_from_any_input(
    store: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    store.add_document(Document.create("Before the import.", title="ours"))
    store.close()
    before = content_digest(db_path)
    text = "A text with a NUL\x00 character in it."
    if kind == "article":
        path = tmp_path / "nul.txt"
        path.write_text(text, encoding="utf-8")
    else:
        with Store.open(tmp_path / "theirs.db") as theirs:
            theirs.add_document(Document.create("A text with a NUL character in it.", title="t"))
        out = tmp_path / "nul.json"
        assert (
            main(["--db", str(tmp_path / "theirs.db"), "export", "--format", "json", "--out", str(out)]) == 0
        )
        data = json.loads(out.read_text(encoding="utf-8"))
        data["documents"][0]["text"] = text
        data["documents"][0].pop("sha256")
        out.write_text(json.dumps(data), encoding="utf-8")
        path = out
    capsys.readouterr()
    assert main(["--db", str(db_path), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and path.name in err and "NUL" in err
    assert content_digest(db_path) == before

"""`factcheck export --format brat --out DIR` into a folder that holds an older export, another tool's
brat files, or a hostile side file: the older export is replaced whole; the others refuse it in one line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from db import Store
from db.documents import remove_document, rename_document
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.formats.brat_names import DOCUMENTS_FILE


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        for title in ("Alpha", "Beta", "Gamma"):
            doc, _ = store.add_document(Document.create(f"{title} says crime fell.\n", title=title))
            store.add_annotation(new_annotation(doc, 0, len(title), "claim", "ana"))
    return db_path


def test_a_re_export_leaves_exactly_the_current_export(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "brat"
    assert run(capsys, project, "export", "--format", "brat", "--out", str(folder))[0] == 0
    with Store.open(project) as store:
        by_title = {d.title: d.id for d in store.documents()}
        rename_document(store, by_title["Alpha"], "Alpha, renamed")
        remove_document(store, by_title["Gamma"], "ana")
    code, _, err = run(capsys, project, "export", "--format", "brat", "--out", str(folder))
    assert (code, err) == (0, f"Exported 2 annotations to {folder}.\n")
    assert sorted(p.name for p in folder.glob("*.*") if p.suffix in (".txt", ".ann")) == [
        "Alpha, renamed.ann", "Alpha, renamed.txt", "Beta.ann", "Beta.txt"
    ]  # fmt: skip
    listed = json.loads((folder / DOCUMENTS_FILE).read_text(encoding="utf-8"))["documents"]
    assert sorted(listed) == ["Alpha, renamed", "Beta"]


def test_another_tools_file_of_the_same_name_refuses_in_one_line(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "Beta.ann").write_text("T1\tPerson 0 4\tBeta\n", encoding="utf-8")
    (folder / "Beta.txt").write_text("Beta says crime fell.\n", encoding="utf-8")
    before = files(tmp_path / "brat")
    code, out, err = run(capsys, project, "export", "--format", "brat", "--out", str(folder))
    assert code == 1 and out == ""
    assert err == (
        f"factcheck: The folder {folder} holds brat files that are not the ones factcheck wrote there "
        "(Beta.ann, Beta.txt), and this export would replace them; nothing was written. Choose an empty "
        "folder for the export.\n"
    )
    assert files(folder) == before
    # An empty folder is the way out.
    assert run(capsys, project, "export", "--format", "brat", "--out", str(tmp_path / "empty"))[0] == 0


def test_a_side_file_naming_a_file_outside_refuses_in_one_line(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("Mine.\n", encoding="utf-8")
    folder = tmp_path / "brat"
    folder.mkdir()
    entry = {"id": "d", "title": "t", "source": "", "sha256": hashlib.sha256(b"Mine.\n").hexdigest(),
             "imported_at": "2024-01-01T00:00:00.000000Z"}  # fmt: skip
    body = {"format": "factcheck brat documents", "version": 1, "documents": {"../victim": entry}}
    (folder / DOCUMENTS_FILE).write_text(json.dumps(body), encoding="utf-8")
    code, out, err = run(capsys, project, "export", "--format", "brat", "--out", str(folder))
    assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "names a file outside the folder ('../victim')" in err and "Choose an empty folder" in err
    assert victim.read_text(encoding="utf-8") == "Mine.\n"
    assert sorted(p.name for p in folder.iterdir()) == [DOCUMENTS_FILE]

"""`factcheck import FILE...`: what it prints, and all or nothing on a refused file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def article(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def counts(db: Path) -> tuple[int, int]:
    with Store.open(db) as store:
        return len(store.documents()), len(store.annotations(include_deleted=True))


def test_import_articles_prints_per_file_and_total(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.db"
    a = article(tmp_path, "a.txt", "First article.\n")
    b = article(tmp_path, "b.md", "# Second\n\nBody.\n")
    code, out, err = run(capsys, db, str(a), str(b), str(a))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "a.txt: 1 document added."
    assert lines[1] == "b.md: 1 document added."
    assert lines[2] == "a.txt: 1 document already there."
    assert lines[3] == "Total: 2 documents added, 1 document already there."
    assert counts(db) == (2, 0)
    code, out, _ = run(capsys, db, str(a))
    assert (code, out) == (0, "a.txt: 1 document already there.\n")


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("bad.txt", b"\x00\x01\x02binary", "bad.txt looks like a binary file"),
        ("empty.md", b"", "empty.md is empty"),
        ("notes.pdf", b"%PDF-1.4", "notes.pdf: unknown file type '.pdf'"),
        ("other.db", b"SQLite format 3\x00" + b"\x00" * 200, "other.db"),
        (
            "blob",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20,
            "blob: unknown file type (no extension). It is a binary",
        ),
        ("team", b"SQLite format 3\x00" + b"\x00" * 200, "name it team.db to import it"),
        ("story", b"Crime fell by 20%, the minister said.\n", "name it story.txt"),
    ],
)
def test_one_refused_file_means_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, needle: str
) -> None:
    db = tmp_path / "p.db"
    good = article(tmp_path, "good.txt", "A good article.\n")
    bad = tmp_path / name
    bad.write_bytes(data)
    code, out, err = run(capsys, db, str(good), str(bad))
    assert code == 1
    assert out == ""
    assert err.startswith("factcheck: ") and needle in err
    assert err.count("\n") == 1  # one line, no traceback
    assert err.lower().count("nothing was imported") <= 1
    assert counts(db) == (0, 0)
    assert bad.read_bytes() == data


def test_missing_file_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path / "p.db", str(tmp_path / "gone.txt"))
    assert code == 1
    assert "gone.txt: no such file" in err


def test_no_files_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(tmp_path / "p.db"), "import"])
    assert exc.value.code == 2


def _export(path: Path, doc: Document, anns: list[dict[str, object]]) -> Path:
    payload = {
        "format": "factcheck",
        "version": 1,
        "labels": [{"name": "claim", "color": "#E69F00", "shortcut": "1"}],
        "documents": [
            {
                "id": doc.id,
                "title": doc.title,
                "source": doc.source,
                "sha256": doc.sha256,
                "text": doc.text,
                "imported_at": doc.imported_at,
                "annotations": anns,
            }
        ],
    }
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_import_a_teammates_json_export_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("factcheck.services.formats")
    db = tmp_path / "p.db"
    doc = Document.create("Roe said crime fell by 20%. Critics disagreed.\n", title="Roe", source="roe.txt")
    ann = new_annotation(doc, 0, 26, "claim", "alice")
    row = {k: getattr(ann, k) for k in ("id", "label", "start", "end", "quote", "prefix", "suffix")}
    row.update(annotator="alice", note="", created_at=ann.created_at, updated_at=ann.updated_at)
    export = _export(tmp_path / "alice.json", doc, [row])
    code, out, err = run(capsys, db, str(export))
    assert (code, err) == (0, "")
    assert out == "alice.json: 1 document added. Tags: 1 added.\n"
    code, out, _ = run(capsys, db, str(export))
    assert out == "alice.json: 1 document already there. Tags: 1 unchanged.\n"
    assert counts(db) == (1, 1)


OLD = (
    "Minister Jane Roe said on Monday that crime fell by 20 percent last year. "
    "Roe later resigned from the cabinet after the scandal broke. "
    "The statistics office will publish the full data next month.\n"
)
NEW = (
    "Correction: this article has been updated. "
    "Minister Jane Roe said on Monday that crime fell by 20 percent last year. "
    "The statistics office will publish the full data next month.\n"
)


def test_teammate_database_on_a_corrected_article_prints_reanchored_and_orphaned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alice = tmp_path / "alice.db"
    with Store.open(alice) as store:
        doc, _ = store.add_document(Document.create(OLD, title="Roe resigns"))
        for needle in ("crime fell by 20 percent", "Roe later resigned from the cabinet"):
            start = OLD.index(needle)
            store.add_annotation(new_annotation(doc, start, start + len(needle), "claim", "alice"))
    before = alice.read_bytes()
    db = tmp_path / "p.db"
    with Store.open(db) as store:
        store.add_document(Document.create(NEW, title="Roe resigns"))
    code, out, err = run(capsys, db, str(alice))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("alice.db: 1 document already there. Tags: 2 added,")
    assert "1 re-anchored onto our version of the text" in lines[0]
    assert "1 orphaned" in lines[0]
    assert lines[1].startswith("    orphaned ") and "'Roe later resigned from the cabinet'" in lines[1]
    assert alice.read_bytes() == before
    assert counts(db) == (1, 2)


def test_import_paths_reports_progress_per_file(tmp_path: Path) -> None:
    from factcheck.services.importing import import_paths

    files = [article(tmp_path, f"{i}.txt", f"Article number {i}.\n") for i in range(3)]
    seen: list[tuple[int, int]] = []
    with Store.open(tmp_path / "p.db") as store:
        report = import_paths(store, files, annotator="me", progress=lambda d, t: seen.append((d, t)))
        assert report.documents_added == 3
        assert report.document_ids == [d.id for d in store.documents()]
    assert seen == [(i, 6) for i in range(1, 7)]  # each file read, then each stored

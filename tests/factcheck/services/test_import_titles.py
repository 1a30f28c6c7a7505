"""Imported documents' titles hold no control characters, whatever file they came from: an article whose
first line holds an escape, a teammate's JSON export with a title holding a direction override.
The import goes through (the title is cleaned, the rest as sent), as speakers' names from the team do."""

from __future__ import annotations

import json
from pathlib import Path

from db import Store
from factcheck.core.model import Document
from factcheck.core.names import holds_hidden
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths

BAD = "Roe\x1b[2J on t\u202eitle"


def test_an_article_whose_first_line_holds_an_escape(store: Store, tmp_path: Path) -> None:
    article = tmp_path / "roe.txt"
    article.write_text(f"{BAD}\n\nThe minister said crime fell by 5%.\n", encoding="utf-8")
    report = import_paths(store, [article])
    assert report.documents_added == 1
    (doc,) = store.documents()
    assert doc.title == "Roe [2J on title"


def test_an_export_whose_title_holds_a_direction_override(db_path: Path, tmp_path: Path) -> None:
    sender = tmp_path / "sender.db"
    with Store.open(sender) as theirs:
        doc, _ = theirs.add_document(Document.create("The minister said crime fell by 5%.", title="Roe"))
        theirs.add_annotation(new_annotation(doc, 4, 12, "claim", "ben"))
        out = tmp_path / "roe.json"
        export(theirs, "json", out)
    # The title as an older factcheck, or a hand, wrote it.
    out.write_text(out.read_text(encoding="utf-8").replace('"Roe"', json.dumps(BAD)), encoding="utf-8")
    with Store.open(db_path) as ours:
        report = import_paths(ours, [out])
        assert report.documents_added == 1
        (mine,) = ours.documents()
        assert mine.title == "Roe [2J on title" and not holds_hidden(mine.title)
        assert len(ours.annotations(mine.id)) == 1


def test_a_corrected_version_under_the_same_title_is_found_as_ours(db_path: Path, tmp_path: Path) -> None:
    text = "The minister said crime fell by 5% last year, and that the police had more officers than ever."
    files = []
    for i, version in enumerate((text, text.replace("5%", "4%"))):
        with Store.open(tmp_path / f"sender{i}.db") as theirs:
            doc, _ = theirs.add_document(Document.create(version, title="Roe"))
            theirs.add_annotation(new_annotation(doc, 4, 12, "claim", "ben"))
            export(theirs, "json", tmp_path / f"roe{i}.json")
        out = tmp_path / f"roe{i}.json"
        out.write_text(out.read_text(encoding="utf-8").replace('"Roe"', json.dumps(BAD)), encoding="utf-8")
        files.append(out)
    with Store.open(db_path) as ours:
        import_paths(ours, [files[0]])
        report = import_paths(ours, [files[1]])
        assert report.documents_added == 0 and report.documents_existing == 1  # no source: by its title
        assert len(ours.documents()) == 1

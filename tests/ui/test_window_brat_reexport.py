"""File > Export as brat in the real window, into a folder holding an older export (replaced whole, after
the question) or another tool's brat files of the same names (refused in a dialog saying what to do)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.formats.brat_names import DOCUMENTS_FILE
from tests.ui.conftest import OpenWindow
from tests.ui.test_window_export_replace import click, when_shown
from tests.ui.window_support import finish_operations
from ui.import_export import ExportDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _tag(store: Store, doc: Document) -> None:
    store.add_annotation(new_annotation(doc, 0, 8, "claim", "alice"))


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def export_brat(
    qtbot: QtBot, window: MainWindow, out: Path, answer: Callable[[QWidget], None], log: list[str]
) -> None:
    """File > Export, brat, into out, Export; the question about the folder's files is answered so."""

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        dialog.format.setCurrentIndex(dialog.format.findData("brat"))
        dialog.path.setText(str(out))
        when_shown(QMessageBox, answer, log)
        dialog.accept()
        if dialog.isVisible():
            log.append("stayed open")
            dialog.reject()

    when_shown(ExportDialog, fill, log)
    window.actions_.export.trigger()
    finish_operations(qtbot, window)


def test_an_older_export_in_the_folder_is_replaced_whole(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    folder = tmp_path / "brat"
    older = tmp_path / "older.db"
    with Store.open(older) as store:  # another project's export, with an article this one lacks
        doc, _ = store.add_document(Document.create("An article of theirs.\n", title="Theirs"))
        store.add_annotation(new_annotation(doc, 0, 2, "claim", "bo"))
    assert main(["--db", str(older), "export", "--format", "brat", "--out", str(folder)]) == 0
    window = open_window(prepare=_tag)
    log: list[str] = []
    export_brat(qtbot, window, folder, click("Replace"), log)
    assert log[0] == "ExportDialog" and "stayed open" not in log
    assert "replaced as a whole" in log[1] and "Other files stay" in log[1]
    assert dialogs[-1][1].startswith("Export finished")
    assert sorted(p.name for p in folder.iterdir() if p.suffix in (".txt", ".ann")) == ["roe.ann", "roe.txt"]
    listed = json.loads((folder / DOCUMENTS_FILE).read_text(encoding="utf-8"))["documents"]
    assert list(listed) == ["roe"]


def test_another_tools_brat_files_are_refused_in_a_dialog(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(prepare=_tag)
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "roe.txt").write_text("Another tool's text.\n", encoding="utf-8")
    (folder / "roe.ann").write_text("T1\tPerson 0 7\tAnother\n", encoding="utf-8")
    before = snapshot(folder)
    log: list[str] = []
    export_brat(qtbot, window, folder, click("Replace"), log)
    assert "already holds files" in log[1] and "stayed open" not in log
    kind, text = dialogs[-1]
    assert kind == "critical" and text.startswith("Export failed: The folder")
    assert "(roe.ann, roe.txt)" in text and "Choose an empty folder for the export." in text
    assert text.lower().count("nothing was written") == 1  # the dialog does not say it twice
    assert snapshot(folder) == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_an_older_file_that_cannot_be_removed_is_left_to_the_user_not_called_a_failure(
    open_window: OpenWindow,
    qtbot: QtBot,
    tmp_path: Path,
    dialogs: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "brat"
    older = tmp_path / "older.db"
    with Store.open(older) as store:
        doc, _ = store.add_document(Document.create("An article of theirs.\n", title="Theirs"))
        store.add_annotation(new_annotation(doc, 0, 2, "claim", "bo"))
    assert main(["--db", str(older), "export", "--format", "brat", "--out", str(folder)]) == 0
    real = Path.unlink

    def unlink(path: Path, missing_ok: bool = False) -> None:  # a file of the older export stays
        if path.parent == folder and path.name == "Theirs.ann":
            raise PermissionError(13, "Permission denied", str(path))
        real(path, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    window = open_window(prepare=_tag)
    log: list[str] = []
    export_brat(qtbot, window, folder, click("Replace"), log)
    kind, text = dialogs[-1]
    assert kind == "critical" and text.startswith("Export finished, files left over: The export into")
    assert "could not be removed: Theirs.ann (Permission denied)" in text
    assert text.endswith("\n\nThe export is complete; remove the listed files by hand.")
    assert "nothing was written" not in text.lower() and "failed" not in text.lower()
    assert window.statusBar().currentMessage() == "Export finished, files left over"
    # The new export is in place; only the file that could not go is left of the older one.
    assert sorted(p.name for p in folder.iterdir() if p.suffix in (".txt", ".ann")) == [
        "Theirs.ann",
        "roe.ann",
        "roe.txt",
    ]
    listed = json.loads((folder / DOCUMENTS_FILE).read_text(encoding="utf-8"))["documents"]
    assert list(listed) == ["roe"]

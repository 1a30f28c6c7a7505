"""The window's start-up and files: sample article, import/export/backup dialogs, bad databases,
remembered settings and the annotator's name, tags added by another process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.window_support import finish_operations, isolated_settings, show
from ui import app
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.shortcuts import shortcut_groups

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return isolated_settings(tmp_path)


@pytest.fixture
def opened(qtbot: QtBot) -> Iterator[list[MainWindow]]:
    """Windows made by a test; closed (settings saved) and their databases closed afterwards."""
    windows: list[MainWindow] = []
    yield windows
    for w in windows:
        w.close()
        w.project.close()


def make(
    qtbot: QtBot,
    opened: list[MainWindow],
    db_path: Path,
    settings: Settings,
    *,
    resize: bool = True,
    annotator: str | None = "alice",
    files: list[str] | None = None,
) -> MainWindow:
    w = app.create_window(db_path, annotator, files=files, settings=settings)
    assert w is not None
    opened.append(w)
    return show(qtbot, w, resize=resize)


def article(
    tmp_path: Path, name: str = "story.txt", text: str = "Officials said the bridge is safe.\n"
) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_database_opens_the_sample_article(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, opened, db_path, settings)
    doc = w.project.document(w.current_document_id() or "")
    assert doc.text == app.SAMPLE_ARTICLE.read_text(encoding="utf-8")
    for needle in ("“", "”", "—", "…", "[the transit authority]", "🚌"):
        assert needle in doc.text
    assert 400 <= len(doc.text.split()) <= 700
    assert w.view.document_text() == doc.text
    assert w.doc_list.model.rowCount() == 1


def test_files_on_the_command_line_are_imported_and_opened(
    qtbot: QtBot,
    opened: list[MainWindow],
    db_path: Path,
    settings: Settings,
    tmp_path: Path,
) -> None:
    w = make(qtbot, opened, db_path, settings, files=[str(article(tmp_path))])
    finish_operations(qtbot, w)
    assert w.project.document(w.current_document_id() or "").text == "Officials said the bridge is safe.\n"
    assert w.doc_list.model.rowCount() == 1  # no sample when the user brought an article


def test_import_through_the_dialog(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]],
) -> None:  # fmt: skip
    w = make(qtbot, opened, db_path, settings)
    path = article(tmp_path, "bridge.txt")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    w.actions_.import_files.trigger()
    finish_operations(qtbot, w)
    assert w.doc_list.model.rowCount() == 2
    assert w.project.document(w.current_document_id() or "").text == path.read_text(encoding="utf-8")
    assert dialogs and dialogs[-1][0] == "information" and dialogs[-1][1].startswith("Import finished")


def test_a_bad_import_changes_nothing(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]],
) -> None:  # fmt: skip
    w = make(qtbot, opened, db_path, settings)
    good = article(tmp_path, "good.txt")
    bad = tmp_path / "broken.json"
    bad.write_text('{"format_version": 1, "documents": [', encoding="utf-8")
    before = w.current_document_id()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(good), str(bad)], ""))
    w.actions_.import_files.trigger()
    finish_operations(qtbot, w)
    assert dialogs[-1][0] == "critical" and "broken.json" in dialogs[-1][1]
    assert w.doc_list.model.rowCount() == 1 and w.current_document_id() == before  # all or nothing


def test_bad_database_file_is_refused_and_left_untouched(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]],
) -> None:  # fmt: skip
    w = make(qtbot, opened, db_path, settings)
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"just some text, not a database\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bogus), ""))
    w.actions_.open_db.trigger()
    assert dialogs[-1][0] == "critical" and "not a factcheck database" in dialogs[-1][1]
    assert bogus.read_bytes() == b"just some text, not a database\n"
    assert w.project.store.path == db_path and w.current_document_id() is not None


def test_bad_database_at_start_asks_for_another(
    qtbot: QtBot, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]],
) -> None:  # fmt: skip
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"\x00\x01binary")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))  # the user cancels
    assert app.create_window(bogus, "alice", settings=settings) is None
    assert dialogs and bogus.read_bytes() == b"\x00\x01binary"


def test_open_another_database_switches_project(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    other = tmp_path / "other.db"
    with Store.open(other) as s:
        doc, _ = s.add_document(Document.create("Another newsroom's article.", title="Other"))
    w = make(qtbot, opened, db_path, settings)
    w.view.select_span(0, 7)
    w.apply_label("claim")
    assert w.undo_stack.count() == 1
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    w.actions_.open_db.trigger()
    assert w.project.store.path == other and w.current_document_id() == doc.id
    assert w.undo_stack.count() == 0  # commands of the other database are gone
    assert str(other.resolve()) == settings.recent_databases()[0]


def test_a_recent_database_that_was_deleted_is_not_created_anew(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path,
    dialogs: list[tuple[str, str]],
) -> None:  # fmt: skip
    gone = tmp_path / "moved.db"
    Store.open(gone).close()
    settings.add_recent_database(gone)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{gone}{suffix}").unlink(missing_ok=True)
    w = make(qtbot, opened, db_path, settings)
    assert not w.open_recent_database(str(gone.resolve()))
    assert not gone.exists() and w.project.store.path == db_path
    assert dialogs[-1][0] == "critical" and "no longer exists" in dialogs[-1][1]
    assert str(gone.resolve()) not in settings.recent_databases()


def test_settings_are_remembered(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path
) -> None:
    w = make(qtbot, opened, db_path, settings)
    sample = w.current_document_id()
    w.import_files([str(article(tmp_path))], report=False)
    finish_operations(qtbot, w)
    second = w.current_document_id()
    assert second != sample
    w.resize(760, 560)  # within the offscreen screen (800x600): restoreGeometry keeps windows on screen
    w.splitter.setSizes([120, 392, 240])  # the article keeps at least half
    sizes = w.splitter.sizes()
    w.zoom_in()
    zoom = w.view.zoom()
    w.close()
    again = make(qtbot, opened, db_path, settings, resize=False)
    assert again.current_document_id() == second
    assert (again.width(), again.height()) == (760, 560)
    # Restored before the window is laid out, Qt rounds the shares; and the zoomed text makes the tags
    # pane's minimum a little wider: the same within a few pixels.
    assert all(abs(a - b) <= 24 for a, b in zip(again.splitter.sizes(), sizes, strict=True))
    assert again.view.zoom() == zoom != 100


def test_first_start_asks_the_name_once(
    qtbot: QtBot,
    opened: list[MainWindow],
    db_path: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FACTCHECK_ANNOTATOR", raising=False)
    asked: list[str] = []

    def get_text(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append("yes")
        return ("  Dana   Q ", True)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    w = make(qtbot, opened, db_path, settings, annotator=None)
    assert w.annotator == "Dana Q" and settings.annotator == "Dana Q" and asked == ["yes"]
    w.view.select_span(0, 7)
    w.apply_label("claim")
    assert w.project.store.annotations()[0].annotator == "Dana Q"
    w.close()
    again = make(qtbot, opened, db_path, settings, annotator=None)
    assert again.annotator == "Dana Q" and asked == ["yes"]
    override = make(qtbot, opened, db_path, settings, annotator="Eve")  # --annotator: no question
    assert override.annotator == "Eve" and asked == ["yes"]


def test_tags_from_another_process_appear_without_losing_state(
    qtbot: QtBot,
    opened: list[MainWindow],
    db_path: Path,
    settings: Settings,
) -> None:
    w = make(qtbot, opened, db_path, settings)
    doc = w.project.document(w.current_document_id() or "")
    start = doc.text.index("PORT ELLERY")
    w.view.select_span(start, start + len("PORT ELLERY"))
    mine = w.tag_selection("claim", (start, start + len("PORT ELLERY")))
    assert mine is not None
    with Store.open(db_path) as other:
        s = doc.text.index("Daniel Okafor")
        theirs = other.add_annotation(new_annotation(doc, s, s + len("Daniel Okafor"), "denial", "bob"))
    assert w.project.reload_if_changed()
    assert {a.id for a in w.table.model.annotations()} == {mine.id, theirs.id}
    assert w.view.current_annotation() == mine.id == w.table.current_annotation()
    assert w.undo_stack.count() == 1 and w.current_document_id() == doc.id
    assert "bob" in [w.table.annotator_filter.itemText(i) for i in range(w.table.annotator_filter.count())]


def test_backup_through_the_dialog(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]],
) -> None:  # fmt: skip
    w = make(qtbot, opened, db_path, settings)
    w.view.select_span(0, 7)
    w.apply_label("claim")
    dest = tmp_path / "copies" / "backup.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    w.actions_.backup.trigger()
    finish_operations(qtbot, w)
    with Store.open(dest) as copy:
        assert [a.quote for a in copy.annotations()] == [w.project.store.annotations()[0].quote]
    assert dialogs[-1][0] == "information"


def test_export_with_filters(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path,
    dialogs: list[tuple[str, str]],
) -> None:  # fmt: skip
    from ui.import_export import ExportDialog, start_export

    w = make(qtbot, opened, db_path, settings)
    text = w.view.document_text()
    for quote, label in (("PORT ELLERY", "claim"), ("Daniel Okafor", "denial")):
        s = text.index(quote)
        w.tag_selection(label, (s, s + len(quote)))
    dialog = ExportDialog(w, w.project, w.current_document_id())
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.label.setCurrentIndex(dialog.label.findData("denial"))
    out = tmp_path / "out.csv"
    job = start_export(w.feedback, w.project, dialog.fmt(), out, **dialog.options())
    assert job is not None
    finish_operations(qtbot, w)
    assert job.result == 1
    assert "Daniel Okafor" in out.read_text(encoding="utf-8") and "PORT ELLERY" not in out.read_text(
        encoding="utf-8"
    )
    assert dialogs[-1][1].startswith("Export finished")


def test_help_lists_every_shortcut(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, opened, db_path, settings)
    groups = shortcut_groups(w, w.label_bar.label_actions, w.actions_.all())
    keys = {k for g in groups for row in g.rows for k in row.keys}
    for needed in ("1", "2", "3", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y", "Ctrl+F", "F3", "Del", "F2", "Tab",
                   "Shift+Tab", "Ctrl+=", "Ctrl+-", "Ctrl+0", "Ctrl+Q", "Ctrl+I", "Ctrl+E"):  # fmt: skip
        assert needed in keys, needed


def test_find_bar(qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings) -> None:
    w = make(qtbot, opened, db_path, settings)
    qtbot.keyClick(w.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.find_bar.isVisible() and w.find_bar.edit.hasFocus()
    qtbot.keyClicks(w.find_bar.edit, "mayor")
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
    first = w.view.selected_span()
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
    second = w.view.selected_span()
    assert first and second and second[0] > first[0]
    assert w.view.document_text()[second[0] : second[1]].lower() == "mayor"
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert w.view.selected_span() == first
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.find_bar.isVisible()


def test_open_article_imports_the_file_and_shows_it(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]],
) -> None:  # fmt: skip
    w = make(qtbot, opened, db_path, settings)
    sample = w.current_document_id()
    open_article, open_project = w.actions_.open_article, w.actions_.open_db
    assert open_article.shortcut().toString() == "Ctrl+O"
    assert open_project.shortcut().toString() == "Ctrl+Shift+O" and "project" in open_project.text()
    path = article(tmp_path, "tunnel.txt", "The tunnel opens in May, the minister said.\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    chosen: list[str] = []

    def ask_database(*_args: object, **_kwargs: object) -> tuple[str, str]:
        chosen.append("db")
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", ask_database)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    finish_operations(qtbot, w)
    assert not chosen  # Ctrl+O never asks for a database
    assert w.current_document_id() != sample
    assert w.view.document_text() == path.read_text(encoding="utf-8")
    # The same file again: nothing new is stored, and the article already there is shown.
    w.open_document(sample)
    open_article.trigger()
    finish_operations(qtbot, w)
    assert w.doc_list.model.rowCount() == 2
    assert w.view.document_text() == path.read_text(encoding="utf-8")

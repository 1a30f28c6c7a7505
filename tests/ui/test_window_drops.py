"""Files and links dropped on the real window: the File menu's own paths; refusals change nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from tests.factcheck.services.brat_helpers import CORPUS
from tests.helpers.web_server import WebServer
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations
from ui.drops import read_drop, shown
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

PAGE = """<html><head><title>Minister denies crime report | The Daily</title></head><body>
<article><h1>Minister denies crime report</h1>
<p>The minister said on Monday that crime fell by twenty percent in the capital over the last year.</p>
<p>Critics called the claim misleading, pointing to the police’s own figures for the same period.</p>
</article></body></html>"""
STORY = "The council said the bridge would reopen in May. Engineers said it would not.\n"
TITLE = STORY.strip()  # an article's first line is its title


def files(*paths: Path | str) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def link(url: str, *, as_text: bool = False) -> QMimeData:
    mime = QMimeData()
    if as_text:
        mime.setText(url)
    else:
        mime.setUrls([QUrl(url)])
        mime.setText(url)  # as a browser gives it: the address as text too
    return mime


def drag(target: QWidget, mime: QMimeData, offered: Qt.DropAction = Qt.DropAction.CopyAction) -> bool:
    """A drag entering target holding mime, then moving over it; True when the window shows the drop
    cursor (for a copy: never a move)."""
    enter = QDragEnterEvent(QPoint(200, 200), offered, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(target, enter)
    move = QDragMoveEvent(QPoint(210, 210), offered, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(target, move)
    assert move.isAccepted() == enter.isAccepted()
    if enter.isAccepted():
        assert enter.dropAction() == move.dropAction() == Qt.DropAction.CopyAction
    return enter.isAccepted()


def drop(target: QWidget, mime: QMimeData) -> bool:
    """A drag entering target, then dropped there; True when the window took the drop."""
    drag(target, mime)
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def titles(w: MainWindow) -> list[str]:
    return sorted(s.title for s in w.project.documents())


def test_a_dropped_article_is_imported_and_shown_as_file_import_does(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    article = tmp_path / "bridge.txt"
    article.write_text(STORY, encoding="utf-8")
    # A file manager offering to move the file gets a copy: it must not delete what it dragged.
    assert drag(w, files(article), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction)
    assert not drag(w, files(article), Qt.DropAction.MoveAction)  # a move only: refused
    assert drag(w, files(article))
    assert w.statusBar().currentMessage() == "Drop to import “bridge.txt”"
    assert drop(w, files(article))
    qtbot.waitUntil(lambda: w.project.operations.current() is not None or len(titles(w)) == 2, timeout=5000)
    finish_operations(qtbot, w)
    assert titles(w) == ["Roe on crime", TITLE]
    assert w.open_doc.document is not None and w.open_doc.document.text == STORY  # the article shown after
    assert [kind for kind, _ in dialogs] == ["information"]
    assert dialogs[0][1].startswith("Import finished")
    w.grab().save("/tmp/drops-imported.png")


def test_a_drop_on_the_article_itself_lands_on_the_window(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    # The article accepts drops of its own (it is a text view): what it ignores reaches the window.
    w = open_window()
    article = tmp_path / "bridge.txt"
    article.write_text(STORY, encoding="utf-8")
    assert drop(w.view.viewport(), files(article))
    qtbot.waitUntil(lambda: len(titles(w)) == 2, timeout=10_000)
    finish_operations(qtbot, w)
    assert w.open_doc.document is not None and w.open_doc.document.title == TITLE


def test_a_dropped_brat_folder_is_imported_as_file_import_reads_one(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    assert drag(w, files(folder))
    assert drop(w, files(folder))
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20_000)
    finish_operations(qtbot, w)
    assert dialogs[0][1].startswith("Import finished"), dialogs
    assert len(titles(w)) == 4  # lavrov, seoul, untagged beside the article already there
    assert w.open_doc.document is not None and w.open_doc.document.title != "Roe on crime"
    tags = sum(len(w.project.annotations(s.id)) for s in w.project.documents())
    assert tags > 0  # the .ann files' tags came with their articles


def test_several_files_are_one_import_all_or_nothing(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    good = tmp_path / "bridge.txt"
    good.write_text(STORY, encoding="utf-8")
    broken = tmp_path / "team.json"
    broken.write_text("{not json", encoding="utf-8")
    assert drop(w, files(good, broken))
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20_000)
    finish_operations(qtbot, w)
    assert dialogs[0][0] == "critical" and dialogs[0][1].startswith("Import failed")
    assert titles(w) == ["Roe on crime"]  # the good article was not kept either


def _answer_project_question(qtbot: QtBot, button: str, seen: list[str]) -> None:
    def act(tries: int = 200) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if tries:
                QTimer.singleShot(20, lambda: act(tries - 1))
            return
        seen.append(box.text())
        box.grab().save("/tmp/drops-project-question.png")
        chosen = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


def _other_project(tmp_path: Path) -> Path:
    path = tmp_path / "team" / "budget.factcheck"
    path.parent.mkdir()
    store = Store.open(path)
    store.add_document(Document.create(STORY, title="Budget story", source="budget.txt"))
    store.close()
    return path


def test_a_dropped_project_asks_then_opens_as_open_project_does(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    other = _other_project(tmp_path)
    assert drag(w, files(other))
    assert w.statusBar().currentMessage() == "Drop to open the project “budget.factcheck”"
    seen: list[str] = []
    _answer_project_question(qtbot, "Cancel", seen)
    assert drop(w, files(other))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "“budget.factcheck” is a factcheck project" in seen[0]
    assert w.project.path is not None and w.project.path.name != "budget.factcheck"  # Cancel: as it was
    assert titles(w) == ["Roe on crime"]

    _answer_project_question(qtbot, "Open project", seen)
    assert drop(w, files(other))
    qtbot.waitUntil(lambda: w.project.path is not None and w.project.path.name == "budget.factcheck")
    assert titles(w) == ["Budget story"]
    assert str(other) in w.settings.recent_databases()  # as File > Open project records it
    assert w.open_doc.document is not None and w.open_doc.document.title == "Budget story"
    # The project open now, dropped again: nothing to ask.
    assert drop(w, files(other))
    qtbot.waitUntil(lambda: w.statusBar().currentMessage() == "“budget.factcheck” is the project open now.")
    assert dialogs == []


def test_a_dropped_project_can_be_imported_instead(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    other = _other_project(tmp_path)
    seen: list[str] = []
    _answer_project_question(qtbot, "Import its work", seen)
    assert drop(w, files(other))
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20_000)
    finish_operations(qtbot, w)
    assert w.project.path is not None and w.project.path.name != "budget.factcheck"
    assert titles(w) == ["Budget story", "Roe on crime"]


def test_a_project_among_other_files_is_refused_with_what_to_do(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    article = tmp_path / "bridge.txt"
    article.write_text(STORY, encoding="utf-8")
    mime = files(_other_project(tmp_path), article)
    assert not drag(w, mime)
    assert "drop it alone to open it" in w.statusBar().currentMessage()


@pytest.mark.parametrize("as_text", [False, True], ids=["uri-list", "plain-text"])
def test_a_dropped_link_opens_the_page_as_open_web_page_does(
    qtbot: QtBot,
    open_window: OpenWindow,
    web_server: WebServer,
    dialogs: list[tuple[str, str]],
    as_text: bool,
) -> None:
    w = open_window()
    url = web_server.page("/world/minister", PAGE)
    assert drag(w, link(url, as_text=as_text))
    assert w.statusBar().currentMessage() == f"Drop to open {url.removeprefix('http://')}"
    assert drop(w, link(url, as_text=as_text))
    qtbot.waitUntil(lambda: len(titles(w)) == 2, timeout=20_000)
    finish_operations(qtbot, w)
    doc = w.open_doc.document
    assert doc is not None and doc.source == url and doc.title == "Minister denies crime report"
    assert w.statusBar().currentMessage().startswith("Opened “Minister denies crime report” from")
    assert dialogs == []


def _refusals(tmp_path: Path) -> dict[str, QMimeData]:
    image = QMimeData()
    picture = QImage(8, 8, QImage.Format.Format_RGB32)
    picture.fill(QColor("red"))
    image.setImageData(picture)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    ftp = QMimeData()
    ftp.setUrls([QUrl("ftp://example.org/story.txt")])
    two_links = QMimeData()
    two_links.setUrls([QUrl("https://example.org/a"), QUrl("https://example.org/b")])
    words = QMimeData()
    words.setText("the minister said crime fell")
    return {
        "image": image,
        "fifo": files(fifo),
        "device": files("/dev/null"),
        "photo": files(photo),
        "missing": files(tmp_path / "gone.txt"),
        "ftp": ftp,
        "two links": two_links,
        "text": words,
        "empty": QMimeData(),
    }


def test_what_cannot_be_taken_gets_no_drop_cursor_and_changes_nothing(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    reasons = {
        "image": "Nothing here that factcheck can open: factcheck takes",
        "fifo": "“pipe.txt” is not a file but a pipe, a device or a socket",
        "device": "“null” is not a file but a pipe, a device or a socket",
        "photo": "“photo.png” cannot be imported: factcheck takes articles, exports, databases, brat",
        "missing": "“gone.txt” cannot be read",
        "ftp": "ftp://example.org/story.txt is neither a file nor a web page",
        "two links": "Drop one link at a time",
        "text": "Only files and web links can be dropped here, not text.",
        "empty": "Nothing here that factcheck can open: factcheck takes",
    }
    for name, mime in _refusals(tmp_path).items():
        assert not drag(w, mime), name
        assert w.statusBar().currentMessage().startswith(reasons[name]), (
            name,
            w.statusBar().currentMessage(),
        )
        assert not drop(w, mime), name  # Qt delivers no drop where the drag was refused
    qtbot.wait(50)
    assert dialogs == []
    assert titles(w) == ["Roe on crime"]
    assert w.project.operations.current() is None


def test_a_file_gone_between_drag_and_drop_is_one_clear_message(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    article = tmp_path / "bridge.txt"
    article.write_text(STORY, encoding="utf-8")
    mime = files(article)
    assert drag(w, mime)
    article.unlink()  # moved away while the user was dragging it
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(w, event)
    assert not event.isAccepted()
    qtbot.waitUntil(lambda: bool(dialogs))
    assert dialogs == [
        ("critical", "Cannot take this drop: “bridge.txt” cannot be read (it was moved, deleted, or is not "
         "allowed).\n\nNothing was changed.")
    ]  # fmt: skip
    assert titles(w) == ["Roe on crime"] and w.project.operations.current() is None


def test_hostile_names_are_shown_escaped(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    evil = tmp_path / "a\nFAKE LINE\x1b[31m\u202egnp.exe"
    evil.write_bytes(b"MZ")
    assert not drag(w, files(evil))
    said = w.statusBar().currentMessage()
    assert "\n" not in said and "\x1b" not in said and "\u202e" not in said
    assert "“a\\nFAKE LINE\\u001b[31m\\u202egnp.exe”" in said
    w.grab().save("/tmp/drops-refused.png")
    assert shown("x" * 200).count("…") == 1 and len(shown("x" * 200)) == 80
    # A Persian name's zero-width non-joiner is part of the name, not an attack: kept as it is.
    assert shown("می\u200cخواهم.txt") == "می\u200cخواهم.txt"
    assert shown("a\u2028b\udcff") == "a\\u2028b\\udcff"  # a line separator, an undecodable byte


def test_while_an_import_runs_a_drop_is_refused_as_the_menu_is_disabled(
    qtbot: QtBot,
    open_window: OpenWindow,
    tmp_path: Path,
    web_server: WebServer,
    dialogs: list[tuple[str, str]],
) -> None:
    w = open_window()
    article = tmp_path / "bridge.txt"
    article.write_text(STORY, encoding="utf-8")
    early = files(article)
    assert drag(w, early)  # a drag already over the window when the import begins...
    web_server.routes["/stall"] = lambda request: web_server.stop.wait(30)  # type: ignore[assignment]
    # ...begun as a dropped link begins one (a drag in progress is Qt's target: it sees no other drop).
    assert w.drops.take(read_drop(link(web_server.url("/stall")))) is not None
    qtbot.waitUntil(lambda: w.project.operations.current() is not None, timeout=5000)
    assert not w.actions_.import_files.isEnabled()  # the rule the drop follows
    move = QDragMoveEvent(QPoint(220, 220), Qt.DropAction.CopyAction, early, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(w, move)
    assert not move.isAccepted()  # ...loses its drop cursor at its next move
    assert not drag(w, files(article))  # a new one gets none
    assert w.statusBar().currentMessage() == "Import is running: wait for it to finish, or cancel it."
    # A drop whose drag entered before the import began is refused when it lands, with one message.
    mime = files(article)  # kept: the event does not own it
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(w, event)
    assert not event.isAccepted()
    qtbot.waitUntil(lambda: bool(dialogs))
    assert dialogs[0][1].startswith("Cannot take this drop: Import is running")
    w.project.operations.cancel()
    finish_operations(qtbot, w)
    assert titles(w) == ["Roe on crime"]
    assert drag(w, files(article))  # once it has ended, drops are welcome again


class _DragFromTheArticle(QDragEnterEvent):
    """A drag started inside factcheck (Qt names its source widget)."""

    def __init__(self, mime: QMimeData, source: QWidget) -> None:
        super().__init__(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)  # fmt: skip
        self._source = source

    def source(self) -> QWidget:
        return self._source


def test_a_drag_of_the_articles_own_text_is_left_alone(qtbot: QtBot, open_window: OpenWindow) -> None:
    w = open_window()
    w.statusBar().clearMessage()
    mime = QMimeData()
    mime.setText("crime fell by 20%")
    event = _DragFromTheArticle(mime, w.view)
    QApplication.sendEvent(w, event)
    assert not event.isAccepted()
    assert w.statusBar().currentMessage() == ""  # no refusal said: the user is not importing anything
    assert not drag(w, mime)  # the same text from another application is refused, with its reason
    assert w.statusBar().currentMessage() == "Only files and web links can be dropped here, not text."


def test_read_drop_judges_without_a_window(tmp_path: Path) -> None:
    article = tmp_path / "bridge.txt"
    article.write_text(STORY, encoding="utf-8")
    ann = tmp_path / "bridge.ann"
    ann.write_text("", encoding="utf-8")
    assert read_drop(files(article, ann)).kind == "files"  # a brat pair
    assert read_drop(files(article, ann)).paths == [str(article), str(ann)]
    assert read_drop(link("https://example.org/story")).url == "https://example.org/story"
    mixed = files(article)
    mixed.setUrls([QUrl("https://example.org/story"), *mixed.urls()])
    assert read_drop(mixed).kind == "files"  # imported together, in the order dropped
    assert read_drop(mixed).paths == ["https://example.org/story", str(article)]
    mixed.setUrls([*mixed.urls(), QUrl("https://")])
    assert "not a complete web address" in read_drop(mixed).reason
    assert read_drop(None).kind == "refused"

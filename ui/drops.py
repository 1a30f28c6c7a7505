"""Files and links dropped on the main window: the same paths as the File menu's commands.

What a drop holds is judged when the drag enters (`read_drop`), so that only what the window can take
gets the drop cursor; what it refuses is said in the status bar while dragging, and in one dialog if it is
dropped anyway. Files and folders go through File > Import (`MainWindow.import_files`: all-or-nothing, a
report, the first article shown; a folder is a brat collection, as the import reads one; links dropped
with files are downloaded as part of that import, in the order dropped); a lone
`.factcheck` project asks whether to open it (File > Open project) or import its work; an http(s) link is
opened as File > Open web page does (`ui.web_open.start_web_import`). While an operation runs, the File
menu's commands are disabled: so is dropping (refused at drag time, the reason in the status bar).
The work starts after the drop has returned, so the application the drag came from is never held by a
dialog of ours.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from factcheck.services.importing import IMPORTABLE_SUFFIXES
from factcheck.services.web_pages import SCHEMES, is_address, short_address
from ui import databases, deferred, dialogs, drag_guard, modal, web_open
from ui.dialogs import escaped
from ui.operations import Job
from ui.progress import Feedback
from ui.project import ProjectModel
from ui.settings import Settings


def _tr(text: str) -> str:
    return QCoreApplication.translate("Drops", text)


PROJECT_SUFFIX = ".factcheck"
BRAT_SUFFIX = ".ann"
#: The longest name shown in a message; a longer one is cut in the middle.
NAME_WIDTH = 80

Kind = Literal["files", "project", "link", "refused"]


@dataclass(frozen=True)
class Drop:
    """What a drag holds, as the window would take it."""

    kind: Kind
    paths: list[str] = field(default_factory=list)  # files and folders ("files"), the project ("project")
    url: str = ""  # "link"
    reason: str = ""  # "refused": what it is and what to do, one line


class DropWindow(Protocol):
    """The main window, as dropping uses it."""

    project: ProjectModel
    annotator: str
    settings: Settings
    feedback: Feedback

    def statusBar(self) -> QStatusBar: ...
    def import_files(self, paths: list[str], *, report: bool = True) -> Job | None: ...
    def open_document(self, document_id: str | None) -> None: ...
    def open_database(self, path: Path | str) -> bool: ...


def shown(text: str, width: int = NAME_WIDTH) -> str:
    """text for a message: control characters (a newline, an escape sequence), line separators and
    direction overrides written as escapes, so that a hostile name cannot forge lines, colours or its
    extension; cut in the middle to width."""
    out = escaped(text)
    if len(out) <= width:
        return out
    half = (width - 1) // 2
    return f"{out[:half]}…{out[-(width - 1 - half) :]}"


def _what_factcheck_takes() -> str:
    # Short: it is read in the status bar while dragging (the File > Import dialog lists the extensions).
    return _tr("factcheck takes articles, exports, databases, brat files and web links.")


def _refused(reason: str) -> Drop:
    return Drop("refused", reason=reason)


def _check_path(path: str) -> str:
    """Why the file or folder at path cannot be dropped, or '' when it can."""
    name = shown(Path(path).name or path)
    try:
        mode = os.stat(path).st_mode  # a link is judged by what it points to, as the import reads it
    except OSError:
        return _tr("“{name}” cannot be read (it was moved, deleted, or is not allowed).").format(name=name)
    if stat.S_ISDIR(mode):
        return ""  # a brat collection: the import says what it finds in it
    if not stat.S_ISREG(mode):
        return _tr(
            "“{name}” is not a file but a pipe, a device or a socket; factcheck imports files and folders."
        ).format(name=name)
    suffix = Path(path).suffix.lower()
    if suffix in IMPORTABLE_SUFFIXES or suffix == BRAT_SUFFIX:
        return ""
    return _tr("“{name}” cannot be imported: {takes}").format(name=name, takes=_what_factcheck_takes())


def read_drop(mime: QMimeData | None) -> Drop:
    """What mime holds: files (and folders), a project, one web link, or a refusal saying why."""
    urls = mime.urls() if mime is not None and mime.hasUrls() else []
    if urls:
        local = [u for u in urls if u.isLocalFile()]
        web = [u for u in urls if u.scheme().lower() in SCHEMES]
        others = [u for u in urls if u not in local and u not in web]
        if others:
            said = _tr("{what} is neither a file nor a web page; factcheck opens http:// and https:// links.")
            return _refused(said.format(what=shown(others[0].toString())))
        if web and not local:
            if len(web) > 1:
                return _refused(_tr("Drop one link at a time: each opens its own article."))
            url = web[0].toString()
            if not is_address(url):
                return _refused(_tr("{url} is not a complete web address.").format(url=shown(url)))
            return Drop("link", url=url)
        for address in (u.toString() for u in web):  # with files: imported with them, as the CLI does
            if not is_address(address):
                return _refused(_tr("{url} is not a complete web address.").format(url=shown(address)))
        # In the order dropped: the import stores and reports them so.
        paths = [u.toLocalFile() if u.isLocalFile() else u.toString() for u in urls]
        for path in paths:
            reason = "" if is_address(path) else _check_path(path)
            if reason:
                return _refused(reason)
        projects = [p for p in paths if Path(p).suffix.lower() == PROJECT_SUFFIX and Path(p).is_file()]
        if projects and len(paths) > 1:
            return _refused(
                _tr(
                    "“{name}” is a project: drop it alone to open it, or use File > Import to merge its "
                    "work with the other files."
                ).format(name=shown(Path(projects[0]).name))
            )
        if projects:
            return Drop("project", paths=projects)
        return Drop("files", paths=paths)
    text = mime.text().strip() if mime is not None and mime.hasText() else ""
    if text and is_address(text):
        return Drop("link", url=text)
    takes = _what_factcheck_takes()
    if text:
        return _refused(_tr("Only files and web links can be dropped here, not text."))
    return _refused(_tr("Nothing here that factcheck can open: {takes}").format(takes=takes))


ProjectChoice = Literal["open", "import"]


def ask_about_project(parent: QWidget, path: str) -> ProjectChoice | None:
    """A dropped project: open it (the current one closes) or import its work into this one; None
    (Cancel, the default, so Enter or Escape changes nothing)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("Open the project?"),
        _tr(
            "“{name}” is a factcheck project.\n\nOpen it in this window (the current project is closed; "
            "nothing of it is lost), or import its work into the current project?\n\n{path}"
        ).format(name=shown(Path(path).name), path=shown(path, 200)),
        parent=parent,
    )
    box.setObjectName("dropProjectQuestion")
    open_it = box.addButton(_tr("&Open project"), QMessageBox.ButtonRole.AcceptRole)
    import_it = box.addButton(_tr("&Import its work"), QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    modal.run(box)
    clicked = box.clickedButton()
    return "open" if clicked is open_it else "import" if clicked is import_it else None


class DropTarget(QObject):
    """Takes the drags and drops that reach the window (an event filter on it)."""

    def __init__(self, window: DropWindow, widget: QWidget) -> None:
        super().__init__(widget)
        self.window = window
        self.widget = widget
        self._said = ""  # the status line shown while dragging, cleared when the drag leaves
        self._dragged = _refused("")  # what the drag in progress holds, judged as it entered
        # A window hidden (closed, then deleted) under a drag it took ends it first: ui/drag_guard.py,
        # for every window and dialog; its leave clears the status line here.
        drag_guard.guard()

    def judge(self, mime: QMimeData | None) -> Drop:
        """What a drop of mime would do now: refused while an operation runs, as the File menu is."""
        busy = self.window.project.operations.busy_message()
        if busy:
            return _refused(busy)
        return read_drop(mime)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.widget:
            return False
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDragMoveEvent | QDropEvent)  # a QDragEnterEvent is a move event
            if event.source() is not None:  # a drag within factcheck (the article's selected text)
                event.ignore()  # not an import, and not worth a refusal in the status bar
                return True
        if kind == QEvent.Type.DragEnter:
            assert isinstance(event, QDragMoveEvent)
            self._dragged = self.judge(event.mimeData())
            self._say(self._dragged.reason or self._what_it_does(self._dragged))
            self._answer(event, self._dragged)
            return True
        if kind == QEvent.Type.DragMove:
            assert isinstance(event, QDragMoveEvent)
            # Judged once as it entered (the files are not looked at again on every move of the mouse),
            # but an operation that began meanwhile takes the drop cursor away, as it disables the menu.
            busy = self.window.project.operations.busy_message()
            self._answer(event, _refused(busy) if busy else self._dragged)
            return True
        if kind == QEvent.Type.DragLeave:
            self._unsay()
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            self._unsay()
            drop = self.judge(event.mimeData())  # again: a file may have gone, an operation begun
            self._answer(event, drop)
            # After the drop returns: the drag's source application is not held by our dialogs.
            deferred.soon(self, lambda: self.take(drop))  # a window deleted meanwhile takes nothing
            return True
        return False

    @staticmethod
    def _answer(event: QDragMoveEvent | QDropEvent, drop: Drop) -> None:
        """Accept as a copy, never a move: a file manager deletes what it moved, and factcheck keeps
        no file of its own. A source that offers no copy gets a link (the data is read all the same)."""
        offered = event.possibleActions()
        if drop.kind == "refused":
            event.ignore()  # no drop cursor
        elif offered & Qt.DropAction.CopyAction:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        elif offered & Qt.DropAction.LinkAction:
            event.setDropAction(Qt.DropAction.LinkAction)
            event.accept()
        else:
            event.ignore()

    def _what_it_does(self, drop: Drop) -> str:
        if drop.kind == "link":
            return _tr("Drop to open {address}").format(address=shown(short_address(drop.url)))
        if drop.kind == "project":
            return _tr("Drop to open the project “{name}”").format(name=shown(Path(drop.paths[0]).name))
        if len(drop.paths) == 1:
            return _tr("Drop to import “{name}”").format(name=shown(Path(drop.paths[0]).name))
        if any(is_address(p) for p in drop.paths):
            return _tr("Drop to import {n} files and web pages").format(n=len(drop.paths))
        return _tr("Drop to import {n} files").format(n=len(drop.paths))

    def _say(self, text: str) -> None:
        self._said = text
        self.window.statusBar().showMessage(text, 8000)

    def _unsay(self) -> None:
        bar = self.window.statusBar()
        if self._said and bar.currentMessage() == self._said:
            bar.clearMessage()
        self._said = ""

    def take(self, drop: Drop) -> Job | None:
        """Do what the drop asks, through the File menu's own paths."""
        w = self.window
        if drop.kind == "refused":
            dialogs.show_error(self.widget, _tr("Cannot take this drop"), drop.reason,
                               what_next=_tr("Nothing was changed."))  # fmt: skip
            return None
        if drop.kind == "link":
            return web_open.start_web_import(w.feedback, w.project, drop.url, w.annotator, w.open_document)
        if drop.kind == "files":
            return w.import_files(drop.paths)
        return self._take_project(drop.paths[0])

    def _take_project(self, path: str) -> Job | None:
        w = self.window
        current = w.project.path
        if current is not None and _same_file(current, path):
            w.statusBar().showMessage(_tr("“{name}” is the project open now.").format(
                name=shown(Path(path).name)), 8000)  # fmt: skip
            return None
        choice = ask_about_project(self.widget, path)
        if choice == "open":
            busy = w.project.operations.busy_message()  # one may have started while the question was up
            if busy:
                w.statusBar().showMessage(busy, 8000)
                return None
            if databases.open_database(self.widget, w.project, w.settings, path):
                w.statusBar().showMessage(_tr("Opened the project “{name}”.").format(
                    name=shown(Path(path).name)), 8000)  # fmt: skip
            return None
        if choice == "import":
            return w.import_files([path])
        return None


def _same_file(a: Path | str, b: Path | str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def install(window: DropWindow, widget: QWidget) -> DropTarget:
    """Let widget (the main window) take drops of files and links."""
    target = DropTarget(window, widget)
    widget.setAcceptDrops(True)
    widget.installEventFilter(target)
    return target

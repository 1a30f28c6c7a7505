"""The window's actions and menus. Every command is a QAction, so menus, shortcuts and Help agree.

Keys that would clash with typing (Delete, Enter, F2, Tab, the label keys) are widget shortcuts on the
article view and the tag table only: in a filter box or the find bar they keep their usual meaning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Literal, Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from ui.menus import object_name


def _tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


class _HasView(Protocol):
    @property
    def view(self) -> QWidget: ...


class _FindBar(Protocol):
    def open_bar(self) -> None: ...

    def find_text(self, backward: bool = False) -> bool: ...


class _DocumentTools(Protocol):
    def rename_current(self) -> object: ...
    def remove_current(self) -> object: ...
    def labels_dialog(self) -> object: ...
    def search_all(self) -> object: ...
    def move_boundary(self, edge: Literal["start", "end"], forward: bool) -> object: ...


class Commands(Protocol):
    """What the actions trigger: the main window's commands (it sits above this module)."""

    @property
    def view(self) -> QWidget: ...

    @property
    def table(self) -> _HasView: ...

    @property
    def doc_list(self) -> _HasView: ...

    @property
    def find_bar(self) -> _FindBar: ...

    @property
    def docs(self) -> _DocumentTools: ...

    def new_database(self) -> object: ...
    def open_database_dialog(self) -> object: ...
    def import_dialog(self) -> object: ...
    def open_web_page(self) -> object: ...
    def export_dialog(self) -> object: ...
    def backup_dialog(self) -> object: ...
    def team_server_dialog(self) -> object: ...
    def undo(self) -> object: ...
    def redo(self) -> object: ...
    def delete_current(self) -> object: ...
    def edit_current_note(self) -> object: ...
    def change_annotator(self) -> object: ...
    def zoom_in(self) -> object: ...
    def zoom_out(self) -> object: ...
    def zoom_reset(self) -> object: ...
    def step_tag(self, backward: bool) -> object: ...
    def show_shortcuts(self) -> object: ...
    def show_about(self) -> object: ...


@dataclass
class Actions:
    open_article: QAction
    open_web: QAction
    new_db: QAction
    open_db: QAction
    import_files: QAction
    export: QAction
    backup: QAction
    team: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    delete: QAction
    edit_note: QAction
    edit_note_f2: QAction
    annotator: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    next_tag: QAction
    previous_tag: QAction
    focus_documents: QAction
    focus_article: QAction
    focus_table: QAction
    shortcuts: QAction
    about: QAction
    search_all: QAction
    rename_document: QAction
    remove_document: QAction
    labels: QAction
    tag_end_right: QAction
    tag_end_left: QAction
    tag_start_left: QAction
    tag_start_right: QAction

    def all(self) -> list[QAction]:
        return [getattr(self, f.name) for f in fields(self)]


def _action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    keys: QKeySequence.StandardKey | str | list[str] | None = None,
    *,
    tip: str = "",
    local_to: list[QWidget] | None = None,
) -> QAction:
    action = QAction(text, parent)
    action.setProperty("helpName", text)  # ui.shortcuts.HELP_NAME: Help's name while Undo's text varies
    if isinstance(keys, list):
        action.setShortcuts([QKeySequence(k) for k in keys])
    elif isinstance(keys, QKeySequence.StandardKey):
        action.setShortcuts(keys)
    elif keys:
        action.setShortcut(QKeySequence(keys))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _=False: slot())
    if local_to:
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        for widget in local_to:
            widget.addAction(action)
    else:
        parent.addAction(action)  # window-wide, also while the menu bar is hidden
    return action


def build_actions(main: QMainWindow, w: Commands) -> Actions:
    """The window's actions, parented to `main` and calling `w` (the same window, seen as its commands)."""
    local: list[QWidget] = [w.view, w.table.view]
    std = QKeySequence.StandardKey
    m = main
    return Actions(
        open_article=_action(m, _tr("&Open article…"), w.import_dialog, std.Open,
                             tip=_tr("Import an article file into this project and show it")),
        open_web=_action(m, _tr("Open &web page…"), w.open_web_page, "Ctrl+L",
                         tip=_tr("Download an article by its address and show it")),
        new_db=_action(m, _tr("&New project…"), w.new_database, std.New,
                       tip=_tr("Create an empty project")),
        open_db=_action(m, _tr("Open &project…"), w.open_database_dialog, "Ctrl+Shift+O",
                        tip=_tr("Open another project (a database)")),
        import_files=_action(m, _tr("&Import…"), w.import_dialog, "Ctrl+I",
                             tip=_tr("Import articles, teammates' exports or databases")),
        export=_action(m, _tr("&Export…"), w.export_dialog, "Ctrl+E",
                       tip=_tr("Export tags (CSV, JSON, W3C, brat)")),
        backup=_action(m, _tr("&Back up…"), w.backup_dialog, tip=_tr("A consistent copy of the database")),
        team=_action(m, _tr("&Team server…"), w.team_server_dialog,
                     tip=_tr("Sync with your team's server")),
        quit=_action(m, _tr("&Quit"), main.close, "Ctrl+Q"),
        undo=_action(m, _tr("&Undo"), w.undo, std.Undo),
        redo=_action(m, _tr("&Redo"), w.redo, ["Ctrl+Shift+Z", "Ctrl+Y"]),
        find=_action(m, _tr("&Find…"), w.find_bar.open_bar, std.Find),
        find_next=_action(m, _tr("Find &next"), lambda: w.find_bar.find_text(), "F3"),
        find_previous=_action(m, _tr("Find &previous"), lambda: w.find_bar.find_text(backward=True),
                              "Shift+F3"),
        delete=_action(m, _tr("&Delete tag"), w.delete_current, "Delete", local_to=local),
        edit_note=_action(m, _tr("&Edit note…"), w.edit_current_note, ["Return", "Enter"], local_to=local),
        edit_note_f2=_action(m, _tr("Edit note"), w.edit_current_note, "F2", local_to=local),
        annotator=_action(m, _tr("&Your name…"), w.change_annotator,
                          tip=_tr("The name recorded on your tags")),
        zoom_in=_action(m, _tr("Zoom &in"), w.zoom_in, ["Ctrl+=", "Ctrl++"]),
        zoom_out=_action(m, _tr("Zoom &out"), w.zoom_out, "Ctrl+-"),
        zoom_reset=_action(m, _tr("&Reset zoom"), w.zoom_reset, "Ctrl+0"),
        next_tag=_action(m, _tr("Ne&xt tag"), lambda: w.step_tag(False), "Tab", local_to=local[:1]),
        previous_tag=_action(m, _tr("Pre&vious tag"), lambda: w.step_tag(True), "Shift+Tab",
                             local_to=local[:1]),
        focus_documents=_action(m, _tr("&Documents"), w.doc_list.view.setFocus, "Alt+1"),
        focus_article=_action(m, _tr("&Article"), w.view.setFocus, "Alt+2"),
        focus_table=_action(m, _tr("&Tags table"), w.table.view.setFocus, "Alt+3"),
        shortcuts=_action(m, _tr("&Keyboard shortcuts"), w.show_shortcuts, std.HelpContents),
        about=_action(m, _tr("&About factcheck"), w.show_about),
        search_all=_action(m, _tr("&Search all documents…"), w.docs.search_all, "Ctrl+Shift+F"),
        rename_document=_action(m, _tr("Re&name document"), w.docs.rename_current,
                                tip=_tr("F2 in the document list")),
        remove_document=_action(m, _tr("Re&move document…"), w.docs.remove_current,
                                tip=_tr("Delete in the document list; undoable")),
        labels=_action(m, _tr("&Labels…"), w.docs.labels_dialog,
                       tip=_tr("Add, rename, recolour, order the labels")),
        tag_end_right=_action(m, _tr("Move tag &end right"), lambda: w.docs.move_boundary("end", True),
                              "Alt+Shift+Right", local_to=local),
        tag_end_left=_action(m, _tr("Move tag end &left"), lambda: w.docs.move_boundary("end", False),
                             "Alt+Shift+Left", local_to=local),
        tag_start_left=_action(m, _tr("Move tag &start left"), lambda: w.docs.move_boundary("start", False),
                               "Alt+Ctrl+Left", local_to=local),
        tag_start_right=_action(m, _tr("Move tag start &right"), lambda: w.docs.move_boundary("start", True),
                                "Alt+Ctrl+Right", local_to=local),
    )  # fmt: skip


def build_menus(main: QMainWindow, a: Actions) -> tuple[QMenu, QMenu]:
    """Fills the menu bar; returns the Recent databases and Change label submenus (the window fills them)."""
    bar = main.menuBar()

    def top(title: str) -> QMenu:  # other parts find it by its object name: its title is translated
        menu = bar.addMenu(_tr(title))
        menu.setObjectName(object_name(title))
        return menu

    file = top("&File")
    file.addActions([a.open_article, a.open_web, a.import_files])
    file.addSeparator()
    file.addActions([a.new_db, a.open_db])
    recent = file.addMenu(_tr("Recent pro&jects"))
    file.addSeparator()
    file.addActions([a.export, a.backup])
    file.addAction(a.team)
    file.addSeparator()
    file.addAction(a.quit)

    edit = top("&Edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.find, a.find_next, a.find_previous, a.search_all])
    edit.addSeparator()
    edit.addAction(a.delete)
    edit.addAction(a.edit_note)
    relabel = edit.addMenu(_tr("&Change label"))
    bounds = edit.addMenu(_tr("Tag &boundaries"))
    bounds.addActions([a.tag_start_left, a.tag_start_right, a.tag_end_left, a.tag_end_right])
    edit.addSeparator()
    edit.addAction(a.annotator)

    view = top("&View")  # "viewMenu": the window adds its pane and theme toggles
    view.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
    view.addSeparator()
    view.addActions([a.next_tag, a.previous_tag])
    view.addSeparator()
    view.addActions([a.focus_documents, a.focus_article, a.focus_table])

    project = top("&Project")
    project.addActions([a.labels, a.rename_document, a.remove_document])

    help_menu = top("&Help")
    help_menu.addActions([a.shortcuts, a.about])
    return recent, relabel

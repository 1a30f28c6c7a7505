"""The tag context menu of the article and the tag table: label the selection or relabel the current tag,
edit its note, delete it. The menu holds the window's own actions, so keys and enabled states match."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtWidgets import QMainWindow, QMenu

from factcheck.core.model import Annotation
from ui import modal
from ui.actions import Actions
from ui.annotation_table import AnnotationTable
from ui.article_view import ArticleView
from ui.legend import LabelBar
from ui.menus import menu_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("TagMenu", text)


class _Window(Protocol):
    view: ArticleView
    table: AnnotationTable
    actions_: Actions
    label_bar: LabelBar

    def apply_label(self, label: str) -> None: ...
    def current_annotation(self) -> Annotation | None: ...
    def current_document_id(self) -> str | None: ...


class TagMenus:
    def __init__(self, main: QMainWindow, window: _Window) -> None:
        self.main = main
        self.w = window
        window.view.customContextMenuRequested.connect(self._on_view)
        window.table.view.customContextMenuRequested.connect(self._on_table)

    def _on_view(self, pos: QPoint) -> None:
        view = self.w.view
        if self.w.current_document_id() is not None and view.selected_span() is None:
            cp = view.cp_at(pos)
            under = view.annotations_at(cp) if cp is not None else []
            if under and view.current_annotation() not in {a.id for a in under}:
                view.set_current(under[-1].id, scroll=False)  # the tag under the pointer becomes current
                self.w.table.select_annotation(under[-1].id)
        modal.popup(self.menu(), view.viewport().mapToGlobal(pos))

    def _on_table(self, pos: QPoint) -> None:
        modal.popup(self.menu(), self.w.table.view.viewport().mapToGlobal(pos))

    def menu(self) -> QMenu:
        menu = QMenu(self.main)
        selecting = self.w.view.selected_span() is not None
        for name, action in self.w.label_bar.label_actions.items():
            text = _tr("Tag as {label}") if selecting else _tr("Change label to {label}")
            item = menu.addAction(action.icon(), text.format(label=menu_text(name)))
            item.setShortcut(action.shortcut())
            item.triggered.connect(lambda _=False, n=name: self.w.apply_label(n))
        menu.addSeparator()
        has_current = self.w.current_annotation() is not None
        actions = self.w.actions_
        for action in (actions.edit_note, actions.delete):
            action.setEnabled(has_current)
            menu.addAction(action)
        menu.aboutToHide.connect(self._enable_tag_actions)
        return menu

    def _enable_tag_actions(self) -> None:
        self.w.actions_.edit_note.setEnabled(True)
        self.w.actions_.delete.setEnabled(True)

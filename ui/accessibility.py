"""Names for screen readers: every control of the window, and the current tag spoken when it changes.

Qt names a button by its text and a field by its buddy label; what it cannot name (a text view, a table,
a list, a button showing a symbol such as "▲") gets a name here, once the window is built. The article
view also describes its current tag (label, annotator, words, note, review) in its accessible description
and posts a DescriptionChanged event, so a screen reader says which tag Tab or a click went to.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QWidget

from factcheck.core.model import Annotation
from factcheck.core.names import shown
from ui.tag_text import decision_text, one_line, quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("Accessibility", text)


class _HasView(Protocol):
    @property
    def view(self) -> QAbstractItemView: ...


class _ReviewPanel(Protocol):
    @property
    def list_view(self) -> QAbstractItemView: ...
    @property
    def tag_views(self) -> tuple[QAbstractItemView, ...]: ...
    @property
    def mode_combo(self) -> QComboBox: ...
    @property
    def a_combo(self) -> QComboBox: ...
    @property
    def b_combo(self) -> QComboBox: ...


class _Review(Protocol):
    @property
    def panel(self) -> _ReviewPanel: ...


class Window(Protocol):
    """What is named (the main window, which sits above this module)."""

    @property
    def view(self) -> QWidget: ...

    @property
    def table(self) -> _HasView: ...

    @property
    def doc_list(self) -> _HasView: ...

    @property
    def review(self) -> _Review: ...


def name(widget: QWidget, text: str, description: str = "") -> None:
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)


def name_window(window: Window, root: QWidget) -> None:
    """Name the window's controls; then any button under root showing only a symbol, from its tooltip."""
    name(window.view, _tr("Article"), article_hint())
    name(
        window.table.view,
        _tr("Tags of this article"),
        _tr("One row per tag: label, quote, annotator, note and time. Enter edits the note."),
    )
    name(window.doc_list.view, _tr("Documents"), _tr("The project's articles; Enter opens one."))
    panel = window.review.panel
    name(
        panel.list_view,
        _tr("Disagreements"),
        _tr("Where annotators disagree, in text order, each with its sentence. N and P move."),
    )
    name(panel.tag_views[0], _tr("Tags of annotator A"), _tr("A's tags in the current disagreement"))
    name(panel.tag_views[1], _tr("Tags of annotator B"), _tr("B's tags in the current disagreement"))
    name(panel.mode_combo, _tr("Whose tags to compare"))
    name(panel.a_combo, _tr("Annotator A"))
    name(panel.b_combo, _tr("Annotator B"))
    name_symbol_buttons(root)  # fmt: skip


def name_symbol_buttons(root: QWidget) -> None:
    """A button whose text has no letter (▲, ▼, ✕) is named after its tooltip ("Next match (F3)" ->
    "Next match"), unless it has a name already."""
    for button in root.findChildren(QAbstractButton):
        text = button.text().replace("&", "")
        if button.accessibleName() or any(ch.isalnum() for ch in text):
            continue
        tip = button.toolTip()
        if tip:
            button.setAccessibleName(tip.split(" (")[0].strip())


def article_hint() -> str:
    """The article's description while no tag is current."""
    return _tr("The article. Select words and press a label key to tag them; Tab moves from tag to tag.")


def describe_tag(ann: Annotation | None) -> str:
    """How the current tag is read out: label, annotator, words, note, review; "" for none."""
    if ann is None:
        return ""
    text = _tr("Current tag: {label} by {annotator}: “{quote}”.").format(
        label=ann.label, annotator=shown(ann.annotator), quote=quotable(ann.quote, 200)
    )
    if ann.note:
        text += " " + _tr("Note: {note}.").format(note=one_line(ann.note, 200))
    if ann.status:
        text += " " + _tr("Review: {decision}.").format(decision=decision_text(ann))
    return text


def announce(widget: QWidget, description: str) -> None:
    """Set widget's accessible description and tell assistive technology that it changed."""
    if widget.accessibleDescription() == description:
        return
    widget.setAccessibleDescription(description)
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged))

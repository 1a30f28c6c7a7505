"""The label toolbar: a button per label with its colour and key; the keys tag the selection.

The label keys (1, 2, 3) are QActions with a widget shortcut on the article view and the tag table, so
that typing "1" into a filter box or the find bar types a 1 instead of tagging.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QBuffer, QEvent, QIODevice, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyle, QToolBar, QWidget

from factcheck.core.model import Label
from factcheck.core.names import shown as shown_name
from ui.colors import MARK_SHAPES, legend_swatch, mark_pixmap
from ui.highlighter import label_patterns
from ui.menus import menu_text


class LabelBar(QToolBar):
    labelChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Labels"))
        self.setObjectName("labelBar")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.label_actions: dict[str, QAction] = {}
        self._targets: list[QWidget] = []
        self._marks: list[tuple[str, int]] = []
        self._marks_action: QAction | None = None
        self._marks_html = ""
        self._spacer: QWidget | None = None
        self._hint_action: QAction | None = None
        self._keys: dict[str, str] = {}  # label -> its key, shown on its button while there is room
        self.compact = 0  # how far the bar is shortened to fit its window (see _fit)

    def set_labels(self, labels: list[Label], shortcut_targets: list[QWidget]) -> None:
        """(Re)build the buttons; shortcuts live on shortcut_targets only (the view and the table)."""
        for target in self._targets:
            for action in self.label_actions.values():
                target.removeAction(action)
        self.clear()
        self.label_actions = {}
        self.compact = 0  # the new buttons are whole: _fit shortens them again if need be
        self._targets = list(shortcut_targets)
        hint = QLabel(self.tr("Tag selection:"))
        hint.setObjectName("labelBarHint")
        hint.setToolTip(self.underlines())
        self._hint_action = self.addWidget(hint)
        self._keys = {}
        patterns = label_patterns(labels)
        for label in labels:
            icon = QIcon(legend_swatch(label.color, patterns[label.name]))
            action = QAction(icon, menu_text(label.name), self)
            action.setObjectName(f"label_{label.name}")
            if label.shortcut:
                action.setShortcut(QKeySequence(label.shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                action.setText(f"{menu_text(label.name)}  [{label.shortcut}]")
            self._keys[label.name] = label.shortcut or ""
            key = f" ({label.shortcut})" if label.shortcut else ""
            action.setToolTip(
                self.tr(
                    "Tag the selection as {label}{key}; with no selection, relabel the current tag"
                ).format(label=label.name, key=key)
            )
            action.triggered.connect(lambda _=False, name=label.name: self.labelChosen.emit(name))
            self.addAction(action)
            for target in self._targets:
                target.addAction(action)
            self.label_actions[label.name] = action
        # The annotators' marks, at the right end (shown while several annotators' tags are drawn).
        spacer = self._spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.marks = QLabel()
        self.marks.setObjectName("annotatorLegend")
        self.marks.setAccessibleName(self.tr("Annotator marks"))
        self._marks_action = self.addWidget(self.marks)
        self.set_annotator_marks(self._marks)

    def underlines(self) -> str:
        """How the tags' underlines read (the buttons' icons show each label's pattern)."""
        return self.tr(
            "Each tag is underlined in its label's colour and dash pattern; a tag the reviewer rejected "
            "has its words struck through."
        )

    # -- fitting a narrow window -------------------------------------------------------------------------
    # A toolbar puts what does not fit behind its » menu: on an 800-pixel window that was the annotators'
    # legend, the one explanation of the marks at tag starts. Rather, the bar sheds words, in this order,
    # until all fits: the "Tag selection:" hint, the legend's "Tag starts:" (its tooltip says it), the
    # room around the keys on the buttons, the keys (their tooltips and Help > Keyboard shortcuts say them).
    STEPS = 4

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        for step in range(self.STEPS + 1):
            self._shorten(step)
            if self._needed() <= self._room() or step == self.STEPS:
                return

    def _shorten(self, step: int) -> None:
        if step == self.compact:
            return
        self.compact = step
        if self._hint_action is not None:
            self._hint_action.setVisible(step < 1)
        self._set_marks_text()
        for name, action in self.label_actions.items():
            key = self._keys.get(name)
            text = menu_text(name)
            action.setText(
                text if not key or step >= 4 else f"{text} [{key}]" if step == 3 else f"{text}  [{key}]"
            )

    def _needed(self) -> int:
        layout = self.layout()
        spacing = layout.spacing() if layout is not None else 6
        shown = [a for a in self.actions() if a.isVisible()]
        widths = []
        for action in shown:
            widget = self.widgetForAction(action)
            if widget is not None and widget is not self._spacer:
                widths.append(widget.sizeHint().width())
        return sum(widths) + spacing * max(0, len(widths) - 1)

    def _room(self) -> int:
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        used = (margins.left() + margins.right()) if margins is not None else 0
        handle = (
            self.style().pixelMetric(QStyle.PixelMetric.PM_ToolBarHandleExtent) if self.isMovable() else 0
        )
        return self.contentsRect().width() - used - handle - 4

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light or dark marks for the new page
            self.set_annotator_marks(self._marks)

    def set_annotator_marks(self, marks: object) -> None:
        """[(annotator, mark index)]: the legend of the marks at tag starts; empty hides it."""
        self._marks = [(str(n), int(i)) for n, i in marks] if isinstance(marks, list) else []
        if self._marks_action is None:
            return
        self._marks_action.setVisible(bool(self._marks))
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        items = []
        for name, index in self._marks:
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            mark_pixmap(index, dark).save(buffer, "PNG")
            data = bytes(buffer.data().toBase64().data()).decode("ascii")
            items.append(f'<img src="data:image/png;base64,{data}"> {html.escape(shown_name(name))}')
        self._marks_html = " &nbsp; ".join(items)
        self._set_marks_text()
        # The shape's name is a drawing key; its shown word goes through translation.
        marks = ", ".join(
            f"{shown_name(name)} ({self.tr(MARK_SHAPES[index % len(MARK_SHAPES)])})"
            for name, index in self._marks
        )
        self.marks.setToolTip(
            self.tr("Each tag's start is marked with its annotator's shape: {marks}").format(marks=marks)
            + "\n"
            + self.underlines()
        )
        self._fit()

    def _set_marks_text(self) -> None:
        if self._marks_action is None:
            return
        words = self.tr("Tag starts:") + " &nbsp;" if self.compact < 2 else ""
        self.marks.setText(words + self._marks_html)

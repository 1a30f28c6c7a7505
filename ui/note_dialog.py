"""The note editor (F2, Enter on a tag): typed at length, confirmed and cancelled from the keyboard.

Enter is a new line in the note; Ctrl+Enter saves; Esc cancels. Whatever way the dialog is left without
saving (Esc, Cancel reached with Shift+Tab, the window's close button), typed text is never dropped
silently: it asks first. Long lines wrap at the dialog's width.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.tag_text import quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("NoteDialog", text)


SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")


class NoteDialog(QDialog):
    def __init__(self, parent: QWidget | None, quote: str, note: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Note"))
        self._original = note
        self.editor = QPlainTextEdit(note)
        self.editor.setObjectName("noteEditor")
        self.editor.setAccessibleName(_tr("Note"))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setTabChangesFocus(True)  # Tab and Shift+Tab leave the text; Enter stays a new line
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        heading = QLabel(_tr("Note on “{quote}”:").format(quote=quotable(quote, 80)))
        heading.setBuddy(self.editor)
        heading.setWordWrap(True)
        hint = QLabel(_tr("Enter: new line · Ctrl+Enter: save · Esc: cancel"))
        hint.setObjectName("noteHint")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip(_tr("Save the note (Ctrl+Enter)"))
        save.setDefault(True)  # Enter outside the text saves; on a focused Cancel it cancels (and asks)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for keys in SAVE_KEYS:  # from the buttons; in the text, the editor's own key handling (below)
            QShortcut(QKeySequence(keys), self, self.accept, context=Qt.ShortcutContext.WindowShortcut)
        self.editor.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.editor, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(520, 300)
        self.editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The text edit takes Ctrl+Enter as a line break before any shortcut sees it: save instead.
        if watched is self.editor and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.accept()
                return True
        return super().eventFilter(watched, event)

    def note(self) -> str:
        return self.editor.toPlainText().strip()

    def changed(self) -> bool:
        return self.note() != self._original.strip()

    def reject(self) -> None:
        """Cancel: if text was typed, ask whether to discard it (the default keeps editing)."""
        if self.changed() and not self._discard_confirmed():
            self.editor.setFocus()
            return
        super().reject()

    def _discard_confirmed(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _tr("Discard the note?"),
            _tr("You have changed this note. Discard the change, or keep editing?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        discard = box.addButton(_tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        save = box.addButton(_tr("&Save"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is save:
            self.accept()
            return False  # accepted already: nothing more to do in reject
        return box.clickedButton() is discard

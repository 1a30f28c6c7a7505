"""An editing dialog never drops typed text silently: Esc, Cancel or the close button ask first once a
field was changed (Discard, or Keep editing: the default, and what Esc answers); untouched, they close at
once. Asked only of a dialog run modally (exec), as the window runs them. The note editor asks the same
way (ui/note_dialog.py), with Save as well; so do the one-line prompts of `ask_text` (a rejection's
reason, a label's new name).

The fields outside such dialogs hold what one searches or filters by, never work: nothing is asked there.
Esc in a filter field (`esc_clears`: the document list's and the Claims pane's filters, the Speakers and
Keyboard shortcuts dialogs' filters) clears what was typed, and only when it is empty goes on (the
dialog closes); the find bar and the Search pane close on Esc and keep their words, selected, for the
next Ctrl+F or Ctrl+Shift+F."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QPlainTextEdit, QWidget

from ui.keep_or_drop import drop_confirmed


def _tr(text: str) -> str:
    return QCoreApplication.translate("TypedText", text)


Field = QLineEdit | QPlainTextEdit


class _CtrlEnterAccepts(QObject):
    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._dialog.accept()
                return True
        return super().eventFilter(watched, event)


def ctrl_enter_accepts(dialog: QDialog, *texts: QPlainTextEdit) -> None:
    """Ctrl+Enter does OK anywhere in the dialog, as it saves in the note editor: in a multi-line field
    Enter is a new line and the text edit would take Ctrl+Enter as one too; in a one-line field or on a
    list the dialog's default button ignores a modified Enter."""
    accepts = _CtrlEnterAccepts(dialog)
    dialog.installEventFilter(accepts)  # the keys the dialog's fields leave to it
    for text in texts:
        text.installEventFilter(accepts)


def _text(field: Field) -> str:
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()


class TypedTextGuard:
    """Remembers the fields' texts as the dialog was opened; `may_close()` asks when one differs."""

    def __init__(self, dialog: QDialog, fields: Sequence[Field]) -> None:
        self.dialog = dialog
        self.fields = list(fields)
        self.original = [_text(f) for f in self.fields]

    def changed(self) -> bool:
        return any(_text(f).strip() != o.strip() for f, o in zip(self.fields, self.original, strict=True))

    def may_close(self) -> bool:
        # Asked only of a dialog run modally, as the window runs them: a dialog merely shown (a part
        # embedded or driven by code) is closed by its owner, which has nobody to ask.
        if not self.dialog.isModal() or not self.changed():
            return True
        return drop_confirmed(
            self.dialog,
            self.dialog.windowTitle(),
            _tr("You have typed in this dialog. Discard what you typed, or keep editing?"),
            _tr("&Discard"),
            _tr("&Keep editing"),
        )


class TextPrompt(QInputDialog):
    """A one-line prompt that asks before Esc or Cancel drops what was typed in it."""

    def __init__(self, parent: QWidget | None, title: str, label: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setLabelText(label)
        self.setTextValue(text)
        edit = self.findChild(QLineEdit)
        assert edit is not None  # a text input dialog holds one line edit
        self._typed = TypedTextGuard(self, [edit])

    def reject(self) -> None:
        if self._typed.may_close():
            super().reject()


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "", name: str = "") -> str | None:
    """The text typed at a prompt (run modally), or None when cancelled; a changed text is not
    dropped without asking. name: the dialog's object name (for tests and screen-reader scripts)."""
    dialog = TextPrompt(parent, title, label, text)
    if name:
        dialog.setObjectName(name)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.textValue() if accepted else None
    finally:
        dialog.deleteLater()


class _EscClears(QObject):
    """Esc in a filter field with text clears it (and is taken); empty, Esc goes on as it would."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QLineEdit) or not watched.text():
            return False
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # the key press comes to the field, not to a window shortcut
                else:
                    watched.clear()
                return True
        return False


def esc_clears(field: QLineEdit) -> None:
    """Esc in field clears what was typed; Esc in the empty field does what it did (closes a dialog)."""
    watcher = _EscClears(field)
    field.installEventFilter(watcher)

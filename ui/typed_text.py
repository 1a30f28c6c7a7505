"""An editing dialog never drops typed text silently: Esc, Cancel or the close button ask first once a
field was changed (Discard, or Keep editing: the default, and what Esc answers); untouched, they close at
once. Asked only of a dialog run modally (exec), as the window runs them. The note editor asks the same
way (ui/note_dialog.py), with Save as well."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QPlainTextEdit


def _tr(text: str) -> str:
    return QCoreApplication.translate("TypedText", text)


Field = QLineEdit | QPlainTextEdit


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
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.dialog.windowTitle(),
            _tr("You have typed in this dialog. Discard what you typed, or keep editing?"),
            QMessageBox.StandardButton.NoButton,
            self.dialog,
        )
        discard = box.addButton(_tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

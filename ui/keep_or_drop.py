"""The question before something is dropped or removed: the destructive answer offered, keeping what is
there the default and what Esc answers (so Enter or Esc changes nothing)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ui import modal


def drop_confirmed(parent: QWidget | None, title: str, question: str, drop: str, keep: str) -> bool:
    """Ask question (a Question box titled title): True when the user takes drop (the destructive
    button's text, with its & mnemonic) rather than keep."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent)
    dropped = box.addButton(drop, QMessageBox.ButtonRole.DestructiveRole)
    kept = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(kept)
    box.setEscapeButton(kept)
    if parent is not None and isinstance(parent.window(), QDialog):
        box.exec()  # asked by a dialog (typed text dropped?): it goes with that dialog (see ui/modal.py)
    else:
        # Asked by the window (the sample article removed?): deleted once answered, whoever holds it, not
        # left to the Python wrapper's lifetime (PySide6 keeps this constructor's box Python-owned today).
        modal.run(box)
    return box.clickedButton() is dropped

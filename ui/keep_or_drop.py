"""The question before something is dropped or removed: the destructive answer offered, keeping what is
there the default and what Esc answers (so Enter or Esc changes nothing)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def drop_confirmed(parent: QWidget | None, title: str, question: str, drop: str, keep: str) -> bool:
    """Ask question (a Question box titled title): True when the user takes drop (the destructive
    button's text, with its & mnemonic) rather than keep."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent)
    dropped = box.addButton(drop, QMessageBox.ButtonRole.DestructiveRole)
    kept = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(kept)
    box.setEscapeButton(kept)
    box.exec()
    return box.clickedButton() is dropped

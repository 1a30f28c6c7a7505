"""Small dialogs. Built on QMessageBox / QInputDialog static functions so tests can stub them."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from factcheck import __version__
from ui.display import one_line


def show_error(parent: QWidget | None, title: str, message: str, *, what_next: str = "") -> None:
    """A dialog saying what happened and what to do (the message of a FactcheckError says both)."""
    text = message if not what_next else f"{message}\n\n{what_next}"
    QMessageBox.critical(parent, title, text)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.information(parent, title, message)


def ask_annotator(parent: QWidget | None, current: str = "") -> str | None:
    """The annotator's name (asked on first start and from Edit > Annotator name); None if cancelled."""
    while True:
        name, ok = QInputDialog.getText(
            parent,
            "Your name",
            "Your name is recorded on every tag you make,\nso that teammates' tags can be told apart:",
            QLineEdit.EchoMode.Normal,
            current,
        )
        if not ok:
            return None
        name = " ".join(name.split())
        if name:
            return name
        QMessageBox.warning(parent, "Your name", "Please type a name (any short name or initials).")


def edit_note(parent: QWidget | None, quote: str, note: str) -> str | None:
    """The edited note, or None if cancelled."""
    shown = one_line(quote, 80)
    text, ok = QInputDialog.getMultiLineText(parent, "Note", f"Note on “{shown}”:", note)
    return text.strip() if ok else None


def about(parent: QWidget | None) -> None:
    QMessageBox.about(
        parent,
        "About factcheck",
        f"<h3>factcheck {__version__}</h3>"
        "<p>Tag claims, denials and characterizations in news articles. Every tag is saved at once "
        "to a SQLite database; teams merge, review and export their work.</p>"
        "<p>Offsets are Unicode code points into the stored text, end exclusive.</p>",
    )

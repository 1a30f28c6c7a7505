"""Small dialogs, each behind a module-level function so that tests can stub it."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal
from weakref import WeakKeyDictionary, WeakMethod

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from db.errors import ProjectFileGone
from db.store import default_db_path
from factcheck.core.model import Label
from factcheck.core.names import is_hidden, name_problem
from ui import modal
from ui.colors import swatch
from ui.note_dialog import NoteDialog
from ui.tag_text import quotable
from ui.typed_text import TypedTextGuard, ctrl_enter_accepts


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


#: Characters that reorder what follows them (overrides, embeddings, isolates): a name could fake its
#: extension with one. Other format characters (the zero-width joiners of Persian or Hindi names) stay.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Control characters, undecodable bytes (surrogates) and line or paragraph separators.
ESCAPED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(text: str) -> str:
    """text with control characters (a newline, an escape sequence), line separators and direction
    overrides written as escapes: a hostile file name in a message cannot forge lines or its extension."""

    def one(ch: str) -> str:
        if ch in _NAMED:
            return _NAMED[ch]
        if ch in BIDI_CONTROLS or unicodedata.category(ch) in ESCAPED_CATEGORIES:
            return f"\\u{ord(ch):04x}"
        return ch

    return "".join(one(ch) for ch in text)


#: What a message says in its own words ("nothing was saved into it", "put it back and try again"): a
#: caller's generic "Nothing was changed; try again once fixed." would only say it again.
_SAID_ALREADY = ("nothing was ", "try again")


def _not_said(message: str, what_next: str) -> str:
    """what_next without the sentences, or the parts of one between semicolons, that message says already
    (word for word, or "nothing was …" and "try again …" in other words): once is enough."""
    said = " ".join(message.lower().split())
    kept: list[str] = []
    for sentence in re.split(r"(?<=\.)\s+", what_next.strip()) if what_next else []:
        parts = [p.strip() for p in sentence.rstrip(".").split(";")]
        new = [
            p
            for p in parts
            if " ".join(p.lower().split()) not in said
            and not any(p.lower().startswith(s) and s in said for s in _SAID_ALREADY)
        ]
        if new == parts:
            kept.append(sentence)
        elif new:
            rest = "; ".join(new)
            kept.append(f"{rest[0].upper()}{rest[1:]}.")
    return " ".join(kept)


#: Each window's answer to a write refused because its project's file went (ui.file_gone), by window.
#: Weak both ways: the answer is a method of an object the window holds, and a strong one would keep the
#: window (the key) alive for ever.
_FILE_GONE: WeakKeyDictionary[QWidget, WeakMethod[Callable[[], None]]] = WeakKeyDictionary()


def on_file_gone(window: QWidget, answer: Callable[[], None]) -> None:
    """Have show_error, for a write refused because the project's file went (`ProjectFileGone`), call
    answer (a bound method: the window's own question, which can save a copy) instead of its dialog."""
    _FILE_GONE[window] = WeakMethod(answer)


def _file_gone_answer(parent: QWidget | None) -> Callable[[], None] | None:
    """The answer of parent's window when the error being handled is (or came of) a ProjectFileGone."""
    error = sys.exc_info()[1]
    seen: set[int] = set()
    while error is not None and not isinstance(error, ProjectFileGone) and id(error) not in seen:
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    if error is None:
        return None
    widget = parent
    while widget is not None:
        if (answer := _FILE_GONE.get(widget)) is not None and (method := answer()) is not None:
            return method
        widget = widget.parentWidget()
    return None


def show_error(parent: QWidget | None, title: str, message: str, *, what_next: str = "") -> None:
    """A dialog saying what happened and what to do (the message of a FactcheckError says both). The
    message is one line (as on the command line): whatever controls it holds come from names in it (a
    file's, a teammate's) and are shown escaped. A write refused because the project's file went leads
    to the window's question about it instead (`on_file_gone`): the one place every caller goes through."""
    if (answer := _file_gone_answer(parent)) is not None:
        answer()
        return
    message = escaped(message)
    what_next = _not_said(message, what_next)
    text = message if not what_next else f"{message}\n\n{what_next}"
    QMessageBox.critical(parent, title, text)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.information(parent, title, message)


def offer_or_cancel(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    message: str,
    offer: str,
    role: QMessageBox.ButtonRole = QMessageBox.ButtonRole.AcceptRole,
    name: str = "",
) -> bool:
    """Explain (message) and offer one thing (offer, with its & mnemonic) or Cancel, the default, so that
    Enter or Escape changes nothing. True when the offer is taken. name: the box's object name."""
    box = QMessageBox(icon, title, message, parent=parent)
    if name:
        box.setObjectName(name)
    take = box.addButton(offer, role)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    modal.run(box)
    return box.clickedButton() is take


def ask_about_others_tag(parent: QWidget | None, title: str, message: str, offer: str) -> bool:
    """Another's tag: explain (message) and offer one thing, or Cancel (`offer_or_cancel`)."""
    return offer_or_cancel(parent, QMessageBox.Icon.Information, title, message, offer)


def confirm_replace(parent: QWidget | None, path: Path, *, folder: bool = False) -> bool:
    """Before writing to path: True if nothing is there, or the user chose to replace it (the default
    button is Cancel, so Enter or Escape replaces nothing)."""
    path = path.expanduser()
    if folder:
        if not path.is_dir() or not any(path.iterdir()):
            return True
        text = _tr(
            "The folder “{name}” already holds files.\n\nWrite the export into it? An earlier factcheck "
            "export in it is replaced as a whole: its articles that this export does not write are "
            "removed. Other files stay.\n\n{path}"
        ).format(name=path.name, path=path)
    elif path.exists():
        text = _tr("“{name}” already exists.\n\nReplace it with this export?\n\n{path}").format(
            name=path.name, path=path
        )
    else:
        return True
    destructive = QMessageBox.ButtonRole.DestructiveRole
    return offer_or_cancel(
        parent, QMessageBox.Icon.Warning, _tr("Replace?"), text, _tr("&Replace"), destructive
    )


def _db_filter() -> str:
    return _tr("factcheck databases (*.db *.sqlite *.factcheck);;All files (*)")


def choose_database(parent: QWidget | None, *, new: bool) -> str | None:
    """File > New / Open database: a path, or None if cancelled (a new one must not exist yet)."""
    start = str(default_db_path().parent)
    if new:
        path, _ = QFileDialog.getSaveFileName(
            parent, _tr("New database"), f"{start}/project.db", _db_filter()
        )
        if path and Path(path).exists():
            show_error(
                parent,
                _tr("New database"),
                _tr("{path} already exists.").format(path=path),
                what_next=_tr("Use File > Open project to open it, or choose a new name."),
            )
            return None
    else:
        path, _ = QFileDialog.getOpenFileName(parent, _tr("Open database"), start, _db_filter())
    return path or None


QuitChoice = Literal["cancel", "wait"]


def ask_cancel_or_wait(parent: QWidget | None, title: str, writes: bool) -> QuitChoice | None:
    """Quitting while an operation runs: "cancel" it then quit, "wait" for it then quit, or None (stay)."""
    kept = _tr("it is rolled back: nothing of it is kept") if writes else _tr("nothing of it is written")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("Quit factcheck"),
        _tr(
            "{operation} is still running.\n\nCancel it and quit now ({kept}), "
            "or wait for it to finish and then quit?"
        ).format(operation=title, kept=kept),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    cancel = box.addButton(_tr("&Cancel it"), QMessageBox.ButtonRole.DestructiveRole)
    wait = box.addButton(_tr("&Wait"), QMessageBox.ButtonRole.AcceptRole)
    stay = box.addButton(_tr("&Don't quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(wait)
    box.setEscapeButton(stay)
    modal.run(box)
    clicked = box.clickedButton()
    if clicked is cancel:
        return "cancel"
    if clicked is wait:
        return "wait"
    return None


def ask_name_or_login(parent: QWidget | None, message: str, login: str) -> bool | None:
    """A first connection under a login that is not your name: True puts your earlier work under the
    login, False connects and keeps it here only, None (Cancel, the default) does not connect."""
    box = QMessageBox(QMessageBox.Icon.Question, _tr("Connect to the team server"), message,
                      QMessageBox.StandardButton.NoButton, parent)  # fmt: skip
    box.setObjectName("nameOrLogin")
    take = box.addButton(
        _tr("&Put them under {login}").format(login=login), QMessageBox.ButtonRole.AcceptRole
    )
    keep = box.addButton(_tr("&Keep them here only"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    modal.run(box)
    clicked = box.clickedButton()
    return True if clicked is take else False if clicked is keep else None


def ask_annotator(parent: QWidget | None, current: str = "") -> str | None:
    """The annotator's name (asked on first start and from Edit > Annotator name); None if cancelled."""
    while True:
        name, ok = QInputDialog.getText(
            parent,
            _tr("Your name"),
            _tr("Your name is recorded on every tag you make,\nso that teammates' tags can be told apart:"),
            QLineEdit.EchoMode.Normal,
            current,
        )
        if not ok:
            return None
        if (problem := name_problem(name)) is not None:
            # Asked again with those characters taken out: the user checks the name and presses Enter.
            QMessageBox.warning(
                parent,
                _tr("Your name"),
                _tr("Your name was not changed: {why}.\n\nThey were taken out of the name: check it and "
                    "press Enter.").format(why=escaped(problem)),
            )  # fmt: skip
            current = " ".join("".join(" " if is_hidden(c) else c for c in name).split())
            continue
        name = " ".join(name.split())
        if name:
            return name
        QMessageBox.warning(parent, _tr("Your name"), _tr("Please type a name (any short name or initials)."))


def edit_note(parent: QWidget | None, quote: str, note: str) -> str | None:
    """The edited note, or None if cancelled."""
    dialog = NoteDialog(parent, quote, note)
    return dialog.note() if modal.accepted(dialog) else None


class EditTagDialog(QDialog):
    """A tag's label and note in one dialog (the reviewer's E)."""

    def __init__(
        self, parent: QWidget | None, quote: str, labels: Sequence[Label], label: str, note: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Edit tag"))
        self.label_box = QComboBox()
        for lab in labels:
            self.label_box.addItem(swatch(lab.color), lab.name)
        self.label_box.setCurrentText(label)
        self.note_box = QPlainTextEdit(note)
        self.note_box.setTabChangesFocus(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"“{quotable(quote, 80)}”"))
        form.addRow(_tr("&Label:"), self.label_box)
        form.addRow(_tr("&Note:"), self.note_box)
        form.addRow(buttons)
        self._typed = TypedTextGuard(self, [self.note_box])
        ctrl_enter_accepts(self, self.note_box)

    def reject(self) -> None:
        """Esc, Cancel or the close button: typed text is not dropped without asking."""
        if self._typed.may_close():
            super().reject()

    def values(self) -> tuple[str, str]:
        return self.label_box.currentText(), self.note_box.toPlainText().strip()


def edit_tag(
    parent: QWidget | None, quote: str, labels: Sequence[Label], label: str, note: str
) -> tuple[str, str] | None:
    """(label, note) as edited, or None if cancelled."""
    dialog = EditTagDialog(parent, quote, labels, label, note)
    return dialog.values() if modal.accepted(dialog) else None

"""File > Open web page… (Ctrl+L, as a browser's address bar): an address, downloaded and shown.

The address is asked for (pre-filled from the clipboard when it holds one); the page is downloaded and
imported as an operation of the project (a worker thread, the progress dialog that can cancel), read as a
saved page is (`factcheck.services.web_pages`), and opened once stored. Its final address is the
document's source, which the claim-card editor offers as where the claim appeared. A failure is one
dialog saying what happened and what to do; nothing is imported then.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from factcheck.core.report import ImportReport
from factcheck.services.web_pages import is_address, looks_like_address, short_address
from ui import modal
from ui.operations import Busy, Job
from ui.progress import Feedback
from ui.project import ProjectModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("WebOpen", text)


def normalized(text: str) -> str:
    """What the user typed as an address: "example.org/story" gets the https:// a browser would add."""
    text = text.strip()
    if text and not looks_like_address(text) and "." in text.split("/")[0] and " " not in text:
        return "https://" + text
    return text


def clipboard_address() -> str:
    """The clipboard's text when it is one web address, else ''."""
    text = QGuiApplication.clipboard().text().strip()
    return text if is_address(text) else ""


class WebAddressDialog(QDialog):
    """Asks for the address of an article; Open stays disabled until there is something to open."""

    def __init__(self, parent: QWidget | None, initial: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("webAddressDialog")
        self.setWindowTitle(_tr("Open web page"))
        self.setMinimumWidth(560)
        prompt = QLabel(_tr("&Address of the article:"))
        self.address = QLineEdit(initial)
        self.address.setObjectName("webAddress")
        self.address.setPlaceholderText("https://")
        self.address.setClearButtonEnabled(True)
        self.address.setAccessibleName(_tr("Web address of the article"))
        self.address.selectAll()  # typing replaces what the clipboard gave
        self.address.setFocus()
        prompt.setBuddy(self.address)
        note = QLabel(
            _tr(
                "factcheck downloads the page from this computer, keeps the article's text and "
                "remembers the address as the document's source (claim cards offer it as where the "
                "claim appeared). For a page behind a login, save it from your browser (Ctrl+S) and "
                "use File > Open article."
            )
        )
        note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("webAddressProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")  # as the other dialogs' inline errors
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.open_button.setText(_tr("&Open"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.address)
        layout.addWidget(self.problem)
        layout.addSpacing(6)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.address.textChanged.connect(self._changed)
        self._changed(initial)

    def _changed(self, text: str) -> None:
        self.open_button.setEnabled(bool(text.strip()))
        if self.problem.isVisible():
            self.problem.hide()
            self.address.setAccessibleDescription("")
            self.adjustSize()

    def url(self) -> str:
        return normalized(self.address.text())

    def accept(self) -> None:
        url = self.url()
        if not is_address(url):
            if looks_like_address(url):
                said = _tr("factcheck opens http:// and https:// addresses; for a file on this computer, "
                           "use File > Open article (Ctrl+O).")  # fmt: skip
            else:
                said = _tr("This is not a web address; type or paste one like https://example.org/story.")
            self.problem.setText(said)
            self.problem.show()
            self.address.setAccessibleDescription(said)  # a screen reader says it with the field
            self.adjustSize()  # room for the message: the explanation below stays whole
            self.address.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()


def ask_address(parent: QWidget | None) -> str | None:
    """The address the user chose, or None when cancelled (a function, so tests can answer it)."""
    dialog = WebAddressDialog(parent, clipboard_address())
    if not modal.accepted(dialog):
        return None
    return dialog.url()


def start_web_import(
    feedback: Feedback,
    project: ProjectModel,
    url: str,
    annotator: str,
    open_document: Callable[[str], object],
) -> Job | None:
    """Download and import url on a worker thread, then open the article; None while another runs."""
    try:
        job = project.import_files([url], annotator)
    except Busy as exc:
        feedback.status(str(exc))
        return None

    def done(result: object) -> None:
        assert isinstance(result, ImportReport)
        if not result.document_ids:
            return
        doc_id = result.document_ids[0]
        open_document(doc_id)
        doc = project.document(doc_id)
        if result.documents_added:
            said = _tr("Opened “{title}” from {address}.")  # the address it ended at, after redirects
        else:
            said = _tr("“{title}” was in the project already (the same text): opened it.")
        feedback.status(said.format(title=doc.title, address=short_address(doc.source)))

    return feedback.watch(
        job, done, failed_title=_tr("Cannot open the web page"), what_next=_tr("Nothing was imported.")
    )


def open_web_page(
    feedback: Feedback, project: ProjectModel, annotator: str, open_document: Callable[[str], object]
) -> Job | None:
    """Ask for an address, then download and show the article."""
    url = ask_address(feedback.parent)
    if not url:
        return None
    return start_web_import(feedback, project, url, annotator, open_document)

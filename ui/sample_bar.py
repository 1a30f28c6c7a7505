"""The bar that says the sample article is a sample, and removes it in one step.

An empty project opens on the bundled sample article (so a new user can try tagging at once). It is
not the user's work, so while it is in the project a bar above the article says so and offers
"Remove the sample article": one step that removes it and any tags made on it (asked first when there
are tags), then opens the user's own first article, if any.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QToolBar, QWidget

from factcheck.core.errors import FactcheckError
from ui import dialogs
from ui.keep_or_drop import drop_confirmed
from ui.main_window import MainWindow
from ui.project import ProjectModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("SampleBar", text)


TEXT = "A sample article, to try factcheck on; not your work. Your own articles: File > Import (Ctrl+I)."


class _Message(QLabel):
    """The bar's words, on two lines where one does not fit (a small screen, a large font): a toolbar
    lays out by size hints only, so the hint is the height the words take at the width given."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + margins.left() + margins.right() + 2
        width = self.width() if self.isVisible() else one_line
        return QSize(one_line, self.heightForWidth(max(width, self.minimumWidth())))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.heightForWidth(event.size().width()) != self.heightForWidth(event.oldSize().width()):
            self.updateGeometry()  # the bar takes the new height


class SampleBar(QToolBar):
    def __init__(self, window: MainWindow, project: ProjectModel) -> None:
        super().__init__(_tr("Sample article"), window)
        self.setObjectName("sampleBar")  # saveState/restoreState need a name
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar one shows or hides from a menu
        self.window_ = window
        self.project = project
        text = _tr(TEXT)
        self.message = _Message(text)
        self.message.setContentsMargins(6, 2, 12, 2)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.message.setMinimumWidth(120)  # wrapped on a small screen, never pushing the button off
        # Alt+M: Alt+R is the Review menu's (both on one key, Alt+R opened neither and focused this button)
        self.remove_button = QPushButton(_tr("Remove the sa&mple article"))
        self.remove_button.setToolTip(_tr("Remove the sample article and any tags made on it, in one step"))
        self.remove_button.clicked.connect(self.remove)
        self.message.setToolTip(text)
        self.addWidget(self.message)
        self.addWidget(self.remove_button)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self)
        project.documentsChanged.connect(self.update_shown)
        project.storeReplaced.connect(self.update_shown)
        self.update_shown()

    def update_shown(self) -> None:
        self.setVisible(bool(self.project.sample_document_ids()))

    def remove(self) -> bool:
        """Remove the sample (asking first if tags were made on it); True when removed."""
        ids = self.project.sample_document_ids()
        if not ids:
            return False
        window = self.window_
        tags = sum(len(self.project.annotations(doc_id)) for doc_id in ids)
        if tags and not _confirm(window, tags):
            return False
        current = window.current_document_id()
        if current in ids:
            window.open_document(None)
        try:
            for doc_id in ids:
                self.project.remove_sample(doc_id)
        except FactcheckError as exc:
            dialogs.show_error(window, _tr("The sample article was not removed"), str(exc),
                               what_next=_tr("Nothing was changed; try again once fixed."))  # fmt: skip
            if current in ids:
                window.open_document(current)  # as it was
            return False
        if current in ids:
            window.open_initial_document()
        window.statusBar().showMessage(
            _tr("The sample article was removed. Import your own with File > Import (Ctrl+I)."), 10000
        )
        return True


def _confirm(parent: QWidget, tags: int) -> bool:
    question = (
        _tr("Remove the sample article and the 1 tag made on it? This cannot be undone.")
        if tags == 1
        else _tr("Remove the sample article and the {n} tags made on it? This cannot be undone.").format(
            n=tags
        )
    )
    return drop_confirmed(parent, _tr("Remove the sample article"), question, _tr("&Remove"), _tr("&Keep it"))

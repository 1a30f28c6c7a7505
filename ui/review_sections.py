"""A collapsible section of the review panel: a header button (arrow, title, count) over its content.

In a short window the review panel's lists fight for height, so a section the reviewer does not need
now folds to its one-line header, which still says how many rows it holds. Until the reviewer chooses,
a section is open only while it has something in it; their choice (Space or Enter on the header, a
click) then holds, and is remembered with the window's layout.

The content may be a ``SectionContent``: it reports its row count for the header, and is started (reads
its data) once the section is first shown, even folded, so the count is right without opening it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QSplitter, QTableView, QToolButton, QVBoxLayout, QWidget

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"
MAX_TAG_ROWS = 4  # the tag lists grow to this many rows, then scroll


def fit_tag_lists(views: tuple[QTableView, ...]) -> None:
    """The tag lists as tall as their rows (one line for the usual single tag a side, up to
    MAX_TAG_ROWS): in a short window the room goes to the article and the list of disagreements."""
    model_rows = [m.rowCount() if (m := v.model()) is not None else 0 for v in views]
    rows = max(1, min(MAX_TAG_ROWS, max(model_rows, default=1)))
    for view in views:
        height = (
            2 * view.frameWidth()
            + view.horizontalHeader().sizeHint().height()
            + rows * view.verticalHeader().defaultSectionSize()
        )
        view.setFixedHeight(height)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewSections", text)


class SectionContent(QWidget):
    """What a section holds, when it can count its rows (None: not known yet)."""

    countChanged = Signal(int)

    def count(self) -> int | None:
        return None

    def start(self) -> None:
        """Read what to show: the section is on screen (maybe folded)."""


class CollapsibleSection(QWidget):
    expandedChanged = Signal(bool)  # by the reviewer or by the count

    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewSection")
        self.title = title
        self.content = content
        #: The reviewer's choice (open or folded), None until they make one: the count decides then.
        self.user_choice: bool | None = None
        self._count: int | None = None
        self._started = False
        self._open_height = 160  # px: the height it had open, given back when unfolded
        self.header = QToolButton()
        self.header.setObjectName("reviewSectionHeader")
        self.header.setCheckable(True)
        self.header.setAutoRaise(True)
        self.header.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; Space toggles
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setAccessibleName(title)
        self.header.toggled.connect(self._header_toggled)
        #: The same choice from the Review menu (checked: open).
        self.toggle_action = QAction(title, self)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setStatusTip(_tr("Show this list in the review panel, or fold it to its header"))
        self.toggle_action.triggered.connect(lambda on: self.set_expanded(on))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(content, 1)
        if isinstance(content, SectionContent):
            content.countChanged.connect(self._count_changed)
            self._count = content.count()
        self._apply(self._count is not None and self._count > 0)

    # -- state -----------------------------------------------------------------------------------------
    def is_expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, expanded: bool, by_user: bool = True) -> None:
        if by_user:
            self.user_choice = expanded
        if expanded != self.is_expanded():
            self._apply(expanded)
            self.expandedChanged.emit(expanded)

    def count(self) -> int | None:
        return self._count

    def folded_height(self) -> int:
        return self.header.sizeHint().height()

    # -- behaviour -------------------------------------------------------------------------------------
    def _header_toggled(self, on: bool) -> None:
        # Only a click or a key gets here: code changes the button with its signals blocked.
        self.user_choice = on
        self._apply(on)
        self.expandedChanged.emit(on)

    def _apply(self, expanded: bool) -> None:
        if not expanded and self.is_expanded() and self.height() > self.folded_height():
            self._open_height = self.height()
        self.header.blockSignals(True)
        self.header.setChecked(expanded)
        self.header.blockSignals(False)
        self.toggle_action.setChecked(expanded)
        self.content.setVisible(expanded)
        # Folded, the section is its header: a splitter gives the rest of its height to the other lists.
        self.setMaximumHeight(QWIDGETSIZE_MAX if expanded else self.folded_height())
        if expanded:
            self._take_back_height()
        self._update_header()

    def _take_back_height(self) -> None:
        """Unfolded in a splitter: its former height back, from the tallest other list."""
        splitter = self.parentWidget()
        if not isinstance(splitter, QSplitter) or not splitter.isVisible():
            return
        sizes = splitter.sizes()
        mine = splitter.indexOf(self)
        others = [i for i in range(len(sizes)) if i != mine]
        if mine < 0 or not others:
            return
        donor = max(others, key=lambda i: sizes[i])
        widget = splitter.widget(donor)
        floor = widget.minimumSizeHint().height() if widget is not None else 0
        want = max(self.minimumSizeHint().height(), self._open_height) - sizes[mine]
        give = max(0, min(want, sizes[donor] - floor))
        sizes[mine] += give
        sizes[donor] -= give
        splitter.setSizes(sizes)

    def _update_header(self) -> None:
        expanded = self.is_expanded()
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        text = self.title if self._count is None else f"{self.title} ({self._count})"
        self.header.setText(text)
        self.toggle_action.setText(text)
        self.header.setToolTip(_tr("Hide this list (Space)") if expanded else _tr("Show this list (Space)"))
        self.header.setAccessibleDescription(_tr("shown") if expanded else _tr("hidden"))

    def _count_changed(self, count: int) -> None:
        self._count = count
        if self.user_choice is None and (count > 0) != self.is_expanded():
            self._apply(count > 0)
            self.expandedChanged.emit(count > 0)
        else:
            self._update_header()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            if isinstance(self.content, SectionContent):
                self.content.start()

"""Project › Speakers…: the project's speakers, to list, add, edit and merge, and each one's page.

Left, the list (a filter box over it; the count of source tags naming each); right, the selected
speaker's page (ui/speaker_page.py). Add (Ctrl+N), Edit (F2 or Enter), Merge (Ctrl+M: the selected
speaker into another, chosen in a picker). Every change is a command on the window's undo stack, so
Ctrl+Z (in the window, or here) undoes it; the dialog follows the project's ``speakersChanged``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from factcheck.core.names import shown
from factcheck.core.speaker_fields import description_problem, same_as_problem, shown_description, shown_url
from factcheck.core.speakers import (
    SPEAKER_KINDS,
    Speaker,
    SpeakerKind,
    name_key,
    name_problem,
    new_speaker,
    resolve,
)
from ui import modal
from ui.name_completer import KEY_ROLE, typed_key
from ui.picker import Choice, pick
from ui.row_table import RowSortProxy, RowTableModel, setup_table
from ui.speaker_page import SpeakerPage, kind_text, plain_tooltip
from ui.structure_commands import MergeSpeakers, PutSpeaker
from ui.structure_context import Context
from ui.typed_text import TypedTextGuard, ctrl_enter_accepts, esc_clears

COLUMNS = ("Name", "Kind", "Named", "Said", "Merged into")  # translated by RowTableModel.headerData


def _tr(text: str) -> str:
    return QCoreApplication.translate("SpeakersDialog", text)


class SpeakerEditor(QDialog):
    """Name, kind, description and same_as URLs (one a line) of a new or existing speaker."""

    def __init__(self, parent: QWidget | None, speaker: Speaker | None) -> None:
        super().__init__(parent)
        self.setObjectName("speakerEditor")
        self.setWindowTitle(_tr("Edit speaker") if speaker else _tr("New speaker"))
        self.original = speaker
        # A name made before the naming rule is shown escaped, and kept unless it is retyped.
        self.name = QLineEdit(shown(speaker.name) if speaker else "")
        self.kind = QComboBox()
        for kind in SPEAKER_KINDS:
            self.kind.addItem(kind_text(kind), kind)
        if speaker is not None:
            self.kind.setCurrentIndex(SPEAKER_KINDS.index(speaker.kind))
        # A description or address kept from before the rules is shown escaped, kept unless retyped.
        self.description = QPlainTextEdit(shown_description(speaker.description) if speaker else "")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.same_as = QPlainTextEdit(self._shown_urls(speaker.same_as) if speaker else "")
        self.same_as.setTabChangesFocus(True)
        self.same_as.setPlaceholderText(_tr("https://www.wikidata.org/wiki/Q…  (one address a line)"))
        self.same_as.setFixedHeight(70)
        form = QFormLayout(self)
        form.addRow(_tr("&Name:"), self.name)
        form.addRow(_tr("&Kind:"), self.kind)
        form.addRow(_tr("&Description:"), self.description)
        form.addRow(_tr("&Same as:"), self.same_as)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, 0)
        self._typed = TypedTextGuard(self, [self.name, self.description, self.same_as])
        ctrl_enter_accepts(self, self.description, self.same_as)

    def reject(self) -> None:
        """Esc, Cancel or the close button: typed text is not dropped without asking."""
        if self._typed.may_close():
            super().reject()

    @staticmethod
    def _shown_urls(urls: tuple[str, ...]) -> str:
        return "\n".join(shown_url(u) for u in urls)

    def urls(self) -> tuple[str, ...]:
        if self._kept_urls():
            assert self.original is not None
            return self.original.same_as
        return tuple(line.strip() for line in self.same_as.toPlainText().splitlines() if line.strip())

    def _kept_name(self) -> bool:
        return self.original is not None and self.name.text() == shown(self.original.name)

    def _kept_description(self) -> bool:
        original = self.original
        return original is not None and self.description.toPlainText() == shown_description(
            original.description
        )

    def _kept_urls(self) -> bool:
        original = self.original
        return original is not None and self.same_as.toPlainText() == self._shown_urls(original.same_as)

    def _description(self) -> str:
        if self._kept_description():
            assert self.original is not None
            return self.original.description
        return self.description.toPlainText().strip()

    def problem(self) -> str | None:
        why = None if self._kept_name() else name_problem(self.name.text())
        if why:
            return why
        if not self._kept_description() and (why := description_problem(self._description())):
            return why
        if not self._kept_urls() and (why := same_as_problem(self.urls())):
            return why
        return None

    def accept(self) -> None:
        why = self.problem()
        if why:
            QMessageBox.warning(self, _tr("Speaker"), _tr("Cannot save: {why}.").format(why=why))
            return
        super().accept()

    def result_speaker(self) -> Speaker:
        kept = self.original is not None and self._kept_name()
        name = self.original.name if self.original and kept else " ".join(self.name.text().split())
        kind: SpeakerKind = self.kind.currentData()
        desc = self._description()
        if self.original is None:
            return new_speaker(name, kind, desc, self.urls())
        return replace(self.original, name=name, kind=kind, description=desc, same_as=self.urls())


class SpeakersModel(RowTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}
        self._counts: dict[str, tuple[int, int]] = {}

    def set_speakers(self, speakers: list[Speaker], counts: dict[str, tuple[int, int]]) -> None:
        """The speakers, and (source tags naming them, tags attributed to them) by id: a speaker's counts
        hold those of the speakers merged into it (who have none of their own)."""
        self.beginResetModel()
        self._rows = list(speakers)
        self._names = {s.id: s.name for s in speakers}
        self._counts = dict(counts)
        self.endResetModel()

    def speaker(self, row: int) -> Speaker:
        return self._rows[row]  # type: ignore[no-any-return]

    def row_of(self, speaker_id: str) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.id == speaker_id), None)

    def cell(self, speaker: Speaker, column: int, role: int) -> object:
        if role == KEY_ROLE and column == 0:
            return name_key(speaker.name)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return shown(speaker.name)
            if column == 1:
                return kind_text(speaker.kind)
            if column in (2, 3):
                if speaker.merged_into is not None:
                    return ""
                return self._counts.get(speaker.id, (0, 0))[column - 2]
            return shown(self._names.get(speaker.merged_into or "", ""))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2:
                return _tr("Source tags naming them")
            if column == 3:
                return _tr("Claims, denials and characterizations attributed to them")
            return plain_tooltip(shown_description(speaker.description) or shown(speaker.name))
        if role == Qt.ItemDataRole.ForegroundRole and speaker.merged_into is not None:
            from PySide6.QtGui import QColor

            return QColor("#888888")
        return None


class SpeakersDialog(QDialog):
    openTag = Signal(str, str)  # document id, tag id: the window opens the document at the tag

    def __init__(self, ctx: Context, titles: Callable[[], dict[str, str]]) -> None:
        super().__init__(ctx.parent)
        self.setObjectName("speakersDialog")
        self.setWindowTitle(_tr("Speakers"))
        self.ctx = ctx
        self.model = SpeakersModel(self)
        self.proxy = RowSortProxy(self)
        self.proxy.setSourceModel(self.model)
        # Names matched as they compare ("O'B" finds "O’Brien"): their keys (`ui.name_completer`).
        self.proxy.setFilterRole(KEY_ROLE)
        self.proxy.setFilterKeyColumn(0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_tr("Filter speakers…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda text: self.proxy.setFilterFixedString(typed_key(text)))
        esc_clears(self.filter)  # Esc clears the filter first; a second Esc closes the dialog
        self.table = setup_table(QTableView())
        self.table.setObjectName("speakersTable")
        self.filter.setAccessibleName(_tr("Filter speakers"))
        self.table.setAccessibleName(_tr("Speakers"))
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab goes on to the buttons
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.page = SpeakerPage(
            lambda: {s.id: s for s in ctx.project.speakers()},
            ctx.project.speaker_tags,
            titles,
            lambda label: ctx.role_of_label(label),
        )
        self.page.openTag.connect(self.openTag)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(_tr("&Add…"))
        self.edit_button = QPushButton(_tr("&Edit…"))
        self.merge_button = QPushButton(_tr("&Merge into…"))
        for button, slot in (
            (self.add_button, self.add),
            (self.edit_button, self.edit),
            (self.merge_button, self.merge),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        # Undo and Redo too: the window's Edit menu does not reach this window's keys.
        for text, keys, slot in (
            (_tr("Add"), ("Ctrl+N",), self.add),
            (_tr("Edit"), ("F2",), self.edit),
            (_tr("Merge"), ("Ctrl+M",), self.merge),
            (_tr("Undo"), ("Ctrl+Z",), ctx.host.undo),
            (_tr("Redo"), ("Ctrl+Shift+Z", "Ctrl+Y"), ctx.host.redo),
        ):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _=False, s=slot: s())
            self.addAction(action)
        self.table.activated.connect(lambda _i: self.edit())

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.page)
        split.setSizes([380, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(780, 560)  # fits an 800x600 screen

        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show(cur))
        ctx.project.speakersChanged.connect(self.reload)
        self.reload()

    # -- the list ------------------------------------------------------------------------------------
    def reload(self) -> None:
        keep = self.selected()
        self.model.set_speakers(self.ctx.project.speakers(), self.ctx.project.speaker_counts())
        self.select(keep.id if keep is not None else None)

    def selected(self) -> Speaker | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.speaker(self.proxy.mapToSource(index).row())

    def select(self, speaker_id: str | None) -> None:
        row = self.model.row_of(speaker_id) if speaker_id is not None else None
        if row is None:
            row = 0 if self.model.rowCount() else None
        if row is None:
            self.page.load(None)
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self._show(index)

    def _show(self, index: QModelIndex) -> None:
        speaker = self.model.speaker(self.proxy.mapToSource(index).row()) if index.isValid() else None
        self.page.load(speaker.id if speaker is not None else None)

    # -- changes ---------------------------------------------------------------------------------------
    def add(self) -> Speaker | None:
        editor = SpeakerEditor(self, None)
        if not modal.accepted(editor):
            return None
        speaker = editor.result_speaker()
        if self.ctx.push(PutSpeaker(self.ctx.project, None, speaker), _tr("The speaker was not saved")):
            self.select(speaker.id)
            return speaker
        return None

    def edit(self) -> Speaker | None:
        speaker = self.selected()
        if speaker is None:
            return None
        editor = SpeakerEditor(self, speaker)
        if not modal.accepted(editor):
            return None
        after = editor.result_speaker()
        if after == speaker:
            return speaker
        if self.ctx.push(PutSpeaker(self.ctx.project, speaker, after), _tr("The speaker was not saved")):
            self.select(after.id)
            return after
        return None

    def merge(self) -> Speaker | None:
        """Merge the selected speaker into another (chosen in a picker): its tags count as the other's."""
        b = self.selected()
        if b is None:
            return None
        # Not the speaker b stands for (b merged into it already): the store refuses that merge.
        stands_for = resolve(b.id, {s.id: s for s in self.ctx.project.speakers()})
        others = [
            s for s in self.ctx.project.speakers(include_merged=False) if s.id not in (b.id, stands_for)
        ]
        if not others:
            QMessageBox.information(self, _tr("Merge"), _tr("There is no other speaker to merge into."))
            return None
        into = pick(
            self,
            _tr("Merge speaker"),
            _tr("Merge {name} into which speaker? (their tags then count there)").format(name=shown(b.name)),
            [
                Choice(
                    _tr("{name} ({kind})").format(name=shown(s.name), kind=kind_text(s.kind)),
                    s,
                    plain_tooltip(shown_description(s.description)),
                )
                for s in others
            ],
        )
        if into is None:
            return None
        if self.ctx.push(MergeSpeakers(self.ctx.project, b, into), _tr("The merge was not saved")):
            self.select(into.id)
            return into
        return None

"""The review panel (dock content): the current document's disagreements and the reviewer's decisions.

The reviewer chooses whose tags to compare (all annotators together, or two side by side), walks the
disagreements with N / P, and decides on the current tag with A (accept), R (reject, with a reason) or
E (edit: the window opens its editor). Decisions are `EditAnnotation` commands on the window's undo stack,
so they are stored at once and undoable; the list follows the project's signals.

Signals for the window: `jumpTo(start, end, annotation_id)` to show a span, `editRequested(id)`, and
`annotatorFilterChanged(set | None)` for `ArticleView.set_annotator_filter`.

While suspended (the window suspends it while its dock is closed, as most of the day) the panel does no
work: a document switch, a reset or a tag edit only marks it stale, and it reloads or recomputes once
resumed. So the disagreements are not
recomputed over every tag of the document on each key press of someone who is not reviewing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.core.disagreements import Disagreement, find_disagreements
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation, ReviewStatus, utc_now
from ui.commands import EditAnnotation, push_command
from ui.project import ProjectModel
from ui.review_models import DisagreementModel, TagModel
from ui.row_table import setup_table
from ui.tag_text import decision_text, one_line


def _table(model: QAbstractTableModel) -> QTableView:
    view = setup_table(QTableView())
    view.setModel(model)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # The last column (a description or a quote) takes the rest of the width, elided: no side scrolling.
    header.setSectionResizeMode(model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
    return view


ALL, SIDE_BY_SIDE = 0, 1


class ReviewPanel(QWidget):
    jumpTo = Signal(int, int, object)  # start, end (code points), annotation id or None
    editRequested = Signal(str)  # annotation id: the window opens its label/note editor
    annotatorFilterChanged = Signal(object)  # set[str] | None (all): for ArticleView.set_annotator_filter

    def __init__(
        self, project: ProjectModel, undo_stack: QUndoStack, reviewer: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewPanel")
        self.project = project
        self.undo_stack = undo_stack
        self.reviewer = reviewer
        self._document_id: str | None = None
        self._tags: dict[str, Annotation] = {}  # live tags of the document, by id
        self._current_tag: str | None = None
        self._quiet = False  # selection changed by code: no jumpTo
        self._suspended = False
        self._stale: str | None = None  # while suspended: "reload" (query the tags) or "recompute"
        self._stale_keep = True  # ... keeping the current disagreement (False after a document switch)

        # -- whose tags ------------------------------------------------------------------------------
        self.mode_combo = QComboBox()
        self.mode_combo.addItems(["All annotators together", "Two side by side"])
        self.mode_combo.setToolTip("Compare every annotator's tags, or just two annotators'")
        self.a_combo, self.b_combo = QComboBox(), QComboBox()
        for combo in (self.a_combo, self.b_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top = QHBoxLayout()
        top.addWidget(QLabel("&Show:"))
        top.itemAt(0).widget().setBuddy(self.mode_combo)  # type: ignore[union-attr]
        top.addWidget(self.mode_combo)
        self.a_label, self.b_label = QLabel("A:"), QLabel("B:")
        for w in (self.a_label, self.a_combo, self.b_label, self.b_combo):
            top.addWidget(w)
        top.addStretch(1)

        self.status = QLabel()
        self.status.setWordWrap(True)

        # -- the list and the tags of the current row ------------------------------------------------
        self.model = DisagreementModel(self)
        self.list_view = _table(self.model)
        self.tag_models = (TagModel(self), TagModel(self))
        self.tag_views = tuple(_table(m) for m in self.tag_models)
        self.tag_boxes = (QGroupBox("Tags"), QGroupBox())
        for box, view in zip(self.tag_boxes, self.tag_views, strict=True):
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(4, 4, 4, 4)
            box_layout.addWidget(view)
        tags_row = QWidget()
        tags_layout = QHBoxLayout(tags_row)
        tags_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.tag_boxes:
            tags_layout.addWidget(box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list_view)
        split.addWidget(tags_row)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 160])
        split.setStretchFactor(0, 3)  # the list of disagreements is what the reviewer walks
        split.setStretchFactor(1, 1)

        # -- actions (N, P, A, R, E while the panel has focus; the window may add them to a menu) --
        def action(text: str, key: str, tip: str, slot) -> QAction:  # type: ignore[no-untyped-def]
            act = QAction(text, self)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.setToolTip(f"{tip} ({key})")
            act.triggered.connect(lambda _checked=False: slot())  # not the checked flag as an argument
            self.addAction(act)
            return act

        self.previous_action = action(
            "Previous (P)", "P", "Previous disagreement", self.previous_disagreement
        )
        self.next_action = action("Next (N)", "N", "Next disagreement", self.next_disagreement)
        self.accept_action = action(
            "Accept (A)", "A", "Accept the current tag into the reviewed set", self.accept_current
        )
        self.reject_action = action(
            "Reject… (R)", "R", "Reject the current tag, with a reason", self.reject_current
        )
        self.edit_action = action("Edit… (E)", "E", "Edit the current tag's label or note", self.edit_current)
        buttons = QHBoxLayout()
        for act in self.actions():
            button = QToolButton()
            button.setDefaultAction(act)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.mode_combo.currentIndexChanged.connect(self._annotators_chosen)
        self.a_combo.currentIndexChanged.connect(self._annotators_chosen)
        self.b_combo.currentIndexChanged.connect(self._annotators_chosen)
        self.list_view.selectionModel().currentRowChanged.connect(self._disagreement_row_changed)
        for side, view in enumerate(self.tag_views):
            view.selectionModel().currentRowChanged.connect(
                lambda current, _previous, side=side: self._tag_row_changed(side, current.row())
            )
        project.annotationUpserted.connect(self._on_upserted)
        project.annotationRemoved.connect(self._on_removed)
        project.annotationsReset.connect(self._on_reset)
        project.storeReplaced.connect(self._on_store_replaced)
        self._update_label_colors()
        self._reload()

    # -- public ----------------------------------------------------------------------------------
    def set_document(self, document_id: str | None, annotations: Iterable[Annotation] | None = None) -> None:
        """Review this document; ``annotations``: its tags if the caller has them (spares a query)."""
        if document_id == self._document_id:
            return
        self._document_id = document_id
        self._current_tag = None
        self._reload(keep=False, annotations=annotations)

    def document_id(self) -> str | None:
        return self._document_id

    def disagreements(self) -> list[Disagreement]:
        return self.model.items()

    def current_row(self) -> int:
        return self.list_view.currentIndex().row()

    def current_disagreement(self) -> Disagreement | None:
        return self.model.item(self.current_row())

    def current_annotation(self) -> Annotation | None:
        return self._tags.get(self._current_tag) if self._current_tag else None

    def chosen_annotators(self) -> set[str] | None:
        """None: everyone together; else the two compared side by side."""
        if self.mode_combo.currentIndex() != SIDE_BY_SIDE:
            return None
        return {self.a_combo.currentText(), self.b_combo.currentText()} - {""}

    def set_side_by_side(self, a: str | None, b: str | None = None) -> None:
        """Compare a and b (None: all annotators together)."""
        if a is None:
            self.mode_combo.setCurrentIndex(ALL)
            return
        self.a_combo.setCurrentText(a)
        if b is not None:
            self.b_combo.setCurrentText(b)
        self.mode_combo.setCurrentIndex(SIDE_BY_SIDE)

    def set_current_annotation(self, annotation_id: str | None) -> None:
        """The tag the window's view made current (no jumpTo back): A/R/E act on it."""
        if annotation_id is None or annotation_id not in self._tags:
            return
        self._current_tag = annotation_id
        row = next(
            (i for i, d in enumerate(self.model.items()) if annotation_id in d.annotation_ids),
            None,
        )
        self._quiet = True
        try:
            if row is not None and row != self.current_row():
                self._select_row(row)
            self._show_tags()
        finally:
            self._quiet = False
        self._update_status()

    def next_disagreement(self) -> bool:
        return self._step(+1)

    def previous_disagreement(self) -> bool:
        return self._step(-1)

    def accept_current(self) -> bool:
        return self._decide("accepted", None)

    def reject_current(self, reason: str | None = None) -> bool:
        """Reject the current tag; without a reason given, ask for one (Cancel: nothing happens)."""
        ann = self.current_annotation()
        if ann is None:
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(
                self,
                "Reject tag",
                f"Why reject {ann.annotator}'s {ann.label} tag “{one_line(ann.quote, 50)}”?\n"
                "The reason is kept with the decision and exported with the tag.",
                QLineEdit.EchoMode.Normal,
                ann.reason or "",
            )
            if not ok:
                return False
        reason = " ".join(reason.split())
        if not reason:
            self.status.setText("Not rejected: a rejection needs a reason (press R again to give one).")
            return False
        return self._decide("rejected", reason)

    def edit_current(self) -> bool:
        ann = self.current_annotation()
        if ann is None:
            return False
        self.editRequested.emit(ann.id)
        return True

    # -- loading ---------------------------------------------------------------------------------
    def set_suspended(self, suspended: bool) -> None:
        """Suspended (e.g. in a closed dock): do no work until resumed, then catch up once."""
        self._suspended = suspended
        if suspended:
            return
        work, keep = self._stale, self._stale_keep
        self._stale, self._stale_keep = None, True
        if work == "reload":
            self._reload(keep)
        elif work == "recompute":
            self._fill_annotator_combos()
            self._recompute(keep)

    def _defer(self, work: str, keep: bool = True) -> bool:
        """Suspended: note the work for later instead of doing it (True). A reload covers a recompute."""
        if not self._suspended:
            return False
        if self._stale != "reload":
            self._stale = work
        self._stale_keep = self._stale_keep and keep
        return True

    def _reload(self, keep: bool = True, annotations: Iterable[Annotation] | None = None) -> None:
        if self._defer("reload", keep):
            self._tags = {}  # re-read when resumed
            return
        tags: Iterable[Annotation] = annotations if annotations is not None else []
        if self._document_id is not None and annotations is None:
            try:
                tags = self.project.annotations(self._document_id)
            except FactcheckError:  # the document is gone (another database opened)
                self._document_id = None
        self._tags = {t.id: t for t in tags if not t.deleted}
        self._fill_annotator_combos()
        self._recompute(keep)

    def _recompute(self, keep: bool = True) -> None:
        if self._defer("recompute", keep):
            return
        previous = self.current_disagreement() if keep else None
        chosen = self.chosen_annotators()
        tags = [t for t in self._tags.values() if chosen is None or t.annotator in chosen]
        items = find_disagreements(tags) if chosen is None or len(chosen) == 2 else []
        self._quiet = True
        try:
            self.model.set_items(items, self._tags)
            row = self._row_like(previous, items) if previous is not None else (0 if items else -1)
            self._select_row(row)
            if row < 0:
                self._show_tags()
        finally:
            self._quiet = False
        self._update_status()

    @staticmethod
    def _row_like(previous: Disagreement, items: list[Disagreement]) -> int:
        """The same disagreement after a change, or the one now at its place in the text."""
        for i, d in enumerate(items):
            if d.annotation_ids == previous.annotation_ids and d.kind == previous.kind:
                return i
        for i, d in enumerate(items):
            if (d.start, d.end) >= (previous.start, previous.end):
                return i
        return len(items) - 1

    def _fill_annotator_combos(self) -> None:
        names = sorted({t.annotator for t in self._tags.values()})
        for combo, fallback in ((self.a_combo, 0), (self.b_combo, 1)):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            if current in names:
                combo.setCurrentText(current)
            elif len(names) > fallback:
                combo.setCurrentIndex(fallback)
            combo.blockSignals(False)
        side = self.mode_combo.currentIndex() == SIDE_BY_SIDE
        for w in (self.a_label, self.a_combo, self.b_label, self.b_combo):
            w.setVisible(side)
        self.mode_combo.model().item(SIDE_BY_SIDE).setEnabled(len(names) >= 2)  # type: ignore[attr-defined]

    def _update_label_colors(self) -> None:
        colors = {lab.name: lab.color for lab in self.project.labels()}
        for m in self.tag_models:
            m.set_label_colors(colors)

    # -- project signals -------------------------------------------------------------------------
    def _on_upserted(self, ann: Annotation) -> None:
        if ann.document_id != self._document_id:
            return
        old = self._tags.get(ann.id)
        self._tags[ann.id] = ann
        if self._defer("recompute"):
            return
        same_shape = old is not None and (old.label, old.start, old.end, old.annotator) == (
            ann.label, ann.start, ann.end, ann.annotator,
        )  # fmt: skip
        if same_shape:  # a review decision or a note: the list stays, its decision column changes
            self.model.tags_changed(self._tags)
            self._show_tags(keep_current=True)
            self._update_status()
        else:
            if old is None:
                self._fill_annotator_combos()
            self._recompute()

    def _on_removed(self, ann: Annotation) -> None:
        if ann.document_id == self._document_id and self._tags.pop(ann.id, None) is not None:
            if self._current_tag == ann.id:
                self._current_tag = None
            if self._defer("recompute"):
                return
            self._fill_annotator_combos()
            self._recompute()

    def _on_reset(self, document_id: str) -> None:
        if document_id == self._document_id:
            self._reload()

    def _on_store_replaced(self) -> None:
        self._update_label_colors()
        self._reload(keep=False)

    # -- selection -------------------------------------------------------------------------------
    def _annotators_chosen(self) -> None:
        self._fill_annotator_combos()
        self._recompute(keep=False)
        self.annotatorFilterChanged.emit(self.chosen_annotators())

    def _select_row(self, row: int) -> None:
        selection = self.list_view.selectionModel()
        if row < 0:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        if index == self.list_view.currentIndex():
            self._disagreement_row_changed(index, index)  # the tags may have changed
        selection.setCurrentIndex(index, flags)
        self.list_view.scrollTo(index)

    def _disagreement_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        d = self.model.item(current.row())
        if d is None:
            self._show_tags()
            return
        if self._current_tag not in d.annotation_ids:
            undecided = [i for i in d.annotation_ids if i in self._tags and not self._tags[i].status]
            self._current_tag = (undecided or list(d.annotation_ids))[0]
        self._show_tags()
        self._update_status()
        if not self._quiet:
            self.jumpTo.emit(d.start, d.end, self._current_tag)

    def _show_tags(self, keep_current: bool = False) -> None:
        """Fill the tag list(s) with the current disagreement's tags; select the current tag."""
        d = self.current_disagreement()
        tags = [self._tags[i] for i in (d.annotation_ids if d else ()) if i in self._tags]
        tags.sort(key=lambda t: (t.annotator, t.start, t.end))
        chosen = self.chosen_annotators()
        if chosen is not None and len(chosen) == 2:
            a, b = self.a_combo.currentText(), self.b_combo.currentText()
            shares = ([t for t in tags if t.annotator == a], [t for t in tags if t.annotator == b])
            self.tag_boxes[0].setTitle(f"{a}'s tags")
            self.tag_boxes[1].setTitle(f"{b}'s tags")
            self.tag_boxes[1].show()
        else:
            shares = (tags, [])
            self.tag_boxes[0].setTitle("Tags of this disagreement")
            self.tag_boxes[1].hide()
        was_quiet, self._quiet = self._quiet, True
        try:
            for side, (model, view) in enumerate(zip(self.tag_models, self.tag_views, strict=True)):
                view.setColumnHidden(0, self.tag_boxes[1].isVisibleTo(self))  # the box title says whose
                model.set_tags(shares[side])
                row = model.row_of(self._current_tag)
                if row is not None:
                    view.selectRow(row)
                else:
                    view.clearSelection()
        finally:
            self._quiet = was_quiet
        has_tag = self.current_annotation() is not None
        for act in (self.accept_action, self.reject_action, self.edit_action):
            act.setEnabled(has_tag)
        count = self.model.rowCount()
        self.next_action.setEnabled(count > 0 and self.current_row() < count - 1)
        self.previous_action.setEnabled(count > 0 and self.current_row() > 0)

    def _tag_row_changed(self, side: int, row: int) -> None:
        if self._quiet or row < 0:
            return
        tags = self.tag_models[side].tags()
        if not 0 <= row < len(tags):
            return
        tag = tags[row]
        self._current_tag = tag.id
        other = self.tag_views[1 - side]
        other.selectionModel().clearSelection()
        self._update_status()
        self.jumpTo.emit(tag.start, tag.end, tag.id)

    def _step(self, delta: int) -> bool:
        row = self.current_row() + delta
        if not 0 <= row < self.model.rowCount():
            self.status.setText(
                "No more disagreements this way." if self.model.rowCount() else self._summary()
            )
            return False
        self._current_tag = None
        self._select_row(row)
        return True

    # -- decisions -------------------------------------------------------------------------------
    def _decide(self, status: ReviewStatus, reason: str | None) -> bool:
        ann = self.current_annotation()
        if ann is None:
            return False
        now = utc_now()
        after = replace(
            ann, status=status, reviewer=self.reviewer, reason=reason, reviewed_at=now, updated_at=now
        )
        verb = "Accept" if status == "accepted" else "Reject"
        text = f"{verb} {ann.annotator}'s {ann.label} “{one_line(ann.quote, 30)}”"
        try:
            document_text = self.project.document(ann.document_id).text
            push_command(
                self.undo_stack, EditAnnotation(self.project, ann, after, document_text, description=text)
            )
        except FactcheckError as exc:
            QMessageBox.warning(self, "Decision not saved", f"{exc}\n\nThe decision was not recorded.")
            return False
        self._advance()
        return True

    def _advance(self) -> None:
        """After a decision: the next undecided tag of this disagreement, else the next open one."""
        d = self.current_disagreement()
        if d is None:
            return
        order = [t.id for side in self.tag_models for t in side.tags()]
        undecided = [i for i in order if not self._tags[i].status]
        if undecided:
            later = order[order.index(self._current_tag) + 1 :] if self._current_tag in order else []
            self._current_tag = next((i for i in later if i in undecided), undecided[0])
            self._show_tags()
            tag = self._tags[self._current_tag]
            self.jumpTo.emit(tag.start, tag.end, tag.id)
        else:
            items = self.model.items()
            following = [
                i for i in range(self.current_row() + 1, len(items)) if not self.model.settled(items[i])
            ]
            if following:
                self._current_tag = None
                self._select_row(following[0])
        self._update_status()

    # -- status ----------------------------------------------------------------------------------
    def _summary(self) -> str:
        if self._document_id is None:
            return "Open a document to review its disagreements."
        if len({t.annotator for t in self._tags.values()}) < 2:
            return "Only one annotator tagged this document: nothing to compare. Import a teammate's work."
        chosen = self.chosen_annotators()
        if chosen is not None and len(chosen) < 2:
            return "Choose two different annotators to compare."
        items = self.model.items()
        if not items:
            return "No disagreements: the annotators shown agree on every tag."
        open_ = sum(1 for d in items if not self.model.settled(d))
        return f"{len(items)} disagreements, {open_} still open."

    def _update_status(self) -> None:
        text = self._summary()
        ann = self.current_annotation()
        if ann is not None:
            text += f" Current: {ann.annotator}'s {ann.label} ({decision_text(ann)})."
        self.status.setText(text)

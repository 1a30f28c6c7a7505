"""The review panel (dock content): the current document's disagreements and the reviewer's decisions.

The reviewer chooses whose tags to compare (all annotators together, or two side by side), walks the
disagreements with N / P, and decides on the current tag with A (accept), R (reject, with a reason) or
E (edit: the window opens its editor). Decisions are `EditAnnotation` commands on the window's undo stack,
so they are stored at once and undoable. The panel is a view over a ``ReviewSession`` (mode, disagreements,
current one) on the window's ``OpenDocument``, whose events it follows; it keeps no tags of its own.

Signals for the window: `jumpTo(start, end, annotation_id)` to show a span, `editRequested(id)`, and
`annotatorFilterChanged(set | None)` for `ArticleView.set_annotator_filter`.

While suspended (the window suspends it while its dock is closed, as most of the day) the panel does no
work: a document switch, a reset or a tag edit only notes what the session owes, done once resumed. So the
disagreements are not recomputed over every tag of the document on each key press of someone not
reviewing. A list found on the open document's shared index (everyone compared) keeps following each
edit instead, its rows too (``ReviewSession.following``): shown again, it is there at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    Signal,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from factcheck.core import shared_index
from factcheck.core.disagreements import Disagreement
from factcheck.core.link_layer import LinkChange
from factcheck.core.model import Annotation, Document, ReviewStatus
from factcheck.core.names import shown as shown_name
from factcheck.core.open_document import OpenDocument, TagChange
from factcheck.core.review_incremental import Splice
from factcheck.core.review_session import Owed, ReviewSession, disagreement_fields
from ui.project import ProjectModel
from ui.review_actions import button_row, decision_actions, step_actions
from ui.review_annotators import AnnotatorChoice
from ui.review_columns import ColumnWidths
from ui.review_decisions import ask_reject_reason, record_decision
from ui.review_loading import FullComputations
from ui.review_models import DisagreementModel, TagModel
from ui.review_sections import CollapsibleSection, fit_tag_lists
from ui.review_status import status_line, summary
from ui.review_tables import chosen as chosen_name
from ui.review_tables import lists_splitter
from ui.review_tables import table as _table


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewPanel", text)


class ReviewPanel(QWidget):
    jumpTo = Signal(int, int, object)  # start, end (code points), annotation id or None
    editRequested = Signal(str)  # annotation id: the window opens its label/note editor
    annotatorFilterChanged = Signal(object)  # set[str] | None (all): for ArticleView.set_annotator_filter
    #: The panel made a tag current on its own (its list computed, a document opened): the window makes it
    #: the article's current tag too, without scrolling. One current tag, never two.
    currentTagChosen = Signal(str)

    def __init__(
        self,
        project: ProjectModel,
        undo_stack: QUndoStack,
        reviewer: str,
        open_document: OpenDocument,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewPanel")
        self.project = project
        self.undo_stack = undo_stack
        self.reviewer = reviewer
        #: Asks for the reviewer's name when it is not set yet (first start, question cancelled); True if set.
        self.ask_name: Callable[[], bool] = lambda: False
        self.open_document = open_document
        self._tags = open_document.tags
        self.session = ReviewSession(open_document.tags)
        self.session.shared = shared_index.of(open_document)  # one index with the document list's count
        self._quiet = False  # selection changed by code: no jumpTo
        self._names: list[str] = []  # the annotators the choices were filled with
        #: The article's current tag as last heard or told (set_current_annotation, jumpTo, currentTagChosen).
        self._article_tag: str | None = None
        #: The article's current tag as it is now: the window reads its view; a panel alone, what it heard.
        self.article_current: Callable[[], str | None] = lambda: self._article_tag
        #: The article has no current tag on purpose (a click off every tag, the tag deleted): the list
        #: computed again picks none; a move in the panel or the article does.
        self._cleared = False

        # -- whose tags ------------------------------------------------------------------------------
        self.choice = AnnotatorChoice()
        self.mode_combo, self.a_combo, self.b_combo = (
            self.choice.mode_combo,
            self.choice.a_combo,
            self.choice.b_combo,
        )
        self.a_label, self.b_label = self.choice.a_label, self.choice.b_label
        top = QHBoxLayout()
        self.choice.add_to(top)
        # The status goes beside the choice of annotators, not on a line of its own: in a short window
        # every line of the dock is taken from the article or the list.
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        top.addSpacing(8)
        top.addWidget(self.status, 1)

        # -- the list and the tags of the current row ------------------------------------------------
        self.model = DisagreementModel(self.session, self, text=lambda: open_document.text)
        self.session.on_let_go = self._forget_rows  # hidden, owing a recompute: no old rows kept
        self.list_view = _table(self.model)
        # A header and two rows at least (more as soon as there is room): in a short window the article
        # keeps its share of the height, and the window still fits an 800x600 screen.
        self.list_view.setMinimumHeight(self.list_view.verticalHeader().defaultSectionSize() * 3)
        self.list_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # sentence
        # Widths from what the columns say and a bounded sample of rows: stable, never a pass over 25k rows.
        self.column_widths = ColumnWidths(self.list_view, self.model, lambda: open_document.id)
        # Every disagreement found again: at once on a small article, else on a worker thread.
        self.full = FullComputations(self.session, self.list_view, self)
        self.full.show_result = lambda: self._show_list(None)
        self.full.failed = lambda message: self.status.setText(
            _tr("Could not list the disagreements: ") + message
        )
        self.tag_models = (TagModel(self._tags, self), TagModel(self._tags, self))
        self.tag_views = tuple(_table(m) for m in self.tag_models)
        self.tag_boxes = (QGroupBox(_tr("Tags")), QGroupBox())
        split = lists_splitter(self.list_view, self.tag_boxes, self.tag_views)
        self.splitter = split  # add_section puts other lists under these; its sizes are remembered
        self.sections: list[CollapsibleSection] = []

        # -- actions (N, P, A, R, E while the panel has focus; the window may add them to a menu) --
        self.previous_action, self.next_action = step_actions(
            self, self.previous_disagreement, self.next_disagreement
        )
        self.accept_action, self.reject_action, self.edit_action = decision_actions(
            self, self.accept_current, self.reject_current, self.edit_current
        )
        buttons = button_row(self.actions())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(4)
        layout.addLayout(top)
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
        self.jumpTo.connect(self._told)
        project.storeReplaced.connect(self._update_label_colors)
        project.labelsChanged.connect(self._update_label_colors)  # renamed (by the team too), recoloured
        unsubscribe = [
            open_document.events.opened.connect(self._on_opened),
            self._tags.events.changed.connect(self._on_changed),
            self._tags.events.reset.connect(self._on_reset),
            open_document.links.events.changed.connect(self._on_link_changed),
            open_document.links.events.reset.connect(self._on_links_reset),
        ]
        full = self.full  # the worker stops once the panel goes
        self.destroyed.connect(lambda *_: [off() for off in [*unsubscribe, full.stop]])
        self._update_label_colors()
        self._reload(keep=False)

    # -- public ----------------------------------------------------------------------------------
    def add_section(self, title: str, widget: QWidget) -> CollapsibleSection:
        """Another list for the reviewer under the tags (the claim cards whose verdicts differ), in a
        section that folds to its header (with its count)."""
        section = CollapsibleSection(title, widget)
        self.sections.append(section)
        self.splitter.addWidget(section)
        self.splitter.setStretchFactor(self.splitter.count() - 1, 1)
        self.splitter.setSizes([300, 60] + [160] * (self.splitter.count() - 2))
        return section

    def document_id(self) -> str | None:
        return self.open_document.id

    def disagreements(self) -> list[Disagreement]:
        return list(self.session.disagreements)

    def current_row(self) -> int:
        return self.list_view.currentIndex().row()

    def current_disagreement(self) -> Disagreement | None:
        return self.model.item(self.current_row())

    def current_annotation(self) -> Annotation | None:
        return self.session.current_annotation()

    def chosen_annotators(self) -> set[str] | None:
        """None: everyone together; else the two compared side by side."""
        return self.session.chosen_annotators()

    def set_side_by_side(self, a: str | None, b: str | None = None) -> None:
        """Compare a and b (None: all annotators together)."""
        self.choice.set_side_by_side(a, b)

    def set_current_annotation(self, annotation_id: str | None) -> None:
        """The tag the window's article (or tag table) made current, no jumpTo back: the panel's current
        tag, which A/R/E act on. Its row: the current one if it involves the tag, else the first that
        does, else none (the tag is shown alone). None: no tag is current in the article, so none here."""
        self._article_tag = annotation_id
        if annotation_id is None:
            self._cleared = True
            if self.session.current_tag is None:
                return
            self.session.current_tag = None
        elif annotation_id not in self._tags:
            return
        elif self.session.suspended or self.session.pending is not None:
            self._cleared = False  # followed once shown, or once the list arrives: no look at old rows
            self.session.current_tag = annotation_id
            if not self.session.suspended:
                self._update_status()
            return
        else:
            self._cleared = False
            self.session.follow(annotation_id)
        if self.session.suspended or self.session.pending is not None:
            return
        self._quiet = True
        try:
            if self.session.current != self.current_row():
                self._select_row(self.session.current)
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
            reason = ask_reject_reason(self, ann)
            if reason is None:
                return False
        reason = " ".join(reason.split())
        if not reason:
            self.status.setText(_tr("Not rejected: a rejection needs a reason (press R again to give one)."))
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
        owed = self.session.set_suspended(suspended)
        if suspended:
            self.full.suspended()
        if owed is not Owed.NOTHING:
            self._reload(keep=owed is Owed.RECOMPUTE)
        elif not suspended:  # shown again as it was: on the tag the article has current now
            self._show_current()

    def _reload(self, keep: bool = True) -> None:
        """The annotators may have changed: refill the choices, then recompute."""
        if self.session.defer(Owed.RECOMPUTE if keep else Owed.RESTART):
            return
        chosen = self.chosen_annotators()
        self._fill_annotator_combos()
        self._recompute(keep)
        if self.chosen_annotators() != chosen:  # e.g. a document only one annotator tagged: no pair
            self.annotatorFilterChanged.emit(self.chosen_annotators())

    def _recompute(self, keep: bool = True) -> None:
        if self.full.recompute(keep, self.open_document.document) or self.session.pending is not None:
            self._show_list(None)  # the list, or nothing while it is found

    def _forget_rows(self) -> None:
        was_quiet, self._quiet = self._quiet, True
        try:
            self.model.refresh()
        finally:
            self._quiet = was_quiet

    def _show_list(self, splice: Splice | None) -> None:
        """Show the session's disagreements: recomputed (None), or only the rows of ``splice`` moved."""
        if self.session.suspended:
            if splice is not None:  # followed while hidden: shown again as it is, without a computation
                self._splice_hidden(splice)
            return
        self._quiet = True  # rows moving move the selection: no jumpTo
        try:
            self.model.refresh() if splice is None else self.model.splice(splice)
            self._show_current()
        finally:
            self._quiet = False

    def _splice_hidden(self, splice: Splice) -> None:
        """The rows of a hidden list moved as the session's did; the current row and tag stay the
        session's (the view's selection moving with the rows picks none), selected once shown."""
        session = self.session
        current, tag = session.current, session.current_tag
        was_quiet, self._quiet = self._quiet, True
        try:
            self.model.splice(splice)
        finally:
            self._quiet = was_quiet
            session.current, session.current_tag = current, tag

    def _show_current(self) -> None:
        """Select the current row and tag: the article's current tag when it has one, else the panel's
        (which the article is then told)."""
        if self.session.suspended:
            return
        was_quiet, self._quiet = self._quiet, True
        try:
            shown = self.article_current()
            if shown is not None and shown in self._tags:  # the article's current tag is the panel's
                self._cleared = False
                self.session.follow(shown)
            row = self.session.current
            self._select_row(row)
            if row < 0:
                self._show_tags()
        finally:
            self._quiet = was_quiet
        self._tell_article()
        self._update_status()

    def _told(self, _start: int, _end: int, annotation_id: object) -> None:
        if isinstance(annotation_id, str):  # the article shows it current now
            self._article_tag = annotation_id

    def _tell_article(self) -> None:
        """The panel chose its current tag itself: the article's becomes the same."""
        tag = self.session.current_tag
        if tag is not None and tag in self._tags and tag != self.article_current():
            self._article_tag = tag
            self.currentTagChosen.emit(tag)

    def _fill_annotator_combos(self) -> None:
        """The choice of annotators offers the document's: the pair compared, if any, is the session's."""
        self._names = self._tags.annotators()
        self.session.pair = self.choice.fill(self._names)

    def _update_label_colors(self) -> None:
        colors = {lab.name: lab.color for lab in self.project.labels()}
        for m in self.tag_models:
            m.set_label_colors(colors)

    # -- OpenDocument events --------------------------------------------------------------------
    def _on_opened(self, _document: Document | None) -> None:
        self.session.current_tag = self._article_tag = None
        self._cleared = False  # another article: the review starts on its first disagreement
        self._reload(keep=False)

    def structure_changed(self) -> None:
        """What the structure's disagreements read changed wholesale (link types): compute them again."""
        if self.session.structure is not None:
            self._reload()

    def _on_links_reset(self, _: None) -> None:
        self.structure_changed()

    def _on_link_changed(self, change: LinkChange) -> None:
        if self.session.structure is not None:  # links change only the structure's disagreements
            splice = self.session.links_changed(change.before, change.after)
            if splice is None or splice.removed or splice.inserted:  # else every row is as it was
                self._show_list(splice)

    def _on_reset(self, _: None) -> None:
        self._reload()

    def _on_changed(self, change: TagChange) -> None:
        before, after = change.before, change.after
        if after is None and self.session.current_tag == change.tag_id:
            self.session.current_tag = None
        if not self.session.following() and self.session.defer(Owed.RECOMPUTE):
            return
        same_shape = (
            before is not None
            and after is not None
            and disagreement_fields(before) == disagreement_fields(after)
        )
        if same_shape:  # a review decision or a note: the list stays, its decision column changes
            assert before is not None and after is not None
            self.session.decisions_changed(before, after)
            self.model.tags_changed()
            if not self.session.suspended:
                self._show_tags(keep_current=True)
                self._update_status()
        elif (before is None or after is None) and self._tags.annotators() != self._names:
            self._reload()  # someone came or went: the choice of annotators changes
        else:  # only the disagreements around this tag (all of them: a second a key press, long article)
            self._show_list(self.session.update(before, after))

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
        if not self._quiet:  # the reviewer moved in the panel
            self._cleared = False
        d = self.session.go_to(current.row(), pick=not (self._quiet and self._cleared))
        if d is None:
            self._show_tags()
            return
        self._show_tags()
        self._update_status()
        if not self._quiet:
            self.jumpTo.emit(d.start, d.end, self.session.current_tag)

    def _show_tags(self, keep_current: bool = False) -> None:
        """Fill the tag list(s) with the current disagreement's tags (with none: the current tag alone, in
        no disagreement); select the current tag."""
        d = self.current_disagreement()
        lone = self.current_annotation() if d is None else None
        tags = [lone] if lone is not None else self.session.tags_of(d)
        chosen = self.chosen_annotators()
        shares: tuple[list[Annotation], list[Annotation]]
        if lone is not None:
            shares = (tags, [])
            self.tag_boxes[0].setTitle(_tr("Current tag (in no disagreement)"))
            self.tag_boxes[1].hide()
        elif chosen is not None and len(chosen) == 2:
            a, b = chosen_name(self.a_combo), chosen_name(self.b_combo)
            shares = ([t for t in tags if t.annotator == a], [t for t in tags if t.annotator == b])
            self.tag_boxes[0].setTitle(_tr("{name}'s tags").format(name=shown_name(a)))
            self.tag_boxes[1].setTitle(_tr("{name}'s tags").format(name=shown_name(b)))
            self.tag_boxes[1].show()
        else:
            shares = (tags, [])
            self.tag_boxes[0].setTitle(_tr("Tags of this disagreement"))
            self.tag_boxes[1].hide()
        was_quiet, self._quiet = self._quiet, True
        try:
            for side, (model, view) in enumerate(zip(self.tag_models, self.tag_views, strict=True)):
                view.setColumnHidden(0, self.tag_boxes[1].isVisibleTo(self))  # the box title says whose
                model.set_tags([t.id for t in shares[side]])
                row = model.row_of(self.session.current_tag)
                if row is not None:
                    view.selectRow(row)
                else:
                    view.clearSelection()
        finally:
            self._quiet = was_quiet
        fit_tag_lists(self.tag_views)
        has_tag = self.current_annotation() is not None
        for act in (self.accept_action, self.reject_action, self.edit_action):
            act.setEnabled(has_tag)
        count = self.model.rowCount()
        if lone is not None:  # from its place in the text
            items = self.session.disagreements
            self.next_action.setEnabled(bool(items) and items[-1].start >= lone.start)
            self.previous_action.setEnabled(bool(items) and items[0].start < lone.start)
        else:
            self.next_action.setEnabled(count > 0 and self.current_row() < count - 1)
            self.previous_action.setEnabled(count > 0 and self.current_row() > 0)

    def _tag_row_changed(self, side: int, row: int) -> None:
        if self._quiet or row < 0:
            return
        tags = self.tag_models[side].tags()
        if not 0 <= row < len(tags):
            return
        tag = tags[row]
        self._cleared = False
        self.session.current_tag = tag.id
        other = self.tag_views[1 - side]
        other.selectionModel().clearSelection()
        self._update_status()
        self.jumpTo.emit(tag.start, tag.end, tag.id)

    def _step(self, delta: int) -> bool:
        self._cleared = False
        if not self.session.step(delta):
            self.status.setText(
                _tr("No more disagreements this way.") if self.model.rowCount() else self._summary()
            )
            return False
        self._select_row(self.session.current)
        return True

    # -- decisions -------------------------------------------------------------------------------
    def _decide(self, status: ReviewStatus, reason: str | None) -> bool:
        ann = self.current_annotation()
        if ann is None or not (self.reviewer or self.ask_name()):
            return False
        if not record_decision(self, self.project, self.undo_stack, ann, (status, self.reviewer, reason)):
            return False
        self._advance()
        return True

    def _advance(self) -> None:
        """After a decision: the next undecided tag of this disagreement, else the next open one."""
        if self.current_disagreement() is None:
            return
        following = self.session.next_after_decision([t.id for side in self.tag_models for t in side.tags()])
        if isinstance(following, str):
            self.session.current_tag = following
            self._show_tags()
            tag = self._tags[following]
            self.jumpTo.emit(tag.start, tag.end, tag.id)
        elif following is not None:
            self.session.current_tag = None
            self._select_row(following)
        self._update_status()

    # -- status ----------------------------------------------------------------------------------
    def _summary(self) -> str:
        return summary(self.session, self.open_document)

    def _update_status(self) -> None:
        self.status.setText(status_line(self.session, self.open_document))

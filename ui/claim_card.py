"""One card, opened in the Claims pane: what it says, who said it, its tags (Enter jumps to one) and votes,
and its verdict history (every annotator's verdict, the final one, withdrawn ones greyed)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from factcheck.core.card_members import dormant_text
from factcheck.core.claims import Verdict, VerdictScale
from factcheck.core.names import shown
from factcheck.services.claim_edits import CardDetail, CardTag
from ui.colors import swatch
from ui.dates import full_time, short_time
from ui.row_table import RowTableModel, setup_table
from ui.tag_text import one_line


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClaimCard", text)


_GONE = QColor("#888888")
RELATION_TITLES = {"claim": "on the card", "denies": "denies it", "characterizes": "characterizes it",
                   "same_claim": "same claim"}  # fmt: skip


_VOTE_COUNTS = {"yes": "{n} yes", "no": "{n} no", "unsure": "{n} unsure"}


class CardTagsModel(RowTableModel):
    COLUMNS = ("Document", "Tag", "Quote", "By")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CardTag] = []

    def set_tags(self, tags: tuple[CardTag, ...]) -> None:
        self.beginResetModel()
        self._rows = list(tags)
        self.endResetModel()

    def tag(self, row: int) -> CardTag | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cell(self, tag: CardTag, col: int, role: int) -> object:
        ann = tag.annotation
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return one_line(tag.document_title, 40)
            if col == 1:
                gone = _tr("(deleted)") if tag.document_id else _tr("(removed with its document or label)")
                label = ann.label if ann else gone
                return (
                    label
                    if tag.relation == "claim"
                    else f"{label} — {_tr(RELATION_TITLES.get(tag.relation, tag.relation))}"
                )
            if col == 2:
                if ann is not None and tag.dormant:
                    return _tr(dormant_text(one_line(ann.quote, 140), ann.label))
                return one_line(ann.quote, 160) if ann else ""
            if col == 3:
                return ann.annotator if ann else tag.attached_by
        if role == Qt.ItemDataRole.ToolTipRole and ann is not None:
            who = _tr("{label} by {annotator}; put on the card by {attacher}").format(
                label=ann.label, annotator=ann.annotator, attacher=tag.attached_by
            )
            if tag.dormant:
                who += "\n" + _tr(
                    "Relabelled since: on the card, but not one of its claim tags (it is not exported as "
                    "the claim). Relabel it back, or undo, to bring it back."
                )
            return f"{ann.quote}\n\n{who}"
        if role == Qt.ItemDataRole.ForegroundRole and (ann is None or tag.dormant):
            return _GONE
        return None


class VerdictHistoryModel(RowTableModel):
    COLUMNS = ("When", "Annotator", "Verdict", "Explanation", "Evidence")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Verdict] = []
        self._colors: dict[str, str] = {}

    def set_verdicts(self, verdicts: tuple[Verdict, ...], scale: VerdictScale) -> None:
        self.beginResetModel()
        self._rows = list(verdicts)
        self._colors = {e.name: e.color for e in scale.entries}
        self.endResetModel()

    def entry(self, row: int) -> Verdict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cell(self, v: Verdict, col: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return short_time(v.updated_at)
            if col == 1:
                return _tr("{annotator} (final)").format(annotator=v.annotator) if v.final else v.annotator
            if col == 2:
                return _tr("{verdict} — withdrawn").format(verdict=v.verdict) if v.deleted_at else v.verdict
            if col == 3:
                return one_line(v.explanation, 200)
            if col == 4:
                return ", ".join(e.title or e.url for e in v.evidence)
        if role == Qt.ItemDataRole.DecorationRole and col == 2 and v.verdict in self._colors:
            return swatch(self._colors[v.verdict])
        if role == Qt.ItemDataRole.FontRole and v.final and not v.deleted_at:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and v.deleted_at:
            return _GONE
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{v.annotator}: {v.verdict} ({full_time(v.updated_at)})", v.explanation]
            lines += [f"{e.title} <{e.url}>" if e.title else e.url for e in v.evidence]
            if v.final and v.review_url:
                lines.append(_tr("Review: {url}").format(url=v.review_url))
            return "\n".join(line for line in lines if line)
        return None


def _table(model: RowTableModel, name: str) -> QTableView:
    view = setup_table(QTableView())
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(model.columnCount() - 2 if name == "cardVerdicts" else 2,
                                QHeaderView.ResizeMode.Stretch)  # fmt: skip
    return view


class ElidedLines(QLabel):
    """Plain lines, each cut with "…" to the label's width (no wrapping: the card's tables keep the room);
    the tooltip holds them whole."""

    def __init__(self, bold: bool = False) -> None:
        super().__init__()
        self._lines: list[str] = []
        self.setTextFormat(Qt.TextFormat.PlainText)
        if bold:
            font = self.font()
            font.setBold(True)
            self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_lines(self, lines: list[str], tooltip: str = "") -> None:
        self._lines = lines
        self.setToolTip(tooltip or "\n".join(lines))
        self._elide()

    def lines(self) -> list[str]:
        return list(self._lines)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width() - 4, 40)
        metrics = self.fontMetrics()
        self.setText(
            "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in self._lines)
        )
        self.setFixedHeight(metrics.lineSpacing() * max(len(self._lines), 1) + 4)


class CardView(QWidget):
    """The opened card. `jumpTo(annotation id, document id)`: Enter (or a double click) on a tag."""

    jumpTo = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: CardDetail | None = None
        self.title = ElidedLines(bold=True)
        self.title.setObjectName("cardTitle")
        self.header = ElidedLines()
        self.header.setObjectName("cardHeader")
        self.votes = ElidedLines()
        self.votes.setObjectName("cardVotes")
        self.tags_model = CardTagsModel(self)
        self.tags_view = _table(self.tags_model, "cardTags")
        self.tags_view.activated.connect(self._activated)
        self.verdicts_model = VerdictHistoryModel(self)
        self.verdicts_view = _table(self.verdicts_model, "cardVerdicts")
        tags_title = QLabel(_tr("T&ags (Enter: go to the tag)"))
        tags_title.setBuddy(self.tags_view)
        history_title = QLabel(_tr("His&tory of verdicts"))
        history_title.setBuddy(self.verdicts_view)
        split = QSplitter(Qt.Orientation.Vertical)
        for title, view in ((tags_title, self.tags_view), (history_title, self.verdicts_view)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(title)
            box_layout.addWidget(view)
            split.addWidget(box)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.header)
        layout.addWidget(self.votes)
        layout.addWidget(split, 1)
        self.show_card(None, VerdictScale(()))

    def show_card(self, detail: CardDetail | None, scale: VerdictScale) -> None:
        self.detail = detail
        if detail is None:
            self.title.set_lines([_tr("No card open")])
            self.header.set_lines([_tr("Choose one in the list (Enter: its tags).")])
            self.votes.set_lines([])
            self.tags_model.set_tags(())
            self.verdicts_model.set_verdicts((), scale)
            return
        row = detail.row
        facts = [shown(row.speaker_name) or _tr("speaker unknown")]
        if row.claim_date:
            facts.append(_tr("said {date}").format(date=row.claim_date))
        facts += [_tr(row.status), _tr("card by {annotator}").format(annotator=row.annotator)]
        if row.final_verdict:
            final = _tr("final verdict: {verdict} (by {reviewer})")
            facts.append(final.format(verdict=row.final_verdict, reviewer=row.final_by))
        where = [*detail.sources, *detail.card.appearances]
        lines = [" · ".join(facts)]
        if row.no_claim_tag and not row.dormant_ids:  # every tag on it went with a removed document or label
            lines.insert(
                0,
                _tr(
                    "No claim tag: add one (its tags went with a removed document or label; it cannot be "
                    "published)"
                ),
            )
        elif row.no_claim_tag:  # every tag on it relabelled since
            lines.insert(
                0, _tr("No claim tag: add one (its tags were relabelled since; it cannot be published)")
            )
        if where:
            lines.append(_tr("Appeared in: {places}").format(places=", ".join(where)))
        self.title.set_lines([one_line(row.text, 500)], row.text)
        self.header.set_lines(lines, "\n".join([lines[0], *where]))
        counts, each = votes_summary(detail)
        self.votes.set_lines([counts], "\n".join(each))
        self.tags_model.set_tags(detail.tags)
        self.verdicts_model.set_verdicts(detail.verdicts, scale)

    def _activated(self, index: QModelIndex) -> None:
        tag = self.tags_model.tag(index.row())
        if tag is not None and tag.annotation is not None:
            self.jumpTo.emit(tag.annotation_id, tag.document_id)

    def current_tag(self) -> CardTag | None:
        return self.tags_model.tag(self.tags_view.currentIndex().row())


def votes_summary(detail: CardDetail) -> tuple[str, list[str]]:
    """("Check-worthy: 2 yes, 1 no — alice: yes; bob: no; …", each vote with its reason)."""
    if not detail.votes:
        return _tr("Check-worthy: no votes yet (Y yes, N no, U unsure)"), []
    counts = {value: sum(v.value == value for v in detail.votes) for value in _VOTE_COUNTS}
    total = ", ".join(_tr(_VOTE_COUNTS[value]).format(n=n) for value, n in counts.items() if n)
    each = [_vote_text(v.annotator, v.value, v.reason) for v in detail.votes]
    return _tr("Check-worthy: {counts} — {votes}").format(counts=total, votes="; ".join(each)), each


def _vote_text(annotator: str, value: str, reason: str) -> str:
    if reason:
        return _tr("{annotator}: {vote} ({reason})").format(
            annotator=annotator, vote=_tr(value), reason=reason
        )
    return _tr("{annotator}: {vote}").format(annotator=annotator, vote=_tr(value))

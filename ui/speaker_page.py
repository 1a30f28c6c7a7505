"""A speaker's page: who they are, how the articles name them, and everything they were tagged saying.

Shown in the Speakers dialog beside the list. Its sections, top to bottom: the header (name, kind,
description, same_as links), "Named as" (the words of the source tags naming them, with counts), "Said"
(every content tag attributed to them, across documents: double-click or Enter opens the document at the
tag), then any section another part of the window adds with ``add_section`` (claim cards, a verdict
tally), each told of the speaker shown through its ``show_speaker(speaker_id | None)``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from typing import Protocol, cast

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHeaderView, QLabel, QScrollArea, QTableView, QVBoxLayout, QWidget

from factcheck.core.model import Annotation
from factcheck.core.names import shown
from factcheck.core.speaker_fields import shown_description, shown_url, url_problem
from factcheck.core.speakers import Speaker
from ui.row_table import RowTableModel, setup_table
from ui.tag_text import one_line

# Translated by RowTableModel.headerData (in the context "SaidModel").
SAID_COLUMNS = ("Document", "Label", "Words", "Cue", "Quotation", "Annotator")


def _tr(text: str) -> str:
    return QCoreApplication.translate("SpeakerPage", text)


def kind_text(kind: str) -> str:
    """A speaker's kind as shown (the stored value is the English word)."""
    if kind == "person":
        return _tr("person")
    if kind == "organization":
        return _tr("organization")
    return kind


def quotation_word(value: str | None) -> str:
    """A tag's quotation as shown in a table cell (stored as "direct" / "indirect")."""
    if value == "direct":
        return _tr("direct")
    if value == "indirect":
        return _tr("indirect")
    return value or ""


def plain_tooltip(text: str) -> str:
    """text as a tooltip that shows it as it is (Qt reads a tooltip that looks like HTML as HTML)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def same_as_html(url: str) -> str:
    """A same-as entry in a rich-text label: a link only when it is a web address (the rules of
    core.speaker_fields); any other entry, kept from before them, is plain escaped text."""
    if url_problem(url) is None:
        return f"<a href='{html.escape(url)}'>{html.escape(url)}</a>"
    note = html.escape(_tr("not a web address: fix it with Edit"))
    return f"{html.escape(shown_url(url))} <span style='color:#888888'>({note})</span>"


def open_address(url: str) -> bool:
    """Open a same-as address in the browser, only when it is a web address (a label's link could be
    anything its HTML said): whether it was opened."""
    address = QUrl(url, QUrl.ParsingMode.StrictMode)
    if url_problem(url) is not None or not address.isValid() or address.scheme() not in ("http", "https"):
        return False
    return QDesktopServices.openUrl(address)


class SpeakerSection(Protocol):
    """What a section added to the page does: shows what it has for a speaker (None: no speaker)."""

    def show_speaker(self, speaker_id: str | None) -> None: ...


class SaidModel(RowTableModel):
    """One row per content tag attributed to the speaker: (document title, tag, cue words)."""

    COLUMNS = SAID_COLUMNS

    def set_rows(self, rows: list[tuple[str, Annotation, str]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, n: int) -> tuple[str, Annotation, str]:
        return self._rows[n]  # type: ignore[no-any-return]

    def cell(self, row: tuple[str, Annotation, str], column: int, role: int) -> object:
        title, tag, cue = row
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                one_line(title, 40),
                tag.label,
                one_line(tag.quote, 100),
                cue,
                quotation_word(tag.quotation),
                tag.annotator,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{title}\n{one_line(tag.quote, 400)}"
        return None


class SpeakerPage(QWidget):
    """See the module docstring. ``load(speaker_id)`` reads what it shows through ``tags_of`` (the
    project's speaker_tags) and ``titles`` (document id -> title)."""

    openTag = Signal(str, str)  # document id, tag id

    def __init__(
        self,
        speakers: Callable[[], dict[str, Speaker]],
        tags_of: Callable[[str], list[Annotation]],
        titles: Callable[[], dict[str, str]],
        role_of: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("speakerPage")
        self._speakers = speakers
        self._tags_of = tags_of
        self._titles = titles
        self._role_of = role_of
        self.speaker_id: str | None = None
        self.header = QLabel()
        self.header.setObjectName("speakerHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        # Not setOpenExternalLinks: each address is checked again before anything is opened.
        self.header.linkActivated.connect(open_address)
        self.named_as = QLabel()
        self.named_as.setWordWrap(True)
        self.said_title = QLabel(_tr("<b>Said</b>"))
        self.said_model = SaidModel(self)
        self.said = setup_table(QTableView())
        self.said.setObjectName("speakerSaid")
        self.said.setAccessibleName(_tr("Said"))
        self.said.setTabKeyNavigation(False)  # arrows move between cells; Tab goes on
        self.said.setModel(self.said_model)
        header = self.said.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.said.activated.connect(self._open)
        self.said.doubleClicked.connect(self._open)
        # The place for more sections (claim cards, a verdict tally), below what they said.
        self.sections = QVBoxLayout()
        self.sections.setContentsMargins(0, 0, 0, 0)
        self._sections: list[SpeakerSection] = []
        self._tab_last: QWidget = self.said  # the last control of the page in Tab order

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.header)
        layout.addWidget(self.named_as)
        layout.addWidget(self.said_title)
        layout.addWidget(self.said, 1)
        layout.addLayout(self.sections)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the tables inside; it follows them
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.load(None)

    def add_section(self, title: str, widget: QWidget) -> None:
        """Add a section under "Said" (a title, then the widget); a widget with ``show_speaker`` is told
        of every speaker shown."""
        label = QLabel(f"<b>{html.escape(title)}</b>")
        self.sections.addWidget(label)
        self.sections.addWidget(widget)
        # A section added later would come last in its window's Tab order (after the Close button):
        # its controls follow the page's instead.
        for child in (widget, *widget.findChildren(QWidget)):
            if child.focusPolicy().value & Qt.FocusPolicy.TabFocus.value:
                QWidget.setTabOrder(self._tab_last, child)
                self._tab_last = child
        if hasattr(widget, "show_speaker"):
            section = cast(SpeakerSection, widget)
            self._sections.append(section)
            section.show_speaker(self.speaker_id)

    def load(self, speaker_id: str | None) -> None:
        self.speaker_id = speaker_id
        speakers = self._speakers()
        speaker = speakers.get(speaker_id) if speaker_id is not None else None
        for section in self._sections:
            section.show_speaker(speaker_id if speaker is not None else None)
        if speaker is None:
            self.header.setText(_tr("<i>Choose a speaker in the list.</i>"))
            self.named_as.setText("")
            self.said_model.set_rows([])
            self.said_title.setText(_tr("<b>Said</b>"))
            return
        self.header.setText(self._header_html(speaker, speakers))
        tags = self._tags_of(speaker.id)
        by_id = {t.id: t for t in tags}
        sources = [t for t in tags if self._role_of(t.label) == "source"]
        names = Counter(" ".join(t.quote.split()) for t in sources)
        self.named_as.setText(
            _tr("<b>Named as</b>: {names}").format(
                names=_tr(", ").join(
                    _tr("“{name}” ×{n}").format(name=html.escape(n), n=c) for n, c in names.most_common()
                )
            )
            if names
            else _tr("<b>Named as</b>: no source tag names them yet.")
        )
        titles = self._titles()
        said = [t for t in tags if self._role_of(t.label) == "content"]
        said.sort(key=lambda t: (titles.get(t.document_id, ""), t.document_id, t.start))
        rows = []
        for t in said:
            cue = by_id.get(t.cue or "")
            rows.append(
                (titles.get(t.document_id, "?"), t, one_line(cue.quote, 30) if cue is not None else "")
            )
        self.said_model.set_rows(rows)
        documents = len({t.document_id for t in said})
        self.said_title.setText(
            _tr("<b>Said</b>: {tags} in {documents} (Enter or double-click opens one)").format(
                tags=_tr("1 tag") if len(said) == 1 else _tr("{n} tags").format(n=len(said)),
                documents=_tr("1 document") if documents == 1 else _tr("{n} documents").format(n=documents),
            )
        )

    @staticmethod
    def _header_html(speaker: Speaker, speakers: dict[str, Speaker]) -> str:
        parts = [
            f"<h2 style='margin:0'>{html.escape(shown(speaker.name))}</h2>",
            f"<i>{kind_text(speaker.kind)}</i>",
        ]
        if speaker.description:
            parts.append(html.escape(shown_description(speaker.description)).replace("\n", "<br>"))
        if speaker.same_as:
            links = " · ".join(same_as_html(u) for u in speaker.same_as)
            parts.append(_tr("Same as: {links}").format(links=links))
        merged = sorted(shown(s.name) for s in speakers.values() if s.merged_into == speaker.id)
        if merged:
            parts.append(
                _tr("Merged here: {names}").format(names=_tr(", ").join(html.escape(n) for n in merged))
            )
        if speaker.merged_into is not None:
            into = speakers.get(speaker.merged_into)
            parts.append(
                _tr("Merged into {name}: their tags count there.").format(
                    name=html.escape(shown(into.name) if into else "?")
                )
            )
        return "<br>".join(parts)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            _title, tag, _cue = self.said_model.row(index.row())
            self.openTag.emit(tag.document_id, tag.id)

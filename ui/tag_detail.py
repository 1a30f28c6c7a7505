"""The current tag's detail (a dock beside the tag table): its pieces, attribution, speaker and links.

A view of the window's ``OpenDocument``, refreshed from its events (tags, links) and from the window's
current tag; it keeps no copy. What it shows depends on the tag's role:
- a content tag: its source (with the speaker), its cue and the quotation (a box: direct, indirect or not
  recorded; Q cycles it from the article);
- a source tag: its speaker (W names it) and the content tags it introduces; a cue tag: those too;
- every tag: its links, one per line ("→ denies “…”", "← same_claim from “…”"). In the list, Enter
  follows the link (the article jumps to the other end; Alt+Left comes back) and Delete deletes it.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factcheck.core.fragments import pieces
from factcheck.core.links import Link
from factcheck.core.model import Annotation, Quotation
from factcheck.core.names import shown
from factcheck.core.open_document import OpenDocument, TagChange
from factcheck.core.speakers import Speaker
from ui.attribution import QUOTATION_CYCLE, quotation_text
from ui.links_keys import link_text
from ui.tag_text import quotable

LinkRole = Qt.ItemDataRole.UserRole + 1
TagRole = Qt.ItemDataRole.UserRole + 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("TagDetail", text)


class TagDetail(QWidget):
    followRequested = Signal(object)  # Link
    deleteRequested = Signal(object)  # Link
    jumpRequested = Signal(str)  # a tag id (a content tag a source introduces)
    quotationChosen = Signal(object)  # Quotation | None, chosen in the box

    def __init__(
        self,
        open_document: OpenDocument,
        role_of: Callable[[Annotation], str],
        speaker_of: Callable[[str | None], Speaker | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tagDetail")
        self.doc = open_document
        self._role_of = role_of
        self._speaker_of = speaker_of
        self.tag_id: str | None = None

        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.quote = QLabel()
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.source = QLabel()
        self.cue = QLabel()
        self.speaker = QLabel()
        for label in (self.source, self.cue, self.speaker):
            label.setWordWrap(True)
        self.quotation = QComboBox()
        self.quotation.setObjectName("quotationBox")
        for value in QUOTATION_CYCLE:
            self.quotation.addItem(quotation_text(value), value)
        self.quotation.activated.connect(lambda i: self.quotationChosen.emit(self.quotation.itemData(i)))
        self.form.addRow(_tr("Source:"), self.source)
        self.form.addRow(_tr("Cue:"), self.cue)
        self.form.addRow(_tr("Quotation:"), self.quotation)
        self.form.addRow(_tr("Speaker:"), self.speaker)
        self.links_title = QLabel(_tr("Links"))
        self.links_title.setObjectName("detailSection")
        self.links = QListWidget()
        self.links.setObjectName("detailLinks")
        self.links.setMinimumHeight(48)
        self.links.setWordWrap(True)
        self.links.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.links.itemActivated.connect(self._activated)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("detailHint")
        self.hint.setStyleSheet("color: palette(mid);")
        self.delete_action = delete = QAction(_tr("Delete link"), self.links)
        delete.setShortcut(QKeySequence("Delete"))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.setProperty("helpName", _tr("Tag detail: delete the selected link"))  # its row in Help
        delete.triggered.connect(self._delete_selected)
        self.links.addAction(delete)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.quote)
        layout.addLayout(self.form)
        layout.addWidget(self.links_title)
        layout.addWidget(self.links, 1)
        layout.addWidget(self.hint)

        tags, links = open_document.tags.events, open_document.links.events
        unsubscribe = [
            open_document.events.opened.connect(lambda _doc: self.show_tag(None)),
            tags.changed.connect(self._on_tag_changed),
            tags.reset.connect(lambda _: self.refresh()),
            links.changed.connect(lambda _c: self.refresh()),
            links.reset.connect(lambda _: self.refresh()),
        ]
        self.destroyed.connect(lambda *_: [off() for off in unsubscribe])
        self.show_tag(None)

    # -- following ---------------------------------------------------------------------------------------
    def show_tag(self, tag_id: str | None) -> None:
        self.tag_id = tag_id
        self.refresh()

    def _on_tag_changed(self, change: TagChange) -> None:
        tag = self.doc.tags.get(self.tag_id)
        ids = {self.tag_id}
        if tag is not None:
            ids |= {tag.source, tag.cue}
        if change.tag_id in ids or (
            change.after is not None and self.tag_id in (change.after.source, change.after.cue)
        ):
            self.refresh()

    # -- showing -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        tag = self.doc.tags.get(self.tag_id)
        self.links.clear()
        if tag is None:
            self.title.setText(_tr("<b>No tag</b>"))
            self.quote.setText(_tr("Click a tag or Tab to it: its attribution and links show here."))
            for row in range(self.form.rowCount()):
                self.form.setRowVisible(row, False)
            self.links_title.hide()
            self.links.hide()
            self.hint.setText("")
            return
        role = self._role_of(tag)
        parts = pieces(tag)
        text = self.doc.text
        title = (
            _tr("<b>{label}</b> · {annotator} · {n} pieces")
            if len(parts) > 1
            else _tr("<b>{label}</b> · {annotator}")
        )
        # Rich text: a label or name holding < or & is shown as typed, not read as markup.
        self.title.setText(
            title.format(
                label=html.escape(tag.label), annotator=html.escape(shown(tag.annotator)), n=len(parts)
            )
        )
        self.quote.setText(" … ".join(f"“{quotable(text[s:e], 200)}”" for s, e in parts))
        content = role == "content"
        self.form.setRowVisible(0, content)
        self.form.setRowVisible(1, content)
        self.form.setRowVisible(2, content)
        self.form.setRowVisible(3, role == "source")
        if content:
            self.source.setText(self._end_text(tag.source, "source", _tr("none (S attaches the nearest)")))
            self.cue.setText(self._end_text(tag.cue, "cue", _tr("none (C attaches the nearest)")))
            self.quotation.setCurrentIndex(QUOTATION_CYCLE.index(tag.quotation))
        if role == "source":
            speaker = self._speaker_of(tag.speaker)
            self.speaker.setText(
                shown(speaker.name) if speaker is not None else _tr("not named (W names it)")
            )
        self.links_title.show()
        self.links.show()
        for link in self.doc.links.of(tag.id):
            other = self.doc.tags.get(link.to_id if link.from_id == tag.id else link.from_id)
            item = QListWidgetItem(link_text(link, tag.id, other))
            item.setData(LinkRole, link)
            self.links.addItem(item)
        introduced = self._introduced(tag) if role in ("source", "cue") else []
        for t in introduced:
            item = QListWidgetItem(
                _tr("⇢ introduces {label} “{quote}”").format(label=t.label, quote=quotable(t.quote, 50))
            )
            item.setData(TagRole, t.id)
            self.links.addItem(item)
        count = self.links.count()
        self.links_title.setText(
            _tr("<b>Links</b> ({n})").format(n=count) if count else _tr("<b>Links</b>: none")
        )
        if content:
            hint = _tr(
                "L links · F follows · Shift+L deletes · here: Enter follows, Delete deletes · "
                "S/C attach source/cue · Q quotation"
            )
        elif role == "source":
            hint = _tr(
                "L links · F follows · Shift+L deletes · here: Enter follows, Delete deletes · "
                "W names the speaker"
            )
        else:
            hint = _tr("L links · F follows · Shift+L deletes · here: Enter follows, Delete deletes")
        self.hint.setText(hint)

    def _end_text(self, tag_id: str | None, role: str, none: str) -> str:
        if tag_id is None:
            return none
        other = self.doc.tags.get(tag_id)
        if other is None:
            return _tr("a tag deleted since (attach another)")
        if self._role_of(other) != role:  # dormant (core.attribution): relabelling it back revives it
            return _tr("“{quote}”, a {label} tag since (attach another)").format(
                quote=quotable(other.quote, 40), label=other.label
            )
        speaker = self._speaker_of(other.speaker) if other.speaker else None
        quote = quotable(other.quote, 50)
        if speaker is not None:
            return _tr("“{quote}” — {speaker}").format(quote=quote, speaker=shown(speaker.name))
        return _tr("“{quote}”").format(quote=quote)

    def _introduced(self, tag: Annotation) -> list[Annotation]:
        found = [t for t in self.doc.tags if t.source == tag.id or t.cue == tag.id]
        return sorted(found, key=lambda t: (t.start, t.id))

    # -- acting ------------------------------------------------------------------------------------------
    def selected_link(self) -> Link | None:
        item = self.links.currentItem()
        value = item.data(LinkRole) if item is not None else None
        return value if isinstance(value, Link) else None

    def _activated(self, item: QListWidgetItem) -> None:
        link = item.data(LinkRole)
        if isinstance(link, Link):
            self.followRequested.emit(link)
        elif isinstance(item.data(TagRole), str):
            self.jumpRequested.emit(item.data(TagRole))

    def _delete_selected(self) -> None:
        link = self.selected_link()
        if link is not None:
            self.deleteRequested.emit(link)


def quotation_value(value: object) -> Quotation | None:
    if value == "direct":
        return "direct"
    return "indirect" if value == "indirect" else None

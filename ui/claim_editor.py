"""The card editor: the claim as checked, its speaker, when it was said and where it appeared.

The text is one plain sentence stating the claim (not its negation); ClaimReview wants it short, so a
counter turns red past 75 characters, as advice only. The speaker is typed with completion over the
project's speakers; a name no speaker has is returned as a new speaker for the caller to create. The
documents the card's tags are in are appearances already (listed, not editable); more URLs go one a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from factcheck.core.speakers import name_key, name_problem
from ui import modal
from ui.name_completer import NameCompleter
from ui.scale_dialog import is_web_address
from ui.tag_text import one_line, quotable
from ui.typed_text import TypedTextGuard, ctrl_enter_accepts


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClaimEditor", text)


#: ClaimReview's advice for claimReviewed: short enough to show whole in search results.
ADVISED_CHARS = 75

_OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


@dataclass(frozen=True)
class CardFields:
    """What the editor returns."""

    text: str
    speaker_id: str | None
    new_speaker: str | None  # a typed name no speaker has: the caller creates that speaker
    claim_date: str | None  # YYYY-MM-DD
    appearances: tuple[str, ...]  # URLs added by hand (the documents' sources are not among them)


def valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


class ClaimEditor(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str | None = None,  # None: "Claim card"
        text: str = "",
        speakers: Sequence[tuple[str, str]] = (),  # (id, name) of the project's speakers
        aliases: Sequence[tuple[str, str]] = (),  # (id, name): a merged speaker's name, the id it stands for
        speaker_id: str | None = None,
        claim_date: str | None = None,
        document_sources: Sequence[str] = (),
        appearances: Sequence[str] = (),
        quote: str = "",
        dormant: Sequence[str] = (),  # the card's dormant members, as `dormant_text` says them
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Claim card") if title is None else title)
        self._speakers = list(speakers)
        # A merged speaker's name is the speaker it was merged into (a live speaker's own name first).
        self._by_name = {name_key(name): sid for sid, name in [*aliases, *speakers]}
        self.text_edit = QLineEdit(text)
        self.text_edit.setObjectName("claimText")
        self.text_edit.setPlaceholderText(_tr("The claim as checked, in one plain sentence"))
        self.counter = QLabel()
        self.counter.setObjectName("claimCounter")
        self.counter.setMinimumWidth(self.fontMetrics().horizontalAdvance("9999/75") + 8)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.text_edit.textChanged.connect(self._count)
        text_row = QHBoxLayout()
        text_row.addWidget(self.text_edit, 1)
        text_row.addWidget(self.counter)

        self.speaker_edit = QLineEdit(next((n for sid, n in speakers if sid == speaker_id), ""))
        self.speaker_edit.setObjectName("claimSpeaker")
        self.speaker_edit.setPlaceholderText(_tr("Who said it (type to complete; a new name adds a speaker)"))
        # Matching as names compare: "O'B" finds "O’Brien" (`ui.name_completer`).
        self.speaker_edit.setCompleter(NameCompleter([name for _sid, name in speakers], self))
        self.speaker_note = QLabel()
        self.speaker_note.setObjectName("speakerNote")
        self.speaker_edit.textChanged.connect(self._speaker_typed)

        self.date_edit = QLineEdit(claim_date or "")
        self.date_edit.setObjectName("claimDate")
        self.date_edit.setPlaceholderText(_tr("YYYY-MM-DD (when it was said; may stay empty)"))
        self.date_edit.setInputMask("")
        self.sources = QLabel("\n".join(one_line(s, 90) for s in document_sources) or _tr("(none yet)"))
        self.sources.setObjectName("documentSources")
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.urls_edit = QPlainTextEdit("\n".join(appearances))
        self.urls_edit.setObjectName("claimUrls")
        self.urls_edit.setPlaceholderText(_tr("More places it appeared: one URL a line"))
        self.urls_edit.setTabChangesFocus(True)
        self.urls_edit.setFixedHeight(self.fontMetrics().height() * 5)
        self.error = QLabel()
        self.error.setObjectName("claimError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if quote:
            said = QLabel(_tr("Tagged: “{quote}”").format(quote=quotable(quote, 160)))
            said.setWordWrap(True)
            form.addRow(said)
        if dormant:  # tags on the card relabelled since: shown, greyed, as the Claims pane shows them
            self.dormant = QLabel(
                "\n".join([_tr("On the card, relabelled since (not its claim tags now):"), *dormant])
            )
            self.dormant.setObjectName("dormantTags")
            self.dormant.setWordWrap(True)
            self.dormant.setStyleSheet("color: #666666")
            form.addRow(self.dormant)
        claim_label = QLabel(_tr("&Claim:"))  # a row of two widgets: the label needs its buddy said
        claim_label.setBuddy(self.text_edit)
        form.addRow(claim_label, text_row)
        form.addRow(_tr("&Speaker:"), self.speaker_edit)
        form.addRow("", self.speaker_note)
        form.addRow(_tr("&Date said:"), self.date_edit)
        form.addRow(_tr("In documents:"), self.sources)
        form.addRow(_tr("More &URLs:"), self.urls_edit)
        form.addRow(self.error)
        form.addRow(buttons)
        self._count()
        self._speaker_typed()
        self.resize(600, self.sizeHint().height())
        self.text_edit.setFocus()
        self.text_edit.selectAll()
        self._typed = TypedTextGuard(
            self, [self.text_edit, self.speaker_edit, self.date_edit, self.urls_edit]
        )
        ctrl_enter_accepts(self, self.urls_edit)

    def reject(self) -> None:
        """Esc, Cancel or the close button: typed text is not dropped without asking."""
        if self._typed.may_close():
            super().reject()

    def _count(self) -> None:
        n = len(self.text_edit.text().strip())
        over = n > ADVISED_CHARS
        self.counter.setText(f"{n}/{ADVISED_CHARS}")
        self.counter.setStyleSheet("color: #b00020; font-weight: bold" if over else "color: palette(mid)")
        self.counter.setToolTip(
            _tr("Longer than ClaimReview advises (75 characters): consider shortening it") if over
            else _tr("ClaimReview advises at most 75 characters")
        )  # fmt: skip

    def _speaker_typed(self) -> None:
        name = " ".join(self.speaker_edit.text().split())
        if name and name_key(name) not in self._by_name:
            self.speaker_note.setText(
                _tr("New speaker: “{name}” will be added to the project").format(name=name)
            )
        else:
            self.speaker_note.setText("")

    def problem(self) -> str | None:
        if not self.text_edit.text().strip():
            return _tr("Type the claim as checked: one plain sentence.")
        date = self.date_edit.text().strip()
        if date and not valid_date(date):
            return _tr("“{date}” is not a date: type it as YYYY-MM-DD, or leave it empty.").format(date=date)
        name = self.fields().new_speaker
        if name is not None and (why := name_problem(name)):
            return _tr("The speaker cannot be saved: {why}.").format(why=why)
        for url in self._urls():
            if not is_web_address(url):
                return _tr("“{url}” is not a web address (http:// or https://).").format(url=url)
        return None

    def _urls(self) -> list[str]:
        return list(dict.fromkeys(line.strip() for line in self.urls_edit.toPlainText().splitlines()
                                  if line.strip()))  # fmt: skip

    def fields(self) -> CardFields:
        name = " ".join(self.speaker_edit.text().split())
        speaker_id = self._by_name.get(name_key(name)) if name else None
        return CardFields(
            text=" ".join(self.text_edit.text().split()),
            speaker_id=speaker_id,
            new_speaker=name if name and speaker_id is None else None,
            claim_date=self.date_edit.text().strip() or None,
            appearances=tuple(self._urls()),
        )

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return
        super().accept()


class EditorArgs(TypedDict, total=False):
    title: str
    text: str
    speakers: Sequence[tuple[str, str]]
    aliases: Sequence[tuple[str, str]]
    speaker_id: str | None
    claim_date: str | None
    document_sources: Sequence[str]
    appearances: Sequence[str]
    quote: str
    dormant: Sequence[str]


def edit_card(parent: QWidget | None, **kwargs: Unpack[EditorArgs]) -> CardFields | None:
    """The card as edited (ClaimEditor's keyword arguments), or None if cancelled (a function: tests
    replace it)."""
    dialog = ClaimEditor(parent, **kwargs)
    return dialog.fields() if modal.accepted(dialog) else None

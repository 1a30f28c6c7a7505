"""A verdict on a card (an annotator's, or the reviewer's final one) and a check-worthiness reason.

The verdict is a step of the project's scale, with an explanation and evidence links, one a line as
"URL Title" (the title is optional). The final verdict also has where the review is published and when.
The dialogs return what was typed; the caller stores it as one undoable step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui import modal
from ui.claim_editor import valid_date
from ui.colors import swatch
from ui.scale_dialog import Step, is_web_address
from ui.tag_text import one_line, quotable
from ui.typed_text import TypedTextGuard, ctrl_enter_accepts


def _tr(text: str) -> str:
    return QCoreApplication.translate("VerdictDialog", text)


_OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


@dataclass(frozen=True)
class VerdictFields:
    verdict: str
    explanation: str
    evidence: tuple[tuple[str, str], ...]  # (url, title)
    review_url: str = ""
    date_published: str = ""


def evidence_lines(evidence: Sequence[tuple[str, str]]) -> str:
    return "\n".join(f"{url} {title}".rstrip() for url, title in evidence)


def parse_evidence(text: str) -> tuple[list[tuple[str, str]], str | None]:
    """(url, title) pairs from "URL Title" lines, and the first problem (None when all are fine)."""
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        url, _, title = line.partition(" ")
        if not is_web_address(url):
            return (
                pairs,
                _tr("Evidence “{line}” must start with a web address (http:// or https://).").format(
                    line=one_line(line, 60)
                ),
            )
        pairs.append((url, " ".join(title.split())))
    return pairs, None


class VerdictDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        claim_text: str,
        scale: Sequence[Step],
        current: VerdictFields | None,
        final: bool,
        others: Sequence[tuple[str, str]] = (),  # (annotator, verdict) already given: for the reviewer
    ) -> None:
        super().__init__(parent)
        self.final = final
        self.setWindowTitle(_tr("Final verdict") if final else _tr("Your verdict"))
        self.resize(560, 440)
        self.verdict_box = QComboBox()
        self.verdict_box.setObjectName("verdictBox")
        for name, value, color in scale:
            self.verdict_box.addItem(swatch(color), f"{name}  ({value})", name)
        if current is not None:
            index = self.verdict_box.findData(current.verdict)
            if index >= 0:
                self.verdict_box.setCurrentIndex(index)
        self.explanation = QPlainTextEdit(current.explanation if current else "")
        self.explanation.setObjectName("verdictExplanation")
        self.explanation.setTabChangesFocus(True)
        self.explanation.setPlaceholderText(_tr("Why: what the evidence shows"))
        self.evidence = QPlainTextEdit(evidence_lines(current.evidence) if current else "")
        self.evidence.setObjectName("verdictEvidence")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setPlaceholderText(
            _tr("One link a line: https://example.org/report Title of the source")
        )
        self.review_url = QLineEdit(current.review_url if current else "")
        self.review_url.setPlaceholderText(_tr("Where the review is published (https://…); may stay empty"))
        self.date_published = QLineEdit(current.date_published if current else "")
        self.date_published.setPlaceholderText(_tr("YYYY-MM-DD"))
        self.error = QLabel()
        self.error.setObjectName("verdictError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(_OK_CANCEL)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.withdrawn = False
        if current is not None:  # a verdict given before can be taken back
            withdraw = buttons.addButton(_tr("&Withdraw it"), QDialogButtonBox.ButtonRole.DestructiveRole)
            withdraw.setAutoDefault(False)
            withdraw.clicked.connect(self._withdraw)

        form = QFormLayout(self)
        claim = QLabel(_tr("“{claim}”").format(claim=quotable(claim_text, 200)))
        claim.setWordWrap(True)
        form.addRow(claim)
        if others:
            given = ", ".join(f"{who}: {verdict}" for who, verdict in others)
            form.addRow(_tr("Annotators:"), QLabel(one_line(given, 200)))
        form.addRow(_tr("&Verdict:"), self.verdict_box)
        form.addRow(_tr("&Explanation:"), self.explanation)
        form.addRow(_tr("Ev&idence:"), self.evidence)
        if final:
            form.addRow(_tr("&Review URL:"), self.review_url)
            form.addRow(_tr("&Published on:"), self.date_published)
        form.addRow(self.error)
        form.addRow(buttons)
        self.verdict_box.setFocus()
        self._typed = TypedTextGuard(
            self, [self.explanation, self.evidence, self.review_url, self.date_published]
        )
        ctrl_enter_accepts(self, self.explanation, self.evidence)

    def reject(self) -> None:
        """Esc, Cancel or the close button: typed text is not dropped without asking."""
        if self._typed.may_close():
            super().reject()

    def problem(self) -> str | None:
        if self.verdict_box.currentIndex() < 0:
            return _tr("The project's scale has no verdicts: add some under Project > Verdict scale.")
        _pairs, problem = parse_evidence(self.evidence.toPlainText())
        if problem:
            return problem
        if self.final:
            url = self.review_url.text().strip()
            if url and not is_web_address(url):
                return _tr("The review URL must start with http:// or https://")
            date = self.date_published.text().strip()
            if date and not valid_date(date):
                return _tr("“{date}” is not a date: type it as YYYY-MM-DD, or leave it empty.").format(
                    date=date
                )
        return None

    def fields(self) -> VerdictFields:
        pairs, _ = parse_evidence(self.evidence.toPlainText())
        return VerdictFields(
            verdict=str(self.verdict_box.currentData()),
            explanation=self.explanation.toPlainText().strip(),
            evidence=tuple(pairs),
            review_url=self.review_url.text().strip() if self.final else "",
            date_published=self.date_published.text().strip() if self.final else "",
        )

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return
        super().accept()

    def _withdraw(self) -> None:
        self.withdrawn = True
        super().accept()


class Withdraw(Enum):
    """What edit_verdict and ask_vote return when the user takes back their verdict or vote."""

    IT = "withdraw"


WITHDRAW = Withdraw.IT


def edit_verdict(
    parent: QWidget | None,
    *,
    claim_text: str,
    scale: Sequence[Step],
    current: VerdictFields | None,
    final: bool,
    others: Sequence[tuple[str, str]] = (),
) -> VerdictFields | Withdraw | None:
    """The verdict as given, WITHDRAW, or None if cancelled (a function: tests replace it)."""
    dialog = VerdictDialog(parent, claim_text=claim_text, scale=scale, current=current, final=final,
                           others=others)  # fmt: skip
    if not modal.accepted(dialog):
        return None
    return WITHDRAW if dialog.withdrawn else dialog.fields()


VOTE_WORDS = {"yes": "check-worthy", "no": "not check-worthy", "unsure": "unsure whether check-worthy"}


class VoteDialog(QDialog):
    """A check-worthiness vote's reason (optional); "Withdraw" takes back a vote cast before."""

    def __init__(
        self, parent: QWidget | None, claim_text: str, value: str, reason: str, voted: str | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Check-worthiness"))
        self.withdrawn = False
        self.reason = QLineEdit(reason)
        self.reason.setObjectName("voteReason")
        self.reason.setPlaceholderText(_tr("Why (optional): e.g. a number anyone can check"))
        buttons = QDialogButtonBox(_OK_CANCEL)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if voted is not None:
            withdraw = buttons.addButton(
                _tr("&Withdraw my vote"), QDialogButtonBox.ButtonRole.DestructiveRole
            )
            withdraw.setAutoDefault(False)
            withdraw.clicked.connect(self._withdraw)
        form = QFormLayout(self)
        claim = QLabel(_tr("“{claim}”").format(claim=one_line(claim_text, 120)))
        claim.setWordWrap(True)
        form.addRow(claim)
        vote = _tr(VOTE_WORDS.get(value, value))
        if voted is not None and voted != value:
            said = _tr("You vote: {vote} (you said {before} before).").format(vote=vote, before=_tr(voted))
        else:
            said = _tr("You vote: {vote}.").format(vote=vote)
        form.addRow(QLabel(said))
        form.addRow(_tr("&Reason:"), self.reason)
        form.addRow(buttons)
        self.resize(460, self.sizeHint().height())
        self._typed = TypedTextGuard(self, [self.reason])

    def reject(self) -> None:
        """Esc, Cancel or the close button: typed text is not dropped without asking."""
        if self._typed.may_close():
            super().reject()

    def _withdraw(self) -> None:
        self.withdrawn = True
        super().accept()


def ask_vote(
    parent: QWidget | None, claim_text: str, value: str, reason: str, voted: str | None
) -> str | Withdraw | None:
    """The reason for a check-worthiness vote (may be empty), WITHDRAW, or None if cancelled (a
    function: tests replace it)."""
    dialog = VoteDialog(parent, claim_text, value, reason, voted)
    if not modal.accepted(dialog):
        return None
    return WITHDRAW if dialog.withdrawn else " ".join(dialog.reason.text().split())

"""File > Import, Export and Back up: file choosers, the export dialog, the reports at the end.

The work runs as operations of the project (`ProjectModel.import_files/export/backup`) on a worker
thread, with a progress dialog that can cancel (`ui.progress`). Imports are all-or-nothing (one
transaction in `factcheck.services.importing`); exports write a temporary file and rename it; a backup
cancelled is deleted. So cancelling, or any error, leaves nothing half done, and the messages say so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from db.store import default_db_path
from factcheck.core.model import utc_now
from factcheck.core.report import ImportReport
from factcheck.services.exporting_claims import reviews_without_url
from factcheck.services.formats import CLAIM_FORMATS, EXTENSIONS, FORMATS
from ui import modal
from ui.dialogs import confirm_replace, escaped, show_error, show_info
from ui.operations import Busy, Job
from ui.progress import Feedback
from ui.project import ProjectModel
from ui.tag_text import quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportExport", text)


IMPORT_FILTER = (  # shown through _tr
    "Articles and teammates' work (*.txt *.md *.html *.htm *.json *.jsonl *.db *.sqlite *.factcheck *.ann);;"
    "Articles (*.txt *.md *.html *.htm);;"
    "brat standoff, each read with the .txt beside it (*.ann);;"
    "Exports (*.json *.jsonl);;"
    "Databases (*.db *.sqlite *.factcheck);;"
    "All files (*)"
)
FORMAT_NAMES = {  # descriptions shown through _tr; the keys are format names
    "csv": "CSV (spreadsheets)",
    "json": "JSON (factcheck project format)",
    "jsonl": "JSON Lines (one tag per line)",
    "w3c": "W3C Web Annotation (JSON-LD)",
    "brat": "brat standoff (a folder of .txt/.ann)",
    "links-csv": "CSV of links (one row per link)",
    "claimreview": "schema.org ClaimReview (claim cards with a final verdict)",
    "claims-csv": "CSV of claim cards (votes, verdicts, final verdict)",
}
#: The file name an export is offered under, by format (the extension follows the format).
_STEMS = {"brat": "factcheck-brat", "claimreview": "factcheck-claimreview", "claims-csv": "factcheck-claims"}


def choose_import_files(parent: QWidget | None) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(
        parent, _tr("Import articles or teammates' work"), "", _tr(IMPORT_FILTER)
    )
    return list(paths)


def start_import(
    feedback: Feedback,
    project: ProjectModel,
    paths: list[str],
    annotator: str,
    *,
    report: bool = True,
    then: Callable[[ImportReport], None] | None = None,
) -> Job | None:
    """Import paths in one transaction (a worker thread); `then(report)` once stored, and a report
    dialog with the counts. None when there is nothing to import or another operation runs."""
    if not paths:
        return None
    job = _start(feedback, lambda: project.import_files(paths, annotator))
    if job is None:
        return None

    def done(result: object) -> None:
        assert isinstance(result, ImportReport)
        if then is not None:
            then(result)
        if report and feedback.can_show():
            show_info(feedback.parent, _tr("Import finished"), import_message(result))

    return feedback.watch(
        job, done, failed_title=_tr("Import failed"), what_next=_tr("Nothing was imported.")
    )


def _start(feedback: Feedback, start: Callable[[], Job]) -> Job | None:
    """Start an operation; while another runs, say so in the status bar instead."""
    try:
        return start()
    except Busy as exc:
        feedback.status(str(exc))
        return None


MAX_DETAIL_LINES = 12


def import_message(result: ImportReport) -> str:
    """The report's summary, then its conflicts and orphans (the first few; the review panel has all)."""
    message = result.summary()
    if len(result.files) > 1:  # what each file or page brought, in the order given (typed or dropped)
        each = [f"{escaped(part.source)}: {part.summary()}" for part in result.files]
        shown = each[:MAX_DETAIL_LINES]
        message += "\n\n" + "\n".join(shown)
        if len(each) > len(shown):
            message += "\n" + _tr("… and {more} more.").format(more=len(each) - len(shown))
    lines = result.details()
    if lines:
        shown = lines[:MAX_DETAIL_LINES]
        more = len(lines) - len(shown)
        message += "\n\n" + "\n".join(shown)
        if more:
            message += "\n" + _tr("… and {more} more.").format(more=more)
    if result.orphans:
        message += "\n\n" + _tr("Orphaned tags are kept and listed in Review > Review panel (Ctrl+Shift+R).")
    return message


def user_folder(project: Path | None) -> Path:
    """Where an export or backup is offered: beside a project the user keeps somewhere, but not in the
    user data folder that holds the default project (hidden: ~/.local/share/factcheck on Linux, where
    nobody would look for a first export): the Documents folder then, else the home folder."""
    if project is not None and project.parent.absolute() != default_db_path().parent.absolute():
        return project.parent
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def backup_interactively(feedback: Feedback, project: ProjectModel) -> Job | None:
    """Ask where, then copy the database there (a worker thread; the backup API)."""
    store_path = project.path
    stamp = utc_now()[:19].replace(":", "").replace("-", "")
    name = f"{store_path.stem}-backup-{stamp}.db" if store_path else "backup.db"
    base = user_folder(store_path) / name
    dest, _ = QFileDialog.getSaveFileName(
        feedback.parent, _tr("Back up the database"), str(base), _tr("Databases (*.db)")
    )
    if not dest:
        return None
    return start_backup(feedback, project, Path(dest))


def start_backup(feedback: Feedback, project: ProjectModel, dest: Path) -> Job | None:
    job = _start(feedback, lambda: project.backup(dest))
    if job is None:
        return None

    def done(written: object) -> None:
        if feedback.can_show():
            show_info(
                feedback.parent,
                _tr("Backup made"),
                _tr("A consistent copy of the database was written to\n{path}").format(path=written),
            )

    return feedback.watch(
        job, done, failed_title=_tr("Backup failed"), what_next=_tr("Choose another folder and try again.")
    )


class ExportDialog(QDialog):
    """Format, filters (document, annotator, label, review decision), the curated set, output path."""

    ALL = "All"  # shown through _tr

    def __init__(self, parent: QWidget | None, project: ProjectModel, current_document: str | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Export tags"))
        self.project = project
        self.format = QComboBox()
        # the claim cards' formats too: publishing the verdicts is part of the day's work
        for fmt in (*FORMATS, *CLAIM_FORMATS):
            self.format.addItem(_tr(FORMAT_NAMES[fmt]) if fmt in FORMAT_NAMES else fmt, fmt)
        self.document = QComboBox()
        self.document.addItem(_tr("All documents"), None)
        for summary in project.documents():
            self.document.addItem(summary.title or _tr("Untitled"), summary.id)
        if current_document:
            self.document.setCurrentIndex(max(0, self.document.findData(current_document)))
        self.annotator = QComboBox()
        self.annotator.addItem(_tr(self.ALL), None)
        for name in project.annotators():
            self.annotator.addItem(name, name)
        self.label = QComboBox()
        self.label.addItem(_tr(self.ALL), None)
        for lab in project.labels():
            self.label.addItem(lab.name, lab.name)
        self.decisions: dict[str, QCheckBox] = {}
        decisions = QHBoxLayout()
        for status, text in (
            ("accepted", _tr("&Accepted")),
            ("rejected", _tr("Re&jected")),
            ("unreviewed", _tr("&Unreviewed")),
        ):
            box = QCheckBox(text)
            box.setChecked(True)
            box.setAccessibleName(_tr("Export {status} tags").format(status=status))
            self.decisions[status] = box
            decisions.addWidget(box)
        decisions.addStretch(1)
        self.curated = QCheckBox(_tr("&Curated set: one tag per label and span, with its sources"))
        self.curated.setToolTip(
            _tr(
                "The tags the team agreed on: every accepted tag, and tags enough annotators made "
                "identically where nobody decided; never a rejected one (see docs/curation.md)"
            )
        )
        self.min_agree = QSpinBox()
        self.min_agree.setRange(0, 99)
        self.min_agree.setSpecialValueText(_tr("all who tagged the article"))  # 0: the default rule
        self.min_agree.setSuffix(_tr(" annotators"))
        self.min_agree.valueChanged.connect(
            lambda n: self.min_agree.setSuffix(_tr(" annotator") if n == 1 else _tr(" annotators"))
        )
        self.min_agree.setAccessibleName(_tr("Annotators who must agree"))
        self.min_agree.setToolTip(_tr("How many annotators must have made an undecided tag identically"))
        self.curated.toggled.connect(self._curated_toggled)
        self.path = QLineEdit()
        self.path.setPlaceholderText(_tr("Where to write the export"))
        self.path.setAccessibleName(_tr("Save to"))  # its form label names a row, not the field
        self._confirmed = ""  # a path whose replacing the user has confirmed already
        browse = QPushButton(_tr("Browse…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(_tr("Format"), self.format)
        form.addRow(_tr("Document"), self.document)
        form.addRow(_tr("Annotator"), self.annotator)
        form.addRow(_tr("Label"), self.label)
        form.addRow(_tr("Review decision"), decisions)
        form.addRow("", self.curated)
        form.addRow(_tr("Agreement needed"), self.min_agree)
        form.addRow(_tr("Save to"), path_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_tr("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self._curated_toggled(False)

    def _curated_toggled(self, on: bool) -> None:
        # The curated set is decided by the review itself: the decision filter does not apply to it.
        tags = not self.cards()
        for box in self.decisions.values():
            box.setEnabled(tags and not on)
        self.min_agree.setEnabled(tags and on)

    def cards(self) -> bool:
        """A claim cards' format: one object or row per card, the tag filters do not apply."""
        return self.fmt() in CLAIM_FORMATS

    def statuses(self) -> list[str] | None:
        """The decisions chosen; None when all are (no filter)."""
        chosen = [status for status, box in self.decisions.items() if box.isChecked()]
        return None if len(chosen) == len(self.decisions) else chosen

    def fmt(self) -> str:
        return str(self.format.currentData())

    def _default_path(self) -> str:
        folder = user_folder(self.project.path)
        name = _STEMS.get(self.fmt(), "factcheck-export")
        return str(folder / f"{name}{EXTENSIONS.get(self.fmt(), '')}")

    def _format_changed(self, *_: object) -> None:
        text = self.path.text()
        if not text or Path(text).stem in ("factcheck-export", *_STEMS.values()):
            self.path.setText(self._default_path())
        for box in (self.document, self.annotator, self.label, self.curated):
            box.setEnabled(not self.cards())
        self._curated_toggled(self.curated.isChecked())

    def _browse(self) -> None:
        if self.fmt() == "brat":
            chosen = QFileDialog.getExistingDirectory(
                self, _tr("Folder for the brat files"), self.path.text()
            )
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, _tr("Export to"), self.path.text())
        if chosen:
            self.path.setText(chosen)
            if self.fmt() != "brat":  # the save dialog asked before choosing an existing file
                self._confirmed = chosen

    def options(self) -> dict[str, Any]:
        if self.cards():
            return {}  # every card: the tag filters do not apply
        options: dict[str, Any] = {
            "document_id": self.document.currentData(),
            "annotator": self.annotator.currentData(),
            "label": self.label.currentData(),
        }
        if self.curated.isChecked():
            options["curated"] = True
            options["min_agree"] = self.min_agree.value() or None
        elif self.statuses() is not None:
            options["status"] = self.statuses()
        return options

    def accept(self) -> None:
        if not self.path.text().strip():
            show_error(self, _tr("Export"), _tr("Choose where to write the export."))
            return
        if not self.cards() and not self.curated.isChecked() and self.statuses() == []:
            show_error(
                self, _tr("Export"), _tr("Choose at least one review decision to export (or all three).")
            )
            return
        if self.fmt() == "claimreview" and not self._reviews_have_urls():
            return  # the dialog stays open: set the organization first (Project > Organization…)
        text = self.path.text().strip()
        if text != self._confirmed and not confirm_replace(self, Path(text), folder=self.fmt() == "brat"):
            return  # the dialog stays open: choose another name
        super().accept()

    def _reviews_have_urls(self) -> bool:
        """Each ClaimReview needs a web address: say, before anything is written, how to give it one."""
        missing = self.project.read_with(reviews_without_url)
        if not missing:
            return True
        cards = (
            _tr("The card “{card}” has").format(card=quotable(missing[0], 60))
            if len(missing) == 1
            else _tr("{n} cards have").format(n=len(missing))
        )
        show_error(
            self,
            _tr("Export"),
            _tr(
                "{cards} a final verdict without a review URL, and the project has no organization web "
                "address to make one from: each ClaimReview needs a web address."
            ).format(cards=cards),
            what_next=_tr(
                "Set who publishes the reviews in Project > Organization… (a name and a web address), or "
                "give the final verdict its review URL (F in the Claims pane). Nothing was written."
            ),
        )
        return False


def start_export(
    feedback: Feedback, project: ProjectModel, fmt: str, out: Path, **filters: Any
) -> Job | None:
    """Export on a worker thread; the job's result is the number of tags (links-csv: links) written."""
    job = _start(feedback, lambda: project.export(fmt, out, **filters))
    if job is None:
        return None

    def done(count: object) -> None:
        assert isinstance(count, int)  # the export job returns the number of rows written
        if feedback.can_show():
            n = count
            if fmt == "links-csv":  # one row per link
                written = _tr("1 link written to\n{path}") if n == 1 else _tr("{n} links written to\n{path}")
            elif fmt in CLAIM_FORMATS:  # one object or row per card
                written = _tr("1 card written to\n{path}") if n == 1 else _tr("{n} cards written to\n{path}")
            else:
                written = _tr("1 tag written to\n{path}") if n == 1 else _tr("{n} tags written to\n{path}")
            show_info(feedback.parent, _tr("Export finished"), written.format(n=n, path=out))

    what_next = _tr("Nothing was written. Choose another place, or fix the cause, and try again.")
    # The export is in place, but an older export's files are still beside it: say so, not "nothing".
    done_but = _tr("The export is complete; remove the listed files by hand.")
    left_over = (_tr("Export finished, files left over"), done_but)
    return feedback.watch(
        job, done, failed_title=_tr("Export failed"), what_next=what_next, left_over=left_over
    )


def export_interactively(
    feedback: Feedback, project: ProjectModel, current_document: str | None
) -> Job | None:
    dialog = ExportDialog(feedback.parent, project, current_document)
    if not modal.accepted(dialog):
        return None
    return start_export(feedback, project, dialog.fmt(), Path(dialog.path.text().strip()), **dialog.options())

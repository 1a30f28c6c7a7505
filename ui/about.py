"""Help > About: version, licence, the Qt/PySide6 LGPL notice, the licences of the bundled libraries and
where the data lives."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db.store import default_db_path
from factcheck import __version__
from ui import modal
from ui.icon import app_icon


def _tr(text: str) -> str:
    return QCoreApplication.translate("About", text)


DISTRIBUTION = "factcheck"
LICENCE = "MIT"
QT_SOURCE = "https://download.qt.io/official_releases/qt/"
PYSIDE_SOURCE = "https://code.qt.io/cgit/pyside/pyside-setup.git/"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Dependency:
    name: str
    version: str
    licence: str


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    values = meta.get_all(name) or []
    return str(values[0]).strip() if values else ""


def _licence(meta: metadata.PackageMetadata) -> str:
    """License-Expression, else a short License field, else the licence classifiers."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    field = _field(meta, "License")
    if field and "\n" not in field and len(field) <= 60:
        return field
    classifiers = meta.get_all("Classifier") or []
    licences = [c.split(" :: ")[-1] for c in classifiers if c.startswith("License ::")]
    if licences:
        return ", ".join(licences)
    return field.splitlines()[0][:60] if field else _tr("see the package")


def dependencies(root: str = DISTRIBUTION) -> list[Dependency]:
    """Every installed distribution root requires, directly or not (extras left out), sorted by name."""
    found: dict[str, Dependency] = {}
    pending = [root]
    while pending:
        try:
            dist = metadata.distribution(pending.pop())
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or Python: not installed, not shipped
        for requirement in dist.requires or []:
            if "extra ==" in requirement.replace('"', "'").replace("'", ""):
                continue
            match = _NAME.match(requirement)
            if match is None:
                continue
            key = match.group(1).lower().replace("_", "-")
            if key in found or key == root:
                continue
            try:
                dep = metadata.distribution(key)
            except metadata.PackageNotFoundError:
                continue
            found[key] = Dependency(dep.metadata["Name"], dep.version, _licence(dep.metadata))
            pending.append(key)
    return sorted(found.values(), key=lambda d: d.name.lower())


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(text or url)}</a>'


def about_html(data_folder: Path, database: Path | None) -> str:
    deps = dependencies()
    rows = "".join(
        f"<tr><td>{html.escape(d.name)}</td><td>{html.escape(d.version)}</td>"
        f"<td>{html.escape(d.licence)}</td></tr>"
        for d in deps
    )
    pyside = next((d.version for d in deps if d.name.lower().startswith("pyside6")), "")
    folder_url = QUrl.fromLocalFile(str(data_folder)).toString()
    database_line = (
        "<p>" + _tr("Open database: {path}").format(path=html.escape(str(database))) + "</p>"
        if database is not None
        else ""
    )
    return (
        f"<h2>factcheck {html.escape(__version__)}</h2>"
        "<p>"
        + _tr(
            "Tag claims, denials and characterizations in news articles. Every tag is saved at once to a "
            "SQLite database; teams merge, review and export their work."
        )
        + "</p><p>"
        + _tr("factcheck is free software under the {licence} licence.").format(licence=LICENCE)
        + "</p><p>"
        + _tr("Your data folder: {folder}").format(folder=_link(folder_url, str(data_folder)))
        + f"</p>{database_line}<h3>"
        + _tr("Qt and PySide6")
        + "</h3><p>"
        + _tr(
            "This program uses Qt and Qt for Python (PySide6 {version}), used under the GNU "
            "Lesser General Public License version 3 (LGPL-3.0). They are linked dynamically and shipped "
            "unmodified as separate libraries: you may replace them with your own build of the same version. "
            "Their source code is at {qt_source} and {pyside_source}; the licence text is at {licence}. "
            "Qt is a trademark of The Qt Company Ltd."
        ).format(
            version=html.escape(pyside),
            qt_source=_link(QT_SOURCE),
            pyside_source=_link(PYSIDE_SOURCE),
            licence=_link("https://www.gnu.org/licenses/lgpl-3.0.html"),
        )
        + "</p><h3>"
        + _tr("Libraries")
        + '</h3><table cellspacing="0" cellpadding="2"><tr><th align="left">'
        + _tr("Library")
        + '</th><th align="left">'
        + _tr("Version")
        + '</th><th align="left">'
        + _tr("Licence")
        + f"</th></tr>{rows}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, database: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("About factcheck"))
        self.setWindowIcon(app_icon())
        self.data_folder = default_db_path().parent
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        logo.setObjectName("aboutLogo")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setAccessibleName(_tr("About factcheck"))
        # Tab goes on to the buttons instead of from link to link (dozens of licence links): the text is
        # read with the arrow keys, the links opened by mouse.
        self.text.setTabChangesFocus(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.text.setHtml(about_html(self.data_folder, database))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder = QPushButton(_tr("Open data folder"))
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.clicked.connect(self.show_data_folder)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.resize(620, 520)

    def show_data_folder(self) -> bool:
        """Open the data folder in the file manager (it exists once a default database was opened)."""
        self.data_folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))


def show_about(parent: QWidget | None, database: Path | None = None) -> None:
    modal.run(AboutDialog(parent, database))

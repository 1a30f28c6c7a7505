"""Adding a label (link type) under a name the team renamed away, in a synced project: a short question
first, saying what the name was renamed to and when, and what adding it anew means.

The name then means itself again, for the team too: the tags made with the new label stay under it on the
server and in every teammate's project, while the team's tags of the old meaning (a teammate's late ones
included) stay under the name it was renamed to (`db.pg_renames`). Not a surprise, then, but a choice.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from factcheck.services.team_renames import Kind
from ui import modal
from ui.dates import full_time, long_date
from ui.project import ProjectModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamAlias", text)


_NOUNS = {"label": ("label", "tags"), "link_type": ("link type", "links")}


def confirm_taken_again(parent: QWidget, project: ProjectModel, kind: Kind, name: str) -> bool:
    """True: add name (no former name of the team's, or the user said so); False: the user cancelled."""
    if project.server_url() is None:
        return True
    found = project.former_name(kind, name)
    if found is None:
        return True
    new, at = found
    noun, rows = _NOUNS[kind]
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("Add a former name"),
        _tr("“{old}” was renamed to “{new}” for the team on {date}.").format(
            old=name, new=new, date=long_date(at)
        ),
        parent=parent,
    )
    box.setObjectName("teamAliasConfirm")
    box.setInformativeText(
        _tr(
            "Add a new {noun} “{old}” anyway? It will be a {noun} of its own, for the whole team: the "
            "{rows} you make with it stay “{old}”, while the team's {rows} of the old meaning stay "
            "“{new}”."
        ).format(noun=noun, old=name, new=new, rows=rows)
    )
    box.setToolTip(_tr("Renamed on {when}.").format(when=full_time(at)))
    take = box.addButton(_tr("&Add “{old}” anyway").format(old=name), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    modal.run(box)
    return box.clickedButton() is take

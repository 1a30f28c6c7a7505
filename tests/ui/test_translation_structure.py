"""The structure keys, the Speakers, Labels and Link types dialogs and the tag detail say their texts
through Qt's translation, in the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.test_window_locale import Shouting, _old_tag
from ui.labels_dialog import LabelsDialog
from ui.link_types_dialog import LinkTypesDialog
from ui.menus import find_menu
from ui.picker import Choice, Picker
from ui.speakers_dialog import SpeakerEditor

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "support raise")


class ShoutingStructure(Shouting):
    """Shouting, knowing the contexts of these modules too."""

    MORE = ("Attribution", "LinkKeys", "Pieces", "Picker", "StructureKeys", "StructureCommands", "Structure",
            "SpeakersDialog", "SpeakersModel", "SpeakerPage", "SaidModel", "TagDetail", "Corrections",
            "LinkTypesDialog", "LabelsDialog", "LinksOverlay")  # fmt: skip

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        known = context in self.MORE
        return super().translate(Shouting.CONTEXTS[0] if known else context, source, disambiguation, n)


def test_the_structure_keys_and_dialogs_go_through_translation(open_window: OpenWindow, qtbot: QtBot) -> None:
    translator = ShoutingStructure()
    QCoreApplication.installTranslator(translator)
    try:
        window = open_window(prepare=_old_tag)
        s = window.structure
        assert (s.attach_source.text(), s.make_link.text()) == ("ATTACH NEAREST &SOURCE", "&LINK TO…")
        assert s.speakers.statusTip().startswith("THE PROJECT'S SPEAKERS")
        bar = window.menuBar()
        structure = find_menu(bar, "&Structure")
        assert structure is not None and structure.title() == "&STRUCTURE"
        # The J action still lands in the View menu, found by name though its title is translated.
        view = find_menu(bar, "&View")
        assert isinstance(view, QMenu) and window.corrections.jump_action in view.actions()
        assert window.corrections.jump_action.text() == "GO TO CORR&ECTION / CORRECTED TAG"
        assert s.detail.title.text() == "<B>NO TAG</B>"

        window.view.setFocus()
        s.attribution.attach_nearest("source")  # no current tag: the status bar says what to do
        assert window.statusBar().currentMessage() == (
            "MAKE A CLAIM, DENIAL OR CHARACTERIZATION CURRENT FIRST (CLICK IT, OR TAB TO IT)."
        )
        s.links.follow()
        assert window.statusBar().currentMessage() == "SELECT A TAG FIRST (CLICK IT, OR TAB TO IT)."
        s.links.make_link()
        assert window.statusBar().currentMessage().startswith("MAKE THE TAG THE LINK STARTS FROM CURRENT")

        speakers = s.show_speakers()
        assert speakers.windowTitle() == "SPEAKERS" and speakers.add_button.text() == "&ADD…"
        assert speakers.filter.placeholderText() == "FILTER SPEAKERS…"
        assert speakers.model.headerData(0, Qt.Orientation.Horizontal) == "NAME"
        assert speakers.page.header.text() == "<I>CHOOSE A SPEAKER IN THE LIST.</I>"
        editor = SpeakerEditor(speakers, None)
        qtbot.addWidget(editor)
        assert editor.windowTitle() == "NEW SPEAKER"
        assert (editor.kind.itemText(0), editor.kind.itemData(0)) == ("PERSON", "person")  # stored in English

        labels = LabelsDialog(window.project, window)
        qtbot.addWidget(labels)
        assert labels.windowTitle() == "LABELS" and labels.buttons["rename"].text() == "RE&NAME…"
        colour = labels.table.horizontalHeaderItem(1)
        assert colour is not None and colour.text() == "COLOUR"
        types = LinkTypesDialog(window.project, window)
        qtbot.addWidget(types)
        assert types.windowTitle() == "LINK TYPES" and types.symmetric.text() == "&SYMMETRIC"
        kind = types.table.item(0, 1)
        assert kind is not None and kind.text() in ("SYMMETRIC", "DIRECTED")

        picker = Picker(window, "t", "p", [Choice("one", 1)])
        qtbot.addWidget(picker)
        assert picker.filter.placeholderText().startswith("TYPE TO FILTER")
    finally:
        QCoreApplication.removeTranslator(translator)

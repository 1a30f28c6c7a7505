"""Nested attribution in the real window ("X said that Y ‘claimed …’"): S and C on the outer content attach
X and its cue, not Y and Y's cue lying inside what X said; the inner content still gets Y. A title's or an
initial's full stop ("said Sen. Rubio", "U.S.") or an omission ("said […] that") does not end the sentence
S and C look in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import stored, tag_key
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
NESTED = "Tillerson said that Lavrov ‘claimed “nothing of the sort” happened’ on Monday.\n"


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=NESTED)


def test_s_and_c_on_the_outer_content_attach_its_speaker_not_the_one_inside(
    window: MainWindow, qtbot: QtBot
) -> None:
    tillerson = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)
    said = tag_key(window, qtbot, "said", Qt.Key.Key_5)
    lavrov = tag_key(window, qtbot, "Lavrov", Qt.Key.Key_4)
    claimed = tag_key(window, qtbot, "claimed", Qt.Key.Key_5)
    inner = tag_key(window, qtbot, "“nothing of the sort” happened", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    assert (stored(window, inner.id).source, stored(window, inner.id).cue) == (lavrov.id, claimed.id)

    outer = tag_key(window, qtbot, "Lavrov ‘claimed “nothing of the sort” happened’", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    got = stored(window, outer.id)
    assert (got.source, got.cue) == (tillerson.id, said.id)
    # Each attachment is its own undo step.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(window, outer.id).cue is None and stored(window, outer.id).source == tillerson.id


@pytest.mark.parametrize(
    ("text", "content", "source", "cue"),
    [
        ("“It was not clear,” said Sen. Marco Rubio on Monday.\n", "It was not clear", "Marco Rubio", "said"),
        ("“The economy is booming,” U.S. President Donald Trump said.\n", "The economy is booming",
         "Donald Trump", "said"),
        ("Lavrov told Mr. Tillerson that it was not clear.\n", "it was not clear", "Lavrov", "told"),
        ("Tillerson said […] that it was not clear.\n", "it was not clear", "Tillerson", "said"),
    ],
)  # fmt: skip
def test_s_and_c_look_past_a_titles_full_stop_or_an_omission(
    open_window: OpenWindow, qtbot: QtBot, text: str, content: str, source: str, cue: str
) -> None:
    window = open_window(text=text)
    speaker = tag_key(window, qtbot, source, Qt.Key.Key_4)
    verb = tag_key(window, qtbot, cue, Qt.Key.Key_5)
    claim = tag_key(window, qtbot, content, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    got = stored(window, claim.id)
    assert (got.source, got.cue) == (speaker.id, verb.id), window.statusBar().currentMessage()

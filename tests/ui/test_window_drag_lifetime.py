"""A window closed under a drag: Qt is left pointing at no widget that is gone.

Qt's drag manager keeps a plain pointer to the widget that accepted a drag's entry, and forgets it
only when the drag leaves or drops there. Every later drag event, sent to any widget, first follows that
pointer: to a window deleted meanwhile it is a read of freed memory, a crash whenever the memory was
reused. These rounds close and delete windows under drags many times over, then drag elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from tests.ui.drag_support import Catcher, enter, files, move, text
from tests.ui.lifetime_support import own_window

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ROUNDS = 12


def test_a_window_closed_or_hidden_under_a_drag_ends_it_first(qtbot: QtBot, tmp_path: Path) -> None:
    article = tmp_path / "bridge.txt"
    article.write_text("The council said the bridge would reopen in May.\n", encoding="utf-8")
    for n in range(ROUNDS):
        window, store = own_window(qtbot, tmp_path / f"project-{n}.db")
        if n % 2:
            # Over the article (it lands on the window), then text from elsewhere: refused, which
            # leaves Qt's target as it was. The window holds the first drag all the same.
            assert enter(window.view.viewport(), files(article))
            assert not enter(window, text("crime fell"))
        else:
            assert not enter(window, text("crime fell"))  # refused: Qt has no target
            assert enter(window, files(article))  # taken: the window is Qt's target
            assert window.statusBar().currentMessage() == "Drop to import “bridge.txt”"
        if n % 3 == 0:
            window.hide()  # minimised or hidden: the drag ends there too
        window.close()
        assert window.statusBar().currentMessage() == ""  # the drag left: what it would do is unsaid
        # Qt has no target now: a move sent anywhere reaches no window, not even the closed one (which
        # would take a move of the file it was shown).
        assert not move(window, files(article))
        store.close()
        # Made before the window goes, so that nothing new takes its freed memory before the move: Qt
        # following a stale pointer there crashes, or hands the move to whatever widget lives there now.
        catcher, mime = Catcher(), files(article)
        shiboken6.delete(window)
        assert not move(catcher, mime)  # Qt looked for its target and found none
        assert catcher.moves == 0
        shiboken6.delete(catcher)

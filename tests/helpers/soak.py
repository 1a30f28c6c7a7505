"""What a long session in one window leaves behind: live Qt objects counted by class, and every dialog,
pane and menu of the window opened and closed from the keyboard or its menus.

Shared by the deterministic count tests (tests/ui/test_window_soak_counts.py: K open-close cycles leave
what one left) and the soak benchmark (bench/soak.py: thousands of actions, RSS and latency tracked).
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QDialog, QMenu, QWidget
from shiboken6 import isValid

from ui.main_window import MainWindow

K, M = Qt.Key, Qt.KeyboardModifier


def flush() -> None:
    """Pending events handled and objects let go with deleteLater deleted, as the event loop would."""
    for _ in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def live_objects(window: MainWindow) -> Counter[str]:
    """Live QObjects by class: the window's descendants and every other top-level widget's (with
    itself). A class name, not an id: what a cycle leaves shows as a count that grows."""
    gc.collect()  # as the collector would, sooner or later: what is counted is held, not just not collected
    counts: Counter[str] = Counter()
    tops = [w for w in QApplication.topLevelWidgets() if w is not window]
    for root in [window, *tops]:
        counts[type(root).__name__] += 1
        for child in root.findChildren(QObject):
            counts[type(child).__name__] += 1
    return counts


def growth(before: Counter[str], after: Counter[str]) -> dict[str, int]:
    """Classes with more live objects after than before, and how many more."""
    return {name: after[name] - before[name] for name in after if after[name] > before[name]}


@dataclass
class Closer:
    """While armed, closes whatever the window opened on top: a modal dialog rejected (as Escape would),
    a popup menu hidden."""

    armed: bool = False
    closed: int = 0
    dialogs: bool = True  # False: menus only (a Responder answers the dialogs)

    def __post_init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._timer.deleteLater()

    def _poll(self) -> None:
        if not self.armed:
            return
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            popup.hide()
            self.closed += 1
            return
        dialog = QApplication.activeModalWidget()
        if self.dialogs and isinstance(dialog, QDialog) and dialog.isVisible():
            self.closed += 1
            dialog.reject()


Opener = Callable[[MainWindow], object]


def _action(text: str) -> Opener:
    """Trigger the window's action named text (as in its menu, without the & marks), if enabled (Export
    waits while another operation runs): whether it was."""

    def trigger(window: MainWindow) -> object:
        for action in window.findChildren(QAction):
            if action.text().replace("&", "") == text:
                if action.isEnabled():
                    action.trigger()
                return action.isEnabled()
        raise AssertionError(f"no action {text!r}")

    return trigger


def _key(
    target: Callable[[MainWindow], QWidget], key: Qt.Key, mods: Qt.KeyboardModifier = M.NoModifier
) -> Opener:
    def press(window: MainWindow) -> object:
        widget = target(window)
        widget.window().activateWindow()
        widget.setFocus()
        QTest.keyClick(widget, key, mods)
        return True

    return press


def _context_menu(target: Callable[[MainWindow], QAbstractScrollArea]) -> Opener:
    """A right click (or the Menu key) on the first row or line: the menu the widget asks for."""

    def menu(window: MainWindow) -> object:
        widget = target(window)
        if isinstance(widget, QAbstractItemView):
            at = widget.visualRect(widget.model().index(0, 0)).center()
        else:
            at = QPoint(20, 10)
        widget.customContextMenuRequested.emit(at)
        return True

    return menu


def _close_non_modal(window: MainWindow) -> None:
    """Close what opens beside the window (speakers, agreement, team server, a speaker's cards)."""
    for top in QApplication.topLevelWidgets():
        if top is not window and isValid(top) and isinstance(top, QDialog) and top.isVisible():
            top.close()
    window.activateWindow()


def _find_bar(window: MainWindow) -> object:
    _action("Find…")(window)
    bar = window.find_bar
    # Into the bar's box, as a user types there: offscreen, the focus may not have moved yet, and an
    # Escape sent elsewhere left the bar open (with the article's fold, 25 MB, held past the baseline).
    QTest.keyClicks(bar.edit, "crime")
    QTest.keyClick(bar.edit, K.Key_Escape)
    assert not bar.isVisible(), "Escape closes the find bar"
    return True


def _search_pane(window: MainWindow) -> object:
    _action("Search all documents…")(window)
    QTest.keyClicks(QApplication.focusWidget() or window, "fares were cut")
    QTest.keyClick(QApplication.focusWidget() or window, K.Key_Return)
    flush()
    QTest.keyClick(QApplication.focusWidget() or window, K.Key_Escape)
    return True


def _review_dock(window: MainWindow) -> object:
    _action("Review panel")(window)
    flush()
    panel = window.review.panel.list_view
    panel.setFocus()
    QTest.keyClick(panel, K.Key_N)
    _action("Review panel")(window)
    return True


def _agreement(window: MainWindow) -> object:
    """Review > Agreement…: measured on a worker thread, then shown beside the window; closed. (Another
    operation running, it says so in the status bar and opens nothing.)"""
    _action("Agreement…")(window)
    operations = window.project.operations
    deadline = time.monotonic() + 600
    while window.review.agreement_dialog is None and operations.current() is not None:
        assert time.monotonic() < deadline, "the agreement was not measured in 10 minutes"
        QTest.qWait(10)
    flush()
    dialog = window.review.agreement_dialog
    if dialog is None:
        return False
    dialog.close()
    return True


def _claims_dock(window: MainWindow) -> object:
    _action("Claims pane")(window)
    flush()
    _action("Claims pane")(window)
    return True


def _in_pane(toggle: str, target: Callable[[MainWindow], QAbstractItemView], key: Qt.Key) -> Opener:
    """The pane shown, its first row current, key pressed there (the dialog it opens closed by the
    Closer), the pane hidden again."""

    def press(window: MainWindow) -> object:
        _action(toggle)(window)
        flush()
        view = target(window)
        view.setFocus()
        view.setCurrentIndex(view.model().index(0, 0))
        QTest.keyClick(view, key)
        flush()
        _action(toggle)(window)
        return True

    return press


def _toggle(text: str) -> Opener:
    """An action that shows a pane, triggered twice: shown, then hidden again."""

    def twice(window: MainWindow) -> object:
        _action(text)(window)
        flush()
        _action(text)(window)
        return True

    return twice


def _view(window: MainWindow) -> QWidget:
    return window.view


def _table(window: MainWindow) -> QAbstractScrollArea:
    return window.table.view


def _documents(window: MainWindow) -> QAbstractScrollArea:
    return window.doc_list.view


#: (name, open-and-close) for every dialog, pane and menu a fact-checker opens from the keyboard; the
#: modal ones are closed by an armed Closer, the others by the opener or _close_non_modal. Each expects
#: a current tag (a claim of the user's) and cards to exist (tests.ui.session_support.two_annotators).
OPENERS: list[tuple[str, Opener]] = [
    ("note editor (Enter)", _key(_view, K.Key_Return)),
    ("edit tag in review (E)", _in_pane("Review panel", lambda w: w.review.panel.list_view, K.Key_E)),
    ("edit card (E)", _in_pane("Claims pane", lambda w: w.claims.pane.view, K.Key_E)),
    ("verdict (V)", _in_pane("Claims pane", lambda w: w.claims.pane.view, K.Key_V)),
    ("vote (Y)", _in_pane("Claims pane", lambda w: w.claims.pane.view, K.Key_Y)),
    ("make card (K)", _key(_view, K.Key_K)),
    ("add to card (Shift+K)", _key(_view, K.Key_K, M.ShiftModifier)),
    ("link to (L)", _key(_view, K.Key_L)),
    ("speakers", _action("Speakers…")),
    ("labels", _action("Labels…")),
    ("link types", _action("Link types…")),
    ("verdict scale", _action("Verdict scale…")),
    ("organization", _action("Organization…")),
    ("your name", _action("Your name…")),
    ("keyboard help (F1)", _action("Keyboard shortcuts")),
    ("about", _action("About factcheck")),
    ("export", _action("Export…")),
    ("web page", _action("Open web page…")),
    ("find bar", _find_bar),
    ("search all", _search_pane),
    ("review dock", _review_dock),
    ("agreement", _agreement),
    ("claims pane", _claims_dock),
    ("tag menu", _context_menu(lambda w: w.view)),
    ("table menu", _context_menu(_table)),
    ("document menu", _context_menu(_documents)),
]


#: Dialogs, panes and questions the soak session does not open at random (rarer, or each a copy of one
#: above), counted by the count tests all the same: a question box made per question stays too.
MORE_OPENERS: list[tuple[str, Opener]] = [
    ("reject in review (R)", _in_pane("Review panel", lambda w: w.review.panel.list_view, K.Key_R)),
    ("final verdict (F)", _in_pane("Claims pane", lambda w: w.claims.pane.view, K.Key_F)),
    ("check-worthy no (N)", _in_pane("Claims pane", lambda w: w.claims.pane.view, K.Key_N)),
    ("choose source (Shift+S)", _key(_view, K.Key_S, M.ShiftModifier)),
    ("choose cue (Shift+C)", _key(_view, K.Key_C, M.ShiftModifier)),
    ("remove document", _action("Remove document…")),
    ("team server", _action("Team server…")),
    ("tag detail", _toggle("Tag detail")),
    ("tag lists", _toggle("Tag lists")),
    ("import", _action("Import…")),
]


#: The openers whose dialog or pane stays beside the window (not modal): closed by the opener or after it.
BESIDE = frozenset({"speakers", "find bar", "search all", "review dock", "agreement", "claims pane",
                    "tag detail", "tag lists", "team server"})  # fmt: skip


def cycle(window: MainWindow, closer: Closer, opener: Opener) -> object:
    """Open and close once; flushed, so what is left is what stays. What the opener said: whether it
    could open (an action disabled, or the agreement not shown, is False)."""
    closer.armed = True
    try:
        opened = opener(window)
        flush()
    finally:
        closer.armed = False
    _close_non_modal(window)
    flush()
    return opened

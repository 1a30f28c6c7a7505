"""The keyboard on the day's article: a dialog left with Esc gives the keys back where they were (the
article, the current tag; the Claims pane's list), and a key the user expects to act where it does
nothing says so in the status bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from tests.ui.conftest import OpenWindow
from tests.ui.day_article import ARTICLE
from tests.ui.day_support import CTRL, SHIFT, Day, K, answer_dialogs, keys
from tests.ui.structure_support import add_tag
from ui.main_window import MainWindow

NONE = Qt.KeyboardModifier.NoModifier
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", r"support raise\(\)", "grabbing the keyboard")

CLAIM = "the city’s water rates “have not risen in real terms for a decade”"
DENIAL = "“The rates have risen faster than inflation in six of the last ten years,”"


def tagged(store: Store, doc: Document) -> None:
    add_tag(store, doc, "Mayor Dana Okafor", "source", "alice")
    add_tag(store, doc, "said", "cue", "alice")
    add_tag(store, doc, CLAIM, "claim", "alice")
    add_tag(store, doc, DENIAL, "denial", "alice")


def on_claim(qtbot: QtBot, open_window: OpenWindow) -> tuple[MainWindow, Day]:
    w = open_window(text=ARTICLE, prepare=tagged)
    day = Day(qtbot, w)
    while w.current_annotation() is None or w.current_annotation().quote != CLAIM:  # type: ignore[union-attr]
        day.press(K.Key_Tab)
    return w, day


@pytest.mark.parametrize(
    ("what", "key", "modifiers"),
    [
        ("link", K.Key_L, None),
        ("note", K.Key_F2, None),
        ("note (Enter)", K.Key_Return, None),
        ("claim card", K.Key_K, None),
        ("source picker", K.Key_S, SHIFT),
        ("cue picker", K.Key_C, SHIFT),
        ("export", K.Key_E, CTRL),
        ("import", K.Key_I, CTRL),
        ("open article", K.Key_O, CTRL),
        ("keyboard shortcuts", K.Key_F1, None),
    ],
)
def test_esc_on_a_dialog_gives_the_keys_back_to_the_article_and_its_current_tag(
    qtbot: QtBot, open_window: OpenWindow, what: str, key: Qt.Key, modifiers: object
) -> None:
    w, day = on_claim(qtbot, open_window)
    current = day.current().id
    seen = answer_dialogs(keys(qtbot, K.Key_Escape))
    day.press(key, modifiers if isinstance(modifiers, Qt.KeyboardModifier) else NONE)
    focus = day.back()
    assert seen, f"{what}: no dialog opened"
    assert focus is w.view, f"{what}: the keys went to {focus}"
    assert day.current().id == current, what
    day.press(K.Key_Tab)  # the next key works at once
    assert day.current().id != current, what


@pytest.mark.parametrize(("key", "modifiers"), [(K.Key_F, CTRL), (K.Key_F, CTRL | SHIFT)])
def test_esc_in_the_find_bar_or_the_search_pane_goes_back_to_the_article(
    qtbot: QtBot, open_window: OpenWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    w, day = on_claim(qtbot, open_window)
    day.press(key, modifiers)
    assert day.focus() is not w.view
    day.press(K.Key_Escape)
    assert day.focus() is w.view, day.focus()


@pytest.mark.parametrize(
    ("what", "key"), [("vote", K.Key_Y), ("verdict", K.Key_V), ("final verdict", K.Key_F), ("edit", K.Key_E)]
)
def test_esc_on_a_card_dialog_gives_the_keys_back_to_the_claims_list(
    qtbot: QtBot, open_window: OpenWindow, what: str, key: Qt.Key
) -> None:
    w, day = on_claim(qtbot, open_window)
    answer_dialogs(keys(qtbot, K.Key_Return))
    day.press(K.Key_K)
    assert day.back() is w.view
    day.press(K.Key_C, CTRL | SHIFT)
    assert day.focus() is w.claims.pane.view
    seen = answer_dialogs(keys(qtbot, K.Key_Escape))
    day.press(key)
    focus: QWidget | None = day.back()
    assert seen, f"{what}: no dialog opened"
    assert focus is w.claims.pane.view, f"{what}: the keys went to {focus}"


@pytest.mark.parametrize(
    ("key", "says"),
    [
        (K.Key_Y, "Y votes or gives a verdict on a claim card: in the Claims pane (Ctrl+Shift+C"),
        (K.Key_V, "V votes or gives a verdict on a claim card"),
        (K.Key_U, "U votes or gives a verdict on a claim card"),
        (K.Key_N, "N works in the review of a team's tags: open the review panel first (Ctrl+Shift+R)."),
        (K.Key_A, "A works in the review of a team's tags"),
        (K.Key_R, "R works in the review of a team's tags"),
        (K.Key_7, "No label has the key 7: Project > Labels… gives a label its key."),
    ],
)
def test_a_key_that_does_nothing_in_the_article_says_where_it_works(
    qtbot: QtBot, open_window: OpenWindow, key: Qt.Key, says: str
) -> None:
    w, day = on_claim(qtbot, open_window)
    before = {t.id: t for t in w.project.store.annotations()}
    day.press(key)
    assert w.statusBar().currentMessage().startswith(says), w.statusBar().currentMessage()
    assert {t.id: t for t in w.project.store.annotations()} == before  # and nothing changed
    assert QApplication.focusWidget() is w.view


def test_keys_that_act_are_not_hinted(qtbot: QtBot, open_window: OpenWindow) -> None:
    w, day = on_claim(qtbot, open_window)
    w.statusBar().clearMessage()
    day.press(K.Key_R, CTRL | SHIFT)  # the review panel open: N goes to the next disagreement
    qtbot.waitUntil(w.review.dock.isVisible)
    w.view.setFocus()
    day.press(K.Key_N)
    assert "review panel first" not in w.statusBar().currentMessage()
    day.press(K.Key_3)  # a label's key relabels the current tag
    assert day.current().label == "characterization"
    assert "No label" not in w.statusBar().currentMessage()


def test_the_link_picker_finds_a_tag_by_its_last_words_and_says_when_nothing_matches(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    w, day = on_claim(qtbot, open_window)
    while day.current().quote != DENIAL:
        day.press(K.Key_Tab)
    denial = day.current()
    stayed: list[str] = []

    def nothing_then_words(dialog: QWidget) -> None:
        keys(qtbot, K.Key_Return)(dialog)  # the link type: the suggested one
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not dialog or not dialog.isVisible())

    def target(dialog: QWidget) -> None:
        keys(qtbot, "nowhere in the story", K.Key_Return)(dialog)
        # Enter on an empty list takes nothing: the picker stays open and says why
        assert dialog.isVisible()
        said = [lab.text() for lab in dialog.findChildren(QLabel) if lab.isVisible()]
        stayed.extend(t for t in said if t.startswith("Nothing matches “nowhere in the story”"))
        for _ in "nowhere in the story":
            qtbot.keyClick(dialog.focusWidget(), K.Key_Backspace)
        keys(qtbot, "decade", K.Key_Return)(dialog)  # the claim's last word: cut off in its line

    titles = answer_dialogs(nothing_then_words, target)
    day.press(K.Key_L)
    assert day.back() is w.view
    assert titles == ["Link type", "Link target"], titles
    assert stayed, "the picker did not say that nothing matches"
    links = w.project.links(w.current_document_id() or "")
    assert [(ln.from_id, w.project.store.annotation(ln.to_id).quote) for ln in links] == [  # type: ignore[union-attr]
        (denial.id, CLAIM)
    ]

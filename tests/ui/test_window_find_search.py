"""Find in the article as one types ("2 of 3", "No match"), and search across every document's text
(Ctrl+Shift+F): results with context that open the document with the match selected."""

from __future__ import annotations

import html
from typing import SupportsIndex

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import Store
from db.search import DEFAULT_LIMIT as SEARCH_LIMIT
from db.search import HIT_END, HIT_START
from factcheck.core import loose_find, text_find
from factcheck.core.model import Document
from tests.conftest import ARTICLE
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()
CTRL = Qt.KeyboardModifier.ControlModifier


def _prepare(store: Store, doc: Document) -> None:
    store.add_document(Document.create("😀😀 Rex Tillerson said Russia was not responsible.", title="State"))
    store.add_document(Document.create("The Élysée answered Tillerson at once.", title="Paris"))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=ARTICLE * 3, prepare=_prepare)


def _selected(window: MainWindow) -> str:
    span = window.view.selected_span()
    return window.view.document_text()[span[0] : span[1]] if span else ""


def test_find_as_you_type_with_a_count(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    qtbot.keyClicks(bar.edit, "may")  # no Enter: found as typed
    first = window.view.selected_span()
    assert _selected(window) == "may" and bar.status.text() == "1 of 3"
    qtbot.keyClicks(bar.edit, "or")  # still the same match, grown
    assert window.view.selected_span() == (first[0], first[0] + 5) if first else False
    assert bar.status.text() == "1 of 3"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.status.text() == "2 of 3"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.status.text() == "1 of 3"
    qtbot.keyClicks(bar.edit, "zz")
    assert bar.status.text() == "No match" and bar.edit.property("notFound") is True
    bar.edit.clear()
    assert bar.status.text() == "" and bar.edit.property("notFound") is False
    qtbot.keyClicks(bar.edit, "MAYOR")
    assert bar.status.text() == "1 of 3"
    bar.case.setChecked(True)
    assert bar.status.text() == "No match"


def test_search_all_documents_opens_the_match(window: MainWindow, qtbot: QtBot) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    pane = window.docs.search_pane
    assert pane.isVisible() and pane.edit.hasFocus()
    qtbot.keyClicks(pane.edit, "tillerson respons")
    qtbot.waitUntil(lambda: pane.status.text() == "1 document")
    assert "<b>Tillerson</b>" in pane.results.item(0).text()
    qtbot.keyClick(pane.edit, Qt.Key.Key_Return)
    assert window.open_doc.document is not None and window.open_doc.document.title == "State"
    assert _selected(window) == "Tillerson"  # code points, though two emoji come first
    pane.edit.clear()
    qtbot.keyClicks(pane.edit, "elysee")  # accents ignored
    qtbot.waitUntil(lambda: pane.results.count() == 1 and "Paris" in pane.results.item(0).text())
    pane.activate_row(0)
    assert window.open_doc.document.title == "Paris" and _selected(window) == "Élysée"
    pane.edit.clear()
    qtbot.keyClicks(pane.edit, "nowhere")
    qtbot.waitUntil(lambda: pane.status.text() == "No match")
    assert pane.results.count() == 0
    qtbot.keyClick(pane.edit, Qt.Key.Key_Escape)
    assert not pane.isVisible() and window.view.hasFocus()


def test_the_find_count_keeps_no_copy_of_the_article_once_closed_or_left(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The fold find and the count share (and the text it was made from) is held while the bar finds in
    one text only: closed, or another article shown, nothing (a copy of an article left would stay)."""
    bar = window.find_bar
    counter = bar._counter
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "mayor")
    assert bar.status.text() == "1 of 3" and counter.holds()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and not counter.holds()
    qtbot.keyClick(window.view, Qt.Key.Key_F3)  # F3 with the bar closed still counts
    assert bar.status.text() == "2 of 3" and counter.holds()
    article = window.current_document_id()
    other = next(s.id for s in window.project.documents() if s.id != article)
    window.open_document(other)
    assert not counter.holds(), "the count of the article left is let go of"
    assert article is not None
    window.open_document(article)
    qtbot.keyClick(window.view, Qt.Key.Key_F3)
    assert bar.status.text() == "1 of 3"
    held = window.view.find_folds.holds()
    assert held is not None and held.text is window.open_doc.text, "the fold is of the copy open"


def test_a_search_finding_more_than_the_list_holds_says_how_many(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    def many(store: Store, doc: Document) -> None:
        for i in range(SEARCH_LIMIT + 5):
            store.add_document(Document.create(f"Report {i}: the budget deficit grew.", title=f"Budget {i}"))

    window = open_window(prepare=many)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    pane = window.docs.search_pane
    qtbot.keyClicks(pane.edit, "deficit")
    qtbot.waitUntil(lambda: pane.results.count() == SEARCH_LIMIT)
    assert pane.status.text() == (
        f"The best {SEARCH_LIMIT} of {SEARCH_LIMIT + 5} documents; add words to narrow the search."
    )
    pane.edit.clear()
    qtbot.keyClicks(pane.edit, "report 7")  # 7 and 70…79: all listed
    qtbot.waitUntil(lambda: pane.status.text() != "" and pane.results.count() < SEARCH_LIMIT)
    assert pane.status.text() == "11 documents"


GREEK = "ΟΔΟΣ ΣΤΗΝ ΠΟΛΗ: ο δρόμος, οι δρόμοι σας. Laſt ſtop, last stop, LAST STOP."


@pytest.mark.parametrize(
    "needle, visits",
    [
        ("σ", ["Σ", "Σ", "ς", "σ", "ς"]),  # a final sigma is a sigma to Find next
        ("ς", ["Σ", "Σ", "ς", "σ", "ς"]),
        ("st", ["ſt", "ſt", "st", "st", "ST", "ST"]),  # a long s is an s
    ],
)
def test_the_count_is_of_what_find_next_visits(
    open_window: OpenWindow, qtbot: QtBot, needle: str, visits: list[str]
) -> None:
    """Python's case folding (Find next's) matches σ with ς and s with ſ, where lowercasing does not: the
    count says as many as Enter visits, and the one selected is the one it numbers."""
    window = open_window(text=GREEK)
    bar = window.find_bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    bar.edit.insert(needle)  # typed (QTest types Latin-1 only), found as typed
    seen = []
    for n in range(1, len(visits) + 1):
        assert bar.status.text() == f"{n} of {len(visits)}"
        seen.append(_selected(window))
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert seen == visits and bar.status.text() == f"1 of {len(visits)}"  # round again


def test_a_search_for_a_word_with_an_apostrophe_opens_at_that_word(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    def quoted(store: Store, doc: Document) -> None:
        store.add_document(
            Document.create("The minister said: “We don’t cut taxes.” It’s true.", title="Taxes")
        )
        store.add_document(Document.create("It was said that the don stayed to talk.", title="Other"))

    window = open_window(prepare=quoted)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    pane = window.docs.search_pane
    qtbot.keyClicks(pane.edit, "don't")  # a straight apostrophe typed, a curly one in the text
    qtbot.waitUntil(lambda: pane.status.text() == "1 document")  # not "Other": "don" and a word in t…
    assert "<b>don’t</b> cut" in pane.results.item(0).text() and "<b>The" not in pane.results.item(0).text()
    qtbot.keyClick(pane.edit, Qt.Key.Key_Return)
    assert window.open_doc.document is not None and window.open_doc.document.title == "Taxes"
    assert _selected(window) == "don’t"  # not "The", the first word in t


def test_back_to_the_search_from_a_result_keeps_what_was_typed(window: MainWindow, qtbot: QtBot) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    pane = window.docs.search_pane
    qtbot.keyClicks(pane.edit, "tillerson respons")
    qtbot.waitUntil(lambda: pane.status.text() == "1 document")
    qtbot.keyClick(pane.edit, Qt.Key.Key_Down)
    qtbot.keyClick(pane.results, Qt.Key.Key_Return)
    assert _selected(window) == "Tillerson"
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert pane.edit.text() == "tillerson respons"  # not "Tillerson", the word the result selected
    assert pane.status.text() == "1 document" and pane.edit.hasFocus()
    # a selection of the user's own is searched for, as before
    text = window.view.document_text()
    start = text.index("Russia")
    window.view.select_span(start, start + len("Russia"))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert pane.edit.text() == "Russia"


def test_a_result_opened_gives_the_article_the_keys(window: MainWindow, qtbot: QtBot) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    pane = window.docs.search_pane
    qtbot.keyClicks(pane.edit, "tillerson respons")
    qtbot.waitUntil(lambda: pane.status.text() == "1 document")
    for chosen_from in ("edit", "results"):
        if chosen_from == "edit":
            qtbot.keyClick(pane.edit, Qt.Key.Key_Return)
        else:
            qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
            assert pane.edit.hasFocus() and pane.edit.text() == "tillerson respons"  # back, as before
            qtbot.keyClick(pane.edit, Qt.Key.Key_Down)
            qtbot.keyClick(pane.results, Qt.Key.Key_Return)
        assert _selected(window) == "Tillerson"
        assert window.view.hasFocus(), chosen_from
    # a label key now tags the hit (not typed into the search)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert pane.edit.text() == "tillerson respons"
    tag = window.current_annotation()
    assert tag is not None and tag.quote == "Tillerson" and tag.label == "claim"


FOLDING = (
    "😀🇪🇺 The minister said: “We don’t know.”\n\n"
    "At the E\u0301lyse\u0301e, in São\u00a0Paulo, she said\nso… Élysée’s answer: “don't”."
)


def _highlighted(window: MainWindow) -> list[str]:
    """The text under the find highlight (the view's extra selections), as stored code points."""
    offsets = window.view.offsets()
    text = window.view.document_text()
    return [
        text[slice(*offsets.from_qt_range(e.cursor.selectionStart(), e.cursor.selectionEnd()))]
        for e in window.view.extraSelections()
    ]


@pytest.mark.parametrize(
    "needle, visits",
    [
        ("don't", ["don’t", "don't"]),  # a straight apostrophe typed, a curly one in the text
        ("elysee", ["E\u0301lyse\u0301e", "Élysée"]),  # decomposed accents covered whole
        ("sao paulo", ["São\u00a0Paulo"]),
        ('said: "we', ["said: “We"]),
        ("said we", []),
        ("said so...", ["said\nso…"]),
        ('"don\'t"', ["“don't”"]),
    ],
)
def test_find_in_the_article_matches_as_the_search_of_all_documents(
    open_window: OpenWindow, qtbot: QtBot, needle: str, visits: list[str]
) -> None:
    """Ctrl+F folds accents, quotes and whitespace as Search all documents does, selects and highlights
    exactly the article's characters (after two emoji), counts what Enter visits and wraps."""
    window = open_window(text=FOLDING)
    bar = window.find_bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, needle)
    if not visits:
        assert bar.status.text() == "No match"
        return
    seen = []
    for n in range(1, len(visits) + 1):
        assert bar.status.text() == f"{n} of {len(visits)}"
        seen.append(_selected(window))
        qtbot.waitUntil(lambda: _highlighted(window) == [seen[-1]])
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert seen == visits and bar.status.text() == f"1 of {len(visits)}"  # round again
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert _selected(window) == visits[-1]  # and back, wrapping


def test_match_case_keeps_case_exact_and_accents_folded(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=FOLDING)
    bar = window.find_bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    bar.case.setChecked(True)
    qtbot.keyClicks(bar.edit, "Elysee")
    assert bar.status.text() == "1 of 2" and _selected(window) == "E\u0301lyse\u0301e"
    bar.edit.clear()
    qtbot.keyClicks(bar.edit, "elysee")
    assert bar.status.text() == "No match"
    bar.case.setChecked(False)
    assert bar.status.text().endswith(" of 2") and _selected(window) in ("E\u0301lyse\u0301e", "Élysée")


@pytest.mark.parametrize(
    "query, selected",
    [
        ("sao paulo", "São Paulo"),  # the words in a row, not the first "Paulo" alone
        ("sao pau", "São Paulo"),  # the last word a prefix, as typed
        ("rio paulo", "Rio"),  # not in a row: the first word
        ("elysee", "E\u0301lyse\u0301e"),  # decomposed accents: the whole word, not "E"
        ("lyon sa", "Lyon, Sa\u0303o"),
    ],
)
def test_a_search_result_opens_at_the_whole_query(
    open_window: OpenWindow, qtbot: QtBot, query: str, selected: str
) -> None:
    def travel(store: Store, doc: Document) -> None:
        store.add_document(
            Document.create(
                "😀 Paulo Afonso, then Rio, then São Paulo; the E\u0301lyse\u0301e in Lyon, Sa\u0303o Paulo.",
                title="Travel",
            )
        )

    window = open_window(prepare=travel)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    pane = window.docs.search_pane
    qtbot.keyClicks(pane.edit, query)
    qtbot.waitUntil(lambda: pane.status.text() == "1 document")
    qtbot.keyClick(pane.edit, Qt.Key.Key_Return)
    assert window.open_doc.document is not None and window.open_doc.document.title == "Travel"
    assert _selected(window) == selected


def test_the_article_is_folded_once_the_bar_opens_not_at_each_key(window: MainWindow, qtbot: QtBot) -> None:
    """Ctrl+F folds the article once, before the first key: every letter typed finds in that fold."""
    folds = window.view.find_folds
    assert folds.holds() is None
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(lambda: folds.holds() is not None)
    made = folds.holds()
    qtbot.keyClicks(window.find_bar.edit, "mayor")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.find_bar.status.text() == "2 of 3" and folds.holds() is made


FILLER = " Nothing to see in this sentence, which only keeps the two places apart." * 4
PLACES = {
    # title: (text, query, what opening the result selects)
    "Phrase": (
        "😀 Paulo Afonso spoke." + FILLER + " Then São\u00a0Paulo voted.",
        "sao paulo",
        "São\u00a0Paulo",
    ),
    "Decomposed": (
        "The Élysée said no." + FILLER + " Then the E\u0301lyse\u0301e Palace said yes.",
        "elysee palace",
        "E\u0301lyse\u0301e Palace",
    ),
    "Emoji": (
        "😀🇪🇺👍 The minister left." + FILLER + " 📈🚨 The minister said so.",
        "minister said",
        "minister said",
    ),
    "Quotes": ("We don’t care." + FILLER + " “We don’t know,” she said.", "don't know", "don’t know"),
    "Apart": ("😀 Paulo Afonso went home." + FILLER + " Rio answered.", "rio paulo", "Rio"),
    # 110 KB of accents before it (the document no longer folded whole for its snippet), decoys too.
    "Deep": (
        "Les élèves de l’école — “à côté” 😀 ministère, déclaré. " * 2_000
        + "L’administré, le mi\u0301nistrex. Le Mi\u0301nistre a de\u0301clare\u0301 ça.",
        "ministre a declar",
        "Mi\u0301nistre a de\u0301clare\u0301",
    ),
}


def _places(store: Store, doc: Document) -> None:
    for title, (text, _, _) in PLACES.items():
        store.add_document(Document.create(text, title=title))


@pytest.mark.parametrize("title", list(PLACES))
def test_a_result_opens_where_its_snippet_shows_the_match(
    open_window: OpenWindow, qtbot: QtBot, title: str
) -> None:
    """The snippet is cut around the place opening the result selects and marks it first (it showed the
    first word of the query found, which may be far before: the whole query in a row, decomposed
    accents, emoji before it, curly quotes, the words apart, deep in a long accented document)."""
    window = open_window(prepare=_places)
    text, query, selected = PLACES[title]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    pane = window.docs.search_pane
    qtbot.keyClicks(pane.edit, query)
    qtbot.waitUntil(lambda: pane.results.count() > 0 and pane.status.text() != "")
    row = next(r for r in range(pane.results.count()) if pane.hit(r).title == title)
    before, marked = pane.hit(row).snippet.split(HIT_END)[0].split(HIT_START)
    pane.activate_row(row)
    assert window.open_doc.document is not None and window.open_doc.document.title == title
    span = window.view.selected_span()
    assert span is not None and text[span[0] : span[1]] == selected
    assert marked == " ".join(selected.split()), "the snippet marks first what opening it selects"
    assert before.split()[-3:] == text[: span[0]].split()[-3:], "in the same place"
    assert "<b>" + html.escape(marked) + "</b>" in pane.results.item(row).text()


class _CountedText(str):
    """The fold's narrow copy, noting what each count scans."""

    scans: list[tuple[int, int]]

    def count(self, sub: str, start: SupportsIndex | None = None, end: SupportsIndex | None = None) -> int:
        a, b = int(start or 0), len(self) if end is None else int(end)
        self.scans.append((a, b))
        return super().count(sub, a, b)


def test_enter_counts_only_from_the_last_match_numbered(window: MainWindow, qtbot: QtBot) -> None:
    """The count of a needle is kept with the fold: Enter numbers the next match counting from the last
    one numbered (the 5 MB article was counted twice at each Enter, ~5 ms); Match case, another needle,
    another text are counted afresh."""
    bar = window.find_bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "mayor")
    assert bar.status.text() == "1 of 3"
    held = window.view.find_folds.holds()
    assert held is not None
    spy = _CountedText(held.narrow())
    spy.scans = []
    held._narrow = spy
    for n in (2, 3, 1, 2):  # round again
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
        assert bar.status.text() == f"{n} of 3"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.status.text() == "1 of 3"
    first = held.folded.find("mayor")
    assert len(spy.scans) == 5 and all(a >= first for a, _ in spy.scans), "none from the text's start"
    bar.case.setChecked(True)  # another fold, counted afresh
    assert bar.status.text() == "1 of 3" and window.view.find_folds.holds() is not held
    bar.edit.selectAll()
    qtbot.keyClicks(bar.edit, "Mayor")
    assert bar.status.text() == "No match"


def test_a_search_and_its_result_on_a_long_accented_article_fold_only_around_the_match(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the snippet nor opening the result folds the whole article (a search of 200 accented
    documents folded each whole for its snippet; a result on the 5 MB article lowercased it all, 35-100
    ms): the place is found by a loose search, checked in the fold of a few characters around it."""
    folded: list[int] = []

    class Counted(text_find.FoldedText):
        def __init__(self, text: str, case_sensitive: bool = False) -> None:
            folded.append(len(text))
            super().__init__(text, case_sensitive)

    window = open_window(prepare=_places)
    for module in (text_find, loose_find):  # (the loose search's own folds, and any other)
        monkeypatch.setattr(module, "FoldedText", Counted)
    text, query, selected = PLACES["Deep"]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    pane = window.docs.search_pane
    qtbot.keyClicks(pane.edit, query)
    qtbot.waitUntil(lambda: pane.status.text() == "1 document")
    qtbot.keyClick(pane.edit, Qt.Key.Key_Return)
    assert _selected(window) == selected
    assert folded and max(folded) < 1_000, f"folded {max(folded):,} of the article's {len(text):,} characters"

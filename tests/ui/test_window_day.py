"""A fact-checker's day on a wire story (tests/ui/day_article.py), from the keyboard only, in the real window,
at a laptop's size and at 800x600: open the article, find, tag, attribute, link and follow, name the
speaker, write a note, make a claim card, vote, give verdicts, undo and redo, export ClaimReview and CSV,
import a teammate's export and review it, quit and start again. WALKTHROUGH_SHOTS=folder keeps a
screenshot of each step. Found on the way: the link picker filtered on elided lines (a claim's last words
matched nothing, and Enter then closed it having done nothing); the verdict dialogs took Ctrl+Enter as a
line break; Export offered no ClaimReview; a card's first text kept half a pair of quotation marks; the
Claims pane grew an 800x600 window to 1005x670; messages quoted a whole quotation twice (““…””)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from tests.ui.day_article import ARTICLE, TITLE
from tests.ui.day_support import ALT, CTRL, SHIFT, Day, K, answer_dialogs, keys
from tests.ui.window_support import finish_operations, isolated_settings, show
from ui import app
from ui.main_window import MainWindow
from ui.settings import Settings

# the offscreen platform cannot raise a window or grab the keyboard (the file dialog, popups)
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", r"support raise\(\)", "grabbing the keyboard")


def card_state(w: MainWindow, card_id: str) -> tuple[str, list[str], list[tuple[str, bool]]]:
    detail = w.claims.model.detail(card_id)
    assert detail is not None
    verdicts = sorted((v.verdict, v.final) for v in detail.verdicts if v.deleted_at is None)
    return detail.card.status, [v.value for v in detail.votes if v.deleted_at is None], verdicts


def teammate_export(tmp_path: Path) -> Path:
    """Bob's export of the same article: the mayor's claim tagged as he saw it, and two tags of his own."""
    store = Store.open(tmp_path / "bob.db")
    doc, _ = store.add_document(Document.create(ARTICLE, title=TITLE, source="harbour-water-rates.txt"))
    for words, label in (
        ("“have not risen in real terms for a decade”", "claim"),
        ("“frozen rates outright”", "claim"),
        ("the utility ran a surplus in three of those years", "denial"),
    ):
        start = ARTICLE.index(words)
        store.add_annotation(new_annotation(doc, start, start + len(words), label, "bob"), doc.text)
    out = tmp_path / "bob-export.json"
    export(store, "json", out)
    store.close()
    return out


def start_app(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings, size: tuple[int, int]
) -> MainWindow:
    """The app as `factcheck --db PATH --annotator alice` starts it, at the size given."""
    w = app.create_window(db_path, "alice", settings=settings)
    assert w is not None
    windows.append(w)
    show(qtbot, w, resize=False)
    w.resize(*size)
    return w


@pytest.mark.parametrize("size", [(1366, 768), (800, 600)], ids=["1366x768", "800x600"])
def test_a_fact_checkers_day_from_the_keyboard(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    settings = isolated_settings(tmp_path)
    w = start_app(qtbot, windows, db_path, settings, size)
    day = Day(qtbot, w, f"{size[0]}x{size[1]}-")
    article = tmp_path / "harbour-water-rates.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    day.shot("start")
    seen = answer_dialogs(keys(qtbot, str(article), K.Key_Return), keys(qtbot, K.Key_Return))
    day.press(K.Key_O, CTRL)
    finish_operations(qtbot, w)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=30000)  # the import, on a loaded machine
    assert day.back() is w.view, day.focus()
    day.shot("opened")

    # the mayor's claim, her name, her verb
    claim_words = "the city’s water rates “have not risen in real terms for a decade”"
    day.select(claim_words, "that " + claim_words)
    day.shot("selected")
    day.press(K.Key_1)
    claim = day.current()
    assert (claim.label, claim.quote) == ("claim", claim_words)
    day.shot("claim")
    day.find("Mayor Dana Okafor")
    day.press(K.Key_4)
    source = day.current()
    assert (source.label, source.quote) == ("source", "Mayor Dana Okafor")
    day.select("said", "Okafor said on")
    day.press(K.Key_5)
    cue = day.current()
    assert cue.label == "cue"
    day.press(K.Key_Tab)
    assert day.current().id == claim.id, day.current()
    day.press(K.Key_S)
    day.press(K.Key_C)
    day.press(K.Key_Q)
    attributed = day.current()
    said = (attributed.source, attributed.cue, attributed.quotation)
    assert said == (source.id, cue.id, "direct"), day.status()
    day.shot("attributed")

    # the ratepayers' denial, linked to the claim; follow the link and come back
    denial_words = "“The rates have risen faster than inflation in six of the last ten years,”"
    day.find(denial_words)
    day.press(K.Key_2)
    denial = day.current()
    assert denial.label == "denial"
    titles = answer_dialogs(keys(qtbot, K.Key_Return), keys(qtbot, "decade", K.Key_Return))
    day.press(K.Key_L)
    assert day.back() is w.view, day.focus()
    assert titles == ["Link type", "Link target"], titles
    # a whole quotation tagged reads once quoted, not ““…”” (and the picker found the claim by its end)
    linked_text = day.status()
    assert linked_text.startswith("Linked: “The rates have risen faster t…” denies “the city’s"), linked_text
    assert "““" not in linked_text and "””" not in linked_text, linked_text
    linked = w.project.links(w.current_document_id() or "")
    assert [(ln.type, ln.from_id, ln.to_id) for ln in linked] == [("denies", denial.id, claim.id)]
    day.shot("linked")
    day.press(K.Key_F)
    assert day.current().id == claim.id, day.status()
    day.shot("followed")
    day.press(K.Key_Left, ALT)
    assert day.current().id == denial.id, day.status()

    # the speaker named on the source tag
    while day.current().id != source.id:
        day.press(K.Key_Backtab, SHIFT)
    titles = answer_dialogs(keys(qtbot, "Dana Okafor", K.Key_Return))
    day.press(K.Key_W)
    assert day.back() is w.view, day.focus()
    named = w.project.store.annotation(source.id)
    assert named is not None and named.speaker, day.status()
    day.shot("speaker")

    # a note on the claim: F2, typed on two lines, Ctrl+Enter
    day.press(K.Key_Tab)
    day.press(K.Key_Tab)
    assert day.current().id == claim.id
    answer_dialogs(keys(qtbot, "Check the 2014", K.Key_Return, "rate tables", (K.Key_Return, CTRL)))
    day.press(K.Key_F2)
    assert day.back() is w.view, day.focus()
    assert day.current().note == "Check the 2014\nrate tables", day.status()
    day.shot("note")

    # a claim card from the claim (K): the text and the speaker come from the tag, Enter makes it
    titles = answer_dialogs(day.answer("card-editor", K.Key_Return))
    day.press(K.Key_K)
    assert day.back() is w.view, day.focus()
    assert titles == ["New claim card"], titles
    cards = list(w.claims.model.rows())
    assert len(cards) == 1 and cards[0].speaker_name == "Dana Okafor", cards
    day.shot("card")
    # to the Claims pane: a check-worthy vote with its reason, a verdict, the final one, the status on
    day.press(K.Key_C, CTRL | SHIFT)
    assert day.focus() is w.claims.pane.view, day.focus()
    answer_dialogs(day.answer("vote", "The rates are the council's biggest decision this year", K.Key_Return))
    day.press(K.Key_Y)
    assert day.back() is w.claims.pane.view, day.focus()
    ctrl_enter = (K.Key_Return, CTRL)  # as in the note editor: the explanation is several lines
    answer_dialogs(day.answer("verdict", K.Key_Down, K.Key_Down, K.Key_Tab, "Bills rose 21%.", ctrl_enter))
    day.press(K.Key_V)
    assert day.back() is w.claims.pane.view, day.focus()
    answer_dialogs(day.answer("final", K.Key_Down, K.Key_Down, K.Key_Tab, "As the bureau shows.", ctrl_enter))
    day.press(K.Key_F)
    assert day.back() is w.claims.pane.view, day.focus()
    day.press(K.Key_S)
    card = card_state(w, cards[0].id)
    assert card == ("published", ["yes"], [("Half true", False), ("Half true", True)]), card
    day.shot("verdicts")

    # undo the status and the final verdict, redo them: the card follows, the focus stays in the pane
    day.press(K.Key_Z, CTRL)
    day.press(K.Key_Z, CTRL)
    assert card_state(w, cards[0].id) == ("new", ["yes"], [("Half true", False)])
    assert day.focus() is w.claims.pane.view, day.focus()
    day.press(K.Key_Z, CTRL | SHIFT)
    day.press(K.Key_Z, CTRL | SHIFT)
    assert card_state(w, cards[0].id) == card
    day.shot("undone-redone")
    # back to the article (the pane's key again); delete the denial and undo: it comes back current
    day.press(K.Key_C, CTRL | SHIFT)
    assert day.focus() is w.view and day.current().id == claim.id, day.focus()
    day.press(K.Key_Tab)
    assert day.current().id == denial.id
    day.press(K.Key_Delete)
    assert denial.id not in w.open_doc.tags.by_id
    day.press(K.Key_Z, CTRL)
    assert day.current().id == denial.id, "the tag brought back by Ctrl+Z is the current tag again"
    assert [ln.to_id for ln in w.project.links(w.current_document_id() or "")] == [claim.id]
    day.shot("delete-undone")

    # export: the verdicts as ClaimReview, the tags as CSV (Ctrl+E; the format chosen from the keyboard)
    folder = w.project.path.parent if w.project.path else tmp_path
    # ClaimReview wants a web address for each review: the dialog says how to give one, and stays open
    titles = answer_dialogs(
        day.answer("export-claimreview", K.Key_End, K.Key_Up, K.Key_Return),
        day.answer("export-claimreview-no-url", K.Key_Return),
        keys(qtbot, K.Key_Escape),
    )
    day.press(K.Key_E, CTRL)
    assert day.back() is w.view, day.focus()
    assert titles == ["Export tags", "Export", "Export tags"], titles
    assert not (folder / "factcheck-claimreview.json").exists()
    day.press(K.Key_C, CTRL | SHIFT)
    review_url = "https://factcheck.example.org/harbour-rates"
    answer_dialogs(day.answer("final-url", K.Key_Tab, K.Key_Tab, K.Key_Tab, review_url, ctrl_enter))
    day.press(K.Key_F)
    assert day.back() is w.claims.pane.view, day.focus()
    day.press(K.Key_C, CTRL | SHIFT)
    assert day.focus() is w.view, day.focus()
    titles = answer_dialogs(day.answer("export-claimreview-again", K.Key_End, K.Key_Up, K.Key_Return),
                            day.answer("exported-claimreview", K.Key_Return))  # fmt: skip
    day.press(K.Key_E, CTRL)
    finish_operations(qtbot, w)
    assert day.back() is w.view, day.focus()
    assert titles == ["Export tags", "Export finished"], titles
    reviews = json.loads((folder / "factcheck-claimreview.json").read_text(encoding="utf-8"))
    assert [r["claimReviewed"] for r in reviews] == [cards[0].text]
    assert reviews[0]["reviewRating"]["alternateName"] == "Half true" and reviews[0]["url"] == review_url
    titles = answer_dialogs(day.answer("export-csv", K.Key_Return), keys(qtbot, K.Key_Return))
    day.press(K.Key_E, CTRL)
    finish_operations(qtbot, w)
    assert day.back() is w.view, day.focus()
    with (folder / "factcheck-export.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["label"] for r in rows) == ["claim", "cue", "denial", "source"], rows
    day.shot("exported")

    # a teammate's export (Ctrl+I), then the review: N to bob's tags, A accepts one, R rejects one
    bobs = teammate_export(tmp_path)
    titles = answer_dialogs(keys(qtbot, str(bobs), K.Key_Return), day.answer("import-report", K.Key_Return))
    day.press(K.Key_I, CTRL)
    finish_operations(qtbot, w)
    assert day.back() is w.view, day.focus()
    assert titles[-1] == "Import finished", titles
    day.press(K.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(w.review.dock.isVisible)
    day.shot("review")
    panel = w.review.panel

    def next_of(annotator: str) -> Annotation:
        for _ in range(10):
            day.press(K.Key_N)
            tag = panel.current_annotation()
            if tag is not None and tag.annotator == annotator and tag.status is None:
                return tag
        raise AssertionError(f"N never reached an undecided tag of {annotator}: {day.status()}")

    accepted = next_of("bob")
    day.press(K.Key_A)
    rejected = next_of("bob")
    assert rejected.id != accepted.id
    titles = answer_dialogs(day.answer("reject-reason", "Not what the story says", K.Key_Return))
    day.press(K.Key_R)
    assert day.back() is w.view, day.focus()
    assert titles == ["Reject tag"], titles
    decisions = {t.id: (t.status, t.reason) for t in w.project.store.annotations(w.current_document_id())}
    assert decisions[accepted.id][0] == "accepted", decisions
    assert decisions[rejected.id] == ("rejected", "Not what the story says"), decisions
    day.shot("reviewed")

    # quit (Ctrl+Q) and start again: the article open, every tag, link, note, card and decision there
    doc_id = w.current_document_id()
    before = {t.id: t for t in w.project.store.annotations(doc_id) if t.deleted_at is None}
    before_links = w.project.links(doc_id or "")
    day.press(K.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not w.isVisible())
    w.project.close()
    windows.remove(w)
    again = start_app(qtbot, windows, db_path, settings, size)
    assert again.current_document_id() == doc_id
    after = {t.id: t for t in again.project.store.annotations(doc_id) if t.deleted_at is None}
    assert after == before
    assert again.project.links(doc_id or "") == before_links
    assert after[claim.id].note == "Check the 2014\nrate tables" and after[claim.id].source == source.id
    assert again.table.proxy.rowCount() == len(before)
    assert card_state(again, cards[0].id) == card
    day.window = again
    day.shot("reopened")

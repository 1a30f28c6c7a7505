"""An identical tag (same span, label and annotator) is never made twice: the existing one becomes current."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.errors import DuplicateTag
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import point_at

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def live(store: Store, document_id: str) -> list[Annotation]:
    return store.annotations(document_id)


def test_double_click_a_tagged_word_and_its_key_again_makes_no_second_tag(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window()
    doc_id = window.current_document_id() or ""
    text = window.open_doc.text
    word = text.index("crime") + 2
    for _ in range(2):
        qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window, word))
        assert window.view.selected_span() == (text.index("crime"), text.index("crime") + 5)
        qtbot.keyClick(window.view, Qt.Key.Key_1)
    (tag,) = live(window.project.store, doc_id)
    assert (tag.quote, tag.label, tag.annotator) == ("crime", "claim", "alice")
    assert window.view.current_annotation() == tag.id == window.table.current_annotation()
    assert window.view.selected_span() is None  # the next key relabels the existing tag
    message = window.statusBar().currentMessage()
    assert "Already tagged" in message and "no second tag" in message
    assert window.undo_stack.count() == 1  # nothing to undo for the refused one
    # The next key acts on that tag: relabelling it, not tagging anew.
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    (tag,) = live(window.project.store, doc_id)
    assert tag.label == "denial"


def test_relabelling_onto_an_identical_tag_shows_that_tag_instead(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    def prepare(store: Store, doc: Document) -> None:
        start = doc.text.index("crime")
        for label in ("claim", "denial"):
            store.add_annotation(new_annotation(doc, start, start + 5, label, "alice"))

    window = open_window(prepare=prepare)
    doc_id = window.current_document_id() or ""
    claim, denial = sorted(live(window.project.store, doc_id), key=lambda a: a.label)
    window.view.set_current(denial.id)
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # denial -> claim would repeat the claim tag
    after = {a.id: a.label for a in live(window.project.store, doc_id)}
    assert after == {claim.id: "claim", denial.id: "denial"}
    assert window.view.current_annotation() == claim.id
    assert "Already tagged" in window.statusBar().currentMessage()


def test_the_store_refuses_a_duplicate_on_every_path(db_path: object) -> None:
    store = Store.open(str(db_path))
    doc, _ = store.add_document(Document.create("The minister said crime fell.", title="t"))
    start = doc.text.index("crime")
    first = store.add_annotation(new_annotation(doc, start, start + 5, "claim", "alice"))
    with pytest.raises(DuplicateTag) as refused:
        store.add_annotation(new_annotation(doc, start, start + 5, "claim", "alice"))
    assert refused.value.existing_id == first.id
    # Another annotator's identical tag, or another label, is not a duplicate.
    bob = store.add_annotation(new_annotation(doc, start, start + 5, "claim", "bob"))
    other = store.add_annotation(new_annotation(doc, start, start + 5, "denial", "alice"))
    with pytest.raises(DuplicateTag):
        store.patch_annotation(other.id, {"label": "claim"})
    with pytest.raises(DuplicateTag):
        store.update_annotation(other.id, label="claim")
    # Deleted, a tag may be made again; restoring the old one would then repeat it.
    store.delete_annotation(first.id)
    again = store.add_annotation(new_annotation(doc, start, start + 5, "claim", "alice"))
    with pytest.raises(DuplicateTag):
        store.restore_annotation(first.id)
    assert {a.id for a in store.annotations(doc.id)} == {bob.id, other.id, again.id}
    store.close()

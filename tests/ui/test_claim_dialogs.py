"""The claim dialogs on their own: the card editor, the card picker, the verdict and scale dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.claim_editor import ADVISED_CHARS, ClaimEditor
from ui.claim_picker import ClaimPicker, ranked
from ui.scale_dialog import OrganizationDialog, ScaleDialog
from ui.verdict_dialog import VerdictDialog, parse_evidence

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SCALE = [("True", 5, "#009e73"), ("Half true", 3, "#f0e442"), ("False", 1, "#d55e00")]
SPEAKERS = [("sp-1", "Rex Tillerson"), ("sp-2", "Anna Smith")]


def test_the_card_editor_counts_characters_as_advice_and_checks_dates_and_urls(qtbot: QtBot) -> None:
    editor = ClaimEditor(None, text="Crime fell.", speakers=SPEAKERS, speaker_id="sp-2",
                         document_sources=["https://news.example.org/a"], quote="crime fell")  # fmt: skip
    qtbot.addWidget(editor)
    assert editor.counter.text() == f"11/{ADVISED_CHARS}"
    assert editor.speaker_edit.text() == "Anna Smith"
    long = "Crime fell by twenty percent in every district of the city during the last year alone."
    editor.text_edit.setText(long)
    assert editor.counter.text() == f"{len(long)}/{ADVISED_CHARS}"
    assert "b00020" in editor.counter.styleSheet()  # red: advice only
    assert editor.problem() is None  # a long claim is still accepted
    editor.date_edit.setText("2024-02-30")
    assert editor.problem() == "“2024-02-30” is not a date: type it as YYYY-MM-DD, or leave it empty."
    editor.date_edit.setText("2024-02-29")
    editor.urls_edit.setPlainText("https://tv.example.org/clip\njavascript:alert(1)")
    assert editor.problem() == "“javascript:alert(1)” is not a web address (http:// or https://)."
    editor.urls_edit.setPlainText("https://tv.example.org/clip\n\nhttps://tv.example.org/clip")
    editor.speaker_edit.setText("rex tillerson")  # case does not matter
    fields = editor.fields()
    assert (fields.speaker_id, fields.new_speaker, fields.claim_date, fields.appearances) == (
        "sp-1", None, "2024-02-29", ("https://tv.example.org/clip",))  # fmt: skip
    editor.speaker_edit.setText("  Jane   Roe ")
    assert editor.speaker_note.text() == "New speaker: “Jane Roe” will be added to the project"
    assert editor.fields().new_speaker == "Jane Roe"
    editor.text_edit.setText("   ")
    assert editor.problem() == "Type the claim as checked: one plain sentence."
    editor.show()
    qtbot.waitExposed(editor)
    editor.text_edit.setText(long)
    editor.grab().save("/tmp/s12ui/editor.png")


def test_the_speaker_box_completes_a_name_from_any_part(qtbot: QtBot) -> None:
    editor = ClaimEditor(None, speakers=SPEAKERS)
    qtbot.addWidget(editor)
    completer = editor.speaker_edit.completer()
    completer.setCompletionPrefix("tiller")
    assert completer.currentCompletion() == "Rex Tillerson"


def test_the_speaker_box_takes_a_straight_apostrophe_for_a_curly_one(qtbot: QtBot) -> None:
    editor = ClaimEditor(None, speakers=[*SPEAKERS, ("sp-3", "Dan O’Brien")])
    qtbot.addWidget(editor)
    editor.speaker_edit.setText("dan o'brien")  # as typed; the article printed O’Brien
    assert editor.speaker_note.text() == ""  # no "New speaker" note
    assert (editor.fields().speaker_id, editor.fields().new_speaker) == ("sp-3", None)


def test_the_speaker_box_takes_a_merged_speakers_name_for_the_one_it_was_merged_into(qtbot: QtBot) -> None:
    editor = ClaimEditor(None, speakers=SPEAKERS, aliases=[("sp-1", "Tillerson")])
    qtbot.addWidget(editor)
    editor.speaker_edit.setText("Tillerson")
    assert editor.speaker_note.text() == ""  # no "New speaker" note
    assert (editor.fields().speaker_id, editor.fields().new_speaker) == ("sp-1", None)


def test_cards_are_ranked_by_likeness_to_the_tag() -> None:
    choices = [
        ("a", "Unemployment fell to 3.5 percent last year.", ""),
        ("b", "Crime doubled under my opponent's watch.", ""),
        ("c", "Our city built 12,000 new homes since 2020.", ""),
    ]
    assert ranked("crime has doubled under his watch", choices)[0][0] == "b"
    assert ranked("12000 homes built", choices)[0][0] == "c"
    assert [c[0] for c in ranked("", choices)] == ["a", "b", "c"]  # nothing typed: as given


def test_the_picker_moves_with_the_arrows_while_typing(qtbot: QtBot) -> None:
    choices = [(str(i), f"Claim number {i} about taxes", "") for i in range(5)]
    picker = ClaimPicker(None, "taxes", choices)
    qtbot.addWidget(picker)
    assert picker.list.count() == 5 and picker.list.currentRow() == 0
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.list.currentRow() == 2
    qtbot.keyClicks(picker.search, "number 4")
    assert picker.chosen() == "4"


def test_evidence_lines_are_a_url_and_a_title() -> None:
    pairs, problem = parse_evidence("https://a.example/x  Police   figures\n\nhttps://b.example/y")
    assert problem is None and pairs == [
        ("https://a.example/x", "Police figures"),
        ("https://b.example/y", ""),
    ]
    _pairs, problem = parse_evidence("see the report")
    assert problem is not None and "must start with a web address" in problem


def test_the_verdict_dialog_asks_the_final_fields_only_of_the_reviewer(qtbot: QtBot) -> None:
    mine = VerdictDialog(None, claim_text="Crime fell.", scale=SCALE, current=None, final=False)
    qtbot.addWidget(mine)
    assert mine.review_url.isHidden() or not mine.review_url.isVisibleTo(mine)
    final = VerdictDialog(None, claim_text="Crime fell.", scale=SCALE, current=None, final=True,
                          others=[("alice", "True"), ("bob", "False")])  # fmt: skip
    qtbot.addWidget(final)
    final.verdict_box.setCurrentIndex(1)
    final.review_url.setText("ftp://x")
    assert final.problem() == "The review URL must start with http:// or https://"
    final.review_url.setText("https://desk.example.org/r/1")
    final.date_published.setText("2026-03-04")
    final.evidence.setPlainText("https://stats.example.gov Crime statistics")
    fields = final.fields()
    assert (fields.verdict, fields.review_url, fields.date_published, fields.evidence) == (
        "Half true", "https://desk.example.org/r/1", "2026-03-04",
        (("https://stats.example.gov", "Crime statistics"),))  # fmt: skip
    final.show()
    qtbot.waitExposed(final)
    final.grab().save("/tmp/s12ui/verdict.png")


def test_the_scale_dialog_renames_recolours_and_refuses_to_remove_a_used_rating(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ScaleDialog(None, SCALE, {"Half true": 2})
    qtbot.addWidget(dialog)
    dialog.table.setCurrentCell(1, 0)
    dialog.remove_current()
    assert dialog.table.rowCount() == 3
    assert dialog.error.text() == "“Half true” is used by 2 verdicts: it cannot be removed."
    dialog.table.item(1, 0).setText("Half-true")  # type: ignore[union-attr]
    monkeypatch.setattr("ui.scale_dialog.pick_color", lambda _parent, _current: "#123456")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    dialog.table.setCurrentCell(1, 2)
    dialog.choose_color(1)
    dialog.add_step()
    dialog.table.item(3, 0).setText("Pants on fire")  # type: ignore[union-attr]
    assert dialog.problem() is None
    dialog.move_current(-1)  # the new one moves above False
    assert dialog.steps() == [("True", 5, "#009e73"), ("Half-true", 3, "#123456"),
                              ("Pants on fire", 0, "#999999"), ("False", 1, "#d55e00")]  # fmt: skip
    assert dialog.renames() == {"True": "True", "Half true": "Half-true", "False": "False"}
    dialog.table.item(2, 0).setText("true")  # type: ignore[union-attr]
    assert dialog.problem() == "“true” is there twice: names must differ."
    dialog.table.item(2, 1).setText("x")  # type: ignore[union-attr]
    dialog.table.item(2, 0).setText("Pants on fire")  # type: ignore[union-attr]
    assert dialog.problem() == "The value of “Pants on fire” must be a whole number, not “x”."
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save("/tmp/s12ui/scale.png")


def test_the_organization_needs_a_web_address(qtbot: QtBot) -> None:
    dialog = OrganizationDialog(None, "", "")
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("  Fact   Desk ")
    dialog.url_edit.setText("factdesk.example.org")
    dialog.accept()
    assert dialog.error.text() == "The web address must start with http:// or https://"
    dialog.url_edit.setText("https://factdesk.example.org")
    assert dialog.values() == ("Fact Desk", "https://factdesk.example.org")

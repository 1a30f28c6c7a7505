"""The window's import and export dialogs with brat pairs and the links CSV; a brat folder (a factcheck
export) whose speaker is named badly, or whose same-as is no web address, refused whole in one dialog."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store, attribution, speakers
from factcheck.core.speakers import new_speaker
from factcheck.services.exporting import export
from tests.factcheck.services.brat_helpers import CORPUS
from tests.helpers.structure import seed
from tests.ui.window_support import finish_operations, isolated_settings, show
from ui import app
from ui.import_export import IMPORT_FILTER, ExportDialog, start_export, start_import
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = app.create_window(tmp_path / "p.db", "alice", files=None, settings=isolated_settings(tmp_path))
    assert w is not None
    yield show(qtbot, w)
    w.close()
    w.project.close()


def test_import_a_brat_pair_then_export_its_links(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    assert "*.ann" in IMPORT_FILTER
    job = start_import(window.feedback, window.project, [str(CORPUS / "lavrov.ann")], "alice")
    assert job is not None
    finish_operations(qtbot, window)
    assert dialogs[-1][0] == "information" and "Links: 2 added" in dialogs[-1][1]
    dialog = ExportDialog(window, window.project, window.current_document_id())
    qtbot.addWidget(dialog)
    index = dialog.format.findData("links-csv")
    assert dialog.format.itemText(index) == "CSV of links (one row per link)"
    dialog.format.setCurrentIndex(index)
    dialog.document.setCurrentIndex(dialog.document.findData(None))  # all documents, not the sample
    out = tmp_path / "links.csv"
    job = start_export(window.feedback, window.project, dialog.fmt(), out, **dialog.options())
    assert job is not None
    finish_operations(qtbot, window)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["type"] for r in rows) == ["characterizes", "denies"]
    assert {r["annotator"] for r in rows} == {"alice"}
    assert dialogs[-1] == ("information", f"Export finished: 2 links written to\n{out}")  # not "tags"


def test_the_windows_brat_export_names_files_after_the_articles(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    job = start_import(window.feedback, window.project, [str(CORPUS / "lavrov.ann")], "alice")
    assert job is not None
    finish_operations(qtbot, window)
    dialog = ExportDialog(window, window.project, window.current_document_id())
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("brat"))
    dialog.document.setCurrentIndex(dialog.document.findData(None))
    out = tmp_path / "brat"
    job = start_export(window.feedback, window.project, dialog.fmt(), out, **dialog.options())
    assert job is not None
    finish_operations(qtbot, window)
    names = {p.name for p in out.glob("*.txt")}
    assert "lavrov.txt" in names  # after the file it came from, not its id
    assert (out / "lavrov.txt").read_text(encoding="utf-8") == (CORPUS / "lavrov.txt").read_text(
        encoding="utf-8"
    )
    assert (out / "factcheck-documents.json").is_file()


def _bad_speaker_folder(tmp_path: Path, old: str, new: str) -> Path:
    with Store.open(tmp_path / "ben.db") as store:
        s = seed(store, "ben")
        roe = speakers.add_speaker(store, new_speaker("Jane Roe"))
        attribution.set_speaker(store, s.tillerson.id, roe.id)
        export(store, "brat", tmp_path / "brat")
    folder = tmp_path / "brat"
    assert (folder / "factcheck-documents.json").is_file()
    (ann,) = folder.glob("*.ann")
    text = ann.read_text(encoding="utf-8")
    assert old in text
    ann.write_text(text.replace(old, new), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("\tJane Roe\n", "\tJane\u202eRoe\n", ["“Jane\\u202eRoe”", "rename that speaker"]),
        (
            "Wikidata:Q155294",
            "URL:javascript:alert(1)",
            ["“Sergei Lavrov”, its same_as", "not a web address"],
        ),
    ],
)
def test_a_brat_folder_with_a_bad_speaker_is_refused_whole_in_one_dialog(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    dialogs: list[tuple[str, str]],
    old: str,
    new: str,
    said: list[str],
) -> None:
    folder = _bad_speaker_folder(tmp_path, old, new)
    before = len(window.project.documents())
    job = start_import(window.feedback, window.project, [str(folder)], "alice")
    assert job is not None
    finish_operations(qtbot, window)
    (kind, text), *_ = [d for d in dialogs if d[0] == "critical"] or [("none", "")]
    assert kind == "critical", dialogs
    assert all(s in text for s in said) and "nothing was imported" in text.lower(), text
    assert "\u202e" not in text and "Traceback" not in text
    assert len(window.project.documents()) == before
    assert window.project.speakers() == []

"""The window's import of a brat folder (a factcheck export, its side file beside the pairs) whose
speaker is named badly, or whose same-as is no web address: refused whole, one dialog saying what and
what to do, the project unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store, attribution, speakers
from factcheck.core.speakers import new_speaker
from factcheck.services.exporting import export
from tests.helpers.structure import seed
from tests.ui.window_support import finish_operations, isolated_settings, show
from ui import app
from ui.import_export import start_import
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = app.create_window(tmp_path / "p.db", "alice", files=None, settings=isolated_settings(tmp_path))
    assert w is not None
    yield show(qtbot, w)
    w.close()
    w.project.close()


def _folder(tmp_path: Path, old: str, new: str) -> Path:
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
    folder = _folder(tmp_path, old, new)
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

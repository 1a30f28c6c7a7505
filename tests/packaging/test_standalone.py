"""The standalone build (PyInstaller, one folder) for this platform, started as a user would."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from db import Store
from factcheck import __version__
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.packaging.support import ARTICLE, open_window, run, user_env
from ui.icon import SIZES

pytestmark = pytest.mark.slow

HTML = (
    "<html><head><title>Minister on crime</title></head><body><article><h1>Minister on crime</h1>"
    "<p>The minister said crime fell by twenty percent last year, according to police figures.</p>"
    "<p>Critics called the claim misleading and cherry-picked, and asked for the raw data.</p>"
    "</article></body></html>"
)


def test_folder_holds_only_the_qt_it_uses(standalone: Path) -> None:
    internal = standalone.parent / "_internal"
    qt_modules = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.so")}
    assert qt_modules == {"QtCore", "QtGui", "QtWidgets"}
    for unused in ("numpy", "tkinter", "PySide6/Qt/qml", "babel/locale-data/de.dat"):
        assert not (internal / unused).exists(), unused
    assert not [p for p in (internal / "PySide6" / "Qt" / "translations").glob("*.qm") if "_en" not in p.name]
    assert (internal / "resources" / "icons" / "factcheck-512.png").is_file()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (internal / "licenses" / "LGPL-3.0.txt").read_text()


def test_folder_holds_no_qt_library_nothing_loads(standalone: Path) -> None:
    """A Qt library that only a left-out plugin linked to (Qt Network for the VNC screen) stays out."""
    from PyInstaller.depend.bindepend import get_imports  # the build's own reading of what links to what

    internal = standalone.parent / "_internal"
    qt_lib = internal / "PySide6" / "Qt" / "lib"
    roots = [standalone, *(p for p in internal.rglob("*.so*") if p.is_file() and qt_lib not in p.parents)]
    loaded = {name for root in roots for name, _ in get_imports(str(root))}
    assert sorted(p.name for p in qt_lib.iterdir() if p.name not in loaded) == []


def test_standalone_runs_the_commands_and_the_window(standalone: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    env = user_env(tmp_path / "home")
    exe = str(standalone)

    version = run([exe, "--version"], env, work)
    assert (version.returncode, version.stdout) == (0, f"factcheck {__version__}\n")

    with Store.open(work / "bob.factcheck") as store:
        doc, _ = store.add_document(Document.create(ARTICLE, title="Minister", source="m.txt"))
        tag = store.add_annotation(new_annotation(doc, 4, 12, "claim", "bob"))
    (work / "page.html").write_text(HTML, encoding="utf-8")
    imported = run([exe, "import", "bob.factcheck", "page.html"], env, work)
    assert imported.returncode == 0, imported.stderr
    exported = run([exe, "export", "--format", "jsonl", "--out", "tags.jsonl"], env, work)
    assert exported.returncode == 0, exported.stderr
    rows = [json.loads(line) for line in (work / "tags.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["start"], r["end"], r["label"]) for r in rows if "label" in r] == [
        (tag.id, 4, 12, "claim")
    ]
    listed = run([exe, "list"], env, work)
    assert "Minister on crime" in listed.stdout  # the HTML article was read (trafilatura's data is there)

    report = open_window([exe], env, work, python_hook=False)
    (window,) = report["windows"]
    assert window["documents"] == 2 and report["dialogs"] == []
    assert sorted(window["icon_sizes"]) == list(SIZES)
    assert Path(report["package"]).is_relative_to(standalone.parent)
    # The About dialog's list of licences comes from metadata shipped in the folder.
    libraries = report["about_libraries"]
    assert "LGPL-3.0" in libraries["PySide6_Essentials"] and "sqlite-utils" in libraries


def test_standalone_opens_a_project_from_the_desktop_entry(standalone: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path / "home")
    installed = run([str(standalone), "install-desktop"], env, tmp_path)
    assert installed.returncode == 0, installed.stderr
    entry = tmp_path / "home" / ".local" / "share" / "applications" / "factcheck.desktop"
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    command = shlex.split(exec_line.removeprefix("Exec="))
    assert command == [str(standalone), "%F"]
    project = tmp_path / "Newsroom.factcheck"
    report = open_window([command[0], str(project)], env, tmp_path, python_hook=False)
    (window,) = report["windows"]
    assert window["database"] == str(project) and window["documents"] == 1  # the sample article

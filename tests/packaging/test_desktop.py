"""Desktop integration on Linux: `factcheck install-desktop` and opening files from a file manager."""

from __future__ import annotations

import configparser
import shlex
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.cli.install_desktop_cmd import ICON_SIZES, ICONS, PROJECT_MIME, desktop_entry, installed_files
from factcheck.cli.opening import is_project, project_and_files
from factcheck.core.model import Document
from tests.packaging.support import ARTICLE, ROOT, open_window, user_env


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


class _CaseSensitiveParser(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr  # desktop entry keys are case-sensitive


def _entry(home: Path) -> configparser.SectionProxy:
    parser = _CaseSensitiveParser(interpolation=None, delimiters=("=",))
    parser.read(home / "applications" / "factcheck.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_writes_a_valid_entry_icons_and_file_type(data_home: Path) -> None:
    assert main(["install-desktop"]) == 0
    desktop = data_home / "applications" / "factcheck.desktop"
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing: apt-get install desktop-file-utils (.ci/run does)"
    result = subprocess.run([validator, str(desktop)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    entry = _entry(data_home)
    assert entry["Type"] == "Application" and entry["Name"] == "factcheck" and entry["Comment"]
    assert entry["Icon"] == "factcheck" and entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    command = shlex.split(entry["Exec"])
    assert command[-1] == "%F"
    assert Path(command[0]).is_absolute() and Path(command[0]).exists()
    assert PROJECT_MIME in entry["MimeType"].split(";")
    assert {"text/plain", "text/html", "application/json"} <= set(entry["MimeType"].split(";"))
    for n in ICON_SIZES:
        icon = data_home / "icons" / "hicolor" / f"{n}x{n}" / "apps" / "factcheck.png"
        assert icon.read_bytes() == (ICONS / f"factcheck-{n}.png").read_bytes()
    svg = data_home / "icons" / "hicolor" / "scalable" / "apps" / "factcheck.svg"
    assert svg.read_bytes() == (ICONS / "factcheck.svg").read_bytes()
    xml = (data_home / "mime" / "packages" / "factcheck.xml").read_text(encoding="utf-8")
    assert '<glob pattern="*.factcheck"/>' in xml


def test_the_mime_database_knows_factcheck_projects(data_home: Path) -> None:
    """update-mime-database (shared-mime-info, on every Linux desktop) compiled our type: by name, and
    by content (SQLite files carrying factcheck's application id, whatever their name)."""
    assert shutil.which("update-mime-database"), "apt-get install shared-mime-info (.ci/run does)"
    assert main(["install-desktop"]) == 0
    globs = (data_home / "mime" / "globs2").read_text(encoding="utf-8")
    assert f"{PROJECT_MIME}:*.factcheck" in globs
    magic = (data_home / "mime" / "magic").read_bytes()
    assert PROJECT_MIME.encode() in magic and b"FCHK" in magic


def test_uninstall_removes_exactly_what_install_wrote(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = data_home / "applications" / "other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n", encoding="utf-8")
    assert main(["install-desktop"]) == 0
    assert all(p.is_file() for p in installed_files(data_home))
    assert main(["install-desktop", "--uninstall"]) == 0
    assert not any(p.exists() for p in installed_files(data_home))
    assert not list(data_home.rglob("factcheck*"))
    assert other.exists()
    assert "Removed 11 files" in capsys.readouterr().out
    assert main(["install-desktop", "--uninstall"]) == 0
    assert "Nothing to remove" in capsys.readouterr().out


def test_install_into_an_unwritable_folder_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert main(["install-desktop"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("factcheck: Cannot write into") and err.count("\n") == 1


def _foreign_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


def test_which_file_is_the_project(tmp_path: Path) -> None:
    ours = tmp_path / "team.db"
    Store.open(ours).close()
    foreign = _foreign_sqlite(tmp_path / "other.db")
    before = foreign.read_bytes()
    assert is_project(tmp_path / "new.factcheck")  # to be created, as --db would
    assert is_project(ours)
    assert not is_project(foreign)
    assert foreign.read_bytes() == before and not (tmp_path / "other.db-wal").exists()
    assert not is_project(tmp_path / "missing.db")
    assert not is_project(tmp_path / "a.txt")
    a, p = str(tmp_path / "a.txt"), str(tmp_path / "new.factcheck")
    assert project_and_files(None, [a, p, str(ours)]) == (p, [a, str(ours)])
    assert project_and_files(None, [a]) == (None, [a])
    # With --db every FILE is imported, as before: a teammate's project is merged into yours.
    assert project_and_files("mine.db", [str(ours), a]) == ("mine.db", [str(ours), a])


def test_opening_files_through_the_desktop_entry(tmp_path: Path, data_home: Path) -> None:
    """What a file manager does: run the entry's Exec with %F replaced by the chosen files. A project
    opens as the project; an article is imported into it and shown."""
    assert main(["install-desktop"]) == 0
    command = shlex.split(_entry(data_home)["Exec"])
    files = tmp_path / "files"
    files.mkdir()
    project = files / "Team project.factcheck"
    with Store.open(project) as store:
        store.add_document(Document.create("Earlier work.\n", title="Earlier work", source="earlier.txt"))
    article = files / "minister.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    env = user_env(tmp_path / "home")
    report = open_window([*command[:-1], str(project), str(article)], env, files)
    (window,) = report["windows"]
    assert window["database"] == str(project)
    assert window["documents"] == 2
    assert window["document_title"].startswith("The minister said crime fell")
    assert report["dialogs"] == []
    assert sorted(window["icon_sizes"]) == list(ICON_SIZES)
    # The user's default project was neither created nor touched.
    assert not list((tmp_path / "home").rglob("factcheck.db"))

    # An article alone lands in the user's default project and is shown.
    report = open_window([*command[:-1], str(article)], env, files)
    (window,) = report["windows"]
    assert window["database"].endswith("factcheck/factcheck.db")
    assert window["document_title"].startswith("The minister said crime fell")
    assert ROOT not in Path(window["database"]).parents


def test_exec_line_survives_spaces_and_percent_signs(tmp_path: Path) -> None:
    """An app unpacked under "/opt/News room/100% tools" still starts from its entry."""
    program = "/opt/News room/100% tools/factcheck"
    desktop = tmp_path / "factcheck.desktop"
    desktop.write_text(desktop_entry([program]), encoding="utf-8")
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing: apt-get install desktop-file-utils (.ci/run does)"
    result = subprocess.run([validator, str(desktop)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    exec_line = next(line for line in desktop.read_text().splitlines() if line.startswith("Exec="))
    # The spec's unquoting: shell-like words, then "%%" stands for "%".
    words = shlex.split(exec_line.removeprefix("Exec="))
    assert [w.replace("%%", "%") for w in words] == [program, "%F"]

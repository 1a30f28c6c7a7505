"""The wheel on its own: installed with `uv tool install` into a fresh environment outside the checkout,
used from another folder by a new user (own home, no display)."""

from __future__ import annotations

import json
import shlex
import zipfile
from pathlib import Path

import jsonschema
import pytest

from db import Store
from factcheck import __version__
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.packaging.conftest import Installed
from tests.packaging.support import ARTICLE, ROOT, open_window, run, user_env
from ui.icon import SIZES

pytestmark = pytest.mark.slow

RESOURCES = {
    "resources/factcheck.schema.json",
    "resources/sample_article.txt",
    "resources/style.qss",
    "resources/icons/factcheck.svg",
    *(f"resources/icons/factcheck-{n}.png" for n in SIZES),
}


def test_wheel_holds_the_app_and_its_resources_only(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= RESOURCES
    assert {"factcheck/cli/__init__.py", "db/store.py", "ui/app.py", "ui/about.py"} <= names
    tops = {n.split("/")[0] for n in names}
    assert tops == {"factcheck", "db", "ui", "resources", f"factcheck-{__version__}.dist-info"}
    entry_points = zipfile.ZipFile(wheel).read(f"factcheck-{__version__}.dist-info/entry_points.txt")
    assert b"factcheck = factcheck.cli:main" in entry_points


def _teammate(path: Path) -> list[tuple[str, int, int, str]]:
    """A teammate's project with two tags; their (id, start, end, label)."""
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE, title="Minister on crime", source="m.txt"))
        tags = [
            store.add_annotation(new_annotation(doc, 4, 12, "claim", "bob")),
            store.add_annotation(new_annotation(doc, 50, 83, "characterization", "bob")),
        ]
    return sorted((t.id, t.start, t.end, t.label) for t in tags)


def test_installed_app_works_from_any_folder(installed: Installed, tmp_path: Path) -> None:
    work = tmp_path / "somewhere else"
    work.mkdir()
    env = user_env(tmp_path / "home")
    factcheck = str(installed.command)

    version = run([factcheck, "--version"], env, work)
    assert (version.returncode, version.stdout) == (0, f"factcheck {__version__}\n")

    tags = _teammate(work / "bob.factcheck")
    (work / "article.txt").write_text(ARTICLE.replace("crime", "theft"), encoding="utf-8")
    imported = run([factcheck, "import", "bob.factcheck", "article.txt"], env, work)
    assert imported.returncode == 0, imported.stderr
    assert "2 added" in imported.stdout and "1 document added" in imported.stdout

    exported = run([factcheck, "export", "--format", "json", "--out", "all.json"], env, work)
    assert exported.returncode == 0, exported.stderr
    bundle = json.loads((work / "all.json").read_text(encoding="utf-8"))
    # The schema shipped inside the installed app describes what it exports.
    schema = installed.site_packages / "resources" / "factcheck.schema.json"
    jsonschema.validate(bundle, json.loads(schema.read_text(encoding="utf-8")))
    got = sorted(
        (a["id"], a["start"], a["end"], a["label"]) for d in bundle["documents"] for a in d["annotations"]
    )
    assert got == tags
    csv = run([factcheck, "export", "--format", "csv"], env, work)
    assert csv.returncode == 0 and csv.stdout.count("\n") == 3, csv.stderr

    bad = run([factcheck, "export", "--format", "json", "--out", "no/such/folder/x.json"], env, work)
    assert bad.returncode == 1 and bad.stderr.startswith("factcheck: ") and "Traceback" not in bad.stderr

    report = open_window([factcheck], env, work)
    (window,) = report["windows"]
    # The installed code runs, not the checkout's.
    assert Path(report["package"]).is_relative_to(installed.venv)
    assert not Path(report["package"]).is_relative_to(ROOT)
    assert window["database"] == str(tmp_path / "home" / ".local" / "share" / "factcheck" / "factcheck.db")
    assert window["documents"] == 2
    assert sorted(report["app_icon_sizes"]) == list(SIZES) == sorted(window["icon_sizes"])
    assert report["dialogs"] == []


def test_installed_app_opens_the_bundled_sample_on_a_new_project(
    installed: Installed, tmp_path: Path
) -> None:
    env = user_env(tmp_path / "home")
    report = open_window([str(installed.command), "--db", "new.factcheck"], env, tmp_path)
    (window,) = report["windows"]
    assert window["documents"] == 1
    sample = (installed.site_packages / "resources" / "sample_article.txt").read_text(encoding="utf-8")
    assert window["document_title"] and window["document_title"] in sample


def test_installed_app_installs_its_desktop_entry(installed: Installed, tmp_path: Path) -> None:
    env = user_env(tmp_path / "home")
    result = run([str(installed.command), "install-desktop"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    entry = tmp_path / "home" / ".local" / "share" / "applications" / "factcheck.desktop"
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    assert shlex.split(exec_line.removeprefix("Exec=")) == [str(installed.command), "%F"]
    icon = tmp_path / "home" / ".local" / "share" / "icons" / "hicolor" / "512x512" / "apps" / "factcheck.png"
    assert icon.is_file()

"""The app's identity: its version, its icon on the window and dialogs, the About dialog."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from factcheck import __version__
from factcheck.cli import main
from tests.packaging.support import ROOT
from tests.ui.window_support import isolated_settings
from ui import about
from ui.about import AboutDialog, dependencies
from ui.app import create_window
from ui.icon import ICONS, SIZES


def test_version_flag_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert __version__ == pyproject["project"]["version"]
    assert capsys.readouterr().out == f"factcheck {__version__}\n"


@pytest.mark.parametrize("size", SIZES)
def test_rendered_icons_match_the_svg_source(qapp: QApplication, size: int) -> None:
    """The committed PNGs are what packaging/render_icons.py makes of the SVG today (not a stale copy)."""
    png = QImage(str(ICONS / f"factcheck-{size}.png")).convertToFormat(QImage.Format.Format_ARGB32)
    assert (png.width(), png.height()) == (size, size)
    fresh = QImage(size, size, QImage.Format.Format_ARGB32)
    fresh.fill(Qt.GlobalColor.transparent)
    painter = QPainter(fresh)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ICONS / "factcheck.svg")).render(painter, QRectF(0, 0, size, size))
    painter.end()
    differing = sum(
        1
        for y in range(size)
        for x in range(size)
        if max(abs(a - b) for a, b in zip(_rgba(png, x, y), _rgba(fresh, x, y), strict=True)) > 8
    )
    assert differing <= size * size // 100, f"{differing} pixels differ: run packaging/render_icons.py"


def _rgba(image: QImage, x: int, y: int) -> tuple[int, int, int, int]:
    c = image.pixelColor(x, y)
    return c.red(), c.green(), c.blue(), c.alpha()


def test_window_and_dialogs_carry_the_app_icon(qtbot: QtBot, tmp_path: Path) -> None:
    window = create_window(tmp_path / "p.factcheck", "alice", settings=isolated_settings(tmp_path))
    assert window is not None
    qtbot.addWidget(window)
    sizes = {s.width() for s in window.windowIcon().availableSizes()}
    assert sizes == set(SIZES)
    assert window.windowIcon().cacheKey() == QApplication.windowIcon().cacheKey()
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    assert {s.width() for s in dialog.windowIcon().availableSizes()} == set(SIZES)
    window.project.close()


def test_about_dialog_names_version_licences_and_data_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    dialog = AboutDialog(None, tmp_path / "p.factcheck")
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert f"factcheck {__version__}" in text
    assert "MIT licence" in text
    assert "GNU Lesser General Public License version 3" in text
    assert about.QT_SOURCE in text and about.PYSIDE_SOURCE in text
    assert str(tmp_path / "data" / "factcheck") in text
    assert str(tmp_path / "p.factcheck") in text
    links = dialog.text.toHtml()
    assert (tmp_path / "data" / "factcheck").as_uri() in links
    # Every library the app runs on is listed with a licence, the LGPL ones included.
    names = {d.name.lower().replace("_", "-"): d for d in dependencies()}
    for required in ("pyside6-essentials", "shiboken6", "sqlite-utils", "platformdirs", "trafilatura"):
        assert required in names
        assert names[required].licence and names[required].licence in text
    assert "LGPL-3.0" in names["pyside6-essentials"].licence


def test_data_folder_button_opens_the_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.open_folder.click()
    assert opened == [str(tmp_path / "data" / "factcheck")]
    assert (tmp_path / "data" / "factcheck").is_dir()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on showing a dialog
def test_help_about_opens_the_about_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    window = create_window(tmp_path / "p.factcheck", "alice", settings=isolated_settings(tmp_path))
    assert window is not None
    qtbot.addWidget(window)
    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(type(dialog).__name__)
        if isinstance(dialog, AboutDialog):
            seen.append(dialog.text.toPlainText())
            dialog.grab().save(str(tmp_path / "about.png"))
        if isinstance(dialog, QDialog):
            dialog.reject()

    QTimer.singleShot(0, close_it)
    window.actions_.about.trigger()  # Help > About factcheck
    assert seen[0] == "AboutDialog"
    assert str(tmp_path / "p.factcheck") in seen[1]
    window.project.close()

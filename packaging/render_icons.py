"""Render the app icon from its SVG source: PNGs 16-512, a Windows .ico and a macOS .icns.

    uv run python packaging/render_icons.py

Run it again after editing factcheck.svg; the results are committed (PNGs in resources/icons/, the
.ico and .icns in packaging/icons/): the wheel build (hatchling) runs no Qt, the desktop entry and the
window need bitmaps at run time, and they are small. Qt's own renderer (QtSvg, part of
PySide6-Essentials) draws them, so nothing else is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "factcheck.svg"
#: Only the standalone build needs these: kept out of resources/ (and so out of the wheel).
BUILD_ICONS = Path(__file__).resolve().parent / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return ICONS / f"factcheck-{size}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def _write(image: QImage, path: Path, fmt: str) -> None:
    writer = QImageWriter(str(path), fmt.encode())
    if not writer.write(image):
        raise SystemExit(f"render_icons: cannot write {path}: {writer.errorString()}")


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {SOURCE} is not a valid SVG")
    for size in SIZES:
        _write(render(renderer, size), png_path(size), "png")
    # Qt's ico/icns writers take one image; the OS scales it. The largest each format holds well.
    BUILD_ICONS.mkdir(exist_ok=True)
    _write(render(renderer, 256), BUILD_ICONS / "factcheck.ico", "ico")
    _write(render(renderer, 512), BUILD_ICONS / "factcheck.icns", "icns")
    print(f"rendered {len(SIZES)} PNGs into {ICONS}, factcheck.ico and factcheck.icns into {BUILD_ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

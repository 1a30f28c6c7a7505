"""The app icon: PNGs rendered from its SVG source (resources/icons/, by packaging/render_icons.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The window and dialog icon. Bitmaps first: crisp at the small sizes, and they need no SVG plugin."""
    icon = QIcon()
    for size in SIZES:
        png = ICONS / f"factcheck-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    return icon

"""How a screenshot looks to someone with colour-blindness: `uv run python docs/colorblind.py IN.png OUT.png
[protanopia|deuteranopia|tritanopia]` (default: a strip of all three beside the original).

Each pixel is converted to linear RGB, multiplied by a simulation matrix (Machado, Oliveira & Fernandes
2009, severity 1.0) and converted back; no numpy, a cache per colour (screenshots hold few colours).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter

MATRICES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}  # fmt: skip


def _linear(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _srgb(v: float) -> int:
    v = min(1.0, max(0.0, v))
    v = v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return round(v * 255)


def simulate_rgb(rgb: tuple[int, int, int], kind: str) -> tuple[int, int, int]:
    """One sRGB colour as seen with the given colour-blindness."""
    m = MATRICES[kind]
    lin = [_linear(c) for c in rgb]
    r, g, b = (sum(m[i][j] * lin[j] for j in range(3)) for i in range(3))
    return _srgb(r), _srgb(g), _srgb(b)


def simulate(image: QImage, kind: str) -> QImage:
    """A copy of image as seen with the given colour-blindness."""
    out = image.convertToFormat(QImage.Format.Format_RGB32)
    cache: dict[int, int] = {}
    for y in range(out.height()):
        for x in range(out.width()):
            pixel = out.pixel(x, y)
            seen = cache.get(pixel)
            if seen is None:
                c = QColor(pixel)
                seen = cache[pixel] = QColor(*simulate_rgb((c.red(), c.green(), c.blue()), kind)).rgb()
            out.setPixel(x, y, seen)
    return out


def strip(image: QImage) -> QImage:
    """The original and the three simulations, in a 2x2 grid."""
    w, h = image.width(), image.height()
    grid = QImage(2 * w, 2 * h, QImage.Format.Format_RGB32)
    painter = QPainter(grid)
    font = painter.font()
    font.setPointSize(11)
    font.setBold(True)
    painter.setFont(font)
    for k, (title, shown) in enumerate(
        [("as is", image), *((kind, simulate(image, kind)) for kind in MATRICES)]
    ):
        x, y = (k % 2) * w, (k // 2) * h
        painter.drawImage(x, y, shown)
        box = painter.fontMetrics().boundingRect(title).adjusted(-6, -3, 6, 3)
        box.moveBottomRight(QPoint(x + w - 20, y + h - 6))
        painter.fillRect(box, QColor(0, 0, 0, 170))
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, title)
    painter.end()
    return grid


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] not in MATRICES):
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    image = QImage(argv[0])
    if image.isNull():
        print(f"{argv[0]}: not an image", file=sys.stderr)
        return 1
    result = simulate(image, argv[2]) if len(argv) == 3 else strip(image)
    return 0 if result.save(argv[1]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

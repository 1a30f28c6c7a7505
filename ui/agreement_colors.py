"""How the agreement figures look in the window's tables: undefined as a dash, a blue scale from 0 to 1,
orange below 0 (worse than chance), and the roles the tables sort and read the raw values by."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ui.colors import blend

SortRole = Qt.ItemDataRole.UserRole + 1  # numbers sort as numbers; undefined values last
ValueRole = Qt.ItemDataRole.UserRole + 2  # the raw float | None


def format_value(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


_UNDEFINED = QColor("#e6e6e6")
_LOW, _HIGH = QColor("#f7fbff"), QColor("#08519c")  # sequential blues: readable with colour-blindness
_NEGATIVE = QColor("#d55e00")  # Okabe-Ito vermillion: worse than chance


def heat_color(value: float | None) -> QColor:
    """Background of a figure: blues from 0 (pale) to 1 (dark); orange below 0; grey when undefined."""
    if value is None:
        return _UNDEFINED
    if value < 0:
        return blend(_LOW, _NEGATIVE, min(1.0, -value) * 0.8 + 0.2)
    return blend(_LOW, _HIGH, value)


def text_color(background: QColor) -> QColor:
    luminance = 0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF()
    return QColor("#ffffff") if luminance < 0.55 else QColor("#000000")


def value_cell(value: float | None, role: int) -> object:
    """What a table's cell holding a figure shows for role: the figure formatted, raw and to sort by
    (undefined below every figure), on its colour, right-aligned; None for other roles (a tooltip each
    table words its own)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return format_value(value)
    if role == ValueRole:
        return value
    if role == SortRole:
        return -2.0 if value is None else value
    if role == Qt.ItemDataRole.BackgroundRole:
        return heat_color(value)
    if role == Qt.ItemDataRole.ForegroundRole:
        return text_color(heat_color(value))
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return None

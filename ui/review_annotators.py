"""Whose tags the review panel compares: all annotators together, or two of them side by side (A and B),
chosen in the combo boxes at the top of the panel."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from ui.review_tables import choose, refill

ALL, SIDE_BY_SIDE = 0, 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewPanel", text)


class AnnotatorChoice:
    """The mode (everyone, or two side by side) and the two annotators compared."""

    def __init__(self) -> None:
        self.mode_combo = QComboBox()
        self.mode_combo.addItems([_tr("All annotators together"), _tr("Two side by side")])
        self.mode_combo.setToolTip(_tr("Compare every annotator's tags, or just two annotators'"))
        self.a_combo, self.b_combo = QComboBox(), QComboBox()
        for combo in (self.a_combo, self.b_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_label = QLabel(_tr("Sho&w:"))
        self.show_label.setBuddy(self.mode_combo)
        self.a_label, self.b_label = QLabel(_tr("A:")), QLabel(_tr("B:"))

    def add_to(self, row: QHBoxLayout) -> None:
        for w in (self.show_label, self.mode_combo, self.a_label, self.a_combo, self.b_label, self.b_combo):
            row.addWidget(w)

    def set_side_by_side(self, a: str | None, b: str | None = None) -> None:
        """Compare a and b (None: all annotators together)."""
        if a is None:
            self.mode_combo.setCurrentIndex(ALL)
            return
        choose(self.a_combo, a)
        if b is not None:
            choose(self.b_combo, b)
        self.mode_combo.setCurrentIndex(SIDE_BY_SIDE)

    def fill(self, names: list[str]) -> tuple[str, str] | None:
        """A offers every annotator of names, B the others (never A against A); the pair compared side by
        side, or None. With fewer than two annotators there is no pair: the choice of mode is kept for the
        next document."""
        a = refill(self.a_combo, names)
        b = refill(self.b_combo, [n for n in names if n != a])
        side = self.mode_combo.currentIndex() == SIDE_BY_SIDE and len(names) >= 2
        for w in (self.a_label, self.a_combo, self.b_label, self.b_combo):
            w.setVisible(side)
        modes = self.mode_combo.model()  # a QComboBox's own model is a QStandardItemModel
        assert isinstance(modes, QStandardItemModel)
        modes.item(SIDE_BY_SIDE).setEnabled(len(names) >= 2)
        modes.item(SIDE_BY_SIDE).setToolTip("" if len(names) >= 2 else _tr("Needs two annotators' tags"))
        return (a, b) if side else None

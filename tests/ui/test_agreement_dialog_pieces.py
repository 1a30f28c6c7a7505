"""The agreement dialog shows discontinuous tags compared by their pieces, as `factcheck agreement`."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from db import Store, attribution
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.agreement import store_agreement
from factcheck.services.curating import scores_against_curated
from ui.agreement_colors import ValueRole
from ui.agreement_dialog import AgreementDialog

TEXT = "The economy, he said, is booming. Prices rose.\n"


def test_heatmap_and_scores_by_pieces(store: Store, qtbot: QtBot) -> None:
    doc, _ = store.add_document(Document.create(TEXT, title="economy"))
    for who in ("ana", "cy"):  # the same two pieces
        tag = store.add_annotation(new_annotation(doc, 0, 11, "claim", who))
        attribution.set_pieces(store, tag.id, [(0, 11), (22, 32)])
    store.add_annotation(new_annotation(doc, 0, 32, "claim", "ben"))  # their envelope, in one piece
    dialog = AgreementDialog(
        store_agreement(store), {doc.id: "economy"}, scores=scores_against_curated(store, min_agree=2)
    )
    qtbot.addWidget(dialog)
    dialog.set_scope(None, "claim", "f1_exact")
    heat = dialog.heatmap_model
    assert heat.names() == ["ana", "ben", "cy"]
    assert heat.data(heat.index(0, 2), ValueRole) == 1.0  # ana and cy: the same pieces
    assert heat.data(heat.index(0, 1), ValueRole) == 0.0  # ana and ben: same envelope, not the same tag
    dialog.set_scope(None, "claim", "f1_overlap")
    assert heat.data(heat.index(0, 1), ValueRole) == 1.0  # but they share characters
    dialog.tabs.setCurrentIndex(1)
    model = dialog.score_model
    ben = next(i for i in range(model.rowCount()) if model.index(i, 0).data() == "ben")
    # against the curated pieces: ben's envelope matches nothing exactly, but covers them
    assert [model.index(ben, c).data(ValueRole) for c in (1, 2, 3, 6)] == [0.0, 0.0, 0.0, pytest.approx(1.0)]
    dialog.resize(1040, 600)
    dialog.grab().save("/tmp/pieces-agreement.png")

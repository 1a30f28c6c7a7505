"""With the structure's disagreements listed, the review session updated edit by edit gives exactly what a
full computation gives (every span and structure disagreement, in order, with the open count and the
current one): seeded random runs of every edit kind (tags, pieces, orphans, decisions, links, link types,
attribution, speakers, quotations, undo), compared after every step."""

from __future__ import annotations

from dataclasses import replace

import pytest

from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.review_session import ReviewSession, StructureSource
from factcheck.core.spans import new_annotation
from tests.helpers.review_edits import SYMMETRIC, EditRun, full

EVERY_KIND = {
    "add", "relabel", "respan", "pieces", "orphan", "decision", "delete", "undo", "link", "unlink",
    "retype", "attribute", "clear attribution", "speaker", "quotation", "undo link",
}  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("pair", [None, ("ana", "ben"), ("ben", "cy")])
def test_structure_incremental_equals_full(seed: int, pair: tuple[str, str] | None) -> None:
    run = EditRun(seed, pair, structure=True)
    structure_rows = 0
    for _ in range(300):
        run.step()
        structure_rows += sum(1 for d in run.session.disagreements if d.kind in ("link", "attribution"))
    assert run.kinds == EVERY_KIND
    assert run.updated > 200  # most steps were around the change, not a full recomputation
    assert structure_rows > 300  # the runs had link and attribution disagreements to keep


def test_a_tag_far_from_a_link_still_changes_what_it_names() -> None:
    """ben's link from his denial names his claim ("ben to ..."): moving that claim far away changes the
    words of ana's row though no end of ana's link is near it."""
    doc = Document.create("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu", title="t")
    od = OpenDocument()
    at = doc.text.index
    ana_d = new_annotation(doc, at("alpha"), at("beta") + 4, "denial", "ana")
    ana_c = new_annotation(doc, at("gamma"), at("gamma") + 5, "claim", "ana")
    ben_d = new_annotation(doc, at("alpha"), at("alpha") + 5, "denial", "ben")
    ben_c = new_annotation(doc, at("theta"), at("theta") + 5, "claim", "ben")
    links = [
        new_link(doc.id, "denies", ana_d.id, ana_c.id, "ana"),
        new_link(doc.id, "denies", ben_d.id, ben_c.id, "ben"),
    ]
    od.open(doc, [ana_d, ana_c, ben_d, ben_c], links)
    session = ReviewSession(od.tags)
    session.structure = StructureSource(od, lambda: SYMMETRIC)
    session.recompute(keep=False)
    assert any("ben to “theta”" in d.description for d in session.disagreements)
    moved = replace(new_annotation(doc, at("kappa"), at("kappa") + 5, "claim", "ben"), id=ben_c.id)
    od.tags.upsert(moved)
    assert session.update(ben_c, moved) is not None
    assert session.disagreements == full(session)
    assert any("ben to “kappa”" in d.description for d in session.disagreements)

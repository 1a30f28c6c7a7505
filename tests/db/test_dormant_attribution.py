"""A source or cue tag deleted or relabelled after it was attached leaves a dormant pointer: the content
tag's other edits go on, a new pointer is still checked, and restoring or relabelling back revives it."""

from __future__ import annotations

import pytest

from db import Store, attribution
from factcheck.core.attribution import live_attribution, roles
from factcheck.core.errors import StructureError
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation


def tag(store: Store, doc: Document, words: str, label: str) -> Annotation:
    start = doc.text.index(words)
    return store.add_annotation(new_annotation(doc, start, start + len(words), label, "alice"), doc.text)


@pytest.fixture
def attributed(store: Store, document: Document) -> tuple[Annotation, Annotation, Annotation]:
    source = tag(store, document, "Minister “Jane Roe”", "source")
    cue = tag(store, document, "said", "cue")
    claim = tag(store, document, "crime fell by 20%", "claim")
    claim = attribution.set_attribution(
        store, claim.id, source=source.id, cue=cue.id, quotation="indirect", by="alice"
    )
    return claim, source, cue


def read(store: Store, claim: Annotation) -> tuple[Annotation | None, Annotation | None]:
    tags = {a.id: a for a in store.annotations(include_deleted=True)}
    return live_attribution(tags[claim.id], tags, roles(store.labels()))


@pytest.mark.parametrize("how", ["relabelled", "deleted"])
def test_the_claims_other_edits_go_on_beside_a_dormant_cue(
    store: Store, attributed: tuple[Annotation, Annotation, Annotation], how: str
) -> None:
    claim, source, cue = attributed
    if how == "relabelled":
        store.update_annotation(cue.id, label="denial")
    else:
        store.delete_annotation(cue.id)
    assert read(store, claim) == (store.annotation(source.id), None)  # read as no cue
    # Before, each of these was refused ("its cue … is a denial tag" / "was deleted").
    changed = attribution.set_attribution(store, claim.id, quotation="direct", by="alice")
    assert (changed.quotation, changed.cue) == ("direct", cue.id)  # the pointer itself stays
    changed = attribution.set_attribution(store, claim.id, source=None, by="alice")
    assert changed.source is None and changed.cue == cue.id
    start = store.annotation(claim.id)
    assert start is not None
    moved = store.patch_annotation(claim.id, {"start": start.start + 6, "quote": start.quote[6:]})
    assert moved.cue == cue.id


def test_relabelling_the_cue_back_or_restoring_it_revives_the_attribution(
    store: Store, attributed: tuple[Annotation, Annotation, Annotation]
) -> None:
    claim, source, cue = attributed
    store.update_annotation(cue.id, label="denial")
    store.update_annotation(source.id, label="characterization")
    assert read(store, claim) == (None, None)
    store.update_annotation(cue.id, label="cue")
    store.update_annotation(source.id, label="source")
    assert [t.id if t else None for t in read(store, claim)] == [source.id, cue.id]
    store.delete_annotation(cue.id)
    assert read(store, claim)[1] is None
    store.restore_annotation(cue.id)
    assert read(store, claim)[1] == store.annotation(cue.id)


def test_a_new_pointer_to_a_tag_of_the_wrong_role_is_still_refused(
    store: Store, document: Document, attributed: tuple[Annotation, Annotation, Annotation]
) -> None:
    claim, _source, cue = attributed
    denial = tag(store, document, "We never said that", "denial")
    store.update_annotation(cue.id, label="denial")
    with pytest.raises(StructureError, match="is a denial tag, not a cue tag"):
        attribution.set_attribution(store, claim.id, cue=denial.id, by="alice")
    critics = tag(store, document, "Critics", "source")
    store.delete_annotation(critics.id)
    with pytest.raises(StructureError, match="was deleted"):
        attribution.set_attribution(store, claim.id, source=critics.id, by="alice")
    assert store.annotation(claim.id) == claim

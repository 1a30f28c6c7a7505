"""Links, speakers, attribution and discontinuous tags in a real project file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from db import Store, StoreError, attribution, links, speakers
from factcheck.core.errors import InvalidSpan, StructureError
from factcheck.core.fragments import pieces
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.ownership import NotOwner
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import new_speaker


def tag(store: Store, doc: Document, words: str, label: str, who: str = "alice", nth: int = 0) -> Annotation:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(words, start + 1)
    return store.add_annotation(new_annotation(doc, start, start + len(words), label, who), doc.text)


@pytest.fixture
def tags(store: Store, document: Document) -> dict[str, Annotation]:
    return {
        "claim": tag(store, document, "crime fell by 20%", "claim"),
        "denial": tag(store, document, "We never said that", "denial"),
        "source": tag(store, document, "Minister “Jane Roe”", "source"),
        "cue": tag(store, document, "said", "cue"),
        "bob_claim": tag(store, document, "crime fell", "claim", "bob"),
    }


def test_a_link_is_added_listed_retyped_deleted_and_restored(
    store: Store, document: Document, tags: dict[str, Annotation]
) -> None:
    made = links.add_link(
        store, new_link(document.id, "denies", tags["denial"].id, tags["claim"].id, "alice")
    )
    assert links.links(store, document.id) == [made]
    assert links.links_of(store, tags["claim"].id) == [made]
    retyped = links.set_link_type(store, made.id, "characterizes", by="alice")
    assert retyped.type == "characterizes" and retyped.updated_at >= made.updated_at
    gone = links.delete_link(store, made.id, by="alice")
    assert gone.deleted and links.links(store, document.id) == []
    assert links.links(store, document.id, include_deleted=True) == [gone]
    back = links.restore_link(store, made.id, by="alice")
    assert not back.deleted and links.links(store, document.id) == [back]
    assert links.link_fingerprints(store)[document.id][0] == 1


def test_a_link_belongs_to_its_annotator(
    store: Store, document: Document, tags: dict[str, Annotation]
) -> None:
    made = links.add_link(
        store, new_link(document.id, "denies", tags["denial"].id, tags["claim"].id, "alice")
    )
    with pytest.raises(NotOwner, match="belongs to alice"):
        links.delete_link(store, made.id, by="bob")
    with pytest.raises(NotOwner):
        links.set_link_type(store, made.id, "same_claim", by="bob")
    assert links.link(store, made.id) == made  # nothing changed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t, d: dict(type="refutes"), "Unknown link type 'refutes'"),
        (lambda t, d: dict(to_id=t["denial"].id), "both ends are the same tag"),
        (lambda t, d: dict(to_id="nothing"), "to end 'nothing' is no live tag"),
        (lambda t, d: dict(document_id="elsewhere"), "tag of another document"),
    ],
)
def test_a_bad_link_is_refused(
    store: Store, document: Document, tags: dict[str, Annotation], change: object, message: str
) -> None:
    base = new_link(document.id, "denies", tags["denial"].id, tags["claim"].id, "alice")
    bad = replace(base, **change(tags, document))  # type: ignore[operator]
    with pytest.raises(StructureError, match=message):
        links.add_link(store, bad)
    assert links.links(store, include_deleted=True) == []


def test_the_same_link_twice_is_refused_either_way_round_when_symmetric(
    store: Store, document: Document, tags: dict[str, Annotation]
) -> None:
    a, b = tags["claim"].id, tags["bob_claim"].id
    links.add_link(store, new_link(document.id, "same_claim", a, b, "alice"))
    with pytest.raises(StructureError, match="already"):
        links.add_link(store, new_link(document.id, "same_claim", b, a, "alice"))
    links.add_link(store, new_link(document.id, "same_claim", b, a, "bob"))  # bob's own is his
    assert len(links.links(store, document.id)) == 2


def test_deleting_a_tag_tombstones_its_links_and_restoring_brings_them_back(
    store: Store, document: Document, tags: dict[str, Annotation]
) -> None:
    denial, claim = tags["denial"].id, tags["claim"].id
    mine = links.add_link(store, new_link(document.id, "denies", denial, claim, "alice"))
    bobs = links.add_link(store, new_link(document.id, "denies", denial, claim, "bob"))
    other = links.add_link(store, new_link(document.id, "same_claim", claim, tags["bob_claim"].id, "alice"))
    earlier = links.delete_link(store, other.id)  # deleted before: stays deleted on restore
    store.delete_annotation(denial)
    assert links.links(store, document.id) == [] and links.links_of(store, claim) == []
    # alice's link is tombstoned with her tag; bob's is his: it stays, joining nothing meanwhile.
    assert {lk.id for lk in links.links(store, document.id, include_deleted=True) if lk.deleted} == {
        mine.id,
        other.id,
    }
    assert links.link(store, bobs.id) == bobs
    store.restore_annotation(denial)
    assert {lk.id for lk in links.links(store, document.id)} == {mine.id, bobs.id}
    assert links.link(store, other.id) == earlier


def test_a_link_type_can_be_added_once(store: Store) -> None:
    added = links.add_link_type(store, "supports")
    assert [t.name for t in links.link_types(store)] == [
        "denies",
        "characterizes",
        "same_claim",
        "corrects",
        "supports",
    ]
    assert added.position == 4 and not added.symmetric
    with pytest.raises(StructureError, match="exists already"):
        links.add_link_type(store, "supports")
    with pytest.raises(StructureError, match="empty"):
        links.add_link_type(store, "  ")


def test_attribution_attaches_source_and_cue_of_the_same_document(
    store: Store, document: Document, tags: dict[str, Annotation]
) -> None:
    claim = attribution.set_attribution(
        store,
        tags["claim"].id,
        source=tags["source"].id,
        cue=tags["cue"].id,
        quotation="indirect",
        by="alice",
    )
    stored = store.annotation(claim.id)
    assert stored is not None and (stored.source, stored.cue, stored.quotation) == (
        tags["source"].id,
        tags["cue"].id,
        "indirect",
    )
    assert attribution.attributed_to(store, tags["source"].id) == [stored]
    # Only what is given changes; None detaches.
    cleared = attribution.set_attribution(store, claim.id, cue=None)
    assert (cleared.source, cleared.cue, cleared.quotation) == (tags["source"].id, None, "indirect")


def test_attribution_belongs_to_the_content_tags_annotator(store: Store, tags: dict[str, Annotation]) -> None:
    with pytest.raises(NotOwner, match="belongs to bob"):
        attribution.set_attribution(store, tags["bob_claim"].id, source=tags["source"].id, by="alice")
    assert store.annotation(tags["bob_claim"].id) == tags["bob_claim"]


@pytest.mark.parametrize(
    ("content", "field", "target", "message"),
    [
        ("claim", "source", "cue", "is a cue tag, not a source tag"),
        ("claim", "cue", "source", "is a source tag, not a cue tag"),
        ("claim", "source", "claim", "names itself"),
        ("source", "source", "source", "names itself|cannot have a source"),
        ("cue", "source", "source", "cannot have a source"),
    ],
)
def test_attribution_with_the_wrong_roles_is_refused(
    store: Store, tags: dict[str, Annotation], content: str, field: str, target: str, message: str
) -> None:
    with pytest.raises(StructureError, match=message):
        attribution.set_attribution(store, tags[content].id, **{field: tags[target].id})  # type: ignore[arg-type]
    assert store.annotation(tags[content].id) == tags[content]


def test_attribution_to_a_tag_of_another_document_is_refused(
    store: Store, document: Document, tags: dict[str, Annotation]
) -> None:
    other, _ = store.add_document(Document.create("Tillerson said it was not clear.", title="other"))
    elsewhere = tag(store, other, "Tillerson", "source")
    with pytest.raises(StructureError, match="another document"):
        attribution.set_attribution(store, tags["claim"].id, source=elsewhere.id)


def test_a_source_tag_names_a_live_speaker(store: Store, tags: dict[str, Annotation]) -> None:
    roe = speakers.add_speaker(store, new_speaker("Jane Roe", same_as=("https://www.wikidata.org/wiki/Q1",)))
    named = attribution.set_speaker(store, tags["source"].id, roe.id, by="alice")
    assert named.speaker == roe.id
    with pytest.raises(StructureError, match="only source tags"):
        attribution.set_speaker(store, tags["claim"].id, roe.id)
    with pytest.raises(StructureError, match="no live speaker"):
        attribution.set_speaker(store, tags["source"].id, "nobody")
    with pytest.raises(StructureError, match="merge them into another speaker"):
        speakers.delete_speaker(store, roe.id)


def test_speakers_are_edited_merged_and_counted(
    store: Store, document: Document, tags: dict[str, Annotation]
) -> None:
    roe = speakers.add_speaker(store, new_speaker("Jane Roe"))
    minister = speakers.add_speaker(store, new_speaker("the minister", "person"))
    attribution.set_speaker(store, tags["source"].id, minister.id)
    attribution.set_attribution(store, tags["claim"].id, source=tags["source"].id)
    counts = {
        c.speaker.name: (c.source_tags, c.attributed, c.documents) for c in speakers.speaker_counts(store)
    }
    assert counts == {"Jane Roe": (0, 0, 0), "the minister": (1, 1, 1)}
    merged = speakers.merge_speakers(store, roe.id, minister.id)
    assert merged.merged_into == roe.id
    after = {c.speaker.name: (c.source_tags, c.attributed) for c in speakers.speaker_counts(store)}
    assert after == {"Jane Roe": (1, 1)}  # the minister's tags count as Jane Roe's; nobody's tag rewritten
    assert store.annotation(tags["source"].id).speaker == minister.id  # type: ignore[union-attr]
    sources, content = speakers.tags_of_speaker(store, roe.id)
    assert [a.id for a in sources] == [tags["source"].id] and [a.id for a in content] == [tags["claim"].id]
    with pytest.raises(StructureError, match="one speaker already"):
        speakers.merge_speakers(store, minister.id, roe.id)  # would make a cycle
    renamed = speakers.update_speaker(
        store, roe.id, name=" Jane Roe ", kind="person", same_as=[" https://x ", ""]
    )
    assert (renamed.name, renamed.same_as) == ("Jane Roe", ("https://x",))
    with pytest.raises(StructureError, match="empty"):
        speakers.update_speaker(store, roe.id, name=" ")
    assert speakers.unmerge_speaker(store, minister.id).merged_into is None
    with pytest.raises(StoreError, match="no speaker"):
        speakers.update_speaker(store, "nobody", name="x")


def test_a_tag_made_of_pieces_keeps_its_envelope_and_survives_reopening(
    store: Store, document: Document, db_path: object
) -> None:
    text = document.text
    first = (text.index("Critics"), text.index("Critics") + len("Critics"))
    second = (text.index("called the claim"), text.index("called the claim") + len("called the claim"))
    ann = tag(store, document, "Critics", "characterization")
    made = attribution.set_pieces(store, ann.id, [second, first], by="alice")
    assert pieces(made) == (first, second)
    assert (made.start, made.end) == (first[0], second[1]) and made.quote == text[first[0] : second[1]]
    store.close()
    again = Store.open(db_path)  # type: ignore[arg-type]
    try:
        assert again.annotation(ann.id) == made
        # Touching pieces are one: the tag becomes continuous.
        joined = attribution.set_pieces(again, ann.id, [first, (first[1], first[1] + 3)])
        assert joined.fragments == () and (joined.start, joined.end) == (first[0], first[1] + 3)
        with pytest.raises(InvalidSpan, match="whitespace"):
            blank = text.index(" claim")
            attribution.set_pieces(again, ann.id, [first, (blank, blank + 1)])
    finally:
        again.close()


def test_the_store_refuses_pieces_that_do_not_match_the_envelope(store: Store, document: Document) -> None:
    ann = new_annotation(document, 0, 20, "claim", "alice")
    with pytest.raises(StructureError, match="envelope"):
        store.add_annotation(replace(ann, fragments=((0, 5), (10, 15))), document.text)
    with pytest.raises(InvalidSpan, match="touches"):
        store.add_annotation(replace(ann, fragments=((0, 10), (10, 20))), document.text)
    assert store.annotations() == []


def test_moving_a_discontinuous_tag_to_one_span_makes_it_continuous(store: Store, document: Document) -> None:
    text = document.text
    first = (text.index("Critics"), text.index("Critics") + len("Critics"))
    second = (text.index("called"), text.index("called") + len("called"))
    ann = tag(store, document, "Critics", "characterization")
    attribution.set_pieces(store, ann.id, [first, second])
    moved = store.update_annotation(ann.id, span=(first[0], second[1]))
    assert moved.fragments == () and pieces(moved) == ((first[0], second[1]),)
    assert store.annotation(ann.id) == moved


def test_relabeling_across_roles_drops_what_the_new_role_cannot_carry(
    store: Store, tags: dict[str, Annotation]
) -> None:
    roe = speakers.add_speaker(store, new_speaker("Jane Roe"))
    attribution.set_speaker(store, tags["source"].id, roe.id)
    attribution.set_attribution(store, tags["claim"].id, source=tags["source"].id, quotation="direct")
    as_source = store.update_annotation(tags["claim"].id, label="source")
    assert (as_source.source, as_source.cue, as_source.quotation) == (None, None, None)
    as_claim = store.update_annotation(tags["source"].id, label="claim")
    assert as_claim.speaker is None
    kept = attribution.set_attribution(store, tags["denial"].id, quotation="indirect")
    assert store.update_annotation(kept.id, label="claim").quotation == "indirect"  # content to content


def test_a_tag_in_pieces_and_one_over_its_envelope_are_two_tags(store: Store, document: Document) -> None:
    """One annotator may tag "crime … 20%" and the whole "crime fell by 20%" with one label; the same
    pieces twice are refused as a duplicate, named by their pieces."""
    from factcheck.core.errors import DuplicateTag

    start = document.text.index("crime fell by 20%")
    end = start + len("crime fell by 20%")
    whole = store.add_annotation(new_annotation(document, start, end, "claim", "alice"), document.text)
    split = replace(
        new_annotation(document, start, end, "claim", "alice"),
        fragments=((start, start + len("crime")), (end - len("20%"), end)),
    )
    stored = store.add_annotation(split, document.text)
    assert {a.id for a in store.annotations()} == {whole.id, stored.id}
    again = replace(new_annotation(document, start, end, "claim", "alice"), fragments=split.fragments)
    with pytest.raises(DuplicateTag) as refused:
        store.add_annotation(again, document.text)
    assert refused.value.existing_id == stored.id
    assert f"“crime … 20%” ({start}–{start + 5}, {end - 3}–{end})" in str(refused.value)
    with pytest.raises(DuplicateTag, match=f"“crime fell by 20%” \\({start}–{end}\\)"):
        store.add_annotation(new_annotation(document, start, end, "claim", "alice"), document.text)

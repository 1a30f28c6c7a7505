"""The open document's link layer, and the candidates the window offers (core.nearby)."""

from __future__ import annotations

from dataclasses import replace

from factcheck.core.link_layer import PENDING_MIN, LinkChange, LinkLayer
from factcheck.core.links import Link, new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.nearby import (
    attribution_candidates,
    link_candidates,
    sentence_bounds,
    suggested_link_type,
)
from factcheck.core.open_document import OpenDocument
from factcheck.core.spans import new_annotation

TEXT = (
    "Lavrov said that Trump accepted it. Tillerson said it was not clear.\nThe economy, he said, is booming."
)


def tag(doc: Document, quote: str, label: str, nth: int = 0) -> Annotation:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(quote, start + 1)
    return new_annotation(doc, start, start + len(quote), label, "alice")


def test_links_by_tag_events_and_removal() -> None:
    layer = LinkLayer()
    layer.load("d", [])
    seen: list[LinkChange] = []
    layer.events.changed.connect(seen.append)
    a = new_link("d", "denies", "t1", "t2", "alice")
    b = new_link("d", "same_claim", "t2", "t3", "bob")
    assert layer.upsert(a) and layer.upsert(b)
    assert not layer.upsert(new_link("other", "denies", "t1", "t2", "alice"))  # another document's
    assert layer.outgoing("t2") == [b] and layer.incoming("t2") == [a] and layer.of("t2") == [b, a]
    assert layer.between("t1", "t2", "denies") == a and layer.between("t2", "t1", "denies") is None
    assert layer.linked("t3") and not layer.linked("t4")
    layer.upsert(replace(b, deleted_at="2026-01-01T00:00:00.000000Z"))  # a tombstone removes it
    assert layer.of("t3") == [] and not layer.linked("t3") and layer.linked("t2")
    assert [c.tag_ids() for c in seen] == [{"t1", "t2"}, {"t2", "t3"}, {"t2", "t3"}]
    assert layer.remove(a.id) == a and not layer.linked("t1") and len(layer) == 0


def test_a_large_load_is_indexed_when_first_needed() -> None:
    links = [new_link("d", "denies", f"t{i}", f"t{i + 1}", "alice") for i in range(PENDING_MIN)]
    dead = replace(new_link("d", "denies", "x", "y", "alice"), deleted_at="2026-01-01T00:00:00.000000Z")
    layer = LinkLayer()
    layer.load("d", [*links, dead])
    assert layer.pending and not layer.empty()
    assert layer.linked("t0") and not layer.pending
    assert len(layer) == PENDING_MIN and not layer.linked("x")


def test_open_document_holds_the_links_and_discontinuous_tags_are_their_pieces() -> None:
    doc = Document.create(TEXT)
    claim = tag(doc, "The economy", "claim")
    second = doc.text.index("is booming")
    claim = replace(claim, fragments=((claim.start, claim.end), (second, second + 10)), end=second + 10)
    other = tag(doc, "it was not clear", "denial")
    link: Link = new_link(doc.id, "denies", other.id, claim.id, "alice")
    open_doc = OpenDocument()
    open_doc.open(doc, [claim, other], [link])
    assert open_doc.links.incoming(claim.id) == [link]
    gap = doc.text.index(", he said,")
    assert open_doc.tags.at(gap + 2) == [] and open_doc.tags.at(second) == [claim]
    pieces = sorted(
        (s, e) for s, e, t in open_doc.tags.overlapping_tags(0, len(doc.text)) if t.id == claim.id
    )
    assert pieces == list(claim.fragments)
    open_doc.open(None)
    assert open_doc.links.empty()


def test_candidates_in_the_sentence_nearest_first() -> None:
    doc = Document.create(TEXT)
    lavrov, tillerson = tag(doc, "Lavrov", "source"), tag(doc, "Tillerson", "source")
    he = tag(doc, "he", "source", nth=1)
    claim, unclear = tag(doc, "Trump accepted it", "claim"), tag(doc, "it was not clear", "denial")
    open_doc = OpenDocument()
    open_doc.open(doc, [lavrov, tillerson, he, claim, unclear])

    def is_source(t: Annotation) -> bool:
        return t.label == "source"

    assert attribution_candidates(open_doc.tags, doc.text, claim, is_source) == [lavrov]
    assert attribution_candidates(open_doc.tags, doc.text, unclear, is_source) == [tillerson]
    assert sentence_bounds(doc.text, claim.start, claim.end) == (0, doc.text.index(" Tillerson"))
    targets = link_candidates(open_doc.tags, unclear, lambda t: t.label == "claim")
    assert targets[0] == claim and set(targets) == {claim, lavrov, tillerson, he}
    assert suggested_link_type("denial", ["denies", "characterizes", "same_claim"]) == "denies"
    assert suggested_link_type("claim", ["denies", "same_claim"]) == "same_claim"
    assert suggested_link_type("source", ["characterizes"]) == "characterizes"


def test_a_source_inside_the_content_comes_after_the_one_outside() -> None:
    doc = Document.create("Tillerson said that Lavrov ‘claimed “nothing of the sort” happened’.")
    tillerson, lavrov = tag(doc, "Tillerson", "source"), tag(doc, "Lavrov", "source")
    outer = tag(doc, "Lavrov ‘claimed “nothing of the sort” happened’", "claim")
    inner = tag(doc, "“nothing of the sort” happened", "claim")
    open_doc = OpenDocument()
    open_doc.open(doc, [tillerson, lavrov, outer, inner])

    def is_source(t: Annotation) -> bool:
        return t.label == "source"

    assert attribution_candidates(open_doc.tags, doc.text, outer, is_source) == [tillerson, lavrov]
    assert attribution_candidates(open_doc.tags, doc.text, inner, is_source) == [lavrov, tillerson]


def test_a_titles_full_stop_an_omission_or_an_ellipsis_going_on_does_not_end_the_sentence() -> None:
    # (text before the sentence, the sentence with the quote between [ ], text after)
    for before, sentence, after in [
        ("", "“[It was not clear],” said Sen. Marco Rubio.", " Next."),
        ("Before. ", "“[It is booming],” U.S. President Trump said.", ""),
        ("", "Dr. J. K. Smith said [it was not clear].", " Next."),
        ("It was I. ", "[It was not clear].", ""),
        ("He said “No.” ", "[It was not clear].", ""),
        ("", "Tillerson said […] that [it was not clear].", " Next."),
        ("", "Tillerson said (...) [it was not clear].", ""),
        ("", "He said the talks were… productive, and [it was not clear].", " Next."),
        ("He paused… ", "[It was not clear].", ""),
        ("He paused... ", "[It was not clear].", ""),
    ]:
        start = len(before) + sentence.index("[")
        quote = sentence[sentence.index("[") + 1 : sentence.index("]")]
        text = before + sentence.replace("[", "").replace("]", "") + after
        a, b = sentence_bounds(text, start, start + len(quote))
        assert text[a:b] == sentence.replace("[", "").replace("]", "")

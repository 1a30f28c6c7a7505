"""Re-anchoring tags onto a corrected version of an article: exact, fuzzy, orphaned (never dropped)."""

from __future__ import annotations

from dataclasses import replace

from db import Store
from factcheck.core.anchoring import (
    EXACT,
    FUZZY,
    ORPHAN_MARK,
    ORPHANED,
    locate,
    original_quote,
    orphan_span,
    reanchor,
)
from factcheck.core.bundle import Bundle
from factcheck.core.model import DEFAULT_LABELS, Annotation, Document
from factcheck.core.spans import context, new_annotation
from factcheck.services.merge import merge_bundle

V1 = (
    "Minister Jane Roe said on Monday that crime fell by 20 percent last year. "
    "The opposition leader called the figure “deeply misleading” in a statement. "
    "Roe later resigned from the cabinet after the scandal broke. "
    "The statistics office will publish the full data next month.\n"
)
# The correction: a sentence inserted at the top, the figure fixed, the resignation sentence removed.
V2 = (
    "Correction: an earlier version of this article misstated the figure. "
    "Minister Jane Roe said on Monday that crime fell by 12 percent last year. "
    "The opposition leader called the figure “deeply misleading” in a statement. "
    "The statistics office will publish the full data next month.\n"
)


def tag(doc: Document, needle: str, label: str = "claim", annotator: str = "alice") -> Annotation:
    start = doc.text.index(needle)
    return new_annotation(doc, start, start + len(needle), label, annotator)


def test_inserted_text_moves_a_span_exactly() -> None:
    v1 = Document.create(V1, title="Roe")
    ann = tag(v1, "“deeply misleading”", "characterization")
    moved, method = reanchor(ann, len(V1), V2, "ours")
    assert method == EXACT
    assert moved.start == V2.index("“deeply misleading”") != ann.start
    assert (moved.quote, moved.document_id, moved.updated_at) == (ann.quote, "ours", ann.updated_at)
    assert (moved.prefix, moved.quote, moved.suffix) == context(V2, moved.start, moved.end)
    assert not moved.orphaned


def test_an_edited_quote_is_found_fuzzily() -> None:
    v1 = Document.create(V1, title="Roe")
    ann = tag(v1, "crime fell by 20 percent last year")
    moved, method = reanchor(ann, len(V1), V2, "ours")
    assert method == FUZZY
    assert moved.quote == "crime fell by 12 percent last year"
    assert not moved.orphaned


def test_a_removed_sentence_is_orphaned_not_dropped() -> None:
    v1 = Document.create(V1, title="Roe")
    ann = replace(tag(v1, "Roe later resigned from the cabinet after the scandal broke."), note="check this")
    moved, method = reanchor(ann, len(V1), V2, "ours")
    assert method == ORPHANED and moved.orphaned
    assert moved.quote == V2[moved.start : moved.end] and moved.quote.strip()
    assert moved.note.startswith("check this\n")
    assert f'{ORPHAN_MARK}"{ann.quote}"]' in moved.note
    # Deterministic: placing it again gives the same tag (importing twice changes nothing).
    assert reanchor(ann, len(V1), V2, "ours") == (moved, method)


def test_an_orphan_keeps_its_original_quote_across_lines_and_versions(store: Store) -> None:
    """The reviewer is shown what was tagged, even when the quote spans a line break, and an orphan
    orphaned again on a third version keeps one mark with that quote (not its placeholder's)."""
    v1 = V1.replace("after the scandal broke. ", "after the scandal broke.\n")
    gone = "Roe later resigned from the cabinet after the scandal broke.\nThe statistics"
    store.add_document(Document.create(V2, title="Roe"))
    theirs = Document.create(v1, title="Roe")
    ann = tag(theirs, gone)
    report = merge_bundle(store, Bundle(list(DEFAULT_LABELS), [(theirs, [ann])], "alice.json"))
    (listed,) = report.orphans
    assert listed.quote == gone
    orphan = store.annotation(ann.id)
    assert orphan is not None and orphan.orphaned and orphan.quote != gone

    v3 = "Corrected again: the minister's remarks were withdrawn entirely. Nothing remains of them.\n"
    again, method = reanchor(orphan, len(V2), v3, "third")
    assert method == ORPHANED
    assert again.note.count(ORPHAN_MARK) == 1 and f'{ORPHAN_MARK}"{gone}"]' in again.note
    assert original_quote(again.note, again.quote) == gone


def test_several_exact_matches_are_told_apart_by_context() -> None:
    text = "He said no. She said yes. Then he said no again, louder.\n"
    second = text.index("said no", 5)
    prefix, quote, suffix = context(text, second, second + 7)
    edited = "Later: " + text
    found = locate(edited, quote, prefix, suffix, expected=second)
    assert found is not None and found.method == EXACT
    assert found.start == edited.index("said no", 15)


def test_a_short_quote_whose_context_is_gone_is_not_placed_elsewhere() -> None:
    found = locate("Sport results and the weather.\n", "the", "Roe resigned after ", " scandal broke", 3)
    assert found is None


def test_orphan_span_is_valid_on_whitespace_and_past_the_end() -> None:
    text = "Word one.   \n\n  Word two."
    start, end = orphan_span(text, 11, 5)  # lands in whitespace: moved onto the next character
    assert text[start:end].strip() and text[start] == "W"
    start, end = orphan_span(text, 500, 40)  # past the end: clamped into the text
    assert 0 <= start < end <= len(text) and text[start:end].strip()


def test_corrected_article_merge_reanchors_and_lists_the_orphan(store: Store) -> None:
    ours, _ = store.add_document(Document.create(V2, title="Roe on crime", source="/home/bob/roe.txt"))
    theirs = Document.create(V1, title="Roe on crime", source="/home/alice/roe.txt")
    moved = tag(theirs, "“deeply misleading”", "characterization")
    edited = tag(theirs, "crime fell by 20 percent last year")
    removed = tag(theirs, "Roe later resigned from the cabinet after the scandal broke.", "denial")
    unmoved_text = tag(theirs, "Minister Jane Roe", annotator="alice")
    bundle = Bundle(list(DEFAULT_LABELS), [(theirs, [moved, edited, removed, unmoved_text])], "alice.json")

    report = merge_bundle(store, bundle)

    assert (report.documents_added, report.documents_existing) == (0, 1)
    assert [d.id for d in store.documents()] == [ours.id]  # their version is not added
    assert (report.added, report.reanchored, report.orphaned) == (4, 3, 1)
    stored = {a.id: a for a in store.annotations(ours.id)}
    assert len(stored) == 4  # nothing dropped
    for ann in stored.values():
        store.check_annotation(ann)  # every tag valid on our text, quote == text[start:end]
    assert stored[moved.id].quote == "“deeply misleading”"
    assert stored[edited.id].quote == "crime fell by 12 percent last year"
    assert stored[unmoved_text.id].quote == "Minister Jane Roe"
    orphan = stored[removed.id]
    assert orphan.orphaned and orphan.label == "denial" and orphan.annotator == "alice"
    (listed,) = report.orphans
    assert (listed.annotation_id, listed.quote) == (removed.id, removed.quote)
    assert any(removed.quote in line for line in report.details())
    assert "1 orphaned" in report.summary()
    assert "“Roe on crime” differs from ours" in report.summary()

    again = merge_bundle(store, bundle)
    assert (again.unchanged, again.added, again.updated, again.orphaned, again.conflicting) == (4, 0, 0, 0, 0)
    assert {a.id: a for a in store.annotations(ours.id)} == stored


def test_same_title_but_a_different_article_is_added_as_a_new_document(store: Store) -> None:
    store.add_document(Document.create("Weather: sunny spells, light winds, rain later.\n", title="Live"))
    theirs = Document.create(V1, title="Live")
    report = merge_bundle(
        store, Bundle(list(DEFAULT_LABELS), [(theirs, [tag(theirs, "Minister")])], "x.json")
    )
    assert (report.documents_added, report.added, report.orphaned) == (1, 1, 0)
    assert len(store.documents()) == 2


def test_a_newer_edit_of_ours_is_not_overwritten_by_their_reanchored_copy(store: Store) -> None:
    ours_doc, _ = store.add_document(Document.create(V2, title="Roe"))
    theirs = Document.create(V1, title="Roe")
    ann = tag(theirs, "“deeply misleading”", "characterization")
    merge_bundle(store, Bundle(list(DEFAULT_LABELS), [(theirs, [ann])], "a.json"))
    mine = store.update_annotation(ann.id, label="claim")
    report = merge_bundle(store, Bundle(list(DEFAULT_LABELS), [(theirs, [replace(ann)])], "a.json"))
    assert report.older == 1
    assert store.annotation(ann.id) == mine
    assert ours_doc.id == mine.document_id

"""Search across every document's text (FTS5) on a real file: kept equal to the documents as they are
added, renamed and removed; what the user types is never FTS syntax."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db import Store
from db.documents import remove_document, rename_document
from db.migrations import migrations
from db.search import HIT_END, HIT_START, count_documents, fts_query, search_documents
from factcheck.core.model import Document


def _add(store: Store, text: str, title: str) -> Document:
    doc, _ = store.add_document(Document.create(text, title=title))
    return doc


def test_words_case_accents_and_prefixes(store: Store) -> None:
    a = _add(store, "Rex Tillerson said Russia was not responsible for the attack.", "State")
    b = _add(store, "The Élysée denied it. Tillerson had not called.", "Paris")
    _add(store, "Nothing to see here.", "Other")
    assert {h.document_id for h in search_documents(store, "tillerson")} == {a.id, b.id}
    assert [h.document_id for h in search_documents(store, "elysee")] == [b.id]
    assert [h.document_id for h in search_documents(store, "Tillerson respons")] == [a.id]  # prefix, AND
    hit = search_documents(store, "russia")[0]
    assert f"{HIT_START}Russia{HIT_END}" in hit.snippet and hit.title == "State"
    assert count_documents(store, "not") == 3  # the last word is a prefix: "Nothing" too
    assert count_documents(store, "not called") == 1
    assert search_documents(store, "  ") == []


def test_a_word_with_an_apostrophe_is_searched_as_that_word(store: Store) -> None:
    curly = _add(store, "The minister said: “We don’t cut taxes,” and it’s true.", "Curly")
    _add(store, "It was said on Monday that nothing was cut, and don Carlos agreed to try.", "Other")
    assert fts_query("don't") == '"don t"*' and fts_query("it’s true") == '"it s" "true"*'
    assert [h.document_id for h in search_documents(store, "it's")] == [curly.id]  # not "it" and "said"
    assert [h.document_id for h in search_documents(store, "don't")] == [curly.id]  # not "don" and "to"
    (hit,) = search_documents(store, "don't")
    assert f"{HIT_START}don’t{HIT_END} cut" in hit.snippet and f"{HIT_START}The" not in hit.snippet
    assert count_documents(store, "don't") == 1


def test_what_is_typed_is_never_query_syntax(store: Store) -> None:
    _add(store, 'He said "NOT" AND OR NEAR: title* (x)', "Odd")
    for typed in ('"', "AND", "NOT OR", "title:", "x)", "*", "NEAR(", "-minus"):
        search_documents(store, typed)  # no sqlite3.OperationalError
    assert fts_query('say "hi" OR') == '"say" "hi" "OR"*'


def test_the_index_follows_renames_and_removals(store: Store) -> None:
    doc = _add(store, "A text about budgets.", "Budget")
    rename_document(store, doc.id, "Fiscal plans")
    assert [h.title for h in search_documents(store, "fiscal")] == ["Fiscal plans"]
    assert search_documents(store, "budget")[0].title == "Fiscal plans"  # the text still says budgets
    remove_document(store, doc.id, "ana")
    assert search_documents(store, "budgets") == []


def test_an_older_project_gets_its_index_on_upgrade(db_path: Path) -> None:
    with Store.open(db_path) as store:
        _add(store, "Before the upgrade there was Tillerson.", "Old")
    conn = sqlite3.connect(db_path)  # back to the schema before the index
    conn.executescript(
        "DROP TABLE document_search; DROP TABLE removed_documents; DROP TRIGGER document_search_insert;"
        "DROP TRIGGER document_search_delete; DROP TRIGGER document_search_update;"
        "DELETE FROM _sqlite_migrations WHERE name IN ('m009_document_search', 'm010_removed_documents');"
    )
    conn.close()
    with Store.open(db_path) as store:
        assert [h.title for h in search_documents(store, "tillerson")] == ["Old"]
        assert {m.name for m in migrations._migrations} >= {"m009_document_search"}


def test_a_decomposed_accent_has_its_word_in_the_snippet(store: Store) -> None:
    """A text written with decomposed accents (E + U+0301) matches as the index reads it, and its result
    shows the word in context (the snippet was empty: the word was cut at the accent)."""
    doc = _add(store, "Hier, l’E\u0301lyse\u0301e a répondu à Sa\u0303o Paulo.", "NFD")
    (hit,) = search_documents(store, "elysee")
    assert hit.document_id == doc.id
    assert f"{HIT_START}E\u0301lyse\u0301e{HIT_END}" in hit.snippet
    (hit,) = search_documents(store, "sao paulo")
    assert f"{HIT_START}Sa\u0303o Paulo{HIT_END}" in hit.snippet  # in a row: the place a result opens at

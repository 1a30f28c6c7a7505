"""brat export file names: after the article, safe on every OS, unique, stable; the side file that keeps
each pair's document, read back by the import; old id-named collections still import."""

from __future__ import annotations

import hashlib
import json
import shutil
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from db import Store
from factcheck.core.errors import ImportRefused
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.formats.brat_names import (
    DOCUMENTS_FILE,
    MAX_BYTES,
    MAX_CHARS,
    article_name,
    file_names,
    safe_name,
    source_stem,
)
from factcheck.services.importing import import_paths
from tests.factcheck.services.brat_helpers import CORPUS

_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
_RESERVED = {
    *("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"),
    *(f"COM{n}" for n in "0123456789¹²³"),
    *(f"LPT{n}" for n in "0123456789¹²³"),
}

HOSTILE = [
    "../../etc/passwd",
    "..",
    ".",
    "CON",
    "nul.txt",
    "com1",
    "LPT9.tar.gz",
    "a/b",
    "a\\b",
    "C:\\Windows\\system32",
    "x" * 500,
    "word " * 100,
    "résumé 🇷🇺 😀 news",
    "\u202eevil\u202c txt.exe",  # RTL override
    "\u200fمرحبا\u200e",  # RTL and LTR marks
    "tab\there\nnewline\x00nul\x1bescape",
    "trailing dots...",
    "   spaces   ",
    'what? "quoted" <b>|*',
    "e\u0301" * 200,  # combining accents: NFC makes each one character
    "漢字" * 200,  # three bytes each
    "\u200b",  # only a zero-width space
    "-rf --no-preserve-root",
    "CONOUT$",
    "lpt¹",
    "x" * 100_000,
]


def _is_safe(name: str) -> bool:
    return (
        bool(name)
        and name == unicodedata.normalize("NFC", name)
        and not (_WINDOWS_FORBIDDEN & set(name))
        and all(unicodedata.category(ch) not in ("Cc", "Cf") for ch in name)
        and name == name.strip(" .")
        and not name.startswith("-")
        and name.partition(".")[0].upper() not in _RESERVED
        and len(name) <= MAX_CHARS
        and len(name.encode("utf-8")) <= MAX_BYTES
    )


@pytest.mark.parametrize("title", HOSTILE)
def test_a_hostile_title_gives_a_safe_name(title: str) -> None:
    name = article_name(Document.create("Some text.", title=title))
    assert _is_safe(name), repr(name)


@pytest.mark.parametrize("title", HOSTILE)
def test_a_hostile_title_is_written_inside_the_folder_and_reads_back(
    store: Store, tmp_path: Path, title: str
) -> None:
    doc, _ = store.add_document(Document.create("The minister said crime fell.", title=title))
    store.add_annotation(new_annotation(doc, 4, 12, "claim", "ana"))
    (tmp_path / "exports").mkdir()
    folder = tmp_path / "exports" / "out"
    assert export(store, "brat", folder) == 1
    files = sorted(p for p in (tmp_path / "exports").rglob("*") if p.is_file())
    assert all(p.parent == folder for p in files)  # nothing outside it, nothing in a sub-folder
    (txt,) = folder.glob("*.txt")
    assert _is_safe(txt.stem) and txt.with_suffix(".ann").is_file()
    with Store.open(tmp_path / "fresh.db") as fresh:
        import_paths(fresh, [folder], annotator="ana")
        (back,) = fresh.documents()
        assert (back.id, back.title, back.text) == (doc.id, doc.title, doc.text)


def test_names_keep_unicode_normalised_nfc_and_cut_between_words() -> None:
    assert safe_name("Cafe\u0301 in Ümlaut-Straße") == "Café in Ümlaut-Straße"
    assert safe_name("  Trump   meets\tPutin. ") == "Trump meets Putin"
    long = safe_name("Merkel " * 30)
    assert long.endswith("Merkel") and len(long) <= MAX_CHARS
    assert safe_name("CON") == "CON_" and safe_name("nul.txt") == "nul_.txt" and safe_name("Cone") == "Cone"
    assert safe_name("../../etc/passwd") == "etc-passwd" and safe_name("a/b") == "a-b"
    assert safe_name("--rm -rf") == "rm -rf" and safe_name("CONIN$") == "CONIN$_"
    assert safe_name("bad \ud800 surrogate") == "bad surrogate"
    assert safe_name("\u202eevil\u202c") == "evil"


def test_the_source_file_stem_else_the_title() -> None:
    assert source_stem("/home/ana/articles/g20-hamburg.txt") == "g20-hamburg"
    assert source_stem("C:\\Users\\ana\\g20.hamburg.txt") == "g20.hamburg"
    assert source_stem("file:///home/ana/Caf%C3%A9.txt") == "Café"
    assert source_stem("https://example.org/news/index.html") == ""  # a web page names no file
    named = Document.create("Text.", title="G20: the summit", source="/x/g20-hamburg.txt")
    assert article_name(named) == "g20-hamburg"
    assert article_name(replace(named, source="https://example.org/a/1")) == "G20- the summit"
    assert article_name(replace(named, source="", title="...")) == "document"


def _doc(title: str, stamp: str, ident: str, source: str = "") -> Document:
    return replace(
        Document.create(f"Text of {ident}.", title=title, source=source), id=ident, imported_at=stamp
    )


def test_names_are_unique_without_case_and_the_first_imported_keeps_the_plain_one() -> None:
    docs = [
        _doc("Budget", "2026-01-03T00:00:00.000000Z", "c"),
        _doc("budget", "2026-01-01T00:00:00.000000Z", "b"),
        _doc("Budget-2", "2026-01-02T00:00:00.000000Z", "a"),  # a real name that a suffix must skip
        _doc("BUDGET", "2026-01-04T00:00:00.000000Z", "d", source="/x/Budget.txt"),
        _doc("Café", "2026-01-05T00:00:00.000000Z", "e"),
        _doc("Cafe\u0301", "2026-01-06T00:00:00.000000Z", "f"),  # the same name once NFC
    ]
    names = file_names(docs)
    assert names == {
        "b": "budget",
        "a": "Budget-2",
        "c": "Budget-3",
        "d": "Budget-4",
        "e": "Café",
        "f": "Café-2",
    }
    assert len({n.casefold() for n in names.values()}) == len(docs)
    # Stable: the order documents come in does not matter, and a later article renames no earlier one.
    assert file_names(reversed(docs)) == names
    later = _doc("Budget", "2026-02-01T00:00:00.000000Z", "z")
    assert file_names([*docs, later]) == {**names, "z": "Budget-5"}


def test_a_long_name_keeps_its_suffix_within_the_limits() -> None:
    docs = [_doc("x" * 300, f"2026-01-0{n}T00:00:00.000000Z", str(n)) for n in range(1, 4)]
    names = sorted(file_names(docs).values())
    assert names[1].endswith("-2") and names[2].endswith("-3") and len(set(names)) == 3
    assert all(len(n.encode()) <= MAX_BYTES + 4 for n in names)


def _project(store: Store) -> list[Document]:
    docs = [
        Document.create(
            "The minister said crime fell by 20%.\n", title="Crime", source="/in/g20-hamburg.txt"
        ),
        Document.create("Critics said it did not.\n", title="Critics: a reply"),
        Document.create("A second article, same title.\n", title="Critics: a reply"),
        Document.create("Nobody tagged this one.\n", title="CON"),
    ]
    stored = [store.add_document(d)[0] for d in docs]
    store.add_annotation(new_annotation(stored[0], 4, 12, "claim", "ana"))
    store.add_annotation(new_annotation(stored[1], 0, 7, "source", "ana"))
    store.add_annotation(new_annotation(stored[2], 2, 8, "denial", "bo"))
    return stored


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_export_names_are_readable_and_the_same_twice(store: Store, tmp_path: Path) -> None:
    docs = _project(store)
    export(store, "brat", tmp_path / "one")
    export(store, "brat", tmp_path / "two")
    names = sorted(p.name for p in (tmp_path / "one").glob("*.txt"))
    assert names == ["CON_.txt", "Critics- a reply-2.txt", "Critics- a reply.txt", "g20-hamburg.txt"]
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    side = json.loads((tmp_path / "one" / DOCUMENTS_FILE).read_text(encoding="utf-8"))["documents"]
    assert side["g20-hamburg"] == {
        "id": docs[0].id,
        "title": "Crime",
        "source": "/in/g20-hamburg.txt",
        "sha256": docs[0].sha256,
        "imported_at": docs[0].imported_at,
        "ann_sha256": hashlib.sha256((tmp_path / "one" / "g20-hamburg.ann").read_bytes()).hexdigest(),
    }
    assert (tmp_path / "one" / "g20-hamburg.txt").read_text(encoding="utf-8") == docs[0].text
    # An export of one article gives it the name it has in the whole project's export.
    export(store, "brat", tmp_path / "only", document_id=docs[2].id)
    assert [p.name for p in (tmp_path / "only").glob("*.txt")] == ["Critics- a reply-2.txt"]


def test_round_trip_into_a_fresh_project_gives_the_same_documents_and_tags(
    store: Store, tmp_path: Path
) -> None:
    _project(store)
    export(store, "brat", tmp_path / "out")

    def state(s: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        """Documents in the project's order, equal field for field; tags as placed."""
        docs: list[tuple[object, ...]] = [
            (d.id, d.title, d.source, d.text, d.sha256, d.imported_at) for d in s.documents()
        ]
        tags: list[tuple[object, ...]] = sorted(
            (a.document_id, a.label, a.start, a.end, a.quote) for a in s.annotations()
        )
        return docs, tags

    with Store.open(tmp_path / "fresh.db") as fresh:
        report = import_paths(fresh, [tmp_path / "out"], annotator="ana")
        assert report.documents_added == 4
        docs, tags = state(fresh)
        want_docs, want_tags = state(store)
        assert docs == want_docs and tags == want_tags
        export(fresh, "brat", tmp_path / "again")
    assert _files(tmp_path / "again") == _files(tmp_path / "out")


def test_an_edited_text_is_a_new_article_not_the_exported_document(store: Store, tmp_path: Path) -> None:
    docs = _project(store)
    export(store, "brat", tmp_path / "out")
    (tmp_path / "out" / "CON_.txt").write_text("Somebody rewrote this one.\n", encoding="utf-8")
    with Store.open(tmp_path / "fresh.db") as fresh:
        import_paths(fresh, [tmp_path / "out"], annotator="ana")
        by_text = {d.text: d for d in fresh.documents()}
        edited = by_text["Somebody rewrote this one.\n"]
        assert edited.id != docs[3].id and edited.source.endswith("CON_.txt")
        assert by_text[docs[0].text].id == docs[0].id


def test_the_kept_id_yields_to_another_document_of_the_project(store: Store, tmp_path: Path) -> None:
    docs = _project(store)
    export(store, "brat", tmp_path / "out")
    with Store.open(tmp_path / "other.db") as other:
        mine, _ = other.add_document(replace(Document.create("Another text entirely.\n"), id=docs[0].id))
        import_paths(other, [tmp_path / "out"], annotator="ana")
        assert other.document(mine.id).text == "Another text entirely.\n"  # not overwritten
        (landed,) = [d for d in other.documents() if d.text == docs[0].text]
        assert landed.id != mine.id and [a.quote for a in other.annotations(landed.id)] == ["minister"]


def test_an_old_id_named_collection_still_imports(store: Store, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(CORPUS, old)  # files named by id, no side file: as exports were before
    for txt in sorted(old.glob("*.txt")):
        for ext in ("txt", "ann"):
            if txt.with_suffix(f".{ext}").exists():
                txt.with_suffix(f".{ext}").rename(old / f"3f2a9c1e-0000-4000-8000-{txt.stem[:12]:0>12}.{ext}")
    report = import_paths(store, [old], annotator="ana")
    assert (report.documents_added, report.added) == (3, 13)
    assert all(d.source.startswith(str(old)) for d in store.documents())


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "Expecting property name"),
        ('{"format": "something else", "version": 1, "documents": {}}', "is not a"),
        ('{"format": "factcheck brat documents", "version": 9, "documents": {}}', "version 9"),
        ('{"format": "factcheck brat documents", "version": 1, "documents": []}', "not an object"),
        (
            '{"format": "factcheck brat documents", "version": 1, "documents": {"a": {"id": 1}}}',
            "needs text id",
        ),
        (
            '{"format": "factcheck brat documents", "version": 1, "documents": '
            '{"a": {"id": "\\n", "title": "", "source": "", "sha256": "", "imported_at": ""}}}',
            "no usable id",
        ),
        (
            '{"format": "factcheck brat documents", "version": 1, "documents": '
            '{"a": {"id": "x", "title": "", "source": "", "sha256": "", "imported_at": "yesterday"}}}',
            "no usable imported_at",
        ),
    ],
)
def test_a_damaged_side_file_is_refused_and_nothing_imported(
    store: Store, tmp_path: Path, content: str, problem: str
) -> None:
    _project(store)
    export(store, "brat", tmp_path / "out")
    (tmp_path / "out" / DOCUMENTS_FILE).write_text(content, encoding="utf-8")
    with Store.open(tmp_path / "fresh.db") as fresh:
        with pytest.raises(ImportRefused, match=problem) as refused:
            import_paths(fresh, [tmp_path / "out"], annotator="ana")
        assert DOCUMENTS_FILE in str(refused.value) and "delete it" in str(refused.value)
        assert fresh.documents() == []


def test_an_older_id_named_copy_beside_the_named_pair_is_the_same_document(
    store: Store, tmp_path: Path
) -> None:
    """Exporting into a folder that an older factcheck filled leaves its id-named pairs there."""
    docs = _project(store)
    out = tmp_path / "out"
    export(store, "brat", out)
    for ext in ("txt", "ann"):  # sorts before "g20-hamburg"
        shutil.copy(out / f"g20-hamburg.{ext}", out / f"0a1b2c3d-{docs[0].id}.{ext}")
    with Store.open(tmp_path / "fresh.db") as fresh:
        report = import_paths(fresh, [out], annotator="ana")
        assert report.documents_added == 4
        landed = fresh.document(docs[0].id)
        assert (landed.title, landed.source, landed.text) == ("Crime", "/in/g20-hamburg.txt", docs[0].text)
        assert [a.quote for a in fresh.annotations(docs[0].id)] == ["minister"]

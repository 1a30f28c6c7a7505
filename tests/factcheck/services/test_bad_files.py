"""Bad files given to `factcheck import`: each refused with one clear line, and nothing changed.

"Nothing changed" is a hash of every row of the project (schema included) before and after. Each bad
file is also imported together with a good one: the good one must not land either (all or nothing).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import factcheck.core.articles
from db import Store
from factcheck.cli import main
from factcheck.core.errors import FactcheckError
from factcheck.core.model import FORMAT_VERSION, Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.conftest import ARTICLE
from tests.faults import live_connection
from tests.helpers.dbfiles import content_digest

Edit = Callable[[dict[str, Any]], object]


@pytest.fixture
def good_export(tmp_path: Path) -> dict[str, Any]:
    """A teammate's valid JSON export: our article plus one of theirs, with tags."""
    with Store.open(tmp_path / "teammate.db") as teammate:
        ours, _ = teammate.add_document(Document.create(ARTICLE, title="Roe on crime", source="roe.txt"))
        theirs, _ = teammate.add_document(Document.create("Their article 😀 says a thing.\n", title="T"))
        teammate.put_annotations(
            [
                new_annotation(ours, 0, 20, "claim", "teammate", note="first"),
                new_annotation(ours, 30, 60, "denial", "teammate"),
                new_annotation(theirs, 0, 12, "characterization", "teammate"),
            ]
        )
        export(teammate, "json", tmp_path / "good.json")
    data: dict[str, Any] = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def project(db_path: Path, store: Store, document: Document) -> Path:
    """Our project: the same article (same sha256) with a tag of ours."""
    store.add_annotation(new_annotation(document, 5, 25, "claim", "me"))
    return db_path


def first_ann(d: dict[str, Any]) -> dict[str, Any]:
    ann: dict[str, Any] = d["documents"][0]["annotations"][0]
    return ann


def set_first(key: str, value: object) -> Edit:
    return lambda d: first_ann(d).__setitem__(key, value)


def duplicate_id_other_content(d: dict[str, Any]) -> None:
    twin = copy.deepcopy(first_ann(d))
    twin["note"] = "a different note under the same id"
    d["documents"][0]["annotations"].append(twin)


def outside(d: dict[str, Any]) -> None:
    first_ann(d)["end"] = len(d["documents"][0]["text"]) + 5


def bad_labels_in_file(d: dict[str, Any]) -> None:
    d["labels"].append({"name": "rumour", "color": "#000000", "shortcut": "9"})
    first_ann(d)["label"] = "rumour"  # the file knows it, our project does not


# name -> (edit of the good export returning the new JSON value or None to keep d, words in the message)
JSON_CASES: dict[str, tuple[Edit, str]] = {
    "a list instead of an object": (lambda d: [d], "object"),
    "documents missing": (lambda d: d.pop("documents") and None, "documents"),
    "annotations not a list": (lambda d: d["documents"][0].__setitem__("annotations", {}), "annotations"),
    "start as a string": (set_first("start", "10"), "start"),
    "end as a float": (set_first("end", 20.0), "end"),
    "end as true": (set_first("end", True), "end"),
    "label as a number": (set_first("label", 1), "label"),
    "note as a list": (set_first("note", ["x"]), "note"),
    "a timestamp that is not one": (set_first("created_at", "yesterday"), "created_at"),
    "offsets outside the text": (outside, "outside the text"),
    "negative start": (set_first("start", -1), "-1"),
    "an empty span": (set_first("end", 0), "empty"),
    "a quote contradicting its offsets": (set_first("quote", "something else entirely"), "quote"),
    "one id with two contents": (duplicate_id_other_content, "appears twice with different content"),
    "a label unknown to the file": (set_first("label", "rumour"), "rumour"),
    "a label unknown to our project": (bad_labels_in_file, "rumour"),
    "a format version from the future": (lambda d: d.__setitem__("version", FORMAT_VERSION + 1), "newer"),
    "another program's JSON": (lambda d: {"@context": "http://www.w3.org/ns/anno.jsonld"}, "not a factcheck"),
    "a text that does not match its sha256": (
        lambda d: d["documents"][0].__setitem__("text", d["documents"][0]["text"] + "!"),
        "sha256",
    ),
    "an unpaired surrogate": (set_first("note", "\ud800"), "surrogate"),
}  # fmt: skip


def write_json(tmp_path: Path, good: dict[str, Any], edit: Edit) -> Path:
    data = copy.deepcopy(good)
    result = edit(data)
    path = tmp_path / "bad.json"
    value = data if result is None else result
    path.write_text(json.dumps(value, ensure_ascii=True), encoding="utf-8")
    return path


def raw_file(name: str, content: bytes) -> Callable[[Path, dict[str, Any]], Path]:
    def make(tmp_path: Path, good: dict[str, Any]) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return make


def truncated(tmp_path: Path, good: dict[str, Any]) -> Path:
    text = json.dumps(good)
    path = tmp_path / "cut.json"
    # Cut between two keys: the JSON is fine up to its end (a cut inside a string is "not valid JSON").
    path.write_text(text[: text.index('"documents"')], encoding="utf-8")
    return path


def jsonl_with_unknown_document(tmp_path: Path, good: dict[str, Any]) -> Path:
    line = {"document_id": "nope", "sha256": "0" * 64, "title": "?", **first_ann(good)}
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def utf16(name: str) -> Callable[[Path, dict[str, Any]], Path]:
    """The good export as Windows PowerShell's `factcheck export ... > out.json` saves it: UTF-16, a BOM."""

    def make(tmp_path: Path, good: dict[str, Any]) -> Path:
        path = tmp_path / name
        text = json.dumps(good) if name.endswith(".json") else json.dumps(first_ann(good)) + "\n"
        path.write_bytes(text.encode("utf-16"))
        return path

    return make


MALFORMED = b'{"format": "factcheck", "version": 1, labels: []}'
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20

FILE_CASES: dict[str, tuple[Callable[[Path, dict[str, Any]], Path], str]] = {
    "malformed JSON": (raw_file("bad.json", MALFORMED), "not valid JSON"),
    "truncated JSON": (truncated, "truncated"),
    "an empty JSON file": (raw_file("empty.json", b""), "empty"),
    "a JSON file of whitespace": (raw_file("blank.json", b"  \n\n"), "empty"),
    "JSON that is not UTF-8": (raw_file("latin.json", '{"format": "café"}'.encode("latin-1")), "UTF-8"),
    "a UTF-16 JSON export": (utf16("export.json"), "UTF-16 text, not UTF-8 (as Windows PowerShell's > saves"),
    "a UTF-16 JSONL export": (utf16("export.jsonl"), "export again with --out FILE, or save it as UTF-8"),
    "malformed JSONL": (raw_file("rows.jsonl", b'{"id": 1}\n{nope\n'), "rows.jsonl"),
    "JSONL rows of an unknown document": (jsonl_with_unknown_document, "rows.jsonl"),
    "an empty article": (raw_file("empty.txt", b""), "empty"),
    "a binary file named .txt": (raw_file("photo.txt", PNG), "binary"),
    "a zip named .html": (raw_file("page.html", b"PK\x03\x04" + bytes(range(256)) * 20), "page.html"),
    "an unknown file type": (raw_file("notes.docx", b"PK\x03\x04"), "unknown file type"),
}  # fmt: skip


def all_cases() -> list[tuple[str, Callable[[Path, dict[str, Any]], Path], str]]:
    cases = [
        (name, (lambda e: lambda tmp, good: write_json(tmp, good, e))(edit), words)
        for name, (edit, words) in JSON_CASES.items()
    ]
    cases += [(name, make, words) for name, (make, words) in FILE_CASES.items()]
    return cases


CASES = all_cases()


@pytest.mark.parametrize(("make", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_in_one_line_and_nothing_changed(
    tmp_path: Path,
    project: Path,
    good_export: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path, dict[str, Any]], Path],
    words: str,
) -> None:
    bad = make(tmp_path, good_export)
    good_path = tmp_path / "good.json"  # written by the fixture; valid, and it would add tags
    before = content_digest(project)

    assert main(["--db", str(project), "import", str(good_path), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("factcheck: ") and err.count("\n") == 1, err
    assert bad.name in err and words in err, err
    assert "Traceback" not in err
    assert content_digest(project) == before


def test_the_good_export_alone_is_imported(
    tmp_path: Path, project: Path, good_export: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """The control: without the bad file, the same import changes the project (the tests above could fail)."""
    before = content_digest(project)
    assert main(["--db", str(project), "import", str(tmp_path / "good.json")]) == 0
    assert content_digest(project) != before
    with Store.open(project) as store:
        assert len(store.annotations()) == 4


def test_an_article_over_the_size_limit(
    tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(factcheck.core.articles, "MAX_ARTICLE_BYTES", 1000)
    big = tmp_path / "long.txt"
    big.write_text("A sentence of an article. " * 100, encoding="utf-8")
    before = content_digest(project)
    assert main(["--db", str(project), "import", str(big)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "long.txt" in err and "MB" in err
    assert content_digest(project) == before


def test_refusals_through_the_python_api_are_factcheck_errors(
    tmp_path: Path, project: Path, good_export: dict[str, Any]
) -> None:
    with Store.open(project) as store:
        before = content_digest(project)
        for name, make, _ in CASES:
            with pytest.raises(FactcheckError):
                import_paths(store, [tmp_path / "good.json", make(tmp_path, good_export)], annotator="me")
            assert not live_connection(store).in_transaction, name
        assert content_digest(project) == before


@pytest.mark.parametrize("fraction", [i / 17 for i in range(1, 17)])
def test_a_file_cut_anywhere_is_refused_in_one_line(
    tmp_path: Path,
    project: Path,
    good_export: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    fraction: float,
) -> None:
    text = json.dumps(good_export, indent=1)  # \u escapes and multi-line: cuts land anywhere
    cut = tmp_path / "cut.json"
    cut.write_text(text[: int(len(text) * fraction)], encoding="utf-8")
    before = content_digest(project)
    assert main(["--db", str(project), "import", str(cut)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cut.json" in err and "JSON" in err, err
    assert content_digest(project) == before

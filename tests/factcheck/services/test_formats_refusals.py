"""read_bundle refuses every bad file with one line naming it, and changes nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from db import Store
from factcheck.core.errors import ImportRefused
from factcheck.core.model import FORMAT_VERSION, Annotation, text_sha256
from factcheck.services.exporting import export
from factcheck.services.reading import read_bundle
from tests.factcheck.services.formats_helpers import Rich, build, content

Data = dict[str, Any]


@pytest.fixture
def rich(store: Store) -> Rich:
    return build(store)


@pytest.fixture
def good(rich: Rich, tmp_path: Path) -> Data:
    path = tmp_path / "good.json"
    export(rich.store, "json", path)
    data: Data = json.loads(path.read_text(encoding="utf-8"))
    return data


def _ann(data: Data, doc: int = 0, i: int = 0) -> Data:
    ann: Data = data["documents"][doc]["annotations"][i]
    return ann


def _set(path: str, value: object) -> Callable[[Data], object]:
    """A mutation: documents.0.annotations.1.start = value (MISSING deletes the key)."""

    def mutate(data: Data) -> object:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        if value is MISSING:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value
        return data

    return mutate


MISSING = object()
A = "documents.0.annotations.0."

# (mutation, words the message must contain)
BAD_SHAPES: dict[str, tuple[Callable[[Data], object], str]] = {
    "a list": (lambda d: [d], "expected an object, found a list"),
    "format missing": (_set("format", MISSING), "not a factcheck export"),
    "other format": (_set("format", "brat"), "not a factcheck export"),
    "version from the future": (_set("version", FORMAT_VERSION + 1), "newer factcheck"),
    "version as text": (_set("version", "1"), '"version" must be a whole number'),
    "version zero": (_set("version", 0), "unknown format version"),
    "labels missing": (_set("labels", MISSING), '"labels" is missing'),
    "labels not a list": (_set("labels", {"claim": 1}), '"labels" must be a list'),
    "label twice": (lambda d: d["labels"].append(d["labels"][0]), "listed twice"),
    "documents missing": (_set("documents", MISSING), '"documents" is missing'),
    "document a string": (_set("documents.0", "text"), "expected an object"),
    "document id missing": (_set("documents.0.id", MISSING), '"id" is missing'),
    "document text a number": (_set("documents.0.text", 12), '"text" must be a string'),
    "empty text": (_set("documents.0.text", ""), "empty text"),
    "carriage return in text": (
        lambda d: d["documents"][0].update(text=d["documents"][0]["text"].replace("\n", "\r\n")),
        "carriage return",
    ),
    "sha256 wrong": (_set("documents.0.sha256", "0" * 64), "sha256"),
    "annotations missing": (_set("documents.0.annotations", MISSING), '"annotations" is missing'),
    "start missing": (_set(A + "start", MISSING), '"start" is missing'),
    "start as text": (_set(A + "start", "10"), '"start" must be a whole number'),
    "start a bool": (_set(A + "start", True), '"start" must be a whole number, not true'),
    "end a float": (_set(A + "end", 12.0), '"end" must be a whole number'),
    "label a number": (_set(A + "label", 1), '"label" must be a string'),
    "note a list": (_set(A + "note", ["x"]), '"note" must be a string'),
    "orphaned as text": (_set(A + "orphaned", "no"), '"orphaned" must be true or false'),
    "reviewer a number": (_set(A + "reviewer", 3), '"reviewer" must be a string or null'),
    "status unknown": (_set(A + "status", "maybe"), '"status" must be'),
    "timestamp not a date": (_set(A + "created_at", "yesterday"), "ISO-8601"),
    "annotation id empty": (_set(A + "id", " "), "id is empty"),
    "unknown label": (_set(A + "label", "opinion"), "the label 'opinion' is unknown"),
    "offsets outside the text": (_set(A + "end", 10_000), "outside the text"),
    "negative start": (_set(A + "start", -1), "outside the text"),
    "empty span": (lambda d: _ann(d).update(end=_ann(d)["start"]), "outside the text"),
    "quote contradicts offsets": (_set(A + "quote", "something else"), "is not the text at"),
    "quote shifted by one": (
        lambda d: _ann(d).update(start=_ann(d)["start"] + 1, end=_ann(d)["end"] + 1),
        "is not the text at",
    ),
    "one id, two contents": (
        lambda d: d["documents"][0]["annotations"].append(dict(_ann(d), note="changed")),
        "appears twice with different content",
    ),
    "one document id, two texts": (
        lambda d: d["documents"].append(
            dict(d["documents"][0], text="Other text.", sha256=text_sha256("Other text."), annotations=[])
        ),
        "the document id",
    ),
}


def _write(tmp_path: Path, data: object, name: str = "bad.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _refused(path: Path, store: Store | None, *words: str) -> str:
    before = path.read_bytes()
    db_before = content(store) if store is not None else None
    with pytest.raises(ImportRefused) as info:
        read_bundle(path, store)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    for word in words:
        assert word in message
    assert path.read_bytes() == before
    if store is not None:
        assert content(store) == db_before
    return message


@pytest.mark.parametrize("case", sorted(BAD_SHAPES))
def test_each_bad_content_is_refused(case: str, good: Data, rich: Rich, tmp_path: Path) -> None:
    mutate, words = BAD_SHAPES[case]
    data = copy.deepcopy(good)
    result = mutate(data)
    written = result if isinstance(result, list) else data
    _refused(_write(tmp_path, written), rich.store, words)


def test_the_unmodified_export_is_accepted(good: Data, rich: Rich, tmp_path: Path) -> None:
    """The refusals above come from the mutations, not from the base file."""
    assert read_bundle(_write(tmp_path, good), rich.store).annotation_count == len(
        rich.store.annotations(include_deleted=True)
    )


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b'{"format": "factcheck", "version": 1, "labels": [', "truncated"),
        (b'{"format": "factcheck",, }', "not valid JSON"),
        (b"\xff\xfe{\x00}\x00", "not UTF-8"),
        ('{"format": "caf\u00e9"}'.encode("latin-1"), "not UTF-8"),
        (b"\x00\x01\x02binary", "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
    ],
    ids=["empty", "blank", "truncated", "malformed", "utf16", "latin1", "binary", "deep"],
)
def test_unreadable_files_are_refused(raw: bytes, words: str, rich: Rich, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    _refused(path, rich.store, words)


def test_a_truncated_real_export_is_refused(rich: Rich, tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    export(rich.store, "json", path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _refused(path, rich.store, "truncated")


def test_a_lone_surrogate_is_refused(good: Data, rich: Rich, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    text = json.dumps(good).replace('"note": ""', '"note": "\\ud83d"', 1)
    assert "\\ud83d" in text
    path.write_text(text, encoding="utf-8")
    _refused(path, rich.store, "surrogate")


def test_a_label_the_project_lacks_is_refused_with_a_store_only(
    good: Data, rich: Rich, tmp_path: Path
) -> None:
    data = copy.deepcopy(good)
    data["labels"].append({"name": "opinion", "color": "#000000", "shortcut": "4"})
    _ann(data)["label"] = "opinion"
    path = _write(tmp_path, data)
    assert read_bundle(path).annotation_count > 0  # the file itself is consistent
    _refused(path, rich.store, "'opinion' is unknown")


def test_missing_or_wrong_context_is_recomputed(good: Data, rich: Rich, tmp_path: Path) -> None:
    data = copy.deepcopy(good)
    first, second = _ann(data, 0, 0), _ann(data, 0, 1)
    del first["prefix"], first["suffix"]
    second["prefix"] = "not what precedes"
    bundle = read_bundle(_write(tmp_path, data), rich.store)
    got = {a.id: a for _, anns in bundle.documents for a in anns}
    for raw in (first, second):
        stored = rich.store.annotation(raw["id"])
        assert stored is not None
        assert (got[raw["id"]].prefix, got[raw["id"]].suffix) == (stored.prefix, stored.suffix)


def test_the_same_annotation_twice_is_fine(good: Data, rich: Rich, tmp_path: Path) -> None:
    data = copy.deepcopy(good)
    data["documents"][0]["annotations"].append(dict(_ann(data)))
    bundle = read_bundle(_write(tmp_path, data), rich.store)
    assert bundle.annotation_count == len(rich.store.annotations(include_deleted=True))


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match=r"nope\.json"):
        read_bundle(tmp_path / "nope.json")
    with pytest.raises(ImportRefused):
        read_bundle(tmp_path)


# -- JSONL --------------------------------------------------------------------------------------


@pytest.fixture
def jsonl(rich: Rich, tmp_path: Path) -> Path:
    path = tmp_path / "tags.jsonl"
    export(rich.store, "jsonl", path)
    return path


def test_jsonl_reads_back_into_the_same_annotations(rich: Rich, jsonl: Path) -> None:
    bundle = read_bundle(jsonl, rich.store)
    got = sorted((a for _, anns in bundle.documents for a in anns), key=lambda a: a.id)
    assert got == sorted(rich.store.annotations(), key=lambda a: a.id)  # live ones: JSONL skips tombstones


def test_jsonl_finds_documents_by_sha256_when_ids_differ(rich: Rich, jsonl: Path, tmp_path: Path) -> None:
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        line["document_id"] = "their-own-id"
    path = tmp_path / "theirs.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    bundle = read_bundle(path, rich.store)
    assert {d.id for d, _ in bundle.documents} == {rich.doc.id, rich.second.id}


def test_jsonl_refusals(rich: Rich, jsonl: Path, tmp_path: Path) -> None:
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    _refused(jsonl, None, "project that has the articles")
    unknown = json.loads(lines[1])
    unknown.update(document_id="x", document_sha256="0" * 64, document_title="Elsewhere")
    cases = {
        "unknown document": ([lines[0], json.dumps(unknown)], "'Elsewhere' is not in this project", "line 2"),
        "bad json": ([lines[0], lines[1][:-5]], "not valid JSON", "line 2"),
        "a list": (["[1, 2]"], "expected an object", "line 1"),
        "offsets": ([json.dumps(dict(json.loads(lines[0]), end=10_000))], "line 1", ""),
    }
    for name, (content_lines, *words) in cases.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_text("\n".join(content_lines) + "\n", encoding="utf-8")
        _refused(path, rich.store, *[w for w in words if w])


def _every_field(ann: Annotation) -> dict[str, object]:
    """All of a tag's fields, `extra` too (which == leaves out)."""
    return {f.name: getattr(ann, f.name) for f in fields(ann)}


def test_the_fast_and_the_reference_reading_paths_agree(good: Data, rich: Rich) -> None:
    """read_bundle takes a fast path for complete annotations; it must build what the reference does."""
    from factcheck.services.formats import validate, validate_columns

    assert validate._FAST_CONSTRUCT  # else the fast constructor is not what runs, and this proves little
    labels = {lab.name: None for lab in rich.store.labels()}
    doc = rich.store.document(good["documents"][0]["id"])
    raws = good["documents"][0]["annotations"]
    fast = validate_columns.fast_rows(raws, doc, labels)
    assert fast is not None
    for raw, got in zip(raws, validate.CheckedAnnotations(fast, doc.text), strict=True):
        reference = validate.parse_annotation(raw, "here", doc, labels)
        assert _every_field(got) == _every_field(reference)
        assert got == rich.store.annotation(raw["id"])


def test_keys_in_any_order_and_any_layout_read_the_same(good: Data, rich: Rich, tmp_path: Path) -> None:
    """The reader goes a document at a time; the file need not be laid out as factcheck writes it:
    documents before the labels (read twice), one line or indented, a BOM."""
    expected = read_bundle(_write(tmp_path, good), rich.store)
    reordered = {"documents": good["documents"], "extra": [1, {"a": None}], **good}
    reordered["documents"] = good["documents"]
    for name, text in {
        "first.json": json.dumps(dict(reversed(list(reordered.items())))),
        "docs_first.json": json.dumps({"documents": good["documents"], "labels": good["labels"],
                                       "version": 1, "format": "factcheck"}),
        "indented.json": json.dumps(good, indent=3, ensure_ascii=True),
        "bom.json": "\ufeff" + json.dumps(good),
    }.items():  # fmt: skip
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        got = read_bundle(path, rich.store)
        assert got.labels == expected.labels, name
        assert [(d, list(a)) for d, a in got.documents] == [(d, list(a)) for d, a in expected.documents], name
    twice = json.dumps(good)[:-1] + ', "documents": []}'
    (tmp_path / "twice.json").write_text(twice, encoding="utf-8")
    _refused(tmp_path / "twice.json", rich.store, '"documents" appears twice')

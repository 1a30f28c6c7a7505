"""The streamed list's documents go the bytes way (json_stream.TextStream.fast_elements: orjson on the
file's bytes) and fall back to the text window (the standard library) wherever orjson refuses or may
differ: both ways must give the same values, and the same refusals word for word (same line and column,
same byte position), whatever the input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factcheck.core.model import STRUCTURE_FIELDS
from factcheck.services.formats import json_stream
from factcheck.services.formats.json_typed import as_dict, tag_type
from factcheck.services.formats.validate import Refusal
from tests.helpers.counting_orjson import CountingOrjson, CountingTyped

SHA = "0123456789012345678901234567890123456789abcdef0123456789abcdef"  # 19 digits in a row, in a string


def _annotation(i: int, note: str = "") -> dict[str, Any]:
    return {"id": f"a{i}", "label": "claim", "start": i, "end": i + 3, "note": note, "fragments": []}


def _document(i: int, tags: int = 3, text: str = "Some text 😀 “quoted”.") -> dict[str, Any]:
    return {
        "id": f"d{i}",
        "title": f"Article {i}",
        "sha256": SHA,
        "text": text,
        "annotations": [_annotation(i * 100 + j) for j in range(tags)],
        "links": [],
    }


def _laid_out(doc: dict[str, Any]) -> str:
    """A document as factcheck writes it: one annotation a line, its lists ended by "\\n]"."""
    head = {k: v for k, v in doc.items() if k not in ("annotations", "links")}
    anns = doc["annotations"]
    lines = "\n" + ",\n".join(json.dumps(a, ensure_ascii=False) for a in anns) + "\n" if anns else ""
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "annotations": [' + lines + '], "links": []}'


def _without_links(doc: str) -> str:
    """A document as version 1 wrote it (no "links"), or as written without them."""
    assert doc.endswith(', "links": []}')
    return doc.removesuffix(', "links": []}') + "}"


def _with_links(doc: str) -> str:
    """A document with two links, one a line as factcheck writes them."""
    links = '[\n{"id": "l1", "type": "supports"},\n{"id": "l2", "type": "contradicts"}\n]'
    return doc.removesuffix("[]}") + links + "}"


def _export(docs: list[str], tail: str = "") -> str:
    """An export around documents (each already JSON text), as factcheck lays it out."""
    head = '{"format": "factcheck", "version": 2,\n"labels": [],\n"documents": [\n'
    return head + ",\n".join(docs) + "\n]" + tail + "}\n"


def _read(path: Path) -> tuple[str, object]:
    """Every top-level pair, the documents as a list; or the refusal's words."""
    pairs: list[tuple[str, object]] = []
    with path.open("rb") as fh:
        stream = json_stream.TextStream(fh)
        try:
            for key, value in json_stream.top_level(stream, "documents"):
                if isinstance(value, json_stream.Streamed):
                    elements = []
                    for element in value.elements:
                        # What the reader checks lone surrogates by: set for every element with one.
                        assert stream.surrogate_escapes or not json_stream.has_lone_surrogate(element)
                        elements.append(element)
                    value = elements
                pairs.append((key, value))
        except Refusal as exc:
            return "refused", str(exc)
    return "read", pairs


def _both(
    path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int = json_stream.CHUNK
) -> tuple[tuple[str, object], tuple[str, object], int]:
    """What reading path gives the bytes way (msgspec's typed parse, or orjson) and without it (the text
    window alone, the reference), and how many values the bytes way gave. A typed document's tags are
    compared as the reference reads them (`json_typed.as_dict`); orjson alone must give the same too."""
    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    counting, typed = CountingOrjson(), CountingTyped()
    monkeypatch.setattr(json_stream, "orjson", counting)
    monkeypatch.setattr(json_stream, "typed_document", typed)
    fast = _plain(_read(path))
    parsed = typed.parsed + counting.parsed
    monkeypatch.setattr(json_stream, "typed_document", lambda data: None)
    assert _plain(_read(path)) == fast  # orjson alone
    monkeypatch.setattr(json_stream, "orjson", None)
    reference = _plain(_read(path))
    monkeypatch.undo()
    return fast, reference, parsed


def _plain(outcome: tuple[str, object]) -> tuple[str, object]:
    """outcome with each typed tag as a dict, and in every dict the structure keys that are null
    dropped: a typed tag has them null where the file left them out, which the reference reads alike."""
    kind, pairs = outcome
    if kind != "read" or not isinstance(pairs, list):
        return outcome

    def plain(value: object) -> object:
        if isinstance(value, list):
            return [plain(v) for v in value]
        if type(value) is tag_type():
            value = as_dict(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if v is not None or k not in STRUCTURE_FIELDS}
        return value

    return kind, plain(pairs)


def _documents(result: tuple[str, object]) -> Any:
    """The documents of a file read."""
    assert result[0] == "read" and isinstance(result[1], list)
    return dict(result[1])["documents"]


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "export.json"
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


CHUNKS = [64, 1000, 1 << 20]


@pytest.mark.parametrize("chunk", CHUNKS)
def test_every_document_of_an_export_goes_the_bytes_way(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [_laid_out(_document(i)) for i in range(40)]
    path = _write(tmp_path, _export(docs, ',\n"extra": [1, 2]'))
    fast, reference, parsed = _both(path, monkeypatch, chunk)
    assert fast[0] == "read" and fast == reference
    assert parsed == 40  # the digits of the sha256 (in a string) kept none from orjson


def test_documents_split_across_1_mb_chunks_and_bigger_than_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = [3000, 15000, 3000, 40, 12000, 3, 7000]  # tags: documents of 4 KB to 1.5 MB
    docs = [_laid_out(_document(i, tags)) for i, tags in enumerate(sizes)]
    text = _export(docs)
    assert len(text.encode()) > 3 * (1 << 20)
    path = _write(tmp_path, text)
    fast, reference, parsed = _both(path, monkeypatch)
    assert fast[0] == "read" and fast == reference and parsed == len(sizes)


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize(
    "note",
    ["]}", "]},\\n]}", "a\\n]}\\n]", 'x\\"]},', "[]}", "\\\\"],
    ids=["end", "end-newline", "list-end", "quote", "empty-list", "backslash"],
)
def test_a_document_end_inside_a_string(
    note: str, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [_laid_out(_document(i)) for i in range(5)]
    docs[2] = docs[2].replace('"note": ""', f'"note": "{note}"', 1)
    path = _write(tmp_path, _export(docs))
    fast, reference, parsed = _both(path, monkeypatch, chunk)
    assert fast[0] == "read" and fast == reference and parsed == 5


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("mix", ["version-1", "links", "untagged", "v1-then-v2", "v2-then-v1", "alternating"])
def test_documents_with_or_without_links_all_go_the_bytes_way(
    mix: str, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document's end is looked for after its "links" while every document has them: a version 1
    document (none), links of one a line, and documents without tags all end where guessed."""
    docs = [_laid_out(_document(i, tags=0 if mix == "untagged" and i % 2 else 3)) for i in range(10)]
    if mix == "version-1":
        docs = [_without_links(doc) for doc in docs]
    if mix == "links":
        docs = [_with_links(doc) for doc in docs]
    if mix == "v1-then-v2":
        docs = [_without_links(doc) for doc in docs[:3]] + docs[3:]
    if mix == "v2-then-v1":
        docs = docs[:3] + [_without_links(doc) for doc in docs[3:]]
    if mix == "alternating":
        docs = [_without_links(doc) if i % 2 else _with_links(doc) for i, doc in enumerate(docs)]
    path = _write(tmp_path, _export(docs))
    fast, reference, parsed = _both(path, monkeypatch, chunk)
    assert fast[0] == "read" and fast == reference
    assert parsed == 10


@pytest.mark.parametrize("mix", ["links", "version-1", "v1-then-v2", "alternating"])
@pytest.mark.parametrize("window", ["rest within", "rest beyond"])
def test_a_big_document_is_read_again_from_its_start_in_one_read(
    mix: str, window: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document not ended after READ_WHOLE_AFTER bytes is read again from its start to the file's end
    in one read (no chunks joined) when that rest is within HINT_WINDOW, else a chunk at a time: both
    give what the reference gives, every document the bytes way."""
    docs = [_laid_out(_document(i, tags)) for i, tags in enumerate([3, 60, 2, 40, 1, 50])]
    if mix == "version-1":
        docs = [_without_links(doc) for doc in docs]
    if mix == "v1-then-v2":
        docs = [_without_links(doc) for doc in docs[:2]] + docs[2:]
    if mix == "alternating":
        docs = [_without_links(doc) if i % 2 else _with_links(doc) for i, doc in enumerate(docs)]
    path = _write(tmp_path, _export(docs))
    assert max(map(len, docs)) < 8000 < path.stat().st_size
    monkeypatch.setattr(json_stream, "READ_WHOLE_AFTER", 512)
    monkeypatch.setattr(json_stream, "HINT_WINDOW", 1 << 20 if window == "rest within" else 8000)
    whole: list[bool] = []
    rest_from = json_stream.TextStream._rest_from

    def counted(stream: json_stream.TextStream, at: int) -> bytes | None:
        got = rest_from(stream, at)
        whole.append(got is not None)
        return got

    monkeypatch.setattr(json_stream.TextStream, "_rest_from", counted)
    fast, reference, parsed = _both(path, monkeypatch, 64)
    assert fast[0] == "read" and fast == reference and parsed == len(docs)
    # The first big one (d1) is read so when the rest from it is within the window (the last one, d5, is).
    assert whole[0] == (window == "rest within") and whole[-1]


@pytest.mark.parametrize("chunk", CHUNKS)
def test_an_annotation_ending_with_an_empty_list_misleads_the_guess_only(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tag whose last key holds an empty list ends its line as a document does ("[]},\\n"): orjson
    refuses the part guessed, and the standard library reads that document."""
    docs = []
    for i in range(12):
        doc = _document(i)
        for ann in doc["annotations"]:
            ann["sources"] = []
        docs.append(_laid_out(doc))
    path = _write(tmp_path, _export(docs))
    fast, reference, _ = _both(path, monkeypatch, chunk)
    assert fast[0] == "read" and fast == reference


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize(
    "variant",
    ["crlf", "bom", "bom-crlf", "spaces", "tabs", "blank-lines", "one-line", "indented"],
)
def test_layouts_read_the_same(
    variant: str, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = [_document(i) for i in range(6)]
    docs = [_laid_out(doc) for doc in values]
    text = _export(docs)
    if variant in ("crlf", "bom-crlf"):
        text = text.replace("\n", "\r\n")
    if variant.startswith("bom"):
        text = "\ufeff" + text
    if variant == "spaces":
        text = text.replace(",\n{", "  ,  \n  {").replace("\n]}", "  \n  ]  }  ")
    if variant == "tabs":
        text = text.replace(",\n", "\t,\t\n\t").replace("[\n", "[\t\r\n")
    if variant == "blank-lines":
        text = text.replace(",\n", "\n\n,\n\n")
    if variant == "one-line":  # another program's JSON
        text = json.dumps({"format": "factcheck", "documents": values}, ensure_ascii=False)
    if variant == "indented":
        text = json.dumps({"format": "factcheck", "documents": values}, ensure_ascii=False, indent=2)
    path = _write(tmp_path, text)
    fast, reference, _ = _both(path, monkeypatch, chunk)
    assert fast[0] == "read" and fast == reference
    assert _documents(fast) == values


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize(
    ("raw", "bytes_way"),
    [
        ('"\\ud83d\\ude00"', True),  # a pair: orjson reads it as the standard library does
        ('"\\ud83d"', False),  # a lone surrogate: orjson refuses it
        ('"x \\udc00"', False),
        ("12345678901234567890", False),  # beyond 64 bits orjson would make a float
        ("-9223372036854775809", False),
        ("[1234567890123456789]", False),
        ("1.2345678901234567890123", True),  # a fraction's digits: a float both ways
        ("1e0000000000000000001", False),
        ("9223372036854775807", False),  # fits, but 19 digits after a space: on the safe side
        ('"1234567890123456789012345"', True),  # in a string
    ],
    ids=[
        "pair",
        "lone-high",
        "lone-low",
        "20-digits",
        "below-int64",
        "in-a-list",
        "long-fraction",
        "long-exponent",
        "int64-max",
        "digits-in-a-string",
    ],
)
def test_values_orjson_refuses_or_may_read_otherwise(
    raw: str, bytes_way: bool, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [_laid_out(_document(i)) for i in range(4)]
    docs[1] = docs[1].replace('"note": ""', f'"note": {raw}', 1)
    path = _write(tmp_path, _export(docs))
    fast, reference, parsed = _both(path, monkeypatch, chunk)
    assert fast[0] == "read" and fast == reference
    documents = _documents(fast)
    assert documents[1]["annotations"][0]["note"] == json.loads(raw)
    assert parsed == (4 if bytes_way else 3)


def _at(docs: list[str], i: int, old: str, new: str) -> list[str]:
    """docs with old replaced by new in the i-th (the first tags' notes are empty)."""
    assert old in docs[i]
    return [*docs[:i], docs[i].replace(old, new), *docs[i + 1 :]]


NOTE = '"note": ""'
#: Bad files (made from five documents): each refused where the fourth document starts or within it.
BAD = {
    "garbage-after-a-document": lambda d: _export(d[:4]).replace("\n]}", " xyz\n]}"),
    "garbage-after-the-list": lambda d: _export(d) + "xyz",
    "missing-comma": lambda d: _export([*d[:2], d[2] + "\n" + d[3], d[4]]),
    "trailing-comma": lambda d: _export(d).replace("\n]}", ",\n]}"),
    "missing-bracket": lambda d: _export(d).replace("\n]}", "}"),
    "truncated": lambda d: _export(d)[:-300],
    "truncated-after-a-document": lambda d: _export(d).rsplit("\n]}", 1)[0],
    "truncated-after-a-comma": lambda d: _export(d[:3]).rsplit("\n]}", 1)[0] + ",\n",
    "bad-escape": lambda d: _export(_at(d, 3, NOTE, '"note": "\\x"')),
    "control-character": lambda d: _export(_at(d, 3, NOTE, '"note": "a\tb"')),
    "single-quotes": lambda d: _export(_at(d, 3, NOTE, "\"note\": 'x'")),
    "too-deep": lambda d: _export(_at(d, 3, NOTE, '"note": ' + "[" * 3000 + "]" * 3000)),
    "unquoted-key": lambda d: _export(_at(d, 3, '"note"', "note")),
}
#: Read at this level (what is in them is for the reader of documents to refuse).
READ = {
    "not-an-object": lambda d: _export([*d[:3], "[1, 2]", *d[3:]]),
    "a-number": lambda d: _export([*d[:3], "12", *d[3:]]),
    "a-string-then-an-object": lambda d: _export([*d[:3], '"]},\\n"', *d[3:]]),
    "nan": lambda d: _export(_at(d, 3, NOTE, '"note": NaN')),
    "infinity": lambda d: _export(_at(d, 3, NOTE, '"note": -Infinity')),
    "duplicate-key": lambda d: _export(_at(d, 3, NOTE, '"note": "", "note": "x"')),
}


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("case", sorted(BAD) + sorted(READ))
def test_refusals_are_worded_the_same(
    case: str, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [_laid_out(_document(i)) for i in range(5)]
    path = _write(tmp_path, (BAD | READ)[case](docs))
    fast, reference, parsed = _both(path, monkeypatch, chunk)
    assert fast == reference
    assert fast[0] == ("refused" if case in BAD else "read")
    assert parsed >= 2  # documents before came the bytes way: the line and column after them are right


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("bom", [False, True])
def test_line_and_column_after_many_documents_read_as_bytes(
    bom: bool, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [_laid_out(_document(i, tags=2 + i % 5)) for i in range(30)]
    docs[25] = docs[25].replace('"note": ""', '"note": "é" "x"', 1)  # a column after a non-ASCII letter
    text = ("\ufeff" if bom else "") + _export(docs)
    path = _write(tmp_path, text)
    fast, reference, parsed = _both(path, monkeypatch, chunk)
    assert fast == reference and parsed == 25
    assert "Expecting ',' delimiter at line" in str(fast[1])
    one_line = _write(tmp_path, ("\ufeff" if bom else "") + _export(docs).replace("\n", " "))
    fast, reference, _ = _both(one_line, monkeypatch, chunk)
    assert fast == reference and "at line 1, column" in str(fast[1])


@pytest.mark.parametrize("chunk", CHUNKS)
def test_bad_utf8_is_refused_at_the_same_byte(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [_laid_out(_document(i)) for i in range(6)]
    for where in (1, 4):
        data = _export(docs).replace('"note": ""', '"note": "@@"', where).encode("utf-8")
        path = _write(tmp_path, data.replace(b"@@", b"\xc3(", 1))
        fast, reference, _ = _both(path, monkeypatch, chunk)
        assert fast == reference and "undecodable byte at position" in str(fast[1])
    # A character cut in two by the chunks (and by the bytes way's pieces) is no error.
    path = _write(tmp_path, _export([_laid_out(_document(i, text="😀" * (i * 7 + 1))) for i in range(20)]))
    fast, reference, parsed = _both(path, monkeypatch, chunk)
    assert fast[0] == "read" and fast == reference and parsed == 20


def test_a_file_without_any_document_end_goes_the_text_way_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program's JSON (no line layout): after the first guess fails for lack of any end ahead, the
    rest is read as text (not guessed again document after document)."""
    values = [_document(i) for i in range(50)]
    path = _write(tmp_path, json.dumps({"documents": values}))
    monkeypatch.setattr(json_stream, "CHUNK", 256)
    with path.open("rb") as fh:
        stream = json_stream.TextStream(fh)
        got = [list(v.elements) for _, v in json_stream.top_level(stream, "documents")]
        assert got == [values] and not stream.fast


@pytest.mark.parametrize(("every", "fast"), [(1, False), (4, False), (40, True)])
def test_the_text_window_takes_over_when_documents_keep_going_there(
    every: int, fast: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each document handed to the text window costs that window decoded and encoded again: when more
    than a few do, and more than one in MISS_RATE, the rest of the list is read as text (same values)."""
    docs = [_laid_out(_document(i)) for i in range(200)]
    for i in range(0, 200, every):
        docs[i] = docs[i].replace('"note": ""', '"note": 12345678901234567890', 1)
    path = _write(tmp_path, _export(docs))
    fast_read, reference, _ = _both(path, monkeypatch)
    assert fast_read[0] == "read" and fast_read == reference
    with path.open("rb") as fh:
        stream = json_stream.TextStream(fh)
        for _, value in json_stream.top_level(stream, "documents"):
            if isinstance(value, json_stream.Streamed):
                assert len(list(value.elements)) == 200
        assert stream.fast is fast

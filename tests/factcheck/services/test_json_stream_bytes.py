"""A big document is parsed from its bytes, typed by msgspec (json_typed) or by orjson
(json_stream.TextStream._from_bytes): it must read what the standard library reads, and every refusal
must be worded as the standard library's parse words it (same line and column, same values quoted)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from db import Store
from factcheck.core.errors import ImportRefused
from factcheck.services.exporting import export
from factcheck.services.formats import json_stream
from factcheck.services.reading import read_bundle
from tests.factcheck.services.formats_helpers import Rich, build
from tests.factcheck.services.test_formats_refusals import BAD_SHAPES
from tests.helpers.counting_orjson import CountingOrjson, CountingTyped

Data = dict[str, Any]


@pytest.fixture
def rich(store: Store) -> Rich:
    return build(store)


@pytest.fixture
def good(rich: Rich, tmp_path: Path) -> Data:
    path = tmp_path / "good.json"
    export(rich.store, "json", path)
    data: Data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["documents"]) >= 2  # a document after one parsed from bytes
    return data


def _document(doc: object) -> str:
    """A document laid out as factcheck writes it (one annotation a line, the lists ended by "\\n]")."""
    if not isinstance(doc, dict) or not isinstance(doc.get("annotations"), list):
        return json.dumps(doc, ensure_ascii=False)
    head = {k: v for k, v in doc.items() if k not in ("annotations", "links")}
    out = json.dumps(head, ensure_ascii=False)[:-1] + ', "annotations": ['
    if doc["annotations"]:
        out += "\n" + ",\n".join(json.dumps(a, ensure_ascii=False) for a in doc["annotations"]) + "\n"
    out += "]"
    if "links" in doc:
        links = doc["links"]
        out += ', "links": ' + ("[\n" + ",\n".join(map(json.dumps, links)) + "\n]" if links else "[]")
    return out + "}"


def _layout(data: object) -> str:
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        return json.dumps(data, ensure_ascii=False)
    rest = {k: v for k, v in data.items() if k != "documents"}
    docs = ",\n".join(map(_document, data["documents"]))
    return json.dumps(rest, ensure_ascii=False)[:-1] + ', "documents": [\n' + docs + "\n]}\n"


def _outcome(path: Path, store: Store) -> tuple[str, object]:
    try:
        bundle = read_bundle(path, store)
    except ImportRefused as exc:
        return "refused", str(exc)
    return "read", [(doc, list(anns)) for doc, anns in bundle.documents]


def _both(path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, int]:
    """What reading path gives the bytes way (every document from its bytes: a window of 64 bytes) and
    without it, and how many values the bytes way parsed (msgspec's typed parse or orjson's). The bytes
    way without the typed parse (orjson alone) must give the same too."""
    monkeypatch.setattr(json_stream, "CHUNK", 64)
    counting, typed = CountingOrjson(), CountingTyped()
    monkeypatch.setattr(json_stream, "orjson", counting)
    monkeypatch.setattr(json_stream, "typed_document", typed)
    fast = _outcome(path, store)
    parsed = typed.parsed + counting.parsed
    monkeypatch.setattr(json_stream, "typed_document", lambda data: None)
    assert _outcome(path, store) == fast  # orjson alone
    monkeypatch.setattr(json_stream, "orjson", None)
    reference = _outcome(path, store)
    return fast, reference, parsed


def test_an_export_reads_the_same_from_bytes(
    good: Data, rich: Rich, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "good.json"
    export(rich.store, "json", path)
    fast, reference, parsed = _both(path, rich.store, monkeypatch)
    assert fast[0] == "read" and fast == reference
    assert parsed == len(good["documents"])  # every document went the bytes way
    # Laid out by hand too, with links, and with an ASCII-escaped copy (\\u escapes, paired surrogates).
    for text in (_layout(good), _layout(good).replace("😀", "\\ud83d\\ude00")):
        path.write_text(text, encoding="utf-8")
        fast2, reference2, parsed = _both(path, rich.store, monkeypatch)
        assert fast2 == reference2 == reference and parsed > 0


@pytest.mark.parametrize("case", sorted(BAD_SHAPES))
def test_each_refusal_is_worded_the_same_from_bytes(
    case: str, good: Data, rich: Rich, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mutate, words = BAD_SHAPES[case]
    data = copy.deepcopy(good)
    result = mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(_layout(data if result is None else result), encoding="utf-8")
    fast, reference, _ = _both(path, rich.store, monkeypatch)
    assert fast == reference
    assert fast[0] == "refused" and words in str(fast[1])


def _second_note(good: Data, raw: str) -> str:
    """The export laid out, the note of the second document's first tag replaced by raw JSON text."""
    data = copy.deepcopy(good)
    data["documents"][1]["annotations"][0]["note"] = "@@NOTE@@"
    return _layout(data).replace('"@@NOTE@@"', raw)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ('"\\ud83d"', "surrogate"),  # orjson refuses a lone surrogate; the standard library reads it
        ('"\\udc00 x"', "surrogate"),
        ("123456789012345678901234567890", '"note" must be a string, not 123456789012345678901234567890'),
        ("-9223372036854775809", "-9223372036854775809"),
        ("NaN", '"note" must be a string, not nan'),
        ("1e400", '"note" must be a string, not inf'),
        ('"x" "y"', "not valid JSON (Expecting ',' delimiter at line"),
        ("[" * 1100 + "]" * 1100, "not valid JSON (RecursionError)"),  # beyond both parsers
    ],
    ids=["lone-high", "lone-low", "huge-int", "huge-negative", "nan", "infinity", "syntax", "deep"],
)
def test_what_orjson_refuses_or_reads_otherwise_goes_the_standard_way(
    raw: str, words: str, good: Data, rich: Rich, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(_second_note(good, raw), encoding="utf-8")
    fast, reference, parsed = _both(path, rich.store, monkeypatch)
    assert fast == reference
    assert fast[0] == "refused" and words in str(fast[1])
    assert parsed >= 1  # the first document came from its bytes: the places after it are still right


def test_a_long_number_in_a_typed_document_is_read_exactly(
    good: Data, rich: Rich, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The typed parse reads integers of any length exactly: a long one is no reason to leave the bytes
    way (orjson's is the text window then), and what is read is the standard library's."""
    data = copy.deepcopy(good)
    for doc in data["documents"]:
        doc["reviewed_by"] = [123456789012345678901234567890, -98765432109876543210]  # a key it ignores
    path = tmp_path / "long.json"
    path.write_text(_layout(data), encoding="utf-8")
    fast, reference, parsed = _both(path, rich.store, monkeypatch)
    assert fast[0] == "read" and fast == reference
    assert parsed == len(good["documents"])


def test_bad_utf8_in_a_later_document_is_refused_at_the_same_byte(
    good: Data, rich: Rich, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(_second_note(good, '"@@"').encode("utf-8").replace(b"@@", b"\xff\xfe"))
    fast, reference, parsed = _both(path, rich.store, monkeypatch)
    assert fast == reference and parsed >= 1
    assert "not UTF-8 text (undecodable byte at position" in str(fast[1])


@pytest.mark.parametrize("chunk", [61, 64, 67])  # the ends cut by the chunks at every place
def test_a_document_ending_with_an_empty_list_is_read_without_reading_far_ahead(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export's document ends with its links ("links": []}), not with "\\n]}": each is parsed once its
    end is in the window, not after reading HINT_WINDOW bytes ahead (10,000 articles took minutes)."""
    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    docs = [
        {"id": f"d{i}", "annotations": [{"id": f"a{i}", "note": "x" * 100}], "links": []} for i in range(200)
    ]
    path = tmp_path / "many.json"
    path.write_text(_layout({"format": "factcheck", "documents": docs}), encoding="utf-8")
    size = path.stat().st_size
    with path.open("rb") as fh:
        stream = json_stream.TextStream(fh)
        read_at: list[int] = []
        got: list[Any] = []
        for _key, value in json_stream.top_level(stream, "documents"):
            if isinstance(value, json_stream.Streamed):
                for element in value.elements:
                    got.append(element)
                    read_at.append(stream.bytes_read)
    assert got == docs
    per_document = size / len(docs)
    assert all(at <= (i + 1) * per_document + 4 * chunk + 256 for i, at in enumerate(read_at))
    assert stream.taken == len(docs) and stream.misses == 0  # each end found where it is, cut or not

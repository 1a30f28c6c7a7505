"""Where factcheck's own JSON layout says a document of an export ends, and whether its bytes may hold
a number orjson would read otherwise than the standard library: guesses that let the reader hand a
document's bytes to orjson (`json_stream`); orjson's parse, and the standard library's where it refuses,
decide.
"""

from __future__ import annotations

#: Bytes scanned at a time for a long number (a 50 MB document is not copied whole).
_SCAN = 1 << 20
#: Numbers with this many digits may not fit orjson's 64-bit integers (seen with every digit made "0").
LONG_DIGITS = b"0" * 19
DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
#: How a document ends in factcheck's layout: before the next one, or the last (see `document_end`).
_DOCUMENT_ENDS = (b"]},\n", b"]}\n]")
EMPTY_LINKS = b'"links": ['
#: A number of 19 digits or more where a number may start, every digit made "0" and what a number's
#: digits may follow in JSON (whitespace, ":", ",", "[", a sign, an exponent's "e") made "1".
_NUMBER_MAY_FOLLOW = b" \t\n\r:,[-+eE"
_NUMBERS_MARKED = bytes.maketrans(
    b"0123456789" + _NUMBER_MAY_FOLLOW, b"0" * 10 + b"1" * len(_NUMBER_MAY_FOLLOW)
)
_LONG_NUMBER = b"1" + b"0" * 19


def has_long_number(data: bytes, start: int, stop: int) -> bool:
    """Whether data[start:stop] may hold a number of 19 digits or more (orjson may read it otherwise):
    19 digits after what a number's digits may follow in JSON (whitespace, ":", ",", "[", a sign or an
    exponent's "e"); those in a hex digest or a date are a string's. Looked for with every such byte
    made "1" and every digit "0", a chunk at a time (a 50 MB document is not copied whole)."""
    for at in range(start, stop, _SCAN):
        marked = data[at : min(stop, at + _SCAN + len(_LONG_NUMBER))].translate(_NUMBERS_MARKED)
        if marked.find(_LONG_NUMBER) >= 0:
            return True
    return False


def document_end(data: bytes, start: int) -> int:
    """Where the document at data[start] ("{") ends as factcheck writes it, -1 when not found: after
    the "]}" of its last list (ended by "\n]", or the empty "links": []) followed by the next document
    (",\n") or the end of the documents ("\n]"). A tag's line never ends so: it holds no raw newline,
    and its keys no "links". Only a guess all the same: orjson's parse decides."""
    for end in _DOCUMENT_ENDS:
        at = data.find(end, start)
        while at >= 0 and data[at - 1] != 0x0A and data[at - len(EMPTY_LINKS) : at] != EMPTY_LINKS:
            at = data.find(end, at + 1)
        if at >= 0:
            return at + 2
    return -1


def value_end(data: bytes, start: int) -> int:
    """Where the first document in data from start ends as factcheck writes it, -1 when it does not:
    after a "]}" that ends a line ("\n]}") or is followed by the next document (",\n") or by the end
    of the documents ("\n]"). Only a guess (a "]}" in a string fits too): orjson's parse decides."""
    while (at := data.find(b"]}", start)) >= 0:
        if data[at - 1 : at] == b"\n" or data[at + 2 : at + 4] in (b",\n", b"\n]"):
            return at + 2
        start = at + 1
    return -1

"""Reading a big JSON object a piece at a time, with the refusals (and the parser) of a whole-file parse.

The top level's keys and the elements of one list under it ("documents") are read one at a time; each
value is parsed by the standard library's C scanner (`json.JSONDecoder.raw_decode`) from a window of the
file's text that holds at least that value. Memory then follows the largest value, not the file, and
every value is parsed and refused exactly as `json.loads` did. A list element that is not in the
window yet (a big document) is first tried with orjson on its bytes (`TextStream._from_bytes`), kept
only when it gives what the standard library would.

(ijson's C backend was measured too: it builds a 100k-tag document about 3 times slower (0.74 s
against 0.22 s), turns an escaped lone surrogate into "?" without a word, and its memory grows with the
square of the nesting depth, so that 60,000 "[" take 8 GB.)
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

try:
    import orjson
except ImportError:  # the standard library alone reads everything, a little slower
    orjson = None  # type: ignore[assignment]

from factcheck.core.json_values import describe
from factcheck.services.formats.validate import Refusal

#: Bytes read from the file at a time.
CHUNK = 1 << 20
#: Where factcheck ends a document: its last list ("\n]}" after the annotations or links, "]},\n" after
#: an empty one, e.g. "links": []; raw newlines are never inside a string): a document is parsed once its
#: text holds one, so that it is parsed once, not retried as it grows.
END_HINTS = (b"]},\n", b"\n]}")
#: What every hint holds: a chunk without it holds none (one scan of it, not one per hint).
_HINTS_CORE = b"]}"
#: Bytes read ahead for a hint at most: another program's JSON may have none (then a value is tried
#: in a window that doubles until it holds it).
HINT_WINDOW = 64 << 20

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_decode = json.JSONDecoder().raw_decode
_NOT_PARSED = object()
#: Numbers with this many digits may not fit orjson's 64-bit integers (seen with every digit made "0").
_LONG_NUMBER = b"0" * 19
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)


class TextStream:
    """The text of a binary file, decoded as UTF-8 (a BOM dropped) a chunk at a time, as a window
    `buf[pos:]` that grows on demand and forgets what was consumed."""

    def __init__(self, fh: BinaryIO, on_read: Callable[[int], object] | None = None) -> None:
        self.fh = fh
        self.on_read = on_read
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.bytes_read = 0
        self.blank = True  # only whitespace so far
        self.surrogate_escapes = False  # a \uD8xx-\uDFxx escape was seen: values must be checked
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._tail = ""
        self._line = 1  # line and column (0-based) of buf[0], for messages
        self._column = 0

    def _decoded(self, raw: bytes) -> str:
        """raw, the next bytes of the file (b"" at its end), as text; checked on the way."""
        pending = len(self._decoder.getstate()[0])
        try:
            text = self._decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            position = max(0, self.bytes_read - len(raw) - pending + exc.start)
            raise Refusal("", f"it is not UTF-8 text (undecodable byte at position {position})") from None
        if self.blank and text and not text.isspace():
            self.blank = False
        if not self.surrogate_escapes and (
            _SURROGATE_ESCAPE.search(text) or _SURROGATE_ESCAPE.search(self._tail + text[:6])
        ):
            self.surrogate_escapes = True
        self._tail = text[-6:]
        return text

    def read_more(self, at_least: int = 0, hints: tuple[bytes, ...] = ()) -> None:
        """Add more characters to the window: with hints, until it holds one of them (or HINT_WINDOW
        bytes were read); else at least at_least bytes (or CHUNK). Fewer at the file's end."""
        self._forget()
        self._append(b"".join(self._read_raw(at_least, hints)))

    def _read_raw(self, at_least: int, hints: tuple[bytes, ...]) -> list[bytes]:
        """The next bytes of the file (see read_more), in the pieces read (joined once by the caller)."""
        at_least = 0 if hints else at_least or CHUNK
        found = not hints
        pieces: list[bytes] = []
        got = 0
        previous = b""
        while not self.eof and (got < at_least or not found):
            raw = self.fh.read(CHUNK)
            self.bytes_read += len(raw)
            if not raw:
                self.eof = True
            if not found:
                seam = previous + raw[:8]  # a hint cut in two by the chunks
                maybe = _HINTS_CORE in raw or _HINTS_CORE in seam or hints != END_HINTS
                found = (maybe and any(hint in raw or hint in seam for hint in hints)) or got >= HINT_WINDOW
                previous = raw[-8:]
            pieces.append(raw)
            got += len(raw)
            if self.on_read is not None:
                self.on_read(self.bytes_read)
        return pieces

    def _append(self, raw: bytes) -> None:
        """raw, the next bytes of the file, decoded onto the window (one decode of all that was read:
        joining decoded pieces of different widths costs more)."""
        text = self._decoded(raw)
        if self.eof:
            text += self._decoded(b"")
        self.buf = self.buf + text if self.buf else text

    def _forget(self) -> None:
        if not self.pos:
            return
        newline = self.buf.rfind("\n", 0, self.pos)
        if newline >= 0:
            self._line += self.buf.count("\n", 0, self.pos)
            self._column = self.pos - newline - 1
        else:
            self._column += self.pos
        self.buf = self.buf[self.pos :]
        self.pos = 0

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the file); pos is moved to it."""
        while True:
            match = _WHITESPACE.match(self.buf, self.pos)
            assert match is not None  # the pattern matches the empty string
            self.pos = match.end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if self.eof:
                return ""
            self.read_more()

    def expect(self, chars: str, what: str) -> str:
        found = self.peek()
        if not found or found not in chars:
            raise self.syntax_error(what, self.pos)
        self.pos += 1
        return found

    def value(self, hints: tuple[bytes, ...] = ()) -> Any:
        """The JSON value at pos (after whitespace), parsed whole; pos moves past it."""
        self.peek()
        if hints and not self.eof and all(self.buf.find(hint.decode(), self.pos) < 0 for hint in hints):
            self._forget()
            raw = self._read_raw(0, hints)
            # A big document (its end not in the next chunk): from its bytes. A small one is parsed from
            # the text as usual: that text is decoded for the values after it anyway.
            fast = self._from_bytes(raw) if len(raw) > 1 else _NOT_PARSED
            if fast is not _NOT_PARSED:
                return fast
            self._append(b"".join(raw))  # as read_more(hints=hints): the standard library's parse decides
        while True:
            try:
                with collector_paused():
                    value, end = _decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof or not self._cut_short(exc):
                    raise self._decode_error(exc) from None
                self.read_more(max(CHUNK, len(self.buf) - self.pos))  # doubling: linear in all
                continue
            except RecursionError:
                raise Refusal("", "it is not valid JSON (RecursionError)") from None
            if end == len(self.buf) and not self.eof:
                self.read_more()  # a number may go on in the next chunk
                continue
            self.pos = end
            return value

    def _from_bytes(self, raw: list[bytes]) -> Any:
        """The value that starts the window (pos 0) and goes on in raw (the pieces of the file read next, not
        decoded yet) up to where factcheck ends a document (`_value_end`), parsed by orjson from the
        bytes (no text of a 50 MB document is made, and it is about 40 % faster), the stream moved past
        it. _NOT_PARSED, nothing changed, when orjson may not give exactly what the standard library
        would: it refuses the value (then the standard library parses or refuses it, in its own words:
        a lone surrogate, NaN, bad UTF-8, a value that does not end there...), or the value may hold an
        integer of 19 digits or more (orjson makes a float of one beyond 64 bits). A value orjson takes
        whole ends with "}": an object, which ends where the standard library's parse of it would."""
        if orjson is None:
            return _NOT_PARSED
        pending, first = self._decoder.getstate()
        head = self.buf.encode("utf-8")  # decoded from UTF-8: encodes back
        data = b"".join((head, pending, *raw))
        cut = _value_end(data, max(0, len(head) - 4))
        if cut < 0:
            return _NOT_PARSED
        if data.translate(_DIGITS_AS_ZERO).find(_LONG_NUMBER, 0, cut) >= 0:  # (the rest: a chunk at most)
            return _NOT_PARSED
        try:
            with collector_paused():
                value = orjson.loads(memoryview(data)[:cut])
        except orjson.JSONDecodeError:
            return _NOT_PARSED
        # Moved past it: the line and column of buf[0] (for messages), and the rest decoded as usual.
        newline = data.rfind(b"\n", 0, cut)
        if newline >= 0:
            self._line += data.count(b"\n", 0, cut)
            self._column = len(data[newline + 1 : cut].decode("utf-8"))
        else:
            self._column += len(data[:cut].decode("utf-8"))
        self.blank = False
        self._tail = ""
        self._decoder.setstate((b"", first))  # pending is in data
        self.buf, self.pos = "", 0
        self._append(data[cut:])
        return value

    def _cut_short(self, exc: json.JSONDecodeError) -> bool:
        """Whether the scanner stopped for lack of text (the window ends too early), not at an error."""
        if exc.msg.startswith("Unterminated string"):
            return True
        end = len(self.buf)
        while end > exc.pos and self.buf[end - 1] in " \t\n\r":
            end -= 1
        return exc.pos >= end - 6  # within an escape or a literal cut at the window's end

    def _decode_error(self, exc: json.JSONDecodeError) -> Refusal:
        if exc.pos >= len(self.buf.rstrip()):
            if self.blank:
                return Refusal("", "the file is empty")
            return Refusal("", "the JSON ends too early (the file is truncated)")
        return self.syntax_error(exc.msg, exc.pos)

    def syntax_error(self, problem: str, pos: int) -> Refusal:
        if pos >= len(self.buf) and self.eof:
            if self.blank:
                return Refusal("", "the file is empty")
            return Refusal("", "the JSON ends too early (the file is truncated)")
        newline = self.buf.rfind("\n", 0, pos)
        line = self._line + self.buf.count("\n", 0, pos)
        column = pos - newline if newline >= 0 else self._column + pos + 1
        return Refusal("", f"it is not valid JSON ({problem} at line {line}, column {column})")

    def finish(self) -> None:
        """Refuse anything but whitespace after the top-level value (as json.loads did)."""
        if self.peek():
            raise self.syntax_error("Extra data", self.pos)


def _value_end(data: bytes, start: int) -> int:
    """Where the first document in data from start ends as factcheck writes it, -1 when it does not:
    after a "]}" that ends a line ("\n]}") or is followed by the next document (",\n") or by the end
    of the documents ("\n]"). Only a guess (a "]}" in a string fits too): orjson's parse decides."""
    while (at := data.find(b"]}", start)) >= 0:
        if data[at - 1 : at] == b"\n" or data[at + 2 : at + 4] in (b",\n", b"\n]"):
            return at + 2
        start = at + 1
    return -1


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused. Parsed values and row tuples hold no cycles, yet making
    100,000 of them triggers collections that rescan every object made so far: pausing it makes
    parsing a 100k-tag document about twice as fast, and a 100k-tag merge about 12 % faster."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class Streamed:
    """The value of the streamed key: its elements are read by iterating `elements`."""

    def __init__(self, elements: Iterator[Any]) -> None:
        self.elements = elements


def top_level(stream: TextStream, streamed_key: str) -> Iterator[tuple[str, Any]]:
    """The top-level object's (key, value) pairs, in file order. The value of streamed_key, when a list,
    comes as a `Streamed` whose elements must be read before the next pair. Raises Refusal."""
    first = stream.peek()
    if first != "{":
        raise Refusal("the top level", f"expected an object, found {_describe_top(stream)}")
    stream.pos += 1
    if stream.peek() == "}":
        stream.pos += 1
        stream.finish()
        return
    while True:
        if stream.peek() != '"':
            raise stream.syntax_error("Expecting property name enclosed in double quotes", stream.pos)
        key = stream.value()
        stream.expect(":", "Expecting ':' delimiter")
        if key == streamed_key and stream.peek() == "[":
            stream.pos += 1
            yield key, Streamed(_elements(stream))
        else:
            yield key, stream.value()
        if stream.expect(",}", "Expecting ',' delimiter") == "}":
            break
    stream.finish()


def _elements(stream: TextStream) -> Iterator[Any]:
    if stream.peek() == "]":
        stream.pos += 1
        return
    while True:
        yield stream.value(END_HINTS)
        if stream.expect(",]", "Expecting ',' delimiter") == "]":
            return


def _describe_top(stream: TextStream) -> str:
    """What the top level holds instead of an object: parsed when it is small (a deep nesting is then
    "not valid JSON", as before), else told by its first character."""
    while not stream.eof and len(stream.buf) - stream.pos < CHUNK:
        stream.read_more()
    if stream.eof:
        return describe(stream.value())
    return {"[": "a list", '"': "a string"}.get(stream.buf[stream.pos], "something else")


def has_lone_surrogate(value: object) -> bool:
    """Whether a text in value holds half a UTF-16 pair (from a \\uD800 escape): no text for SQLite."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False

"""Reading a big JSON object a piece at a time, with the refusals (and the parser) of a whole-file parse.

The top level's keys and the elements of one list under it ("documents") are read one at a time; each
value is parsed by the standard library's C scanner (`json.JSONDecoder.raw_decode`) from a window of the
file's text that holds at least that value. Memory then follows the largest value, not the file, and
every value is parsed and refused exactly as `json.loads` did.

With orjson installed, the streamed list's elements take a faster way (`TextStream.fast_elements`): the
window is then the file's bytes, not its text; each element's end is guessed from factcheck's line
layout (`document_end`) and orjson parses it from those bytes, kept only when it surely gives what the
standard library would. Anything else (orjson refuses it: a lone surrogate, NaN, bad UTF-8, a syntax
error..., it may differ: a number of 19 digits or more, or the guess fails: not an object, another
program's layout, the file's end) goes back to the text window at that element, where the standard
library parses or refuses it in its own words. The text path needs the line and column of its window
for messages: the bytes way does not count them, they are counted from the file when a message needs
them (`TextStream._resolve`).

(ijson's C backend was measured too: it builds a 100k-tag document about 3 times slower (0.74 s
against 0.22 s), turns an escaped lone surrogate into "?" without a word, and its memory grows with the
square of the nesting depth, so that 60,000 "[" take 8 GB.)
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
from collections.abc import Callable, Generator, Iterator
from typing import Any, BinaryIO

try:
    import orjson
except ImportError:  # the standard library alone reads everything, a little slower
    orjson = None  # type: ignore[assignment]

from factcheck.core.json_values import describe
from factcheck.services.collector import collector_paused  # (values hold no cycles; importers use it too)
from factcheck.services.formats.json_layout import (
    DIGITS_AS_ZERO,
    EMPTY_LINKS,
    LONG_DIGITS,
    document_end,
    has_long_number,
    value_end,
)
from factcheck.services.formats.json_typed import typed_document
from factcheck.services.formats.validate import Refusal
from factcheck.services.formats.validate_values import not_utf8

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
#: A document not ended after this many bytes is big: read again from its start to the file's end in
#: one read when that is at most HINT_WINDOW (small ones go on a chunk at a time: memory follows them).
READ_WHOLE_AFTER = 4 << 20

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_decode = json.JSONDecoder().raw_decode
_NOT_PARSED = object()
_WHITESPACE_BYTES = re.compile(rb"[ \t\n\r]*")
#: Bytes of the piece before looked at with the next one for a document's end (it and what precedes it).
_SEAM = 16
#: Elements the bytes way handed to the text window (orjson refused or may differ, not an object): each
#: costs the window decoded and encoded again, so after this many, when they are also more than one in
#: MISS_RATE elements (not factcheck's layout, numbers everywhere...), the rest of the list is read as text.
MISSES = 8
MISS_RATE = 16
#: Where the bytes way stopped: at an element (to be read as text), after one, or past the list's "]".
AT_ELEMENT, AFTER_ELEMENT, LIST_ENDED = "at element", "after element", "list ended"


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
        # When the line and column of buf[0] are not counted (after the bytes way): its byte offset in
        # the stream; and the last place whose line and column are known (offset, line, column).
        self._origin: int | None = None
        self._known = (0, 1, 0)
        try:
            self._start: int | None = fh.tell()  # where the stream starts in the file (seeked to count)
        except (OSError, io.UnsupportedOperation):
            self._start = None
        # The bytes way (fast_elements): the window data[dpos:], at byte offset data_at in the stream.
        self.data = b""
        self.dpos = 0
        self.data_at = 0
        self.misses = 0
        self.taken = 0  # elements the bytes way gave
        self._off = False  # no document end ahead at all: the bytes way is not taken again
        self._after_links = True
        self._probed = False

    def _decoded(self, raw: bytes) -> str:
        """raw, the next bytes of the file (b"" at its end), as text; checked on the way."""
        pending = len(self._decoder.getstate()[0])
        try:
            text = self._decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            at = self.bytes_read - len(raw) - pending
            raise not_utf8(max(0, at + exc.start), raw if at <= 0 else b"") from None
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
        if self._origin is not None:  # not counted: only its byte offset moves
            self._origin += len(self.buf[: self.pos].encode("utf-8"))
            self.buf = self.buf[self.pos :]
            self.pos = 0
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
        decoded yet) up to where factcheck ends a document (`value_end`), parsed by orjson from the
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
        cut = value_end(data, max(0, len(head) - 4))
        if cut < 0:
            return _NOT_PARSED
        if data.translate(DIGITS_AS_ZERO).find(LONG_DIGITS, 0, cut) >= 0:  # (the rest: a chunk at most)
            return _NOT_PARSED
        try:
            with collector_paused():
                value = orjson.loads(memoryview(data)[:cut])
        except orjson.JSONDecodeError:
            return _NOT_PARSED
        # Moved past it: the line and column of buf[0] (for messages), and the rest decoded as usual.
        newline = data.rfind(b"\n", 0, cut)
        if self._origin is not None:
            self._origin += cut
        elif newline >= 0:
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
        self._resolve()
        newline = self.buf.rfind("\n", 0, pos)
        line = self._line + self.buf.count("\n", 0, pos)
        column = pos - newline if newline >= 0 else self._column + pos + 1
        return Refusal("", f"it is not valid JSON ({problem} at line {line}, column {column})")

    def _resolve(self) -> None:
        """Count the line and column of buf[0] when they were not counted (the bytes way skips them): the
        file is read again from the last place where they were known (only when a message needs them)."""
        if self._origin is None:
            return
        assert self._start is not None  # the bytes way is taken only in a file that can be read again
        offset, line, column = self._known
        here = self.fh.tell()
        self.fh.seek(self._start + offset)
        remaining = self._origin - offset
        since_newline: list[bytes] = []  # the bytes after the last newline
        while remaining > 0:
            raw = self.fh.read(min(CHUNK, remaining))
            if not raw:
                break
            remaining -= len(raw)
            newline = raw.rfind(b"\n")
            if newline >= 0:
                line += raw.count(b"\n")
                column, since_newline = 0, [raw[newline + 1 :]]
            else:
                since_newline.append(raw)
        self.fh.seek(here)
        # Text read and checked before: decodes. (The first place known is where the list starts, past
        # any BOM.)
        column += len(b"".join(since_newline).decode("utf-8", errors="replace"))
        self._line, self._column = line, column
        self._known = (self._origin, line, column)
        self._origin = None

    def fast_elements(self) -> Generator[Any, None, str]:
        """The streamed list's elements from pos (at an element) parsed by orjson from the file's bytes,
        as long as that surely gives what the standard library would (see the module's doc). Returns
        (as the generator's value) where it stopped, the text window moved there: AT_ELEMENT (that
        element is to be read as text), AFTER_ELEMENT (what follows one is not "," nor "]") or
        LIST_ENDED (past the list's "]")."""
        self._to_bytes()
        try:
            while True:
                if not self._skip_whitespace_bytes():
                    return AT_ELEMENT
                if self.data[self.dpos] != 0x7B:  # "{": not a document
                    self.misses += 1
                    return AT_ELEMENT
                parsed = [self._element_from_bytes()]
                if parsed[0] is _NOT_PARSED:
                    return AT_ELEMENT
                self.taken += 1
                self.surrogate_escapes = False  # orjson refuses a lone surrogate: none in it
                yield parsed.pop()  # (no reference kept here: the reader frees it when done with it)
                if not self._skip_whitespace_bytes():
                    return AFTER_ELEMENT
                separator = self.data[self.dpos]
                if separator == 0x2C:  # ","
                    self.dpos += 1
                elif separator == 0x5D:  # "]"
                    self.dpos += 1
                    return LIST_ENDED
                else:
                    return AFTER_ELEMENT
        finally:
            self._to_text()

    @property
    def fast(self) -> bool:
        """Whether the streamed list's elements may take the bytes way (fast_elements)."""
        if orjson is None or self._start is None or self._off:
            return False
        return self.misses < MISSES or self.misses * MISS_RATE < self.taken

    def _to_bytes(self) -> None:
        """The window from pos as bytes (data), the text window emptied."""
        self._forget()
        pending, first = self._decoder.getstate()
        head = self.buf.encode("utf-8")  # decoded from UTF-8: encodes back
        self.data_at = self.bytes_read - len(pending) - len(head)
        if self._origin is None:
            self._known = (self.data_at, self._line, self._column)
        self.data, self.dpos = head + pending, 0
        self.buf, self.pos = "", 0
        self._decoder.setstate((b"", first))  # pending is in data
        self._tail = ""

    def _to_text(self) -> None:
        """Back to the text window, from dpos (its line and column not counted yet)."""
        self._origin = self.data_at + self.dpos
        raw = self.data[self.dpos :]
        self.data, self.dpos = b"", 0
        if raw or self.eof:  # (b"" is the file's end to the decoder)
            self._append(raw)  # refuses bad UTF-8 in it, at its byte (as when it was read)

    def _read_chunk(self) -> bytes:
        raw = self.fh.read(CHUNK)
        self.bytes_read += len(raw)
        if not raw:
            self.eof = True
        if self.on_read is not None:
            self.on_read(self.bytes_read)
        return raw

    def _skip_whitespace_bytes(self) -> bool:
        """dpos moved past whitespace; whether a byte follows (False at the file's end)."""
        while True:
            match = _WHITESPACE_BYTES.match(self.data, self.dpos)
            assert match is not None  # the pattern matches the empty string
            self.dpos = match.end()
            if self.dpos < len(self.data):
                return True
            if self.eof:
                return False
            self.data_at += self.dpos
            self.data, self.dpos = self._read_chunk(), 0

    def _element_from_bytes(self) -> Any:
        """The object at dpos, parsed by orjson up to its guessed end, dpos moved past it; _NOT_PARSED,
        nothing consumed, when orjson refuses it or may not give what the standard library would (a
        miss)."""
        cut = self._end_ahead()
        if cut < 0:  # no document end anywhere ahead (or HINT_WINDOW bytes of none): not factcheck's layout
            self._off = True
            return _NOT_PARSED
        with collector_paused(), memoryview(self.data) as view:
            # Typed by msgspec when it is factcheck's own (json_typed: integers of any length exact)...
            value = typed_document(view[self.dpos : cut])
        if value is not None:
            self.dpos = cut
            return value
        if has_long_number(self.data, self.dpos, cut):  # ... else orjson's dicts, when they are exact
            self.misses += 1
            return _NOT_PARSED
        try:
            with collector_paused(), memoryview(self.data) as view:
                value = orjson.loads(view[self.dpos : cut])
        except orjson.JSONDecodeError:
            if self._probed:  # the "links" found may be a later document's: guessed without it from now
                self._after_links = False
                return self._element_from_bytes()
            self.misses += 1
            return _NOT_PARSED
        self.dpos = cut
        return value

    def _end_ahead(self) -> int:
        """Where the element at dpos ends (`document_end`), more of the file read as needed (the pieces
        joined once: a 50 MB document is not copied again per chunk); -1 when no end is found by the
        file's end or HINT_WINDOW bytes ahead. Looked for after the document's "links" (its last key in
        factcheck's version 2) while every document has them (_probed: the end was found so)."""
        self._probed, links = False, -1
        if self._after_links:  # (a 10-byte needle: found faster than an end)
            links = self.data.find(EMPTY_LINKS, self.dpos)
            cut = document_end(self.data, links) if links >= 0 else -1
            if cut >= 0:
                self._probed = True
                return cut
        cut = document_end(self.data, self.dpos)
        if cut >= 0 and self._after_links and links < 0:
            self._after_links = False  # a document without "links" (version 1): not looked for again
        if cut >= 0 or self.eof:
            return cut
        # While its "links" are not read, they are looked for (a 10-byte needle is found in a chunk in
        # less than half the time "]}" is, frequent "]" apart), then its end after them.
        before_links = self._after_links and links < 0
        pieces = [self.data[self.dpos :]]
        self.data_at += self.dpos
        self.data, self.dpos = b"", 0
        size = len(pieces[0])
        resume, got = 0, 0
        while not self.eof and got < HINT_WINDOW:
            if got >= READ_WHOLE_AFTER and (whole := self._rest_from(self.data_at)) is not None:
                self.data = whole  # a big document: from its start to the file's end, one read
                links = whole.find(EMPTY_LINKS) if before_links else -1
                cut = document_end(whole, links) if links >= 0 else -1
                self._probed = cut >= 0  # (as above: the "links" may be a later document's)
                return cut if cut >= 0 else document_end(whole, 0)
            raw = self._read_chunk()
            resume = max(0, size - _SEAM)  # none before: an end cut in two by the pieces is seen here
            # Every end holds "]}" (rare elsewhere): one scan of the chunk for it before looking closer;
            # the seam (the bytes around the cut) holds any end cut in two or looking back across it.
            seam = pieces[-1][-_SEAM:] + raw[:_SEAM]
            if before_links:
                found = EMPTY_LINKS in raw or EMPTY_LINKS in seam
            else:
                found = (_HINTS_CORE in raw or _HINTS_CORE in seam) and (
                    document_end(seam, 0) >= 0 or document_end(raw, 0) >= 0
                )
            pieces.append(raw)
            size += len(raw)
            got += len(raw)
            if found:
                self.data = b"".join(pieces)
                if before_links:
                    before_links = False
                    cut = document_end(self.data, self.data.find(EMPTY_LINKS, resume))
                    if cut >= 0:
                        self._probed = True  # (as above: the "links" may be a later document's)
                        return cut
                    cut = document_end(self.data, 0)  # none after them yet: the first end, as without
                else:
                    cut = document_end(self.data, resume)
                if cut >= 0:
                    return cut
                pieces = [self.data]  # (the end seen had too little before it to be checked)
        self.data = b"".join(pieces)
        return document_end(self.data, 0 if before_links else resume)  # (no "links": looked at whole)

    def _rest_from(self, at: int) -> bytes | None:
        """The stream from offset at (a document's start) to the file's end in one read, when that is at
        most HINT_WINDOW bytes: one buffer, not chunks joined (a 50 MB document copied and paged in
        twice; what was read of it is read again); None when it is more or unknown (then a chunk at a
        time). The file is seekable here (the bytes way is taken only so)."""
        assert self._start is not None
        try:
            left = os.fstat(self.fh.fileno()).st_size - self._start - at
        except (OSError, AttributeError, io.UnsupportedOperation):
            return None
        if left > HINT_WINDOW:
            return None
        self.fh.seek(self._start + at)
        whole = self.fh.read(left)
        self.bytes_read = at + len(whole)
        if self.on_read is not None:
            self.on_read(self.bytes_read)
        return whole

    def finish(self) -> None:
        """Refuse anything but whitespace after the top-level value (as json.loads did)."""
        if self.peek():
            raise self.syntax_error("Extra data", self.pos)


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
        where = AT_ELEMENT
        if stream.fast:
            where = yield from stream.fast_elements()
            if where == LIST_ENDED:
                return
        if where == AT_ELEMENT:
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

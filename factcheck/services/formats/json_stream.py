"""Reading a JSON file a piece at a time (ijson's C parser) with the refusals a whole-file parse gave.

Memory stays flat whatever the file's size: the file is handed to the parser in chunks, and the caller
takes the values under one prefix (a document, say) one at a time. What yajl, the C parser, would pass or
hide is checked on the raw bytes as they go by:

- an escaped lone surrogate (\\uD800 without its pair) is no text (SQLite refuses it): yajl turns it
  into "?" silently, so the bytes are scanned for one;
- nesting: ijson's memory grows with the square of the depth, so a file nested deeper than MAX_DEPTH
  is refused before the parser gets there;
- UTF-8: yajl refuses bad bytes; the message then names their position, as a whole-file decode did.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import ijson

from factcheck.services.formats.validate import Refusal

if ijson.backend != "yajl2_c":  # the pure-Python backends are ~20 times slower: a packaging error
    raise ImportError(f"ijson's C backend is missing (found {ijson.backend}); reinstall ijson")

#: Bytes handed to the parser at a time.
CHUNK = 1 << 16
#: The deepest nesting accepted (Python's json refused deeper files too, with a RecursionError).
MAX_DEPTH = 1000

_BOM = codecs.BOM_UTF8
_ANY_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
# Escape tokens, read left to right from a token boundary: an escaped backslash (so that \\uD800 is no
# escape), a surrogate pair (group 1 set), or a lone high or low surrogate.
_ESCAPE_TOKENS = re.compile(
    rb"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}(\\u[dD][c-fC-F][0-9a-fA-F]{2})?|\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_PAIR = 12  # bytes of an escaped surrogate pair
_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class Source:
    """The file as the parser reads it (`read`), checked on the way; counts lines and bytes."""

    def __init__(self, fh: BinaryIO, on_read: Callable[[int], object] | None = None) -> None:
        self.fh = fh
        self.on_read = on_read
        self.offset = 0  # bytes handed to the parser
        self.blank = True  # only whitespace so far
        self.lone_surrogate_line = 0  # the line of the first escaped lone surrogate, once one is seen
        self._carry = b""  # the undecided tail of the last chunk (an escape may go on in the next)
        self._carry_line = 1
        self._depth = 0  # an estimate: brackets counted in strings too
        self._depth_checked = False
        self._last = b""

    def read(self, size: int = CHUNK) -> bytes:
        chunk = self.fh.read(size)
        if self.offset == 0 and chunk.startswith(_BOM):
            chunk = chunk[len(_BOM) :]
            self.offset += len(_BOM)
        if self.blank and chunk and not chunk.isspace():
            self.blank = False
        self._scan_escapes(chunk)
        self._guard_depth(chunk)
        self.offset += len(chunk)
        self._last = chunk
        if self.on_read is not None:
            self.on_read(self.offset)
        return chunk

    @property
    def line(self) -> int:
        """The line the parser has read up to (for messages)."""
        return self._carry_line + self._carry.count(b"\n")

    def _scan_escapes(self, chunk: bytes) -> None:
        region = self._carry + chunk
        end = len(region)
        if chunk:  # the last _PAIR bytes may start an escape that the next chunk ends: decide them then
            end = max(0, end - _PAIR)
            while end > 0 and region[end - 1] == 0x5C:  # a backslash: start the carry at its run
                end -= 1
        if self.lone_surrogate_line == 0 and _ANY_SURROGATE.search(region):
            for match in _ESCAPE_TOKENS.finditer(region):
                if match.start() >= end:
                    break
                if match.end() > end:
                    end = match.end()  # decided whole here: not to be read again from its middle
                if match.end() - match.start() == 6:  # neither an escaped backslash nor a pair: lone
                    self.lone_surrogate_line = self._carry_line + region.count(b"\n", 0, match.start())
                    break
        self._carry_line += region.count(b"\n", 0, end)
        self._carry = region[end:]

    def _guard_depth(self, chunk: bytes) -> None:
        if self._depth_checked or not chunk:
            return
        brackets = chunk.translate(None, _BRACKETS)
        opening = brackets.count(b"[") + brackets.count(b"{")
        if self._depth + opening > MAX_DEPTH:
            self._depth_checked = True
            exact_depth_check(self.fh)
        self._depth = max(0, self._depth + 2 * opening - len(brackets))

    def describe_error(self, exc: Exception) -> Refusal:
        """The Refusal for an error the parser raised."""
        bad_utf8 = first_bad_utf8(self.fh)
        if bad_utf8 is not None:
            return Refusal("", f"it is not UTF-8 text (undecodable byte at position {bad_utf8})")
        if self.lone_surrogate_line:
            return lone_surrogate(self.lone_surrogate_line)
        text = str(exc).split("\n", 1)[0].strip()
        if isinstance(exc, UnicodeDecodeError):
            text = "a string is not text"
        if text.startswith("b'") or text.startswith('b"'):
            text = text[2:].split("\\n", 1)[0]
        if self.blank:
            return Refusal("", "the file is empty")
        if "premature EOF" in text:
            return Refusal("", "the JSON ends too early (the file is truncated)")
        text = text.removeprefix("parse error: ").removeprefix("lexical error: ").rstrip(".")
        return Refusal("", f"it is not valid JSON ({text}, near line {self.line})")


def lone_surrogate(line: int) -> Refusal:
    return Refusal(f"line {line}", "a text holds an unpaired surrogate (\\uD8xx-\\uDFxx)")


def first_bad_utf8(fh: BinaryIO) -> int | None:
    """The position of the first byte of fh that is not UTF-8 (the error path only: reads it again)."""
    fh.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0
    while True:
        chunk = fh.read(CHUNK)
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            return offset - pending + exc.start
        if not chunk:
            return None
        offset += len(chunk)


def exact_depth_check(fh: BinaryIO) -> None:
    """Refuse a file nested deeper than MAX_DEPTH, counted exactly (the cheap estimate counted brackets
    inside strings too, and found more than that). Reads the file again, by events without prefixes."""
    position = fh.tell()
    fh.seek(0)
    if fh.read(len(_BOM)) != _BOM:
        fh.seek(0)
    depth = 0
    try:
        for event, _ in ijson.basic_parse(fh, use_float=True):
            if event in ("start_map", "start_array"):
                depth += 1
                if depth > MAX_DEPTH:
                    raise Refusal("", f"it is not valid JSON (nested more than {MAX_DEPTH} levels deep)")
            elif event in ("end_map", "end_array"):
                depth -= 1
    except (ijson.JSONError, UnicodeDecodeError):
        pass  # the parse proper finds it, and says what it is
    finally:
        fh.seek(position)


@contextlib.contextmanager
def parsing(source: Source) -> Iterator[None]:
    """Parser errors as Refusals."""
    try:
        yield
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        raise source.describe_error(exc) from None


def items(source: Source, prefix: str) -> Iterator[Any]:
    """The values under prefix, one at a time; Refusal for a file that is not exactly right."""
    with parsing(source):
        yield from ijson.items(source, prefix, use_float=True, buf_size=CHUNK)

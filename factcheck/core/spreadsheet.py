"""The one guard against formula injection in every CSV factcheck writes (OWASP "CSV Injection").

A spreadsheet runs a cell as a formula when it begins with `=`, `+`, `-` or `@`, also after leading
spaces, line breaks, no-break spaces or other blanks it skips, and with the full-width forms `＝＋－＠`
that some spreadsheets read as the ASCII ones; a TAB, CR or LF first can start one too. Such a cell gets
a leading single quote, which makes the spreadsheet show it as text. A cell that starts with `'` gets one
more, so that taking off one leading `'` always gives the original back.

`neutralize` applies the rule in Python; `sql_guard` builds the same rule as an SQLite expression (a
100k-row export has 1.6M cells: SQLite checks them for less).
"""

from __future__ import annotations

import sys
from typing import Any

#: Characters that start a formula, in ASCII and full width.
FORMULA_STARTS = "=+-@＝＋－＠"
#: Characters that, first in a cell, always get the guard (the guard's own quote included).
ALWAYS_GUARDED = "\t\r\n'"
#: Every first character a guarded cell can have: a cell that starts with none of these is left as is.
GUARD = FORMULA_STARTS + ALWAYS_GUARDED

#: What a spreadsheet may skip before a formula: Unicode white space (NBSP, ideographic space...),
#: control characters and zero-width characters. NUL is not among them: no stored text holds one.
BLANKS = "".join(
    sorted(
        {chr(c) for c in range(1, sys.maxunicode + 1) if chr(c).isspace()}
        | {chr(c) for c in (*range(1, 0x20), *range(0x7F, 0xA0))}
        | set("\u200b\u200c\u200d\u2060\ufeff")
    )
)


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet could run text as a formula, or text starts with the guard's own quote."""
    if not text:
        return False
    first = text.lstrip(BLANKS)[:1]
    return text[0] in ALWAYS_GUARDED or (first != "" and first in FORMULA_STARTS)


def neutralize(value: Any) -> Any:
    """The cell as a spreadsheet must see it: text that could start a formula gets a leading `'`."""
    if value.__class__ is str and value and needs_guard(value):
        return "'" + value
    return value


def _codes(chars: str) -> str:
    return ", ".join(str(ord(c)) for c in chars)


_SQL_BLANKS = f"char({_codes(BLANKS)})"


def sql_guard(expr: str) -> str:
    """An SQLite expression giving neutralize(expr) for a text expr (other values unchanged).

    Most cells start with a letter or digit: two comparisons settle them. Only a cell that starts with
    a blank pays for ltrim() (which copies it)."""
    first = f"unicode({expr})"
    skipped = f"unicode(ltrim({expr}, {_SQL_BLANKS}))"
    return (
        f"CASE WHEN ({first} < 65 OR {first} > 126) AND ({first} IN ({_codes(GUARD)}) "
        f"OR ({first} IN ({_codes(BLANKS)}) AND {skipped} IN ({_codes(FORMULA_STARTS)}))) "
        f"THEN '''' || {expr} ELSE {expr} END"
    )

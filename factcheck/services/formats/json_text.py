"""The JSON text of one value, as the writers put it in a file (one tag, card or link a line).

orjson when it is installed: encoding rows with the standard library took a fifth of a 100k-tag export
(and pushed the curated JSON export past its 2 s goal). Both leave non-ASCII characters raw and escape
control characters; orjson writes no space after ":" and ",", which readers ignore.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # the standard library writes the same values, a little slower
    orjson = None  # type: ignore[assignment]

_standard = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def dumps(value: Any) -> str:
    """value as JSON text (dicts, lists, strings, 64-bit integers, floats, booleans, None)."""
    if orjson is None:
        return _standard(value)
    return orjson.dumps(value).decode()

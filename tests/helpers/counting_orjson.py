"""orjson and the typed parse counting the values they parsed: tests see which documents the reader's bytes
way took."""

from __future__ import annotations

from typing import Any

import orjson

from factcheck.services.formats.json_typed import typed_document


class CountingOrjson:
    """orjson, counting the values it parsed (monkeypatched in as json_stream's orjson)."""

    JSONDecodeError = orjson.JSONDecodeError

    def __init__(self) -> None:
        self.parsed = 0

    def loads(self, data: Any) -> Any:
        value = orjson.loads(data)
        self.parsed += 1
        return value


class CountingTyped:
    """json_typed.typed_document, counting the documents it parsed (monkeypatched into json_stream)."""

    def __init__(self) -> None:
        self.parsed = 0

    def __call__(self, data: Any) -> Any:
        value = typed_document(data)
        self.parsed += value is not None
        return value

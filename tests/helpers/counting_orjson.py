"""orjson counting the values it parsed: tests see which documents the reader's bytes way took."""

from __future__ import annotations

from typing import Any

import orjson


class CountingOrjson:
    """orjson, counting the values it parsed (monkeypatched in as json_stream's orjson)."""

    JSONDecodeError = orjson.JSONDecodeError

    def __init__(self) -> None:
        self.parsed = 0

    def loads(self, data: Any) -> Any:
        value = orjson.loads(data)
        self.parsed += 1
        return value

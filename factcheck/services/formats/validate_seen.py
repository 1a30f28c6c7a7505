"""The annotation ids a file has given so far (`SeenIds`): one id twice is skipped when its content is
the same and refused when it differs, in bounded memory however long the file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from db.scratch import DigestTable
from factcheck.services.formats.validate_values import Refusal

#: Ids a SeenIds keeps in memory; beyond, in a temporary file (a million take 150 MB as a dict: these
#: 60 MB; an id is checked and kept here in a fifth of the time it takes there).
SEEN_IN_MEMORY = 400_000

_first = itemgetter(0)


class SeenIds:
    """The annotation ids a file has given so far, each with a digest of its row: one id twice is fine
    with the same content (skipped) and refused with another. A digest, not the row, so that a
    million-tag file is checked in bounded memory (Python's 64-bit hash of the row tuple: two different
    rows under one id pass as the same only with a chance of about 1 in 10^19). The first
    SEEN_IN_MEMORY ids (and the rest of their batch) are kept in a dict, the later ones in a scratch
    table; the dict stays (copying its pairs into the table costs about what looking later ids up in it
    does, and memory stays bounded by SEEN_IN_MEMORY either way)."""

    __slots__ = ("_memory", "_table")

    def __init__(self) -> None:
        self._memory: dict[str, int] = {}
        self._table: DigestTable | None = None

    def check(self, row: tuple[Any, ...], where: str) -> bool:
        """True for a new id (now recorded), False for a repeat with the same content; else Refusal."""
        digest = hash(row)
        key = row[0]
        previous = self._memory.get(key)
        if previous is None and self._table is not None:
            previous = self._table.get(key)
        if previous is None:
            self._record([key], [digest])
            return True
        if previous == digest:
            return False
        raise Refusal(where, f"the annotation id {key!r} appears twice with different content")

    def add_new(self, rows: Sequence[tuple[Any, ...]]) -> bool:
        """Record rows (distinct ids) and say True when none of their ids was seen; else record none."""
        return self.add_new_digests(list(map(_first, rows)), map(hash, rows))

    def add_new_digests(self, ids: Sequence[str], digests: Iterable[int]) -> bool:
        """add_new for rows given as their ids and their digests (`hash` of each row, in the same order:
        computed only when recorded), for a reader that holds its rows as columns."""
        if not self._memory.keys().isdisjoint(ids):
            return False
        if self._table is not None:
            return self._table.put_new(dict(zip(ids, digests, strict=True)))
        self._record(ids, list(digests))
        return True

    def _record(self, ids: Sequence[str], digests: list[int]) -> None:
        """Record ids seen nowhere yet."""
        if self._table is not None:
            self._table.put(zip(ids, digests, strict=True))
            return
        self._memory.update(zip(ids, digests, strict=True))
        if len(self._memory) >= SEEN_IN_MEMORY:
            self._table = DigestTable()  # the next ids go there

"""The scratch table a file reader keeps its seen annotation ids in, past a few hundred thousand."""

from __future__ import annotations

import pytest

from db.scratch import DigestTable

#: Ids JSON has to escape or carry as they are; a NUL is one SQLite's JSON would cut a key at.
AWKWARD = [
    "a\x00b",
    "a",
    "\x00",
    'q"\\',
    "x\x01y",
    "😀é",
    "\u2028\u2029",
    "\ufeffbom",
    "\U0010ffff",
    "1",
    "null",
]


@pytest.fixture
def table() -> DigestTable:
    return DigestTable()


def test_put_new_stores_a_batch_only_when_none_of_it_is_there(table: DigestTable) -> None:
    assert table.put_new({"t1": 1, "t2": -2})
    assert table.put_new({"t3": 3, "t1": 1}) is False  # t1 was there: t3 is not stored either
    assert [table.get(k) for k in ("t1", "t2", "t3")] == [1, -2, None]
    assert table.put_new({"t3": 3, "t4": 2**63 - 1, "t5": -(2**63) + 1})
    assert [table.get(k) for k in ("t3", "t4", "t5")] == [3, 2**63 - 1, -(2**63) + 1]


@pytest.mark.parametrize("batch", ["together", "one by one"])
def test_ids_are_stored_exactly_as_given(table: DigestTable, batch: str) -> None:
    pairs = {key: n for n, key in enumerate(AWKWARD)}
    if batch == "together":
        assert table.put_new(pairs)
    else:
        assert all(table.put_new({key: n}) for key, n in pairs.items())
    assert [table.get(key) for key in AWKWARD] == list(range(len(AWKWARD)))
    assert table.get("a\x00") is None and table.get("b") is None
    for key in AWKWARD:
        assert table.put_new({key: 99, "fresh": 0}) is False
    assert table.get("fresh") is None


def test_put_stores_pairs_and_a_failure_stores_none(table: DigestTable) -> None:
    table.put([("a", 1), ("b", 2)])
    with pytest.raises(UnicodeEncodeError):
        table.put([("c", 3), ("\ud800", 4)])
    with pytest.raises(UnicodeEncodeError):  # an id SQLite cannot hold: refused as binding it would be
        table.put_new({"d": 5, "\ud800": 6})
    assert [table.get(k) for k in ("a", "b", "c", "d")] == [1, 2, None, None]
    assert table.put_new({"c": 3})  # the table still works after the failures
    table.close()

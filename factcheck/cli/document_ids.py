"""A document named on the command line by its id, or by the start of it: the agreement table shows ids
cut to eight characters (`[9b0abd7a]`), which a researcher copies into `--document`."""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.core.errors import FactcheckError

#: Fewer characters than this name too many documents to be worth guessing between.
SHORTEST = 4


def document_id(given: str, ids: Iterable[str]) -> str:
    """The id of the one document whose id is given or starts with it; FactcheckError otherwise."""
    known = list(ids)
    if given in known:
        return given
    matching = [i for i in known if i.startswith(given)] if len(given) >= SHORTEST else []
    if len(matching) == 1:
        return matching[0]
    if matching:
        raise FactcheckError(
            f"{len(matching)} documents' ids start with {given!r}: give more of the id "
            "('factcheck list' shows them)."
        )
    raise FactcheckError(f"There is no document with id {given!r}; 'factcheck list' shows them.")

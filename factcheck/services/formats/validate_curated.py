"""The curated mark of a document in a JSON project file, or of a teammate's database, held to the rules
of what factcheck writes (`parse_mark`): untrusted input like any tag."""

from __future__ import annotations

from typing import Any

from factcheck.core.curated_marks import Mark
from factcheck.core.json_values import describe
from factcheck.core.model import is_stored_stamp
from factcheck.core.names import name_cleaned
from factcheck.services.formats.validate_values import Refusal, latest_stamp

#: The longest curator's name taken (a claim card's names have the same bound).
MAX_CURATOR = 200
#: The key of a document's mark in the JSON project format.
CURATED = "curated"


def parse_mark(value: Any, where: str) -> Mark | None:
    """A document's ``"curated"`` value: None (absent, null) or {"curator", "curated_at"} as the app
    writes them. The curator's name is kept as an imported name is (hidden characters made spaces or
    dropped: `name_cleaned`); the stamp must be in the stored form, and not more than a day ahead."""
    if value is None:
        return None
    place = f"{where}.{CURATED}"
    if not isinstance(value, dict):
        raise Refusal(place, f"must be an object or null, not {describe(value)}")
    return check_mark(value.get("curator"), value.get("curated_at"), place)


#: The names of a mark's two values in the JSON project format (JSONL names them otherwise).
MARK_NAMES = ("curator", "curated_at")


def check_mark(curator: Any, at: Any, place: str, names: tuple[str, str] = MARK_NAMES) -> Mark:
    """A mark's curator and time held to the rules of `parse_mark`; a refusal at place calls them by
    names, the keys they came under."""
    who, when = (f'"{name}"' for name in names)
    if type(curator) is not str:
        raise Refusal(place, f"{who} must be a string, not {describe(curator)}")
    if len(curator) > MAX_CURATOR:
        raise Refusal(place, f"{who} is longer than {MAX_CURATOR} characters")
    if "\x00" in curator:
        raise Refusal(place, f"{who} holds a NUL character")
    if not curator.strip() or not (curator := name_cleaned(curator)).strip():
        raise Refusal(place, f"{who} is empty")
    if type(at) is not str:
        raise Refusal(place, f"{when} must be a string, not {describe(at)}")
    if not is_stored_stamp(at):
        raise Refusal(
            place,
            f"{when} must be a UTC time as factcheck writes it (2026-03-01T09:30:00.123456Z), "
            f"not {describe(at)}",
        )
    if at > latest_stamp():
        raise Refusal(
            place,
            f"{when} is more than a day in the future ({at}): check the clock of the computer that wrote it",
        )
    return (curator, at)


def mark_dict(mark: Mark) -> dict[str, str]:
    """A mark as the JSON project format writes it."""
    return {"curator": mark[0], "curated_at": mark[1]}

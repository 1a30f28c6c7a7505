"""The one check of claim cards coming from outside (a JSON export, a teammate's database): untrusted.

Readers hand over plain mappings (a JSON object, a database row as a dict) with values of any type;
each `*_from` function checks one and returns the object, or raises ClaimError saying what is wrong and
where. Texts are bounded, dates and URLs checked (a javascript: link never reaches a published review),
stamps turned into the stored form and refused more than a day ahead (they would win every merge).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from factcheck.core.claims import (
    MAX_URL,
    CheckworthyVote,
    ClaimCard,
    ClaimError,
    ClaimTag,
    Evidence,
    Organization,
    ScaleEntry,
    Verdict,
    check_checkworthy,
    check_color,
    check_date,
    check_scale_name,
    check_status,
    check_text,
    check_url,
)
from factcheck.core.json_values import MISSING as _MISSING
from factcheck.core.json_values import describe as _describe
from factcheck.core.model import STAMP_FORMAT, canonical_stamp

#: Longest id and annotator name taken (ours are uuids and login names).
MAX_NAME = 200
#: Evidence links per verdict, URLs per card: more is a damaged or hostile file.
MAX_ITEMS = 1_000


def _fail(where: str, problem: str) -> ClaimError:
    return ClaimError(f"{problem} (at {where})")


def _get(obj: Mapping[str, Any], key: str, where: str) -> Any:
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        raise _fail(where, f'the key "{key}" is missing')
    return value


def _str(
    obj: Mapping[str, Any], key: str, where: str, *, null: bool = False, default: object = _MISSING
) -> Any:
    value = obj.get(key, default)
    if value is _MISSING:
        raise _fail(where, f'the key "{key}" is missing')
    if value is None and null:
        return None
    if type(value) is not str:
        raise _fail(where, f'"{key}" must be a string{" or null" if null else ""}, not {_describe(value)}')
    return value


def _name(obj: Mapping[str, Any], key: str, where: str) -> str:
    value: str = _str(obj, key, where)
    if not value.strip() or len(value) > MAX_NAME or any(c in value for c in "\x00\n\r"):
        raise _fail(where, f'"{key}" must be a name of 1 to {MAX_NAME} characters on one line')
    return value


def _checked(where: str, check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except ClaimError as exc:
        raise _fail(where, str(exc).rstrip(".")) from None


def horizon() -> str:
    """The latest stamp taken now: a day ahead of our clock (clocks drift; a stamp further ahead would
    win every later merge)."""
    return (datetime.now(UTC) + timedelta(days=1)).strftime(STAMP_FORMAT)


def _stamp(obj: Mapping[str, Any], key: str, where: str, latest: str, *, null: bool = False) -> Any:
    value = _str(obj, key, where, null=null, default=None if null else _MISSING)
    if value is None:
        return None
    try:
        stamp = canonical_stamp(value)
    except ValueError:
        raise _fail(where, f'"{key}" is not an ISO-8601 date and time: {_describe(value)}') from None
    if stamp > latest:
        raise _fail(
            where,
            f'"{key}" is more than a day in the future ({stamp}): '
            "check the clock of the computer that wrote it",
        )
    return stamp


def _stamps(obj: Mapping[str, Any], where: str, latest: str) -> tuple[str, str, str | None]:
    created = _stamp(obj, "created_at", where, latest)
    updated = _stamp(obj, "updated_at", where, latest)
    deleted = _stamp(obj, "deleted_at", where, latest, null=True)
    return created, updated, deleted


def _list(obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise _fail(where, f'"{key}" must be a list, not {_describe(value)}')
    if len(value) > MAX_ITEMS:
        raise _fail(where, f'"{key}" has more than {MAX_ITEMS} entries')
    return value


def scale_entry_from(obj: Any, where: str) -> ScaleEntry:
    if not isinstance(obj, dict):
        raise _fail(where, f"expected an object, found {_describe(obj)}")
    name = _checked(where, check_scale_name, _str(obj, "name", where))
    value = _get(obj, "value", where)
    if type(value) is not int or abs(value) > 1_000_000:
        raise _fail(where, f'"value" must be a whole number, not {_describe(value)}')
    color = _checked(where, check_color, _str(obj, "color", where))
    return ScaleEntry(name, value, color)


def organization_from(obj: Any, where: str) -> Organization:
    if not isinstance(obj, dict):
        raise _fail(where, f"expected an object, found {_describe(obj)}")
    name = _checked(where, check_text, _str(obj, "name", where, default=""), "organization name")
    url = _str(obj, "url", where, default="")
    if url:
        url = _checked(where, check_url, url, "organization URL")
    return Organization(name.strip(), url)


def _url_list(values: list[Any], where: str, what: str) -> tuple[str, ...]:
    out = []
    for i, value in enumerate(values):
        if type(value) is not str:
            raise _fail(f"{where}.{what}[{i}]", f"expected a URL, found {_describe(value)}")
        out.append(_checked(f"{where}.{what}[{i}]", check_url, value, "appearance"))
    return tuple(dict.fromkeys(out))


def card_from(obj: Any, where: str, latest: str) -> ClaimCard:
    """A card (the JSON object's or row's card fields; "appearances" a list of URLs)."""
    if not isinstance(obj, dict):
        raise _fail(where, f"expected an object, found {_describe(obj)}")
    text = _checked(where, check_text, _str(obj, "text", where), "claim text")
    speaker = _str(obj, "speaker", where, null=True, default=None)
    if speaker is not None and (not speaker or len(speaker) > MAX_NAME):
        raise _fail(where, '"speaker" must be a speaker id or null')
    claim_date = _checked(
        where, check_date, _str(obj, "claim_date", where, null=True, default=None), "claim date"
    )
    status = _checked(where, check_status, _str(obj, "status", where, default="new"))
    created, updated, deleted = _stamps(obj, where, latest)
    return ClaimCard(
        id=_name(obj, "id", where),
        text=text,
        speaker=speaker,
        claim_date=claim_date,
        appearances=_url_list(_list(obj, "appearances", where), where, "appearances"),
        status=status,
        annotator=_name(obj, "annotator", where),
        created_at=created,
        updated_at=updated,
        deleted_at=deleted,
    )


def claim_tag_from(obj: Any, where: str, latest: str) -> ClaimTag:
    if not isinstance(obj, dict):
        raise _fail(where, f"expected an object, found {_describe(obj)}")
    created, updated, deleted = _stamps(obj, where, latest)
    return ClaimTag(
        _name(obj, "id", where),
        _name(obj, "claim_id", where),
        _name(obj, "annotation_id", where),
        _name(obj, "annotator", where),
        created,
        updated,
        deleted,
    )


def vote_from(obj: Any, where: str, latest: str) -> CheckworthyVote:
    if not isinstance(obj, dict):
        raise _fail(where, f"expected an object, found {_describe(obj)}")
    value = _checked(where, check_checkworthy, _str(obj, "value", where))
    reason = _checked(where, check_text, _str(obj, "reason", where, default=""), "reason")
    created, updated, deleted = _stamps(obj, where, latest)
    return CheckworthyVote(
        _name(obj, "id", where),
        _name(obj, "claim_id", where),
        _name(obj, "annotator", where),
        value,
        reason,
        created,
        updated,
        deleted,
    )


def evidence_from(values: list[Any], where: str) -> tuple[Evidence, ...]:
    out = []
    for i, item in enumerate(values):
        place = f"{where}.evidence[{i}]"
        if not isinstance(item, dict):
            raise _fail(place, f"expected an object with url and title, found {_describe(item)}")
        url = _checked(place, check_url, _str(item, "url", place), "evidence link")
        title = _checked(place, check_text, _str(item, "title", place, default=""), "title")
        out.append(Evidence(url, title))
    return tuple(out)


def verdict_from(obj: Any, where: str, latest: str) -> Verdict:
    """A verdict; its name is checked against the scale by the merge (`--add-labels` may add it)."""
    if not isinstance(obj, dict):
        raise _fail(where, f"expected an object, found {_describe(obj)}")
    name = _checked(where, check_scale_name, _str(obj, "verdict", where))
    explanation = _checked(where, check_text, _str(obj, "explanation", where, default=""), "explanation")
    final = obj.get("final", False)
    if type(final) is not bool and final not in (0, 1, None):
        raise _fail(where, f'"final" must be true or false, not {_describe(final)}')
    review_url = _str(obj, "review_url", where, default="")
    if review_url:
        review_url = _checked(where, check_url, review_url, "review URL")
    published = _checked(
        where, check_date, _str(obj, "date_published", where, null=True, default=None), "publication date"
    )
    evidence = obj.get("evidence", [])
    if isinstance(evidence, str):  # a database row keeps it as JSON text
        evidence = _json_list(evidence, where, "evidence")
    created, updated, deleted = _stamps(obj, where, latest)
    return Verdict(
        id=_name(obj, "id", where),
        claim_id=_name(obj, "claim_id", where),
        annotator=_name(obj, "annotator", where),
        verdict=name,
        explanation=explanation,
        evidence=evidence_from(_list({"evidence": evidence}, "evidence", where), where),
        final=bool(final),
        review_url=review_url,
        date_published=published,
        created_at=created,
        updated_at=updated,
        deleted_at=deleted,
    )


def _json_list(text: str, where: str, key: str) -> list[Any]:
    import json

    if len(text) > MAX_ITEMS * (MAX_URL + 200):
        raise _fail(where, f'"{key}" is too long')
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        raise _fail(where, f'"{key}" is not a JSON list') from None
    if not isinstance(value, list):
        raise _fail(where, f'"{key}" is not a JSON list')
    return value


def card_row_from(obj: Mapping[str, Any], where: str, latest: str) -> ClaimCard:
    """A card from a database row (appearances as JSON text)."""
    appearances = obj.get("appearances")
    if type(appearances) is not str:
        raise _fail(where, f'"appearances" must be JSON text, not {_describe(appearances)}')
    return card_from({**obj, "appearances": _json_list(appearances, where, "appearances")}, where, latest)

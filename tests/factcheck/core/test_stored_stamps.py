"""The stored time-stamp form (factcheck.core.model.is_stored_stamp) holds real days only: it agrees with
the calendar on every day of leap and common years, centuries included, without parsing each stamp."""

from __future__ import annotations

from datetime import datetime

import pytest

from factcheck.core.model import is_stored_stamp


def _real(value: str) -> bool:
    try:
        datetime.fromisoformat(value[:-1])
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("year", [1900, 1996, 1999, 2000, 2024, 2026, 2100, 2400])
def test_every_day_of_a_year_is_a_stored_stamp_exactly_when_the_calendar_has_it(year: int) -> None:
    for month in range(1, 13):
        for day in range(1, 32):
            value = f"{year:04d}-{month:02d}-{day:02d}T23:59:59.999999Z"
            assert is_stored_stamp(value) == _real(value), value


@pytest.mark.parametrize(
    "value",
    [
        "2026-13-01T00:00:00.000000Z",
        "2026-11-30T24:00:00.000000Z",
        "2026-11-30T00:60:00.000000Z",
        "2026-11-30T00:00:00Z",
        "2026-11-30 00:00:00.000000Z",
        "2026-11-30T00:00:00.000000+00:00",
    ],
)
def test_what_is_not_the_stored_form_is_refused(value: str) -> None:
    assert not is_stored_stamp(value)

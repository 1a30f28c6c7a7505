"""A date in a sentence: the locale's long date without its weekday, in local time; the whole long date
where the weekday does not come off cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QDate, QLocale

from ui.dates import long_date

NOON = "2026-11-29T12:00:00Z"  # the same day in every time zone from UTC-11 to UTC+11


@pytest.fixture
def locale_named() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("C", "29 November 2026"),  # not "29 11 2026", nor "Sunday, 29 November 2026"
        ("en_US", "November 29, 2026"),
        ("de_DE", "29. November 2026"),
        ("es_ES", "29 de noviembre de 2026"),  # quoted words of the pattern stay
        ("ja_JP", "2026年11月29日"),  # the weekday last, with nothing between
        ("hu_HU", "2026. november 29."),  # the weekday last, after a comma
        ("ru_RU", "29 ноября 2026\u202fг."),
    ],
)
def test_the_long_date_without_its_weekday(locale_named: None, name: str, expected: str) -> None:
    QLocale.setDefault(QLocale(name))
    local = datetime.fromisoformat(NOON.replace("Z", "+00:00")).astimezone()
    assert (local.year, local.month, local.day) == (2026, 11, 29)
    assert long_date(NOON) == expected


def test_a_weekday_with_words_of_its_own_keeps_the_whole_long_date(locale_named: None) -> None:
    thai = QLocale(QLocale.Language.Thai, QLocale.Country.Thailand)
    assert thai.dateFormat(QLocale.FormatType.LongFormat).startswith("ddddที่ ")  # "Sunday the 29…"
    QLocale.setDefault(thai)
    shown = long_date(NOON)
    assert shown == thai.toString(QDate(2026, 11, 29), QLocale.FormatType.LongFormat)
    assert shown.startswith(thai.dayName(7)) and "29" in shown


def test_no_stamp_or_one_that_is_no_date(locale_named: None) -> None:
    QLocale.setDefault(QLocale("C"))
    assert long_date("") == ""
    assert long_date("not a date") == "not a date"  # shown as it is, as short_date does

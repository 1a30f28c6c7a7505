"""Times as the user reads them: stored UTC stamps shown in local time, in the locale's own format."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime


def _local(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return None


def _qt(when: datetime) -> QDateTime:
    return QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute, when.second))


def short_time(stamp: str, today: datetime | None = None) -> str:
    """A table cell: the locale's short time for today's stamps, its short date and time otherwise
    ("14:31"; "29.11.26, 14:31" in German, "11/29/26, 2:31 PM" in US English). "" for none; a stamp
    that is no date is shown as it is."""
    if not stamp:
        return ""
    when = _local(stamp)
    if when is None:
        return stamp[:16]
    locale = QLocale()
    now = today or datetime.now().astimezone()
    if when.date() == now.date():
        return locale.toString(QTime(when.hour, when.minute), QLocale.FormatType.ShortFormat)
    return locale.toString(_qt(when), QLocale.FormatType.ShortFormat)


def short_date(stamp: str) -> str:
    """The locale's short date of a stamp, in local time ("" for none)."""
    when = _local(stamp) if stamp else None
    if when is None:
        return stamp[:10]
    return QLocale().toString(QDate(when.year, when.month, when.day), QLocale.FormatType.ShortFormat)


# The weekday ("dddd") at either end of a long date pattern, with what separates it from the date: at the
# start it must be followed by the date itself (d, M or y), not by words of its own (Thai "ddddที่ d MMMM").
_WEEKDAY_FIRST = re.compile(r"^dddd[\s,،、]*(?=[dMy])")
_WEEKDAY_LAST = re.compile(r"[\s,،、]*dddd$")


def _long_date_pattern(locale: QLocale) -> str | None:
    """The locale's long date pattern without its weekday; None when the weekday does not come off
    cleanly (it sits inside the date, or words hang on it)."""
    pattern = locale.dateFormat(QLocale.FormatType.LongFormat)
    bare = _WEEKDAY_LAST.sub("", _WEEKDAY_FIRST.sub("", pattern))
    if "ddd" in re.sub(r"'[^']*'", "", bare):  # a weekday left outside the quoted words
        return None
    return bare


def long_date(stamp: str) -> str:
    """A date in a sentence ("on 29 November 2026"): the locale's long date without the weekday
    ("November 29, 2026" in US English, "29. November 2026" in German), in local time. Qt has no medium
    format, so where the weekday does not come off cleanly the whole long date is used, weekday and all.
    "" for none; a stamp that is no date is shown as it is."""
    when = _local(stamp) if stamp else None
    if when is None:
        return stamp[:10]
    locale = QLocale()
    date = QDate(when.year, when.month, when.day)
    pattern = _long_date_pattern(locale)
    if pattern is None:
        return locale.toString(date, QLocale.FormatType.LongFormat)
    return locale.toString(date, pattern)


def full_time(stamp: str) -> str:
    """A tooltip: the locale's date and time to the second, in local time."""
    when = _local(stamp) if stamp else None
    if when is None:
        return stamp
    locale = QLocale()
    date = locale.toString(QDate(when.year, when.month, when.day), QLocale.FormatType.ShortFormat)
    # The long time format to the second, without its time zone ("t", "tttt": local time is meant).
    pattern = " ".join(part for part in locale.timeFormat(QLocale.FormatType.LongFormat).split()
                       if not part.startswith("t"))  # fmt: skip
    time = locale.toString(QTime(when.hour, when.minute, when.second), pattern)
    return f"{date} {time}"

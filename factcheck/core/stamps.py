"""A time stamp for a row a merge makes of two copies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from factcheck.core.model import STAMP_FORMAT, utc_now


def just_after(stamp: str) -> str:
    """One microsecond after stamp: newer than both copies (stamp: the newer one's), and the same in every
    project that merges the same two copies, so that teammates who swap files (or merge a file and a
    database of the same project) end up with the same row, stamp and all."""
    try:
        moment = datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return max(utc_now(), stamp)  # a stamp in another form (an old file's): the clock, as before
    return (moment + timedelta(microseconds=1)).strftime(STAMP_FORMAT)

"""Timestamps and dates in the formats the schema stores (docs/data-model.md).

Timestamps are ISO-8601 UTC text with a ``Z`` suffix and whole seconds; dates are
``YYYY-MM-DD``. Text in these forms sorts chronologically, which the SQL relies on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

_frozen: datetime | None = None  # set by tests through frozen_at(): a fake clock


def utc_now() -> datetime:
    """The current moment, timezone-aware in UTC (the fake one while :func:`frozen_at` runs)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def local_now() -> datetime:
    """The current wall-clock time where the user is, naive: activity times are local
    ``HH:MM`` on a local date, so this is what they are compared with."""
    return utc_now().astimezone().replace(tzinfo=None)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Make the clock read ``moment`` (aware, or naive local) until the block ends.

    Reminders, due/overdue rules and the Today view all read the time through this module,
    so a test can drive them across midnight without waiting for it.
    """
    global _frozen
    previous = _frozen
    aware = moment if moment.tzinfo is not None else moment.astimezone()
    _frozen = aware.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous


def format_timestamp(moment: datetime) -> str:
    """``2026-11-25T10:00:00Z`` for an aware or naive-UTC datetime."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(TIMESTAMP_FORMAT)


def now_timestamp() -> str:
    """The current moment as stored in ``created_at``/``updated_at`` columns."""
    return format_timestamp(utc_now())


def parse_timestamp(text: str) -> datetime:
    """Inverse of :func:`format_timestamp`; accepts fractional seconds and offsets too."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_date(text: str) -> date:
    """A ``YYYY-MM-DD`` date; raises ``ValueError`` for impossible dates such as 31 Feb."""
    return date.fromisoformat(text)


def today() -> date:
    """Local calendar date: reminders and follow-ups are about the user's day, not UTC's."""
    return local_now().date()

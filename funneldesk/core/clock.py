"""Timestamps and dates in the formats the schema stores (DESIGN §2).

Timestamps are ISO-8601 UTC text with a ``Z`` suffix and whole seconds; dates are
``YYYY-MM-DD``. Text in these forms sorts chronologically, which the SQL relies on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> datetime:
    """The current moment, timezone-aware in UTC."""
    return datetime.now(UTC)


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
    return date.today()

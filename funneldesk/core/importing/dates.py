"""Dates as other programs write them: ISO, ``YYYY/MM/DD``, ``--MM-DD``, ``MM-DD``, Chinese
``1985年7月9日``, Outlook's ``7/9/1985``, vCard ``19850709``/``--0709``, Excel date cells.

A date may have no year (age unknown) and may be lunar (``农历``/``lunar``, ``闰`` or ``leap``
for a leap month). :func:`format_date` writes the one spelling FunnelDesk exports
(``1985-07-09``, ``--07-09``, ``1985-08-15 (lunar)``, ``--04-10 (lunar, leap)``), which
:func:`parse_date` reads back unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from funneldesk.core.errors import ValidationError
from funneldesk.core.validation import check_month_day

NO_YEAR_PLACEHOLDERS = frozenset({0, 1, 1604, 1900})
"""Years other programs store for "unknown": 0000 (Android), 1604 (Apple), 1900 (Outlook, Excel)."""

EXCEL_SERIAL_RANGE = (1, 80_000)
_LUNAR_MARKERS = re.compile(r"\(?\s*(?:lunar|农历|阴历|農曆)\s*(?:,\s*)?", re.IGNORECASE)
_LEAP_MARKERS = re.compile(r"(?:\bleap\b|闰|閏)", re.IGNORECASE)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d.*)?$"), "ymd"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
    (re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?$"), "ymd"),
    (re.compile(r"^--(\d{2})-?(\d{2})$"), "md"),
    (re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?$"), "md"),
    (re.compile(r"^(\d{1,2})[-/](\d{1,2})$"), "md"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:\s+\d.*)?$"), "mdy"),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), "dmy"),
)
_EMPTY_SPELLINGS = frozenset({"0/0/00", "0/0/0000", "00/00/0000", "--", "-"})


@dataclass(frozen=True)
class ParsedDate:
    """A month and day that exist in their calendar, with the year when it is known."""

    month: int
    day: int
    year: int | None = None
    calendar: str = "solar"
    is_leap_month: bool = False

    def as_row(self) -> dict[str, int | str | None]:
        """The ``important_dates`` columns this date fills."""
        return {
            "month": self.month,
            "day": self.day,
            "year": self.year,
            "calendar": self.calendar,
            "is_leap_month": 1 if self.is_leap_month else 0,
        }


def format_date(
    month: int, day: int, year: int | None, calendar: str = "solar", leap: bool = False
) -> str:
    """The export spelling of a date (see module docstring)."""
    text = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    if calendar == "lunar":
        text += " (lunar, leap)" if leap else " (lunar)"
    return text


def parse_date(value: object) -> ParsedDate | None:
    """Read a date cell or text; ``None`` for an empty cell.

    Raises :class:`ValidationError` with a message naming the value when it is not a date
    or is a day that never happens (31 April, lunar day 31).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _checked(value.month, value.day, value.year, "solar", False, value)
    if isinstance(value, date):
        return _checked(value.month, value.day, value.year, "solar", False, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_excel_serial(value)
    text = str(value).strip()
    if not text or text in _EMPTY_SPELLINGS:
        return None
    calendar = "lunar" if _LUNAR_MARKERS.search(text) else "solar"
    leap = calendar == "lunar" and bool(_LEAP_MARKERS.search(text))
    core = _LEAP_MARKERS.sub("", _LUNAR_MARKERS.sub("", text)).strip(" ()\t,")
    for pattern, order in _PATTERNS:
        match = pattern.match(core)
        if match:
            year, month, day = _ordered(match.groups(), order)
            return _checked(month, day, year, calendar, leap, value)
    raise ValidationError(f"“{text}” is not a date.")


def _ordered(groups: tuple[str, ...], order: str) -> tuple[int | None, int, int]:
    numbers = [int(g) for g in groups]
    if order == "ymd":
        return numbers[0], numbers[1], numbers[2]
    if order == "md":
        return None, numbers[0], numbers[1]
    if order == "mdy":
        year = numbers[2]
        if len(groups[2]) == 2:
            year += 1900 if year > 30 else 2000
        return year, numbers[0], numbers[1]
    return numbers[2], numbers[1], numbers[0]


def _checked(
    month: int, day: int, year: int | None, calendar: str, leap: bool, original: object
) -> ParsedDate | None:
    if year in NO_YEAR_PLACEHOLDERS:
        year = None
    if month == 0 and day == 0:
        return None
    if year is not None and not 1800 <= year <= 2200:
        raise ValidationError(f"“{original}”: the year {year} is out of range.")
    try:
        check_month_day(month, day, year, calendar)
    except ValidationError as exc:
        raise ValidationError(f"“{original}” is not a real date: {exc}") from exc
    return ParsedDate(month, day, year, calendar, leap)


def _from_excel_serial(value: float) -> ParsedDate:
    """A bare number in a date column: an Excel serial day (1900 date system)."""
    low, high = EXCEL_SERIAL_RANGE
    if not low <= value <= high:
        raise ValidationError(f"“{value:g}” is not a date.")
    from openpyxl.utils.datetime import from_excel

    moment = from_excel(value)
    return ParsedDate(moment.month, moment.day, moment.year)

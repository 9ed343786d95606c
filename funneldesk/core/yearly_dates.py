"""Yearly dates: when a birthday, anniversary or 农历 date falls, and who is due a greeting.

This is the one place where a stored month and day become a solar date. Important dates
repeat every year and may lack a year or be lunar. The rules a salesperson expects,
whatever the calendar:

* 29 February falls on 28 February in common years, or on 1 March when the file setting
  ``feb29_in_common_years`` says ``03-01``.
* A lunar date falls on the solar day it has in the current lunar year. Lunar months have 29
  or 30 days, so a day 30 the month lacks falls on day 29; a leap-month date in a lunar year
  without that leap month falls in the ordinary month of the same number.
* "Next" means on or after the given day, so a birthday today is due today, and the search
  runs across New Year into the next year.

Lunar conversion uses ``lunardate`` (years 1900–2099). Each lunar year's month table is
computed once and cached, so converting many dates costs a dictionary look-up each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from lunardate import LunarDate

from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.rows import from_row

FEB29_RULES = ("02-28", "03-01")
FIRST_LUNAR_YEAR, LAST_LUNAR_YEAR = 1900, 2099  # what lunardate's tables cover


@dataclass(frozen=True)
class LunarMonth:
    """One month of a lunar year: the solar date of its first day and its length (29/30)."""

    first_day: date
    length: int


@cache
def lunar_year_months(year: int) -> dict[tuple[int, bool], LunarMonth]:
    """Every month of lunar ``year`` keyed by ``(month, is_leap)``."""
    if not FIRST_LUNAR_YEAR <= year <= LAST_LUNAR_YEAR:
        raise _out_of_lunar_range()
    leap = LunarDate.leap_month_for_year(year)
    months: dict[tuple[int, bool], LunarMonth] = {}
    for month in range(1, 13):
        for is_leap in (False, True) if month == leap else (False,):
            first = LunarDate(year, month, 1, is_leap).to_solar_date()
            try:
                LunarDate(year, month, 30, is_leap).to_solar_date()
                length = 30
            except ValueError:
                length = 29
            months[(month, is_leap)] = LunarMonth(first, length)
    return months


@lru_cache(maxsize=4096)
def lunar_year_of(day: date) -> int:
    """The lunar year that ``day`` (a solar date) belongs to."""
    if not FIRST_LUNAR_YEAR < day.year <= LAST_LUNAR_YEAR:
        raise _out_of_lunar_range()
    return LunarDate.from_solar_date(day.year, day.month, day.day).year


def _out_of_lunar_range() -> ValidationError:
    return ValidationError(
        f"Lunar dates can be computed for the years {FIRST_LUNAR_YEAR}–{LAST_LUNAR_YEAR} only."
    )


def lunar_to_solar(year: int, month: int, day: int, is_leap_month: bool = False) -> date:
    """The solar date of a lunar date in lunar ``year``, with the short-month and leap rules."""
    months = lunar_year_months(year)
    found = months.get((month, bool(is_leap_month))) or months[(month, False)]
    return found.first_day + timedelta(days=min(day, found.length) - 1)


def solar_in_year(year: int, month: int, day: int, feb29: str = "02-28") -> date:
    """The solar ``month``/``day`` in ``year``; 29 February moves in common years."""
    if month == 2 and day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 3, 1) if feb29 == "03-01" else date(year, 2, 28)
    return date(year, month, day)


def year_of(calendar: str, on: date) -> int:
    """The year ``on`` belongs to in ``calendar`` (a lunar year starts at Spring Festival)."""
    return lunar_year_of(on) if calendar == "lunar" else on.year


def occurrence_in_year(
    month: int, day: int, calendar: str, is_leap_month: bool, year: int, feb29: str = "02-28"
) -> date:
    """The solar date a yearly date falls on in ``year`` of its own calendar."""
    if calendar == "lunar":
        return lunar_to_solar(year, month, day, is_leap_month)
    return solar_in_year(year, month, day, feb29)


def next_occurrence(
    month: int,
    day: int,
    calendar: str,
    is_leap_month: bool,
    on: date,
    feb29: str = "02-28",
) -> date:
    """The first solar date on or after ``on`` on which this yearly date falls."""
    year = year_of(calendar, on)
    found = occurrence_in_year(month, day, calendar, is_leap_month, year, feb29)
    if found >= on:
        return found
    return occurrence_in_year(month, day, calendar, is_leap_month, year + 1, feb29)


def years_at(year: int | None, calendar: str, occurrence: date) -> int | None:
    """How many years the date is old at ``occurrence`` ("turns 40"); ``None`` without a year.

    A lunar year is counted in lunar years, the way a 农历 birthday is.
    """
    if year is None:
        return None
    return year_of(calendar, occurrence) - year


def feb29_rule(db: Database) -> str:
    """The file's 29 February rule (``02-28`` unless set to ``03-01``)."""
    rule = db.setting("feb29_in_common_years", "02-28")
    return rule if rule in FEB29_RULES else "02-28"


@dataclass(frozen=True)
class DateOccurrence:
    """A customer's important date on the day it next falls, as every list shows it."""

    date_id: int
    customer_id: int
    name: str
    kind: str
    label: str | None
    date: date
    days_until: int
    years: int | None
    calendar: str


@dataclass(frozen=True)
class UpcomingDate(DateOccurrence):
    """An important date that falls within its reminder window (or a given horizon)."""

    month: int
    day: int
    year: int | None
    is_leap_month: bool
    remind_days_before: int
    owner: str | None = None  # the customer's


Key = tuple[str, int, int, int | None]  # calendar, month, day, leap flag (None: solar)


def _keys_in_window(on: date, window: int) -> list[Key]:
    """The yearly month/days (per calendar) that can fall within ``on .. on + window``."""
    if window >= 365:  # a whole year: every month/day of both calendars
        solar = {(d.month, d.day) for d in _days(date(2000, 1, 1), 365)}
        lunar = {(month, day) for month in range(1, 13) for day in range(1, 31)}
    else:
        solar = _solar_pairs(on, window)
        try:
            lunar = _lunar_pairs(on, window)
        except (ValueError, IndexError):  # outside the years lunardate covers
            lunar = set()
    return [("solar", m, d, None) for m, d in sorted(solar)] + [
        ("lunar", m, d, leap) for m, d in sorted(lunar) for leap in (0, 1)
    ]


def _occurrences(on: date, window: int, rule: str) -> list[tuple[Key, date, int, int]]:
    """Each key's next occurrence within the window: (key, date, days until, its year in
    its own calendar). Computed once per month/day, not once per stored date."""
    found = []
    for key in _keys_in_window(on, window):
        calendar, month, day, leap = key
        try:
            occurs = next_occurrence(month, day, calendar, bool(leap), on, rule)
            year = year_of(calendar, occurs)
        except ValidationError:  # a lunar date outside the years the tables cover
            continue
        if (occurs - on).days <= window:
            found.append((key, occurs, (occurs - on).days, year))
    return found


def _solar_pairs(on: date, window: int) -> set[tuple[int, int]]:
    """Solar month/days that can fall in ``on .. on + window`` (29 Feb included near March)."""
    pairs = {(d.month, d.day) for d in _days(on, window)}
    if pairs & {(2, 28), (3, 1)}:
        pairs.add((2, 29))
    return pairs


def _lunar_pairs(on: date, window: int) -> set[tuple[int, int]]:
    """Lunar month/days that can fall in the window, ignoring the leap flag (checked later);
    day 30 is included where a short month's day 29 lies in the window."""
    pairs: set[tuple[int, int]] = set()
    for day in _days(on, window):
        lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
        pairs.add((lunar.month, lunar.day))
        if lunar.day == 29:
            pairs.add((lunar.month, 30))
    return pairs


def _days(on: date, window: int) -> list[date]:
    return [on + timedelta(days=offset) for offset in range(window + 1)]


def customer_names(db: Database, customer_ids: Iterable[int]) -> dict[int, str]:
    """Names by id, looked up in id order (neighbouring pages) and in chunks of 500."""
    ids = sorted(set(customer_ids))
    names: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        names.update(
            (row[0], row[1])
            for row in db.query(f"SELECT id, name FROM customers WHERE id IN ({marks})", chunk)
        )
    return names


def upcoming_greetings(
    db: Database, on: date, horizon: int | None = None, owner: str | None = None
) -> list[UpcomingDate]:
    """Dates due a greeting on ``on``, soonest first.

    Without ``horizon`` each date is due within its own ``remind_days_before``; with it,
    every date falling within ``horizon`` days is listed. SQL narrows the rows down by the
    month/days the window can hold (lunar ones found by converting the window's days), then
    each candidate's exact occurrence is computed from cached lunar month tables.
    A date whose known year lies after its next occurrence (a future anniversary) is skipped
    until it has happened once; lunar dates outside the years lunardate covers are skipped.
    ``owner``: only the dates of that person's customers.
    """
    return _due_dates(db, on, horizon, owner=owner)[0]


def upcoming_greetings_page(
    db: Database, on: date, limit: int, owner: str | None = None
) -> tuple[list[UpcomingDate], int]:
    """The first ``limit`` of :func:`upcoming_greetings` and how many there are in all."""
    return _due_dates(db, on, None, limit, owner)


def _due_dates(
    db: Database, on: date, horizon: int | None, limit: int | None = None, owner: str | None = None
) -> tuple[list[UpcomingDate], int]:
    """Dates due a greeting (see upcoming_greetings), the first ``limit`` of them (None: all)
    in order, and how many there are.

    Python works out, once per calendar month/day the window can hold, when it next falls;
    SQL then matches the stored dates against those few hundred keys through the month/day
    index, applies each date's own window and its year, counts, sorts and names the page.
    """
    window = horizon
    if window is None:
        window = db.scalar("SELECT MAX(remind_days_before) FROM important_dates") or 0
    keys = _occurrences(on, window, feb29_rule(db))
    customers = "LEFT JOIN customers c ON c.id = due.customer_id"
    whose, mine = ("WHERE c.owner = ?", [owner]) if owner else ("", [])
    sql, params = _due_sql(  # counted without the customers unless narrowed to an owner
        keys,
        horizon,
        "SELECT due.days, COUNT(*)",
        f"{whose} GROUP BY 1",
        customers if owner else "",
    )
    per_day = dict(db.query(sql, params + mine))
    total = sum(per_day.values())
    if limit is not None and total > limit:  # only the days the page reaches need names
        running, last_day = 0, 0
        for last_day in sorted(per_day):
            running += per_day[last_day]
            if running >= limit:
                break
        keys = [key for key in keys if key[2] <= last_day]
    page = "" if limit is None else f"LIMIT {int(limit)}"
    sql, params = _due_sql(
        keys,
        horizon,
        "SELECT due.*, COALESCE(c.name, '') AS name, c.owner AS owner",
        f"{whose} ORDER BY due.days, name, due.id {page}",
        customers,
    )
    return [_upcoming(row) for row in db.query(sql, params + mine)], total


def _due_sql(
    keys: list[tuple[Key, date, int, int]],
    horizon: int | None,
    select: str,
    tail: str,
    join: str = "",
) -> tuple[str, list[Any]]:
    """SQL over ``due``, the stored dates matching ``keys`` within their window."""
    values = ", ".join("(?, ?, ?, ?, ?, ?, ?)" for _ in keys) or "(NULL, 0, 0, 0, '', 0, 0)"
    params: list[Any] = [
        value
        for (calendar, month, day, leap), occurs, days, year in keys
        for value in (calendar, month, day, leap, occurs.isoformat(), days, year)
    ]
    within = "k.days <= ?" if horizon is not None else "k.days <= d.remind_days_before"
    params += [horizon] if horizon is not None else []
    sql = f"""
        WITH k(calendar, month, day, leap, occurs, days, year) AS (VALUES {values}),
        due AS (
            SELECT d.*, k.occurs, k.days, k.year AS occurs_year
            FROM k JOIN important_dates d INDEXED BY idx_important_dates_due
              ON d.month = k.month AND d.day = k.day AND d.calendar = k.calendar
            WHERE (k.leap IS NULL OR (d.is_leap_month != 0) = k.leap)
              AND (d.year IS NULL OR d.year <= k.year) AND {within}
        )
        {select} FROM due {join} {tail}
    """
    return sql, params


def _upcoming(row: Any) -> UpcomingDate:
    return from_row(
        UpcomingDate,
        row,
        date_id=row["id"],
        date=date.fromisoformat(row["occurs"]),
        days_until=row["days"],
        years=None if row["year"] is None else row["occurs_year"] - row["year"],
        is_leap_month=bool(row["is_leap_month"]),
    )

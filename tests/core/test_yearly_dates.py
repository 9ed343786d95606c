"""Yearly dates: when they next fall, and which ones are due a greeting."""

from __future__ import annotations

from datetime import date, timedelta

from funneldesk.core import customers
from funneldesk.core.settings_ops import set_settings
from funneldesk.core.yearly_dates import (
    lunar_to_solar,
    next_occurrence,
    upcoming_greetings,
    years_at,
)


def test_yearless_date_later_this_year_falls_this_year() -> None:
    assert next_occurrence(12, 24, "solar", False, date(2026, 11, 25)) == date(2026, 12, 24)


def test_date_today_is_due_today() -> None:
    assert next_occurrence(11, 25, "solar", False, date(2026, 11, 25)) == date(2026, 11, 25)


def test_date_already_passed_falls_next_year_across_new_year() -> None:
    assert next_occurrence(1, 3, "solar", False, date(2026, 12, 30)) == date(2027, 1, 3)
    assert next_occurrence(11, 24, "solar", False, date(2026, 11, 25)) == date(2027, 11, 24)


def test_feb_29_falls_on_feb_28_in_common_years_by_default() -> None:
    assert next_occurrence(2, 29, "solar", False, date(2026, 11, 25)) == date(2027, 2, 28)


def test_feb_29_falls_on_march_1_when_the_setting_says_so() -> None:
    on = date(2026, 11, 25)
    assert next_occurrence(2, 29, "solar", False, on, feb29="03-01") == date(2027, 3, 1)


def test_feb_29_stays_on_feb_29_in_leap_years() -> None:
    assert next_occurrence(2, 29, "solar", False, date(2027, 12, 1)) == date(2028, 2, 29)
    assert next_occurrence(2, 29, "solar", False, date(2028, 1, 1), "03-01") == date(2028, 2, 29)


def test_lunar_date_falls_on_its_solar_day_this_lunar_year() -> None:
    # 中秋 (8/15) was 2026-09-25 and is 2027-09-15; Spring Festival 2027 is 6 February.
    assert next_occurrence(8, 15, "lunar", False, date(2026, 9, 1)) == date(2026, 9, 25)
    assert next_occurrence(8, 15, "lunar", False, date(2026, 11, 25)) == date(2027, 9, 15)
    assert next_occurrence(1, 1, "lunar", False, date(2026, 11, 25)) == date(2027, 2, 6)


def test_lunar_day_30_falls_on_29_when_month_is_short() -> None:
    # Lunar 2026 month 2 has 29 days (starts 2026-03-19); month 3 has 30 (starts 2026-04-17).
    assert lunar_to_solar(2026, 2, 30) == date(2026, 4, 16)
    assert lunar_to_solar(2026, 2, 29) == date(2026, 4, 16)
    assert lunar_to_solar(2026, 3, 30) == date(2026, 5, 16)
    assert next_occurrence(2, 30, "lunar", False, date(2026, 3, 1)) == date(2026, 4, 16)


def test_leap_month_date_uses_the_leap_month_when_the_year_has_it() -> None:
    # 2025 has a leap sixth month (闰六月) starting 2025-07-25.
    assert next_occurrence(6, 1, "lunar", True, date(2025, 7, 1)) == date(2025, 7, 25)
    assert next_occurrence(6, 1, "lunar", False, date(2025, 6, 1)) == date(2025, 6, 25)


def test_leap_month_date_falls_in_ordinary_month_when_year_has_no_leap_month() -> None:
    # 2026 has no leap month: 闰六月初一 falls on 六月初一 = 2026-07-14.
    assert next_occurrence(6, 1, "lunar", True, date(2026, 1, 1)) == date(2026, 7, 14)


def test_lunar_date_across_lunar_new_year() -> None:
    # 腊月廿八 of lunar 2026 is 2027-02-04, after the solar New Year.
    assert next_occurrence(12, 28, "lunar", False, date(2026, 12, 31)) == date(2027, 2, 4)


def test_age_counts_years_when_the_year_is_known() -> None:
    assert years_at(1986, "solar", date(2026, 7, 9)) == 40
    assert years_at(None, "solar", date(2026, 7, 9)) is None
    assert years_at(1986, "lunar", date(2027, 2, 4)) == 40  # still lunar 2026


def _customer(db, name: str) -> int:  # noqa: ANN001
    return customers.create_customer(db, {"name": name}).inserted_ids("customers")[0]


def _date(db, customer_id: int, **values) -> None:  # noqa: ANN001, ANN003
    customers.add_important_date(db, customer_id, values)


def test_greetings_are_due_within_each_dates_reminder_window(db) -> None:  # noqa: ANN001
    anna = _customer(db, "Anna")
    bob = _customer(db, "Bob")
    _date(db, anna, kind="birthday", month=12, day=1, year=1986, remind_days_before=7)
    _date(db, bob, kind="birthday", month=12, day=1, remind_days_before=3)
    due = upcoming_greetings(db, date(2026, 11, 25))
    assert [(g.name, g.date, g.days_until, g.years) for g in due] == [
        ("Anna", date(2026, 12, 1), 6, 40)
    ]
    assert {g.name for g in upcoming_greetings(db, date(2026, 11, 28))} == {"Anna", "Bob"}


def test_greeting_window_reaches_across_new_year(db) -> None:  # noqa: ANN001
    anna = _customer(db, "Anna")
    _date(db, anna, kind="anniversary", month=1, day=2, year=2016, remind_days_before=7)
    (due,) = upcoming_greetings(db, date(2026, 12, 28))
    assert (due.date, due.days_until, due.years) == (date(2027, 1, 2), 5, 11)


def test_feb_29_birthday_is_due_on_the_setting_day(db) -> None:  # noqa: ANN001
    anna = _customer(db, "Anna")
    _date(db, anna, kind="birthday", month=2, day=29, remind_days_before=0)
    assert [g.date for g in upcoming_greetings(db, date(2027, 2, 28))] == [date(2027, 2, 28)]
    set_settings(db, {"feb29_in_common_years": "03-01"})
    assert upcoming_greetings(db, date(2027, 2, 28)) == []
    assert [g.date for g in upcoming_greetings(db, date(2027, 3, 1))] == [date(2027, 3, 1)]


def test_lunar_birthday_is_due_on_its_solar_day(db) -> None:  # noqa: ANN001
    li = _customer(db, "李娜")
    _date(db, li, kind="birthday", month=8, day=15, calendar="lunar", remind_days_before=2)
    assert upcoming_greetings(db, date(2027, 9, 12)) == []
    (due,) = upcoming_greetings(db, date(2027, 9, 13))
    assert (due.date, due.days_until, due.calendar) == (date(2027, 9, 15), 2, "lunar")


def test_horizon_lists_every_date_in_the_coming_days(db) -> None:  # noqa: ANN001
    anna = _customer(db, "Anna")
    _date(db, anna, kind="birthday", month=12, day=20, remind_days_before=0)
    assert upcoming_greetings(db, date(2026, 11, 25)) == []
    assert [g.days_until for g in upcoming_greetings(db, date(2026, 11, 25), horizon=30)] == [25]


def test_a_date_before_its_first_year_is_not_due(db) -> None:  # noqa: ANN001
    anna = _customer(db, "Anna")
    _date(db, anna, kind="anniversary", month=12, day=1, year=2027, remind_days_before=10)
    assert upcoming_greetings(db, date(2026, 11, 25)) == []


def test_lunar_dates_outside_the_tables_are_skipped_not_fatal(db) -> None:  # noqa: ANN001
    li = _customer(db, "李娜")
    anna = _customer(db, "Anna")
    _date(db, li, kind="birthday", month=1, day=2, calendar="lunar", remind_days_before=365)
    _date(db, anna, kind="birthday", month=6, day=2, remind_days_before=7)
    assert [g.name for g in upcoming_greetings(db, date(2026, 11, 25))] == ["李娜"]
    assert [g.name for g in upcoming_greetings(db, date(2100, 5, 30))] == ["Anna"]


def test_sql_prefilter_finds_exactly_what_checking_every_date_finds(db) -> None:  # noqa: ANN001
    import random

    rng = random.Random(11)
    anna = _customer(db, "Anna")
    rows = []
    for _ in range(400):
        lunar = rng.random() < 0.5
        month = rng.randint(1, 12)
        day = rng.choice([1, 15, 28, 29, 30]) if lunar else rng.randint(1, 28)
        if not lunar and rng.random() < 0.1:
            month, day = 2, 29
        leap = lunar and rng.random() < 0.3
        values = {"month": month, "day": day, "calendar": "lunar" if lunar else "solar"}
        values["is_leap_month"] = int(leap)
        customers.add_important_date(db, anna, values)
        rows.append(values)
    for offset in range(0, 3 * 365, 37):
        on = date(2024, 12, 20) + timedelta(days=offset)
        expected = sorted(
            (
                next_occurrence(r["month"], r["day"], r["calendar"], bool(r["is_leap_month"]), on)
                - on
            ).days
            for r in rows
        )
        expected = [days for days in expected if days <= 30]
        found = sorted(g.days_until for g in upcoming_greetings(db, on, horizon=30))
        assert found == expected, on

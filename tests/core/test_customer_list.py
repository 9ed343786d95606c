"""The paged customer list: SQL sorting, filtering, searching, paging and birthdays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from funneldesk.core import customer_list as cl
from funneldesk.core import customers, deals, money, yearly_dates
from funneldesk.core.customer_list import ListQuery
from funneldesk.core.db import Database

ON = date(2026, 11, 25)  # lunar 2026-10-17


def add(db: Database, **values: object) -> int:
    return customers.create_customer(db, values).inserted_ids("customers")[0]


def birthday(db: Database, customer_id: int, month: int, day: int, **extra: object) -> None:
    customers.add_important_date(
        db, customer_id, {"kind": "birthday", "month": month, "day": day, **extra}
    )


def deal(db: Database, customer_id: int, value: float, *, won: bool = False) -> None:
    changes = deals.create_deal(db, {"title": "Order", "value": value, "customer_id": customer_id})
    if won:
        deals.win_deals(db, changes.inserted_ids("deals"))


def names(db: Database, query: ListQuery, limit: int = 100) -> list[str]:
    return [row.name for row in cl.fetch_page(db, query, 0, limit, ON)]


@pytest.fixture
def crm(db: Database) -> Database:
    ann = add(db, name="Ann Lee", city="London", source="referral", owner="Mia")
    bob = add(db, name="bob Stone", city="Paris", source="website", owner="Mia")
    zhang = add(db, name="张伟", city="北京", source="wechat", owner="Li", phone="138 0013 8000")
    chen = add(db, name="Chen Jing", city="London", source="website", owner="Li")
    add(db, name="Dora Quist", source="", owner=None)
    deal(db, ann, 500)
    deal(db, ann, 250)
    deal(db, bob, 9000, won=True)
    deal(db, zhang, 1200)
    customers.add_interaction(db, bob, {"kind": "call", "occurred_at": "2026-11-20T09:00:00Z"})
    customers.add_interaction(db, chen, {"kind": "call", "occurred_at": "2026-10-01T09:00:00Z"})
    customers.add_interaction(db, chen, {"kind": "visit", "occurred_at": "2026-11-24T09:00:00Z"})
    birthday(db, ann, 12, 1)
    birthday(db, bob, 11, 30)
    birthday(db, zhang, 10, 17, calendar="lunar")  # falls on 2026-11-25, today
    birthday(db, chen, 11, 2)  # this month, but already past
    return db


def test_rows_come_in_case_insensitive_name_order_and_reverse(crm: Database) -> None:
    assert names(crm, ListQuery()) == ["Ann Lee", "bob Stone", "Chen Jing", "Dora Quist", "张伟"]
    assert names(crm, ListQuery(descending=True)) == [
        "张伟",
        "Dora Quist",
        "Chen Jing",
        "bob Stone",
        "Ann Lee",
    ]


def test_computed_columns_of_a_row(crm: Database) -> None:
    rows = {row.name: row for row in cl.fetch_page(crm, ListQuery(), 0, 10, ON)}
    assert rows["Ann Lee"].open_value == 750 and rows["Ann Lee"].open_deals == 2
    assert rows["bob Stone"].open_value == 0  # the won deal is not open
    assert rows["Chen Jing"].last_contact == "2026-11-24T09:00:00Z"
    assert rows["张伟"].next_birthday == date(2026, 11, 25)
    assert rows["Chen Jing"].next_birthday == date(2027, 11, 2)
    assert rows["Dora Quist"].next_birthday is None


def test_open_deals_column_converts_into_the_reporting_currency(crm: Database) -> None:
    """A 50,000 CNY deal is about 7,000 USD in the list, not 50,000; a currency without a
    rate is left out; both the column and its sort use the converted value."""
    (ann,) = [r.id for r in cl.fetch_page(crm, ListQuery(search="Ann"), 0, 5, ON)]
    (dora,) = [r.id for r in cl.fetch_page(crm, ListQuery(search="Dora"), 0, 5, ON)]
    deals.create_deal(crm, {"title": "Tea", "value": 50000, "currency": "CNY", "customer_id": dora})
    deals.create_deal(crm, {"title": "Wine", "value": 80, "currency": "EUR", "customer_id": ann})
    money.add_rate(crm, {"currency": "CNY", "rate": 0.14, "valid_from": "2026-01-01"})
    rows = {row.name: row for row in cl.fetch_page(crm, ListQuery(), 0, 10, ON)}
    assert rows["Dora Quist"].open_value == pytest.approx(7000.0)
    assert rows["Ann Lee"].open_value == 750 and rows["Ann Lee"].open_deals == 3
    assert names(crm, ListQuery(sort="open_value", descending=True))[:3] == [
        "Dora Quist",
        "张伟",
        "Ann Lee",
    ]


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("open_value", True, ["张伟", "Ann Lee"]),
        ("last_contact", True, ["Chen Jing", "bob Stone"]),
        ("next_birthday", False, ["张伟", "bob Stone", "Ann Lee", "Chen Jing"]),
        ("city", False, ["Dora Quist", "Ann Lee", "Chen Jing", "bob Stone", "张伟"]),
    ],
)
def test_sorting_by_a_column_happens_in_sql(
    crm: Database, sort: str, descending: bool, expected: list[str]
) -> None:
    query = ListQuery(sort=sort, descending=descending)
    assert names(crm, query)[: len(expected)] == expected
    ordered = cl.rows_by_ids(crm, list(cl.ordered_ids(crm, query, ON)), ON)
    assert [row.name for row in ordered] == names(crm, query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ListQuery(city="London"), ["Ann Lee", "Chen Jing"]),
        (ListQuery(source="website"), ["bob Stone", "Chen Jing"]),
        (ListQuery(owner="Li"), ["Chen Jing", "张伟"]),
        (ListQuery(has_open_deals=True), ["Ann Lee", "张伟"]),
        (ListQuery(birthday_this_month=True), ["bob Stone", "Chen Jing", "张伟"]),
        (ListQuery(city="London", owner="Li"), ["Chen Jing"]),
        (ListQuery(search="london", source="referral"), ["Ann Lee"]),
        (ListQuery(search="zw"), ["张伟"]),
        (ListQuery(search="1380013"), ["张伟"]),
        (ListQuery(search="nobody at all"), []),
    ],
)
def test_filters_and_search_narrow_the_list_and_its_count(
    crm: Database, query: ListQuery, expected: list[str]
) -> None:
    assert names(crm, query) == expected
    assert cl.count_customers(crm, query, ON) == len(expected)


def test_birthday_this_month_uses_the_lunar_date_s_solar_month(db: Database) -> None:
    lunar = add(db, name="Lunar")
    birthday(db, lunar, 10, 17, calendar="lunar")  # 2026-11-25
    solar_same_numbers = add(db, name="Solar")
    birthday(db, solar_same_numbers, 10, 17)
    assert names(db, ListQuery(birthday_this_month=True)) == ["Lunar"]


def test_search_ranks_by_relevance_until_a_column_is_chosen(db: Database) -> None:
    for name in ("Wang Li", "Li", "Lisa Li"):
        add(db, name=name)
    assert names(db, ListQuery(search="li", sort="relevance")) == ["Li", "Lisa Li", "Wang Li"]
    assert names(db, ListQuery(search="li", sort="name")) == ["Li", "Lisa Li", "Wang Li"]
    assert names(db, ListQuery(search="li", sort="name", descending=True)) == [
        "Wang Li",
        "Lisa Li",
        "Li",
    ]


def test_pages_cover_every_customer_once(db: Database) -> None:
    with db.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, created_at, updated_at) VALUES (?, 'x', 'x')",
            [(f"Customer {i:03d}",) for i in range(450)],
        )
    query = ListQuery()
    assert cl.count_customers(db, query, ON) == 450
    pages = [cl.fetch_page(db, query, offset, 200, ON) for offset in (0, 200, 400)]
    assert [len(page) for page in pages] == [200, 200, 50]
    seen = [row.name for page in pages for row in page]
    assert seen == sorted(seen) and len(set(seen)) == 450


def test_a_search_count_stops_at_the_cap(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(8):
        add(db, name=f"Kim {i}")
    monkeypatch.setattr(cl, "SEARCH_COUNT_CAP", 5)
    assert cl.count_customers(db, ListQuery(search="kim"), ON) == 5
    assert cl.count_customers(db, ListQuery(), ON) == 8


def test_row_position_follows_the_order_and_misses_filtered_out_rows(crm: Database) -> None:
    zhang = cl.fetch_page(crm, ListQuery(search="张伟"), 0, 1, ON)[0].id
    assert cl.row_position(crm, ListQuery(), zhang, ON) == 4
    assert cl.row_position(crm, ListQuery(descending=True), zhang, ON) == 0
    assert cl.row_position(crm, ListQuery(city="London"), zhang, ON) is None
    assert cl.row_position(crm, ListQuery(search="zw", sort="relevance"), zhang, ON) == 0


def test_row_position_in_name_order_breaks_ties_by_id(db: Database) -> None:
    ids = [add(db, name=name) for name in ("li", "Li", "LI", "Aa", "Zz")]
    for descending in (False, True):
        query = ListQuery(descending=descending)
        order = [row.id for row in cl.fetch_page(db, query, 0, 10, ON)]
        assert [cl.row_position(db, query, i, ON) for i in order] == list(range(5))
    assert sorted(ids) == sorted(order)


def test_a_search_sorted_by_a_column_keeps_its_first_matches_only(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(8):
        add(db, name=f"Kim {7 - i}")
    monkeypatch.setattr(cl, "SEARCH_COUNT_CAP", 5)
    query = ListQuery(search="kim", sort="name")
    assert cl.count_customers(db, query, ON) == 5
    assert names(db, query) == ["Kim 3", "Kim 4", "Kim 5", "Kim 6", "Kim 7"]


def test_filter_choices_are_distinct_and_skip_empty_values(crm: Database) -> None:
    assert cl.filter_choices(crm, "city") == ["London", "Paris", "北京"]
    assert cl.filter_choices(crm, "source") == ["referral", "website", "wechat"]
    assert cl.filter_choices(crm, "owner") == ["Li", "Mia"]
    with pytest.raises(ValueError):
        cl.filter_choices(crm, "notes")


def test_deal_count_counts_open_and_closed_deals(crm: Database) -> None:
    bob = cl.fetch_page(crm, ListQuery(search="bob"), 0, 1, ON)[0].id
    assert cl.deal_count(crm, bob) == 1


DATES = [
    (month, day, calendar, leap)
    for calendar, leap in (("solar", 0), ("lunar", 0), ("lunar", 1))
    for month, day in (
        (1, 1),
        (2, 29),
        (4, 30),
        (6, 15),
        (10, 17),
        (12, 31 if calendar == "solar" else 30),
    )
    if not (calendar == "lunar" and day == 29 and month == 2)
]


@pytest.mark.parametrize("start", [date(2026, 1, 1), date(2027, 2, 1), date(2028, 2, 20)])
def test_birthday_days_in_sql_agree_with_next_occurrence(db: Database, start: date) -> None:
    """The SQL used for sorting counts the same days as the shown date, lunar ones included."""
    for step in range(0, 400, 9):
        on = start + timedelta(days=step)
        expression = cl.birthday_days_sql(on)
        for month, day, calendar, leap in DATES:
            days = db.scalar(
                f"SELECT {expression} FROM (SELECT ? AS month, ? AS day, ? AS calendar, "
                "? AS is_leap_month) AS d",
                (month, day, calendar, leap),
            )
            expected = yearly_dates.next_occurrence(month, day, calendar, bool(leap), on, "03-01")
            assert days == (expected - on).days, (on, month, day, calendar, leap)

"""Form values a salesperson can type: impossible ones are refused with a message naming the
field, unusual but real ones (long notes, emoji, right-to-left text) are kept exactly."""

from __future__ import annotations

import pytest

from funneldesk.core import customers, deals
from funneldesk.core.errors import ValidationError


@pytest.fixture
def customer_id(db) -> int:  # noqa: ANN001
    return customers.create_customer(db, {"name": "Ana"}).inserted_ids("customers")[0]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"month": 2, "day": 31}, "day"),
        ({"month": 4, "day": 31}, "day"),
        ({"month": 2, "day": 29, "year": 2023}, "day"),
        ({"month": 13, "day": 1}, "month"),
        ({"month": 8, "day": 31, "calendar": "lunar"}, "day"),
    ],
    ids=["31 Feb", "31 Apr", "29 Feb 2023", "month 13", "lunar day 31"],
)
def test_impossible_important_dates_are_refused(db, customer_id: int, values, field: str) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as refused:
        customers.add_important_date(db, customer_id, {"kind": "birthday", **values})
    assert refused.value.field == field and str(refused.value)
    assert db.scalar("SELECT COUNT(*) FROM important_dates") == 0


def test_29_february_without_a_year_is_a_real_birthday(db, customer_id: int) -> None:  # noqa: ANN001
    customers.add_important_date(db, customer_id, {"kind": "birthday", "month": 2, "day": 29})
    assert db.scalar("SELECT day FROM important_dates") == 29


@pytest.mark.parametrize("text", ["2026-02-31", "31/02/2026", "tomorrow"])
def test_impossible_follow_up_and_close_dates_are_refused(db, customer_id: int, text: str) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="not a valid date") as refused:
        customers.add_interaction(db, customer_id, {"kind": "call", "next_follow_up": text})
    assert refused.value.field == "next_follow_up"
    with pytest.raises(ValidationError) as refused:
        deals.create_deal(db, {"title": "Deal", "expected_close": text})
    assert refused.value.field == "expected_close"
    assert db.scalar("SELECT COUNT(*) FROM deals") == 0


@pytest.mark.parametrize("value", [9, 0, -1, "five", 4.5])
def test_satisfaction_outside_one_to_five_is_refused(db, value) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as refused:
        customers.create_customer(db, {"name": "Bo", "satisfaction": value})
    assert refused.value.field == "satisfaction"
    assert db.scalar("SELECT COUNT(*) FROM customers") == 0


@pytest.mark.parametrize("value", [-0.01, -500, "-1,000", "lots", float("nan"), float("inf")])
def test_negative_or_non_numeric_deal_value_is_refused(db, value) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as refused:
        deals.create_deal(db, {"title": "Deal", "value": value})
    assert refused.value.field == "value"
    assert db.scalar("SELECT COUNT(*) FROM deals") == 0


def test_editing_to_an_impossible_value_keeps_the_old_one(db, customer_id: int) -> None:  # noqa: ANN001
    customers.update_customer(db, customer_id, {"satisfaction": 4})
    with pytest.raises(ValidationError):
        customers.update_customer(db, customer_id, {"satisfaction": 9, "city": "Paris"})
    row = db.query_one("SELECT satisfaction, city FROM customers WHERE id = ?", (customer_id,))
    assert (row["satisfaction"], row["city"]) == (4, None)


@pytest.mark.parametrize(
    "text",
    [
        "n" * 10_000,
        "🎉👩‍👩‍👧‍👦 emoji with ZWJ sequences 🇨🇳",
        "مرحبا بالعالم — שלום עולם",
        "mixed \u202eRTL override\u202c and 张三",
        '\'; DROP TABLE customers; -- "quotes" %_ wildcards',
    ],
    ids=["10k chars", "emoji", "RTL", "bidi controls", "SQL metacharacters"],
)
def test_unusual_real_text_is_kept_exactly(db, text: str) -> None:  # noqa: ANN001
    changes = customers.create_customer(db, {"name": text[:200], "notes": text})
    customer_id = changes.inserted_ids("customers")[0]
    customers.add_interaction(db, customer_id, {"kind": "note", "summary": text})
    deals.create_deal(db, {"title": text[:200], "customer_id": customer_id})
    row = db.query_one("SELECT name, notes FROM customers WHERE id = ?", (customer_id,))
    assert (row["name"], row["notes"]) == (text[:200].strip(), text.strip())
    assert db.scalar("SELECT summary FROM interactions") == text.strip()
    assert db.scalar("SELECT COUNT(*) FROM customers") == 1

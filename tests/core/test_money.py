"""Exchange rates and the money model: every total in one named currency."""

from __future__ import annotations

import pytest

from funneldesk.core import money
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.recorder import revert


def test_rates_are_added_edited_deleted_and_undone(db: Database) -> None:
    added = money.add_rate(db, {"currency": "eur", "rate": "1.08", "valid_from": "2026-01-01"})
    (rate,) = money.list_rates(db)
    assert (rate.currency, rate.rate, rate.valid_from) == ("EUR", 1.08, "2026-01-01")
    edited = money.update_rate(
        db, rate.id, {"currency": "EUR", "rate": 1.1, "valid_from": "2026-02-01"}
    )
    assert money.list_rates(db)[0].rate == 1.1
    revert(db, edited)
    assert money.list_rates(db)[0].rate == 1.08
    deleted = money.delete_rate(db, rate.id)
    assert money.list_rates(db) == []
    revert(db, deleted)
    assert [r.id for r in money.list_rates(db)] == [rate.id]
    revert(db, added)
    assert money.list_rates(db) == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"currency": "EURO", "rate": 1, "valid_from": "2026-01-01"}, "currency"),
        ({"currency": "USD", "rate": 1, "valid_from": "2026-01-01"}, "currency"),  # reporting
        ({"currency": "EUR", "rate": 0, "valid_from": "2026-01-01"}, "rate"),
        ({"currency": "EUR", "rate": "nan", "valid_from": "2026-01-01"}, "rate"),
        ({"currency": "EUR", "rate": "x", "valid_from": "2026-01-01"}, "rate"),
        ({"currency": "EUR", "rate": 1, "valid_from": "2026-02-30"}, "valid_from"),
    ],
)
def test_bad_rates_are_refused_with_the_field_named(db: Database, values, field) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as caught:
        money.add_rate(db, values)
    assert caught.value.field == field
    assert money.list_rates(db) == []


def test_one_rate_per_currency_and_day(db: Database) -> None:
    money.add_rate(db, {"currency": "EUR", "rate": 1.1, "valid_from": "2026-01-01"})
    with pytest.raises(ValidationError):
        money.add_rate(db, {"currency": "EUR", "rate": 1.2, "valid_from": "2026-01-01"})


def test_open_deals_take_the_latest_rate_and_closed_ones_the_rate_of_their_day() -> None:
    rates = money.Rates("USD", {"EUR": (("2026-01-01", 1.1), ("2026-03-01", 1.2))})
    assert rates.latest("eur") == 1.2
    assert rates.on("EUR", "2026-02-28") == 1.1
    assert rates.on("EUR", "2026-03-01") == 1.2
    assert rates.on("EUR", "2025-06-01") == 1.1  # before the first rate: the first one
    assert rates.latest(None) == rates.latest("USD") == 1.0
    assert rates.latest("GBP") is None and rates.convert(10, "GBP") is None
    assert rates.convert(10, "EUR", "2026-02-01") == pytest.approx(11.0)


def test_the_sql_rate_agrees_with_the_python_rule(db: Database) -> None:
    for currency, rate, day in (("EUR", 1.1, "2026-01-01"), ("EUR", 1.2, "2026-03-01")):
        money.add_rate(db, {"currency": currency, "rate": rate, "valid_from": day})
    rates = money.rates_of(db)
    sql = money.rate_sql("t.c", "t.d", "USD")
    for code, day in [("EUR", "2025-01-01"), ("EUR", "2026-02-01"), ("EUR", "2026-04-01"),
                      ("EUR", None), (None, "2026-01-01"), ("USD", None), ("GBP", "2026-01-01")]:  # fmt: skip
        found = db.scalar(f"SELECT {sql} FROM (SELECT ? AS c, ? AS d) t", (code, day))
        assert found == (rates.latest(code) if day is None else rates.on(code, day)), (code, day)


def test_deals_without_a_rate_are_counted_per_currency(db: Database) -> None:
    with db.bulk() as conn:
        for currency in ("EUR", "EUR", "GBP", "usd", None):
            conn.execute(
                "INSERT INTO deals (pipeline_id, stage_id, title, value, currency, status, "
                "created_at, updated_at) VALUES (1, 1, 'D', 10, ?, 'open', "
                "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                (currency,),
            )
    assert money.currencies_without_rate(db) == {"EUR": 2, "GBP": 1}
    money.add_rate(db, {"currency": "GBP", "rate": 1.3, "valid_from": "2026-01-01"})
    missing = money.unconverted(db.reader, money.rates_of(db), 1)
    assert missing.deals == 2
    assert missing.sentence() == "2 EUR deals have no exchange rate and are left out of totals."

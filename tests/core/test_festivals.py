"""Festival greetings: dates over several years, the choice of customers, who is still to greet."""

from __future__ import annotations

from datetime import date

import pytest

from funneldesk.core import customers, deals
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.festivals import (
    BY_CODE,
    FestivalChoice,
    festival_choice,
    festivals_due,
    log_greetings,
    set_festival_choice,
)
from funneldesk.core.recorder import revert

# Published dates (State Council holiday notices; Hong Kong Observatory calendar).
KNOWN_DATES = [
    ("spring_festival", 2023, date(2023, 1, 22)),
    ("spring_festival", 2024, date(2024, 2, 10)),
    ("spring_festival", 2025, date(2025, 1, 29)),
    ("spring_festival", 2026, date(2026, 2, 17)),
    ("spring_festival", 2027, date(2027, 2, 6)),
    ("lantern", 2025, date(2025, 2, 12)),
    ("dragon_boat", 2023, date(2023, 6, 22)),  # 2023 has a leap second month
    ("dragon_boat", 2025, date(2025, 5, 31)),
    ("qixi", 2024, date(2024, 8, 10)),
    ("qixi", 2025, date(2025, 8, 29)),  # after the leap sixth month of 2025
    ("mid_autumn", 2023, date(2023, 9, 29)),
    ("mid_autumn", 2024, date(2024, 9, 17)),
    ("mid_autumn", 2025, date(2025, 10, 6)),
    ("mid_autumn", 2026, date(2026, 9, 25)),
    ("double_ninth", 2023, date(2023, 10, 23)),
    ("double_ninth", 2025, date(2025, 10, 29)),
    ("new_year", 2026, date(2026, 1, 1)),
    ("valentines", 2026, date(2026, 2, 14)),
    ("christmas", 2026, date(2026, 12, 25)),
]


@pytest.mark.parametrize(("code", "year", "expected"), KNOWN_DATES)
def test_festival_dates(code: str, year: int, expected: date) -> None:
    assert BY_CODE[code].next_date(date(year, 1, 1)) == expected


def test_the_next_spring_festival_after_this_years_is_next_years() -> None:
    assert BY_CODE["spring_festival"].next_date(date(2025, 1, 30)) == date(2026, 2, 17)
    assert BY_CODE["spring_festival"].next_date(date(2025, 1, 29)) == date(2025, 1, 29)


def _customer(db: Database, name: str, source: str | None = None) -> int:
    values = {"name": name, "source": source}
    return customers.create_customer(db, values).inserted_ids("customers")[0]


def _won_deal(db: Database, customer_id: int) -> None:
    changes = deals.create_deal(db, {"title": "Order", "customer_id": customer_id})
    deals.win_deals(db, changes.inserted_ids("deals"))


def test_default_choice_greets_customers_with_a_won_deal(db: Database) -> None:
    anna, bob = _customer(db, "Anna"), _customer(db, "Bob")
    _won_deal(db, bob)
    (due,) = festivals_due(db, date(2026, 9, 20))
    assert (due.festival, due.name_zh, due.date, due.days_until) == (
        "mid_autumn",
        "中秋节",
        date(2026, 9, 25),
        5,
    )
    assert due.customer_ids == [bob]
    assert anna not in due.customer_ids


def test_outside_the_window_nothing_is_due(db: Database) -> None:
    _won_deal(db, _customer(db, "Bob"))
    assert festivals_due(db, date(2026, 9, 17)) == []  # 8 days before Mid-Autumn
    assert [d.days_until for d in festivals_due(db, date(2026, 9, 18))] == [7]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"audience": "all"}, ["Anna", "Bob", "Cai"]),
        ({"audience": "source", "source": "wechat"}, ["Anna", "Cai"]),
        ({"audience": "won"}, ["Bob"]),
        ({"audience": "list", "customer_ids": ["CAI"]}, ["Cai"]),
    ],
)
def test_choice_of_customers(db: Database, choice: dict, expected: list[str]) -> None:
    ids = {
        "Anna": _customer(db, "Anna", "wechat"),
        "Bob": _customer(db, "Bob", "referral"),
        "Cai": _customer(db, "Cai", "wechat"),
    }
    _won_deal(db, ids["Bob"])
    if choice.get("customer_ids"):
        choice = {**choice, "customer_ids": [ids["Cai"]]}
    set_festival_choice(db, {"festivals": ["christmas"], **choice})
    (due,) = festivals_due(db, date(2026, 12, 20))
    names = {value: key for key, value in ids.items()}
    assert [names[i] for i in due.customer_ids] == expected


def test_a_logged_greeting_inside_the_window_removes_the_customer(db: Database) -> None:
    anna, bob = _customer(db, "Anna"), _customer(db, "Bob")
    set_festival_choice(db, {"festivals": ["christmas"], "audience": "all"})
    customers.add_interaction(db, anna, {"kind": "greeting", "occurred_at": "2026-12-01T12:00:00Z"})
    customers.add_interaction(db, bob, {"kind": "greeting", "occurred_at": "2026-12-20T12:00:00Z"})
    (due,) = festivals_due(db, date(2026, 12, 21))
    assert (due.customer_ids, due.greeted) == ([anna], 1)


def test_choice_is_stored_in_the_file_and_undoable(db: Database) -> None:
    assert festival_choice(db) == FestivalChoice()
    changes = set_festival_choice(
        db, {"festivals": ["mid_autumn", "qixi"], "audience": "source", "source": "wechat"}
    )
    stored = festival_choice(db)
    assert stored.festivals == ("qixi", "mid_autumn")  # calendar order
    assert (stored.audience, stored.source) == ("source", "wechat")
    revert(db, changes)
    assert festival_choice(db) == FestivalChoice()


@pytest.mark.parametrize(
    "bad",
    [
        {"festivals": ["halloween"]},
        {"audience": "friends"},
        {"audience": "source"},
        {"audience": "list", "customer_ids": ["x"]},
    ],
)
def test_bad_choices_are_refused(db: Database, bad: dict) -> None:
    with pytest.raises(ValidationError):
        set_festival_choice(db, bad)
    assert festival_choice(db) == FestivalChoice()


def test_today_json_lists_festivals_and_keep_in_touch(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from funneldesk.cli import main as cli_main

    anna = _customer(db, "王芳")
    customers.update_customer(db, anna, {"contact_every_days": 7})
    customers.add_interaction(db, anna, {"kind": "call", "occurred_at": "2026-09-01T09:00:00Z"})
    set_festival_choice(db, {"festivals": ["mid_autumn"], "audience": "all"})
    before = db.path.read_bytes()
    assert cli_main(["today", "--db", str(db.path), "--date", "2026-09-20", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["keep_in_touch"] == [
        {
            "customer_id": anna,
            "name": "王芳",
            "last_contact": "2026-09-01",
            "days_over": 12,
            "contact_every_days": 7,
        }
    ]
    (festival,) = out["festivals"]
    assert {k: festival[k] for k in ("festival", "date", "days_until", "customers")} == {
        "festival": "mid_autumn",
        "date": "2026-09-25",
        "days_until": 5,
        "customers": [{"customer_id": anna, "name": "王芳"}],
    }
    assert db.path.read_bytes() == before


def test_a_batch_of_greetings_is_one_undoable_operation(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from funneldesk.core import festivals

    monkeypatch.setattr(festivals, "now_timestamp", lambda: "2026-12-20T10:00:00Z")
    anna, bob = _customer(db, "Anna"), _customer(db, "Bob")
    set_festival_choice(db, {"festivals": ["christmas"], "audience": "all"})
    changes = log_greetings(db, [(anna, "Merry Christmas, Anna!"), (bob, "Merry Christmas, Bob!")])
    rows = db.query("SELECT customer_id, kind, summary FROM interactions ORDER BY id")
    assert [tuple(r) for r in rows] == [
        (anna, "greeting", "Merry Christmas, Anna!"),
        (bob, "greeting", "Merry Christmas, Bob!"),
    ]
    assert festivals_due(db, date(2026, 12, 24))[0].customer_ids == []
    revert(db, changes)
    assert db.scalar("SELECT COUNT(*) FROM interactions") == 0
    assert festivals_due(db, date(2026, 12, 24))[0].customer_ids == [anna, bob]


def test_a_batch_naming_a_deleted_card_logs_nothing(db: Database) -> None:
    anna = _customer(db, "Anna")
    with pytest.raises(Exception, match="no longer exists"):
        log_greetings(db, [(anna, "Hi"), (anna + 99, "Hi")])
    assert db.scalar("SELECT COUNT(*) FROM interactions") == 0

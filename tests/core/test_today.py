"""The Today lists and ``funneldesk today --json``."""

from __future__ import annotations

import json
from datetime import date

import pytest

from funneldesk.cli import main as cli_main
from funneldesk.core import activities, customers, deals
from funneldesk.core.db import Database
from funneldesk.core.festivals import set_festival_choice
from funneldesk.core.greetings import (
    DEFAULT_TEMPLATES,
    GreetingSubject,
    customer_subject,
    render,
    set_templates,
    templates,
)
from funneldesk.core.today import (
    GROUPS,
    OVERDUE_SHOWN,
    PEOPLE_SHOWN,
    first_screen,
    greetings_due,
    today_list,
)

ON = date(2026, 11, 25)


def _customer(db: Database, name: str) -> int:
    return customers.create_customer(db, {"name": name}).inserted_ids("customers")[0]


def _contact(db: Database, customer_id: int, occurred_at: str, follow_up: str | None) -> int:
    changes = customers.add_interaction(
        db,
        customer_id,
        {"kind": "call", "occurred_at": occurred_at, "next_follow_up": follow_up},
    )
    return changes.inserted_ids("interactions")[0]


def test_follow_up_dates_become_activities_listed_in_the_order_of_the_day(db: Database) -> None:
    anna, bob, cai = (_customer(db, n) for n in ("Anna", "Bob", "Cai"))
    _contact(db, anna, "2026-11-20T09:00:00Z", "2026-11-25")
    _contact(db, bob, "2026-11-01T09:00:00Z", "2026-11-10")
    _contact(db, cai, "2026-11-24T09:00:00Z", "2026-12-05")
    plan = today_list(db, ON)
    assert [(a.customer_name, a.due_date) for a in plan.due_activities()] == [
        ("Bob", date(2026, 11, 10)),
        ("Anna", ON),
    ]
    assert [a.customer_name for a in plan.activities] == ["Bob", "Anna"]  # 5 Dec: beyond a week
    assert [a.customer_name for a in today_list(db, date(2026, 11, 28)).activities][-1] == "Cai"


def test_greeting_is_marked_once_logged_inside_its_window(db: Database) -> None:
    anna = _customer(db, "Anna")
    customers.add_important_date(
        db, anna, {"kind": "birthday", "month": 11, "day": 28, "year": 1990}
    )
    customers.add_interaction(db, anna, {"kind": "greeting", "occurred_at": "2025-11-28T09:00:00Z"})
    (due,) = greetings_due(db, ON)
    assert (due.kind, due.days_until, due.years, due.greeted) == ("birthday", 3, 36, False)
    customers.add_interaction(db, anna, {"kind": "greeting", "occurred_at": "2026-11-24T09:00:00Z"})
    assert greetings_due(db, ON)[0].greeted is True


def test_one_persons_plan_lists_the_greetings_of_their_customers_only(db: Database) -> None:
    """ "Mine" on Today (a team member's plan) narrows greetings too, counted alike."""
    for name, owner in (("Anna", "Kim"), ("Bob", "Lee"), ("Cai", "Kim")):
        created = customers.create_customer(db, {"name": name, "owner": owner})
        customers.add_important_date(
            db, created.inserted_ids("customers")[0], {"kind": "birthday", "month": 11, "day": 27}
        )
    assert [g.name for g in greetings_due(db, ON, "Kim")] == ["Anna", "Cai"]
    assert [g.name for g in today_list(db, ON, "Lee").greetings] == ["Bob"]
    screen = first_screen(db, ON, "Kim")
    assert ([g.name for g in screen.greetings], screen.totals["greetings"]) == (["Anna", "Cai"], 2)
    assert first_screen(db, ON).totals["greetings"] == 3


def test_one_persons_plan_lists_their_customers_due_for_keep_in_touch_only(db: Database) -> None:
    """ "Mine" on Today narrows keep-in-touch too, counted alike."""
    for name, owner in (("Anna", "Kim"), ("Bob", "Lee"), ("Cai", "Kim")):
        customers.create_customer(db, {"name": name, "owner": owner, "contact_every_days": 7})
    with db.bulk() as conn:  # cards created long ago, never contacted: all due
        conn.execute("UPDATE customers SET created_at = '2026-01-01T12:00:00Z'")
    assert [d.name for d in today_list(db, ON, "Kim").keep_in_touch] == ["Anna", "Cai"]
    screen = first_screen(db, ON, "Lee")
    assert ([d.name for d in screen.keep_in_touch], screen.totals["keep_in_touch"]) == (["Bob"], 1)
    assert first_screen(db, ON).totals["keep_in_touch"] == 3


def test_one_persons_plan_lists_festival_greetings_to_their_customers_only(db: Database) -> None:
    """ "Mine" on Today narrows the festivals' customers too: greeted and to greet."""
    set_festival_choice(db, {"festivals": ["christmas"], "audience": "all"})
    for name, owner in (("Anna", "Kim"), ("Bob", "Lee"), ("Cai", "Kim"), ("Dan", "Kim")):
        customers.create_customer(db, {"name": name, "owner": owner})
    dan = db.scalar("SELECT id FROM customers WHERE name = 'Dan'")
    customers.add_interaction(db, dan, {"kind": "greeting", "occurred_at": "2026-12-19T09:00:00Z"})
    christmas_week = date(2026, 12, 20)
    (kims,) = today_list(db, christmas_week, "Kim").festivals
    assert (kims.names, kims.greeted) == (["Anna", "Cai"], 1)
    (lees,) = first_screen(db, christmas_week, "Lee").festivals
    assert (lees.names, lees.greeted) == (["Bob"], 0)
    (everyones,) = first_screen(db, christmas_week).festivals
    assert (everyones.names, everyones.greeted) == (["Anna", "Bob", "Cai"], 1)


def test_idle_deals_are_open_deals_quiet_longer_than_their_stage_allows(db: Database) -> None:
    anna = _customer(db, "Anna")
    deals.create_deal(db, {"title": "Quiet", "customer_id": anna})
    deals.create_deal(db, {"title": "Fresh", "customer_id": anna})
    stamp = "2026-10-01T09:00:00Z"
    with db.bulk() as conn:  # make both look created seven weeks ago
        conn.execute("UPDATE deals SET created_at = ?", (stamp,))
        conn.execute("UPDATE stage_changes SET changed_at = ?", (stamp,))
    fresh = db.scalar("SELECT id FROM deals WHERE title = 'Fresh'")
    customers.add_interaction(
        db, anna, {"kind": "call", "deal_id": fresh, "occurred_at": "2026-11-20T09:00:00Z"}
    )
    idle = today_list(db, ON).idle_deals
    assert [(d.title, d.days_idle) for d in idle] == [("Quiet", 55)]


def test_templates_fill_name_age_and_preferences(db: Database) -> None:
    anna = _customer(db, "Anna Müller")
    customers.add_preference(db, anna, "drink", "Riesling")
    text = render(templates(db)["en"]["birthday"], customer_subject(db, anna, years=40))
    assert "Anna Müller" in text and "40th" in text and "Riesling" in text


def test_optional_parts_vanish_when_their_value_is_unknown() -> None:
    text = render(
        "Happy [{ordinal} ]birthday{name}![ Cheers, {preference.drink}]", GreetingSubject("!")
    )
    assert text == "Happy birthday!!"


def test_edited_templates_are_kept_in_the_file_and_undoable(db: Database) -> None:
    from funneldesk.core.recorder import revert

    changes = set_templates(db, {"zh_CN": {"birthday": "{name}，生日快乐！🎂"}})
    assert templates(db)["zh_CN"]["birthday"] == "{name}，生日快乐！🎂"
    assert templates(db)["en"]["birthday"] == DEFAULT_TEMPLATES["en"]["birthday"]
    revert(db, changes)
    assert templates(db)["zh_CN"]["birthday"] == DEFAULT_TEMPLATES["zh_CN"]["birthday"]


def test_cli_prints_the_lists(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    anna = _customer(db, "张三")
    customers.add_important_date(db, anna, {"kind": "birthday", "month": 11, "day": 27})
    _contact(db, anna, "2026-11-01T09:00:00Z", "2026-11-20")
    activities.add_activity(
        db, {"customer_id": anna, "kind": "meeting", "due_date": "2026-11-25", "due_time": "15:00"}
    )
    activities.add_activity(db, {"customer_id": anna, "due_date": "2026-11-26"})  # tomorrow
    assert cli_main(["today", "--db", str(db.path), "--date", "2026-11-25", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {
        "activities",
        "greetings",
        "follow_ups",
        "idle_deals",
        "keep_in_touch",
        "festivals",
    } <= set(out)
    assert [
        (a["customer_id"], a["kind"], a["due_date"], a["due_time"], a["overdue"])
        for a in out["activities"]
    ] == [(anna, "call", "2026-11-20", None, True), (anna, "meeting", "2026-11-25", "15:00", False)]
    assert set(out["activities"][0]) >= {
        "id",
        "customer_id",
        "deal_id",
        "kind",
        "title",
        "due_date",
        "due_time",
        "overdue",
    }
    (greeting,) = out["greetings"]
    assert {k: greeting[k] for k in ("customer_id", "name", "kind", "date", "days_until")} == {
        "customer_id": anna,
        "name": "张三",
        "kind": "birthday",
        "date": "2026-11-27",
        "days_until": 2,
    }
    assert [(f["name"], f["due"]) for f in out["follow_ups"]] == [
        ("张三", "2026-11-20"),
        ("张三", "2026-11-25"),
    ]


@pytest.mark.parametrize(
    "bad", ["2026-02-31", "tomorrow", "'; DROP TABLE customers;--", "9999-12-31", "0001-01-01"]
)
def test_cli_bad_date_is_one_line_and_exit_2(
    db: Database, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["today", "--db", str(db.path), "--date", bad, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "--date" in captured.err


def _plan(db: Database, customer_id: int, day: date, at: str | None, owner: str) -> None:
    activities.add_activity(
        db,
        {"customer_id": customer_id, "due_date": day, "due_time": at, "owner": owner},
    )


def test_first_screen_counts_every_group_and_reads_only_its_first_rows(db: Database) -> None:
    """Twelve overdue activities: five read with the count 12, and the whole list gives all
    twelve in the same order; the same for today, the week, greetings and owners."""
    anna = _customer(db, "Anna")
    for n in range(12):  # two per day, one timed and one not, times out of insertion order
        _plan(db, anna, date(2026, 11, 10 + n // 2), None if n % 2 else f"1{n % 10}:00", "Kim")
    for n in range(3):
        _plan(db, anna, ON, f"0{9 - n}:30", "Lee")
    _plan(db, anna, date(2026, 11, 27), None, "Kim")
    for day in range(1, 11):
        customers.add_important_date(
            db, anna, {"kind": "custom", "month": 11, "day": 25 + day // 4}
        )
    whole, first = today_list(db, ON), first_screen(db, ON)

    overdue = [a for a in whole.activities if a.due_date < ON]
    assert len(overdue) == 12 and first.total("overdue") == 12
    assert [a for a in first.activities if a.due_date < ON] == overdue[:OVERDUE_SHOWN]
    assert [a.due_time for a in first.activities if a.due_date == ON] == ["07:30", "08:30", "09:30"]
    assert {group: first.total(group) for group in GROUPS} == {
        group: whole.total(group) for group in GROUPS
    }
    assert (first.total("today"), first.total("week"), first.total("greetings")) == (3, 1, 10)
    assert first.greetings == whole.greetings[:PEOPLE_SHOWN]
    assert not first.complete() and whole.complete()

    kims = first_screen(db, ON, "Kim")
    assert (kims.total("overdue"), kims.total("today"), kims.total("week")) == (12, 0, 1)
    assert {a.owner for a in kims.activities} == {"Kim"}
    assert [a.owner for a in today_list(db, ON, "Lee").activities] == ["Lee"] * 3


def test_first_screen_of_idle_deals_counts_them_all(db: Database) -> None:
    anna = _customer(db, "Anna")
    for n in range(PEOPLE_SHOWN + 2):
        deals.create_deal(db, {"title": f"Deal {n}", "customer_id": anna, "owner": "Kim"})
    with db.bulk() as conn:
        conn.execute("UPDATE deals SET created_at = '2026-09-01T09:00:00Z'")
        conn.execute("UPDATE stage_changes SET changed_at = '2026-09-01T09:00:00Z'")
    whole, first = today_list(db, ON), first_screen(db, ON)
    assert len(whole.idle_deals) == PEOPLE_SHOWN + 2 == first.total("idle_deals")
    assert first.idle_deals == whole.idle_deals[:PEOPLE_SHOWN]
    assert first_screen(db, ON, "Lee").total("idle_deals") == 0

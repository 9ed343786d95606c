"""Planned activities: due and overdue across midnight, snooze, done logs the contact, undo,
reminders, time zones, and the upgrade of old follow-up dates."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funneldesk.core import activities, clock, customers, deals, schema
from funneldesk.core.db import Database, open_database
from funneldesk.core.errors import ValidationError
from funneldesk.core.recorder import revert
from funneldesk.core.today import today_as_json, today_list

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def anna(db: Database) -> int:
    return customers.create_customer(db, {"name": "Anna", "owner": "Kim"}).inserted_ids(
        "customers"
    )[0]


def _plan(db: Database, customer_id: int, **values: object) -> int:
    values.setdefault("due_date", "2026-11-25")
    changes = activities.add_activity(db, {"customer_id": customer_id, **values})
    return changes.inserted_ids("activities")[0]


def _get(db: Database, activity_id: int) -> activities.Activity:
    item = activities.get_activity(db, activity_id)
    assert item is not None
    return item


@pytest.fixture
def in_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run with the process's local time zone set to Asia/Shanghai (UTC+8)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def test_timed_activity_is_overdue_once_started_untimed_once_its_day_is_over(
    db: Database, anna: int
) -> None:
    call = _get(db, _plan(db, anna, kind="call", due_time="23:30"))
    task = _get(db, _plan(db, anna))
    assert not call.is_overdue(datetime(2026, 11, 25, 23, 29))
    assert call.is_overdue(datetime(2026, 11, 25, 23, 31))
    assert not task.is_overdue(datetime(2026, 11, 25, 23, 59))
    assert task.is_overdue(datetime(2026, 11, 26, 0, 0))  # just after midnight


def test_today_list_across_midnight_moves_activities_into_overdue(
    db: Database, anna: int, in_zone: None
) -> None:
    _plan(db, anna, kind="call", due_time="23:50", title="Late call")
    _plan(db, anna, title="Any time")
    # 23:45 local on the 25th is 15:45 UTC: the late call is still ahead.
    with clock.frozen_at(datetime(2026, 11, 25, 15, 45, tzinfo=UTC)):
        out = today_as_json(today_list(db, clock.today()))
    assert [(a["title"], a["overdue"]) for a in out["activities"]] == [
        ("Late call", False),
        ("Any time", False),
    ]
    with clock.frozen_at(datetime(2026, 11, 25, 16, 5, tzinfo=UTC)):  # 00:05 on the 26th
        assert clock.today() == date(2026, 11, 26)
        out = today_as_json(today_list(db, clock.today()))
    assert [(a["title"], a["overdue"]) for a in out["activities"]] == [
        ("Late call", True),
        ("Any time", True),
    ]


def test_another_day_is_judged_at_its_start(db: Database, anna: int) -> None:
    _plan(db, anna, kind="call", due_time="09:00")
    with clock.frozen_at(datetime(2026, 11, 24, 12, 0)):
        plan = today_list(db, date(2026, 11, 25))
    assert [a["overdue"] for a in today_as_json(plan)["activities"]] == [False]


def test_a_time_is_local_wall_clock_time_wherever_the_laptop_is(
    db: Database, anna: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = _get(db, _plan(db, anna, kind="call", due_time="15:00"))
    moment = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)  # 15:30 in Shanghai, 08:30 in Berlin
    for zone, overdue in (("Asia/Shanghai", True), ("Europe/Berlin", False)):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        with clock.frozen_at(moment):
            assert call.is_overdue(clock.local_now()) is overdue, zone
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.mark.parametrize(
    ("choice", "now", "expected"),
    [
        ("hour", datetime(2026, 11, 25, 23, 20), (date(2026, 11, 26), "00:20")),  # past midnight
        ("hour", datetime(2026, 11, 25, 8, 0), (date(2026, 11, 25), "10:30")),  # from its time
        ("tomorrow", datetime(2026, 11, 25, 23, 59), (date(2026, 11, 26), "09:30")),
        ("next_week", datetime(2026, 11, 20, 10, 0), (date(2026, 12, 2), "09:30")),
        (date(2026, 12, 24), datetime(2026, 11, 25, 10, 0), (date(2026, 12, 24), "09:30")),
    ],
)
def test_snooze_choices(
    db: Database, anna: int, choice: str | date, now: datetime, expected: tuple
) -> None:
    item = _get(db, _plan(db, anna, kind="call", due_time="09:30"))
    assert activities.snoozed_until(item, choice, now) == expected


def test_snooze_an_hour_gives_an_untimed_activity_a_time(db: Database, anna: int) -> None:
    item = _get(db, _plan(db, anna))
    assert activities.snoozed_until(item, "hour", datetime(2026, 11, 25, 14, 7)) == (
        date(2026, 11, 25),
        "15:07",
    )


def test_snooze_is_one_undoable_operation(db: Database, anna: int) -> None:
    activity_id = _plan(db, anna, kind="call", due_time="09:30")
    with clock.frozen_at(datetime(2026, 11, 25, 10, 0)):
        changes = activities.snooze_activity(db, activity_id, "tomorrow")
    assert _get(db, activity_id).due_date == date(2026, 11, 26)
    revert(db, changes)
    assert _get(db, activity_id).due_date == date(2026, 11, 25)
    with pytest.raises(ValidationError):
        activities.snooze_activity(db, activity_id, "someday")


def test_done_logs_the_contact_in_the_same_operation_and_undo_reverts_both(
    db: Database, anna: int
) -> None:
    deal = deals.create_deal(db, {"title": "Tea set", "customer_id": anna}).inserted_ids("deals")[0]
    activity_id = _plan(
        db, anna, kind="meeting", title="Proposal", deal_id=deal, duration_min=45, due_time="15:00"
    )
    changes = activities.complete_activity(
        db, activity_id, outcome="positive", summary="They liked it"
    )
    assert changes.tables() == {"activities", "interactions"}
    (contact,) = db.query("SELECT * FROM interactions")
    assert (contact["kind"], contact["outcome"], contact["summary"], contact["deal_id"]) == (
        "meeting",
        "positive",
        "They liked it",
        deal,
    )
    assert contact["duration_min"] == 45
    done = _get(db, activity_id)
    assert done.done_at is not None and not done.is_overdue(datetime(2030, 1, 1))
    draft = activities.next_activity_draft(done, date(2026, 11, 25))
    assert (draft["customer_id"], draft["deal_id"], draft["kind"], draft["due_date"]) == (
        anna,
        deal,
        "meeting",
        date(2026, 12, 2),
    )
    with pytest.raises(ValidationError):
        activities.complete_activity(db, activity_id)
    revert(db, changes)
    assert db.scalar("SELECT COUNT(*) FROM interactions") == 0
    assert _get(db, activity_id).done_at is None


def test_a_done_task_is_logged_as_a_note_with_its_title(db: Database, anna: int) -> None:
    activities.complete_activity(db, _plan(db, anna, kind="task", title="Prepare the quote"))
    assert db.query_one("SELECT kind, summary FROM interactions")[:] == (
        "note",
        "Prepare the quote",
    )


def test_edit_reschedule_and_delete_are_undoable(db: Database, anna: int) -> None:
    activity_id = _plan(db, anna, kind="call", due_time="09:30", title="Call")
    edit = activities.update_activity(db, activity_id, {"title": "Call back", "due_time": ""})
    assert (_get(db, activity_id).title, _get(db, activity_id).due_time) == ("Call back", None)
    move = activities.reschedule_activity(db, activity_id, date(2026, 12, 1), "16:00")
    assert _get(db, activity_id).starts_at == datetime(2026, 12, 1, 16, 0)
    revert(db, move)
    revert(db, edit)
    assert (_get(db, activity_id).title, _get(db, activity_id).due_time) == ("Call", "09:30")
    gone = activities.delete_activity(db, activity_id)
    assert activities.get_activity(db, activity_id) is None
    revert(db, gone)
    assert _get(db, activity_id).title == "Call"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"due_date": "2026-02-30"}, "due_date"),
        ({"due_time": "25:00"}, "due_time"),
        ({"due_time": "noon"}, "due_time"),
        ({"kind": "party"}, "kind"),
        ({"remind_min_before": -5}, "remind_min_before"),
        ({"duration_min": 100000}, "duration_min"),
    ],
)
def test_bad_values_are_refused_by_field(db: Database, anna: int, values: dict, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        activities.add_activity(db, {"customer_id": anna, "due_date": "2026-11-25", **values})
    assert refused.value.field == field


def test_deal_of_another_customer_is_refused(db: Database, anna: int) -> None:
    bob = customers.create_customer(db, {"name": "Bob"}).inserted_ids("customers")[0]
    deal = deals.create_deal(db, {"title": "Bob's", "customer_id": bob}).inserted_ids("deals")[0]
    with pytest.raises(ValidationError):
        _plan(db, anna, deal_id=deal)


def test_reminders_fire_once_in_their_window_and_never_for_done_or_deleted(
    db: Database, anna: int
) -> None:
    call = _plan(
        db, anna, kind="call", due_time="00:10", remind_min_before=30
    )  # 23:40 the day before
    untimed = _plan(db, anna, remind_min_before=60)  # 08:00
    done = _plan(db, anna, kind="call", due_time="10:00", remind_min_before=15)
    deleted = _plan(db, anna, kind="call", due_time="10:00", remind_min_before=5)
    _plan(db, anna, kind="call", due_time="10:00")  # no reminder
    activities.complete_activity(db, done)
    activities.delete_activity(db, deleted)

    def fired(after: datetime, upto: datetime) -> list[int]:
        return [a.id for a in activities.reminders_between(db, after, upto)]

    assert fired(datetime(2026, 11, 24, 23, 0), datetime(2026, 11, 24, 23, 40)) == [call]
    assert fired(datetime(2026, 11, 24, 23, 40), datetime(2026, 11, 25, 7, 59)) == []
    assert fired(datetime(2026, 11, 24, 23, 0), datetime(2026, 11, 25, 12, 0)) == [call, untimed]


def test_logging_a_contact_with_a_follow_up_date_plans_an_activity(db: Database, anna: int) -> None:
    changes = customers.add_interaction(
        db, anna, {"kind": "note", "summary": "Wants a quote", "next_follow_up": "2026-12-01"}
    )
    (activity_id,) = changes.inserted_ids("activities")
    item = _get(db, activity_id)
    assert (item.kind, item.due_date, item.notes, item.owner) == (
        "call",
        date(2026, 12, 1),
        "Wants a quote",
        "Kim",
    )
    assert db.scalar("SELECT next_follow_up FROM interactions") is None
    revert(db, changes)
    assert db.scalar("SELECT COUNT(*) FROM activities") == 0


@pytest.mark.parametrize("version", [5, 9])
def test_upgrade_turns_each_customers_pending_follow_up_into_an_activity(
    version: int, tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / f"schema-v{version}.sqlite", path)
    raw = __import__("sqlite3").connect(path)
    # An older contact's follow-up that a newer contact answered is not pending work.
    raw.execute(
        "INSERT INTO interactions (customer_id, kind, occurred_at, next_follow_up, summary) "
        "VALUES (2, 'note', '2026-01-01T09:00:00Z', '2026-02-01', 'old ask')"
    )
    raw.execute(
        "INSERT INTO interactions (customer_id, kind, occurred_at, summary) "
        "VALUES (2, 'call', '2026-01-05T09:00:00Z', 'answered')"
    )
    raw.commit()
    raw.close()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert db.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
        rows = db.query("SELECT customer_id, kind, due_date, notes, owner, done_at FROM activities")
        assert [tuple(r) for r in rows] == [(1, "call", "2026-12-01", "Intro call", "sam", None)]
        assert db.scalar("SELECT COUNT(*) FROM interactions WHERE next_follow_up IS NOT NULL") == 0
    finally:
        db.close()


_PLANS = st.lists(
    st.tuples(
        st.integers(-1, 1),  # day, from ON
        st.sampled_from([None, "08:00", "09:30", "09:30", "17:45"]),
        st.sampled_from(["Kim", "Lee", None]),
        st.booleans(),  # done
    ),
    max_size=14,
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plans=_PLANS, limit=st.integers(1, 6), owner=st.sampled_from([None, "Kim"]))
def test_a_days_page_is_the_head_of_that_days_list_in_the_order_of_the_day(
    db: Database, anna: int, plans: list, limit: int, owner: str | None
) -> None:
    """A one-day page (Today's day and each next day) reads timed and untimed rows apart, each
    in the index's order: it must be exactly the first rows of the day's whole list (timed by
    time and id, untimed last), whatever the mix, ties, done rows and owner."""
    on = date(2026, 11, 25)
    with db.bulk() as conn:
        conn.execute("DELETE FROM activities")
        conn.executemany(
            "INSERT INTO activities (customer_id, due_date, due_time, owner, done_at, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')",
            [
                (
                    anna,
                    date.fromordinal(on.toordinal() + day).isoformat(),
                    at,
                    who,
                    "2026-11-01T00:00:00Z" if done else None,
                )
                for day, at, who, done in plans
            ],
        )
    whole = [
        item
        for item in activities.open_activities_until(db, date(2026, 11, 26), owner)
        if item.due_date == on
    ]
    assert activities.open_activities_page(db, on, on, limit, owner) == whole[:limit]

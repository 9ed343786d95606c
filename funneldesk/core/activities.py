"""Planned work: calls, meetings, visits, e-mails, messages and tasks with a day, maybe a time.

An activity belongs to a customer and optionally to one of their deals. ``due_time`` is local
wall-clock ``HH:MM`` (``NULL``: any time that day), so "the 15:00 call" stays at 15:00 when
the laptop travels; every rule here compares it with :func:`funneldesk.core.clock.local_now`.
Each change is one operation (undoable through its change set); completing an activity logs
the contact as an ``interactions`` row in the same operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from funneldesk.core import clock
from funneldesk.core import validation as v
from funneldesk.core.changes import ChangeSet
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.recorder import Recorder
from funneldesk.core.rows import from_row

KINDS = ("call", "meeting", "visit", "email", "message", "task")
FIELDS = (
    "customer_id",
    "deal_id",
    "kind",
    "title",
    "due_date",
    "due_time",
    "duration_min",
    "remind_min_before",
    "notes",
    "owner",
)
SNOOZES = ("hour", "tomorrow", "next_week")
DAY_START = time(9, 0)  # an untimed activity's reminder is counted from the start of a work day
MAX_REMINDER_MIN = 7 * 24 * 60
WEEK_AHEAD = 7  # Today's "next 7 days" group

SELECT = """
    SELECT a.*, c.name AS customer_name, c.phone AS customer_phone, d.title AS deal_title
    FROM activities a
    JOIN customers c ON c.id = a.customer_id
    LEFT JOIN deals d ON d.id = a.deal_id
"""
ORDER = " ORDER BY a.due_date, a.due_time IS NULL, a.due_time, a.id"


@dataclass(frozen=True)
class Activity:
    """One planned activity with the names the screens show beside it."""

    id: int
    customer_id: int
    customer_name: str
    customer_phone: str | None
    deal_id: int | None
    deal_title: str | None
    kind: str
    title: str
    due_date: date
    due_time: str | None
    duration_min: int | None
    remind_min_before: int | None
    done_at: str | None
    notes: str | None
    owner: str | None

    @property
    def starts_at(self) -> datetime:
        """Local start; an untimed activity starts when its day does."""
        return datetime.combine(self.due_date, _parse_time(self.due_time) or time.min)

    @property
    def ends_at(self) -> datetime:
        """Local end: a timed activity lasts its duration; an untimed one the whole day."""
        if self.due_time is None:
            return datetime.combine(self.due_date + timedelta(days=1), time.min)
        return self.starts_at + timedelta(minutes=self.duration_min or 0)

    def is_overdue(self, now: datetime) -> bool:
        """Open and past its time (see :func:`is_overdue`)."""
        return self.done_at is None and is_overdue(self.due_date, self.due_time, now)

    def remind_at(self) -> datetime | None:
        """Local moment of the reminder (``None``: no reminder)."""
        if self.remind_min_before is None:
            return None
        anchor = self.starts_at if self.due_time else datetime.combine(self.due_date, DAY_START)
        return anchor - timedelta(minutes=self.remind_min_before)


def is_overdue(due_date: date, due_time: str | None, now: datetime) -> bool:
    """An untimed activity is overdue once its day is over, a timed one once it started
    (``now`` is local wall-clock time, as ``due_time`` is)."""
    if due_time is None:
        return due_date < now.date()
    return datetime.combine(due_date, _parse_time(due_time)) < now.replace(second=0, microsecond=0)


def _parse_time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def activity_from_row(row: Any) -> Activity:
    return from_row(Activity, row, due_date=date.fromisoformat(row["due_date"]))


# -- reading -----------------------------------------------------------------------------


def get_activity(db: Database, activity_id: int) -> Activity | None:
    row = db.query_one(SELECT + " WHERE a.id = ?", (activity_id,))
    return None if row is None else activity_from_row(row)


def open_activities_until(db: Database, last_day: date, owner: str | None = None) -> list[Activity]:
    """Every open activity due on or before ``last_day`` (overdue ones included; ``owner``:
    only theirs), in the order of the day; read through the partial index of open activities."""
    where, params = _open_until(last_day, owner)
    rows = db.query(SELECT + f" WHERE {where}" + ORDER, params)
    return [activity_from_row(r) for r in rows]


def open_activity_counts(db: Database, last_day: date, owner: str | None = None) -> dict[date, int]:
    """How many open activities fall on each day up to ``last_day`` (overdue days included),
    counted in the partial index of open activities without reading the rows."""
    where, params = _open_until(last_day, owner)
    rows = db.query(
        f"SELECT due_date, COUNT(*) FROM activities a WHERE {where} GROUP BY due_date", params
    )
    return {date.fromisoformat(day): count for day, count in rows}


def open_activities_page(
    db: Database, first: date | None, last: date, limit: int, owner: str | None = None
) -> list[Activity]:
    """The first ``limit`` open activities due from ``first`` (None: any earlier day) to
    ``last``, in the order of the day: one screen of a Today group.

    The page is chosen among the activity rows alone and only its rows are joined to their
    customer and deal, so a group of thousands costs a few rows. A single day's page reads
    its timed rows and then its untimed ones, each in the partial index's own order (time,
    id), so only the page's entries are read, not the whole day sorted.
    """
    if first is not None and first == last:
        page, params = _one_day_page(first, limit, owner)
    else:
        page, params = _days_page(first, last, limit, owner)
    rows = db.query(SELECT + f" WHERE a.id IN ({page})" + ORDER + " LIMIT ?", [*params, limit])
    return [activity_from_row(r) for r in rows]


def _one_day_page(day: date, limit: int, owner: str | None) -> tuple[str, list[Any]]:
    """Ids of the day's first ``limit`` timed rows and first ``limit`` untimed ones."""
    where, params = _open_on(day, owner)
    sql = (
        f"SELECT id FROM (SELECT a.id FROM activities a WHERE {where}"
        " AND a.due_time IS NOT NULL ORDER BY a.due_time, a.id LIMIT ?)"
        f" UNION ALL SELECT id FROM (SELECT a.id FROM activities a WHERE {where}"
        " AND a.due_time IS NULL ORDER BY a.id LIMIT ?)"
    )
    return sql, [*params, limit, *params, limit]


def _days_page(
    first: date | None, last: date, limit: int, owner: str | None
) -> tuple[str, list[Any]]:
    """Ids of the first ``limit`` rows from ``first`` (None: any earlier day) to ``last``."""
    where, params = _open_until(last, owner)
    if first is not None:
        where += " AND a.due_date >= ?"
        params.append(first.isoformat())
    return f"SELECT a.id FROM activities a WHERE {where}{ORDER} LIMIT ?", [*params, limit]


def _open_until(last_day: date, owner: str | None) -> tuple[str, list[Any]]:
    return _open_where("a.due_date <= ?", last_day, owner)


def _open_on(day: date, owner: str | None) -> tuple[str, list[Any]]:
    """Only ``due_date = ?``, with no bound beside it: one day is one range of either index
    (with an owner, a ``<=`` beside it made SQLite read that person's every earlier day)."""
    return _open_where("a.due_date = ?", day, owner)


def _open_where(due: str, day: date, owner: str | None) -> tuple[str, list[Any]]:
    where, params = f"a.done_at IS NULL AND {due}", [day.isoformat()]
    if owner:
        where += " AND a.owner = ?"
        params.append(owner)
    return where, params


def activities_between(db: Database, first: date, last: date) -> list[Activity]:
    """Open activities from ``first`` to ``last`` inclusive (the agenda's week)."""
    rows = db.query(
        SELECT + " WHERE a.done_at IS NULL AND a.due_date BETWEEN ? AND ?" + ORDER,
        (first.isoformat(), last.isoformat()),
    )
    return [activity_from_row(r) for r in rows]


def customer_activities(db: Database, customer_id: int) -> list[Activity]:
    """A customer's open activities, soonest first (the card's plan)."""
    rows = db.query(
        SELECT + " WHERE a.customer_id = ? AND a.done_at IS NULL" + ORDER, (customer_id,)
    )
    return [activity_from_row(r) for r in rows]


def reminders_between(db: Database, after: datetime, upto: datetime) -> list[Activity]:
    """Open activities whose reminder moment falls in ``(after, upto]`` (local times).

    Done and deleted activities are never returned, so a reminder cannot fire for them.
    """
    first = after.date()
    last = (upto + timedelta(minutes=MAX_REMINDER_MIN)).date()
    rows = db.query(
        SELECT + " WHERE a.done_at IS NULL AND a.remind_min_before IS NOT NULL "
        "AND a.due_date BETWEEN ? AND ?" + ORDER,
        (first.isoformat(), last.isoformat()),
    )
    due = []
    for row in rows:
        item = activity_from_row(row)
        moment = item.remind_at()
        if moment is not None and after < moment <= upto:
            due.append(item)
    return sorted(due, key=lambda a: (a.remind_at(), a.id))


# -- checking ----------------------------------------------------------------------------


def clean_time(value: Any, field: str = "due_time") -> str | None:
    """``9:5``/``09:05``/a ``time`` → ``09:05``; empty → ``None`` (any time that day)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, time):
        return value.strftime("%H:%M")
    try:
        hours, minutes = (int(part) for part in str(value).strip().split(":"))
        return time(hours, minutes).strftime("%H:%M")
    except ValueError as exc:
        raise ValidationError(f"Time: “{value}” is not a time of day (HH:MM).", field) from exc


def _due_date(value: Any) -> str:
    day = v.clean_date(value, "due_date", label="Date")
    if day is None:
        raise ValidationError("Date is required.", "due_date")
    return day


CLEANERS: dict[str, v.Cleaner] = {
    "kind": lambda value: v.clean_choice(value, "kind", KINDS, default="task"),
    "title": lambda value: v.clean_text(value, "title") or "",
    "due_date": _due_date,
    "due_time": clean_time,
    "duration_min": lambda value: v.clean_int(
        value, "duration_min", minimum=0, maximum=24 * 60, label="Duration"
    ),
    "remind_min_before": lambda value: v.clean_int(
        value, "remind_min_before", minimum=0, maximum=MAX_REMINDER_MIN, label="Reminder"
    ),
    "customer_id": lambda value: v.clean_int(value, "customer_id"),
    "deal_id": lambda value: v.clean_int(value, "deal_id"),
}


def clean_activity(values: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Checked values of an activity; a whole new one needs a customer and a day."""
    clean = v.clean_fields(values, FIELDS, "activity", CLEANERS)
    if not partial:
        if clean.get("customer_id") is None:
            raise ValidationError("Choose the customer this activity is for.", "customer_id")
        if "due_date" not in clean:
            raise ValidationError("Date is required.", "due_date")
        clean.setdefault("kind", "task")
        clean.setdefault("title", "")
    return clean


def _check_links(tx: Recorder, clean: dict[str, Any], customer_id: int) -> None:
    """The customer exists and the deal, if any, is one of theirs."""
    tx.require("customers", customer_id)
    deal_id = clean.get("deal_id")
    if deal_id is not None:
        deal = tx.require("deals", deal_id)
        if deal["customer_id"] != customer_id:
            raise ValidationError("The deal belongs to another customer.", "deal_id")


# -- operations --------------------------------------------------------------------------


def insert_activity(tx: Recorder, clean: dict[str, Any]) -> int:
    """Insert checked values inside a running operation (other operations plan work too)."""
    _check_links(tx, clean, clean["customer_id"])
    stamp = clock.now_timestamp()
    return tx.insert("activities", {**clean, "created_at": stamp, "updated_at": stamp})


def add_activity(db: Database, values: dict[str, Any]) -> ChangeSet:
    clean = clean_activity(values)
    with db.operation("Plan activity") as tx:
        insert_activity(tx, clean)
    return tx.changeset


def update_activity(db: Database, activity_id: int, values: dict[str, Any]) -> ChangeSet:
    clean = clean_activity(values, partial=True)
    with db.operation("Edit activity") as tx:
        current = tx.require("activities", activity_id)
        _check_links(tx, clean, clean.get("customer_id") or current["customer_id"])
        _touch(tx, activity_id, clean)
    return tx.changeset


def _touch(tx: Recorder, activity_id: int, clean: dict[str, Any]) -> None:
    before = tx.require("activities", activity_id)
    if any(before.get(key) != value for key, value in clean.items()):
        tx.update("activities", activity_id, {**clean, "updated_at": clock.now_timestamp()})


def reschedule_activity(
    db: Database, activity_id: int, due_date: date, due_time: str | None | bool = False
) -> ChangeSet:
    """Move an activity to another day; ``due_time`` False keeps its time, None drops it."""
    values: dict[str, Any] = {"due_date": due_date}
    if due_time is not False:
        values["due_time"] = due_time
    clean = clean_activity(values, partial=True)
    with db.operation("Reschedule activity") as tx:
        _touch(tx, activity_id, clean)
    return tx.changeset


def snoozed_until(item: Activity, choice: str | date, now: datetime) -> tuple[date, str | None]:
    """Where a snooze puts an activity.

    ``hour``: an hour from now, or from its own time if that is later (untimed ones get a
    time); ``tomorrow``/``next_week``: the day after today / seven days on, keeping the time;
    a date: that day, keeping the time.
    """
    if isinstance(choice, date):
        return choice, item.due_time
    if choice == "hour":
        base = max(now.replace(second=0, microsecond=0), item.starts_at)
        later = base + timedelta(hours=1)
        return later.date(), later.strftime("%H:%M")
    if choice == "tomorrow":
        return now.date() + timedelta(days=1), item.due_time
    if choice == "next_week":
        return max(now.date(), item.due_date) + timedelta(days=7), item.due_time
    raise ValidationError(f"“{choice}” is not one of: {', '.join(SNOOZES)}.", "snooze")


def snooze_activity(db: Database, activity_id: int, choice: str | date) -> ChangeSet:
    item = get_activity(db, activity_id)
    if item is None:
        raise ValidationError(f"Activity #{activity_id} no longer exists.")
    day, at = snoozed_until(item, choice, clock.local_now())
    return reschedule_activity(db, activity_id, day, at)


def delete_activity(db: Database, activity_id: int) -> ChangeSet:
    return db.delete_row("Delete activity", "activities", activity_id)


CONTACT_KIND = {"task": "note"}  # a task done is logged as a note; the others keep their kind


def complete_activity(
    db: Database,
    activity_id: int,
    *,
    outcome: str | None = None,
    summary: str | None = None,
    log_contact: bool = True,
) -> ChangeSet:
    """Mark an activity done and log the contact it was (kind, outcome, summary) at once.

    The contact carries the activity's deal and duration; its summary defaults to the title.
    """
    clean_outcome = v.clean_choice(outcome, "outcome", v.OUTCOMES)
    clean_summary = v.clean_text(summary, "summary")
    with db.operation("Complete activity") as tx:
        row = tx.require("activities", activity_id)
        if row["done_at"] is not None:
            raise ValidationError("This activity is already done.")
        stamp = clock.now_timestamp()
        tx.update("activities", activity_id, {"done_at": stamp, "updated_at": stamp})
        if log_contact:
            tx.insert(
                "interactions",
                {
                    "customer_id": row["customer_id"],
                    "deal_id": row["deal_id"],
                    "kind": CONTACT_KIND.get(row["kind"], row["kind"]),
                    "occurred_at": stamp,
                    "duration_min": row["duration_min"],
                    "summary": clean_summary or row["title"] or None,
                    "outcome": clean_outcome,
                },
            )
    return tx.changeset


def next_activity_draft(item: Activity, on: date) -> dict[str, Any]:
    """What "schedule the next one" proposes after ``item``: same customer, deal, kind and
    owner, a week on from ``on`` at the same time."""
    return {
        "customer_id": item.customer_id,
        "deal_id": item.deal_id,
        "kind": item.kind,
        "title": "",
        "due_date": on + timedelta(days=WEEK_AHEAD),
        "due_time": item.due_time,
        "duration_min": item.duration_min,
        "remind_min_before": item.remind_min_before,
        "owner": item.owner,
    }

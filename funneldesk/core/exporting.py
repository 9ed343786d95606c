"""Customers and deals as CSV, important dates and planned activities as an iCalendar file.

CSV files are UTF-8 with a byte-order mark (Excel then shows Chinese correctly), one row
per customer or deal, every text cell passed through :func:`safe_text.csv_text` (formula
injection). The customer columns are the ones :mod:`funneldesk.core.importing` recognises,
so an export imported into another file keeps every field, dates and preferences included.

The calendar follows RFC 5545: CRLF line ends, lines folded at 75 octets, escaped text.
Solar dates are yearly events; lunar dates (and 29 February) have no yearly rule a phone
calendar understands, so they are expanded to their solar dates for :data:`CALENDAR_YEARS`
years. Activities with a time are written in UTC (converted from the local time they were
planned in), untimed ones as all-day events. Files are written to a temporary name and renamed, so Cancel leaves nothing behind.
"""

from __future__ import annotations

import csv
from collections.abc import Generator, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from funneldesk.core import activities
from funneldesk.core.clock import now_timestamp, today
from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled, ValidationError
from funneldesk.core.importing.dates import format_date
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.safe_replace import replacing
from funneldesk.core.safe_text import csv_text
from funneldesk.core.validation import DATE_KIND_NAMES
from funneldesk.core.yearly_dates import feb29_rule, occurrence_in_year, solar_in_year, year_of

PROGRESS_EVERY = 2000
CALENDAR_YEARS = 10
DEFAULT_REMIND_DAYS = 7

CUSTOMER_CSV_COLUMNS = (
    ("ID", "id"),
    ("Name", "name"),
    ("Company", "company"),
    ("Title", "title"),
    ("Phone", "phone"),
    ("Email", "email"),
    ("Address", "address"),
    ("City", "city"),
    ("Source", "source"),
    ("Spending level", "spending_level"),
    ("Purchase frequency", "purchase_frequency"),
    ("Satisfaction", "satisfaction"),
    ("Notes", "notes"),
    ("Owner", "owner"),
    ("Birthday", "birthday"),
    ("Anniversary", "anniversary"),
    ("Other dates", "other_dates"),
    ("Preferences", "preferences"),
    ("Created at", "created_at"),
)
DEAL_CSV_COLUMNS = (
    ("ID", "id"),
    ("Title", "title"),
    ("Customer", "customer"),
    ("Company", "company"),
    ("Pipeline", "pipeline"),
    ("Stage", "stage"),
    ("Status", "status"),
    ("Value", "value"),
    ("Currency", "currency"),
    ("Probability", "probability"),
    ("Expected close", "expected_close"),
    ("Created at", "created_at"),
    ("Closed at", "closed_at"),
    ("Lost reason", "lost_reason"),
    ("Owner", "owner"),
)
DEALS_SQL = """
    SELECT d.id, d.title, c.name AS customer, c.company, p.name AS pipeline, s.name AS stage,
           d.status, d.value, d.currency, d.probability, d.expected_close, d.created_at,
           d.closed_at, d.lost_reason, d.owner
    FROM deals d
    JOIN pipelines p ON p.id = d.pipeline_id
    JOIN stages s ON s.id = d.stage_id
    LEFT JOIN customers c ON c.id = d.customer_id
    ORDER BY d.id
"""


@contextmanager
def atomic_output(path: Path, *, text: bool = True, encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """A file that appears at ``path``, owner-only, only when the block finishes without an
    error (see :func:`~funneldesk.core.safe_replace.replacing`)."""
    with replacing(Path(path)) as temporary:
        if text:
            with open(temporary, "w", encoding=encoding, newline="") as handle:
                yield handle
        else:
            with open(temporary, "wb") as handle:
                yield handle


def _tick(done: int, total: int, progress: Progress | None, cancelled: CancelCheck | None) -> None:
    if done % PROGRESS_EVERY:
        return
    if cancelled is not None and cancelled():
        raise Cancelled("The export was cancelled.")
    if progress is not None:
        progress(done, total)


def _csv_cell(value: Any) -> Any:
    return csv_text(value) if isinstance(value, str) else ("" if value is None else value)


# -- customers ---------------------------------------------------------------------------


def _date_text(row: Any) -> str:
    return format_date(
        row["month"], row["day"], row["year"], row["calendar"], bool(row["is_leap_month"])
    )


def _grouped(db: Database, sql: str) -> Iterator[tuple[int, list[Any]]]:
    """Rows of a child table grouped by ``customer_id`` in the query's order (one pass, no
    dict of all)."""
    cursor = db.reader.execute(sql)
    current: int | None = None
    group: list[Any] = []
    for row in cursor:
        if row["customer_id"] != current:
            if current is not None:
                yield current, group
            current, group = row["customer_id"], []
        group.append(row)
    if current is not None:
        yield current, group


class _ChildCursor:
    """Walks a grouped child table alongside the customers, both in the same order."""

    def __init__(self, groups: Iterator[tuple[int, list[Any]]]) -> None:
        self._groups = groups
        self._next = next(groups, None)

    def take(self, customer_id: int) -> list[Any]:
        """The rows of ``customer_id``; customers are asked for in the groups' own order."""
        if self._next is not None and self._next[0] == customer_id:
            rows = self._next[1]
            self._next = next(self._groups, None)
            return rows
        return []


def _in_name_order(table: str) -> str:
    """A customer child table's rows grouped by customer, customers in list (name) order."""
    return (
        f"SELECT t.* FROM {table} AS t JOIN customers AS c ON c.id = t.customer_id "
        "ORDER BY c.name_sort, c.id, t.id"
    )


def customer_rows(db: Database) -> Iterator[dict[str, Any]]:
    """Every customer, in the customer list's name order (Chinese by pinyin), with its dates
    and preferences spelled as the CSV columns expect."""
    reader = db.reader
    reader.execute("BEGIN")  # one snapshot: the three walks must see the same customers
    try:
        dates = _ChildCursor(_grouped(db, _in_name_order("important_dates")))
        preferences = _ChildCursor(_grouped(db, _in_name_order("preferences")))
        for customer in reader.execute("SELECT * FROM customers ORDER BY name_sort, id"):
            row = dict(customer)
            row.update(_dates_columns(dates.take(customer["id"])))
            row["preferences"] = "; ".join(
                f"{p['category']}: {p['value']}" for p in preferences.take(customer["id"])
            )
            yield row
    finally:
        reader.execute("COMMIT")


def _dates_columns(dates: list[Any]) -> dict[str, str]:
    birthday = anniversary = ""
    others: list[str] = []
    for d in dates:
        plain = not d["label"] and d["remind_days_before"] == DEFAULT_REMIND_DAYS
        if d["kind"] == "birthday" and plain and not birthday:
            birthday = _date_text(d)
        elif d["kind"] == "anniversary" and plain and not anniversary:
            anniversary = _date_text(d)
        else:
            label = f' "{d["label"]}"' if d["label"] else ""
            remind = d["remind_days_before"]
            note = "" if remind == DEFAULT_REMIND_DAYS else f" [remind {remind} days]"
            others.append(f"{d['kind']}{label}: {_date_text(d)}{note}")
    return {"birthday": birthday, "anniversary": anniversary, "other_dates": "; ".join(others)}


def export_customers_csv(
    db: Database,
    path: Path | str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write every customer to ``path``; returns the number of rows written."""
    total = db.scalar("SELECT COUNT(*) FROM customers") or 0
    return _write_csv(path, CUSTOMER_CSV_COLUMNS, customer_rows(db), total, progress, cancelled)


def export_deals_csv(
    db: Database,
    path: Path | str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write every deal (with its customer, pipeline and stage names) to ``path``."""
    total = db.scalar("SELECT COUNT(*) FROM deals") or 0
    rows = (dict(r) for r in db.reader.execute(DEALS_SQL))
    return _write_csv(path, DEAL_CSV_COLUMNS, rows, total, progress, cancelled)


def _write_csv(
    path: Path | str,
    columns: tuple[tuple[str, str], ...],
    rows: Generator[dict[str, Any], None, None],
    total: int,
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> int:
    done = 0
    # closing(): a failed write (full disk, Cancel) ends the row generator here, while its
    # read snapshot is still open, not later when the database may be closed.
    with closing(rows), atomic_output(Path(path), encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow([header for header, _key in columns])
        for row in rows:
            writer.writerow([_csv_cell(row.get(key)) for _header, key in columns])
            done += 1
            _tick(done, total, progress, cancelled)
    if progress is not None:
        progress(done, max(total, done))
    return done


# -- calendar ----------------------------------------------------------------------------


ACTIVITY_TITLES = {
    "call": "Call",
    "meeting": "Meeting",
    "visit": "Visit",
    "email": "E-mail",
    "message": "Message",
    "task": "Task",
}


def ical_escape(text: str) -> str:
    """RFC 5545 TEXT escaping (backslash, semicolon, comma, newline)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line into 75-octet pieces (never inside a UTF-8 character), CRLF-ended."""
    pieces: list[str] = []
    current, size, limit = [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def _event(uid: str, stamp: str, start: date, summary: str, extra: list[str]) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{ical_escape(summary)}",
        "TRANSP:TRANSPARENT",
        *extra,
        "END:VEVENT",
    ]


def _alarm(days: int, summary: str) -> list[str]:
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{ical_escape(summary)}",
        f"TRIGGER:-P{days}D" if days else "TRIGGER:PT9H",
        "END:VALARM",
    ]


def date_events(row: Any, on: date, feb29: str, stamp: str) -> list[list[str]]:
    """The events of one important date: one yearly event, or one per year when expanded."""
    title = row["label"] or DATE_KIND_NAMES.get(row["kind"], "Date")
    summary = f"{row['name']} — {title}"
    alarm = _alarm(row["remind_days_before"], summary)
    uid = f"date-{row['id']}@funneldesk"
    if row["calendar"] == "solar" and not (row["month"] == 2 and row["day"] == 29):
        first = date(row["year"], row["month"], row["day"]) if row["year"] else None
        start = first or solar_in_year(on.year, row["month"], row["day"], feb29)
        return [_event(uid, stamp, start, summary, ["RRULE:FREQ=YEARLY", *alarm])]
    events = []
    for offset in range(CALENDAR_YEARS):
        try:
            year = year_of(row["calendar"], on) + offset
            when = occurrence_in_year(
                row["month"], row["day"], row["calendar"], bool(row["is_leap_month"]), year, feb29
            )
        except ValidationError:  # beyond the years the lunar tables cover
            break
        if when >= on:
            events.append(
                _event(f"date-{row['id']}-{when:%Y}@funneldesk", stamp, when, summary, alarm)
            )
    return events


def activity_events(db: Database, on: date, stamp: str) -> Iterator[list[str]]:
    """Open activities from ``on`` on: timed ones at their local time (written in UTC, so
    every calendar shows them at the right moment), untimed ones as all-day events; each
    with its duration and a ``VALARM`` for its reminder. Done activities are left out."""
    rows = db.reader.execute(
        activities.SELECT + " WHERE a.done_at IS NULL AND a.due_date >= ?" + activities.ORDER,
        (on.isoformat(),),
    )
    for row in rows:
        item = activities.activity_from_row(row)
        title = item.title or ACTIVITY_TITLES[item.kind]
        summary = f"{title} — {item.customer_name}"
        extra = [f"DESCRIPTION:{ical_escape(item.notes)}"] if item.notes else []
        if item.remind_min_before is not None:
            extra += _alarm_before(item.remind_min_before, summary, timed=item.due_time is not None)
        uid = f"activity-{item.id}@funneldesk"
        if item.due_time is None:
            yield _event(uid, stamp, item.due_date, summary, extra)
            continue
        yield [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc_stamp(item.starts_at)}",
            f"DTEND:{_utc_stamp(item.ends_at)}",
            f"SUMMARY:{ical_escape(summary)}",
            *extra,
            "END:VEVENT",
        ]


def _utc_stamp(local: datetime) -> str:
    """A naive local moment as an iCalendar UTC date-time (``20261207T070000Z``)."""
    return local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _alarm_before(minutes: int, summary: str, *, timed: bool) -> list[str]:
    """A display alarm ``minutes`` before a timed start, or before 09:00 of an all-day one."""
    offset = -minutes if timed else 9 * 60 - minutes
    sign = "-" if offset < 0 else ""
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{ical_escape(summary)}",
        f"TRIGGER:{sign}PT{abs(offset)}M",
        "END:VALARM",
    ]


def export_calendar(
    db: Database,
    path: Path | str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    on: date | None = None,
) -> int:
    """Write important dates and open planned activities as ``.ics``; returns the event count."""
    on = on or today()
    stamp = now_timestamp().replace("-", "").replace(":", "")
    feb29 = feb29_rule(db)
    total = db.scalar("SELECT COUNT(*) FROM important_dates") or 0
    dates = db.reader.execute(
        "SELECT d.*, c.name FROM important_dates d JOIN customers c ON c.id = d.customer_id "
        "ORDER BY d.id"
    )
    count = done = 0
    with atomic_output(Path(path), text=False) as handle:
        head = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//FunnelDesk//FunnelDesk//EN",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:FunnelDesk",
        ]
        handle.write("".join(fold_line(line) for line in head).encode("utf-8"))
        for row in dates:
            for event in date_events(row, on, feb29, stamp):
                handle.write("".join(fold_line(line) for line in event).encode("utf-8"))
                count += 1
            done += 1
            _tick(done, total, progress, cancelled)
        for event in activity_events(db, on, stamp):
            handle.write("".join(fold_line(line) for line in event).encode("utf-8"))
            count += 1
        handle.write(fold_line("END:VCALENDAR").encode("utf-8"))
    if progress is not None:
        progress(total, total)
    return count

"""CSV export (BOM, formula injection) and the iCalendar file (RFC 5545)."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from funneldesk.core import activities, deals
from funneldesk.core import customers as ops
from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled
from funneldesk.core.exporting import (
    export_calendar,
    export_customers_csv,
    export_deals_csv,
    fold_line,
)
from funneldesk.core.safe_text import csv_text, csv_text_restored

INJECTIONS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", "\n=1"]


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to show Chinese"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


@pytest.mark.parametrize("payload", INJECTIONS)
def test_csv_cells_that_could_run_as_formulas_get_an_apostrophe(payload: str) -> None:
    assert csv_text(payload) == "'" + payload
    assert csv_text_restored(csv_text(payload)) == payload


def test_customer_csv_is_utf8_with_bom_and_neutralises_every_text_field(
    db: Database, tmp_path: Path
) -> None:
    for index, payload in enumerate(INJECTIONS):
        ops.create_customer(
            db,
            {
                "name": f"{payload} 张{index}",
                "company": payload,
                "title": payload,
                "city": payload,
                "notes": payload,
                "owner": payload,
                "source": payload,
            },
        )
    path = tmp_path / "c.csv"
    assert export_customers_csv(db, path) == len(INJECTIONS)
    header, *rows = read_csv(path)
    assert header[:3] == ["ID", "Name", "Company"]
    for row in rows:
        for column in ("Name", "Company", "Title", "City", "Notes", "Owner", "Source"):
            cell = row[header.index(column)]
            assert cell.startswith("'"), (column, cell)
    # rows come in name order (see test_name_order); the first payload is still neutralised
    assert "'=cmd|' /C calc'!A0 张0" in [row[header.index("Name")] for row in rows]


def test_deals_csv_has_numbers_and_names(db: Database, tmp_path: Path) -> None:
    ops.create_customer(db, {"name": "李雷", "company": "=EVIL()"})
    deals.create_deal(db, {"title": "-5 units", "value": 1234.5, "customer_id": 1})
    path = tmp_path / "d.csv"
    export_deals_csv(db, path)
    header, row = read_csv(path)
    record = dict(zip(header, row, strict=True))
    assert record["Title"] == "'-5 units"
    assert record["Customer"] == "李雷" and record["Company"] == "'=EVIL()"
    assert float(record["Value"]) == 1234.5 and record["Status"] == "open"


def test_cancelled_export_leaves_no_file(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import funneldesk.core.exporting as exporting

    monkeypatch.setattr(exporting, "PROGRESS_EVERY", 1)
    for i in range(3):
        ops.create_customer(db, {"name": f"P{i}"})
    path = tmp_path / "c.csv"
    with pytest.raises(Cancelled):
        export_customers_csv(db, path, cancelled=lambda: True)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("c.csv", ".c.csv"))]


# -- calendar --------------------------------------------------------------------------------


@pytest.fixture
def calendar_db(db: Database) -> Database:
    ops.create_customer(db, {"name": "张三丰 " + "很长的名字" * 12})
    ops.create_customer(db, {"name": "Ann; Lee, Jr."})
    ops.add_important_date(db, 1, {"kind": "birthday", "month": 7, "day": 9, "year": 1985})
    ops.add_important_date(
        db, 1, {"kind": "custom", "label": "春节", "month": 1, "day": 1, "calendar": "lunar"}
    )
    ops.add_important_date(
        db, 2, {"kind": "anniversary", "month": 2, "day": 29, "remind_days_before": 0}
    )
    ops.add_interaction(
        db,
        2,
        {"kind": "call", "summary": "Send price list,\nthen call", "next_follow_up": "2026-12-01"},
    )
    ops.add_interaction(db, 2, {"kind": "call", "next_follow_up": "2026-01-01"})
    return db


def test_calendar_is_valid_rfc5545(calendar_db: Database, tmp_path: Path) -> None:
    import vobject

    path = tmp_path / "dates.ics"
    count = export_calendar(calendar_db, path, on=date(2026, 11, 25))
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    calendar = vobject.readOne(raw.decode("utf-8"))
    events = calendar.contents["vevent"]
    assert len(events) == count
    assert all(e.uid.value and e.dtstamp.value and e.dtstart.value for e in events)
    assert len({e.uid.value for e in events}) == count
    summaries = [e.summary.value for e in events]
    assert "Ann; Lee, Jr. — Anniversary" in summaries
    assert any(s.startswith("张三丰 很长的名字") and s.endswith("春节") for s in summaries)


def test_solar_dates_repeat_yearly_and_lunar_ones_are_expanded(
    calendar_db: Database, tmp_path: Path
) -> None:
    import vobject

    path = tmp_path / "dates.ics"
    export_calendar(calendar_db, path, on=date(2026, 11, 25))
    events = vobject.readOne(path.read_text(encoding="utf-8")).contents["vevent"]
    birthday = [e for e in events if e.summary.value.endswith("Birthday")]
    assert len(birthday) == 1
    assert birthday[0].dtstart.value == date(1985, 7, 9)
    assert birthday[0].rrule.value == "FREQ=YEARLY"
    spring = sorted(e.dtstart.value for e in events if e.summary.value.endswith("春节"))
    assert spring[:3] == [date(2027, 2, 6), date(2028, 1, 26), date(2029, 2, 13)]
    assert not any(hasattr(e, "rrule") for e in events if e.summary.value.endswith("春节"))
    leap_day = sorted(e.dtstart.value for e in events if "Anniversary" in e.summary.value)
    assert leap_day[:3] == [date(2027, 2, 28), date(2028, 2, 29), date(2029, 2, 28)]


def test_open_activities_are_exported_with_local_times_duration_and_alarm(
    calendar_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vobject

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        meeting = activities.add_activity(
            calendar_db,
            {
                "customer_id": 1,
                "kind": "meeting",
                "title": "Contract; terms",
                "due_date": "2026-11-27",
                "due_time": "15:00",
                "duration_min": 45,
                "remind_min_before": 30,
            },
        ).inserted_ids("activities")[0]
        done = activities.add_activity(
            calendar_db, {"customer_id": 1, "due_date": "2026-11-28", "title": "Done already"}
        ).inserted_ids("activities")[0]
        activities.complete_activity(calendar_db, done)
        path = tmp_path / "dates.ics"
        export_calendar(calendar_db, path, on=date(2026, 11, 25))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    events = vobject.readOne(path.read_text(encoding="utf-8")).contents["vevent"]
    by_uid = {e.uid.value: e for e in events}
    timed = by_uid[f"activity-{meeting}@funneldesk"]
    assert timed.summary.value.startswith("Contract; terms")
    assert timed.dtstart.value == datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai
    assert timed.dtend.value - timed.dtstart.value == timedelta(minutes=45)
    assert timed.valarm.trigger.value == -timedelta(minutes=30)
    follow_up = by_uid["activity-1@funneldesk"]  # planned with the logged call
    assert follow_up.dtstart.value == date(2026, 12, 1)  # all day: no time was given
    assert follow_up.description.value == "Send price list,\nthen call"
    assert f"activity-{done}@funneldesk" not in by_uid
    assert "activity-2@funneldesk" not in by_uid  # due 1 January: in the past


def test_folding_never_splits_a_character() -> None:
    folded = fold_line("SUMMARY:" + "生日快乐🎂" * 30).encode("utf-8")
    pieces = folded[:-2].split(b"\r\n ")
    assert all(len(p) <= 75 for p in pieces)
    assert b"".join(pieces).decode("utf-8") == "SUMMARY:" + "生日快乐🎂" * 30

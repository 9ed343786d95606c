"""Reminders: a notification at the reminder time from a fake clock, never for a done or
deleted activity, missed ones listed at the next start, and the tray setting."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow

from funneldesk.core import activities, clock, customers
from funneldesk.ui import preferences
from funneldesk.ui.activities import reminders as reminders_module
from funneldesk.ui.activities.reminders import MissedReminders, Reminders

DAY = date(2026, 12, 7)


@pytest.fixture
def plan(context) -> dict[str, int]:  # noqa: ANN001
    anna = customers.create_customer(context.db, {"name": "Anna"}).inserted_ids("customers")[0]

    def add(**values: object) -> int:
        changes = activities.add_activity(
            context.db, {"customer_id": anna, "kind": "call", "due_date": DAY, **values}
        )
        return changes.inserted_ids("activities")[0]

    return {
        "call": add(title="Quote", due_time="15:00", remind_min_before=15),  # 14:45
        "done": add(title="Done one", due_time="15:00", remind_min_before=10),
        "deleted": add(title="Deleted one", due_time="15:00", remind_min_before=5),
        "quiet": add(title="No reminder", due_time="15:00"),
    }


@pytest.fixture
def closed(context, plan) -> None:  # noqa: ANN001
    """The plan's "done" activity completed and its "deleted" one deleted."""
    activities.complete_activity(context.db, plan["done"])
    activities.delete_activity(context.db, plan["deleted"])


@pytest.fixture
def window(qtbot) -> QMainWindow:  # noqa: ANN001
    widget = QMainWindow()
    qtbot.addWidget(widget)
    return widget


def test_reminder_fires_at_its_time_from_the_clock_and_never_for_done_or_deleted(
    qtbot,
    context,
    plan,
    closed,
    window,  # noqa: ANN001
) -> None:
    with clock.frozen_at(datetime(2026, 12, 7, 14, 0)):
        service = Reminders(window, context)
    with clock.frozen_at(datetime(2026, 12, 7, 14, 44)):
        assert service.check() == []
    with clock.frozen_at(datetime(2026, 12, 7, 14, 45, 30)), qtbot.waitSignal(service.reminded):
        fired = service.check()
    assert [a.id for a in fired] == [plan["call"]] and service.shown == [plan["call"]]
    title, body = reminders_module.reminder_text(fired[0])
    assert title == "15:00 · Quote" and body == "Anna"
    with clock.frozen_at(datetime(2026, 12, 7, 16, 0)):
        assert service.check() == []  # once only


def test_clicking_the_notification_opens_the_activity(context, plan, window, monkeypatch) -> None:  # noqa: ANN001
    opened: list[int] = []
    monkeypatch.setattr(reminders_module, "open_activity", lambda _p, _c, i: opened.append(i))
    with clock.frozen_at(datetime(2026, 12, 7, 14, 0)):
        service = Reminders(window, context)
    with clock.frozen_at(datetime(2026, 12, 7, 14, 46)):
        service.check()
    service.tray.messageClicked.emit()
    assert opened == [plan["call"]]


def test_reminders_missed_while_closed_are_listed_at_the_next_start(
    qtbot,
    context,
    plan,
    closed,
    window,  # noqa: ANN001
) -> None:
    with clock.frozen_at(datetime(2026, 12, 7, 9, 0)):
        Reminders(window, context)  # the app ran this morning, then was closed
    with clock.frozen_at(datetime(2026, 12, 7, 18, 0)):
        service = Reminders(window, context)
    assert [a.id for a in service.missed] == [plan["call"]]
    service.show_missed()
    shown = window.findChildren(MissedReminders)
    assert len(shown) == 1 and shown[0].list.count() == 1
    assert "Quote" in shown[0].list.item(0).text()
    with clock.frozen_at(datetime(2026, 12, 7, 18, 5)):
        assert Reminders(window, context).missed == []  # listed once


def test_closing_keeps_running_in_the_tray_only_when_chosen(context, window, monkeypatch) -> None:  # noqa: ANN001
    service = Reminders(window, context)
    monkeypatch.setattr(service.tray, "isVisible", lambda: True)
    preferences.set_keep_in_tray(False)
    assert not service.keeps_running(QCloseEvent())
    preferences.set_keep_in_tray(True)
    event = QCloseEvent()
    window.show()
    assert service.keeps_running(event) and not event.isAccepted() and not window.isVisible()
    preferences.set_keep_in_tray(False)

"""The agenda: a week of activities by day and hour; drag to move (undoable), click to open,
untimed ones in the all-day strip, today's line."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from funneldesk.core import activities, clock, customers
from funneldesk.ui.activities import agenda as agenda_module
from funneldesk.ui.activities.agenda import AgendaView, _lanes, week_start


@pytest.fixture
def monday() -> date:
    return week_start(clock.today())


@pytest.fixture
def planned(context, monday) -> dict[str, int]:  # noqa: ANN001
    anna = customers.create_customer(context.db, {"name": "Anna"}).inserted_ids("customers")[0]

    def add(**values: object) -> int:
        changes = activities.add_activity(
            context.db, {"customer_id": anna, "kind": "call", **values}
        )
        return changes.inserted_ids("activities")[0]

    return {
        "call": add(title="Quote", due_date=monday, due_time="10:00", duration_min=30),
        "task": add(kind="task", title="Prepare", due_date=monday + timedelta(days=2)),
        "next_week": add(title="Later", due_date=monday + timedelta(days=8), due_time="09:00"),
    }


@pytest.fixture
def agenda(qtbot, context, planned):  # noqa: ANN001, ANN201
    view = AgendaView(context)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def _block(view: AgendaView, activity_id: int) -> QPoint:
    view.grid.layout_items()
    placed = next(p for p in view.grid.placed() if p.item.id == activity_id)
    return placed.rect.center()


def test_the_week_shows_timed_blocks_and_untimed_in_the_strip(agenda, planned) -> None:  # noqa: ANN001
    ids = {a.id for a in agenda.items}
    assert ids == {planned["call"], planned["task"]}  # next week's is not in this week
    agenda.grid.layout_items()
    by_id = {p.item.id: p.rect for p in agenda.grid.placed()}
    strip_bottom = agenda.grid.strip_top() + agenda.grid.strip_height()
    assert by_id[planned["task"]].bottom() < strip_bottom  # untimed: in the all-day strip
    assert by_id[planned["call"]].top() == agenda.grid.y_of(datetime(2000, 1, 1, 10).time())
    agenda.shift(7)
    assert {a.id for a in agenda.items} == {planned["next_week"]}


def test_dragging_a_block_moves_it_and_undo_puts_it_back(
    qtbot, agenda, context, planned, monday
) -> None:  # noqa: ANN001
    grid = agenda.grid
    start = _block(agenda, planned["call"])
    thursday_14 = QPoint(
        round(grid.day_x(3) + grid.day_width() / 2), grid.y_of(datetime(2000, 1, 1, 14).time()) + 2
    )
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(grid, start + QPoint(10, 10))
    qtbot.mouseMove(grid, thursday_14)
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=thursday_14)
    moved = activities.get_activity(context.db, planned["call"])
    assert (moved.due_date, moved.due_time) == (monday + timedelta(days=3), "14:00")
    context.undo_stack.undo()
    back = activities.get_activity(context.db, planned["call"])
    assert (back.due_date, back.due_time) == (monday, "10:00")


def test_a_click_opens_the_activity(qtbot, agenda, planned, monkeypatch) -> None:  # noqa: ANN001
    opened: list[int] = []
    monkeypatch.setattr(agenda_module, "open_activity", lambda _p, _c, i: opened.append(i))
    point = _block(agenda, planned["call"])
    qtbot.mouseClick(agenda.grid, Qt.MouseButton.LeftButton, pos=point)
    assert opened == [planned["call"]]


def test_overlapping_blocks_share_their_slot_side_by_side(context, planned, monday) -> None:  # noqa: ANN001
    anna = activities.get_activity(context.db, planned["call"]).customer_id
    for at in ("10:15", "11:00"):
        activities.add_activity(
            context.db, {"customer_id": anna, "due_date": monday, "due_time": at}
        )
    day = [a for a in activities.activities_between(context.db, monday, monday) if a.due_time]
    assert [(lane, lanes) for _item, lane, lanes in _lanes(day)] == [(0, 2), (1, 2), (0, 1)]


def test_a_narrow_block_shows_whole_lines_or_its_icon_alone(qapp) -> None:  # noqa: ANN001
    from PySide6.QtGui import QFontMetrics

    from funneldesk.ui.activities.agenda import block_lines

    metrics = QFontMetrics(qapp.font())
    line = metrics.height()
    parts = ["12:00", "Siobhán Becker", "Meeting: Quarterly review"]
    assert block_lines(parts, metrics.horizontalAdvance("00:0"), 5 * line, metrics) == []
    tall = block_lines(parts, metrics.horizontalAdvance("12:00 Sio"), 5 * line, metrics)
    assert tall[0] == "12:00" and tall[1].startswith("Si") and tall[1].endswith("…")
    assert len(tall) == 3 and all(len(text) > 1 for text in tall)  # no one-letter lines
    assert block_lines(parts, 2000, line, metrics) == [
        "12:00 Siobhán Becker · Meeting: Quarterly review"
    ]
    assert block_lines(["", "Ana", "Call"], 2000, line, metrics) == ["Ana · Call"]


def test_hovering_a_block_shows_all_of_it(qtbot, agenda, planned, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_a: shown.append(text))
    grid = agenda.grid
    block = next(p for p in grid.placed() if p.item.due_time)
    point = block.rect.center()
    grid.event(QHelpEvent(QEvent.Type.ToolTip, point, grid.mapToGlobal(point)))
    assert shown and shown[0].startswith(block.item.due_time)
    assert block.item.customer_name in shown[0]
    grid.event(QHelpEvent(QEvent.Type.ToolTip, QPoint(1, 1), grid.mapToGlobal(QPoint(1, 1))))
    assert len(shown) == 1

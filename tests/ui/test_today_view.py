"""The Today view: the day's plan in groups, Done and snooze, drag to reschedule, one-click
greetings, idle deals, first start."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from funneldesk.core import activities, clock, customers, deals
from funneldesk.ui.activities.dialog import ActivityDialog, DoneDialog
from funneldesk.ui.activities.snooze import snooze_menu
from funneldesk.ui.today.greeting_dialog import GreetingDialog
from funneldesk.ui.today.view import TodayView


def _customer(db, name: str) -> int:  # noqa: ANN001
    return customers.create_customer(db, {"name": name}).inserted_ids("customers")[0]


@pytest.fixture
def filled(db):  # noqa: ANN001, ANN201
    """Anna's birthday in two days (with a drink she likes), Bob's follow-up five days
    overdue, and a deal of Bob's untouched for 40 days."""
    today = clock.today()
    birthday = today + timedelta(days=2)
    anna = _customer(db, "Anna Müller")
    customers.add_important_date(
        db,
        anna,
        {
            "kind": "birthday",
            "month": birthday.month,
            "day": birthday.day,
            "year": birthday.year - 40,
        },
    )
    customers.add_preference(db, anna, "drink", "Riesling")
    bob = _customer(db, "王伟")
    customers.add_interaction(
        db,
        bob,
        {
            "kind": "call",
            "summary": "Send the quote",
            "occurred_at": f"{today - timedelta(days=9)}T09:00:00Z",
            "next_follow_up": (today - timedelta(days=5)).isoformat(),
        },
    )
    deal_id = deals.create_deal(db, {"title": "Office chairs", "customer_id": bob}).inserted_ids(
        "deals"
    )[0]
    old = f"{today - timedelta(days=40)}T09:00:00Z"
    with db.bulk() as conn:
        conn.execute("UPDATE deals SET created_at = ?", (old,))
        conn.execute("UPDATE stage_changes SET changed_at = ?", (old,))
    return {"anna": anna, "bob": bob, "deal": deal_id}


@pytest.fixture
def view(qtbot, context):  # noqa: ANN001, ANN201
    widget = TodayView(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loading)
    return widget


def test_first_start_shows_the_welcome_with_demo_and_import(view) -> None:  # noqa: ANN001
    assert view.pages.currentWidget() is view.welcome
    assert view.welcome.demo_button.isVisible()


def test_welcome_gives_way_to_the_lists_once_a_customer_exists(view, context, qtbot) -> None:  # noqa: ANN001
    context.run(customers.create_customer, {"name": "First"})
    qtbot.waitUntil(lambda: view.pages.currentWidget() is not view.welcome and not view.loading)
    hints = [view.plan.model.row(n) for n in range(view.plan.model.rowCount())]
    assert [r.kind for r in hints] == ["group", "hint"] * 3
    assert "plan one" in hints[3].text  # an empty group says what to do next


def test_lists_show_the_plan_greetings_and_idle_deals(filled, view) -> None:  # noqa: ANN001
    (greeting,) = view.people.items("greetings")
    assert greeting.title == "Anna Müller"
    assert "turns 40" in greeting.detail and greeting.tone == "accent"
    (follow_up,) = view.plan.items("overdue")  # the follow-up date logged with the call
    assert follow_up.title == "王伟" and follow_up.tone == "overdue"
    assert "5 days overdue" in follow_up.when
    (idle,) = view.people.items("idle")
    assert idle.title == "Office chairs" and idle.tone == "idle" and "40" in idle.when


def _click_action(qtbot, column, key: str, position: int = 0, which: str = "action") -> None:  # noqa: ANN001
    row = column.row_of(key, position)
    column.scrollTo(column.model.index(row))
    qtbot.mouseClick(
        column.viewport(), Qt.MouseButton.LeftButton, pos=column.button_center(row, which)
    )


def test_one_click_greeting_is_copied_logged_and_undoable(
    filled,
    view,
    context,
    qtbot,
    monkeypatch,  # noqa: ANN001
) -> None:
    opened: list[GreetingDialog] = []

    def copy_at_once(dialog: GreetingDialog) -> int:
        opened.append(dialog)
        dialog.copy_and_log()
        return 1

    monkeypatch.setattr(GreetingDialog, "exec", copy_at_once)
    _click_action(qtbot, view.people, "greetings")
    assert len(opened) == 1
    text = QGuiApplication.clipboard().text()
    assert "Anna Müller" in text and "40th" in text and "Riesling" in text
    logged = context.db.query_one(
        "SELECT kind, summary FROM interactions WHERE customer_id = ?", (filled["anna"],)
    )
    assert (logged["kind"], logged["summary"]) == ("greeting", text)
    qtbot.waitUntil(lambda: view.people.items("greetings")[0].done)
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: not view.people.items("greetings")[0].done)
    assert (
        context.db.scalar(
            "SELECT COUNT(*) FROM interactions WHERE customer_id = ?", (filled["anna"],)
        )
        == 0
    )


def test_chinese_name_gets_the_chinese_template(filled, view, context, qtbot, monkeypatch) -> None:  # noqa: ANN001
    wang = filled["bob"]
    birthday = clock.today()
    customers.add_important_date(
        context.db, wang, {"kind": "birthday", "month": birthday.month, "day": birthday.day}
    )
    view.refresh()
    qtbot.waitUntil(lambda: not view.loading and len(view.people.items("greetings")) == 2)
    row = next(i for i, item in enumerate(view.people.items("greetings")) if item.title == "王伟")
    texts: list[str] = []
    monkeypatch.setattr(
        GreetingDialog, "exec", lambda dialog: texts.append(dialog.message.toPlainText()) or 0
    )
    _click_action(qtbot, view.people, "greetings", row)
    assert texts and "王伟" in texts[0] and "生日快乐" in texts[0]


def test_done_logs_the_contact_offers_the_next_one_and_undo_brings_the_row_back(
    filled,
    view,
    context,
    qtbot,
    monkeypatch,  # noqa: ANN001
) -> None:
    def went_well(dialog: DoneDialog) -> int:
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("positive"))
        dialog.summary.setPlainText("Quote accepted")
        return 1

    drafts: list[dict] = []
    monkeypatch.setattr(DoneDialog, "exec", went_well)
    monkeypatch.setattr(ActivityDialog, "exec", lambda d: drafts.append(d.values()) or 0)
    _click_action(qtbot, view.plan, "overdue")
    qtbot.waitUntil(lambda: view.plan.items("overdue") == [])
    logged = context.db.query_one(
        "SELECT kind, outcome, summary FROM interactions ORDER BY id DESC"
    )
    assert tuple(logged) == ("call", "positive", "Quote accepted")
    (draft,) = drafts  # "schedule the next one": same customer and kind, a week on
    assert (draft["customer_id"], draft["kind"]) == (filled["bob"], "call")
    assert draft["due_date"] == clock.today() + timedelta(days=7)
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: len(view.plan.items("overdue")) == 1)


def test_groups_order_the_day_by_time_then_untimed_and_the_week_by_day(
    filled,
    view,
    context,
    qtbot,  # noqa: ANN001
) -> None:
    today = clock.today()
    bob = filled["bob"]
    for values in (
        {"title": "Untimed", "due_date": today},
        {"title": "Afternoon", "due_date": today, "due_time": "15:00"},
        {"title": "Morning", "due_date": today, "due_time": "00:00"},
        {"title": "In three days", "due_date": today + timedelta(days=3)},
        {"title": "Tomorrow", "due_date": today + timedelta(days=1), "due_time": "10:00"},
        {"title": "Too far", "due_date": today + timedelta(days=9)},
    ):
        context.run(activities.add_activity, {"customer_id": bob, "kind": "call", **values})
    qtbot.waitUntil(lambda: len(view.plan.items("week")) == 2)
    detail = [i.detail for i in view.plan.items("today")]
    assert detail == ["Call: Morning", "Call: Afternoon", "Call: Untimed"]
    rows = [view.plan.model.row(n) for n in range(view.plan.model.rowCount())]
    week = [(r.kind, r.day) for r in rows if r.group.key == "week"][1:]
    assert [day for kind, day in week if kind == "day"] == [
        today + timedelta(days=n) for n in range(1, 8)
    ]
    assert [day for kind, day in week if kind == "item"] == [
        today + timedelta(days=1),
        today + timedelta(days=3),
    ]


def test_snooze_moves_the_row_to_tomorrow_and_undo_brings_it_back(
    filled,
    view,
    context,
    qtbot,
    monkeypatch,  # noqa: ANN001
) -> None:
    from funneldesk.ui.today import actions as today_actions

    chosen: list[str] = []

    class PickTomorrow:  # the real menu, with "Tomorrow" picked instead of a popup
        def __init__(self, *args) -> None:  # noqa: ANN002
            self.menu = snooze_menu(*args)

        def exec(self, _where) -> None:  # noqa: ANN001
            action = next(a for a in self.menu.actions() if a.text() == "Tomorrow")
            chosen.append(action.text())
            action.trigger()

    monkeypatch.setattr(today_actions, "snooze_menu", PickTomorrow)
    _click_action(qtbot, view.plan, "overdue", which="snooze")
    assert chosen == ["Tomorrow"]
    qtbot.waitUntil(lambda: len(view.plan.items("week")) == 1)
    assert view.plan.items("overdue") == []
    (moved,) = view.plan.items("week")
    assert moved.payload.due_date == clock.today() + timedelta(days=1)
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: len(view.plan.items("overdue")) == 1)


def test_dropping_a_row_on_another_group_reschedules_it(filled, view, context, qtbot) -> None:  # noqa: ANN001
    model = view.plan.model
    source = model.index(view.plan.row_of("overdue"))
    assert model.flags(source) & Qt.ItemFlag.ItemIsDragEnabled
    mime = model.mimeData([source])
    today_header = next(
        n
        for n in range(model.rowCount())
        if model.row(n).kind == "group" and model.row(n).group.key == "today"
    )
    target = model.index(today_header)
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, target)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, target)
    qtbot.waitUntil(lambda: len(view.plan.items("today")) == 1)
    assert view.plan.items("today")[0].payload.due_date == clock.today()
    overdue_header = model.index(0)
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, overdue_header)


def test_mine_shows_one_owners_plan_and_groups_collapse(filled, view, context, qtbot) -> None:  # noqa: ANN001
    today = clock.today()
    for owner in ("Kim", "Lee"):
        context.run(
            activities.add_activity,
            {"customer_id": filled["anna"], "due_date": today, "title": owner, "owner": owner},
        )
    qtbot.waitUntil(lambda: len(view.plan.items("today")) == 2)
    view.owner.setCurrentIndex(view.owner.findData("Kim"))
    view.owner.activated.emit(view.owner.currentIndex())
    assert [i.payload.owner for i in view.plan.items("today")] == ["Kim"]
    view.owner.setCurrentIndex(view.owner.findData(""))
    view.owner.activated.emit(view.owner.currentIndex())
    assert len(view.plan.items("today")) == 2
    header = next(
        n for n in range(view.plan.model.rowCount()) if view.plan.model.row(n).group.key == "today"
    )
    rect = view.plan.visualRect(view.plan.model.index(header))
    qtbot.mouseClick(view.plan.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not any(
        view.plan.model.row(n).kind == "item" and view.plan.model.row(n).group.key == "today"
        for n in range(view.plan.model.rowCount())
    )


def test_idle_deal_opens_on_the_board(filled, view, context, qtbot) -> None:  # noqa: ANN001
    with qtbot.waitSignal(context.navigate) as signal:
        _click_action(qtbot, view.people, "idle")
    assert signal.args == ["pipeline", {"deal_id": filled["deal"]}]


def test_header_shows_todays_date_in_the_locale(view) -> None:  # noqa: ANN001
    from PySide6.QtCore import QLocale

    expected = QLocale().toString(clock.today(), QLocale.FormatType.LongFormat)
    assert view.header._subtitle.text() == expected


def test_open_demo_data_builds_a_new_file_on_a_worker_and_opens_it(
    view,
    qtbot,
    tmp_path,
    monkeypatch,  # noqa: ANN001
) -> None:

    import funneldesk.ui.windows
    from funneldesk.core.demo import holds_data
    from funneldesk.ui.today import welcome

    target = tmp_path / "demo.sqlite"
    opened: list[str] = []
    monkeypatch.setattr(welcome, "new_demo_path", lambda: target)
    view.welcome.demo_customers = 40
    monkeypatch.setattr(funneldesk.ui.windows, "open_window", lambda path, **_: opened.append(path))
    qtbot.mouseClick(view.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    assert opened == [str(target)] and holds_data(target)
    assert view.welcome.demo_button.isEnabled()


def test_cancelled_demo_leaves_no_file(qapp, tmp_path) -> None:  # noqa: ANN001
    from funneldesk.core.errors import Cancelled
    from funneldesk.ui.today.demo_job import demo_job

    target = tmp_path / "demo.sqlite"
    job = demo_job(target, "en", customers=40)
    with pytest.raises(Cancelled):
        job(lambda done, total: None, lambda: True)  # on this thread: deterministic
    assert not target.exists()


def test_changes_made_while_hidden_show_when_the_view_is_shown_again(
    filled,
    view,
    context,
    qtbot,  # noqa: ANN001
) -> None:
    view.hide()
    (item,) = view.plan.items("overdue")
    context.run(activities.complete_activity, item.payload.id)
    assert len(view.plan.items("overdue")) == 1  # not re-read while nobody looks
    view.show()
    qtbot.waitUntil(lambda: view.plan.items("overdue") == [])


def test_space_on_a_row_does_what_its_button_does(filled, view, context, qtbot) -> None:  # noqa: ANN001
    view.people.setCurrentIndex(view.people.model.index(view.people.row_of("idle")))
    with qtbot.waitSignal(context.navigate) as signal:
        qtbot.keyClick(view.people, Qt.Key.Key_Space)
    assert signal.args == ["pipeline", {"deal_id": filled["deal"]}]


def test_templates_can_be_edited_ahead_with_a_preview_and_undone(qtbot, context) -> None:  # noqa: ANN001
    from funneldesk.core.greetings import DEFAULT_TEMPLATES, templates
    from funneldesk.ui.today.templates_dialog import TemplatesDialog

    dialog = TemplatesDialog(None, context)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.occasion.setCurrentIndex(dialog.occasion.findData("birthday"))
    dialog.template.editor.setPlainText("{name}，[{years}岁]生日快乐！[送您{preference.drink}。]")
    assert dialog.preview.text() == "张三，40岁生日快乐！送您龙井茶。"
    dialog.template.save()
    assert templates(context.db)["zh_CN"]["birthday"].startswith("{name}，")
    context.undo_stack.undo()
    assert templates(context.db)["zh_CN"]["birthday"] == DEFAULT_TEMPLATES["zh_CN"]["birthday"]


def test_a_big_group_shows_its_first_rows_with_the_whole_count_and_more_reads_the_rest(
    filled,
    view,
    context,
    qtbot,  # noqa: ANN001
) -> None:
    """Twelve overdue: five rows under the count 12 and "Show 7 more…"; clicking it reads
    the rest, and all twelve appear in the order of the day."""
    today = clock.today()
    for n in range(11):  # with Bob's follow-up: twelve overdue
        context.run(
            activities.add_activity,
            {"customer_id": filled["anna"], "due_date": today - timedelta(days=20 - n)},
        )
    model = view.plan.model
    qtbot.waitUntil(lambda: not view.loading and view.plan.group("overdue").count == 12)
    assert len(view.plan.items("overdue")) == 5
    (more,) = [n for n in range(model.rowCount()) if model.row(n).kind == "more"]
    assert model.row(more).hidden == 7
    assert view.plan.more_text(7) == "Show 7 more…"
    model.expand("overdue")
    qtbot.waitUntil(lambda: len(view.plan.items("overdue")) == 12)
    days = [item.payload.due_date for item in view.plan.items("overdue")]
    assert days == sorted(days) and view.plan.group("overdue").count == 12
    rows = [model.row(n) for n in range(model.rowCount())]
    assert sum(r.kind == "item" and r.group.key == "overdue" for r in rows) == 12
    assert not any(r.kind == "more" and r.group.key == "overdue" for r in rows)


def test_an_empty_groups_hint_wraps_instead_of_being_cut_off(qtbot) -> None:  # noqa: ANN001
    from funneldesk.ui.today.grouped_list import HINT_HEIGHT, Group, GroupedList

    hint = "Set “keep in touch every … days” on a customer's card."
    listing = GroupedList()
    qtbot.addWidget(listing)
    listing.set_groups([Group("keep_in_touch", "account-clock-outline", "Keep in touch", hint)])
    listing.resize(700, 300)
    listing.show()
    qtbot.wait(20)
    wide = listing.visualRect(listing.model.index(1, 0)).height()
    listing.resize(200, 300)
    qtbot.waitUntil(lambda: listing.visualRect(listing.model.index(1, 0)).height() > wide)
    assert wide == HINT_HEIGHT

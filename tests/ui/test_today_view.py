"""The Today view: what is due, one-click greetings, follow-ups done, idle deals, first start."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from funneldesk.core import clock, customers, deals
from funneldesk.ui.card.interaction_dialog import InteractionDialog
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
    assert view.greetings.stack.currentWidget() is view.greetings.empty


def test_lists_show_greetings_follow_ups_and_idle_deals(filled, view) -> None:  # noqa: ANN001
    (greeting,) = view.greetings.items()
    assert greeting.title == "Anna Müller"
    assert "turns 40" in greeting.detail and greeting.tone == "accent"
    (follow_up,) = view.follow_ups.items()
    assert follow_up.title == "王伟" and follow_up.tone == "overdue"
    assert "5 days overdue" in follow_up.when
    (idle,) = view.idle.items()
    assert idle.title == "Office chairs" and idle.tone == "idle" and "40" in idle.when


def _click_action(qtbot, section, row: int = 0) -> None:  # noqa: ANN001
    qtbot.mouseClick(
        section.view.viewport(), Qt.MouseButton.LeftButton, pos=section.button_center(row)
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
    _click_action(qtbot, view.greetings)
    assert len(opened) == 1
    text = QGuiApplication.clipboard().text()
    assert "Anna Müller" in text and "40th" in text and "Riesling" in text
    logged = context.db.query_one(
        "SELECT kind, summary FROM interactions WHERE customer_id = ?", (filled["anna"],)
    )
    assert (logged["kind"], logged["summary"]) == ("greeting", text)
    qtbot.waitUntil(lambda: view.greetings.items()[0].done)
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: not view.greetings.items()[0].done)
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
    qtbot.waitUntil(lambda: not view.loading and len(view.greetings.items()) == 2)
    row = next(i for i, item in enumerate(view.greetings.items()) if item.title == "王伟")
    texts: list[str] = []
    monkeypatch.setattr(
        GreetingDialog, "exec", lambda dialog: texts.append(dialog.message.toPlainText()) or 0
    )
    _click_action(qtbot, view.greetings, row)
    assert texts and "王伟" in texts[0] and "生日快乐" in texts[0]


def test_follow_up_done_logs_a_contact_and_clears_the_row(
    filled,
    view,
    context,
    qtbot,
    monkeypatch,  # noqa: ANN001
) -> None:
    monkeypatch.setattr(InteractionDialog, "exec", lambda dialog: 1)
    _click_action(qtbot, view.follow_ups)
    qtbot.waitUntil(lambda: view.follow_ups.items() == [])
    assert view.follow_ups.stack.currentWidget() is view.follow_ups.empty
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: len(view.follow_ups.items()) == 1)


def test_idle_deal_opens_on_the_board(filled, view, context, qtbot) -> None:  # noqa: ANN001
    with qtbot.waitSignal(context.navigate) as signal:
        _click_action(qtbot, view.idle)
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
    context.run(customers.add_interaction, filled["bob"], {"kind": "call"})
    assert len(view.follow_ups.items()) == 1  # not re-read while nobody looks
    view.show()
    qtbot.waitUntil(lambda: view.follow_ups.items() == [])


def test_space_on_a_row_does_what_its_button_does(filled, view, context, qtbot) -> None:  # noqa: ANN001
    view.idle.view.setCurrentIndex(view.idle.model.index(0))
    with qtbot.waitSignal(context.navigate) as signal:
        qtbot.keyClick(view.idle.view, Qt.Key.Key_Space)
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

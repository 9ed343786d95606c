"""Festival greetings: choosing festivals and customers, and greeting them in batches."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from funneldesk.core import customers, festivals
from funneldesk.core.festivals import festival_choice, festivals_due, set_festival_choice
from funneldesk.ui.festivals.settings_dialog import FestivalSettingsDialog
from funneldesk.ui.today import festival_dialog
from funneldesk.ui.today.festival_dialog import FestivalGreetingDialog, festival_row_text

ON = date(2026, 9, 20)  # Mid-Autumn Festival is on 25 September 2026


def _customer(context, name: str, **values) -> int:  # noqa: ANN001, ANN003
    return customers.create_customer(context.db, {"name": name, **values}).inserted_ids(
        "customers"
    )[0]


def test_settings_dialog_stores_the_choice_undoably(qtbot, context) -> None:  # noqa: ANN001
    anna = _customer(context, "Anna Li")
    _customer(context, "Bob")
    dialog = FestivalSettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.festivals["qixi"].setChecked(True)
    dialog.festivals["new_year"].setChecked(False)
    dialog.audience_buttons["list"].setChecked(True)
    dialog.search.setText("anna")
    dialog._find()
    assert dialog.results.count() == 1
    dialog.results.setCurrentRow(0)
    dialog._add_selected()
    dialog.accept()
    choice = festival_choice(context.db)
    assert choice.festivals == ("spring_festival", "qixi", "mid_autumn")
    assert (choice.audience, choice.customer_ids) == ("list", (anna,))
    context.undo_stack.undo()
    assert festival_choice(context.db) == festivals.FestivalChoice()


def test_source_audience_needs_a_source(qtbot, context, monkeypatch) -> None:  # noqa: ANN001
    shown: list[str] = []
    monkeypatch.setattr(context, "show_error", lambda message, parent=None: shown.append(message))
    dialog = FestivalSettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.audience_buttons["source"].setChecked(True)
    dialog.accept()
    assert shown == ["Choose the lead source whose customers to greet."]
    assert festival_choice(context.db) == festivals.FestivalChoice()


@pytest.fixture
def due(context):  # noqa: ANN001, ANN201
    for index in range(25):
        _customer(context, f"Customer {index:02d}")
    _customer(context, "王芳")
    set_festival_choice(context.db, {"festivals": ["mid_autumn"], "audience": "all"})
    (found,) = festivals_due(context.db, ON)
    return found


def test_row_text(due) -> None:  # noqa: ANN001
    assert festival_row_text(due) == "26 customers to greet"
    greeted = festivals.FestivalDue(**{**due.__dict__, "customer_ids": [1], "names": ["A"]})
    assert festival_row_text(dataclasses.replace(greeted, greeted=25)) == (
        "1 customer to greet · 25 greeted"
    )
    done = dataclasses.replace(due, customer_ids=[], names=[], greeted=26)
    assert festival_row_text(done) == "Everyone greeted (26)"


def test_batches_are_copied_and_logged_one_undoable_operation_each(
    qtbot,
    context,
    due,  # noqa: ANN001
) -> None:
    dialog = FestivalGreetingDialog(None, context, due)
    qtbot.addWidget(dialog)
    assert dialog.recipients.count() == 26
    assert dialog.copy_button.text() == "Copy and log 20"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert "Dear Customer 00," in dialog.message.toPlainText()
    assert "Mid-Autumn Festival" in dialog.message.toPlainText()
    dialog.copy_and_log()
    logged = context.db.query(
        "SELECT c.name, i.summary FROM interactions i JOIN customers c ON c.id = i.customer_id "
        "WHERE i.kind = 'greeting' ORDER BY c.name"
    )
    assert len(logged) == 20
    assert all(row["summary"].startswith(f"Dear {row['name']},") for row in logged)
    clipboard = QGuiApplication.clipboard().text()
    assert clipboard.count(festival_dialog.SEPARATOR) == 19
    assert dialog.recipients.count() == 6
    assert dialog.copy_button.text() == "Copy and log 6"
    assert context.undo_stack.count() == 1

    context.undo_stack.undo()
    assert context.db.scalar("SELECT COUNT(*) FROM interactions") == 0


def test_chinese_template_names_the_festival_in_chinese(qtbot, context, due) -> None:  # noqa: ANN001
    dialog = FestivalGreetingDialog(None, context, due)
    qtbot.addWidget(dialog)
    last = dialog.recipients.count() - 1
    assert dialog.recipients.item(last).text() == "王芳"
    dialog.recipients.setCurrentRow(last)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    assert "王芳您好" in dialog.message.toPlainText()
    assert "中秋节" in dialog.message.toPlainText()
    dialog._tick(lambda row: row == last)
    dialog.copy_and_log()
    assert "中秋节" in context.db.scalar("SELECT summary FROM interactions")
    assert dialog.recipients.item(0).checkState() == Qt.CheckState.Checked

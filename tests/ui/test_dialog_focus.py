"""Dialogs say what they act on, and give the keyboard focus back when they close."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from funneldesk.core import customers, deals
from funneldesk.ui.main_window import MainWindow
from funneldesk.ui.pipeline.lost_reason import LostReasonDialog


def _deal(context, title: str, customer: str | None = None) -> int:  # noqa: ANN001
    values: dict = {"title": title, "value": 100}
    if customer:
        values["customer_id"] = customers.create_customer(
            context.db, {"name": customer}
        ).inserted_ids("customers")[0]
    return deals.create_deal(context.db, values).inserted_ids("deals")[0]


def _focus(qtbot, widget) -> None:  # noqa: ANN001
    """Make ``widget``'s window the active one (other tests' windows may linger) and focus it."""
    window = widget.window()
    for other in QApplication.topLevelWidgets():  # popups and notes left by earlier tests
        if other.isVisible() and other is not window:
            other.hide()  # not close(): a window may ask "save changes?" on close
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _answer_next_dialog(qtbot, accept: bool = True) -> None:  # noqa: ANN001
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        # answer as a user does: once the dialog has the keyboard focus
        if dialog is None or QApplication.focusWindow() is not dialog.windowHandle():
            QTimer.singleShot(20, answer)
            return
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(20, answer)


def test_the_lost_dialog_names_the_deal_and_its_customer(qtbot, context) -> None:  # noqa: ANN001
    one = _deal(context, "Tea set", "张三")
    dialog = LostReasonDialog(context.db, [one])
    qtbot.addWidget(dialog)
    assert "“Tea set” — 张三" in dialog.question.text()
    assert "Tea set" in dialog.windowTitle()
    several = [one, _deal(context, "Desk"), _deal(context, "Sofa", "Ann Lee")]
    dialog = LostReasonDialog(context.db, several)
    qtbot.addWidget(dialog)
    text = dialog.question.text()
    assert "these 3 deals" in text and "“Desk”" in text and "“Sofa” — Ann Lee" in text


def test_the_follow_up_dialog_names_the_deal_and_its_customer(qtbot, context) -> None:  # noqa: ANN001
    from funneldesk.ui.activities.dialog import ActivityDialog

    deal = _deal(context, "Tea set", "张三")
    customer_id = context.db.scalar("SELECT customer_id FROM deals WHERE id = ?", (deal,))
    dialog = ActivityDialog(context, None, {"customer_id": customer_id, "deal_id": deal})
    qtbot.addWidget(dialog)
    assert dialog.subject.text() == "“Tea set” — 张三"
    assert dialog.windowTitle() == "Plan activity: Tea set"
    dialog.deal.setCurrentIndex(dialog.deal.findData(None))  # no deal: the customer alone
    assert (dialog.subject.text(), dialog.windowTitle()) == ("张三", "Plan activity: 张三")


def test_after_the_lost_dialog_ctrl_z_works_at_once(qtbot, context) -> None:  # noqa: ANN001
    deal = _deal(context, "Tea set", "张三")
    window = MainWindow(context)
    window.remember_state = False
    qtbot.addWidget(window)
    window.open_view("pipeline")
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    board = window.view("pipeline").board
    qtbot.waitUntil(lambda: board.columns and board.columns[0].model.rowCount() == 1)
    cards = board.columns[0].view
    _focus(qtbot, cards)
    _answer_next_dialog(qtbot)
    board.close_deals([deal], "lost")
    assert context.db.scalar("SELECT status FROM deals WHERE id = ?", (deal,)) == "lost"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cards)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert context.db.scalar("SELECT status FROM deals WHERE id = ?", (deal,)) == "open"


def test_focus_returns_after_any_dialog(qtbot, context) -> None:  # noqa: ANN001
    window = MainWindow(context)
    window.remember_state = False
    qtbot.addWidget(window)
    window.open_view("customers")
    window.show()
    qtbot.waitExposed(window)
    search = window.view("customers").filters.search
    _focus(qtbot, search)
    for make in (
        lambda: QMessageBox(QMessageBox.Icon.Question, "?", "Sure?", parent=window),
        lambda: QDialog(window),
    ):
        _answer_next_dialog(qtbot, accept=False)
        make().exec()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is search)

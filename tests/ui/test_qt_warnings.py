"""Opening any view (and a customer card) prints no Qt warning: each one is a bug report."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QtMsgType

from funneldesk.core.demo import generate_demo
from funneldesk.ui.main_window import MainWindow
from funneldesk.ui.views import VIEWS


@pytest.fixture
def window(qtbot, db):  # noqa: ANN001, ANN201
    from funneldesk.ui.context import AppContext

    generate_demo(db, customers=40, seed=3, reference=date.today())
    context = AppContext(db)
    window = MainWindow(context)
    window.remember_state = False
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    yield window
    context.undo_stack.clear()


def warnings(qtlog) -> list[str]:  # noqa: ANN001
    return [r.message for r in qtlog.records if r.type != QtMsgType.QtDebugMsg]


@pytest.mark.parametrize("view", [spec.name for spec in VIEWS])
def test_opening_a_view_prints_no_qt_warning(qtbot, qtlog, window, view: str) -> None:  # noqa: ANN001
    window.open_view(view)
    qtbot.wait(300)  # let workers answer and the view paint
    window.grab()
    assert warnings(qtlog) == []


def test_a_customer_card_marks_unsaved_changes_without_warnings(qtbot, qtlog, window) -> None:  # noqa: ANN001
    from funneldesk.ui.card.dialog import CustomerCardDialog

    customer = window.context.db.scalar("SELECT MIN(id) FROM customers")
    card = CustomerCardDialog(window, window.context, customer)
    card.show()
    qtbot.waitExposed(card)
    card.form.inputs["name"].setText(card.form.inputs["name"].text() + " Jr")
    card.form.edited.emit()
    assert card.isWindowModified()
    card.grab()
    assert warnings(qtlog) == []
    card._discard_and_close()  # no "Unsaved changes" question at teardown

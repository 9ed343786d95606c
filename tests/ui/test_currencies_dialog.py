"""Settings ▸ Currencies: rates are added, edited and deleted, each undoable, and the deals
whose currency has no rate are counted with a button that sets it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

from funneldesk.core import deals, money
from funneldesk.ui.currencies_dialog import CurrenciesDialog, RateEditor


@pytest.fixture
def dialog(qtbot, context):  # noqa: ANN001, ANN201
    widget = CurrenciesDialog(context)
    qtbot.addWidget(widget)
    return widget


def fill_next_editor(currency: str | None, rate: float, day: str) -> None:
    """Answer the rate editor the dialog is about to open."""

    def answer() -> None:
        editor = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, RateEditor) and w.isVisible()
        )
        if currency is not None:
            editor.currency.setText(currency)
        editor.rate.setValue(rate)
        editor.valid_from.setDate(QDate.fromString(day, "yyyy-MM-dd"))
        editor.done(QDialog.DialogCode.Accepted)

    QTimer.singleShot(0, answer)


def test_missing_rates_are_counted_and_set_from_their_button(qtbot, context, dialog) -> None:  # noqa: ANN001
    context.run(deals.create_deal, {"title": "Wine", "value": 90, "currency": "EUR"})
    context.run(deals.create_deal, {"title": "Cheese", "value": 40, "currency": "EUR"})
    assert dialog.missing.isVisibleTo(dialog)
    texts = [label.text() for label in dialog.missing.findChildren(QLabel)]
    assert texts == ["EUR deals without an exchange rate: 2, left out of totals."]
    assert [b.text() for b in dialog.missing.findChildren(QPushButton)] == ["Set EUR rate…"]
    fill_next_editor(None, 1.08, "2026-01-01")  # the currency is filled in already
    dialog.missing.findChildren(QPushButton)[0].click()
    assert [(r.currency, r.rate, r.valid_from) for r in money.list_rates(context.db)] == [
        ("EUR", 1.08, "2026-01-01")
    ]
    assert not dialog.missing.isVisibleTo(dialog)
    assert dialog.table.rowCount() == 1
    context.undo_stack.undo()
    assert money.list_rates(context.db) == [] and dialog.table.rowCount() == 0
    assert dialog.missing.isVisibleTo(dialog)


def test_rates_are_edited_and_deleted_undoably(qtbot, context, dialog) -> None:  # noqa: ANN001
    fill_next_editor("gbp", 1.25, "2026-02-01")
    dialog.add_button.click()
    dialog.table.selectRow(0)
    fill_next_editor("GBP", 1.3, "2026-03-01")
    dialog.edit_button.click()
    assert dialog.table.item(0, 1).text() == "1.3"
    assert dialog.table.item(0, 2).text() == "2026-03-01"
    dialog.table.selectRow(0)
    dialog.delete_button.click()
    assert dialog.table.rowCount() == 0
    context.undo_stack.undo()
    context.undo_stack.undo()
    rate = money.list_rates(context.db)[0]
    assert (rate.currency, rate.rate, rate.valid_from) == ("GBP", 1.25, "2026-02-01")

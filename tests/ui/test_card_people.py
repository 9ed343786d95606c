"""The card's keep-in-touch control and the "already known" offer for a new card."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QInputDialog, QMessageBox

from funneldesk.core import customers
from funneldesk.ui.card import dialog as card_dialog
from funneldesk.ui.card.dialog import CustomerCardDialog


@pytest.fixture
def card_for(qtbot, context, monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(card_dialog, "ask_unsaved_changes", lambda parent: "discard")
    opened: list[int | None] = []
    monkeypatch.setattr(
        card_dialog, "open_customer_card", lambda parent, ctx, cid: opened.append(cid)
    )
    built: list[CustomerCardDialog] = []

    def build(customer_id: int | None) -> CustomerCardDialog:
        card = CustomerCardDialog(None, context, customer_id)
        card.show()
        built.append(card)
        return card

    build.opened = opened
    yield build
    for card in built:
        if shiboken6.isValid(card):
            card.close()


def _customer(context, **values) -> int:  # noqa: ANN001, ANN003
    return customers.create_customer(context.db, values).inserted_ids("customers")[0]


def _every(context, customer_id: int) -> int | None:  # noqa: ANN001
    return context.db.scalar(
        "SELECT contact_every_days FROM customers WHERE id = ?", (customer_id,)
    )


def test_keep_in_touch_preset_is_saved_and_undoable(card_for, context) -> None:  # noqa: ANN001
    customer_id = _customer(context, name="Anna")
    card = card_for(customer_id)
    combo = card.form.inputs["contact_every_days"]
    assert combo.value() is None and combo.currentText() == "Off"
    combo.setCurrentIndex(combo.findData(30))
    assert card.is_dirty()
    assert card.save() is True
    assert _every(context, customer_id) == 30
    context.undo_stack.undo()
    assert _every(context, customer_id) is None
    assert card.form.inputs["contact_every_days"].value() is None


def test_keep_in_touch_any_number_of_days(card_for, context, monkeypatch) -> None:  # noqa: ANN001
    customer_id = _customer(context, name="Anna", contact_every_days=45)
    card = card_for(customer_id)
    combo = card.form.inputs["contact_every_days"]
    assert (combo.value(), combo.currentText()) == (45, "Every 45 days")
    monkeypatch.setattr(QInputDialog, "getInt", lambda *args: (60, True))
    other = combo.findData("other")
    combo.setCurrentIndex(other)
    combo.activated.emit(other)
    assert combo.value() == 60
    assert card.save() is True
    assert _every(context, customer_id) == 60


def test_new_card_with_a_known_phone_offers_the_existing_card(card_for, context) -> None:  # noqa: ANN001
    from funneldesk.core.settings_ops import set_settings

    set_settings(context.db, {"currency": "CNY"})  # numbers without +86 are China's
    known = _customer(context, name="王芳", company="华为", phone="+86 138 0013 8000")
    card = card_for(None)
    card.form.inputs["name"].setText("Wang Fang")
    card.form.inputs["phone"].setText("138-0013-8000")
    card.form.inputs["phone"].editingFinished.emit()
    assert card.known_banner.isVisible()
    assert card.known_banner.text.text() == "王芳 (华为) already has this phone number."
    card.known_banner.open_button.click()
    assert card_for.opened == [known]
    assert context.db.scalar("SELECT COUNT(*) FROM customers") == 1  # nothing saved


def test_saving_a_new_card_with_a_known_email_asks_first(
    card_for,
    context,
    monkeypatch,  # noqa: ANN001
) -> None:
    known = _customer(context, name="Bob", email="bob@example.com")
    card = card_for(None)
    card.form.inputs["name"].setText("Robert")
    card.form.inputs["email"].setText("BOB@example.com")
    answers = iter(["open", "new"])

    def exec_box(box: QMessageBox) -> int:
        wanted = "Open that card" if next(answers) == "open" else "Save as a new customer"
        for button in box.buttons():
            if button.text() == wanted:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    assert card.save() is False
    assert card_for.opened == [known]
    assert context.db.scalar("SELECT COUNT(*) FROM customers") == 1
    assert card.save() is True  # two people may share an address: saving anyway works
    assert context.db.scalar("SELECT COUNT(*) FROM customers") == 2
    assert not card.known_banner.isVisible()


def test_the_card_says_when_the_next_contact_is_due(card_for, context, monkeypatch) -> None:  # noqa: ANN001
    from datetime import date

    from funneldesk.core import clock

    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 25))
    customer_id = _customer(context, name="Anna", contact_every_days=14)
    customers.add_interaction(
        context.db, customer_id, {"kind": "call", "occurred_at": "2026-11-01T12:00:00Z"}
    )
    card = card_for(customer_id)
    assert card.form.keep_in_touch_hint.text() == "Last contact 24 days ago · 10 days over"
    combo = card.form.inputs["contact_every_days"]
    combo.setCurrentIndex(combo.findData(30))
    assert card.save() is True
    assert card.form.keep_in_touch_hint.text() == "Last contact 24 days ago · next due in 6 days"

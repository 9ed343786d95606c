"""The customer card: inline validation, undoable saves, and no silently lost edits."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QDialogButtonBox

from funneldesk.core import customers
from funneldesk.ui.card import dialog as card_dialog
from funneldesk.ui.card.date_dialog import DateDialog
from funneldesk.ui.card.dialog import CustomerCardDialog


def _customer(context, **values) -> int:  # noqa: ANN001, ANN003
    changes = customers.create_customer(context.db, {"name": "Anna Müller", **values})
    return changes.inserted_ids("customers")[0]


def _row(context, customer_id: int):  # noqa: ANN001, ANN202
    return context.db.query_one("SELECT * FROM customers WHERE id = ?", (customer_id,))


@pytest.fixture
def card_for(qtbot, context, monkeypatch):  # noqa: ANN001, ANN201
    """Builds cards; one left with unsaved edits is discarded when the test ends."""
    monkeypatch.setattr(card_dialog, "ask_unsaved_changes", lambda parent: "discard")
    built: list[CustomerCardDialog] = []

    def build(customer_id: int | None) -> CustomerCardDialog:
        card = CustomerCardDialog(None, context, customer_id)
        card.show()
        built.append(card)
        return card

    yield build
    for card in built:
        if shiboken6.isValid(card):
            card.close()


def test_bad_email_shows_a_message_next_to_the_field_and_saves_nothing(card_for, context) -> None:  # noqa: ANN001
    card = card_for(None)
    card.form.inputs["name"].setText("Bob")
    card.form.inputs["email"].setText("bob(at)example")
    card.form.inputs["email"].editingFinished.emit()
    assert card.form.errors["email"].isVisible()
    assert "not an e-mail address" in card.form.errors["email"].text()
    assert card.save() is False
    assert context.db.scalar("SELECT COUNT(*) FROM customers") == 0


def test_phone_with_impossible_digit_count_for_its_country_is_refused(card_for) -> None:  # noqa: ANN001
    card = card_for(None)
    card.form.inputs["phone"].setText("+86 138")
    assert card.form.check_field("phone") is False
    assert "+86 138" in card.form.errors["phone"].text()
    card.form.inputs["phone"].setText("+86 138 0013 8000")
    assert card.form.check_field("phone") is True
    assert not card.form.errors["phone"].isVisible()


def test_a_name_is_required(card_for) -> None:  # noqa: ANN001
    card = card_for(None)
    card.form.inputs["company"].setText("ACME")
    assert card.save() is False
    assert card.form.errors["name"].text() == "Name is required."


def test_save_is_undoable_and_the_card_shows_the_restored_value(card_for, context) -> None:  # noqa: ANN001
    customer_id = _customer(context, company="Old GmbH")
    card = card_for(customer_id)
    card.form.inputs["company"].setText("New GmbH")
    card.form.edited.emit()
    assert card.is_dirty()
    assert card.save() is True
    assert _row(context, customer_id)["company"] == "New GmbH"
    assert not card.is_dirty()
    context.undo_stack.undo()
    assert _row(context, customer_id)["company"] == "Old GmbH"
    assert card.form.value("company") == "Old GmbH"
    context.undo_stack.redo()
    assert _row(context, customer_id)["company"] == "New GmbH"


def test_new_customer_is_created_by_save_and_removed_by_undo(card_for, context) -> None:  # noqa: ANN001
    card = card_for(None)
    card.form.inputs["name"].setText("张三")
    card.form.inputs["phone"].setText("138-0013-8000")
    assert card.save() is True
    assert context.db.scalar("SELECT name FROM customers") == "张三"
    context.undo_stack.undo()
    assert context.db.scalar("SELECT COUNT(*) FROM customers") == 0
    assert not shiboken6.isValid(card) or not card.isVisible()  # nothing left to show


def test_long_notes_and_emoji_are_kept(card_for, context) -> None:  # noqa: ANN001
    customer_id = _customer(context)
    card = card_for(customer_id)
    notes = ("喜欢喝茶 🍵 — likes tea. " * 500)[:10_000]
    card.form.inputs["notes"].setPlainText(notes)
    card.form.inputs["name"].setText("Anna 🌸 Müller")
    assert card.save() is True
    row = _row(context, customer_id)
    assert row["notes"] == notes.strip() and row["name"] == "Anna 🌸 Müller"


@pytest.mark.parametrize(
    ("answer", "closed", "company"),
    [("cancel", False, "Old GmbH"), ("discard", True, "Old GmbH"), ("save", True, "Edited")],
)
def test_closing_with_unsaved_edits_asks_first(
    card_for,
    context,
    monkeypatch,
    answer: str,
    closed: bool,
    company: str,  # noqa: ANN001
) -> None:
    customer_id = _customer(context, company="Old GmbH")
    card = card_for(customer_id)
    asked: list[bool] = []
    monkeypatch.setattr(
        card_dialog, "ask_unsaved_changes", lambda parent: asked.append(True) or answer
    )
    card.form.inputs["company"].setText("Edited")
    card.close()
    assert asked == [True]
    assert card.isVisible() is not closed
    assert _row(context, customer_id)["company"] == company


def test_closing_without_edits_does_not_ask(card_for, context, monkeypatch) -> None:  # noqa: ANN001
    card = card_for(_customer(context))
    monkeypatch.setattr(card_dialog, "ask_unsaved_changes", lambda parent: pytest.fail("asked"))
    card.close()
    assert not card.isVisible()


def test_adding_a_date_to_a_new_customer_saves_the_customer_first(
    card_for,
    context,
    monkeypatch,  # noqa: ANN001
) -> None:
    def fill_and_accept(dialog: DateDialog) -> int:
        dialog.month.setCurrentIndex(6)
        dialog.day.setValue(9)
        return 1

    monkeypatch.setattr(DateDialog, "exec", fill_and_accept)
    card = card_for(None)
    card.form.inputs["name"].setText("Li Na")
    card.dates.add_date()
    customer_id = card.customer_id
    assert customer_id is not None
    assert context.db.query_one(
        "SELECT month, day FROM important_dates WHERE customer_id = ?", (customer_id,)
    )[:] == (7, 9)
    assert card.dates.tree.topLevelItemCount() == 1
    assert {"July", "9"} <= set(card.dates.tree.topLevelItem(0).text(1).replace(",", " ").split())


def test_adding_a_date_without_a_name_says_so(card_for, context, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(DateDialog, "exec", lambda dialog: pytest.fail("dialog opened"))
    card = card_for(None)
    card.dates.add_date()
    assert card.form.errors["name"].isVisible()
    assert context.db.scalar("SELECT COUNT(*) FROM customers") == 0


def test_impossible_solar_and_lunar_dates_are_refused_with_a_message(qtbot) -> None:  # noqa: ANN001
    dialog = DateDialog(None)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.month.setCurrentIndex(1)
    dialog.day.setValue(31)
    assert not save.isEnabled()
    assert "Day 31 does not exist" in dialog.error.text()
    dialog.day.setValue(29)
    assert save.isEnabled() and "Next:" in dialog.preview.text()
    dialog.lunar.setChecked(True)
    dialog.day.setValue(31)
    assert not save.isEnabled()
    assert "lunar month has no day 31" in dialog.error.text()
    dialog.day.setValue(30)
    assert save.isEnabled()


def test_date_dialog_shows_age_at_the_next_occurrence(qtbot) -> None:  # noqa: ANN001
    dialog = DateDialog(None)
    qtbot.addWidget(dialog)
    dialog.year_known.setChecked(True)
    dialog.year.setValue(1900)
    dialog.month.setCurrentIndex(0)
    dialog.day.setValue(1)
    upcoming = dialog.preview.text()
    assert "turns" in upcoming


def test_undoing_a_preference_removes_its_chip(card_for, context) -> None:  # noqa: ANN001
    card = card_for(_customer(context))
    card.preferences.category.setCurrentIndex(card.preferences.category.findData("drink"))
    card.preferences.value.setText("Oolong 🍵")
    card.preferences.add_preference()
    assert [chip.text() for chip in card.preferences.chips] == ["Oolong 🍵"]
    context.undo_stack.undo()
    assert card.preferences.chips == []


def test_opening_a_deal_navigates_to_the_board(card_for, context, qtbot) -> None:  # noqa: ANN001
    from funneldesk.core import deals

    customer_id = _customer(context)
    deal_id = deals.create_deal(
        context.db, {"title": "Fit-out", "customer_id": customer_id, "value": 1200}
    ).inserted_ids("deals")[0]
    card = card_for(customer_id)
    card.deals.tree.setCurrentItem(card.deals.tree.topLevelItem(0))
    with qtbot.waitSignal(context.navigate) as signal:
        card.deals.open_selected()
    assert signal.args == ["pipeline", {"deal_id": deal_id}]


def test_closing_the_main_window_asks_about_a_cards_unsaved_edits(
    qtbot,
    context,
    monkeypatch,  # noqa: ANN001
) -> None:
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    customer_id = _customer(context, company="Old GmbH")
    card = CustomerCardDialog(window, context, customer_id)
    card.show()
    answers = iter(["cancel", "save"])
    monkeypatch.setattr(card_dialog, "ask_unsaved_changes", lambda parent: next(answers))
    card.form.inputs["company"].setText("Edited")
    assert window.close() is False and window.isVisible()
    assert window.close() is True
    assert _row(context, customer_id)["company"] == "Edited"


def test_delete_customer_keeping_deals_is_undoable(card_for, context, monkeypatch) -> None:  # noqa: ANN001
    from funneldesk.core import deals

    customer_id = _customer(context)
    customers.add_preference(context.db, customer_id, "gift", "tea")
    deals.create_deal(context.db, {"title": "Fit-out", "customer_id": customer_id})
    card = card_for(customer_id)
    monkeypatch.setattr(card_dialog, "ask_delete", lambda parent, has_deals: "keep_deals")
    card.delete_customer()
    assert _row(context, customer_id) is None
    assert context.db.scalar("SELECT customer_id FROM deals WHERE title = 'Fit-out'") is None
    context.undo_stack.undo()
    assert _row(context, customer_id)["name"] == "Anna Müller"
    assert context.db.scalar("SELECT customer_id FROM deals") == customer_id
    assert context.db.scalar("SELECT value FROM preferences") == "tea"


def test_opening_a_customer_that_no_longer_exists_says_so(context, monkeypatch) -> None:  # noqa: ANN001
    shown: list[str] = []
    monkeypatch.setattr(context, "show_error", lambda message, parent=None: shown.append(message))
    card_dialog.open_customer_card(None, context, 999)
    assert shown == ["This customer no longer exists."]
    assert (id(context), 999) not in card_dialog._open_cards


def test_deals_keep_their_currency_and_the_open_total_adds_them_up_converted(
    card_for,
    context,  # noqa: ANN001
) -> None:
    from funneldesk.core import deals, money
    from funneldesk.ui.pipeline.card_look import money as money_text

    customer_id = _customer(context)
    money.add_rate(context.db, {"currency": "CNY", "rate": 0.14, "valid_from": "2026-01-01"})
    for value, currency in ((500, "USD"), (1000, "CNY")):
        deals.create_deal(
            context.db,
            {"title": "Order", "value": value, "currency": currency, "customer_id": customer_id},
        )
    card = card_for(customer_id)
    values = {card.deals.tree.topLevelItem(i).text(3) for i in range(2)}
    assert values == {money_text(500, "USD"), money_text(1000, "CNY")}  # each its own currency
    cny, usd, total = money_text(1000, "CNY"), money_text(500, "USD"), money_text(640, "USD")
    assert card.deals.total.text() == f"Open: {cny} + {usd} ≈ {total}"


def test_the_header_follows_the_name_as_it_is_typed(card_for, qtbot) -> None:  # noqa: ANN001
    card = card_for(None)
    assert card.name_label.text() == "New customer"
    empty_avatar = card.avatar.pixmap().toImage()
    qtbot.keyClicks(card.form.inputs["name"], "Maria Lopez")
    assert card.name_label.text() == "Maria Lopez"
    assert card.windowTitle().startswith("Maria Lopez")
    assert card.avatar.pixmap().toImage() != empty_avatar
    card.form.inputs["name"].clear()
    assert card.name_label.text() == "New customer"


def test_an_existing_card_header_shows_the_edited_name(card_for, context, qtbot) -> None:  # noqa: ANN001
    card = card_for(_customer(context))
    card.form.inputs["name"].setText("Anna Schmidt")
    assert card.name_label.text() == "Anna Schmidt"
    card.form.inputs["name"].clear()
    assert card.name_label.text() == "Anna Müller"  # the saved name while the box is empty


def test_no_preference_category_is_chosen_for_the_user(card_for, context) -> None:  # noqa: ANN001
    card = card_for(_customer(context))
    tab = card.preferences
    assert tab.category.currentIndex() == -1
    assert tab.category.currentText() == ""
    tab.value.setText("Oolong")
    tab.add_preference()  # asks for the category instead of filing it under the first one
    assert context.db.scalar("SELECT COUNT(*) FROM preferences") == 0
    tab.category.hidePopup()
    tab.category.setCurrentIndex(tab.category.findData("drink"))
    tab.add_preference()
    assert context.db.scalar("SELECT category FROM preferences") == "drink"
    assert tab.category.currentData() == "drink"  # kept for the next entry


def test_a_new_card_starts_with_the_last_used_owner_and_completes_known_ones(
    card_for, context
) -> None:  # noqa: ANN001
    assert card_for(None).form.value("owner") == ""  # nobody to guess yet
    _customer(context, owner="Li Wei")
    _customer(context, name="Bob", owner="Sofia Rossi")
    _customer(context, name="Eve")  # a card without an owner does not reset the choice
    card = card_for(None)
    assert card.form.value("owner") == "Sofia Rossi"
    assert not card.is_dirty()  # the default alone is no unsaved edit
    completer = card.form.inputs["owner"].completer()
    completer.setCompletionPrefix("wei")
    assert completer.currentCompletion() == "Li Wei"
    card.form.inputs["name"].setText("Zoe")
    assert card.save()
    assert context.db.scalar("SELECT owner FROM customers WHERE name = 'Zoe'") == "Sofia Rossi"


def test_in_a_team_file_a_new_card_belongs_to_the_member(card_for, context) -> None:  # noqa: ANN001
    _customer(context, owner="Sofia Rossi")
    with context.db.bulk() as conn:
        conn.execute(
            "INSERT INTO sync_state (id, hub, member, device) VALUES (1, 'host=hub', 'Li Wei', 1)"
        )
    assert card_for(None).form.value("owner") == "Li Wei"


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("+8613800138000", "+86 138 0013 8000"),  # a run of digits, grouped
        ("0086 138 0013 8000", "+86 138 0013 8000"),  # the international prefix read
        ("+49 40 2141 6321", None),  # already spaced its own way: no second spelling
        ("+86-138-0013-8000", None),
        ("138 0013 8000", None),  # no country code to check against
    ],
)
def test_the_phone_hint_shows_only_what_the_user_did_not_type(card_for, typed: str, hint) -> None:  # noqa: ANN001
    card = card_for(None)
    card.form.inputs["phone"].setText(typed)
    assert card.form.phone_hint.isVisible() is (hint is not None)
    if hint:
        assert card.form.phone_hint.text() == hint


def test_card_lists_leave_a_gap_between_columns(card_for, context) -> None:  # noqa: ANN001
    from funneldesk.ui.card.record_tab import COLUMN_GAP

    customer_id = _customer(context)
    customers.add_important_date(
        context.db,
        customer_id,
        {"kind": "birthday", "month": 11, "day": 5, "year": 2000, "calendar": "lunar"},
    )
    tree = card_for(customer_id).dates.tree
    for column in range(1, 5):
        assert tree.columnWidth(column) >= tree.sizeHintForColumn(column) + COLUMN_GAP

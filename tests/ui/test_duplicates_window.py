"""Customers ▸ Find duplicates…: the review window lists pairs, merges them undoably, remembers
"not the same person"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QRadioButton

from funneldesk.core import customers
from funneldesk.ui.duplicates.window import DuplicatesWindow


def _customer(context, **values) -> int:  # noqa: ANN001, ANN003
    return customers.create_customer(context.db, values).inserted_ids("customers")[0]


def _count(context) -> int:  # noqa: ANN001
    return context.db.scalar("SELECT COUNT(*) FROM customers")


@pytest.fixture
def window(qtbot, context):  # noqa: ANN001, ANN201
    def build() -> DuplicatesWindow:
        found = DuplicatesWindow(context)
        qtbot.addWidget(found)  # closed (and its reader waited for) after the test
        found.show()
        qtbot.waitUntil(lambda: not found.reader.busy)
        return found

    return build


def _wait_loaded(qtbot, found: DuplicatesWindow) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not found.reader.busy)


def test_lists_pairs_with_their_reasons_and_merges_undoably(qtbot, window, context) -> None:  # noqa: ANN001
    anna = _customer(context, name="Anna Li", email="anna@x.cn", city="Shanghai")
    other = _customer(context, name="Anna", email="ANNA@x.cn", city="Beijing", title="Buyer")
    customers.add_interaction(context.db, other, {"kind": "call", "summary": "first call"})
    _customer(context, name="Bob", email="bob@x.cn")
    found = window()
    assert found.list.topLevelItemCount() == 1
    item = found.list.topLevelItem(0)
    assert (item.text(0), item.text(1), item.text(2)) == ("Anna Li", "Anna", "E-mail")
    assert found.comparison.summary.text() == "Moves onto the kept card: contacts: 1."
    # pick the other card's city for the conflict
    beijing = next(b for b in found.comparison.findChildren(QRadioButton) if b.text() == "Beijing")
    beijing.setChecked(True)
    found.merge()
    card = context.db.query_one("SELECT * FROM customers WHERE id = ?", (anna,))
    assert (card["name"], card["city"], card["title"]) == ("Anna Li", "Beijing", "Buyer")
    assert _count(context) == 2
    assert context.db.scalar("SELECT customer_id FROM interactions") == anna
    _wait_loaded(qtbot, found)
    assert found.list.topLevelItemCount() == 0
    assert found.pages.currentWidget() is found.empty

    context.undo_stack.undo()
    assert _count(context) == 3
    assert context.db.scalar("SELECT customer_id FROM interactions") == other
    _wait_loaded(qtbot, found)
    assert found.list.topLevelItemCount() == 1


def test_keep_the_other_card_swaps_which_one_stays(qtbot, window, context) -> None:  # noqa: ANN001
    first = _customer(context, name="Wang Fang", phone="+86 138 0013 8000")
    second = _customer(context, name="王芳", phone="+8613800138000")
    found = window()
    found.swap_button.click()
    found.merge()
    assert [row[0] for row in context.db.query("SELECT id FROM customers")] == [second]
    assert first != second


def test_not_the_same_person_is_remembered(qtbot, window, context) -> None:  # noqa: ANN001
    _customer(context, name="Li Na", email="li@x.cn")
    _customer(context, name="Li Na", email="LI@x.cn")
    found = window()
    assert found.list.topLevelItemCount() == 1
    found.dismiss_button.click()
    _wait_loaded(qtbot, found)
    assert found.list.topLevelItemCount() == 0
    assert _count(context) == 2
    again = window()
    assert again.list.topLevelItemCount() == 0

"""The deal editor other views open with ``edit_deal``, and the stage editor: every save is
one undoable operation, and mistakes are shown without losing what was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QInputDialog

from funneldesk.core import board, customers, deals
from funneldesk.ui.pipeline.closed_deals import ClosedDealsDialog
from funneldesk.ui.pipeline.deal_dialog import NO_DATE, DealDialog
from funneldesk.ui.pipeline.stage_editor import StageEditor


def _deal_row(context, deal_id: int):  # noqa: ANN001, ANN202
    return context.db.query_one("SELECT * FROM deals WHERE id = ?", (deal_id,))


def _stage_names(context) -> list[str]:  # noqa: ANN001
    rows = context.db.query("SELECT name FROM stages WHERE archived = 0 ORDER BY position")
    return [r[0] for r in rows]


@pytest.fixture
def customer_id(context) -> int:  # noqa: ANN001
    return customers.create_customer(context.db, {"name": "张三", "company": "Acme"}).inserted_ids(
        "customers"
    )[0]


def test_new_deal_for_a_customer_is_saved_in_the_chosen_stage_and_undoable(
    qtbot, context, customer_id
):  # noqa: ANN001
    stages = [r[0] for r in context.db.query("SELECT id FROM stages ORDER BY position")]
    dialog = DealDialog(context, None, customer_id=customer_id, stage_id=stages[2])
    qtbot.addWidget(dialog)
    assert dialog.customer.text() == "张三"
    dialog.title.setText("年度采购合同")
    dialog.value.setValue(88000)
    dialog.currency.setCurrentText("CNY")
    dialog.probability.setValue(70)
    dialog.expected_close.setDate(QDate(2026, 12, 20))
    dialog.owner.setCurrentText("王静")
    dialog.save()
    assert dialog.saved_id is not None
    row = _deal_row(context, dialog.saved_id)
    assert (row["customer_id"], row["stage_id"], row["value"], row["currency"]) == (
        customer_id,
        stages[2],
        88000,
        "CNY",
    )
    assert (row["probability"], row["expected_close"], row["owner"]) == (70, "2026-12-20", "王静")
    context.undo_stack.undo()
    assert _deal_row(context, dialog.saved_id) is None


def test_editing_keeps_other_fields_and_clears_override_and_date(qtbot, context, customer_id):  # noqa: ANN001
    deal_id = deals.create_deal(
        context.db,
        {"title": "Fit-out", "value": 5000, "probability": 40, "expected_close": "2026-12-01"},
    ).inserted_ids("deals")[0]
    dialog = DealDialog(context, board.deal_record(context.db, deal_id))
    qtbot.addWidget(dialog)
    assert dialog.probability.value() == 40
    dialog.probability.setValue(-1)  # "Stage default"
    dialog.expected_close.setDate(NO_DATE)
    dialog.save()
    row = _deal_row(context, deal_id)
    assert (row["title"], row["value"], row["probability"], row["expected_close"]) == (
        "Fit-out",
        5000,
        None,
        None,
    )


def test_missing_title_is_shown_and_nothing_is_saved(qtbot, context):  # noqa: ANN001
    dialog = DealDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.value.setValue(100)
    dialog.save()
    assert dialog.error.isVisible()
    assert "Title" in dialog.error.text()
    assert dialog.isVisible()
    assert context.db.scalar("SELECT COUNT(*) FROM deals") == 0


def test_customer_text_that_matches_no_customer_is_refused(qtbot, context, customer_id):  # noqa: ANN001
    dialog = DealDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("Deal")
    dialog.customer.setText("Nobody at all")
    dialog.save()
    assert dialog.saved_id is None
    assert dialog.error.isVisible()


def test_customer_picker_finds_by_pinyin_initials(qtbot, context, customer_id):  # noqa: ANN001
    dialog = DealDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.customer.setText("zs")
    dialog.customer._search()
    dialog.customer._chosen(dialog.customer._model.stringList()[0])
    assert dialog.customer.customer_id == customer_id


def test_stage_editor_renames_adds_reorders_and_deletes_with_a_destination(
    qtbot, context, monkeypatch
):  # noqa: ANN001
    deal_id = deals.create_deal(context.db, {"title": "In lead"}).inserted_ids("deals")[0]
    editor = StageEditor(context, 1)
    qtbot.addWidget(editor)
    editor.list.setCurrentRow(3)
    editor.name.setText("Quote sent")
    editor._save_name()
    editor.rot_days.setValue(0)
    editor._save({"rot_days": None})
    assert _stage_names(context)[3] == "Quote sent"
    assert context.db.scalar("SELECT rot_days FROM stages WHERE name = 'Quote sent'") is None

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Contract signed", True))
    editor._add_stage()
    assert _stage_names(context)[-1] == "Contract signed"

    order = [s.id for s in editor.stages]
    editor._reorder([order[1], order[0], *order[2:]])
    assert _stage_names(context)[:2] == ["Contacted", "Lead"]

    lead_row = [s.name for s in editor.stages].index("Lead")
    editor.list.setCurrentRow(lead_row)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Quote sent", True))
    editor._delete_stage()
    assert "Lead" not in _stage_names(context)
    moved_to = context.db.scalar(
        "SELECT s.name FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.id = ?", (deal_id,)
    )
    assert moved_to == "Quote sent"
    for _ in range(4):
        context.undo_stack.undo()
    assert _stage_names(context) == [
        "Lead",
        "Contacted",
        "Needs analysis",
        "Quote sent",
        "Negotiation",
    ]


def test_stage_editor_adds_and_renames_pipelines(qtbot, context, monkeypatch):  # noqa: ANN001
    editor = StageEditor(context, 1)
    qtbot.addWidget(editor)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Renewals", True))
    editor._add_pipeline()
    assert editor.pipeline.currentText() == "Renewals"
    assert [s.name for s in editor.stages] == ["Lead", "Proposal", "Negotiation"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Renewals 2027", True))
    editor._rename_pipeline()
    assert (
        context.db.scalar("SELECT name FROM pipelines WHERE id = ?", (editor.pipeline_id,))
        == "Renewals 2027"
    )


def test_closed_deals_list_reopens_a_lost_deal(qtbot, context):  # noqa: ANN001
    deal_id = deals.create_deal(context.db, {"title": "Lost one"}).inserted_ids("deals")[0]
    deals.lose_deals(context.db, [deal_id], "No budget")
    dialog = ClosedDealsDialog(context, 1, deal_id)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 5).text() == "No budget"
    assert dialog.selected_ids() == [deal_id]
    dialog.reopen_selected()
    assert _deal_row(context, deal_id)["status"] == "open"
    assert dialog.table.rowCount() == 0
    context.undo_stack.undo()
    assert _deal_row(context, deal_id)["status"] == "lost"


def test_closed_deals_list_says_how_many_there_are_in_all(qtbot, context, monkeypatch):  # noqa: ANN001
    from funneldesk.ui.pipeline import closed_deals

    ids = [
        deals.create_deal(context.db, {"title": f"Order {i}"}).inserted_ids("deals")[0]
        for i in range(7)
    ]
    deals.lose_deals(context.db, ids, "No budget")
    monkeypatch.setattr(closed_deals, "SHOWN", 5)
    dialog = ClosedDealsDialog(context, 1)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 5
    assert dialog.count.text() == "The newest 5 of 7 closed deals; search to find older ones"
    dialog.search.setText("Order 3")
    dialog.reload()
    assert dialog.table.rowCount() == 1
    assert "1 closed deal" in dialog.count.text()
    dialog.search.setText("Order")
    dialog.reload()
    assert dialog.count.text() == "The newest 5 of 7 matching closed deals"
    monkeypatch.setattr(closed_deals, "SHOWN", 500)
    dialog.search.clear()
    dialog.reload()
    assert dialog.count.text().startswith("7 closed deal")


def test_a_new_deal_belongs_to_its_customers_owner_unless_the_user_says_otherwise(qtbot, context):  # noqa: ANN001
    anna = customers.create_customer(context.db, {"name": "Anna", "owner": "Li Wei"})
    bob = customers.create_customer(context.db, {"name": "Bob", "owner": "Sofia Rossi"})
    anna_id, bob_id = anna.inserted_ids("customers")[0], bob.inserted_ids("customers")[0]
    dialog = DealDialog(context, None, customer_id=anna_id)
    qtbot.addWidget(dialog)
    assert dialog.owner.currentText() == "Li Wei"
    dialog.customer.chosen.emit(bob_id)  # another customer picked: the owner follows
    assert dialog.owner.currentText() == "Sofia Rossi"
    dialog.owner.setCurrentText("Marcus Brown")
    dialog.customer.chosen.emit(anna_id)  # but not over an owner the user typed
    assert dialog.owner.currentText() == "Marcus Brown"
    without_customer = DealDialog(context, None)
    qtbot.addWidget(without_customer)
    assert without_customer.owner.currentText() == "Sofia Rossi"  # the last one used

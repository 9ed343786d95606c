"""The pipeline board as a salesperson uses it: drag a card to another stage and see the totals
change at once, Ctrl+Z puts it back; drops that mean nothing change nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from funneldesk.core import deals
from funneldesk.ui.pipeline import lost_reason
from funneldesk.ui.pipeline.card_look import board_colours, money
from funneldesk.ui.pipeline.column import StageColumn
from funneldesk.ui.pipeline.deal_mime import DEAL_IDS_MIME, decode_deal_ids, encode_deal_ids
from funneldesk.ui.pipeline.lost_reason import LostReason
from funneldesk.ui.pipeline.view import PipelineView
from funneldesk.ui.theme import semantic


def _deal(context, title: str, stage_id: int, value: float = 1000, **values) -> int:  # noqa: ANN001, ANN003
    changes = deals.create_deal(
        context.db, {"title": title, "value": value, **values}, stage_id=stage_id
    )
    return changes.inserted_ids("deals")[0]


def _stage_of(context, deal_id: int) -> int:  # noqa: ANN001
    return context.db.scalar("SELECT stage_id FROM deals WHERE id = ?", (deal_id,))


@pytest.fixture
def stages(context) -> list[int]:  # noqa: ANN001
    return [r[0] for r in context.db.query("SELECT id FROM stages ORDER BY position")]


@pytest.fixture
def seeded(context, stages) -> dict[str, int]:  # noqa: ANN001
    lead, _, _, proposal, negotiation = stages
    return {
        "a": _deal(context, "Annual contract", proposal, 10000),
        "b": _deal(context, "Gift baskets", proposal, 2000),
        "c": _deal(context, "Office fit-out", proposal, 3000),
        "n": _deal(context, "Catering", negotiation, 500),
        "l": _deal(context, "Website", lead, 700),
    }


@pytest.fixture
def view(qtbot, context, seeded):  # noqa: ANN001
    widget = PipelineView(context)
    qtbot.addWidget(widget)
    widget.resize(1500, 900)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.board.wait_for_background()


def _column(view: PipelineView, stage_id: int) -> StageColumn:
    column = view.board.column_of_stage(stage_id)
    assert column is not None
    return column


def _row_point(column: StageColumn, row: int, *, upper: bool = True) -> QPoint:
    rect = column.view.visualRect(column.model.index(row))
    return QPoint(rect.center().x(), rect.top() + 3 if upper else rect.bottom() - 3)


def _drag_to(target: QWidget, ids: list[int], point: QPoint) -> bool:
    """Deliver enter, move and drop to ``target`` as Qt does during a drag; was it accepted?"""
    mime = encode_deal_ids(ids)
    action, buttons, mods = (
        Qt.DropAction.MoveAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, QDragEnterEvent(point, action, mime, buttons, mods))
    QApplication.sendEvent(target, QDragMoveEvent(point, action, mime, buttons, mods))
    drop = QDropEvent(QPointF(point), action, mime, buttons, mods)
    QApplication.sendEvent(target, drop)
    QApplication.processEvents()
    return drop.isAccepted()


def _titles(column: StageColumn) -> list[str]:
    return [column.model.card(row).title for row in range(column.model.rowCount())]


def test_mime_payload_round_trips_and_ignores_foreign_drags():
    mime = encode_deal_ids([3, 14, 15])
    assert mime.hasFormat(DEAL_IDS_MIME)
    assert decode_deal_ids(mime) == [3, 14, 15]
    mime.setData(DEAL_IDS_MIME, b"7,x;DROP TABLE deals,9")
    assert decode_deal_ids(mime) == [7, 9]  # garbage between commas is skipped
    other = encode_deal_ids([1])
    other.removeFormat(DEAL_IDS_MIME)
    other.setText("1")
    assert decode_deal_ids(other) == []


def test_drop_on_another_column_moves_the_deal_and_repaints_both_totals(
    view, context, stages, seeded
):  # noqa: ANN001
    proposal, negotiation = _column(view, stages[3]), _column(view, stages[4])
    assert (proposal.model.totals.count, proposal.model.totals.total) == (3, 15000)
    accepted = _drag_to(negotiation.view.viewport(), [seeded["a"]], _row_point(negotiation, 0))
    assert accepted
    assert _stage_of(context, seeded["a"]) == stages[4]
    history = context.db.query(
        "SELECT from_stage_id, to_stage_id FROM stage_changes WHERE deal_id = ? ORDER BY id",
        (seeded["a"],),
    )
    assert [tuple(r) for r in history][-1] == (stages[3], stages[4])
    assert (proposal.model.totals.count, proposal.model.totals.total) == (2, 5000)
    assert (negotiation.model.totals.count, negotiation.model.totals.total) == (2, 10500)
    assert proposal._count.text() == "2" and negotiation._count.text() == "2"
    assert _titles(negotiation) == ["Annual contract", "Catering"]  # landed where dropped
    assert money(16200, "USD") in view.header._subtitle.text()  # board total still exact
    assert view.board.selected_ids(negotiation) == [seeded["a"]]


class _PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_a_drop_repaints_both_columns_in_the_same_pass(view, stages, seeded):  # noqa: ANN001
    """The column a card left is laid out at once, not on Qt's timer: both columns show the
    move in the same repaint, and the card is never drawn in both."""
    proposal, negotiation = _column(view, stages[3]), _column(view, stages[4])
    for _ in range(3):
        QApplication.processEvents()
    left, gained = (
        _PaintCounter(proposal.view.viewport()),
        _PaintCounter(negotiation.view.viewport()),
    )
    assert _drag_to(negotiation.view.viewport(), [seeded["a"]], _row_point(negotiation, 0))
    assert (left.count, gained.count) == (1, 1)  # one event-loop pass after the drop
    QApplication.processEvents()
    assert (left.count, gained.count) == (1, 1)  # and no second repaint after it


def test_the_dropped_card_is_read_again_and_its_neighbours_stay_as_shown(
    view, context, stages, seeded
):  # noqa: ANN001
    lead, negotiation = _column(view, stages[0]), _column(view, stages[4])
    context.db.conn.execute(  # the lead has waited ten days in its stage
        "UPDATE stage_changes SET changed_at = '2026-01-01T09:00:00Z' WHERE deal_id = ?",
        (seeded["l"],),
    )
    view.board.refresh_all()
    assert lead.model.card(0).days_in_stage > 10
    neighbour = negotiation.model.card(0)
    assert _drag_to(negotiation.view.viewport(), [seeded["l"]], _row_point(negotiation, 0))
    moved = negotiation.model.card(0)
    assert (moved.id, moved.stage_id, moved.days_in_stage) == (seeded["l"], stages[4], 0)
    assert negotiation.model.card(1) is neighbour  # not read again: the move left it as it was
    assert lead.model.rowCount() == 0


def test_undo_of_a_drag_puts_the_deal_back_and_redo_repeats_it(view, context, stages, seeded):  # noqa: ANN001
    proposal, negotiation = _column(view, stages[3]), _column(view, stages[4])
    _drag_to(negotiation.view.viewport(), [seeded["b"]], _row_point(negotiation, 0, upper=False))
    assert _stage_of(context, seeded["b"]) == stages[4]
    context.undo_stack.undo()
    assert _stage_of(context, seeded["b"]) == stages[3]
    assert proposal.model.totals.count == 3 and negotiation.model.totals.count == 1
    assert _titles(proposal) == ["Annual contract", "Gift baskets", "Office fit-out"]
    context.undo_stack.redo()
    assert _stage_of(context, seeded["b"]) == stages[4]
    assert negotiation.model.totals.count == 2


def test_drop_in_the_same_column_only_reorders(view, context, stages, seeded):  # noqa: ANN001
    proposal = _column(view, stages[3])
    history_rows = context.db.scalar("SELECT COUNT(*) FROM stage_changes")
    _drag_to(proposal.view.viewport(), [seeded["c"]], _row_point(proposal, 0))
    assert _titles(proposal) == ["Office fit-out", "Annual contract", "Gift baskets"]
    assert _stage_of(context, seeded["c"]) == stages[3]
    assert context.db.scalar("SELECT COUNT(*) FROM stage_changes") == history_rows
    context.undo_stack.undo()
    assert _titles(proposal) == ["Annual contract", "Gift baskets", "Office fit-out"]


def test_drops_that_mean_nothing_change_nothing(view, context, stages, seeded):  # noqa: ANN001
    proposal = _column(view, stages[3])
    before = [tuple(r) for r in context.db.query("SELECT * FROM deals ORDER BY id")]
    # onto its own place in its own column
    _drag_to(proposal.view.viewport(), [seeded["b"]], _row_point(proposal, 1))
    _drag_to(proposal.view.viewport(), [seeded["b"]], _row_point(proposal, 1, upper=False))
    # onto the board's empty background, outside every column
    background = view.board._strip
    assert not _drag_to(background, [seeded["b"]], QPoint(background.width() - 5, 5))
    # a foreign drag (plain text) on a column
    mime_text = encode_deal_ids([seeded["b"]])
    mime_text.removeFormat(DEAL_IDS_MIME)
    mime_text.setText(str(seeded["b"]))
    drop = QDropEvent(
        QPointF(_row_point(proposal, 0)),
        Qt.DropAction.MoveAction,
        mime_text,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(proposal.view.viewport(), drop)
    assert [tuple(r) for r in context.db.query("SELECT * FROM deals ORDER BY id")] == before
    assert context.undo_stack.count() == 0


def test_same_column_drop_changes_nothing_when_sorted_by_a_key(view, context, stages, seeded):  # noqa: ANN001
    view.filter_bar.sort.setCurrentIndex(view.filter_bar.sort.findData("value"))
    proposal = _column(view, stages[3])
    assert _titles(proposal) == ["Annual contract", "Office fit-out", "Gift baskets"]
    _drag_to(proposal.view.viewport(), [seeded["b"]], _row_point(proposal, 0))
    assert context.undo_stack.count() == 0
    assert _titles(proposal) == ["Annual contract", "Office fit-out", "Gift baskets"]


def test_multi_selection_drags_together(view, context, stages, seeded):  # noqa: ANN001
    proposal, lead = _column(view, stages[3]), _column(view, stages[0])
    assert view.board.select_ids(proposal, [seeded["a"], seeded["c"]], scroll_to=False)
    rows = proposal.view.selected_rows()
    mime = proposal.model.mimeData([proposal.model.index(r) for r in rows])
    ids = decode_deal_ids(mime)
    assert sorted(ids) == sorted([seeded["a"], seeded["c"]])
    _drag_to(lead.view.viewport(), ids, QPoint(20, lead.view.viewport().height() - 5))
    assert {_stage_of(context, d) for d in ids} == {stages[0]}
    assert _titles(lead) == ["Website", "Annual contract", "Office fit-out"]
    context.undo_stack.undo()
    assert {_stage_of(context, d) for d in ids} == {stages[3]}


def test_ctrl_right_and_left_move_to_neighbouring_stages_and_undo(
    qtbot, view, context, stages, seeded
):  # noqa: ANN001
    proposal = _column(view, stages[3])
    view.board.select_ids(proposal, [seeded["b"]], scroll_to=True)
    qtbot.keyClick(proposal.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert _stage_of(context, seeded["b"]) == stages[4]
    negotiation = _column(view, stages[4])
    assert _titles(negotiation)[0] == "Gift baskets"  # on top of the next stage, selected
    assert view.board.selected_ids(negotiation) == [seeded["b"]]
    qtbot.keyClick(negotiation.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(proposal.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert _stage_of(context, seeded["b"]) == stages[2]
    context.undo_stack.undo()
    context.undo_stack.undo()
    assert _stage_of(context, seeded["b"]) == stages[4]


def test_won_zone_appears_while_dragging_and_marks_won(view, context, stages, seeded):  # noqa: ANN001
    board = view.board
    negotiation = _column(view, stages[4])
    assert not board.zones.isVisible()
    mime = encode_deal_ids([seeded["n"]])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(negotiation.view.viewport(), enter)
    assert board.zones.isVisible()
    assert board.zones.geometry().bottom() == board.height() - 1
    assert _drag_to(board.zones.won, [seeded["n"]], QPoint(10, 10))
    assert context.db.scalar("SELECT status FROM deals WHERE id = ?", (seeded["n"],)) == "won"
    assert negotiation.model.totals.count == 0
    assert not board.zones.isVisible()
    context.undo_stack.undo()
    assert context.db.scalar("SELECT status FROM deals WHERE id = ?", (seeded["n"],)) == "open"
    assert negotiation.model.totals.count == 1


def test_lost_zone_asks_a_reason_and_remembers_a_new_one(
    qtbot, view, context, monkeypatch, stages, seeded
):  # noqa: ANN001
    asked = []

    def answer(parent, db, count):  # noqa: ANN001, ANN202
        asked.append(count)
        return LostReason("Went with the cousin's shop", True)

    monkeypatch.setattr(lost_reason, "ask_lost_reason", answer)
    assert _drag_to(view.board.zones.lost, [seeded["a"], seeded["b"]], QPoint(10, 10))
    qtbot.waitUntil(lambda: bool(asked))
    row = context.db.query_one("SELECT status, lost_reason FROM deals WHERE id = ?", (seeded["a"],))
    assert tuple(row) == ("lost", "Went with the cousin's shop")
    assert "Went with the cousin's shop" in lost_reason.reason_choices(context.db)
    assert _column(view, stages[3]).model.totals.count == 1


def test_cancelling_the_lost_reason_keeps_the_deal_open(qtbot, view, context, monkeypatch, seeded):  # noqa: ANN001
    asked = []
    monkeypatch.setattr(lost_reason, "ask_lost_reason", lambda *a: asked.append(a) or None)
    _drag_to(view.board.zones.lost, [seeded["a"]], QPoint(10, 10))
    qtbot.waitUntil(lambda: bool(asked))
    assert context.db.scalar("SELECT status FROM deals WHERE id = ?", (seeded["a"],)) == "open"
    assert context.undo_stack.count() == 0


def test_filters_narrow_the_columns_and_say_so(qtbot, view, context, stages, seeded):  # noqa: ANN001
    view.filter_bar.search.setText("gift")
    qtbot.waitUntil(lambda: view.board.filters.text == "gift")
    assert _titles(_column(view, stages[3])) == ["Gift baskets"]
    assert _column(view, stages[4]).model.totals.count == 0
    assert "gift" in view.header._subtitle.text()
    view.filter_bar.reset()
    assert _column(view, stages[3]).model.totals.count == 3


def test_the_summary_names_a_source_filter_as_the_source_menu_does(view):  # noqa: ANN001
    """The summary line read "source wechat" (the stored code) while the menu says WeChat."""
    from funneldesk.core.board import BoardFilters

    parts = view.filter_bar.describe(BoardFilters(source="wechat"))
    assert parts == ["source WeChat"]
    own = view.filter_bar.describe(BoardFilters(source="Trade fair 2026"))
    assert own == ["source Trade fair 2026"]  # a source the user typed stays as typed


def test_show_payload_selects_and_scrolls_to_the_deal(view, stages, seeded):  # noqa: ANN001
    view.filter_bar.search.setText("catering-not-matching")
    view.filter_bar._emit()
    view.show_payload({"deal_id": seeded["c"]})
    proposal = _column(view, stages[3])
    assert view.board.selected_ids(proposal) == [seeded["c"]]
    assert view.board.filters.text == ""  # a hidden deal clears the filters to be shown


def test_cards_are_painted_by_a_delegate_not_widgets(view, context):  # noqa: ANN001
    lead = view.board.columns[0]
    for index in range(30):
        context.run(deals.create_deal, {"title": f"Extra {index}"}, stage_id=lead.stage.id)
    assert lead.model.totals.count == 31
    widgets = view.findChildren(QWidget)
    assert len(widgets) < 200
    image = view.grab().toImage()
    assert not image.isNull()


def test_card_shortcuts_do_not_fire_while_typing_in_the_search_field(
    qtbot, view, context, stages, seeded
):  # noqa: ANN001
    proposal = _column(view, stages[3])
    view.board.select_ids(proposal, [seeded["a"]], scroll_to=False)
    view.filter_bar.search.setFocus()
    view.filter_bar.search.setText("annual")
    qtbot.keyClick(view.filter_bar.search, Qt.Key.Key_Delete)
    qtbot.keyClick(view.filter_bar.search, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert _stage_of(context, seeded["a"]) == stages[3]
    assert context.undo_stack.count() == 0


def test_every_sort_the_menu_offers_is_one_the_board_query_knows():
    from funneldesk.core.board import SORT_KEYS
    from funneldesk.ui.pipeline.filters import SORT_LABELS

    assert [key for key, _ in SORT_LABELS] == list(SORT_KEYS)


def test_ctrl_enter_opens_the_customer_card_of_the_selected_deal(
    qtbot, view, context, monkeypatch, stages
):  # noqa: ANN001
    from funneldesk.core import customers
    from funneldesk.ui.card import dialog as card_dialog

    customer_id = customers.create_customer(context.db, {"name": "Ana Lima"}).inserted_ids(
        "customers"
    )[0]
    changes = context.run(
        deals.create_deal, {"title": "Lima order", "customer_id": customer_id}, stage_id=stages[1]
    )
    deal_id = changes.inserted_ids("deals")[0]
    opened = []
    monkeypatch.setattr(
        card_dialog, "open_customer_card", lambda parent, ctx, cid: opened.append(cid)
    )
    column = _column(view, stages[1])
    assert view.board.select_ids(column, [deal_id], scroll_to=True)
    qtbot.keyClick(column.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert opened == [customer_id]


def test_card_tooltip_explains_the_lead_score(view, stages, seeded):  # noqa: ANN001
    from types import SimpleNamespace

    column = _column(view, stages[3])
    card = column.model.card(0)
    score = SimpleNamespace(score=72, contributions=[("stage", 18.0), ("days_since_contact", -6.0)])
    text = column.view.delegate.tooltip(card, score)
    assert "Lead score 72" in text
    assert "Stage: +18" in text and "Days since last contact: -6" in text


def test_arrow_keys_walk_across_columns_skipping_empty_ones(qtbot, view, stages, seeded):  # noqa: ANN001
    lead, proposal = _column(view, stages[0]), _column(view, stages[3])
    view.board.select_ids(lead, [seeded["l"]], scroll_to=True)
    qtbot.keyClick(lead.view, Qt.Key.Key_Right)  # Contacted and Needs analysis are empty
    assert view.board.selected_ids(proposal) == [seeded["a"]]
    assert view.board.selected_ids(lead) == []
    qtbot.keyClick(proposal.view, Qt.Key.Key_Left)
    assert view.board.selected_ids(lead) == [seeded["l"]]


def test_show_payload_reaches_a_deal_far_down_a_long_column(view, context, stages):  # noqa: ANN001
    lead = _column(view, stages[0])
    with context.db.operation("seed") as tx:
        ids = [
            deals.insert_deal(tx, {"title": f"Deal {i}"}, stage_id=stages[0]) for i in range(300)
        ]
    view.board.refresh_all()
    assert lead.model.rowCount() < 300  # a window, not the whole column
    view.show_payload({"deal_id": ids[250]})
    assert view.board.selected_ids(lead) == [ids[250]]


def test_cards_know_their_next_step_and_the_filter_finds_deals_without_one(
    qtbot,
    view,
    context,
    stages,
    seeded,  # noqa: ANN001
) -> None:
    from datetime import timedelta

    from funneldesk.core import activities, clock, customers

    anna = customers.create_customer(context.db, {"name": "Anna"}).inserted_ids("customers")[0]
    context.run(deals.update_deal, seeded["b"], {"customer_id": anna})
    yesterday = clock.today() - timedelta(days=1)
    context.run(
        activities.add_activity,
        {"customer_id": anna, "deal_id": seeded["b"], "kind": "call", "due_date": yesterday},
    )
    proposal = _column(view, stages[3])
    card = next(
        proposal.model.card(r) for r in range(3) if proposal.model.card(r).id == seeded["b"]
    )
    assert (card.next_kind, card.next_date) == ("call", yesterday.isoformat())
    delegate = proposal.view.itemDelegate()
    icon_name, _text, colour = delegate._next_step(card, board_colours(proposal.palette()))
    assert icon_name == "phone-outline" and colour == semantic("overdue")  # red: overdue
    plain = next(
        proposal.model.card(r) for r in range(3) if proposal.model.card(r).id == seeded["a"]
    )
    assert delegate._next_step(plain, board_colours(proposal.palette()))[0] == "calendar-question"
    assert "No next step planned" in delegate.tooltip(plain, None)

    view.filter_bar.no_next_step.setChecked(True)
    qtbot.waitUntil(lambda: view.board.filters.no_next_step)
    assert _titles(proposal) == ["Annual contract", "Office fit-out"]
    assert "no next step" in view.header._subtitle.text()


def test_the_first_paint_already_weighs_with_the_learned_probabilities(
    qtbot,
    context,
    stages,  # noqa: ANN001
) -> None:
    """30 closed Lead deals, 6 won: Lead's learned 20 % replaces its configured 10 % before
    anything else runs, so the board never shows a figure that jumps a moment later — and
    it is the funnel's figure, whatever period the funnel shows."""
    from funneldesk.core.funnel_statistics import compute_funnel

    lead = stages[0]
    for index in range(30):
        deal_id = _deal(context, f"Closed {index}", lead)
        if index < 6:
            deals.win_deals(context.db, [deal_id])
        else:
            deals.lose_deals(context.db, [deal_id], "No budget")
    _deal(context, "Still open", lead, 1000)
    widget = PipelineView(context)
    qtbot.addWidget(widget)
    assert widget.board.totals[lead].weighted == pytest.approx(1000 * 0.20)  # no event loop yet
    funnel = compute_funnel(context.db, since="2001-01-01", until="2001-12-31")
    assert funnel.stages[0].weighted_value == pytest.approx(widget.board.totals[lead].weighted)
    widget.board.wait_for_background()


def test_the_header_counts_one_open_deal_in_the_singular(qtbot, context, stages) -> None:  # noqa: ANN001
    _deal(context, "Only one", stages[0], 1000)
    widget = PipelineView(context)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.header._subtitle.text().startswith("1 open deal ·"))

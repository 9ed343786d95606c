"""Moving, winning, losing and reopening deals: the deal row, its history, and undo/redo."""

from __future__ import annotations

import pytest

from funneldesk.core import deals, pipelines
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.recorder import revert


def _stages(db: Database) -> list[int]:
    return [r[0] for r in db.query("SELECT id FROM stages WHERE archived = 0 ORDER BY position")]


def _new_deal(db: Database, title: str = "Office fit-out", **values: object) -> int:
    return deals.create_deal(db, {"title": title, **values}).inserted_ids("deals")[0]


def _history(db: Database, deal_id: int) -> list[tuple[int | None, int]]:
    rows = db.query(
        "SELECT from_stage_id, to_stage_id FROM stage_changes WHERE deal_id = ? ORDER BY id",
        (deal_id,),
    )
    return [(r[0], r[1]) for r in rows]


def _deal(db: Database, deal_id: int) -> dict:
    return dict(db.query_one("SELECT * FROM deals WHERE id = ?", (deal_id,)))


def test_new_deal_enters_first_stage_with_one_history_row(db: Database):
    lead = _stages(db)[0]
    deal_id = _new_deal(db)
    assert _deal(db, deal_id)["stage_id"] == lead
    assert _history(db, deal_id) == [(None, lead)]


def test_move_updates_stage_and_writes_one_history_row_per_deal(db: Database):
    lead, _, _, proposal = _stages(db)[:4]
    first, second = _new_deal(db, "A"), _new_deal(db, "B")
    changes = deals.move_deals(db, [first, second], proposal)
    for deal_id in (first, second):
        assert _deal(db, deal_id)["stage_id"] == proposal
        assert _history(db, deal_id) == [(None, lead), (lead, proposal)]
    assert len(changes.changes("stage_changes")) == 2


def test_undo_of_a_move_restores_stage_and_history_and_redo_repeats_it(db: Database):
    lead, contacted = _stages(db)[:2]
    deal_id = _new_deal(db)
    moved = deals.move_deals(db, [deal_id], contacted)
    undone = revert(db, moved)
    assert _deal(db, deal_id)["stage_id"] == lead
    assert _history(db, deal_id) == [(None, lead)]
    revert(db, undone)
    assert _deal(db, deal_id)["stage_id"] == contacted
    assert _history(db, deal_id) == [(None, lead), (lead, contacted)]


def test_reorder_within_a_column_writes_no_history(db: Database):
    lead = _stages(db)[0]
    a, b, c = (_new_deal(db, t) for t in "ABC")
    deals.move_deals(db, [c], lead, position=0.5)
    order = [r[0] for r in db.query("SELECT id FROM deals ORDER BY board_position")]
    assert order == [c, a, b]
    assert _history(db, c) == [(None, lead)]


def test_multi_deal_drop_between_two_cards_stays_between_them(db: Database):
    lead, contacted = _stages(db)[:2]
    top, bottom = _new_deal(db, "Top"), _new_deal(db, "Bottom")
    deals.move_deals(db, [top, bottom], contacted)
    moving = [_new_deal(db, f"M{i}") for i in range(5)]
    positions = {d: _deal(db, d)["board_position"] for d in (top, bottom)}
    middle = (positions[top] + positions[bottom]) / 2
    deals.move_deals(db, moving, contacted, position=middle)
    order = [
        r[0]
        for r in db.query(
            "SELECT id FROM deals WHERE stage_id = ? ORDER BY board_position", (contacted,)
        )
    ]
    assert order == [top, *moving, bottom]


def test_win_records_status_and_close_time_without_history_row(db: Database):
    deal_id = _new_deal(db)
    deals.win_deals(db, [deal_id])
    row = _deal(db, deal_id)
    assert row["status"] == "won" and row["closed_at"]
    assert len(_history(db, deal_id)) == 1


def test_lose_keeps_reason_and_remembers_a_new_one_until_undone(db: Database):
    deal_id = _new_deal(db)
    changes = deals.lose_deals(db, [deal_id], "Chose a cheaper supplier", remember=True)
    assert _deal(db, deal_id)["lost_reason"] == "Chose a cheaper supplier"
    assert deals.remembered_lost_reasons(db) == ["Chose a cheaper supplier"]
    revert(db, changes)
    assert _deal(db, deal_id)["status"] == "open"
    assert deals.remembered_lost_reasons(db) == []


def test_reopen_puts_a_closed_deal_back_in_its_last_stage(db: Database):
    _, contacted = _stages(db)[:2]
    deal_id = _new_deal(db)
    deals.move_deals(db, [deal_id], contacted)
    deals.lose_deals(db, [deal_id], "Budget")
    reopened = deals.reopen_deals(db, [deal_id])
    row = _deal(db, deal_id)
    assert (row["status"], row["stage_id"], row["lost_reason"], row["closed_at"]) == (
        "open",
        contacted,
        None,
        None,
    )
    revert(db, reopened)
    assert _deal(db, deal_id)["status"] == "lost"


def test_closed_deal_cannot_be_moved_until_reopened(db: Database):
    deal_id = _new_deal(db)
    deals.win_deals(db, [deal_id])
    with pytest.raises(ValidationError):
        deals.move_deals(db, [deal_id], _stages(db)[2])
    assert len(_history(db, deal_id)) == 1


def test_deal_cannot_move_into_another_pipeline(db: Database):
    other = pipelines.create_pipeline(db, "Renewals", ["Due"]).inserted_ids("stages")[0]
    deal_id = _new_deal(db)
    with pytest.raises(ValidationError):
        deals.move_deals(db, [deal_id], other)


def test_deleting_a_stage_moves_its_deals_and_history_keeps_the_old_stage(db: Database):
    lead, contacted = _stages(db)[:2]
    deal_id = _new_deal(db)
    with pytest.raises(ValidationError):
        pipelines.delete_stage(db, lead, None)
    pipelines.delete_stage(db, lead, contacted)
    assert _deal(db, deal_id)["stage_id"] == contacted
    assert _history(db, deal_id) == [(None, lead), (lead, contacted)]
    assert db.scalar("SELECT archived FROM stages WHERE id = ?", (lead,)) == 1


def test_rename_and_reorder_keep_history_pointing_at_the_same_stages(db: Database):
    stages = _stages(db)
    deal_id = _new_deal(db)
    deals.move_deals(db, [deal_id], stages[3])
    pipelines.update_stage(db, stages[3], {"name": "Quote sent"})
    pipelines.reorder_stages(db, 1, list(reversed(stages)))
    names = db.query(
        "SELECT s.name FROM stage_changes sc JOIN stages s ON s.id = sc.to_stage_id "
        "WHERE sc.deal_id = ? ORDER BY sc.id",
        (deal_id,),
    )
    assert [r[0] for r in names] == ["Lead", "Quote sent"]


def test_edit_of_a_deal_is_undoable(db: Database):
    deal_id = _new_deal(db, value=1000)
    edit = deals.update_deal(db, deal_id, {"value": "2,500", "probability": 70, "owner": "王静"})
    assert (_deal(db, deal_id)["value"], _deal(db, deal_id)["owner"]) == (2500.0, "王静")
    revert(db, edit)
    assert (_deal(db, deal_id)["value"], _deal(db, deal_id)["probability"]) == (1000.0, None)

"""The idle rule (docs/activities.md): open, and untouched for longer than the stage's rot_days."""

from __future__ import annotations

from datetime import date

from funneldesk.core import customers, deals
from funneldesk.core.db import Database
from funneldesk.core.idle import idle_deal_ids, idle_deals


def _stage_ids(db: Database) -> list[int]:
    return [r[0] for r in db.query("SELECT id FROM stages WHERE archived = 0 ORDER BY position")]


def _deal_created(db: Database, title: str, created_at: str, stage_id: int) -> int:
    with db.operation("seed") as tx:
        return deals.insert_deal(tx, {"title": title}, stage_id=stage_id, created_at=created_at)


def test_deal_untouched_longer_than_rot_days_is_idle_and_exactly_rot_days_is_not(db: Database):
    lead = _stage_ids(db)[0]  # rot_days 14 in a new database
    old = _deal_created(db, "Old", "2026-11-10T09:00:00Z", lead)
    borderline = _deal_created(db, "Borderline", "2026-11-11T09:00:00Z", lead)
    assert idle_deal_ids(db, date(2026, 11, 25)) == [old]
    assert borderline not in idle_deal_ids(db, "2026-11-25")
    assert idle_deals(db, "2026-11-25")[0].days_idle == 15


def test_linked_interaction_or_stage_change_wakes_a_deal_up(db: Database):
    lead, contacted = _stage_ids(db)[:2]
    customer = customers.create_customer(db, {"name": "Ana"}).inserted_ids("customers")[0]
    talked = _deal_created(db, "Talked", "2026-10-01T09:00:00Z", lead)
    moved = _deal_created(db, "Moved", "2026-10-01T09:00:00Z", lead)
    quiet = _deal_created(db, "Quiet", "2026-10-01T09:00:00Z", lead)
    customers.add_interaction(
        db, customer, {"deal_id": talked, "kind": "call", "occurred_at": "2026-11-20T10:00:00Z"}
    )
    deals.move_deals(db, [moved], contacted)
    assert idle_deal_ids(db, "2026-11-25") == [quiet]


def test_closed_deals_and_stages_without_rot_days_are_never_idle(db: Database):
    lead, contacted = _stage_ids(db)[:2]
    won = _deal_created(db, "Won", "2026-01-01T09:00:00Z", lead)
    _deal_created(db, "Never", "2026-01-01T09:00:00Z", contacted)
    db.conn.execute("UPDATE stages SET rot_days = NULL WHERE id = ?", (contacted,))
    deals.win_deals(db, [won])
    assert idle_deal_ids(db, "2026-11-25") == []


def test_idle_deals_can_be_limited_to_one_pipeline(db: Database):
    from funneldesk.core import pipelines

    changes = pipelines.create_pipeline(db, "Renewals", ["Due"])
    other_stage = changes.inserted_ids("stages")[0]
    db.conn.execute("UPDATE stages SET rot_days = 5 WHERE id = ?", (other_stage,))
    first = _deal_created(db, "Main", "2026-01-01T09:00:00Z", _stage_ids(db)[0])
    second = _deal_created(db, "Renewal", "2026-01-01T09:00:00Z", other_stage)
    main_pipeline = db.scalar("SELECT pipeline_id FROM deals WHERE id = ?", (first,))
    assert idle_deal_ids(db, "2026-11-25", main_pipeline) == [first]
    assert set(idle_deal_ids(db, "2026-11-25")) == {first, second}

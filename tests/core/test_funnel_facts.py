"""The derived tables of ``core/funnel_facts.py`` stay equal to a fresh derivation.

Whatever writes the file — an operation, its undo, a bulk job, or somebody's SQLite tool
with plain SQL — the triggers must leave ``deal_facts``, ``stage_visits`` and
``activity_days`` exactly as :func:`funnel_facts.rebuild` would compute them.
"""

from __future__ import annotations

import sqlite3

import pytest

from funneldesk.core import customers, deals, funnel_facts, pipelines
from funneldesk.core.db import Database
from funneldesk.core.recorder import revert


def consistent(db: Database) -> bool:
    return funnel_facts.differences(db.conn) == {}


@pytest.fixture
def shop(db: Database) -> Database:
    """Two customers with owners, three deals with history, contacts with durations."""
    stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    ann = customers.create_customer(db, {"name": "Ann", "owner": "Kim", "source": "referral"})
    bob = customers.create_customer(db, {"name": "张三", "owner": "Lee", "source": "wechat"})
    ann_id, bob_id = ann.inserted_ids("customers")[0], bob.inserted_ids("customers")[0]
    first = deals.create_deal(db, {"title": "Tea", "customer_id": ann_id, "owner": "Max"})
    second = deals.create_deal(db, {"title": "Cups", "customer_id": ann_id})
    third = deals.create_deal(db, {"title": "Pot", "customer_id": bob_id, "owner": "Kim"})
    tea, cups, pot = (c.inserted_ids("deals")[0] for c in (first, second, third))
    deals.move_deals(db, [tea], stages[2])
    deals.move_deals(db, [cups, pot], stages[1])
    deals.win_deals(db, [pot])
    contacts = [
        (ann_id, tea, "positive", 30),
        (ann_id, None, "neutral", 12.5),
        (ann_id, cups, "positive", None),
        (bob_id, pot, "negative", 45),
        (bob_id, None, "positive", 60),
    ]
    for customer, deal, outcome, minutes in contacts:
        customers.add_interaction(
            db,
            customer,
            {
                "kind": "call",
                "occurred_at": "2026-03-02T10:00:00Z",
                "deal_id": deal,
                "outcome": outcome,
                "duration_min": minutes,
            },
        )
    return db


def test_a_new_file_has_the_tables_and_they_are_consistent(db: Database) -> None:
    assert consistent(db)
    names = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(funnel_facts.TRIGGERS) <= names


def test_operations_keep_the_tables_consistent(shop: Database) -> None:
    assert consistent(shop)
    assert shop.scalar("SELECT COUNT(*) FROM deal_facts") == 3
    assert shop.scalar("SELECT SUM(interactions) FROM activity_days") == 5


def test_contacts_follow_owner_changes_of_deals_and_customers(shop: Database) -> None:
    def by_owner() -> dict[str, int]:
        rows = shop.query("SELECT owner, SUM(interactions) FROM activity_days GROUP BY owner")
        return {r[0]: r[1] for r in rows}

    # Tea's owner is Max; Cups has no owner, so its contact counts for Ann's owner Kim.
    assert by_owner() == {"Max": 1, "Kim": 3, "Lee": 1}
    tea = shop.scalar("SELECT id FROM deals WHERE title = 'Tea'")
    change = deals.update_deal(shop, tea, {"owner": None})
    assert by_owner() == {"Kim": 4, "Lee": 1} and consistent(shop)
    ann = shop.scalar("SELECT id FROM customers WHERE name = 'Ann'")
    customers.update_customer(shop, ann, {"owner": "Zoe"})
    assert by_owner() == {"Zoe": 3, "Kim": 1, "Lee": 1} and consistent(shop)
    revert(shop, change)
    assert by_owner() == {"Zoe": 2, "Max": 1, "Kim": 1, "Lee": 1} and consistent(shop)


def test_deleting_and_undoing_keeps_the_tables_consistent(shop: Database) -> None:
    ann = shop.scalar("SELECT id FROM customers WHERE name = 'Ann'")
    pot = shop.scalar("SELECT id FROM deals WHERE title = 'Pot'")
    changes = [
        customers.delete_customer(shop, ann, keep_deals=True),
        deals.delete_deals(shop, [pot]),
    ]
    assert consistent(shop)
    assert shop.scalar("SELECT COUNT(*) FROM deal_facts") == 2
    for change in reversed(changes):
        redo = revert(shop, change)
        assert consistent(shop)
        revert(shop, redo)
        assert consistent(shop)
        revert(shop, revert(shop, redo))
    assert consistent(shop)


def test_plain_sql_from_another_tool_keeps_the_tables_consistent(shop: Database) -> None:
    """What a user might do in an SQLite browser: foreign keys on, no FunnelDesk code."""
    conn = sqlite3.connect(shop.path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    statements = [
        "UPDATE deals SET status = 'lost', closed_at = '2026-04-01T08:00:00Z' WHERE title = 'Cups'",
        "UPDATE stage_changes SET changed_at = '2026-01-01T00:00:00Z' WHERE id = 1",
        "UPDATE interactions SET deal_id = NULL WHERE outcome = 'negative'",
        "UPDATE customers SET source = 'web' WHERE name = 'Ann'",
        "DELETE FROM deals WHERE title = 'Tea'",  # history cascades, contacts are unlinked
        "DELETE FROM customers WHERE name = '张三'",  # its contacts cascade, its deal unlinked
        "INSERT INTO interactions (customer_id, kind, occurred_at, duration_min) "
        "SELECT id, 'visit', '2026-05-05T05:05:05Z', 90 FROM customers",
    ]
    for statement in statements:
        conn.execute(statement)
        assert consistent(shop), statement
    conn.close()


def test_moving_back_and_deleting_a_stage_keep_history_consistent(db: Database) -> None:
    stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    deal_id = deals.create_deal(db, {"title": "Lamp"}).inserted_ids("deals")[0]
    deals.move_deals(db, [deal_id], stages[3])
    deals.move_deals(db, [deal_id], stages[1])
    assert db.scalar(
        "SELECT stages FROM stage_paths JOIN deal_facts ON path_id = stage_paths.id"
    ) == ",".join(str(s) for s in sorted(stages[i] for i in (0, 1, 3)))
    pipelines.delete_stage(db, stages[1], stages[2])
    assert consistent(db)


def test_suspended_rebuilds_once_and_a_rollback_keeps_the_triggers(db: Database) -> None:
    with db.bulk() as conn, funnel_facts.suspended(conn):
        conn.execute(
            "INSERT INTO deals (pipeline_id, stage_id, title, created_at, updated_at) "
            "VALUES (1, 1, 'Bulk', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
        )
        assert db.conn.execute("SELECT COUNT(*) FROM deal_facts").fetchone()[0] == 0
    assert db.scalar("SELECT COUNT(*) FROM deal_facts") == 1 and consistent(db)
    with pytest.raises(RuntimeError), db.bulk() as conn, funnel_facts.suspended(conn):
        raise RuntimeError("interrupted")
    triggers = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(funnel_facts.TRIGGERS) <= triggers


def test_differences_notices_a_table_that_went_wrong(shop: Database) -> None:
    with shop.bulk() as conn:
        conn.execute("UPDATE deal_facts SET status = 1 WHERE status = 2")
        conn.execute("DELETE FROM stage_visits WHERE id = 1")
    # A changed row is one missing and one extra row; a lost row is one missing row.
    assert funnel_facts.differences(shop.conn) == {"deal_facts": 2, "stage_visits": 1}
    with shop.bulk() as conn:
        funnel_facts.rebuild(conn)
    assert consistent(shop)
